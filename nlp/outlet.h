/* outlet.h — which news outlet published an article, read from the article.
 *
 * Articles saved as text rarely carry publisher metadata, but they show the
 * outlet: an "Original url:" line, a copyright line ("Copyright 2015 The
 * Associated Press"), a wire dateline ("BEIRUT (Reuters) —"), a byline line
 * that is only the outlet's name ("Associated Press"), or page furniture
 * ("Skip to more DW sites"). The outlets are data: nlp/lexicon/outlets.tsv
 * (embedded at build time). Used by nlp/pipeline.c when the reader found no
 * publisher (HTML metadata such as og:site_name comes first). */
#ifndef NG_NLP_OUTLET_H
#define NG_NLP_OUTLET_H

#include <stddef.h>

/* The canonical name of the outlet that text[0..len) (the article as read:
 * plain text, Markdown or the text extracted from HTML) names as its
 * publisher, or NULL if it names none clearly. url is the article's own
 * address when known (may be NULL). The cues are tried strongest first: the
 * url, a line holding only a web address, a copyright line, a dateline, a
 * byline line, furniture naming one outlet. A credit line listing several
 * agencies ("(AFP, AP, dpa, Reuters)") names sources, not the publisher.
 * The string is static; thread-safe. */
const char *ng_outlet_guess(const char *text, size_t len, const char *url);

#endif
