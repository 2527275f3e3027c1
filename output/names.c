/* names.c — node ids and edge roles shared by the DOT, GraphML and JSON writers. */
#include "output/names.h"

#include "graph/base.h"

#include <stdlib.h>
#include <string.h>

typedef struct named {
  const char *key;
  uint32_t idx;
} named;

static int cmp_named(const void *a, const void *b) {
  const named *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  return c ? c : (x->idx < y->idx ? -1 : x->idx > y->idx);
}

char **ng_out_node_ids(const ng_graph *g, const bool *only) {
  size_t n = 0;
  char **ids = ng_xcalloc(g->n_entities + 1, sizeof *ids);
  named *v = ng_xmalloc((g->n_entities + 1) * sizeof *v);
  for (size_t i = 0; i < g->n_entities; i++)
    if (!only || only[i]) v[n++] = (named){g->entities[i].slug, (uint32_t)i};
  ng_sort(v, n, sizeof *v, cmp_named);
  for (size_t i = 0; i < n; i++) {
    const ng_entity *e = &g->entities[v[i].idx];
    bool shared = (i > 0 && !strcmp(v[i - 1].key, v[i].key)) ||
                  (i + 1 < n && !strcmp(v[i + 1].key, v[i].key));
    ids[v[i].idx] = shared ? ng_xasprintf("%s-%s", ng_class_slug(e->cls), e->slug)
                           : ng_xstrdup(e->slug);
  }
  for (size_t i = 0; i < n; i++) v[i].key = ids[v[i].idx];
  ng_sort(v, n, sizeof *v, cmp_named);
  bool *dup = ng_xcalloc(n + 1, sizeof *dup);
  for (size_t i = 0; i + 1 < n; i++)
    if (!strcmp(v[i].key, v[i + 1].key)) dup[i] = dup[i + 1] = true;
  for (size_t i = 0; i < n; i++)
    if (dup[i]) {
      free(ids[v[i].idx]);
      ids[v[i].idx] = ng_xasprintf("e_%u", v[i].idx);
    }
  free(dup);
  free(v);
  return ids;
}

const char *ng_out_main_role(const ng_graph *g, const ng_relation *r) {
  const char *best = NULL;
  size_t best_n = 0;
  for (size_t i = 0; i < r->n_claims; i++) {
    const ng_claim *c = &g->claims[r->claims[i]];
    if (c->negated || !c->role || !*c->role) continue;
    size_t n = 0;
    for (size_t j = 0; j < r->n_claims; j++) {
      const ng_claim *o = &g->claims[r->claims[j]];
      if (!o->negated && o->role && !strcmp(o->role, c->role)) n++;
    }
    if (n > best_n || (n == best_n && best && strcmp(c->role, best) < 0)) {
      best = c->role;
      best_n = n;
    }
  }
  return best;
}
