/* tok.h — tokens and sentences with exact byte offsets.
 *
 * Tokens: words (letters/digits, with inner hyphens, apostrophes and periods
 * kept: "T-90", "Ja'afari", "al-Assad", "U.S.", "Mr."), numbers ("1,500",
 * "3.5"), and single punctuation marks (curly quotes and dashes included).
 * A possessive "'s" / "’s" is split off as its own token. A trailing period
 * is split from a word unless the word is a known abbreviation (Mr., Gen.,
 * U.S., Sept.), a single capital initial ("B."), or a dotted acronym.
 *
 * Sentences end at . ! ? (plus closing quotes/brackets) followed by space and
 * an upper-case letter, digit or quote, or end of text; at blank lines; and at
 * single newlines after a line that looks like a heading (no final
 * punctuation). Abbreviations and initials do not end sentences. A sentence
 * is also cut before a token that would make it longer than
 * NG_TOK_MAX_SENT_TOKENS tokens or start NG_TOK_MAX_SENT_BYTES bytes after its
 * first token, so that a text without sentence ends (one 10 MB line) cannot
 * make the per-sentence stages quadratic.
 *
 * The tokenizer owns nothing of the text; offsets index the caller's buffer. */
#ifndef NG_NLP_TOK_H
#define NG_NLP_TOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NG_TOK_MAX_SENT_TOKENS 256
#define NG_TOK_MAX_SENT_BYTES 4096

enum {
  NG_TOK_WORD = 1 << 0,   /* contains a letter */
  NG_TOK_NUM = 1 << 1,    /* starts with a digit */
  NG_TOK_PUNCT = 1 << 2,  /* a punctuation mark */
  NG_TOK_CAP = 1 << 3,    /* first letter upper case */
  NG_TOK_UPPER = 1 << 4,  /* all letters upper case (and at least 2 letters) */
  NG_TOK_LOWER = 1 << 5,  /* first letter lower case */
  NG_TOK_SENT_START = 1 << 6, /* first token of its sentence */
  NG_TOK_ABBREV = 1 << 7, /* ends with a period that is part of the token */
  NG_TOK_POSS = 1 << 8,   /* the possessive 's token */
  NG_TOK_QUOTE = 1 << 9,  /* a quotation mark (straight or curly) */
  NG_TOK_NL_BEFORE = 1 << 10, /* a newline lies between this token and the previous */
  NG_TOK_HYPHEN = 1 << 11     /* a word with an inner ASCII hyphen-minus ("T-90", "al-Assad") */
};

typedef struct ng_token {
  uint32_t begin, end; /* byte offsets, end exclusive */
  uint32_t flags;      /* NG_TOK_* */
  uint32_t sent;       /* sentence index */
} ng_token;

typedef struct ng_sentence {
  uint32_t begin, end;         /* byte offsets of the first and past the last token */
  uint32_t tok_begin, tok_end; /* token index range */
} ng_sentence;

typedef struct ng_tokens {
  ng_token *tok;
  size_t n;
  ng_sentence *sent;
  size_t n_sent;
} ng_tokens;

/* Abbreviation check used by the tokenizer: the word s[0..n) including its
 * final '.'; the default list is built in (Mr. Mrs. Ms. Dr. Gen. Lt. Col.
 * U.S. U.K. U.N. Sept. Jan. ... ) and can be extended at run time. */
bool ng_tok_is_abbrev(const char *s, size_t n);
/* Adds an abbreviation (with its period) to the run-time list (copied). */
void ng_tok_add_abbrev(const char *s, size_t n);

/* Tokenizes text[0..len) (valid UTF-8) into out (which must be zeroed or
 * previously freed). Never fails except by aborting on out-of-memory.
 * Cost is linear in len. */
void ng_tokenize(ng_tokens *out, const char *text, size_t len);
void ng_tokens_free(ng_tokens *t);

#endif
