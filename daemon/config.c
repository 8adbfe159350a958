#include "config.h"
#include "config-internal.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lifecycle.h"
#include "localtime.h"
#include "secret-file.h"
#include "store.h"

/* inih's line buffer; longer lines would be split silently. */
#define CONFIG_LINE_MAX 200

/* The one reporter, shared with config-secrets.c; its short name here. */
#define error_at config_error_at

void
config_error_at(struct parse *p, int line, const char *fmt, ...)
{
	struct failure f = { .kind = FAILURE_INVALID_FIELD, .line = line };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f.message, sizeof f.message, fmt, ap);
	va_end(ap);
	if (failure_list_add(p->errors, &f) != 0)
		p->oom = true;
}

/* The same for copies: set_string. */
#define set_string config_set_string

/* Checks a line's shape, which inih would only report for the first bad
 * line: blank, comment, [section], or key = value. */
static void
check_shape(struct parse *p, const char *line)
{
	const char *s = line;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '\0' || *s == ';' || *s == '#')
		return;
	if (*s == '[') {
		if (strchr(s, ']') == NULL)
			error_at(p, p->line, "a section header needs a closing ]");
		return;
	}
	if (strchr(s, '=') == NULL || *s == '=')
		error_at(p, p->line, "expected \"key = value\"");
}

/* fgets for inih that counts lines and refuses, rather than splits, lines
 * too long for inih's buffer. */
static char *
reader(char *str, int num, void *stream)
{
	struct parse *p = stream;
	size_t len;

	if (fgets(str, num, p->fp) == NULL)
		return NULL;
	p->line++;
	len = strlen(str);
	if (len == (size_t)num - 1 && str[len - 1] != '\n' && !feof(p->fp)) {
		int ch;

		while ((ch = fgetc(p->fp)) != EOF && ch != '\n')
			;
		error_at(p, p->line, "line longer than %d bytes",
		    CONFIG_LINE_MAX - 1);
		str[0] = '\n';
		str[1] = '\0';
		return str;
	}
	check_shape(p, str);
	return str;
}

bool
config_set_string(struct parse *p, char **dst, const char *value)
{
	char *copy = strdup(value);

	if (copy == NULL) {
		p->oom = true;
		return false;
	}
	free(*dst);
	*dst = copy;
	return true;
}

static bool
is_absolute_path(const char *v)
{
	return v[0] == '/';
}

/* A whole number from min to max, or an error naming the key and the
 * range (and the old value kept). */
static unsigned long long
whole_number(struct parse *p, const char *key, const char *value,
    const char *unit, unsigned long long min, unsigned long long max,
    unsigned long long old)
{
	char *end;
	unsigned long long n;

	errno = 0;
	n = strtoull(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0' || value[0] == '-' ||
	    n < min || n > max) {
		error_at(p, p->line, "%s: expected %s from %llu to %llu, got "
		    "\"%s\"", key, unit, min, max, value);
		return old;
	}
	return n;
}

/* A span like "5m": seconds, minutes or hours, from 30 s to a day. */
static int
lease_seconds(struct parse *p, const char *key, const char *value, int old)
{
	char *end;
	long n;
	int unit;

	errno = 0;
	n = strtol(value, &end, 10);
	unit = strcmp(end, "s") == 0 || *end == '\0' ? 1 : strcmp(end, "m") ==
	    0 ? 60 : strcmp(end, "h") == 0 ? 3600 : 0;
	if (errno != 0 || end == value || unit == 0 || n < 0 ||
	    n > 86400 / unit || n * unit < 30) {
		error_at(p, p->line, "%s: expected a span from 30s to 24h, "
		    "like 5m, got \"%s\"", key, value);
		return old;
	}
	return (int)(n * unit);
}

static void
daemon_key(struct parse *p, const char *key, const char *value)
{
	struct config *c = p->c;
	char host[256];
	unsigned short port;

	if (strcmp(key, "database") == 0 || strcmp(key, "socket") == 0 ||
	    strcmp(key, "api_token_file") == 0 || strcmp(key, "ics_dir") == 0 ||
	    strcmp(key, "holidays") == 0) {
		char **dst = strcmp(key, "database") == 0 ? &c->database :
		    strcmp(key, "socket") == 0 ? &c->socket :
		    strcmp(key, "api_token_file") == 0 ? &c->api_token_file :
		    strcmp(key, "ics_dir") == 0 ? &c->ics_dir : &c->holidays;

		if (dst == &c->database && store_is_postgresql(value)) {
			set_string(p, dst, value);
		} else if (dst == &c->database && strstr(value, "://") != NULL) {
			/* Not repeated: a URI may carry a password. */
			error_at(p, p->line, "database: expected a path or a "
			    "postgresql:// URI");
		} else if (value[0] == '\0' && dst != &c->database && dst != &c->socket) {
			free(*dst);
			*dst = NULL;
		} else if (!is_absolute_path(value) &&
		    strncmp(value, "./", 2) != 0 && strncmp(value, "../", 3) != 0) {
			error_at(p, p->line, "%s: expected a path, got \"%s\"",
			    key, value);
		} else {
			set_string(p, dst, value);
		}
		if (dst == &c->api_token_file)
			p->token_line = p->line;
		if (dst == &c->holidays)
			c->holidays_line = p->line;
	} else if (strcmp(key, "database_password_file") == 0) {
		if (value[0] == '\0') {
			free(c->database_password_file);
			c->database_password_file = NULL;
		} else if (!is_absolute_path(value)) {
			error_at(p, p->line, "%s: expected an absolute path, got "
			    "\"%s\"", key, value);
		} else {
			set_string(p, &c->database_password_file, value);
			p->password_line = p->line;
		}
	} else if (strcmp(key, "claim_lease") == 0) {
		c->claim_lease = lease_seconds(p, key, value, c->claim_lease);
	} else if (strcmp(key, "listen") == 0) {
		if (value[0] == '\0') {
			free(c->listen);
			c->listen = NULL;
		} else if (config_split_listen(value, host, sizeof host, &port) != 0) {
			error_at(p, p->line, "listen: expected host:port, got \"%s\"",
			    value);
		} else {
			set_string(p, &c->listen, value);
		}
	} else if (strcmp(key, "public_url") == 0) {
		if (strncmp(value, "https://", 8) != 0 &&
		    strncmp(value, "http://", 7) != 0)
			error_at(p, p->line, "public_url: expected an http(s) URL");
		else
			set_string(p, &c->public_url, value);
	} else if (strcmp(key, "domain") == 0) {
		if (value[0] == '\0' || strpbrk(value, " <>@") != NULL)
			error_at(p, p->line, "domain: expected a host name");
		else
			set_string(p, &c->domain, value);
	} else if (strcmp(key, "timezone") == 0) {
		if (!localtime_zone_known(value))
			error_at(p, p->line, "timezone: unknown time zone \"%s\"",
			    value);
		else
			set_string(p, &c->timezone, value);
	} else if (strcmp(key, "language") == 0) {
		if (!lang_parse(value, &c->language))
			error_at(p, p->line, "language: expected en or fr, got "
			    "\"%.40s\"", value);
	} else if (strcmp(key, "max_body") == 0) {
		c->max_body = (size_t)whole_number(p, key, value, "bytes",
		    1024, 64ULL * 1024 * 1024, c->max_body);
	} else if (strcmp(key, "max_connections") == 0) {
		c->max_connections = (size_t)whole_number(p, key, value,
		    "connections", 1, CONFIG_CONNECTIONS_MAX, c->max_connections);
	} else if (strcmp(key, "header_timeout") == 0) {
		c->header_timeout = (int)whole_number(p, key, value, "seconds",
		    1, 3600, (unsigned long long)c->header_timeout);
	} else if (strcmp(key, "body_timeout") == 0) {
		c->body_timeout = (int)whole_number(p, key, value, "seconds",
		    1, 3600, (unsigned long long)c->body_timeout);
	} else {
		error_at(p, p->line, "unknown key \"%s\" in [daemon]", key);
	}
}

/* [auth]: the proxies whose user header is believed, as a list of
 * numeric addresses (a host name would make trust depend on DNS). */
static void
auth_key(struct parse *p, const char *key, const char *value)
{
	struct config *c = p->c;

	if (strcmp(key, "trusted_proxy") == 0) {
		char *copy = strdup(value), *save = NULL;

		if (copy == NULL) {
			p->oom = true;
			return;
		}
		for (char *tok = strtok_r(copy, ", \t", &save); tok != NULL;
		    tok = strtok_r(NULL, ", \t", &save)) {
			unsigned char addr[sizeof(struct in6_addr)];
			char **more;

			if (inet_pton(AF_INET, tok, addr) != 1 &&
			    inet_pton(AF_INET6, tok, addr) != 1) {
				error_at(p, p->line, "trusted_proxy: \"%s\" is not "
				    "a numeric IPv4 or IPv6 address", tok);
				continue;
			}
			if (c->trusted_proxy_count == CONFIG_PROXIES_MAX) {
				error_at(p, p->line, "trusted_proxy: at most %d "
				    "addresses", CONFIG_PROXIES_MAX);
				break;
			}
			more = realloc(c->trusted_proxies,
			    (c->trusted_proxy_count + 1) * sizeof *more);
			if (more == NULL || (more[c->trusted_proxy_count] =
			    strdup(tok)) == NULL) {
				if (more != NULL)
					c->trusted_proxies = more;
				p->oom = true;
				break;
			}
			c->trusted_proxies = more;
			c->trusted_proxy_count++;
		}
		free(copy);
		p->auth_line = p->line;
	} else if (strcmp(key, "user_header") == 0) {
		if (value[0] == '\0' || strpbrk(value, " \t:()<>@,;\\\"/[]?={}")
		    != NULL)
			error_at(p, p->line, "user_header: expected a header "
			    "name such as X-Remote-User");
		else
			set_string(p, &c->user_header, value);
		if (p->auth_line == 0)
			p->auth_line = p->line;
	} else {
		error_at(p, p->line, "unknown key \"%s\" in [auth]", key);
	}
}

/* Keys later parts read; their values are checked by those parts. */
static const char *const reminder_keys[] = {
	"send_time", "give_up_after", "hr", "digest", NULL,
};
static const char *const smtp_keys[] = {
	"url", "from", "starttls", "username", "password_file", NULL,
};
static const char *const webhook_keys[] = {
	"url", "secret_file", "format", "timeout", "language", NULL,
};

static bool
listed(const char *const *keys, const char *key)
{
	for (; *keys != NULL; keys++) {
		if (strcmp(*keys, key) == 0)
			return true;
	}
	return false;
}

static void
keep_item(struct parse *p, const char *section, const char *key,
    const char *value)
{
	struct config *c = p->c;
	struct config_item *items = realloc(c->items,
	    (c->item_count + 1) * sizeof *items);
	struct config_item *it;

	if (items == NULL) {
		p->oom = true;
		return;
	}
	c->items = items;
	it = &c->items[c->item_count];
	it->section = strdup(section);
	it->key = strdup(key);
	it->value = strdup(value);
	it->line = p->line;
	if (it->section == NULL || it->key == NULL || it->value == NULL) {
		free(it->section);
		free(it->key);
		free(it->value);
		p->oom = true;
		return;
	}
	c->item_count++;
}

static bool
webhook_name_ok(const char *name)
{
	if (*name == '\0')
		return false;
	for (; *name != '\0'; name++) {
		if (!islower((unsigned char)*name) && !isdigit((unsigned char)*name)
		    && *name != '-' && *name != '_')
			return false;
	}
	return true;
}

static int
handler(void *user, const char *section, const char *key, const char *value)
{
	struct parse *p = user;
	enum milestone_kind kind;
	struct failure f = { 0 };

	if (strcmp(section, "daemon") == 0) {
		daemon_key(p, key, value);
	} else if (strcmp(section, "auth") == 0) {
		auth_key(p, key, value);
	} else if (strcmp(section, "policy") == 0) {
		if (p->policy_line == 0)
			p->policy_line = p->line;
		if (policy_set(&p->c->policy, key, value, &f) != 0)
			error_at(p, p->line, "%s: %s", f.field, f.message);
	} else if (strcmp(section, "reminders") == 0) {
		if (!listed(reminder_keys, key) &&
		    milestone_kind_parse(key, &kind) != 0)
			error_at(p, p->line, "unknown key \"%s\" in [reminders]: "
			    "expected a setting or a milestone kind", key);
		else
			keep_item(p, section, key, value);
	} else if (strcmp(section, "smtp") == 0) {
		if (!listed(smtp_keys, key))
			error_at(p, p->line, "unknown key \"%s\" in [smtp]", key);
		else
			keep_item(p, section, key, value);
	} else if (strncmp(section, "webhook.", 8) == 0) {
		if (!webhook_name_ok(section + 8))
			error_at(p, p->line, "[%s]: a webhook name is made of "
			    "a-z, 0-9, - and _", section);
		else if (!listed(webhook_keys, key))
			error_at(p, p->line, "unknown key \"%s\" in [%s]", key,
			    section);
		else
			keep_item(p, section, key, value);
	} else if (section[0] == '\0') {
		error_at(p, p->line, "\"%s\" is outside any section", key);
	} else {
		error_at(p, p->line, "unknown section [%s]", section);
	}
	return 1;
}

static int
defaults(struct config *c)
{
	policy_default(&c->policy);
	c->language = LANG_DEFAULT;
	c->max_body = 1048576;
	c->max_connections = 256;
	c->header_timeout = 10;
	c->claim_lease = 300;
	c->body_timeout = 30;
	c->database = strdup("/var/lib/tenured/tenured.db");
	c->socket = strdup("/run/tenured/api.sock");
	c->public_url = strdup("http://localhost:8080");
	c->domain = strdup("localhost");
	c->timezone = strdup("Europe/Brussels");
	c->ics_dir = strdup("/var/lib/tenured/ics");
	return c->database && c->socket && c->public_url && c->domain &&
	    c->timezone && c->ics_dir ? 0 : -1;
}

struct config *
config_load(const char *path, struct failure_list *errors)
{
	struct config *c = calloc(1, sizeof *c);
	struct parse p = { .c = c, .errors = errors };
	struct failure f = { .kind = FAILURE_INVALID_FIELD };

	if (c == NULL || defaults(c) != 0 || (c->path = strdup(path)) == NULL) {
		failure_set(&f, FAILURE_INTERNAL, NULL, "out of memory");
		failure_list_add(errors, &f);
		config_free(c);
		return NULL;
	}
	if ((p.fp = fopen(path, "r")) == NULL) {
		failure_set(&f, FAILURE_INVALID_FIELD, NULL, "cannot read: %s",
		    strerror(errno));
		failure_list_add(errors, &f);
		config_free(c);
		return NULL;
	}
	ini_allow_multiline = false;
	ini_parse_stream(reader, &p, handler, &p);
	fclose(p.fp);
	config_load_secrets(&p);
	if (c->user_header != NULL && c->trusted_proxy_count == 0)
		error_at(&p, p.auth_line, "[auth] user_header needs "
		    "trusted_proxy: a header believed from anyone would let "
		    "anyone sign in as anyone");
	if (c->trusted_proxy_count > 0 && c->user_header == NULL)
		set_string(&p, &c->user_header, "X-Remote-User");
	config_notify_load(c, errors);
	if (p.oom) {
		failure_set(&f, FAILURE_INTERNAL, NULL, "out of memory");
		failure_list_add(errors, &f);
	}
	if (policy_validate(&c->policy, &f) != 0) {
		char msg[sizeof f.message];

		memcpy(msg, f.message, sizeof msg);
		snprintf(f.message, sizeof f.message, "[policy] %.40s: %.200s",
		    f.field, msg);
		/* The policy is checked whole; its section names the place. */
		f.line = p.policy_line > 0 ? p.policy_line : 1;
		failure_list_add(errors, &f);
	}
	if (errors->count > 0) {
		config_free(c);
		return NULL;
	}
	return c;
}

void
config_free(struct config *c)
{
	if (c == NULL)
		return;
	free(c->path);
	free(c->database);
	free(c->socket);
	free(c->listen);
	free(c->api_token_file);
	free(c->database_password_file);
	if (c->database_password != NULL) {
		explicit_bzero(c->database_password, strlen(c->database_password));
		free(c->database_password);
	}
	if (c->api_token != NULL) {
		explicit_bzero(c->api_token, strlen(c->api_token));
		free(c->api_token);
	}
	free(c->public_url);
	free(c->domain);
	free(c->timezone);
	free(c->ics_dir);
	free(c->holidays);
	for (size_t i = 0; i < c->trusted_proxy_count; i++)
		free(c->trusted_proxies[i]);
	free(c->trusted_proxies);
	free(c->user_header);
	for (size_t i = 0; i < c->item_count; i++) {
		free(c->items[i].section);
		free(c->items[i].key);
		free(c->items[i].value);
	}
	free(c->items);
	config_notify_free(c);
	free(c);
}

int
config_split_listen(const char *listen, char *host, size_t hostlen,
    unsigned short *port)
{
	const char *colon, *h = listen;
	size_t hl;
	char *end;
	unsigned long n;

	if (listen[0] == '[') {
		const char *close = strchr(listen, ']');

		if (close == NULL || close[1] != ':')
			return -1;
		h = listen + 1;
		hl = (size_t)(close - h);
		colon = close + 1;
	} else {
		colon = strrchr(listen, ':');
		if (colon == NULL)
			return -1;
		hl = (size_t)(colon - listen);
	}
	if (hl == 0 || hl >= hostlen)
		return -1;
	errno = 0;
	n = strtoul(colon + 1, &end, 10);
	if (errno != 0 || end == colon + 1 || *end != '\0' || n == 0 || n > 65535)
		return -1;
	memcpy(host, h, hl);
	host[hl] = '\0';
	*port = (unsigned short)n;
	return 0;
}
