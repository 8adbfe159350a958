/* Route handlers, one file per resource. */
#ifndef TENURED_HTTP_ROUTES_H
#define TENURED_HTTP_ROUTES_H

#include "http.h"

void http_contracts_create(struct http_call *c);
void http_contracts_list(struct http_call *c);
void http_contracts_import(struct http_call *c);
void http_contracts_get(struct http_call *c);
void http_contracts_patch(struct http_call *c);
void http_decisions_record(struct http_call *c);
void http_decisions_revoke(struct http_call *c);
void http_milestones_list(struct http_call *c);
void http_vacancies_import(struct http_call *c);
void http_vacancies_list(struct http_call *c);
void http_vacancies_get(struct http_call *c);
void http_feeds_create(struct http_call *c);
void http_feeds_list(struct http_call *c);
void http_feeds_rotate(struct http_call *c);
void http_feeds_revoke(struct http_call *c);
void http_feeds_serve(struct http_call *c);
void http_feeds_export(struct http_call *c);
void http_outbox_list(struct http_call *c);
void http_outbox_retry(struct http_call *c);
void http_reminders_test(struct http_call *c);
void http_reminders_test_result(struct http_call *c);
/* Outbox counts by state, for the status answer. */
json_t *http_outbox_counts(struct http_call *c);
void http_system_healthz(struct http_call *c);
void http_system_status(struct http_call *c);
void http_system_backup(struct http_call *c);
void http_metrics_get(struct http_call *c);
void http_dashboard_serve(struct http_call *c);

#endif
