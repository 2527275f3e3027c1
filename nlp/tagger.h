/* tagger.h — a statistical sequence tagger for mentions: an averaged
 * perceptron over BILOU tags with hashed features (word, lower-case word,
 * shape, prefixes and suffixes, lexicon hits, neighbouring words and the
 * previous tags), decoded greedily left to right in one pass per sentence.
 *
 * It complements the rules in ner.c: it learns the annotation style of a
 * gold standard (what spans look like, which unknown capitalised names are
 * organisations) from data instead of code. The model is a file: trained by
 * `newsgraph train`, committed under nlp/model/, embedded into the binary at
 * build time (like the lexicon), and readable from a path at run time.
 *
 * Labels are the re3d mention types (ng_mtype) in BILOU encoding:
 * label 0 = O, then for type t: 1 + 4*t + {0:B, 1:I, 2:L, 3:U}.
 * The tagger is immutable once loaded and may be shared by threads. */
#ifndef NG_NLP_TAGGER_H
#define NG_NLP_TAGGER_H

#include "graph/diag.h"
#include "graph/graph.h"
#include "nlp/lexicon.h"
#include "nlp/tok.h"

#include <stddef.h>
#include <stdint.h>

#define NG_TAG_LABELS (1 + 4 * NG_MT_COUNT)

typedef struct ng_tagger ng_tagger;

/* A model from memory (the embedded one: ng_tagger_embedded / _len, NULL if
 * none was built in) or from a file. NULL on a malformed model, reported to d. */
ng_tagger *ng_tagger_load_memory(const void *data, size_t len, ng_diag *d);
ng_tagger *ng_tagger_load_file(const char *path, ng_diag *d);
void ng_tagger_free(ng_tagger *tg);
extern const unsigned char ng_tagger_embedded[];
extern const size_t ng_tagger_embedded_len;

/* A span the tagger found: tokens [tb, te) of type `type`, with a score. */
typedef struct ng_tag_span {
  uint32_t tb, te;
  ng_mtype type;
  float score;
} ng_tag_span;

/* Tags text (tokens t) and returns the spans (caller frees *out with free()).
 * lx supplies lexicon features and may be NULL. Linear in the text. */
size_t ng_tagger_tag(const ng_tagger *tg, const ng_lexicon *lx, const char *text,
                     const ng_tokens *t, ng_tag_span **out);

/* Training data: one sentence = tokens plus gold labels (BILOU as above). */
typedef struct ng_train_sent {
  char **words;      /* token texts (owned by the caller) */
  uint8_t *labels;   /* gold labels */
  size_t n;
} ng_train_sent;

/* Trains an averaged perceptron for `epochs` passes over sents (shuffled with
 * a fixed seed, so training is reproducible) and writes the model to path.
 * Returns 0 or NG_E_IO. */
int ng_tagger_train(const ng_train_sent *sents, size_t n, const ng_lexicon *lx,
                    unsigned epochs, unsigned seed, const char *path, ng_diag *d);

#endif
