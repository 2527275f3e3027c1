/* graph.h — the in-memory knowledge graph that the NLP stages fill and the
 * writers read.
 *
 * The graph owns everything in it: articles, entities (with aliases), mentions,
 * relations, the claims that evidence them, quotes, and the article-local
 * analysis layer (ng_local: each article's own view of its entities, which
 * N-Quads carry so that `newsgraph merge` can redo cross-article resolution
 * exactly). All strings are copied in. Writers only read: they iterate the public arrays below, which
 * ng_graph_finish() has sorted into a deterministic order (entities by IRI,
 * mentions by article then offset, relations by subject/predicate/object IRI,
 * claims and quotes by IRI) so that output never depends on input order.
 *
 * Offsets: the begin and end fields are UTF-8 byte offsets into the article text as read
 * (end exclusive); *_cp_* are the same positions in code points (for NIF). */
#ifndef NG_GRAPH_GRAPH_H
#define NG_GRAPH_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NG_NS "https://w3id.org/newsgraph/ns#"
#define NG_DEFAULT_BASE "http://example.org/newsgraph/"

/* Node classes of the contract (ng:Person ...). */
typedef enum {
  NG_CLASS_PERSON,
  NG_CLASS_COUNTRY,
  NG_CLASS_ORGANIZATION,
  NG_CLASS_MILITARY_BASE,
  NG_CLASS_MILITARY_PLATFORM,
  NG_CLASS_WEAPON,
  NG_CLASS_PLACE,
  NG_CLASS_COUNT
} ng_class;

const char *ng_class_name(ng_class c); /* "Person", "MilitaryBase", ... (ng: local name) */
const char *ng_class_slug(ng_class c); /* "person", "militarybase", ... (IRI segment) */
bool ng_class_parse(const char *name, ng_class *out); /* accepts name or slug */

/* Mention types of the contract (re3d names). */
typedef enum {
  NG_MT_PERSON,
  NG_MT_ORGANISATION,
  NG_MT_LOCATION,
  NG_MT_NATIONALITY,
  NG_MT_MILITARY_PLATFORM,
  NG_MT_WEAPON,
  NG_MT_TEMPORAL,
  NG_MT_QUANTITY,
  NG_MT_MONEY,
  NG_MT_COUNT
} ng_mtype;

const char *ng_mtype_name(ng_mtype t); /* "Person", "Organisation", ... */

/* Relation predicates of the contract (ng:officialOf ...). */
typedef enum {
  NG_PRED_OFFICIAL_OF,
  NG_PRED_MEMBER_OF,
  NG_PRED_PART_OF,
  NG_PRED_COMMUNICATED_WITH,
  NG_PRED_SUPPORTS,
  NG_PRED_OPPOSES,
  NG_PRED_FIGHTS_AGAINST,
  NG_PRED_SUPPLIES,
  NG_PRED_DEPLOYS,
  NG_PRED_OPERATES,
  NG_PRED_LOCATED_AT,
  NG_PRED_COUNT
} ng_pred;

const char *ng_pred_name(ng_pred p);      /* "officialOf", ... (ng: local name) */
const char *ng_pred_re3d_type(ng_pred p); /* "BelongsTo", "CommWith", ... */
bool ng_pred_symmetric(ng_pred p);        /* communicatedWith */
bool ng_pred_parse(const char *name, ng_pred *out);

typedef struct ng_article {
  char *doc;       /* id: file name without directory and extension */
  char *path;      /* path as given on the command line */
  char *source;    /* "text", "markdown" or "html" */
  char *headline;  /* NULL when not found; likewise the four below */
  char *date;      /* as written, e.g. "September 11, 2015" */
  char *date_iso;  /* "2015-09-11" when the date could be parsed */
  char *author;
  char *publisher; /* outlet */
  char *url;
  char *sha256;    /* hex checksum of the input bytes, NULL if not computed */
  size_t bytes;    /* size of the input */
  size_t n_mentions, n_claims; /* filled by ng_graph_finish */
} ng_article;

typedef struct ng_entity {
  ng_class cls;
  char *label;      /* canonical name */
  char *slug;       /* lower-case ASCII with hyphens */
  char *iri;        /* <base>entity/<class slug>/<slug> */
  char **aliases;   /* other surface names, sorted, distinct, never == label */
  size_t n_aliases;
  char *wikidata;   /* "Q159" or NULL */
  unsigned mention_count;
  unsigned article_count; /* distinct articles mentioning it */
} ng_entity;

typedef struct ng_mention {
  uint32_t article;     /* index into articles */
  size_t begin, end;    /* bytes */
  size_t cp_begin, cp_end;
  char *text;           /* the surface text exactly as in the input */
  ng_mtype type;
  int32_t entity;       /* index into entities, -1 for Temporal/Quantity/Money */
  uint32_t ref;         /* local entity number + 1 in its article (ng_local.number),
                           0 = none; zero-initialised structs mean "none" */
} ng_mention;

/* A mention of a local entity that cross-article resolution did not make an
 * entity (a lone capitalised word no article names as a person): no mention
 * to users (JSON, NIF); kept only in the N-Quads analysis layer, so that
 * `merge` can resolve it again with other shards. */
static inline bool ng_mention_unresolved(const ng_mention *m) {
  return m->ref && m->entity < 0;
}

/* An entity as one article alone sees it: an in-article cluster of mentions
 * with what cross-article resolution needs (key, name, alias surfaces). */
typedef struct ng_local {
  uint32_t article;     /* index into articles */
  uint32_t number;      /* number within the article: IRI <article>#ref=<number> */
  ng_class cls;
  char *key;            /* cross-article resolution key ("person|srg|lvrv") */
  char *name;           /* best name in the article */
  char *lexicon;        /* canonical name of its lexicon entry, or NULL */
  bool surname_only;    /* only a lone surname was seen */
  char **surfaces;      /* alias surface names seen in the article, sorted, distinct */
  size_t n_surfaces;
  int32_t entity;       /* index into entities it resolved to, -1 if none */
} ng_local;

typedef struct ng_claim {
  char *iri;            /* <base>claim/<16 hex digits>; given by the caller (the
                           pipeline mints it from article-local facts, so that a
                           shard gives the same IRI) or minted by ng_graph_finish */
  uint32_t relation;    /* index into relations */
  uint32_t article;
  size_t sent_begin, sent_end;       /* the evidence sentence, bytes */
  size_t sent_cp_begin, sent_cp_end; /* same, code points */
  char *sentence;       /* text of the sentence */
  size_t src_begin, src_end;         /* subject mention span, bytes */
  size_t tgt_begin, tgt_end;         /* object mention span, bytes */
  char *trigger;        /* words that signalled the relation, may be NULL */
  char *role;           /* office for officialOf ("Foreign Minister"), may be NULL */
  double confidence;    /* 0..1 */
  bool hedged, negated;
  uint32_t s_ref, o_ref; /* local entity numbers + 1 of subject and object in the
                            article (ng_local.number), 0 = not known */
} ng_claim;

/* A claim one of whose local entities cross-article resolution made no
 * entity (see ng_mention_unresolved): no relation, no evidence to users;
 * kept only for the N-Quads analysis layer, so that `merge` can resolve it
 * again with other shards. c.relation is unused. */
typedef struct ng_unresolved_claim {
  ng_claim c;
  ng_pred pred;
} ng_unresolved_claim;

typedef struct ng_relation {
  uint32_t subject, object; /* entity indices */
  ng_pred pred;
  uint32_t *claims;         /* indices into claims */
  size_t n_claims;
  unsigned article_count;   /* distinct articles with a non-negated claim */
  bool direct;              /* true when some claim is not negated and subject and
                               object differ (a claim between two local names that
                               resolution joined stays evidence only); writers emit
                               the direct triple only when true */
  bool hedged;              /* every non-negated claim is hedged */
} ng_relation;

typedef struct ng_quote {
  char *iri;            /* <base>quote/<16 hex digits>; given or minted by finish */
  uint32_t article;
  int32_t speaker;      /* entity index or -1 */
  uint32_t speaker_ref; /* local entity number + 1 of the speaker, 0 = none */
  char *text;
  size_t begin, end;    /* bytes */
  size_t cp_begin, cp_end;
  bool direct;
} ng_quote;

typedef struct ng_graph {
  char *base;           /* IRI base, ends with '/' or '#' */
  ng_article *articles;  size_t n_articles;
  ng_entity *entities;   size_t n_entities;
  ng_mention *mentions;  size_t n_mentions;
  ng_relation *relations; size_t n_relations;
  ng_claim *claims;      size_t n_claims;
  ng_quote *quotes;      size_t n_quotes;
  ng_local *locals;      size_t n_locals;  /* sorted by article, then number */
  ng_unresolved_claim *uclaims; size_t n_uclaims; /* sorted by IRI */
  size_t cap_[8];        /* private: capacities */
  struct ng_graph_index *index_; /* private: lookup tables */
} ng_graph;

/* A new empty graph; base NULL means NG_DEFAULT_BASE. Free with ng_graph_free. */
ng_graph *ng_graph_new(const char *base);
void ng_graph_free(ng_graph *g);

/* Adds an article; returns its index. Fields of `a` are copied (NULLs allowed;
 * n_mentions/n_claims ignored). */
uint32_t ng_graph_add_article(ng_graph *g, const ng_article *a);

/* Finds or creates the entity of class c named `label`; the IRI comes from the
 * label's slug, so the same (class, label) always gives the same node.
 * Returns its index. */
uint32_t ng_graph_entity(ng_graph *g, ng_class c, const char *label);
/* The same for an entity of another graph with the same base (e.g. a part
 * of a streamed run): no second slugging. Returns its index in g. */
uint32_t ng_graph_entity_like(ng_graph *g, const ng_entity *e);
/* Records a surface name for entity e (ignored if equal to its label). */
void ng_graph_add_alias(ng_graph *g, uint32_t e, const char *alias);
void ng_graph_set_wikidata(ng_graph *g, uint32_t e, const char *qid);

/* Adds a mention (text copied); entity -1 for none. */
void ng_graph_add_mention(ng_graph *g, uint32_t article, size_t begin,
                          size_t end, size_t cp_begin, size_t cp_end,
                          const char *text, size_t text_len, ng_mtype type,
                          int32_t entity);
/* Adds a copy of m (all fields, text copied). */
void ng_graph_put_mention(ng_graph *g, const ng_mention *m);

/* Adds a copy of the local entity l (strings copied; surfaces sorted and made
 * distinct). */
void ng_graph_add_local(ng_graph *g, const ng_local *l);

/* Adds a claim for (s, p, o), creating the relation if needed. For symmetric
 * predicates s and o are ordered by IRI. `c` supplies the evidence fields
 * (strings copied; relation ignored; iri kept when given, else minted by
 * ng_graph_finish from content). Returns the claim index. */
uint32_t ng_graph_add_claim(ng_graph *g, uint32_t s, ng_pred p, uint32_t o,
                            uint32_t article, const ng_claim *c);

/* Adds an unresolved claim (see ng_unresolved_claim; strings copied, c->iri
 * required). */
void ng_graph_add_unresolved_claim(ng_graph *g, ng_pred p, uint32_t article, const ng_claim *c);

/* Adds a quote (fields copied; iri kept when given, else minted from content). */
void ng_graph_add_quote(ng_graph *g, const ng_quote *q);

/* Streaming: folds a finished graph `part` (some articles, same base) into
 * the summary graph g, which holds entities but not the part's mentions or
 * claims: g's entities get part's mention and article counts, its relations
 * (created if needed, with no claims of their own) part's article counts and
 * direct/hedged flags; part's entities that g lacks are added with their
 * Wikidata ids. Call before ng_graph_finish(g), which adds these counts to
 * what g itself holds. Enough for the RDF default graph (entity descriptions
 * and direct triples); a summary relation's n_claims stays 0. */
void ng_graph_absorb(ng_graph *g, const ng_graph *part);

/* Sorts everything into the deterministic output order, computes counts,
 * relation flags and IRIs. Call once after all adds, before any writer. */
void ng_graph_finish(ng_graph *g);

/* Slug of a name: NFKD, ASCII letters and digits lower-cased, runs of anything
 * else to one '-', no leading/trailing '-'. Caller frees. Empty names give "x". */
char *ng_slugify(const char *name);

/* IRI of an article: <base>doc/<doc>. Caller frees. */
char *ng_graph_article_iri(const ng_graph *g, uint32_t article);

#endif
