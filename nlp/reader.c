/* reader.c — reading one article (plain text, Markdown or HTML) into an
 * ng_doc: validation (size, emptiness, binary content, UTF-8), format
 * detection, furniture blanking that keeps byte offsets exact for text and
 * Markdown, libxml2 text extraction for HTML, metadata (headline, date,
 * author, publisher, url) and a SHA-256 of the raw bytes.
 *
 * The doc owns every string in it; ng_doc_free releases them. Used by the
 * CLI and the pipeline (see reader.h for the contract). */
#include "nlp/reader.h"

#include "graph/base.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <nettle/sha2.h>
#include <utf8proc.h>

#define DEFAULT_MAX_SIZE ((size_t)256 << 20)

/* ---- small helpers ---- */

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }

static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Case-insensitive (ASCII) test of s[0..m) against p[0..m). */
static bool imatch(const char *s, const char *p, size_t m) {
  for (size_t i = 0; i < m; i++)
    if (lower(s[i]) != lower(p[i])) return false;
  return true;
}

/* Case-insensitive (ASCII) prefix test of s[0..n) against p. */
static bool iprefix(const char *s, size_t n, const char *p) {
  size_t m = strlen(p);
  return m <= n && imatch(s, p, m);
}

static bool iequal(const char *s, size_t n, const char *p) { return strlen(p) == n && iprefix(s, n, p); }

static void trim(const char **s, size_t *n) {
  while (*n && (is_blank(**s) || **s == '\n')) {
    (*s)++;
    (*n)--;
  }
  while (*n && (is_blank((*s)[*n - 1]) || (*s)[*n - 1] == '\n')) (*n)--;
}

/* Copies s[0..n) trimmed, with runs of white space collapsed to one space. */
static char *collapse_dup(const char *s, size_t n) {
  trim(&s, &n);
  ng_buf b = {0};
  bool space = false;
  for (size_t i = 0; i < n; i++) {
    if (is_blank(s[i]) || s[i] == '\n') {
      space = true;
      continue;
    }
    if (space) ng_buf_putc(&b, ' ');
    space = false;
    ng_buf_putc(&b, s[i]);
  }
  if (!b.data) return ng_xstrdup("");
  return ng_buf_take(&b);
}

static void blank(char *s, size_t b, size_t e) {
  for (size_t i = b; i < e; i++)
    if (s[i] != '\n') s[i] = ' ';
}

/* "300 MB" for sizes of a MiB and more, else "N bytes". */
static void fmt_size(char *out, size_t cap, size_t n) {
  if (n >= ((size_t)1 << 20)) snprintf(out, cap, "%zu MB", (n + ((size_t)1 << 19)) >> 20);
  else snprintf(out, cap, "%zu bytes", n);
}

/* ---- SHA-256 of the input (Nettle) ---- */

/* Writes the lower-case hex SHA-256 of buf[0..len) and a NUL into out. */
static void sha256_hex(char out[65], const void *buf, size_t len) {
  struct sha256_ctx sc;
  uint8_t h[SHA256_DIGEST_SIZE];
  sha256_init(&sc);
  sha256_update(&sc, len, buf);
  sha256_digest(&sc, sizeof h, h);
  static const char hex[] = "0123456789abcdef";
  for (int k = 0; k < 32; k++) {
    unsigned char byte = h[k];
    out[2 * k] = hex[byte >> 4];
    out[2 * k + 1] = hex[byte & 15];
  }
  out[64] = '\0';
}

/* ---- validation ---- */

/* The continuation bytes a UTF-8 lead byte c needs (1..3) and the range of
 * the first of them (Unicode table 3-7); false if c leads no sequence. */
static bool utf8_lead(unsigned char c, size_t *need, unsigned char *lo, unsigned char *hi) {
  *lo = 0x80;
  *hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) *need = 1;
  else if (c == 0xE0) *need = 2, *lo = 0xA0;
  else if (c == 0xED) *need = 2, *hi = 0x9F;
  else if (c >= 0xE1 && c <= 0xEF) *need = 2;
  else if (c == 0xF0) *need = 3, *lo = 0x90;
  else if (c >= 0xF1 && c <= 0xF3) *need = 3;
  else if (c == 0xF4) *need = 3, *hi = 0x8F;
  else return false;
  return true;
}

/* Checks UTF-8 per Unicode table 3-7; on failure sets *bad and a reason.
 * The reference for the messages: validation finds the first bad sequence
 * with the fast scan below and calls this from there for the reason. */
static bool utf8_check(const unsigned char *s, size_t len, size_t *bad, char *why, size_t cap) {
  size_t i = 0;
  while (i < len) {
    unsigned char c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t need;
    unsigned char lo, hi;
    if (!utf8_lead(c, &need, &lo, &hi)) {
      *bad = i;
      if (c >= 0x80 && c <= 0xBF) snprintf(why, cap, "unexpected continuation byte 0x%02X", c);
      else if (c == 0xC0 || c == 0xC1) snprintf(why, cap, "overlong encoding, byte 0x%02X", c);
      else snprintf(why, cap, "byte 0x%02X never appears in UTF-8", c);
      return false;
    }
    for (size_t k = 1; k <= need; k++) {
      if (i + k >= len) {
        *bad = i;
        snprintf(why, cap, "truncated sequence: byte 0x%02X at end of input", c);
        return false;
      }
      unsigned char d = s[i + k];
      unsigned char l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
      if (d < l || d > h) {
        *bad = i;
        if (d >= 0x80 && d <= 0xBF && c == 0xED)
          snprintf(why, cap, "encoded surrogate 0x%02X 0x%02X", c, d);
        else if (d >= 0x80 && d <= 0xBF && c == 0xF4)
          snprintf(why, cap, "code point above U+10FFFF");
        else if (d >= 0x80 && d <= 0xBF)
          snprintf(why, cap, "overlong encoding 0x%02X 0x%02X", c, d);
        else
          snprintf(why, cap, "byte 0x%02X not followed by a continuation byte", c);
        return false;
      }
    }
    i += need + 1;
  }
  return true;
}

static size_t bom_len(const char *s, size_t n) {
  return (n >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
          (unsigned char)s[2] == 0xBF) ? 3 : 0;
}

static bool is_bad_control(unsigned char c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F;
}

/* Length of the valid UTF-8 sequence that starts with the byte >= 0x80 at
 * s[i] (2..4), or 0 when it is not valid there (as utf8_check judges). */
static size_t utf8_seq(const unsigned char *s, size_t i, size_t len) {
  unsigned char lo, hi;
  size_t need;
  if (!utf8_lead(s[i], &need, &lo, &hi)) return 0;
  if (len - i <= need || s[i + 1] < lo || s[i + 1] > hi) return 0;
  for (size_t k = 2; k <= need; k++)
    if ((s[i + k] & 0xC0) != 0x80) return 0;
  return need + 1;
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Whether the eight bytes in w are all printable ASCII (0x20..0x7E): no
 * control byte, no DEL, nothing >= 0x80. Exact as a yes/no: below the
 * lowest byte out of range nothing carries or borrows, and that byte sets
 * its high bit in w (>= 0x80), w + 1 (0x7F) or w - 0x20 (< 0x20). */
static inline bool plain_word(uint64_t w) {
  return ((w | (w + ONES) | (w - ONES * 0x20)) & HIGHS) == 0;
}

/* Byte classes for scan_bytes: text, a control byte that makes a file look
 * binary (is_bad_control), the lead of a UTF-8 sequence (or a bad byte). */
enum { B_TEXT, B_CONTROL, B_HIGH };
#define B_C B_CONTROL
#define B_H4 B_HIGH, B_HIGH, B_HIGH, B_HIGH
#define B_H16 B_H4, B_H4, B_H4, B_H4
#define B_T4 B_TEXT, B_TEXT, B_TEXT, B_TEXT
#define B_T16 B_T4, B_T4, B_T4, B_T4
static const unsigned char BYTE_CLASS[256] = {
    B_C, B_C, B_C, B_C, B_C, B_C, B_C, B_C, B_C, B_TEXT, B_TEXT, B_C, B_TEXT, B_TEXT, B_C, B_C,
    B_C, B_C, B_C, B_C, B_C, B_C, B_C, B_C, B_C, B_C, B_C, B_C, B_C, B_C, B_C, B_C,
    B_T16, B_T16, B_T16, B_T16, B_T16,
    B_T4, B_T4, B_T4, B_TEXT, B_TEXT, B_TEXT, B_C, /* 0x7F DEL */
    B_H16, B_H16, B_H16, B_H16, B_H16, B_H16, B_H16, B_H16};
#undef B_C
#undef B_H4
#undef B_H16
#undef B_T4
#undef B_T16

/* What validation needs to know of the bytes, found in one pass. */
typedef struct byte_scan {
  size_t nul;      /* byte offset of the first NUL, or len */
  size_t control;  /* byte offset of the first is_bad_control byte, or len */
  size_t controls; /* number of is_bad_control bytes (NULs included) */
  size_t bad_utf8; /* byte offset of the first invalid UTF-8 sequence, or len */
} byte_scan;

/* One pass over s[0..len): printable ASCII eight bytes at a time, the
 * rest byte by byte. Every ASCII byte is looked at (a valid sequence holds
 * none, a bad lead byte is stepped over alone), so the control counts are
 * those of the whole input even after a UTF-8 error. */
static void scan_bytes(byte_scan *r, const unsigned char *s, size_t len, bool utf8_only) {
  r->nul = r->control = r->bad_utf8 = len;
  r->controls = 0;
  size_t i = 0;
  while (i < len) {
    uint64_t w;
    if (utf8_only) {
      while (len - i >= 8 && (memcpy(&w, s + i, 8), (w & HIGHS) == 0)) i += 8;
    } else {
      uint64_t w2;
      while (len - i >= 16 && (memcpy(&w, s + i, 8), memcpy(&w2, s + i + 8, 8),
                               plain_word(w) && plain_word(w2)))
        i += 16;
      while (len - i >= 8 && (memcpy(&w, s + i, 8), plain_word(w))) i += 8;
    }
    /* the word that stopped the loop, byte by byte */
    size_t stop = len - i > 8 ? i + 8 : len;
    while (i < stop) {
      unsigned char c = s[i];
      if (BYTE_CLASS[c] == B_TEXT) {
        i++;
      } else if (BYTE_CLASS[c] == B_CONTROL) {
        if (!c && r->nul == len) r->nul = i;
        if (r->control == len) r->control = i;
        r->controls++;
        i++;
      } else {
        size_t n = utf8_seq(s, i, len);
        if (!n) {
          if (r->bad_utf8 == len) r->bad_utf8 = i;
          if (utf8_only) return;
          n = 1;
        }
        i += n;
      }
    }
  }
}

bool ng_utf8_valid(const char *buf, size_t len, size_t *bad) {
  byte_scan r;
  scan_bytes(&r, (const unsigned char *)buf, len, true);
  if (r.bad_utf8 < len && bad) *bad = r.bad_utf8;
  return r.bad_utf8 == len;
}

/* Empty, binary or invalid UTF-8 input: reports and returns NG_E_INPUT.
 * *controls is the number of is_bad_control bytes found. */
static int validate(const char *path, const char *buf, size_t len, ng_diag *d, size_t *controls) {
  size_t b = bom_len(buf, len);
  size_t i = b;
  *controls = 0;
  while (i < len && (is_blank(buf[i]) || buf[i] == '\n')) i++;
  if (i == len) {
    ng_diag_report(d, NG_DIAG_ERROR, path, 0, 0, NG_D_EMPTY,
                   len ? "file holds only white space" : "empty file");
    return NG_E_INPUT;
  }
  byte_scan r;
  scan_bytes(&r, (const unsigned char *)buf, len, false);
  *controls = r.controls;
  /* NUL anywhere, or more than a few other control bytes (more than 8 and
   * more than 1 in 1000) means this is not text */
  if (r.nul < len || (r.controls > 8 && r.controls * 1000 > len)) {
    size_t at = r.nul < len ? r.nul : r.control;
    unsigned line, col;
    ng_diag_position(buf, len, at, &line, &col);
    if (r.nul < len)
      ng_diag_report(d, NG_DIAG_ERROR, path, line, col, NG_D_BINARY, "binary file (NUL byte)");
    else
      ng_diag_report(d, NG_DIAG_ERROR, path, line, col, NG_D_BINARY,
                     "binary file (%zu control bytes, the first is 0x%02X)", r.controls,
                     (unsigned char)buf[at]);
    return NG_E_INPUT;
  }
  if (r.bad_utf8 < len) {
    size_t bad;
    char why[96];
    utf8_check((const unsigned char *)buf + r.bad_utf8, len - r.bad_utf8, &bad, why, sizeof why);
    unsigned line, col;
    ng_diag_position(buf, len, r.bad_utf8, &line, &col);
    ng_diag_report(d, NG_DIAG_ERROR, path, line, col, NG_D_UTF8, "invalid UTF-8 (%s)", why);
    return NG_E_INPUT;
  }
  return NG_OK;
}

/* ---- format detection ---- */

static const char *extension(const char *name) {
  if (!name) return "";
  const char *slash = strrchr(name, '/');
  const char *base = slash ? slash + 1 : name;
  const char *dot = strrchr(base, '.');
  return (dot && dot != base) ? dot + 1 : "";
}

/* Counts occurrences of the tag opener p (case-insensitive) in s[0..n). */
static size_t count_tag(const char *s, size_t n, const char *p) {
  size_t m = strlen(p), c = 0;
  for (size_t i = 0; i + m <= n; i++)
    if (s[i] == '<' && iprefix(s + i, n - i, p)) c++;
  return c;
}

ng_format ng_detect_format(const char *name, const char *buf, size_t len) {
  const char *ext = extension(name);
  if (!strcasecmp(ext, "html") || !strcasecmp(ext, "htm") || !strcasecmp(ext, "xhtml"))
    return NG_FMT_HTML;
  size_t i = bom_len(buf, len);
  while (i < len && (is_blank(buf[i]) || buf[i] == '\n')) i++;
  const char *s = buf + i;
  size_t n = len - i;
  if (iprefix(s, n, "<!doctype html") || iprefix(s, n, "<html")) return NG_FMT_HTML;
  if (!strcasecmp(ext, "md") || !strcasecmp(ext, "markdown")) return NG_FMT_MARKDOWN;
  size_t early = n < 2048 ? n : 2048;
  bool tags = early && memchr(s, '<', early) != NULL; /* plain text has none: skip the counts */
  if (tags && s[0] == '<' &&
      (count_tag(s, early, "<body") + count_tag(s, early, "<head") + count_tag(s, early, "<p>") +
       count_tag(s, early, "<p ") + count_tag(s, early, "<div")) > 0)
    return NG_FMT_HTML;
  if (tags && (count_tag(s, early, "<body") ||
               count_tag(s, early, "<p>") + count_tag(s, early, "<div") >= 2))
    return NG_FMT_HTML;
  /* Markdown signals in the first 64 KiB: ATX headings, bullets, links */
  size_t scan = n < 65536 ? n : 65536;
  for (size_t b = 0; b < scan;) {
    const char *nl = memchr(s + b, '\n', scan - b);
    size_t e = nl ? (size_t)(nl - s) : scan;
    const char *l = s + b;
    size_t ln = e - b;
    while (ln && is_blank(*l)) l++, ln--;
    if (ln >= 2 && l[0] == '#' && (l[1] == '#' || l[1] == ' ')) return NG_FMT_MARKDOWN;
    if (ln >= 2 && (l[0] == '*' || l[0] == '-') && l[1] == ' ') return NG_FMT_MARKDOWN;
    const char *lb = ln ? memchr(l, '[', ln) : NULL;
    if (lb) {
      const char *rb = memchr(lb, ']', (size_t)(l + ln - lb));
      if (rb && rb + 1 < l + ln && rb[1] == '(') return NG_FMT_MARKDOWN;
    }
    b = e + 1;
  }
  return NG_FMT_TEXT;
}

/* ---- dates ---- */

static const char *const MONTHS[] = {"january", "february", "march",     "april",
                                     "may",     "june",     "july",      "august",
                                     "september", "october", "november", "december"};

/* Month number (1..12) of the word s[0..n) ("September", "Sept", "Sep", "Jun"), or 0. */
static int month_of(const char *s, size_t n) {
  if (n < 3) return 0;
  char first = lower(s[0]);
  for (int m = 0; m < 12; m++) {
    if (MONTHS[m][0] != first) continue; /* most words are no month */
    size_t full = strlen(MONTHS[m]);
    if (n > full) continue;
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) ok = lower(s[i]) == MONTHS[m][i];
    if (ok && (n == full || n == 3 || (m == 8 && n == 4))) return m + 1;
  }
  return 0;
}

static bool valid_ymd(int y, int m, int d) {
  static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days[m - 1]) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(m == 2 && d == 29 && !leap);
}

typedef struct scan {
  const char *s;
  size_t n, i;
} scan;

static void skip_sp(scan *c) {
  while (c->i < c->n && (is_blank(c->s[c->i]) || c->s[c->i] == ',')) c->i++;
}

static int read_num(scan *c, size_t maxd) {
  size_t k = 0;
  int v = 0;
  while (c->i < c->n && is_digit(c->s[c->i]) && k < maxd) v = v * 10 + (c->s[c->i++] - '0'), k++;
  if (!k || (c->i < c->n && is_digit(c->s[c->i]))) return -1;
  return v;
}

static int read_month(scan *c) {
  size_t b = c->i;
  while (c->i < c->n && is_alpha(c->s[c->i])) c->i++;
  int m = month_of(c->s + b, c->i - b);
  if (m && c->i < c->n && c->s[c->i] == '.') c->i++;
  return m;
}

/* Parses a line that is nothing but a date: "September 11, 2015", "Sept. 18,
 * 2015", "17 September 2015", "2015-09-11", optionally after a weekday
 * ("Friday, September 11, 2015"). Writes "YYYY-MM-DD" into iso. */
static bool parse_date(const char *s, size_t n, char iso[11]) {
  trim(&s, &n);
  scan c = {s, n, 0};
  int y = -1, m = 0, d = -1;
  if (n >= 10 && is_digit(s[0]) && is_digit(s[3]) && s[4] == '-' && s[7] == '-') {
    y = read_num(&c, 4);
    c.i++;
    m = read_num(&c, 2);
    c.i++;
    d = read_num(&c, 2);
    /* an ISO timestamp may follow ("2015-09-11T08:00:00Z") */
    if (c.i < n && (s[c.i] == 'T' || s[c.i] == ' ')) c.i = n;
  } else {
    static const char *const DAYS[] = {"monday", "tuesday", "wednesday", "thursday",
                                       "friday", "saturday", "sunday"};
    for (int k = 0; k < 7; k++)
      if (n && lower(s[0]) == DAYS[k][0] && iprefix(s, n, DAYS[k])) {
        c.i = strlen(DAYS[k]);
        skip_sp(&c);
        break;
      }
    if (c.i < n && is_digit(s[c.i])) {
      d = read_num(&c, 2);
      skip_sp(&c);
      m = read_month(&c);
    } else {
      m = read_month(&c);
      skip_sp(&c);
      d = read_num(&c, 2);
    }
    skip_sp(&c);
    y = read_num(&c, 4);
  }
  skip_sp(&c);
  if (c.i != n || !valid_ymd(y, m, d)) return false;
  /* valid_ymd bounds the fields, so the digits are written directly */
  const int v[3] = {y, m, d}, w[3] = {4, 2, 2};
  size_t o = 0;
  for (int f = 0; f < 3; f++) {
    if (f) iso[o++] = '-';
    for (int k = w[f] - 1, x = v[f]; k >= 0; k--, x /= 10) iso[o + (size_t)k] = (char)('0' + x % 10);
    o += (size_t)w[f];
  }
  iso[o] = '\0';
  return true;
}

/* ---- text and Markdown ---- */

typedef struct line {
  size_t b, e;   /* byte range in the text, without the newline */
  size_t cb, ce; /* the "core": trimmed, list/heading/quote markers skipped */
  bool heading;  /* an ATX heading ('#' marked) */
  bool furniture;
} line;

typedef NG_VEC(line) lines;

static void split_lines(lines *out, const char *s, size_t n) {
  size_t b = 0;
  while (b <= n) {
    const char *nl = b < n ? memchr(s + b, '\n', n - b) : NULL;
    size_t e = nl ? (size_t)(nl - s) : n;
    line l = {b, e, b, e, false, false};
    NG_VEC_PUSH(*out, l);
    if (!nl) break;
    b = e + 1;
  }
}

/* Finds the core of a line: skips indentation, '>' quote markers, '#'
 * heading markers, list bullets and numbers, and '*'/'_' emphasis runs
 * wrapping the whole line. */
static void find_core(line *l, const char *s) {
  size_t b = l->b, e = l->e;
  while (b < e && (is_blank(s[b]) || s[b] == '>')) b++;
  size_t h = b;
  while (h < e && s[h] == '#') h++;
  if (h > b && h - b <= 6 && (h == e || is_blank(s[h]))) {
    l->heading = true;
    b = h;
  } else if (b + 1 < e && (s[b] == '*' || s[b] == '-' || s[b] == '+') && is_blank(s[b + 1])) {
    b += 2;
  } else {
    size_t k = b;
    while (k < e && k - b < 3 && is_digit(s[k])) k++;
    if (k > b && k + 1 < e && (s[k] == '.' || s[k] == ')') && is_blank(s[k + 1])) b = k + 2;
  }
  while (b < e && is_blank(s[b])) b++;
  while (e > b && (is_blank(s[e - 1]) || (l->heading && s[e - 1] == '#'))) e--;
  /* "**Advertisement**": emphasis around the whole line, on both ends */
  size_t lead = 0, tail = 0;
  while (b + lead < e && (s[b + lead] == '*' || s[b + lead] == '_')) lead++;
  while (e - tail > b + lead && (s[e - tail - 1] == '*' || s[e - tail - 1] == '_')) tail++;
  if (lead && tail) {
    b += lead;
    e -= tail;
    while (b < e && is_blank(s[b])) b++;
    while (e > b && is_blank(s[e - 1])) e--;
  }
  l->cb = b;
  l->ce = e;
}

/* Page furniture: navigation, sharing, advertising, credits, copyright
 * lines, as seen in the demo corpus (DW, AP, NYT, Moscow Times pages saved
 * as text). Matched on the whole trimmed line, so prose is not touched. */
#define LIT(x) {x, sizeof(x) - 1}
static bool is_furniture(const char *s, size_t n) {
  /* with their lengths: most lines are longer than any of them */
  static const struct {
    const char *s;
    size_t n;
  } EXACT[] = {
      LIT("advertisement"), LIT("share"), LIT("share this"), LIT("share this article"),
      LIT("share this story"), LIT("print"), LIT("email"), LIT("e-mail"), LIT("follow us"),
      LIT("related"), LIT("read more"), LIT("read more:"), LIT("related:"),
      LIT("related stories"), LIT("related articles"), LIT("all rights reserved"),
      LIT("all rights reserved."), LIT("sign up"), LIT("comments"), LIT("©")},
    PREFIX[] = {
      LIT("skip to "), LIT("image: "), LIT("image:"), LIT("photo: "), LIT("photograph: "),
      LIT("photos: "), LIT("image caption"), LIT("image copyright"), LIT("media caption"),
      LIT("©"), LIT("credit:"), LIT("all rights reserved"), LIT("sign up "),
      LIT("follow us on "), LIT("share on "), LIT("read more: ")};
  if (!n) return false;
  for (size_t k = 0; k < sizeof EXACT / sizeof *EXACT; k++)
    if (EXACT[k].n == n && imatch(s, EXACT[k].s, n)) return true;
  for (size_t k = 0; k < sizeof PREFIX / sizeof *PREFIX; k++)
    if (PREFIX[k].n <= n && imatch(s, PREFIX[k].s, PREFIX[k].n)) return true;
  bool final_period = s[n - 1] == '.';
  /* "Credit Pool photo by Evan Vucci" — but not "Credit Suisse said ... ." */
  if (iprefix(s, n, "credit ") && n < 120 && !final_period) return true;
  /* "Copyright 2015 The Associated Press. All rights reserved. ..." */
  if (iprefix(s, n, "copyright") &&
      (n < 100 || strstr(s, "rights reserved") || (n > 10 && is_digit(s[10]))))
    return true;
  return false;
}
#undef LIT

/* Where a caption ends in a glued credit ("...in SyriaImage: picture-alliance/..."),
 * the offset of "Image:" in s[b..e), else e. */
static size_t glued_credit(const char *s, size_t b, size_t e) {
  /* a credit is under 120 bytes from the end: only look there */
  size_t i = e >= 119 && e - 119 > b + 1 ? e - 119 : b + 1;
  for (; i + 7 <= e; i++) {
    const char *p = memchr(s + i, 'I', e - 7 + 1 - i);
    if (!p) break;
    i = (size_t)(p - s);
    if (!memcmp(s + i, "Image: ", 7) && !is_blank(s[i - 1])) return i;
  }
  return e;
}

/* Blanks Markdown inline syntax in s[b..e): links, images, emphasis pairs,
 * backslash escapes, inline HTML tags. */
#define INLINE_SPAN 1000 /* longest link label or emphasis looked for: keeps a line linear */
#define URL_SPAN 4096    /* longest link target looked for */
#define SPAN_END(from, e, span) ((e) - (from) > (span) ? (from) + (span) : (e))

/* The bytes blank_inline acts on in Markdown: ! [ \\ < * _ */
static const bool MD_MARK[256] = {['!'] = true, ['['] = true, ['\\'] = true,
                                  ['<'] = true, ['*'] = true, ['_'] = true};

static void blank_inline(char *s, size_t b, size_t e, bool markdown) {
  /* the look-ahead scans below may cost at most a few passes over the line;
     a line that would need more (thousands of unclosed brackets) keeps the
     rest of its markup as text rather than take quadratic time */
  size_t budget = 8 * (e - b) + 65536;
#define SPEND(n)                                                                                   \
  do {                                                                                             \
    if (budget < (n)) return;                                                                      \
    budget -= (n);                                                                                 \
  } while (0)
  for (size_t i = b; i < e; i++) {
    if (markdown) { /* to the next byte that can start markup */
      while (i < e && !MD_MARK[(unsigned char)s[i]]) i++;
      if (i == e) break;
    } else { /* plain text: only [label](url) and ![alt](url) matter */
      const char *lb = memchr(s + i, '[', e - i);
      if (!lb) break;
      size_t j = (size_t)(lb - s);
      if (j > i && s[j - 1] == '!') j--;
      i = j;
    }
    char c = s[i];
    if (c == '!' && i + 1 < e && s[i + 1] == '[') {
      /* image: ![alt](url) -> all blanked */
      SPEND(SPAN_END(i, e, INLINE_SPAN) - i + URL_SPAN);
      const char *rb = memchr(s + i, ']', SPAN_END(i, e, INLINE_SPAN) - i);
      if (rb && (size_t)(rb - s) + 1 < e && rb[1] == '(') {
        size_t rbi = (size_t)(rb - s);
        const char *rp = memchr(rb, ')', SPAN_END(rbi, e, URL_SPAN) - rbi);
        if (rp) {
          blank(s, i, (size_t)(rp - s) + 1);
          i = (size_t)(rp - s);
          continue;
        }
      }
    }
    if (c == '[') {
      /* [label](url) or [label][ref]: keep the label */
      size_t depth = 0, k = i, kend = SPAN_END(i, e, INLINE_SPAN);
      SPEND(kend - i + URL_SPAN);
      for (; k < kend; k++) {
        if (s[k] == '[') depth++;
        else if (s[k] == ']' && --depth == 0) break;
      }
      if (k < kend && k + 1 < e && (s[k + 1] == '(' || s[k + 1] == '[')) {
        char close = s[k + 1] == '(' ? ')' : ']';
        const char *rp = memchr(s + k + 1, close, SPAN_END(k + 1, e, URL_SPAN) - k - 1);
        if (rp) {
          s[i] = ' ';
          blank(s, k, (size_t)(rp - s) + 1);
          continue;
        }
      }
    }
    if (!markdown) continue;
    if (c == '\\' && i + 1 < e && strchr("\\`*_{}[]()#+-.!", s[i + 1]) && s[i + 1]) {
      s[i] = ' ';
      i++;
      continue;
    }
    if (c == '<' && i + 1 < e && (is_alpha(s[i + 1]) || s[i + 1] == '/')) {
      size_t k = i + 1;
      while (k < e && k - i < 200 && s[k] != '>' && s[k] != '<') k++;
      if (k < e && s[k] == '>') {
        blank(s, i, k + 1);
        i = k;
        continue;
      }
    }
    if (c == '*' || c == '_') {
      /* an opening run followed by text and a closing run of the same length */
      size_t r = i;
      while (r < e && s[r] == c) r++;
      size_t run = r - i;
      if (run > 3 || r >= e || is_blank(s[r])) {
        i = r - 1;
        continue;
      }
      if (c == '_' && i > b && (is_alpha(s[i - 1]) || is_digit(s[i - 1]))) {
        i = r - 1;
        continue;
      }
      SPEND(SPAN_END(r, e, INLINE_SPAN) - r);
      for (size_t k = r + 1; k + run <= e && k - r < INLINE_SPAN; k++) {
        if (s[k] != c) continue;
        size_t q = k;
        while (q < e && s[q] == c) q++;
        bool closes = q - k == run && !is_blank(s[k - 1]) &&
                      !(c == '_' && q < e && (is_alpha(s[q]) || is_digit(s[q])));
        if (closes) {
          blank(s, i, r);
          blank(s, k, q);
          break;
        }
        k = q - 1;
      }
      i = r - 1;
    }
  }
}

#undef SPEND

static bool ends_sentence(const char *s, size_t n) {
  while (n && (s[n - 1] == '"' || s[n - 1] == '\'' || s[n - 1] == ')' || s[n - 1] == ']' ||
               (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
                ((unsigned char)s[n - 1] == 0x9D || (unsigned char)s[n - 1] == 0x99)))) {
    n -= (unsigned char)s[n - 1] >= 0x80 ? 3 : 1;
  }
  return n && (s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == '?');
}

/* A short line of 2-4 capitalised words ("Bill Van Auken"), as a byline next
 * to the date. Name particles may be lower case. */
static bool looks_like_name(const char *s, size_t n) {
  static const char *const PARTICLES[] = {"de", "van", "von", "der", "al", "bin", "la", "le",
                                          "du", "da", "di", "el", NULL};
  if (!n || n > 60) return false;
  size_t words = 0;
  for (size_t i = 0; i < n;) {
    while (i < n && is_blank(s[i])) i++;
    if (i >= n) break;
    size_t b = i;
    while (i < n && !is_blank(s[i])) i++;
    words++;
    bool particle = false;
    for (const char *const *p = PARTICLES; *p; p++)
      if (iequal(s + b, i - b, *p) && !is_upper(s[b])) particle = true;
    if (particle && words > 1) continue;
    if (!is_upper(s[b]) && (unsigned char)s[b] < 0x80) return false;
    for (size_t k = b; k < i; k++)
      if (is_digit(s[k]) || s[k] == ',' || s[k] == ':' || s[k] == ';' || s[k] == '|') return false;
  }
  return words >= 2 && words <= 4;
}

/* Blanks furniture and markup in text (same length as the input) and fills
 * the metadata fields of doc from the lines. controls: the text holds
 * is_bad_control bytes (validation counted them), to be blanked. */
static void clean_text(ng_doc *doc, bool markdown, bool controls) {
  char *s = doc->text;
  size_t n = doc->text_len;
  blank(s, 0, bom_len(s, n));
  for (size_t i = 0; controls && i < n; i++)
    if (is_bad_control((unsigned char)s[i])) s[i] = ' ';
  /* HTML comments, possibly over several lines */
  for (char *p = strstr(s, "<!--"); p; p = strstr(p, "<!--")) {
    char *q = strstr(p + 4, "-->");
    size_t end = q ? (size_t)(q - s) + 3 : n;
    blank(s, (size_t)(p - s), end);
    p = s + end;
  }

  lines ls = {0};
  split_lines(&ls, s, n);
  for (size_t k = 0; k < ls.n; k++) find_core(&ls.v[k], s);

  /* pass 1: whole-line furniture and metadata lines */
  for (size_t k = 0; k < ls.n; k++) {
    line *l = &ls.v[k];
    const char *c = s + l->cb;
    size_t cn = l->ce - l->cb;
    if (!cn) continue;
    if (iprefix(c, cn, "original url:")) {
      const char *u = c + 13;
      size_t un = cn - 13;
      trim(&u, &un);
      l->furniture = true;
      if (!un) { /* the URL on the next non-blank line */
        for (size_t j = k + 1; j < ls.n && j <= k + 3; j++) {
          line *x = &ls.v[j];
          if (x->ce == x->cb) continue;
          if (iprefix(s + x->cb, x->ce - x->cb, "http")) {
            u = s + x->cb;
            un = x->ce - x->cb;
            x->furniture = true;
          }
          break;
        }
      }
      if (un && !doc->url) doc->url = ng_xstrndup(u, un);
      continue;
    }
    if (iprefix(c, cn, "source:") || iprefix(c, cn, "publisher:")) {
      size_t skip = lower(c[0]) == 's' ? 7 : 10;
      const char *p = c + skip;
      size_t pn = cn - skip;
      trim(&p, &pn);
      if (pn && pn < 100) {
        if (!doc->publisher) doc->publisher = ng_xstrndup(p, pn);
        l->furniture = true;
      }
      continue;
    }
    if (is_furniture(c, cn)) {
      l->furniture = true;
      /* the caption line directly above an image credit */
      bool image = iprefix(c, cn, "image") || iprefix(c, cn, "photo") || iprefix(c, cn, "credit");
      if (image && k > 0) {
        line *p = &ls.v[k - 1];
        size_t pn = p->ce - p->cb;
        if (pn && pn < 200 && !p->heading && !iprefix(s + p->cb, pn, "by ") &&
            !parse_date(s + p->cb, pn, (char[11]){0}))
          p->furniture = true;
      }
      continue;
    }
    size_t g = glued_credit(s, l->cb, l->ce);
    if (g < l->ce) {
      /* "...caption textImage: credit": the whole line is caption, and so
       * is a short title line directly above it */
      l->furniture = true;
      if (k > 0) {
        line *p = &ls.v[k - 1];
        size_t pn = p->ce - p->cb;
        if (pn && pn < 200 && !p->heading && !ends_sentence(s + p->cb, pn)) p->furniture = true;
      }
    }
  }

  /* pass 2: metadata from the first lines (before furniture is blanked) */
  size_t date_line = ls.n, seen = 0;
  for (size_t k = 0; k < ls.n && seen < 15; k++) {
    line *l = &ls.v[k];
    if (l->ce == l->cb || l->furniture) continue;
    seen++;
    char iso[11];
    if (parse_date(s + l->cb, l->ce - l->cb, iso)) {
      doc->date = collapse_dup(s + l->cb, l->ce - l->cb);
      doc->date_iso = ng_xstrdup(iso);
      date_line = k;
      break;
    }
  }
  seen = 0;
  for (size_t k = 0; k < ls.n && seen < 30 && !doc->author; k++) {
    line *l = &ls.v[k];
    size_t cn = l->ce - l->cb;
    if (!cn || l->furniture) continue;
    seen++;
    const char *c = s + l->cb;
    if (cn > 3 && (!memcmp(c, "By ", 3) || !memcmp(c, "BY ", 3)) && cn < 120) {
      const char *a = c + 3;
      size_t an = cn - 3;
      for (size_t i = 0; i < an; i++)
        if (a[i] == ',' || a[i] == '|' || (a[i] == ' ' && i + 2 < an && a[i + 1] == '-' && a[i + 2] == ' ')) {
          an = i;
          break;
        }
      trim(&a, &an);
      if (an) doc->author = collapse_dup(a, an);
    }
  }
  if (!doc->author && date_line < ls.n) {
    /* 2-4 capitalised words directly above or below the date line */
    size_t cand[2] = {date_line - 1, date_line + 1};
    for (int i = 0; i < 2 && !doc->author; i++) {
      if (date_line == 0 && i == 0) continue;
      if (cand[i] >= ls.n) continue;
      line *l = &ls.v[cand[i]];
      if (l->furniture || l->heading) continue;
      if (looks_like_name(s + l->cb, l->ce - l->cb)) doc->author = collapse_dup(s + l->cb, l->ce - l->cb);
    }
  }

  /* pass 3: blank furniture lines and markup */
  for (size_t k = 0; k < ls.n; k++) {
    line *l = &ls.v[k];
    if (l->furniture) {
      blank(s, l->b, l->e);
      continue;
    }
    /* block markers before the core: '#', '>', bullets, list numbers */
    blank(s, l->b, l->cb);
    /* trailing emphasis and closing '#'s after the core */
    blank(s, l->ce, l->e);
    const char *c = s + l->cb;
    size_t cn = l->ce - l->cb;
    /* thematic breaks and setext underlines: "___", "---", "===" */
    bool rule = cn >= 3;
    for (size_t i = 0; i < cn && rule; i++)
      rule = c[i] == '-' || c[i] == '=' || c[i] == '_' || c[i] == '*' || is_blank(c[i]);
    if (rule || (cn >= 3 && !memcmp(c, "```", 3))) {
      blank(s, l->b, l->e);
      continue;
    }
    /* link reference definitions: "[1]: http://..." */
    if (cn > 3 && c[0] == '[') {
      const char *rb = memchr(c, ']', cn);
      if (rb && (size_t)(rb - c) + 1 < cn && rb[1] == ':') {
        blank(s, l->b, l->e);
        continue;
      }
    }
    blank_inline(s, l->cb, l->ce, markdown);
  }

  /* headline: the first heading, else a short first line without a period */
  for (size_t k = 0; k < ls.n && !doc->headline; k++) {
    line *l = &ls.v[k];
    if (l->heading && !l->furniture) {
      const char *c = s + l->cb;
      size_t cn = l->ce - l->cb;
      trim(&c, &cn);
      if (cn) doc->headline = collapse_dup(c, cn);
    }
  }
  for (size_t k = 0; k < ls.n && !doc->headline; k++) {
    line *l = &ls.v[k];
    if (l->furniture || l->ce == l->cb) continue;
    if (k == date_line) continue;
    const char *c = s + l->b;
    size_t cn = l->e - l->b;
    trim(&c, &cn);
    if (cn && cn < 200 && !ends_sentence(c, cn)) doc->headline = collapse_dup(c, cn);
    break;
  }
  free(ls.v);
}

/* ---- HTML ---- */

static bool name_is(const xmlNode *n, const char *name) {
  return n->name && !strcasecmp((const char *)n->name, name);
}

static bool name_in(const xmlNode *n, const char *const *list) {
  for (; *list; list++)
    if (name_is(n, *list)) return true;
  return false;
}

static const char *const SKIP_TAGS[] = {
    "head",   "script", "style",  "noscript", "template", "nav",    "header", "footer",
    "aside",  "form",   "button", "figure",   "figcaption", "iframe", "svg",  "select",
    "object", "embed",  "canvas", "math",     "title",    NULL};
static const char *const BLOCK_TAGS[] = {
    "p",  "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "br", "tr",
    "table", "section", "article", "blockquote", "main", "pre", "hr", "dl", "dt", "dd",
    "address", "center", "body", "caption", "details", "summary", NULL};
static const char *const SKIP_CLASS[] = {"share", "advert", "promo", "caption", "credit", "cookie",
                                         "newsletter", "related", "social", NULL};

static bool icontains(const char *hay, const char *needle) {
  size_t n = strlen(hay), m = strlen(needle);
  for (size_t i = 0; i + m <= n; i++)
    if (iprefix(hay + i, n - i, needle)) return true;
  return false;
}

static bool attr_has(const xmlNode *n, const char *attr, const char *const *words) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
  bool hit = false;
  if (v) {
    for (const char *const *w = words; *w && !hit; w++) hit = icontains((const char *)v, *w);
    xmlFree(v);
  }
  return hit;
}

static bool skip_element(const xmlNode *n) {
  if (name_in(n, SKIP_TAGS)) return true;
  if (name_is(n, "html") || name_is(n, "body")) return false;
  if (xmlHasProp(n, (const xmlChar *)"hidden")) return true;
  return attr_has(n, "class", SKIP_CLASS) || attr_has(n, "id", SKIP_CLASS);
}

typedef struct extract {
  ng_buf out;
  bool para;  /* a paragraph break is due before the next text */
  bool space; /* a space is due before the next text */
} extract;

static void put_text(extract *x, const char *t) {
  for (; *t; t++) {
    unsigned char c = (unsigned char)*t;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || is_bad_control(c)) {
      x->space = true; /* a stray control byte separates like white space */
      continue;
    }
    if (x->out.len) {
      if (x->para) ng_buf_puts(&x->out, "\n\n");
      else if (x->space) ng_buf_putc(&x->out, ' ');
    }
    x->para = x->space = false;
    ng_buf_putc(&x->out, (char)c);
  }
}

/* Text content of an element, collapsed ("" when none); caller frees. */
static char *node_text(xmlNode *n) {
  xmlChar *t = xmlNodeGetContent(n);
  char *r = t ? collapse_dup((const char *)t, strlen((const char *)t)) : ng_xstrdup("");
  xmlFree(t);
  return r;
}

static void set_once(char **field, const xmlChar *v) {
  if (*field || !v) return;
  char *c = collapse_dup((const char *)v, strlen((const char *)v));
  if (*c) *field = c;
  else free(c);
}

static void set_date(ng_doc *doc, const char *written, const char *machine) {
  if (doc->date) return;
  char iso[11];
  bool ok = (machine && parse_date(machine, strlen(machine) < 10 ? strlen(machine) : 10, iso)) ||
            (written && parse_date(written, strlen(written), iso));
  const char *show = written && *written ? written : machine;
  if (!show || !*show) return;
  doc->date = collapse_dup(show, strlen(show));
  if (ok) doc->date_iso = ng_xstrdup(iso);
}

/* Metadata from one element (meta, link, time, title, h1, byline). */
static void html_meta(ng_doc *doc, xmlNode *n, char **title, char **h1, char **og_title) {
  if (name_is(n, "meta")) {
    xmlChar *name = xmlGetProp(n, (const xmlChar *)"name");
    xmlChar *prop = xmlGetProp(n, (const xmlChar *)"property");
    xmlChar *content = xmlGetProp(n, (const xmlChar *)"content");
    const char *key = (const char *)(prop ? prop : name);
    if (key && content) {
      if (!strcasecmp(key, "og:title")) set_once(og_title, content);
      else if (!strcasecmp(key, "author") || !strcasecmp(key, "article:author") ||
               !strcasecmp(key, "dc.creator")) {
        if (strncmp((const char *)content, "http", 4)) set_once(&doc->author, content);
      } else if (!strcasecmp(key, "og:site_name")) set_once(&doc->publisher, content);
      else if (!strcasecmp(key, "og:url")) set_once(&doc->url, content);
      else if (!strcasecmp(key, "article:published_time") || !strcasecmp(key, "date") ||
               !strcasecmp(key, "pubdate") || !strcasecmp(key, "publish-date") ||
               !strcasecmp(key, "dc.date") || !strcasecmp(key, "dc.date.issued"))
        set_date(doc, NULL, (const char *)content);
    }
    xmlFree(name);
    xmlFree(prop);
    xmlFree(content);
  } else if (name_is(n, "link")) {
    xmlChar *rel = xmlGetProp(n, (const xmlChar *)"rel");
    xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");
    if (rel && href && !strcasecmp((const char *)rel, "canonical")) {
      free(doc->url); /* the canonical link wins over og:url */
      doc->url = NULL;
      set_once(&doc->url, href);
    }
    xmlFree(rel);
    xmlFree(href);
  } else if (name_is(n, "time")) {
    xmlChar *dt = xmlGetProp(n, (const xmlChar *)"datetime");
    char *t = node_text(n);
    set_date(doc, t, (const char *)dt);
    free(t);
    xmlFree(dt);
  } else if (name_is(n, "title") && !*title) {
    char *t = node_text(n);
    if (*t) *title = t;
    else free(t);
  } else if (name_is(n, "h1") && !*h1) {
    char *t = node_text(n);
    if (*t) *h1 = t;
    else free(t);
  } else if (!doc->author && attr_has(n, "class", (const char *const[]){"byline", NULL})) {
    char *t = node_text(n);
    const char *a = t;
    if (!strncmp(a, "By ", 3) || !strncmp(a, "by ", 3)) a += 3;
    if (*a && strlen(a) < 120) doc->author = ng_xstrdup(a);
    free(t);
  }
}

static void ignore_xml_error(void *ctx, xmlErrorPtr err) {
  (void)ctx;
  (void)err;
}

/* Parses raw as HTML into doc->text and metadata. Iterative walk: documents
 * nested 100,000 deep must not exhaust the stack. */
static int read_html(ng_doc *doc, ng_diag *d) {
  int rc = NG_OK;
  extract x = {{0}, false, false};
  char *title = NULL, *h1 = NULL, *og_title = NULL;
  xmlDocPtr html = NULL;
  xmlStructuredErrorFunc old_fn = xmlStructuredError;
  void *old_ctx = xmlStructuredErrorContext;
  xmlSetStructuredErrorFunc(NULL, ignore_xml_error);
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  if (!ctxt) {
    ng_diag_report(d, NG_DIAG_ERROR, doc->path, 0, 0, NG_D_HTML, "HTML parser could not start");
    rc = NG_E_INPUT;
    goto done;
  }
  ctxt->sax->serror = ignore_xml_error;
  int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                HTML_PARSE_NONET | HTML_PARSE_NOBLANKS | HTML_PARSE_IGNORE_ENC;
  html = htmlCtxtReadMemory(ctxt, doc->raw, (int)doc->raw_len, NULL, "UTF-8", options);
  if (!html) {
    ng_diag_report(d, NG_DIAG_ERROR, doc->path, 0, 0, NG_D_HTML, "HTML could not be parsed");
    rc = NG_E_INPUT;
    goto done;
  }
  xmlNode *root = xmlDocGetRootElement(html);
  xmlNode *n = root, *skip_root = NULL; /* skip_root: the skipped element we are inside */
  while (n) {
    if (n->type == XML_ELEMENT_NODE) {
      html_meta(doc, n, &title, &h1, &og_title); /* metadata also from <head> */
      if (!skip_root) {
        if (name_in(n, BLOCK_TAGS)) x.para = true;
        else if (name_is(n, "td") || name_is(n, "th")) x.space = true;
        if (skip_element(n)) skip_root = n;
      }
      if (n->children) {
        n = n->children;
        continue;
      }
    } else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && !skip_root &&
               n->content) {
      put_text(&x, (const char *)n->content);
    }
    /* leave n: next sibling, or climb (closing blocks) until one has a sibling */
    if (n == skip_root) skip_root = NULL;
    for (;;) {
      if (n == root) {
        n = NULL;
        break;
      }
      if (n->next) {
        n = n->next;
        break;
      }
      n = n->parent;
      if (!n) break;
      if (n == skip_root) skip_root = NULL;
      else if (!skip_root && n->type == XML_ELEMENT_NODE && name_in(n, BLOCK_TAGS)) x.para = true;
    }
  }
  /* og:title is written for sharing and is cleanest; <title> often carries
   * the site name, so the first <h1> comes before it */
  if (og_title) doc->headline = ng_xstrdup(og_title);
  else if (h1) doc->headline = ng_xstrdup(h1);
  else if (title) doc->headline = ng_xstrdup(title);
  if (!x.out.len) {
    ng_diag_report(d, NG_DIAG_ERROR, doc->path, 0, 0, NG_D_EMPTY, "HTML file has no text");
    rc = NG_E_INPUT;
    goto done;
  }
  utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)x.out.data);
  if (nfc) {
    doc->text = ng_xstrdup((const char *)nfc);
    free(nfc);
    ng_buf_free(&x.out);
  } else {
    doc->text = ng_buf_take(&x.out);
  }
  doc->text_len = strlen(doc->text);
  size_t bad;
  if (!ng_utf8_valid(doc->text, doc->text_len, &bad)) {
    ng_diag_report(d, NG_DIAG_ERROR, doc->path, 0, 0, NG_D_HTML,
                   "HTML text is not valid UTF-8 after extraction");
    rc = NG_E_INPUT;
  }
done:
  if (html) xmlFreeDoc(html);
  if (ctxt) htmlFreeParserCtxt(ctxt);
  xmlSetStructuredErrorFunc(old_ctx, old_fn);
  ng_buf_free(&x.out);
  free(title);
  free(h1);
  free(og_title);
  return rc;
}

/* ---- documents ---- */

static char *make_id(const char *name) {
  if (!name) return ng_xstrdup("memory");
  if (!strcmp(name, "-")) return ng_xstrdup("stdin");
  const char *slash = strrchr(name, '/');
  const char *base = slash ? slash + 1 : name;
  const char *dot = strrchr(base, '.');
  size_t n = (dot && dot != base) ? (size_t)(dot - base) : strlen(base);
  return ng_xstrndup(base, n);
}

void ng_doc_free(ng_doc *doc) {
  if (!doc) return;
  free(doc->path);
  free(doc->id);
  free(doc->raw);
  free(doc->text);
  free(doc->headline);
  free(doc->date);
  free(doc->date_iso);
  free(doc->author);
  free(doc->publisher);
  free(doc->url);
  free(doc);
}

void ng_doc_drop_raw(ng_doc *doc) {
  if (!doc) return;
  free(doc->raw);
  doc->raw = NULL;
}

static size_t max_size(const ng_read_opts *opts) {
  return (opts && opts->max_file_size) ? opts->max_file_size : DEFAULT_MAX_SIZE;
}

static void report_too_big(ng_diag *d, const char *path, size_t have, size_t limit, bool exact) {
  char a[32], b[32];
  fmt_size(a, sizeof a, have);
  fmt_size(b, sizeof b, limit);
  ng_diag_report(d, NG_DIAG_ERROR, path, 0, 0, NG_D_TOO_BIG,
                 "file is %s%s, larger than the limit of %s (--max-file-size)",
                 exact ? "" : "more than ", a, b);
}

/* Builds the document from raw (taken over: freed on failure). */
static int build(ng_doc **out, const char *name, char *raw, size_t len, const ng_read_opts *opts,
                 ng_diag *d) {
  int rc = NG_OK;
  ng_doc *doc = ng_xcalloc(1, sizeof *doc);
  doc->path = ng_xstrdup(name);
  doc->id = make_id(name);
  doc->raw = raw;
  doc->raw_len = len;
  size_t limit = max_size(opts);
  if (len > limit) {
    report_too_big(d, name, len, limit, true);
    rc = NG_E_LIMIT;
    goto done;
  }
  size_t controls;
  rc = validate(name, raw, len, d, &controls);
  if (rc) goto done;
  if (!opts || !opts->no_checksum) sha256_hex(doc->sha256, raw, len);
  ng_format fmt = opts ? opts->format : NG_FMT_AUTO;
  if (fmt == NG_FMT_AUTO) fmt = ng_detect_format(name, raw, len);
  doc->format = fmt;
  if (fmt == NG_FMT_HTML) {
    if (len > INT32_MAX) {
      report_too_big(d, name, len, INT32_MAX, true);
      rc = NG_E_LIMIT;
      goto done;
    }
    rc = read_html(doc, d);
    if (rc) goto done;
  } else {
    doc->text = ng_xstrndup(raw, len);
    doc->text_len = len;
    clean_text(doc, fmt == NG_FMT_MARKDOWN, controls > 0);
  }
done:
  if (rc) {
    ng_doc_free(doc);
    doc = NULL;
  }
  if (doc) *out = doc;
  return rc;
}

int ng_doc_read_memory(ng_doc **out, const char *name, const char *buf, size_t len,
                       const ng_read_opts *opts, ng_diag *d) {
  size_t limit = max_size(opts);
  if (len > limit) { /* before copying anything */
    report_too_big(d, name, len, limit, true);
    return NG_E_LIMIT;
  }
  return build(out, name, ng_xstrndup(buf, len), len, opts, d);
}

/* Reads all of fd into *b (at most limit + 1 bytes, then stops). want is
 * the expected size + 1 (or a first chunk); `size` is the size fstat gave a
 * regular file (0 if none). A regular file comes in one read() into a buffer
 * of its size: a read that returns exactly `size` bytes, fewer than it asked
 * for, has met the end — no second read to be told so (thousands of small
 * articles). Files that report no size, such as those of /proc, are read
 * until read() returns 0. Returns 0 or the errno of a failed read(). */
static int read_all(int fd, ng_buf *b, size_t want, size_t limit, size_t size) {
  for (;;) {
    if (b->cap - b->len < 2) {
      size_t cap = b->cap ? b->cap * 2 : want + 1;
      if (limit < SIZE_MAX - 2 && cap > limit + 2) cap = limit + 2; /* one byte past the limit + NUL */
      b->data = ng_xrealloc(b->data, cap);
      b->cap = cap;
    }
    size_t ask = b->cap - b->len - 1;
    ssize_t got = read(fd, b->data + b->len, ask);
    if (got < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    b->len += (size_t)got;
    if (got == 0 || b->len > limit) return 0;
    if (size && b->len == size && (size_t)got < ask) return 0;
  }
}

int ng_doc_read_file(ng_doc **out, const char *path, const ng_read_opts *opts, ng_diag *d) {
  int rc = NG_OK;
  bool is_stdin = !strcmp(path, "-");
  /* plain open/read rather than stdio: no FILE buffer to allocate and copy
     through, and no second fstat by stdio (thousands of small articles) */
  int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
  ng_buf b = {0};
  size_t limit = max_size(opts);
  if (fd < 0) {
    int e = errno;
    ng_diag_report(d, NG_DIAG_ERROR, path, 0, 0, e == ENOENT ? NG_D_NOT_FOUND : NG_D_OPEN,
                   "cannot open: %s", strerror(e));
    rc = NG_E_IO;
    goto done;
  }
  struct stat st;
  size_t want = 1 << 16, size = 0;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    if ((uintmax_t)st.st_size > (uintmax_t)limit) {
      report_too_big(d, path, (size_t)st.st_size, limit, true);
      rc = NG_E_LIMIT;
      goto done;
    }
    size = (size_t)st.st_size;
    want = size + 1;
  }
  int e = read_all(fd, &b, want, limit, size);
  if (e) {
    ng_diag_report(d, NG_DIAG_ERROR, path, 0, 0, NG_D_OPEN, "read error: %s", strerror(e));
    rc = NG_E_IO;
    goto done;
  }
  if (b.len > limit) { /* a pipe or a growing file */
    report_too_big(d, path, b.len, limit, false);
    rc = NG_E_LIMIT;
    goto done;
  }
  if (!b.data) b.data = ng_xstrdup("");
  b.data[b.len] = '\0';
  size_t len = b.len;
  rc = build(out, path, ng_buf_take(&b), len, opts, d);
done:
  if (fd >= 0 && !is_stdin) close(fd);
  ng_buf_free(&b);
  return rc;
}
