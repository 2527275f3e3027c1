/* base.c — allocation that aborts on exhaustion, buffers, hashing. */
#include "graph/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn static void oom(void) {
  fputs("newsgraph: out of memory\n", stderr);
  abort();
}

void *ng_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) oom();
  return p;
}

void *ng_xcalloc(size_t count, size_t size) {
  void *p = calloc(count ? count : 1, size ? size : 1);
  if (!p) oom();
  return p;
}

void *ng_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) oom();
  return q;
}

char *ng_xstrdup(const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (!p) oom();
  return memcpy(p, s, n);
}

char *ng_xstrndup(const char *s, size_t n) {
  char *p = malloc(n + 1); /* (n + 1 is never 0: no ng_xmalloc detour) */
  if (!p) oom();
  if (n) memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *ng_xvasprintf(const char *fmt, va_list ap) {
  if (!fmt) return ng_xstrdup(""); /* (and GCC's -Wformat-truncation is sure) */
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0) return ng_xstrdup("");
  char *s = ng_xmalloc((size_t)n + 1);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  return s;
}

char *ng_xasprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = ng_xvasprintf(fmt, ap);
  va_end(ap);
  return s;
}

char *ng_xconcat(const char *s, ...) {
  va_list ap;
  size_t n = 0;
  va_start(ap, s);
  for (const char *p = s; p; p = va_arg(ap, const char *)) n += strlen(p);
  va_end(ap);
  char *out = ng_xmalloc(n + 1), *q = out;
  va_start(ap, s);
  for (const char *p = s; p; p = va_arg(ap, const char *)) {
    size_t k = strlen(p);
    memcpy(q, p, k);
    q += k;
  }
  va_end(ap);
  *q = '\0';
  return out;
}

void ng_buf_grow(ng_buf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->len + extra + 1) cap *= 2;
  b->data = ng_xrealloc(b->data, cap);
  b->cap = cap;
}

void ng_buf_puts(ng_buf *b, const char *s) { ng_buf_put(b, s, strlen(s)); }

void ng_buf_putc_slow(ng_buf *b, char c) { ng_buf_put(b, &c, 1); }

void ng_buf_printf(ng_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  ng_buf_reserve(b, (size_t)n);
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

void ng_buf_clear(ng_buf *b) {
  b->len = 0;
  if (b->data) b->data[0] = '\0';
}

char *ng_buf_take(ng_buf *b) {
  char *d = b->data ? b->data : ng_xstrdup("");
  b->data = NULL;
  b->len = b->cap = 0;
  return d;
}

struct ng_strblock {
  struct ng_strblock *next;
  size_t used, cap;
  char data[];
};

char *ng_strpool_dup(ng_strpool *p, const char *s, size_t n) {
  struct ng_strblock *b = p->head;
  if (!b || b->cap - b->used < n + 1) {
    size_t cap = b ? 2 * b->cap : 4096;
    if (cap > (1 << 20)) cap = 1 << 20;
    if (cap < n + 1) cap = n + 1;
    struct ng_strblock *nb = ng_xmalloc(sizeof *nb + cap);
    nb->used = 0;
    nb->cap = cap;
    /* a string too long for the next block size gets a block of its own
       behind the current one, which stays in use */
    if (b && cap == n + 1) {
      nb->next = b->next;
      b->next = nb;
    } else {
      nb->next = b;
      p->head = nb;
    }
    b = nb;
  }
  char *d = b->data + b->used;
  if (n) memcpy(d, s, n);
  d[n] = '\0';
  b->used += n + 1;
  return d;
}

void ng_strpool_free(ng_strpool *p) {
  for (struct ng_strblock *b = p->head, *nx; b; b = nx) {
    nx = b->next;
    free(b);
  }
  p->head = NULL;
}

void ng_buf_free(ng_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

uint64_t ng_hash_add(uint64_t h, const void *data, size_t n) {
  const unsigned char *p = data;
  for (size_t i = 0; i < n; i++) {
    h ^= p[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}

uint64_t ng_hash(const void *data, size_t n) {
  return ng_hash_add(NG_HASH_INIT, data, n);
}

uint64_t ng_hash_fast(const void *data, size_t n) {
  const unsigned char *p = data;
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0xff51afd7ed558ccdULL);
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t w;
    memcpy(&w, p, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
  }
  uint64_t w = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  /* the 0..7 tail bytes as a little-endian word, as the memcpy below makes
     it, from two overlapping loads instead of a variable-length copy */
  if (n >= 4) {
    uint32_t lo, hi;
    memcpy(&lo, p, 4);
    memcpy(&hi, p + n - 4, 4);
    w = lo | (uint64_t)hi << (8 * (n - 4));
  } else if (n) {
    w = p[0] | (uint64_t)p[n / 2] << (8 * (n / 2)) | (uint64_t)p[n - 1] << (8 * (n - 1));
  }
#else
  memcpy(&w, p, n);
#endif
  h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 29;
  h *= 0xff51afd7ed558ccdULL;
  return h ^ (h >> 32);
}

size_t ng_utf8_count(const char *s, size_t n) {
  size_t c = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) c++;
  return c;
}

void ng_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
  /* most arrays sorted here arrive in order (mentions in text order,
     articles in input order): one pass finds that, and leaving them is
     what a stable sort would do */
  const char *p = base;
  size_t i = 1;
  while (i < n && cmp(p + (i - 1) * size, p + i * size) <= 0) i++;
  if (i < n) qsort(base, n, size, cmp);
}
