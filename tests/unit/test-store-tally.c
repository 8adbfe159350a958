/* The counts kept in memory (store/tally.c) against the tables counted by
 * SQL on a connection of the test's own, after every kind of write: an
 * import with its reminders, a decision, a refused write, claims and
 * delivery results, a retry, and a write by another process. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "reminder.h"
#include "store.h"
#include "tap.h"

static char path[600];

static long long
scalar(const char *sql)
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

static int32_t
D(const char *s)
{
	int32_t d = DATE_NONE;

	if (date_parse(s, &d) != 0)
		abort();
	return d;
}

static int64_t now_fixed(void) { return 1790000000; }

struct waiting {
	long long email, total;
};

static void
add_waiting(void *ctx, const char *channel, int64_t count)
{
	struct waiting *w = ctx;

	if (strcmp(channel, "email") == 0)
		w->email += count;
	w->total += count;
}

/* Every count the memory keeps, compared with SQL's. */
static void
same_as_tables(struct store *st, const char *when)
{
	struct failure f = { 0 };
	const struct store_tally *t = store_tally_read(st, &f);
	struct waiting w = { 0 };
	char sql[256], what[256];
	long long diff = 0;

	if (!CHECK(t != NULL, "the counts are read"))
		return;
	snprintf(what, sizeof what, "%s: contracts", when);
	CHECK_INT(t->contracts, scalar("SELECT count(*) FROM contracts"), what);
	snprintf(what, sizeof what, "%s: vacancies", when);
	CHECK_INT(t->vacancies, scalar("SELECT count(*) FROM vacancies"), what);
	for (int k = 0; k < MS_KIND_COUNT; k++) {
		for (int s = 0; s < STORE_MILESTONE_STATUSES; s++) {
			snprintf(sql, sizeof sql, "SELECT count(*) FROM milestones "
			    "WHERE kind = '%s' AND status = '%s'",
			    milestone_kind_name(k), milestone_status_name(s));
			diff += llabs(t->milestones[k][s] - scalar(sql));
		}
	}
	snprintf(what, sizeof what, "%s: milestones by kind and status", when);
	CHECK_INT(diff, 0, what);
	diff = 0;
	for (int s = 0; s < OUTBOX_STATUS_COUNT; s++) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE "
		    "status = '%s'", outbox_status_name(s));
		diff += llabs(t->outbox[s] - scalar(sql));
	}
	snprintf(what, sizeof what, "%s: outbox by state", when);
	CHECK_INT(diff, 0, what);
	CHECK_INT(store_outbox_waiting(st, add_waiting, &w, &f), 0,
	    "the waiting rows are read by channel");
	snprintf(what, sizeof what, "%s: waiting for email", when);
	CHECK_INT(w.email, scalar("SELECT count(*) FROM outbox WHERE status IN "
	    "('pending', 'retrying') AND channel = 'email'"), what);
	snprintf(what, sizeof what, "%s: waiting on every channel", when);
	CHECK_INT(w.total, scalar("SELECT count(*) FROM outbox WHERE status IN "
	    "('pending', 'retrying')"), what);
}

static struct contract *
make(int i)
{
	struct contract *c = contract_new();
	char buf[64];

	snprintf(buf, sizeof buf, "Person %d", i);
	c->name = strdup(buf);
	snprintf(buf, sizeof buf, "person%d@example.org", i);
	c->email = strdup(buf);
	c->manager_email = strdup("boss@example.org");
	c->unit = strdup("OCIO");
	c->terms.start = D("2026-01-05") + i * 40;
	return c;
}

int
main(void)
{
	const char *tmp = getenv("TENURED_TEST_TMPDIR");
	struct reminder_rule rules[MS_KIND_COUNT];
	char *hr[] = { "hr@example.org" };
	struct outbox_planning planning = { .rules = rules, .hr = hr,
	    .hr_count = 1, .send_minutes = 540, .timezone = "UTC",
	    .now = now_fixed };
	struct failure f = { 0 };
	struct contract *cs[6];
	struct outbox_row *rows = NULL;
	size_t n = 0;
	struct store *st;
	char side[700];

	snprintf(path, sizeof path, "%s/tally.db", tmp != NULL ? tmp : "/tmp");
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	for (int k = 0; k < MS_KIND_COUNT; k++)
		reminder_rule_default(k, &rules[k]);
	if (!CHECK((st = store_open(path, &f)) != NULL, "the database opens"))
		return tap_done();
	store_set_planning(st, &planning);
	same_as_tables(st, "empty");

	for (int i = 0; i < 6; i++)
		cs[i] = make(i);
	CHECK_INT(store_contracts_import(st, cs, 6, now_fixed(), &f), 0,
	    "six contracts are imported");
	CHECK(scalar("SELECT count(*) FROM outbox") > 0,
	    "with reminders in the outbox");
	same_as_tables(st, "after an import");

	{
		struct decision d = { .type = DECISION_SEPARATED,
		    .date = D("2026-12-31"),
		    .reason = strdup("resigned"),
		    .recorded_by = strdup("test") };

		CHECK_INT(store_decision_record(st, cs[0]->id, &d, now_fixed(),
		    &f), 0, "a separation is recorded");
		if (f.message[0] != '\0')
			printf("# %s\n", f.message);
		decision_clear(&d);
	}
	same_as_tables(st, "after a separation (cancelled milestones)");

	{
		/* A duplicate email under another name: refused, rolled back
		 * after rows may have been written. */
		struct contract *dup = make(1);

		free(dup->name);
		dup->name = strdup("Someone Else");
		CHECK(store_contracts_import(st, &dup, 1, now_fixed(), &f) != 0,
		    "a conflicting contract is refused");
		contract_free(dup);
	}
	same_as_tables(st, "after a refused write");

	CHECK_INT(store_outbox_claim(st, "%", INT64_MAX / 2, now_fixed(), 5,
	    &rows, &n, &f), 0, "five rows are claimed");
	same_as_tables(st, "after a claim");
	for (size_t i = 0; i < n; i++)
		store_outbox_finish(st, rows[i].id, i % 2 ? OUTBOX_SENT :
		    OUTBOX_RETRYING, now_fixed() + 60, i % 2 ? NULL : "refused",
		    now_fixed(), &f);
	same_as_tables(st, "after delivery results");
	if (n > 0)
		CHECK_INT(store_outbox_retry(st, rows[0].id, now_fixed(),
		    now_fixed(), &f), 0, "a retrying row is retried");
	same_as_tables(st, "after a retry");
	outbox_rows_free(rows, n);
	CHECK_INT(store_outbox_claim(st, "%", INT64_MAX / 2, now_fixed(), 3,
	    &rows, &n, &f), 0, "three more are claimed");
	outbox_rows_free(rows, n);
	CHECK(store_outbox_recover(st, now_fixed(), &f) >= 0,
	    "sending rows go back to pending, as at start");
	same_as_tables(st, "after recovery");

	{
		/* Another process writes the file: noticed at the next read. */
		sqlite3 *db;

		sqlite3_open(path, &db);
		CHECK_INT(sqlite3_exec(db, "UPDATE outbox SET status = 'dead' "
		    "WHERE status = 'pending' AND id % 2 = 0", NULL, NULL, NULL),
		    SQLITE_OK, "another connection kills some rows");
		sqlite3_close(db);
	}
	same_as_tables(st, "after another process wrote");

	for (int i = 0; i < 6; i++)
		contract_free(cs[i]);
	store_close(st);
	return tap_done();
}
