/* pipeline.h — the whole reading side: articles in, graph out.
 *
 * read → tokens → mentions → clusters (per article, independent, so they run
 * on N threads) → cross-article resolution → relations and quotes → graph.
 * Articles are ordered by document id before anything order-sensitive
 * happens, so the graph is the same for any input order and any -j. */
#ifndef NG_NLP_PIPELINE_H
#define NG_NLP_PIPELINE_H

#include "graph/diag.h"
#include "graph/graph.h"
#include "nlp/lexicon.h"
#include "nlp/ner.h"
#include "nlp/reader.h"

typedef struct ng_pipeline_opts {
  ng_read_opts read;
  ng_ner_opts ner;
  unsigned jobs;          /* worker threads (0 or 1 = in the calling thread) */
  bool relations;         /* extract relations and quotes (false for `mentions`) */
  size_t max_article;     /* bytes of text per article; 0 = no limit */
  /* progress callback, called from the calling thread after each article */
  void (*progress)(size_t done, size_t total, size_t bytes, void *payload);
  void *progress_payload;
} ng_pipeline_opts;

/* One explanation line for `explain`: a surface form, the entity it was linked
 * to and the rule that linked it. */
typedef void (*ng_explain_fn)(const char *doc, const char *surface, const ng_entity *e,
                              const char *reason, void *payload);

/* Reads the files paths[0..n) and fills g (which the caller created and
 * finishes with ng_graph_finish — done here). Unreadable inputs are reported
 * to d and skipped. Returns the number of inputs that failed. If explain is
 * not NULL it is called for every surface form after resolution. */
size_t ng_pipeline_run(ng_graph *g, const char *const *paths, size_t n,
                       const ng_lexicon *lx, const ng_pipeline_opts *opts,
                       ng_diag *d, ng_explain_fn explain, void *explain_payload);

#endif
