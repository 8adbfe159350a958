/* What the TCP guard reads of a request's header block before evhttp
 * does: where the block ends, the method and path, the headers that say
 * who asks, and whether evhttp will read a body and how long. A block
 * evhttp would refuse (400) reads as one without a body. */
#ifndef TENURED_HTTP_HEAD_H
#define TENURED_HTTP_HEAD_H

#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <stdbool.h>
#include <sys/types.h>

struct evbuffer;

#define HTTP_HEAD_PATH_MAX 2048

struct http_head {
	enum evhttp_cmd_type method;	/* 0 for one evhttp does not know */
	char path[HTTP_HEAD_PATH_MAX];	/* "" when unreadable */
	struct evkeyvalq headers;	/* as evhttp will have them */
	bool has_body;			/* evhttp will read a body */
	bool chunked;			/* ... of unknown length */
	unsigned long long length;	/* its Content-Length */
};

/* One header block collected as it arrives, before evhttp reads it. */
struct http_block {
	struct evbuffer *buf;
	size_t lines;			/* line ends in its first ... */
	size_t counted;			/* ... bytes */
};

enum http_block_state {
	HTTP_BLOCK_MORE,		/* not whole yet */
	HTTP_BLOCK_WHOLE,		/* its length is out */
	HTTP_BLOCK_TOO_LONG,		/* past HTTP_HEADERS_MAX or the lines */
};

void http_block_init(struct http_block *b);
void http_block_free(struct http_block *b);
void http_block_reset(struct http_block *b);
/* Copies bytes [from, from + n) of src (what is left of them for
 * HTTP_HEADERS_MAX) and says whether the block is whole. */
enum http_block_state http_block_add(struct http_block *b,
        struct evbuffer *src, size_t from, size_t n, size_t *len);
/* Its first len bytes, contiguous. */
const char *http_block_text(struct http_block *b, size_t len);

/* The length of the header block at the start of buf (its empty line
 * included), searching from offset from on; -1 while it is not whole. A
 * bare LF ends a line too, as evhttp reads them. */
ssize_t http_head_end(struct evbuffer *buf, size_t from);
void http_head_parse(const char *text, size_t len, struct http_head *out);
/* False when the block names neither Content-Length nor
 * Transfer-Encoding: evhttp reads no body then, and the block need not be
 * parsed (most requests are such GETs). */
bool http_head_names_a_body(const char *text, size_t len);
void http_head_clear(struct http_head *hd);

#endif
