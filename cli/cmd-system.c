/* status and backup: how the daemon is, and a copy of its database. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tenurectl.h"

/* The first 16 bytes of every SQLite 3 database file. */
#define CMD_SYSTEM_SQLITE_MAGIC "SQLite format 3"

static const struct args_option cmd_system_no_options[] = {
	{ .name = NULL }
};

/* "outbox  pending 3, sent 12, ..." for the states that have rows. */
static void
cmd_system_outbox(json_t *counts)
{
	const char *key;
	json_t *v;
	bool first = true;

	if (!json_is_object(counts))
		return;
	printf("outbox  ");
	json_object_foreach(counts, key, v) {
		if (!json_is_integer(v) || json_integer_value(v) == 0)
			continue;
		printf("%s%s %lld", first ? "" : ", ", key,
		    (long long)json_integer_value(v));
		first = false;
	}
	printf("%s\n", first ? "empty" : "");
}

static int
cmd_system_status_exec(struct cmd_ctx *ctx)
{
	static const struct {
		const char *key;
		const char *label;
	} fields[] = {
		{ "version", "version" },
		{ "schema_version", "schema version" },
		{ "now", "now" },
		{ "today", "today" },
		{ "started_at", "started at" },
		{ "contracts", "contracts" },
		{ "milestones", "milestones" },
		{ "overdue", "overdue" },
	};
	char buf[OUTPUT_SCALAR_MAX];
	const char *row[2];
	struct table *t;
	json_t *status;
	size_t i;
	int rc;

	rc = client_json(ctx->client, "GET", "/api/v1/status", NULL, &status);
	if (rc != EXIT_OK)
		return rc;
	if (ctx->json) {
		output_json(stdout, status);
		json_decref(status);
		return EXIT_OK;
	}
	t = output_table_new(2, NULL);
	row[0] = "daemon";
	row[1] = client_where(ctx->client);
	output_table_add(t, row);
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		row[0] = fields[i].label;
		row[1] = output_scalar(status, fields[i].key, buf);
		output_table_add(t, row);
	}
	output_table_print(t, stdout, "");
	output_table_free(t);
	cmd_system_outbox(json_object_get(status, "outbox"));
	json_decref(status);
	return EXIT_OK;
}

/* Makes a rename in the directory of path durable. */
static int
cmd_system_sync_dir(const char *path)
{
	char *copy;
	int fd, rc;

	copy = strdup(path);
	if (copy == NULL)
		return -1;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(copy);
	if (fd == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static bool
cmd_system_is_sqlite(int fd)
{
	char magic[sizeof CMD_SYSTEM_SQLITE_MAGIC];

	if (pread(fd, magic, sizeof magic, 0) != (ssize_t)sizeof magic)
		return false;
	return memcmp(magic, CMD_SYSTEM_SQLITE_MAGIC, sizeof magic) == 0;
}

/*
 * Streams GET /api/v1/backup into FILE.tmp, checks it is a database, syncs
 * it and renames it to FILE: FILE is either the old file or a whole copy.
 */
static int
cmd_system_backup_exec(struct cmd_ctx *ctx)
{
	const char *file = ctx->args->operands[0];
	struct answer a;
	json_t *json;
	char *tmp;
	int fd, rc, saved;

	if (*file == '\0')
		return cmd_usage_error(ctx, "empty file name");
	if (asprintf(&tmp, "%s.tmp", file) == -1)
		return cmd_fail("out of memory");
	/* The copy holds personal data: only its owner may read it. */
	fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1) {
		rc = cmd_fail("cannot create %s: %s", tmp, strerror(errno));
		free(tmp);
		return rc;
	}
	rc = client_download(ctx->client, "/api/v1/backup", fd, &a);
	if (rc != EXIT_OK)
		goto fail;
	if (a.status < 200 || a.status > 299) {
		client_error_print(stderr, NULL, a.status, a.body, a.len);
		rc = EXIT_REFUSED;
		goto fail;
	}
	if (!cmd_system_is_sqlite(fd)) {
		rc = cmd_fail("the backup from tenured is not an SQLite "
		    "database (%zu bytes)", a.streamed);
		goto fail;
	}
	if (fsync(fd) == -1 || close(fd) == -1) {
		saved = errno;
		fd = -1;
		rc = cmd_fail("cannot write %s: %s", tmp, strerror(saved));
		goto fail;
	}
	fd = -1;
	if (rename(tmp, file) == -1) {
		rc = cmd_fail("cannot rename %s to %s: %s", tmp, file,
		    strerror(errno));
		goto fail;
	}
	if (cmd_system_sync_dir(file) == -1) {
		rc = cmd_fail("cannot sync the directory of %s: %s", file,
		    strerror(errno));
		client_answer_free(&a);
		free(tmp);
		return rc;
	}
	if (ctx->json) {
		json = json_pack("{s:s, s:I}", "file", file, "bytes",
		    (json_int_t)a.streamed);
		if (json != NULL)
			output_json(stdout, json);
		json_decref(json);
	} else
		printf("saved %zu bytes to %s\n", a.streamed, file);
	client_answer_free(&a);
	free(tmp);
	return EXIT_OK;

fail:
	client_answer_free(&a);
	if (fd != -1)
		close(fd);
	unlink(tmp);
	free(tmp);
	return rc;
}

const struct cmd_entry cmd_system_status_entry = {
	.name = "status",
	.usage = "",
	.about = "The daemon's version, clock and counts.",
	.options = cmd_system_no_options,
	.min_operands = 0,
	.max_operands = 0,
	.exec = cmd_system_status_exec,
};

const struct cmd_entry cmd_system_backup_entry = {
	.name = "backup",
	.usage = "FILE",
	.about = "Save a consistent copy of the database to FILE.",
	.options = cmd_system_no_options,
	.min_operands = 1,
	.max_operands = 1,
	.exec = cmd_system_backup_exec,
};
