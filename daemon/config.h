/* The configuration file (SPEC section 10): read with inih through a reader
 * that counts lines, so every error names file:line, and every error of
 * the file is reported, not just the first. */
#ifndef TENURED_CONFIG_H
#define TENURED_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "failure.h"
#include "lang.h"
#include "lifecycle.h"
#include "policy.h"
#include "reminder.h"
#include "email.h"
#include "webhook.h"

#define CONFIG_DEFAULT_PATH "/etc/tenured/tenured.conf"

/* A key kept verbatim for the parts that read it later (reminder rules,
 * SMTP, webhooks), with its line for their errors. */
struct config_item {
	char *section;
	char *key;
	char *value;
	int line;
};

struct config {
	char *path;
	char *database;			/* an SQLite path or postgresql://... */
	char *database_password_file;
	char *database_password;	/* its first line; NULL: none */
	int claim_lease;		/* seconds a claimed delivery is held */
	char *socket;
	char *listen;			/* "host:port" or NULL */
	char *api_token_file;
	char *api_token;		/* first line of api_token_file */
	char *public_url;
	char *domain;
	char *timezone;
	/* For readers with none of their own (SPEC section 12), and new
	 * feeds and webhooks that ask for none. */
	enum lang language;
	char *ics_dir;
	char *holidays;
	int holidays_line;		/* where holidays was set, for errors */
	size_t max_body;
	/* The TCP listener's limits (SPEC section 13) */
#define CONFIG_CONNECTIONS_MAX 65536
	size_t max_connections;
	int header_timeout;		/* seconds for a request's headers */
	int body_timeout;		/* seconds for its body */
	/* [auth]: single sign-on through a reverse proxy */
#define CONFIG_PROXIES_MAX 16
	char **trusted_proxies;		/* numeric addresses, as written */
	size_t trusted_proxy_count;
	char *user_header;		/* NULL unless trusted_proxy is set */
	struct policy policy;
	struct config_item *items;
	size_t item_count;

	/* [reminders], read by config-notify.c */
	struct reminder_rule rules[MS_KIND_COUNT];
	int send_minutes;
	struct digest_rule digest;
	int64_t give_up_after;		/* seconds */
	char **hr;
	size_t hr_count;
	struct holiday_set holiday_set;	/* read from holidays */
	/* [smtp] */
	struct email_server smtp;
	bool smtp_configured;		/* [smtp] url given */
	/* [webhook.NAME] */
	struct webhook_target *webhooks;
	enum lang *webhook_langs;	/* of each target's text; language = */
	size_t webhook_count;
};

/* Reads the kept [reminders] and [webhook.NAME] items into c, adding an
 * error with its line for each bad one. */
void config_notify_load(struct config *c, struct failure_list *errors);
void config_notify_free(struct config *c);
const struct webhook_target *config_webhook(const struct config *c,
        const char *name);
/* The language a webhook's text is written in: its section's language,
 * else [daemon] language (a channel has no address to look up). */
enum lang config_webhook_lang(const struct config *c,
        const struct webhook_target *t);

/* Reads path; NULL when anything is wrong, with every error in errors
 * (each failure's line set, message without the file name). */
struct config *config_load(const char *path, struct failure_list *errors);
void config_free(struct config *c);
/* Splits "host:port" ("[::1]:8080" for IPv6). */
int config_split_listen(const char *listen, char *host, size_t hostlen,
        unsigned short *port);

#endif
