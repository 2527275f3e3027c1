/* rdf.h — RDF serialisation of the graph through Raptor2.
 *
 * Formats: "turtle", "ntriples", "nquads" (one named graph per article: each
 * article's mentions, claims and quotes and the article node go into the graph
 * <base>doc/<doc>; entity descriptions and direct relation triples go into the
 * default graph), "rdfxml" (rdfxml-abbrev), "json" (RDF/JSON).
 * No @base is written; the contract's prefixes are declared.
 *
 * N-Quads also carry each article's analysis layer, so that `newsgraph
 * merge` can redo cross-article resolution from shard outputs exactly: the
 * article's local entities <doc>#ref=N (ng:ArticleEntity: ng:resolutionKey,
 * ng:localName, ng:entityClass, ng:lexiconEntry, ng:surnameOnly, ng:surface,
 * ng:resolvedTo), ng:articleEntity on mentions, ng:localSubject/ng:localObject
 * and the evidence sentence's UTF-8 byte span (ng:byteBegin/ng:byteEnd) on
 * claims, ng:localSpeaker on quotes, and ng:articleEntities (their count) on
 * the article. It is left out when mentions, claims or quotes are.
 *
 * N-Triples and N-Quads can be written in pieces (no_entities/no_articles):
 * the pieces concatenate to one valid file. Streamed output uses that. */
#ifndef NG_OUTPUT_RDF_H
#define NG_OUTPUT_RDF_H

#include "graph/diag.h"
#include "graph/graph.h"

#include <stdbool.h>
#include <stdio.h>

typedef struct ng_rdf_opts {
  bool no_mentions; /* leave out the NIF mention layer */
  bool no_claims;   /* leave out ng:Claim evidence nodes */
  bool no_quotes;   /* leave out ng:Quote nodes */
  bool no_entities; /* leave out the default graph (entities, direct triples) */
  bool no_articles; /* leave out the article graphs */
  bool with_vocab;  /* add the ng: vocabulary (output/vocab/newsgraph.ttl) to the
                       default graph, with the entities */
  const struct ng_rdf_run *run; /* the run to describe with PROV, or NULL */
  struct ng_rdf_env *env;       /* a Raptor world to reuse (see below), or NULL */
} ng_rdf_opts;

/* A Raptor world kept across ng_rdf_write calls (opts->env), for output
 * written in many pieces: making a world per call costs time, and freeing
 * one calls libxml2's global xmlCleanupParser, which must not run while
 * another thread is inside Raptor or libxml2. So: make and free envs in one
 * thread while no other thread writes; use one env in one thread at a time.
 * ng_rdf_env_new returns NULL if Raptor cannot start. */
typedef struct ng_rdf_env ng_rdf_env;
ng_rdf_env *ng_rdf_env_new(void);
void ng_rdf_env_free(ng_rdf_env *env);

/* What the PROV description of a run says (all borrowed). The run is
 * <base>run/<hash of all fields below>, a ng:Run and prov:Activity with
 * ng:command, one ng:option per option, prov:startedAtTime/endedAtTime and
 * prov:wasAssociatedWith <base>agent/<tool>/<version> (a prov:SoftwareAgent);
 * it prov:used every article (whose ng:sha256 is the input's checksum), and
 * every claim and quote was prov:wasGeneratedBy it. The description goes
 * with the entities (default graph), the prov:used links into each article's
 * graph, so that pieces written with no_entities/no_articles stay complete. */
typedef struct ng_rdf_run {
  const char *tool;            /* "newsgraph" */
  const char *version;         /* "0.1.0" */
  const char *command;         /* "build" */
  const char *const *options;  /* options that shaped the graph, as given */
  size_t n_options;
  long long started, ended;    /* seconds since the Unix epoch (UTC) */
} ng_rdf_run;

/* Raptor serializer name for a contract format name or file extension
 * ("ttl"/"turtle", "nt"/"ntriples", "nq"/"nquads", "rdf"/"rdfxml", "rj"/"json");
 * NULL if unknown. */
const char *ng_rdf_serializer_name(const char *fmt);

/* Writes g to out in the given format (a name accepted by
 * ng_rdf_serializer_name). Returns 0 or NG_E_IO / NG_E_USAGE; library errors
 * are routed to d. opts may be NULL. */
int ng_rdf_write(const ng_graph *g, const char *format, const ng_rdf_opts *opts,
                 FILE *out, ng_diag *d);

#endif
