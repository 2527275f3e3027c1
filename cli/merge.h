/* merge.h — reading N-Quads parts back for `newsgraph merge`.
 *
 * `newsgraph build -o part.nq` writes, in each article's named graph, the
 * article's analysis layer (see output/rdf.h): its local entities with their
 * resolution keys, names and alias surfaces, and on mentions, claims and
 * quotes which local entity they name. ng_merge_read turns every article
 * graph of the parts back into an article record (nlp/pipeline.h), so that
 * the second half of the pipeline redoes cross-article resolution over all
 * parts together: the merged graph is exactly the graph of one run over all
 * inputs. The default graph of a part (entity descriptions, direct triples)
 * is ignored: it follows from the article graphs. Used by main.c only. */
#ifndef NG_CLI_MERGE_H
#define NG_CLI_MERGE_H

#include "graph/diag.h"
#include "nlp/pipeline.h"

/* Reads the N-Quads files paths[0..n) ("-" = stdin), built with the IRI base
 * `base`, and adds their articles to c. A part that cannot be read, does not
 * parse, was built with another base or without the analysis layer, or
 * repeats an article of an earlier part is reported to d and its articles are
 * skipped. Returns the number of parts that failed; *articles (may be NULL)
 * gets the number of articles added. */
size_t ng_merge_read(ng_collect *c, const char *const *paths, size_t n, const char *base,
                     ng_diag *d, size_t *articles);

#endif
