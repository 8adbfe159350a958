/*
 * Plans and stores milestones for generated contracts, then reads 90-day
 * windows of milestones (the first page of 1000) over them. Prints the
 * figures; the targets (2 s, 20 ms, 40 MB) are judged by whoever reads them.
 *
 *   bench-plan-store [DATABASE] [CONTRACTS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

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

	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	if ((st = store_open(path, &f)) == NULL) {
		fprintf(stderr, "bench: %s\n", f.message);
		return 1;
	}

	t0 = seconds();
	while (stored < total) {
		int n = total - stored < BATCH ? (int)(total - stored) : BATCH;

		for (int i = 0; i < n; i++)
			batch[i] = generate(stored + i);
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
	getrusage(RUSAGE_SELF, &ru);

	printf("contracts planned and stored: %ld in %.3f s (%.0f contracts/s)\n",
	    stored, plan_s, stored / plan_s);
	printf("90-day window, first page of 1000 (%d rows): median %.2f ms, "
	    "max %.2f ms over %d windows\n", rows, q[QUERIES / 2],
	    q[QUERIES - 1], QUERIES);
	printf("peak RSS: %.1f MB\n", ru.ru_maxrss / 1024.0);
	return 0;
}
