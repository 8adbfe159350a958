/* What the tests of the store on real database files share: a fresh database
 * file in TENURED_TEST_TMPDIR (with no log or journal left from a run
 * before), a contract to store, and a number read or a statement run with
 * sqlite3 itself, beside the store. */
#ifndef TENURED_STORE_FIXTURE_H
#define TENURED_STORE_FIXTURE_H

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "schema.h"
#include "store.h"
#include "tap.h"

static char dir[512];

static inline void
db_path(char *out, size_t len, const char *name)
{
	snprintf(out, len, "%s/%s", dir, name);
	unlink(out);
	snprintf(out + strlen(out), len - strlen(out), "%s", "");
	{
		char side[600];

		snprintf(side, sizeof side, "%s-wal", out);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", out);
		unlink(side);
	}
}

static inline int32_t
D(const char *s)
{
	int32_t d = DATE_NONE;

	if (date_parse(s, &d) != 0)
		abort();
	return d;
}

/* Runs a query that yields one integer, on a connection of the test's own. */
static inline long long
scalar(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	long long v = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -2;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			v = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
	return v;
}

static inline int
exec(const char *path, const char *sql)
{
	sqlite3 *db;
	int rc;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

static inline struct contract *
make(const char *name, const char *email, const char *start)
{
	struct contract *c = contract_new();

	c->name = strdup(name);
	c->email = strdup(email);
	c->manager_email = strdup("boss@example.org");
	c->unit = strdup("OCIO");
	c->terms.start = D(start);
	c->terms.twin_graded = true;
	return c;
}

static inline const struct milestone *
find(const struct milestone_list *l, enum milestone_kind k, int32_t term)
{
	return milestone_list_find(l, k, term);
}

#endif
