/* run_spec.c — runs the stage examples in tests/spec/ (files ending .spec: examples as data,
 * cmark style).
 *
 * An example is
 *     ~~~~ STAGE
 *     input lines
 *     .
 *     expected lines
 *     ~~~~
 * Stages:
 *   ner       input: one text; expected: the text with every entity mention
 *             bracketed as [Type text] (Temporal/Quantity/Money too).
 *   resolve   input: articles separated by a line "---"; expected lines
 *             ("@ TEXT => NAME": every mention TEXT links to NAME's node, "=> -" to none,
 *             "=> ~": there is no mention TEXT and no node of that name at all)
 *             "Class: surface | surface | ..." — all those surfaces are
 *             names of ONE node of that class — or "surface != surface" —
 *             never the same node.
 *   relations input: articles separated by "---"; expected lines
 *             "subject predicate object" (entity labels or aliases) that
 *             must be direct triples, or "! subject predicate object" that
 *             must not.
 * Prints one line per failing example and a summary; exits 1 on failure. */
#include "graph/base.h"
#include "graph/graph.h"
#include "nlp/lexicon.h"
#include "nlp/ner.h"
#include "nlp/pipeline.h"
#include "nlp/tok.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const ng_lexicon *LX;
static int failures, examples;

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  ng_buf b = {0};
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) ng_buf_put(&b, chunk, n);
  fclose(f);
  *len = b.len;
  return ng_buf_take(&b);
}

static char *trim(char *s) {
  while (*s == ' ' || *s == '\t') s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) s[--n] = '\0';
  return s;
}

static char *bracket(const char *text) {
  ng_tokens t = {0};
  ng_ments m = {0};
  ng_ner_opts o = {0};
  size_t len = strlen(text);
  ng_tokenize(&t, text, len);
  ng_ner_run(&m, LX, &o, text, &t);
  ng_buf b = {0};
  size_t pos = 0;
  for (size_t i = 0; i < m.n; i++) {
    if (m.v[i].begin < pos) continue;
    ng_buf_put(&b, text + pos, m.v[i].begin - pos);
    ng_buf_printf(&b, "[%s ", ng_mtype_name(m.v[i].type));
    ng_buf_put(&b, text + m.v[i].begin, m.v[i].end - m.v[i].begin);
    ng_buf_putc(&b, ']');
    pos = m.v[i].end;
  }
  ng_buf_put(&b, text + pos, len - pos);
  ng_ments_free(&m);
  ng_tokens_free(&t);
  return ng_buf_take(&b);
}

/* writes the articles of input into a temp dir and runs the pipeline */
static ng_graph *build(const char *input, char *dir) {
  strcpy(dir, "/tmp/ngspecXXXXXX");
  if (!mkdtemp(dir)) return NULL;
  NG_VEC(char *) paths = {0};
  const char *p = input;
  int k = 0;
  while (p) {
    const char *sep = strstr(p, "\n---\n");
    size_t n = sep ? (size_t)(sep - p) + 1 : strlen(p);
    char *path = ng_xasprintf("%s/a%02d.txt", dir, k++);
    FILE *f = fopen(path, "wb");
    if (f) {
      fwrite(p, 1, n, f);
      fclose(f);
    }
    NG_VEC_PUSH(paths, path);
    p = sep ? sep + 5 : NULL;
  }
  ng_graph *g = ng_graph_new(NULL);
  ng_diag *d = ng_diag_new(NULL, NULL);
  ng_pipeline_opts o = {0};
  o.relations = true;
  ng_pipeline_run(g, (const char *const *)paths.v, paths.n, LX, &o, d, NULL, NULL);
  ng_diag_free(d);
  for (size_t i = 0; i < paths.n; i++) {
    unlink(paths.v[i]);
    free(paths.v[i]);
  }
  free(paths.v);
  rmdir(dir);
  return g;
}

static bool has_name(const ng_entity *e, const char *name) {
  if (!strcmp(e->label, name)) return true;
  for (size_t i = 0; i < e->n_aliases; i++)
    if (!strcmp(e->aliases[i], name)) return true;
  return false;
}

/* entities carrying `name`; returns count, first in *out */
static size_t find(const ng_graph *g, const char *name, int32_t *out) {
  size_t n = 0;
  for (size_t i = 0; i < g->n_entities; i++)
    if (has_name(&g->entities[i], name)) {
      if (!n) *out = (int32_t)i;
      n++;
    }
  return n;
}

static void fail(const char *file, int line, const char *what, const char *detail) {
  failures++;
  printf("FAIL %s:%d: %s\n  %s\n", file, line, what, detail);
}

static void check_resolve(const char *file, int line, const char *input, char *expected) {
  char dir[64];
  ng_graph *g = build(input, dir);
  for (char *l = strtok(expected, "\n"); l; l = strtok(NULL, "\n")) {
    l = trim(l);
    if (!*l) continue;
    if (*l == '@') {
      /* "@ the Foreign Minister => Sergei Lavrov": every mention with that
         text is linked to the node named so; "=> -" means to no node */
      char *arrow = strstr(l, " => ");
      if (!arrow) {
        fail(file, line, "bad mention line in spec", l);
        continue;
      }
      *arrow = '\0';
      char *text = trim(l + 1), *want = trim(arrow + 4);
      if (!strcmp(want, "~")) { /* dropped: neither a mention nor a node */
        int32_t e = -1;
        bool mentioned = false;
        for (size_t i = 0; i < g->n_mentions; i++) /* unresolved: only in the analysis layer */
          mentioned |= !strcmp(g->mentions[i].text, text) && !ng_mention_unresolved(&g->mentions[i]);
        if (mentioned || find(g, text, &e)) {
          char *msg = ng_xasprintf("'%s' is %s, expected neither a mention nor a node", text,
                                   mentioned ? "a mention" : g->entities[e].iri);
          fail(file, line, "not dropped", msg);
          free(msg);
        }
        continue;
      }
      size_t seen = 0;
      for (size_t i = 0; i < g->n_mentions; i++) {
        const ng_mention *m = &g->mentions[i];
        if (strcmp(m->text, text)) continue;
        seen++;
        bool ok = !strcmp(want, "-") ? m->entity < 0
                                     : m->entity >= 0 && has_name(&g->entities[m->entity], want);
        if (!ok) {
          char *msg = ng_xasprintf("mention '%s' is linked to %s, expected %s", text,
                                   m->entity >= 0 ? g->entities[m->entity].iri : "no node", want);
          fail(file, line, "wrong link", msg);
          free(msg);
        }
      }
      if (!seen) {
        char *msg = ng_xasprintf("no mention '%s'", text);
        fail(file, line, "missing", msg);
        free(msg);
      }
      continue;
    }
    char *ne = strstr(l, " != ");
    if (ne) {
      *ne = '\0';
      char *a = trim(l), *b = trim(ne + 4);
      int32_t ea = -1, eb = -1;
      find(g, a, &ea);
      find(g, b, &eb);
      if (ea >= 0 && ea == eb) {
        char *msg = ng_xasprintf("'%s' and '%s' were merged into %s", a, b, g->entities[ea].iri);
        fail(file, line, "wrong merge", msg);
        free(msg);
      }
      continue;
    }
    char *colon = strchr(l, ':');
    if (!colon) continue;
    *colon = '\0';
    ng_class cls;
    if (!ng_class_parse(trim(l), &cls)) {
      fail(file, line, "bad class in spec", l);
      continue;
    }
    int32_t first = -1;
    for (char *s = colon + 1; s;) {
      char *bar = strchr(s, '|');
      if (bar) *bar = '\0';
      char *name = trim(s);
      int32_t e = -1;
      /* prefer an entity of the expected class */
      for (size_t i = 0; i < g->n_entities; i++)
        if (g->entities[i].cls == cls && has_name(&g->entities[i], name)) e = (int32_t)i;
      if (e < 0) {
        char *msg = ng_xasprintf("no %s node named '%s'", ng_class_name(cls), name);
        fail(file, line, "missing", msg);
        free(msg);
      } else if (first >= 0 && e != first) {
        char *msg = ng_xasprintf("'%s' is on %s, not on %s", name, g->entities[e].iri,
                                 g->entities[first].iri);
        fail(file, line, "split", msg);
        free(msg);
      } else {
        first = e;
      }
      s = bar ? bar + 1 : NULL;
    }
  }
  ng_graph_free(g);
}

static void check_relations(const char *file, int line, const char *input, char *expected) {
  char dir[64];
  ng_graph *g = build(input, dir);
  for (char *l = strtok(expected, "\n"); l; l = strtok(NULL, "\n")) {
    l = trim(l);
    if (!*l) continue;
    bool neg = *l == '!';
    if (neg) l = trim(l + 1);
    /* subject and object may contain spaces: find the predicate word */
    char *pred_at = NULL;
    ng_pred pred = NG_PRED_COUNT;
    for (int p = 0; p < NG_PRED_COUNT && !pred_at; p++) {
      char *needle = ng_xasprintf(" %s ", ng_pred_name((ng_pred)p));
      char *q = strstr(l, needle);
      if (q) {
        pred_at = q;
        pred = (ng_pred)p;
      }
      free(needle);
    }
    if (!pred_at) {
      fail(file, line, "bad relation line", l);
      continue;
    }
    *pred_at = '\0';
    char *subj = trim(l), *obj = trim(pred_at + strlen(ng_pred_name(pred)) + 2);
    bool found = false;
    for (size_t i = 0; i < g->n_relations; i++) {
      const ng_relation *r = &g->relations[i];
      if (r->pred != pred || !r->direct) continue;
      const ng_entity *s = &g->entities[r->subject], *o = &g->entities[r->object];
      if ((has_name(s, subj) && has_name(o, obj)) ||
          (ng_pred_symmetric(pred) && has_name(s, obj) && has_name(o, subj)))
        found = true;
    }
    if (found == neg) {
      char *msg = ng_xasprintf("%s %s %s", subj, ng_pred_name(pred), obj);
      fail(file, line, neg ? "relation must not be found" : "relation not found", msg);
      free(msg);
    }
  }
  ng_graph_free(g);
}

static void run_file(const char *path) {
  size_t len;
  char *data = slurp(path, &len);
  if (!data) {
    fail(path, 0, "cannot read spec file", path);
    return;
  }
  char *p = data;
  int line = 1;
  while (*p) {
    char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    if (n >= 5 && !strncmp(p, "~~~~ ", 5)) {
      char stage[32] = {0};
      snprintf(stage, sizeof stage, "%.*s", (int)(n - 5), p + 5);
      int start = line;
      ng_buf in = {0}, ex = {0};
      bool expect = false;
      p = nl ? nl + 1 : p + n;
      line++;
      while (*p) {
        nl = strchr(p, '\n');
        n = nl ? (size_t)(nl - p) : strlen(p);
        if (n == 4 && !strncmp(p, "~~~~", 4)) {
          p = nl ? nl + 1 : p + n;
          line++;
          break;
        }
        if (n == 1 && *p == '.' && !expect) expect = true;
        else {
          ng_buf *b = expect ? &ex : &in;
          ng_buf_put(b, p, n);
          ng_buf_putc(b, '\n');
        }
        p = nl ? nl + 1 : p + n;
        line++;
      }
      examples++;
      char *input = ng_buf_take(&in), *expected = ng_buf_take(&ex);
      if (!strcmp(trim(stage), "ner")) {
        char *got = bracket(input);
        if (strcmp(trim(got), trim(expected))) {
          char *msg = ng_xasprintf("expected: %s\n  got:      %s", trim(expected), trim(got));
          fail(path, start, "ner", msg);
          free(msg);
        }
        free(got);
      } else if (!strcmp(trim(stage), "resolve")) {
        check_resolve(path, start, input, expected);
      } else if (!strcmp(trim(stage), "relations")) {
        check_relations(path, start, input, expected);
      } else {
        fail(path, start, "unknown stage", stage);
      }
      free(input);
      free(expected);
      continue;
    }
    p = nl ? nl + 1 : p + n;
    line++;
  }
  free(data);
}

int main(int argc, char **argv) {
  ng_diag *d = ng_diag_new(ng_diag_to_file, stderr);
  ng_lexicon *lx = ng_lex_load(NULL, d);
  LX = lx;
  for (int i = 1; i < argc; i++) run_file(argv[i]);
  printf("%d examples, %d failures\n", examples, failures);
  ng_lex_free(lx);
  ng_diag_free(d);
  return failures ? 1 : 0;
}
