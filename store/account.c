/* Accounts: who may use the API, by role, and their tokens' hashes. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACCOUNT_COLUMNS \
	"id, name, role, email, language, disabled, " \
	"CASE WHEN token_hash IS NULL THEN 0 ELSE 1 END, " \
	"created_at, last_used_at"

static void
copy_text(char *dst, size_t len, struct db_stmt *s, int i)
{
	const char *t = db_column_text(s, i);

	snprintf(dst, len, "%s", t != NULL ? t : "");
}

static void
read_account(struct store *st, struct db_stmt *s, struct stored_account *a)
{
	memset(a, 0, sizeof *a);
	a->id = db_column_int64(s, 0);
	copy_text(a->name, sizeof a->name, s, 1);
	if (account_role_parse(db_column_text(s, 2), &a->role) != 0)
		a->role = ACCOUNT_STAFF;	/* the CHECK makes this unreachable */
	copy_text(a->email, sizeof a->email, s, 3);
	copy_text(a->language, sizeof a->language, s, 4);
	a->disabled = db_column_int64(s, 5) != 0;
	a->has_token = db_column_int64(s, 6) != 0;
	a->created_at = db_column_int64(s, 7);
	a->last_used_at = db_column_int64(s, 8);
	/* A use not yet written is the newer one. */
	for (size_t i = 0; i < st->use_count; i++) {
		if (st->uses[i].id == a->id && st->uses[i].at > a->last_used_at)
			a->last_used_at = st->uses[i].at;
	}
}

static void
bind_optional(struct db_stmt *s, int i, const char *text)
{
	store_bind_text(s, i, text[0] != '\0' ? text : NULL);
}

/* Runs one write statement in its own transaction; a UNIQUE failure is a
 * conflict named by what. */
static int
write_one(struct store *st, struct db_stmt *s, const char *doing,
    const char *what, struct failure *f)
{
	int n = store_step_write(st, s, doing, f);

	if (n == -2)
		return failure_set(f, FAILURE_CONFLICT, "name", "%s", what);
	if (n < 0)
		return -1;
	if (n == 0) {
		store_rollback(st);
		return failure_set(f, FAILURE_NOT_FOUND, NULL,
		    "no such account");
	}
	return store_commit(st, f);
}

/* A transaction begun and its statement prepared; NULL with f set (and
 * nothing begun) when either fails. */
static struct db_stmt *
begin_with(struct store *st, enum stmt_id id, const char *sql,
    struct failure *f)
{
	struct db_stmt *s;

	if (store_begin(st, f) != 0)
		return NULL;
	if ((s = store_stmt(st, id, sql)) == NULL) {
		store_fail(st, f, "preparing the account");
		store_rollback(st);
	}
	return s;
}

/* The column's CHECK would refuse anything else too, but as a constraint
 * the caller reads as a name in use. */
static int
language_ok(const struct stored_account *a, struct failure *f)
{
	if (a->language[0] != '\0' && !account_language_valid(a->language))
		return failure_set(f, FAILURE_INVALID_FIELD, "language",
		    "expected en or fr");
	return 0;
}

int
store_account_create(struct store *st, struct stored_account *a,
    const unsigned char *hash, int64_t now, struct failure *f)
{
	struct db_stmt *s = language_ok(a, f) != 0 ? NULL :
	    begin_with(st, STMT_ACCOUNT_INSERT,
	    "INSERT INTO accounts (name, role, email, language, token_hash, "
	    "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)", f);
	char what[128];

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, a->name);
	store_bind_text(s, 2, account_role_name(a->role));
	bind_optional(s, 3, a->email);
	bind_optional(s, 4, a->language);
	if (hash != NULL)
		db_bind_blob(s, 5, hash, ACCOUNT_HASH_LEN);
	db_bind_int64(s, 6, now);
	snprintf(what, sizeof what, "an account named %s exists already",
	    a->name);
	switch (store_step_write(st, s, "storing the account", f)) {
	case -2:
		return failure_set(f, FAILURE_CONFLICT, "name", "%s", what);
	case -1:
		return -1;
	}
	/* The id is known before the commit, for the audit entry. */
	a->id = db_last_insert_id(st->db);
	a->created_at = now;
	a->has_token = hash != NULL;
	return store_commit(st, f);
}

int
store_account_update(struct store *st, const struct stored_account *a,
    int64_t now, struct failure *f)
{
	struct db_stmt *s = language_ok(a, f) != 0 ? NULL :
	    begin_with(st, STMT_ACCOUNT_UPDATE,
	    "UPDATE accounts SET role = ?2, email = ?3, language = ?4, "
	    "disabled = ?5, updated_at = ?6 WHERE name = ?1", f);

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, a->name);
	store_bind_text(s, 2, account_role_name(a->role));
	bind_optional(s, 3, a->email);
	bind_optional(s, 4, a->language);
	db_bind_int64(s, 5, a->disabled);
	db_bind_int64(s, 6, now);
	return write_one(st, s, "changing the account", "", f);
}

int
store_account_set_token(struct store *st, const char *name,
    const unsigned char hash[ACCOUNT_HASH_LEN], int64_t now,
    struct failure *f)
{
	struct db_stmt *s = begin_with(st, STMT_ACCOUNT_TOKEN,
	    "UPDATE accounts SET token_hash = ?2, updated_at = ?3 "
	    "WHERE name = ?1", f);

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, name);
	db_bind_blob(s, 2, hash, ACCOUNT_HASH_LEN);
	db_bind_int64(s, 3, now);
	return write_one(st, s, "storing the token",
	    "the new token collides with another (try again)", f);
}

static int
get_one(struct store *st, struct db_stmt *s, struct stored_account *out,
    struct failure *f)
{
	int rc = db_step(s);

	if (rc == DB_ROW)
		read_account(st, s, out);
	else if (rc != DB_DONE)
		store_fail(st, f, "reading the account");
	db_reset(s);
	if (rc == DB_DONE)
		return failure_set(f, FAILURE_NOT_FOUND, NULL, "no such account");
	return rc == DB_ROW ? 0 : -1;
}

int
store_account_get(struct store *st, const char *name,
    struct stored_account *out, struct failure *f)
{
	struct db_stmt *s = store_stmt(st, STMT_ACCOUNT_GET,
	    "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE name = ?1");

	if (s == NULL)
		return store_fail(st, f, "preparing the account");
	store_bind_text(s, 1, name);
	return get_one(st, s, out, f);
}

int
store_account_by_token(struct store *st,
    const unsigned char hash[ACCOUNT_HASH_LEN], struct stored_account *out,
    struct failure *f)
{
	struct db_stmt *s = store_stmt(st, STMT_ACCOUNT_BY_TOKEN,
	    "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE token_hash = ?1");

	if (s == NULL)
		return store_fail(st, f, "preparing the account");
	db_bind_blob(s, 1, hash, ACCOUNT_HASH_LEN);
	return get_one(st, s, out, f);
}

int
store_account_list(struct store *st, struct stored_account **out,
    size_t *count, struct failure *f)
{
	struct db_stmt *s;
	struct stored_account *items = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if (db_prepare(st->db, "SELECT " ACCOUNT_COLUMNS
	    " FROM accounts ORDER BY name", false, &s) != 0)
		return store_fail(st, f, "preparing the accounts");
	while ((rc = db_step(s)) == DB_ROW) {
		if (n == cap) {
			struct stored_account *more;

			cap = cap ? cap * 2 : 16;
			if ((more = realloc(items, cap * sizeof *items)) == NULL) {
				rc = DB_NOMEM;
				break;
			}
			items = more;
		}
		read_account(st, s, &items[n++]);
	}
	db_finalize(s);
	if (rc != DB_DONE) {
		free(items);
		return rc == DB_NOMEM ? failure_set(f, FAILURE_INTERNAL,
		    NULL, "out of memory") : store_fail(st, f,
		    "reading the accounts");
	}
	*out = items;
	*count = n;
	return 0;
}

void
store_account_used(struct store *st, int64_t id, int64_t at)
{
	for (size_t i = 0; i < st->use_count; i++) {
		if (st->uses[i].id == id) {
			st->uses[i].at = at;
			return;
		}
	}
	if (st->use_count == st->use_cap) {
		size_t cap = st->use_cap ? st->use_cap * 2 : 8;
		struct account_use *more = realloc(st->uses, cap * sizeof *more);

		if (more == NULL)
			return;		/* a use not recorded loses nothing */
		st->uses = more;
		st->use_cap = cap;
	}
	st->uses[st->use_count++] = (struct account_use){ id, at };
}

int
store_account_flush_uses(struct store *st, struct failure *f)
{
	for (size_t i = 0; i < st->use_count; i++) {
		struct db_stmt *s = store_stmt(st, STMT_ACCOUNT_USED,
		    "UPDATE accounts SET last_used_at = ?2 WHERE id = ?1 "
		    "AND (last_used_at IS NULL OR last_used_at < ?2)");

		if (s == NULL)
			return store_fail(st, f, "preparing the account use");
		db_bind_int64(s, 1, st->uses[i].id);
		db_bind_int64(s, 2, st->uses[i].at);
		if (store_step(st, s, f, "recording the account use") != 0)
			return -1;
	}
	st->use_count = 0;
	return 0;
}
