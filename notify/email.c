/*
 * Email reminders (SPEC section 5): the [smtp] section, and the checks
 * before a message is handed to the mailer's thread. The message itself
 * is built in email-text.c; curl only carries it (MAIL FROM, RCPT TO,
 * DATA), so the headers are exactly ours.
 */
#include "contract.h"
#include "email.h"
#include "secret-file.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* A password file holds one line; anything longer is not a password. */
#define PASSWORD_MAX 1024

static void
email_wipe_free(char *p)
{
	if (p == NULL)
		return;
	explicit_bzero(p, strlen(p));
	free(p);
}

void
email_server_init(struct email_server *s)
{
	memset(s, 0, sizeof *s);
	s->starttls = EMAIL_STARTTLS_TRY;
	s->timeout_s = EMAIL_TIMEOUT_DEFAULT;
}

void
email_server_clear(struct email_server *s)
{
	if (s == NULL)
		return;
	free(s->url);
	free(s->from);
	free(s->username);
	free(s->helo);
	email_wipe_free(s->password);
	free(s->ca_file);
	email_server_init(s);
}

/* The first line of path, without its line end; never quoted in a
 * message. */
static int
email_load_password(struct email_server *s, const char *path,
    struct failure *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *fp;

	if ((fp = secret_file_open(path, "password_file", f)) == NULL)
		return -1;
	n = getline(&line, &cap, fp);
	fclose(fp);
	/* Only the line end goes: a password may end in a blank. */
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	if (n <= 0 || n > PASSWORD_MAX) {
		if (line != NULL)
			explicit_bzero(line, cap);
		free(line);
		return failure_set(f, FAILURE_INVALID_FIELD, "password_file",
		    n <= 0 ? "%s is empty" : "the first line of %s is too long",
		    path);
	}
	email_wipe_free(s->password);
	s->password = line;
	return 0;
}

/* Replaces *slot with a copy of value (NULL for ""). */
static int
email_set_text(char **slot, const char *value, const char *key,
    struct failure *f)
{
	char *copy = NULL;

	if (value[0] != '\0' && (copy = strdup(value)) == NULL)
		return failure_set(f, FAILURE_INTERNAL, key, "out of memory");
	free(*slot);
	*slot = copy;
	return 0;
}

/* Whether url (which curlev_url_ok accepted) is scheme://authority with at
 * most a "/" after it. A path would be sent as the EHLO name in place of
 * [daemon] domain, and a query or fragment means nothing to SMTP: both are
 * refused, so the URL says what the daemon does. */
static bool
email_url_pathless(const char *url)
{
	const char *p = strstr(url, "://") + 3;

	/* An IPv6 literal's colons and brackets belong to the host. */
	if (*p == '[' && (p = strchr(p, ']')) == NULL)
		return false;
	p += strcspn(p, "/?#");
	return *p == '\0' || (p[0] == '/' && p[1] == '\0');
}

/* A name a server takes after EHLO: letters, digits, dots and hyphens
 * (RFC 5321 Domain), not starting or ending with a dot. */
static bool
email_helo_ok(const char *name)
{
	size_t n = name != NULL ? strlen(name) : 0;

	if (n == 0 || n > 253 || name[0] == '.' || name[n - 1] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '-'))
			return false;
	}
	return true;
}

char *
email_server_url(const struct email_server *s, const char *from)
{
	const char *helo = s->helo, *at;
	char *path = NULL, *out = NULL;
	CURLU *u;

	if (!email_helo_ok(helo) && from != NULL &&
	    (at = strrchr(from, '@')) != NULL)
		helo = at + 1;
	/* "localhost" is what curl itself falls back on, and says no more
	 * about us than an unusable name would. */
	if (!email_helo_ok(helo))
		helo = "localhost";
	if (s->url == NULL || (u = curl_url()) == NULL)
		return NULL;
	if (asprintf(&path, "/%s", helo) >= 0 &&
	    curl_url_set(u, CURLUPART_URL, s->url,
	    CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_PATH, path, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_QUERY, NULL, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_URL, &out, 0) == CURLUE_OK) {
		/* curl's string, moved to one that free() may take. */
		char *copy = strdup(out);

		curl_free(out);
		out = copy;
	} else {
		out = NULL;
	}
	free(path);
	curl_url_cleanup(u);
	return out;
}

int
email_server_set(struct email_server *s, const char *key, const char *value,
    struct failure *f)
{
	char *addr;
	const char *p;

	if (strcmp(key, "url") == 0) {
		if (!curlev_url_ok(value, "smtp://", "smtps://"))
			return failure_set(f, FAILURE_INVALID_FIELD, "url",
			    "[smtp] url must be an smtp:// or smtps:// URL "
			    "without spaces");
		if (!email_url_pathless(value))
			return failure_set(f, FAILURE_INVALID_FIELD, "url",
			    "[smtp] url must have no path, query or fragment: "
			    "libcurl would send a path as the EHLO name, which "
			    "is [daemon] domain");
		return email_set_text(&s->url, value, key, f);
	}
	if (strcmp(key, "from") == 0) {
		if ((addr = email_from_address(value)) == NULL)
			return failure_set(f, FAILURE_INVALID_FIELD, "from",
			    "[smtp] from must be an address or "
			    "\"Name <address>\"");
		free(addr);
		for (p = value; *p != '\0'; p++) {
			if ((unsigned char)*p < ' ' || *p == 0x7f)
				return failure_set(f, FAILURE_INVALID_FIELD,
				    "from", "[smtp] from has a control "
				    "character");
		}
		return email_set_text(&s->from, value, key, f);
	}
	if (strcmp(key, "starttls") == 0) {
		if (strcmp(value, "try") == 0)
			s->starttls = EMAIL_STARTTLS_TRY;
		else if (strcmp(value, "required") == 0)
			s->starttls = EMAIL_STARTTLS_REQUIRED;
		else if (strcmp(value, "off") == 0)
			s->starttls = EMAIL_STARTTLS_OFF;
		else
			return failure_set(f, FAILURE_INVALID_FIELD, "starttls",
			    "[smtp] starttls must be try, required or off");
		return 0;
	}
	if (strcmp(key, "username") == 0) {
		for (p = value; *p != '\0'; p++) {
			if ((unsigned char)*p < ' ' || *p == 0x7f)
				return failure_set(f, FAILURE_INVALID_FIELD,
				    "username", "[smtp] username has a "
				    "control character");
		}
		return email_set_text(&s->username, value, key, f);
	}
	if (strcmp(key, "password_file") == 0) {
		if (value[0] == '\0') {
			email_wipe_free(s->password);
			s->password = NULL;
			return 0;
		}
		return email_load_password(s, value, f);
	}
	return failure_set(f, FAILURE_NOT_FOUND, key, "unknown key %s in [smtp]",
	    key);
}

int
email_server_check(const struct email_server *s, struct failure *f)
{
	/* No [smtp] section at all is a config without email, not an
	 * error: whether a rule needs email is the daemon's to say. */
	if (s->url == NULL && s->from == NULL && s->username == NULL &&
	    s->password == NULL)
		return 0;
	if (s->url == NULL)
		return failure_set(f, FAILURE_INVALID_FIELD, "url",
		    "[smtp] has no url");
	if (s->from == NULL)
		return failure_set(f, FAILURE_INVALID_FIELD, "from",
		    "[smtp] has no from address");
	if (s->username != NULL && s->password == NULL)
		return failure_set(f, FAILURE_INVALID_FIELD, "password_file",
		    "[smtp] username is set but password_file is not");
	if (s->username == NULL && s->password != NULL)
		return failure_set(f, FAILURE_INVALID_FIELD, "username",
		    "[smtp] password_file is set but username is not");
	/* "try" falls back to plain text where a server offers no STARTTLS,
	 * and the password would go out in clear. */
	if (s->username != NULL && strncmp(s->url, "smtps://", 8) != 0 &&
	    s->starttls != EMAIL_STARTTLS_REQUIRED)
		return failure_set(f, FAILURE_INVALID_FIELD, "starttls",
		    "[smtp] username is set without TLS: the password would go "
		    "out in clear; use an smtps:// url or starttls = required");
	return 0;
}

bool
email_server_configured(const struct email_server *s)
{
	return s->url != NULL && s->from != NULL;
}

int
email_send_message(struct mailer *m, const struct email_server *s,
    const char *to, const char *message, size_t len, curlev_done_fn done,
    void *arg, struct failure *f)
{
	char *from;
	int rc;

	if (s->url == NULL)
		return failure_set(f, FAILURE_INVALID_FIELD, "url",
		    "[smtp] has no url");
	if ((from = email_from_address(s->from)) == NULL)
		return failure_set(f, FAILURE_INVALID_FIELD, "from",
		    "[smtp] has no from address");
	if (!contract_email_valid(to)) {
		free(from);
		return failure_set(f, FAILURE_INVALID_FIELD, "to",
		    "a recipient must be one plain address");
	}
	rc = mailer_send(m, s, from, to, message, len, done, arg, f);
	free(from);
	return rc;
}

int
email_send(struct mailer *m, const struct email_server *s,
    const struct email_reminder *r, int64_t now, curlev_done_fn done,
    void *arg, struct failure *f)
{
	char *msg, *from;
	size_t len;
	int rc;

	if ((from = email_from_address(s->from)) == NULL)
		return failure_set(f, FAILURE_INVALID_FIELD, "from",
		    "[smtp] has no from address");
	free(from);
	if (!contract_email_valid(r->to))
		return failure_set(f, FAILURE_INVALID_FIELD, "to",
		    "a recipient must be one plain address");
	if (!email_address_ok(r->message_id))
		return failure_set(f, FAILURE_INVALID_FIELD, "message_id",
		    "a Message-ID must be id@domain without spaces or "
		    "brackets");
	if ((msg = email_message(s, r, now, &len)) == NULL)
		return failure_set(f, FAILURE_INTERNAL, NULL,
		    "out of memory for the message");
	rc = email_send_message(m, s, r->to, msg, len, done, arg, f);
	free(msg);
	return rc;
}
