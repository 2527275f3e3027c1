/* rdf.h — RDF serialisation of the graph through Raptor2.
 *
 * Formats: "turtle", "ntriples", "nquads" (one named graph per article: each
 * article's mentions, claims and quotes and the article node go into the graph
 * <base>doc/<doc>; entity descriptions and direct relation triples go into the
 * default graph), "rdfxml" (rdfxml-abbrev), "json" (RDF/JSON).
 * No @base is written; the contract's prefixes are declared. */
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
} ng_rdf_opts;

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
