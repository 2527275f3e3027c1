/* train.c — `newsgraph train`: turns gold mentions into tagger training
 * sentences and trains the model (nlp/tagger.c).
 *
 * Inputs: re3d split folders (DIR/docs/<id>.txt plus DIR/gold-entities.jsonl
 * with UTF-8 byte offsets, DIR/docs.jsonl naming each document's subset) and
 * IOB2 files (CoNLL-like: token in column 2, B-/I-PER|ORG|LOC in column 3).
 * re3d documents are tokenised with ng_tokenize exactly as at tagging time; a
 * token belongs to a gold span if it overlaps it, and of overlapping gold
 * spans the longest is kept. The hidden option `--tag MODEL FILE...` prints
 * the tagger's spans as JSON lines for cross-validation (nlp/model/crossval.py).
 * Owns the training corpus for the duration of the call. */
#include "cli/train.h"

#include "graph/base.h"
#include "graph/diag.h"
#include "graph/graph.h"
#include "nlp/lexicon.h"
#include "nlp/tagger.h"
#include "nlp/tok.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char USAGE[] =
    "usage: newsgraph train [options] -o MODEL\n"
    "\n"
    "options:\n"
    "  --re3d DIR                    re3d split folder (docs/, gold-entities.jsonl); may repeat\n"
    "  --re3d-exclude-subset NAME    skip documents of this subset (DIR/docs.jsonl); may repeat\n"
    "  --re3d-only-subset NAME       use only documents of this subset; may repeat\n"
    "  --iob2 FILE                   IOB2 file (PER/ORG/LOC); may repeat\n"
    "  --epochs N                    training passes (default 8)\n"
    "  --seed N                      shuffle seed (default 1)\n"
    "  --lexicon DIR                 lexicon files (default: the built-in lexicon)\n"
    "  -o MODEL                      the model file to write\n";

/* ---- diagnostics --------------------------------------------------------- */

static void sink(const ng_diag_item *it, void *payload) {
  FILE *f = payload;
  static const char *const names[] = {"error", "warning", "note"};
  if (!it->path)
    fprintf(f, "newsgraph: %s: %s\n", names[it->level], it->message);
  else if (!it->line)
    fprintf(f, "%s: %s[NG-%03d]: %s\n", it->path, names[it->level], it->code, it->message);
  else
    ng_diag_to_file(it, f);
}

/* ---- small readers -------------------------------------------------------- */

/* Reads a whole file into b; reports NG-001 and returns false on failure. */
static bool read_file(ng_buf *b, const char *path, ng_diag *d) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    ng_diag_report(d, NG_DIAG_ERROR, path, 0, 0, NG_D_OPEN, "cannot open: %s", strerror(errno));
    return false;
  }
  char chunk[65536];
  size_t k;
  ng_buf_clear(b);
  while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) ng_buf_put(b, chunk, k);
  bool ok = !ferror(f);
  fclose(f);
  if (!ok) ng_diag_report(d, NG_DIAG_ERROR, path, 0, 0, NG_D_OPEN, "cannot read");
  if (!b->data) { /* empty file: still hand out a NUL-terminated buffer */
    ng_buf_putc(b, 0);
    b->len = 0;
  }
  return ok;
}

/* Offset of the first invalid UTF-8 byte in s[0..n), or n. */
static size_t utf8_bad(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i], k;
    uint32_t cp;
    if (c < 0x80) { i++; continue; }
    else if (c >= 0xC2 && c <= 0xDF) k = 1, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) k = 2, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) k = 3, cp = c & 0x07;
    else return i;
    for (unsigned j = 1; j <= k; j++) {
      if (i + j >= n || (s[i + j] & 0xC0) != 0x80) return i;
      cp = cp << 6 | (s[i + j] & 0x3F);
    }
    if ((k == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
      return i;
    i += k + 1;
  }
  return n;
}

/* The value of key in a flat one-line JSON object, copied into out (strings
 * unescaped for \" \\ \/ only; numbers and literals as written). Returns
 * false if the key is missing or the line is not such an object. */
static bool json_get(const char *s, const char *key, char *out, size_t cap) {
  size_t kl = strlen(key);
  const char *p = s;
  while (*p == ' ' || *p == '\t') p++;
  if (*p++ != '{') return false;
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == ',') p++;
    if (*p != '"') return false;
    const char *k0 = ++p;
    while (*p && *p != '"') p += (*p == '\\' && p[1]) ? 2 : 1;
    if (!*p) return false;
    bool match = (size_t)(p - k0) == kl && !memcmp(k0, key, kl);
    p++;
    while (*p == ' ') p++;
    if (*p++ != ':') return false;
    while (*p == ' ') p++;
    size_t o = 0;
    if (*p == '"') {
      p++;
      while (*p && *p != '"') {
        char c = *p++;
        if (c == '\\' && *p) c = *p++;
        if (o + 1 < cap) out[o++] = c;
      }
      if (!*p) return false;
      p++;
    } else {
      if (*p == '{' || *p == '[') return false; /* nested values are not expected */
      while (*p && *p != ',' && *p != '}' && *p != ' ') {
        if (o + 1 < cap) out[o++] = *p;
        p++;
      }
    }
    if (match) {
      if (cap) out[o] = 0;
      return true;
    }
    while (*p == ' ') p++;
    if (*p == '}' || !*p) return false;
  }
}

/* ---- the corpus ----------------------------------------------------------- */

typedef struct corpus {
  NG_VEC(ng_train_sent) sents;
  size_t tokens;
} corpus;

static void corpus_free(corpus *c) {
  for (size_t i = 0; i < c->sents.n; i++) {
    for (size_t j = 0; j < c->sents.v[i].n; j++) free(c->sents.v[i].words[j]);
    free(c->sents.v[i].words);
    free(c->sents.v[i].labels);
  }
  free(c->sents.v);
}

/* BILOU labels from per-token entity types (-1 = none) and starts (a new
 * entity begins here even if the previous token has the same type). */
static void bilou(const int *type, const bool *start, size_t n, uint8_t *labels) {
  for (size_t i = 0; i < n; i++) {
    if (type[i] < 0) {
      labels[i] = 0;
      continue;
    }
    bool b = i == 0 || start[i] || type[i - 1] != type[i];
    bool e = i + 1 == n || start[i + 1] || type[i + 1] != type[i];
    unsigned pos = b && e ? 3 : b ? 0 : e ? 2 : 1;
    labels[i] = (uint8_t)(1 + 4 * type[i] + pos);
  }
}

static void add_sentence(corpus *c, char **words, const int *type, const bool *start, size_t n) {
  ng_train_sent s = {ng_xmalloc(n * sizeof(char *)), ng_xmalloc(n), n};
  memcpy(s.words, words, n * sizeof(char *));
  bilou(type, start, n, s.labels);
  NG_VEC_PUSH(c->sents, s);
  c->tokens += n;
}

static int mtype_parse(const char *name) {
  for (int t = 0; t < NG_MT_COUNT; t++)
    if (!strcmp(ng_mtype_name((ng_mtype)t), name)) return t;
  return -1;
}

/* ---- re3d ----------------------------------------------------------------- */

typedef struct gold {
  char *doc;
  size_t begin, end;
  int type;
} gold;

typedef NG_VEC(const char *) strvec;

static bool in_list(const strvec *v, const char *s) {
  for (size_t i = 0; i < v->n; i++)
    if (!strcmp(v->v[i], s)) return true;
  return false;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_gold_len(const void *a, const void *b) {
  const gold *x = *(const gold *const *)a, *y = *(const gold *const *)b;
  size_t lx = x->end - x->begin, ly = y->end - y->begin;
  if (lx != ly) return lx > ly ? -1 : 1;
  return x->begin < y->begin ? -1 : x->begin > y->begin;
}

/* Lines of a file, each NUL-terminated in place (buffer owned by b). */
static size_t split_lines(ng_buf *b, char ***lines) {
  NG_VEC(char *) v = {0};
  char *p = b->data;
  while (p && *p) {
    char *nl = strchr(p, '\n');
    if (nl) *nl = 0;
    size_t l = strlen(p);
    if (l && p[l - 1] == '\r') p[l - 1] = 0;
    NG_VEC_PUSH(v, p);
    if (!nl) break;
    p = nl + 1;
  }
  *lines = v.v;
  return v.n;
}

/* Adds one tokenised re3d document with its gold spans g[0..ng). */
static void add_re3d_doc(corpus *c, const char *text, size_t len, gold **g, size_t ng) {
  ng_tokens t = {0};
  ng_tokenize(&t, text, len);
  int *type = ng_xmalloc((t.n + 1) * sizeof *type);
  int *span = ng_xmalloc((t.n + 1) * sizeof *span);
  bool *start = ng_xmalloc(t.n + 1);
  for (size_t i = 0; i < t.n; i++) type[i] = -1, span[i] = -1, start[i] = false;
  ng_sort(g, ng, sizeof *g, cmp_gold_len); /* longest first: it wins overlaps */
  for (size_t k = 0; k < ng; k++) {
    size_t a = t.n, b = 0;
    bool free_ = true;
    for (size_t i = 0; i < t.n; i++)
      if (t.tok[i].begin < g[k]->end && t.tok[i].end > g[k]->begin) {
        if (a == t.n) a = i;
        b = i + 1;
        if (span[i] >= 0) free_ = false;
      }
    if (a == t.n || !free_) continue;
    for (size_t i = a; i < b; i++) type[i] = g[k]->type, span[i] = (int)k;
  }
  for (size_t i = 0; i < t.n; i++) start[i] = span[i] >= 0 && (i == 0 || span[i - 1] != span[i]);
  for (size_t s = 0; s < t.n_sent; s++) {
    size_t tb = t.sent[s].tok_begin, n = t.sent[s].tok_end - tb;
    if (!n) continue;
    char **words = ng_xmalloc(n * sizeof *words);
    for (size_t i = 0; i < n; i++)
      words[i] = ng_xstrndup(text + t.tok[tb + i].begin, t.tok[tb + i].end - t.tok[tb + i].begin);
    add_sentence(c, words, type + tb, start + tb, n);
    free(words);
  }
  free(type);
  free(span);
  free(start);
  ng_tokens_free(&t);
}

/* Reads one re3d split folder into c; returns false if it failed entirely. */
static bool load_re3d(corpus *c, const char *dir, const strvec *only, const strvec *excl,
                      ng_diag *d) {
  bool ok = true;
  ng_buf b = {0}, text = {0};
  char **lines = NULL;
  NG_VEC(gold) golds = {0};
  NG_VEC(char *) docs = {0};
  NG_VEC(char *) keep = {0}; /* docs allowed by the subset filters */
  char val[512], val2[512];
  char *path = NULL;

  if (only->n || excl->n) {
    path = ng_xasprintf("%s/docs.jsonl", dir);
    if (!read_file(&b, path, d)) {
      ok = false;
      goto done;
    }
    size_t nl = split_lines(&b, &lines);
    for (size_t i = 0; i < nl; i++) {
      if (!*lines[i]) continue;
      if (!json_get(lines[i], "doc", val, sizeof val) ||
          !json_get(lines[i], "subset", val2, sizeof val2)) {
        ng_diag_report(d, NG_DIAG_ERROR, path, (unsigned)i + 1, 1, NG_D_USAGE,
                       "expected \"doc\" and \"subset\" fields");
        continue;
      }
      if (only->n && !in_list(only, val2)) continue;
      if (in_list(excl, val2)) continue;
      NG_VEC_PUSH(keep, ng_xstrdup(val));
    }
    free(lines);
    lines = NULL;
    free(path);
    path = NULL;
  }

  path = ng_xasprintf("%s/gold-entities.jsonl", dir);
  if (!read_file(&b, path, d)) {
    ok = false;
    goto done;
  }
  size_t nl = split_lines(&b, &lines);
  for (size_t i = 0; i < nl; i++) {
    if (!*lines[i]) continue;
    char sb[32], se[32], sc[32];
    if (!json_get(lines[i], "doc", val, sizeof val) || !json_get(lines[i], "type", val2, sizeof val2) ||
        !json_get(lines[i], "begin", sb, sizeof sb) || !json_get(lines[i], "end", se, sizeof se)) {
      ng_diag_report(d, NG_DIAG_ERROR, path, (unsigned)i + 1, 1, NG_D_USAGE,
                     "expected \"doc\", \"begin\", \"end\" and \"type\" fields");
      continue;
    }
    if (json_get(lines[i], "confidence", sc, sizeof sc) && strtod(sc, NULL) < 0.5) continue;
    int t = mtype_parse(val2);
    if (t < 0) continue; /* re3d types the tagger does not learn (DocumentReference ...) */
    gold g = {ng_xstrdup(val), strtoull(sb, NULL, 10), strtoull(se, NULL, 10), t};
    if (g.end <= g.begin) {
      free(g.doc);
      continue;
    }
    NG_VEC_PUSH(golds, g);
  }
  free(lines);
  lines = NULL;
  free(path);

  path = ng_xasprintf("%s/docs", dir);
  DIR *dh = opendir(path);
  if (!dh) {
    ng_diag_report(d, NG_DIAG_ERROR, path, 0, 0, NG_D_OPEN, "cannot open: %s", strerror(errno));
    ok = false;
    goto done;
  }
  struct dirent *de;
  while ((de = readdir(dh))) {
    size_t l = strlen(de->d_name);
    if (l > 4 && !strcmp(de->d_name + l - 4, ".txt"))
      NG_VEC_PUSH(docs, ng_xstrndup(de->d_name, l - 4));
  }
  closedir(dh);
  ng_sort(docs.v, docs.n, sizeof *docs.v, cmp_str); /* directory order is not stable */
  for (size_t i = 0; i < docs.n; i++) {
    if ((only->n || excl->n) && !in_list((const strvec *)&keep, docs.v[i])) continue;
    char *fp = ng_xasprintf("%s/%s.txt", path, docs.v[i]);
    if (read_file(&text, fp, d)) {
      size_t bad = utf8_bad((const unsigned char *)text.data, text.len);
      if (bad < text.len) {
        ng_diag_report(d, NG_DIAG_ERROR, fp, 0, 0, NG_D_UTF8, "invalid UTF-8 at byte %zu", bad);
      } else {
        NG_VEC(gold *) mine = {0};
        for (size_t k = 0; k < golds.n; k++)
          if (!strcmp(golds.v[k].doc, docs.v[i]) && golds.v[k].end <= text.len)
            NG_VEC_PUSH(mine, &golds.v[k]);
        add_re3d_doc(c, text.data, text.len, mine.v, mine.n);
        free(mine.v);
      }
    }
    free(fp);
  }

done:
  free(path);
  free(lines);
  for (size_t i = 0; i < golds.n; i++) free(golds.v[i].doc);
  free(golds.v);
  for (size_t i = 0; i < docs.n; i++) free(docs.v[i]);
  free(docs.v);
  for (size_t i = 0; i < keep.n; i++) free(keep.v[i]);
  free(keep.v);
  ng_buf_free(&b);
  ng_buf_free(&text);
  return ok;
}

/* ---- IOB2 ----------------------------------------------------------------- */

static int iob2_type(const char *t) {
  if (!strcmp(t, "PER")) return NG_MT_PERSON;
  if (!strcmp(t, "ORG")) return NG_MT_ORGANISATION;
  if (!strcmp(t, "LOC")) return NG_MT_LOCATION;
  return -1;
}

static bool load_iob2(corpus *c, const char *path, ng_diag *d) {
  ng_buf b = {0};
  if (!read_file(&b, path, d)) {
    ng_buf_free(&b);
    return false;
  }
  char **lines = NULL;
  size_t nl = split_lines(&b, &lines);
  NG_VEC(char *) words = {0};
  NG_VEC(int) type = {0};
  NG_VEC(bool) start = {0};
  for (size_t i = 0; i <= nl; i++) {
    char *ln = i < nl ? lines[i] : "";
    if (*ln == '#') continue;
    if (!*ln) {
      if (words.n) add_sentence(c, words.v, type.v, start.v, words.n);
      words.n = type.n = start.n = 0;
      continue;
    }
    char *col[3] = {0};
    size_t nc = 0;
    for (char *p = ln; nc < 3;) {
      col[nc++] = p;
      char *tab = strchr(p, '\t');
      if (!tab) break;
      *tab = 0;
      p = tab + 1;
    }
    if (nc < 3 || !*col[1]) {
      ng_diag_report(d, NG_DIAG_ERROR, path, (unsigned)i + 1, 1, NG_D_USAGE,
                     "expected at least 3 tab-separated columns");
      continue;
    }
    char *tab = strchr(col[2], '\t');
    if (tab) *tab = 0;
    int t = -1;
    bool s = false;
    if ((col[2][0] == 'B' || col[2][0] == 'I') && col[2][1] == '-') {
      t = iob2_type(col[2] + 2);
      s = col[2][0] == 'B';
    }
    NG_VEC_PUSH(words, ng_xstrdup(col[1]));
    NG_VEC_PUSH(type, t);
    NG_VEC_PUSH(start, s);
  }
  free(words.v);
  free(type.v);
  free(start.v);
  free(lines);
  ng_buf_free(&b);
  return true;
}

/* ---- --tag ---------------------------------------------------------------- */

static void json_str(FILE *f, const char *s, size_t n) {
  fputc('"', f);
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch == '"' || ch == '\\') fprintf(f, "\\%c", ch);
    else if (ch < 0x20) fprintf(f, "\\u%04x", ch);
    else fputc(ch, f);
  }
  fputc('"', f);
}

static int tag_files(const char *model, char **files, int n, const char *lexdir, ng_diag *d) {
  int rc = 0;
  ng_lexicon *lx = ng_lex_load(lexdir, d);
  ng_tagger *tg = ng_tagger_load_file(model, d);
  ng_buf text = {0};
  if (!lx || !tg) {
    rc = 2;
    goto done;
  }
  for (int i = 0; i < n; i++) {
    if (!read_file(&text, files[i], d)) {
      rc = 1;
      continue;
    }
    size_t bad = utf8_bad((const unsigned char *)text.data, text.len);
    if (bad < text.len) {
      ng_diag_report(d, NG_DIAG_ERROR, files[i], 0, 0, NG_D_UTF8, "invalid UTF-8 at byte %zu", bad);
      rc = 1;
      continue;
    }
    const char *base = strrchr(files[i], '/');
    base = base ? base + 1 : files[i];
    const char *dot = strrchr(base, '.');
    size_t bl = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    ng_tokens t = {0};
    ng_tokenize(&t, text.data, text.len);
    ng_tag_span *sp = NULL;
    size_t ns = ng_tagger_tag(tg, lx, text.data, &t, &sp);
    for (size_t k = 0; k < ns; k++) {
      fputs("{\"doc\": ", stdout);
      json_str(stdout, base, bl);
      printf(", \"begin\": %u, \"end\": %u, \"type\": \"%s\", \"score\": %.3f}\n",
             t.tok[sp[k].tb].begin, t.tok[sp[k].te - 1].end, ng_mtype_name(sp[k].type),
             (double)sp[k].score);
    }
    free(sp);
    ng_tokens_free(&t);
  }
done:
  ng_buf_free(&text);
  ng_tagger_free(tg);
  ng_lex_free(lx);
  return rc;
}

/* ---- the command ------------------------------------------------------------ */

static bool parse_uint(const char *s, unsigned max, unsigned *out) {
  char *end;
  errno = 0;
  unsigned long v = strtoul(s, &end, 10);
  if (errno || end == s || *end || *s == '-' || v > max) return false;
  *out = (unsigned)v;
  return true;
}

/* Rows and weights recorded in a model file's header (see nlp/tagger.c). */
static bool model_counts(const char *path, unsigned long *rows, unsigned long *weights) {
  unsigned char h[28];
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  bool ok = fread(h, 1, sizeof h, f) == sizeof h;
  fclose(f);
  if (!ok) return false;
  *rows = (unsigned long)h[20] | (unsigned long)h[21] << 8 | (unsigned long)h[22] << 16 |
          (unsigned long)h[23] << 24;
  *weights = (unsigned long)h[24] | (unsigned long)h[25] << 8 | (unsigned long)h[26] << 16 |
             (unsigned long)h[27] << 24;
  return true;
}

int ng_cli_train(int argc, char **argv) {
  ng_diag *d = ng_diag_new(sink, stderr);
  strvec re3d = {0}, iob2 = {0}, only = {0}, excl = {0};
  const char *out = NULL, *lexdir = NULL, *tag_model = NULL;
  unsigned epochs = 8, seed = 1;
  int rc = 0, tag_first = 0;
  corpus c = {0};
  ng_lexicon *lx = NULL;

#define NEXT()                                                                   \
  do {                                                                           \
    if (i + 1 >= argc) {                                                         \
      ng_diag_report(d, NG_DIAG_ERROR, NULL, 0, 0, NG_D_USAGE, "option %s needs a value", a); \
      rc = 2;                                                                    \
      goto done;                                                                 \
    }                                                                            \
    v = argv[++i];                                                               \
  } while (0)

  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = NULL;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(USAGE, stdout);
      goto done;
    } else if (!strcmp(a, "--re3d")) {
      NEXT();
      NG_VEC_PUSH(re3d, v);
    } else if (!strcmp(a, "--re3d-only-subset")) {
      NEXT();
      NG_VEC_PUSH(only, v);
    } else if (!strcmp(a, "--re3d-exclude-subset")) {
      NEXT();
      NG_VEC_PUSH(excl, v);
    } else if (!strcmp(a, "--iob2")) {
      NEXT();
      NG_VEC_PUSH(iob2, v);
    } else if (!strcmp(a, "--epochs")) {
      NEXT();
      if (!parse_uint(v, 1000, &epochs) || !epochs) {
        ng_diag_report(d, NG_DIAG_ERROR, NULL, 0, 0, NG_D_USAGE,
                       "--epochs needs a number from 1 to 1000, not '%s'", v);
        rc = 2;
        goto done;
      }
    } else if (!strcmp(a, "--seed")) {
      NEXT();
      if (!parse_uint(v, 0xffffffffu, &seed)) {
        ng_diag_report(d, NG_DIAG_ERROR, NULL, 0, 0, NG_D_USAGE, "--seed needs a number, not '%s'", v);
        rc = 2;
        goto done;
      }
    } else if (!strcmp(a, "--lexicon")) {
      NEXT();
      lexdir = v;
    } else if (!strcmp(a, "-o")) {
      NEXT();
      out = v;
    } else if (!strcmp(a, "--tag")) { /* hidden: --tag MODEL FILE... (the rest) */
      NEXT();
      tag_model = v;
      tag_first = i + 1;
      break;
    } else {
      ng_diag_report(d, NG_DIAG_ERROR, NULL, 0, 0, NG_D_USAGE, "unknown train option '%s'", a);
      rc = 2;
      goto done;
    }
  }
#undef NEXT

  if (tag_model) {
    rc = tag_files(tag_model, argv + tag_first, argc - tag_first, lexdir, d);
    goto done;
  }
  if (!out) {
    ng_diag_report(d, NG_DIAG_ERROR, NULL, 0, 0, NG_D_USAGE, "train needs -o MODEL");
    rc = 2;
    goto done;
  }
  if (!re3d.n && !iob2.n) {
    ng_diag_report(d, NG_DIAG_ERROR, NULL, 0, 0, NG_D_USAGE, "train needs --re3d DIR or --iob2 FILE");
    rc = 2;
    goto done;
  }
  lx = ng_lex_load(lexdir, d);
  if (!lx) {
    rc = 2;
    goto done;
  }
  for (size_t i = 0; i < re3d.n; i++)
    if (!load_re3d(&c, re3d.v[i], &only, &excl, d)) rc = 1;
  for (size_t i = 0; i < iob2.n; i++)
    if (!load_iob2(&c, iob2.v[i], d)) rc = 1;
  if (ng_diag_errors(d)) rc = 1;
  if (!c.sents.n) {
    ng_diag_report(d, NG_DIAG_ERROR, NULL, 0, 0, NG_D_USAGE, "no training sentences");
    rc = 2;
    goto done;
  }
  if (ng_tagger_train(c.sents.v, c.sents.n, lx, epochs, seed, out, d) != NG_OK) {
    rc = 2;
    goto done;
  }
  unsigned long rows = 0, weights = 0;
  model_counts(out, &rows, &weights);
  fprintf(stderr,
          "newsgraph train: %zu sentences, %zu tokens, %u epochs, %lu features kept "
          "(%lu weights) -> %s\n",
          c.sents.n, c.tokens, epochs, rows, weights, out);

done:
  corpus_free(&c);
  ng_lex_free(lx);
  free(re3d.v);
  free(iob2.v);
  free(only.v);
  free(excl.v);
  ng_diag_free(d);
  return rc;
}
