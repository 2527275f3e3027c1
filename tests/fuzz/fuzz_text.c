/* fuzz_text.c — fuzz target for the plain-text and Markdown reader
 * (ng_doc_read_memory with NG_FMT_TEXT and NG_FMT_MARKDOWN).
 *
 * Invariants checked on every input:
 * - a failed read returns a negative NG_E_* and has reported an error;
 * - a successful read keeps offsets exact: text has the input's length, each
 *   byte is the input byte or a blank, newlines stay where they were, the
 *   text is NUL-terminated, valid UTF-8 and free of control bytes;
 * - metadata strings (headline, date, author, publisher, url) are valid UTF-8
 *   without newlines, since writers put them into literals;
 * - --max-file-size below the input's size is always refused with NG_E_LIMIT. */
#include "fuzz.h"

#include "graph/base.h"
#include "graph/diag.h"
#include "nlp/reader.h"

#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  return 0;
}

static void check_meta(const char *s) {
  if (!s) return;
  size_t n = strlen(s);
  NG_FUZZ_CHECK(ng_utf8_valid(s, n, NULL));
  NG_FUZZ_CHECK(!memchr(s, '\n', n));
}

static void read_as(const uint8_t *data, size_t size, ng_format fmt) {
  ng_diag *d = ng_diag_new(NULL, NULL);
  ng_read_opts o = {.format = fmt};
  ng_doc *doc = NULL;
  int rc = ng_doc_read_memory(&doc, "fuzz.txt", (const char *)data, size, &o, d);
  if (rc != NG_OK) {
    NG_FUZZ_CHECK(rc < 0);
    NG_FUZZ_CHECK(doc == NULL);
    NG_FUZZ_CHECK(ng_diag_errors(d) > 0);
  } else {
    NG_FUZZ_CHECK(doc != NULL);
    NG_FUZZ_CHECK(doc->format == fmt);
    NG_FUZZ_CHECK(doc->raw_len == size && !memcmp(doc->raw, data, size));
    NG_FUZZ_CHECK(doc->text_len == size);
    NG_FUZZ_CHECK(doc->text[doc->text_len] == '\0');
    for (size_t i = 0; i < size; i++) {
      char t = doc->text[i], r = (char)data[i];
      NG_FUZZ_CHECK(t == r || t == ' ');
      NG_FUZZ_CHECK((t == '\n') == (r == '\n'));
      NG_FUZZ_CHECK((unsigned char)t >= 0x20 || t == '\n' || t == '\t' || t == '\r' || t == '\f');
    }
    NG_FUZZ_CHECK(ng_utf8_valid(doc->text, doc->text_len, NULL));
    check_meta(doc->headline);
    check_meta(doc->date);
    check_meta(doc->date_iso);
    check_meta(doc->author);
    check_meta(doc->publisher);
    check_meta(doc->url);
    if (doc->date_iso) NG_FUZZ_CHECK(strlen(doc->date_iso) == 10);
    NG_FUZZ_CHECK(strlen(doc->sha256) == 64);
  }
  ng_doc_free(doc);
  ng_diag_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  read_as(data, size, NG_FMT_TEXT);
  read_as(data, size, NG_FMT_MARKDOWN);
  if (size >= 2) { /* the size limit is enforced before anything is copied */
    ng_diag *d = ng_diag_new(NULL, NULL);
    ng_read_opts o = {.max_file_size = size - 1, .format = NG_FMT_TEXT};
    ng_doc *doc = NULL;
    NG_FUZZ_CHECK(ng_doc_read_memory(&doc, "fuzz.txt", (const char *)data, size, &o, d) == NG_E_LIMIT);
    NG_FUZZ_CHECK(doc == NULL && ng_diag_errors(d) == 1);
    ng_diag_free(d);
  }
  return 0;
}
