/*
 * Fuzz target for the HTTP request path: the input is the raw bytes a TCP
 * client sends (request line, headers, body, perhaps several requests),
 * written to a connection of a real evhttp, watched by the TCP guard
 * (http-guard.c, http-head.c: header blocks read before evhttp, refusals
 * before the body), whose one callback is the daemon's http_dispatch, in front of a daemon with a real store (SQLite
 * in a temporary directory), feeds, scheduler and deliveries, set up as
 * daemon.c does it. The client half-closes after its bytes; the answer,
 * if any, must start with an HTTP status line, and the server must answer
 * or close within FUZZ_HTTP_DEADLINE_S; never a crash, a leak or a hang.
 *
 * The listener is a TCP one as far as the daemon knows (struct listener
 * with tcp = true: bearer tokens, the user header of a trusted proxy), but
 * it accepts on a Unix socket in the temporary directory, so that no port
 * is taken and closed connections leave no TIME_WAIT behind. The token of
 * the built-in admin account "api" is FUZZ_HTTP_TOKEN (seeds in http/).
 *
 * The database grows with what the requests create; every
 * FUZZ_HTTP_RESET_EVERY inputs the daemon is torn down and set up again on
 * an empty one. Set TENURED_FUZZ_HTTP_500=abort to treat a 5xx answer
 * (other than evhttp's 501 to an unknown method) as a finding.
 */
#include <errno.h>
#include <event2/event.h>
#include <event2/http.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "auth.h"
#include "clock.h"
#include "config.h"
#include "daemon.h"
#include "deliver.h"
#include "digest.h"
#include "driver.h"
#include "feeds.h"
#include "http-guard.h"
#include "http-internal.h"
#include "http.h"
#include "log.h"
#include "scheduler.h"
#include "service.h"
#include "store.h"

#define FUZZ_HTTP_TOKEN "fuzz-token-0123456789abcdefghijklmnop"
#define FUZZ_HTTP_DEADLINE_S 5
#define FUZZ_HTTP_RESET_EVERY 20000
#define FUZZ_HTTP_ANSWER_MAX (16 << 20)

static char fuzz_dir[64];
static char fuzz_conf[128];
static char fuzz_sock[100];
static struct daemon fuzz_d;
static struct http fuzz_h;
static unsigned long fuzz_runs;
static unsigned long fuzz_status[6];	/* none, 1xx .. 5xx */
static bool fuzz_abort_500;
static unsigned long fuzz_other_version;

static void
fuzz_die(const char *what)
{
	fprintf(stderr, "fuzz-http: set-up: %s: %s\n", what, strerror(errno));
	abort();
}

static void
fuzz_write_file(const char *path, const char *text, mode_t mode)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL || fputs(text, fp) == EOF || fclose(fp) != 0 ||
	    chmod(path, mode) != 0)
		fuzz_die(path);
}

/* One listener as http-listen.c makes it, on a Unix socket here. */
static void
fuzz_listener(struct listener *l, bool tcp, const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd;

	/* the daemon's own set-up, the TCP guard included */
	if (http_listener_setup(&fuzz_h, l, tcp) == NULL)
		fuzz_die("http_listener_setup");
	snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path);
	unlink(path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) < 0 || bind(fd, (struct sockaddr *)&sun, sizeof sun) != 0 ||
	    listen(fd, 64) != 0)
		fuzz_die(path);
	if (evhttp_accept_socket_with_handle(l->evh, fd) == NULL)
		fuzz_die("evhttp_accept_socket_with_handle");
}

static void
fuzz_setup(void)
{
	struct failure_list errors = { 0 };
	struct failure f = { 0 };
	struct config *c;

	memset(&fuzz_d, 0, sizeof fuzz_d);
	memset(&fuzz_h, 0, sizeof fuzz_h);
	if ((fuzz_d.config = config_load(fuzz_conf, &errors)) == NULL) {
		for (size_t i = 0; i < errors.count; i++)
			fprintf(stderr, "fuzz-http: %s:%d: %s\n", fuzz_conf,
			    errors.items[i].line, errors.items[i].message);
		abort();
	}
	c = fuzz_d.config;
	fuzz_d.started_at = clock_real();
	if ((fuzz_d.base = event_base_new()) == NULL)
		fuzz_die("event_base_new");
	fuzz_h.d = &fuzz_d;
	if ((fuzz_h.auth = auth_new()) == NULL)
		fuzz_die("auth_new");
	/* max_body, the guard's limits and [auth], as the daemon takes them */
	http_reconfigure(&fuzz_h, c);
	fuzz_listener(&fuzz_h.tcp, true, fuzz_sock);
	fuzz_d.http = &fuzz_h;
	if ((fuzz_d.store = store_open(c->database, &f)) == NULL ||
	    service_account_builtin(&fuzz_d, &f) != 0) {
		fprintf(stderr, "fuzz-http: store: %s\n", f.message);
		abort();
	}
	daemon_set_planning(&fuzz_d);
	if ((fuzz_d.scheduler = scheduler_new(fuzz_d.base)) == NULL)
		fuzz_die("scheduler_new");
	if ((fuzz_d.feeds = feeds_new(&fuzz_d, &f)) == NULL) {
		fprintf(stderr, "fuzz-http: feeds: %s\n", f.message);
		abort();
	}
	if (digest_start(&fuzz_d) != 0)
		fuzz_die("digest_start");
	if ((fuzz_d.deliver = deliver_new(&fuzz_d)) == NULL)
		fuzz_die("deliver_new");
	scheduler_rearm(fuzz_d.scheduler);
}

static void
fuzz_remove_db(void)
{
	static const char *const names[] = { "tenured.db", "tenured.db-wal",
	    "tenured.db-shm", "tenured.db-journal" };
	char path[160];

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", fuzz_dir, names[i]);
		unlink(path);
	}
}

/* daemon.c's teardown, with the listener made here. */
static void
fuzz_teardown(void)
{
	scheduler_stop(fuzz_d.scheduler);
	evhttp_free(fuzz_h.tcp.evh);
	http_guard_free(fuzz_h.guard);
	auth_free(fuzz_h.auth);
	feeds_flush_stats(fuzz_d.feeds);
	feeds_free(fuzz_d.feeds);
	deliver_free(fuzz_d.deliver);
	scheduler_free(fuzz_d.scheduler);
	event_base_free(fuzz_d.base);
	store_close(fuzz_d.store);
	config_free(fuzz_d.config);
	fuzz_remove_db();
}

static void
fuzz_report(void)
{
	fuzz_teardown();
	fprintf(stderr, "fuzz-http: %lu requests; answers: none %lu, 1xx %lu, "
	    "2xx %lu, 3xx %lu, 4xx %lu, 5xx %lu; in another version than "
	    "HTTP/1.x %lu\n", fuzz_runs, fuzz_status[0], fuzz_status[1],
	    fuzz_status[2], fuzz_status[3], fuzz_status[4], fuzz_status[5],
	    fuzz_other_version);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	char text[2048], path[160];

	snprintf(fuzz_dir, sizeof fuzz_dir, "%s/tenured-fuzz-http-XXXXXX",
	    tmp != NULL && strlen(tmp) < 30 ? tmp : "/tmp");
	/* /dev/shm when there is one: the outbox's fsyncs cost nothing. */
	if (tmp == NULL && access("/dev/shm", W_OK) == 0)
		snprintf(fuzz_dir, sizeof fuzz_dir,
		    "/dev/shm/tenured-fuzz-http-XXXXXX");
	if (mkdtemp(fuzz_dir) == NULL)
		fuzz_die("mkdtemp");
	snprintf(path, sizeof path, "%s/token", fuzz_dir);
	fuzz_write_file(path, FUZZ_HTTP_TOKEN "\n", 0600);
	snprintf(path, sizeof path, "%s/ics", fuzz_dir);
	if (mkdir(path, 0700) != 0)
		fuzz_die(path);
	snprintf(fuzz_sock, sizeof fuzz_sock, "%s/tcp.sock", fuzz_dir);
	snprintf(fuzz_conf, sizeof fuzz_conf, "%s/tenured.conf", fuzz_dir);
	snprintf(text, sizeof text,
	    "[daemon]\n"
	    "database = %s/tenured.db\n"
	    "socket = %s/api.sock\n"
	    "api_token_file = %s/token\n"
	    "public_url = https://tenured.example.org\n"
	    "domain = tenured.example.org\n"
	    "timezone = Europe/Brussels\n"
	    "ics_dir = %s/ics\n"
	    "max_body = 65536\n"
	    "[auth]\n"
	    "trusted_proxy = 127.0.0.1\n"
	    "user_header = X-Remote-User\n"
	    "[reminders]\n"
	    "hr = hr@example.org\n",
	    fuzz_dir, fuzz_dir, fuzz_dir, fuzz_dir);
	fuzz_write_file(fuzz_conf, text, 0600);
	fuzz_abort_500 = getenv("TENURED_FUZZ_HTTP_500") != NULL &&
	    strcmp(getenv("TENURED_FUZZ_HTTP_500"), "abort") == 0;
	signal(SIGPIPE, SIG_IGN);
	log_init(false);
	fuzz_setup();
	atexit(fuzz_report);
	return 0;
}

/* One client connection: what it still has to send, what it received. */
struct fuzz_client {
	int fd;
	const uint8_t *data;
	size_t len, sent;
	char *answer;
	size_t answer_len, answer_cap;
	bool closed, timed_out;
	struct event *rd, *wr, *deadline;
};

static void
fuzz_client_write(evutil_socket_t fd, short what, void *arg)
{
	struct fuzz_client *cl = arg;
	ssize_t n;

	if (cl->sent < cl->len) {
		n = write(fd, cl->data + cl->sent, cl->len - cl->sent);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n < 0) {
			/* The server closed first (it refused the request
			 * and said so, or not): stop sending. */
			cl->sent = cl->len;
		} else {
			cl->sent += (size_t)n;
		}
	}
	if (cl->sent == cl->len) {
		shutdown(fd, SHUT_WR);
		event_del(cl->wr);
	}
}

static void
fuzz_client_read(evutil_socket_t fd, short what, void *arg)
{
	struct fuzz_client *cl = arg;
	char buf[65536];
	ssize_t n = read(fd, buf, sizeof buf);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		cl->closed = true;
		event_base_loopbreak(fuzz_d.base);
		return;
	}
	if (cl->answer_len + (size_t)n > FUZZ_HTTP_ANSWER_MAX) {
		fprintf(stderr, "fuzz-http: an answer over %d bytes\n",
		    FUZZ_HTTP_ANSWER_MAX);
		abort();
	}
	if (cl->answer_len + (size_t)n > cl->answer_cap) {
		cl->answer_cap = (cl->answer_len + (size_t)n) * 2;
		if ((cl->answer = realloc(cl->answer, cl->answer_cap)) == NULL)
			abort();
	}
	memcpy(cl->answer + cl->answer_len, buf, (size_t)n);
	cl->answer_len += (size_t)n;
}

static void
fuzz_client_deadline(evutil_socket_t fd, short what, void *arg)
{
	struct fuzz_client *cl = arg;

	cl->timed_out = true;
	event_base_loopbreak(fuzz_d.base);
}

/* "HTTP/M.N NNN " at the start of the answer: its status, or -1. evhttp
 * answers in the version of the request, so HTTP/0.9 or HTTP/1.11 come
 * back as they were sent (counted apart). */
static int
fuzz_status_line(const char *a, size_t len)
{
	size_t i = 5, digits;

	if (len < 13 || memcmp(a, "HTTP/", 5) != 0)
		return -1;
	for (int part = 0; part < 2; part++) {
		/* evhttp keeps the version in a char: HTTP/1.164 is answered
		 * as HTTP/1.-92 (libevent 2.1.12). */
		if (i < len && a[i] == '-')
			i++;
		for (digits = 0; i < len && a[i] >= '0' && a[i] <= '9'; i++)
			digits++;
		if (digits == 0 || i >= len || a[i++] != (part ? ' ' : '.'))
			return -1;
	}
	if (len - i < 4 || a[i + 3] != ' ' || memchr(a, '\n', len) == NULL)
		return -1;
	for (size_t k = i; k < i + 3; k++) {
		if (a[k] < '0' || a[k] > '9')
			return -1;
	}
	if (memcmp(a, "HTTP/1.1 ", 9) != 0 && memcmp(a, "HTTP/1.0 ", 9) != 0)
		fuzz_other_version++;
	return (a[i] - '0') * 100 + (a[i + 1] - '0') * 10 + (a[i + 2] - '0');
}

static void
fuzz_bad_answer(const struct fuzz_client *cl, const char *why)
{
	fprintf(stderr, "fuzz-http: %s; request %zu bytes:\n%.*s\n--- answer "
	    "%zu bytes:\n%.*s\n", why, cl->len,
	    (int)(cl->len > 2048 ? 2048 : cl->len), (const char *)cl->data,
	    cl->answer_len,
	    (int)(cl->answer_len > 2048 ? 2048 : cl->answer_len), cl->answer);
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct timeval deadline = { FUZZ_HTTP_DEADLINE_S, 0 };
	struct fuzz_client cl = { .data = data, .len = size };
	int status;

	if (fuzz_runs > 0 && fuzz_runs % FUZZ_HTTP_RESET_EVERY == 0) {
		fuzz_teardown();
		fuzz_setup();
	}
	fuzz_runs++;
	snprintf(sun.sun_path, sizeof sun.sun_path, "%s", fuzz_sock);
	if ((cl.fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    connect(cl.fd, (struct sockaddr *)&sun, sizeof sun) != 0 ||
	    evutil_make_socket_nonblocking(cl.fd) != 0)
		fuzz_die("connecting");
	cl.rd = event_new(fuzz_d.base, cl.fd, EV_READ | EV_PERSIST,
	    fuzz_client_read, &cl);
	cl.wr = event_new(fuzz_d.base, cl.fd, EV_WRITE | EV_PERSIST,
	    fuzz_client_write, &cl);
	cl.deadline = evtimer_new(fuzz_d.base, fuzz_client_deadline, &cl);
	if (cl.rd == NULL || cl.wr == NULL || cl.deadline == NULL ||
	    event_add(cl.rd, NULL) != 0 || event_add(cl.wr, NULL) != 0 ||
	    evtimer_add(cl.deadline, &deadline) != 0)
		fuzz_die("client events");
	while (!cl.closed && !cl.timed_out)
		event_base_loop(fuzz_d.base, EVLOOP_ONCE);
	event_free(cl.rd);
	event_free(cl.wr);
	event_free(cl.deadline);
	close(cl.fd);
	/* Let the server see the close and free the connection now. */
	event_base_loop(fuzz_d.base, EVLOOP_NONBLOCK);
	if (cl.timed_out)
		fuzz_bad_answer(&cl, "neither an answer nor a close in time");
	if (cl.answer_len == 0) {
		fuzz_status[0]++;
	} else if ((status = fuzz_status_line(cl.answer, cl.answer_len)) < 100 ||
	    status > 599) {
		fuzz_bad_answer(&cl, "an answer without an HTTP status line");
	} else {
		fuzz_status[status / 100]++;
		/* 501 is evhttp's own answer to a method it does not know. */
		if (status >= 500 && status != 501 && fuzz_abort_500)
			fuzz_bad_answer(&cl, "a 5xx answer");
	}
	free(cl.answer);
	return 0;
}
