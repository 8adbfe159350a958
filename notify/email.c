/*
 * Email reminders (SPEC section 5): the [smtp] section and the SMTP
 * transaction through curlev. The message itself is built in
 * email-text.c; curl only carries it (MAIL FROM, RCPT TO, DATA), so the
 * headers are exactly ours.
 */
#include "email.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

/* A password file holds one line; anything longer is not a password. */
#define PASSWORD_MAX 1024

/* What a transfer reads its message from; freed after the handle. */
struct email_upload {
	char *data;
	size_t len;
	size_t off;
	struct curl_slist *rcpt;
};

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
	email_wipe_free(s->password);
	free(s->ca_file);
	email_server_init(s);
}

static bool
email_url_ok(const char *url)
{
	const unsigned char *p;
	size_t skip;

	if (strncasecmp(url, "smtp://", 7) == 0)
		skip = 7;
	else if (strncasecmp(url, "smtps://", 8) == 0)
		skip = 8;
	else
		return false;
	if (url[skip] == '\0' || url[skip] == '/' || url[skip] == ':')
		return false;
	for (p = (const unsigned char *)url; *p != '\0'; p++) {
		if (*p <= ' ' || *p == 0x7f)
			return false;
	}
	return true;
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

	if ((fp = fopen(path, "re")) == NULL)
		return failure_set(f, FAILURE_INVALID_FIELD, "password_file",
		    "cannot read %s: %s", path, strerror(errno));
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

int
email_server_set(struct email_server *s, const char *key, const char *value,
    struct failure *f)
{
	char *addr;
	const char *p;

	if (strcmp(key, "url") == 0) {
		if (!email_url_ok(value))
			return failure_set(f, FAILURE_INVALID_FIELD, "url",
			    "[smtp] url must be an smtp:// or smtps:// URL "
			    "without spaces");
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
	return 0;
}

bool
email_server_configured(const struct email_server *s)
{
	return s->url != NULL && s->from != NULL;
}

static size_t
email_read(char *buf, size_t size, size_t n, void *arg)
{
	struct email_upload *u = arg;
	size_t room = size * n, left = u->len - u->off;

	if (room > left)
		room = left;
	memcpy(buf, u->data + u->off, room);
	u->off += room;
	return room;
}

/* An SMTP server has nothing to say in a body; curl's default would copy
 * whatever it got to the daemon's stdout. */
static size_t
email_discard(char *buf, size_t size, size_t n, void *arg)
{
	return size * n;
}

static void
email_upload_free(void *arg)
{
	struct email_upload *u = arg;

	if (u == NULL)
		return;
	free(u->data);
	curl_slist_free_all(u->rcpt);
	free(u);
}

static long
email_use_ssl(enum email_starttls mode)
{
	switch (mode) {
	case EMAIL_STARTTLS_REQUIRED:
		return (long)CURLUSESSL_ALL;
	case EMAIL_STARTTLS_OFF:
		return (long)CURLUSESSL_NONE;
	case EMAIL_STARTTLS_TRY:
		break;
	}
	return (long)CURLUSESSL_TRY;
}

int
email_send_message(struct curlev *c, const struct email_server *s,
    const char *to, const char *message, size_t len, curlev_done_fn done,
    void *arg, struct failure *f)
{
	struct email_upload *u;
	char *from, *rcpt;
	CURL *easy;
	CURLcode rc;
	long timeout;

	if (s->url == NULL)
		return failure_set(f, FAILURE_INVALID_FIELD, "url",
		    "[smtp] has no url");
	if ((from = email_from_address(s->from)) == NULL)
		return failure_set(f, FAILURE_INVALID_FIELD, "from",
		    "[smtp] has no from address");
	if (!email_address_ok(to)) {
		free(from);
		return failure_set(f, FAILURE_INVALID_FIELD, "to",
		    "a recipient must be one plain address");
	}
	if ((u = calloc(1, sizeof *u)) == NULL ||
	    (u->data = malloc(len > 0 ? len : 1)) == NULL ||
	    asprintf(&rcpt, "<%s>", to) < 0) {
		if (u != NULL)
			free(u->data);
		free(u);
		free(from);
		return failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
	}
	memcpy(u->data, message, len);
	u->len = len;
	u->rcpt = curl_slist_append(NULL, rcpt);
	free(rcpt);
	if (u->rcpt == NULL || (easy = curl_easy_init()) == NULL) {
		email_upload_free(u);
		free(from);
		return failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
	}
	/* The bare address: curl adds the brackets of MAIL FROM itself. */
	rc = curl_easy_setopt(easy, CURLOPT_URL, s->url);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(easy, CURLOPT_MAIL_FROM, from);
	free(from);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR,
		    "smtp,smtps");
	if (rc == CURLE_OK && s->username != NULL) {
		rc = curl_easy_setopt(easy, CURLOPT_USERNAME, s->username);
		if (rc == CURLE_OK)
			rc = curl_easy_setopt(easy, CURLOPT_PASSWORD,
			    s->password != NULL ? s->password : "");
	}
	if (rc == CURLE_OK && s->ca_file != NULL)
		rc = curl_easy_setopt(easy, CURLOPT_CAINFO, s->ca_file);
	if (rc != CURLE_OK) {
		curl_easy_cleanup(easy);
		email_upload_free(u);
		return failure_set(f, FAILURE_INTERNAL, NULL,
		    "cannot set up the SMTP transfer: %s",
		    curl_easy_strerror(rc));
	}
	curl_easy_setopt(easy, CURLOPT_MAIL_RCPT, u->rcpt);
	curl_easy_setopt(easy, CURLOPT_USE_SSL, email_use_ssl(s->starttls));
	curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(easy, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(easy, CURLOPT_READFUNCTION, email_read);
	curl_easy_setopt(easy, CURLOPT_READDATA, u);
	curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, email_discard);
	/* libcurl 7.88 waits for the reply to the end of DATA and to QUIT
	 * in blocking polls inside the multi loop (curl/curl#8555, #4015):
	 * each wait is bounded by the response timeout, and the connection
	 * is never kept, since after a timeout its next reply would belong
	 * to the previous message. */
	timeout = s->timeout_s > 0 ? s->timeout_s : EMAIL_TIMEOUT_DEFAULT;
	curl_easy_setopt(easy, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(easy, CURLOPT_SERVER_RESPONSE_TIMEOUT, timeout);
	curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, 1L);
	if (curlev_add_release(c, easy, done, arg, email_upload_free, u) != 0)
		return failure_set(f, FAILURE_INTERNAL, NULL,
		    "cannot start the SMTP transfer");
	return 0;
}

int
email_send(struct curlev *c, const struct email_server *s,
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
	if (!email_address_ok(r->to))
		return failure_set(f, FAILURE_INVALID_FIELD, "to",
		    "a recipient must be one plain address");
	if (!email_address_ok(r->message_id))
		return failure_set(f, FAILURE_INVALID_FIELD, "message_id",
		    "a Message-ID must be id@domain without spaces or "
		    "brackets");
	if ((msg = email_message(s, r, now, &len)) == NULL)
		return failure_set(f, FAILURE_INTERNAL, NULL,
		    "out of memory for the message");
	rc = email_send_message(c, s, r->to, msg, len, done, arg, f);
	free(msg);
	return rc;
}
