/* diag.h — the one diagnostics sink.
 *
 * Every stage reports bad input here, never to stderr directly. A report has a
 * position (path, 1-based line and column; 0 when unknown), a stable code
 * (NG-nnn, meanings never change) and a message. The CLI owns the sink and
 * decides where the formatted lines go: `path:line:col: error[NG-nnn]: message`. */
#ifndef NG_GRAPH_DIAG_H
#define NG_GRAPH_DIAG_H

#include <stddef.h>

typedef enum { NG_DIAG_ERROR, NG_DIAG_WARNING, NG_DIAG_NOTE } ng_diag_level;

/* Stable diagnostic codes. Add new ones at the end; never renumber. */
enum {
  NG_D_OPEN = 1,        /* NG-001 file cannot be opened or read */
  NG_D_NO_ARTICLES = 2, /* NG-002 directory holds no .txt/.md/.html/.htm files */
  NG_D_EMPTY = 3,       /* NG-003 file is empty or has no text */
  NG_D_UTF8 = 4,        /* NG-004 invalid UTF-8 */
  NG_D_BINARY = 5,      /* NG-005 binary content (NUL bytes, control codes) */
  NG_D_TOO_BIG = 6,     /* NG-006 file larger than --max-file-size */
  NG_D_HTML = 7,        /* NG-007 HTML could not be parsed */
  NG_D_LOOP = 8,        /* NG-008 directory loop (symlink) skipped */
  NG_D_NOT_FOUND = 9,   /* NG-009 no such file or directory */
  NG_D_OUTPUT = 20,     /* NG-020 output cannot be written */
  NG_D_USAGE = 30,      /* NG-030 usage error */
  NG_D_LEXICON = 40,    /* NG-040 lexicon file problem */
  NG_D_RDF = 50,        /* NG-050 RDF library error */
  NG_D_GRAPHVIZ = 51,   /* NG-051 Graphviz error */
  NG_D_XML = 52,        /* NG-052 libxml2 error while writing */
  NG_D_SPARQL = 53,     /* NG-053 SPARQL query cannot be parsed or run (newsgraph query) */
  NG_D_RDF_INPUT = 54   /* NG-054 RDF file cannot be parsed (newsgraph query) */
};

typedef struct ng_diag_item {
  ng_diag_level level;
  const char *path; /* may be NULL: then "newsgraph" is printed */
  unsigned line, col;
  int code;
  const char *message;
} ng_diag_item;

typedef void (*ng_diag_fn)(const ng_diag_item *item, void *payload);

typedef struct ng_diag ng_diag;

/* A sink that calls fn for every report; fn NULL keeps reports silent (counted only). */
ng_diag *ng_diag_new(ng_diag_fn fn, void *payload);
void ng_diag_free(ng_diag *d);

void ng_diag_report(ng_diag *d, ng_diag_level level, const char *path,
                    unsigned line, unsigned col, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

size_t ng_diag_errors(const ng_diag *d);   /* errors reported so far */
size_t ng_diag_warnings(const ng_diag *d); /* warnings reported so far */

/* Formats an item as `path:line:col: error[NG-nnn]: message` (no newline);
 * returns a malloc'd string the caller frees. */
char *ng_diag_format(const ng_diag_item *item);

/* Convenience callback: writes the formatted line plus newline to the FILE* payload. */
void ng_diag_to_file(const ng_diag_item *item, void *file);

/* Line and column (1-based, column in code points) of byte offset off in text. */
void ng_diag_position(const char *text, size_t len, size_t off, unsigned *line,
                      unsigned *col);

#endif
