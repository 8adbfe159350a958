#include <event2/buffer.h>
#include <event2/http.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "clock.h"
#include "config.h"
#include "contract-json.h"
#include "daemon.h"
#include "feeds.h"
#include "http-routes.h"
#include "service.h"
#include "metrics.h"
#include "store.h"

/* PUBLIC_URL/feeds/TOKEN.ics and its webcal:// twin. */
static json_t *
feed_urls(struct http_call *c, json_t *o, const char *token)
{
	const char *base = c->d->config->public_url;
	const char *rest = strstr(base, "://");
	size_t blen = strlen(base);
	char *url, *webcal;

	while (blen > 0 && base[blen - 1] == '/')
		blen--;
	if (asprintf(&url, "%.*s/feeds/%s.ics", (int)blen, base, token) < 0)
		url = NULL;
	if (rest == NULL || asprintf(&webcal, "webcal%.*s/feeds/%s.ics",
	    (int)(blen - (size_t)(rest - base)), rest, token) < 0)
		webcal = NULL;
	json_object_set_new(o, "url", text_to_json(url));
	json_object_set_new(o, "webcal_url", text_to_json(webcal));
	free(url);
	free(webcal);
	return o;
}

static json_t *
feed_to_json(const struct feed *feed, const char *tz)
{
	const struct stored_feed *r = feed->rec;

	return json_pack("{s:I, s:s, s:s, s:b, s:s, s:s, s:o, s:o, s:o, s:o, "
	    "s:I, s:i}",
	    "id", (json_int_t)r->id, "name", r->name, "scope", r->scope,
	    "redact", r->redact, "alarms", r->alarms,
	    "language", lang_code(r->language),
	    "created_at", instant_to_json(r->created_at, tz),
	    "rotated_at", instant_to_json(r->rotated_at, tz),
	    "last_fetch_at", instant_to_json(r->last_fetch_at, tz),
	    "last_client", text_to_json(r->last_client),
	    "fetch_count", (json_int_t)r->fetch_count,
	    "matches", feed->body.matches);
}

/* "alarms": "7d,1d" or ["7d", "1d"]. */
static int
alarms_text(json_t *v, char *out, size_t len, struct failure *f)
{
	size_t i, used = 0;
	json_t *item;

	out[0] = '\0';
	if (v == NULL || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		if (json_string_length(v) >= len)
			return failure_set(f, FAILURE_INVALID_FIELD, "alarms",
			    "too long");
		snprintf(out, len, "%s", json_string_value(v));
		return 0;
	}
	if (!json_is_array(v))
		return failure_set(f, FAILURE_INVALID_FIELD, "alarms",
		    "expected \"7d,1d\" or [\"7d\", \"1d\"]");
	json_array_foreach(v, i, item) {
		int n;

		if (!json_is_string(item))
			return failure_set(f, FAILURE_INVALID_FIELD, "alarms",
			    "expected strings such as \"7d\"");
		n = snprintf(out + used, len - used, "%s%s", used ? "," : "",
		    json_string_value(item));
		if (n < 0 || (size_t)n >= len - used)
			return failure_set(f, FAILURE_INVALID_FIELD, "alarms",
			    "too long");
		used += (size_t)n;
	}
	return 0;
}

/* "language": "en" or "fr"; absent or null is [daemon] language, stored
 * with the feed so that a later change of the configuration does not
 * rewrite calendars people have subscribed to. */
static int
feed_language(struct http_call *c, json_t *v, enum lang *out,
    struct failure *f)
{
	*out = c->d->config->language;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!lang_parse(json_string_value(v), out))
		return failure_set(f, FAILURE_INVALID_FIELD, "language",
		    "expected en or fr");
	return 0;
}

/* A manager or staff member creates feeds of their own scope only
 * (SPEC section 11); others may not (403). */
static bool
feed_in_reach(struct http_call *c, const char *text, struct failure *f)
{
	struct scope sc;

	if (scope_parse(text, &sc, f) != 0)
		return false;
	if (account_may_manage_feed(&c->actor, &sc))
		return true;
	failure_set(f, FAILURE_FORBIDDEN, "scope", "the %s role may create "
	    "feeds of its own scope only (%s:%s)", account_role_name(
	    c->actor.role), c->actor.role == ACCOUNT_MANAGER ? "manager" :
	    "person", c->actor.email[0] ? c->actor.email : "EMAIL");
	return false;
}

/* The live feed of the path's id, when the caller may manage it; another's
 * is out of reach (404), like an unknown one. */
static struct feed *
feed_of_caller(struct http_call *c, struct failure *f)
{
	struct feed *feed = feeds_find(c->d->feeds, c->id[0], f);

	if (feed != NULL && !account_may_manage_feed(&c->actor, &feed->scope)) {
		failure_set(f, FAILURE_NOT_FOUND, "id",
		    "no feed %lld (or it was revoked)", (long long)c->id[0]);
		return NULL;
	}
	return feed;
}

static void
http_feeds_create(struct http_call *c)
{
	json_t *body = http_body_object(c), *scope, *name, *redact, *out;
	struct failure f = { 0 };
	char alarms[128], token[FEED_TOKEN_LEN + 1];
	struct feed *feed;
	enum lang lang;
	const char *key;
	json_t *v;

	if (body == NULL)
		return;
	json_object_foreach(body, key, v) {
		if (strcmp(key, "scope") != 0 && strcmp(key, "name") != 0 &&
		    strcmp(key, "redact") != 0 && strcmp(key, "alarms") != 0 &&
		    strcmp(key, "language") != 0) {
			failure_set(&f, FAILURE_INVALID_FIELD, key, "unknown field");
			goto fail;
		}
	}
	scope = json_object_get(body, "scope");
	name = json_object_get(body, "name");
	redact = json_object_get(body, "redact");
	if (!json_is_string(scope)) {
		failure_set(&f, FAILURE_INVALID_FIELD, "scope",
		    "expected all, manager:EMAIL, person:EMAIL, unit:NAME or "
		    "vacancy:REF");
		goto fail;
	}
	if (!json_is_string(name)) {
		failure_set(&f, FAILURE_INVALID_FIELD, "name",
		    "a feed name is 1 to 64 of a-z, 0-9 and -");
		goto fail;
	}
	if (redact != NULL && !json_is_boolean(redact)) {
		failure_set(&f, FAILURE_INVALID_FIELD, "redact",
		    "expected true or false");
		goto fail;
	}
	if (alarms_text(json_object_get(body, "alarms"), alarms, sizeof alarms,
	    &f) != 0 || feed_language(c, json_object_get(body, "language"),
	    &lang, &f) != 0)
		goto fail;
	if (!feed_in_reach(c, json_string_value(scope), &f))
		goto fail;
	feed = service_feed_create(c->d, &c->actor, json_string_value(name),
	    json_string_value(scope), json_is_true(redact), alarms, lang, token,
	    &f);
	if (feed == NULL)
		goto fail;
	out = feed_urls(c, feed_to_json(feed, c->d->config->timezone), token);
	explicit_bzero(token, sizeof token);
	http_reply_json(c, 201, out);
	json_decref(body);
	return;
fail:
	http_reply_failure(c, &f);
	json_decref(body);
}

static void
http_feeds_list(struct http_call *c)
{
	size_t n;
	struct feed *const *all = feeds_all(c->d->feeds, &n);
	json_t *items = json_array();

	for (size_t i = 0; i < n; i++) {
		if (account_may_read_feed(&c->actor, &all[i]->scope))
			json_array_append_new(items, feed_to_json(all[i],
			    c->d->config->timezone));
	}
	http_reply_json(c, 200, json_pack("{s:o}", "feeds", items));
}

static void
http_feeds_rotate(struct http_call *c)
{
	struct failure f = { 0 };
	char token[FEED_TOKEN_LEN + 1];
	struct feed *feed = NULL;
	json_t *out;

	if (feed_of_caller(c, &f) != NULL)
		feed = service_feed_rotate(c->d, &c->actor, c->id[0], token, &f);
	if (feed == NULL) {
		http_reply_failure(c, &f);
		return;
	}
	out = feed_urls(c, feed_to_json(feed, c->d->config->timezone), token);
	explicit_bzero(token, sizeof token);
	http_reply_json(c, 200, out);
}

static void
http_feeds_revoke(struct http_call *c)
{
	struct failure f = { 0 };

	if (feed_of_caller(c, &f) == NULL ||
	    service_feed_revoke(c->d, &c->actor, c->id[0], &f) != 0)
		http_reply_failure(c, &f);
	else
		http_reply_json(c, 200, json_pack("{s:I, s:b}", "id",
		    (json_int_t)c->id[0], "revoked", 1));
}

static void
http_date(int64_t t, char out[64])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 64, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

static bool
accepts_gzip(struct evhttp_request *req)
{
	const char *ae = evhttp_find_header(evhttp_request_get_input_headers(req),
	    "Accept-Encoding");
	const char *p;

	if (ae == NULL || (p = strcasestr(ae, "gzip")) == NULL)
		return false;
	/* "gzip;q=0" refuses it. */
	p += 4;
	while (*p == ' ')
		p++;
	return !(strncmp(p, ";q=0", 4) == 0 &&
	    (p[4] == '\0' || p[4] == ',' || (p[4] == '.' &&
	    strspn(p + 5, "0") == strcspn(p + 5, ", "))));
}

static bool
not_modified(struct evhttp_request *req, const char *etag, int64_t lm)
{
	struct evkeyvalq *in = evhttp_request_get_input_headers(req);
	const char *inm = evhttp_find_header(in, "If-None-Match");
	const char *ims = evhttp_find_header(in, "If-Modified-Since");
	struct tm tm;
	char *end;

	if (inm != NULL)
		return http_etag_matches(inm, etag);
	if (ims == NULL || strlen(ims) > 64)
		return false;
	memset(&tm, 0, sizeof tm);
	end = strptime(ims, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	if (end == NULL || *end != '\0')
		return false;
	return lm <= (int64_t)timegm(&tm);
}

/* Sends one calendar with its validators; HEAD gets the same headers.
 * Returns the status sent. */
static int
send_calendar(struct http_call *c, const struct feed_body *b, bool cache)
{
	struct evkeyvalq *out = evhttp_request_get_output_headers(c->req);
	bool gz = accepts_gzip(c->req) && b->gz != NULL;
	const char *etag = gz ? b->etag_gz : b->etag;
	bool head = evhttp_request_get_command(c->req) == EVHTTP_REQ_HEAD;
	size_t len = gz ? b->gz_len : b->len;
	char date[64], length[32];
	struct evbuffer *buf;

	http_date(b->last_modified, date);
	evhttp_add_header(out, "Content-Type", "text/calendar; charset=utf-8");
	evhttp_add_header(out, "ETag", etag);
	evhttp_add_header(out, "Last-Modified", date);
	/* an export is written in the asker's language; a feed in its own */
	evhttp_add_header(out, "Vary", cache ? "Accept-Encoding" :
	    "Accept-Encoding, Accept-Language");
	evhttp_add_header(out, "Cache-Control", cache ? "private, max-age=300" :
	    "no-store");
	if (cache && not_modified(c->req, etag, b->last_modified)) {
		http_send(c->req, 304, "Not Modified", NULL);
		return 304;
	}
	if (gz)
		evhttp_add_header(out, "Content-Encoding", "gzip");
	if ((buf = evbuffer_new()) == NULL) {
		http_reply_error(c, 500, "internal", NULL, "out of memory");
		return 500;
	}
	/* evhttp leaves HEAD answers without a length: state it. */
	snprintf(length, sizeof length, "%zu", len);
	if (head)
		evhttp_add_header(out, "Content-Length", length);
	else if ((gz ? b->shared_gz : b->shared) == NULL ||
	    evbuffer_add_buffer_reference(buf, gz ? b->shared_gz : b->shared)
	    != 0)
		evbuffer_add(buf, gz ? (const void *)b->gz : b->bytes, len);
	http_send(c->req, 200, "OK", buf);
	evbuffer_free(buf);
	return 200;
}

static void
http_feeds_serve(struct http_call *c)
{
	size_t len = strlen(c->seg);
	struct feed *feed = NULL;
	char token[FEED_TOKEN_LEN + 1];

	if (len == FEED_TOKEN_LEN + 4 && strcmp(c->seg + FEED_TOKEN_LEN,
	    ".ics") == 0) {
		memcpy(token, c->seg, FEED_TOKEN_LEN);
		token[FEED_TOKEN_LEN] = '\0';
		feed = feeds_by_token(c->d->feeds, token);
	}
	/* Unknown and revoked look the same. */
	if (feed == NULL || feed->body.bytes == NULL) {
		http_reply_error(c, 404, "not_found", NULL, "no such feed");
		metrics_feed_request(404);
		return;
	}
	feeds_record_fetch(c->d->feeds, feed, evhttp_find_header(
	    evhttp_request_get_input_headers(c->req), "User-Agent"));
	metrics_feed_request(send_calendar(c, &feed->body, true));
}

/* An export is read by whoever asked for it: the language the request
 * asks for (Accept-Language, which tenurectl and the dashboard send),
 * else the caller account's, else [daemon] language. */
static enum lang
export_lang(struct http_call *c)
{
	enum lang l = c->d->config->language;

	if (c->actor.language[0] != '\0' && !lang_parse(c->actor.language, &l))
		l = c->d->config->language;
	return lang_from_accept(evhttp_find_header(
	    evhttp_request_get_input_headers(c->req), "Accept-Language"), l);
}

static void
http_feeds_export(struct http_call *c)
{
	struct failure f = { 0 };
	struct feed_body b;
	struct scope scope;

	if (scope_parse(http_query(c, "scope") ? http_query(c, "scope") : "all",
	    &scope, &f) != 0 ||
	    feeds_render_scope(c->d->feeds, &scope, http_reach(c),
	    export_lang(c), accepts_gzip(c->req), &b, &f) != 0) {
		http_reply_failure(c, &f);
		return;
	}
	send_calendar(c, &b, false);
	feed_body_clear(&b);
}

const struct http_route http_feed_routes[] = {
	{ .method = EVHTTP_REQ_POST, .path = "/api/v1/feeds",
	  .body = HTTP_BODY_JSON, .roles = ROLES_FEEDS, .fn = http_feeds_create },
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/feeds",
	  .roles = ROLES_ANY, .fn = http_feeds_list },
	{ .method = EVHTTP_REQ_POST, .path = "/api/v1/feeds/#/rotate",
	  .roles = ROLES_FEEDS, .fn = http_feeds_rotate },
	{ .method = EVHTTP_REQ_DELETE, .path = "/api/v1/feeds/#",
	  .roles = ROLES_FEEDS, .fn = http_feeds_revoke },
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/export",
	  .roles = ROLES_ANY, .fn = http_feeds_export },
	{ .method = EVHTTP_REQ_GET, .path = "/feeds/*",
	  .public = true, .fn = http_feeds_serve },
	{ .method = EVHTTP_REQ_HEAD, .path = "/feeds/*",
	  .public = true, .fn = http_feeds_serve },
	{ .path = NULL }
};
