/* base.h — memory helpers, growable buffers and vectors, hashing, error codes.
 *
 * Used by every module. Out of memory aborts with a message (cmark style), so
 * allocation results are never checked by callers; int results are kept for
 * real input and I/O failures (NG_E_*). */
#ifndef NG_GRAPH_BASE_H
#define NG_GRAPH_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Error codes returned by library functions (0 = success). */
enum {
  NG_OK = 0,
  NG_E_IO = -1,      /* a file could not be opened, read or written */
  NG_E_INPUT = -2,   /* the input is not usable text (reported through ng_diag) */
  NG_E_USAGE = -3,   /* the caller asked for something that cannot be done */
  NG_E_LIMIT = -4    /* an input exceeded a configured limit */
};

void *ng_xmalloc(size_t n);
void *ng_xcalloc(size_t count, size_t size);
void *ng_xrealloc(void *p, size_t n);
char *ng_xstrdup(const char *s);            /* NULL in, NULL out */
char *ng_xstrndup(const char *s, size_t n); /* copies n bytes and adds a NUL */
#if defined(__GNUC__)
#define NG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define NG_PRINTF(f, a)
#endif
char *ng_xasprintf(const char *fmt, ...) NG_PRINTF(1, 2);
char *ng_xvasprintf(const char *fmt, va_list ap) NG_PRINTF(1, 0);
/* The concatenation of the strings given, up to a NULL: for IRIs made of a
 * base and names, without a format to parse twice as ng_xasprintf does. */
#if defined(__GNUC__)
__attribute__((sentinel))
#endif
char *ng_xconcat(const char *s, ...);

/* A growable byte buffer; data is always NUL-terminated once anything was
 * appended. Owner calls ng_buf_free (or takes data with ng_buf_take). */
typedef struct ng_buf {
  char *data;
  size_t len; /* bytes, not counting the NUL */
  size_t cap;
} ng_buf;

/* Makes room for extra more bytes and the NUL (the slow path of the
 * inline writers below; doubles the capacity). */
void ng_buf_grow(ng_buf *b, size_t extra);
static inline void ng_buf_reserve(ng_buf *b, size_t extra) { /* hot: a compare when room */
  if (b->len + extra + 1 > b->cap) ng_buf_grow(b, extra);
}
static inline void ng_buf_put(ng_buf *b, const char *s, size_t n) { /* hot: inline copy */
  ng_buf_reserve(b, n);
  if (n) memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}
void ng_buf_puts(ng_buf *b, const char *s);
void ng_buf_putc_slow(ng_buf *b, char c);
static inline void ng_buf_putc(ng_buf *b, char c) { /* hot: inline when room */
  if (b->len + 2 <= b->cap) {
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
  } else {
    ng_buf_putc_slow(b, c);
  }
}
void ng_buf_printf(ng_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void ng_buf_clear(ng_buf *b);
char *ng_buf_take(ng_buf *b); /* returns data (caller frees), resets b */
void ng_buf_free(ng_buf *b);

/* Strings copied into a chain of blocks and freed together, for owners of
 * many short strings (an article record, a graph's mention texts): one
 * bump copy each instead of a malloc and a free. Zero-initialised is empty;
 * owner calls ng_strpool_free. */
typedef struct ng_strpool {
  struct ng_strblock *head;
} ng_strpool;

char *ng_strpool_dup(ng_strpool *p, const char *s, size_t n); /* s[0..n) + NUL */
void ng_strpool_free(ng_strpool *p);

/* Typed vectors: NG_VEC(int) v = {0}; NG_VEC_PUSH(v, 3); free(v.v); */
#define NG_VEC(T)                                                              \
  struct {                                                                     \
    T *v;                                                                      \
    size_t n, cap;                                                             \
  }
#define NG_VEC_GROW(vec)                                                       \
  do {                                                                         \
    if ((vec).n == (vec).cap) {                                                \
      (vec).cap = (vec).cap ? (vec).cap * 2 : 8;                               \
      (vec).v = ng_xrealloc((vec).v, (vec).cap * sizeof *(vec).v);             \
    }                                                                          \
  } while (0)
#define NG_VEC_PUSH(vec, item)                                                 \
  do {                                                                         \
    NG_VEC_GROW(vec);                                                          \
    (vec).v[(vec).n++] = (item);                                               \
  } while (0)

/* qsort that accepts an empty (possibly NULL) array; an array already in
 * order (one pass of n - 1 comparisons) is left as it is, as a stable sort
 * would leave it */
void ng_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

/* 64-bit FNV-1a; stable across runs and machines (used for IRIs). */
uint64_t ng_hash(const void *data, size_t n);
uint64_t ng_hash_add(uint64_t h, const void *data, size_t n);
/* A faster hash for in-memory lookup tables only: eight bytes at a time, its
 * values may differ between machines, so never let it reach an output (IRIs
 * and files use ng_hash). */
uint64_t ng_hash_fast(const void *data, size_t n);
#define NG_HASH_INIT 0xcbf29ce484222325ULL

/* Number of UTF-8 code points in s[0..n) (s assumed valid UTF-8). */
size_t ng_utf8_count(const char *s, size_t n);

#endif
