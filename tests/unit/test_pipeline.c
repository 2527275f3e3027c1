/* test_pipeline.c — unit tests for nlp/pipeline: the compact cross-article
 * resolution gives the graph that resolving every article's clusters gives,
 * streaming gives the same graph in parts, -j changes nothing, and records
 * made by hand (as `newsgraph merge` makes them) resolve across articles. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "graph/base.h"
#include "graph/diag.h"
#include "graph/graph.h"
#include "nlp/lexicon.h"
#include "nlp/pipeline.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ng_lexicon *LX;
static NG_VEC(char *) paths;

static int cmp_cstr(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_dir(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t n = strlen(e->d_name);
    if (n > 4 && !strcmp(e->d_name + n - 4, ".txt"))
      NG_VEC_PUSH(paths, ng_xasprintf("%s/%s", dir, e->d_name));
  }
  closedir(d);
}

/* everything a writer could show about entities and relations, one line each */
static char *dump(const ng_graph *g) {
  ng_buf b = {0};
  for (size_t i = 0; i < g->n_entities; i++) {
    const ng_entity *e = &g->entities[i];
    ng_buf_printf(&b, "%s %s %s %u %u", e->iri, e->label, e->wikidata ? e->wikidata : "-",
                  e->mention_count, e->article_count);
    for (size_t j = 0; j < e->n_aliases; j++) ng_buf_printf(&b, " |%s", e->aliases[j]);
    ng_buf_putc(&b, '\n');
  }
  for (size_t i = 0; i < g->n_relations; i++) {
    const ng_relation *r = &g->relations[i];
    ng_buf_printf(&b, "%s %s %s %d %d %u\n", g->entities[r->subject].iri, ng_pred_name(r->pred),
                  g->entities[r->object].iri, r->direct, r->hedged, r->article_count);
  }
  return ng_buf_take(&b);
}

static char *run(bool exact, unsigned jobs, size_t *n_claims, size_t *n_mentions) {
  ng_graph *g = ng_graph_new(NULL);
  ng_diag *d = ng_diag_new(NULL, NULL);
  ng_pipeline_opts o = {0};
  o.relations = true;
  o.ner.span_titles = o.ner.span_the = true;
  o.exact_resolution = exact;
  o.jobs = jobs;
  size_t failed = ng_pipeline_run(g, (const char *const *)paths.v, paths.n, LX, &o, d, NULL, NULL);
  assert_int_equal(failed, 0);
  if (n_claims) *n_claims = g->n_claims;
  if (n_mentions) *n_mentions = g->n_mentions;
  char *s = dump(g);
  ng_graph_free(g);
  ng_diag_free(d);
  return s;
}

static void test_compact_resolution_is_exact(void **state) {
  (void)state;
  /* every article twelve times: names counted in the hundreds, so that the
     compact resolution stands in ranks for the counts */
  size_t n0 = paths.n;
  for (int k = 1; k < 12; k++)
    for (size_t i = 0; i < n0; i++) NG_VEC_PUSH(paths, ng_xstrdup(paths.v[i]));
  size_t c1, c2, m1, m2;
  char *exact = run(true, 1, &c1, &m1);
  char *compact = run(false, 1, &c2, &m2);
  char *threads = run(false, 2, NULL, NULL);
  assert_true(strlen(exact) > 1000);
  assert_string_equal(exact, compact);
  assert_string_equal(compact, threads);
  assert_int_equal(c1, c2);
  assert_int_equal(m1, m2);
  free(exact);
  free(compact);
  free(threads);
  for (size_t i = n0; i < paths.n; i++) free(paths.v[i]);
  paths.n = n0;
}

typedef struct counts {
  size_t parts, articles, mentions;
} counts;

/* payload: one counts per writer thread (they run at once with -j) */
static int count_part(const ng_graph *part, FILE *out, unsigned thread, void *payload) {
  assert_true(thread < 2);
  counts *c = (counts *)payload + thread;
  c->parts++;
  c->articles += part->n_articles;
  c->mentions += part->n_mentions;
  fputs("x", out);
  return 0;
}

static void test_stream_summary(void **state) {
  (void)state;
  size_t mentions;
  char *whole = run(false, 1, NULL, &mentions);
  for (unsigned jobs = 1; jobs <= 2; jobs++) {
    ng_graph *g = ng_graph_new(NULL);
    ng_diag *d = ng_diag_new(NULL, NULL);
    ng_pipeline_opts o = {0};
    o.relations = true;
    o.ner.span_titles = o.ner.span_the = true;
    o.jobs = jobs;
    counts per[2] = {{0}};
    FILE *out = tmpfile();
    assert_non_null(out);
    ng_sink sink = {count_part, out, per, 0, 0, 0, 0};
    ng_pipeline_stream(g, (const char *const *)paths.v, paths.n, LX, &o, &sink, d, NULL, NULL);
    counts c = {per[0].parts + per[1].parts, per[0].articles + per[1].articles,
                per[0].mentions + per[1].mentions};
    assert_true(c.parts >= 1);
    assert_int_equal(sink.rc, 0);
    assert_int_equal(c.articles, paths.n);
    assert_int_equal(sink.articles, paths.n);
    assert_int_equal(c.mentions, mentions);
    assert_int_equal(g->n_articles, 0); /* the summary holds no articles */
    assert_int_equal((size_t)ftell(out), c.parts);
    /* entities, aliases, counts and relation flags as in the whole graph */
    char *sum = dump(g);
    assert_string_equal(sum, whole);
    free(sum);
    fclose(out);
    ng_graph_free(g);
    ng_diag_free(d);
  }
  free(whole);
}

/* records as merge reads them: a lone surname in one article joins the full
   name in another; ids and spans come with the record */
static void local(ng_record *r, uint32_t number, const char *key, const char *name,
                  bool surname_only, const char *surface) {
  r->locals = ng_xrealloc(r->locals, (r->n_locals + 1) * sizeof *r->locals);
  ng_local *l = &r->locals[r->n_locals++];
  memset(l, 0, sizeof *l);
  l->number = number;
  l->cls = NG_CLASS_PERSON;
  l->key = ng_xstrdup(key);
  l->name = ng_xstrdup(name);
  l->surname_only = surname_only;
  l->surfaces = ng_xmalloc(sizeof *l->surfaces);
  l->surfaces[0] = ng_xstrdup(surface);
  l->n_surfaces = 1;
  l->entity = -1;
}

static void mention(ng_record *r, size_t cp, const char *text, uint32_t ref) {
  r->mentions = ng_xrealloc(r->mentions, (r->n_mentions + 1) * sizeof *r->mentions);
  ng_mention *m = &r->mentions[r->n_mentions++];
  memset(m, 0, sizeof *m);
  m->begin = m->cp_begin = cp;
  m->end = m->cp_end = cp + strlen(text);
  m->text = ng_xstrdup(text);
  m->type = NG_MT_PERSON;
  m->ref = ref;
  m->entity = -1;
}

/* the record's one claim: pred between local refs s and o (number + 1) */
static void one_claim(ng_record *r, ng_pred pred, uint64_t id, const char *sentence, uint32_t s,
                      uint32_t o) {
  r->claims = ng_xcalloc(1, sizeof *r->claims);
  r->n_claims = 1;
  r->claims[0].pred = pred;
  r->claims[0].id = id;
  r->claims[0].c.sentence = ng_xstrdup(sentence);
  r->claims[0].c.s_ref = s;
  r->claims[0].c.o_ref = o;
}

static void test_records_by_hand(void **state) {
  (void)state;
  ng_collect *c = ng_collect_new(LX, false, false);
  ng_record r = {0};
  r.meta.doc = ng_xstrdup("b");
  local(&r, 3, "surname|lvrv", "Lavrov", true, "Lavrov");
  local(&r, 7, "person|jhn|kr", "John Kerry", false, "John Kerry");
  mention(&r, 0, "Lavrov", 4);
  mention(&r, 10, "John Kerry", 8);
  one_claim(&r, NG_PRED_COMMUNICATED_WITH, 0xabc, "Lavrov met John Kerry.", 4, 8);
  ng_collect_add(c, &r);
  assert_null(r.locals); /* taken over */
  r.meta.doc = ng_xstrdup("a");
  local(&r, 0, "person|srg|lvrv", "Sergei Lavrov", false, "Sergei Lavrov");
  mention(&r, 0, "Sergei Lavrov", 1);
  ng_collect_add(c, &r);
  assert_int_equal(ng_collect_count(c), 2);
  ng_graph *g = ng_graph_new("http://x.org/");
  ng_diag *d = ng_diag_new(NULL, NULL);
  assert_int_equal(ng_collect_finish(c, g, NULL, d, NULL, NULL, NULL), 0);
  ng_collect_free(c);
  assert_int_equal(g->n_entities, 2);
  assert_string_equal(g->entities[1].iri, "http://x.org/entity/person/sergei-lavrov");
  assert_int_equal(g->entities[1].mention_count, 2);
  assert_int_equal(g->n_claims, 1);
  assert_string_equal(g->claims[0].iri, "http://x.org/claim/0000000000000abc");
  assert_int_equal(g->n_locals, 3);
  for (size_t i = 0; i < g->n_locals; i++)
    if (g->locals[i].surname_only) assert_string_equal(g->entities[g->locals[i].entity].label, "Sergei Lavrov");
  ng_graph_free(g);
  ng_diag_free(d);
}

/* lone-word guesses ("guess|" keys): one that a full name elsewhere confirms
   joins that person; one nothing confirms is no entity — its mention is
   unresolved (analysis layer only) and so is a claim it is an end of */
static void test_guesses_by_hand(void **state) {
  (void)state;
  ng_collect *c = ng_collect_new(LX, false, false);
  ng_record r = {0};
  r.meta.doc = ng_xstrdup("b");
  local(&r, 0, "guess|kr", "Kerry", true, "Kerry");
  local(&r, 1, "guess|rslt", "Resolution", true, "Resolution");
  mention(&r, 0, "Kerry", 1);
  mention(&r, 20, "Resolution", 2);
  one_claim(&r, NG_PRED_SUPPORTS, 0xdef, "Kerry backed Resolution 2254.", 1, 2);
  ng_collect_add(c, &r);
  r.meta.doc = ng_xstrdup("a");
  local(&r, 0, "person|jhn|kr", "John Kerry", false, "John Kerry");
  mention(&r, 0, "John Kerry", 1);
  ng_collect_add(c, &r);
  ng_graph *g = ng_graph_new("http://x.org/");
  ng_diag *d = ng_diag_new(NULL, NULL);
  assert_int_equal(ng_collect_finish(c, g, NULL, d, NULL, NULL, NULL), 0);
  ng_collect_free(c);
  assert_int_equal(g->n_entities, 1);
  assert_string_equal(g->entities[0].label, "John Kerry");
  assert_int_equal(g->entities[0].mention_count, 2);
  size_t unresolved = 0;
  for (size_t i = 0; i < g->n_mentions; i++)
    if (ng_mention_unresolved(&g->mentions[i])) {
      unresolved++;
      assert_string_equal(g->mentions[i].text, "Resolution");
    }
  assert_int_equal(unresolved, 1);
  assert_int_equal(g->n_claims, 0);
  assert_int_equal(g->n_relations, 0);
  assert_int_equal(g->n_uclaims, 1);
  assert_int_equal(g->uclaims[0].pred, NG_PRED_SUPPORTS);
  assert_string_equal(g->uclaims[0].c.iri, "http://x.org/claim/0000000000000def");
  ng_graph_free(g);
  ng_diag_free(d);
}

int main(void) {
  ng_diag *d = ng_diag_new(NULL, NULL);
  LX = ng_lex_load(NULL, d);
  ng_diag_free(d);
  if (!LX) return 1;
  add_dir("corpus");
  add_dir("tests/shards/data");
  add_dir("../shared/eval/re3d-dev/docs");
  ng_sort(paths.v, paths.n, sizeof *paths.v, cmp_cstr);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_compact_resolution_is_exact),
      cmocka_unit_test(test_stream_summary),
      cmocka_unit_test(test_records_by_hand),
      cmocka_unit_test(test_guesses_by_hand),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  for (size_t i = 0; i < paths.n; i++) free(paths.v[i]);
  free(paths.v);
  ng_lex_free(LX);
  return rc;
}
