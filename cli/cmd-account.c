/* account add, list, edit and token, and whoami: who may use the API, with
 * which role (SPEC section 11). A token is printed once, on the last line of
 * the output, so that `tail -1` takes it: tenured keeps only its hash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "tenurectl.h"

static const char *const cmd_account_roles[] = {
	"admin", "hr", "auditor", "manager", "staff", NULL
};

static const char *const cmd_account_languages[] = {
	"en", "fr", NULL
};

static const struct args_option cmd_account_add_options[] = {
	{ .name = "role", .type = ARGS_STRING, .required = true,
	  .key = "role" },
	{ .name = "email", .type = ARGS_STRING, .key = "email" },
	{ .name = "language", .type = ARGS_STRING, .key = "language" },
	{ .name = NULL }
};

/* account edit: "" stands for null (no email, the default language). */
static const struct args_option cmd_account_edit_options[] = {
	{ .name = "role", .type = ARGS_STRING, .key = "role" },
	{ .name = "email", .type = ARGS_STRING, .nullable = true,
	  .key = "email" },
	{ .name = "language", .type = ARGS_STRING, .nullable = true,
	  .key = "language" },
	{ .name = "disable", .type = ARGS_FLAG },
	{ .name = "enable", .type = ARGS_FLAG },
	{ .name = NULL }
};

static const struct args_option cmd_account_no_options[] = {
	{ .name = NULL }
};

static const char *
cmd_account_or(json_t *obj, const char *key, const char *otherwise)
{
	const char *s = output_string(obj, key);

	return s != NULL ? s : otherwise;
}

/* The role and language options name one of the values tenured knows. */
static int
cmd_account_check(struct cmd_ctx *ctx)
{
	int status;

	if ((status = cmd_check_choice(ctx, "role", cmd_account_roles)) !=
	    EXIT_OK)
		return status;
	return cmd_check_choice(ctx, "language", cmd_account_languages);
}

/* "/api/v1/accounts/NAME" + suffix, NAME escaped; NULL when out of memory. */
static char *
cmd_account_path(struct cmd_ctx *ctx, const char *suffix)
{
	char *name, *path;

	if ((name = client_escape(ctx->client, ctx->args->operands[0])) ==
	    NULL)
		return NULL;
	if (asprintf(&path, "/api/v1/accounts/%s%s", name, suffix) == -1)
		path = NULL;
	free(name);
	return path;
}

/*
 * An answer that carries a new token: with --json the answer, else
 * "account NAME (ROLE) created; ..." (or "has a new token; ..."), and the
 * token alone on the last line. Frees the answer.
 */
static int
cmd_account_token_print(struct cmd_ctx *ctx, json_t *account, bool created)
{
	const char *token;

	token = output_string(account, "token");
	if (token == NULL || *token == '\0') {
		json_decref(account);
		return cmd_fail("%s",
		    _("the answer of tenured holds no token"));
	}
	if (ctx->json)
		output_json(stdout, account);
	else {
		output_line(stdout, created ? _("account %s (%s) created; its "
		    "token, shown only now:") : _("account %s (%s) has a new "
		    "token; the old one no longer works. The new one, shown "
		    "only now:"), cmd_account_or(account, "name", "?"),
		    cmd_account_or(account, "role", "?"));
		output_line(stdout, "%s", token);
	}
	json_decref(account);
	return EXIT_OK;
}

static int
cmd_account_add_exec(struct cmd_ctx *ctx)
{
	json_t *body, *name, *account;
	int status;

	if ((status = cmd_account_check(ctx)) != EXIT_OK)
		return status;
	body = cmd_body(ctx->args);
	name = json_string(ctx->args->operands[0]);
	if (body == NULL || name == NULL) {
		json_decref(body);
		json_decref(name);
		return cmd_usage_error(ctx, "%s",
		    _("every value must be UTF-8 text"));
	}
	json_object_set_new(body, "name", name);
	status = client_json(ctx->client, "POST", "/api/v1/accounts", body,
	    &account);
	json_decref(body);
	if (status != EXIT_OK)
		return status;
	return cmd_account_token_print(ctx, account, true);
}

/* NAME ROLE EMAIL LANGUAGE STATE LAST USED, or a line saying there are none. */
void
cmd_account_list_print(FILE *f, json_t *answer)
{
	static const char *const headers[] = {
		N_("NAME"), N_("ROLE"), N_("EMAIL"), N_("LANGUAGE"),
		N_("STATE"), N_("LAST USED")
	};
	json_t *accounts, *a;
	const char *row[6];
	struct table *t;
	size_t i;

	accounts = json_object_get(answer, "accounts");
	t = output_table_new(6, headers);
	json_array_foreach(accounts, i, a) {
		if (!json_is_object(a))
			continue;
		row[0] = output_string(a, "name");
		row[1] = output_string(a, "role");
		row[2] = output_string(a, "email");
		row[3] = output_string(a, "language");
		row[4] = json_is_true(json_object_get(a, "disabled")) ?
		    _("disabled") : _("active");
		row[5] = cmd_account_or(a, "last_used_at", _("never"));
		output_table_add(t, row);
	}
	output_table_finish(t, f, _("no accounts"));
}

static int
cmd_account_list_exec(struct cmd_ctx *ctx)
{
	return cmd_get_print(ctx, "/api/v1/accounts", cmd_account_list_print);
}

static int
cmd_account_edit_exec(struct cmd_ctx *ctx)
{
	json_t *body, *account;
	char *path, *email = NULL;
	bool disable, enable;
	int status;

	disable = args_has(ctx->args, "disable");
	enable = args_has(ctx->args, "enable");
	if (disable && enable)
		return cmd_usage_error(ctx, "%s", _("--disable and --enable "
		    "exclude each other"));
	if ((status = cmd_account_check(ctx)) != EXIT_OK)
		return status;
	body = cmd_body(ctx->args);
	if (body == NULL)
		return cmd_usage_error(ctx, "%s",
		    _("every value must be UTF-8 text"));
	if (disable || enable)
		json_object_set_new(body, "disabled", json_boolean(disable));
	if (json_object_size(body) == 0) {
		json_decref(body);
		return cmd_usage_error(ctx, "%s", _("nothing to change: give "
		    "--role, --email, --language, --disable or --enable"));
	}
	if ((path = cmd_account_path(ctx, "")) == NULL) {
		json_decref(body);
		return cmd_fail("%s", _("out of memory"));
	}
	status = client_json(ctx->client, "PATCH", path, body, &account);
	free(path);
	json_decref(body);
	if (status != EXIT_OK)
		return status;
	if (output_string(account, "email") != NULL &&
	    asprintf(&email, _("email %s"), output_string(account, "email")) ==
	    -1)
		email = NULL;
	status = cmd_done(ctx, account, _("account %s changed: role %s, %s, "
	    "language %s, %s"), cmd_account_or(account, "name", "?"),
	    cmd_account_or(account, "role", "?"),
	    email != NULL ? email : _("no email"),
	    cmd_account_or(account, "language", _("default")),
	    json_is_true(json_object_get(account, "disabled")) ?
	    _("disabled") : _("active"));
	free(email);
	return status;
}

static int
cmd_account_token_exec(struct cmd_ctx *ctx)
{
	json_t *account;
	char *path;
	int status;

	if ((path = cmd_account_path(ctx, "/token")) == NULL)
		return cmd_fail("%s", _("out of memory"));
	status = client_json(ctx->client, "POST", path, NULL, &account);
	free(path);
	if (status != EXIT_OK)
		return status;
	return cmd_account_token_print(ctx, account, false);
}

/* "NAME (ROLE) via VIA", then the email if there is one. */
static void
cmd_account_whoami_print(FILE *f, json_t *me)
{
	/* TRANSLATORS: NAME (ROLE) via socket|token|proxy */
	output_line(f, _("%s (%s) via %s"), cmd_account_or(me, "name", "?"),
	    cmd_account_or(me, "role", "?"), cmd_account_or(me, "via", "?"));
	if (output_string(me, "email") != NULL)
		output_line(f, _("email %s"), output_string(me, "email"));
}

static int
cmd_account_whoami_exec(struct cmd_ctx *ctx)
{
	return cmd_get_print(ctx, "/api/v1/me", cmd_account_whoami_print);
}

const struct cmd_entry cmd_account_add_entry = {
	.name = "account add",
	.usage = N_("NAME --role admin|hr|auditor|manager|staff "
	    "[--email EMAIL] [--language en|fr]"),
	.about = N_("Create an account; prints its token once, on the last "
	    "line."),
	.options = cmd_account_add_options,
	.min_operands = 1,
	.max_operands = 1,
	.exec = cmd_account_add_exec,
};

const struct cmd_entry cmd_account_list_entry = {
	.name = "account list",
	.usage = "",
	.about = N_("List the accounts: role, email, language, state, last "
	    "use."),
	.options = cmd_account_no_options,
	.min_operands = 0,
	.max_operands = 0,
	.exec = cmd_account_list_exec,
};

const struct cmd_entry cmd_account_edit_entry = {
	.name = "account edit",
	.usage = N_("NAME [--role ROLE] [--email EMAIL] [--language en|fr] "
	    "[--disable|--enable] (\"\" clears email or language)"),
	.about = N_("Change an account's role, email or language, or disable "
	    "it."),
	.options = cmd_account_edit_options,
	.min_operands = 1,
	.max_operands = 1,
	.exec = cmd_account_edit_exec,
};

const struct cmd_entry cmd_account_token_entry = {
	.name = "account token",
	.usage = N_("NAME"),
	.about = N_("Issue a new token (printed once); the old one stops "
	    "working."),
	.options = cmd_account_no_options,
	.min_operands = 1,
	.max_operands = 1,
	.exec = cmd_account_token_exec,
};

const struct cmd_entry cmd_account_whoami_entry = {
	.name = "whoami",
	.usage = "",
	.about = N_("The account this command runs as: name, role, how, "
	    "email."),
	.options = cmd_account_no_options,
	.min_operands = 0,
	.max_operands = 0,
	.exec = cmd_account_whoami_exec,
};
