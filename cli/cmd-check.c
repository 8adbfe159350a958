/* The checks of option values every command shares: a choice among a
 * list (said back as "a, b or c" in the reader's language), a scope, the
 * milestone kinds. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lifecycle.h"
#include "scope.h"
#include "tenurectl.h"

/* "a, b or c" of choices (NULL-terminated), "a, b ou c" in French; NULL
 * when out of memory. free() it. */
char *
cmd_choices(const char *const *choices)
{
	char *list = NULL, *grown;
	int i, rc;

	for (i = 0; choices[i] != NULL; i++) {
		if (i == 0)
			rc = asprintf(&grown, "%s", choices[i]);
		else if (choices[i + 1] != NULL)
			rc = asprintf(&grown, "%s, %s", list, choices[i]);
		else
			/* TRANSLATORS: the last two of a list of values. */
			rc = asprintf(&grown, _("%s or %s"), list, choices[i]);
		if (rc == -1)
			grown = NULL;
		free(list);
		if ((list = grown) == NULL)
			return NULL;
	}
	return list != NULL ? list : strdup("");
}

/* Whether option name of the command takes "" for null. */
static bool
cmd_nullable(const struct cmd_entry *entry, const char *name)
{
	const struct args_option *o;

	for (o = entry->options; o != NULL && o->name != NULL; o++) {
		if (strcmp(o->name, name) == 0)
			return o->nullable;
	}
	return false;
}

/*
 * The value of option name, when given and not "" for null, must be one of
 * choices (NULL-terminated); else a usage error naming them all.
 */
int
cmd_check_choice(struct cmd_ctx *ctx, const char *name,
    const char *const *choices)
{
	const char *value;
	char *clean, *list;
	int i, status;

	value = args_get(ctx->args, name);
	if (value == NULL ||
	    (*value == '\0' && cmd_nullable(ctx->entry, name)))
		return EXIT_OK;
	for (i = 0; choices[i] != NULL; i++) {
		if (strcmp(value, choices[i]) == 0)
			return EXIT_OK;
	}
	if ((list = cmd_choices(choices)) == NULL)
		return cmd_fail("%s", _("out of memory"));
	clean = output_clean(value);
	/* TRANSLATORS: --OPTION: 'VALUE' is not a, b or c. */
	status = cmd_usage_error(ctx, _("--%s: '%s' is not %s"), name,
	    clean != NULL ? clean : "?", list);
	free(clean);
	free(list);
	return status;
}

/* The scopes of feeds and listings (SPEC section 6), for people. */
const char *
cmd_scope_syntax(void)
{
	return _("all, manager:EMAIL, person:EMAIL, unit:NAME or vacancy:REF");
}

/*
 * The value of option name, when given, must be a scope as tenured reads
 * it (jobs/scope.c); else a usage error that gives the syntax.
 */
int
cmd_check_scope(struct cmd_ctx *ctx, const char *name)
{
	struct scope scope;
	struct failure f;
	const char *value;
	char *clean;
	bool syntax;
	int status;

	value = args_get(ctx->args, name);
	if (value == NULL || scope_parse(value, &scope, &f) == 0)
		return EXIT_OK;
	/* The message is jobs/scope.c's, in the current language; "manager:"
	 * is the syntax's own word, said in every language. */
	syntax = strstr(f.message, "manager:") != NULL;
	clean = output_clean(value);
	if (syntax)
		status = cmd_usage_error(ctx, "--%s: '%s': %s", name,
		    clean != NULL ? clean : "?", f.message);
	else
		status = cmd_usage_error(ctx,
		    _("--%s: '%s': %s; a scope is %s"), name,
		    clean != NULL ? clean : "?", f.message, cmd_scope_syntax());
	free(clean);
	return status;
}

/* The milestone kinds tenured knows (jobs/lifecycle.c), or only those a
 * decision marks done; NULL-terminated. */
const char *const *
cmd_milestone_kinds(bool decisions)
{
	static const char *all[MS_KIND_COUNT + 1];
	static const char *decision[MS_KIND_COUNT + 1];
	size_t n = 0;
	int k;

	if (all[0] == NULL) {
		for (k = 0; k < MS_KIND_COUNT; k++) {
			all[k] = milestone_kind_name((enum milestone_kind)k);
			if (milestone_kind_is_decision((enum milestone_kind)k))
				decision[n++] = all[k];
		}
	}
	return decisions ? decision : all;
}
