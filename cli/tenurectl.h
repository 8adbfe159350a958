/* tenurectl: the command-line client of tenured. It speaks the HTTP API of
 * docs/api.md through libcurl, over the daemon's Unix socket or TCP. */
#ifndef TENURECTL_H
#define TENURECTL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

/* Exit statuses (SPEC section 8). */
enum exit_status {
	EXIT_OK = 0,
	EXIT_REFUSED = 1,	/* refused request, or the operation failed */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_UNREACHABLE = 3,	/* the daemon cannot be reached */
};

/* args.c: options and operands of one command. */
enum args_type {
	ARGS_FLAG,		/* --x */
	ARGS_STRING,		/* --x VALUE */
	ARGS_DATE,		/* --x YYYY-MM-DD, checked before anything is sent */
	ARGS_COUNT,		/* --x N, a positive integer */
	ARGS_BOOL,		/* --x yes|no */
};

struct args_option {
	const char *name;	/* without the leading "--" */
	enum args_type type;
	bool required;
	bool nullable;		/* --x "" stands for null */
	const char *key;	/* the JSON member it sets, if any */
};

struct args_value {
	const struct args_option *option;
	const char *value;	/* NULL for flags; points into argv */
};

struct args {
	struct args_value *values;
	size_t nvalues;
	char **operands;
	int noperands;
	int used;		/* argv entries consumed */
};

#define ARGS_YEAR_MIN 1900
#define ARGS_YEAR_MAX 2999

int		 args_parse(struct args *, int, char **,
		     const struct args_option *, const struct args_option *,
		     bool, char **);
void		 args_free(struct args *);
bool		 args_has(const struct args *, const char *);
const char	*args_get(const struct args *, const char *);
bool		 args_date_valid(const char *);
int		 args_count(const char *, long long *);
int		 args_bool(const char *, bool *);
bool		 args_duration_valid(const char *);

/* client.c: HTTP over curl. */
struct client;

struct answer {
	long status;
	char *body;		/* NUL-terminated, NULL when streamed to a file */
	size_t len;
	size_t cap;
	char *type;		/* Content-Type, or NULL */
	int fd;			/* stream a 2xx body here; -1: keep in body */
	size_t streamed;
	int write_errno;
	bool too_large;
	void *curl;
};

#define CLIENT_MAX_ANSWER ((size_t)256 << 20)

struct client	*client_new(const char *, const char *, const char *, char **);
void		 client_free(struct client *);
const char	*client_where(const struct client *);
int		 client_request(struct client *, const char *, const char *,
		     const char *, const void *, size_t, struct answer *);
int		 client_download(struct client *, const char *, int,
		     struct answer *);
int		 client_json(struct client *, const char *, const char *,
		     json_t *, json_t **);
json_t		*client_parse(const struct answer *);
void		 client_error_print(FILE *, const char *, long, const char *,
		     size_t);
void		 client_answer_free(struct answer *);
char		*client_escape(struct client *, const char *);
char		*client_read_token(const char *, char **);

/* cmd.c: the command table and what all commands share. */
struct cmd_entry;

struct cmd_ctx {
	const struct cmd_entry *entry;
	struct client *client;
	struct args *args;
	bool json;
};

struct cmd_entry {
	const char *name;	/* one or two words: "contract add" */
	const char *usage;	/* what follows the name */
	const char *about;	/* one line for --help */
	const struct args_option *options;
	int min_operands;
	int max_operands;
	int (*exec)(struct cmd_ctx *);
	void (*help)(FILE *);	/* more for --help, if anything */
};


extern const struct cmd_entry *const cmd_table[];

const struct cmd_entry *cmd_find(int, char **, int *, bool *);
void		 cmd_usage(FILE *, const struct cmd_entry *);
void		 cmd_usage_all(FILE *, const char *);
int		 cmd_usage_error(struct cmd_ctx *, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
int		 cmd_operand_id(struct cmd_ctx *, int, long long *);
int		 cmd_call_id(struct cmd_ctx *, const char *, const char *,
		     const char *, long long *, json_t **);
json_t		*cmd_body(const struct args *);
int		 cmd_fetch_all(struct cmd_ctx *, const char *, const char *,
		     json_t **);
int		 cmd_get_print(struct cmd_ctx *, const char *,
		     void (*)(FILE *, json_t *));
int		 cmd_check_choice(struct cmd_ctx *, const char *,
		     const char *const *);
int		 cmd_check_scope(struct cmd_ctx *, const char *);
const char	*cmd_scope_syntax(void);
char		*cmd_choices(const char *const *);
const char *const *cmd_milestone_kinds(bool);
bool		 cmd_wants_help(int, char **);
void		 cmd_help(FILE *, const struct cmd_entry *);
int		 cmd_list_print(struct cmd_ctx *, const char *, const char *,
		     void (*)(FILE *, json_t *, const char *), const char *);
char		*cmd_query(struct cmd_ctx *, const char *, const char *const *,
		     size_t);
int		 cmd_fail(const char *, ...)
		     __attribute__((format(printf, 1, 2)));
int		 cmd_done(struct cmd_ctx *, json_t *, const char *, ...)
		     __attribute__((format(printf, 3, 4)));
char		*cmd_slurp(const char *, size_t, size_t *);

/* cmd-*.c: one entry per command. */
extern const struct cmd_entry cmd_contract_add_entry;
extern const struct cmd_entry cmd_contract_import_entry;
extern const struct cmd_entry cmd_contract_list_entry;
extern const struct cmd_entry cmd_contract_show_entry;
extern const struct cmd_entry cmd_contract_edit_entry;
extern const struct cmd_entry cmd_contract_find_entry;
extern const struct cmd_entry cmd_decision_renew_entry;
extern const struct cmd_entry cmd_decision_not_renew_entry;
extern const struct cmd_entry cmd_decision_request_conversion_entry;
extern const struct cmd_entry cmd_decision_convert_entry;
extern const struct cmd_entry cmd_decision_end_entry;
extern const struct cmd_entry cmd_decision_revoke_entry;
extern const struct cmd_entry cmd_decision_acknowledge_entry;
extern const struct cmd_entry cmd_upcoming_entry;
extern const struct cmd_entry cmd_system_backup_entry;
extern const struct cmd_entry cmd_system_status_entry;
extern const struct cmd_entry cmd_vacancy_import_entry;
extern const struct cmd_entry cmd_vacancy_list_entry;
extern const struct cmd_entry cmd_vacancy_show_entry;
extern const struct cmd_entry cmd_feed_create_entry;
extern const struct cmd_entry cmd_feed_list_entry;
extern const struct cmd_entry cmd_feed_rotate_entry;
extern const struct cmd_entry cmd_feed_revoke_entry;
extern const struct cmd_entry cmd_feed_export_entry;
extern const struct cmd_entry cmd_outbox_entry;
extern const struct cmd_entry cmd_outbox_retry_entry;
extern const struct cmd_entry cmd_reminder_test_entry;
extern const struct cmd_entry cmd_account_add_entry;
extern const struct cmd_entry cmd_account_list_entry;
extern const struct cmd_entry cmd_account_edit_entry;
extern const struct cmd_entry cmd_account_token_entry;
extern const struct cmd_entry cmd_account_whoami_entry;
extern const struct cmd_entry cmd_audit_entry;

/* cmd-account.c, cmd-audit.c: their text, shared with the tests. */
void		 cmd_account_list_print(FILE *, json_t *);
void		 cmd_audit_print(FILE *, json_t *);

/* cmd-contract.c: shared with commands that answer with a contract. */
int		 cmd_contract_print(struct cmd_ctx *, json_t *);
void		 cmd_contract_find_print(FILE *, json_t *, const char *);

/* cmd-decision.c, cmd-system.c, cmd-upcoming.c: their text, shared with
 * the tests. */
void		 cmd_decision_summary(FILE *, json_t *);
void		 cmd_system_status_print(FILE *, json_t *, const char *);
void		 cmd_upcoming_print(FILE *, json_t *, const char *);

/* output.c: text for people. */
struct table;

#define OUTPUT_SCALAR_MAX 64
#define OUTPUT_DATE_MAX 32	/* I18N_DATE_LEN */

size_t		 output_width(const char *);
char		*output_clean(const char *);
struct table	*output_table_new(size_t, const char *const *);
void		 output_table_add(struct table *, const char *const *);
void		 output_table_print(struct table *, FILE *, const char *);
void		 output_table_free(struct table *);
void		 output_table_finish(struct table *, FILE *, const char *);
void		 output_table_note(struct table *, const char *);
size_t		 output_table_rows(const struct table *);
void		 output_json(FILE *, json_t *);
void		 output_vline(FILE *, const char *, va_list)
		     __attribute__((format(printf, 2, 0)));
void		 output_line(FILE *, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
const char	*output_scalar(json_t *, const char *, char *);
const char	*output_value(json_t *, char *);
const char	*output_string(json_t *, const char *);
const char	*output_date_long(const char *, char *);

/* timeline.c: one contract as a text timeline. */
void		 timeline_print(FILE *, json_t *, const char *);

#endif
