/* Webhooks (SPEC section 5), how they are signed and configured: the
 * Standard Webhooks signature against the specification's own example,
 * whsec_ secrets and the errors of reading them, a target's keys, and
 * Retry-After. */
#include "webhook-fixture.h"

static void
test_signature(void)
{
	struct webhook_target t;
	struct failure f = { 0 };
	char sig[WEBHOOK_SIGNATURE_LEN];

	webhook_target_init(&t, "vector");
	CHECK_INT(webhook_parse_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
	    &t, &f), 0, "spec example secret parses");
	CHECK_INT(t.key_len, 24, "its key is 24 bytes");
	CHECK_INT(webhook_sign(&t, "msg_p5jXN8AQM9LWM0D4loKWxJek",
	    1614265330, "{\"test\": 2432232314}", sig, sizeof sig), 0,
	    "signs");
	CHECK_STR(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
	    "Standard Webhooks test vector");
	CHECK_INT(webhook_sign(&t, "msg_p5jXN8AQM9LWM0D4loKWxJek",
	    1614265330, "{\"test\": 2432232314}", sig, 20), -1,
	    "too small a buffer is refused");
	webhook_target_clear(&t);
	CHECK_INT(webhook_sign(&t, "msg", 1, "{}", sig, sizeof sig), -1,
	    "no key, no signature");
}

static void
test_secret_errors(void)
{
	static const struct {
		const char *text;
		const char *what;
	} bad[] = {
		{ "", "empty secret refused" },
		{ "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "missing whsec_ prefix "
		    "refused" },
		{ "whsec_", "whsec_ without a key refused" },
		{ "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2La*aSw", "bad base64 "
		    "character refused" },
		{ "whsec_MfKQ9", "base64 of impossible length refused" },
		{ "whsec_Mf=Q", "padding inside refused" },
		{ "whsec_====", "padding alone refused" },
	};
	char path[512], msg[530];
	const char *dir = getenv("TENURED_TEST_TMPDIR");
	struct webhook_target t;
	struct failure f;
	size_t i;
	FILE *fp;

	webhook_target_init(&t, "bad");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		failure_clear(&f);
		CHECK(webhook_parse_secret(bad[i].text, &t, &f) == -1 &&
		    strcmp(f.field, "secret_file") == 0 && t.key == NULL,
		    bad[i].what);
	}
	CHECK(strstr(f.message, "====") == NULL, "message does not quote it");
	CHECK_INT(webhook_parse_secret("whsec_AAE=", &t, &f), 0,
	    "padded base64 accepted");
	CHECK(t.key_len == 2 && t.key[0] == 0 && t.key[1] == 1,
	    "padded key decoded");
	CHECK_INT(webhook_parse_secret("whsec_AAE", &t, &f), 0,
	    "unpadded base64 accepted");
	webhook_target_clear(&t);

	snprintf(path, sizeof path, "%s/test-webhook.secret",
	    dir != NULL ? dir : "/tmp");
	if ((fp = fopen(path, "w")) != NULL) {
		fputs("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\r\nsecond line\n",
		    fp);
		fclose(fp);
	}
	webhook_target_init(&t, "file");
	CHECK_INT(webhook_load_secret(path, &t, &f), 0,
	    "secret file with CRLF read");
	CHECK_INT(t.key_len, 24, "first line only");
	snprintf(msg, sizeof msg, "%s.missing", path);
	CHECK(webhook_load_secret(msg, &t, &f) == -1 &&
	    strcmp(f.field, "secret_file") == 0, "missing file refused");
	CHECK_INT(t.key_len, 24, "a failed load keeps the key");
	unlink(path);
	webhook_target_clear(&t);
}

static void
test_target_keys(void)
{
	struct webhook_target t;
	struct failure f;

	webhook_target_init(&t, "hr-bot");
	CHECK_INT(t.timeout_s, WEBHOOK_TIMEOUT_DEFAULT, "default timeout");
	CHECK(webhook_target_check(&t, &f) == -1 &&
	    strcmp(f.field, "url") == 0, "url required");
	CHECK_INT(webhook_target_set(&t, "url", "ftp://x/", &f), -1,
	    "ftp url refused");
	CHECK_INT(webhook_target_set(&t, "url", "https://a b/", &f), -1,
	    "url with a space refused");
	CHECK_INT(webhook_target_set(&t, "url", "http://:8080/hook", &f), -1,
	    "url without a host refused");
	CHECK_INT(webhook_target_set(&t, "url", "http:///hook", &f), -1,
	    "url with an empty host refused");
	CHECK_INT(webhook_target_set(&t, "url", "HTTPS://hooks.example.org/",
	    &f), 0, "the scheme in any case");
	CHECK_INT(webhook_target_set(&t, "url",
	    "https://chat.example.org/hooks/abc", &f), 0, "https url");
	CHECK(webhook_target_check(&t, &f) == -1 &&
	    strcmp(f.field, "secret_file") == 0, "json needs a secret");
	CHECK_INT(webhook_target_set(&t, "format", "slack", &f), 0, "slack");
	CHECK_INT(webhook_target_check(&t, &f), 0, "slack needs no secret");
	CHECK_INT(webhook_target_set(&t, "format", "xml", &f), -1,
	    "unknown format refused");
	CHECK(webhook_target_set(&t, "timeout", "15s", &f) == 0 &&
	    t.timeout_s == 15, "timeout 15s");
	CHECK(webhook_target_set(&t, "timeout", "2m", &f) == 0 &&
	    t.timeout_s == 120, "timeout 2m");
	CHECK(webhook_target_set(&t, "timeout", "7", &f) == 0 &&
	    t.timeout_s == 7, "timeout in bare seconds");
	CHECK(webhook_target_set(&t, "timeout", "0s", &f) == -1 &&
	    webhook_target_set(&t, "timeout", "11m", &f) == -1 &&
	    webhook_target_set(&t, "timeout", "15 s", &f) == -1 &&
	    webhook_target_set(&t, "timeout", "s", &f) == -1 &&
	    t.timeout_s == 7, "bad timeouts refused, value kept");
	CHECK(webhook_target_set(&t, "colour", "red", &f) == -1 &&
	    f.kind == FAILURE_NOT_FOUND && strcmp(f.field, "colour") == 0,
	    "unknown key refused with its name");
	webhook_target_clear(&t);
	CHECK(t.url == NULL && t.key == NULL, "clear frees");
	webhook_target_clear(&t);
}

static void
test_retry_after(void)
{
	const int64_t now = 1784797200;	/* Thu, 23 Jul 2026 09:00:00 GMT */

	CHECK_INT(curlev_parse_retry_after(" 120\r\n", 6, now), 120,
	    "delay-seconds");
	CHECK_INT(curlev_parse_retry_after("0", 1, now), 0, "zero seconds");
	CHECK_INT(curlev_parse_retry_after("99999999999999999999", 20, now),
	    CURLEV_RETRY_AFTER_MAX, "huge delay capped at a day");
	CHECK_INT(curlev_parse_retry_after(
	    " Thu, 23 Jul 2026 09:05:00 GMT\r\n", 32, now), 300,
	    "HTTP-date in seconds from now");
	CHECK_INT(curlev_parse_retry_after("Thu, 23 Jul 2026 08:00:00 GMT",
	    29, now), 0, "HTTP-date in the past is now");
	CHECK_INT(curlev_parse_retry_after("Fri, 31 Dec 2027 00:00:00 GMT",
	    29, now), CURLEV_RETRY_AFTER_MAX, "far HTTP-date capped");
	CHECK_INT(curlev_parse_retry_after("soon", 4, now), -1, "garbage");
	CHECK_INT(curlev_parse_retry_after("-5", 2, now), -1, "negative");
	CHECK_INT(curlev_parse_retry_after("\r\n", 2, now), -1, "empty");
}

int
main(void)
{
	/* Secret files a test writes are the daemon's own: 0600. */
	umask(077);
	test_signature();
	test_secret_errors();
	test_target_keys();
	test_retry_after();
	return tap_done();
}
