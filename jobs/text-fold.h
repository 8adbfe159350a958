/* Text folded for searching (SPEC section 7, ?q=): lower case and without
 * accents, so "HÉLÈNE", "hélène" and "helene" are the same. Pure. */
#ifndef TENURED_TEXT_FOLD_H
#define TENURED_TEXT_FOLD_H

#include <stddef.h>

/* Folds len bytes of UTF-8 into out (NUL-terminated, cut at outlen - 1
 * bytes on a character boundary); returns the length written. Bytes that
 * are not valid UTF-8 are copied as they are. */
size_t text_fold(const char *in, size_t len, char *out, size_t outlen);

#endif
