/* Accounts and roles (SPEC section 11): who is asking, what their role
 * admits, and which contracts they reach. Pure rules, no I/O. */
#ifndef TENURED_ACCOUNT_H
#define TENURED_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "failure.h"
#include "scope.h"

enum account_role {
	ACCOUNT_ADMIN,
	ACCOUNT_HR,
	ACCOUNT_AUDITOR,
	ACCOUNT_MANAGER,
	ACCOUNT_STAFF,
	ACCOUNT_ROLE_COUNT,
};

/* Sets of roles, as route tables declare them. */
#define ROLE_BIT(r)	(1u << (r))
#define ROLES_ADMIN	ROLE_BIT(ACCOUNT_ADMIN)
#define ROLES_WRITE	(ROLES_ADMIN | ROLE_BIT(ACCOUNT_HR))
#define ROLES_READ	(ROLES_WRITE | ROLE_BIT(ACCOUNT_AUDITOR))
#define ROLES_ANY	(ROLES_READ | ROLE_BIT(ACCOUNT_MANAGER) | ROLE_BIT(ACCOUNT_STAFF))
/* Feeds: hr and admin any, managers and staff their own; auditors none. */
#define ROLES_FEEDS	(ROLES_WRITE | ROLE_BIT(ACCOUNT_MANAGER) | ROLE_BIT(ACCOUNT_STAFF))

/* How the caller proved who they are. */
enum via {
	VIA_SOCKET,		/* the Unix socket: the peer's user, admin */
	VIA_TOKEN,		/* a bearer token on TCP */
	VIA_PROXY,		/* a trusted proxy's user header on TCP */
};

#define ACCOUNT_NAME_MAX 64
#define ACCOUNT_EMAIL_MAX 254
/* "tnrd_" and 43 base64url characters: 256 random bits. */
#define ACCOUNT_TOKEN_PREFIX "tnrd_"
#define ACCOUNT_TOKEN_LEN 48

/* The caller of one request, as every write records it. */
struct actor {
	char name[ACCOUNT_NAME_MAX + 8];	/* "unix:" + a user name */
	enum account_role role;
	enum via via;
	char email[ACCOUNT_EMAIL_MAX + 1];	/* "" when none */
	char language[3];			/* "en", "fr" or "" */
	int64_t account_id;			/* 0 on the socket */
};

const char *account_role_name(enum account_role r);
int account_role_parse(const char *text, enum account_role *out);
const char *account_via_name(enum via v);
bool account_role_admits(unsigned roles, enum account_role r);
/* [a-z0-9._@-]{1,64} */
bool account_name_valid(const char *name);
/* "en" or "fr". */
bool account_language_valid(const char *lang);
/* The shape of a token: the prefix and 43 base64url characters. */
bool account_token_shaped(const char *token);

/*
 * The contracts the actor reaches, as a scope the store filters by: false
 * when the role reaches everything; else out is manager:EMAIL or
 * person:EMAIL. A manager or staff account without an email reaches
 * nothing: its scope then names the empty address, which no contract has.
 */
bool account_reach(const struct actor *a, struct scope *out);
/* Whether the actor sees a feed of this scope in the feed list: hr,
 * admin and auditors all of them, managers and staff their own. */
bool account_may_read_feed(const struct actor *a, const struct scope *s);
/* Whether a feed scope is one the actor may create, rotate or revoke. */
bool account_may_manage_feed(const struct actor *a, const struct scope *s);

#endif
