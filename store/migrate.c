#include "internal.h"
#include "schema.h"

#include <stdio.h>

/* PostgreSQL keeps the schema version in a table of its own (SQLite in the
 * file header's user_version); daemons starting together on one database
 * take this advisory lock, so one migrates and the others find it done. */
#define PG_VERSION_TABLE "tenured_schema"
#define PG_MIGRATION_LOCK "7465"

/* The one integer a pragma or count answers; -1 when it cannot be read. */
static int
int_query(struct store *st, const char *sql)
{
	struct db_stmt *s;
	int v = -1;

	if (db_prepare(st->db, sql, false, &s) != 0)
		return -1;
	if (db_step(s) == DB_ROW)
		v = (int)db_column_int64(s, 0);
	db_finalize(s);
	return v;
}

static int
schema_version(struct store *st)
{
	if (db_backend(st->db) == DB_SQLITE)
		return int_query(st, "PRAGMA user_version");
	if (int_query(st, "SELECT count(*) FROM pg_tables WHERE tablename = '"
	    PG_VERSION_TABLE "' AND schemaname = current_schema()") == 0)
		return 0;
	return int_query(st, "SELECT version FROM " PG_VERSION_TABLE);
}

/* Tables in the database, the version table aside. */
static int
table_count(struct store *st)
{
	if (db_backend(st->db) == DB_SQLITE)
		return int_query(st, "SELECT count(*) FROM sqlite_master");
	return int_query(st, "SELECT count(*) FROM pg_tables WHERE schemaname "
	    "= current_schema() AND tablename <> '" PG_VERSION_TABLE "'");
}

int
store_schema_latest(void)
{
	return schema_migrations[schema_migration_count - 1].to;
}

int
store_schema_version(struct store *st)
{
	return schema_version(st);
}

/* Before anything writes (even the switch to WAL, which rewrites the
 * header): a file that is not SQLite, a database of some other program
 * (tables but no schema version) and one from a newer tenured are left
 * exactly as they are. */
int
store_migrate_check(struct store *st, struct failure *f)
{
	int v = schema_version(st), tables;

	if (v < 0 || (tables = table_count(st)) < 0)
		return failure_set(f, FAILURE_INTERNAL, NULL, "not a database "
		    "tenured can use: %s", db_errmsg(st->db));
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

/* Runs the steps past version *v, in the open transaction. */
static int
run_steps(struct store *st, int *v, struct failure *f)
{
	bool pg = db_backend(st->db) == DB_POSTGRESQL;

	if (*v > store_schema_latest())
		return failure_set(f, FAILURE_INTERNAL, NULL,
		    "the schema version %d is newer than this tenured knows (%d)",
		    *v, store_schema_latest());
	for (int i = 0; i < schema_migration_count; i++) {
		const char *sql = pg ? schema_migrations[i].pg :
		    schema_migrations[i].sql;

		if (schema_migrations[i].to <= *v)
			continue;
		if (sql != NULL && db_exec(st->db, sql) != 0)
			return store_fail(st, f, "migrating the schema");
		*v = schema_migrations[i].to;
	}
	return 0;
}

static int
migrate_pg(struct store *st, struct failure *f)
{
	char bump[96];
	int v;

	if (db_exec(st->db, "BEGIN; SELECT pg_advisory_xact_lock("
	    PG_MIGRATION_LOCK ")") != 0)
		return store_fail(st, f, "locking the database to migrate it");
	if ((v = schema_version(st)) < 0) {
		store_fail(st, f, "reading the schema version");
		goto fail;
	}
	if (v == 0 && db_exec(st->db, "CREATE TABLE " PG_VERSION_TABLE
	    " (version BIGINT NOT NULL); INSERT INTO " PG_VERSION_TABLE
	    " VALUES (0)") != 0) {
		store_fail(st, f, "creating the schema version");
		goto fail;
	}
	if (run_steps(st, &v, f) != 0)
		goto fail;
	snprintf(bump, sizeof bump, "UPDATE " PG_VERSION_TABLE
	    " SET version = %d", v);
	if (db_exec(st->db, bump) != 0 || db_exec(st->db, "COMMIT") != 0) {
		store_fail(st, f, "committing the migration");
		goto fail;
	}
	return 0;
fail:
	db_exec(st->db, "ROLLBACK");
	return -1;
}

/* All pending migrations and the version bump commit together, so a crash
 * leaves the database at the old version, never half-way. */
int
store_migrate(struct store *st, struct failure *f)
{
	char bump[64];
	int v, bad;

	if (db_backend(st->db) == DB_POSTGRESQL)
		return migrate_pg(st, f);
	/* Steps that copy a table others refer to need foreign keys off;
	 * SQLite ignores the pragma inside a transaction, so it goes around
	 * it, and the keys are checked before the commit instead. */
	if (db_exec(st->db, "PRAGMA foreign_keys = OFF") != 0)
		return store_fail(st, f, "preparing the migration");
	if (db_exec(st->db, "BEGIN EXCLUSIVE") != 0) {
		store_fail(st, f, "locking the database to migrate it");
		goto keys_on;
	}
	if ((v = schema_version(st)) < 0) {
		store_fail(st, f, "reading the schema version");
		goto fail;
	}
	if (run_steps(st, &v, f) != 0)
		goto fail;
	if ((bad = int_query(st, "SELECT count(*) FROM pragma_foreign_key_check"))
	    != 0) {
		failure_set(f, FAILURE_INTERNAL, NULL, "the migrated database "
		    "has %d rows that refer to nothing; left as it was", bad);
		goto fail;
	}
	snprintf(bump, sizeof bump, "PRAGMA user_version = %d", v);
	if (db_exec(st->db, bump) != 0 || db_exec(st->db, "COMMIT") != 0) {
		store_fail(st, f, "committing the migration");
		goto fail;
	}
	return db_exec(st->db, "PRAGMA foreign_keys = ON") == 0 ? 0 :
	    store_fail(st, f, "checking foreign keys");
fail:
	db_exec(st->db, "ROLLBACK");
keys_on:
	db_exec(st->db, "PRAGMA foreign_keys = ON");
	return -1;
}
