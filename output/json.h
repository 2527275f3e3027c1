/* json.h — JSON outputs: the node/edge graph document for web tools
 * (documented in the README), and the contract's JSONL streams `mentions`
 * (one line per mention) and `relations` (one line per claim). */
#ifndef NG_OUTPUT_JSON_H
#define NG_OUTPUT_JSON_H

#include "graph/graph.h"

#include <stdio.h>

/* {"nodes":[{"id","label","class","iri","aliases":[],"mentions","articles","wikidata"}],
 *  "edges":[{"source","target","predicate","role","evidence","articles","hedged",
 *            "claims":[{"doc","sentence","begin","end","trigger","confidence","hedged","negated"}]}],
 *  "articles":[{"doc","headline","date","author","publisher","url"}]} */
int ng_json_write_graph(const ng_graph *g, FILE *out);

/* Contract `mentions` lines, in graph order (article, begin). */
int ng_json_write_mentions(const ng_graph *g, FILE *out);

/* Contract `relations` lines: one per claim (negated claims included with
 * "negated":true), in article/offset order. */
int ng_json_write_relations(const ng_graph *g, FILE *out);

/* Appends s as a JSON string literal (with quotes) to out. */
void ng_json_put_string(FILE *out, const char *s);

#endif
