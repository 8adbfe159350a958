/* Fuzz target for the contract and decision JSON readers: any bytes that
 * jansson accepts as an object must give a contract or a decision (any
 * type, "acknowledged" with its "kind" included), or a failure the API can
 * send (a kind, a message, and field and message as valid UTF-8, since the
 * daemon json_pack()s them), without crashing, reading out of bounds or
 * leaking. What is read is then validated, planned and written back as
 * JSON, as the daemon does. Seeds in contract-json/, words in
 * contract-json.dict; built by tests/fuzz/meson.build.
 * Set TENURED_FUZZ_NO_SHAPE=1 to check memory safety only, not the shape
 * of failures.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract-json.h"
#include "contract.h"
#include "date.h"
#include "driver.h"
#include "lifecycle.h"
#include "policy.h"

static int check_shape = -1;

static bool
utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		int n;
		unsigned cp;

		if (*p < 0x80) {
			p++;
			continue;
		} else if ((*p & 0xe0) == 0xc0) {
			n = 1, cp = *p & 0x1f;
		} else if ((*p & 0xf0) == 0xe0) {
			n = 2, cp = *p & 0x0f;
		} else if ((*p & 0xf8) == 0xf0) {
			n = 3, cp = *p & 0x07;
		} else {
			return false;
		}
		p++;
		for (int i = 0; i < n; i++, p++) {
			if ((*p & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (*p & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
	}
	return true;
}

/* What each type of decision carries: renewed an until, acknowledged the
 * decision milestone it acknowledges and a reason, the others a date (and
 * separated a reason). */
static bool
decision_shaped(const struct decision *d)
{
	bool reason = d->reason != NULL && d->reason[0] != '\0' &&
	    strlen(d->reason) <= 500 && utf8_valid(d->reason);

	switch (d->type) {
	case DECISION_RENEWED:
		return d->until != DATE_NONE && d->date == DATE_NONE;
	case DECISION_ACKNOWLEDGED:
		return d->date == DATE_NONE && d->until == DATE_NONE &&
		    milestone_kind_is_decision(d->kind) && reason;
	case DECISION_SEPARATED:
		return d->date != DATE_NONE && d->until == DATE_NONE && reason;
	case DECISION_NOT_RENEWED:
	case DECISION_CONVERSION_REQUESTED:
	case DECISION_CONVERTED:
		return d->date != DATE_NONE && d->until == DATE_NONE &&
		    d->reason == NULL;
	}
	return false;
}

/* A refusal must say why, in a form the error JSON can carry. */
static void
check_failure(const struct failure *f)
{
	json_t *err;

	if (f->kind == FAILURE_NONE || f->message[0] == '\0')
		abort();
	if (!check_shape)
		return;
	if (!utf8_valid(f->field) || !utf8_valid(f->message)) {
		fprintf(stderr, "failure not UTF-8: field \"%s\" message \"%s\"\n",
		    f->field, f->message);
		abort();
	}
	/* What http.c's reply_error_json packs. */
	err = json_pack("{s:{s:s, s:s, s:s?, s:o}}", "error", "code",
	    failure_code(f->kind), "message", f->message, "field",
	    f->field[0] != '\0' ? f->field : NULL, "line", json_null());
	if (err == NULL)
		abort();
	json_decref(err);
}

static void
write_back(const struct contract *c, const struct decision *d)
{
	struct milestone_list ms;
	struct failure f = { 0 };
	json_t *out;
	char *text;

	if (contract_validate(c, &f) != 0) {
		check_failure(&f);
		return;
	}
	milestone_list_init(&ms);
	if (lifecycle_plan(&c->terms, d, d != NULL ? 1 : 0, &ms, &f) != 0)
		check_failure(&f);
	out = contract_to_json(c, &ms, c->terms.start, "Europe/Brussels");
	if (d != NULL)
		json_object_set_new(out, "decision",
		    decision_to_json(d, "Europe/Brussels"));
	if ((text = json_dumps(out, JSON_COMPACT)) == NULL)
		abort();
	free(text);
	json_decref(out);
	milestone_list_free(&ms);
}

/* A contract as one stored before the correction. */
static struct contract *
stored(void)
{
	struct contract *c = contract_new();

	if (c == NULL)
		abort();
	policy_default(&c->terms.policy);
	c->id = 1;
	c->name = strdup("Stored Person");
	c->email = strdup("stored@example.org");
	c->unit = strdup("Unit A");
	if (date_parse("2024-09-01", &c->terms.start) != 0)
		abort();
	return c;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t err;
	json_t *v;
	struct contract *c, *p;
	struct decision d;
	struct failure f = { 0 };
	bool have_decision;

	if (check_shape < 0)
		check_shape = getenv("TENURED_FUZZ_NO_SHAPE") == NULL;
	v = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
	if (v == NULL)
		return 0;
	if (!json_is_object(v)) {
		json_decref(v);
		return 0;
	}

	/* The decision, as POST /api/v1/contracts/ID/decisions reads it. */
	have_decision = decision_from_json(v, &d, &f) == 0;
	if (!have_decision)
		check_failure(&f);
	else if (!decision_shaped(&d))
		abort();

	/* A create, as POST /api/v1/contracts reads it. */
	if ((c = contract_new()) == NULL)
		abort();
	policy_default(&c->terms.policy);
	memset(&f, 0, sizeof f);
	if (contract_from_json(v, c, false, &f) != 0) {
		check_failure(&f);
	} else {
		if (c->name == NULL || c->email == NULL ||
		    c->terms.start == DATE_NONE)
			abort();
		write_back(c, have_decision ? &d : NULL);
		/* The same body again as a correction of what it made. */
		memset(&f, 0, sizeof f);
		if (contract_from_json(v, c, true, &f) != 0)
			abort();	/* it was accepted once */
	}
	contract_free(c);

	/* A correction, as PATCH /api/v1/contracts/ID reads it. */
	p = stored();
	memset(&f, 0, sizeof f);
	if (contract_from_json(v, p, true, &f) != 0)
		check_failure(&f);
	else
		write_back(p, NULL);
	contract_free(p);

	decision_clear(&d);
	json_decref(v);
	return 0;
}
