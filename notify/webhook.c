/*
 * Webhook deliveries (SPEC section 5) as Standard Webhooks: the JSON body,
 * webhook-id / webhook-timestamp / webhook-signature with the signature
 * over "id.timestamp.body" under the key of a whsec_ secret. A slack target
 * gets {"text": ...} instead, which Slack and Mattermost post as is.
 */
#include "webhook.h"
#include "secret-file.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "date.h"
#include "ical-text.h"
#include "localtime.h"
#include "version.h"

#define SECRET_PREFIX "whsec_"
/* Generous for any key a receiver would hand out (Svix: 24-64 bytes). */
#define SECRET_TEXT_MAX 1024

static bool
webhook_has_text(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* Wipes what may have held a secret before it goes back to malloc. */
static void
webhook_wipe_free(void *p, size_t len)
{
	if (p == NULL)
		return;
	explicit_bzero(p, len);
	free(p);
}

void
webhook_target_init(struct webhook_target *t, const char *name)
{
	memset(t, 0, sizeof *t);
	snprintf(t->name, sizeof t->name, "%s", name != NULL ? name : "");
	t->timeout_s = WEBHOOK_TIMEOUT_DEFAULT;
}

void
webhook_target_clear(struct webhook_target *t)
{
	if (t == NULL)
		return;
	free(t->url);
	webhook_wipe_free(t->key, t->key_len);
	webhook_target_init(t, "");
}

static int
webhook_b64_value(unsigned char ch)
{
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A';
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a' + 26;
	if (ch >= '0' && ch <= '9')
		return ch - '0' + 52;
	if (ch == '+')
		return 62;
	if (ch == '/')
		return 63;
	return -1;
}

/* Standard base64, padding optional (secrets are pasted by hand), nothing
 * but the alphabet; out takes len * 3 / 4 bytes. */
static int
webhook_b64_decode(const char *in, size_t len, unsigned char *out,
    size_t *out_len)
{
	uint32_t acc = 0;
	size_t i, n = 0, bits = 0, pad = 0;
	int v;

	while (pad < 2 && len > 0 && in[len - 1] == '=') {
		len--;
		pad++;
	}
	if (pad > 0 && (len + pad) % 4 != 0)
		return -1;
	if (len % 4 == 1)
		return -1;
	for (i = 0; i < len; i++) {
		if ((v = webhook_b64_value((unsigned char)in[i])) < 0)
			return -1;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	*out_len = n;
	return 0;
}

int
webhook_parse_secret(const char *text, struct webhook_target *t,
    struct failure *f)
{
	size_t plen = strlen(SECRET_PREFIX), len, key_len;
	unsigned char *key;

	if (text == NULL || text[0] == '\0')
		return failure_set(f, FAILURE_INVALID_FIELD, "secret_file",
		    "the secret of webhook %s is empty", t->name);
	if (strncmp(text, SECRET_PREFIX, plen) != 0)
		return failure_set(f, FAILURE_INVALID_FIELD, "secret_file",
		    "the secret of webhook %s does not start with \"whsec_\"",
		    t->name);
	text += plen;
	len = strlen(text);
	if (len == 0)
		return failure_set(f, FAILURE_INVALID_FIELD, "secret_file",
		    "the secret of webhook %s has no key after \"whsec_\"",
		    t->name);
	if (len > SECRET_TEXT_MAX)
		return failure_set(f, FAILURE_INVALID_FIELD, "secret_file",
		    "the secret of webhook %s is longer than %d characters",
		    t->name, SECRET_TEXT_MAX);
	if ((key = malloc(len * 3 / 4 + 1)) == NULL)
		return failure_set(f, FAILURE_INTERNAL, "secret_file",
		    "out of memory");
	if (webhook_b64_decode(text, len, key, &key_len) != 0 ||
	    key_len == 0) {
		webhook_wipe_free(key, len * 3 / 4 + 1);
		return failure_set(f, FAILURE_INVALID_FIELD, "secret_file",
		    "the secret of webhook %s is not \"whsec_\" and base64",
		    t->name);
	}
	webhook_wipe_free(t->key, t->key_len);
	t->key = key;
	t->key_len = key_len;
	return 0;
}

int
webhook_load_secret(const char *path, struct webhook_target *t,
    struct failure *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *fp;
	int rc;

	if ((fp = secret_file_open(path, "secret_file", f)) == NULL)
		return -1;
	n = getline(&line, &cap, fp);
	fclose(fp);
	if (n < 0) {
		free(line);
		return failure_set(f, FAILURE_INVALID_FIELD, "secret_file",
		    "%s is empty", path);
	}
	while (n > 0 && isspace((unsigned char)line[n - 1]))
		line[--n] = '\0';
	rc = webhook_parse_secret(line, t, f);
	webhook_wipe_free(line, cap);
	return rc;
}

/* "15s", "2m" or "15": seconds, or -1. */
static long
webhook_parse_timeout(const char *text)
{
	long n = 0;
	const char *p = text;

	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		n = n * 10 + (*p - '0');
		if (n > WEBHOOK_TIMEOUT_MAX)
			return -1;
	}
	if (*p == 'm')
		n *= 60;
	else if (*p != 's' && *p != '\0')
		return -1;
	if (*p != '\0' && p[1] != '\0')
		return -1;
	return n >= 1 && n <= WEBHOOK_TIMEOUT_MAX ? n : -1;
}

int
webhook_target_set(struct webhook_target *t, const char *key,
    const char *value, struct failure *f)
{
	char *url;
	long n;

	if (strcmp(key, "url") == 0) {
		if (!curlev_url_ok(value, "http://", "https://"))
			return failure_set(f, FAILURE_INVALID_FIELD, "url",
			    "webhook %s: url must be an http:// or https:// "
			    "URL without spaces", t->name);
		if ((url = strdup(value)) == NULL)
			return failure_set(f, FAILURE_INTERNAL, "url",
			    "out of memory");
		free(t->url);
		t->url = url;
		return 0;
	}
	if (strcmp(key, "secret_file") == 0) {
		if (value[0] == '\0') {
			webhook_wipe_free(t->key, t->key_len);
			t->key = NULL;
			t->key_len = 0;
			return 0;
		}
		return webhook_load_secret(value, t, f);
	}
	if (strcmp(key, "format") == 0) {
		if (strcmp(value, "json") == 0)
			t->slack = false;
		else if (strcmp(value, "slack") == 0)
			t->slack = true;
		else
			return failure_set(f, FAILURE_INVALID_FIELD, "format",
			    "webhook %s: format must be json or slack",
			    t->name);
		return 0;
	}
	if (strcmp(key, "timeout") == 0) {
		if ((n = webhook_parse_timeout(value)) < 0)
			return failure_set(f, FAILURE_INVALID_FIELD, "timeout",
			    "webhook %s: timeout must be 1s to %lds, e.g. 15s",
			    t->name, WEBHOOK_TIMEOUT_MAX);
		t->timeout_s = n;
		return 0;
	}
	return failure_set(f, FAILURE_NOT_FOUND, key,
	    "unknown key %s in [webhook.%s]", key, t->name);
}

int
webhook_target_check(const struct webhook_target *t, struct failure *f)
{
	if (t->url == NULL)
		return failure_set(f, FAILURE_INVALID_FIELD, "url",
		    "webhook %s has no url", t->name);
	if (!t->slack && t->key_len == 0)
		return failure_set(f, FAILURE_INVALID_FIELD, "secret_file",
		    "webhook %s (format json) has no secret_file", t->name);
	return 0;
}

/* A JSON string of s, null when absent; text that is not UTF-8 (jansson
 * refuses it) is cleaned rather than dropping the field. */
static json_t *
webhook_json_text(const char *s)
{
	json_t *j;
	char *clean;

	if (s == NULL)
		return json_null();
	if ((j = json_string(s)) != NULL)
		return j;
	if ((clean = ical_text_clean(s)) == NULL)
		return NULL;
	j = json_string(clean);
	free(clean);
	return j;
}

static json_t *
webhook_json_instant(const char *tz, int64_t at)
{
	char buf[LOCALTIME_RFC3339_LEN];

	if (at == 0)
		return json_null();
	localtime_format_rfc3339(webhook_has_text(tz) ? tz : "UTC", at, buf);
	return json_string(buf);
}

static json_t *
webhook_json_date(int32_t date)
{
	char buf[DATE_STRLEN];

	if (date == DATE_NONE)
		return json_null();
	date_format(date, buf);
	return json_string(buf);
}

/* json_object_set_new that remembers a failure (a NULL value included). */
static void
webhook_put(json_t *o, const char *key, json_t *v, bool *ok)
{
	if (o == NULL || json_object_set_new(o, key, v) != 0)
		*ok = false;
}

static char *
webhook_json_body(const struct webhook_reminder *r)
{
	json_t *root, *ms, *person = NULL;
	bool ok = true;
	char *out, *text;

	root = json_object();
	ms = json_object();
	if (r->contract_id != 0 || webhook_has_text(r->person_name) ||
	    webhook_has_text(r->person_email)) {
		person = json_object();
		webhook_put(person, "name", webhook_json_text(r->person_name),
		    &ok);
		webhook_put(person, "email",
		    webhook_json_text(r->person_email), &ok);
	} else {
		person = json_null();
	}
	webhook_put(ms, "kind", json_string(milestone_kind_name(r->kind)), &ok);
	webhook_put(ms, "date", webhook_json_date(r->date), &ok);
	webhook_put(ms, "at", webhook_json_instant(r->timezone, r->at), &ok);
	webhook_put(ms, "contract_id", r->contract_id != 0 ?
	    json_integer(r->contract_id) : json_null(), &ok);
	webhook_put(ms, "vacancy", webhook_json_text(r->vacancy), &ok);
	webhook_put(ms, "person", person, &ok);
	webhook_put(ms, "title", webhook_json_text(r->title), &ok);

	webhook_put(root, "type", json_string("reminder.due"), &ok);
	webhook_put(root, "id", webhook_json_text(r->id), &ok);
	webhook_put(root, "milestone", ms, &ok);
	webhook_put(root, "days_before", json_integer(r->days_before), &ok);
	webhook_put(root, "due_at", webhook_json_instant(r->timezone,
	    r->due_at), &ok);
	webhook_put(root, "escalation", json_boolean(r->escalation), &ok);
	/* The one field for people (SPEC section 12): the Slack line in the
	 * reader's language, unescaped. Every other field is for programs
	 * and stays English. */
	text = webhook_text_slack(r);
	webhook_put(root, "text", text != NULL ? json_string(text) : NULL,
	    &ok);
	free(text);
	out = ok ? json_dumps(root, JSON_COMPACT) : NULL;
	json_decref(root);
	return out;
}

char *
webhook_body(const struct webhook_target *t, const struct webhook_reminder *r)
{
	return t->slack ? webhook_text_slack_json(r) : webhook_json_body(r);
}

int
webhook_sign(const struct webhook_target *t, const char *id,
    int64_t timestamp, const char *body, char *out, size_t len)
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int mac_len = 0;
	char *msg;
	int n;

	if (t->key == NULL || t->key_len == 0 || t->key_len > INT32_MAX ||
	    len < WEBHOOK_SIGNATURE_LEN)
		return -1;
	if (asprintf(&msg, "%s.%lld.%s", id, (long long)timestamp, body) < 0)
		return -1;
	if (HMAC(EVP_sha256(), t->key, (int)t->key_len,
	    (const unsigned char *)msg, strlen(msg), mac, &mac_len) == NULL ||
	    mac_len != 32) {
		free(msg);
		return -1;
	}
	free(msg);
	memcpy(out, "v1,", 3);
	n = EVP_EncodeBlock((unsigned char *)out + 3, mac, (int)mac_len);
	explicit_bzero(mac, sizeof mac);
	return n == 44 ? 0 : -1;
}

/* The receiver's answer body says nothing the status does not; curl's
 * default would copy it to the daemon's stdout. */
static size_t
webhook_discard(char *buf, size_t size, size_t n, void *arg)
{
	return size * n;
}

static void
webhook_headers_free(void *headers)
{
	curl_slist_free_all(headers);
}

/* Appends one header line; false (and the list freed) on failure. */
static bool
webhook_header(struct curl_slist **list, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static bool
webhook_header(struct curl_slist **list, const char *fmt, ...)
{
	struct curl_slist *next;
	va_list ap;
	char *line;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&line, fmt, ap);
	va_end(ap);
	if (n < 0) {
		curl_slist_free_all(*list);
		*list = NULL;
		return false;
	}
	next = curl_slist_append(*list, line);
	free(line);
	if (next == NULL) {
		curl_slist_free_all(*list);
		*list = NULL;
		return false;
	}
	*list = next;
	return true;
}

/* An id goes into a header line: nothing that could end or fold it. */
static bool
webhook_id_ok(const char *id)
{
	const unsigned char *p;

	if (!webhook_has_text(id) || strlen(id) > 255)
		return false;
	for (p = (const unsigned char *)id; *p != '\0'; p++) {
		if (*p <= ' ' || *p == 0x7f)
			return false;
	}
	return true;
}

int
webhook_send(struct curlev *c, const struct webhook_target *t,
    const struct webhook_reminder *r, int64_t timestamp,
    curlev_done_fn done, void *arg, struct failure *f)
{
	char sig[WEBHOOK_SIGNATURE_LEN];
	struct curl_slist *h = NULL;
	bool signed_ = t->key_len > 0;
	char *body;
	CURL *easy;

	if (t->url == NULL)
		return failure_set(f, FAILURE_INVALID_FIELD, "url",
		    "webhook %s has no url", t->name);
	if (!t->slack && !signed_)
		return failure_set(f, FAILURE_INVALID_FIELD, "secret_file",
		    "webhook %s has no secret to sign with", t->name);
	if (!webhook_id_ok(r->id))
		return failure_set(f, FAILURE_INVALID_FIELD, "id",
		    "a webhook id must be 1 to 255 printable characters");
	if ((body = webhook_body(t, r)) == NULL)
		return failure_set(f, FAILURE_INTERNAL, NULL,
		    "webhook %s: out of memory for the body", t->name);
	if (signed_ && webhook_sign(t, r->id, timestamp, body, sig,
	    sizeof sig) != 0) {
		free(body);
		return failure_set(f, FAILURE_INTERNAL, NULL,
		    "webhook %s: cannot sign the body", t->name);
	}
	/* "Expect:" keeps curl from waiting for a 100 Continue that some
	 * receivers never send. */
	if (!webhook_header(&h, "Content-Type: application/json") ||
	    !webhook_header(&h, "webhook-id: %s", r->id) ||
	    !webhook_header(&h, "webhook-timestamp: %lld",
	    (long long)timestamp) ||
	    (signed_ && !webhook_header(&h, "webhook-signature: %s", sig)) ||
	    !webhook_header(&h, "Expect:") ||
	    (easy = curl_easy_init()) == NULL) {
		curl_slist_free_all(h);
		free(body);
		return failure_set(f, FAILURE_INTERNAL, NULL,
		    "webhook %s: out of memory for the request", t->name);
	}
	curl_easy_setopt(easy, CURLOPT_URL, t->url);
	curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(easy, CURLOPT_TIMEOUT, t->timeout_s > 0 ?
	    t->timeout_s : WEBHOOK_TIMEOUT_DEFAULT);
	curl_easy_setopt(easy, CURLOPT_USERAGENT, "tenured/" TENURED_VERSION);
	curl_easy_setopt(easy, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, webhook_discard);
	curl_easy_setopt(easy, CURLOPT_POST, 1L);
	curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)strlen(body));
	if (curl_easy_setopt(easy, CURLOPT_COPYPOSTFIELDS, body) != CURLE_OK) {
		free(body);
		curl_easy_cleanup(easy);
		curl_slist_free_all(h);
		return failure_set(f, FAILURE_INTERNAL, NULL,
		    "webhook %s: out of memory for the body", t->name);
	}
	free(body);
	explicit_bzero(sig, sizeof sig);
	if (curlev_add_release(c, easy, done, arg, webhook_headers_free,
	    h) != 0)
		return failure_set(f, FAILURE_INTERNAL, NULL,
		    "webhook %s: cannot start the request", t->name);
	return 0;
}
