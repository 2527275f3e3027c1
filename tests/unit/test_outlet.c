/* test_outlet.c — the publisher an article names (nlp/outlet.c): each cue
 * alone, their order of strength, and text that must name no outlet. */
#include "nlp/outlet.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static const char *guess(const char *text, const char *url) {
  return ng_outlet_guess(text, strlen(text), url);
}

static void test_url(void **state) {
  (void)state;
  assert_string_equal(guess("Some text.\n", "https://www.themoscowtimes.com/2015/09/11/x"),
                      "The Moscow Times");
  /* a subdomain is the outlet; a look-alike host is not */
  assert_string_equal(guess("x\n", "https://edition.cnn.com/2015/x"), "CNN");
  assert_null(guess("x\n", "https://notcnn.com/x"));
  /* a line that is only an address */
  assert_string_equal(guess("Body.\n\n**[wsws.org/contact](http://wsws.org/contact)**\n", NULL),
                      "World Socialist Web Site");
  /* an address inside a paragraph cites, it does not publish */
  assert_null(guess("The report, published at https://www.reuters.com/article/x on Friday by "
                    "the agency's Beirut bureau after weeks of reporting, said ...\n",
                    NULL));
}

static void test_copyright_dateline_byline(void **state) {
  (void)state;
  assert_string_equal(guess("Body.\n\nCopyright 2015 The Associated Press. All rights reserved.\n",
                            NULL),
                      "Associated Press");
  assert_string_equal(guess("BEIRUT (Reuters) - Syrian forces said on Monday ...\n", NULL),
                      "Reuters");
  assert_string_equal(guess("MOSCOW (AP) \xE2\x80\x94 Russia said ...\n", NULL),
                      "Associated Press");
  assert_string_equal(guess("Headline\n\nShare\nAssociated Press\n\nRussia on Thursday ...\n", NULL),
                      "Associated Press");
  assert_string_equal(guess("By Jane Doe, Reuters\n\nText.\n", NULL), "Reuters");
}

static void test_furniture(void **state) {
  (void)state;
  assert_string_equal(guess("1. Skip to content\n3. Skip to more DW sites\n\nText.\n", NULL),
                      "Deutsche Welle");
}

static void test_strength_order(void **state) {
  (void)state;
  /* the url beats a copyright line of a wire agency the outlet reprints */
  assert_string_equal(guess("Copyright 2015 The Associated Press.\n",
                            "https://www.washingtonpost.com/world/x"),
                      "The Washington Post");
  /* a dateline beats furniture */
  assert_string_equal(guess("Share on more BBC sites\nLONDON (Reuters) - Text.\n", NULL),
                      "Reuters");
}

static void test_no_outlet(void **state) {
  (void)state;
  /* a credit line lists sources, not the publisher */
  assert_null(guess("Text of the article.\n\nmm/sms (AFP, AP, dpa, Reuters)\n", NULL));
  /* outlets named in running text are sources */
  assert_null(guess("Former Finnish president Martti Ahtisaari told the British newspaper "
                    "The Guardian that the comments were made in 2012.\n",
                    NULL));
  assert_null(guess("Reuters reported that AP and AFP had confirmed it.\n", NULL));
  assert_null(guess("", NULL));
  assert_null(guess("\n\n\n", ""));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_url),
      cmocka_unit_test(test_copyright_dateline_byline),
      cmocka_unit_test(test_furniture),
      cmocka_unit_test(test_strength_order),
      cmocka_unit_test(test_no_outlet),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
