/* status and backup: how the daemon is, and a copy of its database. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "tenurectl.h"

/* The first 16 bytes of every SQLite 3 database file. */
#define CMD_SYSTEM_SQLITE_MAGIC "SQLite format 3"

static const struct args_option cmd_system_no_options[] = {
	{ .name = NULL }
};

/* "outbox  pending 3, sent 12, ..." for the states that have rows (the
 * states are the values of outbox --status). */
static void
cmd_system_outbox(FILE *f, json_t *counts)
{
	const char *key;
	json_t *v;
	bool first = true;

	if (!json_is_object(counts))
		return;
	fprintf(f, "%s  ", _("outbox"));
	json_object_foreach(counts, key, v) {
		if (!json_is_integer(v) || json_integer_value(v) == 0)
			continue;
		fprintf(f, "%s%s %lld", first ? "" : ", ", key,
		    (long long)json_integer_value(v));
		first = false;
	}
	fprintf(f, "%s\n", first ? _("empty") : "");
}

/*
 * "12 reminders wait for email, which is not configured: no [smtp] url":
 * one line a channel that reminders wait for and that is not configured.
 */
static void
cmd_system_waiting(FILE *f, json_t *waiting)
{
	const char *channel, *reason;
	json_int_t count;
	unsigned long n;
	size_t i, len;
	json_t *w;

	json_array_foreach(waiting, i, w) {
		count = json_integer_value(json_object_get(w, "count"));
		if ((channel = output_string(w, "channel")) == NULL ||
		    count <= 0)
			continue;
		n = (unsigned long)count;
		len = strlen(channel);
		reason = output_string(w, "reason");
		if (reason == NULL)
			output_line(f, trn(i18n_current(),
			    "%lld reminder waits for %s, which is not "
			    "configured", "%lld reminders wait for %s, which "
			    "is not configured", n), (long long)count, channel);
		else if (strncmp(reason, channel, len) == 0 &&
		    reason[len] == ' ')
			/* TRANSLATORS: the daemon's reason after the channel's
			 * name reads on: "email is not configured: ...". */
			output_line(f, trn(i18n_current(),
			    "%lld reminder waits for %s, which %s",
			    "%lld reminders wait for %s, which %s", n),
			    (long long)count, channel, reason + len + 1);
		else
			output_line(f, trn(i18n_current(),
			    "%lld reminder waits for %s, which is not "
			    "configured: %s", "%lld reminders wait for %s, "
			    "which is not configured: %s", n), (long long)count,
			    channel, reason);
	}
}

/* "next reminder: #ID at DUE_AT, CHANNEL to RECIPIENT (KIND, contract N
 * PERSON)"; "next reminder: none" when the daemon says null. */
static void
cmd_system_next(FILE *f, json_t *status)
{
	char id[OUTPUT_SCALAR_MAX], contract[OUTPUT_SCALAR_MAX];
	const char *recipient, *person, *cid;
	char *to, *of;
	json_t *next;

	if ((next = json_object_get(status, "next_reminder")) == NULL)
		return;
	if (!json_is_object(next)) {
		fprintf(f, "%s\n", _("next reminder: none"));
		return;
	}
	recipient = output_string(next, "recipient");
	person = output_string(next, "person");
	cid = output_scalar(next, "contract_id", contract);
	to = NULL;
	/* TRANSLATORS: " to hr@example.org" after a channel. */
	if (recipient != NULL && asprintf(&to, _(" to %s"), recipient) == -1)
		to = NULL;
	of = NULL;
	/* TRANSLATORS: ", contract 3 Chiara Rossi" after a milestone kind. */
	if (cid != NULL && asprintf(&of, _(", contract %s%s%s"), cid,
	    person != NULL ? " " : "", person != NULL ? person : "") == -1)
		of = NULL;
	/* TRANSLATORS: next reminder: #ID at DUE, CHANNEL[ to X] (KIND[,
	 * contract N NAME]). */
	output_line(f, _("next reminder: #%s at %s, %s%s (%s%s)"),
	    output_scalar(next, "id", id) != NULL ? id : "?",
	    output_string(next, "due_at") != NULL ?
	    output_string(next, "due_at") : "?",
	    output_string(next, "channel") != NULL ?
	    output_string(next, "channel") : "?", to != NULL ? to : "",
	    output_string(next, "kind") != NULL ?
	    output_string(next, "kind") : "?", of != NULL ? of : "");
	free(to);
	free(of);
}

/*
 * What needs attention first (reminders that wait for a channel that is
 * not configured, the next reminder due), then the daemon (where: how it
 * was reached), its clocks and counts, and the outbox.
 */
void
cmd_system_status_print(FILE *f, json_t *status, const char *where)
{
	static const struct {
		const char *key;
		const char *label;
	} fields[] = {
		{ "version", N_("version") },
		{ "schema_version", N_("schema version") },
		{ "now", N_("now") },
		{ "today", N_("today") },
		{ "started_at", N_("started at") },
		{ "contracts", N_("contracts") },
		{ "milestones", N_("milestones") },
		{ "overdue", N_("overdue") },
	};
	char buf[OUTPUT_SCALAR_MAX];
	const char *row[2];
	struct table *t;
	size_t i;

	cmd_system_waiting(f, json_object_get(status, "waiting"));
	cmd_system_next(f, status);
	t = output_table_new(2, NULL);
	row[0] = _("daemon");
	row[1] = where;
	output_table_add(t, row);
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		row[0] = _(fields[i].label);
		row[1] = output_scalar(status, fields[i].key, buf);
		output_table_add(t, row);
	}
	output_table_print(t, f, "");
	output_table_free(t);
	cmd_system_outbox(f, json_object_get(status, "outbox"));
}

static int
cmd_system_status_exec(struct cmd_ctx *ctx)
{
	json_t *status;
	int rc;

	rc = client_json(ctx->client, "GET", "/api/v1/status", NULL, &status);
	if (rc != EXIT_OK)
		return rc;
	if (ctx->json)
		output_json(stdout, status);
	else
		cmd_system_status_print(stdout, status,
		    client_where(ctx->client));
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
		return cmd_usage_error(ctx, "%s", _("empty file name"));
	if (asprintf(&tmp, "%s.tmp", file) == -1)
		return cmd_fail("%s", _("out of memory"));
	/* The copy holds personal data: only its owner may read it. */
	fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1) {
		rc = cmd_fail(_("cannot create %s: %s"), tmp, strerror(errno));
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
		rc = cmd_fail(trn(i18n_current(), "the backup from tenured is "
		    "not an SQLite database (%zu byte)", "the backup from "
		    "tenured is not an SQLite database (%zu bytes)",
		    a.streamed), a.streamed);
		goto fail;
	}
	if (fsync(fd) == -1 || close(fd) == -1) {
		saved = errno;
		fd = -1;
		rc = cmd_fail(_("cannot write %s: %s"), tmp, strerror(saved));
		goto fail;
	}
	fd = -1;
	if (rename(tmp, file) == -1) {
		rc = cmd_fail(_("cannot rename %s to %s: %s"), tmp, file,
		    strerror(errno));
		goto fail;
	}
	if (cmd_system_sync_dir(file) == -1) {
		rc = cmd_fail(_("cannot sync the directory of %s: %s"), file,
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
		printf(trn(i18n_current(), "saved %zu byte to %s\n",
		    "saved %zu bytes to %s\n", a.streamed), a.streamed, file);
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
	.about = N_("What waits, the next reminder, the daemon's version, "
	    "clock and counts."),
	.options = cmd_system_no_options,
	.min_operands = 0,
	.max_operands = 0,
	.exec = cmd_system_status_exec,
};

const struct cmd_entry cmd_system_backup_entry = {
	.name = "backup",
	.usage = N_("FILE"),
	.about = N_("Save a consistent copy of the database to FILE."),
	.options = cmd_system_no_options,
	.min_operands = 1,
	.max_operands = 1,
	.exec = cmd_system_backup_exec,
};
