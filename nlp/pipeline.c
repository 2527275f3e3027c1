/* pipeline.c — runs the stages over all inputs and fills the graph.
 *
 * First half (analyse): per article, in worker threads when jobs > 1: read,
 * tokenize, recognise, cluster, extract relation candidates, and reduce the
 * result to an ng_record (no text kept). Records are consumed in input order
 * through a small reorder window, so -j never changes anything downstream;
 * diagnostics are buffered per article and replayed in that order.
 *
 * Second half (ng_collect): records are encoded into a store (memory, or a
 * temporary file when streaming) and their local entities are folded into a
 * key table: one entry per distinct resolution key with its name counts and
 * alias surfaces. Cross-article resolution then runs ng_resolve_global (see
 * resolve.h) on a compact set of stand-in clusters built from that table:
 *   1. one stand-in per key, each with a unique made-up name, so that every
 *      resolved entity is exactly one of resolve.c's key groups;
 *   2. per group, each name's count over the group replaced by its dense
 *      rank (order and ties kept; scaled so that every key keeps a stand-in,
 *      or the true counts when those are fewer), as that many stand-ins, the
 *      first of each key carrying the key's alias surfaces.
 * This gives the same entities, labels and aliases as resolving every
 * article's clusters, provided ng_resolve_global depends on the clusters only
 * through their keys, classes and lexicon entries and, for labels, on the
 * order of name frequencies within a group (true of the rules in resolve.c;
 * opts.exact_resolution runs the per-article way, and a unit test compares
 * the two). Finally the store is read back and every record is filled into
 * the graph — whole, or in bounded parts handed to a sink (streaming), which
 * writes them on -j threads into memory; they are copied out in order. */
#define _GNU_SOURCE /* fopencookie: parts are written into reused memory buffers */
#include "nlp/pipeline.h"

#include "graph/base.h"
#include "nlp/outlet.h"
#include "nlp/relate.h"
#include "nlp/resolve.h"
#include "nlp/tok.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- records ---- */

/* the strings of an analysed record live in its pool (an article has
   hundreds of short strings) */
static char *rec_strndup(ng_record *r, const char *s, size_t n) {
  return ng_strpool_dup(&r->strings, s, n);
}

static char *rec_strdup(ng_record *r, const char *s) {
  return s ? rec_strndup(r, s, strlen(s)) : NULL;
}

void ng_record_free(ng_record *r) {
  ng_article *a = &r->meta;
  bool each = !r->strings.head; /* strings allocated one by one */
  if (each) {
    free(a->doc); free(a->path); free(a->source); free(a->headline); free(a->date);
    free(a->date_iso); free(a->author); free(a->publisher); free(a->url); free(a->sha256);
  }
  for (size_t i = 0; i < r->n_locals; i++) {
    ng_local *l = &r->locals[i];
    if (each) {
      free(l->key); free(l->name); free(l->lexicon);
      for (size_t j = 0; j < l->n_surfaces; j++) free(l->surfaces[j]);
    }
    free(l->surfaces);
  }
  free(r->locals);
  for (size_t i = 0; each && i < r->n_mentions; i++) free(r->mentions[i].text);
  free(r->mentions);
  for (size_t i = 0; each && i < r->n_claims; i++) {
    ng_claim *c = &r->claims[i].c;
    free(c->sentence); free(c->trigger); free(c->role);
  }
  free(r->claims);
  for (size_t i = 0; each && i < r->n_quotes; i++) free(r->quotes[i].q.text);
  free(r->quotes);
  ng_clusters_free(&r->clusters);
  ng_strpool_free(&r->strings);
  memset(r, 0, sizeof *r);
}

/* the items of a record, what a streamed part's size is counted in */
static size_t record_items(const ng_record *r) {
  return r->n_locals + r->n_mentions + r->n_claims + r->n_quotes + 1;
}

static uint64_t hash_s(uint64_t h, const char *s) {
  return ng_hash_add(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

static uint64_t hash_n(uint64_t h, uint64_t n) { return ng_hash_add(h, &n, sizeof n); }

uint64_t ng_record_claim_id(const char *doc, ng_pred p, size_t src_begin, size_t src_end,
                            size_t tgt_begin, size_t tgt_end, const char *trigger,
                            const char *s_key, const char *o_key) {
  uint64_t h = NG_HASH_INIT;
  h = hash_s(h, doc);
  h = hash_s(h, ng_pred_name(p));
  h = hash_n(h, src_begin);
  h = hash_n(h, src_end);
  h = hash_n(h, tgt_begin);
  h = hash_n(h, tgt_end);
  h = hash_s(h, trigger);
  h = hash_s(h, s_key);
  h = hash_s(h, o_key);
  return h;
}

/* the same formula graph.c uses for quotes, so quote IRIs did not change */
uint64_t ng_record_quote_id(const char *doc, size_t begin, size_t end, const char *text) {
  uint64_t h = NG_HASH_INIT;
  h = hash_s(h, doc);
  h = hash_n(h, begin);
  h = hash_n(h, end);
  h = hash_s(h, text);
  return h;
}

/* ---- analysis of one article ---- */

typedef struct job {
  const char *path;
  size_t index;
  bool ok, done;
  size_t bytes;
  ng_record rec;
  ng_buf enc;        /* the record encoded (when `encoded`; rec is then empty) */
  bool encoded;
  size_t claims;     /* the record's claims */
  size_t items;      /* its items (record_items) */
  NG_VEC(ng_diag_item) diags; /* buffered, replayed in input order */
} job;

static void buffer_diag(const ng_diag_item *it, void *payload) {
  job *j = payload;
  ng_diag_item c = *it;
  c.path = ng_xstrdup(it->path);
  c.message = ng_xstrdup(it->message);
  NG_VEC_PUSH(j->diags, c);
}

static void job_clear(job *j) {
  ng_record_free(&j->rec);
  for (size_t i = 0; i < j->diags.n; i++) {
    free((char *)j->diags.v[i].path);
    free((char *)j->diags.v[i].message);
  }
  free(j->diags.v);
  memset(&j->diags, 0, sizeof j->diags);
  ng_buf_clear(&j->enc); /* its memory is kept for the slot's next article */
  j->ok = j->done = j->encoded = false;
  j->bytes = j->claims = j->items = 0;
}

/* code point offset of byte `off`, scanning from (*pos_b, *pos_cp) */
static uint32_t cp_at(const char *text, uint32_t off, uint32_t *pos_b, uint32_t *pos_cp) {
  uint32_t cp = *pos_cp;
  if (off < *pos_b) { /* a little backwards (spans may overlap): walk back */
    for (uint32_t i = *pos_b; i > off; i--)
      if (((unsigned char)text[i - 1] & 0xC0) != 0x80) cp--;
    *pos_b = off;
    *pos_cp = cp;
    return cp;
  }
  uint32_t i = *pos_b;
  /* eight bytes a step: a continuation byte is 10xxxxxx, its bit 7 set and
     bit 6 (shifted into bit 7's place) clear */
  for (; off - i >= 8; i += 8) {
    uint64_t x;
    memcpy(&x, text + i, sizeof x);
    cp += 8 - (uint32_t)__builtin_popcountll(x & ~(x << 1) & UINT64_C(0x8080808080808080));
  }
  for (; i < off; i++)
    if (((unsigned char)text[i] & 0xC0) != 0x80) cp++;
  *pos_b = off;
  *pos_cp = cp;
  return cp;
}

/* s[0..n) with each run of white space made one space, none at the start;
   into the record's strings */
static char *fold_ws(ng_record *r, const char *s, size_t n) {
  char *d = rec_strndup(r, s, n); /* at most as long */
  size_t k = 0;
  bool sp = false;
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    if (ch == '\n' || ch == '\r' || ch == '\t' || ch == ' ') { sp = true; continue; }
    if (sp && k) d[k++] = ' ';
    sp = false;
    d[k++] = ch;
  }
  d[k] = '\0';
  return d;
}

static int cmp_u32pair(const void *a, const void *b) {
  const uint32_t *x = a, *y = b;
  if (x[0] != y[0]) return x[0] < y[0] ? -1 : 1;
  return x[1] < y[1] ? -1 : x[1] > y[1];
}

static _Thread_local const ng_ment *sort_ments; /* qsort has no payload */

static int cmp_nest(const void *pa, const void *pb) {
  uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
  const ng_ment *x = &sort_ments[a], *y = &sort_ments[b];
  if (x->begin != y->begin) return x->begin < y->begin ? -1 : 1;
  if (x->end != y->end) return x->end > y->end ? -1 : 1;
  return a < b ? -1 : 1;
}

/* The cluster of lexicon entry `lex` in the article, appended when the
 * article has none: an implied relation object ("Secretary of State" ->
 * State Department) then has a local entity like any other. Such a stand-in
 * changes nothing in resolution: a lexicon entity's label is its canonical
 * name and it has no surfaces. */
static int32_t lex_cluster(ng_clusters *cl, const ng_lexicon *lx, int32_t lex) {
  for (size_t i = 0; i < cl->n; i++)
    if (cl->v[i].lex == lex) return (int32_t)i;
  const ng_lex_entry *e = ng_lex_entry_at(lx, (uint32_t)lex);
  ng_cluster *c = ng_clusters_push(cl);
  c->cls = e->cls;
  c->lex = lex;
  c->name = ng_xstrdup(e->canonical);
  c->key = ng_xasprintf("lex|%s|%s", ng_class_slug(e->cls), e->canonical);
  c->global = -1;
  return (int32_t)(cl->n - 1);
}

static void analyse(job *j, const ng_lexicon *lx, const ng_pipeline_opts *o) {
  ng_diag *d = ng_diag_new(buffer_diag, j);
  ng_doc *doc = NULL;
  ng_tokens t = {0};
  ng_ments ms = {0};
  ng_relcands rc = {0};
  ng_record *r = &j->rec;
  ng_clusters *cl = &r->clusters;
  if (ng_doc_read_file(&doc, j->path, &o->read, d) != NG_OK) goto done;
  j->bytes = doc->raw_len;
  /* the outlet the article names (when the reader found no publisher) is
     read from the input as read; with it taken, the raw bytes are not
     needed any more: freed before the analysis, whose arrays are largest
     for a long article (the peak memory of a big single file) */
  const char *publisher =
      doc->publisher ? doc->publisher
                     : ng_outlet_guess(doc->format == NG_FMT_HTML ? doc->text : doc->raw,
                                       doc->format == NG_FMT_HTML ? doc->text_len : doc->raw_len,
                                       doc->url);
  ng_doc_drop_raw(doc);
  size_t len = doc->text_len;
  if (o->max_article && len > o->max_article) {
    ng_diag_report(d, NG_DIAG_WARNING, j->path, 0, 0, NG_D_TOO_BIG,
                   "article text is %zu bytes; only the first %zu are analysed (--max-article)",
                   len, o->max_article);
    len = o->max_article;
    while (len && ((unsigned char)doc->text[len] & 0xC0) == 0x80) len--;
  }
  ng_tokenize(&t, doc->text, len);
  ng_ner_run(&ms, lx, &o->ner, doc->text, &t);
  cl->no_reasons = !o->exact_resolution; /* only explain (exact) reads them */
  ng_resolve_doc(cl, &ms, lx, doc->text, &t);
  if (o->relations) ng_relate_run(&rc, lx, doc->text, &t, &ms);

  ng_article *a = &r->meta;
  a->doc = rec_strdup(r, doc->id);
  a->path = rec_strdup(r, doc->path);
  a->source = rec_strdup(r, doc->format == NG_FMT_HTML ? "html"
                         : doc->format == NG_FMT_MARKDOWN ? "markdown" : "text");
  a->headline = rec_strdup(r, doc->headline);
  a->date = rec_strdup(r, doc->date);
  a->date_iso = rec_strdup(r, doc->date_iso);
  a->author = rec_strdup(r, doc->author);
  a->publisher = rec_strdup(r, publisher);
  a->url = rec_strdup(r, doc->url);
  a->sha256 = rec_strdup(r, doc->sha256);
  a->bytes = doc->raw_len;

  /* the local entities of each claim's sides; a relation object implied by a
     lexicon entry gets a local entity first, so that the locals below are
     complete. A claim is dropped when a side has none or both sides are the
     same local entity (a decision this article can take alone). */
  int32_t (*sides)[2] = ng_xmalloc((rc.n + 1) * sizeof *sides);
  for (size_t i = 0; i < rc.n; i++) {
    const ng_relcand *c = &rc.v[i];
    int32_t sc = -1, oc = -1;
    if (c->s >= 0 && ms.v[c->s].type < NG_MT_COUNT) sc = ms.v[c->s].cluster;
    if (sc >= 0 && c->o >= 0 && ms.v[c->o].type < NG_MT_COUNT) oc = ms.v[c->o].cluster;
    if (sc >= 0 && oc < 0 && c->o_lex >= 0) oc = lex_cluster(cl, lx, c->o_lex);
    if (sc == oc) sc = oc = -1;
    sides[i][0] = sc;
    sides[i][1] = oc;
  }

  /* local entities: the article's clusters, numbered by their index */
  r->locals = ng_xcalloc(cl->n + 1, sizeof *r->locals);
  for (size_t k = 0; k < cl->n; k++) {
    const ng_cluster *c = &cl->v[k];
    ng_local *l = &r->locals[r->n_locals++];
    l->number = (uint32_t)k;
    l->cls = c->cls;
    l->key = rec_strdup(r, c->key);
    l->name = rec_strdup(r, c->name);
    l->lexicon = c->lex >= 0 ? rec_strdup(r, ng_lex_entry_at(lx, (uint32_t)c->lex)->canonical) : NULL;
    l->surname_only = c->surname_only;
    l->surfaces = ng_xmalloc((c->n_surf + 1) * sizeof *l->surfaces);
    for (size_t s = 0; s < c->n_surf; s++)
      if (c->surf[s].alias) l->surfaces[l->n_surfaces++] = rec_strdup(r, c->surf[s].text);
    l->entity = -1;
  }

  /* mentions: those resolution kept, minus the ones nested in a longer
     mention ("Russian" in "Russian Foreign Minister Sergei Lavrov": evidence
     for relations, not a mention of its own); already in text order */
  uint32_t *ord = ng_xmalloc((ms.n + 1) * sizeof *ord);
  bool *hidden = ng_xcalloc(ms.n + 1, sizeof *hidden);
  size_t nv = 0;
  for (size_t i = 0; i < ms.n; i++)
    if (ms.v[i].type < NG_MT_COUNT) ord[nv++] = (uint32_t)i;
  sort_ments = ms.v;
  ng_sort(ord, nv, sizeof *ord, cmp_nest);
  sort_ments = NULL;
  uint32_t far = 0;
  for (size_t k = 0; k < nv; k++) {
    const ng_ment *x = &ms.v[ord[k]];
    if (k && x->end <= far) hidden[ord[k]] = true;
    if (!k || x->end > far) far = x->end;
  }
  free(ord);
  r->mentions = ng_xcalloc(nv + 1, sizeof *r->mentions);
  uint32_t pb = 0, pc = 0;
  for (size_t i = 0; i < ms.n; i++) {
    const ng_ment *m = &ms.v[i];
    if (m->type >= NG_MT_COUNT) continue;
    /* code points of every kept mention, in text order, hidden ones too:
       the scan position must follow the same path as before */
    uint32_t cb = cp_at(doc->text, m->begin, &pb, &pc);
    uint32_t ce = cp_at(doc->text, m->end, &pb, &pc);
    if (hidden[i]) continue;
    ng_mention *k = &r->mentions[r->n_mentions++];
    k->begin = m->begin;
    k->end = m->end;
    k->cp_begin = cb;
    k->cp_end = ce;
    k->text = rec_strndup(r, doc->text + m->begin, m->end - m->begin);
    k->type = m->type;
    k->entity = -1;
    k->ref = m->cluster >= 0 ? (uint32_t)m->cluster + 1 : 0;
  }
  free(hidden);

  /* claims with their sentences, walked in sentence order for the code
     point scan */
  if (rc.n) {
    r->claims = ng_xcalloc(rc.n, sizeof *r->claims);
    uint32_t (*order)[2] = ng_xmalloc(rc.n * sizeof *order);
    for (size_t i = 0; i < rc.n; i++) {
      order[i][0] = t.sent[rc.v[i].sent].begin;
      order[i][1] = (uint32_t)i;
    }
    ng_sort(order, rc.n, sizeof *order, cmp_u32pair);
    pb = pc = 0;
    for (size_t k = 0; k < rc.n; k++) {
      size_t ci = order[k][1];
      ng_relcand *c = &rc.v[ci];
      int32_t sc = sides[ci][0], oc = sides[ci][1];
      if (sc < 0 || oc < 0) continue;
      const ng_ment *sm = &ms.v[c->s];
      ng_rec_claim *rcl = &r->claims[r->n_claims++];
      ng_claim *x = &rcl->c;
      const ng_sentence *s = &t.sent[c->sent];
      x->sent_begin = s->begin;
      x->sent_end = s->end;
      x->sent_cp_begin = cp_at(doc->text, s->begin, &pb, &pc);
      x->sent_cp_end = cp_at(doc->text, s->end, &pb, &pc);
      x->sentence = fold_ws(r, doc->text + s->begin, s->end - s->begin);
      x->src_begin = sm->begin;
      x->src_end = sm->end;
      if (c->o >= 0) {
        x->tgt_begin = ms.v[c->o].begin;
        x->tgt_end = ms.v[c->o].end;
      } else {
        x->tgt_begin = c->trig_begin;
        x->tgt_end = c->trig_end;
      }
      x->trigger = rec_strdup(r, c->trigger);
      x->role = rec_strdup(r, c->role);
      x->confidence = c->confidence;
      x->hedged = c->hedged;
      x->negated = c->negated;
      x->s_ref = (uint32_t)sc + 1;
      x->o_ref = (uint32_t)oc + 1;
      rcl->pred = c->pred;
      rcl->id = ng_record_claim_id(a->doc, c->pred, x->src_begin, x->src_end, x->tgt_begin,
                                   x->tgt_end, x->trigger, cl->v[sc].key, cl->v[oc].key);
    }
    free(order);
  }
  free(sides);
  if (rc.nq) {
    r->quotes = ng_xcalloc(rc.nq, sizeof *r->quotes);
    pb = pc = 0;
    for (size_t i = 0; i < rc.nq; i++) {
      ng_rec_quote *rq = &r->quotes[r->n_quotes++];
      ng_quote *q = &rq->q;
      q->begin = rc.q[i].begin;
      q->end = rc.q[i].end;
      q->cp_begin = cp_at(doc->text, rc.q[i].begin, &pb, &pc);
      q->cp_end = cp_at(doc->text, rc.q[i].end, &pb, &pc);
      q->text = fold_ws(r, doc->text + q->begin, q->end - q->begin);
      int32_t sp = rc.q[i].speaker;
      if (sp >= 0 && ms.v[sp].type < NG_MT_COUNT && ms.v[sp].cluster >= 0)
        q->speaker_ref = (uint32_t)ms.v[sp].cluster + 1;
      q->speaker = -1;
      q->direct = rc.q[i].direct;
      rq->id = ng_record_quote_id(a->doc, q->begin, q->end, q->text);
    }
  }
  j->ok = true;
done:
  ng_relcands_free(&rc);
  ng_ments_free(&ms);
  ng_tokens_free(&t);
  ng_doc_free(doc);
  ng_diag_free(d);
}

/* ---- record encoding (for the store) ----
 * Unsigned numbers as LEB128, strings as (length + 1) then the bytes and a
 * NUL (0 = NULL), doubles as their 8 bytes. Decoding points strings into the
 * encoded bytes, so a decoded record borrows its strings (view_free). */

static void put_u(ng_buf *b, uint64_t v) {
  ng_buf_reserve(b, 10);
  unsigned char *o = (unsigned char *)b->data + b->len, *o0 = o;
  for (; v >= 0x80; v >>= 7) *o++ = (unsigned char)(v | 0x80);
  *o++ = (unsigned char)v;
  b->len += (size_t)(o - o0);
  b->data[b->len] = '\0';
}

static void put_s(ng_buf *b, const char *s) {
  if (!s) {
    put_u(b, 0);
    return;
  }
  size_t n = strlen(s);
  put_u(b, n + 1);
  ng_buf_put(b, s, n + 1);
}

static void put_d(ng_buf *b, double v) {
  char tmp[sizeof v];
  memcpy(tmp, &v, sizeof v);
  ng_buf_put(b, tmp, sizeof v);
}

typedef struct rd {
  const char *p, *end;
  bool bad;
} rd;

static uint64_t get_u(rd *r) {
  uint64_t v = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (r->p >= r->end) {
      r->bad = true;
      return 0;
    }
    unsigned char byte = (unsigned char)*r->p++;
    v |= (uint64_t)(byte & 0x7F) << shift;
    if (!(byte & 0x80)) return v;
  }
  r->bad = true;
  return 0;
}

static char *get_s(rd *r) {
  uint64_t n = get_u(r);
  if (!n || r->bad) return NULL;
  if (n > (uint64_t)(r->end - r->p) || r->p[n - 1] != '\0') {
    r->bad = true;
    return NULL;
  }
  char *s = (char *)r->p;
  r->p += n;
  return s;
}

static double get_d(rd *r) {
  double v = 0;
  if ((size_t)(r->end - r->p) < sizeof v) {
    r->bad = true;
    return 0;
  }
  memcpy(&v, r->p, sizeof v);
  r->p += sizeof v;
  return v;
}

/* a count of items that each take at least one byte: never more than what is left */
static size_t get_n(rd *r) {
  uint64_t n = get_u(r);
  if (n > (uint64_t)(r->end - r->p)) {
    r->bad = true;
    return 0;
  }
  return (size_t)n;
}

static void encode(ng_buf *b, const ng_record *r) {
  const ng_article *a = &r->meta;
  put_s(b, a->doc); put_s(b, a->path); put_s(b, a->source); put_s(b, a->headline);
  put_s(b, a->date); put_s(b, a->date_iso); put_s(b, a->author); put_s(b, a->publisher);
  put_s(b, a->url); put_s(b, a->sha256); put_u(b, a->bytes);
  put_u(b, r->n_locals);
  for (size_t i = 0; i < r->n_locals; i++) {
    const ng_local *l = &r->locals[i];
    put_u(b, l->number); put_u(b, l->cls); put_s(b, l->key); put_s(b, l->name);
    put_s(b, l->lexicon); put_u(b, l->surname_only); put_u(b, l->n_surfaces);
    for (size_t s = 0; s < l->n_surfaces; s++) put_s(b, l->surfaces[s]);
  }
  put_u(b, r->n_mentions);
  for (size_t i = 0; i < r->n_mentions; i++) {
    const ng_mention *m = &r->mentions[i];
    put_u(b, m->begin); put_u(b, m->end); put_u(b, m->cp_begin); put_u(b, m->cp_end);
    put_s(b, m->text); put_u(b, m->type); put_u(b, m->ref);
  }
  put_u(b, r->n_claims);
  for (size_t i = 0; i < r->n_claims; i++) {
    const ng_rec_claim *rc = &r->claims[i];
    const ng_claim *c = &rc->c;
    put_u(b, rc->pred); put_u(b, rc->id); put_u(b, c->s_ref); put_u(b, c->o_ref);
    put_u(b, c->sent_begin); put_u(b, c->sent_end); put_u(b, c->sent_cp_begin);
    put_u(b, c->sent_cp_end); put_s(b, c->sentence); put_u(b, c->src_begin);
    put_u(b, c->src_end); put_u(b, c->tgt_begin); put_u(b, c->tgt_end);
    put_s(b, c->trigger); put_s(b, c->role); put_d(b, c->confidence);
    put_u(b, (unsigned)c->hedged | (unsigned)c->negated << 1);
  }
  put_u(b, r->n_quotes);
  for (size_t i = 0; i < r->n_quotes; i++) {
    const ng_rec_quote *rq = &r->quotes[i];
    const ng_quote *q = &rq->q;
    put_u(b, rq->id); put_u(b, q->begin); put_u(b, q->end); put_u(b, q->cp_begin);
    put_u(b, q->cp_end); put_s(b, q->text); put_u(b, q->speaker_ref); put_u(b, q->direct);
  }
}

/* A decoded record: its strings point into the encoding, its arrays are
 * this view's, reused from record to record (grown, never shrunk). */
typedef struct view {
  ng_record r;
  ng_local *locals;        size_t cap_l;
  ng_mention *mentions;    size_t cap_m;
  ng_rec_claim *claims;    size_t cap_c;
  ng_rec_quote *quotes;    size_t cap_q;
  char **surf;             size_t cap_s; /* the surfaces of all locals */
} view;

/* room for n items of `size` bytes in *p (capacity *cap) */
static void view_room(void *p, size_t *cap, size_t n, size_t size) {
  if (n <= *cap) return;
  size_t c = *cap ? *cap : 16;
  while (c < n) c *= 2;
  *(void **)p = ng_xrealloc(*(void **)p, c * size);
  *cap = c;
}

static void view_free(view *v) {
  free(v->locals);
  free(v->mentions);
  free(v->claims);
  free(v->quotes);
  free(v->surf);
  memset(v, 0, sizeof *v);
}

static void decode_meta(rd *d, ng_article *a) {
  a->doc = get_s(d); a->path = get_s(d); a->source = get_s(d); a->headline = get_s(d);
  a->date = get_s(d); a->date_iso = get_s(d); a->author = get_s(d); a->publisher = get_s(d);
  a->url = get_s(d); a->sha256 = get_s(d); a->bytes = get_u(d);
}

/* a local entity up to its surfaces; returns their count (they follow, one
   get_s each) */
static size_t decode_local_head(rd *d, ng_local *l) {
  l->number = (uint32_t)get_u(d);
  l->cls = (ng_class)(get_u(d) % NG_CLASS_COUNT);
  l->key = get_s(d); l->name = get_s(d); l->lexicon = get_s(d);
  l->surname_only = get_u(d) != 0;
  l->entity = -1;
  return get_n(d);
}

/* decodes the next record into v->r (valid until the next decode) */
static bool decode(rd *d, view *v) {
  ng_record *r = &v->r;
  memset(r, 0, sizeof *r);
  decode_meta(d, &r->meta);
  size_t n = get_n(d);
  view_room(&v->locals, &v->cap_l, n, sizeof *v->locals);
  r->locals = v->locals;
  size_t ns_all = 0; /* surfaces so far */
  for (size_t i = 0; i < n && !d->bad; i++, r->n_locals++) {
    ng_local *l = &r->locals[i];
    memset(l, 0, sizeof *l);
    size_t ns = decode_local_head(d, l);
    view_room(&v->surf, &v->cap_s, ns_all + ns, sizeof *v->surf);
    for (size_t s = 0; s < ns && !d->bad; s++, l->n_surfaces++) v->surf[ns_all++] = get_s(d);
  }
  /* the surfaces array may have moved while it grew: point into it now */
  for (size_t i = 0, at = 0; i < r->n_locals; i++) {
    r->locals[i].surfaces = v->surf + at;
    at += r->locals[i].n_surfaces;
  }
  n = get_n(d);
  view_room(&v->mentions, &v->cap_m, n, sizeof *v->mentions);
  r->mentions = v->mentions;
  for (size_t i = 0; i < n && !d->bad; i++, r->n_mentions++) {
    ng_mention *m = &r->mentions[i];
    memset(m, 0, sizeof *m);
    m->begin = get_u(d); m->end = get_u(d); m->cp_begin = get_u(d); m->cp_end = get_u(d);
    m->text = get_s(d);
    m->type = (ng_mtype)(get_u(d) % NG_MT_COUNT);
    m->ref = (uint32_t)get_u(d);
    m->entity = -1;
  }
  n = get_n(d);
  view_room(&v->claims, &v->cap_c, n, sizeof *v->claims);
  r->claims = v->claims;
  for (size_t i = 0; i < n && !d->bad; i++, r->n_claims++) {
    ng_rec_claim *rc = &r->claims[i];
    memset(rc, 0, sizeof *rc);
    ng_claim *c = &rc->c;
    rc->pred = (ng_pred)(get_u(d) % NG_PRED_COUNT);
    rc->id = get_u(d);
    c->s_ref = (uint32_t)get_u(d); c->o_ref = (uint32_t)get_u(d);
    c->sent_begin = get_u(d); c->sent_end = get_u(d);
    c->sent_cp_begin = get_u(d); c->sent_cp_end = get_u(d);
    c->sentence = get_s(d);
    c->src_begin = get_u(d); c->src_end = get_u(d);
    c->tgt_begin = get_u(d); c->tgt_end = get_u(d);
    c->trigger = get_s(d); c->role = get_s(d);
    c->confidence = get_d(d);
    unsigned f = (unsigned)get_u(d);
    c->hedged = f & 1;
    c->negated = (f >> 1) & 1;
  }
  n = get_n(d);
  view_room(&v->quotes, &v->cap_q, n, sizeof *v->quotes);
  r->quotes = v->quotes;
  for (size_t i = 0; i < n && !d->bad; i++, r->n_quotes++) {
    ng_rec_quote *rq = &r->quotes[i];
    memset(rq, 0, sizeof *rq);
    ng_quote *q = &rq->q;
    rq->id = get_u(d);
    q->begin = get_u(d); q->end = get_u(d); q->cp_begin = get_u(d); q->cp_end = get_u(d);
    q->text = get_s(d);
    q->speaker_ref = (uint32_t)get_u(d);
    q->direct = get_u(d) != 0;
    q->speaker = -1;
  }
  return !d->bad;
}

/* ---- the record store: memory, or a temporary file when streaming ----
 * Each record is its length (8 bytes), its items (8 bytes: what a streamed
 * part's size is counted in, record_items) and its encoding. */

enum { STORE_BUF = 1 << 20 }; /* stdio buffer of the temporary file */

typedef struct store {
  FILE *fp;      /* NULL: in memory */
  char *iobuf;   /* its buffer */
  ng_buf mem;
  size_t n;
  bool failed;   /* a write or read failed (errno in err) */
  int err;
  int no_file;   /* errno when a temporary file was wanted but could not be made */
} store;

static void store_open(store *s, bool file) {
  memset(s, 0, sizeof *s);
  if (!file) return;
  const char *dir = getenv("TMPDIR");
  char *path = ng_xasprintf("%s/newsgraph-records.XXXXXX", dir && *dir ? dir : "/tmp");
  int fd = mkstemp(path);
  if (fd >= 0) {
    unlink(path); /* gone when closed, whatever happens */
    s->fp = fdopen(fd, "w+b");
    if (!s->fp) close(fd);
    /* records are written and read back in small pieces: a large buffer
       saves most of the system calls (glibc ignores the size of a buffer
       it is to allocate itself, hence ours) */
    else {
      s->iobuf = ng_xmalloc(STORE_BUF);
      setvbuf(s->fp, s->iobuf, _IOFBF, STORE_BUF);
    }
  }
  if (!s->fp) s->no_file = errno ? errno : EIO; /* then records stay in memory */
  free(path);
}

static void store_put(store *s, const ng_buf *rec, size_t items) {
  uint64_t len = rec->len, it = items;
  char hdr[2 * sizeof len];
  memcpy(hdr, &len, sizeof len);
  memcpy(hdr + sizeof len, &it, sizeof it);
  if (s->fp) {
    if (fwrite(hdr, 1, sizeof hdr, s->fp) != sizeof hdr ||
        fwrite(rec->data, 1, rec->len, s->fp) != rec->len) {
      if (!s->failed) s->err = errno;
      s->failed = true;
    }
  } else if (!s->failed) {
    ng_buf_put(&s->mem, hdr, sizeof hdr);
    ng_buf_put(&s->mem, rec->data, rec->len);
  }
  s->n++;
}

typedef struct store_cursor {
  size_t off;      /* in memory */
  ng_buf buf;      /* from the file */
} store_cursor;

static bool store_rewind(store *s, store_cursor *c) {
  memset(c, 0, sizeof *c);
  if (s->fp && (fflush(s->fp) != 0 || fseek(s->fp, 0, SEEK_SET) != 0)) {
    if (!s->failed) s->err = errno;
    s->failed = true;
  }
  return !s->failed;
}

/* the next record's bytes into *p, *len and its items into *items; false at
   the end or on failure */
static bool store_next(store *s, store_cursor *c, const char **p, size_t *len, size_t *items) {
  uint64_t n, it;
  if (!s->fp) {
    if (c->off + 2 * sizeof n > s->mem.len) return false;
    memcpy(&n, s->mem.data + c->off, sizeof n);
    memcpy(&it, s->mem.data + c->off + sizeof n, sizeof it);
    c->off += 2 * sizeof n;
    if (n > s->mem.len - c->off) return false;
    *items = (size_t)it;
    *p = s->mem.data + c->off;
    *len = (size_t)n;
    c->off += (size_t)n;
    return true;
  }
  char hdr[2 * sizeof n];
  if (fread(hdr, 1, sizeof hdr, s->fp) != sizeof hdr) return false;
  memcpy(&n, hdr, sizeof n);
  memcpy(&it, hdr + sizeof n, sizeof it);
  *items = (size_t)it;
  ng_buf_clear(&c->buf);
  if (c->buf.cap < n + 1) {
    c->buf.data = ng_xrealloc(c->buf.data, (size_t)n + 1);
    c->buf.cap = (size_t)n + 1;
  }
  if (fread(c->buf.data, 1, (size_t)n, s->fp) != n) {
    if (!s->failed) s->err = errno ? errno : EIO;
    s->failed = true;
    return false;
  }
  *p = c->buf.data;
  *len = (size_t)n;
  return true;
}

static void store_close(store *s) {
  if (s->fp) fclose(s->fp);
  free(s->iobuf);
  ng_buf_free(&s->mem);
}

/* ---- string tables for the key table ---- */

/* string -> uint32_t, owning copies of its keys (pointers stay valid) */
typedef struct smap {
  char **k;
  uint32_t *v;
  uint64_t *h;
  size_t cap, n;
} smap;

static void smap_grow(smap *m) {
  smap o = *m;
  m->cap = o.cap ? o.cap * 2 : 256;
  m->k = ng_xcalloc(m->cap, sizeof *m->k);
  m->v = ng_xcalloc(m->cap, sizeof *m->v);
  m->h = ng_xcalloc(m->cap, sizeof *m->h);
  for (size_t i = 0; i < o.cap; i++) {
    if (!o.k[i]) continue;
    size_t j = (size_t)o.h[i] & (m->cap - 1);
    while (m->k[j]) j = (j + 1) & (m->cap - 1);
    m->k[j] = o.k[i];
    m->v[j] = o.v[i];
    m->h[j] = o.h[i];
  }
  free(o.k);
  free(o.v);
  free(o.h);
}

/* The slot of s (NULL if absent and !insert); *stored is the table's copy. */
static uint32_t *smap_get(smap *m, const char *s, bool insert, bool *created,
                          const char **stored) {
  if (created) *created = false;
  if (insert && (m->n + 1) * 2 > m->cap) smap_grow(m);
  if (!m->cap) return NULL;
  size_t n = strlen(s);
  uint64_t h = ng_hash_fast(s, n);
  size_t j = (size_t)h & (m->cap - 1);
  for (; m->k[j]; j = (j + 1) & (m->cap - 1))
    if (m->h[j] == h && !strcmp(m->k[j], s)) {
      if (stored) *stored = m->k[j];
      return &m->v[j];
    }
  if (!insert) return NULL;
  m->k[j] = ng_xstrndup(s, n);
  m->h[j] = h;
  m->v[j] = 0;
  m->n++;
  if (created) *created = true;
  if (stored) *stored = m->k[j];
  return &m->v[j];
}

static void smap_free(smap *m) {
  for (size_t i = 0; i < m->cap; i++) free(m->k[i]);
  free(m->k);
  free(m->v);
  free(m->h);
  memset(m, 0, sizeof *m);
}

/* (a, b) -> uint32_t; a is stored + 1 so that 0 marks an empty slot */
typedef struct pmap {
  uint64_t *a, *b;
  uint32_t *v;
  size_t cap, n;
} pmap;

static uint64_t pmix(uint64_t a, uint64_t b) {
  uint64_t h = a * 0x9E3779B97F4A7C15ULL ^ (b + 0x632BE59BD9B4E019ULL);
  h ^= h >> 31;
  h *= 0xBF58476D1CE4E5B9ULL;
  return h ^ (h >> 29);
}

static uint32_t *pmap_get(pmap *m, uint64_t a, uint64_t b, bool *created) {
  *created = false;
  if ((m->n + 1) * 2 > m->cap) {
    pmap o = *m;
    m->cap = o.cap ? o.cap * 2 : 256;
    m->a = ng_xcalloc(m->cap, sizeof *m->a);
    m->b = ng_xcalloc(m->cap, sizeof *m->b);
    m->v = ng_xcalloc(m->cap, sizeof *m->v);
    for (size_t i = 0; i < o.cap; i++) {
      if (!o.a[i]) continue;
      size_t j = (size_t)pmix(o.a[i], o.b[i]) & (m->cap - 1);
      while (m->a[j]) j = (j + 1) & (m->cap - 1);
      m->a[j] = o.a[i];
      m->b[j] = o.b[i];
      m->v[j] = o.v[i];
    }
    free(o.a);
    free(o.b);
    free(o.v);
  }
  a++;
  size_t j = (size_t)pmix(a, b) & (m->cap - 1);
  for (; m->a[j]; j = (j + 1) & (m->cap - 1))
    if (m->a[j] == a && m->b[j] == b) return &m->v[j];
  m->a[j] = a;
  m->b[j] = b;
  m->v[j] = 0;
  m->n++;
  *created = true;
  return &m->v[j];
}

static void pmap_free(pmap *m) {
  free(m->a);
  free(m->b);
  free(m->v);
  memset(m, 0, sizeof *m);
}

/* ---- the second half ---- */

typedef struct kname {
  const char *name;  /* interned */
  uint64_t count;    /* articles whose local entity of this key had this name */
} kname;

/* one distinct resolution key */
typedef struct kent {
  const char *key;   /* owned by the keys table */
  ng_class cls;
  int32_t lex;
  bool surname_only;
  NG_VEC(kname) names;
  NG_VEC(const char *) aliases; /* interned, distinct */
  int32_t entity;    /* graph entity after resolution */
} kent;

struct ng_collect {
  const ng_lexicon *lx;
  bool stream, exact;
  store st;
  smap keys;         /* key -> index into ents */
  smap strs;         /* names and aliases, interned */
  pmap seen;         /* (key index * 2 [+1 for aliases], string) -> name slot / seen */
  NG_VEC(kent) ents;
  size_t claims;
  ng_buf enc;        /* scratch encoding */
  /* exact resolution: every article's clusters and its doc id */
  NG_VEC(ng_clusters) clusters;
  NG_VEC(char *) cdocs;
};

ng_collect *ng_collect_new(const ng_lexicon *lx, bool stream, bool exact_resolution) {
  ng_collect *c = ng_xcalloc(1, sizeof *c);
  c->lx = lx;
  c->stream = stream;
  c->exact = exact_resolution;
  store_open(&c->st, stream);
  return c;
}

void ng_collect_free(ng_collect *c) {
  if (!c) return;
  store_close(&c->st);
  smap_free(&c->keys);
  smap_free(&c->strs);
  pmap_free(&c->seen);
  for (size_t i = 0; i < c->ents.n; i++) {
    free(c->ents.v[i].names.v);
    free(c->ents.v[i].aliases.v);
  }
  free(c->ents.v);
  ng_buf_free(&c->enc);
  for (size_t i = 0; i < c->clusters.n; i++) ng_clusters_free(&c->clusters.v[i]);
  free(c->clusters.v);
  for (size_t i = 0; i < c->cdocs.n; i++) free(c->cdocs.v[i]);
  free(c->cdocs.v);
  free(c);
}

size_t ng_collect_count(const ng_collect *c) { return c->st.n; }

static int32_t lex_id(const ng_lexicon *lx, ng_class cls, const char *canonical) {
  if (!canonical) return -1;
  const ng_lex_entry *e = ng_lex_find_canonical(lx, cls, canonical);
  return e ? (int32_t)e->id : -1;
}

/* Folds the local entities of one encoded record into the key table (read
 * in place from the encoding: nothing is allocated per record) and keeps the
 * record in the store. */
static void collect_encoded(ng_collect *c, const ng_buf *enc, size_t claims, size_t items) {
  rd d = {enc->data, enc->data + enc->len, false};
  ng_article meta;
  decode_meta(&d, &meta);
  size_t n = get_n(&d);
  for (size_t i = 0; i < n && !d.bad; i++) {
    ng_local l;
    size_t ns = decode_local_head(&d, &l);
    bool created;
    const char *key;
    uint32_t *slot = smap_get(&c->keys, l.key ? l.key : "", true, &created, &key);
    if (created) {
      *slot = (uint32_t)c->ents.n;
      kent k = {0};
      k.key = key;
      k.cls = l.cls;
      k.lex = lex_id(c->lx, l.cls, l.lexicon);
      k.surname_only = l.surname_only;
      k.entity = -1;
      NG_VEC_PUSH(c->ents, k);
    }
    uint32_t ki = *slot;
    kent *k = &c->ents.v[ki];
    const char *name;
    smap_get(&c->strs, l.name ? l.name : "", true, NULL, &name);
    uint32_t *nslot = pmap_get(&c->seen, (uint64_t)ki * 2, (uint64_t)(uintptr_t)name, &created);
    if (created) {
      *nslot = (uint32_t)k->names.n;
      kname kn = {name, 0};
      NG_VEC_PUSH(k->names, kn);
    }
    k->names.v[*nslot].count++;
    for (size_t s = 0; s < ns && !d.bad; s++) {
      const char *a, *surface = get_s(&d);
      smap_get(&c->strs, surface ? surface : "", true, NULL, &a);
      pmap_get(&c->seen, (uint64_t)ki * 2 + 1, (uint64_t)(uintptr_t)a, &created);
      if (created) NG_VEC_PUSH(k->aliases, a);
    }
  }
  c->claims += claims;
  store_put(&c->st, enc, items);
}

void ng_collect_add(ng_collect *c, ng_record *r) {
  if (c->exact) {
    NG_VEC_PUSH(c->clusters, r->clusters);
    memset(&r->clusters, 0, sizeof r->clusters);
    NG_VEC_PUSH(c->cdocs, ng_xstrdup(r->meta.doc));
  }
  ng_buf_clear(&c->enc);
  encode(&c->enc, r);
  collect_encoded(c, &c->enc, r->n_claims, record_items(r));
  ng_record_free(r);
}

/* ---- cross-article resolution ---- */

typedef struct npair {
  uint32_t group;    /* stand-in group (scratch entity) */
  const char *name;
  uint32_t kent, slot;
  uint64_t total;    /* count of the name over the group */
  uint64_t copies;   /* stand-ins for this (key, name) */
} npair;

static int cmp_npair(const void *a, const void *b) {
  const npair *x = a, *y = b;
  if (x->group != y->group) return x->group < y->group ? -1 : 1;
  int c = strcmp(x->name, y->name);
  if (c) return c;
  return x->kent < y->kent ? -1 : x->kent > y->kent;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static void resolve_compact(ng_collect *c, ng_graph *g) {
  size_t nk = c->ents.n;
  /* 1. which keys resolve together: one stand-in per key under a made-up
        unique name, so that each scratch entity is one group of keys */
  ng_cluster *rep = ng_xcalloc(nk + 1, sizeof *rep);
  char **tags = ng_xcalloc(nk + 1, sizeof *tags);
  for (size_t k = 0; k < nk; k++) {
    const kent *e = &c->ents.v[k];
    tags[k] = ng_xasprintf("newsgraph-group-%zu", k);
    rep[k].cls = e->cls;
    rep[k].lex = e->lex;
    rep[k].name = tags[k];
    rep[k].key = (char *)e->key;
    rep[k].surname_only = e->surname_only;
    rep[k].global = -1;
  }
  ng_graph *scratch = ng_graph_new(g->base);
  ng_clusters one = {.v = rep, .n = nk};
  ng_resolve_global(scratch, &one, nk ? 1 : 0, c->lx);
  ng_graph_free(scratch);

  /* 2. per group and name, the count over the group; then stand-in copies:
        either the true counts, or dense ranks of the counts scaled so that
        every key keeps at least one — whichever is fewer */
  /* a key in no group (a lone-name guess nothing confirms) is no entity: it
     gets no stand-ins and keeps entity -1 */
  size_t np = 0;
  for (size_t k = 0; k < nk; k++)
    if (rep[k].global >= 0) np += c->ents.v[k].names.n;
  npair *p = ng_xcalloc(np + 1, sizeof *p);
  size_t q = 0;
  for (size_t k = 0; k < nk; k++)
    for (size_t s = 0; rep[k].global >= 0 && s < c->ents.v[k].names.n; s++) {
      npair *x = &p[q++];
      x->group = (uint32_t)rep[k].global;
      x->name = c->ents.v[k].names.v[s].name;
      x->kent = (uint32_t)k;
      x->slot = (uint32_t)s;
      x->total = c->ents.v[k].names.v[s].count;
    }
  ng_sort(p, np, sizeof *p, cmp_npair);
  uint64_t *tot = ng_xmalloc((np + 1) * sizeof *tot);
  size_t total_copies = 0;
  for (size_t a = 0; a < np;) {
    size_t b = a;
    while (b < np && p[b].group == p[a].group) b++;
    /* runs of one name inside the group [a, b) */
    size_t nt = 0, widest = 1;
    uint64_t true_sum = 0;
    for (size_t x = a; x < b;) {
      size_t y = x;
      uint64_t sum = 0;
      while (y < b && !strcmp(p[y].name, p[x].name)) sum += p[y++].total;
      for (size_t z = x; z < y; z++) p[z].total = sum; /* now the group total */
      if (y - x > widest) widest = y - x;
      tot[nt++] = sum;
      x = y;
    }
    for (size_t x = a; x < b; x++) true_sum += c->ents.v[p[x].kent].names.v[p[x].slot].count;
    ng_sort(tot, nt, sizeof *tot, cmp_u64);
    size_t nd = 0; /* distinct totals */
    for (size_t x = 0; x < nt; x++)
      if (!nd || tot[nd - 1] != tot[x]) tot[nd++] = tot[x];
    uint64_t rank_sum = 0;
    for (size_t x = a; x < b;) {
      size_t y = x;
      while (y < b && !strcmp(p[y].name, p[x].name)) y++;
      uint64_t *f = bsearch(&p[x].total, tot, nd, sizeof *tot, cmp_u64);
      rank_sum += (uint64_t)(f - tot + 1) * widest;
      x = y;
    }
    bool ranks = rank_sum < true_sum;
    for (size_t x = a; x < b;) {
      size_t y = x;
      while (y < b && !strcmp(p[y].name, p[x].name)) y++;
      if (ranks) {
        uint64_t *f = bsearch(&p[x].total, tot, nd, sizeof *tot, cmp_u64);
        uint64_t t = (uint64_t)(f - tot + 1) * widest, per = t / (y - x);
        for (size_t z = x; z < y; z++) p[z].copies = per;
        p[x].copies += t - per * (y - x);
      } else {
        for (size_t z = x; z < y; z++)
          p[z].copies = c->ents.v[p[z].kent].names.v[p[z].slot].count;
      }
      for (size_t z = x; z < y; z++) total_copies += p[z].copies;
      x = y;
    }
    a = b;
  }
  free(tot);

  /* 3. the real resolution; the first stand-in of each key carries its
        alias surfaces */
  ng_cluster *st = ng_xcalloc(total_copies + 1, sizeof *st);
  bool *carried = ng_xcalloc(nk + 1, sizeof *carried);
  size_t ns = 0;
  for (size_t x = 0; x < np; x++) {
    const kent *e = &c->ents.v[p[x].kent];
    for (uint64_t k = 0; k < p[x].copies; k++) {
      ng_cluster *cl = &st[ns++];
      cl->cls = e->cls;
      cl->lex = e->lex;
      cl->name = (char *)p[x].name;
      cl->key = (char *)e->key;
      cl->surname_only = e->surname_only;
      cl->global = -1;
      cl->mentions = (unsigned)p[x].kent; /* which key (not read by resolution) */
      if (!carried[p[x].kent] && e->aliases.n) {
        carried[p[x].kent] = true;
        cl->surf = ng_xcalloc(e->aliases.n, sizeof *cl->surf);
        for (size_t s = 0; s < e->aliases.n; s++) {
          cl->surf[s].text = (char *)e->aliases.v[s];
          cl->surf[s].count = 1;
          cl->surf[s].alias = true;
        }
        cl->n_surf = e->aliases.n;
      }
    }
  }
  ng_clusters all = {.v = st, .n = ns};
  ng_resolve_global(g, &all, ns ? 1 : 0, c->lx);
  for (size_t x = 0; x < ns; x++) {
    c->ents.v[st[x].mentions].entity = st[x].global;
    for (size_t s = 0; s < st[x].n_surf; s++) free(st[x].surf[s].reason);
    free(st[x].surf);
  }
  free(st);
  free(carried);
  free(p);
  for (size_t k = 0; k < nk; k++) free(tags[k]);
  free(tags);
  free(rep);
}

static _Thread_local char **sort_docs; /* qsort has no payload */

static int cmp_doc_idx(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  int c = strcmp(sort_docs[x], sort_docs[y]);
  return c ? c : (x < y ? -1 : x > y);
}

static void resolve_exact(ng_collect *c, ng_graph *g, ng_explain_fn explain, void *payload) {
  ng_resolve_global(g, c->clusters.v, c->clusters.n, c->lx);
  for (size_t d = 0; d < c->clusters.n; d++)
    for (size_t i = 0; i < c->clusters.v[d].n; i++) {
      const ng_cluster *cl = &c->clusters.v[d].v[i];
      uint32_t *k = smap_get(&c->keys, cl->key ? cl->key : "", false, NULL, NULL);
      if (k) c->ents.v[*k].entity = cl->global;
    }
  if (!explain) return;
  size_t *ord = ng_xmalloc((c->cdocs.n + 1) * sizeof *ord);
  for (size_t i = 0; i < c->cdocs.n; i++) ord[i] = i;
  sort_docs = c->cdocs.v;
  ng_sort(ord, c->cdocs.n, sizeof *ord, cmp_doc_idx);
  sort_docs = NULL;
  for (size_t i = 0; i < c->cdocs.n; i++) {
    const ng_clusters *cs = &c->clusters.v[ord[i]];
    for (size_t k = 0; k < cs->n; k++) {
      const ng_cluster *cl = &cs->v[k];
      if (cl->global < 0) continue;
      for (size_t s = 0; s < cl->n_surf; s++)
        explain(c->cdocs.v[ord[i]], cl->surf[s].text, &g->entities[cl->global],
                cl->surf[s].reason, payload);
    }
  }
  free(ord);
}

/* ---- filling the graph ---- */

enum { PART_ITEMS = 4096 }; /* mentions + claims + quotes + locals per streamed part */

typedef struct filler {
  ng_collect *c;
  ng_graph *g;        /* the graph, or the summary graph when streaming */
  ng_graph *part;     /* where records go: g, or the current part */
  int32_t *emap;      /* streaming: g entity -> part entity, -1 */
  NG_VEC(uint32_t) touched;
  bool no_locals;     /* the sink does not read the parts' locals */
  ng_buf iri;
} filler;

/* a filler into g itself, or (stream) into parts of it */
static void filler_init(filler *f, ng_collect *c, ng_graph *g, bool stream, bool no_locals) {
  memset(f, 0, sizeof *f);
  f->c = c;
  f->g = g;
  f->part = g;
  f->no_locals = no_locals;
  if (stream) {
    f->emap = ng_xmalloc((g->n_entities + 1) * sizeof *f->emap);
    for (size_t i = 0; i < g->n_entities; i++) f->emap[i] = -1;
  }
}

static void filler_free(filler *f) {
  free(f->emap);
  free(f->touched.v);
  ng_buf_free(&f->iri);
}

typedef struct lref {
  uint32_t number;
  int32_t entity;
} lref;

static int cmp_lref(const void *a, const void *b) {
  const lref *x = a, *y = b;
  return x->number < y->number ? -1 : x->number > y->number;
}

static int32_t ref_entity(const lref *m, size_t n, uint32_t ref) {
  if (!ref) return -1;
  lref key = {ref - 1, 0};
  const lref *f = bsearch(&key, m, n, sizeof *m, cmp_lref);
  return f ? f->entity : -1;
}

static int32_t part_entity(filler *f, int32_t e) {
  if (e < 0 || f->part == f->g) return e;
  if (f->emap[e] < 0) {
    f->emap[e] = (int32_t)ng_graph_entity_like(f->part, &f->g->entities[e]);
    NG_VEC_PUSH(f->touched, (uint32_t)e);
  }
  return f->emap[e];
}

static const char *mint(filler *f, const char *kind, uint64_t id) {
  ng_buf_clear(&f->iri);
  ng_buf_printf(&f->iri, "%s%s/%016llx", f->g->base, kind, (unsigned long long)id);
  return f->iri.data;
}

static void fill_record(filler *f, const ng_record *r) {
  ng_graph *G = f->part;
  uint32_t ai = ng_graph_add_article(G, &r->meta);
  lref *lm = ng_xmalloc((r->n_locals + 1) * sizeof *lm);
  for (size_t i = 0; i < r->n_locals; i++) {
    ng_local l = r->locals[i];
    uint32_t *k = smap_get(&f->c->keys, l.key ? l.key : "", false, NULL, NULL);
    l.article = ai;
    int32_t e = k ? f->c->ents.v[*k].entity : -1; /* in f->g; -1: no entity (an
                                                      unconfirmed guess, kept for
                                                      the analysis layer) */
    lm[i] = (lref){l.number, e};
    if (f->no_locals) continue; /* then only what names the entity brings it into the part */
    l.entity = part_entity(f, e);
    ng_graph_add_local(G, &l);
  }
  ng_sort(lm, r->n_locals, sizeof *lm, cmp_lref);
  for (size_t i = 0; i < r->n_mentions; i++) {
    ng_mention m = r->mentions[i];
    m.article = ai;
    m.entity = part_entity(f, ref_entity(lm, r->n_locals, m.ref)); /* see ng_mention_unresolved */
    ng_graph_put_mention(G, &m);
  }
  for (size_t i = 0; i < r->n_claims; i++) {
    ng_claim c = r->claims[i].c;
    int32_t s = ref_entity(lm, r->n_locals, c.s_ref);
    int32_t o = ref_entity(lm, r->n_locals, c.o_ref);
    if (s < 0 || o < 0) {
      if (c.s_ref && c.o_ref) { /* both ends known, one made no entity */
        c.iri = (char *)mint(f, "claim", r->claims[i].id);
        ng_graph_add_unresolved_claim(G, r->claims[i].pred, ai, &c);
      }
      continue;
    }
    s = part_entity(f, s);
    o = part_entity(f, o);
    c.iri = (char *)mint(f, "claim", r->claims[i].id);
    ng_graph_add_claim(G, (uint32_t)s, r->claims[i].pred, (uint32_t)o, ai, &c);
  }
  for (size_t i = 0; i < r->n_quotes; i++) {
    ng_quote q = r->quotes[i].q;
    q.article = ai;
    q.speaker = part_entity(f, ref_entity(lm, r->n_locals, q.speaker_ref));
    q.iri = (char *)mint(f, "quote", r->quotes[i].id);
    ng_graph_add_quote(G, &q);
  }
  free(lm);
}

/* A part of the graph filled from a batch of stored records (each its
 * length, 8 bytes, and its encoding), then finished. Reads only the
 * collector and f->g's entities, which stay as they are while parts are
 * filled: several threads fill parts at once, each with its own filler. */
static ng_graph *fill_part(filler *f, view *vw, const ng_buf *batch) {
  f->part = ng_graph_new(f->g->base);
  for (size_t off = 0; off + sizeof(uint64_t) <= batch->len;) {
    uint64_t n;
    memcpy(&n, batch->data + off, sizeof n);
    off += sizeof n;
    rd r = {batch->data + off, batch->data + off + n, false};
    if (decode(&r, vw)) fill_record(f, &vw->r);
    off += (size_t)n;
  }
  ng_graph_finish(f->part);
  for (size_t i = 0; i < f->touched.n; i++) f->emap[f->touched.v[i]] = -1;
  f->touched.n = 0;
  ng_graph *part = f->part;
  f->part = NULL;
  return part;
}

/* ---- streaming: parts filled and written in order, on threads with -j ----
 * The calling thread reads the store and cuts it into batches of records
 * (PART_ITEMS items each); each batch goes into a ring of slots, where a
 * worker fills it into a part (fill_part) and writes that into a memory
 * buffer (fopencookie) with sink->part. The calling thread takes the parts
 * back in ring order, folds each into the summary graph and copies its
 * bytes to sink->out, so the bytes are those of one thread. At most `slots`
 * parts are in flight, which bounds memory. */

typedef struct wslot {
  ng_buf recs;    /* the batch (see fill_part); its memory goes back and forth with the caller's */
  ng_graph *part; /* filled from recs by the worker */
  unsigned maker; /* that worker's index */
  ng_buf out;     /* the part as written; kept for the slot's next part */
  int rc;
  bool done;
} wslot;

static ssize_t buf_write(void *cookie, const char *p, size_t n) {
  ng_buf_put(cookie, p, n);
  return (ssize_t)n;
}

static const cookie_io_functions_t buf_io = {NULL, buf_write, NULL, NULL};

typedef struct wpool {
  ng_sink *sink;
  ng_collect *c;       /* what parts are filled from */
  ng_graph *g;         /* the summary graph */
  bool no_locals;
  filler direct;       /* the calling thread's, for parts it fills itself */
  view direct_view;
  unsigned started;    /* writer threads that took their index */
  wslot *slot;
  size_t n;            /* ring size */
  size_t head;         /* next part to copy out */
  size_t tail;         /* next free position */
  size_t next;         /* next part for a worker */
  bool stop;
  pthread_mutex_t mu;
  pthread_cond_t work, done;
  pthread_t *th;
  unsigned nth;
  /* per worker: its parts copied out, for it to free (memory is best freed
     by the thread that allocated it: glibc gives each thread its own heap,
     and freeing into another's cost as much as filling the part) */
  NG_VEC(ng_graph *) *spent;
} wpool;

/* frees the parts of worker `self` that are copied out (w->mu held; it is
   released while freeing) */
static void free_spent(wpool *w, unsigned self) {
  while (w->spent[self].n) {
    ng_graph *g = w->spent[self].v[--w->spent[self].n];
    pthread_mutex_unlock(&w->mu);
    ng_graph_free(g);
    pthread_mutex_lock(&w->mu);
  }
}

static void *writer_thread(void *arg) {
  wpool *w = arg;
  filler f;
  filler_init(&f, w->c, w->g, true, w->no_locals);
  view vw = {0};
  /* JSON lines come in small writes (glibc ignores the size of a buffer it
     is to allocate itself, hence ours) */
  char *iob = ng_xmalloc(1 << 16);
  pthread_mutex_lock(&w->mu);
  unsigned self = w->started++;
  for (;;) {
    free_spent(w, self);
    while (!w->stop && w->next == w->tail) pthread_cond_wait(&w->work, &w->mu);
    if (w->next == w->tail) break; /* stopped and nothing left */
    wslot *s = &w->slot[w->next++ % w->n];
    pthread_mutex_unlock(&w->mu);
    s->part = fill_part(&f, &vw, &s->recs);
    s->maker = self;
    int rc = NG_E_IO;
    ng_buf_clear(&s->out);
    FILE *m = fopencookie(&s->out, "w", buf_io);
    if (m) {
      setvbuf(m, iob, _IOFBF, 1 << 16);
      rc = w->sink->part(s->part, m, self, w->sink->payload);
      if (fclose(m) != 0 && rc == NG_OK) rc = NG_E_IO;
    }
    pthread_mutex_lock(&w->mu);
    s->rc = rc;
    s->done = true;
    pthread_cond_broadcast(&w->done);
  }
  pthread_mutex_unlock(&w->mu);
  free(iob);
  view_free(&vw);
  filler_free(&f);
  return NULL;
}

static void sink_count(ng_sink *sink, const ng_graph *part) {
  sink->articles += part->n_articles;
  sink->claims += part->n_claims;
}

/* copies the oldest part out (waiting for its worker), folds it into the
   summary graph and frees it */
static void pool_emit(wpool *w) {
  wslot *s = &w->slot[w->head % w->n];
  pthread_mutex_lock(&w->mu);
  while (!s->done) pthread_cond_wait(&w->done, &w->mu);
  pthread_mutex_unlock(&w->mu);
  ng_graph_absorb(w->g, s->part);
  ng_sink *k = w->sink;
  if (!k->rc && s->rc) k->rc = s->rc;
  if (!k->rc && s->out.len && fwrite(s->out.data, 1, s->out.len, k->out) != s->out.len) {
    k->rc = NG_E_IO;
    k->err = errno;
  }
  if (!k->rc) sink_count(k, s->part);
  pthread_mutex_lock(&w->mu);
  NG_VEC_PUSH(w->spent[s->maker], s->part); /* its maker frees it */
  pthread_mutex_unlock(&w->mu);
  s->part = NULL;
  s->rc = 0;
  s->done = false;
  w->head++;
}

static void pool_start(wpool *w, ng_sink *sink, unsigned jobs, ng_collect *c, ng_graph *g,
                       bool no_locals) {
  memset(w, 0, sizeof *w);
  w->sink = sink;
  w->c = c;
  w->g = g;
  w->no_locals = no_locals;
  filler_init(&w->direct, c, g, true, no_locals);
  if (jobs <= 1) return;
  w->n = 2 * (size_t)jobs;
  w->slot = ng_xcalloc(w->n, sizeof *w->slot);
  pthread_mutex_init(&w->mu, NULL);
  pthread_cond_init(&w->work, NULL);
  pthread_cond_init(&w->done, NULL);
  w->th = ng_xmalloc(jobs * sizeof *w->th);
  w->spent = ng_xcalloc(jobs, sizeof *w->spent);
  for (unsigned k = 0; k < jobs; k++)
    if (!pthread_create(&w->th[k], NULL, writer_thread, w)) w->nth++;
    else break;
}

/* hands a batch of `items` items over (its bytes are taken; *batch comes
   back empty) */
static void pool_put(wpool *w, ng_buf *batch, size_t items) {
  ng_sink *k = w->sink;
  /* one thread, or a batch far larger than batches are made (one huge
     article): filled and written here, after the parts before it — a
     worker would hold all of its output in memory (800 MB for one 20 MB
     article) */
  if (!w->nth || items > 4 * PART_ITEMS) {
    while (w->head < w->tail) pool_emit(w);
    ng_graph *part = fill_part(&w->direct, &w->direct_view, batch);
    ng_buf_clear(batch);
    ng_graph_absorb(w->g, part);
    if (!k->rc) {
      errno = 0;
      k->rc = k->part(part, k->out, 0, k->payload);
      if (!k->rc && ferror(k->out)) k->rc = NG_E_IO;
      if (k->rc && !k->err) k->err = errno;
      if (!k->rc) sink_count(k, part);
    }
    ng_graph_free(part);
    return;
  }
  if (w->tail - w->head == w->n) pool_emit(w);
  /* the slot at tail is free: no worker looks at it until tail moves on */
  wslot *s = &w->slot[w->tail % w->n];
  ng_buf t = s->recs;
  s->recs = *batch;
  *batch = t;
  ng_buf_clear(batch);
  pthread_mutex_lock(&w->mu);
  w->tail++;
  s->done = false;
  pthread_cond_signal(&w->work);
  pthread_mutex_unlock(&w->mu);
}

static void pool_finish(wpool *w) {
  while (w->head < w->tail) pool_emit(w);
  if (w->nth) {
    pthread_mutex_lock(&w->mu);
    w->stop = true;
    pthread_cond_broadcast(&w->work);
    pthread_mutex_unlock(&w->mu);
    for (unsigned k = 0; k < w->nth; k++) pthread_join(w->th[k], NULL);
    for (unsigned k = 0; k < w->nth; k++) { /* emitted after their maker's last look */
      for (size_t i = 0; i < w->spent[k].n; i++) ng_graph_free(w->spent[k].v[i]);
      free(w->spent[k].v);
    }
    free(w->spent);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->work);
    pthread_cond_destroy(&w->done);
  }
  for (size_t i = 0; i < w->n; i++) {
    ng_buf_free(&w->slot[i].out);
    ng_buf_free(&w->slot[i].recs);
  }
  free(w->th);
  free(w->slot);
  filler_free(&w->direct);
  view_free(&w->direct_view);
}

int ng_collect_finish(ng_collect *c, ng_graph *g, ng_sink *sink, ng_diag *d,
                      const ng_pipeline_opts *opts, ng_explain_fn explain,
                      void *explain_payload) {
  int rc = NG_OK;
  if (c->st.no_file)
    ng_diag_report(d, NG_DIAG_WARNING, NULL, 0, 0, NG_D_OUTPUT,
                   "cannot create a temporary file in %s (%s): article records were kept in memory",
                   getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
                   strerror(c->st.no_file));
  if (c->exact)
    resolve_exact(c, g, explain, explain_payload);
  else
    resolve_compact(c, g);

  filler f;
  filler_init(&f, c, g, false, false);
  wpool pool;
  if (sink)
    pool_start(&pool, sink, opts ? opts->jobs : 1, c, g, opts && opts->parts_no_locals);
  ng_buf batch = {0}; /* streaming: the records of the next part */
  size_t batch_items = 0;
  store_cursor cur;
  view vw = {0};
  const char *p;
  size_t len, items, done = 0;
  if (store_rewind(&c->st, &cur))
    while ((!sink || !sink->rc) && store_next(&c->st, &cur, &p, &len, &items)) {
      if (sink) {
        uint64_t n = len;
        ng_buf_put(&batch, (const char *)&n, sizeof n);
        ng_buf_put(&batch, p, len);
        batch_items += items;
        if (batch_items >= PART_ITEMS) {
          pool_put(&pool, &batch, batch_items);
          batch_items = 0;
        }
      } else {
        rd r = {p, p + len, false};
        if (decode(&r, &vw)) fill_record(&f, &vw.r);
      }
      done++;
      if (opts && opts->progress && (done % 256 == 0 || done == c->st.n)) {
        ng_progress pr = {0};
        pr.writing = true;
        pr.files_done = done;
        pr.files_total = c->st.n;
        pr.entities = g->n_entities;
        pr.claims = c->claims;
        opts->progress(&pr, opts->progress_payload);
      }
    }
  if (c->st.failed || (!(sink && sink->rc) && done != c->st.n)) {
    ng_diag_report(d, NG_DIAG_ERROR, NULL, 0, 0, NG_D_OUTPUT,
                   "temporary record store failed: %s",
                   c->st.err ? strerror(c->st.err) : "short read");
    rc = NG_E_IO;
  }
  if (sink) {
    if (batch.len && !sink->rc && rc == NG_OK) pool_put(&pool, &batch, batch_items);
    pool_finish(&pool);
    if (!sink->rc && rc != NG_OK) sink->rc = rc;
    if (sink->rc) rc = sink->rc;
  }
  ng_buf_free(&batch);
  filler_free(&f);
  free(cur.buf.data);
  view_free(&vw);
  ng_graph_finish(g);
  return rc;
}

/* ---- the first half: analysis on N threads, consumed in input order ---- */

/* Analyses article i into its slot. Unless every article's clusters are
 * kept (exact resolution), the record is encoded and freed here, on the
 * analysing thread: the consumer only reads the encoding, and memory is
 * freed by the thread that allocated it. */
static void job_run(job *j, const char *path, size_t i, const ng_lexicon *lx,
                    const ng_pipeline_opts *o) {
  j->path = path;
  j->index = i;
  analyse(j, lx, o);
  j->claims = j->rec.n_claims;
  j->items = record_items(&j->rec);
  if (j->ok && !o->exact_resolution) {
    encode(&j->enc, &j->rec);
    ng_record_free(&j->rec);
    j->encoded = true;
  }
}

typedef struct shared {
  const char *const *paths;
  size_t n;
  const ng_lexicon *lx;
  const ng_pipeline_opts *opts;
  job *slots;
  size_t window;     /* slots: article i lives in slots[i % window] */
  size_t next;       /* next article to analyse */
  size_t consumed;   /* articles the consumer has taken */
  size_t awaited;    /* the article the consumer sleeps for, or SIZE_MAX */
  unsigned idle;     /* workers asleep for want of a free slot */
  bool stop;
  pthread_mutex_t mu;
  pthread_cond_t can_work, has_done;
} shared;

static void *worker(void *arg) {
  shared *s = arg;
  pthread_mutex_lock(&s->mu);
  for (;;) {
    while (!s->stop && s->next < s->n && s->next >= s->consumed + s->window) {
      s->idle++;
      pthread_cond_wait(&s->can_work, &s->mu);
      s->idle--;
    }
    if (s->stop || s->next >= s->n) break;
    size_t i = s->next++;
    job *j = &s->slots[i % s->window];
    pthread_mutex_unlock(&s->mu);
    job_run(j, s->paths[i], i, s->lx, s->opts);
    pthread_mutex_lock(&s->mu);
    j->done = true;
    /* wake the consumer only for the article it waits for: thousands of
       short articles made the wake-ups a cost of their own */
    if (s->awaited == i) pthread_cond_signal(&s->has_done);
  }
  pthread_mutex_unlock(&s->mu);
  return NULL;
}

size_t ng_pipeline_run(ng_graph *g, const char *const *paths, size_t n,
                       const ng_lexicon *lx, const ng_pipeline_opts *opts,
                       ng_diag *d, ng_explain_fn explain, void *explain_payload) {
  return ng_pipeline_stream(g, paths, n, lx, opts, NULL, d, explain, explain_payload);
}

size_t ng_pipeline_stream(ng_graph *g, const char *const *paths, size_t n,
                          const ng_lexicon *lx, const ng_pipeline_opts *opts, ng_sink *sink,
                          ng_diag *d, ng_explain_fn explain, void *explain_payload) {
  if (explain) sink = NULL;
  bool exact = opts->exact_resolution || explain;
  ng_pipeline_opts o = *opts;
  o.exact_resolution = exact;
  ng_collect *c = ng_collect_new(lx, sink != NULL, exact);

  ng_progress pr = {0};
  pr.files_total = n;
  /* the total is for the progress display only: without one, no stat of
     every input before it is read */
  for (size_t i = 0; opts->progress && i < n; i++) {
    struct stat st;
    if (strcmp(paths[i], "-") && stat(paths[i], &st) == 0) pr.bytes_total += (uint64_t)st.st_size;
  }

  unsigned jobs = opts->jobs ? opts->jobs : 1;
  if (jobs > n) jobs = n ? (unsigned)n : 1;
  shared s = {0};
  s.awaited = SIZE_MAX;
  s.paths = paths;
  s.n = n;
  s.lx = lx;
  s.opts = &o;
  s.window = jobs > 1 ? 16 * (size_t)jobs : 1;
  s.slots = ng_xcalloc(s.window, sizeof *s.slots);
  pthread_t *th = NULL;
  unsigned started = 0;
  if (jobs > 1) {
    pthread_mutex_init(&s.mu, NULL);
    pthread_cond_init(&s.can_work, NULL);
    pthread_cond_init(&s.has_done, NULL);
    th = ng_xmalloc(jobs * sizeof *th);
    for (unsigned k = 0; k + 1 < jobs; k++) /* and this thread */
      if (!pthread_create(&th[k], NULL, worker, &s)) started++;
      else break;
  }

  size_t failed = 0;
  for (size_t i = 0; i < n; i++) {
    job *j = &s.slots[i % s.window];
    if (started) {
      pthread_mutex_lock(&s.mu);
      s.awaited = i;
      /* while article i is not ready, this thread analyses the next one
         itself rather than sleep: no wake-up per article, and -j N keeps
         N threads busy (N - 1 workers and this one) */
      while (!j->done) {
        if (!s.stop && s.next < s.n && s.next < s.consumed + s.window) {
          size_t k = s.next++;
          job *jk = &s.slots[k % s.window];
          pthread_mutex_unlock(&s.mu);
          job_run(jk, paths[k], k, lx, &o);
          pthread_mutex_lock(&s.mu);
          jk->done = true;
        } else {
          pthread_cond_wait(&s.has_done, &s.mu);
        }
      }
      s.awaited = SIZE_MAX;
      pthread_mutex_unlock(&s.mu);
    } else {
      job_run(j, paths[i], i, lx, &o);
    }
    for (size_t k = 0; k < j->diags.n; k++) {
      const ng_diag_item *it = &j->diags.v[k];
      ng_diag_report(d, it->level, it->path, it->line, it->col, it->code, "%s", it->message);
    }
    pr.files_done = i + 1;
    pr.bytes_done += j->bytes;
    if (j->ok) {
      pr.claims += j->claims;
      if (j->encoded) collect_encoded(c, &j->enc, j->claims, j->items);
      else ng_collect_add(c, &j->rec);
    } else {
      failed++;
    }
    job_clear(j);
    if (started) {
      pthread_mutex_lock(&s.mu);
      s.consumed = i + 1;
      if (s.idle) pthread_cond_broadcast(&s.can_work);
      pthread_mutex_unlock(&s.mu);
    }
    pr.entities = c->ents.n;
    if (opts->progress) opts->progress(&pr, opts->progress_payload);
  }
  if (started) {
    pthread_mutex_lock(&s.mu);
    s.stop = true;
    pthread_cond_broadcast(&s.can_work);
    pthread_mutex_unlock(&s.mu);
    for (unsigned k = 0; k < started; k++) pthread_join(th[k], NULL);
  }
  if (jobs > 1) {
    pthread_mutex_destroy(&s.mu);
    pthread_cond_destroy(&s.can_work);
    pthread_cond_destroy(&s.has_done);
  }
  free(th);
  for (size_t k = 0; k < s.window; k++) {
    job_clear(&s.slots[k]); /* the articles after a stop */
    ng_buf_free(&s.slots[k].enc);
  }
  free(s.slots);

  ng_collect_finish(c, g, sink, d, &o, explain, explain_payload);
  ng_collect_free(c);
  return failed;
}
