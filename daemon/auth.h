/* Who is asking (SPEC section 11): the Unix user on the socket; on TCP an
 * account by its bearer token, or by a trusted proxy's user header.
 * Refused attempts are logged at most once a minute per peer address. */
#ifndef TENURED_AUTH_H
#define TENURED_AUTH_H

#include <stdbool.h>

#include "account.h"
#include "failure.h"

struct auth;
struct config;
struct store;
struct evhttp_request;

/* The built-in admin account whose token is api_token_file's. */
#define AUTH_BUILTIN_ACCOUNT "api"

struct auth *auth_new(void);
void auth_free(struct auth *a);
/* Takes api_token_file's token and the [auth] settings. */
void auth_configure(struct auth *a, const struct config *c);
/* The actor of req, or -1 with FAILURE_UNAUTHORIZED (logged, rate
 * limited) or a store failure. */
int auth_identify(struct auth *a, struct store *st, struct evhttp_request *req,
        bool tcp, struct actor *out, struct failure *f);
/* The same for a TCP request whose headers were read before evhttp saw
 * them (http-guard.c), from the peer's numeric address. */
struct evkeyvalq;
int auth_identify_headers(struct auth *a, struct store *st,
        const struct evkeyvalq *headers, const char *peer, struct actor *out,
        struct failure *f);
/* "tnrd_" + 43 random base64url characters, and its hash for the store;
 * -1 when the random source fails. */
int auth_token_new(char token[ACCOUNT_TOKEN_LEN + 1],
        unsigned char hash[32]);

#endif
