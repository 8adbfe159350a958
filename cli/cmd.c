/* The command table, after tmux's cmd_entry: each command is a struct
 * cmd_entry with designated initializers in its cmd-*.c file (name, usage,
 * option table, operands, handler), listed here. A command name has one or
 * two words; the longest that matches the command line wins, so "outbox"
 * and "outbox retry" can both exist. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "lifecycle.h"
#include "scope.h"
#include "tenurectl.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_contract_add_entry,
	&cmd_contract_import_entry,
	&cmd_contract_list_entry,
	&cmd_contract_show_entry,
	&cmd_contract_edit_entry,
	&cmd_contract_find_entry,
	&cmd_decision_renew_entry,
	&cmd_decision_not_renew_entry,
	&cmd_decision_request_conversion_entry,
	&cmd_decision_convert_entry,
	&cmd_decision_end_entry,
	&cmd_decision_revoke_entry,
	&cmd_decision_acknowledge_entry,
	&cmd_upcoming_entry,
	&cmd_system_backup_entry,
	&cmd_system_status_entry,
	&cmd_vacancy_import_entry,
	&cmd_vacancy_list_entry,
	&cmd_vacancy_show_entry,
	&cmd_feed_create_entry,
	&cmd_feed_list_entry,
	&cmd_feed_rotate_entry,
	&cmd_feed_revoke_entry,
	&cmd_feed_export_entry,
	&cmd_outbox_entry,
	&cmd_outbox_retry_entry,
	&cmd_reminder_test_entry,
	&cmd_account_add_entry,
	&cmd_account_list_entry,
	&cmd_account_edit_entry,
	&cmd_account_token_entry,
	&cmd_account_whoami_entry,
	&cmd_audit_entry,
	NULL
};

/* Whether the command name is one of group's ("contract add" of
 * "contract"); len is strlen(group). */
static bool
cmd_in_group(const char *name, const char *group, size_t len)
{
	return strncmp(name, group, len) == 0 && name[len] == ' ';
}

/* How many leading words of argv spell name; 0 when they do not. */
static int
cmd_match(const char *name, int argc, char **argv)
{
	const char *space;
	size_t len;
	int words = 0;

	while (*name != '\0') {
		if (words == argc)
			return 0;
		space = strchr(name, ' ');
		len = space != NULL ? (size_t)(space - name) : strlen(name);
		if (strlen(argv[words]) != len ||
		    strncmp(argv[words], name, len) != 0)
			return 0;
		words++;
		name += len;
		if (*name == ' ')
			name++;
	}
	return words;
}

/*
 * The command that argv starts with, and in *used how many words its name
 * took. NULL when none; *group is then set when argv[0] names a group of
 * commands ("contract") without a command of the group after it.
 */
const struct cmd_entry *
cmd_find(int argc, char **argv, int *used, bool *group)
{
	const struct cmd_entry *const *e, *best = NULL;
	int words;

	*used = 0;
	*group = false;
	for (e = cmd_table; *e != NULL; e++) {
		words = cmd_match((*e)->name, argc, argv);
		if (words > *used) {
			best = *e;
			*used = words;
		}
		if (argc == 0)
			continue;
		if (cmd_in_group((*e)->name, argv[0], strlen(argv[0])))
			*group = true;
	}
	if (best != NULL)
		*group = false;
	return best;
}

void
cmd_usage(FILE *f, const struct cmd_entry *entry)
{
	fprintf(f, _("usage: tenurectl %s%s%s\n"), entry->name,
	    *entry->usage != '\0' ? " " : "", *entry->usage != '\0' ?
	    _(entry->usage) : "");
}

/* Every command, or those of one group ("contract") when group is set. */
void
cmd_usage_all(FILE *f, const char *group)
{
	const struct cmd_entry *const *e;
	size_t len;

	len = group != NULL ? strlen(group) : 0;
	for (e = cmd_table; *e != NULL; e++) {
		if (group != NULL && !cmd_in_group((*e)->name, group, len))
			continue;
		fprintf(f, "  %s%s%s\n      %s\n", (*e)->name,
		    *(*e)->usage != '\0' ? " " : "", *(*e)->usage != '\0' ?
		    _((*e)->usage) : "", _((*e)->about));
	}
}

/* Whether argv asks for help: --help or -h before any "--". */
bool
cmd_wants_help(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	}
	return false;
}

/* --help of one command: its usage, what it does, what else it has to
 * say, and the commands of the group it names ("outbox": "outbox retry"). */
void
cmd_help(FILE *f, const struct cmd_entry *entry)
{
	const struct cmd_entry *const *e;
	size_t len;

	cmd_usage(f, entry);
	fprintf(f, "%s\n", _(entry->about));
	if (entry->help != NULL)
		entry->help(f);
	len = strlen(entry->name);
	for (e = cmd_table; *e != NULL; e++) {
		if (cmd_in_group((*e)->name, entry->name, len)) {
			fprintf(f, "\n%s\n", _("Commands:"));
			cmd_usage_all(f, entry->name);
			break;
		}
	}
}

int
cmd_usage_error(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tenurectl: %s: ", ctx->entry->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cmd_usage(stderr, ctx->entry);
	return EXIT_USAGE;
}

/* After a command on one thing: the daemon's answer for --json, else the
 * line fmt says; frees the answer. */
int
cmd_done(struct cmd_ctx *ctx, json_t *answer, const char *fmt, ...)
{
	va_list ap;

	if (ctx->json) {
		output_json(stdout, answer);
	} else {
		va_start(ap, fmt);
		output_vline(stdout, fmt, ap);
		va_end(ap);
	}
	json_decref(answer);
	return EXIT_OK;
}

/* GET path: the daemon's answer for --json, else print's text of it. */
int
cmd_get_print(struct cmd_ctx *ctx, const char *path,
    void (*print)(FILE *, json_t *))
{
	json_t *answer;
	int status;

	status = client_json(ctx->client, "GET", path, NULL, &answer);
	if (status != EXIT_OK)
		return status;
	if (ctx->json)
		output_json(stdout, answer);
	else
		print(stdout, answer);
	json_decref(answer);
	return EXIT_OK;
}

/*
 * path with a query of the pairs of params (name, value; n pairs), each
 * value escaped, those whose value is NULL left out; NULL when out of
 * memory. free() it.
 */
char *
cmd_query(struct cmd_ctx *ctx, const char *path, const char *const *params,
    size_t n)
{
	char *query, *esc, *grown;
	size_t i;

	if ((query = strdup(path)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (params[2 * i + 1] == NULL)
			continue;
		esc = client_escape(ctx->client, params[2 * i + 1]);
		if (esc == NULL || asprintf(&grown, "%s%c%s=%s", query,
		    strchr(query, '?') != NULL ? '&' : '?', params[2 * i],
		    esc) == -1)
			grown = NULL;
		free(esc);
		free(query);
		if ((query = grown) == NULL)
			return NULL;
	}
	return query;
}

/* A failure that is not the daemon's refusal: says so, returns exit 1. */
int
cmd_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tenurectl: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_REFUSED;
}

/*
 * Every page of a paged listing: GET path (which may hold a query already)
 * with after=ID until next_after is null, the items of member gathered in
 * *items. A cursor is the ID of a page's last item, and items come by date,
 * so cursors need not grow: a cursor seen before, or a page without items
 * that names a next one, means the daemon is going round in circles.
 */
int
cmd_fetch_all(struct cmd_ctx *ctx, const char *path, const char *member,
    json_t **items)
{
	json_t *page = NULL, *list, *next;
	json_int_t after = 0, *seen = NULL, *grown;
	size_t nseen = 0, i;
	char *url;
	int status;

	*items = json_array();
	if (*items == NULL)
		return cmd_fail("%s", _("out of memory"));
	for (;;) {
		if (nseen == 0)
			url = strdup(path);
		else if (asprintf(&url, "%s%cafter=%lld", path,
		    strchr(path, '?') != NULL ? '&' : '?',
		    (long long)after) == -1)
			url = NULL;
		if (url == NULL) {
			status = cmd_fail("%s", _("out of memory"));
			goto fail;
		}
		status = client_json(ctx->client, "GET", url, NULL, &page);
		free(url);
		if (status != EXIT_OK)
			goto fail;
		list = json_object_get(page, member);
		next = json_object_get(page, "next_after");
		if (!json_is_array(list) ||
		    (next != NULL && !json_is_null(next) &&
		    !json_is_integer(next))) {
			status = cmd_fail(_("the answer of tenured has no list "
			    "of %s"), member);
			goto fail;
		}
		json_array_extend(*items, list);
		if (!json_is_integer(next)) {
			json_decref(page);
			free(seen);
			return EXIT_OK;
		}
		after = json_integer_value(next);
		for (i = 0; i < nseen && seen[i] != after; i++)
			;
		if (i < nseen || json_array_size(list) == 0) {
			status = cmd_fail(_("the pages of %s from tenured go "
			    "round in circles (next_after %lld)"), member,
			    (long long)after);
			goto fail;
		}
		grown = reallocarray(seen, nseen + 1, sizeof *seen);
		if (grown == NULL) {
			status = cmd_fail("%s", _("out of memory"));
			goto fail;
		}
		seen = grown;
		seen[nseen++] = after;
		json_decref(page);
		page = NULL;
	}

fail:
	free(seen);
	json_decref(page);
	json_decref(*items);
	*items = NULL;
	return status;
}

/*
 * Every page of path (cmd_fetch_all): with --json one answer that holds all
 * the items of member and a null next_after, else print's text of them;
 * none says there are none.
 */
int
cmd_list_print(struct cmd_ctx *ctx, const char *path, const char *member,
    void (*print)(FILE *, json_t *, const char *), const char *none)
{
	json_t *items, *wrapped;
	int status;

	status = cmd_fetch_all(ctx, path, member, &items);
	if (status != EXIT_OK)
		return status;
	if (ctx->json) {
		wrapped = json_pack("{s:o, s:n}", member, items, "next_after");
		output_json(stdout, wrapped);
		json_decref(wrapped);
	} else {
		print(stdout, items, none);
		json_decref(items);
	}
	return EXIT_OK;
}

/* A JSON object of the options that name a member (their .key). */
json_t *
cmd_body(const struct args *args)
{
	const struct args_value *v;
	json_t *body, *value;
	long long n;
	bool b;
	size_t i;

	body = json_object();
	for (i = 0; body != NULL && i < args->nvalues; i++) {
		v = &args->values[i];
		if (v->option->key == NULL)
			continue;
		if (v->option->type == ARGS_FLAG)
			value = json_true();
		else if (v->option->nullable && *v->value == '\0')
			value = json_null();
		else if (v->option->type == ARGS_COUNT) {
			if (args_count(v->value, &n) != 0)
				n = 0;
			value = json_integer(n);
		} else if (v->option->type == ARGS_BOOL) {
			if (args_bool(v->value, &b) != 0)
				b = false;
			value = json_boolean(b);
		} else
			value = json_string(v->value);
		if (value == NULL) {
			/* Not UTF-8: let the daemon's validation not see it. */
			json_decref(body);
			return NULL;
		}
		json_object_set_new(body, v->option->key, value);
	}
	return body;
}

/* Operand i as an ID (a positive integer), or a usage error. */
int
cmd_operand_id(struct cmd_ctx *ctx, int i, long long *id)
{
	const char *s;
	char *clean;
	int status;

	s = ctx->args->operands[i];
	if (args_count(s, id) == 0)
		return EXIT_OK;
	clean = output_clean(s);
	status = cmd_usage_error(ctx, _("'%s' is not an ID (a positive "
	    "whole number)"), clean != NULL ? clean : "?");
	free(clean);
	return status;
}

/* A command on one thing: the first operand is its ID, the request goes
 * to prefix ID suffix, and the answer is the caller's to print and free. */
int
cmd_call_id(struct cmd_ctx *ctx, const char *method, const char *prefix,
    const char *suffix, long long *id, json_t **answer)
{
	char path[128];
	int status;

	if ((status = cmd_operand_id(ctx, 0, id)) != EXIT_OK)
		return status;
	snprintf(path, sizeof path, "%s%lld%s", prefix, *id, suffix);
	return client_json(ctx->client, method, path, NULL, answer);
}

/* The whole file (at most max bytes), or stdin for "-", NUL-terminated. */
char *
cmd_slurp(const char *path, size_t max, size_t *len)
{
	char *buf = NULL, *grown;
	size_t cap = 0;
	ssize_t n;
	int fd;

	*len = 0;
	fd = strcmp(path, "-") == 0 ? STDIN_FILENO :
	    open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return NULL;
	for (;;) {
		if (*len == cap) {
			if (cap >= max) {
				errno = EFBIG;
				goto fail;
			}
			cap = cap != 0 ? cap * 2 : 65536;
			if ((grown = realloc(buf, cap + 1)) == NULL)
				goto fail;
			buf = grown;
		}
		n = read(fd, buf + *len, cap - *len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto fail;
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	if (buf == NULL && (buf = malloc(1)) == NULL)
		return NULL;
	buf[*len] = '\0';
	return buf;

fail:
	n = errno;
	if (fd != STDIN_FILENO)
		close(fd);
	free(buf);
	errno = (int)n;
	return NULL;
}
