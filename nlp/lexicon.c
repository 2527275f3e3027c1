/* lexicon.c — loading the lexicon files and matching token sequences
 * against them.
 *
 * Keys are token texts joined by one space (’ folded to '). Two tables: one
 * for aliases with upper-case letters (matched exactly), one for all-lower
 * aliases (matched against the lower-cased text, plural folded on the last
 * word). Two more tables (exact and lower) hold first words with the longest
 * alias that starts with them, each behind a small Bloom filter, so most
 * tokens are rejected by ng_lex_prepare without a probe; a filter of key
 * prefixes stops multi-word probes early. Owns all its tables and strings;
 * used by nlp/ner.c, relate.c, tagger.c and outlet.c (the embedded files). */
#include "nlp/lexicon.h"

#include "graph/base.h"
#include "nlp/tok.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 12

typedef struct hitnode {
  ng_lex_hit hit;
  int32_t next;
} hitnode;

#define KT_SHORT 16 /* keys shorter than this live in their slot */

typedef struct kslot {
  uint64_t h;
  int32_t first;  /* head of hit list, or small int value for sets */
  int32_t alone;  /* first-word tables: head of the hit list of the word as a
                     one-word alias, -1 if it is none (link_alone) */
  char key[KT_SHORT]; /* the key and its NUL if it fits, else "" (long_key);
                         keys are never empty */
} kslot; /* 32 bytes, two to a cache line: a hit reads one line, not a
            scattered key string as well */

/* Open addressing, at most half full. A probe walks the tag array (4 bytes a
 * slot: the high half of the key hash, 0 for an empty slot) and touches a
 * slot and its key only when the tag matches, so a miss (most probes) reads
 * one small array instead of 24-byte slots and key strings scattered over
 * the heap: lexicon probes were cache-miss bound. */
typedef struct ktable {
  uint32_t *tag; /* cap tags */
  kslot *s;      /* cap slots, parallel to tag (64-byte aligned) */
  char **long_key; /* cap owned keys of KT_SHORT bytes or more, NULL for short ones */
  size_t cap, n;
} ktable;

static inline uint32_t kt_tag(uint64_t h) { return (uint32_t)(h >> 32) | 1; }

static inline const char *kt_key(const ktable *t, size_t i) {
  return t->s[i].key[0] ? t->s[i].key : t->long_key[i];
}

#define FIRST_BITS 65536
#define FIRST_BIT(h) ((h) >> 16 & (FIRST_BITS - 1))
#define LOWER_BITS 16384 /* few aliases are all lower case */

/* The first-word filters are Bloom filters with two bits a key (hash bits
 * 16.. and 40..): with one bit, the ~4,700 first words of capitalised aliases
 * let ~40% of probes through for nothing (frequent words on set bits). */
static inline void bloom_set(uint64_t *f, size_t bits, uint64_t h) {
  size_t a = (size_t)(h >> 16) & (bits - 1), b = (size_t)(h >> 40) & (bits - 1);
  f[a / 64] |= UINT64_C(1) << (a % 64);
  f[b / 64] |= UINT64_C(1) << (b % 64);
}

static inline bool bloom_has(const uint64_t *f, size_t bits, uint64_t h) {
  size_t a = (size_t)(h >> 16) & (bits - 1), b = (size_t)(h >> 40) & (bits - 1);
  return (f[a / 64] >> (a % 64) & 1) && (f[b / 64] >> (b % 64) & 1);
}

struct ng_lexicon {
  NG_VEC(ng_lex_entry) entries;
  NG_VEC(hitnode) hits;
  ktable exact, lower;     /* alias key -> hit list */
  ktable first_exact, first_lower; /* first word -> max tokens */
  /* first-word key hashes of each first-word table (bloom_set): most words
     of a text start no alias, and these small filters answer them without a
     table probe */
  uint64_t first_bits[FIRST_BITS / 64];  /* first_exact */
  uint64_t lower_bits[LOWER_BITS / 64];  /* first_lower */
  /* one bit per hash of every key prefix (1..all words): a probe stops as
     soon as no alias continues the words seen so far */
  uint64_t prefix_bits[FIRST_BITS / 64];
  ktable lists;            /* word -> the closed lists it is on (honorific,
                              given name, stop word, group, cue with its
                              class), packed as ng_lex_word_lists returns them */
  ktable canon;            /* "class/canonical" -> entry */
  /* one-byte ASCII words (punctuation, "a", "I", digits: a fifth of all
     tokens): their two word hashes and start flag, as ng_lex_prepare would
     compute them (filled by loaded) */
  uint64_t one_hx[128], one_hl[128];
  bool one_start[128];
  NG_VEC(ng_lex_pattern) patterns;
};

/* ---- key tables ---- */

static void kt_free(ktable *t) {
  for (size_t i = 0; i < t->cap; i++) free(t->long_key[i]);
  free(t->long_key);
  free(t->s);
  free(t->tag);
}

static void kt_grow(ktable *t) {
  ktable old = *t;
  t->cap = old.cap ? old.cap * 2 : 256;
  t->s = aligned_alloc(64, t->cap * sizeof *t->s); /* a multiple of 64 bytes */
  if (!t->s) t->s = ng_xmalloc(t->cap * sizeof *t->s); /* aborts with a message */
  memset(t->s, 0, t->cap * sizeof *t->s);
  t->tag = ng_xcalloc(t->cap, sizeof *t->tag);
  t->long_key = ng_xcalloc(t->cap, sizeof *t->long_key);
  for (size_t i = 0; i < old.cap; i++) {
    if (!old.tag[i]) continue;
    size_t j = (size_t)old.s[i].h & (t->cap - 1);
    while (t->tag[j]) j = (j + 1) & (t->cap - 1);
    t->s[j] = old.s[i];
    t->tag[j] = old.tag[i];
    t->long_key[j] = old.long_key[i];
  }
  free(old.s);
  free(old.tag);
  free(old.long_key);
}

static kslot *kt_get(const ktable *t, uint64_t h, const char *key, size_t n) {
  if (!t->cap) return NULL;
  size_t i = (size_t)h & (t->cap - 1);
  uint32_t tg = kt_tag(h);
  while (t->tag[i]) {
    if (t->tag[i] == tg && t->s[i].h == h && !memcmp(kt_key(t, i), key, n) &&
        kt_key(t, i)[n] == '\0')
      return &t->s[i];
    i = (i + 1) & (t->cap - 1);
  }
  return NULL;
}

static kslot *kt_put(ktable *t, uint64_t h, const char *key, size_t n, bool *created) {
  kslot *s = kt_get(t, h, key, n);
  *created = false;
  if (s) return s;
  if ((t->n + 1) * 2 >= t->cap) kt_grow(t); /* at most half full: misses stay short */
  size_t i = (size_t)h & (t->cap - 1);
  while (t->tag[i]) i = (i + 1) & (t->cap - 1);
  t->tag[i] = kt_tag(h);
  t->s[i].h = h;
  if (n < KT_SHORT) {
    memcpy(t->s[i].key, key, n);
    t->s[i].key[n] = '\0';
  } else {
    t->long_key[i] = ng_xstrndup(key, n);
  }
  t->s[i].first = -1;
  t->n++;
  *created = true;
  return &t->s[i];
}

/* ---- alias keys ----
 * An alias key is its tokens, folded (’ ‘ to ', and lower-cased for the
 * lower-case tables), joined by single spaces. Its hash is built from the
 * hashes of its words, so a document's words are hashed once and a k-word
 * probe costs one mix per word, with no copying. */

#define KEY_SEED UINT64_C(0x6a09e667f3bcc909)

/* The folded byte of word w[0..n) at *i: ’ and ‘ (E2 80 99/98) become ' (and
 * *i moves past them), ASCII capitals become lower case if lower. Every key
 * and probe below folds through here, so they always agree. */
static inline unsigned char fold_at(const char *w, size_t n, size_t *i, bool lower) {
  unsigned char c = (unsigned char)w[*i];
  if (c == 0xE2 && *i + 2 < n && (unsigned char)w[*i + 1] == 0x80 &&
      ((unsigned char)w[*i + 2] == 0x99 || (unsigned char)w[*i + 2] == 0x98)) {
    *i += 2;
    return '\'';
  }
  return lower && c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* ---- word hashes ----
 * A word's hash is taken over its folded bytes eight at a time (a short
 * word's bytes are read with overlapping loads), so that a typical word costs
 * one multiply per form instead of one per byte; ASCII capitals are
 * lower-cased eight at a time. A word with a byte above 0x7F (where ’ may
 * need folding) is folded into a buffer first and hashed the same way. The
 * values only need to agree within one process. */

#define WH_SEED UINT64_C(0xcbf29ce484222325)
#define WH_MUL UINT64_C(0x9E3779B97F4A7C15)
#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

static inline uint64_t wh_step(uint64_t h, uint64_t x) { return (h ^ x) * WH_MUL; }

/* the high bits of the last product folded into the low ones (tables index
 * by the low bits); never 0, which means "not computed" */
static inline uint64_t wh_final(uint64_t h) { return (h ^ h >> 32) | 1; }

/* the bytes of x (ASCII) with capitals lower-cased; *up set if any was */
static inline uint64_t swar_lower(uint64_t x, uint64_t *up) {
  uint64_t h7 = x & ~HIGHS;
  uint64_t ge_a = h7 + ONES * (0x80 - 'A'); /* high bit: byte >= 'A' */
  uint64_t gt_z = h7 + ONES * (0x7F - 'Z'); /* high bit: byte > 'Z' */
  uint64_t cap = ge_a & ~gt_z & ~x & HIGHS;
  *up |= cap;
  return x | cap >> 2;
}

static inline uint64_t load64(const char *p) {
  uint64_t x;
  memcpy(&x, p, 8);
  return x;
}

static inline uint64_t load32(const char *p) {
  uint32_t x;
  memcpy(&x, p, 4);
  return x;
}

/* The chunk holding the last bytes of w[0..n) after the first i (n - i is
 * 1..7), read with loads that stay inside the word; which bytes land where
 * depends only on n, so equal words give equal chunks. */
static inline uint64_t last_chunk(const char *w, size_t n, size_t i) {
  if (n >= 8) return load64(w + n - 8);
  if (n - i >= 4) return load32(w) | load32(w + n - 4) << 32;
  return (uint64_t)(unsigned char)w[0] | (uint64_t)(unsigned char)w[n / 2] << 8 |
         (uint64_t)(unsigned char)w[n - 1] << 16;
}

static void word_hashes(const char *w, size_t n, uint64_t *hx, uint64_t *hl);

/* A word with a byte above 0x7F: ’ and ‘ folded into a copy, then hashed
 * as ASCII words are (bytes above 0x7F are never lower-cased). */
static void word_hash_slow(const char *w, size_t n, uint64_t *hx, uint64_t *hl) {
  char buf[256];
  char *f = n <= sizeof buf ? buf : ng_xmalloc(n);
  size_t m = 0;
  for (size_t i = 0; i < n; i++) f[m++] = (char)fold_at(w, n, &i, false);
  uint64_t x = WH_SEED, l = WH_SEED, up = 0;
  size_t i = 0;
  for (; i + 8 <= m; i += 8) {
    uint64_t c = load64(f + i);
    x = wh_step(x, c);
    l = wh_step(l, swar_lower(c, &up));
  }
  if (i < m) { /* the length goes in too: chunks of different lengths never collide */
    uint64_t c = last_chunk(f, m, i), len = (uint64_t)m << 56;
    x = wh_step(x, c ^ len);
    l = wh_step(l, swar_lower(c, &up) ^ len);
  }
  if (f != buf) free(f);
  *hx = wh_final(x);
  *hl = up ? wh_final(l) : *hx;
}

/* both hashes of w[0..n): as written (*hx) and lower-cased (*hl) */
static inline void word_hashes(const char *w, size_t n, uint64_t *hx, uint64_t *hl) {
  uint64_t x = WH_SEED, l = WH_SEED, up = 0, high = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t c = load64(w + i);
    high |= c;
    x = wh_step(x, c);
    l = wh_step(l, swar_lower(c, &up));
  }
  if (i < n) { /* the length goes in too: chunks of different lengths never collide */
    uint64_t c = last_chunk(w, n, i), len = (uint64_t)n << 56;
    high |= c;
    x = wh_step(x, c ^ len);
    l = wh_step(l, swar_lower(c, &up) ^ len);
  }
  if (high & HIGHS) {
    word_hash_slow(w, n, hx, hl);
    return;
  }
  *hx = wh_final(x);
  *hl = up ? wh_final(l) : *hx;
}

uint64_t ng_lex_word_hash(const char *w, size_t n, bool lower) {
  uint64_t hx, hl;
  word_hashes(w, n, &hx, &hl);
  return lower ? hl : hx;
}

static uint64_t key_mix(uint64_t h, uint64_t wh) {
  h = (h ^ wh) * UINT64_C(0x9E3779B97F4A7C15);
  return h ^ (h >> 29);
}

/* Both hashes of every word, the same values as ng_lex_word_hash(w, n,
 * false) and (w, n, true). */
void ng_lex_hash_words(ng_span *words, size_t n) {
  for (size_t i = 0; i < n; i++) word_hashes(words[i].p, words[i].n, &words[i].hx, &words[i].hl);
}

static uint64_t span_hash(const ng_span *w, bool lower) {
  if (w->hx) return lower ? w->hl : w->hx;
  return ng_lex_word_hash(w->p, w->n, lower);
}

/* Does the stored key equal the folded words w[0..k)? If last is not NULL it
 * stands for the last word (already folded: a singular form). */
static bool key_eq(const char *key, const ng_span *w, size_t k, bool lower, const char *last,
                   size_t last_n) {
  const unsigned char *q = (const unsigned char *)key;
  for (size_t j = 0; j < k; j++) {
    if (j && *q++ != ' ') return false;
    if (j + 1 == k && last) {
      if (strncmp((const char *)q, last, last_n)) return false;
      q += last_n;
      break;
    }
    const char *p = w[j].p;
    size_t n = w[j].n;
    for (size_t b = 0; b < n; b++)
      if (*q++ != fold_at(p, n, &b, lower)) return false;
  }
  return *q == '\0';
}

/* w folded and lower-cased into out (cap bytes); 0 if it does not fit */
static size_t fold_lower(const ng_span *w, char *out, size_t cap) {
  const unsigned char *p = (const unsigned char *)w->p;
  if (w->n <= cap) { /* nothing to fold: lower-case a byte at a time */
    size_t b = 0;
    for (; b < w->n && p[b] != 0xE2; b++)
      out[b] = (char)((unsigned)(p[b] - 'A') < 26 ? p[b] + 32 : p[b]);
    if (b == w->n) return b;
  }
  size_t o = 0;
  for (size_t b = 0; b < w->n; b++) {
    unsigned char x = fold_at(w->p, w->n, &b, true);
    if (o >= cap) return 0;
    out[o++] = (char)x;
  }
  return o;
}

static kslot *kt_find_words(const ktable *t, uint64_t h, const ng_span *w, size_t k, bool lower,
                            const char *last, size_t last_n) {
  if (!t->cap) return NULL;
  uint32_t tg = kt_tag(h);
  for (size_t i = (size_t)h & (t->cap - 1); t->tag[i]; i = (i + 1) & (t->cap - 1))
    if (t->tag[i] == tg && t->s[i].h == h && key_eq(kt_key(t, i), w, k, lower, last, last_n))
      return &t->s[i];
  return NULL;
}

/* ---- text helpers ---- */

static bool has_upper(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] >= 'A' && s[i] <= 'Z') return true;
  /* non-ASCII capitals are rare in aliases; treat any non-ASCII as cased */
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] >= 0xC0) return true;
  return false;
}

/* Plural to singular for lower-case matching: "carriers" -> "carrier",
 * "howitzers" -> "howitzer", "batteries" -> "battery", "buses" stays "buse"
 * and is also tried. Returns the new length (0 if no plural form). */
static size_t singular(const char *w, size_t n, char *out, size_t cap) {
  if (n < 3 || n + 2 > cap || w[n - 1] != 's' || w[n - 2] == 's') return 0;
  if (n > 3 && w[n - 2] == 'e' && w[n - 3] == 'i') {
    memcpy(out, w, n - 3);
    out[n - 3] = 'y';
    return n - 2;
  }
  memcpy(out, w, n - 1);
  return n - 1;
}

/* ---- loading ---- */

static void add_hit(ng_lexicon *lx, const char *alias, size_t n, uint32_t entry,
                    ng_lex_role role) {
  /* tokenize the alias the same way documents are tokenized */
  ng_tokens t = {0};
  ng_tokenize(&t, alias, n);
  if (!t.n || t.n > MAX_TOKENS) {
    ng_tokens_free(&t);
    return;
  }
  bool lower = !has_upper(alias, n);
  /* the key: folded words joined by spaces (never longer than the alias plus
     a space a token); each prefix's hash follows from the one before */
  char sbuf[256];
  size_t cap = n + t.n + 1;
  char *key = cap <= sizeof sbuf ? sbuf : ng_xmalloc(cap);
  size_t kl = 0, first_len = 0;
  uint64_t ph = KEY_SEED, fh = 0;
  for (size_t i = 0; i < t.n; i++) {
    if (i) key[kl++] = ' ';
    size_t a = kl;
    const char *w = alias + t.tok[i].begin;
    size_t wn = t.tok[i].end - t.tok[i].begin;
    for (size_t b = 0; b < wn; b++) key[kl++] = (char)fold_at(w, wn, &b, lower);
    ph = key_mix(ph, ng_lex_word_hash(key + a, kl - a, false));
    lx->prefix_bits[FIRST_BIT(ph) / 64] |= UINT64_C(1) << (FIRST_BIT(ph) % 64);
    if (!i) {
      fh = ph;
      first_len = kl;
    }
  }
  bool created;
  kslot *s = kt_put(lower ? &lx->lower : &lx->exact, ph, key, kl, &created);
  /* no duplicate (entry, role) in one list */
  bool dup = false;
  for (int32_t h = s->first; h >= 0; h = lx->hits.v[h].next)
    if (lx->hits.v[h].hit.entry == entry && lx->hits.v[h].hit.role == role) dup = true;
  if (!dup) {
    hitnode hn = {{entry, role}, s->first};
    NG_VEC_PUSH(lx->hits, hn);
    s->first = (int32_t)lx->hits.n - 1;
  }
  kslot *f = kt_put(lower ? &lx->first_lower : &lx->first_exact, fh, key, first_len, &created);
  if (lower) bloom_set(lx->lower_bits, LOWER_BITS, fh);
  else bloom_set(lx->first_bits, FIRST_BITS, fh);
  if (f->first < (int32_t)t.n) f->first = (int32_t)t.n;
  if (key != sbuf) free(key);
  ng_tokens_free(&t);
}

/* "slug/canonical", the key of the canonical-name table, in buf (cap bytes)
 * if it fits, else in a heap copy that the caller frees; *n its length. */
static char *canon_key(char *buf, size_t cap, ng_class c, const char *canonical, size_t *n) {
  const char *slug = ng_class_slug(c);
  size_t a = strlen(slug), b = strlen(canonical);
  char *k = a + b + 2 <= cap ? buf : ng_xmalloc(a + b + 2);
  memcpy(k, slug, a);
  k[a] = '/';
  memcpy(k + a + 1, canonical, b + 1);
  *n = a + b + 1;
  return k;
}

/* notes on the word-list table that w is on list bit (a cue with its class:
   the last one loaded wins) */
static void add_listed(ng_lexicon *lx, const char *w, size_t n, uint32_t bit, ng_class cls) {
  bool created;
  kslot *s = kt_put(&lx->lists, ng_hash_fast(w, n), w, n, &created);
  uint32_t v = created ? 0 : (uint32_t)s->first;
  v |= bit;
  if (bit == NG_LEX_W_CUE_HEAD) v = (v & ~UINT32_C(0xFF00)) | (uint32_t)cls << 8;
  if (bit == NG_LEX_W_CUE_FIRST) v = (v & ~UINT32_C(0xFF0000)) | (uint32_t)cls << 16;
  s->first = (int32_t)v;
}

typedef struct field {
  const char *key; size_t key_len;
  const char *val; size_t val_len;
} field;

static size_t split_fields(const char *line, size_t n, field *f, size_t max) {
  size_t nf = 0, start = 0;
  for (size_t i = 0; i <= n && nf < max; i++) {
    if (i == n || line[i] == '\t') {
      const char *p = line + start;
      size_t len = i - start;
      while (len && (p[len - 1] == ' ' || p[len - 1] == '\r')) len--;
      while (len && *p == ' ') { p++; len--; }
      const char *eq = nf ? memchr(p, '=', len) : NULL;
      if (eq) {
        f[nf].key = p; f[nf].key_len = (size_t)(eq - p);
        f[nf].val = eq + 1; f[nf].val_len = len - (size_t)(eq - p) - 1;
      } else {
        f[nf].key = ""; f[nf].key_len = 0;
        f[nf].val = p; f[nf].val_len = len;
      }
      nf++;
      start = i + 1;
    }
  }
  return nf;
}

static bool key_is(const field *f, const char *k) {
  return f->key_len == strlen(k) && !memcmp(f->key, k, f->key_len);
}

/* Calls fn for each '|'-separated value of f. */
static void each_value(ng_lexicon *lx, const field *f, uint32_t entry, ng_lex_role role) {
  const char *p = f->val, *end = f->val + f->val_len;
  while (p < end) {
    const char *bar = memchr(p, '|', (size_t)(end - p));
    if (!bar) bar = end;
    const char *a = p;
    size_t n = (size_t)(bar - p);
    while (n && *a == ' ') { a++; n--; }
    while (n && a[n - 1] == ' ') n--;
    const char *nul = n ? memchr(a, '\0', n) : NULL; /* the alias ends there, as a C string */
    if (nul) n = (size_t)(nul - a);
    if (n) add_hit(lx, a, n, entry, role);
    p = bar + 1;
  }
}

static char *first_value(const field *f) {
  const char *bar = memchr(f->val, '|', f->val_len);
  size_t n = bar ? (size_t)(bar - f->val) : f->val_len;
  return n ? ng_xstrndup(f->val, n) : NULL;
}

static void load_entity_line(ng_lexicon *lx, ng_lex_kind kind, ng_class cls,
                             const field *f, size_t nf) {
  ng_lex_entry e = {0};
  e.kind = kind;
  e.cls = cls;
  e.canonical = ng_xstrndup(f[0].val, f[0].val_len);
  e.id = (uint32_t)lx->entries.n;
  for (size_t i = 1; i < nf; i++) {
    if (key_is(&f[i], "wd")) e.wikidata = first_value(&f[i]);
    else if (key_is(&f[i], "country")) e.country = first_value(&f[i]);
    else if (key_is(&f[i], "parent")) e.parent = first_value(&f[i]);
    else if (key_is(&f[i], "near")) e.near = first_value(&f[i]);
    else if (key_is(&f[i], "operator")) e.operator_ = first_value(&f[i]);
    else if (key_is(&f[i], "kind")) e.subkind = first_value(&f[i]);
    else if (key_is(&f[i], "org")) e.org = first_value(&f[i]);
  }
  NG_VEC_PUSH(lx->entries, e);
  ng_lex_role name_role = kind == NG_LEX_KIND_TITLE ? NG_LEX_TITLE : NG_LEX_NAME;
  add_hit(lx, e.canonical, strlen(e.canonical), e.id, name_role);
  if (kind == NG_LEX_KIND_ENTITY) {
    char buf[256];
    size_t n;
    char *ck = canon_key(buf, sizeof buf, cls, e.canonical, &n);
    bool created;
    kslot *s = kt_put(&lx->canon, ng_hash_fast(ck, n), ck, n, &created);
    if (created) s->first = (int32_t)e.id;
    if (ck != buf) free(ck);
  }
  for (size_t i = 1; i < nf; i++) {
    if (key_is(&f[i], "alias")) each_value(lx, &f[i], e.id, name_role);
    else if (key_is(&f[i], "demonym")) each_value(lx, &f[i], e.id, NG_LEX_DEMONYM);
    else if (key_is(&f[i], "capital")) each_value(lx, &f[i], e.id, NG_LEX_CAPITAL);
    else if (key_is(&f[i], "seat")) each_value(lx, &f[i], e.id, NG_LEX_SEAT);
  }
}

static void load_pattern_line(ng_lexicon *lx, const field *f, size_t nf) {
  /* predicate \t frame \t words=w1|w2 \t reverse=1 */
  if (nf < 3) return;
  char *pname = ng_xstrndup(f[0].val, f[0].val_len);
  ng_lex_pattern p = {0};
  bool ok = ng_pred_parse(pname, &p.pred);
  free(pname);
  if (!ok) return;
  p.frame = ng_xstrndup(f[1].val, f[1].val_len);
  for (size_t i = 2; i < nf; i++) {
    if (key_is(&f[i], "words")) {
      const char *s = f[i].val, *end = f[i].val + f[i].val_len;
      while (s < end) {
        const char *bar = memchr(s, '|', (size_t)(end - s));
        if (!bar) bar = end;
        if (bar > s) {
          p.words = ng_xrealloc(p.words, (p.n_words + 2) * sizeof *p.words);
          p.words[p.n_words++] = ng_xstrndup(s, (size_t)(bar - s));
          p.words[p.n_words] = NULL;
        }
        s = bar + 1;
      }
    } else if (key_is(&f[i], "reverse")) {
      p.reverse = f[i].val_len && f[i].val[0] == '1';
    }
  }
  NG_VEC_PUSH(lx->patterns, p);
}

typedef enum { F_ENTITY, F_TITLE, F_HONORIFIC, F_GIVEN, F_STOPCAP, F_GROUP, F_CUES, F_ABBREV, F_PATTERNS, F_UNKNOWN } ftype;

static ftype file_type(const char *name, ng_class *cls) {
  static const struct { const char *name; ng_class cls; } ents[] = {
      {"countries.tsv", NG_CLASS_COUNTRY}, {"organizations.tsv", NG_CLASS_ORGANIZATION},
      {"places.tsv", NG_CLASS_PLACE}, {"bases.tsv", NG_CLASS_MILITARY_BASE},
      {"platforms.tsv", NG_CLASS_MILITARY_PLATFORM}, {"weapons.tsv", NG_CLASS_WEAPON},
      {"persons.tsv", NG_CLASS_PERSON}};
  for (size_t i = 0; i < sizeof ents / sizeof *ents; i++)
    if (!strcmp(name, ents[i].name)) {
      *cls = ents[i].cls;
      return F_ENTITY;
    }
  if (!strcmp(name, "titles.tsv")) return F_TITLE;
  if (!strcmp(name, "honorifics.txt")) return F_HONORIFIC;
  if (!strcmp(name, "given_names.txt")) return F_GIVEN;
  if (!strcmp(name, "stop_caps.txt")) return F_STOPCAP;
  if (!strcmp(name, "groups.txt")) return F_GROUP;
  if (!strcmp(name, "org_cues.tsv")) return F_CUES;
  if (!strcmp(name, "abbreviations.txt")) return F_ABBREV;
  if (!strcmp(name, "relations.tsv")) return F_PATTERNS;
  return F_UNKNOWN;
}

static void load_file(ng_lexicon *lx, const char *name, const char *data, size_t len,
                      ng_diag *d) {
  ng_class cls = NG_CLASS_PLACE;
  ftype ft = file_type(name, &cls);
  if (ft == F_UNKNOWN) return;
  unsigned lineno = 0;
  const char *p = data, *end = data + len;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) nl = end;
    size_t n = (size_t)(nl - p);
    lineno++;
    while (n && (p[n - 1] == '\r' || p[n - 1] == ' ')) n--;
    if (n && p[0] != '#') {
      field f[16];
      size_t nf = split_fields(p, n, f, 16);
      if (!nf || !f[0].val_len) {
        ng_diag_report(d, NG_DIAG_WARNING, name, lineno, 1, NG_D_LEXICON, "empty first field");
      } else {
        switch (ft) {
        case F_ENTITY: load_entity_line(lx, NG_LEX_KIND_ENTITY, cls, f, nf); break;
        case F_TITLE: load_entity_line(lx, NG_LEX_KIND_TITLE, NG_CLASS_PERSON, f, nf); break;
        case F_HONORIFIC: add_listed(lx, f[0].val, f[0].val_len, NG_LEX_W_HONORIFIC, 0); break;
        case F_GIVEN: add_listed(lx, f[0].val, f[0].val_len, NG_LEX_W_GIVEN, 0); break;
        case F_STOPCAP: add_listed(lx, f[0].val, f[0].val_len, NG_LEX_W_STOPCAP, 0); break;
        case F_GROUP: add_listed(lx, f[0].val, f[0].val_len, NG_LEX_W_GROUP, 0); break;
        case F_ABBREV: ng_tok_add_abbrev(f[0].val, f[0].val_len); break;
        case F_PATTERNS: load_pattern_line(lx, f, nf); break;
        case F_CUES:
          if (nf >= 3) {
            ng_class c;
            char *cn = ng_xstrndup(f[1].val, f[1].val_len);
            bool ok = ng_class_parse(cn, &c);
            free(cn);
            bool head = f[2].val_len >= 4 && !memcmp(f[2].val, "head", 4);
            if (ok)
              add_listed(lx, f[0].val, f[0].val_len,
                         head ? NG_LEX_W_CUE_HEAD : NG_LEX_W_CUE_FIRST, c);
          }
          break;
        default: break;
        }
      }
    }
    p = nl + 1;
  }
}

static int cmp_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Notes in each first-word slot the hit list of that word as a whole alias,
 * so that matching one word takes one probe, not two. Run once all files are
 * loaded (hit lists grow at their head while loading). */
static void link_alone(ktable *first, const ktable *full) {
  for (size_t i = 0; i < first->cap; i++) {
    kslot *f = &first->s[i];
    if (!first->tag[i]) continue;
    const char *key = kt_key(first, i);
    const kslot *a = kt_get(full, f->h, key, strlen(key));
    f->alone = a ? a->first : -1;
  }
}

static void prepare_one_byte(ng_lexicon *lx);

static ng_lexicon *loaded(ng_lexicon *lx) {
  link_alone(&lx->first_exact, &lx->exact);
  link_alone(&lx->first_lower, &lx->lower);
  prepare_one_byte(lx);
  return lx;
}

ng_lexicon *ng_lex_load(const char *dir, ng_diag *d) {
  ng_lexicon *lx = ng_xcalloc(1, sizeof *lx);
  if (!dir) {
    for (const ng_lex_file *f = ng_lex_embedded; f->name; f++)
      load_file(lx, f->name, f->data, f->len, d);
    return loaded(lx);
  }
  DIR *dh = opendir(dir);
  if (!dh) {
    ng_diag_report(d, NG_DIAG_ERROR, dir, 0, 0, NG_D_LEXICON, "cannot open lexicon directory");
    free(lx);
    return NULL;
  }
  NG_VEC(char *) names = {0};
  struct dirent *de;
  while ((de = readdir(dh)))
    if (de->d_name[0] != '.') NG_VEC_PUSH(names, ng_xstrdup(de->d_name));
  closedir(dh);
  ng_sort(names.v, names.n, sizeof *names.v, cmp_name); /* load order is fixed */
  for (size_t i = 0; i < names.n; i++) {
    char *path = ng_xasprintf("%s/%s", dir, names.v[i]);
    FILE *fp = fopen(path, "rb");
    if (fp) {
      ng_buf b = {0};
      char chunk[65536];
      size_t got;
      while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0) ng_buf_put(&b, chunk, got);
      fclose(fp);
      load_file(lx, names.v[i], b.data ? b.data : "", b.len, d);
      ng_buf_free(&b);
    } else {
      ng_diag_report(d, NG_DIAG_ERROR, path, 0, 0, NG_D_LEXICON, "cannot read lexicon file");
    }
    free(path);
    free(names.v[i]);
  }
  free(names.v);
  return loaded(lx);
}

void ng_lex_free(ng_lexicon *lx) {
  if (!lx) return;
  for (size_t i = 0; i < lx->entries.n; i++) {
    ng_lex_entry *e = &lx->entries.v[i];
    free(e->canonical); free(e->wikidata); free(e->country); free(e->parent);
    free(e->near); free(e->operator_); free(e->subkind); free(e->org);
  }
  free(lx->entries.v);
  free(lx->hits.v);
  kt_free(&lx->exact); kt_free(&lx->lower);
  kt_free(&lx->first_exact); kt_free(&lx->first_lower);
  kt_free(&lx->canon); kt_free(&lx->lists);
  for (size_t i = 0; i < lx->patterns.n; i++) {
    free(lx->patterns.v[i].frame);
    for (size_t j = 0; j < lx->patterns.v[i].n_words; j++) free(lx->patterns.v[i].words[j]);
    free(lx->patterns.v[i].words);
  }
  free(lx->patterns.v);
  free(lx);
}

size_t ng_lex_count(const ng_lexicon *lx) { return lx->entries.n; }

const ng_lex_entry *ng_lex_entry_at(const ng_lexicon *lx, uint32_t id) {
  return id < lx->entries.n ? &lx->entries.v[id] : NULL;
}

const ng_lex_entry *ng_lex_find_canonical(const ng_lexicon *lx, ng_class c,
                                          const char *canonical) {
  if (!canonical) return NULL;
  char buf[256];
  size_t n;
  char *ck = canon_key(buf, sizeof buf, c, canonical, &n);
  kslot *s = kt_get(&lx->canon, ng_hash_fast(ck, n), ck, n);
  if (ck != buf) free(ck);
  return s ? &lx->entries.v[s->first] : NULL;
}

static size_t collect(const ng_lexicon *lx, int32_t head, ng_lex_hit *hits, size_t max_hits) {
  size_t k = 0;
  for (int32_t h = head; h >= 0 && k < max_hits; h = lx->hits.v[h].next)
    hits[k++] = lx->hits.v[h].hit;
  return k;
}

#define MAYBE_FIRST(h) bloom_has(lx->first_bits, FIRST_BITS, h) /* in first_exact? */
#define MAYBE_FIRST_LOWER(h) bloom_has(lx->lower_bits, LOWER_BITS, h) /* in first_lower? */
#define MAYBE_PREFIX(h) (lx->prefix_bits[FIRST_BIT(h) / 64] >> (FIRST_BIT(h) % 64) & 1)

/* The word hash of the singular that ng_lex_match forms from w (fold_lower,
 * then singular); false if it forms none. */
static bool singular_hash(const ng_span *w, uint64_t *h) {
  char lw[128], sg[128];
  size_t n = w->n;
  if (n >= 3 && n <= 32) { /* short words: copy, lower-case eight bytes at a time */
    char buf[40] = {0};
    memcpy(buf, w->p, n);
    uint64_t up = 0, high = 0;
    for (size_t i = 0; i < n; i += 8) {
      uint64_t c = load64(buf + i);
      high |= c;
      c = swar_lower(c, &up);
      memcpy(buf + i, &c, 8);
    }
    if (!(high & HIGHS)) { /* nothing to fold: the same bytes as fold_lower's */
      if (buf[n - 1] != 's' || buf[n - 2] == 's') return false; /* singular()'s test */
      size_t m = n - 1;
      if (n > 3 && buf[n - 2] == 'e' && buf[n - 3] == 'i') {
        buf[n - 3] = 'y';
        m = n - 2;
      }
      *h = ng_lex_word_hash(buf, m, false);
      return true;
    }
  }
  size_t ln = fold_lower(w, lw, sizeof lw);
  size_t sgn = ln ? singular(lw, ln, sg, sizeof sg) : 0;
  if (!sgn) return false;
  *h = ng_lex_word_hash(sg, sgn, false);
  return true;
}

/* Whether the singular of the lone plural word w (as ng_lex_match forms it
 * below) passes the first-word filter. */
static bool plural_may_start(const ng_lexicon *lx, const ng_span *w) {
  uint64_t h;
  if (!singular_hash(w, &h)) return false;
  uint64_t sh = key_mix(KEY_SEED, h);
  return MAYBE_FIRST_LOWER(sh);
}

static inline void prepare_one(const ng_lexicon *lx, ng_span *w);

void ng_lex_prepare(const ng_lexicon *lx, ng_span *words, size_t n) {
  for (size_t i = 0; i < n; i++) prepare_one(lx, &words[i]);
}

void ng_lex_prepare_tokens(const ng_lexicon *lx, ng_span *words, const char *text,
                           const ng_token *tok, size_t n) {
  for (size_t i = 0; i < n; i++) {
    words[i].p = text + tok[i].begin;
    words[i].n = tok[i].end - tok[i].begin;
    prepare_one(lx, &words[i]);
  }
}

/* the hashes and start flag of one word (see ng_lex_prepare) */
static inline void prepare_one(const ng_lexicon *lx, ng_span *w) {
  if (w->n == 1 && (unsigned char)w->p[0] < 0x80) {
    unsigned char b = (unsigned char)w->p[0];
    w->hx = lx->one_hx[b];
    w->hl = lx->one_hl[b];
    w->start = lx->one_start[b];
    return;
  }
  word_hashes(w->p, w->n, &w->hx, &w->hl);
  uint64_t a = key_mix(KEY_SEED, w->hx);
  bool st = MAYBE_FIRST(a) || MAYBE_FIRST_LOWER(w->hl != w->hx ? key_mix(KEY_SEED, w->hl) : a);
  /* the same condition as ng_lex_match's lone-plural probe (never for
     words under 3 bytes) */
  if (!st && w->n >= 3 && (w->p[w->n - 1] == 's' || w->p[w->n - 1] == 'S'))
    st = plural_may_start(lx, w);
  w->start = st;
}

/* The one-byte table of ng_lex_prepare, computed the long way. */
static void prepare_one_byte(ng_lexicon *lx) {
  for (unsigned b = 0; b < 128; b++) {
    char c = (char)b;
    ng_span w = {.p = &c, .n = 1};
    word_hashes(w.p, 1, &w.hx, &w.hl);
    uint64_t a = key_mix(KEY_SEED, w.hx), l = key_mix(KEY_SEED, w.hl);
    lx->one_hx[b] = w.hx;
    lx->one_hl[b] = w.hl;
    lx->one_start[b] = MAYBE_FIRST(a) || MAYBE_FIRST_LOWER(l);
  }
}

size_t ng_lex_match(const ng_lexicon *lx, const ng_span *words, size_t n,
                    size_t i, ng_lex_hit *hits, size_t max_hits, size_t *n_hits) {
  *n_hits = 0;
  if (i >= n) return 0;
  const ng_span *w = words + i;
  uint64_t hx = key_mix(KEY_SEED, span_hash(w, false));
  uint64_t hl = key_mix(KEY_SEED, span_hash(w, true));
  kslot *fe = MAYBE_FIRST(hx) ? kt_find_words(&lx->first_exact, hx, w, 1, false, NULL, 0) : NULL;
  kslot *fl = MAYBE_FIRST_LOWER(hl) ? kt_find_words(&lx->first_lower, hl, w, 1, true, NULL, 0) : NULL;
  size_t max_e = fe ? (size_t)fe->first : 0, max_l = fl ? (size_t)fl->first : 0;
  char sg[128]; /* the last word, lower-cased and made singular */
  size_t sgn = 0;
  /* a lone plural word ("howitzers") is not in first_lower: try its singular */
  if (!max_l && w->n >= 3 && (w->p[w->n - 1] == 's' || w->p[w->n - 1] == 'S')) {
    char lw[128];
    size_t ln = fold_lower(w, lw, sizeof lw);
    if (ln) {
      sgn = singular(lw, ln, sg, sizeof sg);
      uint64_t sh = sgn ? key_mix(KEY_SEED, ng_lex_word_hash(sg, sgn, false)) : 0;
      if (sgn && MAYBE_FIRST_LOWER(sh) && kt_find_words(&lx->first_lower, sh, w, 1, true, sg, sgn))
        max_l = 1;
    }
  }
  size_t maxk = max_e > max_l ? max_e : max_l;
  size_t best = 0;
  uint64_t px = KEY_SEED, pl = KEY_SEED; /* hashes of the words before the last */
  for (size_t k = 1; k <= maxk && i + k <= n; k++) {
    const ng_span *last = &words[i + k - 1];
    uint64_t lh = span_hash(last, true);
    hx = key_mix(px, span_hash(last, false));
    hl = key_mix(pl, lh);
    /* the hit list of these k words as an alias (-1: none); one word is
       answered by the first-word slots found above. Every alias is also its
       own prefix, so a key whose prefix bit is clear is no alias: no probe. */
    int32_t head = -1;
    kslot *s = NULL;
    bool more_x = k <= max_e && MAYBE_PREFIX(hx), more_l = k <= max_l && MAYBE_PREFIX(hl);
    if (k == 1) head = fe ? fe->alone : -1;
    else if (more_x && (s = kt_find_words(&lx->exact, hx, w, k, false, NULL, 0))) head = s->first;
    if (head < 0 && k <= max_l) {
      if (k == 1) head = fl ? fl->alone : -1;
      else if (more_l && (s = kt_find_words(&lx->lower, hl, w, k, true, NULL, 0))) head = s->first;
      if (head < 0 && last->n >= 3 && last->n < 128 &&
          (last->p[last->n - 1] == 's' || last->p[last->n - 1] == 'S')) {
        /* plural on the last word: only when the text itself is lower case
           (singular() wants a final lower-case 's'), so "Hinds"/"Assads" do
           not match, but "Tanks" at a sentence start does */
        char lw[128];
        size_t ln = fold_lower(last, lw, sizeof lw);
        size_t m = ln ? singular(lw, ln, sg, sizeof sg) : 0;
        uint64_t sh = m ? key_mix(pl, ng_lex_word_hash(sg, m, false)) : 0;
        if (m && MAYBE_PREFIX(sh) && (s = kt_find_words(&lx->lower, sh, w, k, true, sg, m)))
          head = s->first;
      }
    }
    if (head >= 0) {
      best = k;
      *n_hits = collect(lx, head, hits, max_hits);
    }
    if (!more_x && !more_l) break; /* no alias goes on from these k words */
    px = key_mix(px, span_hash(last, false));
    pl = key_mix(pl, lh);
  }
  return best;
}

uint32_t ng_lex_word_lists(const ng_lexicon *lx, const char *w, size_t n) {
  kslot *s = kt_get(&lx->lists, ng_hash_fast(w, n), w, n);
  return s ? (uint32_t)s->first : 0;
}

/* The closed lists are bits of the one word-list table. */
bool ng_lex_is_honorific(const ng_lexicon *lx, const char *w, size_t n) {
  return ng_lex_word_lists(lx, w, n) & NG_LEX_W_HONORIFIC;
}
bool ng_lex_is_given_name(const ng_lexicon *lx, const char *w, size_t n) {
  return ng_lex_word_lists(lx, w, n) & NG_LEX_W_GIVEN;
}
bool ng_lex_is_stop_cap(const ng_lexicon *lx, const char *w, size_t n) {
  return ng_lex_word_lists(lx, w, n) & NG_LEX_W_STOPCAP;
}
bool ng_lex_is_group(const ng_lexicon *lx, const char *w, size_t n) {
  return ng_lex_word_lists(lx, w, n) & NG_LEX_W_GROUP;
}

bool ng_lex_cue(const ng_lexicon *lx, const char *w, size_t n, bool head, ng_class *cls) {
  uint32_t v = ng_lex_word_lists(lx, w, n);
  if (!(v & (head ? NG_LEX_W_CUE_HEAD : NG_LEX_W_CUE_FIRST))) return false;
  *cls = head ? NG_LEX_W_HEAD_CLASS(v) : NG_LEX_W_FIRST_CLASS(v);
  return true;
}

size_t ng_lex_patterns(const ng_lexicon *lx, const ng_lex_pattern **out) {
  *out = lx->patterns.v;
  return lx->patterns.n;
}
