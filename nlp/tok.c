/* tok.c — the tokenizer and sentence splitter (see tok.h for the contract).
 *
 * One linear pass over the caller's text: each code point is classified (an
 * ASCII table, utf8proc categories above 0x7F), words are scanned with their
 * inner hyphens, apostrophes and periods, and every token is handed to a small
 * state machine that decides sentence boundaries. Owns only the token and
 * sentence arrays it returns, plus the process-wide run-time abbreviation set
 * (written at start-up by ng_tok_add_abbrev, e.g. from nlp/lexicon.c) and the
 * hash sets of the built-in abbreviations (filled once, then read-only). */
#include "nlp/tok.h"

#include "graph/base.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- character classes ---- */

enum {
  K_SPACE,  /* horizontal white space, \r, \f, \v */
  K_NL,     /* line break */
  K_UPPER,  /* letter, upper or title case */
  K_LOWER,  /* letter, lower case */
  K_LETTER, /* letter without case (Lm, Lo) */
  K_DIGIT,
  K_MARK,   /* combining mark or joiner: continues a word */
  K_APOS,   /* ' or ’ */
  K_HYPHEN, /* - or U+2010/U+2011 */
  K_PUNCT
};

/* Class of each ASCII byte, as the digit of the K_ value above (control
 * characters count as space; the reader has already rejected binary input). */
static const char ASCII_CLASS[129] =
    "0000000000100000000000000000000009999997999998995555555555999999"
    "9222222222222222222222222229999993333333333333333333333333399990";

/* The ASCII letters and digits as the word scanner counts them: bit 0 a
 * letter, bit 1 a capital, bit 2 a digit, bit 3 a small letter; 0 for every
 * other byte (and for all bytes above 0x7F, which take the utf8proc path). */
enum { W_LETTER = 1, W_CAPITAL = 2, W_DIGIT = 4, W_SMALL = 8 };
static const unsigned char WORD_BYTE[256] = {
    ['0'] = W_DIGIT, ['1'] = W_DIGIT, ['2'] = W_DIGIT, ['3'] = W_DIGIT, ['4'] = W_DIGIT,
    ['5'] = W_DIGIT, ['6'] = W_DIGIT, ['7'] = W_DIGIT, ['8'] = W_DIGIT, ['9'] = W_DIGIT,
#define L(c) [c] = W_LETTER | W_SMALL, [c - 32] = W_LETTER | W_CAPITAL
    L('a'), L('b'), L('c'), L('d'), L('e'), L('f'), L('g'), L('h'), L('i'), L('j'), L('k'), L('l'),
    L('m'), L('n'), L('o'), L('p'), L('q'), L('r'), L('s'), L('t'), L('u'), L('v'), L('w'), L('x'),
    L('y'), L('z')
#undef L
};

static int class_of_cp(int32_t cp) {
  switch (cp) {
  case 0x2019: return K_APOS;
  case 0x2010: case 0x2011: return K_HYPHEN;
  case 0x2028: case 0x2029: return K_NL;
  case 0x0085: case 0x200B: case 0xFEFF: return K_SPACE;
  case 0x00AD: case 0x200C: case 0x200D: return K_MARK;
  default: break;
  }
  switch (utf8proc_category(cp)) {
  case UTF8PROC_CATEGORY_LU:
  case UTF8PROC_CATEGORY_LT: return K_UPPER;
  case UTF8PROC_CATEGORY_LL: return K_LOWER;
  case UTF8PROC_CATEGORY_LM:
  case UTF8PROC_CATEGORY_LO: return K_LETTER;
  case UTF8PROC_CATEGORY_MN:
  case UTF8PROC_CATEGORY_MC:
  case UTF8PROC_CATEGORY_ME: return K_MARK;
  case UTF8PROC_CATEGORY_ND: return K_DIGIT;
  case UTF8PROC_CATEGORY_ZS: return K_SPACE;
  case UTF8PROC_CATEGORY_ZL:
  case UTF8PROC_CATEGORY_ZP: return K_NL;
  default: return K_PUNCT;
  }
}

/* Class of the code point at s[i] (i < len); *n gets its length in bytes and
 * *cp the code point (-1 for a byte that is not valid UTF-8: punctuation). */
static inline int peek(const unsigned char *s, size_t len, size_t i, size_t *n, int32_t *cp) {
  if (s[i] < 0x80) {
    *n = 1;
    *cp = s[i];
    return ASCII_CLASS[s[i]] - '0';
  }
  utf8proc_int32_t c;
  utf8proc_ssize_t r = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &c);
  if (r <= 0) {
    *n = 1;
    *cp = -1;
    return K_PUNCT;
  }
  *n = (size_t)r;
  *cp = c;
  return class_of_cp(c);
}

static inline bool is_alnum_class(int k) {
  return (1u << k) & (1u << K_UPPER | 1u << K_LOWER | 1u << K_LETTER | 1u << K_DIGIT | 1u << K_MARK);
}

static bool is_quote_cp(int32_t cp) {
  switch (cp) {
  case '"': case '\'': case '`': case 0x201C: case 0x201D: case 0x2018: case 0x2019:
  case 0x201E: case 0x201A: case 0x00AB: case 0x00BB: case 0x2039: case 0x203A:
    return true;
  default:
    return false;
  }
}

/* ---- abbreviations ---- */

/* Built-in list: titles, months, corporate and address words as news copy
 * abbreviates them (AP style), each with its period. Read-only. */
#define A(s) {s, sizeof s - 1}
static const struct {
  const char *s;
  size_t n;
} DEFAULT_ABBREV[] = {
    A("Mr."),   A("Mrs."),  A("Ms."),   A("Dr."),    A("Prof."),   A("Gen."),  A("Lt."),
    A("Col."),  A("Maj."),  A("Capt."), A("Sgt."),   A("Adm."),    A("Sen."),  A("Rep."),
    A("Gov."),  A("St."),   A("Jr."),   A("Sr."),    A("Rev."),    A("Brig."), A("Cmdr."),
    A("Hon."),  A("Gens."), A("Messrs."), A("Jan."), A("Feb."),    A("Mar."),  A("Apr."),
    A("Jun."),  A("Jul."),  A("Aug."),  A("Sep."),   A("Sept."),   A("Oct."),  A("Nov."),
    A("Dec."),  A("No."),   A("vs."),   A("etc."),   A("Inc."),    A("Corp."), A("Ltd."),
    A("Co."),   A("Dept."), A("Mt."),   A("Ft."),    A("U.S."),    A("U.K."),  A("U.N."),
    A("E.U."),  A("D.C.")};
#undef A

/* Run-time additions: an open-addressing set of copied strings, written only
 * while the program starts (lexicon loading), read afterwards. */
typedef struct abbrev_slot {
  char *s; /* NULL when empty */
  size_t n;
} abbrev_slot;

static abbrev_slot *extra;
static size_t extra_cap, extra_n;

/* A filter in front of the sets: bit min(n, 63) of LEN_BY_FIRST[c] is set
 * when some abbreviation of n bytes starts with the byte c (the capitals of a
 * title-case entry start with the same byte). Nearly every word before a
 * period ("said.") is turned away here without hashing. One array for the
 * built-in list (filled with its sets) and one for the run-time additions. */
static uint64_t def_len_by_first[256], extra_len_by_first[256];

static inline uint64_t len_bit(size_t n) { return (uint64_t)1 << (n < 63 ? n : 63); }

static bool eq_fold_ascii(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
    if (x >= 'a' && x <= 'z') x = (unsigned char)(x - 32);
    if (y >= 'a' && y <= 'z') y = (unsigned char)(y - 32);
    if (x != y) return false;
  }
  return true;
}

static bool extra_has(const char *s, size_t n) {
  if (!extra_n) return false;
  size_t mask = extra_cap - 1;
  for (size_t i = (size_t)ng_hash_fast(s, n) & mask;; i = (i + 1) & mask) {
    if (!extra[i].s) return false;
    if (extra[i].n == n && !memcmp(extra[i].s, s, n)) return true;
  }
}

/* The built-in list as two read-only sets, filled once: the entries as
 * written, and those starting with a capital in all capitals (a headline's
 * "GEN." is "Gen."). Slots hold indices into DEFAULT_ABBREV plus one. */
#define DEF_SLOTS 256 /* a power of two, over twice the built-in entries */
static uint8_t def_exact[DEF_SLOTS], def_upper[DEF_SLOTS];
static pthread_once_t def_once = PTHREAD_ONCE_INIT;

static void def_insert(uint8_t *set, const char *s, size_t n, size_t idx) {
  size_t i = (size_t)ng_hash_fast(s, n) & (DEF_SLOTS - 1);
  while (set[i]) i = (i + 1) & (DEF_SLOTS - 1);
  set[i] = (uint8_t)(idx + 1);
}

static void def_init(void) {
  for (size_t k = 0; k < sizeof DEFAULT_ABBREV / sizeof *DEFAULT_ABBREV; k++) {
    const char *p = DEFAULT_ABBREV[k].s;
    size_t n = DEFAULT_ABBREV[k].n;
    def_insert(def_exact, p, n, k);
    def_len_by_first[(unsigned char)p[0]] |= len_bit(n);
    if (p[0] >= 'A' && p[0] <= 'Z') {
      char up[16];
      for (size_t i = 0; i < n; i++) up[i] = p[i] >= 'a' && p[i] <= 'z' ? (char)(p[i] - 32) : p[i];
      def_insert(def_upper, up, n, k);
    }
  }
}

/* s[0..n) in the set: as written (upper false), or equal to an entry in
 * capitals (upper true, s being all capitals) */
static bool def_has(const uint8_t *set, const char *s, size_t n, bool upper) {
  for (size_t i = (size_t)ng_hash_fast(s, n) & (DEF_SLOTS - 1); set[i]; i = (i + 1) & (DEF_SLOTS - 1)) {
    const char *p = DEFAULT_ABBREV[set[i] - 1].s;
    if (DEFAULT_ABBREV[set[i] - 1].n == n && (upper ? eq_fold_ascii(p, s, n) : !memcmp(p, s, n)))
      return true;
  }
  return false;
}

static void extra_insert(char *s, size_t n) {
  size_t mask = extra_cap - 1;
  size_t i = (size_t)ng_hash_fast(s, n) & mask;
  while (extra[i].s) i = (i + 1) & mask;
  extra[i].s = s;
  extra[i].n = n;
}

void ng_tok_add_abbrev(const char *s, size_t n) {
  if (!n || extra_has(s, n)) return;
  if ((extra_n + 1) * 2 > extra_cap) {
    abbrev_slot *old = extra;
    size_t old_cap = extra_cap;
    extra_cap = extra_cap ? extra_cap * 2 : 64;
    extra = ng_xcalloc(extra_cap, sizeof *extra);
    for (size_t i = 0; i < old_cap; i++)
      if (old[i].s) extra_insert(old[i].s, old[i].n);
    free(old);
  }
  extra_insert(ng_xstrndup(s, n), n);
  extra_len_by_first[(unsigned char)s[0]] |= len_bit(n);
  extra_n++;
}

static bool all_upper_ascii(const char *s, size_t n) {
  size_t letters = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] >= 'a' && s[i] <= 'z') return false;
    if (s[i] >= 'A' && s[i] <= 'Z') letters++;
  }
  return letters >= 2;
}

bool ng_tok_is_abbrev(const char *s, size_t n) {
  if (n < 2 || s[n - 1] != '.') return false;
  /* headlines set in capitals ("GEN. DUNFORD") match the title-case entry */
  pthread_once(&def_once, def_init);
  unsigned char c = (unsigned char)s[0];
  if (!((def_len_by_first[c] | extra_len_by_first[c]) & len_bit(n))) return false;
  if (def_has(def_exact, s, n, false)) return true;
  if (all_upper_ascii(s, n) && def_has(def_upper, s, n, true)) return true;
  return extra_has(s, n);
}

/* ---- sentence state ---- */

/* Hard-wrapped text (every line cut near 70 columns) would look like a run
 * of headings; when most lines are 40..100 bytes and followed by another
 * non-blank line, only lines under 40 bytes count as headings. */
static size_t heading_limit(const char *s, size_t len) {
  size_t lines = 0, wrapped = 0, start = 0;
  size_t prev_len = 0;
  bool prev_counted = false;
  while (start < len) {
    const char *nlp = memchr(s + start, '\n', len - start);
    size_t end = nlp ? (size_t)(nlp - s) : len;
    size_t b = start, e = end;
    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) b++;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) e--;
    size_t n = e - b;
    if (n) {
      lines++;
      if (prev_counted && prev_len >= 40 && prev_len < 100) wrapped++;
    }
    prev_len = n;
    prev_counted = n != 0;
    start = end + 1;
  }
  return (lines >= 8 && wrapped * 2 > lines) ? 40 : 100;
}

/* What the last token may end, as bits (one test in emit for neither). */
enum {
  A_PENDING = 1, /* last token was . ! ? (possibly with closers after it) */
  A_ACRONYM = 2  /* last token was a dotted acronym such as "U.S." */
};

typedef struct state {
  ng_tokens *out;
  size_t tok_cap, sent_cap;
  const char *text;
  size_t len;             /* bytes of text */
  size_t heading_max;     /* bytes: lines shorter than this may be headings (0 until asked) */
  unsigned after;         /* A_* bits: what the last token may end */
  unsigned prev_role;     /* P_* of the last token (0 for words) */
  uint32_t line_first;    /* byte offset of the first token on the current line */
  uint32_t sent_first;    /* byte offset of the first token of the current sentence */
  size_t sent_tok_limit;  /* token index that would make the sentence too long (0 before the first) */
  uint64_t sent_byte_limit; /* byte offset at which a token would start too far into it */
} state;

/* Whether a line of n bytes is short enough to be a heading. Lines under 40
 * bytes always are and lines of 100 or more never; the limit between, which
 * needs a pass over the whole text, is found when a line first asks (most
 * texts have none: paragraphs end at blank lines). */
static bool heading_short(state *st, size_t n) {
  if (n < 40) return true;
  if (n >= 100) return false;
  if (!st->heading_max) st->heading_max = heading_limit(st->text, st->len);
  return n < st->heading_max;
}

static void close_sentence(state *st) {
  ng_tokens *o = st->out;
  if (!o->n) return;
  ng_sentence *s = &o->sent[o->n_sent - 1];
  s->tok_end = (uint32_t)o->n;
  s->end = o->tok[o->n - 1].end;
}

static void open_sentence(state *st, uint32_t begin) {
  ng_tokens *o = st->out;
  if (o->n_sent == st->sent_cap) {
    st->sent_cap = st->sent_cap ? st->sent_cap * 2 : 64;
    o->sent = ng_xrealloc(o->sent, st->sent_cap * sizeof *o->sent);
  }
  ng_sentence s = {begin, begin, (uint32_t)o->n, (uint32_t)o->n};
  o->sent[o->n_sent++] = s;
  st->sent_first = begin;
  st->sent_tok_limit = o->n + NG_TOK_MAX_SENT_TOKENS;
  st->sent_byte_limit = (uint64_t)begin + NG_TOK_MAX_SENT_BYTES;
}

/* Words that begin a sentence after "U.S." far more often than they continue
 * one ("... in the U.S. The ..."); news copy rarely writes "U.S. The". */
static const char *const SENT_OPENERS[] = {
    "The", "This", "These", "Those", "It", "He", "She", "They", "We", "I", "But",
    "However", "Meanwhile", "There", "His", "Her", "Their", "Our", NULL};

static bool is_opener(const char *s, size_t n) {
  for (const char *const *p = SENT_OPENERS; *p; p++)
    if (strlen(*p) == n && !memcmp(*p, s, n)) return true;
  return false;
}

/* Roles of a punctuation mark in sentence splitting (bit set). */
enum { P_FINAL = 1, P_CLOSE = 2, P_OPEN = 4, P_CONT = 8 };

static unsigned punct_role(int32_t cp) {
  switch (cp) {
  case '.': case '!': case '?': case 0x2026: return P_FINAL; /* … */
  case '"': case '\'': case '`': return P_OPEN | P_CLOSE;
  case 0x201C: case 0x2018: case 0x00AB: case 0x201E: return P_OPEN; /* “ ‘ « „ */
  case 0x201D: case 0x2019: case 0x00BB: return P_CLOSE;             /* ” ’ » */
  case '(': case '[': return P_OPEN | P_CONT;
  case ')': case ']': return P_CLOSE;
  case ',': case ';': case ':': case '-': case '&': case '/':
  case 0x2013: case 0x2014: return P_CONT; /* – — */
  default: return 0;
  }
}

/* Appends the token [b, e) and decides whether it opens a sentence. Only the
 * length limits can cut a sentence inside a line when no . ! ? or acronym
 * went before; that, the common case, is tested first. */
static inline void emit(state *st, uint32_t b, uint32_t e, uint32_t flags, unsigned role,
                        unsigned nl, bool gap) {
  ng_tokens *o = st->out;
  size_t n = o->n;
  bool brk;
  if (!(nl | st->after)) {
    /* no real sentence is this long (135 tokens, 785 bytes at most in
       corpus/ and re3d-dev); the cut keeps the per-sentence stages linear
       on hostile input. Both limits are 0 before the first token. */
    brk = n >= st->sent_tok_limit || b >= st->sent_byte_limit;
  } else if (n == 0) {
    brk = true;
    st->line_first = b;
  } else {
    brk = false;
    if (nl) flags |= NG_TOK_NL_BEFORE;
    if (nl >= 2) {
      brk = true; /* blank line */
    } else if (nl == 1 && !(st->after & A_PENDING) && heading_short(st, o->tok[n - 1].end - st->line_first) &&
               st->sent_first >= st->line_first && !(st->prev_role & P_CONT) &&
               !((flags & NG_TOK_WORD) && (flags & NG_TOK_LOWER))) {
      brk = true; /* the previous line was a heading, dateline or byline */
    } else if ((st->after & A_PENDING) && gap &&
               ((flags & (NG_TOK_CAP | NG_TOK_NUM)) || (role & P_OPEN) ||
                ((flags & NG_TOK_WORD) && !(flags & NG_TOK_LOWER)))) { /* caseless script */
      brk = true;
    } else if ((st->after & A_ACRONYM) && gap && is_opener(st->text + b, e - b)) {
      brk = true;
    } else if (n >= st->sent_tok_limit || b >= st->sent_byte_limit) {
      brk = true; /* too long, as above */
    }
    if (nl) st->line_first = b;
  }
  if (brk) {
    if (!n) st->line_first = b;
    close_sentence(st);
    open_sentence(st, b);
    flags |= NG_TOK_SENT_START;
  }
  if (n == st->tok_cap) {
    st->tok_cap *= 2;
    o->tok = ng_xrealloc(o->tok, st->tok_cap * sizeof *o->tok);
  }
  o->tok[n] = (ng_token){b, e, flags, (uint32_t)(o->n_sent - 1)};
  o->n = n + 1;
  unsigned after = 0;
  if ((role & P_FINAL) || ((st->after & A_PENDING) && !gap && (role & P_CLOSE))) after = A_PENDING;
  if ((flags & NG_TOK_ABBREV) && (flags & NG_TOK_UPPER) && e - b >= 4 &&
      memchr(st->text + b, '.', e - b - 1) != NULL)
    after |= A_ACRONYM;
  st->after = after;
  st->prev_role = role;
}

/* ---- the scanner ---- */

/* Whether a word of letters ends at s[r] (r <= len) by the rules of the
 * general scan in ng_tokenize: the end of text, or an ASCII byte that joins
 * nothing to a word without digits; false when the general scan must decide
 * (a digit, a non-ASCII byte, an apostrophe or $, a period or hyphen before a
 * letter, digit or non-ASCII byte). */
enum { E_ENDS, E_GENERAL, E_NEXT }; /* END_BYTE: ends a word, ask the general scan, look at the next byte */
static const unsigned char END_BYTE[256] = {
    ['\''] = E_GENERAL, ['$'] = E_GENERAL, ['.'] = E_NEXT, ['-'] = E_NEXT,
    ['0'] = E_GENERAL, ['1'] = E_GENERAL, ['2'] = E_GENERAL, ['3'] = E_GENERAL, ['4'] = E_GENERAL,
    ['5'] = E_GENERAL, ['6'] = E_GENERAL, ['7'] = E_GENERAL, ['8'] = E_GENERAL, ['9'] = E_GENERAL,
#define G4(c) [c] = E_GENERAL, [c + 1] = E_GENERAL, [c + 2] = E_GENERAL, [c + 3] = E_GENERAL
#define G16(c) G4(c), G4(c + 4), G4(c + 8), G4(c + 12)
    G16(0x80), G16(0x90), G16(0xA0), G16(0xB0), G16(0xC0), G16(0xD0), G16(0xE0), G16(0xF0)
#undef G16
#undef G4
};

/* The end of the run of ASCII letters from s[r]: four bytes a step while
 * four remain, as most words end within the first or second step. */
static inline size_t scan_letters(const unsigned char *s, size_t len, size_t r) {
  for (; len - r >= 4; r += 4) {
    if (!(WORD_BYTE[s[r]] & W_LETTER)) return r;
    if (!(WORD_BYTE[s[r + 1]] & W_LETTER)) return r + 1;
    if (!(WORD_BYTE[s[r + 2]] & W_LETTER)) return r + 2;
    if (!(WORD_BYTE[s[r + 3]] & W_LETTER)) return r + 3;
  }
  while (r < len && (WORD_BYTE[s[r]] & W_LETTER)) r++;
  return r;
}

static inline bool ends_word(const unsigned char *s, size_t len, size_t r) {
  if (r >= len) return true;
  switch (END_BYTE[s[r]]) {
  case E_ENDS: return true; /* , and : join only numbers */
  case E_NEXT: return r + 1 >= len || (s[r + 1] < 0x80 && !WORD_BYTE[s[r + 1]]);
  default: return false;
  }
}

void ng_tokenize(ng_tokens *out, const char *text, size_t len) {
  memset(out, 0, sizeof *out);
  if (len >= UINT32_MAX) len = UINT32_MAX - 1; /* offsets are 32-bit */
  const unsigned char *s = (const unsigned char *)text;
  state st = {0};
  st.out = out;
  st.text = text;
  st.tok_cap = len / 5 + 16;
  out->tok = ng_xmalloc(st.tok_cap * sizeof *out->tok);
  st.len = len;

  size_t i = 0;
  unsigned nl = 0;
  bool gap = false;
  while (i < len) {
    unsigned char c0 = s[i];
    if (c0 == ' ') { /* the common case */
      gap = true;
      i++;
      continue;
    }
    if (WORD_BYTE[c0] & W_LETTER) {
      /* the common token: a word of ASCII letters ended by a byte that
         joins nothing; anything else (digits, apostrophes, non-ASCII, a
         joining period or hyphen) takes the general scan below. Such
         words mostly follow each other, one space apart, so they are taken
         in a loop of their own until something else comes. */
      bool more = false; /* the next token is left to the loop's top */
      for (;;) {
        size_t r = scan_letters(s, len, i + 1);
        if (!ends_word(s, len, r)) break;
        uint32_t f = NG_TOK_WORD | NG_TOK_LOWER;
        if (WORD_BYTE[c0] & W_CAPITAL) {
          /* all capitals: its second letter, nearly always small, settles it */
          f = NG_TOK_WORD | NG_TOK_CAP;
          if (r - i >= 2) {
            f |= NG_TOK_UPPER;
            for (size_t q = i + 1; q < r; q++)
              if (WORD_BYTE[s[q]] & W_SMALL) {
                f &= ~(uint32_t)NG_TOK_UPPER;
                break;
              }
          }
        }
        /* a period that belongs to the word: an initial ("B.") or a known
           abbreviation; never the first of an ellipsis */
        if (r < len && s[r] == '.' && !(r + 1 < len && s[r + 1] == '.') &&
            ((r - i == 1 && (f & NG_TOK_CAP)) || ng_tok_is_abbrev(text + i, r + 1 - i))) {
          r++;
          f |= NG_TOK_ABBREV;
        }
        emit(&st, (uint32_t)i, (uint32_t)r, f, 0, nl, gap);
        nl = 0;
        gap = false;
        i = r;
        if (i < len && s[i] == ' ') { /* the space after most words, as the loop's top would */
          gap = true;
          i++;
        }
        if (i >= len || !(WORD_BYTE[c0 = s[i]] & W_LETTER)) {
          more = true;
          break;
        }
      }
      if (more) continue;
    }
    size_t n;
    int32_t cp;
    int k = peek(s, len, i, &n, &cp);
    if (k == K_SPACE || k == K_NL) {
      if (k == K_NL) nl++;
      gap = true;
      i += n;
      continue;
    }
    size_t b = i;
    if (!is_alnum_class(k)) {
      uint32_t f = NG_TOK_PUNCT;
      if (is_quote_cp(cp)) f |= NG_TOK_QUOTE;
      emit(&st, (uint32_t)b, (uint32_t)(b + n), f, punct_role(cp), nl, gap);
      i += n;
      nl = 0;
      gap = false;
      continue;
    }

    /* a word or number */
    size_t letters = 0, maxseg = 0, seg = 0;
    bool all_upper = true; /* no letter so far is lower case or caseless */
    int first_case = -1; /* class of the first letter */
    bool has_dot = false, numeric = k == K_DIGIT, poss = false, hyphen = false;
    size_t j = i;
    for (;;) {
      while (j < len) {
        if (s[j] < 0x80) {
          /* a run of ASCII letters and digits: the common case, one table
             look-up per byte */
          size_t r = j;
          unsigned wb, seen = 0;
          while (r < len && (wb = WORD_BYTE[s[r]]) != 0) {
            seen |= wb;
            r++;
          }
          /* letters in the run: all of it, none, or (mixed, "21st") counted */
          size_t run_letters = 0;
          if (!(seen & W_DIGIT)) {
            run_letters = r - j;
          } else if (seen & W_LETTER) {
            for (size_t q = j; q < r; q++) run_letters += WORD_BYTE[s[q]] & W_LETTER;
          }
          if (seen & W_SMALL) all_upper = false;
          if (run_letters && first_case < 0) { /* the run holds the first letter */
            size_t q = j;
            while (!(WORD_BYTE[s[q]] & W_LETTER)) q++;
            first_case = WORD_BYTE[s[q]] & W_CAPITAL ? K_UPPER : K_LOWER;
          }
          letters += run_letters;
          if (letters) numeric = false;
          seg += r - j;
          j = r;
          if (r < len && s[r] < 0x80) break; /* ASCII, not a letter or digit */
          continue;
        }
        size_t m;
        int32_t c;
        int kk = peek(s, len, j, &m, &c);
        if (!is_alnum_class(kk)) break;
        if (kk == K_UPPER || kk == K_LOWER || kk == K_LETTER) {
          letters++;
          numeric = false;
          if (kk != K_UPPER) all_upper = false;
          if (first_case < 0) first_case = kk;
        }
        j += m;
        seg += m;
      }
      if (seg > maxseg) maxseg = seg;
      if (j >= len) break;
      if (s[j] < 0x80) { /* fast exits: the joiners below all need a certain next byte */
        unsigned char cj = s[j];
        if (cj != '-' && cj != '\'' && cj != '.' && cj != ',' && cj != ':' && cj != '$')
          break; /* space, bracket... */
        if ((cj == ',' || cj == ':') && !numeric) break; /* only numbers go on at , and : */
        if ((cj == '.' || cj == '-') &&
            (j + 1 >= len || (s[j + 1] < 0x80 && !WORD_BYTE[s[j + 1]])))
          break; /* a period or hyphen joins only a letter or digit after it */
      }
      size_t m, m2 = 0;
      int32_t c, c2 = 0;
      int kk = peek(s, len, j, &m, &c);
      int k2 = j + m < len ? peek(s, len, j + m, &m2, &c2) : K_SPACE;
      if (kk == K_HYPHEN && is_alnum_class(k2)) { /* T-90, Ki-moon, US-led */
        hyphen |= c == '-';
        j += m + m2;
        seg = m2;
        continue;
      }
      if (kk == K_APOS) {
        bool s_next = c2 == 's' || c2 == 'S';
        size_t m3;
        int32_t c3;
        bool boundary = j + m + m2 >= len || !is_alnum_class(peek(s, len, j + m + m2, &m3, &c3));
        if (s_next && boundary) {
          poss = true; /* Russia’s -> Russia + ’s */
          break;
        }
        if (k2 == K_UPPER || k2 == K_LOWER || k2 == K_LETTER) { /* Ja’afari, don't */
          j += m;
          seg = 0;
          continue;
        }
        break;
      }
      if (c == '.' && is_alnum_class(k2)) { /* U.S, 3.5, wsws.org */
        has_dot = true;
        j += m;
        seg = 0;
        continue;
      }
      if ((c == ',' || c == ':') && numeric && k2 == K_DIGIT) {
        /* 1,500 and 240,000 (groups of three); 10:30 */
        size_t d = 0;
        while (j + 1 + d < len && s[j + 1 + d] >= '0' && s[j + 1 + d] <= '9') d++;
        if ((c == ',' && d == 3) || (c == ':' && d == 2)) {
          j += 1 + d;
          continue;
        }
        break;
      }
      if (c == '$' && k2 == K_DIGIT && all_upper && letters >= 1 && letters <= 3 &&
          j - i == letters) { /* US$, HK$ */
        j += 1;
        break;
      }
      break;
    }
    uint32_t f = 0;
    if (letters) f |= NG_TOK_WORD;
    if (k == K_DIGIT) f |= NG_TOK_NUM;
    if (first_case == K_UPPER) f |= NG_TOK_CAP;
    if (first_case == K_LOWER) f |= NG_TOK_LOWER;
    if (letters >= 2 && all_upper) f |= NG_TOK_UPPER;
    if (hyphen) f |= NG_TOK_HYPHEN;
    /* a period that belongs to the word: initials, dotted acronyms, known
     * abbreviations; never the first of an ellipsis */
    if (!poss && j < len && s[j] == '.' && !(j + 1 < len && s[j + 1] == '.')) {
      bool take = false;
      if (letters == 1 && all_upper && j - i <= 4 && !numeric && !has_dot && k == K_UPPER)
        take = true; /* "B." */
      else if (has_dot && letters && maxseg <= 2)
        take = true; /* "U.S.", "a.m.", "Ph.D." */
      else if (ng_tok_is_abbrev(text + i, j + 1 - i))
        take = true;
      if (take) {
        j++;
        f |= NG_TOK_ABBREV;
      }
    }
    emit(&st, (uint32_t)i, (uint32_t)j, f, 0, nl, gap);
    nl = 0;
    gap = false;
    i = j;
    if (poss) {
      size_t m;
      int32_t c;
      peek(s, len, i, &m, &c);
      uint32_t pf = NG_TOK_POSS | NG_TOK_WORD;
      pf |= (s[i + m] == 'S') ? NG_TOK_CAP : NG_TOK_LOWER;
      emit(&st, (uint32_t)i, (uint32_t)(i + m + 1), pf, 0, 0, false);
      i += m + 1;
    } else if (i < len && s[i] == ' ') { /* the space after most words, as the loop's top would */
      gap = true;
      i++;
    }
  }
  close_sentence(&st);
}

void ng_tokens_free(ng_tokens *t) {
  if (!t) return;
  free(t->tok);
  free(t->sent);
  memset(t, 0, sizeof *t);
}
