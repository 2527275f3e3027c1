/* names.h — names the graph-shaped writers (DOT, GraphML, JSON) share, so a
 * node has the same id in every format: the entity slug, class-qualified
 * ("country-georgia") when two entities share it, "e_<index>" as a last
 * resort (slugs never hold '_'). Private to output/. */
#ifndef NG_OUTPUT_NAMES_H
#define NG_OUTPUT_NAMES_H

#include "graph/graph.h"

#include <stdbool.h>

/* Node ids for the entities of g; with `only` non-NULL, only for entities
 * where only[i] is true (the others get NULL, and clashes are judged among
 * the chosen ones). The caller frees each id and the array. */
char **ng_out_node_ids(const ng_graph *g, const bool *only);

/* The role most non-negated claims of r give (ties: the smallest string), or
 * NULL; borrowed from the graph. */
const char *ng_out_main_role(const ng_graph *g, const ng_relation *r);

#endif
