/* tagger.c — the averaged-perceptron BILOU mention tagger (see tagger.h).
 *
 * Features are hashed into 2^20 buckets; each bucket owns one weight per label.
 * A loaded model keeps the rows of the buckets that have non-zero weights and
 * a small open-addressing table from bucket to row. Feature extraction works on one
 * sentence at a time with buffers owned by a per-call context, so tagging
 * allocates per sentence growth only, never per token. Used by the pipeline
 * (tagging) and by `newsgraph train` (training, cli/train.c).
 *
 * Model file (all integers little-endian, floats IEEE-754 binary32 LE):
 *   "NGTAGGER"                 8 bytes magic
 *   u32 version                FORMAT_VERSION (feature set and layout)
 *   u32 bucket_bits            log2 of the feature table size
 *   u32 labels                 NG_TAG_LABELS
 *   u32 rows                   buckets with weights
 *   u32 weights                (bucket, label) pairs stored
 *   rows x { u32 bucket; u8 k; k x { u8 label; f32 weight } }, buckets ascending
 *   u64 FNV-1a of every byte before it
 * Only averaged weights with |w| >= PRUNE are stored. */
#include "nlp/tagger.h"

#include "graph/base.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FORMAT_VERSION 1u
#define BUCKET_BITS 20u
#define NL NG_TAG_LABELS
#define NO_ROW UINT32_MAX
#define PRUNE 0.01f /* averaged weights below this change no decision worth keeping */
#define MAX_FEATS 64 /* static features per token (upper bound, see token_feats) */

static const char MAGIC[8] = {'N', 'G', 'T', 'A', 'G', 'G', 'E', 'R'};

/* The weights of a kept bucket are stored sparsely, (label, weight) pairs:
 * a model has a few non-zero labels per bucket, and a compact model stays in
 * the cache while tagging. An open-addressing table maps bucket -> pairs. */
typedef struct pair {
  float w;
  uint32_t label;
} pair;

typedef struct slot {
  uint32_t key; /* bucket + 1; 0 = empty */
  uint32_t off; /* first pair, or the dense row when n == DENSE */
  uint32_t n;   /* pairs, or DENSE */
} slot;

/* Buckets with many labels (the frequent features, so the ones tagging
 * touches most) are kept as dense rows of ROW floats: summing those is a few
 * vector additions instead of a scatter. */
#define DENSE_MIN 8
#define DENSE UINT32_MAX
#define ROW 40 /* NL rounded up to a multiple of 8 floats */

struct ng_tagger {
  uint32_t bits; /* log2 of the bucket count */
  slot *table;   /* mask + 1 slots, at most half full */
  uint32_t mask;
  pair *pairs;   /* weights of the sparse buckets, grouped by bucket */
  float *dense;  /* rows of the dense buckets, ROW floats each */
};

/* ---- labels ------------------------------------------------------------ */

enum { POS_B, POS_I, POS_L, POS_U };

static unsigned label_type(unsigned l) { return (l - 1) / 4; }
static unsigned label_pos(unsigned l) { return (l - 1) % 4; }

/* BILOU validity: may label cur follow prev (0 = sentence start counts as O)
 * at a position that is (last) or is not the sentence's last token? */
static bool label_valid(unsigned prev, unsigned cur, bool last) {
  bool open = prev && (label_pos(prev) == POS_B || label_pos(prev) == POS_I);
  if (open) {
    if (!cur || label_type(cur) != label_type(prev)) return false;
    unsigned p = label_pos(cur);
    return last ? p == POS_L : (p == POS_I || p == POS_L);
  }
  if (!cur) return true;
  unsigned p = label_pos(cur);
  return last ? p == POS_U : (p == POS_B || p == POS_U);
}

/* ---- hashing ----------------------------------------------------------- */

#define FNV_PRIME 0x100000001b3ULL

static uint64_t mix64(uint64_t x) { /* splitmix64 finaliser */
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

/* Feature kinds; each kind is mixed into the value hash so that equal strings
 * in different roles never share a feature. Never reorder without bumping
 * FORMAT_VERSION. */
enum {
  K_BIAS = 1, K_WORD, K_SHAPE, K_PRE, K_SUF = K_PRE + 4, K_CAP = K_SUF + 4, K_UPPER,
  K_DIGIT, K_HYPHEN, K_W_M2, K_W_M1, K_W_P1, K_W_P2, K_S_M1, K_S_P1, K_SENT0,
  K_SENT0_WORD, K_LEX, K_GIVEN, K_HON, K_STOP, K_PGIVEN, K_PHON, K_PSTOP, K_BI_L,
  K_BI_R, K_LEN, K_P1, K_P2P1, K_P1_WORD, K_P1_SHAPE
};

static uint64_t feat(unsigned kind, uint64_t v) {
  return mix64(v ^ ((uint64_t)kind * 0x9e3779b97f4a7c15ULL));
}

static unsigned char lc(unsigned char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* ---- per-sentence context ---------------------------------------------- */

/* Facts about one token, computed once per sentence. */
typedef struct tokinfo {
  uint64_t word;     /* hash of the lower-cased word */
  uint64_t shape;    /* hash of the collapsed shape */
  uint64_t pre[4], suf[4];
  uint64_t lex;      /* bitmask: (lexicon tag * 4 + BILU position) */
  uint8_t pre_n, suf_n;
  uint8_t len;       /* bytes, clipped to 255 */
  bool cap, upper, digit, hyphen, given, hon, stop;
} tokinfo;

typedef struct ctx {
  tokinfo *ti;
  uint64_t *feats; /* n x MAX_FEATS static feature hashes */
  uint8_t *nfeat;
  size_t cap;
} ctx;

static void ctx_reserve(ctx *c, size_t n) {
  if (n <= c->cap) return;
  size_t cap = c->cap ? c->cap : 64;
  while (cap < n) cap *= 2;
  c->ti = ng_xrealloc(c->ti, cap * sizeof *c->ti);
  c->feats = ng_xrealloc(c->feats, cap * MAX_FEATS * sizeof *c->feats);
  c->nfeat = ng_xrealloc(c->nfeat, cap);
  c->cap = cap;
}

static void ctx_free(ctx *c) {
  free(c->ti);
  free(c->feats);
  free(c->nfeat);
}

static void fill_tokinfo(tokinfo *t, const ng_span *w, const ng_lexicon *lx) {
  const unsigned char *s = (const unsigned char *)w->p;
  size_t n = w->n;
  memset(t, 0, sizeof *t);
  uint64_t h = NG_HASH_INIT, sh = NG_HASH_INIT;
  char last = 0;
  bool letters = false, any_lower = false;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = s[i];
    h = (h ^ lc(c)) * FNV_PRIME;
    if (i < 4) t->pre[i] = h;
    char k;
    if (c >= 'A' && c <= 'Z') k = 'X', letters = true;
    else if (c >= 'a' && c <= 'z') k = 'x', letters = true, any_lower = true;
    else if (c >= '0' && c <= '9') k = 'd', t->digit = true;
    else if (c >= 0xC0) k = 'x', letters = true; /* non-ASCII letter, counted once */
    else if (c >= 0x80) continue;                 /* UTF-8 continuation byte */
    else k = (char)c;
    if (c == '-') t->hyphen = true;
    if (k != last) sh = (sh ^ (unsigned char)k) * FNV_PRIME;
    last = k;
  }
  t->word = h;
  t->shape = sh;
  t->pre_n = (uint8_t)(n < 4 ? n : 4);
  t->suf_n = t->pre_n;
  for (unsigned k = 1; k <= t->suf_n; k++) {
    uint64_t x = NG_HASH_INIT;
    for (size_t i = n - k; i < n; i++) x = (x ^ lc(s[i])) * FNV_PRIME;
    t->suf[k - 1] = x;
  }
  t->len = (uint8_t)(n > 255 ? 255 : n);
  t->cap = n && s[0] >= 'A' && s[0] <= 'Z';
  t->upper = letters && !any_lower && n >= 2 && !(s[0] >= 0xC0);
  if (lx && n) {
    t->given = ng_lex_is_given_name(lx, w->p, n);
    t->hon = ng_lex_is_honorific(lx, w->p, n);
    t->stop = ng_lex_is_stop_cap(lx, w->p, n);
  }
}

/* Lexicon tag of a hit: the entity class for names, 7 + role otherwise. */
static unsigned lex_tag(const ng_lexicon *lx, const ng_lex_hit *h) {
  if (h->role == NG_LEX_NAME) {
    const ng_lex_entry *e = ng_lex_entry_at(lx, h->entry);
    if (e->kind == NG_LEX_KIND_TITLE) return NG_CLASS_COUNT + NG_LEX_TITLE;
    return (unsigned)e->cls;
  }
  return NG_CLASS_COUNT + (unsigned)h->role;
}

static void mark_lexicon(tokinfo *ti, const ng_span *w, size_t n, const ng_lexicon *lx) {
  ng_lex_hit hits[8];
  for (size_t j = 0; j < n; j++) {
    /* no lexicon entry starts with punctuation: skip the lookup there */
    unsigned char c0 = w[j].n ? (unsigned char)w[j].p[0] : 0;
    if (!(c0 >= 0x80 || (c0 >= '0' && c0 <= '9') || ((c0 | 32) >= 'a' && (c0 | 32) <= 'z')))
      continue;
    size_t nh = 0;
    size_t k = ng_lex_match(lx, w, n, j, hits, 8, &nh);
    if (!k) continue;
    for (size_t h = 0; h < nh; h++) {
      unsigned tag = lex_tag(lx, &hits[h]);
      for (size_t m = 0; m < k; m++) {
        unsigned pos = k == 1 ? POS_U : m == 0 ? POS_B : m == k - 1 ? POS_L : POS_I;
        ti[j + m].lex |= 1ULL << (tag * 4 + pos);
      }
    }
  }
}

static const uint64_t PAD_L = 0x5f3c2a1be0d4c301ULL; /* word before the sentence */
static const uint64_t PAD_R = 0x71a9d0c3b6e2f405ULL; /* word after the sentence */

/* The static (label-independent) features of token i into f; returns how many. */
static size_t token_feats(const tokinfo *ti, size_t n, size_t i, uint64_t *f) {
  size_t k = 0;
  const tokinfo *t = &ti[i];
  uint64_t wm2 = i >= 2 ? ti[i - 2].word : PAD_L, wm1 = i >= 1 ? ti[i - 1].word : PAD_L;
  uint64_t wp1 = i + 1 < n ? ti[i + 1].word : PAD_R, wp2 = i + 2 < n ? ti[i + 2].word : PAD_R;
  f[k++] = feat(K_BIAS, 0);
  f[k++] = feat(K_WORD, t->word);
  f[k++] = feat(K_SHAPE, t->shape);
  for (unsigned a = 0; a < t->pre_n; a++) f[k++] = feat(K_PRE + a, t->pre[a]);
  for (unsigned a = 0; a < t->suf_n; a++) f[k++] = feat(K_SUF + a, t->suf[a]);
  if (t->cap) f[k++] = feat(K_CAP, 0);
  if (t->upper) f[k++] = feat(K_UPPER, 0);
  if (t->digit) f[k++] = feat(K_DIGIT, 0);
  if (t->hyphen) f[k++] = feat(K_HYPHEN, 0);
  f[k++] = feat(K_LEN, t->len > 6 ? 6 : t->len);
  f[k++] = feat(K_W_M2, wm2);
  f[k++] = feat(K_W_M1, wm1);
  f[k++] = feat(K_W_P1, wp1);
  f[k++] = feat(K_W_P2, wp2);
  f[k++] = feat(K_S_M1, i >= 1 ? ti[i - 1].shape : PAD_L);
  f[k++] = feat(K_S_P1, i + 1 < n ? ti[i + 1].shape : PAD_R);
  f[k++] = feat(K_BI_L, mix64(wm1) ^ t->word);
  f[k++] = feat(K_BI_R, mix64(t->word) ^ wp1);
  if (i == 0) {
    f[k++] = feat(K_SENT0, 0);
    f[k++] = feat(K_SENT0_WORD, t->word);
  }
  if (t->given) f[k++] = feat(K_GIVEN, 0);
  if (t->hon) f[k++] = feat(K_HON, 0);
  if (t->stop) f[k++] = feat(K_STOP, 0);
  if (i >= 1 && ti[i - 1].given) f[k++] = feat(K_PGIVEN, 0);
  if (i >= 1 && ti[i - 1].hon) f[k++] = feat(K_PHON, 0);
  if (i >= 1 && ti[i - 1].stop) f[k++] = feat(K_PSTOP, 0);
  /* at most 44 lexicon bits exist, but cap them so f never overflows */
  for (unsigned b = 0; t->lex >> b && k < MAX_FEATS; b++)
    if (t->lex >> b & 1) f[k++] = feat(K_LEX, b);
  return k;
}

/* Label-history features of token i given the two previous labels. */
static size_t label_feats(const tokinfo *t, unsigned p2, unsigned p1, uint64_t *f) {
  f[0] = feat(K_P1, p1);
  f[1] = feat(K_P2P1, p2 * 64 + p1);
  f[2] = feat(K_P1_WORD, mix64(t->word) + p1);
  f[3] = feat(K_P1_SHAPE, mix64(t->shape) + p1);
  return 4;
}

static size_t prepare(ctx *c, const ng_span *w, size_t n, const ng_lexicon *lx) {
  ctx_reserve(c, n);
  for (size_t i = 0; i < n; i++) fill_tokinfo(&c->ti[i], &w[i], lx);
  if (lx) mark_lexicon(c->ti, w, n, lx);
  for (size_t i = 0; i < n; i++)
    c->nfeat[i] = (uint8_t)token_feats(c->ti, n, i, c->feats + i * MAX_FEATS);
  return n;
}

static uint32_t bucket(uint64_t h, uint32_t bits) { return (uint32_t)(h >> (64 - bits)); }

/* Best label among all (valid_only false) or among those label_valid allows. */
static unsigned best_label(const float *sc, unsigned prev, bool last, bool valid_only) {
  unsigned best = 0;
  float bs = -INFINITY;
  if (!valid_only) {
    for (unsigned l = 0; l < NL; l++)
      if (sc[l] > bs) bs = sc[l], best = l;
    return best;
  }
  if (prev && (label_pos(prev) == POS_B || label_pos(prev) == POS_I)) {
    unsigned base = prev - label_pos(prev); /* B of the open type */
    if (last || sc[base + POS_L] > sc[base + POS_I]) return base + POS_L;
    return base + POS_I;
  }
  bs = sc[0];
  for (unsigned l = 1; l < NL; l += 4) {
    if (!last && sc[l + POS_B] > bs) bs = sc[l + POS_B], best = l + POS_B;
    if (sc[l + POS_U] > bs) bs = sc[l + POS_U], best = l + POS_U;
  }
  return best;
}

/* ---- loaded model: tagging --------------------------------------------- */

static void add_row(const ng_tagger *tg, uint64_t h, float *restrict sc) {
  uint32_t b = bucket(h, tg->bits);
  for (uint32_t i = b & tg->mask;; i = (i + 1) & tg->mask) {
    const slot *s = &tg->table[i];
    if (s->key == b + 1) {
      if (s->n == DENSE) {
        const float *restrict w = tg->dense + (size_t)s->off * ROW;
        for (unsigned l = 0; l < ROW; l++) sc[l] += w[l];
        return;
      }
      const pair *p = tg->pairs + s->off;
      for (uint32_t k = 0; k < s->n; k++) sc[p[k].label] += p[k].w;
      return;
    }
    if (!s->key) return;
  }
}

/* Softmax probability of label `l` among the labels valid after prev. */
static float confidence(const float *sc, unsigned prev, bool last, unsigned l) {
  double z = 0;
  for (unsigned k = 0; k < NL; k++)
    if (label_valid(prev, k, last)) z += exp((double)sc[k] - sc[l]);
  return (float)(1.0 / z);
}

size_t ng_tagger_tag(const ng_tagger *tg, const ng_lexicon *lx, const char *text,
                     const ng_tokens *t, ng_tag_span **out) {
  NG_VEC(ng_tag_span) spans = {0};
  NG_VEC(ng_span) words = {0};
  ctx c = {0};
  for (size_t s = 0; s < t->n_sent; s++) {
    size_t tb = t->sent[s].tok_begin, n = t->sent[s].tok_end - tb;
    if (!n) continue;
    words.n = 0;
    for (size_t i = 0; i < n; i++) {
      const ng_token *tk = &t->tok[tb + i];
      ng_span sp = {.p = text + tk->begin, .n = tk->end - tk->begin};
      NG_VEC_PUSH(words, sp);
    }
    prepare(&c, words.v, n, lx);
    unsigned p2 = 0, p1 = 0;
    size_t open = 0;
    float sum = 0;
    for (size_t i = 0; i < n; i++) {
      float sc[ROW] = {0};
      const uint64_t *f = c.feats + i * MAX_FEATS;
      for (size_t k = 0; k < c.nfeat[i]; k++) add_row(tg, f[k], sc);
      uint64_t lf[4];
      size_t nl = label_feats(&c.ti[i], p2, p1, lf);
      for (size_t k = 0; k < nl; k++) add_row(tg, lf[k], sc);
      bool last = i + 1 == n;
      unsigned l = best_label(sc, p1, last, true);
      if (l) {
        float p = confidence(sc, p1, last, l);
        unsigned pos = label_pos(l);
        if (pos == POS_B || pos == POS_U) open = i, sum = 0;
        sum += p;
        if (pos == POS_L || pos == POS_U) {
          ng_tag_span sp = {(uint32_t)(tb + open), (uint32_t)(tb + i + 1),
                            (ng_mtype)label_type(l), sum / (float)(i + 1 - open)};
          NG_VEC_PUSH(spans, sp);
        }
      }
      p2 = p1;
      p1 = l;
    }
  }
  ctx_free(&c);
  free(words.v);
  *out = spans.v;
  return spans.n;
}

/* ---- model file --------------------------------------------------------- */

static uint32_t rd32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t rd64(const unsigned char *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }
static void put32(ng_buf *b, uint32_t v) {
  char x[4] = {(char)(v & 255), (char)(v >> 8 & 255), (char)(v >> 16 & 255), (char)(v >> 24)};
  ng_buf_put(b, x, 4);
}
static void put64(ng_buf *b, uint64_t v) {
  put32(b, (uint32_t)v);
  put32(b, (uint32_t)(v >> 32));
}
static uint32_t float_bits(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}
static float bits_float(uint32_t u) {
  float f;
  memcpy(&f, &u, 4);
  return f;
}

#define HEADER_LEN 28u

void ng_tagger_free(ng_tagger *tg) {
  if (!tg) return;
  free(tg->table);
  free(tg->pairs);
  free(tg->dense);
  free(tg);
}

static ng_tagger *load(const void *data, size_t len, const char *path, ng_diag *d) {
  const unsigned char *p = data;
  ng_tagger *tg = NULL;
  const char *why = NULL;
  if (!data || len < HEADER_LEN + 8 || memcmp(p, MAGIC, 8)) {
    why = "not a newsgraph tagger model (bad magic or too short)";
    goto done;
  }
  uint32_t version = rd32(p + 8), bits = rd32(p + 12), labels = rd32(p + 16);
  uint32_t rows = rd32(p + 20), weights = rd32(p + 24);
  if (version != FORMAT_VERSION) {
    why = "unsupported tagger model version";
    goto done;
  }
  if (bits < 8 || bits > 24 || labels != NL || rows > (1u << bits) || weights > (uint64_t)rows * NL) {
    why = "tagger model header is inconsistent";
    goto done;
  }
  if ((uint64_t)HEADER_LEN + 5ull * rows + 5ull * weights + 8 != len) {
    why = "tagger model has the wrong size (truncated or padded)";
    goto done;
  }
  if (ng_hash(p, len - 8) != rd64(p + len - 8)) {
    why = "tagger model checksum mismatch";
    goto done;
  }
  tg = ng_xcalloc(1, sizeof *tg);
  tg->bits = bits;
  uint32_t size = 16;
  while (size < 2 * (uint64_t)rows) size *= 2;
  tg->mask = size - 1;
  tg->table = ng_xcalloc(size, sizeof *tg->table);
  tg->pairs = ng_xcalloc((size_t)weights + 1, sizeof *tg->pairs);
  uint32_t np = 0, nd = 0, dense_cap = 0;
  size_t off = HEADER_LEN;
  int64_t prev = -1;
  for (uint32_t r = 0; r < rows; r++) {
    uint32_t b = rd32(p + off);
    unsigned k = p[off + 4];
    off += 5;
    if (b >= (1u << bits) || (int64_t)b <= prev || k == 0 || k > NL ||
        off + 5ull * k > len - 8) {
      why = "tagger model row is malformed";
      goto done;
    }
    prev = b;
    uint32_t i = b & tg->mask;
    while (tg->table[i].key) i = (i + 1) & tg->mask;
    tg->table[i].key = b + 1;
    bool dense = k >= DENSE_MIN;
    float *row = NULL;
    if (dense) {
      if (nd == dense_cap) {
        dense_cap = dense_cap ? 2 * dense_cap : 256;
        tg->dense = ng_xrealloc(tg->dense, (size_t)dense_cap * ROW * sizeof *tg->dense);
      }
      row = tg->dense + (size_t)nd * ROW;
      memset(row, 0, ROW * sizeof *row);
      tg->table[i].off = nd++;
      tg->table[i].n = DENSE;
    } else {
      tg->table[i].off = np;
      tg->table[i].n = k;
    }
    if (np + (uint64_t)k > weights) {
      why = "tagger model weight count does not match its rows";
      goto done;
    }
    for (unsigned j = 0; j < k; j++, off += 5) {
      unsigned l = p[off];
      float w = bits_float(rd32(p + off + 1));
      if (l >= NL || !isfinite(w)) {
        why = "tagger model weight is malformed";
        goto done;
      }
      if (dense) {
        row[l] = w;
        np++; /* counted, not stored */
      } else {
        tg->pairs[np].w = w;
        tg->pairs[np++].label = l;
      }
    }
  }
  if (off != len - 8 || np != weights) why = "tagger model weight count does not match its rows";
done:
  if (why) {
    ng_diag_report(d, NG_DIAG_ERROR, path, 0, 0, NG_D_LEXICON, "%s", why);
    ng_tagger_free(tg);
    return NULL;
  }
  return tg;
}

ng_tagger *ng_tagger_load_memory(const void *data, size_t len, ng_diag *d) {
  return load(data, len, NULL, d);
}

ng_tagger *ng_tagger_load_file(const char *path, ng_diag *d) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    ng_diag_report(d, NG_DIAG_ERROR, path, 0, 0, NG_D_LEXICON, "cannot open tagger model: %s",
                   strerror(errno));
    return NULL;
  }
  ng_buf b = {0};
  char chunk[65536];
  size_t k;
  while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) ng_buf_put(&b, chunk, k);
  bool err = ferror(f);
  fclose(f);
  ng_tagger *tg = NULL;
  if (err)
    ng_diag_report(d, NG_DIAG_ERROR, path, 0, 0, NG_D_LEXICON, "cannot read tagger model");
  else
    tg = load(b.data ? b.data : "", b.len, path, d);
  ng_buf_free(&b);
  return tg;
}

/* ---- training ------------------------------------------------------------ */

/* A training row: current weights w and the running sum u of c * update, so
 * the averaged weight is w - u / c (Daumé's averaging trick). */
typedef struct trow {
  float w[NL];
  double u[NL];
} trow;

typedef struct trainer {
  uint32_t *index; /* bucket -> row or NO_ROW */
  NG_VEC(trow) rows;
  uint32_t bits;
} trainer;

static void train_add(const trainer *tr, uint64_t h, float *sc) {
  uint32_t r = tr->index[bucket(h, tr->bits)];
  if (r == NO_ROW) return;
  const float *w = tr->rows.v[r].w;
  for (unsigned l = 0; l < NL; l++) sc[l] += w[l];
}

static void train_update(trainer *tr, uint64_t h, unsigned gold, unsigned guess, double c) {
  uint32_t *ix = &tr->index[bucket(h, tr->bits)];
  if (*ix == NO_ROW) {
    trow z;
    memset(&z, 0, sizeof z);
    *ix = (uint32_t)tr->rows.n;
    NG_VEC_PUSH(tr->rows, z);
  }
  trow *r = &tr->rows.v[*ix];
  r->w[gold] += 1;
  r->u[gold] += c;
  r->w[guess] -= 1;
  r->u[guess] -= c;
}

static uint64_t splitmix(uint64_t *s) {
  *s += 0x9e3779b97f4a7c15ULL;
  return mix64(*s);
}

int ng_tagger_train(const ng_train_sent *sents, size_t n, const ng_lexicon *lx,
                    unsigned epochs, unsigned seed, const char *path, ng_diag *d) {
  trainer tr = {0};
  tr.bits = BUCKET_BITS;
  size_t nb = (size_t)1 << tr.bits;
  tr.index = ng_xmalloc(nb * sizeof *tr.index);
  memset(tr.index, 0xff, nb * sizeof *tr.index);
  size_t *order = ng_xmalloc((n ? n : 1) * sizeof *order);
  for (size_t i = 0; i < n; i++) order[i] = i;
  NG_VEC(ng_span) words = {0};
  ctx c = {0};
  uint64_t rng = 0x6e67746167676572ULL ^ seed; /* "ngtagger" */
  double count = 1; /* perceptron time step, one per token */
  int rc = NG_OK;
  FILE *f = NULL;
  ng_buf out = {0};

  for (unsigned ep = 0; ep < epochs; ep++) {
    for (size_t i = n; i > 1; i--) { /* Fisher-Yates */
      size_t j = (size_t)(splitmix(&rng) % i);
      size_t t = order[i - 1];
      order[i - 1] = order[j];
      order[j] = t;
    }
    for (size_t si = 0; si < n; si++) {
      const ng_train_sent *st = &sents[order[si]];
      if (!st->n) continue;
      words.n = 0;
      for (size_t i = 0; i < st->n; i++) {
        ng_span sp = {.p = st->words[i], .n = strlen(st->words[i])};
        NG_VEC_PUSH(words, sp);
      }
      prepare(&c, words.v, st->n, lx);
      /* greedy training with the model's own (constrained) history, as at
         tagging time; an update whenever the best label is not the gold one */
      unsigned p2 = 0, p1 = 0;
      for (size_t i = 0; i < st->n; i++, count++) {
        float sc[NL] = {0};
        const uint64_t *fs = c.feats + i * MAX_FEATS;
        uint64_t lf[4];
        size_t nl = label_feats(&c.ti[i], p2, p1, lf);
        for (size_t k = 0; k < c.nfeat[i]; k++) train_add(&tr, fs[k], sc);
        for (size_t k = 0; k < nl; k++) train_add(&tr, lf[k], sc);
        bool last = i + 1 == st->n;
        unsigned gold = st->labels[i] < NL ? st->labels[i] : 0;
        unsigned guess = best_label(sc, p1, last, false);
        if (guess != gold) {
          for (size_t k = 0; k < c.nfeat[i]; k++) train_update(&tr, fs[k], gold, guess, count);
          for (size_t k = 0; k < nl; k++) train_update(&tr, lf[k], gold, guess, count);
        }
        p2 = p1;
        p1 = best_label(sc, p1, last, true);
      }
    }
  }

  /* averaged weights, pruned, buckets ascending */
  ng_buf body = {0};
  uint32_t rows = 0, weights = 0;
  for (size_t b = 0; b < nb; b++) {
    uint32_t r = tr.index[b];
    if (r == NO_ROW) continue;
    const trow *t = &tr.rows.v[r];
    unsigned char lab[NL];
    float val[NL];
    unsigned k = 0;
    for (unsigned l = 0; l < NL; l++) {
      float a = (float)((double)t->w[l] - t->u[l] / count);
      if (fabsf(a) >= PRUNE) lab[k] = (unsigned char)l, val[k++] = a;
    }
    if (!k) continue;
    put32(&body, (uint32_t)b);
    ng_buf_putc(&body, (char)k);
    for (unsigned j = 0; j < k; j++) {
      ng_buf_putc(&body, (char)lab[j]);
      put32(&body, float_bits(val[j]));
    }
    rows++;
    weights += k;
  }
  ng_buf_put(&out, MAGIC, 8);
  put32(&out, FORMAT_VERSION);
  put32(&out, tr.bits);
  put32(&out, NL);
  put32(&out, rows);
  put32(&out, weights);
  if (body.len) ng_buf_put(&out, body.data, body.len);
  put64(&out, ng_hash(out.data, out.len));
  ng_buf_free(&body);

  f = fopen(path, "wb");
  if (!f || fwrite(out.data, 1, out.len, f) != out.len) {
    ng_diag_report(d, NG_DIAG_ERROR, path, 0, 0, NG_D_OUTPUT, "cannot write tagger model: %s",
                   strerror(errno));
    rc = NG_E_IO;
  }
  if (f && fclose(f) != 0 && rc == NG_OK) {
    ng_diag_report(d, NG_DIAG_ERROR, path, 0, 0, NG_D_OUTPUT, "cannot write tagger model: %s",
                   strerror(errno));
    rc = NG_E_IO;
  }
  ng_buf_free(&out);
  ctx_free(&c);
  free(words.v);
  free(order);
  free(tr.rows.v);
  free(tr.index);
  return rc;
}
