/* relate.h — relation extraction inside one article: who holds which office,
 * who spoke with, backs, fights, arms whom, what was deployed where.
 *
 * Two sources: office titles found by recognition ("Russian Foreign Minister
 * Sergei Lavrov", "Peter Cook, the Pentagon press secretary") give officialOf;
 * trigger patterns from nlp/lexicon/relations.tsv (data, not code) give the
 * other predicates through frames: active (SUBJECT trigger OBJECT), passive
 * (OBJECT trigger by SUBJECT), noun (SUBJECT-modifier trigger for OBJECT) and
 * possessive (OBJECT's trigger = SUBJECT). Coordinated objects ("T-90 tanks,
 * howitzers and armored personnel carriers") each get the relation. Negation
 * before the trigger marks a claim negated; hedges ("reportedly", "officials
 * say") mark it hedged. Quotes are attributed to their speakers.
 *
 * Candidates refer to mentions by index; the pipeline maps them to entities. */
#ifndef NG_NLP_RELATE_H
#define NG_NLP_RELATE_H

#include "graph/graph.h"
#include "nlp/lexicon.h"
#include "nlp/ner.h"
#include "nlp/tok.h"

typedef struct ng_relcand {
  int32_t s, o;            /* mention indices; o may be -1 when o_lex is set */
  int32_t o_lex;           /* lexicon entry for an implied object ("Secretary of State" -> State Department), -1 */
  ng_pred pred;
  uint32_t sent;           /* sentence index */
  uint32_t trig_begin, trig_end; /* bytes of the trigger words */
  char *trigger;           /* owned */
  char *role;              /* owned, for officialOf; may be NULL */
  double confidence;
  bool hedged, negated;
} ng_relcand;

typedef struct ng_qcand {
  uint32_t begin, end;     /* bytes of the quoted words (without the marks) */
  int32_t speaker;         /* mention index or -1 */
  bool direct;
} ng_qcand;

typedef struct ng_relcands {
  ng_relcand *v;
  size_t n, cap;
  ng_qcand *q;
  size_t nq, capq;
} ng_relcands;

/* Finds relation and quote candidates in one article. m must be resolved
 * (clusters set) so that a subject and object naming the same actor are
 * skipped. */
void ng_relate_run(ng_relcands *out, const ng_lexicon *lx, const char *text,
                   const ng_tokens *t, const ng_ments *m);
void ng_relcands_free(ng_relcands *r);

#endif
