/* Why a request was refused, in terms the API maps onto SPEC section 7: a
 * kind (HTTP status and error code), the field at fault and a sentence. */
#ifndef TENURED_FAILURE_H
#define TENURED_FAILURE_H

#include <stdarg.h>
#include <stddef.h>

enum failure_kind {
	FAILURE_NONE = 0,
	FAILURE_BAD_REQUEST,	/* 400 bad_request */
	FAILURE_INVALID_FIELD,	/* 400 invalid_field */
	FAILURE_NOT_FOUND,	/* 404 not_found */
	FAILURE_CONFLICT,	/* 409 conflict */
	FAILURE_UNAUTHORIZED,	/* 401 unauthorized: who is asking is not known */
	FAILURE_FORBIDDEN,	/* 403 forbidden: the caller's role may not */
	FAILURE_TOO_LARGE,	/* 413 too_large */
	FAILURE_UNSUPPORTED,	/* 415 unsupported_media_type */
	FAILURE_UNAVAILABLE,	/* 503: the database cannot be written now */
	FAILURE_INTERNAL,	/* 500: an invariant, not the caller */
};

struct failure {
	enum failure_kind kind;
	char field[48];
	char message[256];	/* in the language of the request (SPEC 12) */
	char english[256];	/* the same in English when that was not it */
	int line;		/* input line for batches; 0 when not applicable */
};

/* Every failure of a batch (a CSV import), each with its line. */
struct failure_list {
	struct failure *items;
	size_t count;
	size_t cap;
};

/* Records the failure and returns -1, so callers can `return failure_set(...)`. */
int failure_set(struct failure *f, enum failure_kind kind, const char *field,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void failure_clear(struct failure *f);
/* The message in English, for the log and what is stored for good (an
 * audit entry): whoever reads those later may not read the request's
 * language. */
const char *failure_english(const struct failure *f);
/* Cuts a character that a length limit split off the end of s, so the
 * text stays valid UTF-8 for JSON. */
void failure_trim_utf8(char *s);
const char *failure_code(enum failure_kind kind);
/* Appends a copy of f; returns -1 only when memory runs out. */
int  failure_list_add(struct failure_list *l, const struct failure *f);
void failure_list_free(struct failure_list *l);
int failure_http_status(enum failure_kind kind);

#endif
