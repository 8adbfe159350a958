/* The store on real database files as they are opened: creation and
 * migration, refusals of files it cannot use, and a version-1 outbox
 * migrated. */
#include "store-fixture.h"

/* A version-1 file with an outbox row reaches version 2 with the row
 * intact, and then takes digest rows, which belong to no milestone. */
static void
test_v1_outbox_migrates(void)
{
	char path[600], sql[8192];
	struct failure f = { 0 };
	struct store *st;
	const char *addr = "hr@example.org";

	db_path(path, sizeof path, "v1.db");
	snprintf(sql, sizeof sql, "BEGIN; %s PRAGMA user_version = 1; "
	    "INSERT INTO vacancies (id, reference, data, notice, created_at, "
	    "updated_at) VALUES (1, '250914', '{}', 'text', 1, 1); "
	    "INSERT INTO milestones (id, vacancy_id, kind, date, status, "
	    "updated_at) VALUES (5, 1, 'application_deadline', 20261201, "
	    "'scheduled', 1); "
	    "INSERT INTO outbox (id, milestone_id, vacancy_id, kind, "
	    "milestone_date, offset, channel, recipient, due_at, status, "
	    "next_attempt_at, created_at, updated_at) VALUES (7, 5, 1, "
	    "'application_deadline', 20261201, '7d', 'email', "
	    "'hr@example.org', 100, 'retrying', 200, 1, 2); COMMIT;",
	    schema_migrations[0].sql);
	CHECK_INT(exec(path, sql), 0, "a version-1 file is made");
	st = store_open(path, &f);
	CHECK(st != NULL, "the version-1 file opens");
	if (st == NULL)
		return;
	CHECK_INT(store_schema_version(st), store_schema_latest(),
	    "it is migrated to the latest schema");
	CHECK_INT(store_digest_plan(st, D("2026-11-23"), 300, &addr,
	    1, 3, &f), 1, "a digest row is planned");
	CHECK_INT(store_digest_plan(st, D("2026-11-23"), 300, &addr,
	    1, 4, &f), 0, "planned again: still one row");
	store_close(st);
	CHECK_INT(scalar(path, "SELECT count(*) FROM outbox WHERE id = 7 AND "
	    "milestone_id = 5 AND status = 'retrying' AND next_attempt_at = "
	    "200 AND recipient = 'hr@example.org'"), 1,
	    "the old row kept every field");
	CHECK_INT(scalar(path, "SELECT count(*) FROM outbox WHERE kind = "
	    "'digest' AND milestone_id IS NULL AND milestone_date = 20261123"),
	    1, "the digest row is there");
	CHECK_INT(exec(path, "INSERT INTO outbox (kind, milestone_date, "
	    "offset, channel, recipient, due_at, created_at, updated_at) "
	    "VALUES ('probation_end', 20261123, '7d', 'email', 'a@b.c', 1, 1, "
	    "1)"), -1, "a reminder without a milestone is still refused");
	CHECK_INT(scalar(path, "SELECT count(*) FROM sqlite_master WHERE "
	    "type = 'index' AND name IN ('outbox_key', 'outbox_due', "
	    "'outbox_milestone')"), 3, "the outbox indexes are back");
	CHECK_INT(scalar(path, "SELECT count(*) FROM sqlite_master WHERE "
	    "name = 'milestones_by_kind'"), 0,
	    "version 8 drops the index by kind and status (counted in memory)");
}

static void
test_create_and_migrate(void)
{
	char path[600];
	struct failure f = { 0 };
	struct store *st;
	FILE *fp;

	db_path(path, sizeof path, "fresh.db");
	st = store_open(path, &f);
	CHECK(st != NULL, "a new database file opens");
	if (st == NULL) {
		printf("# %s\n", f.message);
		return;
	}
	CHECK_INT(store_schema_version(st), store_schema_latest(),
	    "a new database is at the latest schema");
	store_close(st);
	CHECK_INT(scalar(path, "SELECT count(*) FROM sqlite_master WHERE "
	    "name IN ('people','contracts','decisions','revocations',"
	    "'milestones','vacancies','vacancy_versions','outbox')"), 8,
	    "every table exists");
	{
		sqlite3 *db;
		sqlite3_stmt *s;
		const char *mode = "";

		sqlite3_open(path, &db);
		sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL);
		if (sqlite3_step(s) == SQLITE_ROW)
			mode = strdup((const char *)sqlite3_column_text(s, 0));
		sqlite3_finalize(s);
		sqlite3_close(db);
		CHECK_STR(mode, "wal", "the database is in WAL mode");
		free((void *)mode);
	}

	/* An empty file, as a package's postinst might leave it. */
	db_path(path, sizeof path, "empty.db");
	fp = fopen(path, "w");
	fclose(fp);
	st = store_open(path, &f);
	CHECK(st != NULL, "an empty file migrates");
	CHECK_INT(st ? store_schema_version(st) : -1, store_schema_latest(),
	    "the empty file reaches the latest schema");
	store_close(st);
	st = store_open(path, &f);
	CHECK(st != NULL, "reopening a migrated file does nothing");
	store_close(st);

	/* A database from a newer tenured is refused, not downgraded. */
	db_path(path, sizeof path, "newer.db");
	exec(path, "PRAGMA user_version = 999");
	failure_clear(&f);
	st = store_open(path, &f);
	CHECK(st == NULL, "a newer schema is refused");
	CHECK(strstr(f.message, "newer") != NULL, "the refusal says why");
	store_close(st);

	/* A file that is not a database. */
	db_path(path, sizeof path, "garbage.db");
	fp = fopen(path, "w");
	fputs("this is not an SQLite database, but it is long enough to "
	    "look like a header of one when read by the pager..........", fp);
	fclose(fp);
	failure_clear(&f);
	st = store_open(path, &f);
	CHECK(st == NULL, "a file that is not a database is refused");
	CHECK(strstr(f.message, path) != NULL, "the refusal names the file");
	store_close(st);
}

int
main(void)
{
	const char *tmp = getenv("TENURED_TEST_TMPDIR");

	snprintf(dir, sizeof dir, "%s", tmp != NULL ? tmp : "/tmp");
	test_create_and_migrate();
	test_v1_outbox_migrates();
	return tap_done();
}
