/*
 * Plans and stores milestones for generated contracts, then reads 90-day
 * windows of milestones (the first page of 1000) over them. The anchor:
 * SQLite itself inserting the same rows (every table's, read back into
 * memory) into an empty database of the same schema, in one transaction,
 * through prepared statements, as fast as SQLite can store them. Prints
 * the figures and BENCH-ROW lines (bench/report.py).
 *
 *   bench-plan-store [DATABASE] [CONTRACTS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "date.h"
#include "store.h"

/* Contracts per transaction: a large CSV import. */
#define BATCH 10000
#define QUERIES 50

static struct contract *batch[BATCH];

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A small deterministic generator, so every run stores the same data. */
static uint32_t rng = 2463534242u;

static uint32_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static struct contract *
generate(long i)
{
	static const char *const units[] = { "OCIO", "DPP", "EmO", "OLA", "NOS" };
	struct contract *c = contract_new();
	char buf[128];
	int32_t base = date_from_ymd(2019, 1, 1);

	snprintf(buf, sizeof buf, "Person %ld", i);
	c->name = strdup(buf);
	snprintf(buf, sizeof buf, "person%ld@example.org", i);
	c->email = strdup(buf);
	snprintf(buf, sizeof buf, "manager%u@example.org", next() % 500);
	c->manager_email = strdup(buf);
	c->unit = strdup(units[next() % 5]);
	c->terms.start = base + (int32_t)(next() % (8 * 365));
	c->terms.staff_type = (enum staff_type)(next() % 3);
	c->terms.twin_graded = next() % 3 == 0;
	if (next() % 2)
		c->terms.birth_date = date_from_ymd(1960 + (int)(next() % 35),
		    1 + (int)(next() % 12), 1 + (int)(next() % 28));
	if (c->terms.staff_type == STAFF_SERVING && next() % 4 == 0)
		c->terms.indefinite = true;
	/* A third were renewed to the maximum, as staff part-way through. */
	if (!c->terms.indefinite && next() % 3 == 0) {
		int32_t cap = date_term_end(c->terms.start, 72);
		int32_t limit = c->terms.birth_date == DATE_NONE ? cap :
		    date_last_of_month(date_add_months(c->terms.birth_date, 780));

		if (limit > date_term_end(c->terms.start, 36)) {
			c->decisions = calloc(1, sizeof *c->decisions);
			c->decisions[0] = (struct decision){
				.type = DECISION_RENEWED, .date = DATE_NONE,
				.until = cap < limit ? cap : limit,
			};
			c->decision_count = 1;
		}
	}
	return c;
}

static void
remove_db(const char *path)
{
	char side[1024];

	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

/* One table's rows as SQLite values. */
struct table_rows {
	const char *name;
	int columns;
	size_t count;
	sqlite3_value **values;		/* count * columns */
};

static const char *const tables[] = { "people", "contracts", "decisions",
    "milestones", "outbox" };
#define TABLES (sizeof tables / sizeof tables[0])

static int
read_rows(sqlite3 *db, struct table_rows *t)
{
	char sql[128];
	sqlite3_stmt *s;
	size_t cap = 0;

	snprintf(sql, sizeof sql, "SELECT * FROM %s", t->name);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	t->columns = sqlite3_column_count(s);
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (t->count == cap) {
			cap = cap ? cap * 2 : 1024;
			t->values = realloc(t->values, cap * (size_t)t->columns *
			    sizeof *t->values);
			if (t->values == NULL)
				return -1;
		}
		for (int c = 0; c < t->columns; c++)
			t->values[t->count * (size_t)t->columns + (size_t)c] =
			    sqlite3_value_dup(sqlite3_column_value(s, c));
		t->count++;
	}
	sqlite3_finalize(s);
	return 0;
}

/* Seconds SQLite takes to insert rows into an empty database at path of
 * tenured's schema, in one transaction; -1 on failure. */
static double
sqlite_insert(const char *path, struct table_rows *rows, size_t *total)
{
	struct failure f = { 0 };
	struct store *st;
	sqlite3 *db;
	double t0, t;

	remove_db(path);
	if ((st = store_open(path, &f)) == NULL)
		return -1;
	store_close(st);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	/* The store's own settings (store/store.c). */
	sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
	    "PRAGMA cache_size = -8192", NULL, NULL, NULL);
	*total = 0;
	t0 = seconds();
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	for (size_t i = 0; i < TABLES; i++) {
		struct table_rows *r = &rows[i];
		char sql[512];
		size_t off;
		sqlite3_stmt *s;

		off = (size_t)snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (",
		    r->name);
		for (int c = 0; c < r->columns && off < sizeof sql - 4; c++)
			off += (size_t)snprintf(sql + off, sizeof sql - off,
			    c ? ", ?" : "?");
		snprintf(sql + off, sizeof sql - off, ")");
		if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
			fprintf(stderr, "bench: %s: %s\n", sql, sqlite3_errmsg(db));
			sqlite3_close(db);
			return -1;
		}
		for (size_t n = 0; n < r->count; n++) {
			for (int c = 0; c < r->columns; c++)
				sqlite3_bind_value(s, c + 1, r->values[n *
				    (size_t)r->columns + (size_t)c]);
			if (sqlite3_step(s) != SQLITE_DONE) {
				fprintf(stderr, "bench: %s: %s\n", r->name,
				    sqlite3_errmsg(db));
				sqlite3_finalize(s);
				sqlite3_close(db);
				return -1;
			}
			sqlite3_reset(s);
		}
		sqlite3_finalize(s);
		*total += r->count;
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	t = seconds() - t0;
	sqlite3_close(db);
	return t;
}

/* Reads every stored row of the tables planning writes, then times
 * SQLite inserting them; frees them. */
static double
anchor(const char *stored, const char *path, size_t *total)
{
	struct table_rows rows[TABLES] = { 0 };
	sqlite3 *db;
	double t = -1;

	if (sqlite3_open_v2(stored, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK)
		return -1;
	for (size_t i = 0; i < TABLES; i++) {
		rows[i].name = tables[i];
		if (read_rows(db, &rows[i]) != 0)
			goto out;
	}
	t = sqlite_insert(path, rows, total);
out:
	sqlite3_close(db);
	for (size_t i = 0; i < TABLES; i++) {
		for (size_t n = 0; n < rows[i].count * (size_t)rows[i].columns;
		    n++)
			sqlite3_value_free(rows[i].values[n]);
		free(rows[i].values);
	}
	return t;
}

static int
count_row(void *ctx, const struct milestone_row *r)
{
	(void)r;
	(*(int *)ctx)++;
	return 0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "bench-plan-store.db";
	long total = argc > 2 ? atol(argv[2]) : 100000;
	struct failure f = { 0 };
	struct store *st;
	double t0, plan_s, q[QUERIES];
	long stored = 0;
	int rows = 0;
	struct rusage ru;
	char side[1024];
	double anchor_s, rules_s = 0;
	size_t rows_total = 0, planned_milestones = 0;
	struct milestone_list ms;
	bool pg;

	/* A PostgreSQL URI (bench/on_postgresql.py): the store there, with
	 * no anchor of its own; the table puts SQLite's figure beside it. */
	pg = store_is_postgresql(path);
	if (!pg)
		remove_db(path);
	if ((st = store_connect(path, getenv("TENURED_BENCH_PASSWORD"),
	    &f)) == NULL) {
		fprintf(stderr, "bench: %s\n", f.message);
		return 1;
	}

	milestone_list_init(&ms);
	t0 = seconds();
	while (stored < total) {
		int n = total - stored < BATCH ? (int)(total - stored) : BATCH;
		double tp;

		for (int i = 0; i < n; i++)
			batch[i] = generate(stored + i);
		/* The rules alone, as a store that derived milestones in
		 * memory would run them (not counted in plan_s). */
		tp = seconds();
		for (int i = 0; i < n; i++) {
			if (contract_plan(batch[i], &ms, &f) != 0) {
				fprintf(stderr, "bench: planning: %s\n", f.message);
				return 1;
			}
			planned_milestones += ms.count;
		}
		rules_s += seconds() - tp;
		t0 += seconds() - tp;
		if (store_contracts_import(st, batch, (size_t)n, 1700000000, &f) != 0) {
			fprintf(stderr, "bench: contract %ld: %s: %s\n",
			    stored + f.line, f.field, f.message);
			return 1;
		}
		for (int i = 0; i < n; i++)
			contract_free(batch[i]);
		stored += n;
	}
	plan_s = seconds() - t0;

	for (int i = 0; i < QUERIES; i++) {
		struct milestone_query mq = {
			.from = date_from_ymd(2024, 1, 1) + i * 30,
			.kind = -1, .limit = 1000,
		};

		mq.to = mq.from + 89;
		rows = 0;
		t0 = seconds();
		if (store_milestones_query(st, &mq, count_row, &rows, &f) != 0) {
			fprintf(stderr, "bench: query: %s\n", f.message);
			return 1;
		}
		q[i] = (seconds() - t0) * 1000;
	}
	qsort(q, QUERIES, sizeof q[0], cmp_double);
	store_close(st);
	milestone_list_free(&ms);
	getrusage(RUSAGE_SELF, &ru);

	if (pg) {
		printf("contracts planned and stored in PostgreSQL: %ld in "
		    "%.3f s (%.0f contracts/s)\n", stored, plan_s,
		    stored / plan_s);
		printf("90-day window, first page of 1000 (%d rows): median "
		    "%.2f ms\n", rows, q[QUERIES / 2]);
		printf("BENCH-ROW {\"backend\": \"postgresql\", \"key\": "
		    "\"plan_store\", \"figure\": \"%ld contracts planned and "
		    "stored (bench-plan-store)\", \"value\": %.3f, \"unit\": "
		    "\"s\", \"target\": \"< 2 s\", \"met\": %s, \"better\": "
		    "\"lower\"}\n", stored, plan_s, plan_s < 2 ? "true" : "false");
		printf("BENCH-ROW {\"backend\": \"postgresql\", \"key\": "
		    "\"window_store\", \"figure\": \"90-day window, first page "
		    "of 1000, in the store\", \"value\": %.2f, \"unit\": \"ms\", "
		    "\"target\": \"< 5 ms\", \"met\": %s, \"better\": "
		    "\"lower\"}\n", q[QUERIES / 2],
		    q[QUERIES / 2] < 5 ? "true" : "false");
		return 0;
	}
	snprintf(side, sizeof side, "%s.anchor", path);
	anchor_s = anchor(path, side, &rows_total);
	remove_db(side);

	printf("contracts planned and stored: %ld in %.3f s (%.0f contracts/s)\n",
	    stored, plan_s, stored / plan_s);
	printf("SQLite inserting the same %zu rows in one transaction: %.3f s\n",
	    rows_total, anchor_s);
	printf("the rules alone (contract_plan, no store): %zu milestones in "
	    "%.3f s\n", planned_milestones, rules_s);
	printf("90-day window, first page of 1000 (%d rows): median %.2f ms, "
	    "max %.2f ms over %d windows\n", rows, q[QUERIES / 2],
	    q[QUERIES - 1], QUERIES);
	printf("peak RSS: %.1f MB\n", ru.ru_maxrss / 1024.0);
	printf("BENCH-ROW {\"key\": \"plan_store\", \"figure\": \"%ld contracts "
	    "planned and stored (bench-plan-store)\", \"value\": %.3f, "
	    "\"unit\": \"s\", \"anchor\": \"SQLite inserting the same %zu rows\", "
	    "\"anchor_value\": %.3f, \"target\": \"< 2 s and < 2x SQLite\", "
	    "\"met\": %s, \"better\": \"lower\"}\n", stored, plan_s, rows_total,
	    anchor_s, plan_s < 2 && plan_s < 2 * anchor_s ? "true" : "false");
	printf("BENCH-ROW {\"key\": \"window_store\", \"figure\": \"90-day "
	    "window, first page of 1000, in the store\", \"value\": %.2f, "
	    "\"unit\": \"ms\", \"target\": \"< 5 ms\", \"met\": %s, "
	    "\"better\": \"lower\"}\n", q[QUERIES / 2],
	    q[QUERIES / 2] < 5 ? "true" : "false");
	return 0;
}
