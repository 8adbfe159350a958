/* Languages in the store (SPEC section 12): schema version 6 adds them to
 * contracts and feeds and keeps every row of a version-5 file; contracts
 * and feeds keep theirs; and the one lookup of what decides a reader's
 * language, by email, with the precedence of jobs/reader-lang.c. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "schema.h"
#include "store.h"
#include "tap.h"

static char dir[512];

static void
db_path(char *out, size_t len, const char *name)
{
	static const char *const sides[] = { "", "-wal", "-shm" };
	char side[700];

	snprintf(out, len, "%s/%s", dir, name);
	for (size_t i = 0; i < 3; i++) {
		snprintf(side, sizeof side, "%s%s", out, sides[i]);
		unlink(side);
	}
}

static int32_t
D(const char *s)
{
	int32_t d = DATE_NONE;

	if (date_parse(s, &d) != 0)
		abort();
	return d;
}

/* The text of a one-value query on a connection of the test's own, into
 * out ("" for none, "?" when the query fails). */
static const char *
text_of(const char *path, const char *sql, char *out, size_t len)
{
	sqlite3 *db;
	sqlite3_stmt *s;

	snprintf(out, len, "?");
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return out;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			snprintf(out, len, "%s", sqlite3_column_text(s, 0) ?
			    (const char *)sqlite3_column_text(s, 0) : "");
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
	return out;
}

static int
exec(const char *path, const char *sql)
{
	sqlite3 *db;
	int rc;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		printf("# %s\n", sqlite3_errmsg(db));
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

/* A version-5 file with a person, two contracts, a decision and two feeds
 * (one revoked) reaches version 6 with every row and 'en' for each. */
static void
test_v5_migrates(void)
{
	char path[600], sql[65536], got[64];
	size_t used = 0;
	struct failure f = { 0 };
	struct store *st;

	db_path(path, sizeof path, "v5.db");
	used += (size_t)snprintf(sql, sizeof sql, "BEGIN;");
	for (int i = 0; i < schema_migration_count &&
	    schema_migrations[i].to <= 5; i++)
		used += (size_t)snprintf(sql + used, sizeof sql - used, "%s",
		    schema_migrations[i].sql);
	snprintf(sql + used, sizeof sql - used, "PRAGMA user_version = 5;"
	    "INSERT INTO people VALUES (1, 'Jane Doe', 'jane@example.org');"
	    "INSERT INTO contracts (id, person_id, start, staff_type, "
	    "probation_months, initial_term_months, renewal_term_months, "
	    "conversion_allowed, seconded_national_agreement, "
	    "renewal_lead_months, national_agreement_lead_months, "
	    "twin_grade_months, twin_grade_reduction_months, age_limit_years, "
	    "created_at, updated_at) VALUES "
	    "(1, 1, 20250901, 'external', 6, 36, 36, 1, 0, 6, 9, 36, 24, 65, "
	    "1, 1), (2, 1, 20200101, 'serving', 6, 36, 36, 1, 0, 6, 9, 36, 24, "
	    "65, 1, 1);"
	    "INSERT INTO decisions (id, contract_id, type, date, recorded_at, "
	    "recorded_by) VALUES (1, 2, 'separated', 20241231, 1, 'hr');"
	    "INSERT INTO feeds (id, name, scope, token_hash, created_at, "
	    "revoked_at) VALUES (1, 'all', 'all', x'01', 1, NULL), "
	    "(2, 'old', 'all', x'02', 1, 5);"
	    "COMMIT;");
	if (!CHECK(exec(path, sql) == 0, "a version-5 file is made"))
		return;
	st = store_open(path, &f);
	CHECK(st != NULL, "the version-5 file opens");
	if (st == NULL) {
		printf("# %s\n", f.message);
		return;
	}
	CHECK_INT(store_schema_version(st), store_schema_latest(),
	    "it is migrated to the latest version");
	store_close(st);
	CHECK_STR(text_of(path, "SELECT group_concat(id || ':' || person_id || "
	    "':' || start || ':' || language, ' ') FROM contracts", got,
	    sizeof got), "1:1:20250901:en 2:1:20200101:en",
	    "every contract kept, in English");
	CHECK_STR(text_of(path, "SELECT group_concat(id || ':' || name || ':' "
	    "|| ifnull(revoked_at, '-') || ':' || language, ' ') FROM feeds",
	    got, sizeof got), "1:all:-:en 2:old:5:en",
	    "every feed kept, revoked too, in English");
	CHECK_STR(text_of(path, "SELECT count(*) || ' ' || (SELECT count(*) "
	    "FROM people) FROM decisions", got, sizeof got), "1 1",
	    "decisions and people kept");
	CHECK_STR(text_of(path, "SELECT count(*) FROM pragma_foreign_key_check",
	    got, sizeof got), "0", "no row refers to nothing");
	CHECK_INT(exec(path, "UPDATE contracts SET language = 'de' WHERE "
	    "id = 1"), -1, "the column refuses another language");
	CHECK_INT(exec(path, "UPDATE feeds SET language = NULL WHERE id = 1"),
	    -1, "and none at all");
	CHECK_INT(exec(path, "UPDATE contracts SET language = 'fr' WHERE "
	    "id = 1"), 0, "it takes fr");
}

static struct contract *
make(const char *name, const char *email, const char *start, enum lang l)
{
	struct contract *c = contract_new();

	c->name = strdup(name);
	c->email = strdup(email);
	c->manager_email = strdup("boss@example.org");
	c->terms.start = D(start);
	c->language = l;
	return c;
}

static int64_t
create(struct store *st, const char *name, const char *email,
    const char *start, enum lang l, const char *what)
{
	struct failure f = { 0 };
	struct contract *c = make(name, email, start, l);
	int64_t id;

	CHECK_INT(store_contract_create(st, c, 1000, &f), 0, what);
	id = c->id;
	contract_free(c);
	return id;
}

static void
test_contract_language(struct store *st)
{
	struct failure f = { 0 };
	int64_t id = create(st, "Hélène Dubois", "helene@example.org",
	    "2025-09-01", LANG_FR, "a French contract is created");
	struct contract *c = store_contract_get(st, id, &f);
	struct contract **list = NULL;
	size_t n = 0;

	CHECK(c != NULL && c->language == LANG_FR, "it reads back in French");
	if (c == NULL)
		return;
	c->language = LANG_EN;
	CHECK_INT(store_contract_update(st, c, 1001, &f), 0,
	    "it is corrected to English");
	contract_free(c);
	c = store_contract_get(st, id, &f);
	CHECK(c != NULL && c->language == LANG_EN, "and reads back in English");
	c->language = (enum lang)7;
	failure_clear(&f);
	CHECK(store_contract_update(st, c, 1002, &f) != 0 &&
	    strcmp(f.field, "language") == 0,
	    "a language out of range is refused naming the field");
	contract_free(c);
	c = store_contract_get(st, id, &f);
	CHECK(c != NULL && c->language == LANG_EN, "and nothing was written");
	contract_free(c);
	CHECK_INT(store_contract_list(st, &(struct contract_query){
	    .limit = 100, .text = "helene" }, &list, &n, &f), 0, "listed");
	CHECK(n == 1 && list[0]->language == LANG_EN,
	    "the list carries the language");
	for (size_t i = 0; i < n; i++)
		contract_free(list[i]);
	free(list);
}

static void
test_feed_language(struct store *st)
{
	struct failure f = { 0 };
	struct stored_feed rec = { .name = "fr-feed", .scope = "all",
	    .alarms = "", .language = LANG_FR, .token_hash = { 7 } };
	struct stored_feed **list = NULL;
	size_t n = 0;
	bool found = false;

	CHECK_INT(store_feed_create(st, &rec, 1000, &f), 0,
	    "a French feed is created");
	CHECK_INT(store_feed_list(st, &list, &n, &f), 0, "feeds listed");
	for (size_t i = 0; i < n; i++) {
		if (list[i]->id == rec.id)
			found = list[i]->language == LANG_FR;
		stored_feed_free(list[i]);
	}
	free(list);
	CHECK(found, "it reads back in French");
}

static void
account(struct store *st, const char *name, const char *email,
    const char *lang, int64_t now)
{
	struct stored_account a = { .role = ACCOUNT_MANAGER };
	struct failure f = { 0 };

	snprintf(a.name, sizeof a.name, "%s", name);
	snprintf(a.email, sizeof a.email, "%s", email);
	snprintf(a.language, sizeof a.language, "%s", lang);
	CHECK_INT(store_account_create(st, &a, NULL, now, &f), 0, name);
}

/* The language the lookup and the precedence give email, about contract
 * cid (0: none), with fallback for the rest. */
static enum lang
reader(struct store *st, const char *email, int64_t cid, enum lang fallback)
{
	struct reader_lang_known k;
	struct failure f = { 0 };

	if (store_reader_langs(st, email, cid, &k, &f) != 0) {
		printf("# %s\n", f.message);
		return (enum lang)-1;
	}
	return reader_lang_choose(&k, fallback);
}

static void
test_reader_langs(struct store *st)
{
	struct reader_lang_known k;
	struct failure f = { 0 };
	int64_t older, later, other;
	struct stored_account a = { .role = ACCOUNT_STAFF };

	CHECK_INT(store_reader_langs(st, "nobody@example.org", 0, &k, &f), 0,
	    "an unknown address is looked up");
	CHECK(!k.own_contract && !k.account && !k.person,
	    "and nothing is known of it");
	CHECK_INT(reader(st, "nobody@example.org", 0, LANG_FR), LANG_FR,
	    "it reads [daemon] language");

	/* A person with two contracts: the one that started last speaks,
	 * whichever was created first. */
	later = create(st, "Marc Petit", "marc@example.org", "2026-03-01",
	    LANG_FR, "Marc's current contract (French)");
	older = create(st, "Marc Petit", "marc@example.org", "2019-03-01",
	    LANG_EN, "Marc's earlier contract (English), created after");
	CHECK_INT(store_reader_langs(st, "MARC@example.org", older, &k, &f), 0,
	    "Marc is looked up, email in another case");
	CHECK(k.own_contract && k.contract == LANG_EN,
	    "he is the person of the earlier contract, English");
	CHECK(k.person && k.person_lang == LANG_FR,
	    "his latest contract is French");
	CHECK_INT(reader(st, "marc@example.org", older, LANG_EN), LANG_EN,
	    "a reminder about the earlier contract reaches him in English");
	CHECK_INT(reader(st, "marc@example.org", later, LANG_EN), LANG_FR,
	    "one about the current contract in French");
	CHECK_INT(reader(st, "marc@example.org", 0, LANG_EN), LANG_FR,
	    "a digest to him in French (latest contract)");
	other = create(st, "Ann Lee", "ann@example.org", "2025-01-01", LANG_EN,
	    "another person's contract");
	CHECK_INT(reader(st, "marc@example.org", other, LANG_EN), LANG_FR,
	    "as the manager of another's contract: his own language");
	CHECK_INT(store_reader_langs(st, "marc@example.org", other, &k, &f), 0,
	    "looked up about another's contract");
	CHECK(!k.own_contract, "he is not that contract's person");

	/* Accounts: one without a language says nothing; with one, it comes
	 * before the person's contract; the last changed one wins. */
	account(st, "boss", "boss@example.org", "", 2000);
	CHECK_INT(reader(st, "boss@example.org", 0, LANG_FR), LANG_FR,
	    "an account without a language leaves [daemon] language");
	account(st, "boss2", "Boss@Example.org", "fr", 2001);
	CHECK_INT(reader(st, "boss@example.org", 0, LANG_EN), LANG_FR,
	    "an account's French, email in another case");
	account(st, "ann", "ann@example.org", "fr", 2002);
	CHECK_INT(reader(st, "ann@example.org", 0, LANG_EN), LANG_FR,
	    "an account's language comes before the person's contract");
	CHECK_INT(reader(st, "ann@example.org", other, LANG_EN), LANG_EN,
	    "but not before the contract the reminder is about");
	account(st, "ann-old", "ann@example.org", "en", 1500);
	CHECK_INT(reader(st, "ann@example.org", 0, LANG_FR), LANG_FR,
	    "of two accounts, the last changed");
	snprintf(a.name, sizeof a.name, "bad");
	snprintf(a.language, sizeof a.language, "de");
	failure_clear(&f);
	CHECK(store_account_create(st, &a, NULL, 3000, &f) != 0 &&
	    f.kind == FAILURE_INVALID_FIELD && strcmp(f.field, "language") == 0,
	    "an account in another language is refused naming the field");
}

int
main(void)
{
	const char *tmp = getenv("TENURED_TEST_TMPDIR");
	char path[600];
	struct failure f = { 0 };
	struct store *st;

	snprintf(dir, sizeof dir, "%s", tmp != NULL ? tmp : "/tmp");
	test_v5_migrates();
	db_path(path, sizeof path, "store-lang.db");
	st = store_open(path, &f);
	if (!CHECK(st != NULL, "the working database opens"))
		return tap_done();
	test_contract_language(st);
	test_feed_language(st);
	test_reader_langs(st);
	store_close(st);
	return tap_done();
}
