/* test_graph.c — unit tests for graph/: slugs, entity identity, aliases,
 * claims and the deterministic order ng_graph_finish gives. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "graph/base.h"
#include "graph/diag.h"
#include "graph/graph.h"

#include <stdlib.h>
#include <string.h>

static void test_slugify(void **state) {
  (void)state;
  const char *cases[][2] = {
      {"Sergei Lavrov", "sergei-lavrov"},
      {"Bashar al-Assad", "bashar-al-assad"},
      {"Bashar Ja'afari", "bashar-jaafari"},
      {"Jean-Yves Le Drian", "jean-yves-le-drian"},
      {"Élysée Palace", "elysee-palace"},
      {"  U.S.  ", "u-s"},
      {"T-90", "t-90"},
      {"", "x"},
      {"中国", "x"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *s = ng_slugify(cases[i][0]);
    assert_string_equal(s, cases[i][1]);
    free(s);
  }
}

static void test_entity_identity(void **state) {
  (void)state;
  ng_graph *g = ng_graph_new(NULL);
  uint32_t a = ng_graph_entity(g, NG_CLASS_PERSON, "Sergei Lavrov");
  uint32_t b = ng_graph_entity(g, NG_CLASS_PERSON, "Sergei Lavrov");
  uint32_t c = ng_graph_entity(g, NG_CLASS_PLACE, "Sergei Lavrov");
  assert_int_equal(a, b);
  assert_int_not_equal(a, c);
  assert_string_equal(g->entities[a].iri, "http://example.org/newsgraph/entity/person/sergei-lavrov");
  ng_graph_add_alias(g, a, "Lavrov");
  ng_graph_add_alias(g, a, "Lavrov");
  ng_graph_add_alias(g, a, "Sergei Lavrov"); /* the label is not an alias */
  ng_graph_add_alias(g, a, "Sergey Lavrov");
  assert_int_equal(g->entities[a].n_aliases, 2);
  ng_graph_free(g);
}

static void test_finish_order_and_flags(void **state) {
  (void)state;
  /* the same content added in two orders gives the same arrays */
  char *dump[2];
  for (int run = 0; run < 2; run++) {
    ng_graph *g = ng_graph_new("http://x.org/");
    ng_article art = {0};
    art.doc = run ? "b" : "a";
    uint32_t a1 = ng_graph_add_article(g, &art);
    art.doc = run ? "a" : "b";
    uint32_t a2 = ng_graph_add_article(g, &art);
    uint32_t k, l;
    if (run) {
      k = ng_graph_entity(g, NG_CLASS_PERSON, "Kerry");
      l = ng_graph_entity(g, NG_CLASS_PERSON, "Lavrov");
    } else {
      l = ng_graph_entity(g, NG_CLASS_PERSON, "Lavrov");
      k = ng_graph_entity(g, NG_CLASS_PERSON, "Kerry");
    }
    ng_claim c = {0};
    c.sentence = "Kerry spoke with Lavrov.";
    c.trigger = "spoke with";
    c.confidence = 0.8;
    /* article "a" is a1 in run 0 and a2 in run 1 */
    uint32_t art_a = run ? a2 : a1, art_b = run ? a1 : a2;
    ng_graph_add_claim(g, k, NG_PRED_COMMUNICATED_WITH, l, art_a, &c);
    ng_graph_add_claim(g, l, NG_PRED_COMMUNICATED_WITH, k, art_b, &c);
    c.negated = true;
    ng_graph_add_claim(g, k, NG_PRED_SUPPORTS, l, art_a, &c);
    ng_graph_finish(g);
    assert_int_equal(g->n_relations, 2); /* symmetric claims share one relation */
    ng_buf b = {0};
    for (size_t i = 0; i < g->n_relations; i++) {
      const ng_relation *r = &g->relations[i];
      ng_buf_printf(&b, "%s %s %s %zu %d %u\n", g->entities[r->subject].label,
                    ng_pred_name(r->pred), g->entities[r->object].label, r->n_claims,
                    r->direct, r->article_count);
    }
    for (size_t i = 0; i < g->n_claims; i++) ng_buf_printf(&b, "%s\n", g->claims[i].iri);
    dump[run] = ng_buf_take(&b);
    ng_graph_free(g);
  }
  assert_string_equal(dump[0], dump[1]);
  /* the negated-only relation is not direct; the symmetric one has 2 articles */
  assert_non_null(strstr(dump[0], "communicatedWith"));
  assert_non_null(strstr(dump[0], " 2 1 2\n"));
  assert_non_null(strstr(dump[0], "supports"));
  assert_non_null(strstr(dump[0], " 1 0 0\n"));
  free(dump[0]);
  free(dump[1]);
}

static int last_code;
static unsigned last_line, last_col;
static void record(const ng_diag_item *it, void *p) {
  (void)p;
  last_code = it->code;
  last_line = it->line;
  last_col = it->col;
}

static void test_diag(void **state) {
  (void)state;
  ng_diag *d = ng_diag_new(record, NULL);
  ng_diag_report(d, NG_DIAG_ERROR, "a.txt", 3, 7, NG_D_UTF8, "bad %s", "byte");
  assert_int_equal(last_code, NG_D_UTF8);
  assert_int_equal(ng_diag_errors(d), 1);
  ng_diag_item it = {NG_DIAG_ERROR, "a.txt", 3, 7, 4, "invalid UTF-8"};
  char *s = ng_diag_format(&it);
  assert_string_equal(s, "a.txt:3:7: error[NG-004]: invalid UTF-8");
  free(s);
  const char *text = "ab\ncé\nx";
  unsigned l, c;
  ng_diag_position(text, strlen(text), 6, &l, &c); /* the byte after é */
  assert_int_equal(l, 2);
  assert_int_equal(c, 3);
  ng_diag_free(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_slugify),
      cmocka_unit_test(test_entity_identity),
      cmocka_unit_test(test_finish_order_and_flags),
      cmocka_unit_test(test_diag),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
