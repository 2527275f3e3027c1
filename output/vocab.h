/* vocab.h — the newsgraph vocabulary and SHACL shapes, built into the binary.
 *
 * The Turtle files under output/vocab/ (newsgraph.ttl: classes and properties
 * of the ng: namespace; shapes.ttl: SHACL shapes for the output) are embedded
 * at build time by nlp/lexicon/embed.py. The CLI prints them (`newsgraph
 * vocab`), the RDF writer adds the vocabulary to outputs (--with-vocab). */
#ifndef NG_OUTPUT_VOCAB_H
#define NG_OUTPUT_VOCAB_H

#include <stddef.h>

/* One embedded file; data is NUL-terminated, len excludes the NUL. */
typedef struct ng_vocab_file {
  const char *name; /* "newsgraph.ttl", "shapes.ttl" */
  const char *data;
  size_t len;       /* bytes */
} ng_vocab_file;

/* The embedded files, ended by an entry with name NULL (generated). */
extern const ng_vocab_file ng_vocab_embedded[];

/* The vocabulary (newsgraph.ttl) as Turtle; static, never freed. Its length
 * goes to *len when len is not NULL. */
const char *ng_vocab_turtle(size_t *len);

/* The SHACL shapes (shapes.ttl) as Turtle; static, never freed. */
const char *ng_vocab_shapes(size_t *len);

#endif
