/* The secrets the configuration names by file, read once its keys are:
 * the bootstrap token and PostgreSQL's password, each the first line of a
 * file only the daemon may read; the line of the key names an error. */
#include "config-internal.h"

#include <stdio.h>
#include <string.h>

#include "secret-file.h"
#include "store.h"

/* The first line of a secret file, without its line end: its length, or
 * -1 with the error reported at line. */
static int
secret_line(struct parse *p, const char *path, const char *key, int line,
    char *buf, size_t len)
{
	struct failure f = { 0 };
	FILE *fp;

	if ((fp = secret_file_open(path, key, &f)) == NULL) {
		config_error_at(p, line, "%s: %s", key, f.message);
		return -1;
	}
	if (fgets(buf, (int)len, fp) == NULL)
		buf[0] = '\0';
	fclose(fp);
	buf[strcspn(buf, "\r\n")] = '\0';
	return (int)strlen(buf);
}

static void
load_database_password(struct parse *p)
{
	struct config *c = p->c;
	char buf[512];

	if (c->database_password_file == NULL)
		return;
	if (!store_is_postgresql(c->database)) {
		config_error_at(p, p->password_line, "database_password_file: "
		    "only a PostgreSQL database (postgresql://...) takes a "
		    "password");
		return;
	}
	switch (secret_line(p, c->database_password_file,
	    "database_password_file", p->password_line, buf, sizeof buf)) {
	case -1:
		break;
	case 0:
		/* Not libpq's password file in its place, unasked. */
		config_error_at(p, p->password_line, "database_password_file: "
		    "%s has no password on its first line",
		    c->database_password_file);
		break;
	default:
		config_set_string(p, &c->database_password, buf);
	}
	explicit_bzero(buf, sizeof buf);
}

static void
load_token(struct parse *p)
{
	struct config *c = p->c;
	char buf[512];
	int len;
	int line = p->token_line;

	if (c->api_token_file == NULL)
		return;
	if ((len = secret_line(p, c->api_token_file, "api_token_file", line,
	    buf, sizeof buf)) < 0)
		return;
	/* A token of whitespace is no token; one with blanks inside is a
	 * copy-and-paste mistake that would fail every request. */
	if (len < 16 || strpbrk(buf, " \t\v\f") != NULL) {
		explicit_bzero(buf, sizeof buf);
		config_error_at(p, line, "api_token_file: %s must hold a token "
		    "of at least 16 characters without blanks on its first line",
		    c->api_token_file);
		return;
	}
	config_set_string(p, &c->api_token, buf);
	explicit_bzero(buf, sizeof buf);
}

void
config_load_secrets(struct parse *p)
{
	load_token(p);
	load_database_password(p);
}
