/* fuzz_tok.c — fuzz target for the tokenizer and sentence splitter
 * (ng_tokenize, ng_tok_is_abbrev).
 *
 * The contract asks for valid UTF-8, which the reader guarantees; the target
 * still feeds any bytes (memory safety must not depend on it) and checks:
 * - tokens are non-empty, in order, do not overlap and lie inside the text;
 * - sentences partition the token list in order (tok ranges adjacent, every
 *   token's sent index matches, byte ranges from first to last token), the
 *   first token of each sentence is flagged NG_TOK_SENT_START, and no
 *   sentence passes the NG_TOK_MAX_SENT_* bounds;
 * - on valid UTF-8, every token starts and ends on a code point boundary and
 *   no token holds ASCII white space. */
#include "fuzz.h"

#include "nlp/reader.h"
#include "nlp/tok.h"

#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  return 0;
}

static bool boundary(const char *s, size_t len, size_t off) {
  return off == len || ((unsigned char)s[off] & 0xC0) != 0x80;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* a NUL-terminated copy, as the reader hands over */
  char *text = malloc(size + 1);
  if (!text) abort();
  memcpy(text, data, size);
  text[size] = '\0';
  bool valid = ng_utf8_valid(text, size, NULL);

  ng_tokens t = {0};
  ng_tokenize(&t, text, size);
  uint32_t prev_end = 0;
  for (size_t i = 0; i < t.n; i++) {
    const ng_token *k = &t.tok[i];
    NG_FUZZ_CHECK(k->begin < k->end && k->end <= size);
    NG_FUZZ_CHECK(k->begin >= prev_end);
    NG_FUZZ_CHECK(k->sent < t.n_sent);
    prev_end = k->end;
    if (valid) {
      NG_FUZZ_CHECK(boundary(text, size, k->begin) && boundary(text, size, k->end));
      for (uint32_t b = k->begin; b < k->end; b++)
        NG_FUZZ_CHECK(text[b] != ' ' && text[b] != '\n' && text[b] != '\t');
    }
    if (k->flags & NG_TOK_ABBREV) NG_FUZZ_CHECK(text[k->end - 1] == '.');
    (void)ng_tok_is_abbrev(text + k->begin, k->end - k->begin);
  }
  NG_FUZZ_CHECK(t.n == 0 ? t.n_sent == 0 : t.n_sent > 0);
  size_t next_tok = 0;
  for (size_t s = 0; s < t.n_sent; s++) {
    const ng_sentence *x = &t.sent[s];
    NG_FUZZ_CHECK(x->tok_begin == next_tok);
    NG_FUZZ_CHECK(x->tok_begin < x->tok_end && x->tok_end <= t.n);
    NG_FUZZ_CHECK(x->begin == t.tok[x->tok_begin].begin);
    NG_FUZZ_CHECK(x->end == t.tok[x->tok_end - 1].end);
    NG_FUZZ_CHECK(t.tok[x->tok_begin].flags & NG_TOK_SENT_START);
    /* bounded sentences keep the later stages linear */
    NG_FUZZ_CHECK(x->tok_end - x->tok_begin <= NG_TOK_MAX_SENT_TOKENS);
    NG_FUZZ_CHECK(t.tok[x->tok_end - 1].begin - x->begin < NG_TOK_MAX_SENT_BYTES);
    for (uint32_t k = x->tok_begin; k < x->tok_end; k++) NG_FUZZ_CHECK(t.tok[k].sent == s);
    next_tok = x->tok_end;
  }
  NG_FUZZ_CHECK(next_tok == t.n);
  ng_tokens_free(&t);
  free(text);
  return 0;
}
