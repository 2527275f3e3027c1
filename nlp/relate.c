/* relate.c — relation candidates from office titles and trigger patterns in
 * frames, plus quote attribution. See relate.h for what comes out.
 *
 * How it reads a sentence: relations.tsv (data) says which words signal which
 * predicate in which frame; this file knows the grammar around them — which
 * words may stand between a subject and its verb (auxiliaries, adverbs, time
 * phrases, an apposition, ", who"), what may precede an object (determiners,
 * numbers, adjectives, "the government of"), how lists coordinate, when a
 * demonym names an actor ("Russian forces") and when it only qualifies a thing
 * ("the British newspaper"), and which words hedge or negate a claim.
 * Everything uncertain is left out: a missed edge costs less than a wrong one.
 *
 * Cost: one pass over the tokens; every trigger looks at most a few tokens
 * left and right, so the whole is linear in the article. The trigger index and
 * the grammar-word table are built once per lexicon and shared by all threads
 * (index_for); per article there are two allocations for token data plus the
 * candidate vectors. Used by nlp/pipeline.c. */
#include "nlp/relate.h"

#include "graph/base.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- grammar words ---- */

enum {
  W_AUX = 1u << 0,      /* is, has, been */
  W_MODAL = 1u << 1,    /* will, would, could: the claim is not asserted as fact */
  W_ADV = 1u << 2,      /* also, now, strongly (and -ly words) */
  W_NEG = 1u << 3,      /* not, never, no */
  W_DENY = 1u << 4,     /* denied, rejected: negates what follows in the clause */
  W_HEDGE = 1u << 5,    /* reportedly, apparently */
  W_DET = 1u << 6,      /* the, its, some */
  W_PREP = 1u << 7,     /* in, with, against */
  W_CONJ = 1u << 8,     /* and, or */
  W_REL = 1u << 9,      /* who, which, that */
  W_SAY = 1u << 10,     /* said, told */
  W_REPORTER = 1u << 11,/* officials, sources: "officials say" hedges */
  W_TIME = 1u << 12,    /* today, earlier */
  W_ACTOR = 1u << 13,   /* forces, government: the head of "Russian forces" */
  W_CLAUSE = 1u << 14,  /* while, because: a new clause starts */
  W_ADJ = 1u << 15,     /* modern, large: may stand before an object */
  W_LIGHT = 1u << 16,   /* held, launched: "held talks with", "launched strikes against" */
  W_GEO = 1u << 17,     /* coast, border: "on the Syrian coast" names the country */
  W_BASE = 1u << 18,    /* airfield, airport: "the airfield" points back to a base */
  W_PLACEHEAD = 1u << 19, /* city, province: "the port city of Latakia" */
  W_FUTURE = 1u << 20,  /* plans, wants, intends (+ to): intent, not fact */
  W_VERB = 1u << 21,    /* a verb that may stand between subject and trigger */
  W_HEDGENOUN = 1u << 22, /* allegations, claims (+ that) */
  W_PARTICLE = 1u << 23 /* up, out: "stepping up its support" */
};

typedef struct gword {
  const char *w;
  uint32_t f;
} gword;

/* Closed-class words and a few open-class ones the frames need. */
static const gword GRAMMAR[] = {
    {"is", W_AUX}, {"are", W_AUX}, {"was", W_AUX}, {"were", W_AUX}, {"be", W_AUX},
    {"been", W_AUX}, {"being", W_AUX}, {"am", W_AUX}, {"has", W_AUX | W_LIGHT},
    {"have", W_AUX | W_LIGHT}, {"had", W_AUX | W_LIGHT}, {"having", W_AUX},
    {"do", W_AUX}, {"does", W_AUX}, {"did", W_AUX},
    {"will", W_MODAL}, {"would", W_MODAL}, {"could", W_MODAL}, {"may", W_MODAL},
    {"might", W_MODAL}, {"should", W_MODAL}, {"must", W_MODAL}, {"shall", W_MODAL},
    {"can", W_AUX}, {"'ll", W_MODAL}, {"wo", W_MODAL},
    {"also", W_ADV}, {"now", W_ADV | W_TIME}, {"still", W_ADV}, {"already", W_ADV},
    {"just", W_ADV}, {"further", W_ADV}, {"again", W_ADV}, {"even", W_ADV},
    {"once", W_ADV}, {"then", W_ADV | W_TIME}, {"jointly", W_ADV}, {"soon", W_ADV},
    {"first", W_ADV}, {"long", W_ADV}, {"almost", W_ADV}, {"nearly", W_ADV},
    {"reportedly", W_HEDGE | W_ADV},
    {"allegedly", W_HEDGE | W_ADV}, {"purportedly", W_HEDGE | W_ADV},
    {"apparently", W_HEDGE | W_ADV}, {"possibly", W_HEDGE | W_ADV},
    {"perhaps", W_HEDGE | W_ADV}, {"probably", W_HEDGE | W_ADV},
    {"likely", W_HEDGE | W_ADV}, {"unlikely", W_HEDGE | W_ADV},
    {"presumably", W_HEDGE | W_ADV}, {"seemingly", W_HEDGE | W_ADV},
    {"supposedly", W_HEDGE | W_ADV}, {"rumoured", W_HEDGE}, {"rumored", W_HEDGE},
    {"suspected", W_HEDGE}, {"unconfirmed", W_HEDGE}, {"believed", W_HEDGE},
    {"not", W_NEG}, {"n't", W_NEG}, {"never", W_NEG}, {"no", W_NEG | W_DET},
    {"cannot", W_NEG}, {"nor", W_NEG | W_CONJ}, {"neither", W_NEG},
    {"denied", W_DENY}, {"deny", W_DENY}, {"denies", W_DENY}, {"denying", W_DENY},
    {"rejected", W_DENY}, {"rejects", W_DENY}, {"dismissed", W_DENY},
    {"refuted", W_DENY}, {"disputed", W_DENY}, {"refused", W_DENY},
    {"the", W_DET}, {"a", W_DET}, {"an", W_DET}, {"its", W_DET}, {"his", W_DET},
    {"her", W_DET}, {"their", W_DET}, {"this", W_DET}, {"these", W_DET},
    {"those", W_DET}, {"our", W_DET}, {"your", W_DET}, {"some", W_DET},
    {"several", W_DET}, {"any", W_DET}, {"both", W_DET}, {"all", W_DET},
    {"each", W_DET}, {"every", W_DET}, {"another", W_DET}, {"other", W_DET | W_ADJ},
    {"many", W_DET}, {"more", W_DET}, {"most", W_DET}, {"such", W_DET},
    {"in", W_PREP}, {"at", W_PREP}, {"on", W_PREP}, {"near", W_PREP},
    {"outside", W_PREP}, {"inside", W_PREP}, {"across", W_PREP}, {"over", W_PREP},
    {"to", W_PREP}, {"from", W_PREP}, {"with", W_PREP}, {"for", W_PREP},
    {"of", W_PREP}, {"by", W_PREP}, {"against", W_PREP}, {"into", W_PREP},
    {"onto", W_PREP}, {"toward", W_PREP}, {"towards", W_PREP}, {"about", W_PREP},
    {"under", W_PREP}, {"within", W_PREP}, {"throughout", W_PREP},
    {"between", W_PREP}, {"among", W_PREP}, {"amid", W_PREP}, {"around", W_PREP},
    {"along", W_PREP}, {"beyond", W_PREP}, {"during", W_PREP}, {"via", W_PREP},
    {"upon", W_PREP}, {"through", W_PREP}, {"like", W_PREP}, {"as", W_PREP | W_CLAUSE},
    {"concerning", W_PREP}, {"regarding", W_PREP}, {"despite", W_PREP},
    {"and", W_CONJ}, {"or", W_CONJ}, {"but", W_CONJ | W_CLAUSE},
    {"who", W_REL}, {"which", W_REL}, {"whom", W_REL}, {"whose", W_REL},
    {"that", W_REL | W_DET},
    {"said", W_SAY}, {"says", W_SAY}, {"say", W_SAY}, {"saying", W_SAY},
    {"told", W_SAY}, {"tells", W_SAY}, {"added", W_SAY}, {"adds", W_SAY},
    {"stated", W_SAY}, {"states", W_SAY}, {"announced", W_SAY | W_LIGHT},
    {"declared", W_SAY}, {"insisted", W_SAY}, {"insists", W_SAY},
    {"claimed", W_SAY | W_HEDGE}, {"claiming", W_SAY | W_HEDGE},
    {"argued", W_SAY}, {"argues", W_SAY}, {"noted", W_SAY}, {"notes", W_SAY},
    {"confirmed", W_SAY}, {"confirms", W_SAY}, {"wrote", W_SAY}, {"replied", W_SAY},
    {"explained", W_SAY}, {"suggested", W_SAY | W_HEDGE}, {"suggests", W_SAY | W_HEDGE},
    {"suggesting", W_SAY | W_HEDGE}, {"indicated", W_SAY}, {"reported", W_SAY},
    {"acknowledged", W_SAY}, {"admitted", W_SAY}, {"asserted", W_SAY},
    {"stressed", W_SAY}, {"emphasized", W_SAY}, {"emphasised", W_SAY},
    {"reiterated", W_SAY}, {"believes", W_SAY | W_HEDGE}, {"believe", W_SAY | W_HEDGE},
    {"officials", W_REPORTER | W_ACTOR}, {"official", W_REPORTER},
    {"sources", W_REPORTER}, {"source", W_REPORTER}, {"reports", W_REPORTER},
    {"analysts", W_REPORTER}, {"diplomats", W_REPORTER | W_ACTOR},
    {"activists", W_REPORTER}, {"witnesses", W_REPORTER}, {"observers", W_REPORTER},
    {"experts", W_REPORTER}, {"media", W_REPORTER},
    {"today", W_TIME}, {"yesterday", W_TIME}, {"tomorrow", W_TIME},
    {"earlier", W_TIME | W_ADV}, {"later", W_TIME | W_ADV}, {"ago", W_TIME},
    {"meanwhile", W_TIME | W_ADV}, {"tonight", W_TIME}, {"overnight", W_TIME},
    {"forces", W_ACTOR}, {"force", W_ACTOR}, {"troops", W_ACTOR}, {"military", W_ACTOR | W_ADJ},
    {"army", W_ACTOR}, {"armies", W_ACTOR}, {"government", W_ACTOR},
    {"governments", W_ACTOR}, {"regime", W_ACTOR}, {"authorities", W_ACTOR},
    {"navy", W_ACTOR}, {"marines", W_ACTOR}, {"soldiers", W_ACTOR},
    {"warplanes", W_ACTOR}, {"jets", W_ACTOR}, {"aircraft", W_ACTOR},
    {"planes", W_ACTOR}, {"bombers", W_ACTOR}, {"fighters", W_ACTOR},
    {"militants", W_ACTOR}, {"leadership", W_ACTOR}, {"administration", W_ACTOR},
    {"warships", W_ACTOR}, {"units", W_ACTOR}, {"commanders", W_ACTOR},
    {"leaders", W_ACTOR}, {"militia", W_ACTOR}, {"militias", W_ACTOR},
    {"rebels", W_ACTOR}, {"group", W_ACTOR}, {"coalition", W_ACTOR},
    {"while", W_CLAUSE}, {"because", W_CLAUSE}, {"although", W_CLAUSE},
    {"though", W_CLAUSE}, {"whereas", W_CLAUSE}, {"if", W_CLAUSE | W_HEDGE},
    {"when", W_CLAUSE}, {"since", W_CLAUSE | W_PREP}, {"after", W_CLAUSE | W_PREP},
    {"before", W_CLAUSE | W_PREP}, {"until", W_CLAUSE | W_PREP}, {"unless", W_CLAUSE},
    {"whether", W_CLAUSE | W_HEDGE}, {"where", W_CLAUSE}, {"why", W_CLAUSE}, {"how", W_CLAUSE},
    {"northern", W_ADJ}, {"southern", W_ADJ}, {"eastern", W_ADJ}, {"western", W_ADJ},
    {"central", W_ADJ}, {"northwestern", W_ADJ}, {"northeastern", W_ADJ},
    {"southwestern", W_ADJ}, {"southeastern", W_ADJ}, {"north", W_ADJ}, {"south", W_ADJ},
    {"east", W_ADJ}, {"west", W_ADJ}, {"coastal", W_ADJ}, {"rural", W_ADJ},
    {"besieged", W_ADJ}, {"ancient", W_ADJ}, {"historic", W_ADJ},
    {"modern", W_ADJ}, {"new", W_ADJ}, {"large", W_ADJ}, {"small", W_ADJ},
    {"advanced", W_ADJ}, {"heavy", W_ADJ}, {"light", W_ADJ}, {"armed", W_ADJ},
    {"additional", W_ADJ}, {"further", W_ADJ}, {"giant", W_ADJ}, {"main", W_ADJ},
    {"battle", W_ADJ}, {"combat", W_ADJ}, {"attack", W_ADJ}, {"transport", W_ADJ},
    {"only", W_ADJ | W_ADV}, {"staunchest", W_ADJ}, {"staunch", W_ADJ},
    {"fierce", W_ADJ}, {"fiercest", W_ADJ}, {"close", W_ADJ}, {"closest", W_ADJ},
    {"key", W_ADJ}, {"main", W_ADJ}, {"chief", W_ADJ}, {"longtime", W_ADJ},
    {"long-time", W_ADJ}, {"strong", W_ADJ}, {"strongest", W_ADJ}, {"loyal", W_ADJ},
    {"vocal", W_ADJ}, {"bitter", W_ADJ}, {"old", W_ADJ}, {"traditional", W_ADJ},
    {"regional", W_ADJ}, {"western", W_ADJ}, {"continued", W_ADJ}, {"direct", W_ADJ},
    {"senior", W_ADJ}, {"leading", W_ADJ}, {"prominent", W_ADJ}, {"top", W_ADJ},
    {"former", W_ADJ}, {"ongoing", W_ADJ}, {"recent", W_ADJ}, {"latest", W_ADJ},
    {"political", W_ADJ}, {"financial", W_ADJ}, {"diplomatic", W_ADJ},
    {"humanitarian", W_ADJ}, {"economic", W_ADJ}, {"naval", W_ADJ},
    {"increased", W_ADJ}, {"growing", W_ADJ}, {"unwavering", W_ADJ},
    {"coalition", W_ADJ}, {"brutal", W_ADJ}, {"indiscriminate", W_ADJ},
    {"held", W_LIGHT}, {"hold", W_LIGHT}, {"holds", W_LIGHT}, {"holding", W_LIGHT},
    {"led", W_LIGHT}, {"leading", W_LIGHT | W_ADJ}, {"leads", W_LIGHT}, {"lead", W_LIGHT},
    {"launched", W_LIGHT}, {"launch", W_LIGHT}, {"launches", W_LIGHT},
    {"launching", W_LIGHT}, {"conducted", W_LIGHT}, {"conducting", W_LIGHT},
    {"conducts", W_LIGHT}, {"conduct", W_LIGHT}, {"carried", W_LIGHT},
    {"carrying", W_LIGHT}, {"began", W_LIGHT}, {"begun", W_LIGHT}, {"begin", W_LIGHT},
    {"started", W_LIGHT}, {"start", W_LIGHT}, {"continued", W_LIGHT | W_ADJ},
    {"continue", W_LIGHT}, {"continues", W_LIGHT}, {"stepped", W_LIGHT},
    {"stepping", W_LIGHT}, {"intensified", W_LIGHT}, {"made", W_LIGHT},
    {"making", W_LIGHT}, {"joined", W_LIGHT}, {"staged", W_LIGHT}, {"mounted", W_LIGHT},
    {"waged", W_LIGHT}, {"wages", W_LIGHT}, {"waging", W_LIGHT}, {"pursued", W_LIGHT},
    {"expanded", W_LIGHT}, {"escalated", W_LIGHT}, {"resumed", W_LIGHT},
    {"offered", W_LIGHT}, {"renewed", W_LIGHT}, {"pledged", W_LIGHT},
    {"given", W_LIGHT}, {"granted", W_LIGHT}, {"gained", W_LIGHT}, {"allowed", W_LIGHT},
    {"denied", W_LIGHT | W_DENY},
    {"increased", W_LIGHT | W_ADJ}, {"boosted", W_LIGHT}, {"reaffirmed", W_LIGHT},
    {"reaffirms", W_LIGHT}, {"expressed", W_LIGHT}, {"expresses", W_LIGHT},
    {"coast", W_GEO}, {"coastline", W_GEO}, {"border", W_GEO}, {"borders", W_GEO},
    {"soil", W_GEO}, {"territory", W_GEO}, {"airspace", W_GEO}, {"waters", W_GEO},
    {"shores", W_GEO}, {"frontier", W_GEO}, {"side", W_GEO},
    {"airfield", W_BASE}, {"airport", W_BASE}, {"airbase", W_BASE},
    {"base", W_BASE}, {"facility", W_BASE}, {"airstrip", W_BASE},
    {"city", W_PLACEHEAD}, {"town", W_PLACEHEAD}, {"province", W_PLACEHEAD},
    {"region", W_PLACEHEAD}, {"district", W_PLACEHEAD}, {"village", W_PLACEHEAD},
    {"port", W_PLACEHEAD | W_ADJ}, {"capital", W_PLACEHEAD}, {"area", W_PLACEHEAD},
    {"governorate", W_PLACEHEAD}, {"suburbs", W_PLACEHEAD}, {"outskirts", W_PLACEHEAD},
    {"neighborhood", W_PLACEHEAD}, {"neighbourhood", W_PLACEHEAD}, {"quarter", W_PLACEHEAD},
    {"camp", W_PLACEHEAD}, {"municipality", W_PLACEHEAD}, {"county", W_PLACEHEAD},
    {"site", W_PLACEHEAD}, {"remains", W_PLACEHEAD}, {"ruins", W_PLACEHEAD},
    {"centre", W_PLACEHEAD}, {"center", W_PLACEHEAD}, {"heart", W_PLACEHEAD},
    {"entrance", W_PLACEHEAD}, {"outskirts", W_PLACEHEAD}, {"edge", W_PLACEHEAD},
    {"plans", W_FUTURE}, {"planned", W_FUTURE}, {"planning", W_FUTURE},
    {"plan", W_FUTURE}, {"intends", W_FUTURE}, {"intend", W_FUTURE},
    {"wants", W_FUTURE}, {"want", W_FUTURE}, {"wanted", W_FUTURE},
    {"seeks", W_FUTURE}, {"seeking", W_FUTURE}, {"sought", W_FUTURE},
    {"aims", W_FUTURE}, {"expected", W_FUTURE}, {"ready", W_FUTURE},
    {"prepared", W_FUTURE}, {"prepares", W_FUTURE}, {"preparing", W_FUTURE},
    {"hopes", W_FUTURE}, {"hoping", W_FUTURE}, {"set", W_FUTURE},
    {"offer", W_FUTURE}, {"proposed", W_FUTURE}, {"threatening", W_FUTURE},
    {"allegations", W_HEDGENOUN}, {"allegation", W_HEDGENOUN},
    {"claims", W_HEDGENOUN}, {"claim", W_HEDGENOUN}, {"rumours", W_HEDGENOUN},
    {"rumors", W_HEDGENOUN}, {"speculation", W_HEDGENOUN}, {"reports", W_HEDGENOUN},
    {"up", W_PARTICLE}, {"out", W_PARTICLE}, {"down", W_PARTICLE}, {"off", W_PARTICLE},
    {"work", W_VERB}, {"works", W_VERB}, {"worked", W_VERB}, {"working", W_VERB},
    {"agreed", W_VERB}, {"decided", W_VERB}, {"tried", W_VERB}, {"tries", W_VERB},
    {"went", W_VERB}, {"came", W_VERB}, {"remains", W_VERB}, {"remain", W_VERB},
    {"remained", W_VERB}, {"continued", W_VERB}, {"continue", W_VERB},
    {"continues", W_VERB}, {"began", W_VERB}, {"begun", W_VERB},
    {"started", W_VERB}, {"helped", W_VERB}, {"help", W_VERB}, {"vowed", W_VERB},
    {"promised", W_VERB}, {"pledged", W_VERB}, {"agreed", W_VERB},
    {"committed", W_VERB}, {"determined", W_VERB}, {"sought", W_VERB},
    {"moved", W_VERB}, {"going", W_VERB}, {"able", W_VERB}, {"unable", W_VERB},
};

/* -ly words that are not adverbs */
static const char *const NOT_ADVERBS[] = {"supply", "reply", "apply", "comply", "family",
                                          "assembly", "italy", "july", "rally", "ally",
                                          "anomaly", "monopoly", "holy", "belly", NULL};

/* ---- frames and the trigger index (built once per lexicon, shared) ---- */

typedef enum {
  F_ACTIVE, F_PASSIVE, F_NOUN, F_POSSESSIVE, F_APPOS, F_ADJACENT, F_BETWEEN, F_MUTUAL,
  F_INCLUDES, F_LEDBY, F_EXPEL, F_UNKNOWN
} frame;

static frame frame_parse(const char *s) {
  static const char *const names[] = {"active", "passive", "noun", "possessive", "appos",
                                      "adjacent", "between", "mutual", "includes",
                                      "ledby", "expel"};
  for (int i = 0; i < F_UNKNOWN; i++)
    if (!strcmp(s, names[i])) return (frame)i;
  return F_UNKNOWN;
}

#define MAX_TW 8 /* words in one trigger */

typedef struct trig {
  ng_pred pred;
  frame fr;
  bool reverse;
  uint8_t n;            /* words */
  const char *w[MAX_TW]; /* lower case; "*" gap of 0-3 words, "**" of 0-8 */
  uint32_t order;       /* position in the data, for a stable sort */
} trig;

typedef struct wslot {
  const char *w;        /* NULL = empty slot */
  uint32_t len;
  uint32_t f;           /* W_* */
  uint32_t lo, hi;      /* triggers whose first word is w: trig[lo..hi) */
} wslot;

typedef struct trig_index {
  uint64_t sig;         /* content hash of the patterns it was built from */
  trig *t;
  size_t nt;
  wslot *slot;
  size_t mask;          /* slots - 1 (power of two) */
  struct trig_index *next;
} trig_index;

static pthread_mutex_t index_lock = PTHREAD_MUTEX_INITIALIZER;
static trig_index *indexes; /* never freed: small, built once, reachable */

static uint64_t word_hash(const char *w, size_t n) { return ng_hash_fast(w, n); }

static wslot *slot_get(const trig_index *x, const char *w, size_t n) {
  for (size_t i = word_hash(w, n) & x->mask;; i = (i + 1) & x->mask) {
    wslot *s = &x->slot[i];
    if (!s->w) return NULL;
    if (s->len == n && !memcmp(s->w, w, n)) return s;
  }
}

static wslot *slot_put(trig_index *x, const char *w) {
  size_t n = strlen(w);
  for (size_t i = word_hash(w, n) & x->mask;; i = (i + 1) & x->mask) {
    wslot *s = &x->slot[i];
    if (!s->w) {
      s->w = w;
      s->len = (uint32_t)n;
      return s;
    }
    if (s->len == n && !memcmp(s->w, w, n)) return s;
  }
}

/* by first word, then longest first (so "met with" is tried before "met"),
   then data order: a total order, so the result never depends on qsort */
static int cmp_trig(const void *a, const void *b) {
  const trig *x = a, *y = b;
  int c = strcmp(x->w[0], y->w[0]);
  if (c) return c;
  if (x->n != y->n) return x->n > y->n ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static uint64_t patterns_sig(const ng_lex_pattern *pats, size_t np) {
  uint64_t h = NG_HASH_INIT ^ np;
  for (size_t p = 0; p < np; p++) {
    h = (h ^ ((uint64_t)pats[p].pred << 8 | pats[p].reverse)) * 0x100000001b3ULL;
    h = (h ^ ng_hash_fast(pats[p].frame, strlen(pats[p].frame))) * 0x100000001b3ULL;
    for (size_t w = 0; w < pats[p].n_words; w++)
      h = (h ^ ng_hash_fast(pats[p].words[w], strlen(pats[p].words[w]))) * 0x100000001b3ULL;
  }
  return h;
}

static trig_index *index_build(const ng_lex_pattern *pats, size_t np, uint64_t sig) {
  trig_index *x = ng_xcalloc(1, sizeof *x);
  x->sig = sig;
  NG_VEC(trig) tv = {0};
  uint32_t order = 0;
  for (size_t p = 0; p < np; p++) {
    frame fr = frame_parse(pats[p].frame);
    if (fr == F_UNKNOWN) continue;
    for (size_t w = 0; w < pats[p].n_words; w++) {
      trig tg = {0};
      tg.pred = pats[p].pred;
      tg.fr = fr;
      tg.reverse = pats[p].reverse;
      tg.order = order++;
      char *s = ng_xstrdup(pats[p].words[w]); /* kept: the index owns its words */
      for (char *q = s; *q && tg.n < MAX_TW;) {
        while (*q == ' ') *q++ = '\0';
        if (!*q) break;
        tg.w[tg.n++] = q;
        while (*q && *q != ' ') q++;
      }
      if (tg.n && strcmp(tg.w[0], "*") && strcmp(tg.w[0], "**")) NG_VEC_PUSH(tv, tg);
      else free(s);
    }
  }
  ng_sort(tv.v, tv.n, sizeof *tv.v, cmp_trig);
  x->t = tv.v;
  x->nt = tv.n;
  size_t want = (tv.n + sizeof GRAMMAR / sizeof *GRAMMAR) * 2 + 16, sz = 64;
  while (sz < want) sz *= 2;
  x->slot = ng_xcalloc(sz, sizeof *x->slot);
  x->mask = sz - 1;
  for (size_t i = 0; i < sizeof GRAMMAR / sizeof *GRAMMAR; i++)
    slot_put(x, GRAMMAR[i].w)->f |= GRAMMAR[i].f;
  for (size_t i = 0; i < tv.n;) {
    size_t j = i;
    while (j < tv.n && !strcmp(tv.v[j].w[0], tv.v[i].w[0])) j++;
    wslot *s = slot_put(x, tv.v[i].w[0]);
    s->lo = (uint32_t)i;
    s->hi = (uint32_t)j;
    i = j;
  }
  return x;
}

/* The index for lx's patterns: built on first use, then shared. Keyed by the
 * patterns' content, so a lexicon loaded later with other patterns gets its
 * own. */
static const trig_index *index_for(const ng_lexicon *lx) {
  const ng_lex_pattern *pats;
  size_t np = ng_lex_patterns(lx, &pats);
  uint64_t sig = patterns_sig(pats, np);
  pthread_mutex_lock(&index_lock);
  trig_index *x = indexes;
  while (x && x->sig != sig) x = x->next;
  if (!x) {
    x = index_build(pats, np, sig);
    x->next = indexes;
    indexes = x;
  }
  pthread_mutex_unlock(&index_lock);
  return x;
}

/* ---- one article ---- */

typedef struct tinfo {
  const char *low;  /* lower-case text, ’ folded to ' */
  uint32_t len;
  uint32_t f;       /* W_* */
  int32_t m;        /* mention of an entity covering the token, -1 */
  int32_t q;        /* Temporal/Quantity/Money mention covering it, -1 */
  int32_t base;     /* last MilitaryBase mention before this token, -1 */
  uint32_t tlo, thi; /* triggers starting with this word */
} tinfo;

typedef struct rctx {
  const ng_lexicon *lx;
  const char *text;
  const ng_tokens *t;
  const ng_ments *m;
  const trig_index *ix;
  tinfo *ti;
  ng_relcands *out;
  uint32_t sent;    /* sentence being read */
  uint32_t sb, se;  /* its tokens */
  uint32_t obj_end; /* set by objects_right: token after the objects it returned */
  int32_t last_speaker;      /* person of the last quote, for "he said" */
  uint32_t last_speaker_sent;
  uint32_t last_quote_end;   /* token after the last direct quote with a speaker */
  uint32_t qcur;             /* direct quotes: next token to look at */
} rctx;

static const ng_ment *M(const rctx *c, int32_t mi) { return &c->m->v[mi]; }

static bool is(const rctx *c, uint32_t k, const char *w) { return !strcmp(c->ti[k].low, w); }

static bool has(const rctx *c, uint32_t k, uint32_t f) { return (c->ti[k].f & f) != 0; }

static bool is_punct(const rctx *c, uint32_t k) { return (c->t->tok[k].flags & NG_TOK_PUNCT) != 0; }

static bool is_lower_word(const rctx *c, uint32_t k) {
  return (c->t->tok[k].flags & NG_TOK_LOWER) && c->ti[k].m < 0 && c->ti[k].q < 0;
}

static bool is_demonym(const ng_ment *m) {
  return m->type == NG_MT_NATIONALITY || (m->flags & NG_M_DEMONYM);
}

/* a demonym standing alone ("Russian" in "Russian backing"), not the head of
   a group ("the Syrian government", "Russian troops") or of a territory */
static bool bare_demonym(const rctx *c, const ng_ment *m) {
  if (!is_demonym(m) || m->te <= m->tb) return false;
  const tinfo *last = &c->ti[m->te - 1];
  if (last->f & (W_ACTOR | W_GEO)) return false;
  /* the people form names the group: "Iraqis unite against ISIL" */
  return !(last->len > 3 && last->low[last->len - 1] == 's' && !(c->t->tok[m->te - 1].flags & NG_TOK_LOWER));
}

/* a mention that stands for a graph node (not a pronoun, not dropped) */
static bool named(const rctx *c, int32_t mi) {
  const ng_ment *m = M(c, mi);
  return m->cluster >= 0 && m->type < NG_MT_TEMPORAL && !(m->flags & NG_M_PRONOUN);
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
  if (p == NG_PRED_LOCATED_AT) return !is_demonym(m);
  if (p == NG_PRED_OFFICIAL_OF) return m->cls == NG_CLASS_PERSON;
  return is_actor(m);
}

/* a verb that may stand between a subject and its trigger ("is working as
   part of", "has continued to support"): a listed one, or an -ing/-ed form */
static bool verbish(const rctx *c, uint32_t k) {
  const tinfo *x = &c->ti[k];
  if (x->m >= 0 || x->q >= 0 || !(c->t->tok[k].flags & NG_TOK_LOWER)) return false;
  if (x->f & (W_PREP | W_DET | W_CONJ | W_REL | W_SAY | W_CLAUSE | W_ACTOR)) return false;
  if (x->f & (W_VERB | W_LIGHT | W_FUTURE)) return true;
  size_t n = x->len;
  return n >= 5 && (!strcmp(x->low + n - 3, "ing") || !strcmp(x->low + n - 2, "ed"));
}

/* tokens k.. that form an office title ("foreign minister", "President",
   "counterpart"); returns the token after it, or k */
static uint32_t skip_title(const rctx *c, uint32_t k, uint32_t se) {
  if (k >= se || c->ti[k].m >= 0 || is_punct(c, k)) return k;
  if (is(c, k, "counterpart") || is(c, k, "counterparts")) return k + 1;
  ng_span sp[6];
  uint32_t n = 0;
  for (uint32_t q = k; q < se && n < 6; q++, n++) {
    sp[n] = (ng_span){.p = c->text + c->t->tok[q].begin, .n = c->t->tok[q].end - c->t->tok[q].begin};
  }
  ng_lex_hit hits[4];
  size_t nh, len = ng_lex_match(c->lx, sp, n, 0, hits, 4, &nh);
  for (size_t h = 0; len && h < nh; h++)
    if (hits[h].role == NG_LEX_TITLE) return k + (uint32_t)len;
  return k;
}

/* the office title that starts at token k and ends at or before `end`, names
   or not ("Foreign Office Minister"): its lexicon entry, or -1; *te = its end */
static int32_t title_span(const rctx *c, uint32_t k, uint32_t end, uint32_t *te) {
  ng_span sp[8];
  uint32_t n = 0;
  for (uint32_t q = k; q < end && n < 8; q++, n++)
    sp[n] = (ng_span){.p = c->text + c->t->tok[q].begin, .n = c->t->tok[q].end - c->t->tok[q].begin};
  ng_lex_hit hits[4];
  size_t nh, len = n ? ng_lex_match(c->lx, sp, n, 0, hits, 4, &nh) : 0;
  for (size_t h = 0; len && h < nh; h++)
    if (hits[h].role == NG_LEX_TITLE) {
      *te = k + (uint32_t)len;
      return (int32_t)hits[h].entry;
    }
  return -1;
}

/* the mention of a definite description of a base ("the airfield", "the air
   base", "The airport"): the last base named before it in the article */
static int32_t base_description(const rctx *c, uint32_t i, uint32_t se, uint32_t *after) {
  if (i >= se || !is(c, i, "the")) return -1;
  uint32_t k = i + 1;
  if (k < se && (is(c, k, "air") || is(c, k, "naval") || is(c, k, "military") ||
                 is(c, k, "russian") || is(c, k, "main")))
    k++;
  if (k >= se || !has(c, k, W_BASE) || c->ti[k].m >= 0) return -1;
  if (c->ti[k].base < 0) return -1;
  *after = k + 1;
  return c->ti[k].base;
}

/* "The airport" ending at token k (the noun): the base named before it, or -1 */
static int32_t base_description_at(const rctx *c, uint32_t k) {
  if (!has(c, k, W_BASE) || c->ti[k].m >= 0 || c->ti[k].base < 0 || k < c->sb + 1) return -1;
  uint32_t d = k - 1;
  if (d > c->sb && !is(c, d, "the") && (is(c, d, "air") || is(c, d, "naval"))) d--;
  return is(c, d, "the") ? c->ti[k].base : -1;
}

/* ---- subjects ---- */

/* first token of a mention's phrase, its title and the title's country
   included ("U.S. Secretary of Defense Ash Carter") */
static uint32_t phrase_start(const rctx *c, int32_t mi) {
  const ng_ment *m = M(c, mi);
  uint32_t b = m->tb;
  if (m->title >= 0 && m->title_tb < b && m->title_tb + 8 > b) b = m->title_tb;
  uint32_t q = m->title_of >= 0 ? M(c, m->title_of)->tb : b;
  if (q < b && q + 8 > m->tb && !(q > c->sb && has(c, q - 1, W_PREP)))
    b = q; /* not "In Turkey Minister Ellwood met" */
  return b < c->sb ? c->sb : b;
}

/* nouns of intent whose owner is the subject of the clause ("is working as
   part of the Coalition in its efforts to defeat ISIL") */
static bool purpose_noun(const char *w) {
  static const char *const v[] = {"effort", "efforts", "campaign", "strategy", "plan", "plans",
                                  "determination", "commitment", "bid", "attempt", "attempts",
                                  "mission", "operation", "operations", "steps", "measures",
                                  "resolve", "drive", "push", "policy", "way", "ways", NULL};
  for (const char *const *p = v; *p; p++)
    if (!strcmp(w, *p)) return true;
  return false;
}

/* The subject of the clause that holds token pos: its first name that is
 * followed by a verb or an auxiliary and not governed by a preposition; the
 * clause starts after the last speech verb, ";", or clause word before pos
 * ("Lavrov said Russia was sending equipment to help Assad" -> Russia). */
static int32_t clause_subject(const rctx *c, uint32_t pos, ng_pred p) {
  uint32_t cs = pos;
  while (cs > c->sb && !is(c, cs - 1, ";") && !has(c, cs - 1, W_SAY) &&
         !(c->t->tok[cs - 1].flags & NG_TOK_QUOTE) &&
         !(has(c, cs - 1, W_CLAUSE) && !has(c, cs - 1, W_PREP)) && !is(c, cs - 1, "that"))
    cs--;
  for (uint32_t k = cs; k < pos; k++) {
    int32_t mi = c->ti[k].m;
    if (mi < 0) {
      if (c->ti[k].q >= 0) k = M(c, c->ti[k].q)->te - 1;
      continue;
    }
    const ng_ment *m = M(c, mi);
    uint32_t j = m->tb;
    while (j > cs && has(c, j - 1, W_DET)) j--;
    bool governed = j > cs && (has(c, j - 1, W_PREP) || (c->t->tok[j - 1].flags & NG_TOK_POSS));
    uint32_t v = m->te;
    if (v < pos && has(c, v, W_ACTOR)) v++;
    bool verb = v < pos && (has(c, v, W_AUX | W_MODAL | W_ADV) || verbish(c, v) ||
                            c->ti[v].tlo < c->ti[v].thi);
    if (!governed && verb && !bare_demonym(c, m))
      return named(c, mi) && subject_ok(p, m) ? mi : -1;
    if (!governed) return -1; /* the first bare name is not a subject: give up */
    k = m->te - 1;
  }
  return -1;
}

/* The subject of a verb whose first word is token pos: the nearest mention to
 * the left, reached only over auxiliaries, adverbs, negation, time phrases,
 * up to two verbs and "to" ("has continued to support"), an actor noun
 * ("Russian warplanes struck"), ", who", or appositions between commas
 * (", the Russian minister of defense,"). Anything else (an object noun, a
 * preposition) means the nearest name is not the subject: -1. */
static int32_t subject_left(const rctx *c, uint32_t pos, ng_pred p) {
  uint32_t sb = c->sb, i = pos;
  int gap = 0, verbs = 0;
  bool verb_chain = true; /* only the trigger and verbs coordinated with it so far */
  while (i > sb) {
    uint32_t k = i - 1;
    const tinfo *x = &c->ti[k];
    if (x->m >= 0) {
      int32_t mi = x->m;
      const ng_ment *m = M(c, mi);
      if (!named(c, mi) || !subject_ok(p, m)) return -1;
      bool head = m->te < pos && c->ti[m->te].m < 0 && has(c, m->te, W_ACTOR);
      if (bare_demonym(c, m) && !head) return -1; /* "Russian" alone qualifies a noun */
      /* the object of a preposition is no subject ("talks with Russia ...") */
      uint32_t j = phrase_start(c, mi);
      while (j > sb && has(c, j - 1, W_DET) && !has(c, j - 1, W_REL)) j--;
      if (j > sb && has(c, j - 1, W_PREP) && c->ti[j - 1].m < 0 && !is(c, j - 1, "as"))
        return -1;
      if (j > sb && (c->t->tok[j - 1].flags & NG_TOK_POSS)) return -1; /* "Assad's Russia"? */
      return mi;
    }
    if (p == NG_PRED_LOCATED_AT && base_description_at(c, k) >= 0)
      return base_description_at(c, k); /* "The airport ... lies south of Latakia" */
    if (x->q >= 0) { /* "on Friday", "last week", "three times" */
      const ng_ment *q = M(c, x->q);
      if (q->type != NG_MT_TEMPORAL) return -1; /* "has killed 70 members": no */
      i = q->tb < k ? q->tb : k;
      if (i > sb && has(c, i - 1, W_PREP) && c->ti[i - 1].m < 0) i--;
      if (++gap > 8) return -1;
      continue;
    }
    uint32_t f = x->f;
    if (f & (W_AUX | W_MODAL | W_ADV | W_NEG | W_HEDGE | W_TIME | W_PARTICLE)) {
      if (++gap > 8) return -1;
      i = k;
      continue;
    }
    if (is(c, k, "to") && k > sb && (verbish(c, k - 1) || has(c, k - 1, W_FUTURE))) {
      i = k;
      continue;
    }
    if (is(c, k, "to") && verb_chain) {
      /* a purpose clause: "urged Russia to stop", "stands by Iraq to defeat
         Daesh" — the name before "to"; "the Coalition's strategy to defeat"
         — the owner of the plan; else the subject of the clause */
      if (k > sb && c->ti[k - 1].m >= 0) {
        int32_t mi = c->ti[k - 1].m;
        return named(c, mi) && subject_ok(p, M(c, mi)) && !bare_demonym(c, M(c, mi)) ? mi : -1;
      }
      if (k > sb + 2 && is_lower_word(c, k - 1) && (c->t->tok[k - 2].flags & NG_TOK_POSS) &&
          c->ti[k - 3].m >= 0) {
        int32_t mi = c->ti[k - 3].m;
        return named(c, mi) && subject_ok(p, M(c, mi)) && !bare_demonym(c, M(c, mi)) ? mi : -1;
      }
      /* after a noun the noun is the doer ("train a viable opposition to
         fight", "train its military to fight"), unless it is a plan of the
         subject's ("efforts to defeat", "a strategy to counter") */
      if (k > sb + 1 && purpose_noun(c->ti[k - 1].low) && c->ti[k - 2].m >= 0) {
        int32_t mi = c->ti[k - 2].m; /* "the Global Coalition efforts to defeat Da'esh" */
        return named(c, mi) && subject_ok(p, M(c, mi)) && !bare_demonym(c, M(c, mi)) ? mi : -1;
      }
      bool own_forces = k > sb + 1 && has(c, k - 1, W_ACTOR) && !has(c, k - 2, W_DET);
      if (k > sb && is_lower_word(c, k - 1) && !verbish(c, k - 1) && !own_forces &&
          !has(c, k - 1, W_FUTURE | W_ADV | W_AUX | W_MODAL | W_NEG) && !purpose_noun(c->ti[k - 1].low))
        return -1; /* ... but "is building up forces to protect" */
      return clause_subject(c, k, p);
    }
    if ((is(c, k, "and") || is(c, k, "or")) && verb_chain && k > sb && !is_punct(c, k - 1) &&
        (verbish(c, k - 1) || c->ti[k - 1].tlo < c->ti[k - 1].thi) && c->ti[k - 1].m < 0 &&
        !has(c, k - 1, W_ACTOR | W_DET | W_PREP)) {
      i = k - 1; /* "to degrade and defeat", "has supplied and trained" */
      continue;
    }
    if ((is(c, k, "and") || is(c, k, "but")) && verb_chain && k > sb &&
        (i < pos || is(c, k - 1, ","))) {
      /* a second verb of the clause: "Mr. Kerry also plans to meet ... with
         Philip Hammond, and then will travel to Germany" */
      return clause_subject(c, k, p);
    }
    verb_chain = false;
    if ((f & W_FUTURE) || verbish(c, k)) {
      if (++verbs > 2) return -1;
      i = k;
      continue;
    }
    if ((f & W_ACTOR) && !(f & W_REPORTER && k + 1 < pos && has(c, k + 1, W_SAY))) {
      if (++gap > 8) return -1;
      i = k;
      continue;
    }
    if ((c->t->tok[k].flags & NG_TOK_POSS) && k + 1 < pos && has(c, k + 1, W_ACTOR)) {
      i = k; /* "Assad's forces attacked" */
      continue;
    }
    if (f & W_REL) { /* "Kerry, who spoke with", "the coalition that is conducting" */
      if (is(c, k, "that") && k > sb && !(c->ti[k - 1].m >= 0 || is(c, k - 1, ","))) return -1;
      i = k;
      if (i > sb && is(c, i - 1, ",")) i--;
      continue;
    }
    if (is(c, k, ",") && i == pos && c->ti[pos].len > 4 &&
        !strcmp(c->ti[pos].low + c->ti[pos].len - 3, "ing"))
      return clause_subject(c, k, p); /* "..., visiting Saudi Arabia on 11 December" */
    if (is(c, k, ",") && k > sb + 1 && c->ti[k - 1].m >= 0) {
      /* "The Minister for Central Asia, Tobias Ellwood, visited": the name
         set off by commas is the subject */
      int32_t mi = c->ti[k - 1].m;
      uint32_t j = M(c, mi)->tb;
      if (j > sb + 1 && is(c, j - 1, ",") && c->ti[j - 2].m >= 0 && named(c, mi) &&
          subject_ok(p, M(c, mi)) && !bare_demonym(c, M(c, mi)))
        return mi;
    }
    if (is(c, k, ",") || is(c, k, ")")) {
      /* an apposition: back to the comma (or bracket) that opens it, past at
         most three comma-separated pieces, to a name */
      const char *open = is(c, k, ")") ? "(" : ",";
      uint32_t lim = k > sb + 24 ? k - 24 : sb;
      int pieces = 0;
      bool found = false;
      for (uint32_t z = k; z > lim && !found; z--) {
        uint32_t y = z - 1;
        if (y != k && (is(c, y, open) || is(c, y, ","))) {
          if (y > sb && (c->ti[y - 1].m >= 0 ||
                         (p == NG_PRED_LOCATED_AT && base_description_at(c, y - 1) >= 0))) {
            i = y;
            found = true;
          } else if (++pieces > 3) {
            break;
          }
          continue;
        }
        if (is(c, y, ";") || is(c, y, ".") || is(c, y, ":") ||
            (c->t->tok[y].flags & NG_TOK_QUOTE) || has(c, y, W_SAY))
          break;
      }
      if (!found) return -1;
      continue;
    }
    return -1;
  }
  return -1;
}

/* subjects coordinated before subject s ("The United States and Australia
   strike ..."): appends to out after out[0] = s */
static size_t coordinated_left(const rctx *c, int32_t s, ng_pred p, int32_t *out, size_t max) {
  size_t n = 0;
  out[n++] = s;
  uint32_t j = phrase_start(c, s);
  while (n < max) {
    while (j > c->sb && has(c, j - 1, W_DET) && !has(c, j - 1, W_REL | W_NEG)) j--;
    if (j < c->sb + 2) break;
    uint32_t k = j - 1;
    /* the list must close with "and": "A, B and C met", not "The Minister
       for Central Asia, Tobias Ellwood, visited" */
    if (!(is(c, k, "and") || is(c, k, "or") || (n > 1 && is(c, k, ",")))) break;
    if (is(c, k, "and") && k > c->sb && is(c, k - 1, ",")) k--;
    if (k == c->sb) break;
    int32_t mi = c->ti[k - 1].m;
    if (mi < 0 || !named(c, mi) || !subject_ok(p, M(c, mi)) || bare_demonym(c, M(c, mi))) break;
    out[n++] = mi;
    j = phrase_start(c, mi);
  }
  return n;
}

/* ---- objects ---- */

/* nouns of deeds whose doer follows "by" */
static bool event_noun(const char *w) {
  static const char *const v[] = {"attack", "attacks", "bombing", "bombings", "killing",
                                  "killings", "shelling", "strike", "strikes", "assault",
                                  "actions", "action", "atrocities", "violence", "abuses",
                                  "liberation", "offensive", "campaign", NULL};
  for (const char *const *p = v; *p; p++)
    if (!strcmp(w, *p)) return true;
  return false;
}

/* a lower-case word with an adjective's ending ("national", "provincial",
   "democratic", "legitimate"): may stand before a name in any noun phrase */
static bool adjectival(const rctx *c, uint32_t k) {
  if (!is_lower_word(c, k) || has(c, k, W_PREP | W_CONJ | W_REL | W_DET | W_AUX | W_SAY | W_NEG))
    return false;
  const char *w = c->ti[k].low;
  size_t n = c->ti[k].len;
  static const char *const ends[] = {"al", "ic", "ive", "ous", "ern", "ary", "ate", "ian", NULL};
  for (const char *const *e = ends; *e; e++) {
    size_t en = strlen(*e);
    if (n > en + 2 && !strcmp(w + n - en, *e)) return true;
  }
  return false;
}

/* Skips what may stand before an object: determiners, numbers, adjectives,
 * "the government of", "the port city of" (places), and for platforms and
 * weapons up to three other lower-case words ("large Hip", "modern T-90"). */
static uint32_t skip_np_prefix(const rctx *c, uint32_t i, uint32_t se, ng_pred p) {
  int n = 0, free_words = 0;
  while (i < se && n < 6) {
    const tinfo *x = &c->ti[i];
    if (x->m >= 0) break;
    if (x->q >= 0) {
      const ng_ment *q = M(c, x->q);
      if (q->type != NG_MT_QUANTITY) break;
      i = q->te > i ? q->te : i + 1;
      n++;
      continue;
    }
    if (c->t->tok[i].flags & NG_TOK_NUM) {
      i++;
      n++;
      continue;
    }
    if ((x->f & W_DET) && !(x->f & (W_REL | W_NEG))) {
      i++;
      n++;
      continue;
    }
    if (!(c->t->tok[i].flags & NG_TOK_LOWER) &&
        ng_lex_is_honorific(c->lx, c->text + c->t->tok[i].begin,
                            c->t->tok[i].end - c->t->tok[i].begin)) {
      i++; /* "support for Mr. Assad" */
      n++;
      continue;
    }
    if ((p == NG_PRED_OPPOSES || p == NG_PRED_SUPPORTS) && event_noun(x->low) && i + 1 < se &&
        is(c, i + 1, "by")) {
      i += 2; /* "condemns the attack by ISIL", "welcomed the liberation by Iraqi forces" */
      n++;
      continue;
    }
    if ((x->f & (W_ACTOR | W_PLACEHEAD)) && i + 1 < se && is(c, i + 1, "of")) {
      i += 2; /* "the government of", "the people of", "the city of" */
      n++;
      continue;
    }
    if (x->f & W_ADJ) {
      i++;
      n++;
      continue;
    }
    if (adjectival(c, i)) {
      /* "national and provincial Iraqi officials", taken only if a name follows */
      uint32_t z = i;
      while (z < se && z < i + 5 &&
             (adjectival(c, z) || ((is(c, z, "and") || is(c, z, "or") || is(c, z, ",")) && z > i &&
                                   z + 1 < se && adjectival(c, z + 1))))
        z++;
      if (z < se && c->ti[z].m >= 0) {
        n++;
        i = z;
        continue;
      }
    }
    if (p == NG_PRED_LOCATED_AT && is_lower_word(c, i) && !(x->f & (W_PREP | W_CONJ | W_REL))) {
      /* "the ancient site of", "the northwestern port city of" */
      uint32_t z = i;
      while (z < se && z < i + 3 && is_lower_word(c, z) && !has(c, z, W_PREP | W_CONJ | W_REL)) z++;
      if (z + 1 < se && is(c, z, "of") && z > i && has(c, z - 1, W_PLACEHEAD) &&
          (c->ti[z + 1].m >= 0 || has(c, z + 1, W_DET))) {
        i = z + 1;
        n++;
        continue;
      }
    }
    if ((p == NG_PRED_DEPLOYS || p == NG_PRED_SUPPLIES || p == NG_PRED_LOCATED_AT) &&
        free_words < 3 && is_lower_word(c, i) && !verbish(c, i) && !(x->f & W_BASE) &&
        !(x->f & (W_PREP | W_CONJ | W_REL | W_AUX | W_SAY | W_CLAUSE | W_NEG | W_MODAL))) {
      /* "troop-transport", "northwestern port": words of the noun phrase,
         taken only if a name follows them */
      uint32_t z = i;
      while (z < se && z < i + 3 - free_words && is_lower_word(c, z) && !verbish(c, z) &&
             !has(c, z, W_BASE | W_PREP | W_CONJ | W_REL | W_AUX | W_SAY | W_CLAUSE | W_NEG | W_MODAL))
        z++;
      if (z >= se || c->ti[z].m < 0) break;
      free_words += (int)(z - i);
      n++;
      i = z;
      continue;
    }
    if ((p == NG_PRED_OPERATES || p == NG_PRED_LOCATED_AT) && (x->f & W_BASE) && i + 2 < se &&
        (is(c, i + 1, "at") || is(c, i + 1, "in") || is(c, i + 1, "near")) && c->ti[i + 2].m >= 0) {
      i += 2; /* "its naval base at Tartous" */
      n++;
      continue;
    }
    break;
  }
  return i;
}

/* The object named at token i (after skip_np_prefix), or -1; *after is the
 * token after its phrase. A demonym is an object only with an actor noun
 * ("the Syrian government"), a border word ("on the Syrian coast") or as the
 * country of a titled person, who is then the object ("his Russian
 * counterpart, Foreign Minister Sergei Lavrov"). */
static int32_t object_at(const rctx *c, uint32_t i, uint32_t se, ng_pred p, uint32_t *after,
                         int depth) {
  if (i >= se || depth > 3) return -1;
  int32_t mi = c->ti[i].m;
  if (mi < 0) {
    if (p == NG_PRED_LOCATED_AT || p == NG_PRED_OPERATES) {
      uint32_t k = i > c->sb && is(c, i - 1, "the") ? i - 1 : i;
      int32_t b = base_description(c, k, se, after);
      if (b >= 0 && object_ok(p, M(c, b))) return b;
    }
    /* a title before a name: "Foreign Minister Sergei Lavrov" */
    uint32_t k = skip_title(c, i, se);
    if (k > i && k < se && c->ti[k].m >= 0 && M(c, c->ti[k].m)->cls == NG_CLASS_PERSON)
      return object_at(c, k, se, p, after, depth + 1);
    return -1;
  }
  const ng_ment *m = M(c, mi);
  uint32_t te = m->te;
  if (bare_demonym(c, m)) {
    if (te < se && c->ti[te].m >= 0) return object_at(c, te, se, p, after, depth + 1);
    if (te < se && has(c, te, W_ACTOR) && object_ok(p, m) && named(c, mi)) {
      *after = te + 1;
      return mi;
    }
    if (p == NG_PRED_LOCATED_AT && te < se && named(c, mi) &&
        (has(c, te, W_GEO) || (te + 1 < se && is(c, te, "air") && is(c, te + 1, "space")))) {
      *after = te + 1 + !has(c, te, W_GEO);
      return mi;
    }
    uint32_t k = skip_title(c, te, se);
    if (k > te) {
      if (k < se && c->ti[k].m >= 0) return object_at(c, k, se, p, after, depth + 1);
      if (k + 1 < se && is(c, k, ",")) {
        uint32_t q = k + 1;
        if (c->ti[q].m < 0) q = skip_title(c, q, se);
        if (q < se && c->ti[q].m >= 0 && M(c, c->ti[q].m)->cls == NG_CLASS_PERSON)
          return object_at(c, q, se, p, after, depth + 1);
      }
    }
    return -1;
  }
  if (!named(c, mi)) return -1;
  if (m->cls != NG_CLASS_PERSON) {
    /* "the Pentagon press secretary, Peter Cook": the person; without a
       name the office is not its body */
    uint32_t k = skip_title(c, te, se);
    if (k > te) {
      if (k + 1 < se && is(c, k, ",") && c->ti[k + 1].m >= 0 &&
          M(c, c->ti[k + 1].m)->cls == NG_CLASS_PERSON)
        return object_at(c, k + 1, se, p, after, depth + 1);
      return -1;
    }
  }
  if (!object_ok(p, m)) {
    /* a modifier of the next name ("Mediterranean naval base at Tartous") */
    uint32_t k = te;
    while (k < se && k < te + 2 && is_lower_word(c, k) && !has(c, k, W_PREP | W_CONJ)) k++;
    if (k > te && k + 1 < se && (is(c, k, "at") || is(c, k, "in")) && has(c, k - 1, W_BASE) &&
        (p == NG_PRED_OPERATES || p == NG_PRED_LOCATED_AT))
      k++;
    if (k < se && c->ti[k].m >= 0) return object_at(c, k, se, p, after, depth + 1);
    return -1;
  }
  *after = te;
  if (te < se && has(c, te, W_ACTOR) && c->ti[te].m < 0) {
    *after = te + 1; /* "Islamic State group" */
  } else if (te < se && p == NG_PRED_SUPPORTS && is_lower_word(c, te) && !verbish(c, te) &&
             !(c->t->tok[te].flags & NG_TOK_POSS) &&
             !has(c, te, W_PREP | W_CONJ | W_REL | W_DET | W_AUX | W_MODAL | W_ADV | W_SAY |
                             W_CLAUSE | W_NEG)) {
    return -1; /* "defended Russian military aid": the aid, not the military */
  }
  return mi;
}

/* Objects from token `from`: the first object and the ones coordinated with
 * it ("T-90 tanks, howitzers, and armored personnel carriers"). Items joined
 * only by commas count once an "and"/"or" closes the list, so that "...
 * Assad, Iran said" does not take Iran. */
static size_t objects_right(rctx *c, uint32_t from, ng_pred p, int32_t *out, size_t max) {
  uint32_t se = c->se, after = 0;
  uint32_t i = skip_np_prefix(c, from, se, p);
  int32_t mi = object_at(c, i, se, p, &after, 0);
  if (mi < 0) return 0;
  size_t n = 0, sure = 1;
  out[n++] = mi;
  c->obj_end = after;
  while (n < max) {
    uint32_t k = after;
    if (k < se && is(c, k, "(")) { /* "Islamic State (ISIS)" */
      uint32_t z = k + 1;
      while (z < se && z < k + 8 && !is(c, z, ")")) z++;
      if (z >= se || !is(c, z, ")")) break;
      k = z + 1;
    }
    /* platform names may be followed by their type: "Hind helicopter gunships" */
    while (k < se && k < after + 2 && (p == NG_PRED_DEPLOYS || p == NG_PRED_SUPPLIES) &&
           is_lower_word(c, k) && !has(c, k, W_PREP | W_CONJ | W_REL | W_AUX | W_DET))
      k++;
    /* "visited Turkey on 4 April and Uzbekistan" */
    if (k + 1 < se && has(c, k, W_PREP) && c->ti[k + 1].q >= 0 &&
        M(c, c->ti[k + 1].q)->type == NG_MT_TEMPORAL) {
      uint32_t z = M(c, c->ti[k + 1].q)->te;
      if (z < se && (is(c, z, "and") || is(c, z, "or"))) k = z;
    }
    bool comma = false, conj = false;
    if (k < se && is(c, k, ",")) {
      if (p == NG_PRED_LOCATED_AT) break; /* "in Latakia, and the port city of Tartus" */
      k++;
      comma = true;
    }
    if (k < se && (is(c, k, "and") || is(c, k, "or"))) {
      k++;
      conj = true;
    } else if (k + 2 < se && is(c, k, "as") && is(c, k + 1, "well") && is(c, k + 2, "as")) {
      k += 3;
      conj = true;
    }
    if (!comma && !conj) break;
    uint32_t q = skip_np_prefix(c, k, se, p);
    int32_t mj = object_at(c, q, se, p, &after, 0);
    if (mj < 0) break;
    out[n++] = mj;
    if (conj) {
      sure = n;
      c->obj_end = after;
    }
  }
  return sure;
}

/* Objects to the left of a passive verb ("Two large Hip troop-transport
 * helicopters and two Hind helicopter gunships have been sent"): the noun
 * phrases before the auxiliaries, coordinated by "and" and commas. At least
 * one auxiliary is required (a bare participle may be an active verb). */
static size_t objects_left(const rctx *c, uint32_t pos, ng_pred p, bool located, int32_t *out,
                           size_t max) {
  uint32_t sb = c->sb, i = pos;
  int aux = 0;
  while (i > sb && has(c, i - 1, W_AUX | W_MODAL | W_ADV | W_NEG | W_HEDGE)) {
    if (has(c, i - 1, W_AUX)) aux++;
    i--;
  }
  if (!aux) return 0;
  size_t n = 0;
  int words = 0;
  while (i > sb && n < max) {
    uint32_t k = i - 1;
    const tinfo *x = &c->ti[k];
    if (x->m >= 0) {
      const ng_ment *m = M(c, x->m);
      /* a state is located somewhere only through its forces ("US troops") */
      bool forces = m->te < i && has(c, m->te, W_ACTOR);
      bool ok = located ? (named(c, x->m) && subject_ok(NG_PRED_LOCATED_AT, m) &&
                           (m->cls != NG_CLASS_COUNTRY || forces))
                        : (named(c, x->m) && object_ok(p, m));
      if (ok) out[n++] = x->m;
      else if (!bare_demonym(c, m)) break;
      i = m->tb;
      words = 0;
      continue;
    }
    if (x->q >= 0 || (c->t->tok[k].flags & NG_TOK_NUM) || (x->f & (W_DET | W_ADJ))) {
      i = x->q >= 0 && M(c, x->q)->tb < k ? M(c, x->q)->tb : k;
      continue;
    }
    if (is(c, k, ",") || is(c, k, "and")) {
      i = k;
      words = 0;
      continue;
    }
    if (is_lower_word(c, k) && !verbish(c, k) && !(x->f & (W_PREP | W_REL | W_SAY | W_CLAUSE)) &&
        ++words <= 2) {
      i = k;
      continue;
    }
    break;
  }
  return n;
}

/* ---- nuance and output ---- */

/* Negation and hedging of a claim whose trigger is tokens [tb, te) and whose
 * subject phrase ends at token s_end: "not"/"never" between subject and
 * trigger negate; "denied"/"rejected" anywhere earlier in the clause negate
 * what follows; modals, hedge adverbs, intent ("plans to"), "allegations
 * that", a conditional or a question hedge; so do unnamed sources
 * ("officials say", "a senior official said") and "according to". */
static void nuance(const rctx *c, uint32_t s_end, uint32_t tb, uint32_t te, bool *hedged,
                   bool *negated) {
  uint32_t sb = c->sb, se = c->se;
  *hedged = *negated = false;
  uint32_t cs = tb;
  while (cs > sb && !is(c, cs - 1, ";") && !(has(c, cs - 1, W_CLAUSE) && !has(c, cs - 1, W_PREP)))
    cs--;
  if (cs > sb && has(c, cs - 1, W_HEDGE)) *hedged = true; /* "if", "whether" */
  if (s_end > tb) s_end = tb;
  for (uint32_t k = s_end < cs ? cs : s_end; k < te; k++)
    if (has(c, k, W_NEG) && !(k + 1 < se && is(c, k + 1, "only"))) *negated = true;
  for (uint32_t k = cs; k < tb; k++) {
    uint32_t f = c->ti[k].f;
    if (f & W_DENY) *negated = true;
    if (f & (W_HEDGE | W_MODAL)) *hedged = true;
    if ((f & W_FUTURE) && k + 1 < se && is(c, k + 1, "to")) *hedged = true;
    if ((f & W_HEDGENOUN) && k + 1 < se && is(c, k + 1, "that")) *hedged = true;
  }
  for (uint32_t k = sb; k < se && !*hedged; k++) {
    if (has(c, k, W_REPORTER) && c->ti[k].m < 0)
      for (uint32_t j = k + 1; j < se && j <= k + 4; j++)
        if (has(c, j, W_SAY)) *hedged = true;
    if (is(c, k, "according") && k + 1 < se && is(c, k + 1, "to")) *hedged = true;
  }
  if (se > sb && is(c, se - 1, "?")) *hedged = true;
}

static void push_rel(rctx *c, int32_t s, int32_t o, int32_t o_lex, ng_pred p, uint32_t tb,
                     uint32_t te, const char *role, double conf, bool hedged, bool negated) {
  ng_relcands *r = c->out;
  if (s < 0 || (o < 0 && o_lex < 0)) return;
  if (o >= 0 && (s == o || (M(c, s)->cluster >= 0 && M(c, s)->cluster == M(c, o)->cluster)))
    return;
  if (o < 0 && M(c, s)->lex >= 0 && M(c, s)->lex == o_lex) return;
  uint32_t sent = c->t->tok[tb].sent; /* the evidence is the trigger's sentence */
  /* same pair, same predicate, same sentence: once (candidates come sentence
     by sentence, so only the tail needs looking at) */
  for (size_t i = r->n; i > 0 && r->v[i - 1].sent == sent; i--) {
    ng_relcand *y = &r->v[i - 1];
    if (y->s == s && y->o == o && y->o_lex == o_lex && y->pred == p) {
      if (conf > y->confidence && !y->negated) y->confidence = conf;
      return;
    }
  }
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
    if (i > tb && c->t->tok[i].begin > c->t->tok[i - 1].end) ng_buf_putc(&b, ' ');
    ng_buf_put(&b, c->text + c->t->tok[i].begin, c->t->tok[i].end - c->t->tok[i].begin);
  }
  x->trigger = ng_buf_take(&b);
  x->role = ng_xstrdup(role);
  if (conf < 0.3) conf = 0.3;
  x->confidence = hedged ? conf * 0.6 : conf;
  x->hedged = hedged;
  x->negated = negated;
}

/* one claim from a pattern: nuance from the words around the trigger */
static void emit(rctx *c, const trig *tg, int32_t s, int32_t o, uint32_t tb, uint32_t te,
                 uint32_t s_end, double conf) {
  if (s < 0 || o < 0) return;
  if (tg->reverse) {
    int32_t z = s;
    s = o;
    o = z;
  }
  if (!subject_ok(tg->pred, M(c, s)) || !object_ok(tg->pred, M(c, o))) return;
  bool hedged = false, negated = false;
  /* a relation inside one noun phrase ("Aleppo, Syria", "Islamic State in
     Syria") holds whatever the clause around it says */
  if (tg->fr != F_ADJACENT && tg->fr != F_INCLUDES) nuance(c, s_end, tb, te, &hedged, &negated);
  push_rel(c, s, o, -1, tg->pred, tb, te, NULL, conf, hedged, negated);
}

/* ---- frames ---- */

static bool match_trigger(const rctx *c, const trig *tg, uint32_t i, uint32_t *end) {
  uint32_t p = i, se = c->se;
  for (size_t k = 0; k < tg->n; k++) {
    const char *w = tg->w[k];
    if (w[0] == '*') {
      uint32_t maxg = w[1] == '*' ? 8 : 3;
      if (k + 1 >= tg->n) return false;
      bool ok = false;
      for (uint32_t g = 0; g <= maxg && p + g < se; g++) {
        uint32_t z = p + g;
        if (g > 0) { /* token z-1 joined the gap */
          uint32_t y = z - 1;
          if (c->ti[y].m >= 0 && M(c, c->ti[y].m)->cls == NG_CLASS_PERSON) break;
          if (is_punct(c, y) && (maxg == 3 || !(is(c, y, ",") || is(c, y, "(") || is(c, y, ")"))))
            break;
        }
        if (!strcmp(c->ti[z].low, tg->w[k + 1]) && c->ti[z].m < 0) {
          p = z;
          ok = true;
          break;
        }
      }
      if (!ok) return false;
      continue;
    }
    if (p >= se || strcmp(c->ti[p].low, w) || c->ti[p].m >= 0) return false;
    p++;
  }
  *end = p;
  return true;
}

/* prepositions after a noun trigger that introduce its object */
static bool noun_prep(ng_pred p, const char *w) {
  switch (p) {
  case NG_PRED_COMMUNICATED_WITH: return !strcmp(w, "with");
  case NG_PRED_SUPPORTS: return !strcmp(w, "for") || !strcmp(w, "to") || !strcmp(w, "of");
  case NG_PRED_OPPOSES:
    return !strcmp(w, "of") || !strcmp(w, "to") || !strcmp(w, "against") || !strcmp(w, "on") ||
           !strcmp(w, "toward") || !strcmp(w, "towards");
  case NG_PRED_FIGHTS_AGAINST:
    return !strcmp(w, "against") || !strcmp(w, "on") || !strcmp(w, "of");
  case NG_PRED_SUPPLIES: return !strcmp(w, "to") || !strcmp(w, "for");
  case NG_PRED_DEPLOYS: return !strcmp(w, "of");
  case NG_PRED_OPERATES: return !strcmp(w, "of") || !strcmp(w, "over");
  case NG_PRED_MEMBER_OF: return !strcmp(w, "of") || !strcmp(w, "in");
  case NG_PRED_LOCATED_AT:
    return !strcmp(w, "in") || !strcmp(w, "at") || !strcmp(w, "inside") || !strcmp(w, "to");
  default: return false;
  }
}

static bool speech_word(const rctx *c, uint32_t k) {
  return has(c, k, W_SAY) && c->ti[k].m < 0;
}

/* ", Kerry told reporters on Wednesday." closing the sentence after token
   pos: Kerry, else -1 */
static int32_t trailing_speaker(const rctx *c, uint32_t pos, ng_pred p) {
  for (uint32_t k = pos + 1; k + 1 < c->se; k++) {
    if (!is(c, k, ",") || c->ti[k + 1].m < 0) continue;
    int32_t mi = c->ti[k + 1].m;
    uint32_t v = M(c, mi)->te;
    if (v < c->se && speech_word(c, v) && named(c, mi) && subject_ok(p, M(c, mi)) &&
        M(c, mi)->cls == NG_CLASS_PERSON)
      return mi;
  }
  return -1;
}

/* "support for the Government of Iraq in the fight against ISIL": the one
   supported before "in" is the one fighting (not "include Assad in the
   fight", a proposal) */
static bool in_the_fight_of_supported(const rctx *c, uint32_t in) {
  if (in <= c->sb || c->ti[in - 1].m < 0) return false;
  uint32_t j = phrase_start(c, c->ti[in - 1].m);
  while (j > c->sb && has(c, j - 1, W_DET)) j--;
  return j > c->sb && (is(c, j - 1, "for") || is(c, j - 1, "to"));
}

/* The subject of a noun trigger: a possessor ("Russia's support for"), a
 * modifier ("Russian backing for", "U.S. airstrikes against"), or the subject
 * of a light verb before the noun ("held talks with", "stepping up its
 * support for", "is leading a campaign of air strikes against"). */
static int32_t noun_subject(const rctx *c, uint32_t i, ng_pred p, uint32_t *s_end) {
  uint32_t sb = c->sb, b = i;
  int adj = 0;
  while (b > sb && adj < 3 && is_lower_word(c, b - 1) &&
         !has(c, b - 1, W_PREP | W_CONJ | W_REL | W_SAY | W_AUX | W_DET | W_LIGHT | W_NEG)) {
    b--;
    adj++;
  }
  if (b > sb + 1 && (c->t->tok[b - 1].flags & NG_TOK_POSS) && c->ti[b - 2].m >= 0) {
    int32_t mi = c->ti[b - 2].m;
    *s_end = b;
    return named(c, mi) && subject_ok(p, M(c, mi)) ? mi : -1;
  }
  if (b > sb && c->ti[b - 1].m >= 0) {
    int32_t mi = c->ti[b - 1].m;
    *s_end = b;
    /* "Russian military aid": the name ends in an adjective, the aid is Russia's */
    if (has(c, M(c, mi)->te - 1, W_ADJ) && (c->t->tok[M(c, mi)->te - 1].flags & NG_TOK_LOWER))
      return -1;
    return named(c, mi) && subject_ok(p, M(c, mi)) ? mi : -1;
  }
  uint32_t k = b;
  for (int skip = 0; k > sb && skip < 6; skip++) {
    const tinfo *x = &c->ti[k - 1];
    if (x->m >= 0) return -1;
    if (is(c, k - 1, "in") && k < b && k - 1 > sb &&
        (is(c, k, "its") || is(c, k, "their") ||
         (is(c, k, "the") && in_the_fight_of_supported(c, k - 1)))) {
      /* "support for the Iraqi people in their fight against ISIL": the
         one named before "in" */
      uint32_t z = k - 1;
      if (z > sb && c->ti[z - 1].m < 0 && has(c, z - 1, W_ACTOR)) z--;
      int32_t mi = z > sb ? c->ti[z - 1].m : -1;
      *s_end = k - 1;
      if (mi < 0 && z == k - 1) return clause_subject(c, k - 1, p); /* "EU is united in its condemnation of" */
      return mi >= 0 && named(c, mi) && subject_ok(p, M(c, mi)) &&
                     (!bare_demonym(c, M(c, mi)) || z < k - 1)
                 ? mi
                 : -1;
    }
    if (is(c, k - 1, "in") && k == i && p == NG_PRED_SUPPORTS) { /* "in support of" */
      *s_end = k - 1;
      return clause_subject(c, k - 1, p);
    }
    if (p == NG_PRED_COMMUNICATED_WITH && (x->f & W_PREP) && !is(c, k - 1, "of")) {
      /* "raised these concerns in a call with", "at the start of a meeting
         with": the one who calls is the subject of the clause; "Mr. Kerry
         said in a telephone conversation with": the speaker; "The offer
         came in phone calls with Lavrov, Kerry told reporters": the one
         who reports his own calls */
      *s_end = k - 1;
      if (k - 1 > sb && speech_word(c, k - 2)) return subject_left(c, k - 2, p);
      int32_t cs = clause_subject(c, k - 1, p);
      if (cs < 0) cs = trailing_speaker(c, i, p);
      return cs;
    }
    if (x->q >= 0 || (c->t->tok[k - 1].flags & NG_TOK_NUM)) { /* "almost 8,000 strikes" */
      if (x->q >= 0 && M(c, x->q)->type != NG_MT_QUANTITY) return -1;
      k = x->q >= 0 && M(c, x->q)->tb < k - 1 ? M(c, x->q)->tb : k - 1;
      continue;
    }
    if ((x->f & W_LIGHT) && !(k - 1 > sb && has(c, k - 2, W_DET))) { /* not "the start of" */
      *s_end = k - 1;
      return subject_left(c, k - 1, p);
    }
    if ((x->f & (W_DET | W_ADJ | W_PARTICLE)) || is(c, k - 1, "of") ||
        (is_lower_word(c, k - 1) &&
         !(x->f & (W_PREP | W_CONJ | W_REL | W_SAY | W_CLAUSE | W_AUX | W_MODAL | W_NEG)))) {
      k--;
      continue;
    }
    return -1;
  }
  return -1;
}

/* the actor that opens the previous sentence of the same paragraph and is its
   subject ("Russia has continued its buildup in Syria."), for agentless
   passives of deployment ("Two Hip helicopters have been sent to the airfield") */
static int32_t previous_subject(const rctx *c) {
  if (!c->sent || (c->t->tok[c->sb].flags & NG_TOK_NL_BEFORE)) return -1;
  const ng_sentence *ps = &c->t->sent[c->sent - 1];
  uint32_t k = ps->tok_begin;
  if (k < ps->tok_end && is(c, k, "the")) k++;
  if (k >= ps->tok_end || c->ti[k].m < 0) return -1;
  int32_t mi = c->ti[k].m;
  const ng_ment *m = M(c, mi);
  if (!named(c, mi) || !is_actor(m) || bare_demonym(c, m) || m->te >= ps->tok_end) return -1;
  return has(c, m->te, W_AUX) || verbish(c, m->te) ? mi : -1;
}

static void frame_active(rctx *c, const trig *tg, uint32_t i, uint32_t te) {
  int32_t s = subject_left(c, i, tg->pred);
  if (s < 0) return;
  int32_t subs[8], objs[16];
  size_t ns = coordinated_left(c, s, tg->pred, subs, 8);
  size_t no = objects_right(c, te, tg->pred, objs, 16);
  for (size_t a = 0; a < ns; a++)
    for (size_t b = 0; b < no; b++) {
      uint32_t dist = M(c, objs[b])->tb > te ? M(c, objs[b])->tb - te : 0;
      emit(c, tg, subs[a], objs[b], i, te, M(c, s)->te, 0.8 - 0.02 * dist);
    }
  if (no && tg->pred == NG_PRED_DEPLOYS) {
    /* "has deployed T-90 tanks, howitzers and armored personnel carriers to
       Syria": the things are there */
    uint32_t k = c->obj_end;
    int32_t pl[1];
    if (k + 1 < c->se && (is(c, k, "to") || is(c, k, "at") || is(c, k, "in") || is(c, k, "into")) &&
        objects_right(c, k + 1, NG_PRED_LOCATED_AT, pl, 1)) {
      static const trig at = {NG_PRED_LOCATED_AT, F_ACTIVE, false, 1, {"to"}, 0};
      for (size_t b = 0; b < no; b++) emit(c, &at, objs[b], pl[0], i, te, M(c, s)->te, 0.7);
    }
  }
  if (tg->pred == NG_PRED_COMMUNICATED_WITH) {
    /* "Boris Johnson met ... Ibrahim al-Jaafari in London today", "will host
       foreign ministers of the Coalition in Washington": they were there */
    uint32_t k = no ? c->obj_end : te;
    for (uint32_t lim = k + 14; k + 1 < c->se && k < lim; k++) {
      if (c->ti[k].m >= 0) {
        if (M(c, c->ti[k].m)->cls == NG_CLASS_PERSON && !no) break;
        k = M(c, c->ti[k].m)->te - 1; /* "the Global Coalition to Counter ISIL" */
        continue;
      }
      if (is(c, k, ";") || is(c, k, ":") || is(c, k, "to") || (is_punct(c, k) && !is(c, k, ",")) ||
          (c->t->tok[k].flags & NG_TOK_QUOTE) || (has(c, k, W_CLAUSE) && !has(c, k, W_PREP)) ||
          has(c, k, W_SAY))
        break;
      if ((is(c, k, "in") || is(c, k, "at")) && c->ti[k + 1].m >= 0) break;
    }
    if (k + 1 < c->se && (is(c, k, "in") || is(c, k, "at")) && c->ti[k + 1].m >= 0) {
      int32_t pl = c->ti[k + 1].m;
      const ng_ment *pm = M(c, pl);
      if (named(c, pl) && !is_demonym(pm) &&
          (pm->cls == NG_CLASS_PLACE || pm->cls == NG_CLASS_MILITARY_BASE)) {
        static const trig at = {NG_PRED_LOCATED_AT, F_ADJACENT, false, 1, {"in"}, 0};
        for (size_t a = 0; a < ns; a++) emit(c, &at, subs[a], pl, k, k + 1, k, 0.6);
        for (size_t b = 0; b < no; b++) emit(c, &at, objs[b], pl, k, k + 1, k, 0.6);
      }
    }
  }
}

static void frame_passive(rctx *c, const trig *tg, uint32_t i, uint32_t te) {
  bool located = tg->pred == NG_PRED_LOCATED_AT;
  int32_t left[16], objs[8];
  size_t nl = objects_left(c, i, tg->pred, located, left, 16);
  if (!nl) return;
  if (located) {
    size_t no = objects_right(c, te, tg->pred, objs, 8);
    for (size_t a = 0; a < nl; a++)
      for (size_t b = 0; b < no; b++) emit(c, tg, left[a], objs[b], i, te, i, 0.7);
    return;
  }
  int32_t s = -1;
  double conf = 0.7;
  for (uint32_t j = te; j < c->se && j < te + 5; j++)
    if (is(c, j, "by")) {
      if (objects_right(c, j + 1, NG_PRED_SUPPORTS, objs, 1)) s = objs[0];
      break;
    }
  if (s < 0 && (tg->pred == NG_PRED_DEPLOYS || tg->pred == NG_PRED_SUPPLIES)) {
    s = previous_subject(c);
    conf = 0.5;
  }
  for (size_t a = 0; a < nl; a++) emit(c, tg, s, left[a], i, te, i, conf);
}

static void frame_noun(rctx *c, const trig *tg, uint32_t i, uint32_t te) {
  if (te >= c->se || !noun_prep(tg->pred, c->ti[te].low)) return;
  uint32_t s_end = i;
  int32_t s = noun_subject(c, i, tg->pred, &s_end);
  int32_t objs[16];
  if (s < 0 && tg->pred == NG_PRED_DEPLOYS) {
    /* "the arrival of Russian tanks": the demonym of the things deployed */
    uint32_t k = skip_np_prefix(c, te + 1, c->se, NG_PRED_SUPPORTS);
    if (k < c->se && c->ti[k].m >= 0 && is_demonym(M(c, c->ti[k].m)) && named(c, c->ti[k].m) &&
        k + 1 < c->se && c->ti[k + 1].m >= 0) {
      s = c->ti[k].m;
      s_end = i;
    }
  }
  if (s < 0 && !strcmp(c->ti[te].low, "of")) {
    /* "the use of chemical weapons by Daesh": the agent after the objects */
    size_t no = objects_right(c, te + 1, tg->pred, objs, 16);
    uint32_t k = c->obj_end;
    int32_t by[1];
    if (no && k + 1 < c->se && is(c, k, "by") && objects_right(c, k + 1, NG_PRED_SUPPORTS, by, 1)) {
      for (size_t b = 0; b < no; b++) emit(c, tg, by[0], objs[b], i, te + 1, i, 0.65);
    }
    return;
  }
  if (s < 0) return;
  /* negation counts from the subject: "the UN has still not been given access to" */
  if (M(c, s)->te <= i && M(c, s)->te < s_end) s_end = M(c, s)->te;
  size_t no = objects_right(c, te + 1, tg->pred, objs, 16);
  for (size_t b = 0; b < no; b++) emit(c, tg, s, objs[b], i, te + 1, s_end, 0.7);
}

/* "Assad's ally Russia", "Britain, one of Assad's staunchest Western
   opponents", "France, another fierce Assad opponent", "Iran is Assad's
   closest ally" */
static void frame_possessive(rctx *c, const trig *tg, uint32_t i, uint32_t te) {
  uint32_t sb = c->sb, se = c->se, k = i;
  int adj = 0;
  while (k > sb && adj < 3 && c->ti[k - 1].m < 0 && !is_punct(c, k - 1) &&
         !has(c, k - 1, W_PREP | W_CONJ | W_REL | W_SAY | W_AUX | W_DET | W_VERB)) {
    k--;
    adj++;
  }
  if (k <= sb) return;
  bool poss = (c->t->tok[k - 1].flags & NG_TOK_POSS) != 0;
  uint32_t ok_tok = poss ? k - 2 : k - 1;
  if (poss && k < sb + 2) return;
  int32_t o = c->ti[ok_tok].m;
  if (o < 0 || !named(c, o)) return;
  /* subject after: "Assad's ally, Russia" */
  if (poss) {
    uint32_t j = te;
    if (j < se && is(c, j, ",")) j++;
    int32_t mi = j < se ? c->ti[j].m : -1;
    if (mi >= 0 && named(c, mi) && !bare_demonym(c, M(c, mi))) {
      emit(c, tg, mi, o, i, te, i, 0.75);
      return;
    }
  }
  /* subject before, in apposition or with a copula */
  uint32_t j = M(c, o)->tb;
  int skip = 0;
  while (j > sb && skip < 3 && (has(c, j - 1, W_DET | W_ADJ) || is(c, j - 1, "one") ||
                                (is(c, j - 1, "of") && j > sb + 1 && is(c, j - 2, "one")))) {
    j--;
    skip++;
  }
  if (j > sb + 1 && is(c, j - 1, ",")) {
    int32_t mi = c->ti[j - 2].m;
    if (mi >= 0 && named(c, mi) && !bare_demonym(c, M(c, mi)))
      emit(c, tg, mi, o, i, te, i, 0.75);
  } else if (j > sb && has(c, j - 1, W_AUX)) {
    int32_t mi = subject_left(c, j, tg->pred);
    if (mi >= 0) emit(c, tg, mi, o, i, te, M(c, mi)->te, 0.7);
  }
}

/* "Andrew J. Tabler, an expert on Syria at the Washington Institute" */
static void frame_appos(rctx *c, const trig *tg, uint32_t i, uint32_t te) {
  uint32_t sb = c->sb, k = i;
  int skip = 0;
  while (k > sb && skip < 4 && c->ti[k - 1].m < 0 && !is_punct(c, k - 1) &&
         !has(c, k - 1, W_PREP | W_CONJ | W_REL | W_SAY | W_AUX | W_VERB)) {
    k--;
    skip++;
  }
  if (k < sb + 2 || !is(c, k - 1, ",")) return;
  int32_t s = c->ti[k - 2].m;
  if (s < 0 || !named(c, s) || !subject_ok(tg->pred, M(c, s)) || bare_demonym(c, M(c, s))) return;
  /* role nouns ("an expert at") are said of people; "as part of", "a member
     of" of any actor */
  if (M(c, s)->cls != NG_CLASS_PERSON && !is(c, i, "as") && !is(c, i, "a") &&
      !is(c, i, "part") && !is(c, i, "one"))
    return;
  int32_t objs[2];
  if (objects_right(c, te, tg->pred, objs, 1)) emit(c, tg, s, objs[0], i, te, i, 0.75);
}

/* "Islamic State in Syria", "Tartous on the Syrian coast", "Latakia, Syria" */
static void frame_adjacent(rctx *c, const trig *tg, uint32_t i, uint32_t te) {
  uint32_t sb = c->sb, se = c->se, k = i;
  if (k > sb && c->ti[k - 1].m < 0 && has(c, k - 1, W_ACTOR | W_PLACEHEAD) &&
      !has(c, k - 1, W_REPORTER) && strcmp(tg->w[0], ","))
    k--; /* "ISIL forces in", "Al-Raqqa province in" */
  if (!strcmp(tg->w[0], "of") && k == i) return; /* only "the Karrada district of Baghdad" */
  if (k == sb || c->ti[k - 1].m < 0) return;
  int32_t s = c->ti[k - 1].m;
  const ng_ment *sm = M(c, s);
  if (!named(c, s) || !subject_ok(tg->pred, sm)) return;
  if (sm->cls == NG_CLASS_COUNTRY && tg->pred == NG_PRED_LOCATED_AT) return;
  if (sm->cls == NG_CLASS_ORGANIZATION && sm->tb > sb &&
      (is(c, phrase_start(c, s) - 1, "at") ||
       (phrase_start(c, s) > sb + 1 && has(c, phrase_start(c, s) - 1, W_DET) &&
        is(c, phrase_start(c, s) - 2, "at"))))
    return; /* "speaking at the Collective Security Treaty Organization in Dushanbe": a venue */
  if (!strcmp(tg->w[0], "on")) {
    /* "on the Syrian coast", "on Turkish soil" — not "a conference on Syria" */
    uint32_t j = te;
    while (j < se && has(c, j, W_DET)) j++;
    if (!(j + 1 < se && c->ti[j].m >= 0 && is_demonym(M(c, c->ti[j].m)) &&
          M(c, c->ti[j].m)->te == j + 1 && has(c, j + 1, W_GEO)))
      return;
  }
  if (strcmp(tg->w[0], ",")) {
    int32_t objs[8];
    size_t no = objects_right(c, te, tg->pred, objs, 8);
    for (size_t b = 0; b < no; b++) emit(c, tg, s, objs[b], i, te, i, 0.6);
    return;
  }
  /* "Karrada, Baghdad": a place and its country, not a list of places */
  if (sm->cls != NG_CLASS_PLACE && sm->cls != NG_CLASS_MILITARY_BASE) return;
  if (te >= se || c->ti[te].m < 0) return;
  int32_t o = c->ti[te].m;
  const ng_ment *om = M(c, o);
  if (!named(c, o) || om->cls != NG_CLASS_COUNTRY || is_demonym(om) || om->te > se) return;
  uint32_t j = sm->tb;
  while (j > sb && has(c, j - 1, W_DET)) j--;
  if (j > sb && (is(c, j - 1, ",") || is(c, j - 1, "and"))) return;
  if (om->te < se && (is(c, om->te, "and") || is(c, om->te, "or") ||
                      (is(c, om->te, ",") && om->te + 1 < se && c->ti[om->te + 1].m >= 0)))
    return;
  if (sm->lex >= 0 && om->lex >= 0) {
    const ng_lex_entry *se_ = ng_lex_entry_at(c->lx, (uint32_t)sm->lex);
    const ng_lex_entry *oe = ng_lex_entry_at(c->lx, (uint32_t)om->lex);
    if (se_->country && strcmp(se_->country, oe->canonical)) return;
  }
  emit(c, tg, s, o, i, te, i, 0.7);
}

/* "talks between Washington and Moscow" */
static void frame_between(rctx *c, const trig *tg, uint32_t i, uint32_t te) {
  /* "the agreement reached yesterday between", "talks on 2 December between" */
  for (int gap = 0; te < c->se && gap < 4 && !is(c, te, "between"); gap++) {
    if (c->ti[te].q >= 0 && M(c, c->ti[te].q)->type == NG_MT_TEMPORAL) te = M(c, c->ti[te].q)->te;
    else if (verbish(c, te) || is(c, te, "on") || is(c, te, "in")) te++;
    else return;
  }
  if (te >= c->se || !is(c, te, "between")) return;
  int32_t objs[4];
  size_t no = objects_right(c, te + 1, tg->pred, objs, 4);
  if (no >= 2) emit(c, tg, objs[0], objs[1], i, te + 1, i, 0.75);
}

/* "The Prime Minister and President Hollande met" */
static void frame_mutual(rctx *c, const trig *tg, uint32_t i, uint32_t te) {
  int32_t s = subject_left(c, i, tg->pred), subs[4], objs[2];
  if (s < 0) return;
  if (coordinated_left(c, s, tg->pred, subs, 4) < 2) return;
  uint32_t k = te;
  if (k < c->se && is(c, k, "with")) k++;
  if (objects_right(c, k, tg->pred, objs, 1)) return; /* "A and B met C": not with each other */
  emit(c, tg, subs[1], subs[0], i, te, M(c, s)->te, 0.7);
}

/* "key towns in Northern Iraq including Rabiyah and Zumar", "Iraqi
   territory, including Tikrit": each named place lies in the one before */
static void frame_includes(rctx *c, const trig *tg, uint32_t i, uint32_t te) {
  uint32_t k = i;
  if (k > c->sb && is(c, k - 1, ",")) k--;
  if (k == c->sb) return;
  int32_t o = c->ti[k - 1].m;
  if (o < 0 && k > c->sb + 1 && has(c, k - 1, W_GEO | W_PLACEHEAD)) o = c->ti[k - 2].m; /* "Iraqi territory" */
  if (o < 0 || !named(c, o) || !object_ok(tg->pred, M(c, o))) return;
  if (is_demonym(M(c, o)) && !has(c, M(c, o)->te - 1, W_GEO) &&
      !(M(c, o)->te < k && has(c, M(c, o)->te, W_GEO)))
    return;
  int32_t subs[8];
  size_t n = objects_right(c, te, NG_PRED_LOCATED_AT, subs, 8);
  for (size_t a = 0; a < n; a++)
    if (M(c, subs[a])->cls == NG_CLASS_PLACE || M(c, subs[a])->cls == NG_CLASS_MILITARY_BASE)
      emit(c, tg, subs[a], o, i, te, i, 0.6);
}

/* A sentence that opens with its place ("In Baghdad on November 22, Deputy
 * Secretary Blinken will meet ...", "Today at the Iraqi Museum in Baghdad,
 * the U.S. Embassy Charge d'Affaires, Jonathan Cohen and Dr. Ahmed Kamil
 * Murad announced ..."): the people who are its subject are there. */
static void fronted_place(rctx *c) {
  uint32_t k = c->sb, se = c->se;
  if (k < se && c->ti[k].q >= 0 && M(c, c->ti[k].q)->type == NG_MT_TEMPORAL) k = M(c, c->ti[k].q)->te;
  if (k + 1 >= se || !(is(c, k, "in") || is(c, k, "at"))) return;
  uint32_t q = k + 1;
  while (q < se && has(c, q, W_DET)) q++;
  if (q >= se || c->ti[q].m < 0) return;
  int32_t pl = c->ti[q].m;
  const ng_ment *pm = M(c, pl);
  if (!named(c, pl) || bare_demonym(c, pm) || !object_ok(NG_PRED_LOCATED_AT, pm)) return;
  uint32_t j = pm->te;
  for (int guard = 0; j < se && guard < 8 && !is(c, j, ","); guard++) { /* "in Baghdad", "on November 22" */
    if (c->ti[j].m >= 0) j = M(c, c->ti[j].m)->te;
    else if (c->ti[j].q >= 0) j = M(c, c->ti[j].q)->te;
    else if (has(c, j, W_PREP | W_DET)) j++;
    else break;
  }
  if (j >= se) return;
  if (is(c, j, ",")) j++;
  /* the subject: a person named right here, with the ones coordinated with it */
  int32_t people[6];
  size_t n = 0;
  for (uint32_t z = j; z < se && z < j + 24 && n < 6; z++) {
    int32_t mi = c->ti[z].m;
    if (mi < 0) {
      if (verbish(c, z) || has(c, z, W_AUX | W_MODAL | W_SAY) || c->ti[z].tlo < c->ti[z].thi)
        break; /* the verb: the subject is complete */
      continue;
    }
    const ng_ment *m = M(c, mi);
    if (m->cls == NG_CLASS_PERSON && named(c, mi) && m->type == NG_MT_PERSON) people[n++] = mi;
    z = m->te - 1;
  }
  static const trig at = {NG_PRED_LOCATED_AT, F_ADJACENT, false, 1, {"in"}, 0};
  for (size_t a = 0; a < n; a++) emit(c, &at, people[a], pl, k, k + 1, k, 0.55);
}

/* "the Federal Government of Iraq, led by Prime Minister Haider Al Abadi":
   the person holds an office in the body named before */
static void frame_ledby(rctx *c, const trig *tg, uint32_t i, uint32_t te) {
  uint32_t k = i;
  if (k > c->sb && is(c, k - 1, ",")) k--;
  if (k == c->sb || c->ti[k - 1].m < 0) return;
  int32_t o = c->ti[k - 1].m;
  if (!named(c, o) || bare_demonym(c, M(c, o)) || !object_ok(tg->pred, M(c, o))) return;
  uint32_t q = te, after = 0;
  while (q < c->se && has(c, q, W_DET)) q++;
  int32_t s = object_at(c, q, c->se, NG_PRED_COMMUNICATED_WITH, &after, 0);
  if (s >= 0 && M(c, s)->cls == NG_CLASS_PERSON && !(after < c->se && (c->t->tok[after].flags & NG_TOK_POSS)))
    emit(c, tg, s, o, i, te, i, 0.7); /* not "led by Lavrov's deputy" */
}

/* "pushed ISIL out of Kobane": fought, and no longer there */
static void frame_expel(rctx *c, const trig *tg, uint32_t i, uint32_t te) {
  int32_t s = subject_left(c, i, tg->pred), objs[4], pl[4];
  size_t no = objects_right(c, te, tg->pred, objs, 4);
  if (!no) return;
  uint32_t k = c->obj_end;
  if (k < c->se && is(c, k, "out")) k++;
  if (k >= c->se || !(is(c, k, "of") || is(c, k, "from"))) return;
  size_t np = objects_right(c, k + 1, NG_PRED_LOCATED_AT, pl, 4);
  for (size_t b = 0; b < no; b++) {
    if (s >= 0) emit(c, tg, s, objs[b], i, te, M(c, s)->te, 0.75);
    for (size_t q = 0; q < np; q++)
      if (subject_ok(NG_PRED_LOCATED_AT, M(c, objs[b]))) {
        bool hedged, negated;
        nuance(c, i, i, te, &hedged, &negated);
        push_rel(c, objs[b], pl[q], -1, NG_PRED_LOCATED_AT, i, k + 1, NULL, 0.65, hedged, true);
      }
  }
}

static void pattern_pass(rctx *c) {
  fronted_place(c);
  for (uint32_t i = c->sb; i < c->se; i++) {
    const tinfo *x = &c->ti[i];
    if (x->tlo == x->thi || (x->m >= 0 && strcmp(x->low, ","))) continue;
    for (uint32_t k = x->tlo; k < x->thi; k++) {
      const trig *tg = &c->ix->t[k];
      uint32_t te;
      if (!match_trigger(c, tg, i, &te)) continue;
      switch (tg->fr) {
      case F_ACTIVE: frame_active(c, tg, i, te); break;
      case F_PASSIVE: frame_passive(c, tg, i, te); break;
      case F_NOUN: frame_noun(c, tg, i, te); break;
      case F_POSSESSIVE: frame_possessive(c, tg, i, te); break;
      case F_APPOS: frame_appos(c, tg, i, te); break;
      case F_ADJACENT: frame_adjacent(c, tg, i, te); break;
      case F_BETWEEN: frame_between(c, tg, i, te); break;
      case F_MUTUAL: frame_mutual(c, tg, i, te); break;
      case F_INCLUDES: frame_includes(c, tg, i, te); break;
      case F_LEDBY: frame_ledby(c, tg, i, te); break;
      case F_EXPEL: frame_expel(c, tg, i, te); break;
      default: break;
      }
    }
  }
}

/* ---- offices ---- */

/* role nouns of the title list that name no office ("Andrew Tabler, an
   expert on Syria"): memberOf patterns read those */
static bool not_an_office(const ng_lex_entry *te) {
  static const char *const roles[] = {"Analyst", "Senior Fellow", "Researcher", "Professor",
                                      "Expert", NULL};
  for (const char *const *r = roles; *r; r++)
    if (!strcmp(te->canonical, *r)) return true;
  return false;
}

/* "former President", "ex-minister", "the late King": no office now */
static bool former_title(const rctx *c, uint32_t tb) {
  if (tb <= c->sb) return false;
  const char *w = c->ti[tb - 1].low;
  return !strcmp(w, "former") || !strcmp(w, "ex") || !strcmp(w, "late") ||
         !strcmp(w, "then") || !strcmp(w, "outgoing") || !strncmp(c->ti[tb].low, "ex-", 3);
}

static bool gov_body(const ng_lex_entry *e) {
  return e->kind == NG_LEX_KIND_ENTITY && e->cls == NG_CLASS_ORGANIZATION && e->country &&
         e->subkind &&
         (!strcmp(e->subkind, "ministry") || !strcmp(e->subkind, "agency") ||
          !strcmp(e->subkind, "military") || !strcmp(e->subkind, "government") ||
          !strcmp(e->subkind, "legislature"));
}

/* The country whose government bodies the article names most (at least
 * twice, and twice as often as any other): the home of offices named without
 * a country ("Defense Secretary Ashton B. Carter" in a report that quotes the
 * Pentagon and the State Department). NULL if there is no clear one. */
static const char *home_country(const rctx *c) {
  const char *best = NULL, *second = NULL;
  unsigned nb = 0, n2 = 0;
  for (size_t i = 0; i < c->m->n; i++) {
    const ng_ment *m = &c->m->v[i];
    if (m->lex < 0 || m->type >= NG_MT_TEMPORAL) continue;
    const ng_lex_entry *e = ng_lex_entry_at(c->lx, (uint32_t)m->lex);
    if (!gov_body(e)) continue;
    if (best && !strcmp(best, e->country)) {
      nb++;
    } else if (second && !strcmp(second, e->country)) {
      if (++n2 > nb) {
        const char *t = best;
        unsigned tn = nb;
        best = second;
        nb = n2;
        second = t;
        n2 = tn;
      }
    } else if (!best) {
      best = e->country;
      nb = 1;
    } else if (!second || n2 <= 1) {
      second = e->country;
      n2 = 1;
    }
  }
  return best && nb >= 2 && nb >= 2 * n2 ? best : NULL;
}

/* officialOf from titles before and after the names of one sentence's people */
static void title_pass(rctx *c, size_t mfrom, size_t mto, const char *home,
                       const bool *qualified) {
  for (size_t i = mfrom; i < mto; i++) {
    const ng_ment *m = &c->m->v[i];
    if (m->cls != NG_CLASS_PERSON || m->type != NG_MT_PERSON || m->title < 0 || !named(c, (int32_t)i))
      continue;
    const ng_lex_entry *te = ng_lex_entry_at(c->lx, (uint32_t)m->title);
    uint32_t first = m->title_of >= 0 && M(c, m->title_of)->tb < m->title_tb ? M(c, m->title_of)->tb
                                                                            : m->title_tb;
    if (not_an_office(te) || former_title(c, first) || former_title(c, m->title_tb)) continue;
    const ng_ment *qual = m->title_of >= 0 ? M(c, m->title_of) : NULL;
    if (qual && !is_demonym(qual) && qual->tb > c->sb && has(c, qual->tb - 1, W_PREP)) {
      /* "In Turkey Minister Ellwood met ...": a place, not the office's country */
    } else if (m->title_of >= 0) {
      push_rel(c, (int32_t)i, m->title_of, -1, NG_PRED_OFFICIAL_OF, m->title_tb, m->title_te,
               te->canonical, 0.9, false, false);
    } else if (te->org) {
      const ng_lex_entry *oe = ng_lex_find_canonical(c->lx, NG_CLASS_ORGANIZATION, te->org);
      if (!oe) oe = ng_lex_find_canonical(c->lx, NG_CLASS_COUNTRY, te->org);
      if (oe)
        push_rel(c, (int32_t)i, -1, (int32_t)oe->id, NG_PRED_OFFICIAL_OF, m->title_tb,
                 m->title_te, te->canonical, 0.8, false, false);
    } else if (home && !qualified[m->cluster] && te->subkind &&
               (!strcmp(te->subkind, "minister") || !strcmp(te->subkind, "official") ||
                !strcmp(te->subkind, "spokesperson") || !strcmp(te->subkind, "military") ||
                !strcmp(te->subkind, "head"))) {
      /* a national office without a country: the article's home country,
         if a body of that country is named in the same sentence */
      bool seen = false;
      for (size_t j = mfrom; j < mto && !seen; j++) {
        const ng_ment *b = &c->m->v[j];
        if (b->lex < 0 || b->type >= NG_MT_TEMPORAL) continue;
        const ng_lex_entry *e = ng_lex_entry_at(c->lx, (uint32_t)b->lex);
        if (!gov_body(e) || strcmp(e->country, home)) continue;
        /* a body of the home country, with no other country named between
           it and the person */
        seen = true;
        size_t lo = j < i ? j : i, hi = j < i ? i : j;
        for (size_t q = lo + 1; q < hi; q++) {
          const ng_ment *x = &c->m->v[q];
          if (x->lex < 0 || x->type >= NG_MT_TEMPORAL) continue;
          const ng_lex_entry *xe = ng_lex_entry_at(c->lx, (uint32_t)x->lex);
          if ((x->cls == NG_CLASS_COUNTRY && strcmp(xe->canonical, home)) ||
              (x->cls != NG_CLASS_COUNTRY && xe->country && strcmp(xe->country, home)))
            seen = false;
        }
      }
      /* "his Russian counterpart, Foreign Minister Sergei Lavrov" */
      if (m->title_tb > c->sb + 1 && is(c, m->title_tb - 1, ",")) seen = false;
      const ng_lex_entry *ce = ng_lex_find_canonical(c->lx, NG_CLASS_COUNTRY, home);
      if (seen && ce)
        push_rel(c, (int32_t)i, -1, (int32_t)ce->id, NG_PRED_OFFICIAL_OF, m->title_tb,
                 m->title_te, te->canonical, 0.6, false, false);
    }
  }
  /* names that say whose body they are: "Russian Foreign Ministry",
     "U.S. State Department" — an organisation whose name holds its own
     country's name or demonym is partOf that country (the lexicon says
     which country the body belongs to; the text must say it too) */
  for (size_t i = mfrom; i < mto; i++) {
    const ng_ment *m = &c->m->v[i];
    if (m->lex < 0 || m->cls != NG_CLASS_ORGANIZATION || m->type >= NG_MT_TEMPORAL ||
        !named(c, (int32_t)i))
      continue;
    const ng_lex_entry *e = ng_lex_entry_at(c->lx, (uint32_t)m->lex);
    if (!gov_body(e) || m->te - m->tb < 2) continue; /* not "Syrian opposition" */
    const ng_lex_entry *ce = ng_lex_find_canonical(c->lx, NG_CLASS_COUNTRY, e->country);
    if (!ce) continue;
    ng_span sp[1] = {{.p = c->text + c->t->tok[m->tb].begin,
                      .n = c->t->tok[m->tb].end - c->t->tok[m->tb].begin}};
    ng_lex_hit hits[8];
    size_t nh;
    bool names_country = false;
    if (ng_lex_match(c->lx, sp, 1, 0, hits, 8, &nh) == 1)
      for (size_t h = 0; h < nh; h++)
        if (hits[h].entry == ce->id) names_country = true;
    if (names_country)
      push_rel(c, (int32_t)i, -1, (int32_t)ce->id, NG_PRED_PART_OF, m->tb, m->tb + 1, NULL, 0.8,
               false, false);
  }
  /* a title set off before the name: "Minister for the Middle East, Tobias
     Ellwood", "The Foreign Secretary, Boris Johnson, said" */
  for (size_t i = mfrom; i < mto; i++) {
    const ng_ment *m = &c->m->v[i];
    if (m->cls != NG_CLASS_PERSON || m->type != NG_MT_PERSON || m->title >= 0 ||
        !named(c, (int32_t)i) || m->tb < c->sb + 2 || !is(c, m->tb - 1, ","))
      continue;
    uint32_t comma = m->tb - 1;
    for (uint32_t k = comma > c->sb + 7 ? comma - 7 : c->sb; k < comma; k++) {
      if (k > c->sb && !has(c, k - 1, W_DET) && !is_punct(c, k - 1) &&
          !(c->t->tok[k].flags & NG_TOK_SENT_START))
        continue; /* the title opens the phrase */
      int32_t entry = -1;
      uint32_t end = k;
      const ng_ment *d = c->ti[k].m >= 0 ? M(c, c->ti[k].m) : NULL;
      if (d && (d->flags & NG_M_DESCRIPTION) && d->title >= 0 && d->te == comma) {
        entry = d->title;
        end = d->te;
      } else {
        entry = title_span(c, k, comma, &end);
      }
      if (end != comma || entry < 0) continue;
      const ng_lex_entry *te = ng_lex_entry_at(c->lx, (uint32_t)entry);
      const ng_lex_entry *oe =
          te->org ? ng_lex_find_canonical(c->lx, NG_CLASS_ORGANIZATION, te->org) : NULL;
      if (!oe && te->org) oe = ng_lex_find_canonical(c->lx, NG_CLASS_COUNTRY, te->org);
      int32_t qual = -1; /* "the British foreign secretary, Philip Hammond" */
      for (uint32_t q = k; q < comma; q++)
        if (c->ti[q].m >= 0 && c->ti[q].m != (int32_t)i && named(c, c->ti[q].m) &&
            (M(c, c->ti[q].m)->cls == NG_CLASS_COUNTRY ||
             M(c, c->ti[q].m)->cls == NG_CLASS_ORGANIZATION))
          qual = c->ti[q].m;
      if (qual >= 0)
        push_rel(c, (int32_t)i, qual, -1, NG_PRED_OFFICIAL_OF, k, comma, te->canonical, 0.8,
                 false, false);
      else if (oe)
        push_rel(c, (int32_t)i, -1, (int32_t)oe->id, NG_PRED_OFFICIAL_OF, k, comma,
                 te->canonical, 0.75, false, false);
      break;
    }
  }
  /* "NATO-member Turkey": the body named in a "-member" compound */
  for (size_t i = mfrom; i + 1 < mto; i++) {
    const ng_ment *m = &c->m->v[i], *n = &c->m->v[i + 1];
    const char *tok = c->text + c->t->tok[m->tb].begin;
    size_t tl = c->t->tok[m->tb].end - c->t->tok[m->tb].begin;
    if (m->cls != NG_CLASS_ORGANIZATION || tl < 8 || memcmp(tok + tl - 7, "-member", 7) ||
        n->tb != m->tb + 1 || n->cls != NG_CLASS_COUNTRY)
      continue;
    push_rel(c, (int32_t)(i + 1), (int32_t)i, -1, NG_PRED_MEMBER_OF, m->tb, m->tb + 1, NULL, 0.8,
             false, false);
  }
  /* apposition after a person: "Peter Cook, the Pentagon press secretary",
     "Lloyd Austin, the chief of the US Central Command", "Sergei K. Shoigu,
     the Russian minister of defense" */
  for (size_t i = mfrom; i < mto; i++) {
    const ng_ment *m = &c->m->v[i];
    if (m->cls != NG_CLASS_PERSON || m->type != NG_MT_PERSON || !named(c, (int32_t)i)) continue;
    uint32_t se = c->se;
    uint32_t j = m->te;
    if (j >= se || !is(c, j, ",")) continue;
    j++;
    if (j < se && (is(c, j, "the") || is(c, j, "a") || is(c, j, "his") || is(c, j, "her"))) j++;
    int32_t org = -1;
    uint32_t tb = 0, tlen = 0;
    int32_t tentry = -1;
    for (uint32_t k = j; k < se && k < j + 9; k++) {
      if (is(c, k, ",") || is(c, k, ";")) break;
      int32_t mk = c->ti[k].m;
      if (mk >= 0 && named(c, mk) &&
          (M(c, mk)->cls == NG_CLASS_ORGANIZATION || M(c, mk)->cls == NG_CLASS_COUNTRY) && org < 0 &&
          !(k > j && (is(c, k - 1, "on") || is(c, k - 1, "in") || is(c, k - 1, "to"))))
        org = mk; /* not the topic ("an expert on Syria") or a place ("envoy in Iraq") */
      if (mk >= 0 && (M(c, mk)->flags & NG_M_DESCRIPTION) && M(c, mk)->title >= 0 &&
          tentry < 0 && k == M(c, mk)->tb) { /* ", Minister for the Middle East" */
        tentry = M(c, mk)->title;
        tb = k;
        tlen = M(c, mk)->te - k;
        k = M(c, mk)->te - 1;
        continue;
      }
      if (mk >= 0 && M(c, mk)->cls == NG_CLASS_PERSON) break;
      if (tentry < 0 && verbish(c, k)) break; /* ", meeting the Russian foreign minister" */
      if (tentry < 0 && mk < 0) {
        ng_lex_hit hits[4];
        size_t nh;
        ng_span sp[8];
        uint32_t cnt = 0;
        for (uint32_t q = k; q < se && cnt < 8; q++, cnt++) {
          sp[cnt] = (ng_span){.p = c->text + c->t->tok[q].begin,
                              .n = c->t->tok[q].end - c->t->tok[q].begin};
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
    if (not_an_office(te) || former_title(c, tb)) continue;
    if (org >= 0) {
      push_rel(c, (int32_t)i, org, -1, NG_PRED_OFFICIAL_OF, tb, tb + tlen, te->canonical, 0.85,
               false, false);
    } else if (te->org) {
      /* "Peter Cook, the Pentagon press secretary": the title names its body */
      const ng_lex_entry *oe = ng_lex_find_canonical(c->lx, NG_CLASS_ORGANIZATION, te->org);
      if (!oe) oe = ng_lex_find_canonical(c->lx, NG_CLASS_COUNTRY, te->org);
      if (oe)
        push_rel(c, (int32_t)i, -1, (int32_t)oe->id, NG_PRED_OFFICIAL_OF, tb, tb + tlen,
                 te->canonical, 0.8, false, false);
    }
  }
}

/* ---- quotes ---- */

static void push_quote(rctx *c, uint32_t begin, uint32_t end, int32_t speaker, bool direct) {
  ng_relcands *r = c->out;
  if (speaker < 0 || end <= begin) return;
  if (r->nq == r->capq) {
    r->capq = r->capq ? r->capq * 2 : 16;
    r->q = ng_xrealloc(r->q, r->capq * sizeof *r->q);
  }
  ng_qcand *x = &r->q[r->nq++];
  x->begin = begin;
  x->end = end;
  x->speaker = speaker;
  x->direct = direct;
  if (M(c, speaker)->cls == NG_CLASS_PERSON) {
    c->last_speaker = speaker;
    c->last_speaker_sent = c->sent;
  }
}

static bool speech_verb(const rctx *c, uint32_t k) {
  if (has(c, k, W_SAY) && c->ti[k].m < 0 && !is(c, k, "believe") && !is(c, k, "believes") &&
      !is(c, k, "saying"))
    return true;
  return is(c, k, "asked") || is(c, k, "warned");
}

/* The speaker named at token k: a person or body; "he", "she" or "I" stand
 * for the nearest person named before them outside quotes, within two
 * sentences ("“...,” Lavrov said. He added that ..."). inq marks tokens inside
 * quotation marks (may be NULL). */
static int32_t speaker_at(const rctx *c, uint32_t k, const bool *inq) {
  int32_t mi = c->ti[k].m;
  if (mi < 0) return -1;
  const ng_ment *m = M(c, mi);
  if (named(c, mi)) return is_actor(m) && !bare_demonym(c, m) ? mi : -1;
  if (!(m->flags & NG_M_PRONOUN) || m->type != NG_MT_PERSON) return -1;
  if (!is(c, m->tb, "he") && !is(c, m->tb, "she") && !is(c, m->tb, "i")) return -1;
  uint32_t sent = c->t->tok[k].sent;
  if (c->last_speaker >= 0 && c->last_speaker_sent + 4 >= sent) return c->last_speaker;
  for (int32_t q = mi - 1; q >= 0; q--) {
    const ng_ment *x = M(c, q);
    if (x->sent + 2 < sent) break;
    if (x->cls == NG_CLASS_PERSON && x->type == NG_MT_PERSON && named(c, q) &&
        !(inq && inq[x->tb]))
      return q;
  }
  return -1;
}

/* Direct quotes: “...” or "..." spans; the speaker is a person or body right
 * after the closing mark with a speech verb ("..., Mr. Kerry said", "...,"
 * said Kerry) or before the opening mark ("Kerry said: “..."). Marks quote
 * spans in inq so that reported speech does not look inside them. */
static void direct_quotes(rctx *c, bool *inq) {
  const ng_tokens *t = c->t;
  for (size_t i = c->qcur; i < c->se; i++) {
    c->qcur = (uint32_t)i + 1;
    if (!(t->tok[i].flags & NG_TOK_QUOTE)) continue;
    const char *q = c->text + t->tok[i].begin;
    bool open = !strncmp(q, "\xE2\x80\x9C", 3) ||
                (q[0] == '"' && i + 1 < t->n && !(t->tok[i + 1].flags & NG_TOK_NL_BEFORE));
    if (!open) continue;
    size_t j = i + 1;
    while (j < t->n && !(t->tok[j].flags & NG_TOK_QUOTE) && j < i + 400) j++;
    if (j >= t->n || !(t->tok[j].flags & NG_TOK_QUOTE)) {
      i = j;
      c->qcur = (uint32_t)j + 1;
      continue;
    }
    for (size_t k = i; k <= j; k++) inq[k] = true;
    c->qcur = (uint32_t)j + 1;
    if (j <= i + 3) {
      i = j;
      continue;
    }
    int32_t speaker = -1;
    /* after: “...,” Mr. Kerry said / “...,” said Kerry */
    for (size_t k = j + 1; k < t->n && k < j + 6 && speaker < 0; k++) {
      int32_t mi = speaker_at(c, (uint32_t)k, inq);
      if (mi >= 0) {
        size_t after = M(c, mi)->te;
        if ((after < t->n && speech_verb(c, (uint32_t)after)) || speech_verb(c, (uint32_t)k - 1))
          speaker = mi;
      }
      if (is(c, (uint32_t)k, ".") || (t->tok[k].flags & (NG_TOK_QUOTE | NG_TOK_NL_BEFORE)) ||
          (k + 1 < t->n && (t->tok[k + 1].flags & NG_TOK_NL_BEFORE)))
        break;
    }
    /* before: Kerry said: “... */
    for (size_t k = i; k > 1 && k + 4 > i && speaker < 0; k--)
      if (speech_verb(c, (uint32_t)k - 1)) speaker = speaker_at(c, (uint32_t)k - 2, inq);
    /* a quote that goes on from the speaker's last one in the same paragraph
       ("...," Kerry said. "Now, obviously, ...") */
    if (speaker < 0 && c->last_speaker >= 0 && c->last_quote_end + 6 > i &&
        c->last_quote_end <= i && !(t->tok[i].flags & NG_TOK_NL_BEFORE))
      speaker = c->last_speaker;
    if (speaker >= 0) {
      push_quote(c, t->tok[i + 1].begin, t->tok[j - 1].end, speaker, true);
      c->last_quote_end = (uint32_t)j + 1;
      if (j + 1 < t->n && speaker == c->last_speaker) /* past "Kerry said." */
        for (size_t k = j + 1; k < t->n && k < j + 8; k++)
          if (is(c, (uint32_t)k, ".")) {
            c->last_quote_end = (uint32_t)k + 1;
            break;
          }
    }
    i = j;
  }
}

/* Reported speech in sentence [sb, se): "Lavrov said Russia was sending
 * equipment ..." (the clause after the verb), "..., Peter Cook, the Pentagon
 * press secretary, said in a statement." (the clause before the speaker), and
 * "according to X, ..." / "..., according to X." */
static void reported_speech(rctx *c, const bool *inq) {
  uint32_t sb = c->sb, se = c->se;
  uint32_t end = se;
  while (end > sb && is_punct(c, end - 1)) end--;
  for (uint32_t k = sb; k < se; k++) {
    if (inq[k]) continue;
    if (is(c, k, "according") && k + 1 < se && is(c, k + 1, "to")) {
      uint32_t q = skip_np_prefix(c, k + 2, se, NG_PRED_SUPPORTS), after = 0;
      int32_t sp = object_at(c, q, se, NG_PRED_SUPPORTS, &after, 0);
      if (sp < 0 || speaker_at(c, M(c, sp)->tb, inq) < 0) continue;
      /* the claim is the rest of the sentence */
      uint32_t stop = after;
      while (stop < se && !is(c, stop, ",") && !is_punct(c, stop)) stop++;
      if (k > sb + 3 && is(c, k - 1, ","))
        push_quote(c, c->t->tok[sb].begin, c->t->tok[k - 2].end, sp, false);
      else if (k == sb && stop + 1 < end && is(c, stop, ","))
        push_quote(c, c->t->tok[stop + 1].begin, c->t->tok[end - 1].end, sp, false);
      continue;
    }
    if (!speech_verb(c, k) || is(c, k, "asked")) continue;
    int32_t local = k > sb ? c->ti[k - 1].m : -1; /* "he said" */
    if (local < 0 || named(c, local)) local = subject_left(c, k, NG_PRED_COMMUNICATED_WITH);
    int32_t sp = local >= 0 ? speaker_at(c, M(c, local)->tb, inq) : -1;
    if (sp < 0) continue;
    uint32_t from = k + 1;
    if (is(c, k, "told") || is(c, k, "warned")) { /* told reporters (on Wednesday) that ... */
      uint32_t z = from;
      while (z < se && z < from + 8 && !is(c, z, "that")) z++;
      if (z >= se || !is(c, z, "that")) continue;
      from = z;
    }
    uint32_t sbeg = phrase_start(c, local);
    while (sbeg > sb && has(c, sbeg - 1, W_DET)) sbeg--;
    while (from < se && c->ti[from].q >= 0 && M(c, c->ti[from].q)->type == NG_MT_TEMPORAL)
      from = M(c, c->ti[from].q)->te; /* "confirmed Thursday that" */
    if (from < se && (is(c, from, "that") || is(c, from, ","))) from++;
    bool before = sbeg > sb + 3 && is(c, sbeg - 1, ",") && !inq[sbeg - 2] &&
                  !(c->t->tok[sbeg - 2].flags & NG_TOK_QUOTE) &&
                  (end <= k + 6 || (k + 1 < se && is(c, k + 1, ",")));
    if (before) {
      /* the clause before ", SPEAKER said (in a statement)." or ", he said, ..." */
      push_quote(c, c->t->tok[sb].begin, c->t->tok[sbeg - 2].end, sp, false);
    } else if (from + 3 < end && !inq[from] && !(c->t->tok[from].flags & NG_TOK_QUOTE) &&
               !is_punct(c, from) && !has(c, from, W_PREP | W_CONJ | W_ADV) && !verbish(c, from) &&
               !is(c, from, "without")) {
      push_quote(c, c->t->tok[from].begin, c->t->tok[end - 1].end, sp, false);
    }
  }
}

/* ---- the article ---- */

static bool not_adverb(const char *w) {
  for (const char *const *p = NOT_ADVERBS; *p; p++)
    if (!strcmp(w, *p)) return true;
  return false;
}

void ng_relate_run(ng_relcands *out, const ng_lexicon *lx, const char *text,
                   const ng_tokens *t, const ng_ments *m) {
  rctx c = {0};
  c.lx = lx;
  c.text = text;
  c.t = t;
  c.m = m;
  c.out = out;
  c.ix = index_for(lx);
  if (!t->n) return;
  /* token data: lower-case text in one buffer, grammar flags, triggers, mentions */
  size_t total = 0;
  for (size_t i = 0; i < t->n; i++) total += t->tok[i].end - t->tok[i].begin + 1;
  char *low = ng_xmalloc(total + 1);
  c.ti = ng_xmalloc(t->n * sizeof *c.ti + 1);
  bool *inq = ng_xcalloc(t->n + 1, sizeof *inq);
  char *p = low;
  for (size_t i = 0; i < t->n; i++) {
    tinfo *x = &c.ti[i];
    const char *s = text + t->tok[i].begin;
    size_t n = t->tok[i].end - t->tok[i].begin;
    x->low = p;
    for (size_t k = 0; k < n; k++) {
      unsigned char ch = (unsigned char)s[k];
      if (ch == 0xE2 && k + 2 < n && (unsigned char)s[k + 1] == 0x80 &&
          (unsigned char)s[k + 2] == 0x99) {
        *p++ = '\'';
        k += 2;
      } else {
        *p++ = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
      }
    }
    *p++ = '\0';
    x->len = (uint32_t)(p - 1 - x->low);
    x->m = x->q = x->base = -1;
    x->f = 0;
    x->tlo = x->thi = 0;
    const wslot *ws = x->len < 48 ? slot_get(c.ix, x->low, x->len) : NULL;
    if (ws) {
      x->f = ws->f;
      x->tlo = ws->lo;
      x->thi = ws->hi;
    }
    if (!x->f && x->len > 4 && (t->tok[i].flags & NG_TOK_LOWER) && !strcmp(x->low + x->len - 2, "ly") &&
        x->tlo == x->thi && !not_adverb(x->low))
      x->f = W_ADV;
  }
  for (size_t i = 0; i < m->n; i++) {
    const ng_ment *mm = &m->v[i];
    if (mm->type >= NG_MT_COUNT) continue;
    for (uint32_t k = mm->tb; k < mm->te && k < t->n; k++) {
      if (mm->type >= NG_MT_TEMPORAL) c.ti[k].q = (int32_t)i;
      else c.ti[k].m = (int32_t)i;
    }
  }
  /* last base named before each token */
  int32_t last_base = -1;
  size_t mi = 0;
  for (size_t i = 0; i < t->n; i++) {
    while (mi < m->n && m->v[mi].tb < i) {
      if (m->v[mi].cls == NG_CLASS_MILITARY_BASE && m->v[mi].type < NG_MT_TEMPORAL &&
          m->v[mi].cluster >= 0)
        last_base = (int32_t)mi;
      mi++;
    }
    c.ti[i].base = last_base;
  }
  /* people whose office names its country somewhere in the article */
  int32_t ncl = 0;
  for (size_t i = 0; i < m->n; i++)
    if (m->v[i].cluster >= ncl) ncl = m->v[i].cluster + 1;
  bool *qualified = ng_xcalloc((size_t)ncl + 1, sizeof *qualified);
  for (size_t i = 0; i < m->n; i++) {
    const ng_ment *mm = &m->v[i];
    if (mm->cluster < 0 || mm->title < 0) continue;
    if (mm->title_of >= 0 || ng_lex_entry_at(lx, (uint32_t)mm->title)->org) qualified[mm->cluster] = true;
  }
  const char *home = home_country(&c);
  c.last_speaker = -1;
  size_t mcur = 0;
  for (size_t s = 0; s < t->n_sent; s++) {
    c.sent = (uint32_t)s;
    c.sb = t->sent[s].tok_begin;
    c.se = t->sent[s].tok_end;
    if (c.se > t->n) c.se = (uint32_t)t->n;
    if (c.sb >= c.se) continue;
    size_t mfrom = mcur;
    while (mcur < m->n && m->v[mcur].tb < c.se) mcur++;
    title_pass(&c, mfrom, mcur, home, qualified);
    pattern_pass(&c);
    direct_quotes(&c, inq);
    reported_speech(&c, inq);
  }
  free(qualified);
  free(inq);
  free(c.ti);
  free(low);
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
