/* What the TCP guard reads of a request's header block before evhttp
 * does: where the block ends, the method and path, the headers that say
 * who asks, and whether a body follows. Anything it cannot read is left
 * for evhttp to refuse. */
#ifndef TENURED_HTTP_HEAD_H
#define TENURED_HTTP_HEAD_H

#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <stdbool.h>
#include <sys/types.h>

struct evbuffer;

#define HTTP_HEAD_PATH_MAX 2048

struct http_head {
	enum evhttp_cmd_type method;
	char path[HTTP_HEAD_PATH_MAX];	/* "" when unreadable */
	struct evkeyvalq headers;	/* each of a readable length */
	bool has_body;			/* Content-Length > 0 or chunked */
	unsigned long long length;	/* Content-Length (0: none, chunked) */
};

/* The length of the header block at the start of buf (its empty line
 * included), searching from offset from on; -1 while it is not whole. A
 * bare LF ends a line too, as evhttp reads them. */
ssize_t http_head_end(struct evbuffer *buf, size_t from);
void http_head_parse(const char *text, size_t len, struct http_head *out);
void http_head_clear(struct http_head *hd);

#endif
