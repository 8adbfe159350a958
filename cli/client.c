/* HTTP requests to tenured through libcurl: over the Unix socket
 * (CURLOPT_UNIX_SOCKET_PATH, URL http://localhost/...) or TCP with a bearer
 * token. One easy handle serves every request of a run, so paged listings
 * reuse the connection. The token is handed to curl and wiped here; it is
 * never printed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <curl/curl.h>

#include "i18n.h"
#include "tenurectl.h"
#include "version.h"

struct client {
	CURL *curl;
	char *socket;		/* NULL over TCP */
	char *base;		/* scheme://host[:port][/prefix], no trailing / */
	char *token;		/* NULL without one */
	char *where;		/* for messages: the socket or the URL */
	char errbuf[CURL_ERROR_SIZE];
};

/* Idle seconds after which a request is given up (no byte moved). */
#define CLIENT_STALL_SECONDS 120L
#define CLIENT_CONNECT_SECONDS 10L
/* Bytes of a non-JSON error body quoted in a message. */
#define CLIENT_EXCERPT 200

static void
client_wipe_free(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

/* A URL for messages: without user:password@ should someone put one there. */
static char *
client_url_where(const char *url)
{
	const char *host, *at, *slash;
	char *where;

	host = strstr(url, "://");
	if (host == NULL)
		return strdup(url);
	host += 3;
	slash = strchr(host, '/');
	at = strchr(host, '@');
	if (at == NULL || (slash != NULL && at > slash))
		return strdup(url);
	if (asprintf(&where, "%.*s%s", (int)(host - url), url, at + 1) == -1)
		return NULL;
	return where;
}

static bool
client_url_valid(const char *url)
{
	const char *p, *host;

	if (strncasecmp(url, "http://", 7) == 0)
		host = url + 7;
	else if (strncasecmp(url, "https://", 8) == 0)
		host = url + 8;
	else
		return false;
	if (*host == '\0' || *host == '/')
		return false;
	for (p = url; *p != '\0'; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '?' ||
		    *p == '#')
			return false;
	}
	return true;
}

/*
 * A client for the socket at socket_path, or, when url is set, for the TCP
 * listener at url with the token from token_file (optional). NULL with a
 * message in *error when the arguments cannot work.
 */
struct client *
client_new(const char *socket_path, const char *url, const char *token_file,
    char **error)
{
	struct client *c;
	size_t len;

	*error = NULL;
	c = calloc(1, sizeof *c);
	if (c == NULL)
		goto oom;
	if (url != NULL) {
		if (!client_url_valid(url)) {
			if (asprintf(error, _("--url: '%s' is not an http:// "
			    "or https:// base URL"), url) == -1)
				*error = NULL;
			goto fail;
		}
		c->base = strdup(url);
		if (c->base == NULL)
			goto oom;
		len = strlen(c->base);
		while (len > 0 && c->base[len - 1] == '/')
			c->base[--len] = '\0';
		c->where = client_url_where(c->base);
		if (token_file != NULL) {
			c->token = client_read_token(token_file, error);
			if (c->token == NULL)
				goto fail;
		}
	} else {
		if (socket_path == NULL || *socket_path == '\0') {
			if (asprintf(error, "%s", _("--socket: empty path")) ==
			    -1)
				*error = NULL;
			goto fail;
		}
		c->socket = strdup(socket_path);
		c->base = strdup("http://localhost");
		/* TRANSLATORS: where tenured was reached: socket PATH. */
		if (asprintf(&c->where, _("socket %s"), socket_path) == -1)
			c->where = NULL;
	}
	if (c->base == NULL || c->where == NULL)
		goto oom;
	c->curl = curl_easy_init();
	if (c->curl == NULL)
		goto oom;
	return c;

oom:
	if (*error == NULL && asprintf(error, "%s", _("out of memory")) == -1)
		*error = NULL;
fail:
	client_free(c);
	return NULL;
}

void
client_free(struct client *c)
{
	if (c == NULL)
		return;
	if (c->curl != NULL)
		curl_easy_cleanup(c->curl);
	free(c->socket);
	free(c->base);
	client_wipe_free(c->token);
	free(c->where);
	free(c);
}

const char *
client_where(const struct client *c)
{
	return c->where;
}

void
client_answer_free(struct answer *a)
{
	free(a->body);
	free(a->type);
	a->body = NULL;
	a->type = NULL;
	a->len = a->cap = 0;
}

static int
client_write_fd(int fd, const char *data, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, data, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static size_t
client_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct answer *a = arg;
	size_t n, cap;
	long status = 0;
	char *body;

	n = size * nmemb;
	curl_easy_getinfo(a->curl, CURLINFO_RESPONSE_CODE, &status);
	if (a->fd >= 0 && status >= 200 && status < 300) {
		if (client_write_fd(a->fd, data, n) != 0) {
			a->write_errno = errno;
			return 0;
		}
		a->streamed += n;
		return n;
	}
	if (n > CLIENT_MAX_ANSWER - a->len) {
		a->too_large = true;
		return 0;
	}
	if (a->len + n + 1 > a->cap) {
		cap = a->cap != 0 ? a->cap : 4096;
		while (cap < a->len + n + 1)
			cap *= 2;
		body = realloc(a->body, cap);
		if (body == NULL) {
			a->too_large = true;
			return 0;
		}
		a->body = body;
		a->cap = cap;
	}
	memcpy(a->body + a->len, data, n);
	a->len += n;
	a->body[a->len] = '\0';
	return n;
}

static void
client_unreachable(struct client *c, const char *method, CURLcode rc)
{
	long os_errno = 0;
	const char *why;

	curl_easy_getinfo(c->curl, CURLINFO_OS_ERRNO, &os_errno);
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_OPERATION_TIMEDOUT:
		if (os_errno != 0)
			why = strerror((int)os_errno);
		else if (c->errbuf[0] != '\0')
			why = c->errbuf;
		else
			why = curl_easy_strerror(rc);
		fprintf(stderr, _("tenurectl: cannot reach tenured on %s: "
		    "%s\n"), c->where, why);
		break;
	default:
		why = c->errbuf[0] != '\0' ? c->errbuf : curl_easy_strerror(rc);
		fprintf(stderr, strcmp(method, "GET") != 0 ?
		    _("tenurectl: no complete answer from tenured on %s: %s "
		    "(the change may or may not have been made)\n") :
		    _("tenurectl: no complete answer from tenured on %s: "
		    "%s\n"), c->where, why);
		break;
	}
}

static int
client_perform(struct client *c, const char *method, const char *path,
    const char *type, const void *body, size_t len, int fd, struct answer *a)
{
	struct curl_slist *headers = NULL, *h;
	char *url = NULL, *line = NULL, language[32];
	const char *ctype = NULL;
	CURLcode rc;
	int status = EXIT_REFUSED;

	memset(a, 0, sizeof *a);
	a->fd = fd;
	a->curl = c->curl;
	c->errbuf[0] = '\0';

	if (asprintf(&url, "%s%s", c->base, path) == -1) {
		url = NULL;
		goto oom;
	}
	h = curl_slist_append(headers, fd >= 0 ?
	    "Accept: application/vnd.sqlite3, application/json" :
	    "Accept: application/json");
	if (h == NULL)
		goto oom;
	headers = h;
	/* The daemon's error messages come back in the reader's language. */
	snprintf(language, sizeof language, "Accept-Language: %s",
	    lang_code(i18n_current()));
	h = curl_slist_append(headers, language);
	if (h == NULL)
		goto oom;
	headers = h;
	/* No "Expect: 100-continue" round trip before a body. */
	if ((h = curl_slist_append(headers, "Expect:")) == NULL)
		goto oom;
	headers = h;
	if (type != NULL) {
		if (asprintf(&line, "Content-Type: %s", type) == -1) {
			line = NULL;
			goto oom;
		}
		if ((h = curl_slist_append(headers, line)) == NULL)
			goto oom;
		headers = h;
	}

	curl_easy_reset(c->curl);
	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	curl_easy_setopt(c->curl, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c->curl, CURLOPT_CONNECTTIMEOUT, CLIENT_CONNECT_SECONDS);
	curl_easy_setopt(c->curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c->curl, CURLOPT_LOW_SPEED_TIME, CLIENT_STALL_SECONDS);
	curl_easy_setopt(c->curl, CURLOPT_USERAGENT,
	    "tenurectl/" TENURED_VERSION);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, client_write);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, a);
	if (c->socket != NULL)
		curl_easy_setopt(c->curl, CURLOPT_UNIX_SOCKET_PATH, c->socket);
	if (c->token != NULL) {
		curl_easy_setopt(c->curl, CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
		curl_easy_setopt(c->curl, CURLOPT_XOAUTH2_BEARER, c->token);
	}
	if (strcmp(method, "GET") == 0)
		curl_easy_setopt(c->curl, CURLOPT_HTTPGET, 1L);
	else {
		if (strcmp(method, "POST") != 0)
			curl_easy_setopt(c->curl, CURLOPT_CUSTOMREQUEST, method);
		if (body != NULL || strcmp(method, "POST") == 0) {
			curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE_LARGE,
			    (curl_off_t)len);
			curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS,
			    body != NULL ? body : "");
		}
	}

	rc = curl_easy_perform(c->curl);
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &a->status);
	if (curl_easy_getinfo(c->curl, CURLINFO_CONTENT_TYPE, &ctype) ==
	    CURLE_OK && ctype != NULL)
		a->type = strdup(ctype);
	if (rc == CURLE_OK)
		status = EXIT_OK;
	else if (a->too_large)
		fprintf(stderr, _("tenurectl: the answer of tenured is larger "
		    "than %zu MiB\n"), CLIENT_MAX_ANSWER >> 20);
	else if (a->write_errno != 0)
		fprintf(stderr, _("tenurectl: cannot save the answer: %s\n"),
		    strerror(a->write_errno));
	else {
		client_unreachable(c, method, rc);
		status = EXIT_UNREACHABLE;
	}
	/* Nothing of the token stays in the handle past its request. */
	curl_easy_reset(c->curl);
	goto out;

oom:
	fprintf(stderr, "tenurectl: %s\n", _("out of memory"));
out:
	curl_slist_free_all(headers);
	free(line);
	free(url);
	if (status != EXIT_OK)
		client_answer_free(a);
	return status;
}

/*
 * One request, its answer kept in memory whatever its status. Returns 0 once
 * an answer arrived, or an exit status after saying why not.
 */
int
client_request(struct client *c, const char *method, const char *path,
    const char *type, const void *body, size_t len, struct answer *a)
{
	return client_perform(c, method, path, type, body, len, -1, a);
}

/* GET path with a 2xx body written to fd as it arrives (not kept). */
int
client_download(struct client *c, const char *path, int fd, struct answer *a)
{
	return client_perform(c, "GET", path, NULL, NULL, 0, fd, a);
}

/* The answer as a JSON object, or NULL when it is anything else. */
json_t *
client_parse(const struct answer *a)
{
	json_error_t error;
	json_t *json;

	if (a->body == NULL || a->len == 0)
		return NULL;
	json = json_loadb(a->body, a->len, JSON_REJECT_DUPLICATES, &error);
	if (json != NULL && !json_is_object(json)) {
		json_decref(json);
		json = NULL;
	}
	return json;
}

/*
 * A JSON request and its JSON answer. Returns 0 with the answer in *out, or
 * an exit status after printing the daemon's error (or why there is none).
 */
int
client_json(struct client *c, const char *method, const char *path,
    json_t *body, json_t **out)
{
	struct answer a;
	char *text = NULL;
	int status;

	*out = NULL;
	if (body != NULL) {
		text = json_dumps(body, JSON_COMPACT);
		if (text == NULL)
			return cmd_fail("%s", _("cannot encode the request"));
	}
	status = client_request(c, method, path,
	    text != NULL ? "application/json" : NULL, text,
	    text != NULL ? strlen(text) : 0, &a);
	free(text);
	if (status != EXIT_OK)
		return status;
	if (a.status < 200 || a.status > 299) {
		client_error_print(stderr, NULL, a.status, a.body, a.len);
		client_answer_free(&a);
		return EXIT_REFUSED;
	}
	*out = client_parse(&a);
	client_answer_free(&a);
	if (*out == NULL)
		return cmd_fail(_("the answer of tenured (HTTP %ld) is not a "
		    "JSON object"), a.status);
	return EXIT_OK;
}

static void
client_error_line(FILE *f, const char *file, json_t *e, const char *code)
{
	json_int_t line = -1;
	json_t *v;
	char *field = NULL, *message = NULL;
	const char *s;

	v = json_object_get(e, "line");
	if (json_is_integer(v))
		line = json_integer_value(v);
	if ((s = output_string(e, "field")) != NULL)
		field = output_clean(s);
	s = output_string(e, "message");
	message = output_clean(s != NULL ? s : _("(no message)"));

	if (file != NULL && line >= 0)
		fprintf(f, "%s:%lld: ", file, (long long)line);
	else if (file != NULL)
		fprintf(f, "%s: %s%s", file, code != NULL ? code : "",
		    code != NULL ? ": " : "");
	else {
		fprintf(f, "tenurectl: ");
		if (code != NULL)
			fprintf(f, "%s: ", code);
		if (line >= 0)
			fprintf(f, _("line %lld: "), (long long)line);
	}
	if (field != NULL && *field != '\0')
		fprintf(f, "%s: ", field);
	fprintf(f, "%s\n", message != NULL ? message : _("(no message)"));
	free(field);
	free(message);
}

/*
 * The daemon's refusal, one line per error: "tenurectl: CODE: FIELD:
 * MESSAGE", or "FILE:LINE: FIELD: MESSAGE" for the lines of a batch sent
 * from file. Anything that is not the documented error shape is quoted.
 */
void
client_error_print(FILE *f, const char *file, long status, const char *body,
    size_t len)
{
	struct answer a = { .body = (char *)body, .len = len };
	json_t *json, *errors, *error, *e;
	const char *code, *nl;
	char *excerpt, *text;
	size_t i, n;
	bool printed = false;

	json = client_parse(&a);
	errors = json_object_get(json, "errors");
	error = json_object_get(json, "error");
	if (json_is_array(errors) && json_array_size(errors) > 0) {
		json_array_foreach(errors, i, e) {
			if (!json_is_object(e))
				continue;
			client_error_line(f, file, e, NULL);
			printed = true;
		}
	} else if (json_is_object(error)) {
		code = output_string(error, "code");
		text = output_clean(code != NULL ? code : "error");
		client_error_line(f, file, error, text != NULL ? text : "error");
		free(text);
		printed = true;
	}
	json_decref(json);
	if (printed)
		return;

	fprintf(f, _("tenurectl: HTTP %ld from tenured"), status);
	if (body != NULL && len > 0) {
		n = len < CLIENT_EXCERPT ? len : CLIENT_EXCERPT;
		nl = memchr(body, '\n', n);
		if (nl != NULL)
			n = (size_t)(nl - body);
		text = strndup(body, n);
		excerpt = text != NULL ? output_clean(text) : NULL;
		if (excerpt != NULL && *excerpt != '\0')
			fprintf(f, ": %s%s", excerpt, n < len ? "..." : "");
		free(excerpt);
		free(text);
	}
	fputc('\n', f);
}

/* A query-string value, percent-encoded; free() the result. */
char *
client_escape(struct client *c, const char *s)
{
	char *e, *copy;

	e = curl_easy_escape(c->curl, s, 0);
	if (e == NULL)
		return NULL;
	copy = strdup(e);
	curl_free(e);
	return copy;
}
