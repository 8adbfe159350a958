#include "http-head.h"

#include <event2/buffer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/queue.h>

/* evhttp reads lines up to an LF with an optional CR before it: the
 * block ends at the first "\n\n" or "\n\r\n". */
ssize_t
http_head_end(struct evbuffer *buf, size_t from)
{
	struct evbuffer_ptr start, lf, crlf;

	if (evbuffer_ptr_set(buf, &start, from, EVBUFFER_PTR_SET) != 0)
		return -1;
	lf = evbuffer_search(buf, "\n\n", 2, &start);
	crlf = evbuffer_search(buf, "\n\r\n", 3, &start);
	if (crlf.pos >= 0 && (lf.pos < 0 || crlf.pos < lf.pos))
		return crlf.pos + 3;
	return lf.pos >= 0 ? lf.pos + 2 : -1;
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
		{ "OPTIONS", EVHTTP_REQ_OPTIONS },
	};

	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
		if (strlen(methods[i].name) == n &&
		    memcmp(m, methods[i].name, n) == 0)
			return methods[i].type;
	}
	return EVHTTP_REQ_TRACE;	/* not one we route */
}

/* "METHOD SP target SP version": the method and the target's path, as
 * evhttp's URI parser gives it to the routing. */
static void
request_line(const char *p, size_t len, struct http_head *out)
{
	const char *sp1 = memchr(p, ' ', len), *sp2;
	char target[HTTP_HEAD_PATH_MAX];
	struct evhttp_uri *uri;
	const char *path;
	size_t tl;

	if (sp1 == NULL)
		return;
	out->method = method_of(p, (size_t)(sp1 - p));
	sp2 = memchr(sp1 + 1, ' ', len - (size_t)(sp1 + 1 - p));
	tl = sp2 != NULL ? (size_t)(sp2 - sp1 - 1) : 0;
	if (tl == 0 || tl >= sizeof target)
		return;
	memcpy(target, sp1 + 1, tl);
	target[tl] = '\0';
	if ((uri = evhttp_uri_parse(target)) == NULL)
		return;
	path = evhttp_uri_get_path(uri);
	if (path != NULL && strlen(path) < sizeof out->path)
		strcpy(out->path, path);
	evhttp_uri_free(uri);
}

static void
header_line(const char *p, size_t len, struct http_head *out)
{
	const char *colon = memchr(p, ':', len), *v;
	char name[64], value[1024];
	size_t nl, vl;

	if (colon == NULL || (nl = (size_t)(colon - p)) == 0 ||
	    nl >= sizeof name)
		return;
	memcpy(name, p, nl);
	name[nl] = '\0';
	for (v = colon + 1; v < p + len && (*v == ' ' || *v == '\t'); v++)
		;
	vl = (size_t)(p + len - v);
	while (vl > 0 && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
		vl--;
	if (vl >= sizeof value)
		return;
	memcpy(value, v, vl);
	value[vl] = '\0';
	if (strcasecmp(name, "Content-Length") == 0) {
		out->has_body |= strspn(value, "0") != vl;
		if (strspn(value, "0123456789") == vl && vl < 20)
			out->length = strtoull(value, NULL, 10);
	}
	else if (strcasecmp(name, "Transfer-Encoding") == 0)
		out->has_body = true;
	evhttp_add_header(&out->headers, name, value);
}

void
http_head_parse(const char *text, size_t len, struct http_head *out)
{
	const char *p = text, *end = text + len, *next;
	size_t n;

	memset(out, 0, sizeof *out);
	out->method = EVHTTP_REQ_TRACE;
	TAILQ_INIT(&out->headers);
	if ((next = next_line(p, end, &n)) == NULL)
		return;
	request_line(p, n, out);
	for (p = next; (next = next_line(p, end, &n)) != NULL && n > 0;
	    p = next)
		header_line(p, n, out);
}

void
http_head_clear(struct http_head *hd)
{
	evhttp_clear_headers(&hd->headers);
}
