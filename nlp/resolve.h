/* resolve.h — which mentions name the same actor.
 *
 * Inside one article (ng_resolve_doc): lexicon mentions join the cluster of
 * their entry (a demonym or a capital used as actor joins its country);
 * unknown full names cluster by their normalised form (middle initials and
 * transliteration variants folded); a lone surname ("Lavrov", "Mr. Kerry")
 * binds to the nearest person in the article whose last name it is; an
 * acronym binds to the organisation whose initials it spells.
 *
 * Across articles (ng_resolve_global): clusters with the same key merge —
 * lexicon entry, or class + folded name (persons: folded first and last
 * name) — and a surname-only cluster joins the one person of that surname.
 * The result never depends on the order of the articles: keys, canonical
 * names and tie-breaks are all functions of the set of clusters.
 *
 * Every surface form carries the reason it was linked (for `explain`),
 * unless the caller asks for none (ng_clusters.no_reasons). */
#ifndef NG_NLP_RESOLVE_H
#define NG_NLP_RESOLVE_H

#include "graph/base.h"
#include "graph/graph.h"
#include "nlp/lexicon.h"
#include "nlp/ner.h"
#include "nlp/tok.h"

typedef struct ng_surface {
  char *text;    /* normalised surface name ("Sergey V. Lavrov") */
  char *reason;  /* why it was linked ("surname of Sergei Lavrov, sentence 3");
                    malloc'd, always freed by ng_clusters_free */
  unsigned count;
  bool alias;    /* counts as a name (false for demonyms) */
} ng_surface;

typedef struct ng_cluster {
  ng_class cls;
  int32_t lex;        /* lexicon entry or -1 */
  char *name;         /* best name in the article */
  char *key;          /* cross-article key */
  bool surname_only;  /* only a lone surname was seen */
  char *surname;      /* persons with a full name: surname skeleton, else NULL */
  ng_surface *surf;
  size_t n_surf;
  unsigned mentions;
  int32_t global;     /* entity index assigned by ng_resolve_global */
  bool pooled;        /* made by ng_resolve_doc: name, key, surname, the surface
                         texts and the surf array belong to the ng_clusters
                         (strs, surfs), never freed or replaced one by one.
                         false (as ng_clusters_push leaves it): each of them
                         is malloc'd and freed by ng_clusters_free */
} ng_cluster;

typedef struct ng_clusters {
  ng_cluster *v;
  size_t n;
  bool no_reasons; /* set by the caller: surfaces carry no reason (NULL);
                      only `explain` reads them */
  ng_strpool strs;   /* the strings of the pooled clusters */
  ng_surface *surfs; /* the surfaces of the pooled clusters, one block */
} ng_clusters;

/* Groups the mentions m of one article (sets m->v[i].cluster; Temporal,
 * Quantity and Money keep -1) into out, which must be empty (zeroed or
 * freed by ng_clusters_free; no_reasons may be set). The clusters it makes
 * are pooled: their strings live as long as out. May retype mentions it
 * proves wrong (a lone "Smith" that is no known person's surname stays a
 * Person; an acronym that spells an organisation joins it). */
void ng_resolve_doc(ng_clusters *out, ng_ments *m, const ng_lexicon *lx,
                    const char *text, const ng_tokens *t);
/* A new zeroed cluster at the end of c (the array grows by doubling: its
 * capacity is the power of two >= n); not pooled: the strings and surfaces
 * the caller sets are malloc'd and freed by ng_clusters_free. */
ng_cluster *ng_clusters_push(ng_clusters *c);
/* Frees every cluster's strings and surfaces, the pool and the array;
 * leaves c empty (no_reasons kept). */
void ng_clusters_free(ng_clusters *c);

/* Assigns every cluster of every article to a graph entity (creating it in
 * g with its canonical label, aliases and Wikidata id), setting
 * cluster.global. docs[i] are the clusters of article i; order-independent. */
void ng_resolve_global(ng_graph *g, ng_clusters *docs, size_t n_docs,
                       const ng_lexicon *lx);

/* Folded form used for keys: ASCII, lower case, marks stripped, and
 * transliteration variants collapsed (y->i, ou->u, kh->h, ee->i, doubled
 * letters). Caller frees. */
char *ng_resolve_fold(const char *s, size_t n);

#endif
