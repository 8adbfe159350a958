/* libcurl's multi interface driven by the daemon's libevent loop (after
 * curl's hiperfifo): one persistent event per socket, one shared timer,
 * finished transfers reported after each action. Never blocks the loop. */
#ifndef TENURED_CURLEV_H
#define TENURED_CURLEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct event_base;
struct curlev;

/* What a finished transfer reports. */
struct curlev_result {
	int curl_code;			/* CURLcode; 0 when the exchange happened */
	long status;			/* HTTP status or SMTP reply code, or 0 */
	long retry_after;		/* seconds from Retry-After, or -1 */
	char error[256];		/* curl's error text when curl_code != 0 */
};

/* Longest Retry-After honoured: a peer cannot park a reminder for longer. */
#define CURLEV_RETRY_AFTER_MAX 86400L

typedef void (*curlev_done_fn)(void *arg, const struct curlev_result *r);

/* Also takes a reference on curl_global_init (libcurl counts them), so a
 * program needs no curl set-up of its own. */
struct curlev *curlev_new(struct event_base *base);
/* Finishes nothing: transfers still running are abandoned (their
 * callbacks are not called). Called from inside a done callback, the
 * transfers end at once and the memory goes on the next loop iteration
 * (event_base_once), since that callback runs inside curlev's own event. */
void curlev_free(struct curlev *c);
/* Adds an easy handle (a CURL *) the caller has set up; the curlev owns
 * it from here and calls done once when it ends. Returns -1 if it cannot
 * be added (done is then not called, and the handle is already freed).
 * curlev sets CURLOPT_PRIVATE, CURLOPT_ERRORBUFFER, CURLOPT_HEADERFUNCTION,
 * CURLOPT_HEADERDATA and CURLOPT_NOSIGNAL itself; callers leave those,
 * and set a CURLOPT_WRITEFUNCTION when a response body may come (curl's
 * default writes it to stdout). */
int curlev_add(struct curlev *c, void *easy, curlev_done_fn done, void *arg);
/* Like curlev_add, and release(resource) is called after the handle is
 * cleaned up (or at once when -1 is returned): for what the handle points
 * at but does not copy, such as a header curl_slist or a curl_mime. */
int curlev_add_release(struct curlev *c, void *easy, curlev_done_fn done,
        void *arg, void (*release)(void *), void *resource);
/* Transfers in flight. */
size_t curlev_running(const struct curlev *c);

/* url starts with one of the two schemes (any case) and a host, and has
 * no blank or control character: what a [smtp] or [webhook.NAME] url may
 * be before curl is given it. */
bool curlev_url_ok(const char *url, const char *scheme_a,
        const char *scheme_b);

/* A Retry-After value (delay-seconds or HTTP-date, surrounding blanks and
 * CRLF allowed) as seconds from now, 0 for a date already past, capped at
 * CURLEV_RETRY_AFTER_MAX; -1 when it is neither. */
long curlev_parse_retry_after(const char *value, size_t len, int64_t now);

#endif
