/* test_output.c — unit tests of the writers in output/: RDF (read back with
 * Raptor's own parsers), DOT (read back with cgraph, laid out with the real
 * engines when `dot` is installed), rendered SVG/PNG/PDF, GraphML (read back
 * with libxml2), JSON and the contract's JSONL lines, usage errors and write
 * errors (/dev/full).
 *
 * The graph is built by hand through graph.h and holds the awkward cases: a
 * name with quotes, backslash, newline, <, >, &, braces and a non-BMP
 * character; a relation whose only claim is negated; a hedged one; a role;
 * two entities of different classes sharing a slug; an HTML article. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "graph/base.h"
#include "graph/diag.h"
#include "graph/graph.h"
#include "output/dot.h"
#include "output/graphml.h"
#include "output/json.h"
#include "output/rdf.h"

#include <graphviz/cgraph.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <raptor2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define U(s) ((const unsigned char *)(s))
#define BASE NG_DEFAULT_BASE
#define RDFS_LABEL "http://www.w3.org/2000/01/rdf-schema#label"
#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#define RDF_PREDICATE "http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate"
#define NIF_PHRASE "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#Phrase"
#define NIF_ANCHOR "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf"

/* quotes, backslash, newline, <, >, &, braces and U+1F600 */
static const char TRICKY[] = "Tricky \"Q\" back\\slash\nline <a> & {b} \xF0\x9F\x98\x80";
/* the same as a JSON string body */
static const char TRICKY_JSON[] =
    "Tricky \\\"Q\\\" back\\\\slash\\u000aline <a> & {b} \xF0\x9F\x98\x80";

/* ---- fixtures ---- */

typedef struct capture {
  char *data;
  size_t len;
  FILE *f;
} capture;

static void cap_open(capture *c) {
  c->data = NULL;
  c->len = 0;
  c->f = open_memstream(&c->data, &c->len);
  assert_non_null(c->f);
}

static void cap_close(capture *c) {
  fclose(c->f);
  c->f = NULL;
}

static size_t n_reports;
static void count_reports(const ng_diag_item *item, void *payload) {
  (void)item;
  (void)payload;
  n_reports++;
}

static void add_claim(ng_graph *g, uint32_t s, ng_pred p, uint32_t o, uint32_t art,
                      size_t sb, size_t tb, const char *sentence, const char *trigger,
                      const char *role, bool hedged, bool negated) {
  ng_claim c = {0};
  c.sent_begin = 0;
  c.sent_end = strlen(sentence);
  c.sent_cp_begin = 0;
  c.sent_cp_end = ng_utf8_count(sentence, strlen(sentence));
  c.sentence = (char *)sentence;
  c.src_begin = sb;
  c.src_end = sb + 5;
  c.tgt_begin = tb;
  c.tgt_end = tb + 5;
  c.trigger = (char *)trigger;
  c.role = (char *)role;
  c.confidence = 0.875;
  c.hedged = hedged;
  c.negated = negated;
  ng_graph_add_claim(g, s, p, o, art, &c);
}

static ng_graph *make_graph(void) {
  ng_graph *g = ng_graph_new(NULL);
  ng_article a1 = {0}, a2 = {0};
  a1.doc = "001_test";
  a1.path = "corpus/001_test.txt";
  a1.source = "text";
  a1.headline = "Lavrov speaks";
  a1.date = "September 11, 2015";
  a1.date_iso = "2015-09-11";
  a1.author = "A. Writer";
  a1.publisher = "Reuters";
  a1.url = "https://example.com/news?id=1&x=2";
  a1.sha256 = "00ff";
  a2.doc = "002_html";
  a2.path = "corpus/002_html.html";
  a2.source = "html";
  a2.date = "yesterday";
  a2.url = "not a url";
  uint32_t art2 = ng_graph_add_article(g, &a2); /* added first: finish sorts */
  uint32_t art1 = ng_graph_add_article(g, &a1);

  uint32_t lavrov = ng_graph_entity(g, NG_CLASS_PERSON, "Sergei Lavrov");
  ng_graph_add_alias(g, lavrov, "Lavrov");
  ng_graph_add_alias(g, lavrov, "Sergey Lavrov");
  uint32_t tricky = ng_graph_entity(g, NG_CLASS_PERSON, TRICKY);
  ng_graph_add_alias(g, tricky, "Tricky");
  uint32_t russia = ng_graph_entity(g, NG_CLASS_COUNTRY, "Russia");
  ng_graph_add_alias(g, russia, "Moscow");
  ng_graph_set_wikidata(g, russia, "Q159");
  uint32_t nato = ng_graph_entity(g, NG_CLASS_ORGANIZATION, "NATO");
  uint32_t geo_c = ng_graph_entity(g, NG_CLASS_COUNTRY, "Georgia");
  uint32_t geo_p = ng_graph_entity(g, NG_CLASS_PLACE, "Georgia");
  (void)ng_graph_entity(g, NG_CLASS_WEAPON, "howitzer"); /* one mention: not drawn */

  ng_graph_add_mention(g, art1, 0, 13, 0, 13, "Sergei Lavrov", 13, NG_MT_PERSON, (int32_t)lavrov);
  ng_graph_add_mention(g, art1, 20, 20 + strlen(TRICKY), 20,
                       20 + ng_utf8_count(TRICKY, strlen(TRICKY)), TRICKY, strlen(TRICKY),
                       NG_MT_PERSON, (int32_t)tricky);
  ng_graph_add_mention(g, art1, 100, 106, 97, 103, "Russia", 6, NG_MT_ORGANISATION, (int32_t)russia);
  ng_graph_add_mention(g, art1, 110, 116, 107, 113, "Friday", 6, NG_MT_TEMPORAL, -1);
  ng_graph_add_mention(g, art1, 120, 124, 117, 121, "NATO", 4, NG_MT_ORGANISATION, (int32_t)nato);
  ng_graph_add_mention(g, art1, 130, 137, 127, 134, "Georgia", 7, NG_MT_LOCATION, (int32_t)geo_c);
  ng_graph_add_mention(g, art1, 140, 147, 137, 144, "Georgia", 7, NG_MT_LOCATION, (int32_t)geo_c);
  ng_graph_add_mention(g, art1, 150, 157, 147, 154, "Georgia", 7, NG_MT_LOCATION, (int32_t)geo_p);
  ng_graph_add_mention(g, art2, 5, 11, 5, 11, "Lavrov", 6, NG_MT_PERSON, (int32_t)lavrov);
  ng_graph_add_mention(g, art2, 30, 36, 30, 36, "Moscow", 6, NG_MT_ORGANISATION, (int32_t)russia);
  ng_graph_add_mention(g, art2, 40, 44, 40, 44, "NATO", 4, NG_MT_ORGANISATION, (int32_t)nato);
  ng_graph_add_mention(g, art2, 50, 58, 50, 58, "howitzer", 8, NG_MT_WEAPON,
                       (int32_t)(g->n_entities - 1));

  add_claim(g, lavrov, NG_PRED_COMMUNICATED_WITH, tricky, art1, 0, 20,
            "Sergei Lavrov spoke with the tricky one.", "spoke with", NULL, false, false);
  add_claim(g, russia, NG_PRED_SUPPLIES, nato, art1, 100, 120,
            "Russia denied that it supplied NATO.", "supplied", NULL, false, true);
  add_claim(g, lavrov, NG_PRED_OFFICIAL_OF, russia, art1, 0, 100,
            "Russian Foreign Minister Sergei Lavrov said.", "Foreign Minister",
            "Foreign Minister", false, false);
  add_claim(g, lavrov, NG_PRED_OFFICIAL_OF, russia, art2, 5, 30,
            "Foreign Minister Lavrov of Moscow.", "Foreign Minister", "Foreign Minister",
            false, false);
  add_claim(g, nato, NG_PRED_OPPOSES, russia, art2, 40, 30,
            "NATO reportedly warned Moscow.", "warned", NULL, true, false);
  add_claim(g, nato, NG_PRED_LOCATED_AT, geo_p, art1, 120, 150,
            "NATO is in Georgia.", "is in", NULL, false, false);

  ng_quote q = {0};
  q.article = art1;
  q.speaker = (int32_t)lavrov;
  q.text = "We will respond \"firmly\"";
  q.begin = 200;
  q.end = 224;
  q.cp_begin = 197;
  q.cp_end = 221;
  q.direct = true;
  ng_graph_add_quote(g, &q);
  q.article = art2;
  q.speaker = -1;
  q.text = "Russia was sending equipment";
  q.direct = false;
  ng_graph_add_quote(g, &q);

  ng_graph_finish(g);
  return g;
}

static int setup(void **state) {
  *state = make_graph();
  n_reports = 0;
  return 0;
}

static int teardown(void **state) {
  ng_graph_free(*state);
  return 0;
}

static const ng_entity *find_entity(const ng_graph *g, ng_class c, const char *label) {
  for (size_t i = 0; i < g->n_entities; i++)
    if (g->entities[i].cls == c && !strcmp(g->entities[i].label, label))
      return &g->entities[i];
  fail_msg("no entity %s", label);
  return NULL;
}

/* ---- RDF, read back through Raptor ---- */

typedef struct rdf_seen {
  const char *tricky_iri;
  const char *doc1_iri;
  size_t statements;
  size_t tricky_labels;     /* rdfs:label of the tricky entity, byte-exact */
  size_t supplies_direct;   /* <s> ng:supplies <o>: must stay 0 (negated only) */
  size_t supplies_claims;   /* ng:Claim with rdf:predicate ng:supplies */
  size_t phrases;           /* nif:Phrase */
  size_t anchors_in_graph;  /* nif:anchorOf in a named graph (N-Quads) */
  size_t labels_in_graph;   /* rdfs:label in a named graph: must stay 0 */
  size_t negated_true;
  size_t dates;             /* schema:datePublished typed xsd:date */
} rdf_seen;

static const char *uri_of(const raptor_term *t) {
  return t && t->type == RAPTOR_TERM_TYPE_URI ? (const char *)raptor_uri_as_string(t->value.uri)
                                              : "";
}

static void on_statement(void *data, raptor_statement *st) {
  rdf_seen *s = data;
  const char *p = uri_of(st->predicate);
  s->statements++;
  if (!strcmp(p, RDFS_LABEL) && !strcmp(uri_of(st->subject), s->tricky_iri) &&
      st->object->type == RAPTOR_TERM_TYPE_LITERAL &&
      st->object->value.literal.string_len == strlen(TRICKY) &&
      !memcmp(st->object->value.literal.string, TRICKY, strlen(TRICKY)))
    s->tricky_labels++;
  if (!strcmp(p, NG_NS "supplies")) s->supplies_direct++;
  if (!strcmp(p, RDF_PREDICATE) && !strcmp(uri_of(st->object), NG_NS "supplies"))
    s->supplies_claims++;
  if (!strcmp(p, RDF_TYPE) && !strcmp(uri_of(st->object), NIF_PHRASE)) s->phrases++;
  if (st->graph && !strcmp(p, NIF_ANCHOR)) s->anchors_in_graph++;
  if (st->graph && !strcmp(p, RDFS_LABEL)) s->labels_in_graph++;
  if (!strcmp(p, NG_NS "negated") && st->object->type == RAPTOR_TERM_TYPE_LITERAL &&
      !strcmp((const char *)st->object->value.literal.string, "true"))
    s->negated_true++;
  if (!strcmp(p, "http://schema.org/datePublished") &&
      st->object->type == RAPTOR_TERM_TYPE_LITERAL && st->object->value.literal.datatype &&
      !strcmp((const char *)raptor_uri_as_string(st->object->value.literal.datatype),
              "http://www.w3.org/2001/XMLSchema#date"))
    s->dates++;
}

static size_t n_raptor_errors;
static void on_raptor_log(void *data, raptor_log_message *m) {
  (void)data;
  if (m->level >= RAPTOR_LOG_LEVEL_WARN) {
    n_raptor_errors++;
    print_error("raptor: %s\n", m->text);
  }
}

/* Serialises g as `format`, parses it back with `parser`, returns the text. */
static char *rdf_roundtrip(const ng_graph *g, const char *format, const ng_rdf_opts *o,
                           const char *parser, rdf_seen *seen) {
  capture c;
  cap_open(&c);
  ng_diag *d = ng_diag_new(count_reports, NULL);
  assert_int_equal(ng_rdf_write(g, format, o, c.f, d), NG_OK);
  ng_diag_free(d);
  cap_close(&c);
  assert_int_equal(n_reports, 0);

  raptor_world *w = raptor_new_world();
  raptor_world_set_log_handler(w, NULL, on_raptor_log);
  raptor_world_open(w);
  raptor_parser *p = raptor_new_parser(w, parser);
  if (!p) { /* e.g. RDF/JSON parser absent when Raptor was built without yajl */
    raptor_free_world(w);
    return c.data;
  }
  raptor_uri *base = raptor_new_uri(w, U("http://example.org/test/"));
  raptor_parser_set_statement_handler(p, seen, on_statement);
  n_raptor_errors = 0;
  assert_int_equal(raptor_parser_parse_start(p, base), 0);
  assert_int_equal(raptor_parser_parse_chunk(p, U(c.data), c.len, 1), 0);
  assert_int_equal(n_raptor_errors, 0);
  raptor_free_uri(base);
  raptor_free_parser(p);
  raptor_free_world(w);
  return c.data;
}

static void init_seen(rdf_seen *s, const ng_graph *g) {
  memset(s, 0, sizeof *s);
  s->tricky_iri = find_entity(g, NG_CLASS_PERSON, TRICKY)->iri;
}

static void check_full(const rdf_seen *s) {
  assert_true(s->statements > 50);
  assert_int_equal(s->tricky_labels, 1);
  assert_int_equal(s->supplies_direct, 0);
  assert_int_equal(s->supplies_claims, 1);
  assert_int_equal(s->phrases, 12);
  assert_int_equal(s->negated_true, 1);
  assert_int_equal(s->dates, 1);
}

static void test_rdf_formats(void **state) {
  const ng_graph *g = *state;
  rdf_seen ttl, nt, nq, xml, rj;

  init_seen(&ttl, g);
  char *text = rdf_roundtrip(g, "turtle", NULL, "turtle", &ttl);
  check_full(&ttl);
  assert_null(strstr(text, "@base"));
  assert_non_null(strstr(text, "@prefix ng: <https://w3id.org/newsgraph/ns#> ."));
  assert_non_null(strstr(text, "@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> ."));
  char *rdfp = strstr(text, "@prefix rdf: ");
  assert_non_null(rdfp);
  assert_null(strstr(rdfp + 1, "@prefix rdf: ")); /* declared once */
  assert_non_null(strstr(text, "<http://www.wikidata.org/entity/Q159>"));
  assert_non_null(strstr(text, "<https://example.com/news?id=1&x=2>")); /* schema:url as IRI */
  assert_non_null(strstr(text, "\"not a url\""));                       /* ... or literal */
  assert_non_null(strstr(text, "#char=0,13>"));
  free(text);

  init_seen(&nt, g);
  free(rdf_roundtrip(g, "nt", NULL, "ntriples", &nt));
  check_full(&nt);
  assert_int_equal(nt.statements, ttl.statements);

  init_seen(&nq, g);
  text = rdf_roundtrip(g, "nquads", NULL, "nquads", &nq);
  check_full(&nq);
  /* N-Quads add the analysis layer for `newsgraph merge` (output/rdf.h): here,
     with no local entities in the graph, ng:articleEntities 0 per article
     and the evidence byte span of each claim */
  assert_int_equal(nq.statements, ttl.statements + g->n_articles + 2 * g->n_claims);
  assert_non_null(strstr(text, "<https://w3id.org/newsgraph/ns#articleEntities> \"0\"^^"));
  assert_int_equal(nq.anchors_in_graph, 12); /* mentions live in the article graphs */
  assert_int_equal(nq.labels_in_graph, 0);   /* entities in the default graph */
  assert_non_null(strstr(text, "<" BASE "doc/001_test> .\n"));
  free(text);

  init_seen(&xml, g);
  free(rdf_roundtrip(g, "rdfxml", NULL, "rdfxml", &xml));
  check_full(&xml);
  assert_int_equal(xml.statements, ttl.statements);

  init_seen(&rj, g);
  text = rdf_roundtrip(g, "rj", NULL, "json", &rj);
  assert_int_equal(text[strspn(text, " \n")], '{');
  assert_non_null(strstr(text, "\\uD83D\\uDE00")); /* U+1F600 as a surrogate pair */
  if (rj.statements) assert_int_equal(rj.statements, ttl.statements);
  free(text);
}

static void test_rdf_options(void **state) {
  const ng_graph *g = *state;
  rdf_seen s;
  ng_rdf_opts o = {.no_mentions = true, .no_claims = true, .no_quotes = true};
  init_seen(&s, g);
  char *text = rdf_roundtrip(g, "ttl", &o, "turtle", &s);
  assert_int_equal(s.phrases, 0);
  assert_int_equal(s.supplies_claims, 0);
  assert_int_equal(s.tricky_labels, 1);
  assert_null(strstr(text, "ng:Quote"));
  assert_null(strstr(text, "ng:Claim"));
  free(text);
}

static void test_rdf_names(void **state) {
  (void)state;
  assert_string_equal(ng_rdf_serializer_name("ttl"), "turtle");
  assert_string_equal(ng_rdf_serializer_name("turtle"), "turtle");
  assert_string_equal(ng_rdf_serializer_name(".nt"), "ntriples");
  assert_string_equal(ng_rdf_serializer_name("nq"), "nquads");
  assert_string_equal(ng_rdf_serializer_name("rdf"), "rdfxml-abbrev");
  assert_string_equal(ng_rdf_serializer_name("xml"), "rdfxml-abbrev");
  assert_string_equal(ng_rdf_serializer_name("rj"), "json");
  assert_null(ng_rdf_serializer_name("dot"));
  assert_null(ng_rdf_serializer_name(NULL));
}

/* ---- DOT ---- */

static char *unescape_backslashes(const char *s) {
  char *r = ng_xstrdup(s), *o = r;
  for (; *s; s++) {
    if (*s == '\\' && s[1] == '\\') s++;
    *o++ = *s;
  }
  *o = '\0';
  return r;
}

static char *dot_text(const ng_graph *g, const ng_dot_opts *o) {
  capture c;
  cap_open(&c);
  ng_diag *d = ng_diag_new(count_reports, NULL);
  assert_int_equal(ng_dot_write(g, o, c.f, d), NG_OK);
  ng_diag_free(d);
  cap_close(&c);
  assert_int_equal(n_reports, 0);
  return c.data;
}

static Agedge_t *find_edge(Agraph_t *ag, const char *label) {
  for (Agnode_t *n = agfstnode(ag); n; n = agnxtnode(ag, n))
    for (Agedge_t *e = agfstout(ag, n); e; e = agnxtout(ag, e))
      if (!strcmp(agget(e, (char *)"label"), label)) return e;
  return NULL;
}

static void test_dot_write(void **state) {
  const ng_graph *g = *state;
  char *text = dot_text(g, NULL);
  Agraph_t *ag = agmemread(text);
  assert_non_null(ag);

  char *slug = ng_slugify(TRICKY);
  Agnode_t *n = agnode(ag, slug, 0);
  free(slug);
  assert_non_null(n);
  char *label = unescape_backslashes(agget(n, (char *)"label"));
  assert_string_equal(label, TRICKY);
  free(label);
  assert_string_equal(agget(n, (char *)"URL"), find_entity(g, NG_CLASS_PERSON, TRICKY)->iri);
  assert_string_equal(agget(n, (char *)"tooltip"), "Person: Tricky");

  n = agnode(ag, (char *)"sergei-lavrov", 0);
  assert_non_null(n);
  assert_string_equal(agget(n, (char *)"tooltip"), "Person: Lavrov; Sergey Lavrov");
  assert_string_equal(agget(n, (char *)"shape"), "ellipse");
  assert_string_equal(agget(n, (char *)"style"), "filled");
  assert_non_null(agnode(ag, (char *)"country-georgia", 0)); /* shared slug */
  assert_non_null(agnode(ag, (char *)"place-georgia", 0));
  assert_null(agnode(ag, (char *)"georgia", 0));
  assert_null(agnode(ag, (char *)"howitzer", 0)); /* isolated, one mention */
  assert_non_null(agnode(ag, (char *)"russia", 0));
  assert_non_null(agsubg(ag, (char *)"cluster_legend", 0));
  assert_non_null(agnode(ag, (char *)"legend_militarybase", 0));

  /* 4 direct relations; the negated-only supplies is not drawn */
  assert_int_equal(agnedges(ag), 4);
  assert_null(find_edge(ag, "supplies"));
  Agedge_t *e = find_edge(ag, "officialOf\\n(Foreign Minister)");
  assert_non_null(e);
  assert_string_equal(agget(e, (char *)"penwidth"), "2.50");
  e = find_edge(ag, "opposes");
  assert_non_null(e);
  assert_string_equal(agget(e, (char *)"style"), "dashed");
  e = find_edge(ag, "communicatedWith");
  assert_non_null(e);
  assert_string_equal(agget(e, (char *)"dir"), "none");
  assert_string_equal(agget(e, (char *)"penwidth"), "1.75");
  agclose(ag);

  /* min_evidence 2 keeps only officialOf (two articles) */
  ng_dot_opts o = {2, 0, NULL};
  free(text);
  text = dot_text(g, &o);
  ag = agmemread(text);
  assert_non_null(ag);
  assert_int_equal(agnedges(ag), 1);
  /* isolated nodes need two mentions; the Place Georgia (one) is gone, so
   * the Country no longer shares its slug with a drawn node */
  assert_non_null(agnode(ag, (char *)"georgia", 0));
  assert_null(agnode(ag, (char *)"place-georgia", 0));
  assert_non_null(agnode(ag, (char *)"nato", 0));
  assert_null(agnode(ag, (char *)"howitzer", 0));
  agclose(ag);
  free(text);
}

/* Lays the DOT out with the real engines; their stderr must stay empty. */
static void test_dot_engines(void **state) {
  const ng_graph *g = *state;
  if (system("command -v dot >/dev/null 2>&1") != 0) return; /* no Graphviz CLI */
  char dir[] = "/tmp/ngdotXXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[64], err[64];
  snprintf(path, sizeof path, "%s/g.dot", dir);
  snprintf(err, sizeof err, "%s/err", dir);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  assert_int_equal(ng_dot_write(g, NULL, f, NULL), NG_OK);
  fclose(f);
  static const char *const engines[] = {"dot", "neato", "sfdp"};
  for (size_t i = 0; i < 3; i++) {
    char cmd[256];
    snprintf(cmd, sizeof cmd, "dot -K%s -Tsvg %s -o /dev/null 2>%s", engines[i], path, err);
    assert_int_equal(system(cmd), 0);
    f = fopen(err, "r");
    assert_non_null(f);
    char buf[512];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    if (n) print_error("%s: %s\n", engines[i], buf);
    assert_int_equal(n, 0);
  }
  unlink(path);
  unlink(err);
  rmdir(dir);
}

static void test_dot_render(void **state) {
  const ng_graph *g = *state;
  capture c;
  ng_diag *d = ng_diag_new(count_reports, NULL);

  cap_open(&c);
  assert_int_equal(ng_dot_render(g, NULL, "svg", c.f, d), NG_OK);
  cap_close(&c);
  assert_true(!strncmp(c.data, "<?xml", 5) || !strncmp(c.data, "<svg", 4));
  assert_non_null(strstr(c.data, "Sergei Lavrov"));
  assert_non_null(strstr(c.data, "back\\slash")); /* one backslash drawn */
  assert_non_null(strstr(c.data, "\xF0\x9F\x98\x80"));
  free(c.data);

  ng_dot_opts o = {0, 0, "neato"};
  cap_open(&c);
  assert_int_equal(ng_dot_render(g, &o, "png", c.f, d), NG_OK);
  cap_close(&c);
  assert_true(c.len > 8 && !memcmp(c.data, "\x89PNG", 4));
  free(c.data);

  o.layout = "sfdp";
  cap_open(&c);
  assert_int_equal(ng_dot_render(g, &o, "pdf", c.f, d), NG_OK);
  cap_close(&c);
  assert_true(c.len > 4 && !memcmp(c.data, "%PDF", 4));
  free(c.data);
  assert_int_equal(n_reports, 0); /* Graphviz said nothing */
  ng_diag_free(d);
}

/* ---- GraphML ---- */

static xmlNode *child(xmlNode *n, const char *name) {
  for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, name)) return c;
  return NULL;
}

static void test_graphml(void **state) {
  const ng_graph *g = *state;
  capture c;
  cap_open(&c);
  assert_int_equal(ng_graphml_write(g, c.f, NULL), NG_OK);
  cap_close(&c);
  xmlDoc *doc = xmlReadMemory(c.data, (int)c.len, "g.graphml", NULL, XML_PARSE_NONET);
  assert_non_null(doc);
  xmlNode *root = xmlDocGetRootElement(doc);
  assert_string_equal((const char *)root->name, "graphml");
  assert_non_null(root->ns);
  assert_string_equal((const char *)root->ns->href, "http://graphml.graphdrawing.org/xmlns");
  xmlNode *graph = child(root, "graph");
  assert_non_null(graph);
  size_t nodes = 0, edges = 0, tricky = 0;
  for (xmlNode *n = graph->children; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (!strcmp((const char *)n->name, "edge")) edges++;
    if (strcmp((const char *)n->name, "node")) continue;
    nodes++;
    for (xmlNode *dn = n->children; dn; dn = dn->next) {
      if (dn->type != XML_ELEMENT_NODE) continue;
      xmlChar *k = xmlGetProp(dn, (const xmlChar *)"key");
      xmlChar *v = xmlNodeGetContent(dn);
      if (!strcmp((const char *)k, "label") && !strcmp((const char *)v, TRICKY)) tricky++;
      xmlFree(k);
      xmlFree(v);
    }
  }
  assert_int_equal(nodes, g->n_entities);
  assert_int_equal(edges, 4);
  assert_int_equal(tricky, 1);
  assert_non_null(strstr(c.data, "<node id=\"country-georgia\">"));
  assert_non_null(strstr(c.data, "<data key=\"aliases\">Lavrov; Sergey Lavrov</data>"));
  xmlFreeDoc(doc);
  free(c.data);
}

/* ---- JSON ---- */

static void test_json_string(void **state) {
  (void)state;
  capture c;
  cap_open(&c);
  ng_json_put_string(c.f, TRICKY);
  ng_json_put_string(c.f, "\x01\t\x1f\x7f");
  ng_json_put_string(c.f, "bad \xC3( \xED\xA0\x80 \xF4\x90\x80\x80 end"); /* invalid UTF-8 */
  ng_json_put_string(c.f, NULL);
  cap_close(&c);
  assert_string_equal(c.data, "\"" "Tricky \\\"Q\\\" back\\\\slash\\u000aline <a> & {b} "
                              "\xF0\x9F\x98\x80" "\""
                              "\"\\u0001\\u0009\\u001f\x7f\""
                              "\"bad \\ufffd( \\ufffd\\ufffd\\ufffd \\ufffd\\ufffd\\ufffd\\ufffd end\""
                              "null");
  free(c.data);
}

static void test_json_graph(void **state) {
  const ng_graph *g = *state;
  capture c;
  cap_open(&c);
  assert_int_equal(ng_json_write_graph(g, c.f), NG_OK);
  cap_close(&c);
  char *want = ng_xasprintf("\"label\":\"%s\",\"class\":\"Person\"", TRICKY_JSON);
  assert_non_null(strstr(c.data, want));
  free(want);
  assert_non_null(strstr(c.data, "{\"id\":\"russia\",\"label\":\"Russia\",\"class\":\"Country\","
                                 "\"iri\":\"" BASE "entity/country/russia\","
                                 "\"aliases\":[\"Moscow\"],\"mentions\":2,\"articles\":2,"
                                 "\"wikidata\":\"Q159\"}"));
  assert_non_null(strstr(c.data, "{\"id\":\"country-georgia\""));
  assert_non_null(strstr(c.data, "{\"source\":\"sergei-lavrov\",\"target\":\"russia\","
                                 "\"predicate\":\"officialOf\",\"role\":\"Foreign Minister\","
                                 "\"evidence\":2,\"articles\":2,\"hedged\":false,\"claims\":["));
  assert_non_null(strstr(c.data, "\"predicate\":\"opposes\",\"role\":null,\"evidence\":1,"
                                 "\"articles\":1,\"hedged\":true"));
  assert_non_null(strstr(c.data, "\"confidence\":0.88,\"hedged\":true,\"negated\":false}"));
  assert_null(strstr(c.data, "\"predicate\":\"supplies\""));
  assert_non_null(strstr(c.data, "{\"doc\":\"001_test\",\"headline\":\"Lavrov speaks\","
                                 "\"date\":\"2015-09-11\",\"author\":\"A. Writer\","
                                 "\"publisher\":\"Reuters\","
                                 "\"url\":\"https://example.com/news?id=1&x=2\"}"));
  assert_non_null(strstr(c.data, "{\"doc\":\"002_html\",\"headline\":null,"
                                 "\"date\":\"yesterday\""));
  assert_int_equal(c.data[0], '{');
  assert_string_equal(c.data + c.len - 3, "]}\n");
  free(c.data);
}

static void test_json_mentions(void **state) {
  const ng_graph *g = *state;
  capture c;
  cap_open(&c);
  assert_int_equal(ng_json_write_mentions(g, c.f), NG_OK);
  cap_close(&c);
  const char *first =
      "{\"doc\":\"001_test\",\"begin\":0,\"end\":13,\"type\":\"Person\",\"text\":\"Sergei Lavrov\","
      "\"entity\":\"" BASE "entity/person/sergei-lavrov\"}\n";
  assert_memory_equal(c.data, first, strlen(first));
  assert_non_null(strstr(c.data, "\n{\"doc\":\"001_test\",\"begin\":110,\"end\":116,"
                                 "\"type\":\"Temporal\",\"text\":\"Friday\"}\n"));
  assert_non_null(strstr(c.data, "\n{\"doc\":\"002_html\",\"begin\":30,\"end\":36,"
                                 "\"type\":\"Organisation\",\"text\":\"Moscow\","
                                 "\"entity\":\"" BASE "entity/country/russia\","
                                 "\"source\":\"html\"}\n"));
  char *want = ng_xasprintf("\"text\":\"%s\"", TRICKY_JSON);
  assert_non_null(strstr(c.data, want));
  free(want);
  size_t lines = 0;
  for (size_t i = 0; i < c.len; i++) lines += c.data[i] == '\n';
  assert_int_equal(lines, g->n_mentions);
  free(c.data);
}

static void test_json_relations(void **state) {
  const ng_graph *g = *state;
  capture c;
  cap_open(&c);
  assert_int_equal(ng_json_write_relations(g, c.f), NG_OK);
  cap_close(&c);
  const char *want =
      "{\"doc\":\"001_test\",\"predicate\":\"communicatedWith\",\"type\":\"CommWith\","
      "\"source_begin\":0,\"source_end\":5,\"target_begin\":20,\"target_end\":25,"
      "\"trigger\":\"spoke with\"}\n"
      "{\"doc\":\"001_test\",\"predicate\":\"officialOf\",\"type\":\"BelongsTo\","
      "\"source_begin\":0,\"source_end\":5,\"target_begin\":100,\"target_end\":105,"
      "\"trigger\":\"Foreign Minister\"}\n"
      "{\"doc\":\"001_test\",\"predicate\":\"supplies\",\"type\":\"BelongsTo\","
      "\"source_begin\":100,\"source_end\":105,\"target_begin\":120,\"target_end\":125,"
      "\"trigger\":\"supplied\",\"negated\":true}\n"
      "{\"doc\":\"001_test\",\"predicate\":\"locatedAt\",\"type\":\"CoLocated\","
      "\"source_begin\":120,\"source_end\":125,\"target_begin\":150,\"target_end\":155,"
      "\"trigger\":\"is in\"}\n"
      "{\"doc\":\"002_html\",\"predicate\":\"officialOf\",\"type\":\"BelongsTo\","
      "\"source_begin\":5,\"source_end\":10,\"target_begin\":30,\"target_end\":35,"
      "\"trigger\":\"Foreign Minister\"}\n"
      "{\"doc\":\"002_html\",\"predicate\":\"opposes\",\"type\":\"Dislikes\","
      "\"source_begin\":40,\"source_end\":45,\"target_begin\":30,\"target_end\":35,"
      "\"trigger\":\"warned\",\"hedged\":true}\n";
  assert_string_equal(c.data, want);
  free(c.data);
}

/* ---- an empty graph: every writer still produces a valid document ---- */

static void test_empty_graph(void **state) {
  (void)state;
  ng_graph *g = ng_graph_new(NULL);
  ng_graph_finish(g);
  ng_diag *d = ng_diag_new(count_reports, NULL);
  static const char *const formats[] = {"turtle", "ntriples", "nquads", "rdfxml", "json"};
  for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
    capture c;
    cap_open(&c);
    assert_int_equal(ng_rdf_write(g, formats[i], NULL, c.f, d), NG_OK);
    cap_close(&c);
    free(c.data);
  }
  capture c;
  cap_open(&c);
  assert_int_equal(ng_dot_write(g, NULL, c.f, d), NG_OK);
  cap_close(&c);
  Agraph_t *ag = agmemread(c.data);
  assert_non_null(ag);
  assert_int_equal(agnnodes(ag), NG_CLASS_COUNT); /* the legend only */
  agclose(ag);
  free(c.data);
  cap_open(&c);
  assert_int_equal(ng_dot_render(g, NULL, "svg", c.f, d), NG_OK);
  cap_close(&c);
  free(c.data);
  cap_open(&c);
  assert_int_equal(ng_graphml_write(g, c.f, d), NG_OK);
  cap_close(&c);
  free(c.data);
  cap_open(&c);
  assert_int_equal(ng_json_write_graph(g, c.f), NG_OK);
  assert_int_equal(ng_json_write_mentions(g, c.f), NG_OK);
  assert_int_equal(ng_json_write_relations(g, c.f), NG_OK);
  cap_close(&c);
  assert_string_equal(c.data, "{\"nodes\":[],\n\"edges\":[],\n\"articles\":[]}\n");
  free(c.data);
  assert_int_equal(n_reports, 0);
  ng_diag_free(d);
  ng_graph_free(g);
}

/* ---- errors ---- */

static void test_usage_errors(void **state) {
  const ng_graph *g = *state;
  ng_diag *d = ng_diag_new(NULL, NULL);
  capture c;
  cap_open(&c);
  assert_int_equal(ng_rdf_write(g, "bogus", NULL, c.f, d), NG_E_USAGE);
  assert_int_equal(ng_dot_render(g, NULL, "gif", c.f, d), NG_E_USAGE);
  assert_int_equal(ng_dot_render(g, NULL, NULL, c.f, d), NG_E_USAGE);
  ng_dot_opts o = {0, 0, "bogus"};
  assert_int_equal(ng_dot_render(g, &o, "svg", c.f, d), NG_E_USAGE);
  cap_close(&c);
  assert_int_equal(c.len, 0);
  assert_int_equal(ng_diag_errors(d), 4);
  free(c.data);
  ng_diag_free(d);
}

static void test_write_errors(void **state) {
  const ng_graph *g = *state;
  if (access("/dev/full", W_OK) != 0) return;
  static const char *const rdf_formats[] = {"turtle", "ntriples", "nquads", "rdfxml", "json"};
  ng_diag *d = ng_diag_new(NULL, NULL);
  for (size_t i = 0; i < sizeof rdf_formats / sizeof *rdf_formats; i++) {
    FILE *f = fopen("/dev/full", "w");
    assert_non_null(f);
    assert_int_equal(ng_rdf_write(g, rdf_formats[i], NULL, f, d), NG_E_IO);
    fclose(f);
  }
  FILE *f = fopen("/dev/full", "w");
  assert_int_equal(ng_dot_write(g, NULL, f, d), NG_E_IO);
  fclose(f);
  f = fopen("/dev/full", "w");
  assert_int_equal(ng_dot_render(g, NULL, "svg", f, d), NG_E_IO);
  fclose(f);
  f = fopen("/dev/full", "w");
  assert_int_equal(ng_graphml_write(g, f, d), NG_E_IO);
  fclose(f);
  f = fopen("/dev/full", "w");
  assert_int_equal(ng_json_write_graph(g, f), NG_E_IO);
  fclose(f);
  f = fopen("/dev/full", "w");
  assert_int_equal(ng_json_write_mentions(g, f), NG_E_IO);
  fclose(f);
  f = fopen("/dev/full", "w");
  assert_int_equal(ng_json_write_relations(g, f), NG_E_IO);
  fclose(f);
  assert_true(ng_diag_errors(d) >= 8);
  ng_diag_free(d);
}

/* Sanitizer builds: full malloc stacks (the libraries have no frame
 * pointers), and suppressions for leaks inside the libraries themselves,
 * never in newsgraph code: fontconfig caches reached through Graphviz's pango
 * plugin; Graphviz 2.42 layouts leaking cluster skeletons (dot) and cluster
 * labels (neato) while inside gvLayoutJobs; Raptor 2.0.15's N-Triples/N-Quads
 * parser (used here only to read the output back) leaking datatype URIs,
 * which then keeps the world's concept URIs alive. Unused in plain builds. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "fast_unwind_on_malloc=0"; }
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) {
  return "leak:libfontconfig.so\n"
         "leak:gvLayoutJobs\n"
         "leak:raptor_ntriples_parse_term\n"
         "leak:raptor_concepts_init\n";
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_rdf_formats, setup, teardown),
      cmocka_unit_test_setup_teardown(test_rdf_options, setup, teardown),
      cmocka_unit_test(test_rdf_names),
      cmocka_unit_test_setup_teardown(test_dot_write, setup, teardown),
      cmocka_unit_test_setup_teardown(test_dot_engines, setup, teardown),
      cmocka_unit_test_setup_teardown(test_dot_render, setup, teardown),
      cmocka_unit_test_setup_teardown(test_graphml, setup, teardown),
      cmocka_unit_test(test_json_string),
      cmocka_unit_test_setup_teardown(test_json_graph, setup, teardown),
      cmocka_unit_test_setup_teardown(test_json_mentions, setup, teardown),
      cmocka_unit_test_setup_teardown(test_json_relations, setup, teardown),
      cmocka_unit_test(test_empty_graph),
      cmocka_unit_test_setup_teardown(test_usage_errors, setup, teardown),
      cmocka_unit_test_setup_teardown(test_write_errors, setup, teardown),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  xmlCleanupParser();
  return rc;
}
