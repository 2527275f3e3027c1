/* resolve.c — in-article clustering of mentions and cross-article merging of
 * clusters into graph entities. See resolve.h for the rules. An article's
 * clusters keep their strings in the ng_clusters' pool and their surfaces in
 * one block; lookup keys are built in scratch buffers and copied only when a
 * new cluster keeps them. */
#include "nlp/resolve.h"

#include "graph/base.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- folding ---- */

/* Appends the folded form of s[0..n) to out (see ng_resolve_fold): keys are
 * built in scratch buffers reused from mention to mention, so most folds
 * allocate nothing. */
static void fold_into(ng_buf *out, const char *s, size_t n) {
  /* plain ASCII needs no Unicode normalisation: the loop below lower-cases it */
  bool ascii = true;
  for (size_t i = 0; i < n && ascii; i++)
    if ((unsigned char)s[i] >= 0x80 || !s[i]) ascii = false;
  utf8proc_uint8_t *norm = NULL;
  const char *p = s, *pe = s + n;
  if (!ascii) {
    char *tmp = ng_xstrndup(s, n);
    utf8proc_map((const utf8proc_uint8_t *)tmp, 0, &norm,
                 UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
                     UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);
    free(tmp);
    p = norm ? (const char *)norm : "";
    pe = p + strlen(p);
  }
  /* the folded form is never longer than its source */
  ng_buf_reserve(out, (size_t)(pe - p));
  char *o = out->data + out->len;
  size_t len = 0;
  char prev = 0;
  for (; p < pe; p++) {
    char ch = *p;
    if ((unsigned char)ch >= 0x80) continue;
    if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
    if (ch == ' ' || ch == '-' || ch == '\n' || ch == '\t') {
      if (len && prev != ' ') o[len++] = ' ';
      prev = ' ';
      continue;
    }
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) continue;
    char nx = p + 1 < pe ? p[1] : '\0';
    if (nx >= 'A' && nx <= 'Z') nx = (char)(nx - 'A' + 'a');
    if (ch == 'y') ch = 'i';
    else if (ch == 'o' && nx == 'u') { ch = 'u'; p++; }
    else if (ch == 'k' && nx == 'h') { ch = 'h'; p++; }
    else if (ch == 'e' && nx == 'e') { ch = 'i'; p++; }
    else if (ch == 'p' && nx == 'h') { ch = 'f'; p++; }
    if (ch == prev) continue; /* doubled letters */
    o[len++] = ch;
    prev = ch;
  }
  if (norm) free(norm);
  while (len && o[len - 1] == ' ') len--;
  o[len] = '\0';
  out->len += len;
}

char *ng_resolve_fold(const char *s, size_t n) {
  ng_buf b = {0};
  fold_into(&b, s, n);
  return ng_buf_take(&b);
}

/* Appends the consonant skeleton of the folded word f[0..n) to out: first
 * letter kept, vowels dropped, repeats collapsed. */
static void skeleton_into(ng_buf *out, const char *f, size_t n) {
  ng_buf_reserve(out, n);
  char *o = out->data + out->len;
  size_t len = 0;
  for (size_t i = 0; i < n; i++) {
    char ch = f[i];
    bool vowel = ch == 'a' || ch == 'e' || ch == 'i' || ch == 'o' || ch == 'u';
    if (i == 0 || ch == ' ' || !vowel) {
      if (len && o[len - 1] == ch) continue;
      o[len++] = ch;
    }
  }
  o[len] = '\0';
  out->len += len;
}

/* empties b, leaving it a valid "" string */
static void buf_reset(ng_buf *b) {
  b->len = 0;
  ng_buf_reserve(b, 0);
  b->data[0] = '\0';
}

/* v in decimal at o (no NUL); returns the digits written: title keys are
 * built per mention, and snprintf costs more than the whole lookup */
static size_t put_int(char *o, int32_t v) {
  char d[12];
  size_t k = 0, n = 0;
  int64_t x = v;
  if (x < 0) {
    o[n++] = '-';
    x = -x;
  }
  do d[k++] = (char)('0' + x % 10); while ((x /= 10));
  while (k) o[n++] = d[--k];
  return n;
}

/* title key: "title" or "title@of" when of >= 0, into tk (>= 24 bytes) */
static void title_key(char *tk, int32_t title, int32_t of) {
  size_t n = put_int(tk, title);
  if (of >= 0) {
    tk[n++] = '@';
    n += put_int(tk + n, of);
  }
  tk[n] = '\0';
}

/* ---- name parts ---- */

static bool is_initial(const char *w, size_t n) {
  return (n == 2 && w[1] == '.' && w[0] >= 'A' && w[0] <= 'Z') ||
         (n == 1 && w[0] >= 'A' && w[0] <= 'Z');
}

static bool is_particle(const char *w, size_t n) {
  /* the particles by length, 4 bytes each (compared ASCII case-insensitively) */
  static const char P2[] = "al\0\0de\0\0du\0\0da\0\0di\0\0el\0\0le\0\0la\0\0";
  static const char P3[] = "bin\0ibn\0van\0von\0der\0den\0abu\0ben\0del\0";
  static const char P4[] = "bint";
  const char *set;
  size_t count;
  if (n == 2) set = P2, count = 8;
  else if (n == 3) set = P3, count = 9;
  else if (n == 4) set = P4, count = 1;
  else return false;
  char low[4];
  for (size_t k = 0; k < n; k++) low[k] = (char)(w[k] | 0x20);
  for (size_t i = 0; i < count; i++)
    if (!memcmp(set + 4 * i, low, n)) return true;
  return false;
}

/* strips "al-"/"el-" from "al-Assad" */
static void strip_particle_prefix(const char **w, size_t *n) {
  const char *h = memchr(*w, '-', *n);
  if (h && h > *w && (size_t)(h - *w) <= 3 && is_particle(*w, (size_t)(h - *w)) &&
      h + 1 < *w + *n) {
    *n -= (size_t)(h + 1 - *w);
    *w = h + 1;
  }
}

typedef struct pname {
  const char *first; size_t first_n;
  const char *last; size_t last_n;
  size_t words; /* significant words */
} pname;

/* first and last significant words of a person name span (tokens tb..te) */
static pname person_parts(const char *text, const ng_tokens *t, uint32_t tb, uint32_t te) {
  pname p = {0};
  for (uint32_t i = tb; i < te; i++) {
    const char *w = text + t->tok[i].begin;
    size_t n = t->tok[i].end - t->tok[i].begin;
    if (t->tok[i].flags & NG_TOK_PUNCT) continue;
    if (is_initial(w, n) || is_particle(w, n)) continue;
    strip_particle_prefix(&w, &n);
    if (!p.first) { p.first = w; p.first_n = n; }
    p.last = w;
    p.last_n = n;
    p.words++;
  }
  return p;
}

/* ---- surfaces ---- */

/* normalised text of a span: whitespace runs to one space, ’ kept as is;
 * written into *buf (of *cap bytes, grown as needed and reused from mention
 * to mention), which it returns */
static char *span_text(char **buf, size_t *cap, const char *text, uint32_t b, uint32_t e) {
  if ((size_t)(e - b) + 1 > *cap) {
    *cap = (size_t)(e - b) + 64;
    free(*buf);
    *buf = ng_xmalloc(*cap);
  }
  char *out = *buf, *o = out;
  bool sp = false;
  for (uint32_t i = b; i < e; i++) {
    char ch = text[i];
    if ((unsigned char)ch > ' ') { /* a run of bytes that are no whitespace */
      if (sp && o > out) *o++ = ' ';
      sp = false;
      *o++ = ch;
      while (i + 1 < e && (unsigned char)text[i + 1] > ' ') *o++ = text[++i];
      continue;
    }
    if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
      sp = true;
      continue;
    }
    if (sp && o > out) *o++ = ' ';
    sp = false;
    *o++ = ch;
  }
  *o = '\0';
  return out;
}

#if defined(__GNUC__)
#define NG_SENTINEL __attribute__((sentinel))
#else
#define NG_SENTINEL
#endif

/* The strings of the NULL-terminated list ap joined into one (malloc'd):
 * reasons are built per new surface, and plain copying costs a fraction
 * of printf's format parsing. */
static char *vcat(const char *first, va_list ap) {
  va_list aq;
  va_copy(aq, ap);
  size_t n = 0;
  for (const char *p = first; p; p = va_arg(aq, const char *)) n += strlen(p);
  va_end(aq);
  char *out = ng_xmalloc(n + 1), *o = out;
  for (const char *p = first; p; p = va_arg(ap, const char *)) {
    size_t k = strlen(p);
    memcpy(o, p, k);
    o += k;
  }
  *o = '\0';
  return out;
}

/* The surfaces of one article while it is resolved: in order of arrival,
 * chained per cluster; ng_resolve_doc moves them into one block at the end
 * (a cluster's array grew by reallocation before). At most one surface and
 * one cluster per mention, so the arrays are sized once. */
typedef struct surfbuild {
  ng_surface *v;
  int32_t *next;        /* the cluster's next surface, -1 at the end */
  int32_t *head, *tail; /* per cluster: first and last surface, -1 if none */
  size_t n;
} surfbuild;

/* Counts the surface form text on cluster c; a new form (copied into out's
 * pool) records why it was linked: the reason is the concatenation of the
 * strings after alias (a NULL-terminated list), built only then and only if
 * out wants reasons. */
static void add_surface(ng_clusters *out, surfbuild *sb, int32_t c, const char *text, bool alias,
                        const char *why, ...) NG_SENTINEL;
static void add_surface(ng_clusters *out, surfbuild *sb, int32_t c, const char *text, bool alias,
                        const char *why, ...) {
  for (int32_t j = sb->head[c]; j >= 0; j = sb->next[j])
    if (!strcmp(sb->v[j].text, text)) {
      sb->v[j].count++;
      return;
    }
  int32_t j = (int32_t)sb->n++;
  ng_surface *s = &sb->v[j];
  s->text = ng_strpool_dup(&out->strs, text, strlen(text));
  s->reason = NULL;
  if (!out->no_reasons) {
    va_list ap;
    va_start(ap, why);
    s->reason = vcat(why, ap);
    va_end(ap);
  }
  s->count = 1;
  s->alias = alias;
  sb->next[j] = -1;
  if (sb->tail[c] >= 0) sb->next[sb->tail[c]] = j;
  else sb->head[c] = j;
  sb->tail[c] = j;
  out->v[c].n_surf++;
}

/* key -> cluster index, so that an article with thousands of names stays
   linear (keys are borrowed: cluster strings in out's pool, or title and
   initials keys in ng_resolve_doc's own pool) */
typedef struct kmap {
  const char **k;
  int32_t *v;
  size_t cap, n;
} kmap;

static int32_t kmap_get(const kmap *m, const char *key) {
  if (!m->cap) return -1;
  size_t j = (size_t)ng_hash_fast(key, strlen(key)) & (m->cap - 1);
  while (m->k[j]) {
    if (!strcmp(m->k[j], key)) return m->v[j];
    j = (j + 1) & (m->cap - 1);
  }
  return -1;
}

static void kmap_set(kmap *m, const char *key, int32_t val) {
  if ((m->n + 1) * 2 >= m->cap) {
    kmap o = *m;
    m->cap = o.cap ? o.cap * 2 : 32;
    m->k = ng_xcalloc(m->cap, sizeof *m->k + sizeof *m->v); /* values after the keys */
    m->v = (int32_t *)(m->k + m->cap);
    m->n = 0;
    for (size_t i = 0; i < o.cap; i++)
      if (o.k[i]) kmap_set(m, o.k[i], o.v[i]);
    free(o.k);
  }
  size_t j = (size_t)ng_hash_fast(key, strlen(key)) & (m->cap - 1);
  while (m->k[j]) {
    if (!strcmp(m->k[j], key)) {
      m->v[j] = val;
      return;
    }
    j = (j + 1) & (m->cap - 1);
  }
  m->k[j] = key;
  m->v[j] = val;
  m->n++;
}

static void kmap_free(kmap *m) { free(m->k); }

/* lexicon entry -> its cluster in one article: open addressing over the
   entries the article names (an array over the whole lexicon took longer to
   clear than most articles take to resolve) */
typedef struct lexmap {
  int32_t *key; /* -1 = empty */
  int32_t *val;
  size_t cap;   /* a power of two above twice the article's mentions */
} lexmap;

static void lexmap_init(lexmap *m, size_t n_ments) {
  m->cap = 16;
  while (m->cap < 2 * n_ments + 2) m->cap *= 2;
  m->key = ng_xmalloc(m->cap * sizeof *m->key);
  m->val = ng_xmalloc(m->cap * sizeof *m->val);
  for (size_t i = 0; i < m->cap; i++) m->key[i] = -1;
}

/* the slot of entry lex: its own, or the empty one it would take */
static size_t lexmap_slot(const lexmap *m, int32_t lex) {
  size_t i = ((uint32_t)lex * UINT32_C(0x9E3779B1)) & (m->cap - 1);
  while (m->key[i] >= 0 && m->key[i] != lex) i = (i + 1) & (m->cap - 1);
  return i;
}

static void lexmap_free(lexmap *m) {
  free(m->key);
  free(m->val);
}

/* a pooled cluster, its name and key copied into out's pool; out->v has
 * room for one per mention (ng_resolve_doc sizes it once) */
static int32_t new_cluster(ng_clusters *out, kmap *map, surfbuild *sb, ng_class cls,
                           int32_t lex, const char *name, const char *key) {
  ng_cluster *c = &out->v[out->n++];
  memset(c, 0, sizeof *c);
  c->cls = cls;
  c->lex = lex;
  c->name = ng_strpool_dup(&out->strs, name, strlen(name));
  c->key = ng_strpool_dup(&out->strs, key, strlen(key));
  c->global = -1;
  c->pooled = true;
  int32_t ci = (int32_t)(out->n - 1);
  sb->head[ci] = sb->tail[ci] = -1;
  kmap_set(map, c->key, ci);
  return ci;
}




/* Records the initials of organisation cluster c ("ISW" for "Institute for
 * the Study of War") in imap unless an earlier cluster has them; the key is
 * copied into keys. */
static void note_initials(kmap *imap, ng_strpool *keys, const ng_clusters *out, size_t c) {
  if (out->v[c].cls != NG_CLASS_ORGANIZATION) return;
  char ini[32];
  size_t k = 0;
  bool start = true;
  for (const char *p = out->v[c].name; *p && k < sizeof ini - 1; p++) {
    if (*p == ' ' || *p == '-') {
      start = true;
      continue;
    }
    if (start && *p >= 'A' && *p <= 'Z') ini[k++] = *p;
    start = false;
  }
  ini[k] = '\0';
  if (k < 2 || kmap_get(imap, ini) >= 0) return;
  kmap_set(imap, ng_strpool_dup(keys, ini, k), (int32_t)c);
}

/* "person|" + skeletons of the folded first and last names, into key; the
 * folded last name (the in-article surname) is left in fold */
static void person_key(ng_buf *key, ng_buf *fold, const pname *p) {
  buf_reset(key);
  ng_buf_put(key, "person|", 7);
  buf_reset(fold);
  fold_into(fold, p->first, p->first_n);
  skeleton_into(key, fold->data, fold->len);
  ng_buf_putc(key, '|');
  buf_reset(fold);
  fold_into(fold, p->last, p->last_n);
  skeleton_into(key, fold->data, fold->len);
}

/* key = the strings of the NULL-terminated list joined (a scratch build:
 * new_cluster copies it only when the key is new) */
static void key_cat(ng_buf *key, const char *first, ...) NG_SENTINEL;
static void key_cat(ng_buf *key, const char *first, ...) {
  buf_reset(key);
  va_list ap;
  va_start(ap, first);
  for (const char *p = first; p; p = va_arg(ap, const char *)) ng_buf_put(key, p, strlen(p));
  va_end(ap);
}

static char *surname_of_key(const char *key) {
  const char *bar = strrchr(key, '|');
  return ng_xstrdup(bar ? bar + 1 : key);
}

void ng_resolve_doc(ng_clusters *out, ng_ments *ms, const ng_lexicon *lx,
                    const char *text, const ng_tokens *t) {
  /* In-article lookups are linear scans over clusters: an article has tens of
     actors, not thousands, so this stays linear in the article's length in
     practice. */
  kmap map = {0}, smap = {0}; /* cluster keys; surnames of full-name persons */
  lexmap lexc = {0};          /* lexicon entry -> its cluster */
  char *sbuf = NULL;          /* the current mention's surface text (span_text) */
  size_t scap = 0;
  ng_buf key = {0}, fold = {0}; /* scratch: the lookup key, a folded name */
  ng_strpool keys = {0};        /* title and initials keys of tmap and imap */
  assert(!out->n && !out->surfs);
  /* room for a cluster per mention, cut to ng_clusters_push's power of two at
     the end (the array was reallocated as it doubled) */
  free(out->v);
  out->v = ng_xmalloc((ms->n + 1) * sizeof *out->v);
  surfbuild sb = {0};
  sb.v = ng_xmalloc((ms->n + 1) * sizeof *sb.v);
  sb.next = ng_xmalloc(3 * (ms->n + 1) * sizeof *sb.next);
  sb.head = sb.next + ms->n + 1;
  sb.tail = sb.head + ms->n + 1;
  /* pass 1: lexicon mentions and full names */
  for (size_t i = 0; i < ms->n; i++) {
    ng_ment *m = &ms->v[i];
    if (m->type >= NG_MT_TEMPORAL || (m->flags & NG_M_PRONOUN)) continue;
    if (m->lex >= 0) {
      char *surf = span_text(&sbuf, &scap, text, m->nbegin, m->nend);
      const ng_lex_entry *e = ng_lex_entry_at(lx, (uint32_t)m->lex);
      if (!lexc.cap) lexmap_init(&lexc, ms->n);
      size_t slot = lexmap_slot(&lexc, m->lex);
      int32_t c = lexc.key[slot] >= 0 ? lexc.val[slot] : -1;
      if (c < 0) {
        key_cat(&key, "lex|", ng_class_slug(e->cls), "|", e->canonical, NULL);
        c = kmap_get(&map, key.data);
        if (c < 0) c = new_cluster(out, &map, &sb, e->cls, m->lex, e->canonical, key.data);
        lexc.key[slot] = m->lex;
        lexc.val[slot] = c;
      }
      const char *why = m->flags & NG_M_DEMONYM ? "demonym in lexicon"
                        : m->flags & NG_M_METONYM ? "capital or seat of power used as actor (lexicon)"
                        : "name or alias in lexicon";
      add_surface(out, &sb, c, surf, !(m->flags & NG_M_DEMONYM), why, ": ", e->canonical, NULL);
      out->v[c].mentions++;
      m->cluster = c;
    } else if (m->flags & NG_M_DESCRIPTION) {
      /* a title standing alone ("the Foreign Minister") is never a name:
         pass 2 binds it to the title's holder or leaves it unlinked */
    } else if (m->cls == NG_CLASS_PERSON && !(m->flags & NG_M_SURNAME)) {
      pname p = person_parts(text, t, m->tb, m->te);
      if (p.words >= 2) {
        char *surf = span_text(&sbuf, &scap, text, m->nbegin, m->nend);
        person_key(&key, &fold, &p);
        int32_t c = kmap_get(&map, key.data);
        if (c < 0) c = new_cluster(out, &map, &sb, NG_CLASS_PERSON, -1, surf, key.data);
        /* prefer the longest form as the article's name ("Sergey V. Lavrov") */
        else if (strlen(surf) > strlen(out->v[c].name)) {
          out->v[c].name = ng_strpool_dup(&out->strs, surf, strlen(surf));
        }
        /* in-article binding compares folded surnames (not skeletons: "We're"
           must not become "War"); across articles the key's skeleton is used */
        if (!out->v[c].surname) out->v[c].surname = ng_strpool_dup(&out->strs, fold.data, fold.len);
        kmap_set(&smap, out->v[c].surname, c);
        add_surface(out, &sb, c, surf, true, "full name (key ", key.data, ")", NULL);
        out->v[c].mentions++;
        m->cluster = c;
      } else {
        m->flags |= NG_M_SURNAME;
      }
    } else if (!(m->flags & NG_M_SURNAME) && !(m->flags & NG_M_ACRONYM)) {
      char *surf = span_text(&sbuf, &scap, text, m->nbegin, m->nend);
      key_cat(&key, ng_class_slug(m->cls), "|", NULL);
      size_t at = key.len;
      fold_into(&key, surf, strlen(surf));
      /* drop a leading "the" */
      if (!strncmp(key.data + at, "the ", 4)) {
        memmove(key.data + at, key.data + at + 4, key.len - at - 4 + 1);
        key.len -= 4;
      }
      int32_t c = kmap_get(&map, key.data);
      if (c < 0) c = new_cluster(out, &map, &sb, m->cls, -1, surf, key.data);
      add_surface(out, &sb, c, surf, true, "name seen in text (context cue)", NULL);
      out->v[c].mentions++;
      m->cluster = c;
    }
  }
  /* titles held by the article's named persons: entry -> cluster, -2 when
     two people hold it (then a bare "the Foreign Minister" stays unbound) */
  kmap tmap = {0};
  for (size_t i = 0; i < ms->n; i++) {
    const ng_ment *m = &ms->v[i];
    if (m->cluster < 0 || (m->flags & NG_M_DESCRIPTION)) continue;
    int32_t holder = m->cluster;
    /* an office before the name ("Russian Foreign Minister Sergei Lavrov")
       and one in apposition ("Sergei Shoigu, the Russian defense minister") */
    int32_t titles[2] = {m->title, m->appos_title};
    int32_t ofs[2] = {m->title_of >= 0 ? ms->v[m->title_of].lex : -1, m->appos_of};
    for (int q = 0; q < 2; q++) {
      if (titles[q] < 0) continue;
      for (int k = 0; k < (ofs[q] >= 0 ? 2 : 1); k++) {
        char tk[32];
        title_key(tk, titles[q], k ? ofs[q] : -1);
        int32_t prev = kmap_get(&tmap, tk);
        if (prev == -1) kmap_set(&tmap, ng_strpool_dup(&keys, tk, strlen(tk)), holder);
        else if (prev != holder) kmap_set(&tmap, tk, -2);
      }
    }
  }
  /* pass 2: lone surnames, acronyms, descriptions */
  kmap imap = {0}; /* organisation initials -> first cluster with them */
  size_t inited = 0; /* clusters [0, inited) are in imap */
  for (size_t i = 0; i < ms->n; i++) {
    ng_ment *m = &ms->v[i];
    if (m->type >= NG_MT_TEMPORAL || m->cluster >= 0) continue;
    if (m->flags & NG_M_PRONOUN) continue; /* no node of its own */
    char *surf = span_text(&sbuf, &scap, text, m->nbegin, m->nend);
    if (m->flags & NG_M_DESCRIPTION) {
      /* "the Russian defense minister" binds only to the holder with that
         country; "the defense minister" to the one holder of the title */
      char tk[32];
      int32_t of = m->title_of >= 0 ? ms->v[m->title_of].lex : -1;
      title_key(tk, m->title, of);
      int32_t c = kmap_get(&tmap, tk);
      if (c >= 0) {
        add_surface(out, &sb, c, surf, false, "the title \"", surf, "\" is held by ",
                    out->v[c].name, " in the same article", NULL);
        out->v[c].mentions++;
        m->cluster = c;
      }
      continue;
    }
    if (m->flags & NG_M_SURNAME) {
      /* the last significant word: "Le Drian" -> "Drian", "al-Assad" -> "Assad" */
      pname pp = person_parts(text, t, m->tb, m->te);
      const char *w = pp.last ? pp.last : text + m->nbegin;
      size_t n = pp.last ? pp.last_n : (size_t)(m->nend - m->nbegin);
      buf_reset(&fold);
      fold_into(&fold, w, n);
      /* the person of the article whose surname this is: news style
         introduces the full name first */
      int32_t best = kmap_get(&smap, fold.data);
      if (best >= 0) {
        add_surface(out, &sb, best, surf, true, "surname of ", out->v[best].name,
                    ", named in full in the same article", NULL);
        out->v[best].mentions++;
        m->cluster = best;
        m->cls = NG_CLASS_PERSON;
        m->type = NG_MT_PERSON;
      } else if ((m->flags & NG_M_WEAK) && (m->flags & NG_M_THE)) {
        /* "the Coalition": no person of that name, so an organisation */
        m->cls = NG_CLASS_ORGANIZATION;
        m->type = NG_MT_ORGANISATION;
        key_cat(&key, "organization|", NULL);
        fold_into(&key, surf, strlen(surf));
        int32_t c = kmap_get(&map, key.data);
        if (c < 0) c = new_cluster(out, &map, &sb, NG_CLASS_ORGANIZATION, -1, surf, key.data);
        add_surface(out, &sb, c, surf, true, "capitalised name after \"the\" that names no person",
                    NULL);
        out->v[c].mentions++;
        m->cluster = c;
      } else if (m->flags & NG_M_WEAK) {
        /* a capitalised first word that names nobody in the article: dropped */
        m->type = NG_MT_COUNT;
      } else {
        /* a lone surname: key "surname|" when the article says person
           somewhere ("Kerry said"), "guess|" when nothing does — a guess
           ng_resolve_global keeps only if the input names a person of that
           surname. One cluster per surname: a cue promotes a guess. */
        bool guess = (m->flags & NG_M_GUESS) != 0;
        key_cat(&key, "surname|", NULL);
        skeleton_into(&key, fold.data, fold.len);
        int32_t c = kmap_get(&map, key.data);
        if (c < 0) { /* the guess key, in fold (done with) */
          key_cat(&fold, "guess|", key.data + strlen("surname|"), NULL);
          if ((c = kmap_get(&map, fold.data)) >= 0 && !guess) {
            out->v[c].key = ng_strpool_dup(&out->strs, key.data, key.len);
            kmap_set(&map, out->v[c].key, c);
          }
        }
        if (c < 0) {
          c = new_cluster(out, &map, &sb, NG_CLASS_PERSON, -1, surf, guess ? fold.data : key.data);
          out->v[c].surname_only = true;
        }
        add_surface(out, &sb, c, surf, true,
                    guess ? "lone capitalised name, a person if the input names one so"
                          : "lone capitalised name used as a person", NULL);
        out->v[c].mentions++;
        m->cluster = c;
      }
    } else if (m->flags & NG_M_ACRONYM) {
      /* initials of an organisation named in the article (the first one) */
      for (; inited < out->n; inited++) note_initials(&imap, &keys, out, inited);
      int32_t best = kmap_get(&imap, surf);
      if (best >= 0) {
        add_surface(out, &sb, best, surf, true, "acronym of ", out->v[best].name, NULL);
        out->v[best].mentions++;
        m->cluster = best;
      } else {
        key_cat(&key, "organization|", surf, NULL);
        int32_t c = kmap_get(&map, key.data);
        if (c < 0) c = new_cluster(out, &map, &sb, NG_CLASS_ORGANIZATION, -1, surf, key.data);
        add_surface(out, &sb, c, surf, true, "acronym (all capitals)", NULL);
        out->v[c].mentions++;
        m->cluster = c;
      }
    }
  }
  lexmap_free(&lexc);
  free(sbuf);
  size_t cap = 1;
  while (cap < out->n) cap *= 2;
  out->v = ng_xrealloc(out->v, cap * sizeof *out->v);
  /* the surfaces into one block, cluster by cluster */
  out->surfs = ng_xmalloc((sb.n + 1) * sizeof *out->surfs);
  size_t at = 0;
  for (size_t c = 0; c < out->n; c++) {
    ng_cluster *k = &out->v[c];
    if (!k->n_surf) continue;
    k->surf = out->surfs + at;
    for (int32_t j = sb.head[c]; j >= 0; j = sb.next[j]) out->surfs[at++] = sb.v[j];
  }
  free(sb.v);
  free(sb.next);
  ng_buf_free(&key);
  ng_buf_free(&fold);
  kmap_free(&imap);
  kmap_free(&map);
  kmap_free(&smap);
  kmap_free(&tmap);
  ng_strpool_free(&keys);
}

ng_cluster *ng_clusters_push(ng_clusters *c) {
  if (!(c->n & (c->n - 1))) /* 0, 1, 2, 4...: the array is full */
    c->v = ng_xrealloc(c->v, (c->n ? 2 * c->n : 1) * sizeof *c->v);
  ng_cluster *k = &c->v[c->n++];
  memset(k, 0, sizeof *k);
  return k;
}

void ng_clusters_free(ng_clusters *c) {
  for (size_t i = 0; i < c->n; i++) {
    ng_cluster *k = &c->v[i];
    for (size_t j = 0; j < k->n_surf; j++)
      if (k->surf[j].reason) free(k->surf[j].reason);
    if (k->pooled) continue;
    free(k->name);
    free(k->key);
    free(k->surname);
    for (size_t j = 0; j < k->n_surf; j++) free(k->surf[j].text);
    free(k->surf);
  }
  free(c->v);
  free(c->surfs);
  ng_strpool_free(&c->strs);
  c->v = NULL;
  c->surfs = NULL;
  c->n = 0;
}

/* ---- global ---- */

typedef struct cref {
  uint32_t doc, idx;
} cref;

typedef struct gent {
  char *key;
  ng_class cls;
  int32_t lex;
  NG_VEC(cref) members;
} gent;

typedef struct gtab {
  gent *v;
  size_t n, cap;
  /* key -> index hash */
  char **keys;
  int32_t *vals;
  size_t hcap;
} gtab;

static int32_t gtab_find(gtab *t, const char *key, bool insert) {
  if (insert && (t->n + 1) * 2 >= t->hcap) {
    size_t ncap = t->hcap ? t->hcap * 2 : 256;
    char **nk = ng_xcalloc(ncap, sizeof *nk);
    int32_t *nv = ng_xcalloc(ncap, sizeof *nv);
    for (size_t i = 0; i < t->hcap; i++) {
      if (!t->keys[i]) continue;
      size_t j = (size_t)ng_hash_fast(t->keys[i], strlen(t->keys[i])) & (ncap - 1);
      while (nk[j]) j = (j + 1) & (ncap - 1);
      nk[j] = t->keys[i];
      nv[j] = t->vals[i];
    }
    free(t->keys);
    free(t->vals);
    t->keys = nk;
    t->vals = nv;
    t->hcap = ncap;
  }
  if (!t->hcap) return -1;
  size_t j = (size_t)ng_hash_fast(key, strlen(key)) & (t->hcap - 1);
  while (t->keys[j]) {
    if (!strcmp(t->keys[j], key)) return t->vals[j];
    j = (j + 1) & (t->hcap - 1);
  }
  if (!insert) return -1;
  if (t->n == t->cap) {
    t->cap = t->cap ? t->cap * 2 : 64;
    t->v = ng_xrealloc(t->v, t->cap * sizeof *t->v);
  }
  gent *g = &t->v[t->n];
  memset(g, 0, sizeof *g);
  g->key = ng_xstrdup(key);
  g->lex = -1;
  t->keys[j] = g->key;
  t->vals[j] = (int32_t)t->n;
  return (int32_t)t->n++;
}

static int cmp_cstr(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

void ng_resolve_global(ng_graph *g, ng_clusters *docs, size_t n_docs,
                       const ng_lexicon *lx) {
  gtab t = {0};
  /* full clusters first; surname-only clusters are attached after, so the
     result does not depend on which article came first */
  kmap smap = {0};           /* surname skeleton -> entity, -2 when ambiguous */
  kmap cued = {0};           /* keys of lone surnames used as persons ("surname|...") */
  NG_VEC(char *) snames = {0};
  for (int pass = 0; pass < 2; pass++) {
    if (pass == 1) {
      for (size_t d = 0; d < n_docs; d++)
        for (size_t i = 0; i < docs[d].n; i++)
          if (docs[d].v[i].surname_only && !strncmp(docs[d].v[i].key, "surname|", 8))
            kmap_set(&cued, docs[d].v[i].key, 1);
      for (size_t k = 0; k < t.n; k++) {
        if (t.v[k].cls != NG_CLASS_PERSON || strncmp(t.v[k].key, "person|", 7)) continue;
        char *sk = surname_of_key(t.v[k].key);
        int32_t prev = kmap_get(&smap, sk);
        kmap_set(&smap, sk, prev == -1 ? (int32_t)k : -2);
        NG_VEC_PUSH(snames, sk);
      }
    }
    for (size_t d = 0; d < n_docs; d++)
      for (size_t i = 0; i < docs[d].n; i++) {
        ng_cluster *c = &docs[d].v[i];
        if ((pass == 0) == c->surname_only) continue;
        const char *key = c->key;
        char *as_cued = NULL;
        if (pass == 1) {
          /* a lone surname joins the one person of that surname in the corpus */
          char *sk = surname_of_key(c->key);
          int32_t found = kmap_get(&smap, sk);
          if (found < 0 && !strncmp(c->key, "guess|", 6)) {
            /* a guess nothing confirms is no actor (c->global stays -1),
               unless the same surname is used as a person elsewhere */
            as_cued = ng_xconcat("surname|", sk, (char *)NULL);
            if (kmap_get(&cued, as_cued) < 0) {
              free(as_cued);
              free(sk);
              continue;
            }
            key = as_cued;
            for (size_t s = 0; s < c->n_surf && c->surf[s].reason; s++) {
              free(c->surf[s].reason);
              c->surf[s].reason = ng_xstrdup("lone capitalised name, a surname used as a person "
                                             "elsewhere in the input");
            }
          }
          free(sk);
          if (found >= 0) {
            key = t.v[found].key;
            for (size_t s = 0; s < c->n_surf; s++) {
              free(c->surf[s].reason);
              c->surf[s].reason = ng_xasprintf("surname of %s, the one person of that surname in the input",
                                               t.v[found].key);
            }
          }
        }
        int32_t gi = gtab_find(&t, key, true);
        free(as_cued);
        gent *ge = &t.v[gi];
        if (!ge->members.n) {
          ge->cls = c->cls;
          ge->lex = c->lex;
        }
        cref r = {(uint32_t)d, (uint32_t)i};
        NG_VEC_PUSH(ge->members, r);
      }
  }
  kmap_free(&smap);
  kmap_free(&cued);
  for (size_t k = 0; k < snames.n; k++) free(snames.v[k]);
  free(snames.v);
  /* create entities: canonical label = lexicon name, else the most frequent
     name (ties: longest, then smallest in byte order) */
  for (size_t k = 0; k < t.n; k++) {
    gent *ge = &t.v[k];
    const char *label = NULL;
    const ng_lex_entry *le = ge->lex >= 0 ? ng_lex_entry_at(lx, (uint32_t)ge->lex) : NULL;
    if (le) label = le->canonical;
    /* count names over members */
    NG_VEC(char *) names = {0};
    for (size_t m = 0; m < ge->members.n; m++) {
      ng_cluster *c = &docs[ge->members.v[m].doc].v[ge->members.v[m].idx];
      NG_VEC_PUSH(names, c->name);
    }
    ng_sort(names.v, names.n, sizeof *names.v, cmp_cstr);
    const char *best = NULL;
    size_t best_n = 0;
    for (size_t a = 0; a < names.n;) {
      size_t b = a;
      while (b < names.n && !strcmp(names.v[a], names.v[b])) b++;
      size_t cnt = b - a;
      if (!best || cnt > best_n ||
          (cnt == best_n && strlen(names.v[a]) > strlen(best))) {
        best = names.v[a];
        best_n = cnt;
      }
      a = b;
    }
    if (!label) label = best ? best : ge->key;
    uint32_t e = ng_graph_entity(g, ge->cls, label);
    if (le && le->wikidata) ng_graph_set_wikidata(g, e, le->wikidata);
    for (size_t m = 0; m < ge->members.n; m++) {
      ng_cluster *c = &docs[ge->members.v[m].doc].v[ge->members.v[m].idx];
      c->global = (int32_t)e;
      for (size_t s = 0; s < c->n_surf; s++) {
        if (!c->surf[s].alias) continue;
        const char *a = c->surf[s].text;
        if (!strncmp(a, "the ", 4) || !strncmp(a, "The ", 4)) a += 4;
        ng_graph_add_alias(g, e, a);
      }
    }
    free(names.v);
  }
  for (size_t k = 0; k < t.n; k++) {
    free(t.v[k].key);
    free(t.v[k].members.v);
  }
  free(t.v);
  free(t.keys);
  free(t.vals);
}
