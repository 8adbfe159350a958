/* What a contract must be before it is stored: the one email rule (SPEC
 * section 13), names and titles without invisible reordering characters,
 * and dates that can only be typing mistakes (section 4). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract.h"
#include "date.h"
#include "reader-lang.h"
#include "tap.h"

static void
email(const char *addr, bool ok)
{
	char what[200];

	snprintf(what, sizeof what, "%s is %s", addr, ok ? "an address" :
	    "refused");
	CHECK(!contract_email_valid(addr) == !ok, what);
}

static void
test_email(void)
{
	email("jane.doe@example.org", true);
	email("o'brien+hr@mail.nato.int", true);
	email("a@b.co", true);
	email("x@sub-domain.example.org", true);
	email("jane@localhost", false);		/* no dot: not deliverable */
	email("zoë@example.org", false);	/* needs SMTPUTF8 */
	email("jane@exämple.org", false);
	email("jane doe@example.org", false);
	email("<jane@example.org>", false);
	email("jane@@example.org", false);
	email("jane@example..org", false);
	email(".jane@example.org", false);
	email("jane.@example.org", false);
	email("ja..ne@example.org", false);
	email("jane@-example.org", false);
	email("jane@example-.org", false);
	email("jane@example.org\r\nRCPT TO:<x@y.z>", false);
	email("\"jane\"@example.org", false);
	email("jane@[127.0.0.1]", false);
	email("@example.org", false);
	email("jane@", false);
	email("", false);
	CHECK(!contract_email_valid(NULL), "NULL is refused");
}

static void
test_visible(void)
{
	CHECK(contract_visible_text("Hélène Dubois"), "accents are visible");
	CHECK(contract_visible_text("محمد"), "Arabic is visible");
	CHECK(contract_visible_text("क्‍ष"), "a zero-width joiner is kept");
	CHECK(!contract_visible_text("Eve\xe2\x80\xae" "evil"),
	    "U+202E right-to-left override refused");
	CHECK(!contract_visible_text("a\xe2\x81\xa6" "b"), "U+2066 isolate");
	CHECK(!contract_visible_text("a\xe2\x80\x8b" "b"), "U+200B zero-width");
	CHECK(!contract_visible_text("\xef\xbb\xbf" "Jane"), "U+FEFF BOM");
	CHECK(!contract_visible_text("a\xd8\x9c" "b"), "U+061C Arabic mark");
	CHECK(!contract_visible_text("a\xe2\x80\x8f"), "U+200F at the end");
	CHECK(contract_visible_text("\xe2\x80"), "a cut character is no mark");
}

static void
dates(const char *start, const char *birth, const char *today,
    const char *field, const char *what)
{
	struct contract c = { 0 };
	struct failure f = { 0 };
	int32_t t;

	date_parse(start, &c.terms.start);
	c.terms.birth_date = DATE_NONE;
	if (birth != NULL)
		date_parse(birth, &c.terms.birth_date);
	date_parse(today, &t);
	if (field == NULL) {
		CHECK_INT(contract_check_dates(&c, t, &f), 0, what);
	} else {
		CHECK(contract_check_dates(&c, t, &f) != 0 &&
		    strcmp(f.field, field) == 0, what);
	}
}

static void
test_dates(void)
{
	dates("1950-01-01", NULL, "2026-12-06", NULL, "1950-01-01 starts");
	dates("1949-12-31", NULL, "2026-12-06", "start", "1949-12-31 is refused");
	dates("2036-12-06", NULL, "2026-12-06", NULL, "ten years ahead starts");
	dates("2036-12-07", NULL, "2026-12-06", "start",
	    "ten years and a day ahead is refused");
	dates("2026-01-01", "2010-01-01", "2026-12-06", NULL, "16 at the start");
	dates("2026-01-01", "2010-01-02", "2026-12-06", "birth_date",
	    "a day short of 16");
	dates("2026-01-01", "1925-01-02", "2026-12-06", NULL,
	    "100 and 364 days is 100");
	dates("2026-01-01", "1925-01-01", "2026-12-06", "birth_date",
	    "101 is refused");
}

/* The field language: "en" or "fr" exactly, refused naming the field,
 * and checked again before a contract is stored. */
static void
test_language(void)
{
	struct contract *c = contract_new();
	struct failure f = { 0 };
	static const char *const bad[] = { "de", "FR", "fr-BE", "", " fr",
	    "french", NULL };

	CHECK_INT(c->language, LANG_EN, "a new contract is in English");
	CHECK_INT(contract_set_language(c, "fr", &f), 0, "fr is taken");
	CHECK_INT(c->language, LANG_FR, "and kept");
	CHECK_INT(contract_set_language(c, "en", &f), 0, "en is taken");
	CHECK_INT(c->language, LANG_EN, "and kept");
	c->language = LANG_FR;
	for (const char *const *b = bad; *b != NULL; b++) {
		char what[64];

		failure_clear(&f);
		snprintf(what, sizeof what, "\"%s\" is refused naming language",
		    *b);
		CHECK(contract_set_language(c, *b, &f) != 0 &&
		    strcmp(f.field, "language") == 0 &&
		    f.kind == FAILURE_INVALID_FIELD, what);
	}
	CHECK(contract_set_language(c, NULL, &f) != 0, "NULL is refused");
	CHECK_INT(c->language, LANG_FR, "a refusal leaves the language as it was");
	c->name = strdup("Jane Doe");
	c->email = strdup("jane@example.org");
	date_parse("2026-01-05", &c->terms.start);
	failure_clear(&f);
	CHECK_INT(contract_validate(c, &f), 0, "a French contract is valid");
	c->language = (enum lang)LANG_COUNT;
	CHECK(contract_validate(c, &f) != 0 &&
	    strcmp(f.field, "language") == 0,
	    "a language out of range is refused before storing");
	contract_free(c);
}

static struct reader_lang_known
known(int own, int account, int person)
{
	/* -1: not known; else the enum lang. */
	return (struct reader_lang_known){
		.own_contract = own >= 0, .contract = own >= 0 ? (enum lang)own : 0,
		.account = account >= 0,
		.account_lang = account >= 0 ? (enum lang)account : 0,
		.person = person >= 0,
		.person_lang = person >= 0 ? (enum lang)person : 0,
	};
}

static void
choose(int own, int account, int person, enum lang fallback, enum lang want,
    const char *what)
{
	struct reader_lang_known k = known(own, account, person);

	CHECK_INT(reader_lang_choose(&k, fallback), want, what);
}

/* SPEC section 12: who reads which. */
static void
test_reader_lang(void)
{
	choose(LANG_FR, LANG_EN, LANG_EN, LANG_EN, LANG_FR,
	    "the contract's person reads the contract's language");
	choose(LANG_EN, LANG_FR, LANG_FR, LANG_FR, LANG_EN,
	    "even English, against account, person and default");
	choose(-1, LANG_FR, LANG_EN, LANG_EN, LANG_FR,
	    "another address: its account's language first");
	choose(-1, -1, LANG_FR, LANG_EN, LANG_FR,
	    "then its person's (latest contract)");
	choose(-1, -1, -1, LANG_FR, LANG_FR,
	    "else [daemon] language (fr)");
	choose(-1, -1, -1, LANG_EN, LANG_EN,
	    "else [daemon] language (en)");
	choose(-1, LANG_EN, -1, LANG_FR, LANG_EN,
	    "an account's English is a choice, not a missing value");
	choose(-1, -1, -1, (enum lang)LANG_COUNT, LANG_DEFAULT,
	    "a fallback out of range is the default");
	choose((int)LANG_COUNT, -1, LANG_FR, LANG_EN, LANG_FR,
	    "a contract language out of range is passed over");
}

/* Planning reads the decisions in force only: a revoked renewal leaves
 * the contract with no decided end. */
static void
test_plan(void)
{
	struct contract *c = contract_new();
	struct milestone_list ms;
	struct failure f = { 0 };
	const struct milestone *end;
	int32_t start = DATE_NONE, until = DATE_NONE;

	date_parse("2025-09-01", &start);
	date_parse("2030-08-31", &until);
	milestone_list_init(&ms);
	c->terms.start = start;
	c->decisions = calloc(1, sizeof *c->decisions);
	c->decisions[0] = (struct decision){ .type = DECISION_RENEWED,
	    .date = DATE_NONE, .until = until };
	c->decision_count = 1;
	CHECK_INT(contract_plan(c, &ms, &f), 0, "a renewed contract plans");
	end = milestone_list_find(&ms, MS_CONTRACT_END, DATE_NONE);
	CHECK(end != NULL && end->date == until,
	    "its end is the renewal's until");
	c->decisions[0].revoked_at = 1;
	CHECK_INT(contract_plan(c, &ms, &f), 0, "planned again, revoked");
	CHECK(milestone_list_find(&ms, MS_CONTRACT_END, DATE_NONE) == NULL,
	    "a revoked renewal is not in force: no end is planned");
	milestone_list_free(&ms);
	contract_free(c);
}

int
main(void)
{
	test_email();
	test_plan();
	test_visible();
	test_dates();
	test_language();
	test_reader_lang();
	return tap_done();
}
