#include "http-head.h"
#include "http-internal.h"

#include <event2/buffer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/queue.h>

/*
 * Read as evhttp 2.1.12 reads it (http.c: evhttp_parse_request_line,
 * evhttp_parse_headers_, evhttp_get_body_length), so that the guard and
 * evhttp never see two different requests: the method up to the first
 * space, the target up to the last one, parsed non-conformant; header
 * values without leading spaces and trailing white space, continuation
 * lines appended to the header before them, the first of two headers of
 * a name the one that counts.
 */

ssize_t
http_head_end(struct evbuffer *buf, size_t from)
{
	struct evbuffer_ptr start, lf, crlf;

	/* lines end at an LF with an optional CR before it: the block ends
	 * at the first "\n\n" or "\n\r\n" */
	if (evbuffer_ptr_set(buf, &start, from, EVBUFFER_PTR_SET) != 0)
		return -1;
	lf = evbuffer_search(buf, "\n\n", 2, &start);
	crlf = evbuffer_search(buf, "\n\r\n", 3, &start);
	if (crlf.pos >= 0 && (lf.pos < 0 || crlf.pos < lf.pos))
		return crlf.pos + 3;
	return lf.pos >= 0 ? lf.pos + 2 : -1;
}

void
http_block_init(struct http_block *b)
{
	b->buf = evbuffer_new();
	b->lines = b->counted = 0;
}

void
http_block_free(struct http_block *b)
{
	if (b->buf != NULL)
		evbuffer_free(b->buf);
	b->buf = NULL;
}

void
http_block_reset(struct http_block *b)
{
	evbuffer_drain(b->buf, evbuffer_get_length(b->buf));
	b->lines = b->counted = 0;
}

const char *
http_block_text(struct http_block *b, size_t len)
{
	return (const char *)evbuffer_pullup(b->buf, (ev_ssize_t)len);
}

/* Copies n bytes of src from at into dst, as far as they go. */
static void
copy_from(struct evbuffer *dst, struct evbuffer *src, struct evbuffer_ptr at,
    size_t n)
{
	char chunk[4096];

	while (n > 0) {
		ev_ssize_t got = evbuffer_copyout_from(src, &at, chunk,
		    n < sizeof chunk ? n : sizeof chunk);

		if (got <= 0 || evbuffer_add(dst, chunk, (size_t)got) != 0 ||
		    evbuffer_ptr_set(src, &at, (size_t)got, EVBUFFER_PTR_ADD) != 0)
			return;
		n -= (size_t)got;
	}
}

/* The line ends in the first upto bytes, each byte counted once however
 * slowly they come. */
static size_t
count_lines(struct http_block *b, size_t upto)
{
	struct evbuffer_ptr at;
	char chunk[4096];

	if (evbuffer_ptr_set(b->buf, &at, b->counted, EVBUFFER_PTR_SET) != 0)
		return b->lines;
	while (b->counted < upto) {
		size_t want = upto - b->counted;
		ev_ssize_t got = evbuffer_copyout_from(b->buf, &at, chunk,
		    want < sizeof chunk ? want : sizeof chunk);

		if (got <= 0 || evbuffer_ptr_set(b->buf, &at, (size_t)got,
		    EVBUFFER_PTR_ADD) != 0)
			break;
		for (const char *p = chunk; (p = memchr(p, '\n',
		    (size_t)(chunk + got - p))) != NULL; p++)
			b->lines++;
		b->counted += (size_t)got;
	}
	return b->lines;
}

enum http_block_state
http_block_add(struct http_block *b, struct evbuffer *src, size_t from,
    size_t n, size_t *len)
{
	size_t had = evbuffer_get_length(b->buf);
	struct evbuffer_ptr at;
	ssize_t end;

	if (n > HTTP_HEADERS_MAX - had)
		n = HTTP_HEADERS_MAX - had;
	if (evbuffer_ptr_set(src, &at, from, EVBUFFER_PTR_SET) == 0)
		copy_from(b->buf, src, at, n);
	end = http_head_end(b->buf, had > 3 ? had - 3 : 0);
	/* the request line, the headers and the empty line */
	if (count_lines(b, end >= 0 ? (size_t)end :
	    evbuffer_get_length(b->buf)) > HTTP_HEADER_LINES_MAX + 2)
		return HTTP_BLOCK_TOO_LONG;
	if (end >= 0) {
		*len = (size_t)end;
		return HTTP_BLOCK_WHOLE;
	}
	return evbuffer_get_length(b->buf) >= HTTP_HEADERS_MAX ?
	    HTTP_BLOCK_TOO_LONG : HTTP_BLOCK_MORE;
}

/* The next line of [p, end) without its line end; NULL at the end. */
static const char *
next_line(const char *p, const char *end, size_t *len)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	if (nl == NULL)
		return NULL;
	*len = (size_t)(nl - p) - (nl > p && nl[-1] == '\r');
	return nl + 1;
}

static enum evhttp_cmd_type
method_of(const char *m, size_t n)
{
	static const struct {
		const char *name;
		enum evhttp_cmd_type type;
	} methods[] = {
		{ "GET", EVHTTP_REQ_GET }, { "POST", EVHTTP_REQ_POST },
		{ "PATCH", EVHTTP_REQ_PATCH }, { "DELETE", EVHTTP_REQ_DELETE },
		{ "HEAD", EVHTTP_REQ_HEAD }, { "PUT", EVHTTP_REQ_PUT },
		{ "OPTIONS", EVHTTP_REQ_OPTIONS }, { "TRACE", EVHTTP_REQ_TRACE },
		{ "CONNECT", EVHTTP_REQ_CONNECT },
	};

	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
		if (strlen(methods[i].name) == n &&
		    memcmp(m, methods[i].name, n) == 0)
			return methods[i].type;
	}
	return 0;	/* one evhttp refuses (501) */
}

static void
request_line(const char *p, size_t len, struct http_head *out)
{
	const char *sp1, *sp2;
	char *target;
	struct evhttp_uri *uri;
	const char *path;

	while (len > 0 && p[len - 1] == ' ')
		len--;
	if ((sp1 = memchr(p, ' ', len)) == NULL)
		return;
	out->method = method_of(p, (size_t)(sp1 - p));
	for (sp2 = p + len - 1; sp2 > sp1 && *sp2 != ' '; sp2--)
		;
	if (sp2 == sp1 || (target = strndup(sp1 + 1, (size_t)(sp2 - sp1 - 1)))
	    == NULL)
		return;
	if ((uri = evhttp_uri_parse_with_flags(target,
	    EVHTTP_URI_NONCONFORMANT)) != NULL) {
		path = evhttp_uri_get_path(uri);
		if (path != NULL && strlen(path) < sizeof out->path)
			strcpy(out->path, path);
		evhttp_uri_free(uri);
	}
	free(target);
}

static void
trim(const char **v, size_t *n)
{
	while (*n > 0 && (**v == ' ' || **v == '\t'))
		(*v)++, (*n)--;
	while (*n > 0 && strchr(" \t\r\n", (*v)[*n - 1]) != NULL)
		(*n)--;
}

/* One header, or a continuation of the last one; false when evhttp would
 * refuse the block (a line without a colon, a continuation first). */
static bool
header_line(const char *p, size_t len, struct http_head *out)
{
	const char *colon, *v = p;
	struct evkeyval *last;
	size_t vl = len;
	char *name, *value;

	if (p[0] == ' ' || p[0] == '\t') {
		if ((last = TAILQ_LAST(&out->headers, evkeyvalq)) == NULL)
			return false;
		trim(&v, &vl);
		if ((value = malloc(strlen(last->value) + vl + 2)) == NULL)
			return false;
		sprintf(value, "%s %.*s", last->value, (int)vl, v);
		free(last->value);
		last->value = value;
		return true;
	}
	if ((colon = memchr(p, ':', len)) == NULL)
		return false;
	v = colon + 1;
	vl = len - (size_t)(v - p);
	while (vl > 0 && *v == ' ')
		v++, vl--;
	while (vl > 0 && strchr(" \t\r\n", v[vl - 1]) != NULL)
		vl--;
	name = strndup(p, (size_t)(colon - p));
	value = strndup(v, vl);
	if (name == NULL || value == NULL ||
	    evhttp_add_header(&out->headers, name, value) != 0) {
		free(name);
		free(value);
		return false;
	}
	free(name);
	free(value);
	return true;
}

static bool
may_have_body(enum evhttp_cmd_type m)
{
	return m != EVHTTP_REQ_HEAD && m != EVHTTP_REQ_TRACE;
}

/* evhttp_get_body's decision: chunked, a Content-Length above 0, or no
 * body; a length it cannot read is its 400, before any body. */
static void
body_of(struct http_head *out)
{
	const char *te = evhttp_find_header(&out->headers, "Transfer-Encoding");
	const char *cl = evhttp_find_header(&out->headers, "Content-Length");
	char *end;
	long long n;

	if (!may_have_body(out->method))
		return;
	if (te != NULL && strcasecmp(te, "chunked") == 0) {
		out->has_body = out->chunked = true;
		return;
	}
	if (cl == NULL || *cl == '\0')
		return;
	n = strtoll(cl, &end, 10);
	if (*end != '\0' || n < 1)
		return;
	out->has_body = true;
	out->length = (unsigned long long)n;
}

void
http_head_parse(const char *text, size_t len, struct http_head *out)
{
	const char *p = text, *end = text + len, *next;
	size_t n;

	memset(out, 0, sizeof *out);
	TAILQ_INIT(&out->headers);
	if ((next = next_line(p, end, &n)) == NULL)
		return;
	request_line(p, n, out);
	for (p = next; (next = next_line(p, end, &n)) != NULL && n > 0;
	    p = next) {
		if (!header_line(p, n, out)) {
			/* evhttp answers 400 without reading a body */
			out->path[0] = '\0';
			return;
		}
	}
	body_of(out);
}

static bool
contains_nocase(const char *text, size_t len, const char *word)
{
	size_t n = strlen(word);

	for (size_t i = 0; i + n <= len; i++) {
		if ((text[i] | 0x20) == word[0] && strncasecmp(text + i, word, n)
		    == 0)
			return true;
	}
	return false;
}

bool
http_head_names_a_body(const char *text, size_t len)
{
	return contains_nocase(text, len, "content-length") ||
	    contains_nocase(text, len, "transfer-encoding");
}

void
http_head_clear(struct http_head *hd)
{
	evhttp_clear_headers(&hd->headers);
}
