#!/usr/bin/env python3
"""Email throughput: BENCH_EMAILS (default 1,000) email reminders due at
once, sent by the real daemon to a local SMTP server (python3-aiosmtpd, the
one the tests use), timed from the moment they are due to the last message
received.

Starts the built tenured with the integration-test harness (--now
2026-11-23T10:00:00Z) with only the hr role and the email channel for the
7d renewal reminder, imports BENCH_EMAILS contracts whose 7d reminder is
already due, and waits for every message at the SMTP server and every row
to be `sent`. Prints messages per second, the SMTP connections the server
accepted, and the daemon's peak RSS. Figures, not pass/fail: the target
(at least 100 messages/s) is judged by whoever reads them.

Environment: TENURED (default build-release/daemon/tenured), BENCH_EMAILS.
"""
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))

import harness  # noqa: E402
from report import row  # noqa: E402
from rules import others_off  # noqa: E402
from smtp_server import SmtpServer  # noqa: E402

TENURED = os.path.abspath(os.environ.get(
    "TENURED", os.path.join(ROOT, "build-release/daemon/tenured")))
EMAILS = int(os.environ.get("BENCH_EMAILS", "1000"))


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def main():
    os.environ["TENURED"] = TENURED
    smtp = SmtpServer().start()
    d = harness.Daemon(now="2026-11-23T10:00:00Z")
    # No [smtp] at first: the rows are planned, and wait.
    lines = ["[reminders]", "hr = hr@example.org",
             "renewal_decision_due = 7d -> hr via email"]
    lines += others_off("renewal_decision_due")
    d.write_config("\n".join(lines) + "\n")
    try:
        d.start()
        csv = ["name,email,start"] + [
            f"Person {i},p{i}@example.org,2024-06-01" for i in range(EMAILS)]
        a = d.post("/api/v1/contracts/import", "\n".join(csv) + "\n",
                   content_type="text/csv")
        assert a.status == 201, a
        d.stop()
        lines += ["[smtp]", f"url = {smtp.url}",
                  "from = HR deadlines <hr-deadlines@example.org>",
                  "starttls = off"]
        d.write_config("\n".join(lines) + "\n")
        start = time.monotonic()
        d.start()
        smtp.wait_for(EMAILS, timeout=600)
        received = time.monotonic()
        while True:
            counts = d.get("/api/v1/outbox?status=sent&limit=1").json()
            if counts["counts"]["sent"] >= EMAILS:
                break
            time.sleep(0.05)
        recorded = time.monotonic()
        rss = peak_rss_kib(d.proc.pid)
        n = smtp.count()
        print(f"emails: {EMAILS} due at once, {n} received")
        print(f"received in {received - start:.2f} s (from the daemon's "
              f"start): {n / (received - start):.0f} messages/s")
        print(f"all rows sent after {recorded - start:.2f} s")
        print(f"SMTP connections: {smtp.connections}")
        print(f"daemon peak RSS: {rss / 1024:.1f} MiB")
        rate = n / (received - start)
        row("email_rate", f"email, {EMAILS:,} due at once, one SMTP "
            "connection", round(rate), "msg/s", "before issue 17", 589,
            "kept", rate >= 0.9 * 589)
    finally:
        d.cleanup()
        smtp.stop()


if __name__ == "__main__":
    main()
