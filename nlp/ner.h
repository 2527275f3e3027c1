/* ner.h — entity recognition: mentions of actors and other things in one
 * document's tokens.
 *
 * Three passes over each sentence: (1) lexicon matches (longest first), with
 * context deciding between a capital as place or as its country's actor, and
 * NATO reporting names that are ordinary words ("Hip", "Hind") needing a
 * platform word nearby; (2) unknown capitalised names, classified by cues:
 * an honorific or office title before the name means a person, a head word
 * such as "Ministry"/"Front"/"Army" an organisation, a given name first a
 * person, "in"/"near" before a single word a place; (3) dates, quantities and
 * money by shape.
 *
 * Mentions are owned by the ng_ments vector (free with ng_ments_free); their
 * offsets are bytes into the document text. */
#ifndef NG_NLP_NER_H
#define NG_NLP_NER_H

#include "graph/graph.h"
#include "nlp/lexicon.h"
#include "nlp/tok.h"

#include <stdint.h>

enum {
  NG_M_DEMONYM = 1 << 0,   /* a demonym ("Russian"): Nationality of a country */
  NG_M_METONYM = 1 << 1,   /* a capital or seat used for its country */
  NG_M_HONORIFIC = 1 << 2, /* preceded by Mr./Gen./... */
  NG_M_TITLED = 1 << 3,    /* preceded by an office title */
  NG_M_SURNAME = 1 << 4,   /* a lone word that may be a surname (resolve) */
  NG_M_ACRONYM = 1 << 5,   /* all capitals */
  NG_M_UNKNOWN = 1 << 6,   /* not from the lexicon */
  NG_M_PLURAL_COMMON = 1 << 7, /* lower-case common noun ("howitzers") */
  NG_M_THE = 1 << 9,       /* came after "the": an organisation if no person binds */
  NG_M_DESCRIPTION = 1 << 10, /* an office title standing for a person ("the Foreign Secretary") */
  NG_M_PRONOUN = 1 << 11,  /* I, he, she, we: a mention, but no node of its own */
  NG_M_GUESS = 1 << 12,    /* with NG_M_SURNAME: a lone capitalised word inside a
                              sentence with nothing around it that says person;
                              kept only if some article names a person of that
                              surname (resolve.h) */
  NG_M_WEAK = 1 << 8       /* a guess (a lone capitalised first word of a
                              sentence): resolution keeps it only if it binds
                              to a person named in the article */
};

typedef struct ng_ment {
  uint32_t tb, te;        /* token range of the name itself */
  uint32_t begin, end;    /* bytes of the reported span (may include "the"/title) */
  uint32_t nbegin, nend;  /* bytes of the name */
  ng_mtype type;          /* NG_MT_COUNT marks a mention dropped by resolution */
  ng_class cls;           /* entity class (unused for Temporal/Quantity/Money) */
  int32_t lex;            /* lexicon entry, -1 if unknown */
  int32_t title;          /* lexicon title entry before the name, -1 */
  uint32_t title_tb, title_te; /* tokens of that title */
  int32_t title_of;       /* mention index of a country/org/demonym before the title, -1 */
  int32_t appos_title;    /* a person's office given in apposition ("Shoigu, the Russian
                             defense minister"): lexicon title entry, -1 */
  int32_t appos_of;       /* lexicon entry of that office's country or body, -1 */
  uint32_t flags;         /* NG_M_* */
  uint32_t sent;          /* sentence index */
  int32_t cluster;        /* filled by resolution: doc-local entity cluster */
} ng_ment;

typedef struct ng_ments {
  ng_ment *v;
  size_t n, cap;
} ng_ments;

typedef struct ng_ner_opts {
  bool span_titles;    /* include a preceding title in Person spans (re3d style) */
  bool span_the;       /* include a leading "the" in Organisation spans */
  bool no_pronouns;    /* do not report I/he/she/we as mentions */
} ng_ner_opts;

/* Finds mentions in text (tokens t) and appends them to out in text order.
 * lx must outlive the call only. */
void ng_ner_run(ng_ments *out, const ng_lexicon *lx, const ng_ner_opts *opts,
                const char *text, const ng_tokens *t);
void ng_ments_free(ng_ments *m);

#endif
