/* test_escape.c — escaping in every writer: names that are hard to write
 * (quotes, backslashes, newlines, carriage returns, tabs, <, >, &, {}, XML
 * and Turtle terminators, a literal "\u0041", non-BMP characters) go into a
 * graph built directly through graph/graph.h, are written by each writer into
 * memory and read back with an independent parser, and must come back
 * byte for byte:
 *   Turtle, N-Triples, N-Quads, RDF/XML  → Raptor's parsers
 *   DOT                                  → cgraph agmemread (label escString undone)
 *   GraphML                              → libxml2
 *   JSON graph, `mentions`/`relations` lines → jq (path in $JQ), strings
 *                                          handed back as base64
 *
 * Each tricky string is used as an entity label, an alias, an office role, a
 * claim trigger and evidence sentence, a mention text and a quote, and one
 * is the article headline and author. */
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
#define RDFS_LABEL "http://www.w3.org/2000/01/rdf-schema#label"

/* Each starts with a distinct word so that the slugs (and so the IRIs) differ. */
static const char *const NAMES[] = {
    "n01 Say \"hi\" twice \"\"",
    "n02 It's O'Brien's",
    "n03 back\\slash \\\\ double",
    "n04 ends in a backslash\\",
    "n05 line\nbreak",
    "n06 backslash\\\nthen newline",
    "n07 <b>bold</b> & co &amp; &#38;",
    "n08 {braces} [brackets] (parens) |pipe|",
    "n09 emoji \xF0\x9F\x98\x80 clef \xF0\x9D\x84\x9E max \xF4\x8F\xBF\xBF",
    "n10 tab\there cr\rreturn crlf\r\nend",
    "n11 multi\nline ending in a quote\"",
    "n12 \"\"\"triple\"\"\" quotes '''single'''",
    "n13 ]]> --> <!-- <?pi?> </graphml>",
    "n14 literal \\u0041 and \\n and \\\"",
    "n15 Z\xC3\xBCrich \xE2\x80\x93 \xCE\x95\xCE\xBB\xCE\xBB\xCE\xAC\xCE\xB4\xCE\xB1 \xE2\x80\xA8sep",
    "n16 ; semicolon, comma: colon @at #hash %25 ?q=1&r=2",
    "\"n17 starts with a quote",
    "n18 \\N \\G \\L \\E node-escape words",
};
#define N_NAMES (sizeof NAMES / sizeof NAMES[0])
#define HUB "n00 Hub Organisation"

/* ---- helpers ---- */

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

static void cap_close(capture *c) { assert_int_equal(fclose(c->f), 0); }

static size_t n_reports;
static void count_reports(const ng_diag_item *it, void *payload) {
  (void)payload;
  fprintf(stderr, "writer report: %s\n", it->message);
  n_reports++;
}

/* A set of strings seen in an output, compared against what went in. */
typedef struct seen {
  char **v;
  size_t n, cap;
} seen;

static void seen_add(seen *s, const char *str, size_t len) {
  if (s->n == s->cap) {
    s->cap = s->cap ? 2 * s->cap : 64;
    s->v = ng_xrealloc(s->v, s->cap * sizeof *s->v);
  }
  s->v[s->n++] = ng_xstrndup(str, len);
}

static bool seen_has(const seen *s, const char *str) {
  for (size_t i = 0; i < s->n; i++)
    if (!strcmp(s->v[i], str)) return true;
  return false;
}

static void seen_free(seen *s) {
  for (size_t i = 0; i < s->n; i++) free(s->v[i]);
  free(s->v);
  memset(s, 0, sizeof *s);
}

/* Every tricky name (with an optional wrapper: "%s" or "officialOf\n(%s)")
 * must be in s; says which one is missing. */
static void expect_all(const seen *s, const char *what, const char *wrap) {
  for (size_t i = 0; i < N_NAMES; i++) {
    char *want = ng_xasprintf(wrap, NAMES[i]);
    if (!seen_has(s, want)) {
      fprintf(stderr, "%s: missing or changed: ", what);
      for (const char *p = want; *p; p++)
        fprintf(stderr, (unsigned char)*p < 0x20 || *p == '\\' ? "\\x%02X" : "%c", (unsigned char)*p);
      fprintf(stderr, "\n");
      free(want);
      fail();
    }
    free(want);
  }
}

/* ---- the graph ---- */

static ng_graph *make_graph(void) {
  ng_graph *g = ng_graph_new(NULL);
  /* one article holds everything; its headline and author are tricky too */
  ng_buf text = {0};
  for (size_t i = 0; i < N_NAMES; i++) {
    ng_buf_puts(&text, NAMES[i]);
    ng_buf_putc(&text, ' ');
  }
  ng_article a = {0};
  a.doc = "001_escape";
  a.path = "tests/escape/001_escape.txt";
  a.source = "text";
  a.headline = (char *)NAMES[0];
  a.author = (char *)NAMES[8];
  a.date = "September 11, 2015";
  a.date_iso = "2015-09-11";
  a.bytes = text.len;
  uint32_t art = ng_graph_add_article(g, &a);

  uint32_t hub = ng_graph_entity(g, NG_CLASS_ORGANIZATION, HUB);
  size_t off = 0, cp = 0;
  for (size_t i = 0; i < N_NAMES; i++) {
    const char *name = NAMES[i];
    size_t len = strlen(name), cps = ng_utf8_count(name, len);
    uint32_t e = ng_graph_entity(g, NG_CLASS_PERSON, name);
    /* the next name as an alias, so aliases are tricky too */
    ng_graph_add_alias(g, e, NAMES[(i + 1) % N_NAMES]);
    ng_graph_add_mention(g, art, off, off + len, cp, cp + cps, name, len, NG_MT_PERSON,
                         (int32_t)e);
    ng_claim c = {0};
    c.sent_begin = off;
    c.sent_end = off + len;
    c.sent_cp_begin = cp;
    c.sent_cp_end = cp + cps;
    c.sentence = (char *)name;
    c.src_begin = off;
    c.src_end = off + len;
    c.tgt_begin = text.len + 2 * i; /* the hub's mention: a span of its own */
    c.tgt_end = text.len + 2 * i + 1;
    c.trigger = (char *)name;
    c.role = (char *)name;
    c.confidence = 0.5;
    ng_graph_add_claim(g, e, NG_PRED_OFFICIAL_OF, hub, art, &c);
    ng_quote q = {0};
    q.article = art;
    q.speaker = (int32_t)e;
    q.text = (char *)name;
    q.begin = off;
    q.end = off + len;
    q.cp_begin = cp;
    q.cp_end = cp + cps;
    q.direct = true;
    ng_graph_add_quote(g, &q);
    off += len + 1;
    cp += cps + 1;
  }
  ng_buf_free(&text);
  ng_graph_finish(g);
  return g;
}

static int setup(void **state) {
  *state = make_graph();
  return 0;
}

static int teardown(void **state) {
  ng_graph_free(*state);
  return 0;
}

static const ng_entity *entity_named(const ng_graph *g, const char *label) {
  for (size_t i = 0; i < g->n_entities; i++)
    if (!strcmp(g->entities[i].label, label)) return &g->entities[i];
  return NULL;
}

/* ---- RDF through Raptor ---- */

typedef struct rdf_ctx {
  const ng_graph *g;
  seen literals;     /* every literal object */
  size_t labels_ok;  /* rdfs:label triples whose subject is the entity of that name */
  size_t errors;
} rdf_ctx;

static void on_rdf_log(void *user, raptor_log_message *m) {
  rdf_ctx *x = user;
  if (m->level >= RAPTOR_LOG_LEVEL_WARN) {
    fprintf(stderr, "raptor: %s (line %d)\n", m->text, m->locator ? m->locator->line : -1);
    x->errors++;
  }
}

static void on_statement(void *user, raptor_statement *st) {
  rdf_ctx *x = user;
  if (st->object->type != RAPTOR_TERM_TYPE_LITERAL) return;
  const char *val = (const char *)st->object->value.literal.string;
  size_t len = st->object->value.literal.string_len;
  seen_add(&x->literals, val, len);
  if (strlen(val) != len) return; /* a NUL inside: cannot be one of ours */
  char *pred = (char *)raptor_uri_as_string(st->predicate->value.uri);
  if (strcmp(pred, RDFS_LABEL) || st->subject->type != RAPTOR_TERM_TYPE_URI) return;
  const ng_entity *e = entity_named(x->g, val);
  if (e && !strcmp((char *)raptor_uri_as_string(st->subject->value.uri), e->iri))
    x->labels_ok++;
}

static void rdf_roundtrip(const ng_graph *g, const char *format, const char *parser) {
  capture c;
  cap_open(&c);
  n_reports = 0;
  ng_diag *d = ng_diag_new(count_reports, NULL);
  assert_int_equal(ng_rdf_write(g, format, NULL, c.f, d), NG_OK);
  ng_diag_free(d);
  cap_close(&c);
  assert_int_equal(n_reports, 0);

  /* one world for the whole run, never freed: Raptor 2.0.15's N-Triples and
     N-Quads parser keeps a reference to a world-owned URI for each typed
     literal, so freeing the world would make those URIs unreachable and
     LeakSanitizer would report Raptor's leak as ours */
  static raptor_world *w;
  if (!w) {
    w = raptor_new_world();
    assert_int_equal(raptor_world_open(w), 0);
  }
  rdf_ctx x = {g, {0}, 0, 0};
  raptor_world_set_log_handler(w, &x, on_rdf_log);
  raptor_parser *p = raptor_new_parser(w, parser);
  assert_non_null(p);
  raptor_parser_set_statement_handler(p, &x, on_statement);
  raptor_uri *base = raptor_new_uri(w, U("http://example.org/escape/"));
  assert_int_equal(raptor_parser_parse_start(p, base), 0);
  assert_int_equal(raptor_parser_parse_chunk(p, U(c.data), c.len, 1), 0);
  raptor_free_uri(base);
  raptor_free_parser(p);
  raptor_world_set_log_handler(w, NULL, NULL);
  assert_int_equal(x.errors, 0);
  /* labels, aliases, sentences, triggers, roles, anchors and quotes */
  expect_all(&x.literals, format, "%s");
  assert_int_equal(x.labels_ok, N_NAMES + 1); /* and the hub */
  assert_true(seen_has(&x.literals, HUB));
  seen_free(&x.literals);
  free(c.data);
}

static void test_turtle(void **state) { rdf_roundtrip(*state, "turtle", "turtle"); }
static void test_ntriples(void **state) { rdf_roundtrip(*state, "ntriples", "ntriples"); }
static void test_nquads(void **state) { rdf_roundtrip(*state, "nquads", "nquads"); }
static void test_rdfxml(void **state) { rdf_roundtrip(*state, "rdfxml", "rdfxml"); }

/* ---- DOT through cgraph ---- */

/* Undoes the escString level of a Graphviz label (\\ \" \n), the way Graphviz
 * reads it when it draws; other escapes (\N, \l ...) would be Graphviz's own
 * and must not appear, since the writer doubles every backslash. */
static char *unescape_esc(const char *s) {
  ng_buf b = {0};
  ng_buf_put(&b, "", 0);
  for (; *s; s++) {
    if (*s != '\\') {
      ng_buf_putc(&b, *s);
      continue;
    }
    s++;
    if (*s == '\\' || *s == '"') ng_buf_putc(&b, *s);
    else if (*s == 'n') ng_buf_putc(&b, '\n');
    else {
      fprintf(stderr, "DOT: a Graphviz escape \\%c was left in a label\n", *s ? *s : '0');
      ng_buf_puts(&b, "<<unexpected escape>>");
      if (!*s) break;
    }
  }
  return ng_buf_take(&b);
}

static void test_dot(void **state) {
  const ng_graph *g = *state;
  capture c;
  cap_open(&c);
  n_reports = 0;
  ng_diag *d = ng_diag_new(count_reports, NULL);
  assert_int_equal(ng_dot_write(g, NULL, c.f, d), NG_OK);
  ng_diag_free(d);
  cap_close(&c);
  assert_int_equal(n_reports, 0);

  Agraph_t *ag = agmemread(c.data);
  assert_non_null(ag);
  seen labels = {0}, edges = {0};
  for (Agnode_t *n = agfstnode(ag); n; n = agnxtnode(ag, n)) {
    char *raw = agget(n, (char *)"label");
    if (!raw) continue;
    char *l = unescape_esc(raw);
    seen_add(&labels, l, strlen(l));
    free(l);
    for (Agedge_t *e = agfstout(ag, n); e; e = agnxtout(ag, e)) {
      char *el = unescape_esc(agget(e, (char *)"label"));
      seen_add(&edges, el, strlen(el));
      free(el);
    }
  }
  expect_all(&labels, "DOT node label", "%s");
  /* the edge label is the predicate and, for offices, the role below it */
  expect_all(&edges, "DOT edge label", "officialOf\n(%s)");
  assert_true(seen_has(&labels, HUB));
  seen_free(&labels);
  seen_free(&edges);
  agclose(ag);
  free(c.data);
}

/* ---- GraphML through libxml2 ---- */

static void quiet_xml(void *ctx, xmlErrorPtr e) {
  (void)ctx;
  fprintf(stderr, "libxml2: %s", e && e->message ? e->message : "?\n");
}

static void test_graphml(void **state) {
  const ng_graph *g = *state;
  capture c;
  cap_open(&c);
  n_reports = 0;
  ng_diag *d = ng_diag_new(count_reports, NULL);
  assert_int_equal(ng_graphml_write(g, c.f, d), NG_OK);
  ng_diag_free(d);
  cap_close(&c);
  assert_int_equal(n_reports, 0);

  xmlSetStructuredErrorFunc(NULL, quiet_xml);
  xmlDocPtr doc = xmlReadMemory(c.data, (int)c.len, "escape.graphml", NULL, XML_PARSE_NONET);
  xmlSetStructuredErrorFunc(NULL, NULL);
  assert_non_null(doc);
  seen labels = {0}, roles = {0};
  xmlNode *root = xmlDocGetRootElement(doc);
  for (xmlNode *gr = root->children; gr; gr = gr->next) {
    if (gr->type != XML_ELEMENT_NODE || strcmp((const char *)gr->name, "graph")) continue;
    for (xmlNode *el = gr->children; el; el = el->next) {
      if (el->type != XML_ELEMENT_NODE) continue;
      for (xmlNode *dn = el->children; dn; dn = dn->next) {
        if (dn->type != XML_ELEMENT_NODE || strcmp((const char *)dn->name, "data")) continue;
        xmlChar *key = xmlGetProp(dn, U("key"));
        xmlChar *val = xmlNodeGetContent(dn);
        if (key && val && !strcmp((const char *)key, "label"))
          seen_add(&labels, (const char *)val, strlen((const char *)val));
        if (key && val && !strcmp((const char *)key, "role"))
          seen_add(&roles, (const char *)val, strlen((const char *)val));
        xmlFree(key);
        xmlFree(val);
      }
    }
  }
  expect_all(&labels, "GraphML node label", "%s");
  expect_all(&roles, "GraphML edge role", "%s");
  seen_free(&labels);
  seen_free(&roles);
  xmlFreeDoc(doc);
  free(c.data);
}

/* ---- JSON through jq ---- */

static int b64val(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

/* Decodes one line of base64 into s. */
static void add_b64(seen *s, const char *line, size_t n) {
  ng_buf b = {0};
  ng_buf_put(&b, "", 0);
  unsigned acc = 0;
  int bits = 0;
  for (size_t i = 0; i < n && line[i] != '='; i++) {
    int v = b64val(line[i]);
    assert_true(v >= 0);
    acc = (acc << 6) | (unsigned)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      ng_buf_putc(&b, (char)((acc >> bits) & 0xFF));
    }
  }
  seen_add(s, b.data, b.len);
  ng_buf_free(&b);
}

/* Writes data to a temporary file, runs jq PROGRAM on it (jq must succeed,
 * so the document parses) and collects each output line, base64-decoded. */
static void jq_strings(seen *out, const char *data, size_t len, const char *program) {
  const char *jq = getenv("JQ");
  if (!jq || !*jq || access(jq, X_OK) != 0) {
    fprintf(stderr, "jq not found (set JQ to its path; meson does when jq is installed)\n");
    fail();
  }
  char path[] = "/tmp/ng-escape-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, len, f), len);
  assert_int_equal(fclose(f), 0);
  char *cmd = ng_xasprintf("'%s' -r '%s' '%s'", jq, program, path);
  FILE *p = popen(cmd, "r");
  assert_non_null(p);
  char *line = NULL;
  size_t cap = 0;
  ssize_t got;
  while ((got = getline(&line, &cap, p)) > 0) {
    size_t n = (size_t)got;
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) n--;
    add_b64(out, line, n);
  }
  free(line);
  int rc = pclose(p);
  unlink(path);
  free(cmd);
  assert_int_equal(rc, 0);
}

typedef int (*json_writer)(const ng_graph *, FILE *);

static char *json_text(const ng_graph *g, json_writer w, size_t *len) {
  capture c;
  cap_open(&c);
  assert_int_equal(w(g, c.f), NG_OK);
  cap_close(&c);
  *len = c.len;
  return c.data;
}

static void test_json_graph(void **state) {
  size_t len;
  char *text = json_text(*state, ng_json_write_graph, &len);
  seen labels = {0}, aliases = {0}, roles = {0}, heads = {0};
  jq_strings(&labels, text, len, ".nodes[].label | @base64");
  jq_strings(&aliases, text, len, ".nodes[].aliases[] | @base64");
  jq_strings(&roles, text, len, ".edges[] | .role // empty | @base64");
  jq_strings(&heads, text, len, ".articles[] | .headline, .author | @base64");
  expect_all(&labels, "JSON node label", "%s");
  expect_all(&aliases, "JSON node alias", "%s");
  expect_all(&roles, "JSON edge role", "%s");
  assert_true(seen_has(&heads, NAMES[0]));
  assert_true(seen_has(&heads, NAMES[8]));
  seen_free(&labels);
  seen_free(&aliases);
  seen_free(&roles);
  seen_free(&heads);
  free(text);
}

static void test_json_lines(void **state) {
  size_t len;
  char *text = json_text(*state, ng_json_write_mentions, &len);
  seen m = {0}, t = {0};
  jq_strings(&m, text, len, ".text | @base64");
  expect_all(&m, "mentions line text", "%s");
  free(text);
  text = json_text(*state, ng_json_write_relations, &len);
  jq_strings(&t, text, len, ".trigger | @base64");
  expect_all(&t, "relations line trigger", "%s");
  seen_free(&m);
  seen_free(&t);
  free(text);
}

int main(void) {
  xmlInitParser();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_turtle),     cmocka_unit_test(test_ntriples),
      cmocka_unit_test(test_nquads),     cmocka_unit_test(test_rdfxml),
      cmocka_unit_test(test_dot),        cmocka_unit_test(test_graphml),
      cmocka_unit_test(test_json_graph), cmocka_unit_test(test_json_lines),
  };
  int rc = cmocka_run_group_tests(tests, setup, teardown);
  xmlCleanupParser();
  return rc;
}
