/* pipeline.h — the whole reading side: articles in, graph out.
 *
 * Two halves. The first analyses each article on its own (read → tokens →
 * mentions → in-article clusters → relation candidates; on N threads with
 * -j) and reduces it to an article record (ng_record): metadata, its local
 * entities (clusters with their resolution keys and names), mentions, claims
 * and quotes, all in article-local terms, with no text left. The second half
 * (ng_collect) takes records in any order — from the first half, or read
 * back from N-Quads by `newsgraph merge` — resolves local entities across
 * articles and fills the graph.
 *
 * Memory: records are kept encoded (in memory, or in a temporary file when
 * streaming); cross-article resolution keeps one entry per distinct
 * resolution key with its name counts and alias set, not one per article.
 * So a streamed run grows with distinct entities, not with the text.
 *
 * Determinism: the graph, and the streamed output byte for byte, are the same
 * for any -j; records are consumed in input order. */
#ifndef NG_NLP_PIPELINE_H
#define NG_NLP_PIPELINE_H

#include "graph/base.h"
#include "graph/diag.h"
#include "graph/graph.h"
#include "nlp/lexicon.h"
#include "nlp/ner.h"
#include "nlp/reader.h"
#include "nlp/resolve.h"

#include <stdint.h>
#include <stdio.h>

/* What a progress callback sees. */
typedef struct ng_progress {
  bool writing;              /* false: analysing; true: filling/writing the output */
  size_t files_done, files_total;
  uint64_t bytes_done, bytes_total; /* input bytes (0 total when unknown, e.g. stdin) */
  size_t entities;           /* distinct resolution keys so far (about the entities) */
  size_t claims;             /* relation claims so far */
} ng_progress;

typedef struct ng_pipeline_opts {
  ng_read_opts read;
  ng_ner_opts ner;
  unsigned jobs;          /* worker threads (0 or 1 = in the calling thread) */
  bool relations;         /* extract relations and quotes (false for `mentions`) */
  size_t max_article;     /* bytes of text per article; 0 = no limit */
  bool parts_no_locals;   /* streaming: the sink reads no article-local entities
                             of the parts (only the N-Quads analysis layer
                             does), so the parts are filled without them */
  bool exact_resolution;  /* resolve from every article's clusters as they are
                             (memory grows with the articles); set for explain,
                             and by tests to check the compact resolution */
  /* progress callback, called from the calling thread after each article */
  void (*progress)(const ng_progress *p, void *payload);
  void *progress_payload;
} ng_pipeline_opts;

/* Where the graph goes. Without a sink (NULL) everything is filled into the
 * caller's graph g, finished. With one, the run streams: articles are filled
 * into part graphs of bounded size, each finished and written by part() to
 * `out`, in input order, then freed; g becomes the summary graph (entities
 * with aliases and counts, relations with their direct flags, no articles),
 * finished at the end for the default graph. With jobs > 1 parts are written
 * on worker threads into memory and copied to `out` in order (same bytes as
 * with one thread), so part() must touch no shared state. The first failure
 * (of part() or of writing to out) stops the run and is kept in rc. */
typedef struct ng_sink {
  /* thread: which writer calls, 0 .. max(jobs, 1) - 1, so that the callback
     can keep per-thread state (the same thread index never runs twice at
     once) */
  int (*part)(const ng_graph *part, FILE *out, unsigned thread, void *payload);
  FILE *out;
  void *payload;
  int rc;                  /* 0, or the first error (NG_E_*) */
  int err;                 /* errno of a failed write to out, else 0 */
  size_t articles, claims; /* written so far */
} ng_sink;

/* One explanation line for `explain`: a surface form, the entity it was linked
 * to and the rule that linked it. */
typedef void (*ng_explain_fn)(const char *doc, const char *surface, const ng_entity *e,
                              const char *reason, void *payload);

/* Reads the files paths[0..n) and fills g (which the caller created; it is
 * finished here). Unreadable inputs are reported to d and skipped. Returns
 * the number of inputs that failed. If explain is not NULL it is called for
 * every surface form after resolution (it implies exact_resolution). */
size_t ng_pipeline_run(ng_graph *g, const char *const *paths, size_t n,
                       const ng_lexicon *lx, const ng_pipeline_opts *opts,
                       ng_diag *d, ng_explain_fn explain, void *explain_payload);

/* The same, streamed into sink when it is not NULL (see ng_sink); g is then
 * the summary graph. */
size_t ng_pipeline_stream(ng_graph *g, const char *const *paths, size_t n,
                          const ng_lexicon *lx, const ng_pipeline_opts *opts, ng_sink *sink,
                          ng_diag *d, ng_explain_fn explain, void *explain_payload);

/* ---- article records: the interface between the halves ---- */

typedef struct ng_rec_claim {
  ng_claim c;      /* evidence fields; c.s_ref/c.o_ref name the local entities
                      (number + 1); c.iri unused */
  ng_pred pred;
  uint64_t id;     /* claim IRI is <base>claim/<id as 16 hex digits> */
} ng_rec_claim;

typedef struct ng_rec_quote {
  ng_quote q;      /* q.speaker_ref names the speaker; q.iri, q.speaker unused */
  uint64_t id;     /* quote IRI is <base>quote/<id as 16 hex digits> */
} ng_rec_quote;

/* One article's analysis. Strings and arrays are owned by the record
 * (ng_record_free): each string is its own allocation, or, when `strings`
 * holds any (records made by the analysis), all of them live there.
 * locals[i].number need not equal i; mentions carry .ref = number + 1
 * (article/entity fields unused). */
typedef struct ng_record {
  ng_article meta;
  ng_local *locals;         size_t n_locals;
  ng_mention *mentions;     size_t n_mentions;
  ng_rec_claim *claims;     size_t n_claims;
  ng_rec_quote *quotes;     size_t n_quotes;
  ng_clusters clusters;     /* only with exact_resolution: the article's clusters */
  ng_strpool strings;       /* empty: strings allocated one by one */
} ng_record;

void ng_record_free(ng_record *r);

/* Claim and quote ids as the analysis mints them, from article-local facts
 * only (so a shard and a whole run agree): claims from doc, predicate,
 * subject and object spans (bytes), trigger and the two local keys; quotes
 * from doc, span and text. */
uint64_t ng_record_claim_id(const char *doc, ng_pred p, size_t src_begin, size_t src_end,
                            size_t tgt_begin, size_t tgt_end, const char *trigger,
                            const char *s_key, const char *o_key);
uint64_t ng_record_quote_id(const char *doc, size_t begin, size_t end, const char *text);

/* The second half on its own. */
typedef struct ng_collect ng_collect;

/* stream: keep records in a temporary file under $TMPDIR (default /tmp)
 * instead of memory (for a sink); if none can be made they stay in memory
 * and ng_collect_finish reports a warning. */
ng_collect *ng_collect_new(const ng_lexicon *lx, bool stream, bool exact_resolution);
/* Takes over r's contents (r is left empty). */
void ng_collect_add(ng_collect *c, ng_record *r);
size_t ng_collect_count(const ng_collect *c); /* records so far */
/* Resolves and fills g (or streams to sink, see ng_sink; parts are written
 * on opts->jobs threads), then finishes g. opts->progress (opts may be NULL)
 * is called as articles are filled. Returns 0, or NG_E_IO if the record
 * store failed, or the sink's first error. */
int ng_collect_finish(ng_collect *c, ng_graph *g, ng_sink *sink, ng_diag *d,
                      const ng_pipeline_opts *opts, ng_explain_fn explain,
                      void *explain_payload);
void ng_collect_free(ng_collect *c);

#endif
