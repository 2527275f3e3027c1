/* ner.c — recognising mentions: lexicon matches, unknown capitalised names
 * classified by context cues, and dates/quantities/money by shape.
 * See ner.h for the passes; each heuristic below says why it exists. */
#include "nlp/ner.h"

#include "graph/base.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct ctx {
  const ng_lexicon *lx;
  const ng_ner_opts *opts;
  const char *text;
  const ng_tokens *t;
  ng_span *words;    /* the current sentence's words (lexicon_pass), words[0] = its first token */
  size_t wcap;
  int32_t *cover;   /* token -> mention index, -1 free, -2 title */
  int32_t *title_at; /* token -> title entry starting here, -1 */
  uint8_t *title_len;
  uint64_t *wb; /* token -> word-class bits (W_*), set as lexicon_pass reaches each sentence */
  uint32_t *lw; /* token -> the lexicon's word lists it is on (ng_lex_word_lists), looked up
                   on first use */
  ng_ments *out;
  uint64_t sent_bits; /* the current sentence's wb bits OR'ed (lexicon_pass) */
  bool sent_titles;   /* lexicon_pass set title_at in the current sentence */
} ctx;

/* Word classes: every token gets a bit set of the closed word lists it
 * belongs to (ASCII case-insensitively), computed once per article, so
 * that the many context checks below are a mask test, not a list scan. */
#define W_LOCATIVE (UINT64_C(1) << 0)
#define W_PLATFORM_CONTEXT (UINT64_C(1) << 1)
#define W_SPEECH (UINT64_C(1) << 2)
#define W_PLACE_NOUN (UINT64_C(1) << 3)
#define W_PLACE_OF (UINT64_C(1) << 4)
#define W_PARTICLES (UINT64_C(1) << 5)
#define W_MONTHS (UINT64_C(1) << 6)
#define W_WEEKDAYS (UINT64_C(1) << 7)
#define W_REL_TIME (UINT64_C(1) << 8)
#define W_TIME_UNIT (UINT64_C(1) << 9)
#define W_SCALE (UINT64_C(1) << 10)
#define W_NUMBER_WORDS (UINT64_C(1) << 11)
#define W_CURRENCY_WORD (UINT64_C(1) << 12)
#define W_NOUNY (UINT64_C(1) << 13)
#define W_GROUP_NOUN (UINT64_C(1) << 14)
#define W_THE (UINT64_C(1) << 15)
#define W_OF (UINT64_C(1) << 16)
#define W_FOR (UINT64_C(1) << 17)
#define W_AND (UINT64_C(1) << 18)
#define W_A (UINT64_C(1) << 19)
#define W_AN (UINT64_C(1) << 20)
#define W_HIS (UINT64_C(1) << 21)
#define W_HER (UINT64_C(1) << 22)
#define W_ON (UINT64_C(1) << 23)
#define W_IN (UINT64_C(1) << 24)
#define W_MAY (UINT64_C(1) << 25)
#define W_LAST (UINT64_C(1) << 26)
#define W_NEXT (UINT64_C(1) << 27)
#define W_THIS (UINT64_C(1) << 28)
#define W_PERCENT (UINT64_C(1) << 29)
#define W_PER (UINT64_C(1) << 30)
#define W_CENT (UINT64_C(1) << 31)
#define W_ONE (UINT64_C(1) << 32)
#define W_BASE (UINT64_C(1) << 33)
#define W_AIRBASE (UINT64_C(1) << 34)
#define W_NAVAL (UINT64_C(1) << 35)
#define W_AFFAIRS (UINT64_C(1) << 36)

/* Candidate bits, set in the same word by lexicon_pass: the tokens a later
 * pass can act on at all (its first test, taken once per token), so that a
 * pass skips the others with one mask test and a sentence with none skips
 * the pass. */
#define C_HYPHEN (UINT64_C(1) << 48)  /* NG_TOK_HYPHEN: compound_parts, particle names */
#define C_CAP (UINT64_C(1) << 49)     /* NG_TOK_CAP (implies NG_TOK_WORD): group words, names */
#define C_PRONOUN (UINT64_C(1) << 50) /* pronoun_kind() != 0 */
#define C_SHAPE (UINT64_C(1) << 51)   /* a number, month, day, time or currency word or sign */


#define TOK(c, i) ((c)->text + (c)->t->tok[i].begin)
#define TLEN(c, i) ((size_t)((c)->t->tok[i].end - (c)->t->tok[i].begin))
#define FLAGS(c, i) ((c)->t->tok[i].flags)

/* token i is exactly w[0..n) */
static bool word_isn(const ctx *c, size_t i, const char *w, size_t n) {
  return i < c->t->n && TLEN(c, i) == n && !memcmp(TOK(c, i), w, n);
}

static uint64_t wtab_get(const char *p, size_t n, uint64_t h);
static int pronoun_kind(const char *p, size_t n);

static bool has(const ctx *c, size_t i, uint64_t bits) {
  return i < c->t->n && (c->wb[i] & bits);
}

#define LW_DONE (UINT32_C(1) << 31) /* lw[i] has been looked up */

/* The lexicon's closed word lists (honorifics, given names, stop words,
 * groups, cues) token i is on: several passes ask about the same token, and
 * one look-up answers them all. */
static uint32_t lists(const ctx *c, size_t i) {
  if (!(c->lw[i] & LW_DONE)) c->lw[i] = ng_lex_word_lists(c->lx, TOK(c, i), TLEN(c, i)) | LW_DONE;
  return c->lw[i];
}

static bool listed(const ctx *c, size_t i, uint32_t bit) {
  return (lists(c, i) & bit) != 0;
}

/* as ng_lex_cue for token i */
static bool cue_of(const ctx *c, size_t i, bool head, ng_class *cls) {
  uint32_t l = lists(c, i);
  if (!(l & (head ? NG_LEX_W_CUE_HEAD : NG_LEX_W_CUE_FIRST))) return false;
  *cls = head ? NG_LEX_W_HEAD_CLASS(l) : NG_LEX_W_FIRST_CLASS(l);
  return true;
}

static const char *const LOCATIVE[] = {
    "in", "at", "to", "into", "from", "near", "across", "inside", "outside",
    "throughout", "within", "towards", "toward", "around", "through", "via",
    "onto", "northern", "southern", "eastern", "western", "central", NULL};
static const char *const NOUNY[] = {"and", "or", "which", "where", "that", "is", NULL};
static const char *const PLATFORM_CONTEXT[] = {
    "helicopter", "helicopters", "gunship", "gunships", "aircraft", "jet",
    "jets", "plane", "planes", "transport", "transports", "bomber", "bombers",
    "fighter", "fighters", "tank", "tanks", "drone", "drones", "warplane",
    "warplanes", "missile", "missiles", "vehicle", "vehicles", "carrier",
    "carriers", "ship", "ships", "submarine", "airlifter", "airlifters", NULL};
static const char *const SPEECH[] = {
    "said", "says", "told", "added", "stated", "warned", "argued", "explained",
    "noted", "insisted", "declared", "announced", "replied", "asked", "wrote",
    "tweeted", "stressed", "urged", "claimed", "acknowledged", NULL};
static const char *const PLACE_NOUN[] = {
    "district", "province", "city", "town", "village", "region", "governorate",
    "area", "neighbourhood", "neighborhood", "suburb", "valley", "river",
    "countryside", "county", "border", "crossing", "camp", NULL};
static const char *const PLACE_OF[] = {
    "city", "town", "village", "province", "region", "governorate", "district",
    "port", "capital", "site", "outskirts", "suburbs", NULL};
static const char *const PARTICLES[] = {
    "al", "bin", "ibn", "bint", "de", "van", "von", "der", "den", "du", "da",
    "di", "el", "abu", "ben", "del", "dos", "la", "le", NULL};
static const char *const MONTHS[] = {
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "jan.", "feb.", "mar.",
    "apr.", "jun.", "jul.", "aug.", "sept.", "sep.", "oct.", "nov.", "dec.", NULL};
static const char *const WEEKDAYS[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", NULL};
static const char *const REL_TIME[] = {
    "today", "yesterday", "tomorrow", "tonight", NULL};
static const char *const TIME_UNIT[] = {
    "week", "weeks", "month", "months", "year", "years", "day", "days",
    "decade", "decades", "weekend", "century", NULL};
static const char *const SCALE[] = {
    "million", "billion", "trillion", "thousand", "hundred", "millions",
    "billions", "thousands", "hundreds", "m", "bn", NULL};
static const char *const NUMBER_WORDS[] = {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty",
    "hundred", "hundreds", "thousands", "millions", "dozens", "dozen", NULL};
static const char *const CURRENCY_WORD[] = {
    "dollars", "euros", "pounds", "dollar", "euro", "pound", "roubles", "rubles", NULL};

static bool is_cap(const ctx *c, size_t i) {
  uint32_t f = FLAGS(c, i);
  return (f & NG_TOK_WORD) && (f & NG_TOK_CAP);
}

/* "al-Assad", "el-Sisi", "bin-Laden": lower-case particle joined to a name */
static bool is_particle_name(const ctx *c, size_t i) {
  if (!(FLAGS(c, i) & NG_TOK_HYPHEN)) return false;
  const char *p = TOK(c, i);
  size_t n = TLEN(c, i);
  const char *h = memchr(p, '-', n);
  if (!h || h == p || (size_t)(h - p) > 4 || h + 1 >= p + n) return false;
  unsigned char nx = (unsigned char)h[1];
  if (!(nx >= 'A' && nx <= 'Z')) return false;
  for (const char *q = p; q < h; q++)
    if (!(*q >= 'a' && *q <= 'z')) return false;
  return true;
}

/* "US-led", "NATO-member", "pro-Syrian": a compound whose last part is
   lower case is a modifier, not a name */
static bool is_modifier_compound(const ctx *c, size_t i) {
  if (!(FLAGS(c, i) & NG_TOK_HYPHEN)) return false;
  const char *p = TOK(c, i);
  size_t n = TLEN(c, i);
  const char *h = NULL;
  for (size_t k = 0; k < n; k++)
    if (p[k] == '-') h = p + k;
  if (!h || h + 1 >= p + n || !(h[1] >= 'a' && h[1] <= 'z')) return false;
  static const char *const SUFFIX[] = {
      "led", "backed", "based", "member", "affiliated", "trained", "orchestrated",
      "made", "sponsored", "controlled", "held", "run", "owned", "allied", "linked",
      "style", "born", "friendly", "dominated", "supported", "funded", "armed", "era",
      "speaking", "majority", "brokered", "bound", "centric", "inspired", "occupied",
      "aligned", "leaning", "leaning", "registered", "flagged", "built", "designed",
      "supplied", "manned", "operated", "headquartered", "educated", NULL};
  size_t sl = (size_t)(p + n - h - 1);
  for (const char *const *q = SUFFIX; *q; q++)
    if (strlen(*q) == sl && !memcmp(*q, h + 1, sl)) return true;
  return false;
}

static bool is_month_or_day(const ctx *c, size_t i);

static bool is_namey(const ctx *c, size_t i) {
  /* a particle name starts in lower case, so it is never is_cap */
  if (is_cap(c, i)) return !is_modifier_compound(c, i) && !is_month_or_day(c, i);
  return is_particle_name(c, i);
}

static bool is_month_or_day(const ctx *c, size_t i) {
  return (has(c, i, W_MONTHS) && !has(c, i, W_MAY)) || has(c, i, W_WEEKDAYS);
}

static bool is_stop(const ctx *c, size_t i) {
  return listed(c, i, NG_LEX_W_STOPCAP) ||
         has(c, i, W_MONTHS) || has(c, i, W_WEEKDAYS);
}

static bool sent_has(const ctx *c, size_t sent, uint64_t bits) {
  const ng_sentence *s = &c->t->sent[sent];
  for (size_t i = s->tok_begin; i < s->tok_end; i++)
    if (c->wb[i] & bits) return true;
  return false;
}

static int32_t push(ctx *c, size_t tb, size_t te, ng_mtype type, ng_class cls,
                    int32_t lex, uint32_t flags) {
  ng_ments *o = c->out;
  if (o->n == o->cap) {
    o->cap = o->cap ? o->cap * 2 : 64;
    o->v = ng_xrealloc(o->v, o->cap * sizeof *o->v);
  }
  ng_ment *m = &o->v[o->n];
  memset(m, 0, sizeof *m);
  m->tb = (uint32_t)tb;
  m->te = (uint32_t)te;
  m->nbegin = m->begin = c->t->tok[tb].begin;
  m->nend = m->end = c->t->tok[te - 1].end;
  m->type = type;
  m->cls = cls;
  m->lex = lex;
  m->title = -1;
  m->title_of = -1;
  m->appos_title = -1;
  m->appos_of = -1;
  m->flags = flags;
  m->sent = c->t->tok[tb].sent;
  m->cluster = -1;
  for (size_t i = tb; i < te; i++) c->cover[i] = (int32_t)o->n;
  return (int32_t)o->n++;
}

static ng_mtype type_of_class(ng_class cls) {
  switch (cls) {
  case NG_CLASS_PERSON: return NG_MT_PERSON;
  case NG_CLASS_ORGANIZATION: return NG_MT_ORGANISATION;
  case NG_CLASS_MILITARY_PLATFORM: return NG_MT_MILITARY_PLATFORM;
  case NG_CLASS_WEAPON: return NG_MT_WEAPON;
  default: return NG_MT_LOCATION;
  }
}

/* previous token index skipping "the", or SIZE_MAX */
static size_t prev_skip_the(const ctx *c, size_t i, size_t sb) {
  if (i <= sb) return SIZE_MAX;
  size_t p = i - 1;
  if (has(c, p, W_THE) && p > sb) p--;
  return p;
}

static bool after_locative(const ctx *c, size_t i, size_t sb) {
  size_t p = prev_skip_the(c, i, sb);
  return p != SIZE_MAX && has(c, p, W_LOCATIVE);
}

/* A country used as an actor is an Organisation mention, as a place a
 * Location (contract). re3d annotators mark subjects and "the United States"
 * as actors; "in Syria" as a place. */
static ng_mtype country_type(const ctx *c, size_t tb, size_t te, size_t sb, size_t se) {
  if (after_locative(c, tb, sb)) return NG_MT_LOCATION;
  if (tb > sb && has(c, tb - 1, W_OF)) return NG_MT_LOCATION;
  if (te < se && (FLAGS(c, te) & NG_TOK_POSS)) return NG_MT_ORGANISATION;
  if (te < se && (FLAGS(c, te) & NG_TOK_WORD) && (FLAGS(c, te) & NG_TOK_LOWER)) {
    /* followed by a lower-case word: likely a verb ("Russia says", "Syria has") */
    if (!has(c, te, W_NOUNY)) return NG_MT_ORGANISATION;
  }
  if (tb > sb && has(c, tb - 1, W_THE)) return NG_MT_ORGANISATION;
  return NG_MT_LOCATION;
}

/* ---- pass 1: lexicon ---- */

static int class_rank(ng_class cls) {
  static const int rank[NG_CLASS_COUNT] = {2, 0, 1, 3, 4, 5, 6};
  return rank[cls];
}

static void lexicon_pass(ctx *c, size_t sent) {
  const ng_sentence *s = &c->t->sent[sent];
  size_t sb = s->tok_begin, se = s->tok_end;
  ng_lex_hit hits[16];
  size_t nh;
  /* the sentence's words, hashed once for all the probes below */
  if (se - sb > c->wcap) {
    c->wcap = se - sb + 64;
    free(c->words);
    c->words = ng_xmalloc(c->wcap * sizeof *c->words);
  }
  ng_lex_prepare_tokens(c->lx, c->words, c->text, c->t->tok + sb, se - sb);
  uint64_t sent_bits = 0;
  for (size_t i = sb; i < se; i++) {
    uint32_t f = FLAGS(c, i);
    const char *p = TOK(c, i);
    size_t n = TLEN(c, i);
    /* every listed word has a letter, so only words can be on a list */
    uint64_t b = (f & NG_TOK_WORD) ? wtab_get(p, n, c->words[i - sb].hl) : 0;
    if (f & NG_TOK_HYPHEN) b |= C_HYPHEN;
    if (f & NG_TOK_CAP) b |= C_CAP;
    if ((f & NG_TOK_WORD) && n <= 3 && pronoun_kind(p, n)) b |= C_PRONOUN;
    if ((f & NG_TOK_NUM) ||
        (b & (W_MONTHS | W_WEEKDAYS | W_REL_TIME | W_LAST | W_NEXT | W_THIS | W_NUMBER_WORDS)) ||
        (n == 1 && *p == '$') || (n == 2 && !memcmp(p, "£", 2)) ||
        (n == 3 && (!memcmp(p, "€", 3) || !memcmp(p, "US$", 3))))
      b |= C_SHAPE;
    c->wb[i] = b;
    sent_bits |= b;
  }
  c->sent_bits = sent_bits;
  c->sent_titles = false;
  for (size_t i = sb; i < se;) {
    if (!(FLAGS(c, i) & (NG_TOK_WORD | NG_TOK_NUM))) { i++; continue; }
    size_t k = c->words[i - sb].start
                   ? ng_lex_match(c->lx, c->words, se - sb, i - sb, hits, 16, &nh)
                   : 0;
    char title_buf[64];
    if (!k && (FLAGS(c, i) & NG_TOK_UPPER) && TLEN(c, i) >= 4 && TLEN(c, i) < sizeof title_buf) {
      /* datelines in capitals ("LONDON —"): try the word in title case */
      size_t n = TLEN(c, i);
      memcpy(title_buf, TOK(c, i), n);
      for (size_t q = 1; q < n; q++)
        if (title_buf[q] >= 'A' && title_buf[q] <= 'Z') title_buf[q] = (char)(title_buf[q] + 32);
      ng_span one = {.p = title_buf, .n = n};
      if (ng_lex_match(c->lx, &one, 1, 0, hits, 16, &nh) == 1) {
        bool place = false;
        for (size_t h = 0; h < nh; h++)
          place |= hits[h].role == NG_LEX_NAME &&
                   (ng_lex_entry_at(c->lx, hits[h].entry)->cls == NG_CLASS_PLACE ||
                    ng_lex_entry_at(c->lx, hits[h].entry)->cls == NG_CLASS_COUNTRY);
        for (size_t h = 0; place && h < nh; h++) {
          const ng_lex_entry *e = ng_lex_entry_at(c->lx, hits[h].entry);
          if (hits[h].role == NG_LEX_NAME && (e->cls == NG_CLASS_PLACE || e->cls == NG_CLASS_COUNTRY)) {
            push(c, i, i + 1, NG_MT_LOCATION, e->cls, (int32_t)e->id, 0);
            break;
          }
        }
      }
      i++;
      continue;
    }
    if (!k) { i++; continue; }
    /* pick the best hit */
    int best = -1, title = -1, capital = -1, demonym = -1, seat = -1;
    for (size_t h = 0; h < nh; h++) {
      const ng_lex_entry *e = ng_lex_entry_at(c->lx, hits[h].entry);
      switch (hits[h].role) {
      case NG_LEX_TITLE: title = (int)h; break;
      case NG_LEX_CAPITAL: capital = (int)h; break;
      case NG_LEX_DEMONYM: demonym = (int)h; break;
      case NG_LEX_SEAT: seat = (int)h; break;
      case NG_LEX_NAME:
        if (best < 0 || class_rank(e->cls) <
                            class_rank(ng_lex_entry_at(c->lx, hits[best].entry)->cls))
          best = (int)h;
        break;
      }
    }
    bool lower_text = (FLAGS(c, i) & NG_TOK_LOWER) != 0;
    if (title >= 0 && best < 0 && capital < 0 && demonym < 0 && seat < 0) {
      c->title_at[i] = (int32_t)hits[title].entry;
      c->sent_titles = true;
      c->title_len[i] = (uint8_t)k;
      for (size_t j = i; j < i + k; j++) c->cover[j] = -2;
      /* a body named inside the title is still a mention: "UN envoy",
         "Pentagon press secretary" */
      for (size_t j = i; j < i + k; j++) {
        ng_lex_hit ih[8];
        size_t inh;
        size_t lim = j == i ? i + k - 1 : i + k; /* shorter than the title itself */
        size_t ik = ng_lex_match(c->lx, c->words, lim - sb, j - sb, ih, 8, &inh);
        for (size_t h = 0; ik && h < inh; h++) {
          const ng_lex_entry *e = ng_lex_entry_at(c->lx, ih[h].entry);
          if (ih[h].role == NG_LEX_NAME &&
              (e->cls == NG_CLASS_ORGANIZATION || e->cls == NG_CLASS_COUNTRY)) {
            push(c, j, j + ik, NG_MT_ORGANISATION, e->cls, (int32_t)e->id, 0);
            j += ik - 1;
            break;
          }
        }
      }
      i += k;
      continue;
    }
    if (demonym >= 0 && best < 0) {
      const ng_lex_entry *e = ng_lex_entry_at(c->lx, hits[demonym].entry);
      push(c, i, i + k, NG_MT_NATIONALITY, e->cls, (int32_t)e->id, NG_M_DEMONYM);
      i += k;
      continue;
    }
    if (seat >= 0 && best < 0) {
      const ng_lex_entry *e = ng_lex_entry_at(c->lx, hits[seat].entry);
      push(c, i, i + k, NG_MT_ORGANISATION, e->cls, (int32_t)e->id, NG_M_METONYM);
      i += k;
      continue;
    }
    if (capital >= 0) {
      /* "Damascus, Syria" and "Washington, D.C." are the city; "Moscow,
         Assad's ally, ..." and "Moscow, which ..." the state acting */
      bool comma_place = i + k + 1 < se && word_isn(c, i + k, ",", 1) && is_cap(c, i + k + 1) &&
                         !(i + k + 2 < se && (FLAGS(c, i + k + 2) & NG_TOK_POSS));
      bool place = after_locative(c, i, sb) || comma_place;
      /* "Washington, D.C." or "in Moscow": the city; otherwise the state acting */
      if (!place || best < 0) {
        const ng_lex_entry *e = ng_lex_entry_at(c->lx, hits[capital].entry);
        if (place) {
          /* a capital in a place context with no Place entry: use its name */
          push(c, i, i + k, NG_MT_LOCATION, NG_CLASS_PLACE, -1, NG_M_UNKNOWN);
        } else {
          push(c, i, i + k, NG_MT_ORGANISATION, e->cls, (int32_t)e->id, NG_M_METONYM);
        }
        i += k;
        continue;
      }
    }
    if (best < 0) { i += k; continue; }
    const ng_lex_entry *e = ng_lex_entry_at(c->lx, hits[best].entry);
    bool upper_alias = !lower_text || (FLAGS(c, i) & NG_TOK_SENT_START);
    /* one-word platform names that are ordinary words need a platform nearby */
    if (k == 1 && (e->cls == NG_CLASS_MILITARY_PLATFORM || e->cls == NG_CLASS_WEAPON) &&
        (FLAGS(c, i) & NG_TOK_CAP) && !(FLAGS(c, i) & NG_TOK_NUM) &&
        !(FLAGS(c, i) & NG_TOK_HYPHEN) && !(FLAGS(c, i) & NG_TOK_UPPER) &&
        !sent_has(c, sent, W_PLATFORM_CONTEXT)) {
      i++;
      continue;
    }
    (void)upper_alias;
    uint32_t flags = lower_text ? NG_M_PLURAL_COMMON : 0;
    if (e->cls == NG_CLASS_COUNTRY) {
      push(c, i, i + k, country_type(c, i, i + k, sb, se), e->cls, (int32_t)e->id, flags);
    } else if (e->cls == NG_CLASS_PLACE) {
      /* a port city named right after "base ... in the port city of": the base
         (looked up only in that context, which few place names have) */
      const ng_lex_entry *base = NULL;
      bool base_ctx = false;
      for (size_t j = i > sb + 8 ? i - 8 : sb; j < i; j++)
        if (has(c, j, W_BASE) || has(c, j, W_AIRBASE) || has(c, j, W_NAVAL))
          base_ctx = true;
      if (base_ctx) {
        char *bn = ng_xasprintf("%s naval base", e->canonical);
        base = ng_lex_find_canonical(c->lx, NG_CLASS_MILITARY_BASE, bn);
        free(bn);
        if (!base) {
          bn = ng_xasprintf("%s Air Base", e->canonical);
          base = ng_lex_find_canonical(c->lx, NG_CLASS_MILITARY_BASE, bn);
          free(bn);
        }
      }
      if (base && base_ctx)
        push(c, i, i + k, NG_MT_LOCATION, NG_CLASS_MILITARY_BASE, (int32_t)base->id, flags);
      else
        push(c, i, i + k, NG_MT_LOCATION, e->cls, (int32_t)e->id, flags);
    } else {
      push(c, i, i + k, type_of_class(e->cls), e->cls, (int32_t)e->id, flags);
    }
    i += k;
  }
}

/* "intra-Syrian", "Syrian-led", "US-led", "NATO-member", "pro-Assad": the
   lexicon names inside a hyphenated word are mentions of their own, spanning
   only their part of the token (re3d marks "Syrian" in "intra-Syrian"). */
static void compound_parts(ctx *c, size_t sent) {
  const ng_sentence *s = &c->t->sent[sent];
  if (!(c->sent_bits & C_HYPHEN)) return;
  for (size_t i = s->tok_begin; i < s->tok_end; i++) {
    if (!(c->wb[i] & C_HYPHEN) || c->cover[i] != -1) continue;
    const char *p = TOK(c, i);
    size_t n = TLEN(c, i);
    size_t a = 0;
    while (a < n) {
      size_t b = a;
      while (b < n && p[b] != '-') b++;
      if (b > a && p[a] >= 'A' && p[a] <= 'Z' && !(a == 0 && b == n)) {
        ng_span part = {.p = p + a, .n = b - a};
        ng_lex_hit hits[8];
        size_t nh;
        if (ng_lex_match(c->lx, &part, 1, 0, hits, 8, &nh) == 1) {
          for (size_t h = 0; h < nh; h++) {
            const ng_lex_entry *e = ng_lex_entry_at(c->lx, hits[h].entry);
            bool dem = hits[h].role == NG_LEX_DEMONYM;
            bool name = hits[h].role == NG_LEX_NAME &&
                        (e->cls == NG_CLASS_COUNTRY || e->cls == NG_CLASS_ORGANIZATION);
            if (!dem && !name) continue;
            int32_t mi = push(c, i, i + 1, dem ? NG_MT_NATIONALITY : NG_MT_ORGANISATION, e->cls,
                              (int32_t)e->id, dem ? NG_M_DEMONYM : 0);
            ng_ment *m = &c->out->v[mi];
            m->begin = m->nbegin = c->t->tok[i].begin + (uint32_t)a;
            m->end = m->nend = c->t->tok[i].begin + (uint32_t)b;
            a = n; /* one mention per token (cover is per token) */
            break;
          }
        }
      }
      a = b + 1;
    }
  }
}

/* Religious, ethnic and political groups ("Yazidis", "Islamist", "Sunni"):
   re3d calls them Nationality; they have no country, so no node. */
static void group_words(ctx *c, size_t sent) {
  const ng_sentence *s = &c->t->sent[sent];
  if (!(c->sent_bits & C_CAP)) return;
  for (size_t i = s->tok_begin; i < s->tok_end; i++)
    if ((c->wb[i] & C_CAP) && c->cover[i] == -1 &&
        listed(c, i, NG_LEX_W_GROUP))
      push(c, i, i + 1, NG_MT_NATIONALITY, NG_CLASS_COUNTRY, -1, NG_M_PRONOUN);
}

/* ---- pass 2: unknown capitalised names ---- */

static bool title_ends_at(const ctx *c, size_t end, size_t sb, size_t *tstart) {
  for (size_t j = end > sb + 6 ? end - 6 : sb; j < end; j++)
    if (c->title_at[j] >= 0 && j + c->title_len[j] == end) {
      *tstart = j;
      return true;
    }
  return false;
}

static void attach_title(ctx *c, int32_t mi, size_t tstart, size_t sb) {
  ng_ment *m = &c->out->v[mi];
  m->title = c->title_at[tstart];
  m->title_tb = (uint32_t)tstart;
  m->title_te = (uint32_t)(tstart + c->title_len[tstart]);
  m->flags |= NG_M_TITLED;
  /* a country, demonym or organisation right before the title:
     "Russian Foreign Minister", "U.S. Secretary of State", "Pentagon press secretary" */
  size_t p = tstart;
  if (p > sb && (FLAGS(c, p - 1) & NG_TOK_POSS)) p--;
  if (p > sb && c->cover[p - 1] >= 0) {
    int32_t oi = c->cover[p - 1];
    ng_ment *o = &c->out->v[oi];
    if (o->cls == NG_CLASS_COUNTRY || o->cls == NG_CLASS_ORGANIZATION) m->title_of = oi;
  }
  if (c->opts && c->opts->span_titles) {
    size_t from = tstart;
    if (m->title_of >= 0 && c->out->v[m->title_of].te == p) from = c->out->v[m->title_of].tb;
    m->begin = c->t->tok[from].begin;
  }
}

/* Title after the name: "Peter Cook, the Pentagon press secretary" */
static int32_t title_after(const ctx *c, size_t te, size_t se, size_t *tstart) {
  if (te >= se || !word_isn(c, te, ",", 1)) return -1;
  size_t j = te + 1;
  if (j < se && (has(c, j, W_THE) || has(c, j, W_A) || has(c, j, W_AN) ||
                 has(c, j, W_HIS) || has(c, j, W_HER)))
    j++;
  for (size_t k = j; k < se && k < j + 5; k++) {
    if (c->title_at[k] >= 0) {
      *tstart = k;
      return c->title_at[k];
    }
    if (word_isn(c, k, ",", 1) || word_isn(c, k, ".", 1)) break;
  }
  return -1;
}

static void classify_run(ctx *c, size_t rb, size_t re, size_t sb, size_t se) {
  /* strip leading stop words ("The", "But", "Speaking") and honorifics */
  bool honorific = false;
  while (rb < re) {
    if (listed(c, rb, NG_LEX_W_HONORIFIC)) {
      honorific = true;
      rb++;
    } else if (is_stop(c, rb) && !(rb + 1 < re && has(c, rb + 1, W_OF))) {
      rb++;
    } else {
      break;
    }
  }
  while (re > rb && (has(c, re - 1, W_PARTICLES) || has(c, re - 1, W_OF) ||
                     has(c, re - 1, W_FOR) || has(c, re - 1, W_AND) ||
                     has(c, re - 1, W_THE)))
    re--;
  if (rb >= re) return;
  if (rb > sb && listed(c, rb - 1, NG_LEX_W_HONORIFIC)) honorific = true;
  size_t n = re - rb;
  ng_class cls = NG_CLASS_ORGANIZATION;
  bool decided = false;
  ng_class cue;
  size_t tstart = 0;
  bool titled = title_ends_at(c, rb, sb, &tstart);
  /* head cue: "... Ministry", "... Front", "... Air Base" */
  if (n >= 2 && cue_of(c, re - 1, true, &cue)) {
    cls = cue;
    decided = true;
  } else if (n >= 3 && cue_of(c, rb, false, &cue) &&
             (has(c, rb + 1, W_OF) || has(c, rb + 1, W_FOR))) {
    cls = cue;
    decided = true;
  }
  if (!decided && (honorific || titled)) {
    cls = NG_CLASS_PERSON;
    decided = true;
  }
  if (!decided && n >= 2 && n <= 5 && listed(c, rb, NG_LEX_W_GIVEN)) {
    cls = NG_CLASS_PERSON;
    decided = true;
  }
  size_t ta;
  if (!decided && n <= 4 && title_after(c, re, se, &ta) >= 0) {
    cls = NG_CLASS_PERSON;
    decided = true;
  }
  if (!decided && n >= 2 && n <= 3 && re < se && has(c, re, W_SPEECH)) {
    cls = NG_CLASS_PERSON;
    decided = true;
  }
  uint32_t flags = NG_M_UNKNOWN;
  if (!decided && n == 1) {
    bool upper = (FLAGS(c, rb) & NG_TOK_UPPER) != 0;
    if (upper && TLEN(c, rb) >= 2 && TLEN(c, rb) <= 8) {
      cls = NG_CLASS_ORGANIZATION;
      flags |= NG_M_ACRONYM;
    } else if (after_locative(c, rb, sb) ||
               (re < se && has(c, re, W_PLACE_NOUN)) ||
               (rb >= sb + 2 && has(c, rb - 1, W_OF) && has(c, rb - 2, W_PLACE_OF))) {
      cls = NG_CLASS_PLACE;
    } else if (rb > sb && (has(c, rb - 1, W_A) || has(c, rb - 1, W_AN))) {
      return; /* "a Hip replacement": an indefinite article does not precede names */
    } else if (rb > sb && has(c, rb - 1, W_THE)) {
      /* "the Assad regime" names a person's government, "the Coalition" a
         body: a person if the article names one so, else an organisation */
      cls = NG_CLASS_PERSON;
      flags |= NG_M_SURNAME | NG_M_WEAK | NG_M_THE;
    } else if (FLAGS(c, rb) & NG_TOK_SENT_START) {
      /* a capitalised first word of a sentence says nothing by itself; keep
         it as a guess that resolution confirms ("Lavrov spoke first.") */
      cls = NG_CLASS_PERSON;
      flags |= NG_M_SURNAME | NG_M_WEAK;
    } else {
      cls = NG_CLASS_PERSON; /* maybe a surname; resolution confirms or retypes */
      flags |= NG_M_SURNAME;
      /* "Kerry said": a person; a lone "Resolution", "Group" or "Dabiq"
         with no such cue is one only if some article names a person so */
      if (!(re < se && has(c, re, W_SPEECH))) flags |= NG_M_GUESS;
    }
    decided = true;
  }
  if (!decided) {
    bool has_of = false;
    for (size_t i = rb; i < re; i++)
      if (has(c, i, W_OF) || has(c, i, W_FOR)) has_of = true;
    bool det = rb > sb && (has(c, rb - 1, W_THE) || has(c, rb - 1, W_A) ||
                           has(c, rb - 1, W_AN));
    if (after_locative(c, rb, sb) && n <= 3 && !has_of) cls = NG_CLASS_PLACE;
    else if (!has_of && !det && n <= 3 && !(FLAGS(c, rb) & NG_TOK_SENT_START)) cls = NG_CLASS_PERSON;
    else cls = NG_CLASS_ORGANIZATION;
  }
  if (honorific) flags |= NG_M_HONORIFIC;
  int32_t mi = push(c, rb, re, type_of_class(cls), cls, -1, flags);
  if (cls == NG_CLASS_PERSON && titled) attach_title(c, mi, tstart, sb);
  if (cls == NG_CLASS_ORGANIZATION && c->opts && c->opts->span_the && rb > sb &&
      has(c, rb - 1, W_THE))
    c->out->v[mi].begin = c->t->tok[rb - 1].begin;
}

/* Absorbs nationality/country mentions right before an organisation run:
 * "Syrian" + "Foreign Ministry" is one organisation. */
static size_t absorb_prefix(ctx *c, size_t rb, size_t sb) {
  while (rb > sb && c->cover[rb - 1] >= 0) {
    ng_ment *m = &c->out->v[c->cover[rb - 1]];
    if (m->te != rb || !is_cap(c, m->tb)) break;
    if (!(m->type == NG_MT_NATIONALITY || m->cls == NG_CLASS_COUNTRY || m->cls == NG_CLASS_PLACE))
      break;
    size_t tb = m->tb;
    for (size_t i = tb; i < rb; i++) c->cover[i] = -1;
    m->type = NG_MT_COUNT; /* tombstone, dropped when compacting */
    rb = tb;
  }
  return rb;
}

/* Headlines in title case ("Lavrov Warns of 'Incidents' Between U.S. and
   Russian Military") say nothing about which words are names: most words
   are capitalised. */
static bool title_case(const ctx *c, size_t sb, size_t se) {
  size_t words = 0, caps = 0;
  /* a headline has no final full stop */
  size_t last = se;
  while (last > sb && (FLAGS(c, last - 1) & NG_TOK_QUOTE)) last--;
  if (last > sb && (word_isn(c, last - 1, ".", 1) || word_isn(c, last - 1, "?", 1) ||
                    word_isn(c, last - 1, "!", 1)))
    return false;
  bool cap_function_word = false; /* "Between", "With", "Over" capitalised mid-line */
  for (size_t i = sb; i < se; i++) {
    if (!(FLAGS(c, i) & NG_TOK_WORD) || c->cover[i] != -1) continue;
    if (i > sb && (FLAGS(c, i) & NG_TOK_CAP) && is_stop(c, i) && !is_month_or_day(c, i))
      cap_function_word = true;
    if (TLEN(c, i) < 4) continue;
    words++;
    if (FLAGS(c, i) & NG_TOK_CAP) caps++;
  }
  return cap_function_word && words >= 3 && caps * 10 >= words * 7;
}

static void unknown_pass(ctx *c, size_t sent) {
  const ng_sentence *s = &c->t->sent[sent];
  size_t sb = s->tok_begin, se = s->tok_end;
  /* a name needs a capital or a particle ("al-Assad"); so does a title-case line */
  if (!(c->sent_bits & (C_CAP | C_HYPHEN))) return;
  if (title_case(c, sb, se)) {
    /* only lone words that resolution can bind to a person survive */
    for (size_t i = sb; i < se; i++)
      if ((c->wb[i] & (C_CAP | C_HYPHEN)) && c->cover[i] == -1 && is_namey(c, i) && !is_stop(c, i) &&
          !listed(c, i, NG_LEX_W_HONORIFIC))
        push(c, i, i + 1, NG_MT_PERSON, NG_CLASS_PERSON, -1,
             NG_M_UNKNOWN | NG_M_SURNAME | NG_M_WEAK);
    return;
  }
  for (size_t i = sb; i < se;) {
    if (!(c->wb[i] & (C_CAP | C_HYPHEN)) || c->cover[i] != -1 || !is_namey(c, i)) { i++; continue; }
    /* extend over name tokens, particles and connectors followed by names */
    size_t j = i + 1;
    size_t last_plain = j; /* end without connectors */
    while (j < se && c->cover[j] == -1) {
      if (is_namey(c, j)) {
        j++;
        last_plain = j;
        continue;
      }
      bool after_of = false; /* "and" joins only inside a complement: "... of Iraq and Syria" */
      for (size_t k = i; k < j; k++)
        if (has(c, k, W_OF) || has(c, k, W_FOR)) after_of = true;
      if ((has(c, j, W_PARTICLES) || has(c, j, W_OF) || has(c, j, W_FOR) ||
           (has(c, j, W_AND) && after_of) || has(c, j, W_ON)) &&
          j + 1 < se && c->cover[j + 1] == -1 &&
          (is_namey(c, j + 1) || (has(c, j + 1, W_THE) && j + 2 < se && is_namey(c, j + 2)))) {
        j++;
        if (has(c, j, W_THE)) j++;
        continue;
      }
      break;
    }
    size_t re = j;
    /* connectors are only kept when the name has an organisation/place cue */
    /* a head word anywhere before a connector ("Washington Institute for
       Near East Policy", "Syrian Observatory for Human Rights") or a first
       word such as "Ministry" makes the whole run one name */
    ng_class cue = NG_CLASS_ORGANIZATION;
    bool cued = cue_of(c, i, false, &cue);
    for (size_t k = re; k > i && !cued; k--)
      if (is_namey(c, k - 1) && cue_of(c, k - 1, true, &cue) &&
          (k == re || k - 1 > i))
        cued = true;
    if (!cued) {
      /* cut at the first "of/for/and/on" connector (particles stay) */
      for (size_t k = i + 1; k < re; k++)
        if (has(c, k, W_OF) || has(c, k, W_FOR) || has(c, k, W_AND) ||
            has(c, k, W_ON)) {
          re = k;
          break;
        }
      if (re > last_plain) re = last_plain;
    }
    size_t rb = i;
    if (cued && re - rb >= 1 && cue != NG_CLASS_PERSON) rb = absorb_prefix(c, rb, sb);
    classify_run(c, rb, re, sb, se);
    i = j > re ? re : j;
    if (i <= rb) i = rb + 1;
  }
}

/* ---- pass 2b: descriptions, group noun phrases, pronouns ---- */

static const char *const GROUP_NOUN[] = {
    "government", "regime", "authorities", "officials", "forces", "troops", "army",
    "military", "opposition", "people", "rebels", "leadership", "administration",
    "soldiers", "navy", "delegation", "militias", "fighters", "diplomats", "police",
    "servicemen", "ministry", "parliament", "public", "population", "community", NULL};

/* "Iraqi security forces", "the Syrian government", "Syrians": a demonym that
   heads or is a group of people acts as an organisation (re3d annotates these
   noun phrases as Organisation); it still links to its country. */
/* Plural nouns after a demonym that name groups of people or bodies:
   "Iraqi preservationists", "British businesses", "French counterparts".
   Things ("Russian planes", "Syrian talks") keep the demonym a Nationality. */
static bool group_plural(const char *w, size_t n) {
  static const char *const SUFFIX[] = {"ers", "ors", "ists", "ians", "ites", NULL};
  static const char *const NOT[] = {"borders", "waters", "numbers", "papers", "orders",
                                    "headquarters", "quarters", "powers", "layers", NULL};
  static const char *const WORD[] = {
      "colleagues", "counterparts", "organisations", "organizations", "businesses", "firms",
      "groups", "allies", "partners", "troops", "units", "brigades", "battalions", "factions",
      "parties", "communities", "tribes", "clans", "families", "citizens", "nationals",
      "residents", "students", "governments", "agents", "companies", "authorities",
      "militaries", "monarchies", "agencies", "embassies", "ministries", "armies", "navies",
      "delegations", "envoys", "experts", "forces", "militias", "rebels", "jihadists",
      "diplomats", "elites", "clerics", "chiefs", "generals", "ministers", "lawmakers",
      "MPs", "refugees", "civilians", "Christians", "Kurds", NULL};
  for (const char *const *q = WORD; *q; q++)
    if (strlen(*q) == n && !memcmp(*q, w, n)) return true;
  for (const char *const *q = NOT; *q; q++)
    if (strlen(*q) == n && !memcmp(*q, w, n)) return false;
  for (const char *const *q = SUFFIX; *q; q++) {
    size_t l = strlen(*q);
    if (n > l + 2 && !memcmp(w + n - l, *q, l)) return true;
  }
  return false;
}

static void group_phrases(ctx *c, size_t first) {
  for (size_t i = first; i < c->out->n; i++) {
    ng_ment *m = &c->out->v[i];
    /* a demonym, or a religious/ethnic group word ("Yazidi": no node of its own) */
    if (!(m->flags & (NG_M_DEMONYM | NG_M_PRONOUN)) || m->type != NG_MT_NATIONALITY) continue;
    size_t se = c->t->sent[m->sent].tok_end, sb = c->t->sent[m->sent].tok_begin;
    const char *w = TOK(c, m->te - 1);
    size_t wl = TLEN(c, m->te - 1);
    bool plural = wl > 3 && w[wl - 1] == 's' && !(wl > 4 && !memcmp(w + wl - 4, "ness", 4));
    size_t end = m->te;
    if (m->end != c->t->tok[m->te - 1].end) continue; /* part of a hyphenated word */
    /* "Iraqi territory", "Syrian airspace": the country as a place */
    if ((m->flags & NG_M_DEMONYM) && m->te < se && c->cover[m->te] == -1 &&
        (word_isn(c, m->te, "territory", 9) || word_isn(c, m->te, "soil", 4) ||
         word_isn(c, m->te, "airspace", 8) || word_isn(c, m->te, "territorial", 11))) {
      size_t e = m->te + 1;
      if (word_isn(c, m->te, "territorial", 11)) {
        if (e < se && word_isn(c, e, "waters", 6)) e++;
        else continue;
      }
      for (size_t k = m->te; k < e; k++) c->cover[k] = (int32_t)i;
      m->te = (uint32_t)e;
      m->end = c->t->tok[e - 1].end;
      m->type = NG_MT_LOCATION;
      continue;
    }
    for (size_t k = m->te; k < se && k < m->te + 2; k++) {
      if (c->cover[k] >= 0 || !(FLAGS(c, k) & NG_TOK_LOWER)) break;
      const char *nw = TOK(c, k);
      size_t nl = TLEN(c, k);
      bool pl = nl > 4 && nw[nl - 1] == 's' && nw[nl - 2] != 's' && nw[nl - 2] != 'u' && nw[nl - 2] != 'i';
      if (c->cover[k] == -2) { /* an office: "Iraqi officials", "Arab leaders" */
        if (pl) end = k + 1;
        break;
      }
      /* a plural that modifies another plural is not the head: "Syrian arms
         shipments" */
      bool modifier = k + 1 < se && (FLAGS(c, k + 1) & NG_TOK_LOWER) && TLEN(c, k + 1) > 3 &&
                      TOK(c, k + 1)[TLEN(c, k + 1) - 1] == 's' && !has(c, k + 1, W_GROUP_NOUN);
      bool plural_noun = pl && group_plural(nw, nl) && !modifier;
      if (has(c, k, W_GROUP_NOUN) || plural_noun) {
        end = k + 1;
        break;
      }
    }
    if (end == m->te && (!plural || (m->flags & NG_M_PRONOUN))) continue;
    for (size_t k = m->te; k < end; k++) c->cover[k] = (int32_t)i;
    m->te = (uint32_t)end;
    m->end = c->t->tok[end - 1].end;
    m->type = NG_MT_ORGANISATION;
    if (c->opts && c->opts->span_the && m->tb > sb && has(c, m->tb - 1, W_THE))
      m->begin = c->t->tok[m->tb - 1].begin;
  }
  /* coordinated demonyms share the group: "Kurdish and Yezidi fighters",
     "U.S., German, and Canadian companies" are one group of people */
  for (size_t i = c->out->n; i-- > first;) {
    ng_ment *g = &c->out->v[i];
    if (!(g->flags & (NG_M_DEMONYM | NG_M_PRONOUN)) || g->type != NG_MT_ORGANISATION ||
        g->cls == NG_CLASS_PERSON)
      continue;
    size_t sb = c->t->sent[g->sent].tok_begin;
    size_t k = g->tb;
    while (k > sb) {
      size_t j = k;
      /* ", and" / "and" / "or" / "," before the group */
      if (j > sb && has(c, j - 1, W_AND)) j--;
      else if (j > sb && word_isn(c, j - 1, "or", 2)) j--;
      if (j > sb && word_isn(c, j - 1, ",", 1)) j--;
      if (j == k || j == sb || c->cover[j - 1] < 0) break;
      ng_ment *d = &c->out->v[c->cover[j - 1]];
      if (d->type != NG_MT_NATIONALITY || d->te != j) break;
      for (size_t q = d->tb; q < g->tb; q++) c->cover[q] = (int32_t)i;
      g->tb = d->tb;
      g->begin = d->begin;
      d->type = NG_MT_COUNT; /* dropped: the group span holds it */
      k = g->tb;
    }
  }
  /* the same group named with "of": "the Government of Iraq", "the people
     of Syria", "the regime of Assad's Syria" — an organisation that still
     links to the country or place */
  for (size_t i = first; i < c->out->n; i++) {
    ng_ment *m = &c->out->v[i];
    if (m->lex < 0 || (m->cls != NG_CLASS_COUNTRY && m->cls != NG_CLASS_PLACE) ||
        m->type == NG_MT_COUNT || m->type == NG_MT_NATIONALITY)
      continue;
    size_t sb = c->t->sent[m->sent].tok_begin, h = m->tb - 2;
    if (m->tb < sb + 2 || !has(c, m->tb - 1, W_OF) || !has(c, h, W_GROUP_NOUN) ||
        c->cover[h] != -1 || c->cover[h + 1] != -1 || (FLAGS(c, h) & NG_TOK_UPPER))
      continue;
    c->cover[h] = c->cover[h + 1] = (int32_t)i;
    m->tb = (uint32_t)h;
    m->begin = c->t->tok[h].begin;
    m->type = NG_MT_ORGANISATION;
    if (c->opts && c->opts->span_the && h > sb && has(c, h - 1, W_THE))
      m->begin = c->t->tok[h - 1].begin;
  }
}

/* An office title with no name after it stands for a person: "The Foreign
   Secretary met ...", "the Iraqi Foreign Minister". Resolution binds it to
   the article's holder of that title when there is exactly one. Only
   capitalised titles: "officials" and "a minister" are not descriptions. */
static void descriptions(ctx *c, size_t sent) {
  const ng_sentence *s = &c->t->sent[sent];
  size_t sb = s->tok_begin, se = s->tok_end;
  if (!c->sent_titles) return; /* no title in the sentence */
  for (size_t i = sb; i < se; i++) {
    if (c->title_at[i] < 0) continue;
    size_t te = i + c->title_len[i];
    if (!(FLAGS(c, i) & NG_TOK_CAP)) {
      /* a lower-case title is a description only after a determiner, maybe
         with a country or demonym between: "the defense minister", "his
         Russian counterpart", "the Syrian foreign minister" (but "a
         minister", "ministers" and "minister Lavrov" are not) */
      size_t d = i;
      bool poss = d > sb + 1 && (FLAGS(c, d - 1) & NG_TOK_POSS); /* "Russia's defense minister" */
      size_t od = poss ? d - 1 : d;
      if (od > sb && c->cover[od - 1] >= 0) {
        const ng_ment *o = &c->out->v[c->cover[od - 1]];
        if (o->te == od && (o->cls == NG_CLASS_COUNTRY || o->cls == NG_CLASS_ORGANIZATION) &&
            (FLAGS(c, o->tb) & NG_TOK_CAP))
          d = o->tb;
        else poss = false;
      } else {
        poss = false;
      }
      if (!poss &&
          !(d > sb && (has(c, d - 1, W_THE) || has(c, d - 1, W_HIS) || has(c, d - 1, W_HER) ||
                       word_isn(c, d - 1, "its", 3) || word_isn(c, d - 1, "their", 5))))
        continue;
    }
    const char *lw = TOK(c, te - 1);
    size_t ll = TLEN(c, te - 1);
    if (ll > 3 && lw[ll - 1] == 's' && !has(c, te - 1, W_AFFAIRS)) continue; /* "Officials" */
    if (te == i + 1 && (FLAGS(c, i) & NG_TOK_SENT_START)) continue;
    if (te < se && c->cover[te] >= 0 && c->out->v[c->cover[te]].cls == NG_CLASS_PERSON &&
        c->out->v[c->cover[te]].type == NG_MT_PERSON)
      continue; /* a title before a name: the name's mention carries it */
    bool inside = false; /* the title's tokens already belong to a mention */
    for (size_t k = i; k < te; k++)
      if (c->cover[k] >= 0) inside = true;
    if (inside) continue;
    size_t tb = i;
    if (tb > sb + 1 && (FLAGS(c, tb - 1) & NG_TOK_POSS)) tb--; /* "Russia's" */
    int32_t of = -1;
    if (tb > sb && c->cover[tb - 1] >= 0) {
      ng_ment *o = &c->out->v[c->cover[tb - 1]];
      if (o->te == tb && (o->cls == NG_CLASS_COUNTRY || o->cls == NG_CLASS_ORGANIZATION) &&
          (FLAGS(c, o->tb) & NG_TOK_CAP))
        of = c->cover[tb - 1];
    }
    if (!(FLAGS(c, i) & NG_TOK_CAP)) {
      /* in apposition to a name the title describes that person (the
         relation layer reads it there as an office): no mention of its own,
         the person's mention records the office for resolution */
      size_t first = of >= 0 ? c->out->v[of].tb : tb;
      if (first > sb && has(c, first - 1, W_THE | W_HIS | W_HER)) first--;
      int32_t pm = -1;
      if (first >= sb + 2 && word_isn(c, first - 1, ",", 1) && c->cover[first - 2] >= 0)
        pm = c->cover[first - 2];
      else if (te + 1 < se && word_isn(c, te, ",", 1) && c->cover[te + 1] >= 0)
        pm = c->cover[te + 1];
      if (pm >= 0 && c->out->v[pm].type == NG_MT_PERSON && !(c->out->v[pm].flags & NG_M_DESCRIPTION) &&
          c->out->v[pm].cls == NG_CLASS_PERSON) {
        ng_ment *p = &c->out->v[pm];
        if (p->appos_title < 0) {
          p->appos_title = c->title_at[i];
          p->appos_of = of >= 0 ? c->out->v[of].lex : -1;
        }
        i = te - 1;
        continue;
      }
    }
    int32_t mi = push(c, i, te, NG_MT_PERSON, NG_CLASS_PERSON, -1, NG_M_DESCRIPTION);
    ng_ment *m = &c->out->v[mi];
    m->title = c->title_at[i];
    m->title_tb = (uint32_t)i;
    m->title_te = (uint32_t)te;
    m->title_of = of;
    size_t from = of >= 0 ? c->out->v[of].tb : i;
    if (from > sb && (has(c, from - 1, W_THE) || has(c, from - 1, W_HIS) ||
                      has(c, from - 1, W_HER)))
      from--;
    m->begin = c->t->tok[from].begin;
    i = te - 1;
  }
}

/* 1 for a personal pronoun (I he she him her), 2 for a group one (we us),
 * 0 otherwise; case as written ("HE" in a headline is not matched) */
static int pronoun_kind(const char *p, size_t n) {
  switch (n) {
  case 1: return p[0] == 'I';
  case 2:
    if ((p[0] == 'h' || p[0] == 'H') && p[1] == 'e') return 1;
    if ((p[0] == 'w' || p[0] == 'W') && p[1] == 'e') return 2;
    return p[0] == 'u' && p[1] == 's' ? 2 : 0;
  case 3:
    if ((p[0] == 's' || p[0] == 'S') && p[1] == 'h' && p[2] == 'e') return 1;
    if (p[0] == 'h' && p[1] == 'i' && p[2] == 'm') return 1;
    return (p[0] == 'h' || p[0] == 'H') && p[1] == 'e' && p[2] == 'r';
  default: return 0;
  }
}

static void pronouns(ctx *c, size_t sent) {
  const ng_sentence *s = &c->t->sent[sent];
  if (!(c->sent_bits & C_PRONOUN)) return;
  for (size_t i = s->tok_begin; i < s->tok_end; i++) {
    if (!(c->wb[i] & C_PRONOUN) || c->cover[i] != -1) continue;
    int k = pronoun_kind(TOK(c, i), TLEN(c, i));
    if (k == 1) push(c, i, i + 1, NG_MT_PERSON, NG_CLASS_PERSON, -1, NG_M_PRONOUN);
    else if (k == 2) push(c, i, i + 1, NG_MT_ORGANISATION, NG_CLASS_ORGANIZATION, -1, NG_M_PRONOUN);
  }
}

/* ---- pass 3: dates, quantities, money ---- */

static bool is_year(const ctx *c, size_t i) {
  if (TLEN(c, i) != 4 || !(FLAGS(c, i) & NG_TOK_NUM)) return false;
  const char *p = TOK(c, i);
  for (int k = 0; k < 4; k++)
    if (p[k] < '0' || p[k] > '9') return false;
  return (p[0] == '1' && p[1] == '9') || (p[0] == '2' && p[1] == '0');
}

static bool is_daynum(const ctx *c, size_t i) {
  size_t n = TLEN(c, i);
  const char *p = TOK(c, i);
  if (!(FLAGS(c, i) & NG_TOK_NUM) || n > 4) return false;
  int v = 0;
  size_t k = 0;
  for (; k < n && p[k] >= '0' && p[k] <= '9'; k++) v = v * 10 + (p[k] - '0');
  return k >= 1 && k <= 2 && v >= 1 && v <= 31;
}

static bool is_number(const ctx *c, size_t i) {
  return (FLAGS(c, i) & NG_TOK_NUM) || has(c, i, W_NUMBER_WORDS);
}

static void shape_pass(ctx *c, size_t sent) {
  const ng_sentence *s = &c->t->sent[sent];
  size_t sb = s->tok_begin, se = s->tok_end;
  if (!(c->sent_bits & C_SHAPE)) return;
  for (size_t i = sb; i < se; i++) {
    /* every branch below starts at a C_SHAPE token */
    if (!(c->wb[i] & C_SHAPE) || c->cover[i] != -1) continue;
    size_t e = i;
    ng_mtype type = NG_MT_COUNT;
    if (has(c, i, W_MONTHS) && (is_cap(c, i))) {
      /* "September 11, 2015", "Sept. 18", "February" */
      e = i + 1;
      if (e < se && is_daynum(c, e)) e++;
      if (e + 1 < se && word_isn(c, e, ",", 1) && is_year(c, e + 1)) e += 2;
      else if (e < se && is_year(c, e)) e++;
      if (has(c, i, W_MAY) && e == i + 1) continue; /* the verb "May" */
      type = NG_MT_TEMPORAL;
    } else if (is_daynum(c, i) && i + 1 < se && has(c, i + 1, W_MONTHS) && is_cap(c, i + 1)) {
      e = i + 2; /* "17 September 2015" */
      if (e < se && is_year(c, e)) e++;
      type = NG_MT_TEMPORAL;
    } else if (has(c, i, W_WEEKDAYS) || has(c, i, W_REL_TIME)) {
      e = i + 1;
      type = NG_MT_TEMPORAL;
    } else if ((has(c, i, W_LAST) || has(c, i, W_NEXT) || has(c, i, W_THIS)) &&
               i + 1 < se && has(c, i + 1, W_TIME_UNIT)) {
      e = i + 2;
      type = NG_MT_TEMPORAL;
    } else if (is_year(c, i)) {
      e = i + 1;
      type = NG_MT_TEMPORAL;
    } else if ((word_isn(c, i, "$", 1) || word_isn(c, i, "£", 2) || word_isn(c, i, "€", 3) ||
                word_isn(c, i, "US$", 3)) && i + 1 < se && (FLAGS(c, i + 1) & NG_TOK_NUM)) {
      e = i + 2;
      if (e < se && has(c, e, W_SCALE)) e++;
      type = NG_MT_MONEY;
    } else if (is_number(c, i)) {
      e = i + 1;
      while (e < se && has(c, e, W_SCALE)) e++;
      if (e < se && has(c, e, W_CURRENCY_WORD)) {
        e++;
        type = NG_MT_MONEY;
      } else {
        if (e < se && (word_isn(c, e, "%", 1) || has(c, e, W_PERCENT))) e++;
        else if (e + 1 < se && has(c, e, W_PER) && has(c, e + 1, W_CENT)) e += 2;
        /* a bare number word like "one" is too weak on its own: it must
           count something ("six advanced tanks", "ten T-90s") */
        if (!(FLAGS(c, i) & NG_TOK_NUM) && e == i + 1 && !has(c, i, W_SCALE) &&
            !(i + 1 < se && (FLAGS(c, i + 1) & (NG_TOK_WORD | NG_TOK_NUM)) &&
              !has(c, i + 1, W_OF)))
          continue;
        if (has(c, i, W_ONE)) continue;
        type = NG_MT_QUANTITY;
      }
    }
    if (type == NG_MT_COUNT || e <= i) continue;
    for (size_t k = i; k < e; k++)
      if (c->cover[k] != -1) goto next;
    push(c, i, e, type, NG_CLASS_PLACE, -1, 0);
    i = e - 1;
  next:;
  }
}

static int cmp_ment(const void *a, const void *b) {
  const ng_ment *x = a, *y = b;
  if (x->begin != y->begin) return x->begin < y->begin ? -1 : 1;
  return x->end < y->end ? -1 : x->end > y->end;
}

/* ---- the word-class table (see W_* above) ---- */

#define WTAB 1024 /* slots, a power of two well above the number of words */
#define WMAX 24   /* longest listed word */

typedef struct wslot {
  const char *w;
  uint64_t h; /* ng_lex_word_hash of w */
  uint64_t bits;
} wslot;

/* Every token is looked up, and most are on no list: a probe reads the 4 KB
 * tag array (high half of the hash, 0 for empty) and touches a slot only on
 * a tag match. The home slot comes from hash bits 1.. (bit 0 is always 1). */
static uint32_t wtag[WTAB];
static wslot wtab[WTAB];
static pthread_once_t wtab_once = PTHREAD_ONCE_INIT;

static inline size_t wtab_home(uint64_t h) { return (size_t)(h >> 1) & (WTAB - 1); }
static inline uint32_t wtab_tag(uint64_t h) { return (uint32_t)(h >> 32) | 1; }

static void wtab_add(const char *w, uint64_t bits) {
  uint64_t h = ng_lex_word_hash(w, strlen(w), false);
  size_t i = wtab_home(h);
  while (wtab[i].w && strcmp(wtab[i].w, w)) i = (i + 1) & (WTAB - 1);
  wtab[i].w = w;
  wtab[i].h = h;
  wtab[i].bits |= bits;
  wtag[i] = wtab_tag(h);
}

static void wtab_init(void) {
  static const struct {
    const char *const *list;
    uint64_t bit;
  } LISTS[] = {
      {LOCATIVE, W_LOCATIVE},
      {PLATFORM_CONTEXT, W_PLATFORM_CONTEXT},
      {SPEECH, W_SPEECH},
      {PLACE_NOUN, W_PLACE_NOUN},
      {PLACE_OF, W_PLACE_OF},
      {PARTICLES, W_PARTICLES},
      {MONTHS, W_MONTHS},
      {WEEKDAYS, W_WEEKDAYS},
      {REL_TIME, W_REL_TIME},
      {TIME_UNIT, W_TIME_UNIT},
      {SCALE, W_SCALE},
      {NUMBER_WORDS, W_NUMBER_WORDS},
      {CURRENCY_WORD, W_CURRENCY_WORD},
      {NOUNY, W_NOUNY},
      {GROUP_NOUN, W_GROUP_NOUN},
  };
  static const struct {
    const char *w;
    uint64_t bit;
  } SINGLES[] = {
      {"the", W_THE},
      {"of", W_OF},
      {"for", W_FOR},
      {"and", W_AND},
      {"a", W_A},
      {"an", W_AN},
      {"his", W_HIS},
      {"her", W_HER},
      {"on", W_ON},
      {"in", W_IN},
      {"may", W_MAY},
      {"last", W_LAST},
      {"next", W_NEXT},
      {"this", W_THIS},
      {"percent", W_PERCENT},
      {"per", W_PER},
      {"cent", W_CENT},
      {"one", W_ONE},
      {"base", W_BASE},
      {"airbase", W_AIRBASE},
      {"naval", W_NAVAL},
      {"affairs", W_AFFAIRS},
  };
  for (size_t k = 0; k < sizeof LISTS / sizeof *LISTS; k++)
    for (const char *const *w = LISTS[k].list; *w; w++) wtab_add(*w, LISTS[k].bit);
  for (size_t k = 0; k < sizeof SINGLES / sizeof *SINGLES; k++)
    wtab_add(SINGLES[k].w, SINGLES[k].bit);
}

/* The W_* bits of the token p[0..n) whose lower-case word hash is h,
 * compared ASCII case-insensitively. */
static uint64_t wtab_get(const char *p, size_t n, uint64_t h) {
  if (n == 0 || n > WMAX) return 0;
  uint32_t tg = wtab_tag(h);
  for (size_t i = wtab_home(h); wtag[i]; i = (i + 1) & (WTAB - 1)) {
    if (wtag[i] != tg || wtab[i].h != h) continue;
    const char *w = wtab[i].w;
    size_t k = 0;
    for (; k < n; k++) {
      char x = p[k];
      if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
      if (x != w[k]) break;
    }
    if (k == n && w[n] == '\0') return wtab[i].bits;
  }
  return 0;
}

void ng_ner_run(ng_ments *out, const ng_lexicon *lx, const ng_ner_opts *opts,
                const char *text, const ng_tokens *t) {
  ctx c = {.lx = lx, .opts = opts, .text = text, .t = t, .out = out};
  size_t first = out->n;
  pthread_once(&wtab_once, wtab_init);
  uint64_t *wb = ng_xcalloc(t->n + 1, sizeof *wb); /* filled sentence by sentence in lexicon_pass */
  c.wb = wb;
  c.cover = ng_xmalloc((t->n + 1) * sizeof *c.cover);
  c.title_at = ng_xmalloc((t->n + 1) * sizeof *c.title_at);
  c.title_len = ng_xcalloc(t->n + 1, 1);
  c.lw = ng_xcalloc(t->n + 1, sizeof *c.lw);
  for (size_t i = 0; i < t->n; i++) {
    c.cover[i] = -1;
    c.title_at[i] = -1;
  }
  /* All passes over one sentence before the next: each pass looks only
     inside the sentence (tokens, cover, mentions), so the result is that of
     running every pass over the whole text in turn, while the sentence's
     per-token state stays in cache (a long text's does not). */
  for (size_t s = 0; s < t->n_sent; s++) {
    size_t sfirst = out->n;
    lexicon_pass(&c, s);
    compound_parts(&c, s);
    group_words(&c, s);
    unknown_pass(&c, s);
    descriptions(&c, s);
    group_phrases(&c, sfirst);
    if (!opts || !opts->no_pronouns) pronouns(&c, s);
    shape_pass(&c, s);
  }
  /* "T-90 tanks", "Hind helicopters": a named platform or weapon followed by
     its generic class noun is one mention; its name stays the named part */
  for (size_t i = first; i + 1 < out->n; i++) {
    ng_ment *m = &out->v[i];
    if (m->type != NG_MT_MILITARY_PLATFORM && m->type != NG_MT_WEAPON) continue;
    if (m->flags & NG_M_PLURAL_COMMON) continue;
    int32_t j = m->te < t->n ? c.cover[m->te] : -1;
    if (j < 0) continue;
    ng_ment *n = &out->v[j];
    if (n->tb != m->te || n->type != m->type || !(n->flags & NG_M_PLURAL_COMMON)) continue;
    m->te = n->te;
    m->end = n->end;
    n->type = NG_MT_COUNT;
  }
  /* titles of lexicon persons (rare) and organisation "the" spans */
  for (size_t i = first; i < out->n; i++) {
    ng_ment *m = &out->v[i];
    if (m->type == NG_MT_COUNT) continue;
    size_t sb = t->sent[m->sent].tok_begin;
    if (m->cls == NG_CLASS_PERSON && m->lex >= 0 && m->title < 0) {
      size_t ts;
      if (title_ends_at(&c, m->tb, sb, &ts)) attach_title(&c, (int32_t)i, ts, sb);
    }
    if (m->lex >= 0 && m->type == NG_MT_ORGANISATION && opts && opts->span_the &&
        m->tb > sb && has(&c, m->tb - 1, W_THE))
      m->begin = t->tok[m->tb - 1].begin;
  }
  /* compact tombstones (title_of indices refer to pre-compaction order) */
  int32_t *remap = ng_xmalloc((out->n - first + 1) * sizeof *remap);
  size_t w = first;
  for (size_t i = first; i < out->n; i++) {
    remap[i - first] = out->v[i].type == NG_MT_COUNT ? -1 : (int32_t)w;
    if (out->v[i].type != NG_MT_COUNT) out->v[w++] = out->v[i];
  }
  out->n = w;
  for (size_t i = first; i < out->n; i++)
    if (out->v[i].title_of >= 0) out->v[i].title_of = remap[out->v[i].title_of - (int32_t)first];
  free(remap);
  /* keep text order; fix title_of after sorting */
  for (size_t i = first; i < out->n; i++) out->v[i].cluster = (int32_t)i; /* old index */
  /* A stable insertion sort: each sentence's passes push its mentions nearly
     in order and sentences follow one another, so an element moves at most
     within its own sentence (linear on long texts); ties keep push order,
     as with the stable merge sort qsort used here before. */
  for (size_t i = first + 1; i < out->n; i++) {
    if (cmp_ment(&out->v[i - 1], &out->v[i]) <= 0) continue;
    ng_ment m = out->v[i];
    size_t j = i;
    for (; j > first && cmp_ment(&out->v[j - 1], &m) > 0; j--) out->v[j] = out->v[j - 1];
    out->v[j] = m;
  }
  int32_t *pos = ng_xmalloc((out->n - first + 1) * sizeof *pos);
  for (size_t i = first; i < out->n; i++) pos[out->v[i].cluster - (int32_t)first] = (int32_t)i;
  for (size_t i = first; i < out->n; i++) {
    if (out->v[i].title_of >= 0) out->v[i].title_of = pos[out->v[i].title_of - (int32_t)first];
    out->v[i].cluster = -1;
  }
  free(pos);
  free(wb);
  free(c.words);
  free(c.cover);
  free(c.title_at);
  free(c.title_len);
  free(c.lw);
}

void ng_ments_free(ng_ments *m) {
  free(m->v);
  m->v = NULL;
  m->n = m->cap = 0;
}
