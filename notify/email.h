/* Email reminders (SPEC section 5): an RFC 5322 message with a UTF-8 text
 * body and a text/calendar attachment of the milestone, sent by libcurl's
 * SMTP on the mailer's thread (smtp:// with STARTTLS try|required|off, smtps://,
 * optional auth). */
#ifndef TENURED_EMAIL_H
#define TENURED_EMAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "curlev.h"
#include "mailer.h"
#include "failure.h"
#include "lifecycle.h"
#include "lang.h"

enum email_starttls {
	EMAIL_STARTTLS_TRY,
	EMAIL_STARTTLS_REQUIRED,
	EMAIL_STARTTLS_OFF,
};

struct email_server {
	char *url;			/* smtp://host:port or smtps://... */
	char *from;			/* "HR deadlines <hr-deadlines@example.org>" */
	enum email_starttls starttls;
	char *username;			/* NULL: no auth */
	char *password;			/* from password_file */
	long timeout_s;
	/* The name after EHLO (SPEC section 13): [daemon] domain, set by the
	 * config loader, not an [smtp] key; NULL gives the domain of the from
	 * address. Never the host name, which mail servers warn about or
	 * refuse. email_server_clear frees it. */
	char *helo;
	/* CA bundle to verify the server's certificate with instead of the
	 * system's; not an [smtp] key (tests, private CAs), NULL by default.
	 * email_server_clear frees it. */
	char *ca_file;
};

/* The whole SMTP exchange of one message (and the longest wait for one
 * reply), when the config gives none. */
#define EMAIL_TIMEOUT_DEFAULT 30L

/* What one email reminder says. */
struct email_reminder {
	const char *message_id;		/* "REMINDER-ID@DOMAIN", no brackets */
	const char *to;			/* one address */
	enum milestone_kind kind;
	int32_t date;
	int64_t at;			/* 0 for date milestones */
	int32_t term_end;		/* DATE_NONE unless per-term */
	int64_t contract_id;		/* 0 for vacancy milestones */
	const char *vacancy;
	const char *person_name;
	const char *person_email;
	const char *title;
	int days_before;		/* negative for escalations */
	bool escalation;
	const char *timezone;
	enum lang lang;			/* the reader's (SPEC section 12) */
	const char *domain;		/* for the calendar UID */
	int64_t sequence;		/* of the milestone, for the calendar */
	int64_t updated_at;
};

void email_server_init(struct email_server *s);
/* One [smtp] key (SPEC section 10): url (smtp:// or smtps://), from
 * ("Name <addr>" or addr), starttls (try | required | off), username
 * ("" for none), password_file (first line read at once, line end
 * dropped; never quoted in messages). An unknown key is FAILURE_NOT_FOUND
 * with the key as field; a bad value FAILURE_INVALID_FIELD. The caller
 * adds file:line. */
int email_server_set(struct email_server *s, const char *key,
        const char *value, struct failure *f);
/* After the last key: url and from are required once any key is set;
 * username and password_file go together. An untouched server (no
 * [smtp] section) passes: email_server_configured says which it is. */
int email_server_check(const struct email_server *s, struct failure *f);
bool email_server_configured(const struct email_server *s);
/* s->url with its path set to the EHLO name (libcurl greets with the URL's
 * path, and with the machine's host name when there is none); from is the
 * bare from address, whose domain stands in for a missing or unusable
 * s->helo. malloc'd; NULL when the URL cannot be parsed or memory runs
 * out. */
char *email_server_url(const struct email_server *s, const char *from);
void email_server_clear(struct email_server *s);

/* Whom r is about, in r->lang: "Jane Doe (250914)", "Jane Doe (contract
 * 7)", "Team Leader (vacancy 250914)"; only lang, contract_id,
 * person_name, vacancy and title are read. malloc'd. */
char *email_whom(const struct email_reminder *r);
/* "[tenured] Renewal decision due in 30 days: Jane Doe (250914)", in
 * r->lang; the "[tenured]" tag is the same in every language. */
char *email_subject(const struct email_reminder *r);
/* The whole message (headers, CRLF lines), Date from now; malloc'd. */
char *email_message(const struct email_server *s,
        const struct email_reminder *r, int64_t now, size_t *len);
/* Queues the message on the mailer (mailer.h); done is called once from
 * the loop, never from inside this call, with the last SMTP reply code in
 * status (250 on success, the 4xx/5xx that ended it, 0 when none came)
 * and curl's code: the caller classifies. s and r may go as soon as this returns. -1 (done
 * not called) with f set when the message cannot be built or started. */
int email_send(struct mailer *m, const struct email_server *s,
        const struct email_reminder *r, int64_t now, curlev_done_fn done,
        void *arg, struct failure *f);

/* A plain text/plain message (the daily digest, `tenurectl reminder
 * test`): the same headers as a reminder, Date in timezone (UTC when NULL
 * or unknown); text is UTF-8 with \n line ends. malloc'd, NULL when an
 * address, the id or memory is wrong. */
char *email_message_plain(const struct email_server *s, const char *to,
        const char *message_id, const char *subject, const char *text,
        const char *timezone, int64_t now, size_t *len);
/* Sends a message built above (or by email_message) to one address;
 * the message is copied. Same contract as email_send. */
int email_send_message(struct mailer *m, const struct email_server *s,
        const char *to, const char *message, size_t len,
        curlev_done_fn done, void *arg, struct failure *f);

/* The plain text part of a reminder (UTF-8, \n line ends) in r->lang:
 * what is due, for whom, by when (dates written out) and what to do;
 * malloc'd (email-text.c). */
char *email_text_body(const struct email_reminder *r);
/* An addr-spec we are willing to put into an envelope and a header:
 * local@domain, printable ASCII, no specials or spaces, at most 254. */
bool email_address_ok(const char *addr);
/* The address inside a From value ("Name <a@b>" or "a@b"), malloc'd;
 * NULL when it has none that email_address_ok accepts. */
char *email_from_address(const char *from);
/* Splits "Name <a@b>" (or "a@b") into a malloc'd display name (NULL
 * without one, surrounding quotes dropped) and address; -1 when there is
 * no address that email_address_ok accepts. */
int email_from_split(const char *from, char **name, char **addr);

#endif
