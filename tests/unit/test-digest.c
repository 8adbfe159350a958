/* The daily digest's words: subject, overdue first, weeks, the cap, and
 * text taken from imported data kept on its line. */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "digest-text.h"
#include "email.h"
#include "tap.h"

#define TZ "Europe/Brussels"

static struct digest_item
item(enum milestone_kind kind, int32_t date, int64_t contract, char *name)
{
	return (struct digest_item){ .kind = kind, .date = date,
	    .contract_id = contract, .person_name = name };
}

static void
test_layout(void)
{
	int32_t day = date_from_ymd(2026, 11, 23);
	struct digest g;
	struct digest_item it;
	char *subject, *text;
	const char *a, *b, *c, *e;

	digest_text_init(&g, day, TZ);
	CHECK(digest_text_empty(&g), "a new digest is empty");
	it = item(MS_RENEWAL_DECISION_DUE, date_from_ymd(2026, 10, 31), 1,
	    "Olga Overdue");
	CHECK_INT(digest_text_add(&g, &it, true), 0, "overdue added");
	it = item(MS_RENEWAL_DECISION_DUE, date_from_ymd(2026, 11, 30), 2,
	    "Sam Soon");
	CHECK_INT(digest_text_add(&g, &it, false), 0, "upcoming added");
	it = item(MS_APPLICATION_DEADLINE, date_from_ymd(2026, 12, 14), 0,
	    NULL);
	it.vacancy = "250914";
	it.title = "Team Leader";
	/* 23:59 in Brussels on 14 December 2026. */
	it.at = 1797289140;
	CHECK_INT(digest_text_add(&g, &it, false), 0, "a vacancy deadline added");
	it = item(MS_PROBATION_END, date_from_ymd(2027, 1, 4), 4,
	    "Line\nBreak");
	CHECK_INT(digest_text_add(&g, &it, false), 0, "next year's item added");
	CHECK(!digest_text_empty(&g), "no longer empty");

	subject = digest_text_subject(&g);
	CHECK(subject != NULL && strcmp(subject, "[tenured] Daily digest for "
	    "Monday 23 November 2026: 1 overdue, 3 due in 30 days") == 0,
	    "subject counts overdue and upcoming");
	text = digest_text_body(&g);
	CHECK(text != NULL, "text built");
	if (text == NULL)
		text = strdup("");
	a = strstr(text, "Overdue decisions (1)");
	b = strstr(text, "Week of Monday 30 November 2026");
	c = strstr(text, "Week of Monday 14 December 2026");
	e = strstr(text, "Week of Monday 4 January 2027");
	CHECK(a != NULL && b != NULL && c != NULL && e != NULL && a < b &&
	    b < c && c < e, "overdue first, then each week in order");
	CHECK(strstr(text, "  Sat 31 Oct  Renewal decision due: Olga Overdue "
	    "(contract 1), overdue by 23 days\n") != NULL,
	    "an overdue line says by how much");
	CHECK(strstr(text, "  Mon 30 Nov  Renewal decision due: Sam Soon "
	    "(contract 2)\n") != NULL, "an upcoming line");
	CHECK(strstr(text, "Team Leader (vacancy 250914), 23:59 "
	    "(Europe/Brussels time)") != NULL, "a timed deadline has its hour");
	CHECK(strstr(text, "Mon  4 Jan 2027") != NULL,
	    "another year's date has its year");
	CHECK(strstr(text, "Line Break") != NULL &&
	    strstr(text, "Line\nBreak") == NULL,
	    "a line break in a name stays on its line");
	CHECK(strstr(text, "Nothing else") == NULL, "no 'nothing else'");
	free(subject);
	free(text);
	digest_text_clear(&g);
	CHECK(digest_text_empty(&g), "cleared");
}

static void
test_cap_and_only_overdue(void)
{
	int32_t day = date_from_ymd(2026, 11, 23);
	struct digest g;
	struct digest_item it;
	char *text, *subject;
	int ok = 1;

	digest_text_init(&g, day, TZ);
	it = item(MS_CONVERSION_REQUEST_DEADLINE, day - 2, 9, "Only Late");
	digest_text_add(&g, &it, true);
	text = digest_text_body(&g);
	CHECK(text != NULL && strstr(text, "Nothing else is due in the next "
	    "30 days.") != NULL, "only overdue: says nothing else is due");
	free(text);
	digest_text_clear(&g);

	for (int i = 0; i < DIGEST_ITEMS_MAX + 25; i++) {
		it = item(MS_PROBATION_END, day + i % 30, i + 1, "Many");
		ok &= digest_text_add(&g, &it, false) == 0;
	}
	CHECK(ok, "every item taken");
	CHECK_INT((long long)g.count, DIGEST_ITEMS_MAX, "listed up to the cap");
	CHECK_INT((long long)g.more, 25, "the rest counted");
	text = digest_text_body(&g);
	subject = digest_text_subject(&g);
	CHECK(text != NULL && strstr(text, "... and 25 more.") != NULL,
	    "the text says how many more");
	CHECK(subject != NULL && strstr(subject, "0 overdue, 225 due") != NULL,
	    "the subject counts them all");
	free(text);
	free(subject);
	digest_text_clear(&g);
}

/* SPEC section 12: the digest in its reader's language, with weekdays and
 * months as French writes them. */
static void
test_french(void)
{
	int32_t day = date_from_ymd(2026, 11, 23);
	struct digest g;
	struct digest_item it;
	char *subject, *text;

	digest_text_init(&g, day, TZ);
	g.lang = LANG_FR;
	it = item(MS_RENEWAL_DECISION_DUE, date_from_ymd(2026, 10, 31), 1,
	    "Olga Overdue");
	digest_text_add(&g, &it, true);
	it = item(MS_PROBATION_END, date_from_ymd(2026, 12, 1), 2, "Sam Soon");
	digest_text_add(&g, &it, false);
	it = item(MS_APPLICATION_DEADLINE, date_from_ymd(2026, 12, 14), 0,
	    NULL);
	it.vacancy = "250914";
	it.title = "Team Leader";
	it.at = 1797289140;
	digest_text_add(&g, &it, false);
	it = item(MS_CONTRACT_END, date_from_ymd(2027, 2, 3), 4, "Eve Later");
	digest_text_add(&g, &it, false);

	subject = digest_text_subject(&g);
	CHECK_STR(subject, "[tenured] R\xc3\xa9" "capitulatif quotidien du "
	    "lundi 23 novembre 2026 : 1 en retard, 3 \xc3\xa0 \xc3\xa9" "ch"
	    "\xc3\xa9" "ance dans les 30 jours", "French subject");
	text = digest_text_body(&g);
	CHECK(text != NULL && strstr(text, "\xc3\x89" "ch\xc3\xa9" "ances "
	    "du lundi 23 novembre 2026 au mardi 22 d\xc3\xa9" "cembre "
	    "2026.\n") == text, "French: the period, weekdays and months in "
	    "French");
	CHECK(text != NULL && strstr(text, "\nD\xc3\xa9" "cisions en retard (1) "
	    ": non enregistr\xc3\xa9" "es comme prises dans tenured\n"
	    "  sam. 31 oct.   D\xc3\xa9" "cision de renouvellement : Olga "
	    "Overdue (contrat 1), en retard de 23 jours\n") != NULL,
	    "French: an overdue line, its short date padded");
	CHECK(text != NULL && strstr(text, "\nSemaine du lundi 30 novembre "
	    "2026\n  mar.  1 d\xc3\xa9" "c.   Fin de la p\xc3\xa9riode "
	    "probatoire : Sam Soon (contrat 2)\n") != NULL,
	    "French: a week and its line, labels aligned with the others");
	CHECK(text != NULL && strstr(text, "  lun. 14 d\xc3\xa9" "c.   Date "
	    "limite de candidature : Team Leader (avis de vacance 250914), "
	    "23:59 (fuseau horaire Europe/Brussels)\n") != NULL,
	    "French: a deadline's hour and zone");
	CHECK(text != NULL && strstr(text, "  mer.  3 f\xc3\xa9vr. 2027  Fin du "
	    "contrat : Eve Later (contrat 4)\n") != NULL,
	    "French: another year's date has its year");
	CHECK(text != NULL && strstr(text, "-- \nR\xc3\xa9" "capitulatif "
	    "quotidien envoy\xc3\xa9 par tenured.\n") != NULL &&
	    strstr(text, "Week") == NULL && strstr(text, "overdue") == NULL,
	    "French: the signature, no English left");
	free(subject);
	free(text);
	digest_text_clear(&g);
	CHECK(g.lang == LANG_FR, "clearing keeps the reader's language");
	it = item(MS_PROBATION_END, day, 9, "Only One");
	digest_text_add(&g, &it, true);
	text = digest_text_body(&g);
	CHECK(text != NULL && strstr(text, "Aucune autre \xc3\xa9" "ch\xc3\xa9"
	    "ance dans les 30 prochains jours.") != NULL,
	    "French: nothing else is due");
	free(text);
	digest_text_clear(&g);
	for (int i = 0; i < DIGEST_ITEMS_MAX + 1; i++) {
		it = item(MS_PROBATION_END, day + i % 30, i + 1, "Many");
		digest_text_add(&g, &it, false);
	}
	text = digest_text_body(&g);
	CHECK(text != NULL && strstr(text, "... et 1 autre. La commande "
	    "`tenurectl upcoming --within 30d` les \xc3\xa9num\xc3\xa8re "
	    "toutes.") != NULL, "French: one more, singular");
	free(text);
	digest_text_clear(&g);
}

int
main(void)
{
	test_layout();
	test_cap_and_only_overdue();
	test_french();
	return tap_done();
}
