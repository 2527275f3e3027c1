/* test_lexicon.c — unit tests for nlp/lexicon: loading the embedded files
 * and matching token sequences (exact case for names, any case and plurals
 * for common nouns, roles for demonyms, capitals and titles). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "graph/diag.h"
#include "nlp/lexicon.h"
#include "nlp/tok.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static ng_lexicon *lx;

static int setup(void **state) {
  (void)state;
  ng_diag *d = ng_diag_new(NULL, NULL);
  lx = ng_lex_load(NULL, d);
  ng_diag_free(d);
  return lx ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  ng_lex_free(lx);
  return 0;
}

/* matches text at its first token; returns tokens matched, first hit in *hit */
static size_t match(const char *text, ng_lex_hit *hit) {
  ng_tokens t = {0};
  ng_tokenize(&t, text, strlen(text));
  ng_span *w = calloc(t.n + 1, sizeof *w);
  for (size_t i = 0; i < t.n; i++) {
    w[i].p = text + t.tok[i].begin;
    w[i].n = t.tok[i].end - t.tok[i].begin;
  }
  ng_lex_hit hits[8];
  size_t nh = 0;
  size_t k = ng_lex_match(lx, w, t.n, 0, hits, 8, &nh);
  if (k && nh) *hit = hits[0];
  free(w);
  ng_tokens_free(&t);
  return k;
}

static const char *canon(const ng_lex_hit *h) {
  return ng_lex_entry_at(lx, h->entry)->canonical;
}

static void test_names_and_aliases(void **state) {
  (void)state;
  ng_lex_hit h;
  assert_int_equal(match("Russia said", &h), 1);
  assert_string_equal(canon(&h), "Russia");
  assert_int_equal(h.role, NG_LEX_NAME);
  assert_int_equal(match("Islamic State of Iraq and Syria (ISIS)", &h), 6);
  assert_string_equal(canon(&h), "Islamic State");
  assert_int_equal(match("ISIL fighters", &h), 1);
  assert_string_equal(canon(&h), "Islamic State");
  /* exact case for names: the verb "is" is not Islamic State */
  assert_int_equal(match("is", &h), 0);
  assert_int_equal(match("U.S. officials", &h), 1);
  assert_string_equal(canon(&h), "United States");
}

static void test_roles(void **state) {
  (void)state;
  ng_lex_hit h;
  assert_int_equal(match("Russian troops", &h), 1);
  assert_int_equal(h.role, NG_LEX_DEMONYM);
  assert_string_equal(canon(&h), "Russia");
  assert_int_equal(match("Kremlin", &h), 1);
  assert_int_equal(h.role, NG_LEX_SEAT);
  assert_string_equal(canon(&h), "Russia");
  assert_int_equal(match("Foreign Minister Sergei Lavrov", &h), 2);
  assert_int_equal(h.role, NG_LEX_TITLE);
}

static void test_common_nouns(void **state) {
  (void)state;
  ng_lex_hit h;
  assert_int_equal(match("howitzers and", &h), 1);
  assert_string_equal(canon(&h), "howitzer");
  assert_int_equal(match("armored personnel carriers", &h), 3);
  assert_int_equal(ng_lex_entry_at(lx, h.entry)->cls, NG_CLASS_MILITARY_PLATFORM);
  assert_int_equal(match("Howitzers were", &h), 1);
}

static void test_word_lists(void **state) {
  (void)state;
  assert_true(ng_lex_is_honorific(lx, "Mr.", 3));
  assert_true(ng_lex_is_given_name(lx, "Sergei", 6));
  assert_false(ng_lex_is_given_name(lx, "Lavrov", 6));
  ng_class c;
  assert_true(ng_lex_cue(lx, "Ministry", 8, true, &c));
  assert_int_equal(c, NG_CLASS_ORGANIZATION);
  assert_true(ng_tok_is_abbrev("Gen.", 4));
  const ng_lex_pattern *p;
  assert_true(ng_lex_patterns(lx, &p) > 5);
}

static void test_directory_load(void **state) {
  (void)state;
  char dir[] = "/tmp/nglexXXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[256];
  snprintf(path, sizeof path, "%s/countries.tsv", dir);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs("# countries.tsv\n# source: test\nFreedonia\talias=Fredonia\tdemonym=Freedonian\n", f);
  fclose(f);
  ng_diag *d = ng_diag_new(NULL, NULL);
  ng_lexicon *own = ng_lex_load(dir, d);
  assert_non_null(own);
  assert_int_equal(ng_lex_count(own), 1);
  assert_non_null(ng_lex_find_canonical(own, NG_CLASS_COUNTRY, "Freedonia"));
  assert_null(ng_lex_find_canonical(own, NG_CLASS_COUNTRY, "Russia"));
  ng_lex_free(own);
  assert_null(ng_lex_load("/nonexistent/dir", d));
  assert_int_equal(ng_diag_errors(d), 1);
  ng_diag_free(d);
  unlink(path);
  rmdir(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_names_and_aliases),
      cmocka_unit_test(test_roles),
      cmocka_unit_test(test_common_nouns),
      cmocka_unit_test(test_word_lists),
      cmocka_unit_test(test_directory_load),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
