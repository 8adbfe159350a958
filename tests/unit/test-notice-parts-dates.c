/* The pieces of the notice parser that read time: deadlines as written in
 * both halves (every month, both languages, with and without dots and
 * accents, dates that cannot be), and the durations of section 6 in both
 * languages. Whole notices are in test-notice-*.c. */
#include <stdlib.h>

#include "notice.h"
#include "tap.h"

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

int
main(void)
{
	test_months();
	test_dates();
	test_durations();
	return tap_done();
}
