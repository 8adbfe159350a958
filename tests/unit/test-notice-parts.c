/* The pieces of the notice parser: deadlines as written in both halves
 * (every month, both languages, with and without dots and accents), the
 * durations and sentences of section 6 in both languages, salaries (and
 * malformed amounts), grades, post numbers, header labels and the plain
 * text of a line. Whole notices are in test-notice.c. */
#include <stdlib.h>

#include "notice.h"
#include "tap.h"

#define NONE POLICY_NONE

static void
check_date(const char *text, int y, int m, int d, int secs, bool has_time)
{
	struct notice_date got;
	enum notice_date_status st = notice_deadline_read(text, strlen(text),
	    &got);
	char w[160];

	snprintf(w, sizeof w, "\"%s\" is %04d-%02d-%02d %02d:%02d:%02d", text,
	    y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
	if (!CHECK(st == NOTICE_DATE_OK && got.year == y && got.month == m &&
	    got.day == d && got.seconds == secs && got.has_time == has_time, w))
		printf("#   status %d, got %04d-%02d-%02d +%d s, time %d\n", st,
		    got.year, got.month, got.day, got.seconds, got.has_time);
}

static void
check_date_status(const char *text, enum notice_date_status want)
{
	struct notice_date got;
	char w[160];

	snprintf(w, sizeof w, "\"%s\" is refused (%d)", text, want);
	CHECK_INT(notice_deadline_read(text, strlen(text), &got), want, w);
}

#define EOD (23 * 3600 + 59 * 60)

static void
test_months(void)
{
	/* Every month as each half writes it, plus the other spellings a
	 * hand-edited notice may use. */
	static const struct {
		int month;
		const char *words[10];
	} months[] = {
		{ 1, { "Jan", "January", "JAN", "janv.", "janv", "janvier",
		    "Janvier", NULL } },
		{ 2, { "Feb", "February", "févr.", "févr", "fevr.", "fevr",
		    "février", "fevrier", "FÉVR.", NULL } },
		{ 3, { "Mar", "March", "mars", "Mars", "MARS", NULL } },
		{ 4, { "Apr", "April", "avr.", "avr", "avril", NULL } },
		{ 5, { "May", "mai", "MAI", NULL } },
		{ 6, { "Jun", "June", "juin", "JUIN", NULL } },
		{ 7, { "Jul", "July", "juil.", "juil", "juillet", NULL } },
		{ 8, { "Aug", "August", "août", "aout", "AOÛT", "aoû", NULL } },
		{ 9, { "Sep", "Sept", "September", "sept.", "sept",
		    "septembre", NULL } },
		{ 10, { "Oct", "October", "oct.", "oct", "octobre", NULL } },
		{ 11, { "Nov", "November", "nov.", "nov", "novembre", NULL } },
		{ 12, { "Dec", "December", "déc.", "déc", "dec.", "décembre",
		    "decembre", "DÉC.", NULL } },
	};
	static const char *const not_months[] = { "ju", "jui", "ma", "Ongoing",
	    "Monday", "décade", "janvx", "x", "", "mayo", NULL };
	char text[64], w[96];

	for (size_t i = 0; i < sizeof months / sizeof months[0]; i++) {
		for (const char *const *m = months[i].words; *m != NULL; m++) {
			snprintf(w, sizeof w, "\"%s\" is month %d", *m,
			    months[i].month);
			CHECK_INT(notice_deadline_month(*m, strlen(*m)),
			    months[i].month, w);
			/* And inside a date, the French way and the English. */
			snprintf(text, sizeof text, "15-%s-2026", *m);
			check_date(text, 2026, months[i].month, 15, EOD, false);
		}
	}
	for (const char *const *m = not_months; *m != NULL; m++) {
		snprintf(w, sizeof w, "\"%s\" is not a month", *m);
		CHECK_INT(notice_deadline_month(*m, strlen(*m)), 0, w);
	}
}

static void
test_dates(void)
{
	/* As the notices write them. */
	check_date("22-Jun-2025, 11:59:00 PM", 2025, 6, 22, EOD, true);
	check_date("13-Oct-2024", 2024, 10, 13, EOD, false);
	check_date("05-Jan-2025", 2025, 1, 5, EOD, false);
	check_date("22-juin-2025, 23:59:00", 2025, 6, 22, EOD, true);
	check_date("13-oct.-2024", 2024, 10, 13, EOD, false);
	check_date("05-janv.-2025", 2025, 1, 5, EOD, false);
	check_date("06-juil.-2025, 23:59:00", 2025, 7, 6, EOD, true);
	/* The twelve-hour clock at its edges. */
	check_date("1-Jan-2026, 12:00:00 AM", 2026, 1, 1, 0, true);
	check_date("1-Jan-2026, 12:30 AM", 2026, 1, 1, 1800, true);
	check_date("1-Jan-2026, 12:00:00 PM", 2026, 1, 1, 12 * 3600, true);
	check_date("1-Jan-2026, 1:05 pm", 2026, 1, 1, 13 * 3600 + 300, true);
	check_date("1-Jan-2026 11 p.m.", 2026, 1, 1, 23 * 3600, true);
	check_date("1-Jan-2026, 9:15 a.m.", 2026, 1, 1, 9 * 3600 + 900, true);
	/* Other spellings. */
	check_date("22 June 2025", 2025, 6, 22, EOD, false);
	check_date("June 22, 2025", 2025, 6, 22, EOD, false);
	check_date("Sunday, 22 June 2025 at 5:00 PM", 2025, 6, 22, 17 * 3600,
	    true);
	check_date("dimanche 22 juin 2025 à 17 h 30", 2025, 6, 22,
	    17 * 3600 + 1800, true);
	check_date("1er juin 2025", 2025, 6, 1, EOD, false);
	check_date("22nd June 2025", 2025, 6, 22, EOD, false);
	check_date("22-06-2025", 2025, 6, 22, EOD, false);
	check_date("22/06/2025 14:00", 2025, 6, 22, 14 * 3600, true);
	check_date("22.06.2025", 2025, 6, 22, EOD, false);
	check_date("2025-06-22", 2025, 6, 22, EOD, false);
	check_date("2025-06-22T08:30:00+02:00", 2025, 6, 22, 8 * 3600 + 1800,
	    true);
	check_date("13-Oct-24", 2024, 10, 13, EOD, false);
	check_date("13Oct2024", 2024, 10, 13, EOD, false);
	check_date("22-Jun-2025 23h59", 2025, 6, 22, EOD, true);
	check_date("22-Jun-2025, 23:59 (Brussels time)", 2025, 6, 22, EOD,
	    true);
	check_date("29-Feb-2028", 2028, 2, 29, EOD, false);

	check_date_status("31-Feb-2026", NOTICE_DATE_IMPOSSIBLE);
	check_date_status("29-Feb-2027", NOTICE_DATE_IMPOSSIBLE);
	check_date_status("31-avr.-2026", NOTICE_DATE_IMPOSSIBLE);
	check_date_status("0-Jan-2026", NOTICE_DATE_IMPOSSIBLE);
	check_date_status("32-Jan-2026", NOTICE_DATE_IMPOSSIBLE);
	check_date_status("15/13/2026", NOTICE_DATE_IMPOSSIBLE);
	check_date_status("06/22/2025", NOTICE_DATE_IMPOSSIBLE);
	check_date_status("15-Jan-1850", NOTICE_DATE_IMPOSSIBLE);
	check_date_status("22-Jun-2025, 24:00", NOTICE_DATE_BAD_TIME);
	check_date_status("22-Jun-2025, 13:00 PM", NOTICE_DATE_BAD_TIME);
	check_date_status("22-Jun-2025, 0:30 AM", NOTICE_DATE_BAD_TIME);
	check_date_status("22-Jun-2025, 10:60", NOTICE_DATE_BAD_TIME);
	check_date_status("22-Jun-2025, 10:30:75", NOTICE_DATE_BAD_TIME);
	check_date_status("22-Jun-2025, 10:5", NOTICE_DATE_BAD_TIME);
	check_date_status("22-Jun-2025 2025", NOTICE_DATE_BAD_TIME);
	check_date_status("Ongoing", NOTICE_DATE_UNREADABLE);
	check_date_status("", NOTICE_DATE_UNREADABLE);
	check_date_status("22-Jun", NOTICE_DATE_UNREADABLE);
	check_date_status("22-Foo-2025", NOTICE_DATE_UNREADABLE);
	check_date_status("2025", NOTICE_DATE_UNREADABLE);
	check_date_status("123-Jun-2025", NOTICE_DATE_UNREADABLE);
	check_date_status("22-Jun-20255", NOTICE_DATE_UNREADABLE);
	check_date_status("22-Jun-202", NOTICE_DATE_UNREADABLE);
}

static void
check_duration_in(enum notice_lang lang, const char *text, int want,
    size_t used)
{
	int months = -7;
	size_t got = notice_contract_duration(text, strlen(text), lang,
	    &months);
	char w[128];

	snprintf(w, sizeof w, "\"%s\" is %d months", text, want);
	if (want == 0) {
		CHECK_INT(got, 0, w);
		return;
	}
	CHECK(got == used && months == want, w);
}

#define check_duration(t, w, u) check_duration_in(NOTICE_LANG_EN, t, w, u)
#define check_duree(t, w, u) check_duration_in(NOTICE_LANG_FR, t, w, u)

static void
test_durations(void)
{
	check_duration("three years", 36, 11);
	check_duration("3-year definite", 36, 6);
	check_duration("3 years", 36, 7);
	check_duration("36 months", 36, 9);
	check_duration("36-month", 36, 8);
	check_duration("one year before", 12, 8);
	check_duration("a year", 12, 6);
	check_duration("six years", 72, 9);
	check_duration("eighteen months", 18, 15);
	check_duration("twenty-four months", 24, 18);
	check_duration("twenty four months", 24, 18);
	check_duration("thirty-six-month", 36, 16);
	check_duration("one (1) year", 12, 12);
	check_duration("3 yrs", 36, 5);
	check_duration("1 month", 1, 7);
	check_duration("three", 0, 0);
	check_duration("threefold years", 0, 0);
	check_duration("3 days", 0, 0);
	check_duration("years", 0, 0);
	check_duration("12345 years", 0, 0);
	check_duration("3 yearly", 0, 0);
	check_duration("twenty a year", 0, 0);

	/* The French half, folded to ASCII as section 6 is read. */
	check_duree("trois ans", 36, 9);
	check_duree("un an avant", 12, 5);
	check_duree("une annee", 12, 9);
	check_duree("six ans", 72, 7);
	check_duree("deux ans", 24, 8);
	check_duree("3 ans", 36, 5);
	check_duree("36 mois", 36, 7);
	check_duree("dix-huit mois", 18, 13);
	check_duree("vingt-quatre mois", 24, 17);
	check_duree("vingt et un mois", 21, 16);
	check_duree("trente-six mois", 36, 15);
	check_duree("soixante-douze mois", 72, 19);
	check_duree("trois (3) ans", 36, 13);
	check_duree("quatre annees", 48, 13);
	check_duree("trois", 0, 0);
	check_duree("trois anses", 0, 0);
	check_duree("deuxieme periode", 0, 0);
	check_duree("une duree", 0, 0);
	check_duree("three years", 0, 0);
	check_duration("trois ans", 0, 0);
}

struct clause {
	const char *text;
	bool has_contract;
	int initial, renewal, max_service, deadline;
	bool conversion, national;
	unsigned stated;
	size_t warnings;
	const char *what;
};

#define S_INITIAL VACANCY_STATED_INITIAL
#define S_RENEWAL VACANCY_STATED_RENEWAL
#define S_MAX VACANCY_STATED_MAX_SERVICE
#define S_CONV VACANCY_STATED_CONVERSION
#define S_DEADLINE VACANCY_STATED_CONVERSION_DEADLINE
#define S_NATIONAL VACANCY_STATED_NATIONAL_AGREEMENT

static void
check_clause(const struct clause *c, enum notice_lang lang)
{
	struct vacancy v = { .has_contract = false };
	const struct vacancy_contract *k = &v.contract;
	char w[160];

	snprintf(w, sizeof w, "clause: %s", c->what);
	CHECK_INT(notice_contract_read(&v, c->text, strlen(c->text), 1, lang),
	    0, w);
	if (!CHECK(v.has_contract == c->has_contract &&
	    k->initial_term_months == c->initial &&
	    k->renewal_term_months == c->renewal &&
	    k->max_service_months == c->max_service &&
	    k->conversion_deadline_months == c->deadline &&
	    k->conversion_allowed == c->conversion &&
	    k->seconded_national_agreement == c->national &&
	    k->stated == c->stated, w))
		printf("#   got %d: %d %d %d %d conv %d nat %d stated %#x\n",
		    v.has_contract, k->initial_term_months,
		    k->renewal_term_months, k->max_service_months,
		    k->conversion_deadline_months, k->conversion_allowed,
		    k->seconded_national_agreement, k->stated);
	snprintf(w, sizeof w, "clause: %s: %zu warnings", c->what,
	    c->warnings);
	CHECK_INT(v.warnings.count, c->warnings, w);
	for (size_t j = 0; j < v.warnings.count; j++)
		printf("#   %s: %s\n", v.warnings.items[j].field,
		    v.warnings.items[j].message);
	failure_list_free(&v.warnings);
}

/* Terms the clause does not state hold the built-in defaults (36, 36, 72,
 * conversion with 12 months, national agreement), with a warning each,
 * and their stated bits stay clear. */
static void
test_clauses(void)
{
	static const struct clause clauses[] = {
		{ "Contract to be offered to the successful applicant (if "
		  "non-seconded): Definite duration contract of three years; "
		  "possibility of renewal for up to three years, during which "
		  "the incumbent may apply for conversion to an indefinite "
		  "duration contract. The maximum period of service foreseen "
		  "in this post is 6 years. However, the incumbent may apply "
		  "for conversion no later than one year before the end of "
		  "contract. If the successful applicant is seconded, a 3-year "
		  "definite duration contract will be offered, which may be "
		  "renewed for a further period of up to 3 years subject also "
		  "to the agreement of the national authority concerned. The "
		  "maximum period of service in the post as a seconded staff "
		  "member is six years.", true, 36, 36, 72, 12, true, true,
		  0x3f, 0, "the stock clause" },
		{ "The successful applicant will be offered a 3-year definite "
		  "duration contract, which may be followed by an indefinite "
		  "duration contract.", true, 36, 36, NONE, NONE, true, true,
		  S_INITIAL | S_MAX | S_CONV | S_DEADLINE, 0,
		  "turnover not desirable" },
		{ "In accordance with the contract policy, this is a post in "
		  "which turnover is not desirable. The maximum period of "
		  "service foreseen in this post is 6 years.", true, 36, 36,
		  NONE, NONE, true, true, S_MAX | S_CONV | S_DEADLINE, 1,
		  "\"turnover is not desirable\" wins over a maximum" },
		{ "Definite duration contract of two years; possibility of "
		  "renewal for up to one year. The maximum period of service "
		  "is three years. The incumbent may not apply for conversion "
		  "to an indefinite duration contract.", true, 24, 12, 36, NONE,
		  false, true, S_INITIAL | S_RENEWAL | S_MAX | S_CONV |
		  S_DEADLINE, 0, "no conversion" },
		{ "Definite duration contract of three years; possibility of "
		  "renewal for up to three years, during which the incumbent "
		  "may apply for conversion to an indefinite duration "
		  "contract.", true, 36, 36, 72, 12, true, true,
		  S_INITIAL | S_RENEWAL | S_CONV, 2,
		  "no maximum and no deadline stated: defaults, two warnings" },
		{ "Serving staff will be offered a contract in accordance with "
		  "the NATO Civilian Personnel Regulations.", false, NONE, NONE,
		  NONE, NONE, false, false, 0, 1,
		  "nothing to read: as if there were no section 6" },
		{ "", false, NONE, NONE, NONE, NONE, false, false, 0, 1,
		  "an empty section" },
		{ "Definite duration contract of one year, which is "
		  "non-renewable.", true, 12, 36, 12, NONE, false, true,
		  S_INITIAL | S_MAX | S_CONV | S_DEADLINE, 0,
		  "non-renewable: the maximum is the initial term" },
		{ "Definite duration contract of five years. The maximum "
		  "period of service foreseen in this post is 4 years.", true,
		  60, 36, 72, NONE, false, true, S_INITIAL | S_CONV |
		  S_DEADLINE, 3,
		  "a maximum shorter than the initial term is ignored" },
		{ "Definite duration contract of 100 months.", true, 100, 36,
		  100, NONE, false, true, S_INITIAL | S_CONV | S_DEADLINE, 2,
		  "no maximum stated, and the default is shorter than the "
		  "initial term: the initial term" },
		{ "Definite duration contract of 9999 months.", false, NONE,
		  NONE, NONE, NONE, false, false, 0, 2,
		  "a term past a century is ignored" },
		{ "If the successful applicant is seconded, a 2-year contract "
		  "will be offered, which may be renewed for up to 2 years.",
		  true, 24, 24, 72, NONE, false, false, S_INITIAL | S_RENEWAL |
		  S_CONV | S_DEADLINE | S_NATIONAL, 1,
		  "only the seconded terms: used, no national agreement" },
	};

	/* Section 6 of the French halves, as the real notices word it (the
	 * first clause is theirs) and as other notices may. */
	static const struct clause clauses_fr[] = {
		{ "Contrat propos\xc3\xa9 (hors d\xc3\xa9tachement) : contrat "
		  "d'une dur\xc3\xa9""e d\xc3\xa9termin\xc3\xa9""e de trois ans ; "
		  "renouvelable pour une p\xc3\xa9riode de trois ans maximum, au "
		  "cours de laquelle le/la titulaire pourra demander qu'il soit "
		  "transform\xc3\xa9 en contrat de dur\xc3\xa9""e "
		  "ind\xc3\xa9termin\xc3\xa9""e. Clause contractuelle applicable : "
		  "Conform\xc3\xa9ment \xc3\xa0 la politique des contrats, il "
		  "s'agit d'un poste auquel il est souhaitable, pour des raisons "
		  "politiques, d'assurer une rotation. La dur\xc3\xa9""e de service "
		  "maximale pr\xc3\xa9vue \xc3\xa0 ce poste est de six ans. La "
		  "personne retenue se verra offrir un contrat d'une dur\xc3\xa9""e "
		  "d\xc3\xa9termin\xc3\xa9""e de trois ans, qui pourra \xc3\xaatre "
		  "reconduit pour une p\xc3\xa9riode de trois ans maximum. "
		  "Toutefois, conform\xc3\xa9ment \xc3\xa0 la proc\xc3\xa9""dure "
		  "d\xc3\xa9""crite dans la politique des contrats, elle pourra "
		  "demander, au plus tard un an avant l'expiration de la "
		  "deuxi\xc3\xa8me p\xc3\xa9riode, que son contrat soit "
		  "transform\xc3\xa9 en contrat de dur\xc3\xa9""e "
		  "ind\xc3\xa9termin\xc3\xa9""e. Si la personne retenue est "
		  "d\xc3\xa9tach\xc3\xa9""e de l'administration d'un \xc3\x89tat "
		  "membre de l'OTAN, elle se verra offrir un contrat d'une "
		  "dur\xc3\xa9""e d\xc3\xa9termin\xc3\xa9""e de trois ans, qui, "
		  "sous r\xc3\xa9serve de l'accord des autorit\xc3\xa9s nationales "
		  "concern\xc3\xa9""es, pourra \xc3\xaatre reconduit pour une "
		  "p\xc3\xa9riode de trois ans maximum. \xc3\x80 ce poste, la "
		  "dur\xc3\xa9""e de service d'un agent d\xc3\xa9tach\xc3\xa9 "
		  "n'exc\xc3\xa8""de pas six ans.", true, 36, 36, 72, 12, true,
		  true, 0x3f, 0, "la clause des notices" },
		{ "CONTRAT D\xe2\x80\x99UNE DUR\xc3\x89""E D\xc3\x89TERMIN\xc3\x89""E "
		  "DE TROIS ANS ; RENOUVELABLE POUR UNE P\xc3\x89RIODE DE TROIS "
		  "ANS MAXIMUM. La dur\xc3\xa9""e de service maximale est de six "
		  "ans. La/le titulaire pourra demander, au plus tard six mois "
		  "avant l\xe2\x80\x99""expiration du contrat, qu\xe2\x80\x99il soit "
		  "transform\xc3\xa9 en contrat de dur\xc3\xa9""e "
		  "ind\xc3\xa9termin\xc3\xa9""e. Si la personne retenue est "
		  "d\xc3\xa9tach\xc3\xa9""e, sous r\xc3\xa9serve de l\xe2\x80\x99""accord "
		  "des autorit\xc3\xa9s nationales.", true, 36, 36, 72, 6, true,
		  true, 0x3f, 0,
		  "capitals and a web page's apostrophes read the same" },
		{ "Conform\xc3\xa9ment \xc3\xa0 la politique des contrats, il "
		  "s'agit d'un poste auquel il n'est pas souhaitable d'assurer une "
		  "rotation. La personne retenue se verra offrir un contrat d'une "
		  "dur\xc3\xa9""e d\xc3\xa9termin\xc3\xa9""e de trois ans, qui "
		  "pourra \xc3\xaatre suivi d'un contrat de dur\xc3\xa9""e "
		  "ind\xc3\xa9termin\xc3\xa9""e.", true, 36, 36, NONE, NONE, true,
		  true, S_INITIAL | S_MAX | S_CONV | S_DEADLINE, 0,
		  "rotation pas souhaitable: no maximum, no deadline" },
		{ "Contrat d'une dur\xc3\xa9""e d\xc3\xa9termin\xc3\xa9""e de deux "
		  "ans ; renouvelable pour une p\xc3\xa9riode d'un an maximum. La "
		  "dur\xc3\xa9""e de service maximale est de trois ans. La/le "
		  "titulaire ne pourra pas demander que son contrat soit "
		  "transform\xc3\xa9 en contrat de dur\xc3\xa9""e "
		  "ind\xc3\xa9termin\xc3\xa9""e.", true, 24, 12, 36, NONE, false,
		  true, S_INITIAL | S_RENEWAL | S_MAX | S_CONV | S_DEADLINE, 0,
		  "pas de transformation" },
		{ "Contrat d'une dur\xc3\xa9""e d\xc3\xa9termin\xc3\xa9""e d'un an, "
		  "non renouvelable.", true, 12, 36, 12, NONE, false, true,
		  S_INITIAL | S_MAX | S_CONV | S_DEADLINE, 0,
		  "non renouvelable: the maximum is the initial term" },
		{ "Contrat de vingt-quatre mois, qui pourra \xc3\xaatre reconduit "
		  "pour dix-huit mois. La dur\xc3\xa9""e de service maximale est "
		  "de soixante-douze mois.", true, 24, 18, 72, NONE, false, true,
		  S_INITIAL | S_RENEWAL | S_MAX | S_CONV | S_DEADLINE, 0,
		  "compound numbers in words" },
		{ "Si la personne retenue est d\xc3\xa9tach\xc3\xa9""e, elle se "
		  "verra offrir un contrat de deux ans, qui pourra \xc3\xaatre "
		  "reconduit pour une p\xc3\xa9riode de deux ans maximum.", true,
		  24, 24, 72, NONE, false, false, S_INITIAL | S_RENEWAL | S_CONV |
		  S_DEADLINE | S_NATIONAL, 1,
		  "seulement des agents d\xc3\xa9tach\xc3\xa9s: used, no national "
		  "agreement" },
		{ "Les agents en fonction se verront offrir un contrat conforme "
		  "aux dispositions du R\xc3\xa8glement du personnel civil de "
		  "l'OTAN.", false, NONE, NONE, NONE, NONE, false, false, 0, 1,
		  "rien \xc3\xa0 lire: as if there were no section 6" },
		{ "Definite duration contract of three years; possibility of "
		  "renewal for up to three years.", false, NONE, NONE, NONE, NONE,
		  false, false, 0, 1, "English read as French: nothing" },
	};

	for (size_t i = 0; i < sizeof clauses / sizeof clauses[0]; i++)
		check_clause(&clauses[i], NOTICE_LANG_EN);
	for (size_t i = 0; i < sizeof clauses_fr / sizeof clauses_fr[0]; i++)
		check_clause(&clauses_fr[i], NOTICE_LANG_FR);
}

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
	test_months();
	test_dates();
	test_durations();
	test_clauses();
	test_salaries();
	test_grades();
	test_post_numbers();
	test_text();
	return tap_done();
}
