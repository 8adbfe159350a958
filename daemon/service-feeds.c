/* Writes about feeds, deliveries and backups: each names its actor in the
 * audit log, in the transaction of the change. */
#include "service.h"
#include "service-audit.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "daemon.h"
#include "feeds.h"
#include "log.h"
#include "scheduler.h"
#include "store.h"
#include "token.h"

struct feed *
service_feed_create(struct daemon *d, const struct actor *by,
    const char *name, const char *scope, bool redact, const char *alarms,
    enum lang lang, char *token, struct failure *f)
{
	struct stored_feed *rec = feeds_prepare(name, scope, redact, alarms,
	    lang, token, f);
	struct audit_entry e = { .action = "feed.created",
	    .entity = AUDIT_FEED };
	int rc;

	if (rec == NULL)
		return NULL;
	e.entity_id_from = &rec->id;
	rc = service_audit_stage(d, by, &e, f, "feed %s created for %s%s, "
	    "in %s", rec->name, rec->scope, rec->redact ? " (redacted)" : "",
	    lang_code(rec->language));
	if (rc == 0)
		rc = store_feed_create(d->store, rec, clock_real(), f);
	store_audit_drop(d->store);
	if (rc != 0) {
		explicit_bzero(token, FEED_TOKEN_LEN);
		stored_feed_free(rec);
		return NULL;
	}
	return feeds_adopt(d->feeds, rec, f);
}

struct feed *
service_feed_rotate(struct daemon *d, const struct actor *by, int64_t id,
    char *token, struct failure *f)
{
	struct feed *feed = feeds_find(d->feeds, id, f);
	struct audit_entry e = { .action = "feed.rotated",
	    .entity = AUDIT_FEED, .entity_id = id };
	unsigned char hash[FEED_TOKEN_HASH_LEN];
	int64_t now = clock_real();
	int rc;

	if (feed == NULL)
		return NULL;
	if (token_random(token) != 0 ||
	    token_hash(token, FEED_TOKEN_LEN, hash) != 0) {
		failure_set(f, FAILURE_INTERNAL, NULL,
		    "no random token could be made; try again");
		return NULL;
	}
	rc = service_audit_stage(d, by, &e, f, "feed %s: token rotated",
	    feed->rec->name);
	if (rc == 0)
		rc = store_feed_rotate(d->store, id, hash, now, f);
	store_audit_drop(d->store);
	if (rc != 0)
		return NULL;
	feeds_rotated(d->feeds, feed, hash, now);
	return feed;
}

int
service_feed_revoke(struct daemon *d, const struct actor *by, int64_t id,
    struct failure *f)
{
	struct feed *feed = feeds_find(d->feeds, id, f);
	struct audit_entry e = { .action = "feed.revoked",
	    .entity = AUDIT_FEED, .entity_id = id };
	int rc;

	if (feed == NULL)
		return -1;
	rc = service_audit_stage(d, by, &e, f, "feed %s revoked",
	    feed->rec->name);
	if (rc == 0)
		rc = store_feed_revoke(d->store, id, clock_real(), f);
	store_audit_drop(d->store);
	if (rc == 0)
		feeds_revoked(d->feeds, feed);
	return rc;
}

int
service_outbox_retry(struct daemon *d, const struct actor *by, int64_t id,
    struct failure *f)
{
	struct audit_entry e = { .action = "outbox.retried",
	    .entity = AUDIT_OUTBOX, .entity_id = id };
	int rc = service_audit_stage(d, by, &e, f,
	    "delivery %lld: tried again at once", (long long)id);

	if (rc == 0)
		rc = store_outbox_retry(d->store, id, clock_schedule(),
		    clock_real(), f);
	store_audit_drop(d->store);
	if (rc == 0) {
		log_info_id(LOG_FIELD_REMINDER, id, "reminder %lld: retry asked "
		    "by %s", (long long)id, by->name);
		daemon_status(d);
		scheduler_rearm(d->scheduler);
	}
	return rc;
}

int
service_backup(struct daemon *d, const struct actor *by, const char *path,
    struct failure *f)
{
	struct audit_entry e = { .action = "backup.taken",
	    .entity = AUDIT_BACKUP };
	struct failure quiet = { 0 };

	/* The entry is committed first, so the copy holds it too: a backup
	 * shows who took it. A copy that then fails says so in a second. */
	if (service_audit_stage(d, by, &e, f, "a backup of the database was "
	    "taken") != 0 || store_audit_commit(d->store, f) != 0) {
		store_audit_drop(d->store);
		return -1;
	}
	if (store_backup(d->store, path, f) == 0) {
		log_info("backup taken by %s", by->name);
		return 0;
	}
	e.action = "backup.failed";
	if (service_audit_stage(d, by, &e, &quiet, "the backup failed: %s",
	    failure_english(f)) != 0 || store_audit_commit(d->store, &quiet) != 0)
		store_audit_drop(d->store);
	return -1;
}
