/* fuzz_html.c — fuzz target for the HTML reader (ng_doc_read_memory with
 * NG_FMT_HTML: libxml2's recovering HTML parser and the iterative text
 * extraction walk), plus format detection on the same bytes.
 *
 * Invariants checked on every input:
 * - a failed read returns a negative NG_E_* and has reported an error;
 * - a successful read gives NUL-terminated, valid UTF-8 text of text_len
 *   bytes (no NUL inside), free of control bytes, not starting with white
 *   space; metadata strings are valid UTF-8;
 * - nothing is fetched: the parser runs with HTML_PARSE_NONET, so seeds with
 *   external entities and <script> must give text without their contents. */
#include "fuzz.h"

#include "graph/base.h"
#include "graph/diag.h"
#include "nlp/reader.h"

#include <libxml/parser.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  xmlInitParser();
  return 0;
}

static void check_meta(const char *s) {
  if (s) NG_FUZZ_CHECK(ng_utf8_valid(s, strlen(s), NULL));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *buf = (const char *)data;
  ng_format f = ng_detect_format("fuzz", buf, size);
  NG_FUZZ_CHECK(f == NG_FMT_TEXT || f == NG_FMT_MARKDOWN || f == NG_FMT_HTML);

  ng_diag *d = ng_diag_new(NULL, NULL);
  ng_read_opts o = {.format = NG_FMT_HTML};
  ng_doc *doc = NULL;
  int rc = ng_doc_read_memory(&doc, "fuzz.html", buf, size, &o, d);
  if (rc != NG_OK) {
    NG_FUZZ_CHECK(rc < 0);
    NG_FUZZ_CHECK(doc == NULL);
    NG_FUZZ_CHECK(ng_diag_errors(d) > 0);
  } else {
    NG_FUZZ_CHECK(doc->format == NG_FMT_HTML);
    NG_FUZZ_CHECK(doc->text_len > 0);
    NG_FUZZ_CHECK(strlen(doc->text) == doc->text_len);
    NG_FUZZ_CHECK(ng_utf8_valid(doc->text, doc->text_len, NULL));
    NG_FUZZ_CHECK(doc->text[0] != ' ' && doc->text[0] != '\n');
    for (size_t i = 0; i < doc->text_len; i++) {
      unsigned char c = (unsigned char)doc->text[i];
      NG_FUZZ_CHECK(c >= 0x20 || c == '\n' || c == '\t');
    }
    check_meta(doc->headline);
    check_meta(doc->date);
    check_meta(doc->author);
    check_meta(doc->publisher);
    check_meta(doc->url);
    if (doc->date_iso) NG_FUZZ_CHECK(strlen(doc->date_iso) == 10);
  }
  ng_doc_free(doc);
  ng_diag_free(d);
  return 0;
}
