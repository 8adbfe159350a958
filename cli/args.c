/* Options and operands of a command line, checked against an option table
 * before anything reaches the daemon: a bad date or a missing value is a
 * usage error (exit 2), not a refused request. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "tenurectl.h"

static int	args_error(char **, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static int
args_error(char **error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(error, fmt, ap) == -1)
		*error = NULL;
	va_end(ap);
	return -1;
}

static const struct args_option *
args_lookup(const struct args_option *table, const char *name, size_t len)
{
	const struct args_option *o;

	if (table == NULL)
		return NULL;
	for (o = table; o->name != NULL; o++) {
		if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
			return o;
	}
	return NULL;
}

static const char *
args_type_name(enum args_type type)
{
	switch (type) {
	case ARGS_DATE:
		return _("a date YYYY-MM-DD");
	case ARGS_COUNT:
		return _("a positive whole number");
	case ARGS_BOOL:
		return _("yes or no");
	default:
		return _("a value");
	}
}

static int
args_check(const struct args_option *o, const char *value, char **error)
{
	long long n;
	bool b;

	if (o->nullable && *value == '\0')
		return 0;
	switch (o->type) {
	case ARGS_DATE:
		if (!args_date_valid(value))
			return args_error(error, _("--%s: '%s' is not a date "
			    "(YYYY-MM-DD)"), o->name, value);
		break;
	case ARGS_COUNT:
		if (args_count(value, &n) != 0)
			return args_error(error, _("--%s: '%s' is not a "
			    "positive whole number"), o->name, value);
		break;
	case ARGS_BOOL:
		if (args_bool(value, &b) != 0)
			return args_error(error, _("--%s: '%s' is not yes or "
			    "no"), o->name, value);
		break;
	default:
		break;
	}
	return 0;
}

/*
 * Parses argv against the options of spec (and of extra, the global options,
 * which are accepted anywhere). With stop set, parsing ends at the first
 * operand (the command name); otherwise options and operands may be mixed
 * and "--" ends the options. Returns 0, or -1 with a message in *error.
 */
int
args_parse(struct args *args, int argc, char **argv,
    const struct args_option *spec, const struct args_option *extra, bool stop,
    char **error)
{
	const struct args_option *o;
	const char *arg, *name, *eq, *value;
	size_t i, len;
	int n;

	memset(args, 0, sizeof *args);
	*error = NULL;
	args->values = calloc((size_t)argc + 1, sizeof *args->values);
	args->operands = calloc((size_t)argc + 1, sizeof *args->operands);
	if (args->values == NULL || args->operands == NULL)
		return args_error(error, "%s", _("out of memory"));

	for (n = 0; n < argc; n++) {
		arg = argv[n];
		if (strcmp(arg, "--") == 0) {
			if (stop)
				break;
			for (n++; n < argc; n++)
				args->operands[args->noperands++] = argv[n];
			break;
		}
		if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
			if (stop)
				break;
			args->operands[args->noperands++] = argv[n];
			continue;
		}

		name = arg + 2;
		eq = strchr(name, '=');
		len = eq != NULL ? (size_t)(eq - name) : strlen(name);
		o = args_lookup(spec, name, len);
		if (o == NULL)
			o = args_lookup(extra, name, len);
		if (o == NULL)
			return args_error(error, _("unknown option --%.*s"),
			    (int)len, name);
		for (i = 0; i < args->nvalues; i++) {
			if (args->values[i].option == o)
				return args_error(error, _("--%s given twice"),
				    o->name);
		}

		value = NULL;
		if (o->type == ARGS_FLAG) {
			if (eq != NULL)
				return args_error(error,
				    _("--%s takes no value"), o->name);
		} else if (eq != NULL)
			value = eq + 1;
		else if (n + 1 < argc)
			value = argv[++n];
		else
			return args_error(error, _("--%s needs %s"), o->name,
			    args_type_name(o->type));
		if (value != NULL && args_check(o, value, error) != 0)
			return -1;
		args->values[args->nvalues].option = o;
		args->values[args->nvalues].value = value;
		args->nvalues++;
	}
	args->used = n;

	if (spec != NULL && !args_has(args, "help")) {
		for (o = spec; o->name != NULL; o++) {
			if (o->required && !args_has(args, o->name))
				return args_error(error, _("missing --%s"),
				    o->name);
		}
	}
	return 0;
}

void
args_free(struct args *args)
{
	if (args == NULL)
		return;
	free(args->values);
	free(args->operands);
	memset(args, 0, sizeof *args);
}

static const struct args_value *
args_find(const struct args *args, const char *name)
{
	size_t i;

	for (i = 0; i < args->nvalues; i++) {
		if (strcmp(args->values[i].option->name, name) == 0)
			return &args->values[i];
	}
	return NULL;
}

bool
args_has(const struct args *args, const char *name)
{
	return args_find(args, name) != NULL;
}

const char *
args_get(const struct args *args, const char *name)
{
	const struct args_value *v;

	v = args_find(args, name);
	return v != NULL ? v->value : NULL;
}

/* Strict YYYY-MM-DD naming a day that exists, in the years tenured keeps. */
bool
args_date_valid(const char *s)
{
	static const int days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int i, year, month, day, max;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return false;
		} else if (s[i] < '0' || s[i] > '9')
			return false;
	}
	if (s[10] != '\0')
		return false;
	year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	month = (s[5] - '0') * 10 + (s[6] - '0');
	day = (s[8] - '0') * 10 + (s[9] - '0');
	if (year < ARGS_YEAR_MIN || year > ARGS_YEAR_MAX)
		return false;
	if (month < 1 || month > 12 || day < 1)
		return false;
	max = days[month - 1];
	if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
		max = 29;
	return day <= max;
}

/* A positive integer in plain decimal digits, no sign, no spaces. */
int
args_count(const char *s, long long *out)
{
	char *end;
	long long n;

	if (*s < '1' || *s > '9')
		return -1;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || n <= 0)
		return -1;
	*out = n;
	return 0;
}

int
args_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "yes", "true", "1", "on", NULL };
	static const char *const no[] = { "no", "false", "0", "off", NULL };
	int i;

	for (i = 0; yes[i] != NULL; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
	}
	for (i = 0; no[i] != NULL; i++) {
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

/* The daemon's "within" durations: Nd, Nw or Nm. */
bool
args_duration_valid(const char *s)
{
	size_t len, i;

	len = strlen(s);
	if (len < 2 || len > 6)
		return false;
	for (i = 0; i < len - 1; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
	}
	return s[len - 1] == 'd' || s[len - 1] == 'w' || s[len - 1] == 'm';
}
