/* Email reminders in French: the subjects and words of each kind of
 * reminder, and a whole French message. */
#include "email-fixture.h"

static void
check_subject_fr(struct email_reminder *r, const char *want,
    const char *what)
{
	r->lang = LANG_FR;
	check_subject(r, want, what);
}

/* SPEC section 12: a reminder in its reader's language, English unchanged;
 * dates written out as a French reader writes them. */
static void
test_french_words(void)
{
	struct email_reminder r = contract_reminder();
	char *body;

	check_subject_fr(&r, "[tenured] D\xc3\xa9" "cision de renouvellement "
	    "dans 30 jours : Jane Doe (250914)", "French subject");
	r.days_before = 1;
	check_subject_fr(&r, "[tenured] D\xc3\xa9" "cision de renouvellement "
	    "dans 1 jour : Jane Doe (250914)", "French: one day, singular");
	r.days_before = 0;
	check_subject_fr(&r, "[tenured] D\xc3\xa9" "cision de renouvellement "
	    "aujourd'hui : Jane Doe (250914)", "French: today");
	r.days_before = -1;
	r.escalation = true;
	check_subject_fr(&r, "[tenured] D\xc3\xa9" "cision de renouvellement, "
	    "en retard de 1 jour : Jane Doe (250914)",
	    "French escalation by one day: singular");
	r = contract_reminder();
	r.vacancy = NULL;
	r.kind = MS_CONTRACT_END;
	check_subject_fr(&r, "[tenured] Fin du contrat dans 30 jours : "
	    "Jane Doe (contrat 7)", "French: no vacancy, the contract number");
	r.person_name = NULL;
	check_subject_fr(&r, "[tenured] Fin du contrat dans 30 jours : "
	    "contrat 7", "French: no name");
	r = contract_reminder();
	r.kind = MS_APPLICATION_DEADLINE;
	r.contract_id = 0;
	r.person_name = r.person_email = NULL;
	r.at = DEADLINE_AT;
	r.days_before = 7;
	check_subject_fr(&r, "[tenured] Date limite de candidature dans 7 "
	    "jours : Team Leader (avis de vacance 250914)",
	    "French: a vacancy's deadline");
	body = email_text_body(&r);
	CHECK(body != NULL && strstr(body, "\n\n\xc3\x89" "ch\xc3\xa9" "ance : "
	    "10 mai 2026 \xc3\xa0 23:59 (fuseau horaire Europe/Brussels)\n\n")
	    != NULL, "French body: a timed deadline, day and hour in words");
	free(body);

	r = contract_reminder();
	r.lang = LANG_FR;
	body = email_text_body(&r);
	CHECK(body != NULL && strstr(body, "D\xc3\xa9" "cision de "
	    "renouvellement dans 30 jours : Jane Doe (250914)\n\n"
	    "\xc3\x89" "ch\xc3\xa9" "ance : 29 f\xc3\xa9vrier 2028\n\n"
	    "Veuillez d\xc3\xa9" "cider du renouvellement du contrat de Jane "
	    "Doe, qui arrive \xc3\xa0 \xc3\xa9" "ch\xc3\xa9" "ance le 31 "
	    "ao\xc3\xbbt 2028, et enregistrer la d\xc3\xa9" "cision dans "
	    "tenured au plus tard le 29 f\xc3\xa9vrier 2028.") == body,
	    "French body: what, for whom, by when, what to do");
	CHECK(body != NULL && strstr(body, "\nAgent : Jane Doe\n"
	    "Adresse \xc3\xa9lectronique : jane.doe@example.org\n"
	    "Poste : Team Leader\nAvis de vacance : 250914\nContrat : 7\n")
	    != NULL, "French body: the facts, labelled in French");
	CHECK(body != NULL && strstr(body, "-- \nRappel automatique envoy\xc3\xa9"
	    " par tenured.\n") != NULL && strstr(body, "pi\xc3\xa8" "ce "
	    "jointe") != NULL, "French body: attachment said, signature");
	CHECK(body != NULL && strstr(body, "Due") == NULL &&
	    strstr(body, "Staff member") == NULL && strstr(body, "2028-02-29")
	    == NULL, "French body: no English word or ISO date left");
	free(body);
	r.escalation = true;
	r.days_before = -7;
	body = email_text_body(&r);
	CHECK(body != NULL && strstr(body, "Cette \xc3\xa9" "ch\xc3\xa9" "ance "
	    "est d\xc3\xa9pass\xc3\xa9" "e : elle \xc3\xa9tait fix\xc3\xa9" "e "
	    "au 29 f\xc3\xa9vrier 2028, il y a 7 jours,") != NULL &&
	    strstr(body, "Veuillez y donner suite sans d\xc3\xa9lai.") != NULL,
	    "French body: escalation");
	free(body);
	r.days_before = -1;
	r.date = D("2028-03-01");
	body = email_text_body(&r);
	CHECK(body != NULL && strstr(body, "fix\xc3\xa9" "e au 1er mars 2028, il "
	    "y a 1 jour,") != NULL, "French body: the first of the month, "
	    "one day ago");
	free(body);
}

/* The subject's encoded words of message m, decoded. */
static bool
subject_of(const char *m, char *out, size_t size)
{
	const char *p = m != NULL ? strstr(m, "\r\nSubject: ") : NULL;
	const char *end = p != NULL ? strstr(p + 2, "\r\nDate: ") : NULL;
	size_t o = 0;

	if (p == NULL || end == NULL)
		return false;
	for (p = strstr(p, "=?UTF-8?B?"); p != NULL && p < end;
	    p = strstr(p, "=?UTF-8?B?")) {
		const char *w = p + strlen("=?UTF-8?B?");
		const char *q = strstr(w, "?=");
		unsigned char dec[128];
		int n;

		if (q == NULL || q - w >= 160 || o + 128 >= size)
			return false;
		n = EVP_DecodeBlock(dec, (const unsigned char *)w, (int)(q - w));
		/* EVP_DecodeBlock counts the padding's zero bytes. */
		while (n > 0 && q[-1] == '=' && dec[n - 1] == '\0') {
			n--;
			q--;
		}
		memcpy(out + o, dec, (size_t)n);
		o += (size_t)n;
		p = strstr(w, "?=") + 2;
	}
	out[o] = '\0';
	return o > 0;
}

/* A French message differs from the English only in its words: headers,
 * ids, boundary and calendar UID stay, and it is the same bytes twice. */
static void
test_french_message(void)
{
	struct email_reminder r = contract_reminder();
	struct email_server s;
	char subject[512], cal[16384], cal_en[16384];
	char *en, *fr, *fr2, *want;
	const char *a, *b;
	size_t len_en = 0, len = 0, len2 = 0;

	server(&s);
	en = email_message(&s, &r, NOW, &len_en);
	r.lang = LANG_FR;
	fr = email_message(&s, &r, NOW, &len);
	fr2 = email_message(&s, &r, NOW, &len2);
	want = email_subject(&r);
	CHECK(fr != NULL && fr2 != NULL && len == len2 &&
	    memcmp(fr, fr2, len) == 0, "French: same reminder, same bytes");
	CHECK(fr != NULL && lines_ok(fr, len, 78), "French: CRLF lines of at "
	    "most 78");
	CHECK(subject_of(fr, subject, sizeof subject) && want != NULL &&
	    strcmp(subject, want) == 0, "French: the Subject's encoded words "
	    "read back as the French subject");
	a = en != NULL ? strstr(en, "\r\nDate: ") : NULL;
	b = fr != NULL ? strstr(fr, "\r\nDate: ") : NULL;
	CHECK(a != NULL && b != NULL && strncmp(en, fr, (size_t)(strstr(en,
	    "Subject: ") - en)) == 0 && strncmp(a, b, (size_t)(strstr(a,
	    "This is a message") - a)) == 0, "French: From, To, Date, "
	    "Message-ID, Auto-Submitted, MIME headers and boundary as in "
	    "English");
	CHECK(attachment_of(fr, cal, sizeof cal) &&
	    attachment_of(en, cal_en, sizeof cal_en) &&
	    strstr(cal, "\r\nSUMMARY:D\xc3\xa9" "cision de renouvellement : "
	    "Jane Doe (250914)\r\n") != NULL && strstr(cal, "\r\nDESCRIPTION:"
	    "Veuillez d\xc3\xa9" "cider du renouvellement") != NULL,
	    "French: the attachment's SUMMARY and DESCRIPTION in French");
	CHECK(strstr(cal, "\r\nUID:renewal_decision_due-c7-20280831@"
	    "hr.example.org\r\n") != NULL && strstr(cal_en, "\r\nUID:"
	    "renewal_decision_due-c7-20280831@hr.example.org\r\n") != NULL &&
	    strstr(cal, "\r\nDTSTART;VALUE=DATE:20280229\r\n") != NULL &&
	    strstr(cal, "\r\nSEQUENCE:2\r\n") != NULL,
	    "French: UID, date and SEQUENCE as in English");
	CHECK(strstr(cal, "\r\nX-WR-CALNAME:tenured : \xc3\xa9" "ch\xc3\xa9"
	    "ances RH\r\n") != NULL && strstr(cal_en, "\r\nX-WR-CALNAME:"
	    "tenured: HR milestones\r\n") != NULL,
	    "the attachment's calendar name in each language");
	free(en);
	free(fr);
	free(fr2);
	free(want);
	email_server_clear(&s);
}

int
main(void)
{
	/* Secret files a test writes are the daemon's own: 0600. */
	umask(077);
	test_french_words();
	test_french_message();
	return tap_done();
}
