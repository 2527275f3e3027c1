/* outlet.c — the publisher of an article from its own text. See outlet.h.
 *
 * The outlet table (outlets.tsv among the embedded lexicon files) is parsed
 * once, on first use, and kept for the life of the process (reachable, never
 * freed). Each call is one pass over the article's lines; only short lines,
 * lines with a web address and copyright lines are compared with the table. */
#include "nlp/outlet.h"

#include "graph/base.h"
#include "nlp/lexicon.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

typedef struct outlet {
  char *name;      /* canonical */
  char **alias;    /* alias[0] is the name itself */
  size_t *alias_len;
  size_t n_alias;
  char **domain;
  size_t *domain_len;
  size_t n_domain;
} outlet;

static outlet *table;
static size_t n_table;
static size_t max_alias_len; /* a line longer than this is no outlet name alone */
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void split_into(const char *s, size_t n, char ***v, size_t **vlen, size_t *nv) {
  while (n) {
    const char *bar = memchr(s, '|', n);
    size_t k = bar ? (size_t)(bar - s) : n;
    if (k) {
      *v = ng_xrealloc(*v, (*nv + 1) * sizeof **v);
      *vlen = ng_xrealloc(*vlen, (*nv + 1) * sizeof **vlen);
      (*vlen)[*nv] = k;
      (*v)[(*nv)++] = ng_xstrndup(s, k);
    }
    if (!bar) break;
    s += k + 1;
    n -= k + 1;
  }
}

static void load_table(void) {
  const ng_lex_file *f = NULL;
  for (const ng_lex_file *x = ng_lex_embedded; x->name; x++)
    if (!strcmp(x->name, "outlets.tsv")) f = x;
  if (!f) return;
  const char *p = f->data, *end = f->data + f->len;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) nl = end;
    if (nl > p && *p != '#') {
      outlet o = {0};
      const char *q = p;
      bool first = true;
      while (q < nl) {
        const char *tab = memchr(q, '\t', (size_t)(nl - q));
        size_t k = tab ? (size_t)(tab - q) : (size_t)(nl - q);
        while (k && (q[k - 1] == '\r' || q[k - 1] == ' ')) k--;
        if (first) {
          o.name = ng_xstrndup(q, k);
          split_into(q, k, &o.alias, &o.alias_len, &o.n_alias);
          first = false;
        } else if (k > 6 && !memcmp(q, "alias=", 6)) {
          split_into(q + 6, k - 6, &o.alias, &o.alias_len, &o.n_alias);
        } else if (k > 7 && !memcmp(q, "domain=", 7)) {
          split_into(q + 7, k - 7, &o.domain, &o.domain_len, &o.n_domain);
        }
        q = tab ? tab + 1 : nl;
      }
      if (o.name && *o.name) {
        for (size_t a = 0; a < o.n_alias; a++)
          if (o.alias_len[a] > max_alias_len) max_alias_len = o.alias_len[a];
        table = ng_xrealloc(table, (n_table + 1) * sizeof *table);
        table[n_table++] = o;
      }
    }
    p = nl + 1;
  }
}

static bool alnum(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         (unsigned char)ch >= 0x80;
}

static char lower(char ch) { return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch; }

static bool ieq(const char *a, size_t an, const char *b, size_t bn) {
  if (an != bn) return false;
  for (size_t i = 0; i < an; i++)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

/* the outlet whose web host is h[0..n) or a subdomain of it */
static const outlet *by_host(const char *h, size_t n) {
  for (size_t i = 0; i < n_table; i++)
    for (size_t d = 0; d < table[i].n_domain; d++) {
      const char *dom = table[i].domain[d];
      size_t dn = table[i].domain_len[d];
      if (ieq(h, n, dom, dn) || (n > dn && h[n - dn - 1] == '.' && ieq(h + n - dn, dn, dom, dn)))
        return &table[i];
    }
  return NULL;
}

/* the host of the web address starting at u (with or without a scheme) */
static const outlet *by_url(const char *u, size_t n, size_t *url_len) {
  size_t i = 0;
  if (n >= 7 && ieq(u, 7, "http://", 7)) i = 7;
  else if (n >= 8 && ieq(u, 8, "https://", 8)) i = 8;
  size_t h = i;
  while (i < n && (alnum(u[i]) || u[i] == '.' || u[i] == '-')) i++;
  size_t hn = i - h;
  while (i < n && u[i] != ' ' && u[i] != '\t' && u[i] != ')' && u[i] != ']' && u[i] != '>' &&
         u[i] != '"')
    i++;
  if (url_len) *url_len = i;
  return hn ? by_host(u + h, hn) : NULL;
}

/* whether w[0..wn) (case-sensitive) occurs in s[0..n) as a whole word */
static bool has_word(const char *s, size_t n, const char *w, size_t wn) {
  if (wn > n) return false;
  /* hop between occurrences of the first byte (memchr) */
  for (const char *p = memchr(s, w[0], n - wn + 1); p;
       p = (size_t)(p - s) + 1 <= n - wn ? memchr(p + 1, w[0], n - wn - (size_t)(p - s)) : NULL) {
    size_t i = (size_t)(p - s);
    if (!memcmp(p, w, wn) && (i == 0 || !alnum(s[i - 1])) && (i + wn == n || !alnum(s[i + wn])))
      return true;
  }
  return false;
}

/* outlets named in s[0..n): the first one (NULL if none), *count = how many
   distinct; short all-capital aliases only if `short_ok` */
static const outlet *named_in(const char *s, size_t n, bool short_ok, unsigned *count) {
  const outlet *first = NULL;
  *count = 0;
  for (size_t i = 0; i < n_table; i++)
    for (size_t a = 0; a < table[i].n_alias; a++) {
      const char *al = table[i].alias[a];
      size_t an = table[i].alias_len[a];
      bool is_short = an <= 4;
      if (is_short && !short_ok) continue;
      if (has_word(s, n, al, an)) {
        if (!first) first = &table[i];
        (*count)++;
        break;
      }
    }
  return first;
}

static bool furniture_word(const char *s, size_t n) {
#define W(s) {s, sizeof s - 1}
  static const struct {
    const char *w;
    size_t n;
  } words[] = {W("skip"),   W("site"),       W("sites"),  W("menu"),   W("home"),
               W("subscribe"), W("newsletter"), W("follow"), W("share"), W("app"),
               W("apps"),   W("sign"),       W("log"),    W("download"), W("more"),
               W("navigation"), W("search")};
#undef W
  for (size_t i = 0; i < n;) {
    while (i < n && !alnum(s[i])) i++;
    size_t b = i;
    while (i < n && alnum(s[i])) i++;
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
      if (ieq(s + b, i - b, words[k].w, words[k].n)) return true;
  }
  return false;
}

/* whether s[0..n) has at most max words */
static bool at_most_words(const char *s, size_t n, size_t max) {
  size_t w = 0;
  for (size_t i = 0; i < n; i++)
    if (alnum(s[i]) && (i == 0 || !alnum(s[i - 1])) && ++w > max) return false;
  return true;
}

/* the first occurrence of w (lower case) in s[0..n), ignoring ASCII case */
static const char *find_ci(const char *s, size_t n, const char *w) {
  size_t wn = strlen(w);
  for (size_t i = 0; i + wn <= n; i++)
    if (lower(s[i]) == w[0] && ieq(s + i, wn, w, wn)) return s + i;
  return NULL;
}

/* What one line holds of the strongest cues, found in one pass over it: the
 * first web address of each form (rule 1 prefers "http://" anywhere to
 * "https://", and that to "www.") and whether "copyright" (any case) or "©"
 * occurs (rule 2). The pass stops only at the rare bytes that anchor a cue
 * (':' of "http://", '.' of "www.", 'g' of "copyright", the lead byte of
 * "©") and looks around them. */
typedef struct line_cues {
  const char *http, *https, *www;
  bool copyright;
} line_cues;

static const bool cue_anchor[256] = {[':'] = true, ['.'] = true, ['g'] = true, ['G'] = true,
                                     [0xC2] = true};

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* whether any byte of x is zero (exact for "any"; SWAR) */
static inline uint64_t zero_byte(uint64_t x) { return (x - ONES) & ~x & HIGHS; }

/* whether the 8 bytes at p hold an anchor byte: ':' '.' 'g' 'G' or 0xC2 */
static inline bool has_anchor(const char *p) {
  uint64_t x;
  memcpy(&x, p, 8);
  return zero_byte(x ^ ONES * ':') | zero_byte(x ^ ONES * '.') |
         zero_byte((x | ONES * 0x20) ^ ONES * 'g') | zero_byte(x ^ ONES * 0xC2);
}

static inline void anchor_at(const char *s, size_t n, size_t j, line_cues *c) {
  switch (s[j]) {
  case ':':
    if (n - j < 3 || s[j + 1] != '/' || s[j + 2] != '/') break;
    if (!c->http && j >= 4 && ieq(s + j - 4, 4, "http", 4)) c->http = s + j - 4;
    if (!c->https && j >= 5 && ieq(s + j - 5, 5, "https", 5)) c->https = s + j - 5;
    break;
  case '.':
    if (!c->www && j >= 3 && ieq(s + j - 3, 3, "www", 3)) c->www = s + j - 3;
    break;
  case 'g': case 'G': /* the only g of "copyright" */
    if (j >= 6 && n - j >= 3 && ieq(s + j - 6, 9, "copyright", 9)) c->copyright = true;
    break;
  case '\xC2':
    if (j + 1 < n && s[j + 1] == '\xA9') c->copyright = true;
    break;
  default:
    break;
  }
}

static void scan_line(const char *s, size_t n, line_cues *c) {
  memset(c, 0, sizeof *c);
  size_t j = 0;
  /* eight bytes at a time: most hold no anchor at all */
  for (; j + 8 <= n; j += 8)
    if (has_anchor(s + j))
      for (size_t k = j; k < j + 8; k++)
        if (cue_anchor[(unsigned char)s[k]]) anchor_at(s, n, k, c);
  for (; j < n; j++)
    if (cue_anchor[(unsigned char)s[j]]) anchor_at(s, n, j, c);
}

const char *ng_outlet_guess(const char *text, size_t len, const char *url) {
  pthread_once(&table_once, load_table);
  if (!n_table) return NULL;
  if (url && *url) {
    const outlet *o = by_url(url, strlen(url), NULL);
    if (o) return o->name;
  }
  const outlet *best = NULL;
  int best_rule = 99;
  size_t line_no = 0;
  for (size_t p = 0; p < len && best_rule > 1;) {
    const char *s = text + p;
    const char *nl = memchr(s, '\n', len - p);
    size_t n = nl ? (size_t)(nl - s) : len - p;
    p += n + 1;
    line_no++;
    /* trim blanks and Markdown/list markers */
    while (n && (*s == ' ' || *s == '\t' || *s == '*' || *s == '#' || *s == '>' || *s == '-')) {
      s++;
      n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '*')) n--;
    if (!n) continue;
    const outlet *o = NULL;
    unsigned cnt = 0;
    /* 1: a line that holds a web address, and little else */
    line_cues lc;
    scan_line(s, n, &lc);
    const char *u = lc.http ? lc.http : lc.https ? lc.https : lc.www;
    if (u) {
      size_t ul;
      o = by_url(u, n - (size_t)(u - s), &ul);
      bool label = find_ci(s, n < 20 ? n : 20, "url") || find_ci(s, n < 20 ? n : 20, "source");
      if (o && (2 * ul >= n || label)) {
        best = o;
        best_rule = 1;
        continue;
      }
    }
    /* 2: "Copyright 2015 The Associated Press", "© Reuters" */
    if (best_rule > 2 && lc.copyright) {
      o = named_in(s, n, true, &cnt);
      if (o && cnt == 1) {
        best = o;
        best_rule = 2;
        continue;
      }
    }
    if (n > 200) continue;
    /* 3: a dateline "BEIRUT (Reuters) —" near the top */
    if (best_rule > 3 && line_no <= 40) {
      for (size_t i = 0; i < n && best_rule > 3; i++) {
        const char *open = memchr(s + i, '(', n - i);
        if (!open) break;
        i = (size_t)(open - s);
        const char *close = memchr(s + i, ')', n - i);
        if (!close) break;
        size_t in = (size_t)(close - s) - i - 1;
        size_t k = (size_t)(close - s) + 1;
        while (k < n && s[k] == ' ') k++;
        bool dash = k < n && (s[k] == '-' || (k + 2 < n && (unsigned char)s[k] == 0xE2 &&
                                               (unsigned char)s[k + 1] == 0x80 &&
                                               ((unsigned char)s[k + 2] == 0x94 ||
                                                (unsigned char)s[k + 2] == 0x93)));
        if (!dash) continue;
        for (size_t t = 0; t < n_table && best_rule > 3; t++)
          for (size_t a = 0; a < table[t].n_alias; a++)
            if (ieq(s + i + 1, in, table[t].alias[a], table[t].alias_len[a]) &&
                !memcmp(s + i + 1, table[t].alias[a], in)) {
              best = &table[t];
              best_rule = 3;
              break;
            }
      }
    }
    if (best_rule <= 4) continue;
    /* 4: a byline line that is only the outlet ("Associated Press"), or ends
       with it ("By Jane Doe, Reuters"); other lines cannot match */
    bool by_line = n > 5 && (!memcmp(s, "By ", 3) || !memcmp(s, "BY ", 3));
    for (size_t t = 0; t < n_table && best_rule > 4 && (by_line || n <= max_alias_len); t++)
      for (size_t a = 0; a < table[t].n_alias; a++) {
        const char *al = table[t].alias[a];
        size_t an = table[t].alias_len[a];
        bool whole = n == an && !memcmp(s, al, an);
        size_t b = n > an ? n - an : 0;
        bool by = by_line && n > an + 5 &&
                  !memcmp(s + b, al, an) &&
                  ((s[b - 1] == ' ' && (s[b - 2] == ',' || s[b - 2] == '|')) ||
                   s[b - 1] == ',' || s[b - 1] == '|');
        if (whole || by) {
          best = &table[t];
          best_rule = 4;
          break;
        }
      }
    /* 5: furniture naming one outlet ("Skip to more DW sites") */
    if (best_rule > 5 && at_most_words(s, n, 10) && furniture_word(s, n)) {
      o = named_in(s, n, true, &cnt);
      if (o && cnt == 1) {
        best = o;
        best_rule = 5;
      }
    }
  }
  return best ? best->name : NULL;
}
