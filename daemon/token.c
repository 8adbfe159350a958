#include "token.h"

#include <errno.h>
#include <openssl/evp.h>
#include <string.h>
#include <sys/random.h>

int
token_random(char out[TOKEN_RANDOM_LEN + 1])
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char raw[33] = { 0 };
	size_t got = 0;

	while (got < 32) {
		ssize_t n = getrandom(raw + got, 32 - got, 0);

		if (n < 0 && errno != EINTR) {
			explicit_bzero(raw, sizeof raw);
			return -1;
		}
		if (n > 0)
			got += (size_t)n;
	}
	/* 256 bits in 6-bit groups: 43 characters, the last one padded. */
	for (int i = 0, bit = 0; i < TOKEN_RANDOM_LEN; i++, bit += 6) {
		int byte = bit / 8, shift = bit % 8;
		unsigned v = ((unsigned)raw[byte] << 8 | raw[byte + 1]) >>
		    (10 - shift);

		out[i] = alphabet[v & 63];
	}
	out[TOKEN_RANDOM_LEN] = '\0';
	explicit_bzero(raw, sizeof raw);
	return 0;
}

int
token_hash(const char *text, size_t len, unsigned char hash[TOKEN_HASH_LEN])
{
	unsigned int n = 0;

	if (EVP_Digest(text, len, hash, &n, EVP_sha256(), NULL) != 1 ||
	    n != TOKEN_HASH_LEN) {
		/* Nothing compares equal to a hash that was not made. */
		memset(hash, 0, TOKEN_HASH_LEN);
		return -1;
	}
	return 0;
}
