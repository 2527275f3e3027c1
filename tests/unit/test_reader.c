/* test_reader.c — unit tests for nlp/reader.c: validation diagnostics
 * (empty, binary, invalid UTF-8, size limit, missing file) with their codes
 * and positions, furniture blanking that keeps offsets, metadata of the demo
 * corpus, HTML extraction (entities, skipped elements, metadata, recovery,
 * deep nesting, no external entities), format detection and SHA-256.
 * Run from the project root (corpus/ and tests/data/reader/ are relative). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "graph/base.h"
#include "graph/diag.h"
#include "nlp/reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a diagnostics sink that remembers the last report ---- */

typedef struct seen {
  int code;
  unsigned line, col;
  size_t count;
  char message[512];
} seen;

static void record(const ng_diag_item *it, void *payload) {
  seen *s = payload;
  s->code = it->code;
  s->line = it->line;
  s->col = it->col;
  s->count++;
  snprintf(s->message, sizeof s->message, "%s", it->message);
}

/* Reads buf as `name` and expects failure rc with diagnostic code at line:col. */
static void expect_error(const char *name, const char *buf, size_t len, int rc, int code,
                         unsigned line, unsigned col) {
  seen s = {0};
  ng_diag *d = ng_diag_new(record, &s);
  ng_doc *doc = NULL;
  assert_int_equal(ng_doc_read_memory(&doc, name, buf, len, NULL, d), rc);
  assert_null(doc);
  assert_int_equal(s.count, 1);
  assert_int_equal(s.code, code);
  assert_int_equal(s.line, line);
  assert_int_equal(s.col, col);
  assert_int_equal(ng_diag_errors(d), 1);
  ng_diag_free(d);
}

static ng_doc *read_ok(const char *path) {
  seen s = {0};
  ng_diag *d = ng_diag_new(record, &s);
  ng_doc *doc = NULL;
  int rc = ng_doc_read_file(&doc, path, NULL, d);
  if (rc) fail_msg("%s: rc %d, NG-%03d %s", path, rc, s.code, s.message);
  assert_int_equal(s.count, 0);
  ng_diag_free(d);
  return doc;
}

static ng_doc *mem_ok(const char *name, const char *buf) {
  seen s = {0};
  ng_diag *d = ng_diag_new(record, &s);
  ng_doc *doc = NULL;
  int rc = ng_doc_read_memory(&doc, name, buf, strlen(buf), NULL, d);
  if (rc) fail_msg("%s: rc %d, NG-%03d %s", name, rc, s.code, s.message);
  ng_diag_free(d);
  return doc;
}

/* ---- validation ---- */

static void test_invalid_utf8(void **state) {
  (void)state;
  /* overlong '/', encoded surrogate, truncated euro sign, F5 lead byte */
  expect_error("a.txt", "ok line\nab\xC0\xAF", 12, NG_E_INPUT, NG_D_UTF8, 2, 3);
  expect_error("a.txt", "x\n\xE2\x80\x9Cq\xE2\x80\x9D \xED\xA0\x80 z", 14, NG_E_INPUT, NG_D_UTF8, 2, 5);
  expect_error("a.txt", "line one\nline two\nend \xE2\x82", 24, NG_E_INPUT, NG_D_UTF8, 3, 5);
  expect_error("a.txt", "\xE2\x82 then text", 12, NG_E_INPUT, NG_D_UTF8, 1, 1);
  expect_error("a.txt", "abc\xF5\x80\x80\x80", 7, NG_E_INPUT, NG_D_UTF8, 1, 4);
  expect_error("a.txt", "above \xF4\x90\x80\x80", 10, NG_E_INPUT, NG_D_UTF8, 1, 7);
  expect_error("a.txt", "lone \x80 byte", 11, NG_E_INPUT, NG_D_UTF8, 1, 6);
}

static void test_utf8_message(void **state) {
  (void)state;
  seen s = {0};
  ng_diag *d = ng_diag_new(record, &s);
  ng_doc *doc = NULL;
  assert_int_equal(ng_doc_read_memory(&doc, "m.txt", "Caf\xC3 ok", 7, NULL, d), NG_E_INPUT);
  assert_string_equal(s.message, "invalid UTF-8 (byte 0xC3 not followed by a continuation byte)");
  ng_diag_free(d);
}

static void test_utf8_valid(void **state) {
  (void)state;
  size_t bad = 99;
  assert_true(ng_utf8_valid("", 0, &bad));
  assert_true(ng_utf8_valid("\xE2\x80\x9C\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF\xC3\xA9", 13, &bad));
  assert_int_equal(bad, 99); /* untouched on success */
  assert_false(ng_utf8_valid("ab\xE0\x80\x80", 5, &bad)); /* overlong 3-byte */
  assert_int_equal(bad, 2);
  assert_false(ng_utf8_valid("\xF0\x80\x80\x80", 4, &bad)); /* overlong 4-byte */
  assert_int_equal(bad, 0);
  assert_false(ng_utf8_valid("a\xC1\xBF", 3, &bad));
  assert_int_equal(bad, 1);
  assert_false(ng_utf8_valid("ab\xED\xBF\xBF", 5, &bad)); /* low surrogate */
  assert_int_equal(bad, 2);
  assert_false(ng_utf8_valid("\xF8\x88\x80\x80\x80", 5, &bad));
  assert_int_equal(bad, 0);
}

static void test_binary(void **state) {
  (void)state;
  expect_error("b.txt", "text\nmore\0rest", 14, NG_E_INPUT, NG_D_BINARY, 2, 5);
  char many[200];
  memset(many, 'a', sizeof many);
  for (int i = 50; i < 70; i++) many[i] = '\x01';
  expect_error("b.txt", many, sizeof many, NG_E_INPUT, NG_D_BINARY, 1, 51);
  /* one stray control byte is tolerated and blanked */
  ng_doc *doc = mem_ok("c.txt", "Kerry\x1B met Lavrov.");
  assert_int_equal(doc->text_len, doc->raw_len);
  assert_string_equal(doc->text, "Kerry  met Lavrov.");
  ng_doc_free(doc);
}

static void test_empty(void **state) {
  (void)state;
  expect_error("e.txt", "", 0, NG_E_INPUT, NG_D_EMPTY, 0, 0);
  expect_error("e.txt", " \n\t\r\n  ", 7, NG_E_INPUT, NG_D_EMPTY, 0, 0);
  expect_error("e.txt", "\xEF\xBB\xBF\n", 4, NG_E_INPUT, NG_D_EMPTY, 0, 0);
  /* an HTML file whose only text is in a script */
  expect_error("e.html", "<html><body><script>var a = 1;</script></body></html>", 53, NG_E_INPUT,
               NG_D_EMPTY, 0, 0);
}

static void test_too_big(void **state) {
  (void)state;
  seen s = {0};
  ng_diag *d = ng_diag_new(record, &s);
  ng_doc *doc = NULL;
  ng_read_opts o = {.max_file_size = 100, .format = NG_FMT_AUTO};
  char buf[101];
  memset(buf, 'a', sizeof buf);
  assert_int_equal(ng_doc_read_memory(&doc, "big.txt", buf, 101, &o, d), NG_E_LIMIT);
  assert_null(doc);
  assert_int_equal(s.code, NG_D_TOO_BIG);
  assert_string_equal(s.message, "file is 101 bytes, larger than the limit of 100 bytes (--max-file-size)");
  /* from a file: refused from its size, before reading */
  o.max_file_size = 1000;
  assert_int_equal(ng_doc_read_file(&doc, "corpus/000_b2191d97fa7ee836.txt", &o, d), NG_E_LIMIT);
  assert_null(doc);
  assert_int_equal(s.code, NG_D_TOO_BIG);
  assert_non_null(strstr(s.message, "larger than the limit"));
  assert_int_equal(ng_diag_errors(d), 2);
  /* exactly at the limit is fine */
  o.max_file_size = 101;
  assert_int_equal(ng_doc_read_memory(&doc, "big.txt", buf, 101, &o, d), NG_OK);
  ng_doc_free(doc);
  ng_diag_free(d);
}

static void test_open_errors(void **state) {
  (void)state;
  seen s = {0};
  ng_diag *d = ng_diag_new(record, &s);
  ng_doc *doc = NULL;
  assert_int_equal(ng_doc_read_file(&doc, "tests/data/reader/no-such-file.txt", NULL, d), NG_E_IO);
  assert_int_equal(s.code, NG_D_NOT_FOUND);
  assert_null(doc);
  /* a directory opens but cannot be read */
  assert_int_equal(ng_doc_read_file(&doc, "tests/data/reader", NULL, d), NG_E_IO);
  assert_int_equal(s.code, NG_D_OPEN);
  assert_null(doc);
  ng_diag_free(d);
}

/* ---- text and Markdown ---- */

static void test_furniture_dw(void **state) {
  (void)state;
  ng_doc *doc = read_ok("corpus/002_ec13a182a87c8188.txt");
  assert_int_equal(doc->format == NG_FMT_TEXT || doc->format == NG_FMT_MARKDOWN, 1);
  assert_int_equal(doc->text_len, doc->raw_len);
  assert_int_equal(strlen(doc->text), doc->text_len);
  /* every byte is either the input byte or a blank; newlines are kept */
  for (size_t i = 0; i < doc->raw_len; i++) {
    if (doc->raw[i] == '\n') assert_int_equal(doc->text[i], '\n');
    else if (doc->text[i] != doc->raw[i]) assert_int_equal(doc->text[i], ' ');
  }
  assert_null(strstr(doc->text, "Skip to"));
  assert_null(strstr(doc->text, "Image:"));
  assert_null(strstr(doc->text, "picture-alliance"));
  assert_null(strstr(doc->text, "Symbolbild"));
  assert_null(strstr(doc->text, "A Russian cargo plane is unloaded in Syria"));
  assert_null(strstr(doc->text, "humanitarian aid to an airbase"));
  /* prose and the headline stay where they were */
  const char *keep[] = {"Russia wants Syria talks, Kerry says", "September 17, 2015",
                        "US officials said Moscow has been sending two military cargo flights",
                        "Ambassador Bashar Ja'afari told reporters", "Conflict could worsen",
                        "mm/sms (AFP, AP, dpa, Reuters)"};
  for (size_t k = 0; k < sizeof keep / sizeof *keep; k++) {
    const char *r = strstr(doc->raw, keep[k]);
    assert_non_null(r);
    assert_memory_equal(doc->text + (r - doc->raw), keep[k], strlen(keep[k]));
  }
  assert_string_equal(doc->headline, "Russia wants Syria talks, Kerry says");
  assert_string_equal(doc->date_iso, "2015-09-17");
  assert_string_equal(doc->id, "002_ec13a182a87c8188");
  ng_doc_free(doc);
}

static void test_furniture_ap_nyt(void **state) {
  (void)state;
  ng_doc *doc = read_ok("corpus/001_5af5dcd003470b05.txt");
  assert_null(strstr(doc->text, "Advertisement"));
  assert_null(strstr(doc->text, "All rights reserved"));
  assert_null(strstr(doc->text, "___"));
  assert_non_null(strstr(doc->text, "Associated Press writers Zeina Karam in Beirut"));
  assert_string_equal(doc->headline, "Moscow urges US to engage Syria, offers military talks");
  ng_doc_free(doc);
  doc = read_ok("corpus/003_c473f54173712cb4.txt");
  assert_null(strstr(doc->text, "Credit Pool photo"));
  assert_non_null(strstr(doc->text, "By Michael R. Gordon")); /* bylines stay in the text */
  assert_non_null(strstr(doc->text, "LONDON Secretary of State John Kerry said on Friday"));
  ng_doc_free(doc);
}

static void test_metadata_corpus(void **state) {
  (void)state;
  ng_doc *doc = read_ok("corpus/000_b2191d97fa7ee836.txt");
  assert_string_equal(doc->date, "September 11, 2015");
  assert_string_equal(doc->date_iso, "2015-09-11");
  assert_string_equal(doc->headline,
                      "Lavrov Warns of 'Incidents' Between U.S. and Russian Military in Syria");
  /* "## Original url:" with the address on a later line */
  assert_string_equal(doc->url, "https://www.themoscowtimes.com/2015/09/11/"
                                "lavrov-warns-of-incidents-between-us-and-russian-military-in-syria-a49496");
  assert_null(strstr(doc->text, "themoscowtimes"));
  assert_null(strstr(doc->text, "Original url"));
  assert_null(strchr(doc->text, '#'));
  assert_null(doc->publisher);
  /* a multi-block SHA-256 (checked with sha256sum) */
  assert_string_equal(doc->sha256, "74a777f79b87810e9808b9e3bcffc3c0fddc38abcd642a0cc4f0befa12644514");
  ng_doc_free(doc);

  doc = read_ok("corpus/003_c473f54173712cb4.txt");
  assert_string_equal(doc->author, "Michael R. Gordon");
  assert_string_equal(doc->date, "September 18, 2015");
  ng_doc_free(doc);

  doc = read_ok("corpus/004_8a1e4f187857fb20.txt");
  assert_string_equal(doc->author, "Bill Van Auken");
  assert_string_equal(doc->date, "17 September 2015");
  assert_string_equal(doc->date_iso, "2015-09-17");
  assert_string_equal(doc->headline, "US-Russian tensions rise over Syria");
  assert_null(strstr(doc->text, "**"));
  assert_null(strstr(doc->text, "](http"));
  assert_non_null(strstr(doc->text, "wsws.org/contact"));
  ng_doc_free(doc);
}

static void test_metadata_fixture(void **state) {
  (void)state;
  ng_doc *doc = read_ok("tests/data/reader/url.txt");
  assert_string_equal(doc->url, "https://example.com/news/kerry-lavrov");
  assert_string_equal(doc->headline, "Kerry and Lavrov talk again");
  assert_string_equal(doc->date, "Sept. 18, 2015");
  assert_string_equal(doc->date_iso, "2015-09-18");
  assert_string_equal(doc->author, "Jane Roe");
  assert_string_equal(doc->id, "url");
  assert_string_equal(doc->path, "tests/data/reader/url.txt");
  assert_null(strstr(doc->text, "Original url"));
  assert_null(strstr(doc->text, "Share this"));
  assert_non_null(strstr(doc->text, "Secretary of State John Kerry spoke with Sergei Lavrov on Friday."));
  ng_doc_free(doc);
}

static void test_dates(void **state) {
  (void)state;
  const char *cases[][2] = {{"Headline here\n\n2015-09-11\n\nText.", "2015-09-11"},
                            {"Headline here\n\nFriday, September 11, 2015\n\nText.", "2015-09-11"},
                            {"Headline here\n\n29 February 2016\n\nText.", "2016-02-29"},
                            {"Headline here\n\nSept 5, 2015\n\nText.", "2015-09-05"}};
  for (size_t k = 0; k < 4; k++) {
    ng_doc *doc = mem_ok("d.txt", cases[k][0]);
    assert_non_null(doc->date_iso);
    assert_string_equal(doc->date_iso, cases[k][1]);
    ng_doc_free(doc);
  }
  /* not a date: February 30, a sentence mentioning a date */
  ng_doc *doc = mem_ok("d.txt", "Headline\n\n30 February 2015\n\nOn September 11, 2015 talks began.");
  assert_null(doc->date);
  assert_null(doc->date_iso);
  ng_doc_free(doc);
}

static void test_markdown_inline(void **state) {
  (void)state;
  const char *md = "# Title *here*\n\n"
                   "Some **bold** and _light_ words, a [label](http://x.y/z) link,\n"
                   "snake_case_name stays, 2 * 3 stays. <!-- hidden\nnote --> After.\n"
                   "![a picture](img.png)\n"
                   "* a bullet\n"
                   "1. a number\n";
  ng_doc *doc = mem_ok("m.md", md);
  assert_int_equal(doc->format, NG_FMT_MARKDOWN);
  assert_int_equal(doc->text_len, strlen(md));
  assert_string_equal(doc->headline, "Title here");
  assert_null(strchr(doc->text, '#'));
  assert_null(strstr(doc->text, "**"));
  assert_null(strstr(doc->text, "http"));
  assert_null(strstr(doc->text, "hidden"));
  assert_null(strstr(doc->text, "picture"));
  assert_non_null(strstr(doc->text, "Some   bold   and  light  words, a  label"));
  assert_non_null(strstr(doc->text, "snake_case_name stays, 2 * 3 stays."));
  assert_non_null(strstr(doc->text, "After."));
  assert_non_null(strstr(doc->text, "\n  a bullet\n"));
  assert_non_null(strstr(doc->text, "\n   a number\n"));
  ng_doc_free(doc);
}

static void test_bom(void **state) {
  (void)state;
  ng_doc *doc = mem_ok("-", "\xEF\xBB\xBFHello world.");
  assert_int_equal(doc->text_len, 15);
  assert_memory_equal(doc->text, "   Hello world.", 15);
  assert_string_equal(doc->id, "stdin");
  ng_doc_free(doc);
}

static void test_prose_untouched(void **state) {
  (void)state;
  /* sentences that merely start like furniture are prose */
  const char *t = "Credit Suisse said on Monday that it would cut jobs in London.\n"
                  "Share prices fell sharply after the announcement on Tuesday.\n"
                  "Related talks will resume next week, officials said.\n";
  ng_doc *doc = mem_ok("p.txt", t);
  assert_string_equal(doc->text, t);
  ng_doc_free(doc);
}

/* ---- HTML ---- */

static void test_html_extract(void **state) {
  (void)state;
  const char *html =
      "<!DOCTYPE html>\n<html><head><title>Site | Kerry &amp; Lavrov</title>\n"
      "<meta property=\"og:title\" content=\"Kerry &amp; Lavrov meet\">\n"
      "<meta name=\"author\" content=\"Jane Doe\">\n"
      "<meta property=\"article:published_time\" content=\"2015-09-18T10:00:00Z\">\n"
      "<meta property=\"og:site_name\" content=\"The Daily\">\n"
      "<link rel=\"canonical\" href=\"https://example.com/a\">\n"
      "<style>p { color: red }</style><script>var x = \"<p>bad</p>\";</script></head>\n"
      "<body><nav>Home | World</nav><header>Top menu</header>\n"
      "<h1>Kerry &amp; Lavrov   meet</h1>\n"
      "<p>Secretary of State John Kerry met Sergei Lavrov &mdash; in   Geneva &#8212; on Friday.\n"
      "<p>Caf&eacute; talks <b>went</b> well.<div class=\"share-tools\">Share on Facebook</div>\n"
      "<aside>Most read</aside><figure><img src=x><figcaption>A caption</figcaption></figure>\n"
      "<ul><li>One<li>Two</ul><footer>Copyright</footer></body></html>\n";
  ng_doc *doc = mem_ok("a.html", html);
  assert_int_equal(doc->format, NG_FMT_HTML);
  assert_string_equal(doc->text,
                      "Kerry & Lavrov meet\n\n"
                      "Secretary of State John Kerry met Sergei Lavrov \xE2\x80\x94 in Geneva "
                      "\xE2\x80\x94 on Friday.\n\nCaf\xC3\xA9 talks went well.\n\nOne\n\nTwo");
  assert_int_equal(doc->text_len, strlen(doc->text));
  assert_string_equal(doc->headline, "Kerry & Lavrov meet");
  assert_string_equal(doc->author, "Jane Doe");
  assert_string_equal(doc->date_iso, "2015-09-18");
  assert_string_equal(doc->publisher, "The Daily");
  assert_string_equal(doc->url, "https://example.com/a");
  ng_doc_free(doc);
}

static void test_html_time_and_title(void **state) {
  (void)state;
  const char *html = "<html><head><title>Only a title</title></head><body>"
                     "<p class=\"byline\">By John Smith</p>"
                     "<time datetime=\"2015-09-17\">Sept. 17, 2015</time><p>Body text.</p></body></html>";
  ng_doc *doc = mem_ok("t.htm", html);
  assert_string_equal(doc->headline, "Only a title");
  assert_string_equal(doc->author, "John Smith");
  assert_string_equal(doc->date, "Sept. 17, 2015");
  assert_string_equal(doc->date_iso, "2015-09-17");
  assert_non_null(strstr(doc->text, "Body text."));
  assert_null(strstr(doc->text, "Only a title"));
  ng_doc_free(doc);
}

static void test_html_malformed(void **state) {
  (void)state;
  seen s = {0};
  ng_diag *d = ng_diag_new(record, &s);
  ng_doc *doc = NULL;
  const char *html = "<html><body><p>Unclosed <b>bold <i>and <p>second</span></div> para"
                     "<table><tr><td>a<td>b</table>&bogus; &lt;tag&gt;";
  assert_int_equal(ng_doc_read_memory(&doc, "m.html", html, strlen(html), NULL, d), NG_OK);
  assert_int_equal(s.count, 0); /* libxml2's complaints are swallowed */
  assert_non_null(strstr(doc->text, "Unclosed bold and"));
  assert_non_null(strstr(doc->text, "second para"));
  assert_non_null(strstr(doc->text, "a b"));
  assert_non_null(strstr(doc->text, "<tag>"));
  ng_doc_free(doc);
  ng_diag_free(d);
}

static void test_html_nfc(void **state) {
  (void)state;
  ng_doc *doc = mem_ok("n.html", "<html><body><p>Cafe\xCC\x81 Le Drian</p></body></html>");
  assert_string_equal(doc->text, "Caf\xC3\xA9 Le Drian");
  ng_doc_free(doc);
}

static void test_html_deep(void **state) {
  (void)state;
  size_t depth = 100000;
  ng_buf b = {0};
  ng_buf_puts(&b, "<html><body><p>start</p>");
  for (size_t i = 0; i < depth; i++) ng_buf_puts(&b, "<div>");
  ng_buf_puts(&b, "deep");
  for (size_t i = 0; i < depth; i++) ng_buf_puts(&b, "</div>");
  ng_buf_puts(&b, "</body></html>");
  seen s = {0};
  ng_diag *d = ng_diag_new(record, &s);
  ng_doc *doc = NULL;
  int rc = ng_doc_read_memory(&doc, "deep.html", b.data, b.len, NULL, d);
  /* libxml2 may stop at its depth limit; what matters is no crash and the
   * text before the nesting */
  assert_int_equal(rc, NG_OK);
  assert_non_null(strstr(doc->text, "start"));
  ng_doc_free(doc);
  ng_diag_free(d);
  ng_buf_free(&b);
}

static void test_html_no_external_entities(void **state) {
  (void)state;
  const char *secret = "tests/data/reader/secret.txt";
  FILE *f = fopen(secret, "rb");
  assert_non_null(f); /* the fixture holds SECRET-MARKER */
  fclose(f);
  const char *html =
      "<!DOCTYPE html SYSTEM \"tests/data/reader/secret.txt\" [\n"
      "<!ENTITY xxe SYSTEM \"tests/data/reader/secret.txt\">\n"
      "<!ENTITY internal \"EXPANDED\">]>\n"
      "<html><body><p>Value: &xxe; and &internal; end.</p></body></html>";
  ng_doc *doc = mem_ok("x.html", html);
  assert_null(strstr(doc->text, "SECRET"));
  /* the HTML parser knows no entity declarations: both stay unexpanded */
  assert_non_null(strstr(doc->text, "Value: &xxe; and &internal; end."));
  ng_doc_free(doc);
}

/* ---- misc ---- */

static void test_detect_format(void **state) {
  (void)state;
  assert_int_equal(ng_detect_format("a.html", "plain", 5), NG_FMT_HTML);
  assert_int_equal(ng_detect_format("a.HTM", "plain", 5), NG_FMT_HTML);
  assert_int_equal(ng_detect_format("a.txt", "\xEF\xBB\xBF  <!DOCTYPE html><p>x", 27), NG_FMT_HTML);
  assert_int_equal(ng_detect_format("-", "\n<html><body>x", 14), NG_FMT_HTML);
  assert_int_equal(ng_detect_format("a", "<div>a</div><p>b</p>", 20), NG_FMT_HTML);
  assert_int_equal(ng_detect_format("a.md", "plain text", 10), NG_FMT_MARKDOWN);
  assert_int_equal(ng_detect_format("a.txt", "intro\n## Head\ntext", 18), NG_FMT_MARKDOWN);
  assert_int_equal(ng_detect_format("a.txt", "see [x](http://y) now", 21), NG_FMT_MARKDOWN);
  assert_int_equal(ng_detect_format("a.txt", "Plain #1 text, a < b.", 21), NG_FMT_TEXT);
  assert_int_equal(ng_detect_format(NULL, "They [Russia] say", 17), NG_FMT_TEXT);
}

static void test_sha256_and_id(void **state) {
  (void)state;
  ng_doc *doc = mem_ok("dir/sub/file.name.txt", "abc");
  assert_string_equal(doc->sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assert_string_equal(doc->id, "file.name");
  assert_int_equal(doc->raw_len, 3);
  assert_string_equal(doc->raw, "abc");
  ng_doc_free(doc);
  /* 56 bytes: the padding spills into a second block (FIPS 180-4 example) */
  doc = mem_ok("corpus/001_x.txt", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
  assert_string_equal(doc->sha256, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  assert_string_equal(doc->id, "001_x");
  ng_doc_free(doc);
  ng_doc_free(NULL);
}

static void test_forced_format(void **state) {
  (void)state;
  ng_read_opts o = {.format = NG_FMT_TEXT};
  ng_doc *doc = NULL;
  const char *t = "<p>Not parsed as HTML.</p>";
  assert_int_equal(ng_doc_read_memory(&doc, "f.html", t, strlen(t), &o, NULL), NG_OK);
  assert_int_equal(doc->format, NG_FMT_TEXT);
  assert_int_equal(doc->text_len, strlen(t));
  ng_doc_free(doc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_invalid_utf8),
      cmocka_unit_test(test_utf8_message),
      cmocka_unit_test(test_utf8_valid),
      cmocka_unit_test(test_binary),
      cmocka_unit_test(test_empty),
      cmocka_unit_test(test_too_big),
      cmocka_unit_test(test_open_errors),
      cmocka_unit_test(test_furniture_dw),
      cmocka_unit_test(test_furniture_ap_nyt),
      cmocka_unit_test(test_metadata_corpus),
      cmocka_unit_test(test_metadata_fixture),
      cmocka_unit_test(test_dates),
      cmocka_unit_test(test_markdown_inline),
      cmocka_unit_test(test_bom),
      cmocka_unit_test(test_prose_untouched),
      cmocka_unit_test(test_html_extract),
      cmocka_unit_test(test_html_time_and_title),
      cmocka_unit_test(test_html_malformed),
      cmocka_unit_test(test_html_nfc),
      cmocka_unit_test(test_html_deep),
      cmocka_unit_test(test_html_no_external_entities),
      cmocka_unit_test(test_detect_format),
      cmocka_unit_test(test_sha256_and_id),
      cmocka_unit_test(test_forced_format),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
