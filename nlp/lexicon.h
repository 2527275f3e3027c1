/* lexicon.h — the name lists newsgraph recognises actors with.
 *
 * The data are the files under nlp/lexicon/ (each with a `# source:` note),
 * embedded into the binary at build time (embed.py) and optionally replaced
 * by a directory given at run time. Entity files (countries, organizations,
 * places, bases, platforms, weapons) hold one entity a line:
 *     canonical<TAB>key=v1|v2<TAB>key=...
 * with keys alias, demonym, capital, seat, wd, country, parent, near,
 * operator, kind, org. titles.tsv holds office titles in the same format;
 * plain word lists (honorifics, given names, sentence-initial words,
 * abbreviations) hold one item a line; org_cues.tsv maps head/first words of
 * unknown names to a class; relations.tsv holds relation trigger patterns.
 *
 * Lookup is by token sequence: a surface form's key is its tokens joined by
 * single spaces, with ’ folded to '. Aliases written in lower case match
 * case-insensitively and in plural. The lexicon is immutable once loaded and
 * may be shared by threads. */
#ifndef NG_NLP_LEXICON_H
#define NG_NLP_LEXICON_H

#include "graph/diag.h"
#include "graph/graph.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ng_lex_file {
  const char *name;
  const char *data;
  size_t len;
} ng_lex_file;

extern const ng_lex_file ng_lex_embedded[]; /* terminated by {0} */

/* How a surface form names its entry. */
typedef enum {
  NG_LEX_NAME,    /* the entity's name or an alias */
  NG_LEX_DEMONYM, /* "Russian" -> Russia (a Nationality mention) */
  NG_LEX_CAPITAL, /* "Moscow" -> Russia when used as an actor */
  NG_LEX_SEAT,    /* "Kremlin" -> Russia */
  NG_LEX_TITLE    /* an office title ("Foreign Minister") */
} ng_lex_role;

typedef enum {
  NG_LEX_KIND_ENTITY, /* entity entries */
  NG_LEX_KIND_TITLE   /* office titles */
} ng_lex_kind;

typedef struct ng_lex_entry {
  ng_lex_kind kind;
  ng_class cls;      /* for entities */
  char *canonical;
  char *wikidata;    /* "Q159" or NULL */
  char *country;     /* canonical country name or NULL */
  char *parent;      /* canonical parent organisation or NULL */
  char *near;        /* bases: nearest place */
  char *operator_;   /* bases: operator */
  char *subkind;     /* kind= value ("ministry", "armedgroup", "head", ...) */
  char *org;         /* titles: the body the office belongs to */
  uint32_t id;       /* index in the lexicon */
} ng_lex_entry;

typedef struct ng_lex_hit {
  uint32_t entry;
  ng_lex_role role;
} ng_lex_hit;

typedef struct ng_lexicon ng_lexicon;

/* Loads the embedded lexicon (dir NULL) or the files of directory dir.
 * Problems are reported to d (NG-040); returns NULL only if nothing could be
 * loaded. Free with ng_lex_free. */
ng_lexicon *ng_lex_load(const char *dir, ng_diag *d);
void ng_lex_free(ng_lexicon *lx);

size_t ng_lex_count(const ng_lexicon *lx);
const ng_lex_entry *ng_lex_entry_at(const ng_lexicon *lx, uint32_t id);
/* Entity entry of class c with this canonical name, or NULL. */
const ng_lex_entry *ng_lex_find_canonical(const ng_lexicon *lx, ng_class c,
                                          const char *canonical);

/* Longest lexicon match starting at token i of the token texts words[0..n)
 * (each a span into the document). Returns the number of tokens matched
 * (0 = none) and fills up to max_hits hits (*n_hits). Capitalised aliases
 * match exactly; lower-case aliases match any case and plural forms. */
typedef struct ng_span {
  const char *p;
  size_t n;
  /* word hashes (exact and lower-cased form) filled by ng_lex_hash_words;
   * 0 = not computed yet, ng_lex_match then computes them itself */
  uint64_t hx, hl;
  /* filled by ng_lex_prepare: false if no alias can start with this word
   * (ng_lex_match would return 0 at it); true says nothing */
  bool start;
} ng_span;

/* Computes the word hashes of words[0..n) once, so that matching at every
 * token of a document hashes each word once instead of once per probe. */
void ng_lex_hash_words(ng_span *words, size_t n);
/* As ng_lex_hash_words, and also sets each word's start flag from the
 * lexicon's first-word filter, so that a caller trying a match at every
 * token can skip most tokens without a call. */
void ng_lex_prepare(const ng_lexicon *lx, ng_span *words, size_t n);
/* As ng_lex_prepare for the n tokens tok[0..n) of text, filling words[i].p
 * and .n from them first (one pass instead of two). */
struct ng_token;
void ng_lex_prepare_tokens(const ng_lexicon *lx, ng_span *words, const char *text,
                           const struct ng_token *tok, size_t n);
/* The word hash used for those (’ folded to ', ASCII lower-cased if lower);
 * never 0. Other closed word lists may key their tables with it. */
uint64_t ng_lex_word_hash(const char *w, size_t n, bool lower);

size_t ng_lex_match(const ng_lexicon *lx, const ng_span *words, size_t n,
                    size_t i, ng_lex_hit *hits, size_t max_hits, size_t *n_hits);

/* Single-token lookups on word lists. */
bool ng_lex_is_honorific(const ng_lexicon *lx, const char *w, size_t n);
bool ng_lex_is_given_name(const ng_lexicon *lx, const char *w, size_t n);
bool ng_lex_is_stop_cap(const ng_lexicon *lx, const char *w, size_t n);
/* religious, ethnic and political group words (groups.txt: "Yazidis", "Sunni") */
bool ng_lex_is_group(const ng_lexicon *lx, const char *w, size_t n);
/* Class signalled by an unknown name's head (last) or first word; returns
 * false if the word is no cue. head=true asks about the last word. */
bool ng_lex_cue(const ng_lexicon *lx, const char *w, size_t n, bool head,
                ng_class *cls);

/* All the closed word lists above that a word is on, from one table look-up
 * (a recogniser asking several of them about the same token pays once),
 * packed in 24 bits (the top 8 are never set, free for callers): NG_LEX_W_*
 * flags, and the class a head or first word cue signals. */
enum {
  NG_LEX_W_HONORIFIC = 1 << 0,
  NG_LEX_W_GIVEN = 1 << 1,
  NG_LEX_W_STOPCAP = 1 << 2,
  NG_LEX_W_GROUP = 1 << 3,
  NG_LEX_W_CUE_HEAD = 1 << 4,  /* NG_LEX_W_HEAD_CLASS is set */
  NG_LEX_W_CUE_FIRST = 1 << 5  /* NG_LEX_W_FIRST_CLASS is set */
};
#define NG_LEX_W_HEAD_CLASS(v) ((ng_class)((v) >> 8 & 0xFF))
#define NG_LEX_W_FIRST_CLASS(v) ((ng_class)((v) >> 16 & 0xFF))
uint32_t ng_lex_word_lists(const ng_lexicon *lx, const char *w, size_t n);

/* Relation trigger patterns (relations.tsv), exposed for relate.c. */
typedef struct ng_lex_pattern {
  ng_pred pred;
  char *frame;   /* "S V O", "O V-pass by S", ... see relations.tsv */
  char **words;  /* trigger words (lower case), NULL-terminated */
  size_t n_words;
  bool reverse;  /* object and subject swap */
} ng_lex_pattern;

size_t ng_lex_patterns(const ng_lexicon *lx, const ng_lex_pattern **out);

#endif
