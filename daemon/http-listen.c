#include <errno.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/listener.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include "auth.h"
#include "config.h"
#include "daemon.h"
#include "http.h"
#include "http-guard.h"
#include "http-internal.h"
#include "log.h"

/* Out of descriptors, accept() fails at once and libevent would retry
 * in a tight loop: stop listening for a while instead, and say so once. */
#define HTTP_ACCEPT_PAUSE_S 1

static void
accept_resume(evutil_socket_t fd, short what, void *arg)
{
	evconnlistener_enable(arg);
}

/* arg is the listener's evhttp (libevent's choice): the TCP one has a
 * guard, which keeps this pause apart from its cap. */
static void
accept_error(struct evconnlistener *lev, void *arg)
{
	struct timeval pause = { HTTP_ACCEPT_PAUSE_S, 0 };
	struct http_guard *g = http_guard_of(arg);

	log_warn("accepting a connection (paused for %d s)",
	    HTTP_ACCEPT_PAUSE_S);
	if (g != NULL) {
		http_guard_accept_failed(g, HTTP_ACCEPT_PAUSE_S);
		return;
	}
	evconnlistener_disable(lev);
	event_base_once(evconnlistener_get_base(lev), -1, EV_TIMEOUT,
	    accept_resume, lev, &pause);
}

static void
watch_accept(struct listener *l, struct evhttp_bound_socket *bound)
{
	struct evconnlistener *lev;

	if (bound == NULL)
		return;
	lev = evhttp_bound_socket_get_listener(bound);
	evconnlistener_set_error_cb(lev, accept_error);
	if (l->tcp)
		http_guard_watch(l->h->guard, lev);
}

/* Descriptors beyond the TCP connections: listeners, the database and its
 * log, the journal, mail and webhook transfers, feed files being written. */
#define HTTP_SPARE_FDS 64

/* max_connections must fit in the descriptor limit, or the cap would be
 * EMFILE instead of ours: the soft limit is raised to what is needed when
 * the hard one allows. */
static int
check_fd_limit(size_t max_connections, struct failure *f)
{
	struct rlimit rl;
	rlim_t need = (rlim_t)max_connections + HTTP_SPARE_FDS;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= need)
		return 0;
	if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= need) {
		rl.rlim_cur = need;
		if (setrlimit(RLIMIT_NOFILE, &rl) == 0)
			return 0;
	}
	return failure_set(f, FAILURE_INVALID_FIELD, "max_connections",
	    "max_connections = %zu needs %llu descriptors; the limit is %llu "
	    "(LimitNOFILE= in the unit, ulimit -n)", max_connections,
	    (unsigned long long)need, (unsigned long long)rl.rlim_max);
}

struct evhttp *
http_listener_setup(struct http *h, struct listener *l, bool tcp)
{
	l->h = h;
	l->tcp = tcp;
	if ((l->evh = evhttp_new(h->d->base)) == NULL)
		return NULL;
	evhttp_set_allowed_methods(l->evh, EVHTTP_REQ_GET | EVHTTP_REQ_POST |
	    EVHTTP_REQ_PATCH | EVHTTP_REQ_DELETE | EVHTTP_REQ_HEAD |
	    EVHTTP_REQ_PUT | EVHTTP_REQ_OPTIONS);
	evhttp_set_max_headers_size(l->evh, HTTP_HEADERS_MAX);
	evhttp_set_max_body_size(l->evh,
	    (ev_ssize_t)(h->max_body * HTTP_BODY_CAP_FACTOR));
	evhttp_set_timeout(l->evh, HTTP_TIMEOUT_S);
	evhttp_set_gencb(l->evh, http_dispatch, l);
	if (tcp) {
		if ((h->guard = http_guard_new(h, l->evh)) == NULL)
			return NULL;
		http_guard_configure(h->guard, h->max_connections,
		    h->header_timeout, h->body_timeout);
	}
	return l->evh;
}

/* Whether a socket file at path has a listener behind it: 0 when it is
 * stale (nobody answers), -1 with the failure when it is in use. The
 * probe does not block: a listener with a full backlog is in use too. */
static int
socket_in_use(const struct sockaddr_un *sun, struct failure *f)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0), rc;

	if (fd < 0)
		return failure_set(f, FAILURE_INTERNAL, "socket", "socket: %s",
		    strerror(errno));
	rc = connect(fd, (const struct sockaddr *)sun, sizeof *sun);
	if (rc != 0 && errno == ECONNREFUSED) {
		close(fd);
		return 0;
	}
	failure_set(f, FAILURE_INTERNAL, "socket", "%s is in use (another "
	    "tenured running?): %s", sun->sun_path, rc == 0 ?
	    "it accepts connections" : strerror(errno));
	close(fd);
	return -1;
}

static int
bind_socket(const char *path, struct failure *f)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct stat sb;
	int fd;

	if (strlen(path) >= sizeof sun.sun_path)
		return failure_set(f, FAILURE_INVALID_FIELD, "socket",
		    "socket path too long: %s", path);
	strcpy(sun.sun_path, path);
	/* A socket left by a previous run would make bind fail: it goes.
	 * One that answers belongs to a running daemon and stays. */
	if (lstat(path, &sb) == 0 && S_ISSOCK(sb.st_mode)) {
		if (socket_in_use(&sun, f) != 0)
			return -1;
		unlink(path);
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) < 0)
		return failure_set(f, FAILURE_INTERNAL, "socket", "socket: %s",
		    strerror(errno));
	if (bind(fd, (struct sockaddr *)&sun, sizeof sun) != 0 ||
	    chmod(path, 0660) != 0 || listen(fd, SOMAXCONN) != 0) {
		failure_set(f, FAILURE_INTERNAL, "socket", "cannot listen on %s: %s",
		    path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static void
apply_config(struct http *h, const struct config *c)
{
	h->max_body = c->max_body;
	h->max_connections = c->max_connections;
	h->header_timeout = c->header_timeout;
	h->body_timeout = c->body_timeout;
	if (h->guard != NULL)
		http_guard_configure(h->guard, h->max_connections,
		    h->header_timeout, h->body_timeout);
	auth_configure(h->auth, c);
	if (h->local.evh != NULL)
		evhttp_set_max_body_size(h->local.evh,
		    (ev_ssize_t)(h->max_body * HTTP_BODY_CAP_FACTOR));
	if (h->tcp.evh != NULL)
		evhttp_set_max_body_size(h->tcp.evh,
		    (ev_ssize_t)(h->max_body * HTTP_BODY_CAP_FACTOR));
}

void
http_reconfigure(struct http *h, const struct config *c)
{
	apply_config(h, c);
}

/* Takes the sockets systemd passed: a Unix one is the API socket, an
 * Internet one the TCP listener. Returns how many it took. */
static int
take_activated(struct http *h, struct failure *f)
{
	int n = sd_listen_fds(1), taken = 0;
	struct evhttp_bound_socket *bound;

	for (int fd = SD_LISTEN_FDS_START; n > 0 && fd < SD_LISTEN_FDS_START + n;
	    fd++) {
		struct listener *l = NULL;

		if (sd_is_socket_unix(fd, SOCK_STREAM, 1, NULL, 0) > 0)
			l = &h->local;
		else if (sd_is_socket_inet(fd, 0, SOCK_STREAM, 1, 0) > 0)
			l = &h->tcp;
		if (l == NULL || l->evh != NULL) {
			log_warnx("ignoring passed socket %d", fd);
			continue;
		}
		evutil_make_socket_nonblocking(fd);
		if (http_listener_setup(h, l, l == &h->tcp) == NULL ||
		    (bound = evhttp_accept_socket_with_handle(l->evh, fd)) == NULL)
			return failure_set(f, FAILURE_INTERNAL, NULL,
			    "cannot serve passed socket %d", fd);
		watch_accept(l, bound);
		taken++;
	}
	return taken;
}

struct http *
http_new(struct daemon *d, struct failure *f)
{
	struct http *h = calloc(1, sizeof *h);
	const struct config *c = d->config;
	struct evhttp_bound_socket *bound;
	int taken, fd;

	if (h == NULL) {
		failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
		return NULL;
	}
	h->d = d;
	if ((h->auth = auth_new()) == NULL) {
		failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
		goto fail;
	}
	apply_config(h, c);
	if (c->listen != NULL && check_fd_limit(c->max_connections, f) != 0)
		goto fail;
	if ((taken = take_activated(h, f)) < 0)
		goto fail;
	if (h->local.evh == NULL) {
		if ((fd = bind_socket(c->socket, f)) < 0)
			goto fail;
		h->socket_path = strdup(c->socket);
		if (http_listener_setup(h, &h->local, false) == NULL ||
		    (bound = evhttp_accept_socket_with_handle(h->local.evh,
		    fd)) == NULL) {
			close(fd);
			failure_set(f, FAILURE_INTERNAL, NULL,
			    "cannot serve %s", c->socket);
			goto fail;
		}
		watch_accept(&h->local, bound);
	}
	if (h->tcp.evh == NULL && c->listen != NULL) {
		char host[256];
		unsigned short port;

		if (config_split_listen(c->listen, host, sizeof host, &port) != 0 ||
		    http_listener_setup(h, &h->tcp, true) == NULL ||
		    (bound = evhttp_bind_socket_with_handle(h->tcp.evh, host,
		    port)) == NULL) {
			failure_set(f, FAILURE_INTERNAL, "listen",
			    "cannot listen on %s: %s", c->listen, strerror(errno));
			goto fail;
		}
		watch_accept(&h->tcp, bound);
	}
	return h;
fail:
	http_free(h);
	return NULL;
}

void
http_free(struct http *h)
{
	if (h == NULL)
		return;
	if (h->local.evh != NULL)
		evhttp_free(h->local.evh);
	/* the listener goes with evhttp_free: the guard must not touch it */
	http_guard_watch(h->guard, NULL);
	if (h->tcp.evh != NULL)
		evhttp_free(h->tcp.evh);
	http_guard_free(h->guard);
	if (h->socket_path != NULL) {
		unlink(h->socket_path);
		free(h->socket_path);
	}
	auth_free(h->auth);
	free(h);
}
