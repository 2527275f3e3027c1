/* dot.h — Graphviz output: the graph as DOT through cgraph, and pictures
 * (svg, png, pdf) rendered in-process through gvc.
 *
 * Nodes: id = entity slug (class-qualified when two classes share a slug),
 * label = canonical name, shape and colour by class, tooltip lists aliases,
 * URL = entity IRI; a legend cluster shows the classes. Edges: label =
 * predicate (and role), penwidth from the number of supporting articles,
 * dashed when hedged. Only entities that take part in a relation, or are
 * mentioned at least `min_mentions` times, are drawn. */
#ifndef NG_OUTPUT_DOT_H
#define NG_OUTPUT_DOT_H

#include "graph/diag.h"
#include "graph/graph.h"

#include <stdio.h>

typedef struct ng_dot_opts {
  unsigned min_evidence;  /* drop edges supported by fewer articles (0/1 = keep all) */
  unsigned min_mentions;  /* isolated nodes need this many mentions (0 = 2) */
  const char *layout;     /* "dot" (default), "neato", "sfdp", "fdp", "circo" */
} ng_dot_opts;

/* Writes DOT text. Returns 0 or NG_E_IO. opts may be NULL. */
int ng_dot_write(const ng_graph *g, const ng_dot_opts *opts, FILE *out, ng_diag *d);

/* Lays out and renders to format "svg", "png" or "pdf". Returns 0,
 * NG_E_USAGE for an unknown format or layout, NG_E_IO on write failure. */
int ng_dot_render(const ng_graph *g, const ng_dot_opts *opts, const char *format,
                  FILE *out, ng_diag *d);

#endif
