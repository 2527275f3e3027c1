/* train.h — the `newsgraph train` subcommand: reads gold mentions (re3d split
 * folders, IOB2 files), trains the mention tagger (nlp/tagger.h) and writes
 * the model file. Called by main.c; owns nothing after it returns. */
#ifndef NG_CLI_TRAIN_H
#define NG_CLI_TRAIN_H

/* Runs `newsgraph train`; argv[0] is the word "train". Returns the exit
 * status: 0 success, 1 some inputs could not be read (reported, skipped),
 * 2 usage error or the model could not be written. */
int ng_cli_train(int argc, char **argv);

#endif
