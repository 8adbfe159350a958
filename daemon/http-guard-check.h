/* The TCP guard's decision on a request whose body is still unread
 * (SPEC section 13): NULL to let evhttp read it, or the whole answer to
 * send instead (401, 403, 413), to be freed. */
#ifndef TENURED_HTTP_GUARD_CHECK_H
#define TENURED_HTTP_GUARD_CHECK_H

#include "http-head.h"

struct http;

char *http_guard_check(struct http *h, const struct http_head *hd,
        const char *peer);
/* The 431 answer to a header block past HTTP_HEADERS_MAX. */
char *http_guard_too_long(void);

#endif
