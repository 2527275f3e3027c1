/* query.c — `newsgraph query`: one SPARQL query over RDF files, through
 * Rasqal and Raptor, with no store (see query.h).
 *
 * Each call owns one raptor_world and one rasqal_world and frees them before
 * it returns. The query is parsed first, so a bad query costs no reading.
 * Each graph file is then parsed once by Raptor, which finds errors with
 * their line and column (a file that fails is reported and left out); the
 * statements of the good ones become one set of N-Triples lines (duplicates
 * dropped, blank nodes renamed apart per file: an RDF merge) that Rasqal
 * reads from memory when it runs the query. Network access is denied:
 * Raptor parsers get RAPTOR_OPTION_NO_NET, the query RASQAL_FEATURE_NO_NET,
 * and queries that name their own data (FROM, FROM NAMED, SERVICE) are
 * refused — the data is the files on the command line. Library messages go
 * to the ng_diag sink (NG-053 for the query, NG-054 for a graph file). */
#include "output/query.h"

#include "graph/base.h"
#include "output/rdf.h"

#include <errno.h>
#include <rasqal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define U(s) ((const unsigned char *)(s))

/* Where library messages are reported to right now. */
typedef struct qctx {
  ng_diag *d;
  const char *path; /* the graph file being read, or the query's name */
  int code;         /* NG_D_RDF_INPUT or NG_D_SPARQL */
  size_t errors;    /* errors reported by the libraries so far */
} qctx;

static void log_handler(void *data, raptor_log_message *m) {
  qctx *q = data;
  if (m->level < RAPTOR_LOG_LEVEL_WARN) return;
  bool err = m->level >= RAPTOR_LOG_LEVEL_ERROR;
  unsigned line = 0, col = 0;
  if (m->locator) {
    if (m->locator->line > 0) line = (unsigned)m->locator->line;
    if (m->locator->column > 0) col = (unsigned)m->locator->column;
  }
  if (err) q->errors++;
  ng_diag_report(q->d, err ? NG_DIAG_ERROR : NG_DIAG_WARNING, q->path, line, col, q->code,
                 "%s", m->text ? (const char *)m->text : "error");
}

/* True for a format of SELECT and ASK results. */
static bool results_format(const char *fmt) {
  static const char *const names[] = {"tsv", "csv", "json", "xml", NULL};
  for (const char *const *p = names; *p; p++)
    if (!strcmp(fmt, *p)) return true;
  return false;
}

bool ng_query_format_known(const char *fmt) {
  return !fmt || results_format(fmt) || ng_rdf_serializer_name(fmt) != NULL;
}

/* Raptor parser name for a graph file, from its extension. */
static const char *parser_for(const char *path) {
  static const struct {
    const char *ext, *parser;
  } map[] = {{"ttl", "turtle"}, {"turtle", "turtle"}, {"nt", "ntriples"},
             {"nq", "nquads"},  {"rdf", "rdfxml"},    {"xml", "rdfxml"},
             {"owl", "rdfxml"}, {"rj", "json"},       {"json", "json"}};
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(path, '.');
  if (dot && (!slash || dot > slash))
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
      if (!strcasecmp(dot + 1, map[i].ext)) return map[i].parser;
  return "guess";
}

static raptor_uri *file_uri(raptor_world *rw, const char *path) {
  unsigned char *s = raptor_uri_filename_to_uri_string(path);
  if (!s) return NULL;
  raptor_uri *u = raptor_new_uri(rw, s);
  raptor_free_memory(s);
  return u;
}

/* Statements of one graph file as N-Triples lines (graph names dropped,
 * blank nodes renamed apart per file: _:f<file>_<id>). */
typedef struct file_triples {
  ng_buf lines;
  size_t file; /* index of the file, for blank node names */
} file_triples;

static void put_term(file_triples *ft, raptor_term *t) {
  if (t->type == RAPTOR_TERM_TYPE_BLANK) {
    ng_buf_printf(&ft->lines, "_:f%zu_", ft->file);
    ng_buf_put(&ft->lines, (const char *)t->value.blank.string, t->value.blank.string_len);
    return;
  }
  unsigned char *s = raptor_term_to_string(t);
  if (s) ng_buf_puts(&ft->lines, (const char *)s);
  raptor_free_memory(s);
}

static void add_statement(void *user_data, raptor_statement *st) {
  file_triples *ft = user_data;
  put_term(ft, st->subject);
  ng_buf_putc(&ft->lines, ' ');
  put_term(ft, st->predicate);
  ng_buf_putc(&ft->lines, ' ');
  put_term(ft, st->object);
  ng_buf_puts(&ft->lines, " .\n");
}

/* Parses one graph file; on success appends its statements to all (as
 * N-Triples lines) and returns true. A file that fails adds nothing. */
static bool read_graph(raptor_world *rw, qctx *q, const char *path, size_t index,
                       raptor_uri *uri, ng_buf *all) {
  struct stat st;
  FILE *fp = NULL;
  raptor_parser *p = NULL;
  file_triples ft = {{0}, index};
  bool ok = false;
  q->path = path;
  q->code = NG_D_RDF_INPUT;
  if (stat(path, &st) != 0) {
    ng_diag_report(q->d, NG_DIAG_ERROR, path, 0, 0,
                   errno == ENOENT ? NG_D_NOT_FOUND : NG_D_OPEN, "%s",
                   errno == ENOENT ? "no such file" : strerror(errno));
    goto done;
  }
  if (S_ISDIR(st.st_mode)) {
    ng_diag_report(q->d, NG_DIAG_ERROR, path, 0, 0, NG_D_OPEN,
                   "is a directory, not an RDF file");
    goto done;
  }
  fp = fopen(path, "rb");
  if (!fp) {
    ng_diag_report(q->d, NG_DIAG_ERROR, path, 0, 0, NG_D_OPEN, "cannot open: %s",
                   strerror(errno));
    goto done;
  }
  p = raptor_new_parser(rw, parser_for(path));
  if (!p || !uri) goto done;
  raptor_parser_set_option(p, RAPTOR_OPTION_NO_NET, NULL, 1);
  size_t before = q->errors;
  raptor_parser_set_statement_handler(p, &ft, add_statement);
  int rc = raptor_parser_parse_file_stream(p, fp, path, uri);
  if (ferror(fp)) {
    ng_diag_report(q->d, NG_DIAG_ERROR, path, 0, 0, NG_D_OPEN, "read error");
    goto done;
  }
  if (rc || q->errors > before) {
    if (q->errors == before)
      ng_diag_report(q->d, NG_DIAG_ERROR, path, 0, 0, NG_D_RDF_INPUT,
                     "cannot be parsed as %s", parser_for(path));
    goto done;
  }
  if (ft.lines.len) ng_buf_put(all, ft.lines.data, ft.lines.len);
  ok = true;
done:
  ng_buf_free(&ft.lines);
  if (p) raptor_free_parser(p);
  if (fp) fclose(fp);
  return ok;
}

static int cmp_line(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* An RDF graph is a set: the lines of all files sorted, each kept once
 * (Rasqal would otherwise count a triple once per file that holds it). */
static void distinct_lines(ng_buf *all) {
  NG_VEC(char *) lines = {0};
  for (char *p = all->data, *end = all->data + all->len; p && p < end;) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) break;
    *nl = '\0';
    NG_VEC_PUSH(lines, p);
    p = nl + 1;
  }
  ng_sort(lines.v, lines.n, sizeof *lines.v, cmp_line);
  ng_buf out = {0};
  for (size_t i = 0; i < lines.n; i++) {
    if (i && !strcmp(lines.v[i], lines.v[i - 1])) continue;
    ng_buf_puts(&out, lines.v[i]);
    ng_buf_putc(&out, '\n');
  }
  free(lines.v);
  ng_buf_free(all);
  *all = out;
}

/* True if the pattern or one inside it is a SERVICE call. */
static bool has_service(rasqal_graph_pattern *gp) {
  if (!gp) return false;
  if (rasqal_graph_pattern_get_operator(gp) == RASQAL_GRAPH_PATTERN_OPERATOR_SERVICE) return true;
  for (int i = 0;; i++) {
    rasqal_graph_pattern *sub = rasqal_graph_pattern_get_sub_graph_pattern(gp, i);
    if (!sub) return false;
    if (has_service(sub)) return true;
  }
}

/* Writes the triples of a CONSTRUCT or DESCRIBE result. */
static int write_triples(raptor_world *rw, rasqal_query_results *res, const char *format,
                         raptor_iostream *ios) {
  const char *name = ng_rdf_serializer_name(format ? format : "nt");
  if (!name) return NG_E_USAGE;
  raptor_serializer *ser = raptor_new_serializer(rw, name);
  if (!ser) return NG_E_USAGE;
  int rc = NG_OK;
  if (raptor_serializer_start_to_iostream(ser, NULL, ios)) rc = NG_E_IO;
  for (raptor_statement *t; rc == NG_OK && (t = rasqal_query_results_get_triple(res));) {
    if (raptor_serializer_serialize_statement(ser, t)) rc = NG_E_IO;
    if (rasqal_query_results_next_triple(res)) break;
  }
  if (raptor_serializer_serialize_end(ser)) rc = NG_E_IO;
  raptor_free_serializer(ser);
  return rc;
}

/* ---- SELECT and ASK results ----
 * Written here rather than by Rasqal's formatters: Rasqal 0.9.33 leaves the
 * variable names out when there are no rows. Formats follow the SPARQL 1.1
 * Query Results TSV/CSV, JSON and XML recommendations. */

#define XSD "http://www.w3.org/2001/XMLSchema#"

typedef enum { RF_TSV, RF_CSV, RF_JSON, RF_XML } rformat;

/* One bound value, in the parts every format needs. */
typedef struct rterm {
  enum { RT_IRI, RT_BLANK, RT_LITERAL } kind;
  const char *lex;  /* IRI, blank node id or lexical form */
  const char *lang; /* or NULL */
  const char *dt;   /* datatype IRI or NULL (plain or xsd:string) */
} rterm;

static rterm term_of(rasqal_literal *l) {
  rterm t = {RT_LITERAL, (const char *)rasqal_literal_as_string(l), NULL, NULL};
  if (!t.lex) t.lex = "";
  switch (rasqal_literal_get_type(l)) {
  case RASQAL_LITERAL_URI: t.kind = RT_IRI; break;
  case RASQAL_LITERAL_BLANK: t.kind = RT_BLANK; break;
  default: {
    t.lang = rasqal_literal_get_language(l);
    if (t.lang && !*t.lang) t.lang = NULL;
    raptor_uri *dt = rasqal_literal_datatype(l);
    t.dt = dt ? (const char *)raptor_uri_as_string(dt) : NULL;
    if (t.dt && (t.lang || !strcmp(t.dt, XSD "string"))) t.dt = NULL;
  }
  }
  return t;
}

/* True if s is a Turtle integer, decimal or boolean of that datatype, which
 * TSV may write bare. */
static bool bare_number(const rterm *t) {
  const char *s = t->lex;
  if (!t->dt) return false;
  if (!strcmp(t->dt, XSD "boolean")) return !strcmp(s, "true") || !strcmp(s, "false");
  bool dec = !strcmp(t->dt, XSD "decimal");
  if (!dec && strcmp(t->dt, XSD "integer")) return false;
  if (*s == '+' || *s == '-') s++;
  size_t digits = strspn(s, "0123456789");
  s += digits;
  if (!dec) return digits > 0 && !*s;
  if (*s != '.') return false;
  s++;
  size_t frac = strspn(s, "0123456789");
  return frac > 0 && !s[frac];
}

/* Escapes for a Turtle/TSV string (quote, backslash, tab, newline, return). */
static void put_escaped(ng_buf *b, const char *s, const char *quote_chars, bool json) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '\t': ng_buf_puts(b, "\\t"); break;
    case '\n': ng_buf_puts(b, "\\n"); break;
    case '\r': ng_buf_puts(b, "\\r"); break;
    case '\\': ng_buf_puts(b, "\\\\"); break;
    default:
      if (strchr(quote_chars, *p)) {
        ng_buf_putc(b, '\\');
        ng_buf_putc(b, (char)*p);
      } else if (json && *p < 0x20) {
        ng_buf_printf(b, "\\u%04x", *p);
      } else {
        ng_buf_putc(b, (char)*p);
      }
    }
  }
}

static void put_xml(ng_buf *b, const char *s) {
  for (const char *p = s; *p; p++) {
    switch (*p) {
    case '&': ng_buf_puts(b, "&amp;"); break;
    case '<': ng_buf_puts(b, "&lt;"); break;
    case '>': ng_buf_puts(b, "&gt;"); break;
    case '"': ng_buf_puts(b, "&quot;"); break;
    default: ng_buf_putc(b, *p);
    }
  }
}

static void put_csv(ng_buf *b, const char *s) {
  if (!strpbrk(s, ",\"\r\n")) {
    ng_buf_puts(b, s);
    return;
  }
  ng_buf_putc(b, '"');
  for (const char *p = s; *p; p++) {
    if (*p == '"') ng_buf_putc(b, '"');
    ng_buf_putc(b, *p);
  }
  ng_buf_putc(b, '"');
}

static void put_value(ng_buf *b, rformat f, const char *name, rasqal_literal *l) {
  rterm t = term_of(l);
  static const char *const kinds[] = {"uri", "bnode", "literal"};
  switch (f) {
  case RF_TSV:
    if (t.kind == RT_IRI) {
      ng_buf_putc(b, '<');
      ng_buf_puts(b, t.lex);
      ng_buf_putc(b, '>');
    } else if (t.kind == RT_BLANK) {
      ng_buf_printf(b, "_:%s", t.lex);
    } else if (bare_number(&t)) {
      ng_buf_puts(b, t.lex);
    } else {
      ng_buf_putc(b, '"');
      put_escaped(b, t.lex, "\"", false);
      ng_buf_putc(b, '"');
      if (t.lang) ng_buf_printf(b, "@%s", t.lang);
      else if (t.dt) ng_buf_printf(b, "^^<%s>", t.dt);
    }
    break;
  case RF_CSV:
    if (t.kind == RT_BLANK) ng_buf_puts(b, "_:");
    put_csv(b, t.lex);
    break;
  case RF_JSON:
    ng_buf_printf(b, "\"%s\":{\"type\":\"%s\",\"value\":\"", name, kinds[t.kind]);
    put_escaped(b, t.lex, "\"", true);
    ng_buf_putc(b, '"');
    if (t.lang) ng_buf_printf(b, ",\"xml:lang\":\"%s\"", t.lang);
    else if (t.dt) ng_buf_printf(b, ",\"datatype\":\"%s\"", t.dt);
    ng_buf_putc(b, '}');
    break;
  case RF_XML:
    ng_buf_printf(b, "<binding name=\"%s\">", name);
    if (t.kind == RT_IRI) ng_buf_puts(b, "<uri>");
    else if (t.kind == RT_BLANK) ng_buf_puts(b, "<bnode>");
    else if (t.lang) ng_buf_printf(b, "<literal xml:lang=\"%s\">", t.lang);
    else if (t.dt) {
      ng_buf_puts(b, "<literal datatype=\"");
      put_xml(b, t.dt);
      ng_buf_puts(b, "\">");
    } else ng_buf_puts(b, "<literal>");
    put_xml(b, t.lex);
    ng_buf_puts(b, t.kind == RT_IRI ? "</uri>" : t.kind == RT_BLANK ? "</bnode>" : "</literal>");
    ng_buf_puts(b, "</binding>");
    break;
  }
}

/* Writes b to out when it is large or at the end; false on a write error. */
static bool drain(ng_buf *b, FILE *out, bool end) {
  if (!end && b->len < 65536) return true;
  bool ok = !b->len || fwrite(b->data, 1, b->len, out) == b->len;
  ng_buf_clear(b);
  return ok;
}

static int write_results(rasqal_query *rq, rasqal_query_results *res, rformat f, FILE *out) {
  ng_buf b = {0};
  bool ok = true;
  static const char *const xml_head =
      "<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n";
  if (rasqal_query_results_is_boolean(res)) {
    bool v = rasqal_query_results_get_boolean(res) > 0;
    if (f == RF_JSON) ng_buf_printf(&b, "{\"head\":{},\"boolean\":%s}\n", v ? "true" : "false");
    else if (f == RF_XML) ng_buf_printf(&b, "%s<head/>\n<boolean>%s</boolean>\n</sparql>\n", xml_head, v ? "true" : "false");
    else ng_buf_puts(&b, v ? "true\n" : "false\n");
    ok = drain(&b, out, true);
    ng_buf_free(&b);
    return ok ? NG_OK : NG_E_IO;
  }
  raptor_sequence *vars = rasqal_query_get_bound_variable_sequence(rq);
  int nv = vars ? raptor_sequence_size(vars) : 0;
  const char **names = ng_xcalloc((size_t)nv + 1, sizeof *names);
  for (int i = 0; i < nv; i++) names[i] = (const char *)((rasqal_variable *)raptor_sequence_get_at(vars, i))->name;
  /* head */
  if (f == RF_JSON) ng_buf_puts(&b, "{\"head\":{\"vars\":[");
  if (f == RF_XML) ng_buf_printf(&b, "%s<head>\n", xml_head);
  for (int i = 0; i < nv; i++) {
    if (f == RF_TSV) ng_buf_printf(&b, "%s?%s", i ? "\t" : "", names[i]);
    if (f == RF_CSV) ng_buf_printf(&b, "%s%s", i ? "," : "", names[i]);
    if (f == RF_JSON) ng_buf_printf(&b, "%s\"%s\"", i ? "," : "", names[i]);
    if (f == RF_XML) ng_buf_printf(&b, "  <variable name=\"%s\"/>\n", names[i]);
  }
  if (f == RF_TSV) ng_buf_puts(&b, "\n");
  if (f == RF_CSV) ng_buf_puts(&b, "\r\n");
  if (f == RF_JSON) ng_buf_puts(&b, "]},\n\"results\":{\"bindings\":[");
  if (f == RF_XML) ng_buf_puts(&b, "</head>\n<results>\n");
  /* rows */
  for (size_t row = 0; ok && !rasqal_query_results_finished(res); row++) {
    if (f == RF_JSON) ng_buf_puts(&b, row ? ",\n{" : "\n{");
    if (f == RF_XML) ng_buf_puts(&b, "<result>");
    bool first = true;
    for (int i = 0; i < nv; i++) {
      rasqal_literal *l = rasqal_query_results_get_binding_value_by_name(res, (const unsigned char *)names[i]);
      if (i && (f == RF_TSV || f == RF_CSV)) ng_buf_putc(&b, f == RF_TSV ? '\t' : ',');
      if (!l) continue;
      if (f == RF_JSON && !first) ng_buf_putc(&b, ',');
      first = false;
      put_value(&b, f, names[i], l);
    }
    if (f == RF_TSV) ng_buf_puts(&b, "\n");
    if (f == RF_CSV) ng_buf_puts(&b, "\r\n");
    if (f == RF_JSON) ng_buf_puts(&b, "}");
    if (f == RF_XML) ng_buf_puts(&b, "</result>\n");
    ok = drain(&b, out, false);
    if (rasqal_query_results_next(res)) break;
  }
  if (f == RF_JSON) ng_buf_puts(&b, "\n]}}\n");
  if (f == RF_XML) ng_buf_puts(&b, "</results>\n</sparql>\n");
  if (ok) ok = drain(&b, out, true);
  free(names);
  ng_buf_free(&b);
  return ok ? NG_OK : NG_E_IO;
}

int ng_query_run(const char *const *graphs, size_t n_graphs, const char *query,
                 const char *query_name, const char *format, FILE *out, ng_diag *d) {
  int rc = NG_OK;
  qctx q = {d, query_name, NG_D_SPARQL, 0};
  raptor_world *rw = NULL;
  rasqal_world *world = NULL;
  rasqal_query *rq = NULL;
  rasqal_query_results *res = NULL;
  raptor_iostream *ios = NULL;
  raptor_uri **uris = NULL;
  raptor_uri *base = NULL;
  size_t usable = 0;
  ng_buf triples = {0};        /* N-Triples of all usable graph files */
  raptor_iostream *data = NULL; /* Rasqal reads triples through it */

  if (!ng_query_format_known(format)) {
    ng_diag_report(d, NG_DIAG_ERROR, NULL, 0, 0, NG_D_USAGE, "unknown results format '%s'", format);
    return NG_E_USAGE;
  }
  rw = raptor_new_world();
  if (!rw) return NG_E_IO;
  raptor_world_set_log_handler(rw, &q, log_handler);
  /* rasqal_world_open opens the Raptor world; opened here first, its
     concept URIs were made twice and the first set leaked */
  world = rasqal_new_world();
  if (!world) {
    rc = NG_E_IO;
    goto done;
  }
  rasqal_world_set_raptor(world, rw);
  rasqal_world_set_log_handler(world, &q, log_handler);
  rasqal_world_set_warning_level(world, 0); /* no "variable unused" chatter */
  if (rasqal_world_open(world)) {
    rc = NG_E_IO;
    goto done;
  }

  /* the query first: a bad one costs no reading */
  uris = ng_xcalloc(n_graphs + 1, sizeof *uris);
  for (size_t i = 0; i < n_graphs; i++) uris[i] = file_uri(rw, graphs[i]);
  base = n_graphs && uris[0] ? raptor_uri_copy(uris[0]) : raptor_new_uri(rw, U("file:///"));
  rq = rasqal_new_query(world, "sparql11-query", NULL);
  if (!rq) {
    rc = NG_E_IO;
    goto done;
  }
  rasqal_query_set_feature(rq, RASQAL_FEATURE_NO_NET, 1);
  q.path = query_name;
  q.code = NG_D_SPARQL;
  if (rasqal_query_prepare(rq, U(query), base) || q.errors) {
    if (!q.errors)
      ng_diag_report(d, NG_DIAG_ERROR, query_name, 0, 0, NG_D_SPARQL, "the query cannot be parsed");
    rc = NG_E_USAGE;
    goto done;
  }
  if (rasqal_query_get_data_graph(rq, 0)) {
    ng_diag_report(d, NG_DIAG_ERROR, query_name, 0, 0, NG_D_SPARQL,
                   "FROM and FROM NAMED are not supported: the data is the GRAPH files given "
                   "on the command line");
    rc = NG_E_USAGE;
    goto done;
  }
  if (has_service(rasqal_query_get_query_graph_pattern(rq))) {
    ng_diag_report(d, NG_DIAG_ERROR, query_name, 0, 0, NG_D_SPARQL,
                   "SERVICE is not supported: newsgraph query does not use the network");
    rc = NG_E_USAGE;
    goto done;
  }
  bool graph_result = rasqal_query_get_result_type(rq) == RASQAL_QUERY_RESULTS_GRAPH;
  if (format && (graph_result ? !ng_rdf_serializer_name(format) : !results_format(format))) {
    ng_diag_report(d, NG_DIAG_ERROR, NULL, 0, 0, NG_D_USAGE,
                   "results format '%s' does not fit a %s query (%s)", format,
                   graph_result ? "CONSTRUCT or DESCRIBE" : "SELECT or ASK",
                   graph_result ? "use nt, ttl, nq, rdf or rj" : "use tsv, csv, json or xml");
    rc = NG_E_USAGE;
    goto done;
  }

  /* the graphs: each parsed once, the good ones merged into one set of
     triples that Rasqal reads as N-Triples */
  for (size_t i = 0; i < n_graphs; i++) {
    if (read_graph(rw, &q, graphs[i], i, uris[i], &triples)) usable++;
    else rc = NG_E_INPUT;
  }
  if (!usable) {
    if (!n_graphs)
      ng_diag_report(d, NG_DIAG_ERROR, NULL, 0, 0, NG_D_USAGE, "no GRAPH file given");
    rc = n_graphs ? NG_E_INPUT : NG_E_USAGE;
    goto done;
  }
  distinct_lines(&triples);
  data = raptor_new_iostream_from_string(rw, triples.data ? triples.data : (void *)"",
                                         triples.len);
  rasqal_data_graph *dg =
      data ? rasqal_new_data_graph_from_iostream(world, data, base, NULL,
                                                 RASQAL_DATA_GRAPH_BACKGROUND, NULL,
                                                 "ntriples", NULL)
           : NULL;
  if (!dg || rasqal_query_add_data_graph(rq, dg)) {
    rc = NG_E_IO;
    goto done;
  }

  q.path = query_name;
  q.code = NG_D_SPARQL;
  size_t before = q.errors;
  res = rasqal_query_execute(rq);
  if (!res || q.errors > before) {
    if (q.errors == before)
      ng_diag_report(d, NG_DIAG_ERROR, query_name, 0, 0, NG_D_SPARQL, "the query could not be run");
    rc = NG_E_USAGE;
    goto done;
  }
  int wrc = NG_OK;
  if (rasqal_query_results_is_graph(res)) {
    ios = raptor_new_iostream_to_file_handle(rw, out);
    wrc = ios ? write_triples(rw, res, format, ios) : NG_E_IO;
    if (ios) raptor_free_iostream(ios);
    ios = NULL;
  } else {
    static const char *const fnames[] = {"tsv", "csv", "json", "xml"};
    rformat f = RF_TSV;
    for (int i = 0; i < 4; i++)
      if (format && !strcmp(format, fnames[i])) f = (rformat)i;
    wrc = write_results(rq, res, f, out);
  }
  if (wrc == NG_OK && (fflush(out) != 0 || ferror(out))) wrc = NG_E_IO;
  if (wrc != NG_OK) {
    ng_diag_report(d, NG_DIAG_ERROR, "-", 0, 0, NG_D_OUTPUT, "cannot write the results");
    rc = wrc;
  }

done:
  if (ios) raptor_free_iostream(ios);
  if (res) rasqal_free_query_results(res);
  if (rq) rasqal_free_query(rq);
  if (base) raptor_free_uri(base);
  if (uris)
    for (size_t i = 0; i < n_graphs; i++)
      if (uris[i]) raptor_free_uri(uris[i]);
  free(uris);
  if (data) raptor_free_iostream(data);
  ng_buf_free(&triples);
  if (world) rasqal_free_world(world);
  if (rw) raptor_free_world(rw);
  return rc;
}
