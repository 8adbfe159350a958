/* The pieces of the notice parser that read a line: salaries (and malformed
 * amounts), grades, post numbers, header labels and the plain text of a
 * line. Whole notices are in test-notice-*.c. */
#include <stdlib.h>

#include "notice.h"
#include "tap.h"

static void
check_salary(const char *text, const char *amount, const char *currency,
    const char *basis)
{
	struct notice_salary s;
	char w[160];

	notice_fields_salary(text, strlen(text), &s);
	snprintf(w, sizeof w, "salary \"%s\" is %s %s %s", text, amount,
	    currency, basis ? basis : "(no basis)");
	if (!CHECK(strcmp(s.amount, amount) == 0 &&
	    strcmp(s.currency, currency) == 0 &&
	    ((basis == NULL && s.basis == NULL) ||
	    (basis != NULL && s.basis != NULL && strcmp(s.basis, basis) == 0)),
	    w))
		printf("#   got \"%s\" \"%s\" %s\n", s.amount, s.currency,
		    s.basis ? s.basis : "(null)");
}

static void
test_salaries(void)
{
	check_salary("5,043.00Euro (EUR) Monthly", "5043.00", "EUR", "Monthly");
	check_salary("8,754.21Euro (EUR) Monthly", "8754.21", "EUR", "Monthly");
	check_salary("10,112.84Euro (EUR) Monthly", "10112.84", "EUR",
	    "Monthly");
	check_salary("5 043,00Euro (EUR) Mensuelle", "5043.00", "EUR",
	    "Monthly");
	check_salary("5.043,00 \xe2\x82\xac per month", "5043.00", "EUR",
	    "Monthly");
	check_salary("5'043.50 CHF monthly", "5043.50", "CHF", "Monthly");
	check_salary("7540.44 EUR Monthly", "7540.44", "EUR", "Monthly");
	check_salary("60,000 USD Annual", "60000", "USD", "Yearly");
	check_salary("1,234,567.89 (GBP) yearly", "1234567.89", "GBP",
	    "Yearly");
	check_salary("1.234.567 Euro", "1234567", "EUR", NULL);
	check_salary("5,5 Euro hourly", "5.5", "EUR", "Hourly");
	check_salary("5043", "5043", "", NULL);
	check_salary("to be confirmed", "", "", NULL);
	check_salary("Monthly (EUR)", "", "EUR", "Monthly");

	/* The French half: a decimal comma, thousands grouped by a space, a
	 * no-break space (U+00A0) or a narrow one (U+202F). */
	check_salary("8 754,21Euro (EUR) Mensuelle", "8754.21", "EUR",
	    "Monthly");
	check_salary("5\xc2\xa0""043,00Euro (EUR) Mensuelle", "5043.00", "EUR",
	    "Monthly");
	check_salary("5\xe2\x80\xaf""043,00\xc2\xa0\xe2\x82\xac par mois",
	    "5043.00", "EUR", "Monthly");
	check_salary("1\xe2\x80\xaf""234\xe2\x80\xaf""567,89 EUR annuel",
	    "1234567.89", "EUR", "Yearly");
	check_salary("60 000 EUR Annuelle", "60000", "EUR", "Yearly");
	check_salary("7540,44 EUR mensuel", "7540.44", "EUR", "Monthly");
	check_salary("5 043 EUR", "5043", "EUR", NULL);
	check_salary("12,50 EUR horaire", "12.50", "EUR", "Hourly");
	check_salary("5,043.00, monthly", "5043.00", "", "Monthly");

	/* Malformed amounts are no amount, rather than one a thousand times
	 * off; the currency and basis are still read. */
	check_salary("5 04,3Euro (EUR) Mensuelle", "", "EUR", "Monthly");
	check_salary("5\xc2\xa0""04,3 EUR", "", "EUR", NULL);
	check_salary("5 0433,00 EUR", "", "EUR", NULL);
	check_salary("5043 000,00 EUR", "", "EUR", NULL);
	check_salary("1,234,56 EUR", "", "EUR", NULL);
	check_salary("1,23,456 EUR", "", "EUR", NULL);
	check_salary("5,04.3 EUR", "", "EUR", NULL);
	check_salary("5 043.000,00 EUR", "", "EUR", NULL);
	check_salary("5'043,000.00 CHF", "", "CHF", NULL);
	check_salary("123456789012345678901234567890 EUR", "", "EUR", NULL);
}

static void
check_grade(const char *text, bool anywhere, const char *min, const char *max,
    bool twin, const char *as_text)
{
	struct notice_grade g;
	bool ok = anywhere ? notice_fields_grade_in(text, strlen(text), &g) :
	    notice_fields_grade(text, strlen(text), &g) == strlen(text);
	char w[160];

	snprintf(w, sizeof w, "grade \"%s\" is %s", text, min ? as_text :
	    "none");
	if (min == NULL) {
		CHECK(!ok, w);
		return;
	}
	if (!CHECK(ok && strcmp(g.min, min) == 0 && strcmp(g.max, max) == 0 &&
	    g.twin == twin && strcmp(g.text, as_text) == 0, w))
		printf("#   got %d %s %s %d %s\n", ok, g.min, g.max, g.twin,
		    g.text);
}

static void
test_grades(void)
{
	check_grade("NATO Grade G11-G15", true, "G11", "G15", true, "G11-G15");
	check_grade("NATO Grade G20", true, "G20", "G20", false, "G20");
	check_grade("A.2 / NATO Grade G15", true, "G15", "G15", false, "G15");
	check_grade("Grade A.4", true, "A.4", "A.4", false, "A.4");
	check_grade("B-4/B-5", true, "B-4", "B-5", true, "B-4-B-5");
	check_grade("NATO Grade G11-15", true, "G11", "G15", true, "G11-G15");
	check_grade("NATO Grade G15-G11", true, "G11", "G15", true, "G11-G15");
	check_grade("G11 to G13", true, "G11", "G13", true, "G11-G13");
	check_grade("NATO Grade", true, NULL, NULL, false, NULL);
	check_grade("G123", true, NULL, NULL, false, NULL);
	check_grade("AG15", true, NULL, NULL, false, NULL);
	check_grade("G17", false, "G17", "G17", false, "G17");
	check_grade("g16", false, "G16", "G16", false, "G16");
	check_grade("G17-G20", false, "G17", "G20", true, "G17-G20");
	check_grade("G15 - G17", false, "G15", "G17", true, "G15-G17");
	check_grade("G13\xe2\x80\x93G15", false, "G13", "G15", true, "G13-G15");
	check_grade("G17-G17", false, "G17", "G17", false, "G17");
	check_grade("C1", false, NULL, NULL, false, NULL);
	check_grade("Defence Planning Expert", false, NULL, NULL, false, NULL);
}

static void
test_post_numbers(void)
{
	static const struct {
		const char *text;
		enum notice_post_number kind;
	} cases[] = {
		{ "OCIO0013", NOTICE_POST_NUMBER_REAL },
		{ "DI 0105", NOTICE_POST_NUMBER_REAL },
		{ "ICTM-0201", NOTICE_POST_NUMBER_REAL },
		{ "OCIOxxxx", NOTICE_POST_NUMBER_PLACEHOLDER },
		{ "OCIOXXXX", NOTICE_POST_NUMBER_PLACEHOLDER },
		{ "OCIO????", NOTICE_POST_NUMBER_PLACEHOLDER },
		{ "xxxx", NOTICE_POST_NUMBER_PLACEHOLDER },
		{ "TBD", NOTICE_POST_NUMBER_PLACEHOLDER },
		{ "tbc", NOTICE_POST_NUMBER_PLACEHOLDER },
		{ "NS", NOTICE_POST_NUMBER_NONE },
		{ "Defence Planning Expert", NOTICE_POST_NUMBER_NONE },
		{ "pending budget approval", NOTICE_POST_NUMBER_NONE },
		{ "", NOTICE_POST_NUMBER_NONE },
		{ "OCIO0013OCIO0013OCIO0013X", NOTICE_POST_NUMBER_NONE },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char w[96];

		snprintf(w, sizeof w, "post number \"%s\"", cases[i].text);
		CHECK_INT(notice_fields_post_number(cases[i].text,
		    strlen(cases[i].text)), cases[i].kind, w);
	}
}

static void
check_normal(const char *line, const char *want, bool bullet)
{
	char out[256], w[160];
	bool b;
	size_t n = notice_text_normalize(line, strlen(line), out, &b);

	snprintf(w, sizeof w, "plain text of \"%s\"", line);
	if (!CHECK(n == strlen(want) && strcmp(out, want) == 0 && b == bullet,
	    w))
		printf("#   got \"%s\" bullet %d\n", out, b);
}

static void
check_title(const char *line, const char *ref, const char *title,
    int announced)
{
	char out[256], w[160];
	size_t r, rl, tl, n;
	int ann = -1;
	bool b, ok;

	n = notice_text_normalize(line, strlen(line), out, &b);
	ok = notice_text_title(out, n, &r, &rl, &tl, &ann);
	snprintf(w, sizeof w, "title line \"%s\"", line);
	if (ref == NULL) {
		CHECK(!ok, w);
		return;
	}
	if (!CHECK(ok && rl == strlen(ref) && memcmp(out + r, ref, rl) == 0 &&
	    tl == strlen(title) && memcmp(out, title, tl) == 0 &&
	    ann == announced, w))
		printf("#   got %d \"%.*s\" \"%.*s\" %d\n", ok, (int)rl, out + r,
		    (int)tl, out, ann);
}

/* A literal and its length. */
#define H(lit) (lit), (sizeof (lit) - 1)

static void
check_key(const char *line, enum notice_key want, const char *value)
{
	const char *v = NULL;
	size_t vlen = 0;
	enum notice_key got = notice_keys_find(line, strlen(line), &v, &vlen);
	char w[160];

	snprintf(w, sizeof w, "\"%s\" is key %d with \"%s\"", line, want,
	    value ? value : "");
	if (!CHECK(got == want && (value == NULL || (vlen == strlen(value) &&
	    memcmp(v, value, vlen) == 0)), w))
		printf("#   got %d \"%.*s\"\n", got, (int)vlen, v ? v : "");
}

/* Header labels as the normalised lines of either half give them, and the
 * English key each French one stands for in a French-only notice. */
static void
test_keys(void)
{
	static const struct {
		enum notice_key fr, en;
	} pairs[] = {
		{ NOTICE_KEY_FR_DEADLINE, NOTICE_KEY_DEADLINE },
		{ NOTICE_KEY_FR_LOCATION, NOTICE_KEY_LOCATION },
		{ NOTICE_KEY_FR_BODY, NOTICE_KEY_BODY },
		{ NOTICE_KEY_FR_SCHEDULE, NOTICE_KEY_SCHEDULE },
		{ NOTICE_KEY_FR_SALARY, NOTICE_KEY_SALARY },
		{ NOTICE_KEY_FR_CLEARANCE, NOTICE_KEY_CLEARANCE },
	};

	check_key("Primary Location: Belgium-Brussels", NOTICE_KEY_LOCATION,
	    "Belgium-Brussels");
	check_key("Emplacement principal : Belgique-Bruxelles",
	    NOTICE_KEY_FR_LOCATION, "Belgique-Bruxelles");
	check_key("Organisation OTAN SI", NOTICE_KEY_FR_BODY, "OTAN SI");
	check_key("Horaire : Temps plein", NOTICE_KEY_FR_SCHEDULE,
	    "Temps plein");
	check_key("Date de retrait 13-oct.-2024", NOTICE_KEY_FR_DEADLINE,
	    "13-oct.-2024");
	check_key("Salaire (Base de paie) : : 5 043,00Euro (EUR) Mensuelle",
	    NOTICE_KEY_FR_SALARY, "5 043,00Euro (EUR) Mensuelle");
	check_key("Niveau de l'habilitation de s\xc3\xa9""curit\xc3\xa9 NS",
	    NOTICE_KEY_FR_CLEARANCE, "NS");
	check_key("Niveau de l\xe2\x80\x99habilitation de s\xc3\xa9""curit\xc3\xa9",
	    NOTICE_KEY_FR_CLEARANCE, "");
	check_key("Niveau d'habilitation : NC", NOTICE_KEY_FR_CLEARANCE, "NC");
	check_key("NIVEAU D\xe2\x80\x99HABILITATION NS", NOTICE_KEY_FR_CLEARANCE,
	    "NS");
	check_key("Grade : NATO Grade G20", NOTICE_KEY_GRADE, "NATO Grade G20");
	check_key("Description :", NOTICE_KEY_DESCRIPTION, "");
	check_key("Organisations partenaires", NOTICE_KEY_NONE, NULL);
	check_key("Horaires flexibles", NOTICE_KEY_NONE, NULL);
	check_key("Niveau d\xe2\x80\x9chabilitation", NOTICE_KEY_NONE, NULL);
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		char w[96];

		snprintf(w, sizeof w, "French key %d stands for key %d",
		    pairs[i].fr, pairs[i].en);
		CHECK(notice_keys_french(pairs[i].fr) &&
		    notice_keys_english(pairs[i].fr) == pairs[i].en &&
		    !notice_keys_french(pairs[i].en) &&
		    notice_keys_english(pairs[i].en) == pairs[i].en, w);
	}
	CHECK(!notice_keys_french(NOTICE_KEY_GRADE) &&
	    !notice_keys_french(NOTICE_KEY_DESCRIPTION) &&
	    !notice_keys_french(NOTICE_KEY_NONE),
	    "Grade and Description are the same in both languages");
}

static void
test_text(void)
{
	char q[64];
	int num;
	bool contract;

	check_normal("**Primary Location** Belgium-Brussels  ",
	    "Primary Location Belgium-Brussels", false);
	check_normal("## **6. CONTRACT**", "6. CONTRACT", false);
	check_normal("- **Officer (G17)**", "Officer (G17)", true);
	check_normal("\t<b>NATO</b>\tNORTH ATLANTIC", "NATO NORTH ATLANTIC",
	    false);
	check_normal("5\xc2\xa0""043,00\xe2\x80\xaf""EUR", "5 043,00 EUR",
	    false);
	check_normal("\xef\xbb\xbfTitle\xe2\x80\x8b (1)", "Title (1)", false);
	check_normal("\xe2\x80\xa2 item", "item", true);
	check_normal("* *emphasis*", "emphasis", true);
	check_normal("\\(241370\\)", "(241370)", false);
	check_normal("   ", "", false);
	check_normal("###", "", false);

	check_title("Team Leader, Enterprise Application Support-250914",
	    "250914", "Team Leader, Enterprise Application Support", 0);
	check_title("Officer, NIAG and Life Cycle Management- 250885",
	    "250885", "Officer, NIAG and Life Cycle Management", 0);
	check_title("Officer - 250885", "250885", "Officer", 0);
	check_title("Officer \xe2\x80\x93 250885", "250885", "Officer", 0);
	check_title("Officer, Enterprise AI Architect (241324)", "241324",
	    "Officer, Enterprise AI Architect", 0);
	check_title("### Defence Planning Expert (3 posts) (241370)", "241370",
	    "Defence Planning Expert", 3);
	check_title("Defence Planning Expert (241370) (3 posts)", "241370",
	    "Defence Planning Expert", 3);
	check_title("Expert(e) (3 postes) (241370)", "241370", "Expert(e)", 3);
	check_title("Officer (one post) ( 241370 )", "241370", "Officer", 1);
	check_title("(241370)", "241370", "", 0);
	check_title("Officer 250914", NULL, NULL, 0);
	check_title("Officer-123", NULL, NULL, 0);
	check_title("Officer (G17)", NULL, NULL, 0);
	check_title("Officer (2412345678901)", NULL, NULL, 0);

	num = notice_text_heading("6. CONTRACT", 11, NOTICE_LANG_EN, &contract);
	CHECK(num == 6 && contract, "\"6. CONTRACT\" is section 6, the clause");
	num = notice_text_heading("1. Summary", 10, NOTICE_LANG_EN, &contract);
	CHECK(num == 1 && !contract, "\"1. Summary\" is section 1");
	num = notice_text_heading("2. Provide advice to the Head", 29,
	    NOTICE_LANG_EN, &contract);
	CHECK(num == 0, "a numbered sentence is not a heading");
	num = notice_text_heading("6. CONTRAT", 10, NOTICE_LANG_EN, &contract);
	CHECK(num == 6 && !contract, "the French section 6 is not the clause "
	    "of a notice in English");
	num = notice_text_heading("6. CONTRAT", 10, NOTICE_LANG_FR, &contract);
	CHECK(num == 6 && contract, "but is that of a French-only notice");
	num = notice_text_heading("6. CONTRACT", 11, NOTICE_LANG_FR, &contract);
	CHECK(num == 6 && !contract, "where \"6. CONTRACT\" is not");
	num = notice_text_heading(H("1. R\xc3\xa9sum\xc3\xa9"), NOTICE_LANG_FR,
	    &contract);
	CHECK(num == 1 && !contract, "\"1. R\xc3\xa9sum\xc3\xa9\" is section 1");
	num = notice_text_heading(H("2. QUALIFICATIONS ET EXP\xc3\x89RIENCE"),
	    NOTICE_LANG_FR, &contract);
	CHECK(num == 2 && !contract, "\"2. QUALIFICATIONS ET EXP\xc3\x89RIENCE\" "
	    "is section 2");
	CHECK(notice_text_pending(H("Sous r\xc3\xa9serve d'approbation "
	    "budg\xc3\xa9taire")), "\"Sous r\xc3\xa9serve d'approbation "
	    "budg\xc3\xa9taire\" is pending budget approval");
	CHECK(notice_text_pending(H("SOUS R\xc3\x89SERVE D'APPROBATION PAR LES "
	    "AUTORIT\xc3\x89S BUDG\xc3\x89TAIRES")), "and so is the French "
	    "notice-level line, in capitals");
	CHECK(!notice_text_pending(H("approbation du dossier m\xc3\xa9""dical")),
	    "another approval is not");
	CHECK(notice_text_banner("VACANCY NOTIFICATION/ NOTIFICATION DE LA "
	    "VACANCE DU POSTE", 56), "the banner line is no title");

	test_keys();

	notice_text_quote(q, 7, "abcdef\xc3\xa9gh", 10);
	CHECK_STR(q, "abcdef\xe2\x80\xa6", "a quote is cut before a split "
	    "character");
	notice_text_quote(q, 8, "abc", 3);
	CHECK_STR(q, "abc", "a short quote is whole");
}

int
main(void)
{
	test_salaries();
	test_grades();
	test_post_numbers();
	test_text();
	return tap_done();
}
