#include "internal.h"

#include <stdlib.h>
#include <string.h>

void
stored_feed_free(struct stored_feed *f)
{
	if (f == NULL)
		return;
	free(f->name);
	free(f->scope);
	free(f->alarms);
	free(f->last_client);
	free(f);
}

int
store_feed_create(struct store *st, struct stored_feed *f, int64_t now,
    struct failure *fail)
{
	struct db_stmt *s = store_stmt(st, STMT_FEED_INSERT,
	    "INSERT INTO feeds (name, scope, redact, alarms, token_hash, "
	    "created_at, language) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	int rc;

	if (s == NULL)
		return store_fail(st, fail, "preparing the feed");
	store_bind_text(s, 1, f->name);
	store_bind_text(s, 2, f->scope);
	db_bind_int64(s, 3, f->redact);
	store_bind_text(s, 4, f->alarms != NULL ? f->alarms : "");
	db_bind_blob(s, 5, f->token_hash, FEED_TOKEN_HASH_LEN);
	db_bind_int64(s, 6, now);
	store_bind_text(s, 7, lang_code(f->language));
	if (store_begin(st, fail) != 0)
		return -1;
	if ((rc = store_step_write(st, s, "storing the feed", fail)) == -2)
		return failure_set(fail, FAILURE_CONFLICT, "name",
		    "a feed named %.60s exists already", f->name);
	if (rc < 0)
		return -1;
	f->id = db_last_insert_id(st->db);
	f->created_at = now;
	if (store_commit(st, fail) != 0) {
		f->id = 0;
		return -1;
	}
	return 0;
}

static struct stored_feed *
from_row(struct db_stmt *s)
{
	struct stored_feed *f = calloc(1, sizeof *f);
	const void *hash;
	size_t hash_len;

	if (f == NULL)
		return NULL;
	f->id = db_column_int64(s, 0);
	f->name = store_column_strdup(s, 1);
	f->scope = store_column_strdup(s, 2);
	f->redact = db_column_int64(s, 3) != 0;
	f->alarms = store_column_strdup(s, 4);
	hash = db_column_blob(s, 5, &hash_len);
	if (hash != NULL && hash_len == FEED_TOKEN_HASH_LEN)
		memcpy(f->token_hash, hash, FEED_TOKEN_HASH_LEN);
	f->created_at = db_column_int64(s, 6);
	f->rotated_at = db_column_int64(s, 7);
	f->revoked_at = db_column_int64(s, 8);
	f->last_fetch_at = db_column_int64(s, 9);
	f->last_client = store_column_strdup(s, 10);
	f->fetch_count = db_column_int64(s, 11);
	if (!lang_parse(db_column_text(s, 12),
	    &f->language))
		f->language = LANG_DEFAULT;
	if (f->name == NULL || f->scope == NULL || f->alarms == NULL) {
		stored_feed_free(f);
		return NULL;
	}
	return f;
}

int
store_feed_list(struct store *st, struct stored_feed ***out, size_t *count,
    struct failure *fail)
{
	struct db_stmt *s = store_stmt(st, STMT_FEED_LIST,
	    "SELECT id, name, scope, redact, alarms, token_hash, created_at, "
	    "rotated_at, revoked_at, last_fetch_at, last_client, fetch_count, "
	    "language FROM feeds ORDER BY id");
	struct stored_feed **list = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if (s == NULL)
		return store_fail(st, fail, "preparing the feed list");
	while ((rc = db_step(s)) == DB_ROW) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			void *nl = realloc(list, ncap * sizeof *list);

			if (nl == NULL)
				break;
			list = nl;
			cap = ncap;
		}
		if ((list[n] = from_row(s)) == NULL)
			break;
		n++;
	}
	db_reset(s);
	if (rc != DB_DONE) {
		for (size_t i = 0; i < n; i++)
			stored_feed_free(list[i]);
		free(list);
		return rc == DB_ROW ?
		    failure_set(fail, FAILURE_INTERNAL, NULL, "out of memory") :
		    store_fail(st, fail, "listing feeds");
	}
	*out = list;
	*count = n;
	return 0;
}

/* Runs an UPDATE of one live feed; none changed means no such feed. */
static int
update_live(struct store *st, struct db_stmt *s, int64_t id, const char *doing,
    struct failure *fail)
{
	if (s == NULL)
		return store_fail(st, fail, doing);
	int n;

	/* A transaction of its own, for the audit entry staged with it. */
	if (store_begin(st, fail) != 0)
		return -1;
	if ((n = store_step_write(st, s, doing, fail)) == -2)
		return failure_set(fail, FAILURE_CONFLICT, "id",
		    "the new token collides with another (try again)");
	if (n < 0)
		return -1;
	if (n == 0) {
		store_rollback(st);
		return failure_set(fail, FAILURE_NOT_FOUND, "id",
		    "no feed %lld (or it was revoked)", (long long)id);
	}
	return store_commit(st, fail);
}

int
store_feed_rotate(struct store *st, int64_t id,
    const unsigned char hash[FEED_TOKEN_HASH_LEN], int64_t now,
    struct failure *fail)
{
	struct db_stmt *s = store_stmt(st, STMT_FEED_ROTATE,
	    "UPDATE feeds SET token_hash = ?2, rotated_at = ?3 "
	    "WHERE id = ?1 AND revoked_at IS NULL");

	if (s != NULL) {
		db_bind_int64(s, 1, id);
		db_bind_blob(s, 2, hash, FEED_TOKEN_HASH_LEN);
		db_bind_int64(s, 3, now);
	}
	return update_live(st, s, id, "rotating the feed's token", fail);
}

int
store_feed_revoke(struct store *st, int64_t id, int64_t now,
    struct failure *fail)
{
	struct db_stmt *s = store_stmt(st, STMT_FEED_REVOKE,
	    "UPDATE feeds SET revoked_at = ?2 "
	    "WHERE id = ?1 AND revoked_at IS NULL");

	if (s != NULL) {
		db_bind_int64(s, 1, id);
		db_bind_int64(s, 2, now);
	}
	return update_live(st, s, id, "revoking the feed", fail);
}

int
store_feed_fetches(struct store *st, int64_t id, int64_t last_fetch_at,
    const char *last_client, int64_t fetches, struct failure *fail)
{
	/* Added, not set: several daemons may serve the same feed. */
	struct db_stmt *s = store_stmt(st, STMT_FEED_FETCHES,
	    "UPDATE feeds SET last_client = CASE WHEN ?2 >= "
	    "coalesce(last_fetch_at, 0) THEN ?3 ELSE last_client END, "
	    "last_fetch_at = CASE WHEN ?2 >= coalesce(last_fetch_at, 0) "
	    "THEN ?2 ELSE last_fetch_at END, "
	    "fetch_count = fetch_count + ?4 WHERE id = ?1");

	if (s == NULL)
		return store_fail(st, fail, "preparing the feed statistics");
	db_bind_int64(s, 1, id);
	db_bind_int64(s, 2, last_fetch_at);
	store_bind_text(s, 3, last_client);
	db_bind_int64(s, 4, fetches);
	return store_step(st, s, fail, "storing the feed statistics");
}
