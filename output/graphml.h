/* graphml.h — GraphML output through libxml2's xmlTextWriter, for Gephi, yEd,
 * NetworkX and Cytoscape: node keys label, class, iri, aliases, mentions;
 * edge keys predicate, role, evidence (claim count), articles, hedged. */
#ifndef NG_OUTPUT_GRAPHML_H
#define NG_OUTPUT_GRAPHML_H

#include "graph/diag.h"
#include "graph/graph.h"

#include <stdio.h>

int ng_graphml_write(const ng_graph *g, FILE *out, ng_diag *d);

#endif
