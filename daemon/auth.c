#include "auth.h"

#include <arpa/inet.h>
#include <event2/bufferevent.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <openssl/crypto.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "clock.h"
#include "config.h"
#include "log.h"
#include "store.h"
#include "token.h"

#define AUTH_LOG_INTERVAL 60		/* seconds between reports per peer */
#define AUTH_PEERS_TRACKED 64
#define AUTH_PROXIES_MAX CONFIG_PROXIES_MAX

/* Refusals from one peer since its last report. */
struct refusals {
	char addr[INET6_ADDRSTRLEN];
	int64_t reported_at;
	unsigned count;
};

struct proxy_addr {
	int family;
	unsigned char bytes[16];
};

struct auth {
	unsigned char api_hash[TOKEN_HASH_LEN];
	bool have_api_token;
	struct proxy_addr proxies[AUTH_PROXIES_MAX];
	size_t proxy_count;
	char *user_header;
	struct refusals peers[AUTH_PEERS_TRACKED];
	/* Peers beyond the table share one count, reported once a minute,
	 * so many addresses cannot flood the log either. */
	struct refusals others;
};

struct auth *
auth_new(void)
{
	return calloc(1, sizeof(struct auth));
}

void
auth_free(struct auth *a)
{
	if (a == NULL)
		return;
	explicit_bzero(a->api_hash, sizeof a->api_hash);
	free(a->user_header);
	free(a);
}

/* An IPv4 peer of a dual-stack listener shows as ::ffff:a.b.c.d; it is
 * compared as the IPv4 address it is. */
static bool
parse_addr(const char *text, struct proxy_addr *out)
{
	static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff };

	memset(out, 0, sizeof *out);
	if (inet_pton(AF_INET, text, out->bytes) == 1) {
		out->family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, text, out->bytes) != 1)
		return false;
	out->family = AF_INET6;
	if (memcmp(out->bytes, mapped, sizeof mapped) == 0) {
		memmove(out->bytes, out->bytes + 12, 4);
		memset(out->bytes + 4, 0, 12);
		out->family = AF_INET;
	}
	return true;
}

void
auth_configure(struct auth *a, const struct config *c)
{
	a->have_api_token = c->api_token != NULL &&
	    token_hash(c->api_token, strlen(c->api_token), a->api_hash) == 0;
	a->proxy_count = 0;
	for (size_t i = 0; i < c->trusted_proxy_count &&
	    a->proxy_count < AUTH_PROXIES_MAX; i++) {
		if (parse_addr(c->trusted_proxies[i], &a->proxies[a->proxy_count]))
			a->proxy_count++;
	}
	free(a->user_header);
	a->user_header = c->user_header != NULL ? strdup(c->user_header) : NULL;
}

int
auth_token_new(char token[ACCOUNT_TOKEN_LEN + 1], unsigned char hash[32])
{
	size_t plen = strlen(ACCOUNT_TOKEN_PREFIX);

	memcpy(token, ACCOUNT_TOKEN_PREFIX, plen);
	if (token_random(token + plen) != 0)
		return -1;
	return token_hash(token, ACCOUNT_TOKEN_LEN, hash);
}

/* Logs a refusal unless this peer had one reported in the last minute;
 * the next report says how many came in between. */
static void
refused(struct auth *a, const char *peer, const char *why)
{
	int64_t now = clock_real();
	struct refusals *r = NULL;

	for (size_t i = 0; i < AUTH_PEERS_TRACKED; i++) {
		if (strcmp(a->peers[i].addr, peer) == 0) {
			r = &a->peers[i];
			break;
		}
	}
	/* A new peer takes a slot whose last report is over a minute old
	 * (its count was reported then or is dropped as stale). */
	for (size_t i = 0; r == NULL && i < AUTH_PEERS_TRACKED; i++) {
		if (now - a->peers[i].reported_at >= AUTH_LOG_INTERVAL) {
			r = &a->peers[i];
			memset(r, 0, sizeof *r);
			snprintf(r->addr, sizeof r->addr, "%s", peer);
		}
	}
	if (r == NULL) {
		r = &a->others;
		peer = "other addresses";
	}
	if (r->reported_at != 0 && now - r->reported_at < AUTH_LOG_INTERVAL) {
		r->count++;
		return;
	}
	if (r->count > 0)
		log_warnx("refused authentication from %s: %s (and %u more "
		    "refusals from there since the last report)", peer, why,
		    r->count);
	else
		log_warnx("refused authentication from %s: %s", peer, why);
	r->reported_at = now;
	r->count = 0;
}

static void
socket_actor(struct evhttp_request *req, struct actor *out)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(req);
	struct bufferevent *bev = evcon ?
	    evhttp_connection_get_bufferevent(evcon) : NULL;
	struct ucred cred;
	socklen_t len = sizeof cred;
	struct passwd pw, *found = NULL;
	char buf[1024];

	out->role = ACCOUNT_ADMIN;
	out->via = VIA_SOCKET;
	snprintf(out->name, sizeof out->name, "unix:?");
	if (bev == NULL || getsockopt(bufferevent_getfd(bev), SOL_SOCKET,
	    SO_PEERCRED, &cred, &len) != 0)
		return;
	if (getpwuid_r(cred.uid, &pw, buf, sizeof buf, &found) == 0 &&
	    found != NULL)
		snprintf(out->name, sizeof out->name, "unix:%.64s",
		    found->pw_name);
	else
		snprintf(out->name, sizeof out->name, "unix:%u",
		    (unsigned)cred.uid);
}

static bool
trusted(const struct auth *a, const char *peer)
{
	struct proxy_addr p;

	if (!parse_addr(peer, &p))
		return false;
	for (size_t i = 0; i < a->proxy_count; i++) {
		if (a->proxies[i].family == p.family &&
		    memcmp(a->proxies[i].bytes, p.bytes, sizeof p.bytes) == 0)
			return true;
	}
	return false;
}

static void
account_actor(const struct stored_account *acc, enum via via,
    struct actor *out)
{
	snprintf(out->name, sizeof out->name, "%s", acc->name);
	out->role = acc->role;
	out->via = via;
	snprintf(out->email, sizeof out->email, "%s", acc->email);
	snprintf(out->language, sizeof out->language, "%s", acc->language);
	out->account_id = acc->id;
}

/* The account a bearer token belongs to. The built-in "api" account's
 * token is api_token_file's, compared in constant time; others are looked
 * up by their SHA-256, which reveals nothing of the token. */
static int
by_token(struct auth *a, struct store *st, const char *token,
    struct stored_account *acc, struct failure *f)
{
	unsigned char hash[TOKEN_HASH_LEN];

	if (token_hash(token, strlen(token), hash) != 0)
		return failure_set(f, FAILURE_NOT_FOUND, NULL, "no such token");
	if (a->have_api_token &&
	    CRYPTO_memcmp(hash, a->api_hash, sizeof hash) == 0)
		return store_account_get(st, AUTH_BUILTIN_ACCOUNT, acc, f);
	return store_account_by_token(st, hash, acc, f);
}

/* Who the headers of a TCP request name, or why no one: the account, or
 * -1 with f set (FAILURE_UNAUTHORIZED with *why for the log, or a store
 * failure). Logs nothing and notes no use. */
static int
resolve(struct auth *a, struct store *st, const struct evkeyvalq *in,
    const char *peer, struct stored_account *acc, enum via *via,
    const char **why, struct failure *f)
{
	const char *user = a->user_header != NULL ?
	    evhttp_find_header(in, a->user_header) : NULL;
	const char *auth = evhttp_find_header(in, "Authorization");
	int rc;

	*via = VIA_TOKEN;
	/* An empty header names nobody: the token decides. */
	if (user != NULL && user[0] == '\0')
		user = NULL;
	if (user != NULL) {
		if (!trusted(a, peer)) {
			*why = "a user header from an address that is not a "
			    "trusted proxy";
			return failure_set(f, FAILURE_UNAUTHORIZED, NULL,
			    "this address may not sign in by header");
		}
		*via = VIA_PROXY;
		rc = account_name_valid(user) ?
		    store_account_get(st, user, acc, f) :
		    failure_set(f, FAILURE_NOT_FOUND, NULL, "no such account");
	} else {
		if (auth == NULL || strncasecmp(auth, "Bearer ", 7) != 0 ||
		    auth[7 + strspn(auth + 7, " \t")] == '\0') {
			*why = "no bearer token";
			return failure_set(f, FAILURE_UNAUTHORIZED, NULL,
			    "a valid bearer token is required");
		}
		rc = by_token(a, st, auth + 7, acc, f);
	}
	if (rc != 0 && f->kind != FAILURE_NOT_FOUND)
		return -1;
	if (rc != 0) {
		*why = *via == VIA_PROXY ? "the proxy named an unknown account" :
		    "an unknown token";
		return failure_set(f, FAILURE_UNAUTHORIZED, NULL,
		    *via == VIA_PROXY ? "no such account" :
		    "a valid bearer token is required");
	}
	if (acc->disabled) {
		*why = "a disabled account";
		return failure_set(f, FAILURE_UNAUTHORIZED, NULL,
		    "this account is disabled");
	}
	return 0;
}

int
auth_identify_headers(struct auth *a, struct store *st,
    const struct evkeyvalq *headers, const char *peer, struct actor *out,
    struct failure *f)
{
	struct stored_account acc;
	const char *why = NULL;
	enum via via;

	memset(out, 0, sizeof *out);
	if (resolve(a, st, headers, peer, &acc, &via, &why, f) != 0) {
		if (f->kind == FAILURE_UNAUTHORIZED)
			refused(a, peer, why);
		return -1;
	}
	account_actor(&acc, via, out);
	store_account_used(st, acc.id, clock_real());
	return 0;
}

int
auth_identify(struct auth *a, struct store *st, struct evhttp_request *req,
    bool tcp, struct actor *out, struct failure *f)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(req);
	char *peer = NULL;
	ev_uint16_t port = 0;

	memset(out, 0, sizeof *out);
	if (!tcp) {
		socket_actor(req, out);
		return 0;
	}
	if (evcon != NULL)
		evhttp_connection_get_peer(evcon, &peer, &port);
	return auth_identify_headers(a, st, evhttp_request_get_input_headers(
	    req), peer != NULL ? peer : "?", out, f);
}
