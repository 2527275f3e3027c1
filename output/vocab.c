/* vocab.c — access to the embedded vocabulary and shapes (see vocab.h).
 * The data itself is generated from the Turtle files in output/vocab/ by nlp/lexicon/embed.py. */
#include "output/vocab.h"

#include <assert.h>
#include <string.h>

static const char *find(const char *name, size_t *len) {
  for (const ng_vocab_file *f = ng_vocab_embedded; f->name; f++)
    if (!strcmp(f->name, name)) {
      if (len) *len = f->len;
      return f->data;
    }
  assert(!"vocabulary file missing from the build");
  if (len) *len = 0;
  return "";
}

const char *ng_vocab_turtle(size_t *len) { return find("newsgraph.ttl", len); }

const char *ng_vocab_shapes(size_t *len) { return find("shapes.ttl", len); }
