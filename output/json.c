/* json.c — JSON outputs written by hand: the node/edge graph document for web
 * tools, and the contract's `mentions` and `relations` JSON Lines streams.
 *
 * Reads the finished graph only; owns nothing beyond a few temporary arrays.
 * Strings are escaped by ng_json_put_string (quotes, backslash and control
 * characters; valid UTF-8 passes through, invalid bytes become U+FFFD), so
 * every line is valid JSON whatever the input held. Used by the CLI for
 * `-o *.json` and the `mentions` / `relations` commands. */
#include "output/names.h"
#include "output/json.h"

#include "graph/base.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if it is not valid
 * (overlong forms, surrogates and code points above U+10FFFF are invalid). */
static size_t utf8_valid_len(const unsigned char *p) {
  unsigned char c = p[0];
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return (p[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    if (p[1] < lo || p[1] > hi) return 0;
    return (p[2] & 0xC0) == 0x80 ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    if (p[1] < lo || p[1] > hi) return 0;
    if ((p[2] & 0xC0) != 0x80) return 0;
    return (p[3] & 0xC0) == 0x80 ? 4 : 0;
  }
  return 0;
}

/* Bytes that end a run of bytes copied as they are: quote, backslash and
 * control characters (escaped) and bytes >= 0x80 (checked as UTF-8). */
#define STOP_NONE 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
#define STOP_ALL 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
static const unsigned char STOP[256] = {
    STOP_ALL,  STOP_ALL,                                        /* 0x00-0x1F */
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,             /* 0x22 '"' */
    STOP_NONE, STOP_NONE,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,             /* 0x5C '\\' */
    STOP_NONE, STOP_NONE,
    STOP_ALL,  STOP_ALL, STOP_ALL, STOP_ALL, STOP_ALL, STOP_ALL, STOP_ALL, STOP_ALL};
#undef STOP_NONE
#undef STOP_ALL

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Whether any of the eight bytes in w is a STOP byte. Exact as a yes/no:
 * below the lowest STOP byte nothing borrows, and that byte sets its high
 * bit in w (>= 0x80), w - 0x20 (< 0x20) or (w ^ c) - 1 (== c). */
static inline bool word_stops(uint64_t w) {
  uint64_t quote = (w ^ (ONES * '"')) - ONES, bslash = (w ^ (ONES * '\\')) - ONES;
  return ((w | (w - ONES * 0x20) | quote | bslash) & HIGHS) != 0;
}

/* The longest JSON string s[0..len) can become: two quotes and at worst
 * six bytes (\u001f, \ufffd) for each byte. */
#define ESCAPED_MAX(len) (6 * (len) + 2)

/* s[0..len) (NUL-terminated) as a JSON string written at q, which has room
 * for ESCAPED_MAX(len) bytes; returns the end. Runs of bytes that need no
 * escape (checked eight at a time) are copied with one memcpy each. */
static char *put_escaped(char *q, const char *s, size_t len) {
  *q++ = '"';
  const unsigned char *p = (const unsigned char *)s, *end = p + len, *run = p;
  for (;;) {
    uint64_t w;
    while (end - p >= 8 && (memcpy(&w, p, 8), !word_stops(w))) p += 8;
    while (p < end && !STOP[*p]) p++;
    if (p == end) break;
    unsigned char c = *p;
    size_t n;
    if (c >= 0x80 && (n = utf8_valid_len(p)) != 0) { /* valid UTF-8 passes through */
      p += n;
      continue;
    }
    memcpy(q, run, (size_t)(p - run));
    q += p - run;
    *q++ = '\\';
    if (c == '"' || c == '\\') {
      *q++ = (char)c;
    } else if (c < 0x20) {
      memcpy(q, "u00", 3);
      q[3] = (char)('0' + (c >> 4));
      q[4] = "0123456789abcdef"[c & 15];
      q += 5;
    } else {
      memcpy(q, "ufffd", 5); /* invalid byte: replacement character */
      q += 5;
    }
    run = ++p;
  }
  memcpy(q, run, (size_t)(p - run));
  q += p - run;
  *q++ = '"';
  return q;
}

/* s as a JSON string (null for NULL) appended to b */
static void buf_string(ng_buf *b, const char *s) {
  if (!s) {
    ng_buf_put(b, "null", 4);
    return;
  }
  size_t len = strlen(s);
  ng_buf_reserve(b, ESCAPED_MAX(len));
  char *q = put_escaped(b->data + b->len, s, len);
  b->len = (size_t)(q - b->data);
  *q = '\0';
}

void ng_json_put_string(FILE *out, const char *s) {
  ng_buf b = {0};
  buf_string(&b, s);
  fwrite(b.data, 1, b.len, out);
  ng_buf_free(&b);
}

/* A string literal appended without a strlen. */
#define BUF_LIT(b, lit) ng_buf_put((b), (lit), sizeof(lit) - 1)

/* ,"key":"value" and ,"key":number appended to a line buffer */
static void buf_field(ng_buf *b, const char *key, const char *value) {
  ng_buf_put(b, ",\"", 2);
  ng_buf_puts(b, key);
  ng_buf_put(b, "\":", 2);
  buf_string(b, value);
}

/* v in decimal written at q (room for 20 bytes); returns the end */
static char *put_uint(char *q, size_t v) {
  char d[24];
  size_t i = sizeof d;
  do {
    d[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  memcpy(q, d + i, sizeof d - i);
  return q + (sizeof d - i);
}

/* v in decimal appended to b */
static void buf_uint(ng_buf *b, size_t v) {
  ng_buf_reserve(b, 20);
  char *q = put_uint(b->data + b->len, v);
  b->len = (size_t)(q - b->data);
  *q = '\0';
}

static void buf_uint_field(ng_buf *b, const char *key, size_t v) {
  ng_buf_put(b, ",\"", 2);
  ng_buf_puts(b, key);
  ng_buf_put(b, "\":", 2);
  buf_uint(b, v);
}

/* Writes b out when it holds more than a chunk (or always if last); false on a write error. */
static bool buf_flush(ng_buf *b, FILE *out, bool last) {
  if (!b->len || (!last && b->len < ((size_t)1 << 16))) return true;
  bool ok = fwrite(b->data, 1, b->len, out) == b->len;
  ng_buf_clear(b);
  return ok;
}

/* `,"key":` followed by the string value (or null). */
static void put_field(FILE *out, const char *key, const char *value) {
  fputs(",\"", out);
  fputs(key, out);
  fputs("\":", out);
  ng_json_put_string(out, value);
}

/* Two decimals, independent of the C locale. */
static void put_confidence(FILE *out, double v) {
  if (!(v == v) || v < 0) v = 0;
  if (v > 1e6) v = 1e6;
  long h = lround(v * 100.0);
  fprintf(out, "%ld.%02ld", h / 100, h % 100);
}

static int finish(FILE *out) {
  if (fflush(out) != 0 || ferror(out)) return NG_E_IO;
  return NG_OK;
}

int ng_json_write_graph(const ng_graph *g, FILE *out) {
  char **ids = ng_out_node_ids(g, NULL);
  fputs("{\"nodes\":[", out);
  for (size_t i = 0; i < g->n_entities; i++) {
    const ng_entity *e = &g->entities[i];
    fputs(i ? ",\n{\"id\":" : "\n{\"id\":", out);
    ng_json_put_string(out, ids[i]);
    put_field(out, "label", e->label);
    put_field(out, "class", ng_class_name(e->cls));
    put_field(out, "iri", e->iri);
    fputs(",\"aliases\":[", out);
    for (size_t j = 0; j < e->n_aliases; j++) {
      if (j) putc(',', out);
      ng_json_put_string(out, e->aliases[j]);
    }
    fprintf(out, "],\"mentions\":%u,\"articles\":%u", e->mention_count,
            e->article_count);
    put_field(out, "wikidata", e->wikidata);
    putc('}', out);
  }
  fputs("],\n\"edges\":[", out);
  bool first = true;
  for (size_t i = 0; i < g->n_relations; i++) {
    const ng_relation *r = &g->relations[i];
    if (!r->direct) continue; /* negated-only: no edge, as in RDF and DOT */
    fputs(first ? "\n{\"source\":" : ",\n{\"source\":", out);
    first = false;
    ng_json_put_string(out, ids[r->subject]);
    put_field(out, "target", ids[r->object]);
    put_field(out, "predicate", ng_pred_name(r->pred));
    put_field(out, "role", ng_out_main_role(g, r));
    fprintf(out, ",\"evidence\":%zu,\"articles\":%u,\"hedged\":%s,\"claims\":[",
            r->n_claims, r->article_count, r->hedged ? "true" : "false");
    for (size_t j = 0; j < r->n_claims; j++) {
      const ng_claim *c = &g->claims[r->claims[j]];
      fputs(j ? ",{\"doc\":" : "{\"doc\":", out);
      ng_json_put_string(out, g->articles[c->article].doc);
      put_field(out, "sentence", c->sentence);
      fprintf(out, ",\"begin\":%zu,\"end\":%zu", c->sent_begin, c->sent_end);
      put_field(out, "trigger", c->trigger);
      fputs(",\"confidence\":", out);
      put_confidence(out, c->confidence);
      fprintf(out, ",\"hedged\":%s,\"negated\":%s}", c->hedged ? "true" : "false",
              c->negated ? "true" : "false");
    }
    fputs("]}", out);
  }
  fputs("],\n\"articles\":[", out);
  for (size_t i = 0; i < g->n_articles; i++) {
    const ng_article *a = &g->articles[i];
    fputs(i ? ",\n{\"doc\":" : "\n{\"doc\":", out);
    ng_json_put_string(out, a->doc);
    put_field(out, "headline", a->headline);
    put_field(out, "date", a->date_iso ? a->date_iso : a->date);
    put_field(out, "author", a->author);
    put_field(out, "publisher", a->publisher);
    put_field(out, "url", a->url);
    putc('}', out);
  }
  fputs("]}\n", out);
  for (size_t i = 0; i < g->n_entities; i++) free(ids[i]);
  free(ids);
  return finish(out);
}

/* A piece of JSON made once into a side buffer and copied from there. */
typedef struct piece {
  size_t at, len; /* byte offset into the side buffer; len 0 = not made yet */
} piece;

static void piece_end(piece *p, const ng_buf *side, size_t at) {
  p->at = at;
  p->len = side->len - at;
}

#define PUT_LIT(q, lit) (memcpy((q), (lit), sizeof(lit) - 1), (q) += sizeof(lit) - 1)

int ng_json_write_mentions(const ng_graph *g, FILE *out) {
  ng_buf b = {0};
  /* the pieces every line repeats are escaped once: the line's start
     {"doc":"<id>","begin": per article (made again when the article
     changes: an article's mentions come together), and into side
     ,"type":"<name>","text": per mention type (the last for any other
     value) and ,"entity":"<iri>" per entity (made when first used) */
  ng_buf side = {0};
  piece types[NG_MT_COUNT + 1];
  for (int t = 0; t <= NG_MT_COUNT; t++) {
    size_t at = side.len;
    BUF_LIT(&side, ",\"type\":");
    buf_string(&side, ng_mtype_name((ng_mtype)t));
    BUF_LIT(&side, ",\"text\":");
    piece_end(&types[t], &side, at);
  }
  piece *entities = ng_xcalloc(g->n_entities + 1, sizeof *entities);
  ng_buf head = {0};
  size_t head_article = SIZE_MAX;
  bool html = false; /* the article is HTML: lines end with ,"source":"html" */
  bool ok = true;
  for (size_t i = 0; ok && i < g->n_mentions; i++) {
    const ng_mention *m = &g->mentions[i];
    if (ng_mention_unresolved(m)) continue;
    if (m->article != head_article) {
      const ng_article *a = &g->articles[m->article];
      head_article = m->article;
      ng_buf_clear(&head);
      BUF_LIT(&head, "{\"doc\":");
      buf_string(&head, a->doc);
      BUF_LIT(&head, ",\"begin\":");
      html = a->source && !strcmp(a->source, "html");
    }
    const piece *type = &types[(unsigned)m->type < NG_MT_COUNT ? m->type : NG_MT_COUNT];
    const piece *entity = NULL;
    if (m->entity >= 0) {
      piece *e = &entities[m->entity];
      if (!e->len) {
        size_t at = side.len;
        BUF_LIT(&side, ",\"entity\":");
        buf_string(&side, g->entities[m->entity].iri);
        piece_end(e, &side, at);
      }
      entity = e;
    }
    const char *text = m->text ? m->text : "";
    size_t text_len = strlen(text);
    /* the whole line is written into room made for it at once */
    ng_buf_reserve(&b, head.len + 20 + sizeof ",\"end\":" + 20 + type->len +
                           ESCAPED_MAX(text_len) + (entity ? entity->len : 0) +
                           sizeof ",\"source\":\"html\"}\n");
    char *q = b.data + b.len;
    memcpy(q, head.data, head.len);
    q += head.len;
    q = put_uint(q, m->begin);
    PUT_LIT(q, ",\"end\":");
    q = put_uint(q, m->end);
    memcpy(q, side.data + type->at, type->len);
    q += type->len;
    q = put_escaped(q, text, text_len);
    if (entity) {
      memcpy(q, side.data + entity->at, entity->len);
      q += entity->len;
    }
    if (html) PUT_LIT(q, ",\"source\":\"html\"}\n");
    else PUT_LIT(q, "}\n");
    *q = '\0';
    b.len = (size_t)(q - b.data);
    ok = buf_flush(&b, out, false);
  }
  if (ok) ok = buf_flush(&b, out, true);
  ng_buf_free(&b);
  ng_buf_free(&head);
  ng_buf_free(&side);
  free(entities);
  return ok ? finish(out) : NG_E_IO;
}

/* Sort key of a claim for the `relations` stream. */
typedef struct claim_key {
  uint32_t article;
  size_t sb, se, tb, te;
  int pred;
  const char *iri;
  uint32_t idx;
} claim_key;

static int cmp_size(size_t a, size_t b) { return a < b ? -1 : a > b; }

static int cmp_claim_key(const void *a, const void *b) {
  const claim_key *x = a, *y = b;
  int c;
  if ((c = cmp_size(x->article, y->article))) return c;
  if ((c = cmp_size(x->sb, y->sb))) return c;
  if ((c = cmp_size(x->se, y->se))) return c;
  if ((c = cmp_size(x->tb, y->tb))) return c;
  if ((c = cmp_size(x->te, y->te))) return c;
  if (x->pred != y->pred) return x->pred < y->pred ? -1 : 1;
  return strcmp(x->iri, y->iri);
}

int ng_json_write_relations(const ng_graph *g, FILE *out) {
  claim_key *k = ng_xmalloc((g->n_claims + 1) * sizeof *k);
  for (size_t i = 0; i < g->n_claims; i++) {
    const ng_claim *c = &g->claims[i];
    k[i] = (claim_key){c->article, c->src_begin, c->src_end, c->tgt_begin, c->tgt_end,
                       (int)g->relations[c->relation].pred, c->iri, (uint32_t)i};
  }
  qsort(k, g->n_claims, sizeof *k, cmp_claim_key);
  ng_buf b = {0};
  bool ok = true;
  for (size_t i = 0; ok && i < g->n_claims; i++) {
    const ng_claim *c = &g->claims[k[i].idx];
    const ng_relation *r = &g->relations[c->relation];
    /* evidence inside one mention ("Russian" in "Russian Foreign Minister
       Sergei Lavrov", "Iraqi" in "Iraqi Security Forces") relates no two
       mentions: a graph fact, not a line here */
    if (c->tgt_begin >= c->src_begin && c->tgt_end <= c->src_end) continue;
    ng_buf_put(&b, "{\"doc\":", 7);
    buf_string(&b, g->articles[c->article].doc);
    buf_field(&b, "predicate", ng_pred_name(r->pred));
    /* an office read from a title set off beside the name renames its
       person ("Minister for the Middle East, Tobias Ellwood", "Peter Cook,
       the Pentagon press secretary"): IsSynonymOf, as the contract allows */
    size_t gap = c->tgt_begin >= c->src_end ? c->tgt_begin - c->src_end
                 : c->src_begin >= c->tgt_end ? c->src_begin - c->tgt_end : 0;
    bool renames = r->pred == NG_PRED_OFFICIAL_OF && c->role && gap <= 16;
    /* re3d's BelongsTo runs from the thing to its owner */
    bool flip = r->pred == NG_PRED_DEPLOYS || r->pred == NG_PRED_OPERATES;
    /* "has not been given access to eastern Aleppo": re3d's Apart */
    bool apart = r->pred == NG_PRED_LOCATED_AT && c->negated;
    buf_field(&b, "type", renames ? "IsSynonymOf" : apart ? "Apart" : ng_pred_re3d_type(r->pred));
    buf_uint_field(&b, "source_begin", flip ? c->tgt_begin : c->src_begin);
    buf_uint_field(&b, "source_end", flip ? c->tgt_end : c->src_end);
    buf_uint_field(&b, "target_begin", flip ? c->src_begin : c->tgt_begin);
    buf_uint_field(&b, "target_end", flip ? c->src_end : c->tgt_end);
    buf_field(&b, "trigger", c->trigger ? c->trigger : "");
    if (c->hedged) ng_buf_puts(&b, ",\"hedged\":true");
    if (c->negated) ng_buf_puts(&b, ",\"negated\":true");
    ng_buf_put(&b, "}\n", 2);
    ok = buf_flush(&b, out, false);
  }
  if (ok) ok = buf_flush(&b, out, true);
  ng_buf_free(&b);
  free(k);
  return ok ? finish(out) : NG_E_IO;
}
