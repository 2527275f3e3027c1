/* main.c — the newsgraph command line: arguments, inputs, which writers.
 *
 * The only place that knows all three layers: it expands INPUT arguments into
 * article files, runs the NLP pipeline into a graph, and hands the graph to
 * the writer the output's extension (or -f) asks for. Outputs are written to a
 * temporary file beside the target and renamed when complete, so a failed run
 * never leaves a half-written file. Exit status: 0 success, 1 some inputs
 * failed (reported and skipped), 2 usage error or unwritable output. */
#define _GNU_SOURCE /* sched_getaffinity: the CPUs this process may use */
#include "graph/base.h"
#include "graph/diag.h"
#include "graph/graph.h"
#include "nlp/lexicon.h"
#include "nlp/pipeline.h"
#include "output/dot.h"
#include "output/graphml.h"
#include "output/json.h"
#include "output/query.h"
#include "output/rdf.h"
#include "output/vocab.h"
#include "cli/merge.h"
#include "cli/train.h"

#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <libxml/parser.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef NG_VERSION
#define NG_VERSION "0.1.0"
#endif

static const char USAGE[] =
    "usage: newsgraph build [options] INPUT... -o OUT   build the graph, write OUT\n"
    "       newsgraph mentions [options] INPUT...       one JSON line per entity mention\n"
    "       newsgraph relations [options] INPUT...      one JSON line per relation instance\n"
    "       newsgraph explain NAME [options] INPUT...   why each surface form joined NAME's node\n"
    "       newsgraph merge [options] PART.nq... -o OUT  merge N-Quads of builds over parts of the\n"
    "                                                   input into the graph of one build of all\n"
    "       newsgraph train [--re3d DIR] [--iob2 FILE] -o MODEL   train the statistical tagger\n"
    "       newsgraph query [-f FORMAT] GRAPH... 'SPARQL' | QUERY.rq   SPARQL over RDF files\n"
    "       newsgraph vocab [--shapes]                  the ng: vocabulary (or SHACL shapes) as Turtle\n"
    "       newsgraph --help | --version\n"
    "\n"
    "INPUT: files, directories (searched recursively for .txt .md .html .htm), or - for stdin.\n"
    "Output to .nt and .nq, and the JSON lines of mentions/relations, is streamed (flat memory).\n"
    "\n"
    "options:\n"
    "  -o OUT              output file; the format follows the extension: .ttl .nt .nq .rdf .rj\n"
    "                      (RDF via Raptor2), .dot, .svg .png .pdf (rendered by Graphviz),\n"
    "                      .graphml, .json; -o - writes to stdout and needs -f\n"
    "  -f FORMAT           output format: ttl nt nq rdf rj dot svg png pdf graphml json\n"
    "  --base IRI          base for minted IRIs (default " NG_DEFAULT_BASE ")\n"
    "  -j N                analyse articles on N threads (default: one per available CPU,\n"
    "                      at most 8; output identical to -j 1)\n"
    "  --layout NAME       Graphviz layout for pictures: dot (default), neato, sfdp, fdp, circo\n"
    "  --min-evidence N    draw only edges supported by at least N articles (pictures, DOT)\n"
    "  --no-mentions       leave the NIF mention layer out of RDF output\n"
    "  --no-claims         leave the ng:Claim evidence nodes out of RDF output\n"
    "  --with-vocab        add the ng: vocabulary (newsgraph vocab) to RDF output\n"
    "  --lexicon DIR       read lexicon files from DIR instead of the built-in ones\n"
    "  --max-file-size N   skip input files larger than N bytes (default 256 MiB; k/M/G suffixes)\n"
    "  --max-article N     analyse at most N bytes of text per article (default: no limit)\n"
    "  -q, --quiet         no progress display and no summary line\n"
    "  -h, --help          this text\n"
    "  -V, --version       the version\n"
    "\n"
    "exit status: 0 success; 1 some inputs could not be read (reported, skipped, the rest\n"
    "is written); 2 usage error or the output cannot be written.\n";

typedef enum { CMD_BUILD, CMD_MENTIONS, CMD_RELATIONS, CMD_EXPLAIN, CMD_MERGE } command;

typedef struct options {
  command cmd;
  const char *out;
  const char *format;
  const char *base;
  const char *layout;
  const char *lexicon;
  const char *explain_name;
  unsigned jobs;
  unsigned min_evidence;
  bool no_mentions, no_claims, quiet, with_vocab;
  size_t max_file, max_article;
  NG_VEC(const char *) inputs;
} options;

static _Thread_local ng_diag *diag; /* the main thread's; NULL (silent) elsewhere */

static int usage_error(const char *fmt, const char *arg) {
  char msg[512];
  snprintf(msg, sizeof msg, fmt, arg ? arg : "");
  ng_diag_report(diag, NG_DIAG_ERROR, "newsgraph", 0, 0, NG_D_USAGE, "%s", msg);
  fputs("try 'newsgraph --help'\n", stderr);
  return 2;
}

static bool parse_size(const char *s, size_t *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s) return false;
  unsigned long long mul = 1;
  if (*end == 'k' || *end == 'K') mul = 1024ULL, end++;
  else if (*end == 'M' || *end == 'm') mul = 1024ULL * 1024, end++;
  else if (*end == 'G' || *end == 'g') mul = 1024ULL * 1024 * 1024, end++;
  if (*end) return false;
  *out = (size_t)(v * mul);
  return true;
}

static bool parse_uint(const char *s, unsigned *out) {
  char *end;
  errno = 0;
  unsigned long v = strtoul(s, &end, 10);
  if (errno || end == s || *end || v > 4096) return false;
  *out = (unsigned)v;
  return true;
}

/* ---- inputs ---- */

typedef struct visited {
  dev_t dev;
  ino_t ino;
} visited;

typedef struct inputs {
  NG_VEC(char *) files;
  NG_VEC(visited) dirs;
  size_t failed;
} inputs;

static bool article_ext(const char *name) {
  const char *dot = strrchr(name, '.');
  if (!dot) return false;
  return !strcmp(dot, ".txt") || !strcmp(dot, ".md") || !strcmp(dot, ".html") ||
         !strcmp(dot, ".htm") || !strcmp(dot, ".markdown");
}

/* a directory entry: its name and its d_type (DT_UNKNOWN when the file
   system does not say) */
typedef struct dentry {
  char *name;
  unsigned char type;
} dentry;

static int cmp_dentry(const void *a, const void *b) {
  return strcmp(((const dentry *)a)->name, ((const dentry *)b)->name);
}

static size_t walk(inputs *in, const char *dir, int depth) {
  struct stat st;
  if (stat(dir, &st) != 0) return 0;
  for (size_t i = 0; i < in->dirs.n; i++)
    if (in->dirs.v[i].dev == st.st_dev && in->dirs.v[i].ino == st.st_ino) {
      ng_diag_report(diag, NG_DIAG_WARNING, dir, 0, 0, NG_D_LOOP,
                     "directory already visited (symbolic link loop?); skipped");
      return 0;
    }
  if (depth > 64) {
    ng_diag_report(diag, NG_DIAG_WARNING, dir, 0, 0, NG_D_LOOP, "directories nested too deep; skipped");
    return 0;
  }
  visited v = {st.st_dev, st.st_ino};
  NG_VEC_PUSH(in->dirs, v);
  DIR *dh = opendir(dir);
  if (!dh) {
    ng_diag_report(diag, NG_DIAG_ERROR, dir, 0, 0, NG_D_OPEN, "cannot open directory: %s",
                   strerror(errno));
    in->failed++;
    return 0;
  }
  NG_VEC(dentry) names = {0};
  struct dirent *de;
  while ((de = readdir(dh)))
    if (de->d_name[0] != '.') {
      dentry e = {ng_xstrdup(de->d_name), de->d_type};
      NG_VEC_PUSH(names, e);
    }
  closedir(dh);
  ng_sort(names.v, names.n, sizeof *names.v, cmp_dentry);
  size_t found = 0;
  for (size_t i = 0; i < names.n; i++) {
    char *path = ng_xasprintf("%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names.v[i].name);
    /* the entry's type from readdir when the file system gives it: no
       stat for each of thousands of articles (links and unknown types are
       followed with stat as before) */
    struct stat cs;
    bool is_dir = names.v[i].type == DT_DIR;
    if (names.v[i].type != DT_DIR && names.v[i].type != DT_REG)
      is_dir = stat(path, &cs) == 0 && S_ISDIR(cs.st_mode);
    if (is_dir) {
      found += walk(in, path, depth + 1);
      free(path);
    } else if (article_ext(names.v[i].name)) {
      NG_VEC_PUSH(in->files, path);
      found++;
    } else {
      free(path);
    }
    free(names.v[i].name);
  }
  free(names.v);
  return found;
}

static void expand(inputs *in, const char *arg) {
  if (!strcmp(arg, "-")) {
    NG_VEC_PUSH(in->files, ng_xstrdup(arg));
    return;
  }
  struct stat st;
  if (stat(arg, &st) != 0) {
    ng_diag_report(diag, NG_DIAG_ERROR, arg, 0, 0, errno == ENOENT ? NG_D_NOT_FOUND : NG_D_OPEN,
                   "%s", errno == ENOENT ? "no such file or directory" : strerror(errno));
    in->failed++;
    return;
  }
  if (S_ISDIR(st.st_mode)) {
    if (!walk(in, arg, 0)) {
      ng_diag_report(diag, NG_DIAG_ERROR, arg, 0, 0, NG_D_NO_ARTICLES,
                     "directory holds no articles (.txt .md .html .htm)");
      in->failed++;
    }
    return;
  }
  NG_VEC_PUSH(in->files, ng_xstrdup(arg));
}

/* ---- output ---- */

static const char *ext_of(const char *path) {
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(path, '.');
  if (!dot || (slash && dot < slash)) return NULL;
  return dot + 1;
}

static bool known_format(const char *f) {
  static const char *const F[] = {"ttl", "turtle", "nt", "ntriples", "nq", "nquads", "rdf",
                                  "rdfxml", "rj", "dot", "svg", "png", "pdf", "graphml",
                                  "json", NULL};
  for (const char *const *p = F; *p; p++)
    if (!strcmp(f, *p)) return true;
  return false;
}

/* Seconds since the epoch for the run description: SOURCE_DATE_EPOCH when
 * set (reproducible outputs, https://reproducible-builds.org/specs/source-date-epoch/),
 * else the clock. */
static long long run_clock(void) {
  const char *e = getenv("SOURCE_DATE_EPOCH");
  if (e && *e) {
    char *end;
    errno = 0;
    long long v = strtoll(e, &end, 10);
    if (!errno && !*end && v >= 0) return v;
  }
  return (long long)time(NULL);
}

static long long run_started; /* run_clock() when main() began */

/* Writes g as fmt. Streamed N-Triples/N-Quads come in pieces: the article
 * graphs of each part (no_entities), then the default graph (no_articles). */
static int write_graph(const ng_graph *g, const options *o, const char *fmt, FILE *fp,
                       bool no_entities, bool no_articles, ng_rdf_env *env) {
  if (!strcmp(fmt, "dot") || !strcmp(fmt, "svg") || !strcmp(fmt, "png") || !strcmp(fmt, "pdf")) {
    ng_dot_opts d = {o->min_evidence, 0, o->layout};
    return !strcmp(fmt, "dot") ? ng_dot_write(g, &d, fp, diag) : ng_dot_render(g, &d, fmt, fp, diag);
  }
  if (!strcmp(fmt, "graphml")) return ng_graphml_write(g, fp, diag);
  if (!strcmp(fmt, "json")) return ng_json_write_graph(g, fp);
  /* the PROV run description: the options that shape the graph (not -j, -q
     or the output), the start and end time */
  NG_VEC(char *) opt = {0};
  if (o->base) NG_VEC_PUSH(opt, ng_xasprintf("--base %s", o->base));
  if (o->lexicon) NG_VEC_PUSH(opt, ng_xasprintf("--lexicon %s", o->lexicon));
  if (o->max_file) NG_VEC_PUSH(opt, ng_xasprintf("--max-file-size %zu", o->max_file));
  if (o->max_article) NG_VEC_PUSH(opt, ng_xasprintf("--max-article %zu", o->max_article));
  if (o->no_mentions) NG_VEC_PUSH(opt, ng_xstrdup("--no-mentions"));
  if (o->no_claims) NG_VEC_PUSH(opt, ng_xstrdup("--no-claims"));
  if (o->with_vocab) NG_VEC_PUSH(opt, ng_xstrdup("--with-vocab"));
  /* a merge of shard builds writes the graph of one build: the same run */
  ng_rdf_run run = {"newsgraph", NG_VERSION, "build", (const char *const *)opt.v, opt.n,
                    run_started, run_clock()};
  ng_rdf_opts r = {.no_mentions = o->no_mentions, .no_claims = o->no_claims,
                   .with_vocab = o->with_vocab, .run = &run,
                   .no_entities = no_entities, .no_articles = no_articles, .env = env};
  int rc = ng_rdf_write(g, fmt, &r, fp, diag);
  for (size_t i = 0; i < opt.n; i++) free(opt.v[i]);
  free(opt.v);
  return rc;
}

/* Where the output goes while it is written: stdout, or a temporary file
 * beside the target that out_close renames when everything went well. */
typedef struct out_file {
  FILE *fp;
  char *tmp;        /* temporary path, NULL for stdout */
  const char *path; /* "-" or the target */
} out_file;

static int out_open(out_file *f, const options *o) {
  memset(f, 0, sizeof *f);
  f->path = o->out;
  if (!strcmp(o->out, "-")) {
    f->fp = stdout;
    return 0;
  }
  struct stat st;
  if (stat(o->out, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
    /* a FIFO or a device (/dev/null, /dev/stdout) is written in place: a
       temporary file renamed over it would replace it */
    f->fp = fopen(o->out, "wb");
    if (!f->fp) {
      ng_diag_report(diag, NG_DIAG_ERROR, o->out, 0, 0, NG_D_OUTPUT, "cannot open the output: %s",
                     strerror(errno));
      return 2;
    }
    errno = 0;
    return 0;
  }
  f->tmp = ng_xasprintf("%s.tmp.XXXXXX", o->out);
  int fd = mkstemp(f->tmp);
  if (fd < 0) {
    ng_diag_report(diag, NG_DIAG_ERROR, o->out, 0, 0, NG_D_OUTPUT, "cannot create the output: %s",
                   strerror(errno));
    free(f->tmp);
    f->tmp = NULL;
    return 2;
  }
  fchmod(fd, 0644);
  f->fp = fdopen(fd, "wb");
  if (!f->fp) {
    close(fd);
    unlink(f->tmp);
    free(f->tmp);
    f->tmp = NULL;
    return 2;
  }
  errno = 0;
  return 0;
}

/* Completes the output after writing returned rc (saved: errno then):
 * flushes, closes and renames, or removes the temporary file and reports. */
static int out_close(out_file *f, int rc, int saved) {
  if (rc == NG_OK && (fflush(f->fp) != 0 || ferror(f->fp))) {
    rc = NG_E_IO;
    saved = errno;
  }
  if (!f->tmp) { /* stdout, or a FIFO or device written in place */
    bool is_stdout = f->fp == stdout;
    if (!is_stdout && fclose(f->fp) != 0 && rc == NG_OK) {
      rc = NG_E_IO;
      saved = errno;
    }
    if (rc != NG_OK) {
      ng_diag_report(diag, NG_DIAG_ERROR, is_stdout ? "-" : f->path, 0, 0, NG_D_OUTPUT,
                     "cannot write the output%s: %s", is_stdout ? " to stdout" : "",
                     saved ? strerror(saved) : "write error");
      return 2;
    }
    return 0;
  }
  if (fclose(f->fp) != 0 && rc == NG_OK) {
    rc = NG_E_IO;
    saved = errno;
  }
  if (rc == NG_OK && rename(f->tmp, f->path) != 0) {
    rc = NG_E_IO;
    saved = errno;
  }
  if (rc != NG_OK) {
    unlink(f->tmp);
    ng_diag_report(diag, NG_DIAG_ERROR, f->path, 0, 0, NG_D_OUTPUT, "cannot write the output: %s",
                   rc == NG_E_USAGE ? "unsupported format or layout"
                   : saved ? strerror(saved) : "write error");
  }
  free(f->tmp);
  f->tmp = NULL;
  return rc != NG_OK ? 2 : 0;
}

static int write_output(const ng_graph *g, const options *o) {
  const char *fmt = o->format ? o->format : ext_of(o->out);
  out_file f;
  if (out_open(&f, o)) return 2;
  int rc = write_graph(g, o, fmt, f.fp, false, false, NULL);
  return out_close(&f, rc, errno);
}

/* ---- streaming ---- */

/* Formats written piece by piece as the graph is filled. */
static bool streamed_format(const char *fmt) {
  const char *ser = ng_rdf_serializer_name(fmt);
  return ser && (!strcmp(ser, "ntriples") || !strcmp(ser, "nquads"));
}

typedef struct stream_ctx {
  const options *o;
  const char *fmt;
  ng_rdf_env **env; /* one per writer thread (RDF only), made and freed here */
} stream_ctx;

/* ng_sink callback: one finished part of the graph. Runs on the pipeline's
 * writer threads with -j (into memory): it reads only its arguments, and
 * library messages from those threads go nowhere (diag is per thread). */
static int stream_part(const ng_graph *part, FILE *out, unsigned thread, void *payload) {
  const stream_ctx *x = payload;
  int rc;
  if (x->o->cmd == CMD_MENTIONS) rc = ng_json_write_mentions(part, out);
  else if (x->o->cmd == CMD_RELATIONS) rc = ng_json_write_relations(part, out);
  else rc = write_graph(part, x->o, x->fmt, out, true, false, x->env ? x->env[thread] : NULL);
  if (rc == NG_OK && ferror(out)) rc = NG_E_IO;
  return rc;
}

/* ---- progress ---- */

typedef struct progress {
  bool on;                /* stderr is a terminal, not CI, not --quiet */
  bool shown;             /* something is on the progress line */
  struct timespec start;
  double last;            /* elapsed seconds at the last display */
} progress;

static double elapsed(const struct timespec *s) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - s->tv_sec) + (double)(now.tv_nsec - s->tv_nsec) / 1e9;
}

/* One line, rewritten at most ten times a second: files, MB read, entities,
 * claims, MB/s and time left while analysing; articles written after. */
static void show_progress(const ng_progress *r, void *payload) {
  progress *p = payload;
  if (!p->on) return;
  double t = elapsed(&p->start);
  if (t - p->last < 0.1 && r->files_done != r->files_total) return;
  p->last = t;
  p->shown = true;
  if (r->writing) {
    fprintf(stderr, "\r\033[Knewsgraph: writing %zu/%zu articles, %zu entities, %zu claims, %.0f s",
            r->files_done, r->files_total, r->entities, r->claims, t);
    return;
  }
  double mb = (double)r->bytes_done / 1e6, mbs = t > 0 ? mb / t : 0;
  double left = 0;
  if (r->bytes_total && r->bytes_done)
    left = t * (double)(r->bytes_total - (r->bytes_done < r->bytes_total ? r->bytes_done : r->bytes_total)) /
           (double)r->bytes_done;
  else if (r->files_done)
    left = t * (double)(r->files_total - r->files_done) / (double)r->files_done;
  fprintf(stderr, "\r\033[Knewsgraph: %zu/%zu files, %.1f MB, %zu entities, %zu claims, %.1f MB/s, %.0f s left",
          r->files_done, r->files_total, mb, r->entities, r->claims, mbs, left);
}

static void clear_progress(progress *p) {
  if (p->shown) fputs("\r\033[K", stderr);
  p->shown = false;
}

/* ---- explain ---- */

typedef struct explain_ctx {
  const char *name;
  char *slug;
  size_t hits;
} explain_ctx;

static void explain_line(const char *doc, const char *surface, const ng_entity *e,
                         const char *reason, void *payload) {
  explain_ctx *x = payload;
  bool match = !strcmp(e->label, x->name) || !strcmp(e->slug, x->slug);
  for (size_t i = 0; !match && i < e->n_aliases; i++)
    if (!strcmp(e->aliases[i], x->name)) match = true;
  if (!match) return;
  x->hits++;
  printf("%s\t\"%s\" -> %s [%s]\t%s\n", doc, surface, e->label, ng_class_name(e->cls), reason);
}

/* ---- vocab and query ---- */

/* newsgraph vocab [--shapes]: prints the embedded vocabulary or shapes. */
static int cmd_vocab(int argc, char **argv) {
  bool shapes = false;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--shapes")) shapes = true;
    else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      fputs("usage: newsgraph vocab [--shapes]   the ng: vocabulary (or the SHACL shapes of the\n"
            "       output) as Turtle, to stdout\n", stdout);
      return 0;
    } else return usage_error("vocab: unknown argument '%s'", argv[i]);
  }
  size_t len;
  const char *ttl = shapes ? ng_vocab_shapes(&len) : ng_vocab_turtle(&len);
  if (fwrite(ttl, 1, len, stdout) != len || fflush(stdout) != 0) {
    ng_diag_report(diag, NG_DIAG_ERROR, "-", 0, 0, NG_D_OUTPUT, "cannot write to stdout: %s",
                   strerror(errno));
    return 2;
  }
  return 0;
}

/* Reads a query file (or - for stdin) whole; NULL after reporting. */
static char *read_query(const char *path) {
  FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!fp) {
    ng_diag_report(diag, NG_DIAG_ERROR, path, 0, 0, errno == ENOENT ? NG_D_NOT_FOUND : NG_D_OPEN,
                   "cannot read the query: %s", strerror(errno));
    return NULL;
  }
  ng_buf b = {0};
  char chunk[8192];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0 && b.len < (16u << 20)) ng_buf_put(&b, chunk, n);
  bool bad = ferror(fp) || b.len >= (16u << 20);
  if (fp != stdin) fclose(fp);
  if (bad) {
    ng_diag_report(diag, NG_DIAG_ERROR, path, 0, 0, NG_D_OPEN,
                   "cannot read the query (read error, or larger than 16 MiB)");
    ng_buf_free(&b);
    return NULL;
  }
  ng_buf_put(&b, "", 0);
  return ng_buf_take(&b);
}

/* newsgraph query [-f FORMAT] GRAPH... QUERY: QUERY is a file when it ends
 * in .rq/.sparql, is -, or names an existing file; otherwise SPARQL text. */
static int cmd_query(int argc, char **argv) {
  const char *format = NULL;
  NG_VEC(const char *) args = {0};
  int rc = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-f") || !strcmp(a, "--format")) {
      if (i + 1 >= argc) { rc = usage_error("option %s needs a value", a); goto done; }
      format = argv[++i];
    } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs("usage: newsgraph query [-f FORMAT] GRAPH... 'SPARQL' | QUERY.rq | -\n"
            "  runs one SPARQL 1.1 query (Rasqal) over the RDF files (.ttl .nt .nq .rdf .rj),\n"
            "  merged into one default graph. FORMAT: tsv (default), csv, json, xml;\n"
            "  for CONSTRUCT/DESCRIBE nt (default), ttl, nq, rdf, rj.\n", stdout);
      goto done;
    } else if (a[0] == '-' && a[1] && strcmp(a, "--")) {
      rc = usage_error("query: unknown option '%s'", a);
      goto done;
    } else if (strcmp(a, "--")) {
      NG_VEC_PUSH(args, a);
    }
  }
  if (args.n < 2) {
    rc = usage_error("query needs GRAPH... and a QUERY (SPARQL text or a .rq file)", NULL);
    goto done;
  }
  if (!ng_query_format_known(format)) {
    rc = usage_error("query: unknown results format '%s'", format);
    goto done;
  }
  const char *qarg = args.v[args.n - 1];
  size_t ql = strlen(qarg);
  struct stat st;
  bool is_file = !strcmp(qarg, "-") || (ql > 3 && !strcmp(qarg + ql - 3, ".rq")) ||
                 (ql > 7 && !strcmp(qarg + ql - 7, ".sparql")) ||
                 (!strpbrk(qarg, " \t\n{") && stat(qarg, &st) == 0 && S_ISREG(st.st_mode));
  char *text = is_file ? read_query(qarg) : ng_xstrdup(qarg);
  if (!text) {
    rc = 2;
    goto done;
  }
  int qrc = ng_query_run(args.v, args.n - 1, text, is_file ? qarg : "<query>", format, stdout, diag);
  free(text);
  rc = qrc == NG_OK ? 0 : qrc == NG_E_INPUT ? 1 : 2;
done:
  free(args.v);
  return rc;
}

/* ---- main ---- */

static int parse_args(options *o, int argc, char **argv) {
  if (argc < 2) {
    fputs(USAGE, stderr);
    return 2;
  }
  const char *c = argv[1];
  if (!strcmp(c, "--help") || !strcmp(c, "-h")) {
    fputs(USAGE, stdout);
    return -1;
  }
  if (!strcmp(c, "--version") || !strcmp(c, "-V")) {
    printf("newsgraph %s\n", NG_VERSION);
    return -1;
  }
  int i = 2;
  if (!strcmp(c, "train")) return ng_cli_train(argc - 1, argv + 1) | 0x100; /* handled */
  if (!strcmp(c, "query")) return cmd_query(argc - 1, argv + 1) | 0x100;
  if (!strcmp(c, "vocab")) return cmd_vocab(argc - 1, argv + 1) | 0x100;
  if (!strcmp(c, "build")) o->cmd = CMD_BUILD;
  else if (!strcmp(c, "mentions")) o->cmd = CMD_MENTIONS;
  else if (!strcmp(c, "relations")) o->cmd = CMD_RELATIONS;
  else if (!strcmp(c, "merge")) o->cmd = CMD_MERGE;
  else if (!strcmp(c, "explain")) {
    o->cmd = CMD_EXPLAIN;
    if (argc < 3) return usage_error("explain needs a NAME", NULL);
    o->explain_name = argv[2];
    i = 3;
  } else return usage_error("unknown command '%s'", c);
  bool only_inputs = false;
  for (; i < argc; i++) {
    const char *a = argv[i];
    const char *next = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED_ARG()                                                             \
  do {                                                                         \
    if (!next) return usage_error("option %s needs a value", a);               \
    i++;                                                                       \
  } while (0)
    if (only_inputs || a[0] != '-' || !strcmp(a, "-")) {
      NG_VEC_PUSH(o->inputs, a);
    } else if (!strcmp(a, "--")) {
      only_inputs = true;
    } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
      NEED_ARG(); o->out = next;
    } else if (!strcmp(a, "-f") || !strcmp(a, "--format")) {
      NEED_ARG(); o->format = next;
    } else if (!strcmp(a, "--base")) {
      NEED_ARG(); o->base = next;
    } else if (!strcmp(a, "--layout")) {
      NEED_ARG(); o->layout = next;
    } else if (!strcmp(a, "--lexicon")) {
      NEED_ARG(); o->lexicon = next;
    } else if (!strcmp(a, "-j") || !strcmp(a, "--jobs")) {
      NEED_ARG();
      if (!parse_uint(next, &o->jobs) || !o->jobs) return usage_error("-j needs a number from 1 to 4096, not '%s'", next);
    } else if (!strncmp(a, "-j", 2) && a[2]) {
      if (!parse_uint(a + 2, &o->jobs) || !o->jobs) return usage_error("bad -j value '%s'", a + 2);
    } else if (!strcmp(a, "--min-evidence")) {
      NEED_ARG();
      if (!parse_uint(next, &o->min_evidence)) return usage_error("--min-evidence needs a number, not '%s'", next);
    } else if (!strcmp(a, "--max-file-size")) {
      NEED_ARG();
      if (!parse_size(next, &o->max_file)) return usage_error("--max-file-size needs a size, not '%s'", next);
    } else if (!strcmp(a, "--max-article")) {
      NEED_ARG();
      if (!parse_size(next, &o->max_article)) return usage_error("--max-article needs a size, not '%s'", next);
    } else if (!strcmp(a, "--no-mentions")) {
      o->no_mentions = true;
    } else if (!strcmp(a, "--no-claims")) {
      o->no_claims = true;
    } else if (!strcmp(a, "--with-vocab")) {
      o->with_vocab = true;
    } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
      o->quiet = true;
    } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(USAGE, stdout);
      return -1;
    } else {
      return usage_error("unknown option '%s'", a);
    }
#undef NEED_ARG
  }
  if (!o->inputs.n) return usage_error("no INPUT given", NULL);
  if (o->cmd == CMD_BUILD || o->cmd == CMD_MERGE) {
    if (!o->out) return usage_error("build and merge need -o OUT", NULL);
    if (!strcmp(o->out, "-") && !o->format) return usage_error("-o - needs -f FORMAT", NULL);
    const char *fmt = o->format ? o->format : ext_of(o->out);
    if (!fmt || !known_format(fmt))
      return usage_error("cannot tell the output format of '%s' (use .ttl .nt .nq .rdf .rj .dot .svg .png .pdf .graphml .json or -f)", o->out);
    if (o->base && !strstr(o->base, "://"))
      return usage_error("--base needs an absolute IRI, not '%s'", o->base);
    if (o->layout) {
      static const char *const L[] = {"dot", "neato", "sfdp", "fdp", "circo", "twopi", NULL};
      bool ok = false;
      for (const char *const *p = L; *p; p++) ok |= !strcmp(*p, o->layout);
      if (!ok) return usage_error("unknown layout '%s'", o->layout);
    }
  } else if (o->out) {
    return usage_error("-o is only for build (this command writes to stdout)", NULL);
  }
  return 0;
}

/* one thread per CPU this process may run on (its affinity mask, so a
   container's or taskset's limit counts), at most 8: the order of outputs is
   fixed whatever the number, so this changes speed only */
static unsigned default_jobs(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) n = CPU_COUNT(&set);
  return n < 1 ? 1 : n > 8 ? 8 : (unsigned)n;
}

int main(int argc, char **argv) {
  signal(SIGPIPE, SIG_IGN); /* a closed pipe becomes a write error, exit 2 */
#ifdef __GLIBC__
  /* Every article allocates and frees the same few megabytes. By default
     glibc gives freed memory at the top of the heap back to the kernel, so
     each article paid page faults for memory it had just freed (4x the
     faults, ~10% of the CPU time of `mentions`). Keep up to 128 MB of it
     for reuse. Setting it also fixes glibc's mmap threshold at 128 kB,
     so every array of a streamed part (a few hundred kB) was a fresh mmap,
     faulted in page by page and unmapped again: half the time of writing
     `mentions`. Blocks under 4 MB come from the heap; larger ones (one
     huge article's arrays) are still mapped and given back when freed — a
     threshold of tens of MB kept them: +60 MB of peak for a 20 MB file. */
  mallopt(M_TRIM_THRESHOLD, 128 << 20);
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
#endif
  run_started = run_clock();
  diag = ng_diag_new(ng_diag_to_file, stderr);
  options o = {0};
  int rc = parse_args(&o, argc, argv);
  if (!o.jobs) o.jobs = default_jobs();
  if (rc) {
    free(o.inputs.v);
    ng_diag_free(diag);
    if (rc >= 0x100) return rc & 0xff; /* the train subcommand ran */
    return rc < 0 ? 0 : rc;
  }
  xmlInitParser();
  progress prog = {0};
  clock_gettime(CLOCK_MONOTONIC, &prog.start);
  prog.on = !o.quiet && isatty(STDERR_FILENO) && !getenv("CI");

  inputs in = {0};
  for (size_t i = 0; i < o.inputs.n; i++) /* merge reads its parts as given */
    if (o.cmd == CMD_MERGE) NG_VEC_PUSH(in.files, ng_xstrdup(o.inputs.v[i]));
    else expand(&in, o.inputs.v[i]);

  ng_lexicon *lx = ng_lex_load(o.lexicon, diag);
  if (!lx) {
    rc = 2;
    goto done;
  }
  ng_graph *g = ng_graph_new(o.base);
  ng_pipeline_opts po = {0};
  po.read.max_file_size = o.max_file;
  po.read.no_checksum = o.cmd != CMD_BUILD; /* only the RDF writer prints it */
  po.jobs = o.jobs;
  po.relations = o.cmd == CMD_BUILD || o.cmd == CMD_RELATIONS;
  po.max_article = o.max_article;
  po.ner.span_titles = true;
  po.ner.span_the = true;
  po.progress = prog.on ? show_progress : NULL;
  po.progress_payload = &prog;
  explain_ctx ex = {o.explain_name, o.explain_name ? ng_slugify(o.explain_name) : NULL, 0};
  /* .nt/.nq and JSON lines are streamed: parts of the graph are written as
     they are filled, the default graph (entities, direct triples) last */
  bool writes_graph = o.cmd == CMD_BUILD || o.cmd == CMD_MERGE;
  const char *fmt = writes_graph ? (o.format ? o.format : ext_of(o.out)) : NULL;
  bool stream = o.cmd == CMD_MENTIONS || o.cmd == CMD_RELATIONS ||
                (writes_graph && streamed_format(fmt));
  stream_ctx sx = {&o, fmt, NULL};
  ng_sink sink = {stream_part, stdout, &sx, 0, 0, 0, 0};
  /* only the analysis layer of N-Quads reads the parts' local entities */
  po.parts_no_locals = !writes_graph || !fmt || !ng_rdf_serializer_name(fmt) ||
                       strcmp(ng_rdf_serializer_name(fmt), "nquads");
  out_file of = {0};
  int wrc = 0;
  size_t failed = in.failed;
  unsigned writers = o.jobs > 1 ? o.jobs : 1;
  if (stream && writes_graph) {
    wrc = out_open(&of, &o);
    sink.out = of.fp;
    /* the Raptor worlds of the writer threads, made and freed here, before
       and after they run (see ng_rdf_env) */
    sx.env = ng_xcalloc(writers, sizeof *sx.env);
    for (unsigned k = 0; k < writers && !wrc; k++)
      if (!(sx.env[k] = ng_rdf_env_new())) {
        ng_diag_report(diag, NG_DIAG_ERROR, NULL, 0, 0, NG_D_RDF, "cannot start the RDF library");
        wrc = out_close(&of, NG_E_IO, 0);
      }
  }
  if (!wrc && o.cmd == CMD_MERGE) {
    ng_collect *col = ng_collect_new(lx, stream, false);
    size_t merged = 0;
    failed += ng_merge_read(col, (const char *const *)in.files.v, in.files.n, o.base, diag, &merged);
    ng_collect_finish(col, g, stream ? &sink : NULL, diag, &po, NULL, NULL);
    ng_collect_free(col);
  } else if (!wrc) {
    failed += ng_pipeline_stream(g, (const char *const *)in.files.v, in.files.n, lx, &po,
                                 stream ? &sink : NULL, diag,
                              o.cmd == CMD_EXPLAIN ? explain_line : NULL, &ex);
  }
  clear_progress(&prog);
  switch (o.cmd) {
  case CMD_BUILD:
  case CMD_MERGE:
    if (wrc) break;
    if (stream) {
      int src = sink.rc;
      if (!src) src = write_graph(g, &o, fmt, of.fp, false, true, sx.env[0]);
      wrc = out_close(&of, src, sink.err ? sink.err : errno);
    } else {
      wrc = write_output(g, &o);
    }
    break;
  case CMD_MENTIONS:
  case CMD_RELATIONS:
    if (sink.rc || fflush(stdout) != 0 || ferror(stdout)) {
      ng_diag_report(diag, NG_DIAG_ERROR, "-", 0, 0, NG_D_OUTPUT, "cannot write to stdout: %s",
                     strerror(sink.err ? sink.err : errno ? errno : EIO));
      wrc = 2;
    }
    break;
  case CMD_EXPLAIN:
    if (!ex.hits) {
      ng_diag_report(diag, NG_DIAG_WARNING, "newsgraph", 0, 0, NG_D_USAGE,
                     "no entity named '%s' in the input", o.explain_name);
    }
    if (fflush(stdout) != 0) wrc = 2;
    break;
  }
  if (!o.quiet && writes_graph && wrc == 0) {
    size_t direct = 0;
    for (size_t i = 0; i < g->n_relations; i++) direct += g->relations[i].direct;
    fprintf(stderr, "newsgraph: %zu articles, %zu entities, %zu relations (%zu claims), %zu errors, %.2f s\n",
            stream ? sink.articles : g->n_articles, g->n_entities, direct,
            stream ? sink.claims : g->n_claims, failed, elapsed(&prog.start));
  }
  if (sx.env)
    for (unsigned k = 0; k < writers; k++) ng_rdf_env_free(sx.env[k]);
  free(sx.env);
  free(ex.slug);
  ng_graph_free(g);
  ng_lex_free(lx);
  rc = wrc ? wrc : failed ? 1 : 0;
done:
  for (size_t i = 0; i < in.files.n; i++) free(in.files.v[i]);
  free(in.files.v);
  free(in.dirs.v);
  free(o.inputs.v);
  ng_diag_free(diag);
  xmlCleanupParser();
  return rc;
}
