/* Roles, account names, tokens, the reach of each role, the audit log's
 * staging in the store, and the route tables against the one table of
 * expectations (tests/data/route-roles.tsv): a route without a row there,
 * or whose declared roles disagree with it, fails here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "auth.h"
#include "http-routes.h"
#include "store.h"
#include "tap.h"

static void
test_roles(void)
{
	enum account_role r;

	for (int i = 0; i < ACCOUNT_ROLE_COUNT; i++) {
		CHECK(account_role_parse(account_role_name(i), &r) == 0 &&
		    (int)r == i, account_role_name(i));
	}
	CHECK(account_role_parse("Admin", &r) != 0, "roles are lower case");
	CHECK(account_role_parse("", &r) != 0, "empty role");
	CHECK(account_role_parse(NULL, &r) != 0, "no role");
	CHECK(account_role_admits(ROLES_READ, ACCOUNT_AUDITOR), "auditors read");
	CHECK(!account_role_admits(ROLES_WRITE, ACCOUNT_AUDITOR),
	    "auditors write nothing");
	CHECK(!account_role_admits(ROLES_ADMIN, ACCOUNT_HR), "hr is not admin");
	CHECK(!account_role_admits(ROLES_FEEDS, ACCOUNT_AUDITOR), "auditors make no feeds");
	CHECK(account_role_admits(ROLES_FEEDS, ACCOUNT_STAFF), "staff make their feed");
	CHECK(!account_role_admits(ROLES_ANY, ACCOUNT_ROLE_COUNT), "no such role");
	CHECK(!account_role_admits(0, ACCOUNT_ADMIN), "an empty set admits nobody");
}

static void
test_names(void)
{
	char long_name[80];

	CHECK(account_name_valid("anna.hr"), "anna.hr");
	CHECK(account_name_valid("a@b-c_d.e"), "every allowed character");
	CHECK(!account_name_valid(""), "empty");
	CHECK(!account_name_valid("Anna"), "upper case");
	CHECK(!account_name_valid("an na"), "space");
	CHECK(!account_name_valid("anna/hr"), "slash");
	CHECK(!account_name_valid("ann\xc3\xa9"), "non-ASCII");
	memset(long_name, 'a', 64);
	long_name[64] = '\0';
	CHECK(account_name_valid(long_name), "64 characters");
	long_name[64] = 'a';
	long_name[65] = '\0';
	CHECK(!account_name_valid(long_name), "65 characters");
	CHECK(account_language_valid("fr") && account_language_valid("en") &&
	    !account_language_valid("de") && !account_language_valid(""),
	    "languages en and fr");
}

static void
test_tokens(void)
{
	char a[ACCOUNT_TOKEN_LEN + 1], b[ACCOUNT_TOKEN_LEN + 1];
	unsigned char ha[32], hb[32];

	CHECK(auth_token_new(a, ha) == 0 && auth_token_new(b, hb) == 0,
	    "two tokens");
	CHECK_INT(strlen(a), 48, "tnrd_ and 43 characters");
	CHECK(strncmp(a, "tnrd_", 5) == 0, "the prefix");
	CHECK(account_token_shaped(a) && account_token_shaped(b),
	    "both are shaped as tokens");
	CHECK(strcmp(a, b) != 0 && memcmp(ha, hb, 32) != 0,
	    "fresh randomness each time");
	CHECK(!account_token_shaped("tnrd_short"), "too short");
	a[10] = '+';
	CHECK(!account_token_shaped(a), "not base64url");
	CHECK(!account_token_shaped("xxxx_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
	    "another prefix");
}

static void
test_reach(void)
{
	struct actor m = { .role = ACCOUNT_MANAGER }, hr = { .role = ACCOUNT_HR };
	struct scope s, want;
	struct failure f = { 0 };

	snprintf(m.email, sizeof m.email, "Olivia@Example.org");
	CHECK(!account_reach(&hr, &s), "hr reaches everything");
	CHECK(account_reach(&m, &s) && s.type == SCOPE_MANAGER &&
	    strcmp(s.value, "Olivia@Example.org") == 0, "a manager her team");
	scope_parse("manager:olivia@example.org", &want, &f);
	CHECK(account_may_manage_feed(&m, &want), "her feed, whatever the case");
	scope_parse("all", &want, &f);
	CHECK(!account_may_manage_feed(&m, &want), "not the feed of everything");
	CHECK(account_may_manage_feed(&hr, &want), "hr manages any feed");
	m.email[0] = '\0';
	CHECK(account_reach(&m, &s) && s.value[0] == '\0',
	    "no email: the empty address, which no contract has");
	scope_parse("manager:olivia@example.org", &want, &f);
	CHECK(!account_may_manage_feed(&m, &want), "no email: no feed");
	m.role = ACCOUNT_AUDITOR;
	CHECK(!account_may_manage_feed(&m, &want), "an auditor manages none");
}

static int
count_row(void *ctx, const struct audit_row *r)
{
	(*(int *)ctx)++;
	return 0;
}

/* Staged entries go in with the next commit, and a failed write leaves
 * none behind. */
static void
test_audit_staging(void)
{
	char path[512];
	const char *dir = getenv("TENURED_TEST_TMPDIR");
	struct failure f = { 0 };
	struct store *st;
	struct actor by = { .role = ACCOUNT_HR, .via = VIA_TOKEN };
	struct stored_account acc = { .role = ACCOUNT_MANAGER }, got;
	struct audit_entry e = { .action = "account.created",
	    .entity = AUDIT_ACCOUNT, .summary = "made" };
	struct audit_query q = { .entity = -1, .limit = 100 };
	unsigned char hash[32] = { 1 };
	int n = 0;

	snprintf(path, sizeof path, "%s/test-accounts.db", dir ? dir : ".");
	remove(path);
	snprintf(by.name, sizeof by.name, "anna.hr");
	if (!CHECK((st = store_open(path, &f)) != NULL, "open the store"))
		return;
	snprintf(acc.name, sizeof acc.name, "olivia");
	e.entity_id_from = &acc.id;
	store_audit_stage(st, &by, 1000, &e);
	CHECK_INT(store_account_create(st, &acc, hash, 1000, &f), 0,
	    "an account");
	store_audit_query(st, &q, count_row, &n, &f);
	CHECK_INT(n, 1, "its entry committed with it");
	store_audit_stage(st, &by, 1001, &e);
	CHECK(store_account_create(st, &acc, hash, 1001, &f) != 0 &&
	    f.kind == FAILURE_CONFLICT, "the same name again: a conflict");
	store_audit_drop(st);
	n = 0;
	store_audit_query(st, &q, count_row, &n, &f);
	CHECK_INT(n, 1, "no entry for the refused write");
	CHECK_INT(store_account_by_token(st, hash, &got, &f), 0,
	    "found by its token's hash");
	CHECK_STR(got.name, "olivia", "the account");
	CHECK_INT(got.last_used_at, 0, "never used");
	store_account_used(st, got.id, 5000);
	store_account_get(st, "olivia", &got, &f);
	CHECK_INT(got.last_used_at, 5000, "a use shows at once");
	store_close(st);
	st = store_open(path, &f);
	store_account_get(st, "olivia", &got, &f);
	CHECK_INT(got.last_used_at, 5000, "and is written at close");
	store_close(st);
}

/* "{own}" and the like stand for a number or a name in the table. */
static void
example_path(const char *in, char *out, size_t len)
{
	size_t o = 0;

	while (*in != '\0' && o + 16 < len) {
		if (*in == '{') {
			const char *close = strchr(in, '}');
			bool name = strncmp(in, "{account}", 9) == 0 ||
			    strncmp(in, "{ref}", 5) == 0 ||
			    strncmp(in, "{feed_token}", 12) == 0;

			o += (size_t)snprintf(out + o, len - o, "%s",
			    name ? "sample-x" : "7");
			in = close != NULL ? close + 1 : in + 1;
		} else {
			out[o++] = *in++;
		}
	}
	out[o] = '\0';
}

static const char *const role_columns[] = {
	"admin", "hr", "auditor", "manager", "staff",
};

static void
test_route_table(void)
{
	char file[1024], line[512];
	FILE *fp;
	int rows = 0, routes = 0, pairs = 0;

	snprintf(file, sizeof file, "%s/tests/data/route-roles.tsv",
	    TENURED_SOURCE_ROOT);
	if (!CHECK((fp = fopen(file, "r")) != NULL, "route-roles.tsv"))
		return;
	for (const struct http_route *const *t = http_route_tables; *t; t++)
		for (const struct http_route *r = *t; r->path != NULL; r++)
			routes++;
	/* Every row names a route, and every route's roles agree with its
	 * rows: 403 exactly where the route does not admit the role. */
	while (fgets(line, sizeof line, fp) != NULL) {
		char *col[8], *save = NULL, path[256], what[400];
		int n = 0;
		int64_t id[2];
		char seg[65], allow[64];
		bool known;
		const struct http_route *r;
		enum evhttp_cmd_type m;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = '\0';
		for (char *tok = strtok_r(line, "\t", &save); tok && n < 8;
		    tok = strtok_r(NULL, "\t", &save))
			col[n++] = tok;
		if (!CHECK(n == 8, "a row of 8 columns"))
			continue;
		m = strcmp(col[0], "GET") == 0 ? EVHTTP_REQ_GET :
		    strcmp(col[0], "POST") == 0 ? EVHTTP_REQ_POST :
		    strcmp(col[0], "PATCH") == 0 ? EVHTTP_REQ_PATCH :
		    strcmp(col[0], "DELETE") == 0 ? EVHTTP_REQ_DELETE :
		    EVHTTP_REQ_HEAD;
		example_path(col[1], path, sizeof path);
		r = http_route_find(m, path, id, seg, allow, sizeof allow,
		    &known);
		snprintf(what, sizeof what, "%s %s is a route", col[0], col[1]);
		if (!CHECK(r != NULL, what))
			continue;
		rows++;
		for (int i = 0; i < ACCOUNT_ROLE_COUNT; i++, pairs++) {
			bool forbidden = strcmp(col[2 + i], "403") == 0;

			snprintf(what, sizeof what, "%s %s: %s %s", col[0],
			    col[1], role_columns[i], col[2 + i]);
			CHECK(forbidden == !account_role_admits(r->roles, i) ||
			    r->public, what);
		}
		snprintf(what, sizeof what, "%s %s: anonymous %s", col[0],
		    col[1], col[7]);
		CHECK((strcmp(col[7], "ok") == 0) == r->public, what);
		pairs++;
	}
	fclose(fp);
	/* Each route has at least one row; scoped routes may have two. */
	for (const struct http_route *const *t = http_route_tables; *t; t++) {
		for (const struct http_route *r = *t; r->path != NULL; r++) {
			char what[200];
			bool listed = false;

			fp = fopen(file, "r");
			while (fp != NULL && !listed &&
			    fgets(line, sizeof line, fp) != NULL) {
				char path[256], meth[16], pat[200];
				int64_t id[2];
				char seg[65];

				if (line[0] == '#' || sscanf(line, "%15s %199s",
				    meth, pat) != 2)
					continue;
				example_path(pat, path, sizeof path);
				listed = strcmp(meth, http_method_name(
				    r->method)) == 0 &&
				    http_route_path_matches(r->path, path, id,
				    seg);
			}
			if (fp != NULL)
				fclose(fp);
			snprintf(what, sizeof what, "%s %s has a row",
			    http_method_name(r->method), r->path);
			CHECK(listed, what);
			CHECK(r->public || r->roles != 0,
			    "it admits some role or is public");
		}
	}
	printf("# %d routes, %d rows, %d route-role pairs\n", routes, rows,
	    pairs);
}

int
main(void)
{
	test_roles();
	test_names();
	test_tokens();
	test_reach();
	test_audit_staging();
	test_route_table();
	return tap_done();
}
