/* Webhooks (SPEC section 5) delivered by curlev in a real event loop against
 * peers that refuse or never answer: refusals, abandoned sends, a target
 * freed in its own callback, concurrent timeouts, and a send refused before
 * it starts. The exchange with a live receiver is the 'webhook-peer' test
 * (tests/integration/test_webhook_peer.py). */
#include "webhook-fixture.h"

/* A port on loopback that nothing listens on (just bound and let go). */
static int
free_port(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
		port = ntohs(sa.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

/* A listener whose backlog accepts connections nobody ever answers. */
static int
silent_listener(int *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    listen(fd, 8) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*port = ntohs(sa.sin_port);
	return fd;
}

struct outcome {
	int calls;
	struct curlev_result r;
	struct curlev *free_me;		/* curlev_free'd from the callback */
	double at;
};

static void
record_done(void *arg, const struct curlev_result *r)
{
	struct outcome *o = arg;

	o->calls++;
	o->r = *r;
	o->at = now_s();
	if (o->free_me != NULL)
		curlev_free(o->free_me);
}

static void
target_for(struct webhook_target *t, int port, long timeout)
{
	char url[64];
	struct failure f;

	webhook_target_init(t, "local");
	snprintf(url, sizeof url, "http://127.0.0.1:%d/hook", port);
	webhook_target_set(t, "url", url, &f);
	webhook_parse_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", t, &f);
	t->timeout_s = timeout;
}

static void
test_refused(void)
{
	struct event_base *base = event_base_new();
	struct curlev *c = curlev_new(base);
	struct webhook_reminder r = contract_reminder();
	struct webhook_target t;
	struct outcome o = { 0 };
	struct failure f = { 0 };
	double start;
	int port = free_port();

	CHECK(base != NULL && c != NULL && port > 0, "curlev_new");
	if (c == NULL || port <= 0) {
		curlev_free(c);
		event_base_free(base);
		return;
	}
	target_for(&t, port, 5);
	start = now_s();
	CHECK_INT(webhook_send(c, &t, &r, time(NULL), record_done, &o, &f), 0,
	    "send to a port with nothing listening starts");
	CHECK_INT(o.calls, 0, "done not called from inside webhook_send");
	CHECK_INT(curlev_running(c), 1, "one transfer running");
	webhook_target_clear(&t);	/* the request needs it no more */
	event_base_dispatch(base);
	CHECK_INT(o.calls, 1, "done called exactly once");
	CHECK_INT(o.r.curl_code, CURLE_COULDNT_CONNECT,
	    "connection refused is a curl error");
	CHECK_INT(o.r.status, 0, "no HTTP status");
	CHECK_INT(o.r.retry_after, -1, "no Retry-After");
	CHECK(o.r.error[0] != '\0', "curl's error text");
	CHECK(o.at - start < 2.0, "fails fast");
	CHECK_INT(curlev_running(c), 0, "nothing running after");
	curlev_free(c);
	event_base_free(base);
}

static void
test_abandoned(void)
{
	struct event_base *base = event_base_new();
	struct curlev *c = curlev_new(base);
	struct webhook_reminder r = contract_reminder();
	struct webhook_target t;
	struct outcome o = { 0 };
	struct failure f = { 0 };
	struct timeval tv = { 0, 300000 };
	int port, fd = silent_listener(&port);

	CHECK(c != NULL && fd >= 0, "silent listener");
	if (c == NULL || fd < 0) {
		curlev_free(c);
		event_base_free(base);
		return;
	}
	target_for(&t, port, 30);
	CHECK_INT(webhook_send(c, &t, &r, time(NULL), record_done, &o, &f), 0,
	    "send to a peer that never answers starts");
	webhook_target_clear(&t);
	event_base_loopexit(base, &tv);
	event_base_dispatch(base);
	CHECK(o.calls == 0 && curlev_running(c) == 1,
	    "still waiting after 300 ms");
	curlev_free(c);
	CHECK_INT(o.calls, 0, "curlev_free abandons it without a callback");
	CHECK_INT(event_base_dispatch(base), 1,
	    "no event of curlev is left in the base");
	event_base_free(base);
	close(fd);
}

static void
test_free_in_callback(void)
{
	struct event_base *base = event_base_new();
	struct curlev *c = curlev_new(base);
	struct webhook_reminder r = contract_reminder();
	struct webhook_target t;
	struct outcome o1 = { 0 }, o2 = { 0 };
	struct failure f = { 0 };
	int port = free_port(), lport, fd = silent_listener(&lport);

	CHECK(c != NULL && port > 0 && fd >= 0, "two peers");
	if (c == NULL || port <= 0 || fd < 0) {
		curlev_free(c);
		event_base_free(base);
		return;
	}
	o1.free_me = c;
	target_for(&t, port, 5);
	CHECK_INT(webhook_send(c, &t, &r, time(NULL), record_done, &o1, &f),
	    0, "refused transfer");
	webhook_target_clear(&t);
	target_for(&t, lport, 30);
	CHECK_INT(webhook_send(c, &t, &r, time(NULL), record_done, &o2, &f),
	    0, "never answered transfer");
	webhook_target_clear(&t);
	/* Returns when curlev has no events left: the refusal's callback
	 * frees it, which must end the other transfer too. */
	event_base_dispatch(base);
	CHECK_INT(o1.calls, 1, "refused transfer reported");
	CHECK_INT(o2.calls, 0, "the other abandoned by curlev_free");
	event_base_free(base);
	close(fd);
}

/* Three peers that never answer, one second each: concurrent transfers
 * end together after about a second, not one after another. */
static void
test_concurrent_timeouts(void)
{
	struct event_base *base = event_base_new();
	struct curlev *c = curlev_new(base);
	struct webhook_reminder r = contract_reminder();
	struct webhook_target t;
	struct outcome o[3] = { { 0 } };
	struct failure f = { 0 };
	int port, fd = silent_listener(&port), i, started = 0, once = 1;
	double start;

	if (c == NULL || fd < 0) {
		CHECK(0, "silent listener for concurrent transfers");
		curlev_free(c);
		event_base_free(base);
		return;
	}
	target_for(&t, port, 1);
	start = now_s();
	for (i = 0; i < 3; i++)
		started += webhook_send(c, &t, &r, time(NULL), record_done,
		    &o[i], &f) == 0;
	webhook_target_clear(&t);
	CHECK_INT(curlev_running(c), 3, "three transfers in flight");
	event_base_dispatch(base);
	for (i = 0; i < 3; i++)
		once = once && o[i].calls == 1 &&
		    o[i].r.curl_code == CURLE_OPERATION_TIMEDOUT &&
		    o[i].at - start >= 0.9 && o[i].at - start < 2.0;
	CHECK(started == 3 && once,
	    "each timed out once, within timeout + 1 s of the start");
	curlev_free(c);
	event_base_free(base);
	close(fd);
}

static void
test_send_refused(void)
{
	struct event_base *base = event_base_new();
	struct curlev *c = curlev_new(base);
	struct webhook_reminder r = contract_reminder();
	struct webhook_target t;
	struct outcome o = { 0 };
	struct failure f = { 0 };

	target_for(&t, 9, 5);
	r.id = "bad\r\nX-Injected: 1";
	CHECK(webhook_send(c, &t, &r, 1, record_done, &o, &f) == -1 &&
	    strcmp(f.field, "id") == 0, "an id that would break headers");
	r.id = "";
	CHECK_INT(webhook_send(c, &t, &r, 1, record_done, &o, &f), -1,
	    "an empty id");
	r.id = "ok";
	webhook_target_clear(&t);
	webhook_target_init(&t, "nokey");
	webhook_target_set(&t, "url", "http://127.0.0.1:9/", &f);
	CHECK(webhook_send(c, &t, &r, 1, record_done, &o, &f) == -1 &&
	    strcmp(f.field, "secret_file") == 0, "json without a key");
	CHECK(o.calls == 0 && curlev_running(c) == 0,
	    "refused sends call nothing");
	webhook_target_clear(&t);
	curlev_free(c);
	curlev_free(NULL);
	event_base_free(base);
}

int
main(void)
{
	/* Secret files a test writes are the daemon's own: 0600. */
	umask(077);
	test_refused();
	test_abandoned();
	test_free_in_callback();
	test_concurrent_timeouts();
	test_send_refused();
	return tap_done();
}
