/* The store on one working database file: contracts written and read back,
 * one transaction per write with nothing left behind on failure, the
 * decision log, updates, milestone rewrites with sequence numbers, queries,
 * and reopening. */
#include "store-fixture.h"

static void
test_contract_round_trip(struct store *st, const char *path)
{
	struct failure f = { 0 };
	struct contract *c = make("Jane Doe", "Jane.Doe@example.org", "2025-09-01");
	struct contract *got;
	struct milestone_list planned, stored;

	c->vacancy = strdup("250914");
	c->post = 2;
	c->grade = strdup("G15");
	c->terms.birth_date = D("1970-05-17");
	c->terms.policy.max_service_months = POLICY_NONE;
	c->terms.policy.conversion_deadline_months = POLICY_NONE;
	CHECK_INT(store_contract_create(st, c, 1000, &f), 0, "a contract is created");
	CHECK(c->id > 0, "it gets an id");
	got = store_contract_get(st, c->id, &f);
	CHECK(got != NULL, "it reads back");
	if (got == NULL)
		return;
	CHECK_STR(got->name, "Jane Doe", "name kept");
	CHECK_STR(got->email, "Jane.Doe@example.org", "email kept");
	CHECK_STR(got->vacancy, "250914", "vacancy kept");
	CHECK_INT(got->post, 2, "post kept");
	CHECK_STR(got->post_title, NULL, "absent post title stays absent");
	CHECK_INT(got->terms.start, D("2025-09-01"), "start kept");
	CHECK_INT(got->terms.birth_date, D("1970-05-17"), "birth date kept");
	CHECK(got->terms.twin_graded, "twin-graded kept");
	CHECK_INT(got->terms.policy.max_service_months, POLICY_NONE,
	    "no maximum survives storage");
	CHECK_INT(got->terms.policy.conversion_deadline_months, POLICY_NONE,
	    "no conversion deadline survives storage");
	CHECK_INT(got->terms.policy.renewal_term_months, 36, "policy copied");
	CHECK_INT(got->created_at, 1000, "created_at from the given clock");

	milestone_list_init(&planned);
	milestone_list_init(&stored);
	lifecycle_plan(&got->terms, NULL, 0, &planned, &f);
	CHECK_INT(store_contract_milestones(st, c->id, &stored, &f), 0,
	    "milestones read back");
	CHECK_INT(stored.count, planned.count, "every planned milestone stored");
	for (size_t i = 0; i < planned.count && i < stored.count; i++) {
		const struct milestone *m = find(&stored, planned.items[i].kind,
		    planned.items[i].term_end);

		CHECK(m != NULL && m->date == planned.items[i].date &&
		    m->status == planned.items[i].status,
		    milestone_kind_name(planned.items[i].kind));
	}
	CHECK_INT(scalar(path, "SELECT count(*) FROM milestones WHERE sequence <> 0"),
	    0, "new milestones start at sequence 0");
	milestone_list_free(&planned);
	milestone_list_free(&stored);
	contract_free(got);
	contract_free(c);

	/* The same person, email in another case: one person row. */
	c = make("Jane Doe", "JANE.DOE@EXAMPLE.ORG", "2026-01-01");
	CHECK_INT(store_contract_create(st, c, 1001, &f), 0, "second contract");
	CHECK_INT(scalar(path, "SELECT count(*) FROM people"), 1,
	    "emails compare case-insensitively: one person");
	contract_free(c);
	/* Another name for that email is refused, naming the person; nothing
	 * is renamed. */
	c = make("Jane Q. Doe", "jane.doe@example.org", "2026-02-01");
	CHECK(store_contract_create(st, c, 1002, &f) != 0 &&
	    f.kind == FAILURE_CONFLICT && strcmp(f.field, "email") == 0,
	    "another name for a known email: 409 on email");
	CHECK(strstr(f.message, "belongs to Jane Doe (contract ") != NULL,
	    "the refusal names the person and a contract of theirs");
	CHECK_INT(scalar(path, "SELECT count(*) FROM people WHERE name = "
	    "'Jane Doe'"), 1, "the person keeps their name");
	contract_free(c);
}

static void
test_nothing_half_written(struct store *st, const char *path)
{
	struct failure f = { 0 };
	struct contract *batch[3];
	long long contracts = scalar(path, "SELECT count(*) FROM contracts");
	long long milestones = scalar(path, "SELECT count(*) FROM milestones");
	long long people = scalar(path, "SELECT count(*) FROM people");

	batch[0] = make("A One", "a1@example.org", "2025-01-01");
	batch[1] = make("B Two", "b2@example.org", "2025-02-01");
	batch[2] = make("C Three", "not-an-email", "2025-03-01");
	CHECK_INT(store_contracts_import(st, batch, 3, 2000, &f), -1,
	    "a batch with one bad row is refused");
	CHECK_INT(f.line, 3, "the failure names the bad row");
	CHECK_STR(f.field, "email", "and its field");
	CHECK_INT(scalar(path, "SELECT count(*) FROM contracts"), contracts,
	    "no contract of the batch was written");
	CHECK_INT(scalar(path, "SELECT count(*) FROM people"), people,
	    "no person of the batch was written");
	CHECK_INT(scalar(path, "SELECT count(*) FROM milestones"), milestones,
	    "no milestone of the batch was written");
	CHECK(batch[0]->id == 0, "ids of a refused batch are cleared");
	for (int i = 0; i < 3; i++)
		contract_free(batch[i]);

	/* A failure deep inside the transaction, after rows were written:
	 * a trigger refuses the age_limit milestone, planned last-but-one. */
	CHECK_INT(exec(path, "CREATE TRIGGER inject BEFORE INSERT ON milestones "
	    "WHEN NEW.kind = 'age_limit' BEGIN SELECT RAISE(ABORT, 'injected'); END"),
	    0, "fault injected");
	batch[0] = make("D Four", "d4@example.org", "2025-04-01");
	batch[0]->terms.birth_date = D("1980-01-01");
	failure_clear(&f);
	CHECK_INT(store_contract_create(st, batch[0], 2001, &f), -1,
	    "a storage failure mid-way refuses the write");
	CHECK_INT(f.kind, FAILURE_INTERNAL, "as an internal failure");
	CHECK(strstr(f.message, "injected") != NULL, "carrying SQLite's reason");
	CHECK_INT(scalar(path, "SELECT count(*) FROM contracts"), contracts,
	    "the contract row was rolled back");
	CHECK_INT(scalar(path, "SELECT count(*) FROM milestones"), milestones,
	    "its earlier milestones were rolled back");
	CHECK_INT(scalar(path, "SELECT count(*) FROM people"), people,
	    "its person was rolled back");
	exec(path, "DROP TRIGGER inject");
	CHECK_INT(store_contract_create(st, batch[0], 2002, &f), 0,
	    "the store works again once the fault is gone");
	contract_free(batch[0]);
}

static enum milestone_status
status_of(struct store *st, int64_t id, enum milestone_kind k, int32_t term)
{
	struct milestone_list l;
	const struct milestone *m;
	enum milestone_status s = (enum milestone_status)-1;

	milestone_list_init(&l);
	store_contract_milestones(st, id, &l, NULL);
	if ((m = find(&l, k, term)) != NULL)
		s = m->status;
	milestone_list_free(&l);
	return s;
}

static void
test_decisions(struct store *st, const char *path)
{
	struct failure f = { 0 };
	struct contract *c = make("Sam Renew", "sam@example.org", "2025-09-01");
	struct decision renew = { .type = DECISION_RENEWED, .until = D("2031-08-31"),
	    .date = DATE_NONE, .recorded_by = "api" };
	struct decision bad = { .type = DECISION_RENEWED, .until = D("2032-08-31"),
	    .date = DATE_NONE, .recorded_by = "api" };
	struct decision request = { .type = DECISION_CONVERSION_REQUESTED,
	    .date = D("2029-03-01"), .until = DATE_NONE, .recorded_by = "hr" };
	struct contract *got;
	char sql[256];
	long long decisions;

	store_contract_create(st, c, 3000, &f);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM milestones WHERE "
	    "contract_id = %lld AND sequence > 0", (long long)c->id);

	decisions = scalar(path, "SELECT count(*) FROM decisions");
	CHECK_INT(store_decision_record(st, c->id, &bad, 3001, &f), -1,
	    "a renewal past the maximum is refused");
	CHECK_INT(f.kind, FAILURE_CONFLICT, "as a conflict (409)");
	CHECK_STR(f.field, "until", "naming until");
	CHECK_INT(scalar(path, "SELECT count(*) FROM decisions"), decisions,
	    "a refused decision writes nothing");
	CHECK_INT(scalar(path, sql), 0, "and changes no milestone");

	CHECK_INT(store_decision_record(st, c->id, &renew, 3002, &f), 0,
	    "a valid renewal is recorded");
	CHECK(renew.id > 0, "the decision gets an id");
	CHECK_INT(renew.recorded_at, 3002, "recorded_at from the given clock");
	CHECK_INT(status_of(st, c->id, MS_RENEWAL_DECISION_DUE, D("2028-08-31")),
	    MS_DONE, "the term's renewal decision is done");
	CHECK_INT(status_of(st, c->id, MS_CONVERSION_REQUEST_DEADLINE, DATE_NONE),
	    MS_SCHEDULED, "conversion deadline now scheduled");
	CHECK_INT(status_of(st, c->id, MS_CONTRACT_END, DATE_NONE), MS_SCHEDULED,
	    "contract_end planned");
	CHECK(scalar(path, sql) >= 3, "changed milestones got a higher sequence");
	snprintf(sql, sizeof sql, "SELECT sequence FROM milestones WHERE "
	    "contract_id = %lld AND kind = 'probation_end'", (long long)c->id);
	CHECK_INT(scalar(path, sql), 0, "an unchanged milestone keeps its sequence");
	snprintf(sql, sizeof sql, "SELECT sequence FROM milestones WHERE "
	    "contract_id = %lld AND kind = 'conversion_request_deadline'",
	    (long long)c->id);
	CHECK_INT(scalar(path, sql), 1, "a changed milestone's sequence grew by one");

	CHECK_INT(store_decision_record(st, c->id, &request, 3003, &f), 0,
	    "a conversion request inside the window is recorded");
	CHECK_INT(store_decision_revoke(st, c->id, renew.id, "api", 3004, &f), -1,
	    "revoking a renewal a later request rests on is refused");
	CHECK_INT(f.kind, FAILURE_CONFLICT, "as a conflict");
	CHECK_INT(store_decision_revoke(st, c->id, request.id, "api", 3005, &f), 0,
	    "the request is revoked");
	CHECK_INT(store_decision_revoke(st, c->id, request.id, "api", 3006, &f), -1,
	    "revoking twice is refused");
	CHECK_INT(f.kind, FAILURE_CONFLICT, "as a conflict");
	CHECK_INT(store_decision_revoke(st, c->id, 99999, "api", 3006, &f), -1,
	    "an unknown decision is refused");
	CHECK_INT(f.kind, FAILURE_NOT_FOUND, "as not found");
	CHECK_INT(store_decision_revoke(st, c->id, renew.id, "api", 3007, &f), 0,
	    "now the renewal can be revoked");
	CHECK_INT(status_of(st, c->id, MS_RENEWAL_DECISION_DUE, D("2028-08-31")),
	    MS_SCHEDULED, "revocation restores the renewal decision");
	CHECK_INT(status_of(st, c->id, MS_CONVERSION_REQUEST_DEADLINE, DATE_NONE),
	    MS_PROJECTED, "and projects the conversion milestones again");
	CHECK_INT(status_of(st, c->id, MS_CONTRACT_END, DATE_NONE), MS_CANCELLED,
	    "a milestone no longer planned stays, cancelled, for calendars");

	got = store_contract_get(st, c->id, &f);
	CHECK_INT(got ? (long long)got->decision_count : -1, 2,
	    "the log keeps both revoked decisions");
	if (got != NULL && got->decision_count == 2) {
		CHECK_INT(got->decisions[0].revoked_at, 3007, "revoked_at recorded");
		CHECK_STR(got->decisions[0].revoked_by, "api", "revoked_by recorded");
		CHECK_STR(got->decisions[1].recorded_by, "hr", "recorded_by recorded");
		CHECK_INT(got->decisions[1].date, D("2029-03-01"), "date kept");
	}
	contract_free(got);

	CHECK(exec(path, "UPDATE decisions SET type = 'converted'") != 0,
	    "decisions cannot be updated");
	CHECK(exec(path, "DELETE FROM revocations") != 0,
	    "revocations cannot be deleted");

	CHECK_INT(store_decision_record(st, 424242, &renew, 3008, &f), -1,
	    "a decision on an unknown contract is refused");
	CHECK_INT(f.kind, FAILURE_NOT_FOUND, "as not found");
	contract_free(c);
}

static void
test_update(struct store *st, const char *path)
{
	struct failure f = { 0 };
	struct contract *c = make("Pat Patch", "pat@example.org", "2025-09-01");
	struct decision renew = { .type = DECISION_RENEWED, .until = D("2031-08-31"),
	    .date = DATE_NONE, .recorded_by = "api" };
	struct contract *got;

	store_contract_create(st, c, 4000, &f);
	store_decision_record(st, c->id, &renew, 4001, &f);

	got = store_contract_get(st, c->id, &f);
	got->terms.start = D("2025-10-01");
	CHECK_INT(store_contract_update(st, got, 4002, &f), 0,
	    "a start one month later keeps the renewal valid");
	CHECK_INT(status_of(st, c->id, MS_INITIAL_TERM_END, DATE_NONE), MS_SCHEDULED,
	    "initial term end still scheduled");
	contract_free(got);

	got = store_contract_get(st, c->id, &f);
	got->terms.start = D("2024-09-01");
	CHECK_INT(store_contract_update(st, got, 4003, &f), -1,
	    "a start that invalidates the recorded renewal is refused");
	CHECK_INT(f.kind, FAILURE_CONFLICT, "as a conflict");
	CHECK(strstr(f.message, "no longer holds") != NULL,
	    "naming the decision that no longer holds");
	contract_free(got);
	got = store_contract_get(st, c->id, &f);
	CHECK_INT(got->terms.start, D("2025-10-01"), "the refused correction wrote nothing");
	free(got->name);
	got->name = NULL;
	CHECK_INT(store_contract_update(st, got, 4004, &f), -1,
	    "a correction without a name is refused");
	CHECK_STR(f.field, "name", "naming the field");
	contract_free(got);

	got = contract_new();
	got->id = 777777;
	got->name = strdup("Nobody");
	got->email = strdup("nobody@example.org");
	got->terms.start = D("2025-01-01");
	CHECK_INT(store_contract_update(st, got, 4005, &f), -1,
	    "correcting an unknown contract is refused");
	CHECK_INT(f.kind, FAILURE_NOT_FOUND, "as not found");
	contract_free(got);
	(void)path;
	contract_free(c);
}

struct page {
	int count;
	int64_t last;
	int32_t prev_date;
	int ordered;
	int in_window;
	int32_t from, to;
};

static int
collect(void *ctx, const struct milestone_row *r)
{
	struct page *p = ctx;

	if (r->m.date < p->prev_date)
		p->ordered = 0;
	if (r->m.date < p->from || r->m.date > p->to)
		p->in_window = 0;
	if (r->person_name == NULL)
		p->in_window = 0;
	p->prev_date = r->m.date;
	p->last = r->id;
	p->count++;
	return 0;
}

static void
test_query(struct store *st, const char *path)
{
	struct failure f = { 0 };
	struct milestone_query q = { .from = D("2026-01-01"), .to = D("2028-12-31"),
	    .kind = -1, .limit = 5 };
	struct page p = { .ordered = 1, .in_window = 1, .from = q.from, .to = q.to,
	    .prev_date = DATE_NONE };
	long long total = scalar(path, "SELECT count(*) FROM milestones WHERE "
	    "date BETWEEN 20260101 AND 20281231");
	int pages = 0, seen = 0;

	CHECK(total > 10, "the window holds enough milestones to page");
	do {
		p.count = 0;
		CHECK_INT(store_milestones_query(st, &q, collect, &p, &f), 0,
		    "a page is read");
		seen += p.count;
		q.after = p.last;
		pages++;
	} while (p.count == q.limit && pages < 100);
	CHECK_INT(seen, total, "paging visits every milestone once");
	CHECK(p.ordered, "pages are ordered by date");
	CHECK(p.in_window, "only milestones inside the window, with their person");

	q = (struct milestone_query){ .from = DATE_NONE, .to = DATE_NONE,
	    .kind = MS_PROBATION_END, .limit = 1000 };
	p = (struct page){ .ordered = 1, .in_window = 1, .from = INT32_MIN,
	    .to = INT32_MAX, .prev_date = DATE_NONE };
	store_milestones_query(st, &q, collect, &p, &f);
	CHECK_INT(p.count, scalar(path, "SELECT count(*) FROM milestones WHERE "
	    "kind = 'probation_end'"), "the kind filter selects one kind");
}

static void
test_reopen(const char *path)
{
	struct failure f = { 0 };
	struct store *st = store_open(path, &f);
	struct contract **list = NULL;
	size_t n = 0;

	CHECK(st != NULL, "the database reopens");
	if (st == NULL)
		return;
	CHECK_INT(store_contract_list(st, &(struct contract_query){ .limit = 100 }, &list, &n, &f), 0,
	    "contracts list after reopening");
	CHECK_INT(n, scalar(path, "SELECT count(*) FROM contracts"),
	    "every contract is found");
	CHECK(n >= 4, "including all written before closing");
	for (size_t i = 0; i < n; i++)
		contract_free(list[i]);
	free(list);
	store_close(st);
}

int
main(void)
{
	const char *tmp = getenv("TENURED_TEST_TMPDIR");
	char path[600];
	struct failure f = { 0 };
	struct store *st;

	snprintf(dir, sizeof dir, "%s", tmp != NULL ? tmp : "/tmp");
	db_path(path, sizeof path, "store.db");
	st = store_open(path, &f);
	if (!CHECK(st != NULL, "the working database opens"))
		return tap_done();
	test_contract_round_trip(st, path);
	test_nothing_half_written(st, path);
	test_decisions(st, path);
	test_update(st, path);
	test_query(st, path);
	store_close(st);

	test_reopen(path);
	return tap_done();
}
