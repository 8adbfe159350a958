#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"

void
stored_vacancy_free(struct stored_vacancy *v)
{
	if (v == NULL)
		return;
	free(v->reference);
	free(v->title);
	free(v->data);
	free(v->notice);
	for (size_t i = 0; i < v->version_count; i++)
		free(v->versions[i].data);
	free(v->versions);
	free(v);
}

/* The id and version of the vacancy with this reference, or 0. */
static int
find(struct store *st, const char *reference, int64_t *id, int *version,
    struct failure *f)
{
	struct db_stmt *s = store_stmt(st, STMT_VACANCY_FIND,
	    "SELECT id, version FROM vacancies WHERE reference = ?1");
	int rc;

	*id = 0;
	*version = 0;
	if (s == NULL)
		return store_fail(st, f, "preparing the vacancy lookup");
	store_bind_text(s, 1, reference);
	rc = db_step(s);
	if (rc == DB_ROW) {
		*id = db_column_int64(s, 0);
		*version = db_column_int64(s, 1);
	}
	db_reset(s);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_fail(st, f, "looking up the vacancy");
	return 0;
}

static int
write_row(struct store *st, struct stored_vacancy *v, int64_t now,
    struct failure *f)
{
	struct db_stmt *s;

	if (v->id == 0)
		s = store_stmt(st, STMT_VACANCY_INSERT,
		    "INSERT INTO vacancies (reference, version, title, "
		    "application_deadline, data, notice, created_at, updated_at) "
		    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)");
	else
		s = store_stmt(st, STMT_VACANCY_UPDATE,
		    "UPDATE vacancies SET version = ?2, title = ?3, "
		    "application_deadline = ?4, data = ?5, notice = ?6, "
		    "updated_at = ?7 WHERE reference = ?1");
	if (s == NULL)
		return store_fail(st, f, "preparing the vacancy");
	store_bind_text(s, 1, v->reference);
	db_bind_int64(s, 2, v->version);
	store_bind_text(s, 3, v->title);
	db_bind_int64(s, 4, v->application_deadline);
	store_bind_text(s, 5, v->data);
	store_bind_text(s, 6, v->notice);
	db_bind_int64(s, 7, now);
	if (store_step(st, s, f, "storing the vacancy") != 0)
		return -1;
	if (v->id == 0)
		v->id = db_last_insert_id(st->db);
	s = store_stmt(st, STMT_VACANCY_VERSION_INSERT,
	    "INSERT INTO vacancy_versions (vacancy_id, version, data, notice, "
	    "imported_at) VALUES (?1, ?2, ?3, ?4, ?5)");
	if (s == NULL)
		return store_fail(st, f, "preparing the vacancy version");
	db_bind_int64(s, 1, v->id);
	db_bind_int64(s, 2, v->version);
	store_bind_text(s, 3, v->data);
	store_bind_text(s, 4, v->notice);
	db_bind_int64(s, 5, now);
	return store_step(st, s, f, "storing the vacancy version");
}

int
store_vacancy_save(struct store *st, struct stored_vacancy *v,
    int32_t deadline_date, int64_t now, struct failure *f)
{
	struct milestone deadline = {
		.kind = MS_APPLICATION_DEADLINE, .date = deadline_date,
		.term_end = DATE_NONE, .at = v->application_deadline,
		.status = MS_SCHEDULED,
	};
	struct milestone_list planned = { .items = &deadline, .count = 1,
	    .cap = 1 };
	int version;

	if (store_begin(st, f) != 0)
		return -1;
	if (find(st, v->reference, &v->id, &version, f) != 0)
		goto fail;
	v->version = version + 1;
	if (write_row(st, v, now, f) != 0 ||
	    store_milestones_rewrite(st, OWNER_VACANCY(v->id), &planned, now,
	    f) != 0 ||
	    store_outbox_plan(st, OWNER_VACANCY(v->id), NULL, NULL, false, now,
	    f) != 0)
		goto fail;
	if (store_commit(st, f) != 0) {
		v->id = 0;
		return -1;
	}
	v->created_at = version == 0 ? now : v->created_at;
	v->updated_at = now;
	return 0;
fail:
	store_rollback(st);
	v->id = 0;
	return -1;
}

#define VACANCY_SELECT							\
	"SELECT id, reference, version, title, application_deadline, data, "	\
	"notice, created_at, updated_at FROM vacancies "

static struct stored_vacancy *
from_row(struct db_stmt *s, bool with_notice)
{
	struct stored_vacancy *v = calloc(1, sizeof *v);

	if (v == NULL)
		return NULL;
	v->id = db_column_int64(s, 0);
	v->reference = store_column_strdup(s, 1);
	v->version = db_column_int64(s, 2);
	v->title = store_column_strdup(s, 3);
	v->application_deadline = db_column_int64(s, 4);
	v->data = store_column_strdup(s, 5);
	if (with_notice)
		v->notice = store_column_strdup(s, 6);
	v->created_at = db_column_int64(s, 7);
	v->updated_at = db_column_int64(s, 8);
	if (v->reference == NULL || v->data == NULL ||
	    (with_notice && v->notice == NULL)) {
		stored_vacancy_free(v);
		return NULL;
	}
	return v;
}

static int
load_versions(struct store *st, struct stored_vacancy *v, struct failure *f)
{
	struct db_stmt *s = store_stmt(st, STMT_VACANCY_VERSIONS,
	    "SELECT version, imported_at, data FROM vacancy_versions "
	    "WHERE vacancy_id = ?1 ORDER BY version");
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return store_fail(st, f, "preparing the vacancy versions");
	db_bind_int64(s, 1, v->id);
	while ((rc = db_step(s)) == DB_ROW) {
		if (v->version_count == cap) {
			size_t ncap = cap ? cap * 2 : 4;
			void *n = realloc(v->versions, ncap * sizeof *v->versions);

			if (n == NULL)
				break;
			v->versions = n;
			cap = ncap;
		}
		v->versions[v->version_count].version = db_column_int64(s, 0);
		v->versions[v->version_count].imported_at =
		    db_column_int64(s, 1);
		v->versions[v->version_count].data = store_column_strdup(s, 2);
		v->version_count++;
	}
	db_reset(s);
	if (rc != DB_DONE)
		return rc == DB_ROW ?
		    failure_set(f, FAILURE_INTERNAL, NULL, "out of memory") :
		    store_fail(st, f, "reading the vacancy versions");
	return 0;
}

struct stored_vacancy *
store_vacancy_get(struct store *st, const char *reference, struct failure *f)
{
	struct db_stmt *s = store_stmt(st, STMT_VACANCY_GET,
	    VACANCY_SELECT "WHERE reference = ?1");
	struct stored_vacancy *v = NULL;
	int rc;

	if (s == NULL) {
		store_fail(st, f, "preparing the vacancy query");
		return NULL;
	}
	store_bind_text(s, 1, reference);
	rc = db_step(s);
	if (rc == DB_ROW) {
		if ((v = from_row(s, true)) == NULL)
			failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
	} else if (rc == DB_DONE) {
		failure_set(f, FAILURE_NOT_FOUND, "reference",
		    "no vacancy %.60s", reference);
	} else {
		store_fail(st, f, "reading the vacancy");
	}
	db_reset(s);
	if (v != NULL && load_versions(st, v, f) != 0) {
		stored_vacancy_free(v);
		return NULL;
	}
	return v;
}

int
store_vacancy_list(struct store *st, struct stored_vacancy ***out,
    size_t *count, struct failure *f)
{
	struct db_stmt *s = store_stmt(st, STMT_VACANCY_LIST,
	    VACANCY_SELECT "ORDER BY application_deadline, reference");
	struct stored_vacancy **list = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if (s == NULL)
		return store_fail(st, f, "preparing the vacancy list");
	while ((rc = db_step(s)) == DB_ROW) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			void *nl = realloc(list, ncap * sizeof *list);

			if (nl == NULL)
				break;
			list = nl;
			cap = ncap;
		}
		if ((list[n] = from_row(s, false)) == NULL)
			break;
		n++;
	}
	db_reset(s);
	if (rc != DB_DONE) {
		for (size_t i = 0; i < n; i++)
			stored_vacancy_free(list[i]);
		free(list);
		return rc == DB_ROW ?
		    failure_set(f, FAILURE_INTERNAL, NULL, "out of memory") :
		    store_fail(st, f, "listing vacancies");
	}
	*out = list;
	*count = n;
	return 0;
}
