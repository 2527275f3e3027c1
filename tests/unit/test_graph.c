/* test_graph.c — unit tests for graph/: slugs, entity identity, aliases,
 * claims and the deterministic order ng_graph_finish gives, local entities,
 * given IRIs and the summaries of streamed parts. */
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

/* one article with a claim between two local names that resolved to the same
   entity, a claim with a given IRI, and two local entities added out of order */
static ng_graph *part_graph(const char *doc, bool hedged) {
  ng_graph *g = ng_graph_new("http://x.org/");
  ng_article art = {0};
  art.doc = (char *)doc;
  uint32_t a = ng_graph_add_article(g, &art);
  uint32_t k = ng_graph_entity(g, NG_CLASS_PERSON, "John Kerry");
  uint32_t l = ng_graph_entity(g, NG_CLASS_PERSON, "Sergei Lavrov");
  ng_graph_add_mention(g, a, 0, 5, 0, 5, "Kerry", 5, NG_MT_PERSON, (int32_t)k);
  ng_graph_add_mention(g, a, 10, 16, 10, 16, "Lavrov", 6, NG_MT_PERSON, (int32_t)l);
  ng_claim c = {0};
  c.sentence = "Kerry spoke with Lavrov.";
  c.hedged = hedged;
  c.iri = "http://x.org/claim/00000000000000aa";
  c.s_ref = 1;
  c.o_ref = 2;
  ng_graph_add_claim(g, k, NG_PRED_COMMUNICATED_WITH, l, a, &c);
  c.iri = NULL;
  ng_graph_add_claim(g, k, NG_PRED_SUPPORTS, k, a, &c); /* subject == object */
  ng_local loc = {0};
  char *surf[] = {"Lavrov", "Sergey Lavrov", "Lavrov"};
  loc.article = a;
  loc.number = 1;
  loc.key = "person|srg|lvrv";
  loc.name = "Sergey Lavrov";
  loc.surfaces = surf;
  loc.n_surfaces = 3;
  loc.entity = (int32_t)l;
  ng_graph_add_local(g, &loc);
  loc.number = 0;
  loc.key = "person|jhn|kr";
  loc.name = "John Kerry";
  loc.n_surfaces = 0;
  loc.entity = (int32_t)k;
  ng_graph_add_local(g, &loc);
  ng_graph_finish(g);
  return g;
}

static void test_locals_claims_absorb(void **state) {
  (void)state;
  ng_graph *p1 = part_graph("a", true), *p2 = part_graph("b", false);
  /* given claim IRIs are kept, missing ones minted */
  bool given = false;
  for (size_t i = 0; i < p1->n_claims; i++) {
    assert_non_null(p1->claims[i].iri);
    if (!strcmp(p1->claims[i].iri, "http://x.org/claim/00000000000000aa")) {
      given = true;
      assert_int_equal(p1->claims[i].s_ref, 1);
      assert_int_equal(p1->claims[i].o_ref, 2);
    }
  }
  assert_true(given);
  /* a relation from an entity to itself is evidence only */
  for (size_t i = 0; i < p1->n_relations; i++) {
    const ng_relation *r = &p1->relations[i];
    assert_int_equal(r->direct, r->subject != r->object);
  }
  /* locals: sorted by number, surfaces sorted and distinct, entity remapped */
  assert_int_equal(p1->n_locals, 2);
  assert_int_equal(p1->locals[0].number, 0);
  assert_string_equal(p1->locals[1].name, "Sergey Lavrov");
  assert_int_equal(p1->locals[1].n_surfaces, 2);
  assert_string_equal(p1->locals[1].surfaces[0], "Lavrov");
  assert_string_equal(p1->entities[p1->locals[1].entity].label, "Sergei Lavrov");

  /* the summary of two parts has the counts of one graph of both */
  ng_graph *s = ng_graph_new("http://x.org/");
  ng_graph_entity(s, NG_CLASS_PERSON, "Sergei Lavrov");
  ng_graph_absorb(s, p1);
  ng_graph_absorb(s, p2);
  ng_graph_finish(s);
  assert_int_equal(s->n_entities, 2);
  for (size_t i = 0; i < s->n_entities; i++) {
    assert_int_equal(s->entities[i].mention_count, 2);
    assert_int_equal(s->entities[i].article_count, 2);
  }
  size_t direct = 0;
  for (size_t i = 0; i < s->n_relations; i++) {
    const ng_relation *r = &s->relations[i];
    direct += r->direct;
    if (r->pred == NG_PRED_COMMUNICATED_WITH) {
      assert_true(r->direct);
      assert_false(r->hedged); /* hedged in one part, plain in the other */
      assert_int_equal(r->article_count, 2);
    } else {
      assert_false(r->direct);
    }
  }
  assert_int_equal(direct, 1);
  ng_graph_free(s);
  ng_graph_free(p1);
  ng_graph_free(p2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_slugify),
      cmocka_unit_test(test_entity_identity),
      cmocka_unit_test(test_finish_order_and_flags),
      cmocka_unit_test(test_locals_claims_absorb),
      cmocka_unit_test(test_diag),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
