/* rdf.c — RDF serialisation of the graph through Raptor2 (Turtle, N-Triples,
 * N-Quads, RDF/XML, RDF/JSON), following docs/output-contract.md.
 *
 * Reads the finished graph only. Each call owns one raptor_world (Raptor is
 * safe with one world per thread) and frees everything it made before it
 * returns. Raptor's log messages go to the ng_diag sink as NG-050; nothing is
 * printed. Used by the CLI for `-o *.ttl|nt|nq|rdf|rj`. */
#include "output/rdf.h"

#include "graph/base.h"
#include "output/vocab.h"

#include <math.h>
#include <raptor2.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define U(s) ((const unsigned char *)(s))

/* Namespaces of the contract. */
#define NS_NG NG_NS
#define NS_SCHEMA "http://schema.org/"
#define NS_NIF "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
#define NS_ITSRDF "http://www.w3.org/2005/11/its/rdf#"
#define NS_PROV "http://www.w3.org/ns/prov#"
#define NS_SKOS "http://www.w3.org/2004/02/skos/core#"
#define NS_RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_OWL "http://www.w3.org/2002/07/owl#"
#define NS_XSD "http://www.w3.org/2001/XMLSchema#"
#define WIKIDATA "http://www.wikidata.org/entity/"

static const struct {
  const char *prefix, *iri;
} prefixes[] = {
    {"ng", NS_NG},         {"schema", NS_SCHEMA}, {"nif", NS_NIF},
    {"itsrdf", NS_ITSRDF}, {"prov", NS_PROV},     {"skos", NS_SKOS},
    {"rdfs", NS_RDFS},     {"rdf", NS_RDF},       {"owl", NS_OWL},
    {"xsd", NS_XSD},
};
#define N_PREFIXES (sizeof prefixes / sizeof prefixes[0])

enum { DT_INTEGER, DT_NONNEG, DT_BOOLEAN, DT_DATE, DT_DECIMAL, DT_DATETIME, DT_COUNT };
static const char *const dt_iris[DT_COUNT] = {
    NS_XSD "integer", NS_XSD "nonNegativeInteger", NS_XSD "boolean",
    NS_XSD "date", NS_XSD "decimal", NS_XSD "dateTime"};

/* State of one serialisation. */
typedef struct writer {
  const ng_graph *g;
  raptor_world *world;
  raptor_serializer *ser;
  raptor_uri *dt[DT_COUNT];
  raptor_term *graph; /* named graph of the statements being written, or NULL */
  raptor_term *run;   /* the run (opts->run), or NULL */
  bool quads;         /* the serializer keeps named graphs */
  bool failed;        /* a statement or a Raptor error failed the output */
  ng_diag *diag;
  ng_buf tmp;         /* scratch for IRIs and numbers */
  ng_buf art;         /* the current article's IRI, made clean once */
  struct tcache {     /* vocabulary terms by IRI, made once per writer */
    uint64_t h;
    char *key;
    raptor_term *t;
  } *cache;
  size_t cache_cap, cache_n;
  /* the terms of the mention layer, which is most of the statements: made
     once (mentions() below), then only their references are counted */
  struct mterms {
    raptor_term *type, *phrase, *begin, *end, *anchor, *context, *mtype, *ident, *local;
    raptor_term *mtype_name[NG_MT_COUNT]; /* the ng:mentionType literals */
  } *mt;
} writer;

/* The byte sink behind Raptor. Raptor's serializers write every character
 * with raptor_iostream_write_byte; on a FILE* iostream each one is an fputc
 * with its lock, which was most of the time of `build -o .nt`. This handler
 * stores the byte in a 1 MiB buffer and hands full buffers to fwrite. */
typedef struct outbuf {
  FILE *fp;
  char *data;
  size_t len, cap;
  bool failed;        /* fwrite failed; the rest is dropped */
} outbuf;

/* out of line, so that writing a byte needs no stack frame */
#if defined(__GNUC__)
__attribute__((noinline, cold))
#endif
static int outbuf_flush(outbuf *b) {
  if (b->len && !b->failed && fwrite(b->data, 1, b->len, b->fp) != b->len) b->failed = true;
  b->len = 0;
  return b->failed;
}

static int outbuf_write_byte(void *ctx, const int byte) {
  outbuf *b = ctx;
  if (b->len == b->cap && outbuf_flush(b)) return 1;
  b->data[b->len++] = (char)byte;
  return 0;
}

static int outbuf_write_bytes(void *ctx, const void *ptr, size_t size, size_t nmemb) {
  outbuf *b = ctx;
  size_t n = size * nmemb;
  if (n > b->cap - b->len) {
    if (outbuf_flush(b)) return -1;
    if (n >= b->cap) {
      if (fwrite(ptr, 1, n, b->fp) != n) b->failed = true;
      return b->failed ? -1 : (int)nmemb;
    }
  }
  memcpy(b->data + b->len, ptr, n);
  b->len += n;
  return (int)nmemb;
}

static int outbuf_write_end(void *ctx) { return outbuf_flush(ctx); }
/* raptor_free_iostream calls write_end only in some states; finish always */
static void outbuf_finish(void *ctx) { outbuf_flush(ctx); }

static const raptor_iostream_handler outbuf_handler = {
    .version = 2,
    .finish = outbuf_finish,
    .write_byte = outbuf_write_byte,
    .write_bytes = outbuf_write_bytes,
    .write_end = outbuf_write_end,
};

const char *ng_rdf_serializer_name(const char *fmt) {
  static const struct {
    const char *name, *serializer;
  } names[] = {
      {"ttl", "turtle"},  {"turtle", "turtle"},        {"nt", "ntriples"},
      {"ntriples", "ntriples"}, {"nq", "nquads"},      {"nquads", "nquads"},
      {"rdf", "rdfxml-abbrev"}, {"rdfxml", "rdfxml-abbrev"},
      {"xml", "rdfxml-abbrev"}, {"rj", "json"},        {"json", "json"},
  };
  if (!fmt) return NULL;
  if (*fmt == '.') fmt++; /* an extension with its dot */
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (!strcasecmp(fmt, names[i].name)) return names[i].serializer;
  return NULL;
}

static void log_handler(void *data, raptor_log_message *m) {
  writer *w = data;
  ng_diag_level level;
  if (m->level >= RAPTOR_LOG_LEVEL_ERROR) {
    level = NG_DIAG_ERROR;
    w->failed = true;
  } else if (m->level == RAPTOR_LOG_LEVEL_WARN) {
    level = NG_DIAG_WARNING;
  } else {
    return; /* info, debug and trace are not for users */
  }
  ng_diag_report(w->diag, level, NULL, 0, 0, NG_D_RDF, "RDF output: %s",
                 m->text ? m->text : "Raptor reported an error");
}

/* Writes s into w->tmp as an IRI: bytes that may not appear in an IRI
 * (controls, space and <>"{}|^`\) are percent-encoded, so that an odd
 * document name never makes the output unparseable. */
static const char *clean_iri(writer *w, const char *s) {
  static const char hex[] = "0123456789ABCDEF";
  ng_buf_clear(&w->tmp);
  ng_buf_put(&w->tmp, "", 0);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p <= 0x20 || *p == 0x7F || strchr("<>\"{}|^`\\", *p)) {
      ng_buf_putc(&w->tmp, '%');
      ng_buf_putc(&w->tmp, hex[*p >> 4]);
      ng_buf_putc(&w->tmp, hex[*p & 15]);
    } else {
      ng_buf_putc(&w->tmp, (char)*p);
    }
  }
  return w->tmp.data;
}

static raptor_term *iri(writer *w, const char *s) {
  return raptor_new_term_from_uri_string(w->world, U(clean_iri(w, s)));
}

/* An IRI that is known to be clean (vocabulary terms). Each is made once
 * and then shared (raptor_term_copy only counts references): making a URI
 * term for every statement cost more than writing it. */
static raptor_term *term(writer *w, const char *s) {
  size_t n = strlen(s);
  /* vocabulary IRIs differ in length or in their last bytes: hashing those
     is enough (strcmp settles collisions) and cheaper per statement */
  uint64_t tail = 0;
  memcpy(&tail, s + (n > 8 ? n - 8 : 0), n < 8 ? n : 8);
  uint64_t h = (tail ^ (uint64_t)n * 0x9E3779B97F4A7C15ULL) * 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 31;
  if ((w->cache_n + 1) * 2 > w->cache_cap) {
    struct tcache *old = w->cache;
    size_t old_cap = w->cache_cap;
    w->cache_cap = old_cap ? old_cap * 2 : 256;
    w->cache = ng_xcalloc(w->cache_cap, sizeof *w->cache);
    for (size_t i = 0; i < old_cap; i++) {
      if (!old[i].key) continue;
      size_t j = (size_t)old[i].h & (w->cache_cap - 1);
      while (w->cache[j].key) j = (j + 1) & (w->cache_cap - 1);
      w->cache[j] = old[i];
    }
    free(old);
  }
  size_t j = (size_t)h & (w->cache_cap - 1);
  for (; w->cache[j].key; j = (j + 1) & (w->cache_cap - 1))
    if (w->cache[j].h == h && !strcmp(w->cache[j].key, s)) return raptor_term_copy(w->cache[j].t);
  raptor_term *t = raptor_new_term_from_counted_uri_string(w->world, U(s), n);
  if (!t) return NULL;
  w->cache[j].h = h;
  w->cache[j].key = ng_xstrdup(s);
  w->cache[j].t = t;
  w->cache_n++;
  return raptor_term_copy(t);
}

static raptor_term *ng_term(writer *w, const char *local) {
  ng_buf_clear(&w->tmp);
  ng_buf_puts(&w->tmp, NS_NG);
  ng_buf_puts(&w->tmp, local);
  return term(w, w->tmp.data);
}

static raptor_term *lit(writer *w, const char *s, int dt) {
  return raptor_new_term_from_counted_literal(w->world, U(s), strlen(s),
                                              dt >= 0 ? w->dt[dt] : NULL, NULL, 0);
}

static size_t utoa(char *b, uint64_t v);

static raptor_term *num(writer *w, size_t n, int dt) {
  char b[32];
  b[utoa(b, n)] = '\0';
  return lit(w, b, dt);
}

static raptor_term *boolean(writer *w, bool v) {
  return lit(w, v ? "true" : "false", DT_BOOLEAN);
}

/* xsd:decimal with two digits, independent of the C locale. */
static raptor_term *decimal2(writer *w, double v) {
  char b[32];
  if (!(v == v)) v = 0; /* NaN */
  if (v < 0) v = 0;
  if (v > 1e6) v = 1e6;
  long h = lround(v * 100.0);
  snprintf(b, sizeof b, "%ld.%02ld", h / 100, h % 100);
  return lit(w, b, DT_DECIMAL);
}

/* Serialises (s, p, o) in the current graph. s is borrowed; p and o are
 * consumed. */
static void emit(writer *w, raptor_term *s, raptor_term *p, raptor_term *o) {
  raptor_statement st;
  raptor_statement_init(&st, w->world);
  st.subject = s; /* borrowed, like the graph: the serializer copies what it keeps */
  st.predicate = p;
  st.object = o;
  st.graph = w->quads ? w->graph : NULL;
  if (!p || !o || raptor_serializer_serialize_statement(w->ser, &st)) w->failed = true;
  if (p) raptor_free_term(p);
  if (o) raptor_free_term(o);
}

/* An optional plain-literal property. */
static void emit_str(writer *w, raptor_term *s, const char *p, const char *v) {
  if (v && *v) emit(w, s, term(w, p), lit(w, v, -1));
}

static void write_entity(writer *w, const ng_entity *e, raptor_term *s) {
  emit(w, s, term(w, NS_RDF "type"), ng_term(w, ng_class_name(e->cls)));
  emit(w, s, term(w, NS_RDFS "label"), lit(w, e->label, -1));
  for (size_t j = 0; j < e->n_aliases; j++)
    emit(w, s, term(w, NS_SKOS "altLabel"), lit(w, e->aliases[j], -1));
  emit(w, s, ng_term(w, "mentionCount"), num(w, e->mention_count, DT_INTEGER));
  if (e->wikidata && *e->wikidata) {
    char *q = ng_xasprintf(WIKIDATA "%s", e->wikidata);
    emit(w, s, term(w, NS_OWL "sameAs"), iri(w, q));
    free(q);
  }
}

/* True for an absolute http(s) URL without characters an IRI cannot hold. */
static bool is_web_url(const char *u) {
  size_t skip;
  if (!strncasecmp(u, "http://", 7))
    skip = 7;
  else if (!strncasecmp(u, "https://", 8))
    skip = 8;
  else
    return false;
  if (!u[skip]) return false;
  for (const unsigned char *p = (const unsigned char *)u; *p; p++)
    if (*p <= 0x20 || *p == 0x7F || strchr("<>\"{}|^`\\", *p)) return false;
  return true;
}

static void write_article(writer *w, const ng_article *a, raptor_term *s) {
  emit(w, s, term(w, NS_RDF "type"), term(w, NS_SCHEMA "NewsArticle"));
  emit_str(w, s, NS_SCHEMA "headline", a->headline);
  if (a->date_iso && *a->date_iso)
    emit(w, s, term(w, NS_SCHEMA "datePublished"), lit(w, a->date_iso, DT_DATE));
  else
    emit_str(w, s, NS_SCHEMA "datePublished", a->date);
  emit_str(w, s, NS_SCHEMA "author", a->author);
  emit_str(w, s, NS_SCHEMA "publisher", a->publisher);
  if (a->url && *a->url)
    emit(w, s, term(w, NS_SCHEMA "url"),
         is_web_url(a->url) ? term(w, a->url) : lit(w, a->url, -1));
  emit_str(w, s, NG_NS "sourceFormat", a->source);
  emit_str(w, s, NG_NS "sha256", a->sha256);
}

/* <article>#ref=N, the IRI of a local entity of the article */
/* decimal digits of v into b (at least 21 bytes), returns their count */
static size_t utoa(char *b, uint64_t v) {
  char r[24];
  size_t n = 0;
  do r[n++] = (char)('0' + v % 10); while (v /= 10);
  for (size_t i = 0; i < n; i++) b[i] = r[n - 1 - i];
  return n;
}

/* <article>frag<a>[,<b>]: the article IRI is made clean once per article
 * (w->art, cleared when the article is done), the rest is ASCII digits, so
 * no second pass and no printf for each of the many mentions */
static raptor_term *frag_term(writer *w, const char *art_iri, const char *frag, uint64_t a,
                              bool pair, uint64_t b) {
  char num_a[24], num_b[24];
  if (!w->art.len) ng_buf_puts(&w->art, clean_iri(w, art_iri)); /* cleared after the article */
  ng_buf_clear(&w->tmp);
  ng_buf_put(&w->tmp, w->art.data, w->art.len);
  ng_buf_puts(&w->tmp, frag);
  ng_buf_put(&w->tmp, num_a, utoa(num_a, a));
  if (pair) {
    ng_buf_putc(&w->tmp, ',');
    ng_buf_put(&w->tmp, num_b, utoa(num_b, b));
  }
  return raptor_new_term_from_counted_uri_string(w->world, U(w->tmp.data), w->tmp.len);
}

/* <article>#ref=N, the IRI of a local entity of the article */
static raptor_term *local_term(writer *w, const char *art_iri, uint32_t number) {
  return frag_term(w, art_iri, "#ref=", number, false, 0);
}

/* the analysis layer of one local entity (N-Quads only, see rdf.h) */
static void write_local(writer *w, const ng_local *l, const char *art_iri,
                        raptor_term *const *ents) {
  raptor_term *s = local_term(w, art_iri, l->number);
  emit(w, s, term(w, NS_RDF "type"), ng_term(w, "ArticleEntity"));
  emit(w, s, ng_term(w, "resolutionKey"), lit(w, l->key ? l->key : "", -1));
  emit(w, s, ng_term(w, "localName"), lit(w, l->name ? l->name : "", -1));
  emit(w, s, ng_term(w, "entityClass"), ng_term(w, ng_class_name(l->cls)));
  if (l->lexicon) emit(w, s, ng_term(w, "lexiconEntry"), lit(w, l->lexicon, -1));
  if (l->surname_only) emit(w, s, ng_term(w, "surnameOnly"), boolean(w, true));
  for (size_t i = 0; i < l->n_surfaces; i++)
    emit(w, s, ng_term(w, "surface"), lit(w, l->surfaces[i], -1));
  if (l->entity >= 0) emit(w, s, ng_term(w, "resolvedTo"), raptor_term_copy(ents[l->entity]));
  raptor_free_term(s);
}

/* w->mt, made on first use */
static const struct mterms *mention_terms(writer *w) {
  if (w->mt) return w->mt;
  struct mterms *t = w->mt = ng_xcalloc(1, sizeof *t);
  t->type = term(w, NS_RDF "type");
  t->phrase = term(w, NS_NIF "Phrase");
  t->begin = term(w, NS_NIF "beginIndex");
  t->end = term(w, NS_NIF "endIndex");
  t->anchor = term(w, NS_NIF "anchorOf");
  t->context = term(w, NS_NIF "referenceContext");
  t->mtype = ng_term(w, "mentionType");
  t->ident = term(w, NS_ITSRDF "taIdentRef");
  t->local = ng_term(w, "articleEntity");
  for (int i = 0; i < NG_MT_COUNT; i++) t->mtype_name[i] = lit(w, ng_mtype_name((ng_mtype)i), -1);
  return t;
}

static void free_mention_terms(struct mterms *t) {
  if (!t) return;
  raptor_term *all[] = {t->type, t->phrase, t->begin, t->end, t->anchor,
                        t->context, t->mtype, t->ident, t->local};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    if (all[i]) raptor_free_term(all[i]);
  for (int i = 0; i < NG_MT_COUNT; i++)
    if (t->mtype_name[i]) raptor_free_term(t->mtype_name[i]);
  free(t);
}

/* another reference to a term made once, or NULL if making it failed */
static raptor_term *ref(raptor_term *t) { return t ? raptor_term_copy(t) : NULL; }

static void write_mention(writer *w, const ng_mention *m, const char *art_iri,
                          raptor_term *art, raptor_term *const *ents, bool layer) {
  const struct mterms *t = mention_terms(w);
  /* an unresolved mention (graph.h) is no nif:Phrase: only in the analysis
     layer, for merge */
  bool unresolved = ng_mention_unresolved(m);
  if (unresolved && !layer) return;
  raptor_term *s = frag_term(w, art_iri, "#char=", m->cp_begin, true, m->cp_end);
  emit(w, s, ref(t->type), unresolved ? ng_term(w, "UnresolvedMention") : ref(t->phrase));
  emit(w, s, ref(t->begin), num(w, m->cp_begin, DT_NONNEG));
  emit(w, s, ref(t->end), num(w, m->cp_end, DT_NONNEG));
  emit(w, s, ref(t->anchor), lit(w, m->text ? m->text : "", -1));
  if (!unresolved) emit(w, s, ref(t->context), raptor_term_copy(art));
  emit(w, s, ref(t->mtype),
       m->type < NG_MT_COUNT ? ref(t->mtype_name[m->type]) : lit(w, ng_mtype_name(m->type), -1));
  if (m->entity >= 0) emit(w, s, ref(t->ident), raptor_term_copy(ents[m->entity]));
  if (layer && m->ref) emit(w, s, ref(t->local), local_term(w, art_iri, m->ref - 1));
  raptor_free_term(s);
}

/* the evidence of claim c on its node s: sentence, span, trigger, role,
   confidence, hedged, negated */
static void claim_evidence(writer *w, raptor_term *s, const ng_claim *c) {
  emit_str(w, s, NG_NS "evidence", c->sentence);
  emit(w, s, term(w, NS_NIF "beginIndex"), num(w, c->sent_cp_begin, DT_NONNEG));
  emit(w, s, term(w, NS_NIF "endIndex"), num(w, c->sent_cp_end, DT_NONNEG));
  emit_str(w, s, NG_NS "trigger", c->trigger);
  emit_str(w, s, NG_NS "role", c->role);
  emit(w, s, ng_term(w, "confidence"), decimal2(w, c->confidence));
  if (c->hedged) emit(w, s, ng_term(w, "hedged"), boolean(w, true));
  if (c->negated) emit(w, s, ng_term(w, "negated"), boolean(w, true));
}

/* the analysis layer of claim c: its local subject and object, the
   sentence's bytes */
static void claim_layer(writer *w, raptor_term *s, const ng_claim *c, const char *art_iri) {
  if (c->s_ref) emit(w, s, ng_term(w, "localSubject"), local_term(w, art_iri, c->s_ref - 1));
  if (c->o_ref) emit(w, s, ng_term(w, "localObject"), local_term(w, art_iri, c->o_ref - 1));
  emit(w, s, ng_term(w, "byteBegin"), num(w, c->sent_begin, DT_NONNEG));
  emit(w, s, ng_term(w, "byteEnd"), num(w, c->sent_end, DT_NONNEG));
}

static void write_claim(writer *w, const ng_claim *c, raptor_term *art,
                        raptor_term *const *ents, const char *art_iri, bool layer) {
  const ng_relation *r = &w->g->relations[c->relation];
  const ng_article *a = &w->g->articles[c->article];
  raptor_term *s = iri(w, c->iri);
  emit(w, s, term(w, NS_RDF "type"), ng_term(w, "Claim"));
  emit(w, s, term(w, NS_RDF "subject"), raptor_term_copy(ents[r->subject]));
  emit(w, s, term(w, NS_RDF "predicate"), ng_term(w, ng_pred_name(r->pred)));
  emit(w, s, term(w, NS_RDF "object"), raptor_term_copy(ents[r->object]));
  emit(w, s, term(w, NS_PROV "wasDerivedFrom"), raptor_term_copy(art));
  claim_evidence(w, s, c);
  emit_str(w, s, NG_NS "publisher", a->publisher);
  if (w->run) emit(w, s, term(w, NS_PROV "wasGeneratedBy"), raptor_term_copy(w->run));
  if (layer) claim_layer(w, s, c, art_iri);
  raptor_free_term(s);
}

/* an unresolved claim (graph.h): analysis layer only, what merge reads back */
static void write_unresolved_claim(writer *w, const ng_unresolved_claim *u, raptor_term *art,
                                   const char *art_iri) {
  const ng_claim *c = &u->c;
  raptor_term *s = iri(w, c->iri);
  emit(w, s, term(w, NS_RDF "type"), ng_term(w, "UnresolvedClaim"));
  emit(w, s, term(w, NS_RDF "predicate"), ng_term(w, ng_pred_name(u->pred)));
  emit(w, s, term(w, NS_PROV "wasDerivedFrom"), raptor_term_copy(art));
  claim_evidence(w, s, c);
  claim_layer(w, s, c, art_iri);
  raptor_free_term(s);
}

static void write_quote(writer *w, const ng_quote *q, raptor_term *art,
                        raptor_term *const *ents, const char *art_iri, bool layer) {
  raptor_term *s = iri(w, q->iri);
  emit(w, s, term(w, NS_RDF "type"), ng_term(w, "Quote"));
  emit(w, s, ng_term(w, "text"), lit(w, q->text ? q->text : "", -1));
  if (q->speaker >= 0)
    emit(w, s, term(w, NS_PROV "wasAttributedTo"), raptor_term_copy(ents[q->speaker]));
  emit(w, s, term(w, NS_PROV "wasDerivedFrom"), raptor_term_copy(art));
  emit(w, s, term(w, NS_NIF "beginIndex"), num(w, q->cp_begin, DT_NONNEG));
  emit(w, s, term(w, NS_NIF "endIndex"), num(w, q->cp_end, DT_NONNEG));
  emit(w, s, ng_term(w, "direct"), boolean(w, q->direct));
  if (w->run) emit(w, s, term(w, NS_PROV "wasGeneratedBy"), raptor_term_copy(w->run));
  if (layer && q->speaker_ref)
    emit(w, s, ng_term(w, "localSpeaker"), local_term(w, art_iri, q->speaker_ref - 1));
  raptor_free_term(s);
}

/* Indices 0..n-1 grouped by article (stable counting sort), so that each
 * article's claims or quotes can be written together. start[a]..start[a+1]
 * delimits article a. Caller frees both arrays. */
static void group_by_article(size_t n_articles, size_t n,
                             uint32_t (*article_of)(const ng_graph *, size_t),
                             const ng_graph *g, uint32_t **order, size_t **start) {
  size_t *st = ng_xcalloc(n_articles + 2, sizeof *st);
  uint32_t *ord = ng_xmalloc((n + 1) * sizeof *ord);
  for (size_t i = 0; i < n; i++) st[article_of(g, i) + 1]++;
  for (size_t a = 0; a < n_articles; a++) st[a + 1] += st[a];
  size_t *fill = ng_xmalloc((n_articles + 1) * sizeof *fill);
  memcpy(fill, st, (n_articles + 1) * sizeof *fill);
  for (size_t i = 0; i < n; i++) ord[fill[article_of(g, i)]++] = (uint32_t)i;
  free(fill);
  *order = ord;
  *start = st;
}

/* Raptor 2.0.15's RDF/JSON writer escapes characters above U+FFFF as
 * \UXXXXXXXX, which JSON does not have; this writes json[0..len) to out with
 * those escapes turned into UTF-16 surrogate pairs. Outside strings the
 * writer emits no backslash, and inside one every backslash starts an
 * escape, so pairing each backslash with the next byte stays in step. */
static void write_fixed_json(FILE *out, const char *json, size_t len) {
  size_t i = 0, from = 0;
  while (i < len) {
    if (json[i] != '\\') {
      i++;
      continue;
    }
    if (i + 10 <= len && json[i + 1] == 'U') {
      char hex[9];
      memcpy(hex, json + i + 2, 8);
      hex[8] = '\0';
      char *end;
      unsigned long cp = strtoul(hex, &end, 16);
      if (end == hex + 8 && cp <= 0x10FFFF) {
        fwrite(json + from, 1, i - from, out);
        if (cp > 0xFFFF)
          fprintf(out, "\\u%04lX\\u%04lX", 0xD800 + ((cp - 0x10000) >> 10),
                  0xDC00 + ((cp - 0x10000) & 0x3FF));
        else
          fprintf(out, "\\u%04lX", cp);
        i += 10;
        from = i;
        continue;
      }
    }
    i += 2; /* any other escape: keep both bytes */
  }
  if (from < len) fwrite(json + from, 1, len - from, out);
}

/* ---- PROV description of the run, and the vocabulary (--with-vocab) ---- */

/* xsd:dateTime in UTC of seconds since the epoch. */
static raptor_term *datetime(writer *w, long long t) {
  char b[40];
  time_t tt = (time_t)t;
  struct tm tm;
  if (!gmtime_r(&tt, &tm)) memset(&tm, 0, sizeof tm);
  snprintf(b, sizeof b, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
           tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return lit(w, b, DT_DATETIME);
}

static const char *or_empty(const char *s) { return s ? s : ""; }

/* <base>run/<hash>: the hash covers everything the description says except
 * the end time, so the IRI is known before any piece of output is written
 * (the article pieces of a streamed output point to it). */
static raptor_term *run_term(writer *w, const ng_rdf_run *r) {
  ng_buf b = {0};
  ng_buf_printf(&b, "%s\n%s\n%s\n%lld\n", or_empty(r->tool), or_empty(r->version),
                or_empty(r->command), r->started);
  for (size_t i = 0; i < r->n_options; i++) ng_buf_printf(&b, "%s\n", or_empty(r->options[i]));
  char *s = ng_xasprintf("%srun/%016llx", w->g->base,
                         (unsigned long long)ng_hash(b.data, b.len));
  raptor_term *t = iri(w, s);
  free(s);
  ng_buf_free(&b);
  return t;
}

static void write_run(writer *w, const ng_rdf_run *r) {
  const char *tool = r->tool && *r->tool ? r->tool : "newsgraph";
  const char *version = or_empty(r->version);
  char *ai = ng_xasprintf("%sagent/%s/%s", w->g->base, tool, *version ? version : "unknown");
  raptor_term *agent = iri(w, ai);
  free(ai);
  char *name = ng_xasprintf("%s %s", tool, version);
  emit(w, agent, term(w, NS_RDF "type"), term(w, NS_PROV "SoftwareAgent"));
  emit(w, agent, term(w, NS_RDF "type"), term(w, NS_SCHEMA "SoftwareApplication"));
  emit(w, agent, term(w, NS_RDFS "label"), lit(w, name, -1));
  emit(w, agent, term(w, NS_SCHEMA "name"), lit(w, tool, -1));
  emit(w, agent, term(w, NS_SCHEMA "softwareVersion"), lit(w, version, -1));

  raptor_term *run = w->run;
  emit(w, run, term(w, NS_RDF "type"), ng_term(w, "Run"));
  emit(w, run, term(w, NS_RDF "type"), term(w, NS_PROV "Activity"));
  char *label = ng_xasprintf("%s %s", name, or_empty(r->command));
  emit(w, run, term(w, NS_RDFS "label"), lit(w, label, -1));
  free(label);
  free(name);
  emit(w, run, ng_term(w, "command"), lit(w, or_empty(r->command), -1));
  for (size_t i = 0; i < r->n_options; i++)
    emit(w, run, ng_term(w, "option"), lit(w, or_empty(r->options[i]), -1));
  emit(w, run, term(w, NS_PROV "startedAtTime"), datetime(w, r->started));
  emit(w, run, term(w, NS_PROV "endedAtTime"),
       datetime(w, r->ended >= r->started ? r->ended : r->started));
  emit(w, run, term(w, NS_PROV "wasAssociatedWith"), raptor_term_copy(agent));
  raptor_free_term(agent);
}

static void vocab_statement(void *data, raptor_statement *st) {
  writer *w = data;
  if (raptor_serializer_serialize_statement(w->ser, st)) w->failed = true;
}

/* Parses the embedded vocabulary and serialises its statements into the
 * default graph (Turtle blank nodes keep their parser-made ids). */
static void write_vocab(writer *w) {
  size_t len;
  const char *ttl = ng_vocab_turtle(&len);
  raptor_parser *p = raptor_new_parser(w->world, "turtle");
  raptor_uri *base = raptor_new_uri(w->world, U("https://w3id.org/newsgraph/ns"));
  if (p) raptor_parser_set_statement_handler(p, w, vocab_statement);
  if (!p || !base || raptor_parser_parse_start(p, base) ||
      raptor_parser_parse_chunk(p, U(ttl), len, 1))
    w->failed = true;
  if (p) raptor_free_parser(p);
  if (base) raptor_free_uri(base);
}

static uint32_t claim_article(const ng_graph *g, size_t i) { return g->claims[i].article; }
static uint32_t quote_article(const ng_graph *g, size_t i) { return g->quotes[i].article; }
static uint32_t uclaim_article(const ng_graph *g, size_t i) { return g->uclaims[i].c.article; }

/* An opened Raptor world for serializing, or NULL. */
static raptor_world *new_world(void) {
  raptor_world *world = raptor_new_world();
  if (!world) return NULL;
  /* Raptor keeps interned URIs in a tree; for millions of one-off mention
     and claim IRIs that lookup cost more than the writing. */
  raptor_world_set_flag(world, RAPTOR_WORLD_FLAG_URI_INTERNING, 0);
  /* Serializing needs nothing from libxml2; without these Raptor saves and
     restores libxml2's global error handlers, which is racy when parts are
     written on several threads and makes libxml2 allocate per-thread state. */
  raptor_world_set_flag(world, RAPTOR_WORLD_FLAG_LIBXML_GENERIC_ERROR_SAVE, 0);
  raptor_world_set_flag(world, RAPTOR_WORLD_FLAG_LIBXML_STRUCTURED_ERROR_SAVE, 0);
  if (raptor_world_open(world)) {
    raptor_free_world(world);
    return NULL;
  }
  return world;
}

struct ng_rdf_env {
  raptor_world *world;
};

ng_rdf_env *ng_rdf_env_new(void) {
  raptor_world *world = new_world();
  if (!world) return NULL;
  ng_rdf_env *e = ng_xcalloc(1, sizeof *e);
  e->world = world;
  return e;
}

void ng_rdf_env_free(ng_rdf_env *env) {
  if (!env) return;
  raptor_free_world(env->world);
  free(env);
}

int ng_rdf_write(const ng_graph *g, const char *format, const ng_rdf_opts *opts,
                 FILE *out, ng_diag *d) {
  static const ng_rdf_opts no_opts = {0};
  int rc = NG_OK;
  writer w = {0};
  raptor_iostream *ios = NULL;
  raptor_uri *ns_uris[N_PREFIXES] = {0};
  raptor_term **ents = NULL;
  uint32_t *cord = NULL, *qord = NULL, *uord = NULL;
  size_t *cstart = NULL, *qstart = NULL, *ustart = NULL;
  const char *name = ng_rdf_serializer_name(format);
  void *json = NULL; /* RDF/JSON text, Raptor-allocated */
  size_t json_len = 0;
  bool is_json = false;
  outbuf ob = {0};

  if (!opts) opts = &no_opts;
  w.g = g;
  w.diag = d;
  if (!name) {
    ng_diag_report(d, NG_DIAG_ERROR, NULL, 0, 0, NG_D_USAGE,
                   "unknown RDF format '%s'", format ? format : "(null)");
    rc = NG_E_USAGE;
    goto done;
  }
  w.quads = !strcmp(name, "nquads");
  is_json = !strcmp(name, "json");
  w.world = opts->env ? opts->env->world : new_world();
  if (!w.world) {
    rc = NG_E_IO;
    goto done;
  }
  raptor_world_set_log_handler(w.world, &w, log_handler);
  w.ser = raptor_new_serializer(w.world, name);
  if (!w.ser) {
    ng_diag_report(d, NG_DIAG_ERROR, NULL, 0, 0, NG_D_RDF,
                   "RDF output: serializer '%s' is not available", name);
    rc = NG_E_USAGE;
    goto done;
  }
  for (int i = 0; i < DT_COUNT; i++) w.dt[i] = raptor_new_uri(w.world, U(dt_iris[i]));
  for (size_t i = 0; i < N_PREFIXES; i++) {
    /* Raptor's Turtle writer declares rdf: itself; a second declaration would
     * repeat the @prefix line. */
    if (!strcmp(name, "turtle") && !strcmp(prefixes[i].prefix, "rdf")) continue;
    ns_uris[i] = raptor_new_uri(w.world, U(prefixes[i].iri));
    raptor_serializer_set_namespace(w.ser, ns_uris[i], U(prefixes[i].prefix));
  }
  /* RDF/JSON is gathered in memory and repaired (see write_fixed_json); the
   * serializer holds the whole graph until the end anyway. */
  if (is_json) {
    ios = raptor_new_iostream_to_string(w.world, &json, &json_len, NULL);
  } else {
    ob.fp = out;
    ob.cap = 1 << 20;
    ob.data = ng_xmalloc(ob.cap);
    ios = raptor_new_iostream_from_handler(w.world, &ob, &outbuf_handler);
  }
  if (!ios || raptor_serializer_start_to_iostream(w.ser, NULL, ios)) {
    rc = NG_E_IO;
    goto done;
  }

  /* default graph: the run, the vocabulary, entities and direct relations */
  if (opts->run) w.run = run_term(&w, opts->run);
  if (opts->run && !opts->no_entities) write_run(&w, opts->run);
  if (opts->with_vocab && !opts->no_entities) write_vocab(&w);
  ents = ng_xcalloc(g->n_entities + 1, sizeof *ents);
  for (size_t i = 0; i < g->n_entities; i++) ents[i] = iri(&w, g->entities[i].iri);
  for (size_t i = 0; i < g->n_entities && !opts->no_entities; i++)
    write_entity(&w, &g->entities[i], ents[i]);
  for (size_t i = 0; i < g->n_relations && !opts->no_entities; i++) {
    const ng_relation *r = &g->relations[i];
    if (!r->direct) continue; /* negated or unsupported: evidence only */
    emit(&w, ents[r->subject], ng_term(&w, ng_pred_name(r->pred)),
         raptor_term_copy(ents[r->object]));
  }

  /* one named graph per article (in N-Quads): article, mentions, claims, quotes */
  group_by_article(g->n_articles, g->n_claims, claim_article, g, &cord, &cstart);
  group_by_article(g->n_articles, g->n_quotes, quote_article, g, &qord, &qstart);
  group_by_article(g->n_articles, g->n_uclaims, uclaim_article, g, &uord, &ustart);
  /* the analysis layer goes only where it is complete */
  bool layer = w.quads && !opts->no_mentions && !opts->no_claims && !opts->no_quotes;
  size_t m = 0, l = 0;
  for (size_t a = 0; a < g->n_articles && !opts->no_articles; a++) {
    char *art_iri = ng_graph_article_iri(g, (uint32_t)a);
    raptor_term *art = iri(&w, art_iri);
    ng_buf_clear(&w.art);
    ng_buf_puts(&w.art, clean_iri(&w, art_iri));
    w.graph = art;
    write_article(&w, &g->articles[a], art);
    if (w.run) emit(&w, w.run, term(&w, NS_PROV "used"), raptor_term_copy(art));
    for (; m < g->n_mentions && g->mentions[m].article < a; m++) {
    }
    for (; m < g->n_mentions && g->mentions[m].article == a; m++)
      if (!opts->no_mentions) write_mention(&w, &g->mentions[m], art_iri, art, ents, layer);
    if (!opts->no_claims)
      for (size_t k = cstart[a]; k < cstart[a + 1]; k++)
        write_claim(&w, &g->claims[cord[k]], art, ents, art_iri, layer);
    if (layer)
      for (size_t k = ustart[a]; k < ustart[a + 1]; k++)
        write_unresolved_claim(&w, &g->uclaims[uord[k]], art, art_iri);
    if (!opts->no_quotes)
      for (size_t k = qstart[a]; k < qstart[a + 1]; k++)
        write_quote(&w, &g->quotes[qord[k]], art, ents, art_iri, layer);
    for (; l < g->n_locals && g->locals[l].article < a; l++) {
    }
    size_t nl = 0;
    for (; l < g->n_locals && g->locals[l].article == a; l++, nl++)
      if (layer) write_local(&w, &g->locals[l], art_iri, ents);
    if (layer) emit(&w, art, ng_term(&w, "articleEntities"), num(&w, nl, DT_NONNEG));
    w.graph = NULL;
    raptor_free_term(art);
    free(art_iri);
    ng_buf_clear(&w.art);
  }

  if (raptor_serializer_serialize_end(w.ser)) w.failed = true;
  raptor_free_serializer(w.ser);
  w.ser = NULL;
  raptor_free_iostream(ios); /* completes the string of a string iostream,
                                flushes the buffer of ours */
  ios = NULL;
  if (is_json && json) write_fixed_json(out, json, json_len);
  if (ob.failed || fflush(out) != 0 || ferror(out)) {
    ng_diag_report(d, NG_DIAG_ERROR, NULL, 0, 0, NG_D_OUTPUT,
                   "RDF output could not be written");
    rc = NG_E_IO;
    goto done;
  }
  if (w.failed) rc = NG_E_IO;

done:
  if (w.run) raptor_free_term(w.run);
  if (ents)
    for (size_t i = 0; i < g->n_entities; i++)
      if (ents[i]) raptor_free_term(ents[i]);
  free(ents);
  free(cord);
  free(cstart);
  free(uord);
  free(ustart);
  free(qord);
  free(qstart);
  if (w.ser) raptor_free_serializer(w.ser);
  if (ios) raptor_free_iostream(ios);
  for (size_t i = 0; i < N_PREFIXES; i++)
    if (ns_uris[i]) raptor_free_uri(ns_uris[i]);
  for (int i = 0; i < DT_COUNT; i++)
    if (w.dt[i]) raptor_free_uri(w.dt[i]);
  if (json) raptor_free_memory(json);
  free_mention_terms(w.mt);
  for (size_t i = 0; i < w.cache_cap; i++)
    if (w.cache[i].key) {
      free(w.cache[i].key);
      raptor_free_term(w.cache[i].t);
    }
  free(w.cache);
  if (w.world && opts && opts->env) raptor_world_set_log_handler(w.world, NULL, NULL);
  else if (w.world) raptor_free_world(w.world);
  ng_buf_free(&w.tmp);
  ng_buf_free(&w.art);
  free(ob.data);
  return rc;
}
