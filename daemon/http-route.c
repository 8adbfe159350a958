/* Finding the route of a request among every resource's table. */
#include "http-routes.h"

#include <stdio.h>
#include <string.h>

const struct http_route *const http_route_tables[] = {
	http_system_routes,
	http_account_routes,
	http_audit_routes,
	http_contract_routes,
	http_milestone_routes,
	http_vacancy_routes,
	http_feed_routes,
	http_outbox_routes,
	http_metrics_routes,
	http_dashboard_routes,
	NULL
};

static bool
segment_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-' ||
	    ch == '@';
}

bool
http_route_path_matches(const char *pattern, const char *path, int64_t id[2],
    char seg[65])
{
	int n = 0;

	while (*pattern != '\0' && *path != '\0') {
		if (*pattern == '*') {
			size_t len = 0;

			while (segment_char(path[len]) && len < 64)
				len++;
			if (len == 0 || segment_char(path[len]))
				return false;
			memcpy(seg, path, len);
			seg[len] = '\0';
			path += len;
			pattern++;
			continue;
		}
		if (*pattern == '#') {
			int64_t v = 0;
			const char *start = path;

			while (*path >= '0' && *path <= '9') {
				if (v > (INT64_MAX - 9) / 10)
					return false;
				v = v * 10 + (*path++ - '0');
			}
			if (path == start || v == 0 || n == 2)
				return false;
			id[n++] = v;
			pattern++;
			continue;
		}
		if (*pattern++ != *path++)
			return false;
	}
	return *pattern == '\0' && *path == '\0';
}

const char *
http_method_name(enum evhttp_cmd_type m)
{
	switch (m) {
	case EVHTTP_REQ_GET: return "GET";
	case EVHTTP_REQ_POST: return "POST";
	case EVHTTP_REQ_PATCH: return "PATCH";
	case EVHTTP_REQ_DELETE: return "DELETE";
	case EVHTTP_REQ_HEAD: return "HEAD";
	case EVHTTP_REQ_PUT: return "PUT";
	case EVHTTP_REQ_OPTIONS: return "OPTIONS";
	default: return "?";
	}
}

const struct http_route *
http_route_find(enum evhttp_cmd_type method, const char *path, int64_t id[2],
    char seg[65], char *allow, size_t allow_len, bool *path_known)
{
	const struct http_route *match = NULL;

	*path_known = false;
	allow[0] = '\0';
	for (const struct http_route *const *t = http_route_tables; *t != NULL;
	    t++) {
		for (const struct http_route *r = *t; r->path != NULL; r++) {
			int64_t rid[2] = { 0, 0 };
			char rseg[65] = "";
			size_t used = strlen(allow);

			if (!http_route_path_matches(r->path, path, rid, rseg))
				continue;
			*path_known = true;
			snprintf(allow + used, allow_len - used, "%s%s",
			    used ? ", " : "", http_method_name(r->method));
			if (r->method == method && match == NULL) {
				match = r;
				id[0] = rid[0];
				id[1] = rid[1];
				memcpy(seg, rseg, 65);
			}
		}
	}
	return match;
}
