/* Calendar feeds (SPEC section 6) in words: the summaries and descriptions
 * of events in English and in French. Fixed inputs are rendered, then read
 * back with libical's own parser, so every check is on what a client
 * receives rather than on how the text happens to be built. */
#include "ical-fixture.h"

/* The feed without the lines that are words (and their folded
 * continuations): what must not change with the language. */
static char *
without_words(const char *text)
{
	char *out = strdup(text != NULL ? text : ""), *w = out;
	const char *p = text != NULL ? text : "";
	bool skip = false;

	while (out != NULL && *p != '\0') {
		const char *eol = strstr(p, "\r\n");
		size_t n = eol != NULL ? (size_t)(eol - p) + 2 : strlen(p);

		if (*p != ' ')
			skip = strncmp(p, "SUMMARY:", 8) == 0 ||
			    strncmp(p, "DESCRIPTION:", 12) == 0 ||
			    strncmp(p, "X-WR-CALNAME:", 13) == 0;
		if (!skip) {
			memcpy(w, p, n);
			w += n;
		}
		p += n;
	}
	if (out != NULL)
		*w = '\0';
	return out;
}

/* SPEC section 12: a feed's words in its language; everything else (UIDs,
 * dates, SEQUENCE, alarms' triggers) the same bytes as in English. */
static void
test_french(void)
{
	struct feed_options o = options();
	struct feed_event ev[] = {
		contract_ev(MS_CONTRACT_START, "2025-09-01", MS_SCHEDULED),
		contract_ev(MS_RENEWAL_DECISION_DUE, "2028-02-29", MS_DONE),
		contract_ev(MS_CONVERSION_WINDOW_OPENS, "2028-06-01",
		    MS_PROJECTED),
		contract_ev(MS_PROBATION_END, "2026-02-28", MS_CANCELLED),
		deadline_ev("250914", SUMMER_DEADLINE),
	};
	struct feed en, fr;
	icalcomponent *e, *a;
	char *en_rest, *fr_rest;

	ev[1].m.term_end = D("2028-08-31");
	o.alarm_minutes[0] = 1440;
	o.alarm_count = 1;
	o.calname = NULL;
	en = render(&o, ev, 5);
	o.lang = LANG_FR;
	fr = render(&o, ev, 5);
	en_rest = without_words(en.text);
	fr_rest = without_words(fr.text);
	CHECK(en.cal != NULL && fr.cal != NULL && en_rest != NULL &&
	    fr_rest != NULL && strcmp(en_rest, fr_rest) == 0 &&
	    strcmp(en.text, fr.text) != 0, "French feed: only SUMMARY, "
	    "DESCRIPTION and the name differ from English; UIDs, dates, "
	    "SEQUENCE and alarms' triggers are the same bytes");
	CHECK_STR(x_prop_raw(fr.cal, "X-WR-CALNAME"),
	    "tenured : \xc3\xa9" "ch\xc3\xa9" "ances RH",
	    "French: the default calendar name");
	CHECK_STR(x_prop_raw(en.cal, "X-WR-CALNAME"), "tenured: HR milestones",
	    "English: the default calendar name");

	e = find_event(fr.cal, "contract_start-c7@" DOMAIN);
	CHECK_STR(summary_of(e), "Prise de fonctions : Jane Doe (250914)",
	    "French SUMMARY: label, name, reference");
	CHECK(contains(description_of(e), "Jane Doe prend ses fonctions le 1er "
	    "septembre 2025. Veuillez faire signer le contrat et organiser "
	    "l'arriv\xc3\xa9" "e d'ici l\xc3\xa0.\n\nAgent : Jane Doe\n"
	    "Adresse \xc3\xa9lectronique : jane.doe@example.org\nPoste : "
	    "Team Leader\nAvis de vacance : 250914\nContrat : 7"),
	    "French DESCRIPTION: what to do by when, \"1er\", the facts");
	a = e != NULL ? icalcomponent_get_first_component(e,
	    ICAL_VALARM_COMPONENT) : NULL;
	CHECK_STR(prop_text(a, ICAL_DESCRIPTION_PROPERTY),
	    "Prise de fonctions : Jane Doe (250914)",
	    "French VALARM DESCRIPTION");
	e = find_event(fr.cal, "renewal_decision_due-c7-20280831@" DOMAIN);
	CHECK_STR(summary_of(e), "[trait\xc3\xa9] D\xc3\xa9" "cision de "
	    "renouvellement : Jane Doe (250914)", "French: done");
	CHECK(contains(description_of(e), "Veuillez d\xc3\xa9" "cider du "
	    "renouvellement du contrat de Jane Doe, qui arrive \xc3\xa0 "
	    "\xc3\xa9" "ch\xc3\xa9" "ance le 31 ao\xc3\xbbt 2028, et "
	    "enregistrer la d\xc3\xa9" "cision dans tenured au plus tard le 29 "
	    "f\xc3\xa9vrier 2028.\n\nTrait\xc3\xa9 : la d\xc3\xa9" "cision a "
	    "\xc3\xa9t\xc3\xa9 enregistr\xc3\xa9" "e dans tenured"),
	    "French: the renewal's sentence and its status");
	e = find_event(fr.cal, "conversion_window_opens-c7@" DOMAIN);
	CHECK(contains(summary_of(e), "[si renouvellement] Ouverture des "
	    "demandes de conversion") && contains(description_of(e),
	    "\xc3\x80 compter du 1er juin 2028, Jane Doe peut demander la "
	    "conversion de son contrat en contrat de dur\xc3\xa9" "e "
	    "ind\xc3\xa9termin\xc3\xa9" "e"), "French: projected");
	e = find_event(fr.cal, "probation_end-c7@" DOMAIN);
	CHECK(contains(summary_of(e), "[annul\xc3\xa9] Fin de la p\xc3\xa9riode "
	    "probatoire"), "French: cancelled");
	e = find_event(fr.cal, "application_deadline-v250914@" DOMAIN);
	CHECK_STR(summary_of(e), "Date limite de candidature : Team Leader, "
	    "Enterprise Application Support (250914)",
	    "French: a deadline's SUMMARY");
	CHECK(contains(description_of(e), "jusqu'au 22 juin 2025 \xc3\xa0 "
	    "23:59 (fuseau horaire Europe/Brussels, "
	    "2025-06-22T23:59:00+02:00)"),
	    "French: a deadline's day, hour, zone and offset");
	free(en_rest);
	free(fr_rest);
	feed_free(&en);
	feed_free(&fr);

	/* Without a name (or redacted): "l'agent", which French puts after
	 * "de" without a change. */
	ev[0].person_name = NULL;
	ev[3].m.status = MS_SCHEDULED;
	ev[3].person_name = NULL;
	fr = render(&o, ev, 4);
	CHECK(contains(description_of(find_event(fr.cal,
	    "contract_start-c7@" DOMAIN)), "L'agent prend ses fonctions") &&
	    contains(description_of(find_event(fr.cal,
	    "probation_end-c7@" DOMAIN)), "La p\xc3\xa9riode probatoire de "
	    "l'agent prend fin le 28 f\xc3\xa9vrier 2026."),
	    "French: no name, \"l'agent\", capitalised to open a sentence");
	feed_free(&fr);
	ev[0] = contract_ev(MS_CONTRACT_START, "2025-09-01", MS_SCHEDULED);
	o.redact = true;
	fr = render(&o, ev, 1);
	e = find_event(fr.cal, "contract_start-c7@" DOMAIN);
	CHECK(contains(summary_of(e), "Prise de fonctions : J. D. (250914)") &&
	    !contains(description_of(e), "Jane") &&
	    !contains(description_of(e), "@example.org"),
	    "French redacted: initials, no email");
	feed_free(&fr);
}

static void
test_wording(void)
{
	struct feed_options o = options();
	const char *seen[MS_KIND_COUNT] = { 0 };
	bool labels_ok = true, all_ok = true;

	for (int k = 0; k < MS_KIND_COUNT; k++) {
		const char *l = ical_text_label(LANG_EN, (enum milestone_kind)k);

		labels_ok = labels_ok && l != NULL && l[0] >= 'A' && l[0] <= 'Z';
		for (int j = 0; j < k; j++)
			labels_ok = labels_ok && strcmp(seen[j], l) != 0;
		seen[k] = l;
	}
	CHECK(labels_ok, "every kind has its own capitalised label");
	labels_ok = true;
	for (int k = 0; k < MS_KIND_COUNT; k++) {
		const char *fr = ical_text_label(LANG_FR,
		    (enum milestone_kind)k);

		labels_ok = labels_ok && fr != NULL &&
		    strcmp(fr, seen[k]) != 0 && fr[0] != '\0';
		for (int j = 0; j < k; j++)
			labels_ok = labels_ok && strcmp(ical_text_label(LANG_FR,
			    (enum milestone_kind)j), fr) != 0;
	}
	CHECK(labels_ok, "every kind has its own French label");
	CHECK_STR(ical_text_label(LANG_FR, MS_MAX_SERVICE_END),
	    "Fin de la dur\xc3\xa9" "e de service maximale",
	    "NATO's French: dur\xc3\xa9" "e de service maximale");
	CHECK_STR(ical_text_label(LANG_FR, MS_AGE_LIMIT),
	    "Limite d'\xc3\xa2ge", "NATO's French: limite d'\xc3\xa2ge");
	for (int k = 0; k < MS_KIND_COUNT; k++) {
		struct feed_event ev = k == MS_APPLICATION_DEADLINE ?
		    deadline_ev("250914", SUMMER_DEADLINE) :
		    contract_ev((enum milestone_kind)k, "2027-11-30",
		    MS_SCHEDULED);
		struct feed f;
		icalcomponent *e;
		const char *d;
		char what[120];

		if (k == MS_AGE_LIMIT)
			continue;
		f = render(&o, &ev, 1);
		e = f.cal ? icalcomponent_get_first_component(f.cal,
		    ICAL_VEVENT_COMPONENT) : NULL;
		d = description_of(e);
		snprintf(what, sizeof what, "%s: SUMMARY starts with its label, "
		    "DESCRIPTION gives the date", milestone_kind_name(ev.m.kind));
		CHECK(e != NULL && strncmp(summary_of(e),
		    ical_text_label(LANG_EN, ev.m.kind),
		    strlen(ical_text_label(LANG_EN, ev.m.kind))) == 0 &&
		    contains(d, k == MS_APPLICATION_DEADLINE ? "22 June 2025" :
		    "30 November 2027") && d[strlen(d) - 1] != '\n', what);
		all_ok = all_ok && e != NULL;
		feed_free(&f);
	}
	CHECK(all_ok, "every kind renders");
}

/* Every kind's French SUMMARY and DESCRIPTION: translated (none left in
 * English), with the date written out. */
static void
test_wording_fr(void)
{
	struct feed_options o = options();
	bool ok = true;

	for (int k = 0; k < MS_KIND_COUNT; k++) {
		struct feed_event ev = k == MS_APPLICATION_DEADLINE ?
		    deadline_ev("250914", SUMMER_DEADLINE) :
		    contract_ev((enum milestone_kind)k, "2027-11-30",
		    MS_SCHEDULED);
		struct feed en, fr;
		const char *d, *den;
		char what[120];

		if (k == MS_AGE_LIMIT)
			continue;
		ev.m.term_end = k == MS_RENEWAL_DECISION_DUE ||
		    k == MS_NATIONAL_AGREEMENT_DUE ? D("2028-05-31") :
		    DATE_NONE;
		o.lang = LANG_EN;
		en = render(&o, &ev, 1);
		o.lang = LANG_FR;
		fr = render(&o, &ev, 1);
		d = description_of(fr.cal ? icalcomponent_get_first_component(
		    fr.cal, ICAL_VEVENT_COMPONENT) : NULL);
		den = description_of(en.cal ? icalcomponent_get_first_component(
		    en.cal, ICAL_VEVENT_COMPONENT) : NULL);
		snprintf(what, sizeof what, "%s: French DESCRIPTION, its date "
		    "in French", milestone_kind_name(ev.m.kind));
		ok = CHECK(d != NULL && den != NULL &&
		    strncmp(d, den, 12) != 0 && contains(d,
		    k == MS_APPLICATION_DEADLINE ? "22 juin 2025" :
		    "30 novembre 2027") && !contains(d, " the ") &&
		    (ev.m.term_end == DATE_NONE || contains(d, "31 mai 2028")),
		    what) && ok;
		feed_free(&en);
		feed_free(&fr);
	}
	CHECK(ok, "every kind reads in French");
}

int
main(void)
{
	test_french();
	test_wording();
	test_wording_fr();
	return tap_done();
}
