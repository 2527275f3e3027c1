/* diag.c — diagnostics sink: counts reports and hands them to one callback. */
#include "graph/diag.h"

#include "graph/base.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

struct ng_diag {
  ng_diag_fn fn;
  void *payload;
  size_t errors, warnings;
};

ng_diag *ng_diag_new(ng_diag_fn fn, void *payload) {
  ng_diag *d = ng_xcalloc(1, sizeof *d);
  d->fn = fn;
  d->payload = payload;
  return d;
}

void ng_diag_free(ng_diag *d) { free(d); }

void ng_diag_report(ng_diag *d, ng_diag_level level, const char *path,
                    unsigned line, unsigned col, int code, const char *fmt, ...) {
  if (!d) return;
  if (level == NG_DIAG_ERROR) d->errors++;
  if (level == NG_DIAG_WARNING) d->warnings++;
  if (!d->fn) return;
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  ng_diag_item it = {level, path, line, col, code, msg};
  d->fn(&it, d->payload);
}

size_t ng_diag_errors(const ng_diag *d) { return d ? d->errors : 0; }
size_t ng_diag_warnings(const ng_diag *d) { return d ? d->warnings : 0; }

char *ng_diag_format(const ng_diag_item *it) {
  static const char *const names[] = {"error", "warning", "note"};
  return ng_xasprintf("%s:%u:%u: %s[NG-%03d]: %s",
                      it->path ? it->path : "newsgraph", it->line, it->col,
                      names[it->level], it->code, it->message);
}

void ng_diag_to_file(const ng_diag_item *item, void *file) {
  char *s = ng_diag_format(item);
  fprintf((FILE *)file, "%s\n", s);
  free(s);
}

void ng_diag_position(const char *text, size_t len, size_t off, unsigned *line,
                      unsigned *col) {
  unsigned l = 1, c = 1;
  if (off > len) off = len;
  for (size_t i = 0; i < off; i++) {
    if (text[i] == '\n') {
      l++;
      c = 1;
    } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
      c++;
    }
  }
  *line = l;
  *col = c;
}
