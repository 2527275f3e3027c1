/* merge.c — `newsgraph merge`: N-Quads parts back into article records.
 *
 * Each part is parsed with Raptor's N-Quads parser. Statements in the default
 * graph are skipped (they are recomputed); a statement in a named graph
 * <base>doc/<doc> is sorted by its subject: the article itself, a local
 * entity <article>#ref=N, a mention <article>#char=B,E, a claim
 * <base>claim/<hex> or a quote <base>quote/<hex>. When a part ends, its
 * articles are checked (the analysis layer must be complete: as many local
 * entities as ng:articleEntities says) and handed to the collector, so memory
 * holds one part at a time. What N-Quads do not carry (the input path, and
 * the UTF-8 byte offsets of mentions and quotes) is not needed by any writer
 * except the `mentions`/`relations` JSON lines, which merge does not write;
 * mention and quote offsets are set to their code point offsets, which sort
 * the same. See merge.h. */
#include "cli/merge.h"

#include "graph/base.h"
#include "graph/graph.h"

#include <errno.h>
#include <raptor2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_NIF "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
#define NS_SCHEMA "http://schema.org/"
#define NS_XSD "http://www.w3.org/2001/XMLSchema#"

typedef enum { S_ARTICLE, S_LOCAL, S_MENTION, S_CLAIM, S_QUOTE } skind;

typedef struct part_art {
  char *iri;           /* the named graph */
  ng_record rec;
  size_t cap_l, cap_m, cap_c, cap_q;
  bool has_layer;      /* ng:articleEntities seen */
  uint64_t n_layer;
} part_art;

typedef struct subject {
  skind kind;
  uint32_t art, idx;
} subject;

/* string -> subject */
typedef struct smap {
  char **k;
  subject *v;
  size_t cap, n;
} smap;

static subject *smap_get(smap *m, const char *key, bool *created) {
  *created = false;
  if ((m->n + 1) * 2 > m->cap) {
    smap o = *m;
    m->cap = o.cap ? o.cap * 2 : 1024;
    m->k = ng_xcalloc(m->cap, sizeof *m->k);
    m->v = ng_xcalloc(m->cap, sizeof *m->v);
    for (size_t i = 0; i < o.cap; i++) {
      if (!o.k[i]) continue;
      size_t j = (size_t)ng_hash_fast(o.k[i], strlen(o.k[i])) & (m->cap - 1);
      while (m->k[j]) j = (j + 1) & (m->cap - 1);
      m->k[j] = o.k[i];
      m->v[j] = o.v[i];
    }
    free(o.k);
    free(o.v);
  }
  size_t j = (size_t)ng_hash_fast(key, strlen(key)) & (m->cap - 1);
  for (; m->k[j]; j = (j + 1) & (m->cap - 1))
    if (!strcmp(m->k[j], key)) return &m->v[j];
  m->k[j] = ng_xstrdup(key);
  m->n++;
  *created = true;
  return &m->v[j];
}

static void smap_free(smap *m) {
  for (size_t i = 0; i < m->cap; i++) free(m->k[i]);
  free(m->k);
  free(m->v);
  memset(m, 0, sizeof *m);
}

typedef struct reader {
  ng_collect *c;
  ng_diag *d;
  const char *path;      /* the part being read */
  char *doc_prefix;      /* <base>doc/ */
  char *claim_prefix;    /* <base>claim/ */
  char *quote_prefix;    /* <base>quote/ */
  NG_VEC(part_art) arts; /* articles of the current part */
  smap subjects;         /* graph "\n" subject -> where it goes (current part) */
  smap done;             /* article graphs of earlier parts */
  ng_buf key;
  bool failed;           /* the current part failed */
  bool foreign_base;     /* reported once per part */
} reader;

static const char *uri_str(const raptor_term *t) {
  if (!t || t->type != RAPTOR_TERM_TYPE_URI) return NULL;
  return (const char *)raptor_uri_as_string(t->value.uri);
}

static const char *lit_str(const raptor_term *t) {
  if (!t || t->type != RAPTOR_TERM_TYPE_LITERAL) return NULL;
  return (const char *)t->value.literal.string;
}

static const char *lit_type(const raptor_term *t) {
  if (!t || t->type != RAPTOR_TERM_TYPE_LITERAL || !t->value.literal.datatype) return NULL;
  return (const char *)raptor_uri_as_string(t->value.literal.datatype);
}

static bool starts(const char *s, const char *prefix) {
  return !strncmp(s, prefix, strlen(prefix));
}

static uint64_t num(const raptor_term *t) {
  const char *s = lit_str(t);
  return s ? strtoull(s, NULL, 10) : 0;
}

static bool truth(const raptor_term *t) {
  const char *s = lit_str(t);
  return s && (!strcmp(s, "true") || !strcmp(s, "1"));
}

static void set_str(char **dst, const raptor_term *t) {
  const char *s = lit_str(t);
  if (!s) s = uri_str(t);
  if (!s) return;
  free(*dst);
  *dst = ng_xstrdup(s);
}

/* N of an object IRI <graph>#ref=N, as a local reference N + 1 (0 if not one) */
static uint32_t local_ref(const char *graph, const raptor_term *o) {
  const char *u = uri_str(o);
  size_t gl = strlen(graph);
  if (!u || strncmp(u, graph, gl) || strncmp(u + gl, "#ref=", 5)) return 0;
  return (uint32_t)strtoul(u + gl + 5, NULL, 10) + 1;
}

#define GROW_ARR(arr, n, cap)                                                  \
  do {                                                                         \
    if ((n) == (cap)) {                                                        \
      (cap) = (cap) ? (cap) * 2 : 8;                                           \
      (arr) = ng_xrealloc((arr), (cap) * sizeof *(arr));                       \
    }                                                                          \
  } while (0)

/* the article of named graph g (created on first sight), or -1 */
static int32_t article_of(reader *x, const char *g) {
  bool created;
  subject *s = smap_get(&x->subjects, g, &created);
  if (!created) return (int32_t)s->art;
  s->kind = S_ARTICLE;
  s->art = (uint32_t)x->arts.n;
  part_art a = {0};
  a.iri = ng_xstrdup(g);
  a.rec.meta.doc = ng_xstrdup(g + strlen(x->doc_prefix));
  NG_VEC_PUSH(x->arts, a);
  bool fresh;
  smap_get(&x->done, g, &fresh);
  if (!fresh) {
    ng_diag_report(x->d, NG_DIAG_ERROR, x->path, 0, 0, NG_D_USAGE,
                   "article %s is also in an earlier part; every article must be in one part only", g);
    x->failed = true;
  }
  return (int32_t)s->art;
}

static uint64_t hex_id(const char *s) { return strtoull(s, NULL, 16); }

static void on_statement(void *user, raptor_statement *st) {
  reader *x = user;
  const char *g = uri_str(st->graph);
  if (!g || x->failed) return; /* default graph: recomputed by the merge */
  if (!starts(g, x->doc_prefix)) {
    if (!x->foreign_base)
      ng_diag_report(x->d, NG_DIAG_ERROR, x->path, 0, 0, NG_D_USAGE,
                     "named graph <%s> is not an article of base %.*s (built with another --base?)",
                     g, (int)(strlen(x->doc_prefix) - 4), x->doc_prefix);
    x->foreign_base = true;
    x->failed = true;
    return;
  }
  const char *s = uri_str(st->subject), *p = uri_str(st->predicate);
  if (!s || !p) return;
  int32_t ai = article_of(x, g);
  if (ai < 0) return;
  part_art *a = &x->arts.v[ai];
  ng_record *r = &a->rec;
  const raptor_term *o = st->object;
  size_t gl = strlen(g);

  if (!strcmp(s, g)) { /* the article node */
    ng_article *m = &r->meta;
    if (!strcmp(p, NS_SCHEMA "headline")) set_str(&m->headline, o);
    else if (!strcmp(p, NS_SCHEMA "datePublished")) {
      const char *dt = lit_type(o);
      set_str(dt && !strcmp(dt, NS_XSD "date") ? &m->date_iso : &m->date, o);
    } else if (!strcmp(p, NS_SCHEMA "author")) set_str(&m->author, o);
    else if (!strcmp(p, NS_SCHEMA "publisher")) set_str(&m->publisher, o);
    else if (!strcmp(p, NS_SCHEMA "url")) set_str(&m->url, o);
    else if (!strcmp(p, NG_NS "sourceFormat")) set_str(&m->source, o);
    else if (!strcmp(p, NG_NS "sha256")) set_str(&m->sha256, o);
    else if (!strcmp(p, NG_NS "articleEntities")) {
      a->has_layer = true;
      a->n_layer = num(o);
    }
    return;
  }

  /* everything else: find or create its subject */
  ng_buf_clear(&x->key);
  ng_buf_puts(&x->key, g);
  ng_buf_putc(&x->key, '\n');
  ng_buf_puts(&x->key, s);
  bool created;
  subject *sub = smap_get(&x->subjects, x->key.data, &created);
  if (created) {
    sub->art = (uint32_t)ai;
    if (!strncmp(s, g, gl) && starts(s + gl, "#ref=")) {
      sub->kind = S_LOCAL;
      GROW_ARR(r->locals, r->n_locals, a->cap_l);
      ng_local *l = &r->locals[r->n_locals];
      memset(l, 0, sizeof *l);
      l->number = (uint32_t)strtoul(s + gl + 5, NULL, 10);
      l->entity = -1;
      sub->idx = (uint32_t)r->n_locals++;
    } else if (!strncmp(s, g, gl) && starts(s + gl, "#char=")) {
      sub->kind = S_MENTION;
      GROW_ARR(r->mentions, r->n_mentions, a->cap_m);
      ng_mention *m = &r->mentions[r->n_mentions];
      memset(m, 0, sizeof *m);
      m->entity = -1;
      sub->idx = (uint32_t)r->n_mentions++;
    } else if (starts(s, x->claim_prefix)) {
      sub->kind = S_CLAIM;
      GROW_ARR(r->claims, r->n_claims, a->cap_c);
      ng_rec_claim *c = &r->claims[r->n_claims];
      memset(c, 0, sizeof *c);
      c->id = hex_id(s + strlen(x->claim_prefix));
      sub->idx = (uint32_t)r->n_claims++;
    } else if (starts(s, x->quote_prefix)) {
      sub->kind = S_QUOTE;
      GROW_ARR(r->quotes, r->n_quotes, a->cap_q);
      ng_rec_quote *q = &r->quotes[r->n_quotes];
      memset(q, 0, sizeof *q);
      q->id = hex_id(s + strlen(x->quote_prefix));
      q->q.speaker = -1;
      sub->idx = (uint32_t)r->n_quotes++;
    } else {
      sub->kind = S_ARTICLE; /* something else in the article graph: ignored */
      sub->idx = UINT32_MAX;
    }
  }
  switch (sub->kind) {
  case S_ARTICLE:
    break;
  case S_LOCAL: {
    ng_local *l = &r->locals[sub->idx];
    if (!strcmp(p, NG_NS "resolutionKey")) set_str(&l->key, o);
    else if (!strcmp(p, NG_NS "localName")) set_str(&l->name, o);
    else if (!strcmp(p, NG_NS "lexiconEntry")) set_str(&l->lexicon, o);
    else if (!strcmp(p, NG_NS "surnameOnly")) l->surname_only = truth(o);
    else if (!strcmp(p, NG_NS "entityClass")) {
      const char *u = uri_str(o);
      ng_class cls;
      if (u && starts(u, NG_NS) && ng_class_parse(u + strlen(NG_NS), &cls)) l->cls = cls;
    } else if (!strcmp(p, NG_NS "surface") && lit_str(o)) {
      l->surfaces = ng_xrealloc(l->surfaces, (l->n_surfaces + 1) * sizeof *l->surfaces);
      l->surfaces[l->n_surfaces++] = ng_xstrdup(lit_str(o));
    }
    break;
  }
  case S_MENTION: {
    ng_mention *m = &r->mentions[sub->idx];
    if (!strcmp(p, NS_NIF "beginIndex")) m->begin = m->cp_begin = num(o);
    else if (!strcmp(p, NS_NIF "endIndex")) m->end = m->cp_end = num(o);
    else if (!strcmp(p, NS_NIF "anchorOf")) set_str(&m->text, o);
    else if (!strcmp(p, NG_NS "articleEntity")) m->ref = local_ref(g, o);
    else if (!strcmp(p, NG_NS "mentionType") && lit_str(o))
      for (int t = 0; t < NG_MT_COUNT; t++)
        if (!strcmp(lit_str(o), ng_mtype_name((ng_mtype)t))) m->type = (ng_mtype)t;
    break;
  }
  case S_CLAIM: {
    ng_rec_claim *rc = &r->claims[sub->idx];
    ng_claim *c = &rc->c;
    if (!strcmp(p, NS_RDF "predicate")) {
      const char *u = uri_str(o);
      ng_pred pr;
      if (u && starts(u, NG_NS) && ng_pred_parse(u + strlen(NG_NS), &pr)) rc->pred = pr;
    } else if (!strcmp(p, NG_NS "evidence")) set_str(&c->sentence, o);
    else if (!strcmp(p, NS_NIF "beginIndex")) c->sent_cp_begin = num(o);
    else if (!strcmp(p, NS_NIF "endIndex")) c->sent_cp_end = num(o);
    else if (!strcmp(p, NG_NS "byteBegin")) c->sent_begin = num(o);
    else if (!strcmp(p, NG_NS "byteEnd")) c->sent_end = num(o);
    else if (!strcmp(p, NG_NS "trigger")) set_str(&c->trigger, o);
    else if (!strcmp(p, NG_NS "role")) set_str(&c->role, o);
    else if (!strcmp(p, NG_NS "confidence") && lit_str(o)) c->confidence = strtod(lit_str(o), NULL);
    else if (!strcmp(p, NG_NS "hedged")) c->hedged = truth(o);
    else if (!strcmp(p, NG_NS "negated")) c->negated = truth(o);
    else if (!strcmp(p, NG_NS "localSubject")) c->s_ref = local_ref(g, o);
    else if (!strcmp(p, NG_NS "localObject")) c->o_ref = local_ref(g, o);
    break;
  }
  case S_QUOTE: {
    ng_quote *q = &r->quotes[sub->idx].q;
    if (!strcmp(p, NG_NS "text")) set_str(&q->text, o);
    else if (!strcmp(p, NS_NIF "beginIndex")) q->begin = q->cp_begin = num(o);
    else if (!strcmp(p, NS_NIF "endIndex")) q->end = q->cp_end = num(o);
    else if (!strcmp(p, NG_NS "direct")) q->direct = truth(o);
    else if (!strcmp(p, NG_NS "localSpeaker")) q->speaker_ref = local_ref(g, o);
    break;
  }
  }
}

static void on_log(void *user, raptor_log_message *m) {
  reader *x = user;
  if (m->level < RAPTOR_LOG_LEVEL_ERROR) return;
  ng_diag_report(x->d, NG_DIAG_ERROR, x->path, m->locator ? (unsigned)m->locator->line : 0,
                 m->locator && m->locator->column > 0 ? (unsigned)m->locator->column : 0,
                 NG_D_RDF, "N-Quads: %s", m->text ? m->text : "parse error");
  x->failed = true;
}

/* the articles of the part: checked, then to the collector (or dropped) */
static size_t finish_part(reader *x) {
  size_t added = 0;
  for (size_t i = 0; i < x->arts.n; i++) {
    part_art *a = &x->arts.v[i];
    if (!x->failed && (!a->has_layer || a->n_layer != a->rec.n_locals)) {
      ng_diag_report(x->d, NG_DIAG_ERROR, x->path, 0, 0, NG_D_USAGE,
                     "article <%s> has no complete analysis layer (not written by "
                     "'newsgraph build -o FILE.nq', or with --no-mentions/--no-claims)",
                     a->iri);
      x->failed = true;
    }
  }
  for (size_t i = 0; i < x->arts.n; i++) {
    part_art *a = &x->arts.v[i];
    if (!x->failed) {
      ng_collect_add(x->c, &a->rec);
      added++;
    }
    ng_record_free(&a->rec);
    free(a->iri);
  }
  x->arts.n = 0;
  smap_free(&x->subjects);
  return added;
}

size_t ng_merge_read(ng_collect *c, const char *const *paths, size_t n, const char *base,
                     ng_diag *d, size_t *articles) {
  reader x = {0};
  x.c = c;
  x.d = d;
  x.doc_prefix = ng_xasprintf("%sdoc/", base ? base : NG_DEFAULT_BASE);
  x.claim_prefix = ng_xasprintf("%sclaim/", base ? base : NG_DEFAULT_BASE);
  x.quote_prefix = ng_xasprintf("%squote/", base ? base : NG_DEFAULT_BASE);
  size_t failed = 0, added = 0;
  /* URI interning stays on here: Raptor 2.0.15's N-Quads parser never frees
     a typed literal's datatype URI, so without interning every typed literal
     would leak one (tests/lsan.supp) */
  raptor_world *world = raptor_new_world();
  if (world) raptor_world_set_log_handler(world, &x, on_log);
  if (!world || raptor_world_open(world)) {
    ng_diag_report(d, NG_DIAG_ERROR, NULL, 0, 0, NG_D_RDF, "cannot start the RDF library");
    failed = n;
    goto done;
  }
  raptor_uri *base_uri = raptor_new_uri(world, (const unsigned char *)"file:///");
  for (size_t i = 0; i < n; i++) {
    x.path = paths[i];
    x.failed = x.foreign_base = false;
    bool is_stdin = !strcmp(paths[i], "-");
    FILE *fp = is_stdin ? stdin : fopen(paths[i], "rb");
    if (!fp) {
      ng_diag_report(d, NG_DIAG_ERROR, paths[i], 0, 0,
                     errno == ENOENT ? NG_D_NOT_FOUND : NG_D_OPEN, "%s", strerror(errno));
      failed++;
      continue;
    }
    raptor_parser *ps = raptor_new_parser(world, "nquads");
    if (!ps) {
      x.failed = true;
    } else {
      raptor_parser_set_statement_handler(ps, &x, on_statement);
      if (raptor_parser_parse_file_stream(ps, fp, paths[i], base_uri)) x.failed = true;
      raptor_free_parser(ps);
    }
    if (!is_stdin) fclose(fp);
    added += finish_part(&x);
    if (x.failed) failed++;
  }
  raptor_free_uri(base_uri);
done:
  if (world) raptor_free_world(world);
  smap_free(&x.subjects);
  smap_free(&x.done);
  free(x.arts.v);
  ng_buf_free(&x.key);
  free(x.doc_prefix);
  free(x.claim_prefix);
  free(x.quote_prefix);
  if (articles) *articles = added;
  return failed;
}
