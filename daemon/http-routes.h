/* Route tables, one per resource file (tmux's cmd_entry shape): each entry
 * names its method, path, body, the roles it admits and its handler; one
 * function (http.c) checks the roles before any handler runs. */
#ifndef TENURED_HTTP_ROUTES_H
#define TENURED_HTTP_ROUTES_H

#include <event2/http.h>
#include <stdbool.h>
#include <stddef.h>

#include "account.h"
#include "http.h"

enum http_body {
	HTTP_BODY_NONE,
	HTTP_BODY_JSON,
	HTTP_BODY_CSV,
	HTTP_BODY_TEXT,
};

struct http_route {
	enum evhttp_cmd_type method;
	/* Segments to match; "#" stands for a positive integer, "*" for one
	 * segment of letters, digits, ".", "_", "@" and "-". */
	const char *path;
	enum http_body body;
	/* ROLES_* admitted; a route admitting none is refused to everyone
	 * but the public flag opens it to anyone without an account (feeds
	 * by their secret URL, the dashboard's files, liveness). */
	unsigned roles;
	bool public;
	void (*fn)(struct http_call *);
};

/* Each table ends with an entry whose path is NULL. */
extern const struct http_route http_system_routes[];
extern const struct http_route http_account_routes[];
extern const struct http_route http_audit_routes[];
extern const struct http_route http_contract_routes[];
extern const struct http_route http_milestone_routes[];
extern const struct http_route http_vacancy_routes[];
extern const struct http_route http_feed_routes[];
extern const struct http_route http_outbox_routes[];
extern const struct http_route http_metrics_routes[];
extern const struct http_route http_dashboard_routes[];
/* Every table, NULL-terminated. */
extern const struct http_route *const http_route_tables[];

/* The route for method and path, its numbers and text segment filled in;
 * NULL when none. allow receives the methods the path takes (for 405),
 * and *path_known whether any route has the path. */
const struct http_route *http_route_find(enum evhttp_cmd_type method,
        const char *path, int64_t id[2], char seg[65], char *allow,
        size_t allow_len, bool *path_known);
bool http_route_path_matches(const char *pattern, const char *path,
        int64_t id[2], char seg[65]);
const char *http_method_name(enum evhttp_cmd_type m);

/* Handlers shared across tables. */
json_t *http_outbox_counts(struct http_call *c);

#endif
