/* relate.c — relation candidates from office titles and trigger patterns,
 * plus quote attribution. See relate.h. */
#include "nlp/relate.h"

#include "graph/base.h"

#include <stdlib.h>
#include <string.h>

typedef struct trig {
  const ng_lex_pattern *pat;
  char **w;      /* words, "*" = gap of 0-3 tokens */
  size_t n;
} trig;

typedef struct rctx {
  const ng_lexicon *lx;
  const char *text;
  const ng_tokens *t;
  const ng_ments *m;
  int32_t *ment_at;   /* token -> mention index or -1 */
  char **lower;       /* token -> lower-cased text (owned) */
  ng_relcands *out;
  trig *trigs;
  size_t n_trigs;
} rctx;

static const char *const NEGATORS[] = {"not", "n't", "never", "no", "denied", "deny",
                                       "denies", "denying", "neither", "nor", "without",
                                       "refused", "rejected", NULL};
static const char *const HEDGES[] = {"reportedly", "allegedly", "purportedly", "apparently",
                                     "may", "might", "could", "would", "possibly", "perhaps",
                                     "rumoured", "rumored", "suspected", "unconfirmed",
                                     "likely", "believed", "suggest", "suggests", "claimed",
                                     "claiming", "claims", NULL};
static const char *const REPORTERS[] = {"officials", "sources", "reports", "analysts",
                                        "diplomats", "activists", "witnesses", NULL};
static const char *const SAY[] = {"say", "says", "said", "believe", "believes", "report",
                                  "reported", "suggest", "suggested", "according", NULL};

static bool in_list(const char *w, const char *const *list) {
  for (; *list; list++)
    if (!strcmp(w, *list)) return true;
  return false;
}

static char *lower_dup(const char *s, size_t n) {
  char *d = ng_xstrndup(s, n);
  for (size_t i = 0; i < n; i++)
    if (d[i] >= 'A' && d[i] <= 'Z') d[i] = (char)(d[i] - 'A' + 'a');
  /* ’ -> ' so that "n’t" matches "n't" */
  char *q = strstr(d, "\xE2\x80\x99");
  if (q) {
    *q = '\'';
    memmove(q + 1, q + 3, strlen(q + 3) + 1);
  }
  return d;
}

static void push_rel(rctx *c, int32_t s, int32_t o, int32_t o_lex, ng_pred p,
                     uint32_t sent, uint32_t tb, uint32_t te, const char *role,
                     double conf, bool hedged, bool negated) {
  ng_relcands *r = c->out;
  if (s < 0 || (o < 0 && o_lex < 0)) return;
  if (o >= 0 && c->m->v[s].cluster >= 0 && c->m->v[s].cluster == c->m->v[o].cluster) return;
  /* same pair, same predicate, same sentence: once (candidates come sentence
     by sentence, so only the tail needs looking at) */
  for (size_t i = r->n; i > 0 && r->v[i - 1].sent == sent; i--)
    if (r->v[i - 1].s == s && r->v[i - 1].o == o && r->v[i - 1].o_lex == o_lex &&
        r->v[i - 1].pred == p)
      return;
  if (r->n == r->cap) {
    r->cap = r->cap ? r->cap * 2 : 32;
    r->v = ng_xrealloc(r->v, r->cap * sizeof *r->v);
  }
  ng_relcand *x = &r->v[r->n++];
  memset(x, 0, sizeof *x);
  x->s = s;
  x->o = o;
  x->o_lex = o_lex;
  x->pred = p;
  x->sent = sent;
  x->trig_begin = c->t->tok[tb].begin;
  x->trig_end = c->t->tok[te - 1].end;
  /* trigger text with whitespace folded */
  ng_buf b = {0};
  for (uint32_t i = tb; i < te; i++) {
    if (i > tb) ng_buf_putc(&b, ' ');
    ng_buf_put(&b, c->text + c->t->tok[i].begin, c->t->tok[i].end - c->t->tok[i].begin);
  }
  x->trigger = ng_buf_take(&b);
  x->role = ng_xstrdup(role);
  x->confidence = hedged ? conf * 0.6 : conf;
  x->hedged = hedged;
  x->negated = negated;
}

static bool is_actor(const ng_ment *m) {
  if (m->type >= NG_MT_TEMPORAL) return false;
  return m->cls == NG_CLASS_PERSON || m->cls == NG_CLASS_COUNTRY ||
         m->cls == NG_CLASS_ORGANIZATION;
}

static bool object_ok(ng_pred p, const ng_ment *m) {
  if (m->type >= NG_MT_TEMPORAL) return false;
  switch (p) {
  case NG_PRED_DEPLOYS: return m->cls == NG_CLASS_MILITARY_PLATFORM || m->cls == NG_CLASS_WEAPON;
  case NG_PRED_OPERATES: return m->cls == NG_CLASS_MILITARY_BASE;
  case NG_PRED_LOCATED_AT:
    return m->cls == NG_CLASS_MILITARY_BASE || m->cls == NG_CLASS_PLACE || m->cls == NG_CLASS_COUNTRY;
  case NG_PRED_OFFICIAL_OF: case NG_PRED_PART_OF:
    return m->cls == NG_CLASS_COUNTRY || m->cls == NG_CLASS_ORGANIZATION;
  case NG_PRED_MEMBER_OF: return m->cls == NG_CLASS_ORGANIZATION;
  default: return is_actor(m);
  }
}

static bool subject_ok(ng_pred p, const ng_ment *m) {
  if (m->type >= NG_MT_TEMPORAL) return false;
  if (p == NG_PRED_LOCATED_AT) return true;
  if (p == NG_PRED_OFFICIAL_OF) return m->cls == NG_CLASS_PERSON;
  return is_actor(m);
}

/* negation between the subject and the trigger end, hedging anywhere before the trigger */
static void nuance(const rctx *c, uint32_t sb, uint32_t from, uint32_t tend, bool *hedged,
                   bool *negated) {
  *hedged = *negated = false;
  for (uint32_t i = from; i < tend; i++)
    if (in_list(c->lower[i], NEGATORS)) *negated = true;
  for (uint32_t i = sb; i < tend; i++) {
    if (in_list(c->lower[i], HEDGES)) *hedged = true;
    if (in_list(c->lower[i], REPORTERS) && i + 1 < tend && in_list(c->lower[i + 1], SAY))
      *hedged = true;
    if (!strcmp(c->lower[i], "according") && i + 1 < c->t->n && !strcmp(c->lower[i + 1], "to"))
      *hedged = true;
  }
}

/* the mention covering token i, skipping demonyms used inside a title */
static int32_t ment_left(const rctx *c, uint32_t sb, uint32_t before, ng_pred p) {
  for (uint32_t i = before; i > sb; i--) {
    int32_t mi = c->ment_at[i - 1];
    if (mi < 0) {
      /* a clause break stops the search: ";" or a relative pronoun */
      if (!strcmp(c->lower[i - 1], ";") || !strcmp(c->lower[i - 1], "which") ||
          !strcmp(c->lower[i - 1], "while") || !strcmp(c->lower[i - 1], "but"))
        return -1;
      continue;
    }
    const ng_ment *m = &c->m->v[mi];
    if (subject_ok(p, m)) {
      /* a title's country ("Russian" in "Russian President Putin") is not the
         subject when the titled person follows it */
      bool is_title_of = false;
      for (uint32_t j = i; j < before && j < i + 6; j++) {
        int32_t mj = c->ment_at[j];
        if (mj >= 0 && c->m->v[mj].title_of == mi) is_title_of = true;
      }
      if (!is_title_of) return mi;
    }
    i = m->tb + 1; /* skip the rest of this mention */
  }
  return -1;
}

/* objects to the right: the first fitting mention within `window` tokens, then
 * coordinated ones (", X", "and X", ", and X") */
static size_t ments_right(const rctx *c, uint32_t from, uint32_t se, ng_pred p,
                          int32_t *outv, size_t max, uint32_t window) {
  size_t n = 0;
  uint32_t i = from;
  for (; i < se && i < from + window; i++) {
    int32_t mi = c->ment_at[i];
    if (mi >= 0 && object_ok(p, &c->m->v[mi])) break;
    if (!strcmp(c->lower[i], ";") || !strcmp(c->lower[i], ".") ) return 0;
  }
  if (i >= se || i >= from + window) return 0;
  while (i < se && n < max) {
    int32_t mi = c->ment_at[i];
    if (mi < 0 || !object_ok(p, &c->m->v[mi])) break;
    outv[n++] = mi;
    uint32_t j = c->m->v[mi].te;
    /* coordination only: the noun phrase may end in up to two lower-case
       words ("howitzers of various calibres"? no: "tanks and") before a comma
       or a conjunction; anything else ends the list ("Islamic State in Syria") */
    uint32_t k = j;
    while (k < se && k < j + 2 && c->ment_at[k] < 0 && (c->t->tok[k].flags & NG_TOK_LOWER) &&
           strcmp(c->lower[k], "and") && strcmp(c->lower[k], "or"))
      k++;
    bool conj = false;
    if (k < se && !strcmp(c->lower[k], ",")) { k++; conj = true; }
    if (k < se && (!strcmp(c->lower[k], "and") || !strcmp(c->lower[k], "or"))) { k++; conj = true; }
    if (!conj) break;
    /* allow a number or adjective before the next conjunct */
    uint32_t q = k;
    while (q < se && q < k + 3 && c->ment_at[q] < 0 &&
           (c->t->tok[q].flags & (NG_TOK_LOWER | NG_TOK_NUM)))
      q++;
    i = q;
  }
  return n;
}

static bool match_trigger(const rctx *c, const trig *tg, uint32_t i, uint32_t se, uint32_t *end) {
  uint32_t p = i;
  for (size_t k = 0; k < tg->n; k++) {
    if (!strcmp(tg->w[k], "*")) {
      /* gap: try 0..3 tokens before the next word */
      if (k + 1 >= tg->n) return false;
      bool ok = false;
      for (uint32_t g = 0; g <= 3 && p + g < se; g++)
        if (!strcmp(c->lower[p + g], tg->w[k + 1]) && c->ment_at[p + g] < 0) {
          p += g;
          ok = true;
          break;
        }
      if (!ok) return false;
      continue;
    }
    if (p >= se || strcmp(c->lower[p], tg->w[k])) return false;
    p++;
  }
  *end = p;
  return true;
}

static void pattern_pass(rctx *c, uint32_t sent) {
  const ng_sentence *s = &c->t->sent[sent];
  uint32_t sb = s->tok_begin, se = s->tok_end;
  for (uint32_t i = sb; i < se; i++) {
    if (c->ment_at[i] >= 0 || (c->t->tok[i].flags & NG_TOK_PUNCT)) continue;
    /* triggers are sorted by first word: find the first with this word */
    size_t lo = 0, hi = c->n_trigs;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (strcmp(c->trigs[mid].w[0], c->lower[i]) < 0) lo = mid + 1;
      else hi = mid;
    }
    for (size_t k = lo; k < c->n_trigs && !strcmp(c->trigs[k].w[0], c->lower[i]); k++) {
      const trig *tg = &c->trigs[k];
      uint32_t te;
      if (!match_trigger(c, tg, i, se, &te)) continue;
      const ng_lex_pattern *p = tg->pat;
      int32_t objs[16];
      size_t no = 0;
      int32_t subj = -1;
      const char *frame = p->frame;
      if (!strcmp(frame, "active")) {
        subj = ment_left(c, sb, i, p->pred);
        no = ments_right(c, te, se, p->pred, objs, 16, 8);
      } else if (!strcmp(frame, "passive")) {
        /* OBJECT ... trigger ... by SUBJECT */
        int32_t o = ment_left(c, sb, i, NG_PRED_LOCATED_AT);
        if (o >= 0 && object_ok(p->pred, &c->m->v[o])) {
          objs[no++] = o;
          for (uint32_t j = te; j < se && j < te + 4; j++)
            if (!strcmp(c->lower[j], "by")) {
              int32_t tmp[1];
              if (ments_right(c, j + 1, se, NG_PRED_SUPPORTS, tmp, 1, 3)) subj = tmp[0];
              break;
            }
        }
      } else if (!strcmp(frame, "noun")) {
        /* "Russian backing for the Assad regime", "Russia's support for Assad" */
        uint32_t b = i;
        if (b > sb && (c->t->tok[b - 1].flags & NG_TOK_POSS)) b--;
        while (b > sb && c->ment_at[b - 1] < 0 && (c->t->tok[b - 1].flags & NG_TOK_LOWER) &&
               b + 3 > i)
          b--;
        if (b > sb && c->ment_at[b - 1] >= 0 && subject_ok(p->pred, &c->m->v[c->ment_at[b - 1]]))
          subj = c->ment_at[b - 1];
        if (te < se && (!strcmp(c->lower[te], "for") || !strcmp(c->lower[te], "to") ||
                        !strcmp(c->lower[te], "of") || !strcmp(c->lower[te], "with") ||
                        !strcmp(c->lower[te], "against")))
          no = ments_right(c, te + 1, se, p->pred, objs, 16, 4);
      } else if (!strcmp(frame, "possessive")) {
        /* "Assad's ally Russia" / "Assad's ally, Russia": OBJECT's trigger SUBJECT */
        if (i >= sb + 2 && (c->t->tok[i - 1].flags & NG_TOK_POSS) && c->ment_at[i - 2] >= 0) {
          int32_t o = c->ment_at[i - 2];
          int32_t tmp[1];
          uint32_t j = te;
          if (j < se && !strcmp(c->lower[j], ",")) j++;
          if (object_ok(p->pred, &c->m->v[o]) && ments_right(c, j, se, p->pred, tmp, 1, 2) &&
              subject_ok(p->pred, &c->m->v[tmp[0]])) {
            subj = tmp[0];
            objs[no++] = o;
          }
        }
      }
      if (subj < 0 || !no) continue;
      bool hedged, negated;
      nuance(c, sb, c->m->v[subj].te < i ? c->m->v[subj].te : sb, te, &hedged, &negated);
      for (size_t q = 0; q < no; q++) {
        int32_t s2 = subj, o2 = objs[q];
        if (p->reverse) { s2 = objs[q]; o2 = subj; }
        double conf = 0.75 - 0.02 * (double)(c->m->v[objs[q]].tb > te ? c->m->v[objs[q]].tb - te : 0);
        push_rel(c, s2, o2, -1, p->pred, sent, i, te, NULL, conf < 0.4 ? 0.4 : conf, hedged, negated);
      }
    }
  }
}

/* officialOf from titles before and after names */
static void title_pass(rctx *c) {
  for (size_t i = 0; i < c->m->n; i++) {
    const ng_ment *m = &c->m->v[i];
    if (m->cls != NG_CLASS_PERSON || m->type != NG_MT_PERSON || m->title < 0) continue;
    const ng_lex_entry *te = ng_lex_entry_at(c->lx, (uint32_t)m->title);
    char *role = ng_xstrdup(te->canonical);
    if (m->title_of >= 0) {
      push_rel(c, (int32_t)i, m->title_of, -1, NG_PRED_OFFICIAL_OF, m->sent, m->title_tb,
               m->title_te, role, 0.9, false, false);
    } else if (te->org) {
      const ng_lex_entry *oe = ng_lex_find_canonical(c->lx, NG_CLASS_ORGANIZATION, te->org);
      if (!oe) oe = ng_lex_find_canonical(c->lx, NG_CLASS_COUNTRY, te->org);
      if (oe)
        push_rel(c, (int32_t)i, -1, (int32_t)oe->id, NG_PRED_OFFICIAL_OF, m->sent, m->title_tb,
                 m->title_te, role, 0.7, false, false);
    }
    free(role);
  }
  /* names that say whose body they are: "Russian Foreign Ministry",
     "U.S. State Department" — an organisation whose name holds its own
     country's name or demonym is partOf that country (the lexicon says
     which country the body belongs to; the text must say it too) */
  for (size_t i = 0; i < c->m->n; i++) {
    const ng_ment *m = &c->m->v[i];
    if (m->lex < 0 || m->cls != NG_CLASS_ORGANIZATION || m->type >= NG_MT_TEMPORAL) continue;
    const ng_lex_entry *e = ng_lex_entry_at(c->lx, (uint32_t)m->lex);
    if (!e->country || m->te - m->tb < 2) continue;
    const ng_lex_entry *ce = ng_lex_find_canonical(c->lx, NG_CLASS_COUNTRY, e->country);
    if (!ce) continue;
    ng_span sp[1] = {{.p = c->text + c->t->tok[m->tb].begin, .n = c->t->tok[m->tb].end - c->t->tok[m->tb].begin}};
    ng_lex_hit hits[8];
    size_t nh;
    bool names_country = false;
    if (ng_lex_match(c->lx, sp, 1, 0, hits, 8, &nh) == 1)
      for (size_t h = 0; h < nh; h++)
        if (hits[h].entry == ce->id) names_country = true;
    if (names_country)
      push_rel(c, (int32_t)i, -1, (int32_t)ce->id, NG_PRED_PART_OF, m->sent, m->tb, m->tb + 1,
               NULL, 0.8, false, false);
  }
  /* "NATO-member Turkey": the body named in a "-member" compound */
  for (size_t i = 0; i + 1 < c->m->n; i++) {
    const ng_ment *m = &c->m->v[i], *n = &c->m->v[i + 1];
    const char *tok = c->text + c->t->tok[m->tb].begin;
    size_t tl = c->t->tok[m->tb].end - c->t->tok[m->tb].begin;
    if (m->cls != NG_CLASS_ORGANIZATION || tl < 8 || memcmp(tok + tl - 7, "-member", 7) ||
        n->tb != m->tb + 1 || n->cls != NG_CLASS_COUNTRY)
      continue;
    push_rel(c, (int32_t)(i + 1), (int32_t)i, -1, NG_PRED_MEMBER_OF, m->sent, m->tb, m->tb + 1,
             NULL, 0.8, false, false);
  }
  /* apposition after a person: "Peter Cook, the Pentagon press secretary",
     "Lloyd Austin, the chief of the US Central Command" */
  for (size_t i = 0; i < c->m->n; i++) {
    const ng_ment *m = &c->m->v[i];
    if (m->cls != NG_CLASS_PERSON || m->type != NG_MT_PERSON) continue;
    uint32_t se = c->t->sent[m->sent].tok_end;
    uint32_t j = m->te;
    if (j >= se || strcmp(c->lower[j], ",")) continue;
    j++;
    if (j < se && (!strcmp(c->lower[j], "the") || !strcmp(c->lower[j], "a") ||
                   !strcmp(c->lower[j], "his") || !strcmp(c->lower[j], "her")))
      j++;
    int32_t org = -1;
    uint32_t tb = 0, tlen = 0;
    int32_t tentry = -1;
    for (uint32_t k = j; k < se && k < j + 9; k++) {
      if (!strcmp(c->lower[k], ",") || !strcmp(c->lower[k], ";")) break;
      int32_t mk = c->ment_at[k];
      if (mk >= 0 && (c->m->v[mk].cls == NG_CLASS_ORGANIZATION || c->m->v[mk].cls == NG_CLASS_COUNTRY) &&
          org < 0)
        org = mk;
      if (mk >= 0 && c->m->v[mk].cls == NG_CLASS_PERSON) break;
      if (tentry < 0 && mk < 0) {
        ng_lex_hit hits[4];
        size_t nh;
        ng_span sp[8] = {0}; /* word hashes computed by ng_lex_match */
        uint32_t cnt = 0;
        for (uint32_t q = k; q < se && cnt < 8; q++, cnt++) {
          sp[cnt].p = c->text + c->t->tok[q].begin;
          sp[cnt].n = c->t->tok[q].end - c->t->tok[q].begin;
        }
        size_t len = ng_lex_match(c->lx, sp, cnt, 0, hits, 4, &nh);
        for (size_t h = 0; len && h < nh; h++)
          if (hits[h].role == NG_LEX_TITLE) {
            tentry = (int32_t)hits[h].entry;
            tb = k;
            tlen = (uint32_t)len;
          }
      }
    }
    if (tentry < 0) continue;
    const ng_lex_entry *te = ng_lex_entry_at(c->lx, (uint32_t)tentry);
    if (org >= 0) {
      push_rel(c, (int32_t)i, org, -1, NG_PRED_OFFICIAL_OF, m->sent, tb, tb + tlen,
               te->canonical, 0.85, false, false);
    } else if (te->org) {
      /* "Peter Cook, the Pentagon press secretary": the title names its body */
      const ng_lex_entry *oe = ng_lex_find_canonical(c->lx, NG_CLASS_ORGANIZATION, te->org);
      if (!oe) oe = ng_lex_find_canonical(c->lx, NG_CLASS_COUNTRY, te->org);
      if (oe)
        push_rel(c, (int32_t)i, -1, (int32_t)oe->id, NG_PRED_OFFICIAL_OF, m->sent, tb,
                 tb + tlen, te->canonical, 0.8, false, false);
    }
  }
}

/* Direct quotes: “...” or "..." spans; the speaker is a person/org mention
 * right after the closing mark with a speech verb ("..., Mr. Kerry said") or
 * before the opening mark ("Kerry said: “..."). */
static void quote_pass(rctx *c) {
  const ng_tokens *t = c->t;
  for (size_t i = 0; i < t->n; i++) {
    if (!(t->tok[i].flags & NG_TOK_QUOTE)) continue;
    const char *q = c->text + t->tok[i].begin;
    bool open = !strncmp(q, "\xE2\x80\x9C", 3) || (q[0] == '"' && (i + 1 < t->n) &&
                                                  !(t->tok[i + 1].flags & NG_TOK_NL_BEFORE));
    if (!open) continue;
    size_t j = i + 1;
    while (j < t->n && !(t->tok[j].flags & NG_TOK_QUOTE) && j < i + 400) j++;
    if (j >= t->n || !(t->tok[j].flags & NG_TOK_QUOTE) || j <= i + 3) {
      i = j;
      continue;
    }
    int32_t speaker = -1;
    static const char *const SAYV[] = {"said", "says", "told", "added", "stated", "asked",
                                       "warned", "declared", "wrote", "insisted", NULL};
    /* after: “...,” Mr. Kerry said / “...,” said Kerry */
    for (size_t k = j + 1; k < t->n && k < j + 6 && speaker < 0; k++) {
      int32_t mi = c->ment_at[k];
      if (mi >= 0 && is_actor(&c->m->v[mi])) {
        size_t after = c->m->v[mi].te;
        if ((after < t->n && in_list(c->lower[after], SAYV)) || in_list(c->lower[k - 1], SAYV))
          speaker = mi;
      }
      if (!strcmp(c->lower[k], ".")) break;
    }
    /* before: Kerry said: “... */
    for (size_t k = i; k > 0 && k + 8 > i && speaker < 0; k--) {
      if (in_list(c->lower[k - 1], SAYV)) {
        int32_t mi = k >= 2 ? c->ment_at[k - 2] : -1;
        if (mi >= 0 && is_actor(&c->m->v[mi])) speaker = mi;
      }
    }
    if (speaker >= 0) {
      ng_relcands *r = c->out;
      if (r->nq == r->capq) {
        r->capq = r->capq ? r->capq * 2 : 16;
        r->q = ng_xrealloc(r->q, r->capq * sizeof *r->q);
      }
      ng_qcand *x = &r->q[r->nq++];
      x->begin = t->tok[i + 1].begin;
      x->end = t->tok[j - 1].end;
      x->speaker = speaker;
      x->direct = true;
    }
    i = j;
  }
}

/* by first word, then longest first (so "met with" wins over "met"), then
   pattern order, then the rest of the words: a total order, so the result
   never depends on the sort algorithm */
static int cmp_trig(const void *a, const void *b) {
  const trig *x = a, *y = b;
  int c = strcmp(x->w[0], y->w[0]);
  if (c) return c;
  if (x->n != y->n) return x->n > y->n ? -1 : 1;
  if (x->pat != y->pat) return x->pat < y->pat ? -1 : 1;
  for (size_t k = 1; k < x->n; k++)
    if ((c = strcmp(x->w[k], y->w[k]))) return c;
  return 0;
}

void ng_relate_run(ng_relcands *out, const ng_lexicon *lx, const char *text,
                   const ng_tokens *t, const ng_ments *m) {
  rctx c = {lx, text, t, m, NULL, NULL, out, NULL, 0};
  c.ment_at = ng_xmalloc((t->n + 1) * sizeof *c.ment_at);
  c.lower = ng_xmalloc((t->n + 1) * sizeof *c.lower);
  for (size_t i = 0; i < t->n; i++) {
    c.ment_at[i] = -1;
    c.lower[i] = lower_dup(text + t->tok[i].begin, t->tok[i].end - t->tok[i].begin);
  }
  for (size_t i = 0; i < m->n; i++)
    if (m->v[i].type < NG_MT_TEMPORAL)
      for (uint32_t k = m->v[i].tb; k < m->v[i].te; k++) c.ment_at[k] = (int32_t)i;
  /* triggers: split each pattern's words on spaces */
  const ng_lex_pattern *pats;
  size_t np = ng_lex_patterns(lx, &pats);
  NG_VEC(trig) trigs = {0};
  for (size_t p = 0; p < np; p++)
    for (size_t w = 0; w < pats[p].n_words; w++) {
      trig tg = {&pats[p], NULL, 0};
      char *s = ng_xstrdup(pats[p].words[w]);
      for (char *tokp = strtok(s, " "); tokp; tokp = strtok(NULL, " ")) {
        tg.w = ng_xrealloc(tg.w, (tg.n + 1) * sizeof *tg.w);
        tg.w[tg.n++] = ng_xstrdup(tokp);
      }
      free(s);
      if (tg.n) NG_VEC_PUSH(trigs, tg);
      else free(tg.w);
    }
  ng_sort(trigs.v, trigs.n, sizeof *trigs.v, cmp_trig);
  c.trigs = trigs.v;
  c.n_trigs = trigs.n;
  title_pass(&c);
  for (size_t s = 0; s < t->n_sent; s++) pattern_pass(&c, (uint32_t)s);
  quote_pass(&c);
  for (size_t k = 0; k < trigs.n; k++) {
    for (size_t w = 0; w < trigs.v[k].n; w++) free(trigs.v[k].w[w]);
    free(trigs.v[k].w);
  }
  free(trigs.v);
  for (size_t i = 0; i < t->n; i++) free(c.lower[i]);
  free(c.lower);
  free(c.ment_at);
}

void ng_relcands_free(ng_relcands *r) {
  for (size_t i = 0; i < r->n; i++) {
    free(r->v[i].trigger);
    free(r->v[i].role);
  }
  free(r->v);
  free(r->q);
  memset(r, 0, sizeof *r);
}
