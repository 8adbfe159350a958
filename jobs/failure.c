#include "failure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

/* Cutting text to fit can split a UTF-8 character; drop the pieces, so
 * the text stays valid for JSON. */
void
failure_trim_utf8(char *s)
{
	size_t len = strlen(s), i = len, need;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80 && len - i < 3)
		i--;
	if (i == 0 || ((unsigned char)s[i - 1] & 0x80) == 0)
		return;
	need = ((unsigned char)s[i - 1] & 0xE0) == 0xC0 ? 2 :
	    ((unsigned char)s[i - 1] & 0xF0) == 0xE0 ? 3 :
	    ((unsigned char)s[i - 1] & 0xF8) == 0xF0 ? 4 : 1;
	if (len - (i - 1) < need)
		s[i - 1] = '\0';
}

int
failure_set(struct failure *f, enum failure_kind kind, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	if (f == NULL)
		return -1;
	f->kind = kind;
	snprintf(f->field, sizeof f->field, "%s", field != NULL ? field : "");
	failure_trim_utf8(f->field);
	/* In the language of the request being answered (SPEC section 12);
	 * msgfmt --check keeps each translation's directives the same. */
	va_start(ap, fmt);
	vsnprintf(f->message, sizeof f->message, _(fmt), ap);
	va_end(ap);
	failure_trim_utf8(f->message);
	f->english[0] = '\0';
	if (i18n_current() != LANG_EN) {
		va_start(ap, fmt);
		vsnprintf(f->english, sizeof f->english, fmt, ap);
		va_end(ap);
		failure_trim_utf8(f->english);
	}
	return -1;
}

const char *
failure_english(const struct failure *f)
{
	return f->english[0] != '\0' ? f->english : f->message;
}

void
failure_clear(struct failure *f)
{
	memset(f, 0, sizeof *f);
}

const char *
failure_code(enum failure_kind kind)
{
	switch (kind) {
	case FAILURE_NONE:		return "ok";
	case FAILURE_BAD_REQUEST:	return "bad_request";
	case FAILURE_INVALID_FIELD:	return "invalid_field";
	case FAILURE_NOT_FOUND:		return "not_found";
	case FAILURE_CONFLICT:		return "conflict";
	case FAILURE_UNAUTHORIZED:	return "unauthorized";
	case FAILURE_FORBIDDEN:		return "forbidden";
	case FAILURE_TOO_LARGE:		return "too_large";
	case FAILURE_UNSUPPORTED:	return "unsupported_media_type";
	case FAILURE_UNAVAILABLE:	return "unavailable";
	case FAILURE_INTERNAL:		return "internal";
	}
	return "internal";
}

int
failure_http_status(enum failure_kind kind)
{
	switch (kind) {
	case FAILURE_NONE:		return 200;
	case FAILURE_BAD_REQUEST:	return 400;
	case FAILURE_INVALID_FIELD:	return 400;
	case FAILURE_NOT_FOUND:		return 404;
	case FAILURE_CONFLICT:		return 409;
	case FAILURE_UNAUTHORIZED:	return 401;
	case FAILURE_FORBIDDEN:		return 403;
	case FAILURE_TOO_LARGE:		return 413;
	case FAILURE_UNSUPPORTED:	return 415;
	case FAILURE_UNAVAILABLE:	return 503;
	case FAILURE_INTERNAL:		return 500;
	}
	return 500;
}

int
failure_list_add(struct failure_list *l, const struct failure *f)
{
	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct failure *items = realloc(l->items, cap * sizeof *items);

		if (items == NULL)
			return -1;
		l->items = items;
		l->cap = cap;
	}
	l->items[l->count++] = *f;
	return 0;
}

void
failure_list_free(struct failure_list *l)
{
	if (l == NULL)
		return;
	free(l->items);
	memset(l, 0, sizeof *l);
}
