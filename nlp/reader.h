/* reader.h — turning an input file (plain text, Markdown or HTML) into an
 * article: the text to analyse plus metadata.
 *
 * Offsets stay exact: for plain text and Markdown, `text` is a copy of the
 * input of the SAME LENGTH in which markup and page furniture (Markdown
 * markers, link targets, "Advertisement", "Share", "Skip to content", image
 * captions and credits, copyright lines, metadata lines such as "Original url:")
 * are overwritten with spaces (newlines are kept), so every byte offset into
 * `text` is an offset into the input as read. For HTML, `text` is the text
 * extracted by libxml2's HTML parser (blocks separated by blank lines) and
 * offsets refer to it (the contract says so).
 *
 * The reader validates: empty input, invalid UTF-8, binary content (NUL or
 * other control bytes) and size limits are reported through the ng_diag sink
 * with the file's path and position, and the call returns NG_E_INPUT /
 * NG_E_LIMIT / NG_E_IO without producing a document. */
#ifndef NG_NLP_READER_H
#define NG_NLP_READER_H

#include "graph/diag.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum { NG_FMT_AUTO, NG_FMT_TEXT, NG_FMT_MARKDOWN, NG_FMT_HTML } ng_format;

typedef struct ng_read_opts {
  size_t max_file_size;   /* bytes; 0 = default (256 MiB) */
  ng_format format;       /* NG_FMT_AUTO: by content and extension */
  bool no_checksum;       /* leave sha256 empty: the caller writes no RDF
                             (the digest was 7% of the work of `mentions`) */
} ng_read_opts;

typedef struct ng_doc {
  char *path;        /* as given ("-" for stdin) */
  char *id;          /* file name without directory and extension ("stdin" for -) */
  ng_format format;  /* what it was read as */
  char *raw;         /* the input bytes as read (NUL-terminated copy); NULL
                        after ng_doc_drop_raw */
  size_t raw_len;
  char *text;        /* text to analyse, NUL-terminated, valid UTF-8 */
  size_t text_len;
  /* metadata, NULL when not found; all owned by the doc */
  char *headline;
  char *date;        /* as written: "September 11, 2015", "17 September 2015" */
  char *date_iso;    /* "2015-09-11" when parseable */
  char *author;      /* "Michael R. Gordon" (without "By") */
  char *publisher;   /* outlet, e.g. from <meta property="og:site_name"> */
  char *url;         /* "Original url: ..." line, <link rel=canonical>, og:url */
  char sha256[65];   /* hex digest of raw (lower case); "" with no_checksum */
} ng_doc;

/* Reads path ("-" = stdin) into *out. Returns 0, or a negative NG_E_* after
 * reporting the problem to d (error codes NG-001 .. NG-009). *out is set only
 * on success; the caller frees it with ng_doc_free. */
int ng_doc_read_file(ng_doc **out, const char *path, const ng_read_opts *opts,
                     ng_diag *d);

/* Same, from memory; `name` is used as path for diagnostics and for the id. */
int ng_doc_read_memory(ng_doc **out, const char *name, const char *buf,
                       size_t len, const ng_read_opts *opts, ng_diag *d);

void ng_doc_free(ng_doc *doc);

/* Frees the raw input bytes of doc once the caller needs no more than its
 * text and metadata: raw becomes NULL, raw_len and sha256 stay. */
void ng_doc_drop_raw(ng_doc *doc);

/* Format of a buffer judged from its content and the file name's extension. */
ng_format ng_detect_format(const char *name, const char *buf, size_t len);

/* Whether buf[0..len) is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
 * On failure *bad is the byte offset of the first bad sequence. */
bool ng_utf8_valid(const char *buf, size_t len, size_t *bad);

#endif
