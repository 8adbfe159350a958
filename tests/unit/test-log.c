/* The journald side of daemon/log.c: when JOURNAL_STREAM names stderr,
 * and the fields a record carries there. journald itself is met in
 * tests/integration/test_ops.py. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "log.h"
#include "tap.h"

static void
test_stream_match(void)
{
	CHECK(log_stream_is_journal("8:1234", 8, 1234), "dev:ino matches");
	CHECK(!log_stream_is_journal("8:1235", 8, 1234), "other inode");
	CHECK(!log_stream_is_journal("9:1234", 8, 1234), "other device");
	CHECK(!log_stream_is_journal(NULL, 8, 1234), "unset");
	CHECK(!log_stream_is_journal("", 8, 1234), "empty");
	CHECK(!log_stream_is_journal("8:", 8, 0), "no inode");
	CHECK(!log_stream_is_journal(":1234", 0, 1234), "no device");
	CHECK(!log_stream_is_journal("8:1234x", 8, 1234), "trailing text");
	CHECK(!log_stream_is_journal("-8:1234", (dev_t)-8, 1234), "sign");
	CHECK(!log_stream_is_journal("8:99999999999999999999999", 8, 0),
	    "overflow");
	CHECK(log_stream_is_journal("64768:18446744073709551615", 64768,
	    (ino_t)18446744073709551615ULL), "the largest inode");
}

/* The fields as one string, "A=1|B=2", to compare whole. */
static void
joined(struct iovec *iov, size_t n, char *out, size_t size)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && used + iov[i].iov_len + 2 < size; i++) {
		if (i > 0)
			out[used++] = '|';
		memcpy(out + used, iov[i].iov_base, iov[i].iov_len);
		used += iov[i].iov_len;
		out[used] = '\0';
	}
}

static void
test_fields(void)
{
	char buf[LOG_JOURNAL_BUF], all[2048], longmsg[1100];
	struct iovec iov[LOG_JOURNAL_FIELDS];
	size_t n;

	n = log_journal_fields(6, "contract 12 created", LOG_FIELD_CONTRACT, 12,
	    0, buf, iov);
	joined(iov, n, all, sizeof all);
	CHECK_STR(all, "PRIORITY=6|SYSLOG_IDENTIFIER=tenured|CONTRACT_ID=12|"
	    "MESSAGE=contract 12 created", "a contract's record");
	n = log_journal_fields(4, "reminder 7: 503", LOG_FIELD_REMINDER, 7, 0,
	    buf, iov);
	joined(iov, n, all, sizeof all);
	CHECK_STR(all, "PRIORITY=4|SYSLOG_IDENTIFIER=tenured|REMINDER_ID=7|"
	    "MESSAGE=reminder 7: 503", "a reminder's record");
	n = log_journal_fields(6, "feed 3 revoked", LOG_FIELD_FEED, 3, 0, buf,
	    iov);
	joined(iov, n, all, sizeof all);
	CHECK_STR(all, "PRIORITY=6|SYSLOG_IDENTIFIER=tenured|FEED_ID=3|"
	    "MESSAGE=feed 3 revoked", "a feed's record");
	n = log_journal_fields(4, "x: No such file or directory",
	    LOG_FIELD_NONE, 0, 2, buf, iov);
	joined(iov, n, all, sizeof all);
	CHECK_STR(all, "PRIORITY=4|SYSLOG_IDENTIFIER=tenured|ERRNO=2|"
	    "MESSAGE=x: No such file or directory", "errno, no id");
	/* The longest message the logger makes fits whole. */
	memset(longmsg, 'm', 1023);
	longmsg[1023] = '\0';
	n = log_journal_fields(3, longmsg, LOG_FIELD_CONTRACT,
	    INT64_MAX, 125, buf, iov);
	CHECK_INT(n, LOG_JOURNAL_FIELDS, "every field");
	CHECK_INT(iov[n - 1].iov_len, 8 + 1023, "the long message whole");
	CHECK(memcmp(iov[2].iov_base, "CONTRACT_ID=9223372036854775807",
	    iov[2].iov_len) == 0, "the largest id");
}

/* JOURNAL_STREAM naming another file: "<N>" lines on stderr. Naming
 * stderr while journald is not running (no socket): still a line, not a
 * record dropped. */
static void
test_lines(void)
{
	char path[4096], line[256], env[64];
	const char *dir = getenv("TENURED_TEST_TMPDIR");
	struct stat sb;
	FILE *fp;

	snprintf(path, sizeof path, "%s/test-log-stderr.txt",
	    dir != NULL ? dir : "/tmp");
	fflush(stderr);
	if (freopen(path, "w", stderr) == NULL) {
		CHECK(0, "stderr to a file");
		return;
	}
	setenv("JOURNAL_STREAM", "1:1", 1);
	log_init(false);
	log_info_id(LOG_FIELD_CONTRACT, 5, "contract %d created", 5);
	log_debug("not shown without --debug");
	fstat(fileno(stderr), &sb);
	snprintf(env, sizeof env, "%llu:%llu", (unsigned long long)sb.st_dev,
	    (unsigned long long)sb.st_ino);
	setenv("JOURNAL_STREAM", env, 1);
	/* With journald running, the record goes there and is not checked
	 * here. */
	log_init(false);
	log_warnx_id(LOG_FIELD_FEED, 2, "feed %d: %s", 2, "two\nlines");
	fflush(stderr);
	fp = fopen(path, "r");
	CHECK(fp != NULL && fgets(line, sizeof line, fp) != NULL, "a line");
	CHECK_STR(line, "<6>contract 5 created\n", "not the journal: <N> line");
	if (stat("/run/systemd/journal/socket", &sb) != 0) {
		CHECK(fp != NULL && fgets(line, sizeof line, fp) != NULL,
		    "journald unreachable: a line still");
		CHECK_STR(line, "<4>feed 2: two lines\n", "the fallback line, one line");
	}
	if (fp != NULL)
		fclose(fp);
	unlink(path);
}

int
main(void)
{
	test_stream_match();
	test_fields();
	test_lines();
	return tap_done();
}
