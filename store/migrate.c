#include "internal.h"
#include "schema.h"

#include <stdio.h>

/* The one integer a pragma or count answers; -1 when it cannot be read. */
static int
int_query(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	int v = -1;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

static int
user_version(struct store *st)
{
	return int_query(st, "PRAGMA user_version");
}

int
store_schema_latest(void)
{
	return schema_migrations[schema_migration_count - 1].to;
}

int
store_schema_version(struct store *st)
{
	return user_version(st);
}

/* Before anything writes (even the switch to WAL, which rewrites the
 * header): a file that is not SQLite, a database of some other program
 * (tables but no schema version) and one from a newer tenured are left
 * exactly as they are. */
int
store_migrate_check(struct store *st, struct failure *f)
{
	int v = user_version(st), tables;

	if (v < 0 || (tables = int_query(st,
	    "SELECT count(*) FROM sqlite_master")) < 0)
		return failure_set(f, FAILURE_INTERNAL, NULL, "not a database "
		    "tenured can use: %s", sqlite3_errmsg(st->db));
	if (v == 0 && tables > 0)
		return failure_set(f, FAILURE_INTERNAL, NULL, "a database of "
		    "some other program (it has tables but no schema version); "
		    "left as it is");
	if (v > store_schema_latest())
		return failure_set(f, FAILURE_INTERNAL, NULL,
		    "the schema version %d is newer than this tenured knows (%d); "
		    "left as it is", v, store_schema_latest());
	return 0;
}

/* All pending migrations and the version bump commit together, so a crash
 * leaves the database at the old version, never half-way. */
int
store_migrate(struct store *st, struct failure *f)
{
	char bump[64];
	int v, bad;

	/* Steps that copy a table others refer to need foreign keys off;
	 * SQLite ignores the pragma inside a transaction, so it goes around
	 * it, and the keys are checked before the commit instead. */
	if (sqlite3_exec(st->db, "PRAGMA foreign_keys = OFF", NULL, NULL,
	    NULL) != SQLITE_OK)
		return store_fail(st, f, "preparing the migration");
	if (sqlite3_exec(st->db, "BEGIN EXCLUSIVE", NULL, NULL, NULL) != SQLITE_OK) {
		store_fail(st, f, "locking the database to migrate it");
		goto keys_on;
	}
	v = user_version(st);
	if (v < 0) {
		store_fail(st, f, "reading the schema version");
		goto fail;
	}
	if (v > store_schema_latest()) {
		failure_set(f, FAILURE_INTERNAL, NULL,
		    "the schema version %d is newer than this tenured knows (%d)",
		    v, store_schema_latest());
		goto fail;
	}
	for (int i = 0; i < schema_migration_count; i++) {
		if (schema_migrations[i].to <= v)
			continue;
		if (sqlite3_exec(st->db, schema_migrations[i].sql, NULL, NULL,
		    NULL) != SQLITE_OK) {
			store_fail(st, f, "migrating the schema");
			goto fail;
		}
		v = schema_migrations[i].to;
	}
	if ((bad = int_query(st, "SELECT count(*) FROM pragma_foreign_key_check"))
	    != 0) {
		failure_set(f, FAILURE_INTERNAL, NULL, "the migrated database "
		    "has %d rows that refer to nothing; left as it was", bad);
		goto fail;
	}
	snprintf(bump, sizeof bump, "PRAGMA user_version = %d", v);
	if (sqlite3_exec(st->db, bump, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		store_fail(st, f, "committing the migration");
		goto fail;
	}
	return sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL,
	    NULL) == SQLITE_OK ? 0 : store_fail(st, f, "checking foreign keys");
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
keys_on:
	sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	return -1;
}
