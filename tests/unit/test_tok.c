/* test_tok.c — unit tests for nlp/tok.c: exact token offsets on news text
 * (curly quotes, dashes, accented and hyphenated names, possessives,
 * abbreviations, numbers), token flags, sentence boundaries (abbreviations,
 * headings, datelines, blank lines, closing quotes) and linear behaviour on
 * pathological input. Run from the project root. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "graph/base.h"
#include "nlp/tok.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Asserts that the tokens of text are exactly `want` (NULL-terminated). */
static void expect_tokens(const char *text, const char *const *want) {
  ng_tokens t = {0};
  ng_tokenize(&t, text, strlen(text));
  size_t n = 0;
  while (want[n]) n++;
  for (size_t i = 0; i < t.n && i < n; i++) {
    size_t len = t.tok[i].end - t.tok[i].begin;
    if (len != strlen(want[i]) || memcmp(text + t.tok[i].begin, want[i], len))
      fail_msg("token %zu is \"%.*s\", expected \"%s\"", i, (int)len, text + t.tok[i].begin,
               want[i]);
  }
  assert_int_equal(t.n, n);
  ng_tokens_free(&t);
}

/* Index of the token whose text is w (first match), or fails. */
static size_t find_tok(const ng_tokens *t, const char *text, const char *w) {
  for (size_t i = 0; i < t->n; i++) {
    size_t len = t->tok[i].end - t->tok[i].begin;
    if (len == strlen(w) && !memcmp(text + t->tok[i].begin, w, len)) return i;
  }
  fail_msg("token \"%s\" not found", w);
  return 0;
}

/* The text of sentence s, copied (caller frees). */
static char *sent_text(const ng_tokens *t, const char *text, size_t s) {
  return ng_xstrndup(text + t->sent[s].begin, t->sent[s].end - t->sent[s].begin);
}

static void test_offsets_news(void **state) {
  (void)state;
  const char *text =
      "\xE2\x80\x9CWe\xE2\x80\x99re ready,\xE2\x80\x9D said Jean-Yves Le Drian \xE2\x80\x94 "
      "France\xE2\x80\x99s minister. Mr. Kerry met Ashton B. Carter on Sept. 18 in the U.S. "
      "capital. Russia\xE2\x80\x99s envoy Bashar Ja\xE2\x80\x99"
      "afari said 1,500 troops cost $500 million.";
  const char *const want[] = {
      "\xE2\x80\x9C", "We\xE2\x80\x99re", "ready", ",", "\xE2\x80\x9D", "said", "Jean-Yves",
      "Le", "Drian", "\xE2\x80\x94", "France", "\xE2\x80\x99s", "minister", ".", "Mr.", "Kerry",
      "met", "Ashton", "B.", "Carter", "on", "Sept.", "18", "in", "the", "U.S.", "capital", ".",
      "Russia", "\xE2\x80\x99s", "envoy", "Bashar", "Ja\xE2\x80\x99" "afari", "said", "1,500",
      "troops", "cost", "$", "500", "million", ".", NULL};
  expect_tokens(text, want);
}

static void test_offsets_hyphens_and_acronyms(void **state) {
  (void)state;
  const char *text = "The T-90 tanks, Ban Ki-moon, al-Assad and US-led military-to-military "
                     "talks in Washington, D.C., and the U.N. (3.5 km) at 10:30 Assad's";
  const char *const want[] = {
      "The", "T-90", "tanks", ",", "Ban", "Ki-moon", ",", "al-Assad", "and", "US-led",
      "military-to-military", "talks", "in", "Washington", ",", "D.C.", ",", "and", "the",
      "U.N.", "(", "3.5", "km", ")", "at", "10:30", "Assad", "'s", NULL};
  expect_tokens(text, want);
}

static void test_offsets_unicode_letters(void **state) {
  (void)state;
  /* accented, Cyrillic, Arabic and a combining accent stay inside words;
   * guillemets, the en dash and the ellipsis are single punctuation tokens */
  const char *text = "\xC3\x89lys\xC3\xA9" "e \xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 "
                     "\xD8\xAF\xD9\x85\xD8\xB4\xD9\x82 cafe\xCC\x81 "
                     "\xC2\xABoui\xC2\xBB 2014\xE2\x80\x93" "2015\xE2\x80\xA6";
  const char *const want[] = {"\xC3\x89lys\xC3\xA9" "e", "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0",
                              "\xD8\xAF\xD9\x85\xD8\xB4\xD9\x82", "cafe\xCC\x81", "\xC2\xAB", "oui",
                              "\xC2\xBB", "2014", "\xE2\x80\x93", "2015", "\xE2\x80\xA6", NULL};
  expect_tokens(text, want);
}

static void test_flags(void **state) {
  (void)state;
  const char *text = "\xC3\x89mile saw ISIS and 9mm guns;\n\xE2\x80\x9CRussia\xE2\x80\x99s\xE2\x80\x9D U.S. Mr. B. x";
  ng_tokens t = {0};
  ng_tokenize(&t, text, strlen(text));
  size_t i = find_tok(&t, text, "\xC3\x89mile");
  assert_true(t.tok[i].flags & NG_TOK_WORD);
  assert_true(t.tok[i].flags & NG_TOK_CAP);
  assert_false(t.tok[i].flags & NG_TOK_UPPER);
  assert_true(t.tok[i].flags & NG_TOK_SENT_START);
  i = find_tok(&t, text, "saw");
  assert_true(t.tok[i].flags & NG_TOK_LOWER);
  assert_false(t.tok[i].flags & (NG_TOK_CAP | NG_TOK_SENT_START));
  i = find_tok(&t, text, "ISIS");
  assert_true(t.tok[i].flags & NG_TOK_UPPER);
  i = find_tok(&t, text, "9mm");
  assert_true(t.tok[i].flags & NG_TOK_NUM);
  assert_true(t.tok[i].flags & NG_TOK_WORD);
  i = find_tok(&t, text, ";");
  assert_true(t.tok[i].flags & NG_TOK_PUNCT);
  assert_false(t.tok[i].flags & NG_TOK_QUOTE);
  i = find_tok(&t, text, "\xE2\x80\x9C");
  assert_true(t.tok[i].flags & NG_TOK_QUOTE);
  assert_true(t.tok[i].flags & NG_TOK_NL_BEFORE);
  assert_false(t.tok[i - 1].flags & NG_TOK_NL_BEFORE);
  i = find_tok(&t, text, "\xE2\x80\x99s");
  assert_true(t.tok[i].flags & NG_TOK_POSS);
  assert_false(t.tok[i].flags & NG_TOK_PUNCT);
  assert_false(t.tok[i - 1].flags & NG_TOK_POSS);
  i = find_tok(&t, text, "\xE2\x80\x9D");
  assert_true(t.tok[i].flags & NG_TOK_QUOTE);
  i = find_tok(&t, text, "U.S.");
  assert_true(t.tok[i].flags & NG_TOK_ABBREV);
  assert_true(t.tok[i].flags & NG_TOK_UPPER);
  i = find_tok(&t, text, "Mr.");
  assert_true(t.tok[i].flags & NG_TOK_ABBREV);
  i = find_tok(&t, text, "B.");
  assert_true(t.tok[i].flags & NG_TOK_ABBREV);
  assert_true(t.tok[i].flags & NG_TOK_CAP);
  ng_tokens_free(&t);
}

static void test_trailing_period_split(void **state) {
  (void)state;
  /* ordinary words and numbers lose their final period; an ellipsis stays
   * three marks; a lower-case "no." is not the abbreviation "No." */
  const char *const want[] = {"He", "said", "no", ".", "It", "was", "2015", ".", "Wait", ".",
                              ".", ".", "See", "wsws.org", ".", NULL};
  expect_tokens("He said no. It was 2015. Wait... See wsws.org.", want);
  assert_true(ng_tok_is_abbrev("Gen.", 4));
  assert_true(ng_tok_is_abbrev("GEN.", 4));
  assert_true(ng_tok_is_abbrev("Sept.", 5));
  assert_false(ng_tok_is_abbrev("no.", 3));
  assert_false(ng_tok_is_abbrev("Gen", 3));
  assert_false(ng_tok_is_abbrev("Kerry.", 6));
}

static void test_add_abbrev(void **state) {
  (void)state;
  const char *text = "The Univ. Press said so. Next";
  assert_false(ng_tok_is_abbrev("Univ.", 5));
  ng_tokens t = {0};
  ng_tokenize(&t, text, strlen(text));
  assert_int_equal(t.n_sent, 3); /* "The Univ." | "Press said so." | "Next" */
  ng_tokens_free(&t);
  char buf[] = "Univ.";
  ng_tok_add_abbrev(buf, 5);
  buf[0] = 'X'; /* the set keeps its own copy */
  ng_tok_add_abbrev("Univ.", 5); /* twice is harmless */
  assert_true(ng_tok_is_abbrev("Univ.", 5));
  ng_tokenize(&t, text, strlen(text));
  assert_int_equal(t.n_sent, 2);
  size_t i = find_tok(&t, text, "Univ.");
  assert_true(t.tok[i].flags & NG_TOK_ABBREV);
  ng_tokens_free(&t);
}

static void test_sentences_abbreviations(void **state) {
  (void)state;
  const char *text = "Mr. Kerry met Gen. Joseph Dunford and Defense Secretary Ashton B. Carter "
                     "on Sept. 18 in Washington. U.S. officials said. The next talks are due.";
  ng_tokens t = {0};
  ng_tokenize(&t, text, strlen(text));
  assert_int_equal(t.n_sent, 3);
  char *s = sent_text(&t, text, 1);
  assert_string_equal(s, "U.S. officials said.");
  free(s);
  s = sent_text(&t, text, 2);
  assert_string_equal(s, "The next talks are due.");
  free(s);
  for (size_t k = 0; k < t.n_sent; k++) {
    const ng_sentence *se = &t.sent[k];
    assert_int_equal(se->begin, t.tok[se->tok_begin].begin);
    assert_int_equal(se->end, t.tok[se->tok_end - 1].end);
    assert_true(t.tok[se->tok_begin].flags & NG_TOK_SENT_START);
    for (size_t i = se->tok_begin; i < se->tok_end; i++) {
      assert_int_equal(t.tok[i].sent, k);
      if (i > se->tok_begin) assert_false(t.tok[i].flags & NG_TOK_SENT_START);
    }
  }
  ng_tokens_free(&t);
}

static void test_sentences_headings_and_datelines(void **state) {
  (void)state;
  /* as the reader leaves a DW / WSWS article: headline, byline and date on
   * their own lines, a paragraph after a blank line */
  const char *text = "Russia wants Syria talks, Kerry says\n"
                     "Bill Van Auken\n"
                     "17 September 2015\n"
                     "\n"
                     "Washington has said it would consider an offer of military talks.\n"
                     "   \n"
                     "a paragraph without a final period\n\n"
                     "another one";
  ng_tokens t = {0};
  ng_tokenize(&t, text, strlen(text));
  assert_int_equal(t.n_sent, 6);
  const char *want[] = {"Russia wants Syria talks, Kerry says", "Bill Van Auken", "17 September 2015",
                        "Washington has said it would consider an offer of military talks.",
                        "a paragraph without a final period", "another one"};
  for (size_t k = 0; k < 6; k++) {
    char *s = sent_text(&t, text, k);
    assert_string_equal(s, want[k]);
    free(s);
  }
  ng_tokens_free(&t);
}

static void test_sentences_single_newline(void **state) {
  (void)state;
  /* a long line broken by one newline continues; a line ending in a comma
   * continues; a lower-case continuation continues */
  const char *text =
      "The United States is leading a campaign of air strikes against Islamic State fighters in "
      "Syrian air space\nRussia called for talks.\nShort line,\nAnd more.\nShort\nlower case.";
  ng_tokens t = {0};
  ng_tokenize(&t, text, strlen(text));
  assert_int_equal(t.n_sent, 3);
  char *s = sent_text(&t, text, 1);
  assert_string_equal(s, "Short line,\nAnd more.");
  free(s);
  s = sent_text(&t, text, 2);
  assert_string_equal(s, "Short\nlower case.");
  free(s);
  ng_tokens_free(&t);
}

static void test_sentences_quotes(void **state) {
  (void)state;
  const char *text = "He said, \xE2\x80\x9CIt is over.\xE2\x80\x9D Then he left. "
                     "Kerry said. \"Now, obviously, there are questions.\" Lavrov agreed! "
                     "(Really.) Yes? 240,000 people fled.";
  ng_tokens t = {0};
  ng_tokenize(&t, text, strlen(text));
  const char *want[] = {"He said, \xE2\x80\x9CIt is over.\xE2\x80\x9D", "Then he left.",
                        "Kerry said.", "\"Now, obviously, there are questions.\"",
                        "Lavrov agreed!", "(Really.)", "Yes?", "240,000 people fled."};
  assert_int_equal(t.n_sent, 8);
  for (size_t k = 0; k < 8; k++) {
    char *s = sent_text(&t, text, k);
    assert_string_equal(s, want[k]);
    free(s);
  }
  ng_tokens_free(&t);
}

static void test_sentence_lowercase_after_period(void **state) {
  (void)state;
  /* "e.g." and a period before a lower-case word do not split */
  const char *text = "Weapons, e.g. tanks, arrived. then more came.";
  ng_tokens t = {0};
  ng_tokenize(&t, text, strlen(text));
  assert_int_equal(t.n_sent, 1);
  size_t i = find_tok(&t, text, "e.g.");
  assert_true(t.tok[i].flags & NG_TOK_ABBREV);
  ng_tokens_free(&t);
}

static void test_empty(void **state) {
  (void)state;
  ng_tokens t = {0};
  ng_tokenize(&t, "", 0);
  assert_int_equal(t.n, 0);
  assert_int_equal(t.n_sent, 0);
  ng_tokens_free(&t);
  ng_tokenize(&t, " \n\n\t \r\n", 7);
  assert_int_equal(t.n, 0);
  assert_int_equal(t.n_sent, 0);
  ng_tokens_free(&t);
  ng_tokens_free(NULL);
}

static void test_pathological_linear(void **state) {
  (void)state;
  /* long chains of hyphens, periods and apostrophes are single scans */
  size_t n = 200000;
  char *s = malloc(2 * n + 2);
  s[0] = 'a';
  for (size_t i = 0; i < n; i++) {
    s[1 + 2 * i] = '-';
    s[2 + 2 * i] = 'b';
  }
  s[2 * n + 1] = '\0';
  ng_tokens t = {0};
  ng_tokenize(&t, s, strlen(s));
  assert_int_equal(t.n, 1);
  assert_int_equal(t.tok[0].end, 2 * n + 1);
  ng_tokens_free(&t);
  memset(s, '.', 2 * n);
  s[2 * n] = '\0';
  ng_tokenize(&t, s, 2 * n);
  assert_int_equal(t.n, 2 * n);
  /* no sentence end anywhere: cut every NG_TOK_MAX_SENT_TOKENS tokens */
  assert_int_equal(t.n_sent, (2 * n + NG_TOK_MAX_SENT_TOKENS - 1) / NG_TOK_MAX_SENT_TOKENS);
  for (size_t k = 0; k < t.n_sent; k++)
    assert_true(t.sent[k].tok_end - t.sent[k].tok_begin <= NG_TOK_MAX_SENT_TOKENS);
  ng_tokens_free(&t);
  free(s);
}

static void test_offsets_match_text(void **state) {
  (void)state;
  /* over a whole corpus article: tokens are ordered, non-empty, never
   * overlap, never start inside a UTF-8 sequence and never contain space */
  FILE *f = fopen("corpus/004_8a1e4f187857fb20.txt", "rb");
  assert_non_null(f);
  char *buf = malloc(1 << 16);
  size_t len = fread(buf, 1, (1 << 16) - 1, f);
  fclose(f);
  buf[len] = '\0';
  ng_tokens t = {0};
  ng_tokenize(&t, buf, len);
  assert_true(t.n > 1000);
  assert_true(t.n_sent > 30);
  uint32_t last = 0;
  for (size_t i = 0; i < t.n; i++) {
    assert_true(t.tok[i].begin >= last);
    assert_true(t.tok[i].end > t.tok[i].begin);
    assert_true(((unsigned char)buf[t.tok[i].begin] & 0xC0) != 0x80);
    for (uint32_t k = t.tok[i].begin; k < t.tok[i].end; k++) assert_false(buf[k] == ' ' || buf[k] == '\n');
    last = t.tok[i].end;
  }
  assert_int_equal(t.sent[t.n_sent - 1].tok_end, t.n);
  ng_tokens_free(&t);
  free(buf);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_offsets_news),
      cmocka_unit_test(test_offsets_hyphens_and_acronyms),
      cmocka_unit_test(test_offsets_unicode_letters),
      cmocka_unit_test(test_flags),
      cmocka_unit_test(test_trailing_period_split),
      cmocka_unit_test(test_add_abbrev),
      cmocka_unit_test(test_sentences_abbreviations),
      cmocka_unit_test(test_sentences_headings_and_datelines),
      cmocka_unit_test(test_sentences_single_newline),
      cmocka_unit_test(test_sentences_quotes),
      cmocka_unit_test(test_sentence_lowercase_after_period),
      cmocka_unit_test(test_empty),
      cmocka_unit_test(test_pathological_linear),
      cmocka_unit_test(test_offsets_match_text),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
