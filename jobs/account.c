#include "account.h"
#include "lang.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const account_role_names[ACCOUNT_ROLE_COUNT] = {
	[ACCOUNT_ADMIN] = "admin",
	[ACCOUNT_HR] = "hr",
	[ACCOUNT_AUDITOR] = "auditor",
	[ACCOUNT_MANAGER] = "manager",
	[ACCOUNT_STAFF] = "staff",
};

const char *
account_role_name(enum account_role r)
{
	return (unsigned)r < ACCOUNT_ROLE_COUNT ? account_role_names[r] : "?";
}

int
account_role_parse(const char *text, enum account_role *out)
{
	for (int r = 0; text != NULL && r < ACCOUNT_ROLE_COUNT; r++) {
		if (strcmp(text, account_role_names[r]) == 0) {
			*out = (enum account_role)r;
			return 0;
		}
	}
	return -1;
}

const char *
account_via_name(enum via v)
{
	switch (v) {
	case VIA_SOCKET: return "socket";
	case VIA_TOKEN: return "token";
	case VIA_PROXY: return "proxy";
	}
	return "?";
}

bool
account_role_admits(unsigned roles, enum account_role r)
{
	return (unsigned)r < ACCOUNT_ROLE_COUNT && (roles & ROLE_BIT(r)) != 0;
}

bool
account_name_valid(const char *name)
{
	size_t n = 0;

	if (name == NULL)
		return false;
	for (; name[n] != '\0'; n++) {
		char ch = name[n];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		    ch == '.' || ch == '_' || ch == '@' || ch == '-'))
			return false;
	}
	return n >= 1 && n <= ACCOUNT_NAME_MAX;
}

bool
account_language_valid(const char *lang)
{
	enum lang l;

	/* One list of languages: lang.c's. */
	return lang_parse(lang, &l);
}

bool
account_token_shaped(const char *token)
{
	size_t plen = strlen(ACCOUNT_TOKEN_PREFIX);

	if (token == NULL || strlen(token) != ACCOUNT_TOKEN_LEN ||
	    strncmp(token, ACCOUNT_TOKEN_PREFIX, plen) != 0)
		return false;
	for (const char *p = token + plen; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return false;
	}
	return true;
}

bool
account_reach(const struct actor *a, struct scope *out)
{
	if (a->role != ACCOUNT_MANAGER && a->role != ACCOUNT_STAFF)
		return false;
	out->type = a->role == ACCOUNT_MANAGER ? SCOPE_MANAGER : SCOPE_PERSON;
	snprintf(out->value, sizeof out->value, "%s", a->email);
	return true;
}

bool
account_may_read_feed(const struct actor *a, const struct scope *s)
{
	return a->role == ACCOUNT_AUDITOR || account_may_manage_feed(a, s);
}

bool
account_may_manage_feed(const struct actor *a, const struct scope *s)
{
	struct scope reach;

	if (!account_reach(a, &reach))
		return a->role == ACCOUNT_ADMIN || a->role == ACCOUNT_HR;
	return reach.value[0] != '\0' && s->type == reach.type &&
	    strcasecmp(s->value, reach.value) == 0;
}
