/* fuzz_pipeline.c — fuzz target for the whole reading and writing path, as
 * the CLI runs it: the input is written to a temporary file, read with
 * format detection, tokenized, recognised, resolved, related and put into a
 * graph (ng_pipeline_run with the built-in lexicon), then one writer
 * (chosen by the input's size) writes the graph into memory and the result
 * is parsed back:
 *   Turtle and N-Quads with Raptor, GraphML with libxml2, DOT with cgraph,
 *   the JSON graph and the JSONL mention/relation lines with a small strict
 *   JSON checker below.
 *
 * Invariants: every writer returns NG_OK on a memory stream, its output
 * parses without error, a graph with articles gives a non-empty output, and
 * a failed input has been reported to the diagnostics sink. */
#include "fuzz.h"

#include "graph/base.h"
#include "graph/diag.h"
#include "graph/graph.h"
#include "nlp/lexicon.h"
#include "nlp/pipeline.h"
#include "output/dot.h"
#include "output/graphml.h"
#include "output/json.h"
#include "output/rdf.h"

#include <graphviz/cgraph.h>
#include <libxml/parser.h>
#include <fcntl.h>
#include <raptor2.h>
#include <string.h>
#include <unistd.h>

static ng_lexicon *lexicon;
static raptor_world *world;
static char tmpdir[] = "/tmp/ngfuzz.XXXXXX";
static char path[64];
static int fd = -1;

static void cleanup(void) {
  if (fd >= 0) close(fd);
  unlink(path);
  rmdir(tmpdir);
  ng_lex_free(lexicon);
  /* the Raptor world stays: Raptor 2.0.15's N-Triples/N-Quads parser takes a
     reference to a world concept URI for each typed literal and never gives
     it back, so raptor_free_world would leave those URIs unreachable and
     LeakSanitizer would blame them on us; alive, they stay reachable */
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  xmlInitParser();
  ng_diag *d = ng_diag_new(ng_diag_to_file, stderr);
  lexicon = ng_lex_load(NULL, d);
  ng_diag_free(d);
  world = raptor_new_world();
  if (!lexicon || !world || raptor_world_open(world) || !mkdtemp(tmpdir)) {
    fprintf(stderr, "fuzz_pipeline: set-up failed\n");
    abort();
  }
  snprintf(path, sizeof path, "%s/article", tmpdir);
  fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) abort();
  agseterr(AGMAX); /* cgraph: no messages, the NULL result is the check */
  atexit(cleanup);
  return 0;
}

/* ---- a strict JSON checker (RFC 8259), enough to say "parses" ---- */

typedef struct jp {
  const char *s;
  size_t n, i;
  int depth;
} jp;

static void jws(jp *p) {
  while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' ||
                         p->s[p->i] == '\r'))
    p->i++;
}

static bool jlit(jp *p, const char *w) {
  size_t m = strlen(w);
  if (p->n - p->i < m || memcmp(p->s + p->i, w, m)) return false;
  p->i += m;
  return true;
}

static bool jstring(jp *p) {
  if (p->i >= p->n || p->s[p->i] != '"') return false;
  size_t b = ++p->i;
  while (p->i < p->n && p->s[p->i] != '"') {
    unsigned char c = (unsigned char)p->s[p->i];
    if (c < 0x20) return false;
    if (c == '\\') {
      if (++p->i >= p->n) return false;
      char e = p->s[p->i];
      if (e == 'u') {
        for (int k = 1; k <= 4; k++) {
          char h = p->i + (size_t)k < p->n ? p->s[p->i + (size_t)k] : 0;
          if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F')))
            return false;
        }
        p->i += 4;
      } else if (!strchr("\"\\/bfnrt", e) || !e) {
        return false;
      }
    }
    p->i++;
  }
  if (p->i >= p->n) return false;
  bool ok = ng_utf8_valid(p->s + b, p->i - b, NULL);
  p->i++;
  return ok;
}

static bool jnumber(jp *p) {
  size_t b = p->i;
  if (p->i < p->n && p->s[p->i] == '-') p->i++;
  size_t d = p->i;
  while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') p->i++;
  if (p->i == d || (p->s[d] == '0' && p->i - d > 1)) return false;
  if (p->i < p->n && p->s[p->i] == '.') {
    size_t f = ++p->i;
    while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') p->i++;
    if (p->i == f) return false;
  }
  if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
    p->i++;
    if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-')) p->i++;
    size_t x = p->i;
    while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') p->i++;
    if (p->i == x) return false;
  }
  return p->i > b;
}

static bool jvalue(jp *p) {
  jws(p);
  if (p->i >= p->n || ++p->depth > 64) return false;
  bool ok;
  char c = p->s[p->i];
  if (c == '{' || c == '[') {
    char close = c == '{' ? '}' : ']';
    p->i++;
    jws(p);
    ok = true;
    if (p->i < p->n && p->s[p->i] == close) {
      p->i++;
    } else {
      for (;;) {
        if (c == '{') {
          jws(p);
          if (!jstring(p)) { ok = false; break; }
          jws(p);
          if (!jlit(p, ":")) { ok = false; break; }
        }
        if (!jvalue(p)) { ok = false; break; }
        jws(p);
        if (jlit(p, ",")) continue;
        ok = jlit(p, close == '}' ? "}" : "]");
        break;
      }
    }
  } else if (c == '"') {
    ok = jstring(p);
  } else if (c == 't' || c == 'f' || c == 'n') {
    ok = jlit(p, "true") || jlit(p, "false") || jlit(p, "null");
  } else {
    ok = jnumber(p);
  }
  p->depth--;
  return ok;
}

/* One JSON document (lines = false) or one per line (JSON Lines). */
static bool json_ok(const char *s, size_t n, bool lines) {
  if (!lines) {
    jp p = {s, n, 0, 0};
    if (!jvalue(&p)) return false;
    jws(&p);
    return p.i == n;
  }
  for (size_t b = 0; b < n;) {
    const char *nl = memchr(s + b, '\n', n - b);
    if (!nl) return false; /* every line ends with a newline */
    size_t e = (size_t)(nl - s);
    jp p = {s + b, e - b, 0, 0};
    if (!jvalue(&p) || p.i != e - b) return false;
    b = e + 1;
  }
  return true;
}

/* ---- parse-back ---- */

static size_t rdf_errors, rdf_triples;
static void rdf_log(void *user, raptor_log_message *m) {
  (void)user;
  if (m->level >= RAPTOR_LOG_LEVEL_WARN) {
    fprintf(stderr, "fuzz_pipeline: raptor: %s\n", m->text);
    rdf_errors++;
  }
}
static void rdf_count(void *user, raptor_statement *st) {
  (void)user;
  (void)st;
  rdf_triples++;
}

static bool rdf_ok(const char *syntax, const char *s, size_t n) {
  rdf_errors = rdf_triples = 0;
  raptor_world_set_log_handler(world, NULL, rdf_log);
  raptor_parser *p = raptor_new_parser(world, syntax);
  NG_FUZZ_CHECK(p != NULL);
  raptor_parser_set_statement_handler(p, NULL, rdf_count);
  raptor_uri *base = raptor_new_uri(world, (const unsigned char *)"http://fuzz.invalid/");
  int rc = raptor_parser_parse_start(p, base);
  if (!rc) rc = raptor_parser_parse_chunk(p, (const unsigned char *)s, n, 1);
  raptor_free_parser(p);
  raptor_free_uri(base);
  return rc == 0 && rdf_errors == 0;
}

static void quiet_xml(void *ctx, xmlErrorPtr e) {
  (void)ctx;
  (void)e;
}

static bool xml_ok(const char *s, size_t n) {
  xmlSetStructuredErrorFunc(NULL, quiet_xml);
  xmlDocPtr doc = xmlReadMemory(s, (int)n, "fuzz.graphml", "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  bool ok = doc && xmlDocGetRootElement(doc);
  xmlFreeDoc(doc);
  xmlSetStructuredErrorFunc(NULL, NULL);
  return ok;
}

static bool dot_ok(const char *s) {
  Agraph_t *g = agmemread(s);
  if (!g) return false;
  agclose(g);
  return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size) abort();

  ng_diag *d = ng_diag_new(NULL, NULL);
  ng_graph *g = ng_graph_new(NULL);
  ng_pipeline_opts po = {0};
  po.jobs = 1;
  po.relations = true;
  po.ner.span_titles = true;
  po.ner.span_the = true;
  const char *paths[1] = {path};
  size_t failed = ng_pipeline_run(g, paths, 1, lexicon, &po, d, NULL, NULL);
  NG_FUZZ_CHECK(failed <= 1);
  NG_FUZZ_CHECK(failed == 0 ? g->n_articles == 1 : ng_diag_errors(d) > 0 && g->n_articles == 0);

  char *out = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&out, &len);
  NG_FUZZ_CHECK(fp != NULL);
  int rc;
  unsigned which = (unsigned)(size % 7);
  switch (which) {
  case 0: rc = ng_rdf_write(g, "turtle", NULL, fp, d); break;
  case 1: rc = ng_rdf_write(g, "nquads", NULL, fp, d); break;
  case 2: rc = ng_graphml_write(g, fp, d); break;
  case 3: rc = ng_dot_write(g, NULL, fp, d); break;
  case 4: rc = ng_json_write_graph(g, fp); break;
  case 5: rc = ng_json_write_mentions(g, fp); break;
  default: rc = ng_json_write_relations(g, fp); break;
  }
  NG_FUZZ_CHECK(fclose(fp) == 0);
  NG_FUZZ_CHECK(rc == NG_OK);
  switch (which) {
  case 0:
    NG_FUZZ_CHECK(rdf_ok("turtle", out, len));
    if (g->n_articles) NG_FUZZ_CHECK(rdf_triples > 0);
    break;
  case 1:
    NG_FUZZ_CHECK(rdf_ok("nquads", out, len));
    if (g->n_articles) NG_FUZZ_CHECK(rdf_triples > 0);
    break;
  case 2: NG_FUZZ_CHECK(xml_ok(out, len)); break;
  case 3: NG_FUZZ_CHECK(dot_ok(out)); break;
  case 4: NG_FUZZ_CHECK(json_ok(out, len, false)); break;
  default:
    NG_FUZZ_CHECK(json_ok(out, len, true));
    if (which == 5 && g->n_mentions) NG_FUZZ_CHECK(len > 0);
    break;
  }
  free(out);
  ng_graph_free(g);
  ng_diag_free(d);
  return 0;
}
