/* Random secrets (feed URLs, account tokens) and their SHA-256, the only
 * form in which they are stored. */
#ifndef TENURED_TOKEN_H
#define TENURED_TOKEN_H

#include <stddef.h>

#define TOKEN_RANDOM_LEN 43		/* 256 bits in base64url, unpadded */
#define TOKEN_HASH_LEN 32

/* Writes 43 base64url characters of 256 fresh random bits and a NUL;
 * -1 when the random source fails (nothing is written). */
int token_random(char out[TOKEN_RANDOM_LEN + 1]);
/* -1 (hash zeroed) when the digest fails. */
int token_hash(const char *text, size_t len,
        unsigned char hash[TOKEN_HASH_LEN]);

#endif
