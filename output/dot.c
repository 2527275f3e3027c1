/* dot.c — Graphviz output: builds a cgraph graph from the knowledge graph,
 * writes it as DOT, or lays it out and renders svg/png/pdf in-process (gvc).
 *
 * Reads the finished graph only; each call owns its Agraph_t and frees it
 * before returning; rendering shares one GVC_t per process (see
 * shared_context). Graphviz messages are caught with agseterrf
 * and reported to the ng_diag sink as NG-051, so nothing reaches stderr.
 * Graphviz (cgraph, gvc) keeps global state (error hook, plugin registry):
 * call these functions from one thread only. Used by the CLI for `-o *.dot`
 * and `-o *.svg|png|pdf`. */
#include "output/names.h"
#include "output/dot.h"

#include "graph/base.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <stdlib.h>
#include <string.h>

/* Shape and fill colour per class (X11 colour names known to Graphviz). */
static const struct {
  const char *shape, *fill;
} class_style[NG_CLASS_COUNT] = {
    [NG_CLASS_PERSON] = {"ellipse", "lightblue"},
    [NG_CLASS_COUNTRY] = {"box", "gold"},
    [NG_CLASS_ORGANIZATION] = {"box", "palegreen"},
    [NG_CLASS_MILITARY_BASE] = {"house", "burlywood"},
    [NG_CLASS_MILITARY_PLATFORM] = {"hexagon", "lightsalmon"},
    [NG_CLASS_WEAPON] = {"octagon", "lightpink"},
    [NG_CLASS_PLACE] = {"oval", "lightgrey"},
};

/* Edge colour per predicate family: hostile red, friendly green, talk blue,
 * offices and membership grey, forces and places brown (X11 colour names). */
static const char *const pred_colour[NG_PRED_COUNT] = {
    [NG_PRED_OFFICIAL_OF] = "gray40",     [NG_PRED_MEMBER_OF] = "gray40",
    [NG_PRED_PART_OF] = "gray40",         [NG_PRED_COMMUNICATED_WITH] = "royalblue",
    [NG_PRED_SUPPORTS] = "forestgreen",   [NG_PRED_OPPOSES] = "orangered",
    [NG_PRED_FIGHTS_AGAINST] = "red3",    [NG_PRED_SUPPLIES] = "darkgreen",
    [NG_PRED_DEPLOYS] = "sienna",         [NG_PRED_OPERATES] = "sienna",
    [NG_PRED_LOCATED_AT] = "burlywood4",
};

/* ---- Graphviz messages into the diagnostics sink ----
 * cgraph hands a message over in pieces ("Warning", ": ", text ending in a
 * newline); they are gathered into one line per report. The hook has no
 * payload, hence file-level state (Graphviz is single-threaded anyway). */
static struct {
  ng_diag *diag;
  ng_buf line;
  ng_diag_level level;
} sink;

static void sink_flush(void) {
  size_t n = sink.line.len;
  while (n && (sink.line.data[n - 1] == '\n' || sink.line.data[n - 1] == ' ')) n--;
  if (n) {
    const char *msg = sink.line.data;
    if (!strncmp(msg, "Warning: ", 9)) msg += 9;
    if (!strncmp(msg, "Error: ", 7)) msg += 7;
    ng_diag_report(sink.diag, sink.level, NULL, 0, 0, NG_D_GRAPHVIZ,
                   "Graphviz: %.*s", (int)(n - (size_t)(msg - sink.line.data)), msg);
  }
  ng_buf_clear(&sink.line);
}

static int sink_write(char *s) {
  if (!sink.line.len)
    sink.level = !strncmp(s, "Error", 5) ? NG_DIAG_ERROR : NG_DIAG_WARNING;
  ng_buf_puts(&sink.line, s);
  size_t n = sink.line.len;
  if (n && sink.line.data[n - 1] == '\n') sink_flush();
  return 0;
}

static agusererrf sink_open(ng_diag *d) {
  sink.diag = d;
  ng_buf_clear(&sink.line);
  return agseterrf(sink_write);
}

static void sink_close(agusererrf old) {
  sink_flush();
  agseterrf(old);
  ng_buf_free(&sink.line);
  sink.diag = NULL;
}

/* ---- building the cgraph graph ---- */

/* cgraph's API predates const; it copies, never modifies, these strings. */
static void set(void *obj, const char *name, const char *value) {
  agsafeset(obj, (char *)name, (char *)value, (char *)"");
}

/* Appends s with backslashes doubled: label, tooltip and URL are Graphviz
 * escStrings, where a lone backslash would start an escape such as \N. */
static void put_esc(ng_buf *b, const char *s) {
  for (; *s; s++) {
    if (*s == '\\') ng_buf_putc(b, '\\');
    ng_buf_putc(b, *s);
  }
}

static void style_node(Agnode_t *n, ng_class c) {
  set(n, "shape", class_style[c].shape);
  set(n, "style", "filled");
  set(n, "fillcolor", class_style[c].fill);
}

static void add_legend(Agraph_t *g) {
  Agraph_t *leg = agsubg(g, (char *)"cluster_legend", 1);
  set(leg, "label", "Legend");
  for (int c = 0; c < NG_CLASS_COUNT; c++) {
    char name[48];
    snprintf(name, sizeof name, "legend_%s", ng_class_slug((ng_class)c));
    Agnode_t *n = agnode(leg, name, 1);
    set(n, "label", ng_class_name((ng_class)c));
    style_node(n, (ng_class)c);
  }
}

/* Declares every attribute used, with Graphviz's own defaults, so that the
 * DOT text states them once and nodes/edges list only what differs. */
static void declare_attrs(Agraph_t *g) {
  static const struct {
    int kind;
    const char *name, *def;
  } attrs[] = {
      {AGRAPH, "overlap", "false"},   {AGRAPH, "splines", "true"},
      {AGRAPH, "outputorder", "edgesfirst"}, {AGRAPH, "fontname", "Helvetica"},
      {AGRAPH, "label", ""},          {AGNODE, "label", "\\N"},
      {AGNODE, "shape", "ellipse"},   {AGNODE, "style", ""},
      {AGNODE, "fillcolor", "lightgrey"}, {AGNODE, "fontname", "Helvetica"},
      {AGNODE, "tooltip", ""},        {AGNODE, "URL", ""},
      {AGEDGE, "label", ""},          {AGEDGE, "penwidth", "1"},
      {AGEDGE, "style", ""},          {AGEDGE, "tooltip", ""},
      {AGEDGE, "dir", "forward"},     {AGEDGE, "fontname", "Helvetica"},
      {AGEDGE, "fontsize", "10"},     {AGEDGE, "color", "black"},
      {AGEDGE, "fontcolor", "black"}, {AGEDGE, "URL", ""},
  };
  for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
    agattr(g, attrs[i].kind, (char *)attrs[i].name, (char *)attrs[i].def);
}

static bool edge_drawn(const ng_relation *r, unsigned min_evidence) {
  return r->direct && r->article_count >= min_evidence;
}

/* The claim an edge links to: the most confident non-negated one, unhedged
 * first (ties by IRI order, which the graph already sorted). */
static const ng_claim *best_claim(const ng_graph *g, const ng_relation *r) {
  const ng_claim *best = NULL;
  for (size_t i = 0; i < r->n_claims; i++) {
    const ng_claim *c = &g->claims[r->claims[i]];
    if (c->negated) continue;
    if (!best || (best->hedged && !c->hedged) ||
        (best->hedged == c->hedged && c->confidence > best->confidence))
      best = c;
  }
  return best;
}

/* distinct publishers among the edge's claims, for the tooltip */
static void put_outlets(ng_buf *b, const ng_graph *g, const ng_relation *r) {
  size_t shown = 0;
  for (size_t i = 0; i < r->n_claims && shown < 4; i++) {
    const ng_claim *c = &g->claims[r->claims[i]];
    const char *pub = g->articles[c->article].publisher;
    if (c->negated || !pub || !*pub) continue;
    bool seen = false;
    for (size_t j = 0; j < i && !seen; j++) {
      const ng_claim *o = &g->claims[r->claims[j]];
      const char *op = g->articles[o->article].publisher;
      seen = !o->negated && op && !strcmp(op, pub);
    }
    if (seen) continue;
    ng_buf_puts(b, shown ? ", " : "; reported by ");
    put_esc(b, pub);
    shown++;
  }
}

static Agraph_t *build(const ng_graph *g, const ng_dot_opts *opts) {
  unsigned min_ev = opts && opts->min_evidence ? opts->min_evidence : 1;
  unsigned min_men = opts && opts->min_mentions ? opts->min_mentions : 2;
  bool *drawn = ng_xcalloc(g->n_entities + 1, sizeof *drawn);
  for (size_t i = 0; i < g->n_relations; i++) {
    const ng_relation *r = &g->relations[i];
    if (edge_drawn(r, min_ev)) drawn[r->subject] = drawn[r->object] = true;
  }
  for (size_t i = 0; i < g->n_entities; i++)
    if (g->entities[i].mention_count >= min_men) drawn[i] = true;
  char **names = ng_out_node_ids(g, drawn);
  Agnode_t **nodes = ng_xcalloc(g->n_entities + 1, sizeof *nodes);
  ng_buf b = {0};

  Agraph_t *ag = agopen((char *)"newsgraph", Agdirected, NULL);
  declare_attrs(ag);
  for (size_t i = 0; i < g->n_entities; i++) {
    if (!drawn[i]) continue;
    const ng_entity *e = &g->entities[i];
    Agnode_t *n = nodes[i] = agnode(ag, names[i], 1);
    ng_buf_clear(&b);
    put_esc(&b, e->label);
    set(n, "label", b.data);
    style_node(n, e->cls);
    ng_buf_clear(&b);
    ng_buf_puts(&b, ng_class_name(e->cls));
    for (size_t j = 0; j < e->n_aliases; j++) {
      ng_buf_puts(&b, j ? "; " : ": ");
      put_esc(&b, e->aliases[j]);
    }
    set(n, "tooltip", b.data);
    ng_buf_clear(&b);
    put_esc(&b, e->iri);
    set(n, "URL", b.data);
  }
  for (size_t i = 0; i < g->n_relations; i++) {
    const ng_relation *r = &g->relations[i];
    if (!edge_drawn(r, min_ev)) continue;
    Agedge_t *e = agedge(ag, nodes[r->subject], nodes[r->object], NULL, 1);
    const char *role = r->pred == NG_PRED_OFFICIAL_OF ? ng_out_main_role(g, r) : NULL;
    ng_buf_clear(&b);
    ng_buf_puts(&b, ng_pred_name(r->pred));
    if (role) {
      ng_buf_puts(&b, "\\n(");
      put_esc(&b, role);
      ng_buf_putc(&b, ')');
    }
    set(e, "label", b.data);
    set(e, "color", pred_colour[r->pred]);
    set(e, "fontcolor", pred_colour[r->pred]);
    unsigned w = r->article_count < 6 ? r->article_count : 6;
    char pw[16];
    snprintf(pw, sizeof pw, "%u.%02u", 1 + (w * 75) / 100, (w * 75) % 100);
    set(e, "penwidth", pw);
    if (r->hedged) set(e, "style", "dashed");
    if (ng_pred_symmetric(r->pred)) set(e, "dir", "none");
    /* the tooltip quotes the evidence; a click opens the claim */
    const ng_claim *bc = best_claim(g, r);
    ng_buf_clear(&b);
    ng_buf_printf(&b, "%s: %zu claim%s in %u article%s%s", ng_pred_name(r->pred),
                  r->n_claims, r->n_claims == 1 ? "" : "s", r->article_count,
                  r->article_count == 1 ? "" : "s", r->hedged ? " (hedged)" : "");
    put_outlets(&b, g, r);
    if (bc && bc->sentence) {
      ng_buf_puts(&b, "\n\u201C");
      size_t n = strlen(bc->sentence);
      if (n > 240) { /* cut at a character boundary */
        n = 240;
        while (n && ((unsigned char)bc->sentence[n] & 0xC0) == 0x80) n--;
      }
      ng_buf slice = {0};
      ng_buf_put(&slice, bc->sentence, n);
      put_esc(&b, slice.data ? slice.data : "");
      ng_buf_free(&slice);
      ng_buf_puts(&b, n < strlen(bc->sentence) ? "\u2026\u201D" : "\u201D");
    }
    set(e, "tooltip", b.data);
    if (bc && bc->iri) {
      ng_buf_clear(&b);
      put_esc(&b, bc->iri);
      set(e, "URL", b.data);
    }
  }
  add_legend(ag);

  ng_buf_free(&b);
  for (size_t i = 0; i < g->n_entities; i++) free(names[i]);
  free(names);
  free(nodes);
  free(drawn);
  return ag;
}

int ng_dot_write(const ng_graph *g, const ng_dot_opts *opts, FILE *out, ng_diag *d) {
  int rc = NG_OK;
  agusererrf old = sink_open(d);
  Agraph_t *ag = build(g, opts);
  if (agwrite(ag, out) == EOF) rc = NG_E_IO;
  if (fflush(out) != 0 || ferror(out)) rc = NG_E_IO;
  if (rc)
    ng_diag_report(d, NG_DIAG_ERROR, NULL, 0, 0, NG_D_OUTPUT,
                   "DOT output could not be written");
  agclose(ag);
  sink_close(old);
  return rc;
}

/* One Graphviz context for the whole process, made on first use and never
 * freed. Graphviz 2.42's pango plugin caches a pointer to a font name owned
 * by the context it first measured text in; after gvFreeContext a second
 * context reads freed memory (seen with ASan). Keeping the context also
 * avoids re-reading the plugin configuration, which leaks on every
 * gvContext(). The memory stays reachable, so leak checkers stay quiet. */
static GVC_t *shared_context(void) {
  static GVC_t *gvc;
  if (!gvc) gvc = gvContext();
  return gvc;
}

static bool in_list(const char *s, const char *const *list) {
  for (; *list; list++)
    if (!strcmp(s, *list)) return true;
  return false;
}

int ng_dot_render(const ng_graph *g, const ng_dot_opts *opts, const char *format,
                  FILE *out, ng_diag *d) {
  static const char *const formats[] = {"svg", "png", "pdf", NULL};
  static const char *const layouts[] = {"dot", "neato", "sfdp", "fdp", "circo", "twopi", NULL};
  const char *layout = opts && opts->layout ? opts->layout : "dot";
  int rc = NG_OK;
  GVC_t *gvc = NULL;
  Agraph_t *ag = NULL;
  bool laid_out = false;
  char *data = NULL;
  unsigned int len = 0;
  agusererrf old = sink_open(d);

  if (!format || !in_list(format, formats)) {
    ng_diag_report(d, NG_DIAG_ERROR, NULL, 0, 0, NG_D_USAGE,
                   "unknown picture format '%s' (svg, png or pdf)",
                   format ? format : "(null)");
    rc = NG_E_USAGE;
    goto done;
  }
  if (!in_list(layout, layouts)) {
    ng_diag_report(d, NG_DIAG_ERROR, NULL, 0, 0, NG_D_USAGE,
                   "unknown layout '%s' (dot, neato, sfdp, fdp, circo or twopi)", layout);
    rc = NG_E_USAGE;
    goto done;
  }
  gvc = shared_context();
  ag = build(g, opts);
  if (gvLayout(gvc, ag, layout) != 0) {
    ng_diag_report(d, NG_DIAG_ERROR, NULL, 0, 0, NG_D_GRAPHVIZ,
                   "Graphviz layout '%s' is not available", layout);
    rc = NG_E_USAGE;
    goto done;
  }
  laid_out = true;
  if (gvRenderData(gvc, ag, format, &data, &len) != 0 || !data) {
    ng_diag_report(d, NG_DIAG_ERROR, NULL, 0, 0, NG_D_GRAPHVIZ,
                   "Graphviz cannot render '%s'", format);
    rc = NG_E_USAGE;
    goto done;
  }
  if (fwrite(data, 1, len, out) != len || fflush(out) != 0 || ferror(out)) {
    ng_diag_report(d, NG_DIAG_ERROR, NULL, 0, 0, NG_D_OUTPUT,
                   "%s output could not be written", format);
    rc = NG_E_IO;
  }

done:
  if (data) gvFreeRenderData(data);
  if (laid_out) gvFreeLayout(gvc, ag);
  if (ag) agclose(ag);
  sink_close(old);
  return rc;
}
