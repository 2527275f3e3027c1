/* test_tagger.c — unit tests for nlp/tagger.c: a tiny model trained on
 * synthetic sentences tags the expected spans; malformed model files (bad
 * magic, truncated, corrupted) are rejected with NULL and an NG-040 report;
 * training is byte-for-byte reproducible for a fixed seed. Model files go to
 * the system temporary folder. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "graph/base.h"
#include "graph/diag.h"
#include "nlp/tagger.h"
#include "nlp/tok.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define B(t) ((uint8_t)(1 + 4 * (t) + 0))
#define I(t) ((uint8_t)(1 + 4 * (t) + 1))
#define L(t) ((uint8_t)(1 + 4 * (t) + 2))
#define U(t) ((uint8_t)(1 + 4 * (t) + 3))

/* Synthetic sentences: "<Person> visited <Location> ." and variations. */
static const char *const firsts[] = {"John", "Mary", "Ahmed", "Olga", "Pierre", "Li"};
static const char *const lasts[] = {"Smith", "Jones", "Hassan", "Ivanova", "Dubois", "Wei"};
static const char *const places[] = {"Paris", "Baghdad", "Moscow", "Damascus", "Kabul", "Tokyo"};

typedef struct sents {
  ng_train_sent v[64];
  char *words[64][8];
  uint8_t labels[64][8];
  size_t n;
} sents;

static void add(sents *s, const char *const *w, const uint8_t *lab, size_t n) {
  ng_train_sent *t = &s->v[s->n];
  for (size_t i = 0; i < n; i++) {
    s->words[s->n][i] = (char *)w[i];
    s->labels[s->n][i] = lab[i];
  }
  t->words = s->words[s->n];
  t->labels = s->labels[s->n];
  t->n = n;
  s->n++;
}

static void make_corpus(sents *s) {
  memset(s, 0, sizeof *s);
  for (size_t k = 0; k < 6; k++) {
    const char *w1[] = {firsts[k], lasts[k], "visited", places[k], "."};
    const uint8_t l1[] = {B(NG_MT_PERSON), L(NG_MT_PERSON), 0, U(NG_MT_LOCATION), 0};
    add(s, w1, l1, 5);
    const char *w2[] = {"Yesterday", lasts[(k + 1) % 6], "left", places[(k + 2) % 6], "."};
    const uint8_t l2[] = {0, U(NG_MT_PERSON), 0, U(NG_MT_LOCATION), 0};
    add(s, w2, l2, 5);
    const char *w3[] = {"They", "met", "in", places[(k + 3) % 6], "with", firsts[(k + 4) % 6],
                        lasts[(k + 4) % 6], "."};
    const uint8_t l3[] = {0, 0, 0, U(NG_MT_LOCATION), 0, B(NG_MT_PERSON), L(NG_MT_PERSON), 0};
    add(s, w3, l3, 8);
  }
}

static char *temp_path(const char *tag) {
  const char *dir = getenv("TMPDIR");
  return ng_xasprintf("%s/ng_test_tagger_%ld_%s.model", dir && *dir ? dir : "/tmp",
                      (long)getpid(), tag);
}

static ng_buf slurp(const char *path) {
  ng_buf b = {0};
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  char chunk[4096];
  size_t k;
  while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) ng_buf_put(&b, chunk, k);
  fclose(f);
  return b;
}

static void spit(const char *path, const char *data, size_t n) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, n, f), n);
  fclose(f);
}

static void test_train_and_tag(void **state) {
  (void)state;
  sents s;
  make_corpus(&s);
  char *path = temp_path("tag");
  ng_diag *d = ng_diag_new(NULL, NULL);
  assert_int_equal(ng_tagger_train(s.v, s.n, NULL, 10, 1, path, d), NG_OK);
  ng_tagger *tg = ng_tagger_load_file(path, d);
  assert_non_null(tg);
  assert_int_equal(ng_diag_errors(d), 0);

  const char *text = "Mary Jones visited Kabul.";
  ng_tokens t = {0};
  ng_tokenize(&t, text, strlen(text));
  ng_tag_span *sp = NULL;
  size_t n = ng_tagger_tag(tg, NULL, text, &t, &sp);
  assert_int_equal(n, 2);
  assert_int_equal(sp[0].tb, 0);
  assert_int_equal(sp[0].te, 2);
  assert_int_equal(sp[0].type, NG_MT_PERSON);
  assert_true(sp[0].score > 0 && sp[0].score <= 1);
  assert_int_equal(sp[1].tb, 3);
  assert_int_equal(sp[1].te, 4);
  assert_int_equal(sp[1].type, NG_MT_LOCATION);
  free(sp);
  ng_tokens_free(&t);

  /* empty text: no spans */
  ng_tokens e = {0};
  ng_tokenize(&e, "", 0);
  sp = NULL;
  assert_int_equal(ng_tagger_tag(tg, NULL, "", &e, &sp), 0);
  free(sp);
  ng_tokens_free(&e);

  ng_tagger_free(tg);
  ng_tagger_free(NULL);
  ng_diag_free(d);
  remove(path);
  free(path);
}

static void test_bad_models(void **state) {
  (void)state;
  sents s;
  make_corpus(&s);
  char *path = temp_path("bad");
  ng_diag *d = ng_diag_new(NULL, NULL);
  assert_int_equal(ng_tagger_train(s.v, s.n, NULL, 3, 7, path, d), NG_OK);
  ng_buf good = slurp(path);
  assert_true(good.len > 40);

  /* the good bytes load from memory too */
  ng_tagger *tg = ng_tagger_load_memory(good.data, good.len, d);
  assert_non_null(tg);
  ng_tagger_free(tg);

  size_t before = ng_diag_errors(d);
  char *bad = ng_xmalloc(good.len);
  memcpy(bad, good.data, good.len);
  bad[0] = 'X'; /* bad magic */
  assert_null(ng_tagger_load_memory(bad, good.len, d));
  spit(path, bad, good.len);
  assert_null(ng_tagger_load_file(path, d));
  memcpy(bad, good.data, good.len);
  bad[good.len / 2] ^= 0x55; /* a flipped byte in the weights */
  assert_null(ng_tagger_load_memory(bad, good.len, d));
  for (size_t cut = 0; cut < good.len; cut += 1 + cut / 3) /* truncated */
    assert_null(ng_tagger_load_memory(good.data, cut, d));
  spit(path, good.data, good.len - 1);
  assert_null(ng_tagger_load_file(path, d));
  assert_null(ng_tagger_load_memory(NULL, 0, d));
  assert_true(ng_diag_errors(d) > before);
  remove(path);
  assert_null(ng_tagger_load_file(path, d)); /* missing file */

  free(bad);
  ng_buf_free(&good);
  ng_diag_free(d);
  free(path);
}

static void test_reproducible(void **state) {
  (void)state;
  sents s;
  make_corpus(&s);
  char *p1 = temp_path("a"), *p2 = temp_path("b");
  assert_int_equal(ng_tagger_train(s.v, s.n, NULL, 5, 42, p1, NULL), NG_OK);
  assert_int_equal(ng_tagger_train(s.v, s.n, NULL, 5, 42, p2, NULL), NG_OK);
  ng_buf a = slurp(p1), b = slurp(p2);
  assert_int_equal(a.len, b.len);
  assert_memory_equal(a.data, b.data, a.len);
  ng_buf_free(&a);
  ng_buf_free(&b);
  remove(p1);
  remove(p2);
  free(p1);
  free(p2);
}

static void test_unwritable(void **state) {
  (void)state;
  sents s;
  make_corpus(&s);
  ng_diag *d = ng_diag_new(NULL, NULL);
  assert_int_equal(ng_tagger_train(s.v, s.n, NULL, 1, 1, "/nonexistent-dir/x.model", d), NG_E_IO);
  assert_int_equal(ng_diag_errors(d), 1);
  ng_diag_free(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_train_and_tag),
      cmocka_unit_test(test_bad_models),
      cmocka_unit_test(test_reproducible),
      cmocka_unit_test(test_unwritable),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
