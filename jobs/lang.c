#include "lang.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const codes[LANG_COUNT] = {
	[LANG_EN] = "en",
	[LANG_FR] = "fr",
};

bool
lang_parse(const char *text, enum lang *out)
{
	for (int i = 0; text != NULL && i < LANG_COUNT; i++) {
		if (strcmp(text, codes[i]) == 0) {
			*out = (enum lang)i;
			return true;
		}
	}
	return false;
}

const char *
lang_code(enum lang l)
{
	return (unsigned)l < LANG_COUNT ? codes[l] : codes[LANG_DEFAULT];
}

/* The primary subtag is letters up to '-', '_', '.', '@' or the end. */
static bool
primary_is(const char *tag, size_t len, const char *code)
{
	size_t n = strlen(code);

	return len >= n && strncasecmp(tag, code, n) == 0 &&
	    (len == n || strchr("-_.@", tag[n]) != NULL);
}

static bool
tag_lang(const char *tag, size_t len, enum lang *out)
{
	for (int i = 0; i < LANG_COUNT; i++) {
		if (primary_is(tag, len, codes[i])) {
			*out = (enum lang)i;
			return true;
		}
	}
	return false;
}

bool
lang_from_tag(const char *tag, enum lang *out)
{
	return tag != NULL && tag_lang(tag, strlen(tag), out);
}

/* ";q=0.5" after a range: its weight in thousandths (1000 without one). */
static int
weight(const char *p, const char *end)
{
	int w = 1000;

	while (p < end) {
		while (p < end && (*p == ';' || *p == ' ' || *p == '\t'))
			p++;
		if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
			const char *v = p + 2;

			w = 0;
			if (v < end && *v == '1')
				return 1000;
			if (v < end && *v == '0' && v + 1 < end && v[1] == '.') {
				int scale = 100;

				for (v += 2; v < end && isdigit((unsigned char)*v) &&
				    scale > 0; v++, scale /= 10)
					w += (*v - '0') * scale;
			}
			return w;
		}
		while (p < end && *p != ';')
			p++;
	}
	return w;
}

enum lang
lang_from_accept(const char *header, enum lang fallback)
{
	enum lang best = fallback;
	int best_w = 0;
	const char *p = header;

	while (p != NULL && *p != '\0') {
		const char *end = p + strcspn(p, ","), *semi;
		size_t len;
		enum lang l;
		int w;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		semi = memchr(p, ';', (size_t)(end - p));
		len = (size_t)((semi != NULL ? semi : end) - p);
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		w = weight(semi != NULL ? semi : end, end);
		/* Earlier wins a tie: the client's order is its preference. */
		if (w > best_w && tag_lang(p, len, &l)) {
			best = l;
			best_w = w;
		}
		p = *end == ',' ? end + 1 : end;
	}
	return best;
}

enum lang
lang_from_environment(enum lang fallback)
{
	static const char *const names[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *v = NULL, *language = getenv("LANGUAGE");
	enum lang l;

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		v = getenv(names[i]);
		if (v != NULL && v[0] != '\0')
			break;
		v = NULL;
	}
	/* gettext ignores LANGUAGE under the C locale; so do we. */
	if (v != NULL && strcmp(v, "C") != 0 && strcmp(v, "POSIX") != 0 &&
	    strncmp(v, "C.", 2) != 0 && language != NULL) {
		for (const char *p = language; *p != '\0';) {
			size_t n = strcspn(p, ":");

			if (n > 0 && tag_lang(p, n, &l))
				return l;
			p += n + (p[n] == ':');
		}
	}
	return v != NULL && lang_from_tag(v, &l) ? l : fallback;
}
