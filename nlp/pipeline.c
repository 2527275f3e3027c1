/* pipeline.c — runs the stages over all inputs and fills the graph.
 *
 * Per article (in worker threads when jobs > 1): read, tokenize, recognise,
 * cluster, extract relation candidates; the article then keeps only what the
 * graph needs (mention spans and texts, clusters, candidates with their
 * evidence sentences) and drops its text and tokens. Then, in one thread and
 * in document-id order: cross-article resolution and graph filling.
 * Diagnostics from workers are buffered per article and replayed in input
 * order, so messages do not interleave. */
#include "nlp/pipeline.h"

#include "graph/base.h"
#include "nlp/outlet.h"
#include "nlp/relate.h"
#include "nlp/resolve.h"
#include "nlp/tok.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

typedef struct kept_ment {
  uint32_t begin, end, cp_begin, cp_end;
  char *text;
  ng_mtype type;
  int32_t cluster;
  bool hidden;       /* inside a longer mention ("Russian" in "Russian Foreign
                        Minister Sergei Lavrov"): evidence for relations, but
                        not reported as a mention of its own */
} kept_ment;

typedef struct kept_rel {
  ng_relcand c;      /* s, o index kept_ment */
  uint32_t sent_begin, sent_end, sent_cp_begin, sent_cp_end;
  char *sentence;
} kept_rel;

typedef struct kept_quote {
  uint32_t begin, end, cp_begin, cp_end;
  char *text;
  int32_t speaker;   /* kept_ment index */
  bool direct;
} kept_quote;

typedef struct art {
  const char *path;
  size_t input_index;
  bool ok;
  ng_article meta;   /* strings owned */
  kept_ment *m;
  size_t nm;
  ng_clusters clusters;
  kept_rel *r;
  size_t nr;
  kept_quote *q;
  size_t nq;
  /* buffered diagnostics */
  NG_VEC(ng_diag_item) diags;
  size_t bytes;
} art;

typedef struct shared {
  art *arts;
  size_t n;
  const ng_lexicon *lx;
  const ng_pipeline_opts *opts;
  atomic_size_t next;
} shared;

static void buffer_diag(const ng_diag_item *it, void *payload) {
  art *a = payload;
  ng_diag_item c = *it;
  c.path = ng_xstrdup(it->path);
  c.message = ng_xstrdup(it->message);
  NG_VEC_PUSH(a->diags, c);
}

/* code point offset of byte `off`, scanning forward from (*pos_b, *pos_cp) */
static uint32_t cp_at(const char *text, uint32_t off, uint32_t *pos_b, uint32_t *pos_cp) {
  uint32_t cp = *pos_cp;
  if (off < *pos_b) { /* a little backwards (spans may overlap): walk back */
    for (uint32_t i = *pos_b; i > off; i--)
      if (((unsigned char)text[i - 1] & 0xC0) != 0x80) cp--;
    *pos_b = off;
    *pos_cp = cp;
    return cp;
  }
  for (uint32_t i = *pos_b; i < off; i++)
    if (((unsigned char)text[i] & 0xC0) != 0x80) cp++;
  *pos_b = off;
  *pos_cp = cp;
  return cp;
}

static char *fold_ws(const char *s, size_t n) {
  ng_buf b = {0};
  bool sp = false;
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    if (ch == '\n' || ch == '\r' || ch == '\t' || ch == ' ') { sp = true; continue; }
    if (sp && b.len) ng_buf_putc(&b, ' ');
    sp = false;
    ng_buf_putc(&b, ch);
  }
  return ng_buf_take(&b);
}

static int cmp_u32pair(const void *a, const void *b) {
  const uint32_t *x = a, *y = b;
  return x[0] < y[0] ? -1 : x[0] > y[0];
}

static _Thread_local const kept_ment *sort_kept; /* qsort has no payload */

static int cmp_nest(const void *pa, const void *pb) {
  const kept_ment *x = &sort_kept[((const uint32_t *)pa)[0]];
  const kept_ment *y = &sort_kept[((const uint32_t *)pb)[0]];
  if (x->begin != y->begin) return x->begin < y->begin ? -1 : 1;
  if (x->end != y->end) return x->end > y->end ? -1 : 1;
  return ((const uint32_t *)pa)[0] < ((const uint32_t *)pb)[0] ? -1 : 1;
}

static void analyse(art *a, const ng_lexicon *lx, const ng_pipeline_opts *o) {
  ng_diag *d = ng_diag_new(buffer_diag, a);
  ng_doc *doc = NULL;
  ng_tokens t = {0};
  ng_ments ms = {0};
  ng_relcands rc = {0};
  if (ng_doc_read_file(&doc, a->path, &o->read, d) != NG_OK) goto done;
  a->bytes = doc->raw_len;
  size_t len = doc->text_len;
  if (o->max_article && len > o->max_article) {
    ng_diag_report(d, NG_DIAG_WARNING, a->path, 0, 0, NG_D_TOO_BIG,
                   "article text is %zu bytes; only the first %zu are analysed (--max-article)",
                   len, o->max_article);
    len = o->max_article;
    while (len && ((unsigned char)doc->text[len] & 0xC0) == 0x80) len--;
  }
  ng_tokenize(&t, doc->text, len);
  ng_ner_run(&ms, lx, &o->ner, doc->text, &t);
  ng_resolve_doc(&a->clusters, &ms, lx, doc->text, &t);
  if (o->relations) ng_relate_run(&rc, lx, doc->text, &t, &ms);

  a->meta.doc = ng_xstrdup(doc->id);
  a->meta.path = ng_xstrdup(doc->path);
  a->meta.source = ng_xstrdup(doc->format == NG_FMT_HTML ? "html"
                              : doc->format == NG_FMT_MARKDOWN ? "markdown" : "text");
  a->meta.headline = ng_xstrdup(doc->headline);
  a->meta.date = ng_xstrdup(doc->date);
  a->meta.date_iso = ng_xstrdup(doc->date_iso);
  a->meta.author = ng_xstrdup(doc->author);
  a->meta.publisher = ng_xstrdup(doc->publisher ? doc->publisher /* else the outlet the text names */
                                 : ng_outlet_guess(doc->format == NG_FMT_HTML ? doc->text : doc->raw,
                                                   doc->format == NG_FMT_HTML ? doc->text_len : doc->raw_len,
                                                   doc->url));
  a->meta.url = ng_xstrdup(doc->url);
  a->meta.sha256 = ng_xstrdup(doc->sha256);
  a->meta.bytes = doc->raw_len;

  /* mentions (already in text order) */
  uint32_t pb = 0, pc = 0;
  a->m = ng_xmalloc((ms.n + 1) * sizeof *a->m);
  /* mention index in ms -> kept index (dropped mentions are skipped) */
  int32_t *keep = ng_xmalloc((ms.n + 1) * sizeof *keep);
  for (size_t i = 0; i < ms.n; i++) {
    const ng_ment *m = &ms.v[i];
    keep[i] = -1;
    if (m->type >= NG_MT_COUNT) continue;
    keep[i] = (int32_t)a->nm;
    kept_ment *k = &a->m[a->nm++];
    k->begin = m->begin;
    k->end = m->end;
    k->cp_begin = cp_at(doc->text, m->begin, &pb, &pc);
    k->cp_end = cp_at(doc->text, m->end, &pb, &pc);
    k->text = ng_xstrndup(doc->text + m->begin, m->end - m->begin);
    k->type = m->type;
    k->cluster = m->cluster;
    k->hidden = false;
  }
  /* nested mentions: sweep by (begin asc, end desc) with the furthest end so far */
  if (a->nm) {
    uint32_t (*ord)[2] = ng_xmalloc(a->nm * sizeof *ord);
    for (size_t i = 0; i < a->nm; i++) {
      ord[i][0] = (uint32_t)i;
      ord[i][1] = 0;
    }
    sort_kept = a->m;
    ng_sort(ord, a->nm, sizeof *ord, cmp_nest);
    sort_kept = NULL;
    uint32_t far = 0;
    bool any = false;
    for (size_t k = 0; k < a->nm; k++) {
      kept_ment *x = &a->m[ord[k][0]];
      if (any && x->end <= far) x->hidden = true;
      if (!any || x->end > far) far = x->end;
      any = true;
    }
    free(ord);
  }
  /* relation candidates with their sentences (sorted by sentence begin for
     the code point scan) */
  if (rc.n) {
    a->r = ng_xcalloc(rc.n, sizeof *a->r);
    uint32_t (*order)[2] = ng_xmalloc(rc.n * sizeof *order);
    for (size_t i = 0; i < rc.n; i++) {
      order[i][0] = t.sent[rc.v[i].sent].begin;
      order[i][1] = (uint32_t)i;
    }
    ng_sort(order, rc.n, sizeof *order, cmp_u32pair);
    pb = pc = 0;
    for (size_t k = 0; k < rc.n; k++) {
      ng_relcand *c = &rc.v[order[k][1]];
      kept_rel *r = &a->r[a->nr++];
      r->c = *c;
      r->c.s = c->s >= 0 ? keep[c->s] : -1;
      r->c.o = c->o >= 0 ? keep[c->o] : -1;
      c->trigger = c->role = NULL; /* moved */
      const ng_sentence *s = &t.sent[c->sent];
      r->sent_begin = s->begin;
      r->sent_end = s->end;
      r->sent_cp_begin = cp_at(doc->text, s->begin, &pb, &pc);
      r->sent_cp_end = cp_at(doc->text, s->end, &pb, &pc);
      r->sentence = fold_ws(doc->text + s->begin, s->end - s->begin);
    }
    free(order);
  }
  if (rc.nq) {
    a->q = ng_xcalloc(rc.nq, sizeof *a->q);
    pb = pc = 0;
    for (size_t i = 0; i < rc.nq; i++) {
      kept_quote *q = &a->q[a->nq++];
      q->begin = rc.q[i].begin;
      q->end = rc.q[i].end;
      q->cp_begin = cp_at(doc->text, q->begin, &pb, &pc);
      q->cp_end = cp_at(doc->text, q->end, &pb, &pc);
      q->text = fold_ws(doc->text + q->begin, q->end - q->begin);
      q->speaker = rc.q[i].speaker >= 0 ? keep[rc.q[i].speaker] : -1;
      q->direct = rc.q[i].direct;
    }
  }
  free(keep);
  a->ok = true;
done:
  ng_relcands_free(&rc);
  ng_ments_free(&ms);
  ng_tokens_free(&t);
  ng_doc_free(doc);
  ng_diag_free(d);
}

static void *worker(void *p) {
  shared *s = p;
  for (;;) {
    size_t i = atomic_fetch_add(&s->next, 1);
    if (i >= s->n) break;
    analyse(&s->arts[i], s->lx, s->opts);
  }
  return NULL;
}

static int cmp_art(const void *a, const void *b) {
  const art *x = a, *y = b;
  if (x->ok != y->ok) return x->ok ? -1 : 1;
  if (!x->ok) return x->input_index < y->input_index ? -1 : 1;
  int c = strcmp(x->meta.doc, y->meta.doc);
  if (c) return c;
  return strcmp(x->meta.path, y->meta.path);
}

static void free_art(art *a) {
  free(a->meta.doc); free(a->meta.path); free(a->meta.source); free(a->meta.headline);
  free(a->meta.date); free(a->meta.date_iso); free(a->meta.author);
  free(a->meta.publisher); free(a->meta.url); free(a->meta.sha256);
  for (size_t i = 0; i < a->nm; i++) free(a->m[i].text);
  free(a->m);
  ng_clusters_free(&a->clusters);
  for (size_t i = 0; i < a->nr; i++) {
    free(a->r[i].c.trigger);
    free(a->r[i].c.role);
    free(a->r[i].sentence);
  }
  free(a->r);
  for (size_t i = 0; i < a->nq; i++) free(a->q[i].text);
  free(a->q);
  for (size_t i = 0; i < a->diags.n; i++) {
    free((char *)a->diags.v[i].path);
    free((char *)a->diags.v[i].message);
  }
  free(a->diags.v);
}

static int32_t entity_of(const art *a, int32_t mi) {
  if (mi < 0 || (size_t)mi >= a->nm) return -1;
  int32_t c = a->m[mi].cluster;
  return c < 0 ? -1 : a->clusters.v[c].global;
}

size_t ng_pipeline_run(ng_graph *g, const char *const *paths, size_t n,
                       const ng_lexicon *lx, const ng_pipeline_opts *opts,
                       ng_diag *d, ng_explain_fn explain, void *explain_payload) {
  art *arts = ng_xcalloc(n + 1, sizeof *arts);
  for (size_t i = 0; i < n; i++) {
    arts[i].path = paths[i];
    arts[i].input_index = i;
  }
  unsigned jobs = opts->jobs ? opts->jobs : 1;
  if (jobs > 1 && n > 1) {
    shared s = {arts, n, lx, opts, 0};
    if (jobs > n) jobs = (unsigned)n;
    pthread_t *th = ng_xmalloc(jobs * sizeof *th);
    unsigned started = 0;
    for (unsigned j = 0; j < jobs; j++)
      if (!pthread_create(&th[j], NULL, worker, &s)) started++;
      else break;
    if (!started) worker(&s);
    for (unsigned j = 0; j < started; j++) pthread_join(th[j], NULL);
    free(th);
    if (opts->progress) opts->progress(n, n, 0, opts->progress_payload);
  } else {
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++) {
      analyse(&arts[i], lx, opts);
      bytes += arts[i].bytes;
      if (opts->progress) opts->progress(i + 1, n, bytes, opts->progress_payload);
    }
  }
  /* replay diagnostics in input order */
  size_t failed = 0;
  for (size_t i = 0; i < n; i++) {
    for (size_t k = 0; k < arts[i].diags.n; k++) {
      const ng_diag_item *it = &arts[i].diags.v[k];
      ng_diag_report(d, it->level, it->path, it->line, it->col, it->code, "%s", it->message);
    }
    if (!arts[i].ok) failed++;
  }
  ng_sort(arts, n, sizeof *arts, cmp_art);
  size_t nok = n - failed;

  /* cross-article resolution */
  ng_clusters *cl = ng_xcalloc(nok + 1, sizeof *cl);
  for (size_t i = 0; i < nok; i++) cl[i] = arts[i].clusters;
  ng_resolve_global(g, cl, nok, lx);
  for (size_t i = 0; i < nok; i++) arts[i].clusters = cl[i];
  free(cl);

  for (size_t i = 0; i < nok; i++) {
    art *a = &arts[i];
    uint32_t ai = ng_graph_add_article(g, &a->meta);
    for (size_t k = 0; k < a->nm; k++) {
      kept_ment *m = &a->m[k];
      if (m->hidden) continue;
      int32_t e = m->cluster >= 0 ? a->clusters.v[m->cluster].global : -1;
      ng_graph_add_mention(g, ai, m->begin, m->end, m->cp_begin, m->cp_end, m->text,
                           strlen(m->text), m->type, e);
    }
    for (size_t k = 0; k < a->nr; k++) {
      kept_rel *r = &a->r[k];
      int32_t s = entity_of(a, r->c.s);
      int32_t o = r->c.o >= 0 ? entity_of(a, r->c.o) : -1;
      if (o < 0 && r->c.o_lex >= 0) {
        const ng_lex_entry *e = ng_lex_entry_at(lx, (uint32_t)r->c.o_lex);
        o = (int32_t)ng_graph_entity(g, e->cls, e->canonical);
        if (e->wikidata) ng_graph_set_wikidata(g, (uint32_t)o, e->wikidata);
      }
      if (s < 0 || o < 0 || s == o) continue;
      ng_claim c = {0};
      c.sent_begin = r->sent_begin;
      c.sent_end = r->sent_end;
      c.sent_cp_begin = r->sent_cp_begin;
      c.sent_cp_end = r->sent_cp_end;
      c.sentence = r->sentence;
      c.src_begin = a->m[r->c.s].begin;
      c.src_end = a->m[r->c.s].end;
      if (r->c.o >= 0) {
        c.tgt_begin = a->m[r->c.o].begin;
        c.tgt_end = a->m[r->c.o].end;
      } else {
        c.tgt_begin = r->c.trig_begin;
        c.tgt_end = r->c.trig_end;
      }
      c.trigger = r->c.trigger;
      c.role = r->c.role;
      c.confidence = r->c.confidence;
      c.hedged = r->c.hedged;
      c.negated = r->c.negated;
      ng_graph_add_claim(g, (uint32_t)s, r->c.pred, (uint32_t)o, ai, &c);
    }
    for (size_t k = 0; k < a->nq; k++) {
      kept_quote *q = &a->q[k];
      ng_quote x = {0};
      x.article = ai;
      x.speaker = entity_of(a, q->speaker);
      x.text = q->text;
      x.begin = q->begin;
      x.end = q->end;
      x.cp_begin = q->cp_begin;
      x.cp_end = q->cp_end;
      x.direct = q->direct;
      ng_graph_add_quote(g, &x);
    }
    if (explain)
      for (size_t k = 0; k < a->clusters.n; k++) {
        ng_cluster *c = &a->clusters.v[k];
        if (c->global < 0) continue;
        for (size_t s = 0; s < c->n_surf; s++)
          explain(a->meta.doc, c->surf[s].text, &g->entities[c->global], c->surf[s].reason,
                  explain_payload);
      }
  }
  ng_graph_finish(g);
  for (size_t i = 0; i < n; i++) free_art(&arts[i]);
  free(arts);
  return failed;
}
