/* query.h — SPARQL over newsgraph's RDF files, without a store (Rasqal).
 *
 * `newsgraph query GRAPH... QUERY` loads the graph files (any RDF format
 * Raptor reads; N-Quads graph names are merged into the one default graph,
 * as Rasqal 0.9 keeps no quad graph names) and runs one SPARQL 1.1 query over
 * them. Errors go to the ng_diag sink with their position: the graph file's
 * line and column for a parse error, the query's for a syntax error. */
#ifndef NG_OUTPUT_QUERY_H
#define NG_OUTPUT_QUERY_H

#include "graph/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Results format names ng_query_run accepts: SELECT/ASK results as "tsv"
 * (SPARQL 1.1 TSV, the default), "csv", "json" (SPARQL 1.1 JSON), "xml"
 * (SPARQL XML); CONSTRUCT/DESCRIBE
 * results as "nt" (default), "ttl", "nq", "rdf" or "rj". True if fmt is one. */
bool ng_query_format_known(const char *fmt);

/* Runs the SPARQL query text `query` over the RDF files graphs[0..n_graphs)
 * (format from the extension: .ttl .nt .nq .rdf/.xml/.owl .rj; otherwise
 * guessed) and writes the results to out in `format` (NULL = default).
 * `query_name` names the query in diagnostics (its file, or "<query>").
 *
 * Returns NG_OK; NG_E_USAGE when the query cannot be parsed or run, or names
 * its own data (FROM, FROM NAMED) — nothing is read then; NG_E_INPUT when
 * some graph file could not be read or parsed: each is reported and skipped,
 * the query still runs over the rest (not when none was readable); NG_E_IO
 * when out cannot be written. Every problem is reported through d. */
int ng_query_run(const char *const *graphs, size_t n_graphs, const char *query,
                 const char *query_name, const char *format, FILE *out, ng_diag *d);

#endif
