#include "text-fold.h"

#include <stdint.h>
#include <string.h>

/* Latin-1 Supplement and Latin Extended-A letters, U+00C0 to U+017F, as
 * the ASCII letters a search should match them with ("" keeps the
 * character). Upper and lower case fold alike. */
static const char *const latin[] = {
	/* C0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* C8 */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* D0 */ "d", "n", "o", "o", "o", "o", "o", "",
	/* D8 */ "o", "u", "u", "u", "u", "y", "th", "ss",
	/* E0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* E8 */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* F0 */ "d", "n", "o", "o", "o", "o", "o", "",
	/* F8 */ "o", "u", "u", "u", "u", "y", "th", "y",
	/* 100 */ "a", "a", "a", "a", "a", "a", "c", "c",
	/* 108 */ "c", "c", "c", "c", "c", "c", "d", "d",
	/* 110 */ "d", "d", "e", "e", "e", "e", "e", "e",
	/* 118 */ "e", "e", "e", "e", "g", "g", "g", "g",
	/* 120 */ "g", "g", "g", "g", "h", "h", "h", "h",
	/* 128 */ "i", "i", "i", "i", "i", "i", "i", "i",
	/* 130 */ "i", "i", "ij", "ij", "j", "j", "k", "k",
	/* 138 */ "k", "l", "l", "l", "l", "l", "l", "l",
	/* 140 */ "l", "l", "l", "n", "n", "n", "n", "n",
	/* 148 */ "n", "n", "n", "n", "o", "o", "o", "o",
	/* 150 */ "o", "o", "oe", "oe", "r", "r", "r", "r",
	/* 158 */ "r", "r", "s", "s", "s", "s", "s", "s",
	/* 160 */ "s", "s", "t", "t", "t", "t", "t", "t",
	/* 168 */ "u", "u", "u", "u", "u", "u", "u", "u",
	/* 170 */ "u", "u", "u", "u", "w", "w", "y", "y",
	/* 178 */ "y", "z", "z", "z", "z", "z", "z", "s",
};

/* The code point at in (n bytes), or -1 when it is not valid UTF-8. */
static int32_t
decode(const unsigned char *in, size_t len, size_t *n)
{
	int32_t cp;
	size_t need;

	if (in[0] < 0x80) {
		*n = 1;
		return in[0];
	}
	if ((in[0] & 0xe0) == 0xc0)
		need = 2, cp = in[0] & 0x1f;
	else if ((in[0] & 0xf0) == 0xe0)
		need = 3, cp = in[0] & 0x0f;
	else if ((in[0] & 0xf8) == 0xf0)
		need = 4, cp = in[0] & 0x07;
	else
		return -1;
	if (need > len)
		return -1;
	for (size_t i = 1; i < need; i++) {
		if ((in[i] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (in[i] & 0x3f);
	}
	*n = need;
	return cp;
}

size_t
text_fold(const char *in, size_t len, char *out, size_t outlen)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t o = 0, i = 0;

	if (outlen == 0)
		return 0;
	while (i < len) {
		size_t n = 1, rl;
		int32_t cp = decode(p + i, len - i, &n);
		const char *rep = NULL;
		char ascii[2];

		if (cp < 0) {
			n = 1;			/* copied as it is */
		} else if (cp >= 'A' && cp <= 'Z') {
			ascii[0] = (char)(cp - 'A' + 'a');
			ascii[1] = '\0';
			rep = ascii;
		} else if (cp >= 0xc0 && cp <= 0x17f && latin[cp - 0xc0][0]) {
			rep = latin[cp - 0xc0];
		}
		rl = rep != NULL ? strlen(rep) : n;
		if (o + rl >= outlen)
			break;
		memcpy(out + o, rep != NULL ? rep : (const char *)p + i, rl);
		o += rl;
		i += n;
	}
	out[o] = '\0';
	return o;
}
