/* graphml.c — GraphML output through libxml2's xmlTextWriter, for Gephi, yEd,
 * NetworkX and Cytoscape.
 *
 * Every entity is a node (id = slug, class-qualified when two entities share
 * it; keys label, class, iri, aliases joined with "; ", mentions, articles,
 * wikidata); every direct relation is an edge (keys predicate, role, evidence
 * = claim count, articles, hedged). Reads the finished graph only; owns the
 * writer for the length of the call. libxml2 errors go to the ng_diag sink as
 * NG-052. Used by the CLI for `-o *.graphml`. */
#include "output/names.h"
#include "output/graphml.h"

#include "graph/base.h"

#include <libxml/xmlIO.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>

#define X(s) ((const xmlChar *)(s))
#define GRAPHML_NS "http://graphml.graphdrawing.org/xmlns"
#define XSI_NS "http://www.w3.org/2001/XMLSchema-instance"

static void xml_error(void *data, xmlErrorPtr e) {
  ng_diag *d = data;
  if (!e || e->level == XML_ERR_NONE) return;
  size_t n = e->message ? strlen(e->message) : 0;
  while (n && e->message[n - 1] == '\n') n--;
  ng_diag_report(d, e->level == XML_ERR_WARNING ? NG_DIAG_WARNING : NG_DIAG_ERROR,
                 NULL, 0, 0, NG_D_XML, "GraphML output: %.*s", (int)n,
                 n ? e->message : "libxml2 error");
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if invalid. */
static size_t utf8_valid_len(const unsigned char *p) {
  unsigned char c = p[0];
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return (p[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    if (p[1] < lo || p[1] > hi) return 0;
    return (p[2] & 0xC0) == 0x80 ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    if (p[1] < lo || p[1] > hi) return 0;
    if ((p[2] & 0xC0) != 0x80) return 0;
    return (p[3] & 0xC0) == 0x80 ? 4 : 0;
  }
  return 0;
}

/* s made safe for XML 1.0 text: control characters other than tab, newline
 * and carriage return, and invalid UTF-8 bytes, become U+FFFD. */
static const char *xml_text(ng_buf *b, const char *s) {
  ng_buf_clear(b);
  ng_buf_put(b, "", 0);
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    size_t n = utf8_valid_len(p);
    if (n == 0 || (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')) {
      ng_buf_puts(b, "\xEF\xBF\xBD");
      p++;
    } else {
      ng_buf_put(b, (const char *)p, n);
      p += n;
    }
  }
  return b->data;
}

/* Writer plus a sticky failure flag, so the body reads straight through. */
typedef struct gw {
  xmlTextWriterPtr w;
  bool failed;
  ng_buf tmp;
} gw;

static void ok(gw *x, int r) {
  if (r < 0) x->failed = true;
}

static void key(gw *x, const char *id, const char *domain, const char *name,
                const char *type) {
  ok(x, xmlTextWriterStartElement(x->w, X("key")));
  ok(x, xmlTextWriterWriteAttribute(x->w, X("id"), X(id)));
  ok(x, xmlTextWriterWriteAttribute(x->w, X("for"), X(domain)));
  ok(x, xmlTextWriterWriteAttribute(x->w, X("attr.name"), X(name)));
  ok(x, xmlTextWriterWriteAttribute(x->w, X("attr.type"), X(type)));
  ok(x, xmlTextWriterEndElement(x->w));
}

static void data(gw *x, const char *k, const char *value) {
  if (!value) return;
  ok(x, xmlTextWriterStartElement(x->w, X("data")));
  ok(x, xmlTextWriterWriteAttribute(x->w, X("key"), X(k)));
  ok(x, xmlTextWriterWriteString(x->w, X(xml_text(&x->tmp, value))));
  ok(x, xmlTextWriterEndElement(x->w));
}

static void data_num(gw *x, const char *k, size_t v) {
  char b[32];
  snprintf(b, sizeof b, "%zu", v);
  data(x, k, b);
}

static void write_body(gw *x, const ng_graph *g, char **ids) {
  ng_buf aliases = {0};
  ok(x, xmlTextWriterStartDocument(x->w, NULL, "UTF-8", NULL));
  ok(x, xmlTextWriterStartElementNS(x->w, NULL, X("graphml"), X(GRAPHML_NS)));
  ok(x, xmlTextWriterWriteAttributeNS(x->w, X("xmlns"), X("xsi"), NULL, X(XSI_NS)));
  ok(x, xmlTextWriterWriteAttributeNS(
            x->w, X("xsi"), X("schemaLocation"), NULL,
            X(GRAPHML_NS " http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd")));
  key(x, "label", "node", "label", "string");
  key(x, "class", "node", "class", "string");
  key(x, "iri", "node", "iri", "string");
  key(x, "aliases", "node", "aliases", "string");
  key(x, "mentions", "node", "mentions", "int");
  key(x, "articles", "node", "articles", "int");
  key(x, "wikidata", "node", "wikidata", "string");
  key(x, "predicate", "edge", "predicate", "string");
  key(x, "role", "edge", "role", "string");
  key(x, "evidence", "edge", "evidence", "int");
  key(x, "edge_articles", "edge", "articles", "int");
  key(x, "hedged", "edge", "hedged", "boolean");

  ok(x, xmlTextWriterStartElement(x->w, X("graph")));
  ok(x, xmlTextWriterWriteAttribute(x->w, X("id"), X("newsgraph")));
  ok(x, xmlTextWriterWriteAttribute(x->w, X("edgedefault"), X("directed")));
  for (size_t i = 0; i < g->n_entities && !x->failed; i++) {
    const ng_entity *e = &g->entities[i];
    ok(x, xmlTextWriterStartElement(x->w, X("node")));
    ok(x, xmlTextWriterWriteAttribute(x->w, X("id"), X(ids[i])));
    data(x, "label", e->label);
    data(x, "class", ng_class_name(e->cls));
    data(x, "iri", e->iri);
    ng_buf_clear(&aliases);
    ng_buf_put(&aliases, "", 0);
    for (size_t j = 0; j < e->n_aliases; j++) {
      if (j) ng_buf_puts(&aliases, "; ");
      ng_buf_puts(&aliases, e->aliases[j]);
    }
    data(x, "aliases", aliases.data);
    data_num(x, "mentions", e->mention_count);
    data_num(x, "articles", e->article_count);
    data(x, "wikidata", e->wikidata);
    ok(x, xmlTextWriterEndElement(x->w));
  }
  size_t ne = 0;
  for (size_t i = 0; i < g->n_relations && !x->failed; i++) {
    const ng_relation *r = &g->relations[i];
    if (!r->direct) continue; /* negated-only: no edge, as in RDF and DOT */
    char eid[32];
    snprintf(eid, sizeof eid, "e%zu", ne++);
    ok(x, xmlTextWriterStartElement(x->w, X("edge")));
    ok(x, xmlTextWriterWriteAttribute(x->w, X("id"), X(eid)));
    ok(x, xmlTextWriterWriteAttribute(x->w, X("source"), X(ids[r->subject])));
    ok(x, xmlTextWriterWriteAttribute(x->w, X("target"), X(ids[r->object])));
    data(x, "predicate", ng_pred_name(r->pred));
    data(x, "role", ng_out_main_role(g, r));
    data_num(x, "evidence", r->n_claims);
    data_num(x, "edge_articles", r->article_count);
    data(x, "hedged", r->hedged ? "true" : "false");
    ok(x, xmlTextWriterEndElement(x->w));
  }
  ok(x, xmlTextWriterEndElement(x->w)); /* graph */
  ok(x, xmlTextWriterEndDocument(x->w)); /* closes graphml */
  ok(x, xmlTextWriterFlush(x->w));
  ng_buf_free(&aliases);
}

int ng_graphml_write(const ng_graph *g, FILE *out, ng_diag *d) {
  int rc = NG_OK;
  gw x = {0};
  char **ids = ng_out_node_ids(g, NULL);
  xmlStructuredErrorFunc old_fn = xmlStructuredError;
  void *old_ctx = xmlStructuredErrorContext;
  xmlSetStructuredErrorFunc(d, xml_error);

  xmlOutputBufferPtr buf = xmlOutputBufferCreateFile(out, NULL);
  if (!buf) {
    rc = NG_E_IO;
    goto done;
  }
  x.w = xmlNewTextWriter(buf); /* owns buf from here on */
  if (!x.w) {
    xmlOutputBufferClose(buf);
    rc = NG_E_IO;
    goto done;
  }
  ok(&x, xmlTextWriterSetIndent(x.w, 1));
  ok(&x, xmlTextWriterSetIndentString(x.w, X("  ")));
  write_body(&x, g, ids);
  xmlFreeTextWriter(x.w); /* flushes; leaves out open */
  x.w = NULL;
  if (x.failed || fflush(out) != 0 || ferror(out)) rc = NG_E_IO;

done:
  if (rc == NG_E_IO)
    ng_diag_report(d, NG_DIAG_ERROR, NULL, 0, 0, NG_D_OUTPUT,
                   "GraphML output could not be written");
  xmlSetStructuredErrorFunc(old_ctx, old_fn);
  ng_buf_free(&x.tmp);
  for (size_t i = 0; i < g->n_entities; i++) free(ids[i]);
  free(ids);
  return rc;
}
