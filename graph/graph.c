/* graph.c — the knowledge graph: entity table keyed by (class, slug), relation
 * table keyed by (s, p, o), claims, mentions, quotes, article-local entities;
 * deterministic ordering in ng_graph_finish(); summaries of streamed parts
 * (ng_graph_absorb) for the default graph of streamed output.
 *
 * Indices handed out before ng_graph_finish() are remapped by it: callers must
 * not keep indices across the call. */
#include "graph/graph.h"

#include "graph/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static const char *const class_names[NG_CLASS_COUNT] = {
    "Person", "Country", "Organization", "MilitaryBase", "MilitaryPlatform",
    "Weapon", "Place"};
static const char *const class_slugs[NG_CLASS_COUNT] = {
    "person", "country", "organization", "militarybase", "militaryplatform",
    "weapon", "place"};
static const char *const mtype_names[NG_MT_COUNT] = {
    "Person", "Organisation", "Location", "Nationality", "MilitaryPlatform",
    "Weapon", "Temporal", "Quantity", "Money"};
static const char *const pred_names[NG_PRED_COUNT] = {
    "officialOf", "memberOf", "partOf", "communicatedWith", "supports",
    "opposes", "fightsAgainst", "supplies", "deploys", "operates", "locatedAt"};
static const char *const pred_re3d[NG_PRED_COUNT] = {
    "BelongsTo", "BelongsTo", "BelongsTo", "CommWith", "AlliesOf", "Dislikes",
    "FightingAgainst", "BelongsTo", "BelongsTo", "BelongsTo", "CoLocated"};

const char *ng_class_name(ng_class c) { return c < NG_CLASS_COUNT ? class_names[c] : "Thing"; }
const char *ng_class_slug(ng_class c) { return c < NG_CLASS_COUNT ? class_slugs[c] : "thing"; }
const char *ng_mtype_name(ng_mtype t) { return t < NG_MT_COUNT ? mtype_names[t] : "Unknown"; }
const char *ng_pred_name(ng_pred p) { return p < NG_PRED_COUNT ? pred_names[p] : "relatedTo"; }
const char *ng_pred_re3d_type(ng_pred p) { return p < NG_PRED_COUNT ? pred_re3d[p] : "BelongsTo"; }
bool ng_pred_symmetric(ng_pred p) { return p == NG_PRED_COMMUNICATED_WITH; }

bool ng_class_parse(const char *name, ng_class *out) {
  for (int i = 0; i < NG_CLASS_COUNT; i++)
    if (!strcmp(name, class_names[i]) || !strcmp(name, class_slugs[i])) {
      *out = (ng_class)i;
      return true;
    }
  if (!strcmp(name, "Organisation")) {
    *out = NG_CLASS_ORGANIZATION;
    return true;
  }
  return false;
}

bool ng_pred_parse(const char *name, ng_pred *out) {
  for (int i = 0; i < NG_PRED_COUNT; i++)
    if (!strcmp(name, pred_names[i])) {
      *out = (ng_pred)i;
      return true;
    }
  return false;
}

/* ---- hash tables (open addressing, string keys) ---- */

typedef struct slot {
  uint64_t h;
  char *key; /* owned */
  uint32_t val;
} slot;

typedef struct table {
  slot *s;
  size_t cap, n;
} table;

static void table_free(table *t) {
  for (size_t i = 0; i < t->cap; i++) free(t->s[i].key);
  free(t->s);
}

static void table_grow(table *t);

static uint32_t *table_find(table *t, const char *key, bool insert, bool *created) {
  if (created) *created = false;
  if (insert && (t->n + 1) * 4 >= t->cap * 3) table_grow(t);
  if (!t->cap) return NULL;
  uint64_t h = ng_hash(key, strlen(key));
  size_t i = (size_t)h & (t->cap - 1);
  while (t->s[i].key) {
    if (t->s[i].h == h && !strcmp(t->s[i].key, key)) return &t->s[i].val;
    i = (i + 1) & (t->cap - 1);
  }
  if (!insert) return NULL;
  t->s[i].h = h;
  t->s[i].key = ng_xstrdup(key);
  t->n++;
  if (created) *created = true;
  return &t->s[i].val;
}

static void table_grow(table *t) {
  table old = *t;
  t->cap = old.cap ? old.cap * 2 : 64;
  t->s = ng_xcalloc(t->cap, sizeof *t->s);
  t->n = 0;
  for (size_t i = 0; i < old.cap; i++) {
    if (!old.s[i].key) continue;
    size_t j = (size_t)old.s[i].h & (t->cap - 1);
    while (t->s[j].key) j = (j + 1) & (t->cap - 1);
    t->s[j] = old.s[i];
    t->n++;
  }
  free(old.s);
}

/* counts folded in from streamed parts (ng_graph_absorb) */
typedef struct ent_sum {
  unsigned mentions, articles;
} ent_sum;
typedef struct rel_sum {
  unsigned articles;
  bool direct;     /* some part asserted it */
  bool hedged_all; /* every part that asserted it found it hedged only */
} rel_sum;

struct ng_graph_index {
  table entities;  /* "class/slug" -> entity */
  table relations; /* "s p o" -> relation */
  table *aliases;  /* per entity: alias set (value unused) */
  ent_sum *esum;   /* per entity, same capacity as aliases */
  size_t n_alias_tables;
  rel_sum *rsum;   /* per relation (capacity cap_[CAP_REL]) */
  ng_strpool texts; /* the mentions' texts */
};

enum { CAP_ART, CAP_ENT, CAP_MEN, CAP_REL, CAP_CLM, CAP_QUO, CAP_LOC, CAP_UCL };

#define GROW(g, arr, n, which)                                                 \
  do {                                                                         \
    if ((g)->n == (g)->cap_[which]) {                                          \
      (g)->cap_[which] = (g)->cap_[which] ? (g)->cap_[which] * 2 : 16;         \
      (g)->arr = ng_xrealloc((g)->arr, (g)->cap_[which] * sizeof *(g)->arr);   \
    }                                                                          \
  } while (0)

ng_graph *ng_graph_new(const char *base) {
  ng_graph *g = ng_xcalloc(1, sizeof *g);
  g->base = ng_xstrdup(base ? base : NG_DEFAULT_BASE);
  g->index_ = ng_xcalloc(1, sizeof *g->index_);
  return g;
}

/* *d = *c with its strings copied, in article `article` */
static void claim_copy(ng_claim *d, const ng_claim *c, uint32_t article) {
  *d = *c;
  d->iri = ng_xstrdup(c->iri);
  d->article = article;
  d->sentence = ng_xstrdup(c->sentence);
  d->trigger = ng_xstrdup(c->trigger);
  d->role = ng_xstrdup(c->role);
}

static void claim_free(ng_claim *c) {
  free(c->iri); free(c->sentence); free(c->trigger); free(c->role);
}

void ng_graph_free(ng_graph *g) {
  if (!g) return;
  for (size_t i = 0; i < g->n_articles; i++) {
    ng_article *a = &g->articles[i];
    free(a->doc); free(a->path); free(a->source); free(a->headline);
    free(a->date); free(a->date_iso); free(a->author); free(a->publisher);
    free(a->url); free(a->sha256);
  }
  for (size_t i = 0; i < g->n_entities; i++) {
    ng_entity *e = &g->entities[i];
    free(e->label); free(e->slug); free(e->iri); free(e->wikidata);
    for (size_t j = 0; j < e->n_aliases; j++) free(e->aliases[j]);
    free(e->aliases);
  }
  for (size_t i = 0; i < g->n_relations; i++) free(g->relations[i].claims);
  for (size_t i = 0; i < g->n_claims; i++) claim_free(&g->claims[i]);
  for (size_t i = 0; i < g->n_uclaims; i++) claim_free(&g->uclaims[i].c);
  for (size_t i = 0; i < g->n_quotes; i++) {
    free(g->quotes[i].iri);
    free(g->quotes[i].text);
  }
  for (size_t i = 0; i < g->n_locals; i++) {
    ng_local *l = &g->locals[i];
    free(l->key); free(l->name); free(l->lexicon);
    for (size_t j = 0; j < l->n_surfaces; j++) free(l->surfaces[j]);
    free(l->surfaces);
  }
  free(g->articles); free(g->entities); free(g->mentions);
  free(g->relations); free(g->claims); free(g->quotes); free(g->locals); free(g->uclaims);
  if (g->index_) {
    table_free(&g->index_->entities);
    table_free(&g->index_->relations);
    for (size_t i = 0; i < g->index_->n_alias_tables; i++)
      table_free(&g->index_->aliases[i]);
    free(g->index_->aliases);
    free(g->index_->esum);
    free(g->index_->rsum);
    ng_strpool_free(&g->index_->texts);
    free(g->index_);
  }
  free(g->base);
  free(g);
}

uint32_t ng_graph_add_article(ng_graph *g, const ng_article *a) {
  GROW(g, articles, n_articles, CAP_ART);
  ng_article *d = &g->articles[g->n_articles];
  memset(d, 0, sizeof *d);
  d->doc = ng_xstrdup(a->doc ? a->doc : "doc");
  d->path = ng_xstrdup(a->path);
  d->source = ng_xstrdup(a->source);
  d->headline = ng_xstrdup(a->headline);
  d->date = ng_xstrdup(a->date);
  d->date_iso = ng_xstrdup(a->date_iso);
  d->author = ng_xstrdup(a->author);
  d->publisher = ng_xstrdup(a->publisher);
  d->url = ng_xstrdup(a->url);
  d->sha256 = ng_xstrdup(a->sha256);
  d->bytes = a->bytes;
  return (uint32_t)g->n_articles++;
}

char *ng_slugify(const char *name) {
  ng_buf b = {0};
  utf8proc_uint8_t *norm = NULL;
  utf8proc_map((const utf8proc_uint8_t *)name, 0, &norm,
               UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
                   UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);
  const char *s = norm ? (const char *)norm : name;
  bool dash = false;
  for (const char *p = s; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (dash && b.len) ng_buf_putc(&b, '-');
      dash = false;
      ng_buf_putc(&b, (char)c);
    } else if (c >= 'A' && c <= 'Z') {
      if (dash && b.len) ng_buf_putc(&b, '-');
      dash = false;
      ng_buf_putc(&b, (char)(c - 'A' + 'a'));
    } else if (c == '\'' ) {
      /* apostrophes vanish: Ja'afari -> jaafari */
    } else if (c < 0x80 || (c & 0xC0) == 0xC0) {
      dash = true; /* ASCII separator, or the start of a non-ASCII character */
    }
  }
  free(norm);
  if (!b.len) ng_buf_putc(&b, 'x');
  return ng_buf_take(&b);
}

/* finds or creates the entity (c, slug); a new one gets label and slug
   (slug is taken over) */
static uint32_t entity_by_slug(ng_graph *g, ng_class c, const char *label, char *slug) {
  /* the key "class/slug", on the stack when it fits */
  const char *cs = ng_class_slug(c);
  size_t cn = strlen(cs), sn = strlen(slug);
  char small[256];
  char *key = cn + sn + 2 <= sizeof small ? small : ng_xmalloc(cn + sn + 2);
  memcpy(key, cs, cn);
  key[cn] = '/';
  memcpy(key + cn + 1, slug, sn + 1);
  bool created;
  uint32_t *v = table_find(&g->index_->entities, key, true, &created);
  if (key != small) free(key);
  if (!created) {
    free(slug);
    return *v;
  }
  GROW(g, entities, n_entities, CAP_ENT);
  ng_entity *e = &g->entities[g->n_entities];
  memset(e, 0, sizeof *e);
  e->cls = c;
  e->label = ng_xstrdup(label);
  e->slug = slug;
  e->iri = ng_xconcat(g->base, "entity/", ng_class_slug(c), "/", slug, (char *)NULL);
  *v = (uint32_t)g->n_entities;
  struct ng_graph_index *ix = g->index_;
  if (ix->n_alias_tables <= g->n_entities) {
    size_t n = ix->n_alias_tables ? ix->n_alias_tables * 2 : 64;
    ix->aliases = ng_xrealloc(ix->aliases, n * sizeof *ix->aliases);
    memset(ix->aliases + ix->n_alias_tables, 0,
           (n - ix->n_alias_tables) * sizeof *ix->aliases);
    ix->esum = ng_xrealloc(ix->esum, n * sizeof *ix->esum);
    memset(ix->esum + ix->n_alias_tables, 0, (n - ix->n_alias_tables) * sizeof *ix->esum);
    ix->n_alias_tables = n;
  }
  return (uint32_t)g->n_entities++;
}

uint32_t ng_graph_entity(ng_graph *g, ng_class c, const char *label) {
  return entity_by_slug(g, c, label, ng_slugify(label));
}

uint32_t ng_graph_entity_like(ng_graph *g, const ng_entity *e) {
  return entity_by_slug(g, e->cls, e->label, ng_xstrdup(e->slug));
}

void ng_graph_add_alias(ng_graph *g, uint32_t ei, const char *alias) {
  ng_entity *e = &g->entities[ei];
  if (!alias || !*alias || !strcmp(alias, e->label)) return;
  bool created;
  table_find(&g->index_->aliases[ei], alias, true, &created);
  if (!created) return;
  e->aliases = ng_xrealloc(e->aliases, (e->n_aliases + 1) * sizeof *e->aliases);
  e->aliases[e->n_aliases++] = ng_xstrdup(alias);
}

void ng_graph_set_wikidata(ng_graph *g, uint32_t e, const char *qid) {
  free(g->entities[e].wikidata);
  g->entities[e].wikidata = ng_xstrdup(qid);
}

void ng_graph_add_mention(ng_graph *g, uint32_t article, size_t begin,
                          size_t end, size_t cp_begin, size_t cp_end,
                          const char *text, size_t text_len, ng_mtype type,
                          int32_t entity) {
  GROW(g, mentions, n_mentions, CAP_MEN);
  ng_mention *m = &g->mentions[g->n_mentions++];
  m->article = article;
  m->begin = begin;
  m->end = end;
  m->cp_begin = cp_begin;
  m->cp_end = cp_end;
  m->text = ng_strpool_dup(&g->index_->texts, text, text_len);
  m->type = type;
  m->entity = entity;
  m->ref = 0;
}

void ng_graph_put_mention(ng_graph *g, const ng_mention *m) {
  ng_graph_add_mention(g, m->article, m->begin, m->end, m->cp_begin, m->cp_end,
                       m->text ? m->text : "", m->text ? strlen(m->text) : 0, m->type,
                       m->entity);
  g->mentions[g->n_mentions - 1].ref = m->ref;
}

static int cmp_str(const void *a, const void *b);

void ng_graph_add_local(ng_graph *g, const ng_local *l) {
  GROW(g, locals, n_locals, CAP_LOC);
  ng_local *d = &g->locals[g->n_locals++];
  *d = *l;
  d->key = ng_xstrdup(l->key ? l->key : "");
  d->name = ng_xstrdup(l->name ? l->name : "");
  d->lexicon = ng_xstrdup(l->lexicon);
  d->surfaces = ng_xmalloc((l->n_surfaces + 1) * sizeof *d->surfaces);
  for (size_t i = 0; i < l->n_surfaces; i++) d->surfaces[i] = ng_xstrdup(l->surfaces[i]);
  ng_sort(d->surfaces, l->n_surfaces, sizeof *d->surfaces, cmp_str);
  size_t k = 0;
  for (size_t i = 0; i < l->n_surfaces; i++) {
    if (k && !strcmp(d->surfaces[k - 1], d->surfaces[i])) {
      free(d->surfaces[i]);
      continue;
    }
    d->surfaces[k++] = d->surfaces[i];
  }
  d->n_surfaces = k;
}

/* the relation (s, p, o), created if new (s and o already in symmetric order) */
static uint32_t relation_get(ng_graph *g, uint32_t s, ng_pred p, uint32_t o) {
  char key[64];
  snprintf(key, sizeof key, "%u %d %u", s, (int)p, o);
  bool created;
  uint32_t *v = table_find(&g->index_->relations, key, true, &created);
  if (created) {
    if (g->n_relations == g->cap_[CAP_REL]) {
      size_t old = g->cap_[CAP_REL];
      g->cap_[CAP_REL] = old ? old * 2 : 16;
      g->relations = ng_xrealloc(g->relations, g->cap_[CAP_REL] * sizeof *g->relations);
      g->index_->rsum = ng_xrealloc(g->index_->rsum, g->cap_[CAP_REL] * sizeof *g->index_->rsum);
    }
    ng_relation *r = &g->relations[g->n_relations];
    memset(r, 0, sizeof *r);
    r->subject = s;
    r->object = o;
    r->pred = p;
    g->index_->rsum[g->n_relations] = (rel_sum){0, false, true};
    *v = (uint32_t)g->n_relations++;
  }
  return *v;
}

uint32_t ng_graph_add_claim(ng_graph *g, uint32_t s, ng_pred p, uint32_t o,
                            uint32_t article, const ng_claim *c) {
  if (ng_pred_symmetric(p) && strcmp(g->entities[s].iri, g->entities[o].iri) > 0) {
    uint32_t t = s;
    s = o;
    o = t;
  }
  uint32_t ri = relation_get(g, s, p, o);
  ng_relation *r = &g->relations[ri];
  GROW(g, claims, n_claims, CAP_CLM);
  ng_claim *d = &g->claims[g->n_claims];
  claim_copy(d, c, article);
  d->relation = ri;
  r->claims = ng_xrealloc(r->claims, (r->n_claims + 1) * sizeof *r->claims);
  r->claims[r->n_claims++] = (uint32_t)g->n_claims;
  return (uint32_t)g->n_claims++;
}

void ng_graph_add_unresolved_claim(ng_graph *g, ng_pred p, uint32_t article, const ng_claim *c) {
  GROW(g, uclaims, n_uclaims, CAP_UCL);
  ng_unresolved_claim *d = &g->uclaims[g->n_uclaims++];
  claim_copy(&d->c, c, article);
  d->c.relation = 0;
  d->pred = p;
}

void ng_graph_add_quote(ng_graph *g, const ng_quote *q) {
  GROW(g, quotes, n_quotes, CAP_QUO);
  ng_quote *d = &g->quotes[g->n_quotes++];
  *d = *q;
  d->iri = ng_xstrdup(q->iri);
  d->text = ng_xstrdup(q->text);
}

void ng_graph_absorb(ng_graph *g, const ng_graph *part) {
  uint32_t *map = ng_xmalloc((part->n_entities + 1) * sizeof *map);
  for (size_t i = 0; i < part->n_entities; i++) {
    const ng_entity *e = &part->entities[i];
    uint32_t k = ng_graph_entity_like(g, e);
    map[i] = k;
    if (e->wikidata && !g->entities[k].wikidata) ng_graph_set_wikidata(g, k, e->wikidata);
    g->index_->esum[k].mentions += e->mention_count;
    g->index_->esum[k].articles += e->article_count;
  }
  for (size_t i = 0; i < part->n_relations; i++) {
    const ng_relation *r = &part->relations[i];
    uint32_t s = map[r->subject], o = map[r->object];
    if (ng_pred_symmetric(r->pred) && strcmp(g->entities[s].iri, g->entities[o].iri) > 0) {
      uint32_t t = s;
      s = o;
      o = t;
    }
    uint32_t ri = relation_get(g, s, r->pred, o); /* may move rsum */
    rel_sum *rs = &g->index_->rsum[ri];
    rs->articles += r->article_count;
    if (r->direct) {
      rs->direct = true;
      if (!r->hedged) rs->hedged_all = false;
    }
  }
  free(map);
}

char *ng_graph_article_iri(const ng_graph *g, uint32_t article) {
  return ng_xconcat(g->base, "doc/", g->articles[article].doc, (char *)NULL);
}

/* ---- finish: deterministic order ---- */

static _Thread_local const ng_graph *sort_graph; /* qsort has no payload (parts are finished on several threads) */

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_entity_idx(const void *a, const void *b) {
  const ng_entity *x = &sort_graph->entities[*(const uint32_t *)a];
  const ng_entity *y = &sort_graph->entities[*(const uint32_t *)b];
  return strcmp(x->iri, y->iri);
}

static int cmp_article_idx(const void *a, const void *b) {
  const ng_article *x = &sort_graph->articles[*(const uint32_t *)a];
  const ng_article *y = &sort_graph->articles[*(const uint32_t *)b];
  int c = strcmp(x->doc, y->doc);
  return c ? c : strcmp(x->path ? x->path : "", y->path ? y->path : "");
}

static int cmp_mention(const void *a, const void *b) {
  const ng_mention *x = a, *y = b;
  if (x->article != y->article) return x->article < y->article ? -1 : 1;
  if (x->begin != y->begin) return x->begin < y->begin ? -1 : 1;
  if (x->end != y->end) return x->end < y->end ? -1 : 1;
  return (int)x->type - (int)y->type;
}

static int cmp_relation(const void *a, const void *b) {
  const ng_relation *x = a, *y = b;
  int c = strcmp(sort_graph->entities[x->subject].iri, sort_graph->entities[y->subject].iri);
  if (c) return c;
  if (x->pred != y->pred) return (int)x->pred - (int)y->pred;
  return strcmp(sort_graph->entities[x->object].iri, sort_graph->entities[y->object].iri);
}

static int cmp_claim(const void *a, const void *b) {
  return strcmp(((const ng_claim *)a)->iri, ((const ng_claim *)b)->iri);
}

static int cmp_local(const void *a, const void *b) {
  const ng_local *x = a, *y = b;
  if (x->article != y->article) return x->article < y->article ? -1 : 1;
  return x->number < y->number ? -1 : x->number > y->number;
}

static int cmp_quote(const void *a, const void *b) {
  return strcmp(((const ng_quote *)a)->iri, ((const ng_quote *)b)->iri);
}

static char *mint(const char *base, const char *kind, uint64_t h) {
  return ng_xasprintf("%s%s/%016llx", base, kind, (unsigned long long)h);
}

static uint64_t hash_str(uint64_t h, const char *s) {
  h = ng_hash_add(h, s ? s : "", s ? strlen(s) + 1 : 1);
  return h;
}

static uint64_t hash_num(uint64_t h, uint64_t n) { return ng_hash_add(h, &n, sizeof n); }

void ng_graph_finish(ng_graph *g) {
  sort_graph = g;
  /* articles by doc id */
  uint32_t *aord = ng_xmalloc((g->n_articles + 1) * sizeof *aord);
  uint32_t *amap = ng_xmalloc((g->n_articles + 1) * sizeof *amap);
  for (size_t i = 0; i < g->n_articles; i++) aord[i] = (uint32_t)i;
  ng_sort(aord, g->n_articles, sizeof *aord, cmp_article_idx);
  ng_article *arts = ng_xmalloc((g->n_articles + 1) * sizeof *arts);
  for (size_t i = 0; i < g->n_articles; i++) {
    arts[i] = g->articles[aord[i]];
    amap[aord[i]] = (uint32_t)i;
  }
  free(g->articles);
  g->articles = arts;
  g->cap_[CAP_ART] = g->n_articles;

  /* entities by IRI; aliases sorted */
  uint32_t *eord = ng_xmalloc((g->n_entities + 1) * sizeof *eord);
  uint32_t *emap = ng_xmalloc((g->n_entities + 1) * sizeof *emap);
  for (size_t i = 0; i < g->n_entities; i++) eord[i] = (uint32_t)i;
  ng_sort(eord, g->n_entities, sizeof *eord, cmp_entity_idx);
  ng_entity *ents = ng_xmalloc((g->n_entities + 1) * sizeof *ents);
  for (size_t i = 0; i < g->n_entities; i++) {
    ents[i] = g->entities[eord[i]];
    emap[eord[i]] = (uint32_t)i;
    ng_sort(ents[i].aliases, ents[i].n_aliases, sizeof(char *), cmp_str);
    ents[i].mention_count = g->index_->esum[eord[i]].mentions;
    ents[i].article_count = g->index_->esum[eord[i]].articles;
  }
  free(g->entities);
  g->entities = ents;
  g->cap_[CAP_ENT] = g->n_entities;
  /* the lookup index refers to old numbering: drop it (graph is read-only now) */
  table_free(&g->index_->entities);
  table_free(&g->index_->relations);
  memset(&g->index_->entities, 0, sizeof(table));
  memset(&g->index_->relations, 0, sizeof(table));

  /* mentions */
  for (size_t i = 0; i < g->n_mentions; i++) {
    ng_mention *m = &g->mentions[i];
    m->article = amap[m->article];
    if (m->entity >= 0) m->entity = (int32_t)emap[m->entity];
  }
  ng_sort(g->mentions, g->n_mentions, sizeof *g->mentions, cmp_mention);
  /* mention and article counts */
  uint32_t *last_art = ng_xmalloc((g->n_entities + 1) * sizeof *last_art);
  for (size_t i = 0; i < g->n_entities; i++) last_art[i] = UINT32_MAX;
  for (size_t i = 0; i < g->n_articles; i++) g->articles[i].n_mentions = g->articles[i].n_claims = 0;
  for (size_t i = 0; i < g->n_mentions; i++) {
    ng_mention *m = &g->mentions[i];
    if (ng_mention_unresolved(m)) continue;
    g->articles[m->article].n_mentions++;
    if (m->entity < 0) continue;
    ng_entity *e = &g->entities[m->entity];
    e->mention_count++;
    if (last_art[m->entity] != m->article) {
      e->article_count++;
      last_art[m->entity] = m->article;
    }
  }
  free(last_art);

  /* relations: remap, fix symmetric order again (IRIs unchanged, so stable) */
  for (size_t i = 0; i < g->n_relations; i++) {
    ng_relation *r = &g->relations[i];
    r->subject = emap[r->subject];
    r->object = emap[r->object];
  }
  /* claims: remap article, mint IRIs from content where none was given */
  for (size_t i = 0; i < g->n_claims; i++) {
    ng_claim *c = &g->claims[i];
    c->article = amap[c->article];
    if (c->iri) continue;
    const ng_relation *r = &g->relations[c->relation];
    uint64_t h = NG_HASH_INIT;
    h = hash_str(h, g->entities[r->subject].iri);
    h = hash_str(h, ng_pred_name(r->pred));
    h = hash_str(h, g->entities[r->object].iri);
    h = hash_str(h, g->articles[c->article].doc);
    h = hash_num(h, c->src_begin);
    h = hash_num(h, c->src_end);
    h = hash_num(h, c->tgt_begin);
    h = hash_num(h, c->tgt_end);
    h = hash_str(h, c->trigger);
    c->iri = mint(g->base, "claim", h);
  }
  /* relations sorted; claims sorted by IRI; rebuild claim lists */
  uint32_t *rord = ng_xmalloc((g->n_relations + 1) * sizeof *rord);
  for (size_t i = 0; i < g->n_relations; i++) {
    free(g->relations[i].claims);
    g->relations[i].claims = NULL;
    g->relations[i].n_claims = 0;
    /* remember old index in article_count temporarily */
    g->relations[i].article_count = (unsigned)i;
  }
  ng_sort(g->relations, g->n_relations, sizeof *g->relations, cmp_relation);
  for (size_t i = 0; i < g->n_relations; i++) rord[g->relations[i].article_count] = (uint32_t)i;
  for (size_t i = 0; i < g->n_claims; i++) g->claims[i].relation = rord[g->claims[i].relation];
  ng_sort(g->claims, g->n_claims, sizeof *g->claims, cmp_claim);
  /* counts folded in from streamed parts, by the new relation order */
  rel_sum *rsum = ng_xmalloc((g->n_relations + 1) * sizeof *rsum);
  for (size_t i = 0; i < g->n_relations; i++) rsum[rord[i]] = g->index_->rsum[i];
  free(rord);
  for (size_t i = 0; i < g->n_relations; i++) {
    ng_relation *r = &g->relations[i];
    r->article_count = rsum[i].articles;
    r->direct = rsum[i].direct;
    r->hedged = rsum[i].hedged_all;
  }
  uint32_t *rlast = ng_xmalloc((g->n_relations + 1) * sizeof *rlast);
  for (size_t i = 0; i < g->n_relations; i++) rlast[i] = UINT32_MAX;
  for (size_t i = 0; i < g->n_claims; i++) {
    ng_claim *c = &g->claims[i];
    ng_relation *r = &g->relations[c->relation];
    r->claims = ng_xrealloc(r->claims, (r->n_claims + 1) * sizeof *r->claims);
    r->claims[r->n_claims++] = (uint32_t)i;
    g->articles[c->article].n_claims++;
    if (c->negated) continue;
    if (!c->hedged) r->hedged = false;
    r->direct = true;
    if (rlast[c->relation] != c->article) {
      r->article_count++;
      rlast[c->relation] = c->article;
    }
  }
  for (size_t i = 0; i < g->n_relations; i++) {
    ng_relation *r = &g->relations[i];
    /* subject == object: two local names that cross-article resolution
       joined; the claims stay as evidence, the direct triple would say nothing */
    if (r->subject == r->object) r->direct = false;
    if (!r->direct) r->hedged = false;
  }
  free(rlast);
  free(rsum);

  /* quotes */
  for (size_t i = 0; i < g->n_quotes; i++) {
    ng_quote *q = &g->quotes[i];
    q->article = amap[q->article];
    if (q->speaker >= 0) q->speaker = (int32_t)emap[q->speaker];
    if (q->iri) continue;
    uint64_t h = NG_HASH_INIT;
    h = hash_str(h, g->articles[q->article].doc);
    h = hash_num(h, q->begin);
    h = hash_num(h, q->end);
    h = hash_str(h, q->text);
    q->iri = mint(g->base, "quote", h);
  }
  ng_sort(g->quotes, g->n_quotes, sizeof *g->quotes, cmp_quote);
  for (size_t i = 0; i < g->n_uclaims; i++) g->uclaims[i].c.article = amap[g->uclaims[i].c.article];
  ng_sort(g->uclaims, g->n_uclaims, sizeof *g->uclaims, cmp_claim); /* c (and its iri) first */

  /* local entities: by article, then number */
  for (size_t i = 0; i < g->n_locals; i++) {
    ng_local *l = &g->locals[i];
    l->article = amap[l->article];
    if (l->entity >= 0) l->entity = (int32_t)emap[l->entity];
  }
  ng_sort(g->locals, g->n_locals, sizeof *g->locals, cmp_local);

  free(aord); free(amap); free(eord); free(emap);
  sort_graph = NULL;
}
