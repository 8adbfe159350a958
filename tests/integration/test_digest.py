"""The daily digest (SPEC section 5, `digest = 08:00 -> ROLES`): one email
a working day per recipient through the outbox, listing what is due in the
next 30 days, overdue decisions first and the rest by week; a day that has
passed is not sent late, a weekend has none, and a restart the same day
sends nothing twice."""
import os
import subprocess
import time
import unittest

import tap
from rules import others_off
from harness import Daemon
from smtp_server import SmtpServer


MONDAY_0759 = "2026-11-23T07:59:58+01:00"


class DigestTest(unittest.TestCase):
    def setUp(self):
        self.smtp = SmtpServer().start()
        self.d = None

    def tearDown(self):
        if self.d is not None:
            self.d.cleanup()
        self.smtp.stop()

    def config(self, digest="08:00 -> hr,manager", smtp=True):
        # Reminders off: every message is a digest.
        lines = ["[reminders]", "hr = hr@example.org, head@example.org",
                 f"digest = {digest}"]
        lines += others_off()
        if smtp:
            lines += ["[smtp]", f"url = {self.smtp.url}",
                      "from = HR deadlines <hr-deadlines@example.org>",
                      "starttls = off"]
        self.d.write_config("\n".join(lines) + "\n")

    def start(self, now=MONDAY_0759, **kw):
        if self.d is None:
            self.d = Daemon(now=now)
        self.d.now = now
        self.config(**kw)
        self.d.start()

    def contract(self, name, start, manager="boss@example.org"):
        a = self.d.post("/api/v1/contracts", {
            "name": name, "email": name.split()[0].lower() + "@example.org",
            "manager_email": manager, "start": start})
        self.assertEqual(a.status, 201, a)
        return a.json()["id"]

    def seed(self):
        # Renewal decision due 2026-10-31: overdue on the 23rd.
        late = self.contract("Olga Overdue", "2024-05-01")
        # Renewal decision due 2026-11-30, probation of the other ends
        # 2026-12-14: both in the next 30 days, in different weeks.
        soon = self.contract("Sam Soon", "2024-06-01")
        new = self.contract("Nina New", "2026-06-15",
                            manager="other@example.org")
        return late, soon, new

    def digests(self):
        return [r for r in self.d.get("/api/v1/outbox").json()["outbox"]
                if r["kind"] == "digest"]

    def wait_rows(self, n, status="sent", timeout=20):
        end = time.time() + timeout
        while time.time() < end:
            rows = [r for r in self.digests() if r["status"] == status]
            if len(rows) >= n:
                return rows
            time.sleep(0.1)
        self.fail(f"{n} digests never became {status}: {self.digests()}")

    def by_recipient(self, msgs):
        return {m.rcpt_tos[0]: m.parse() for m in msgs}

    def test_digest_for_hr_and_managers(self):
        self.start()
        late, soon, new = self.seed()
        self.assertEqual(self.smtp.count(), 0, "nothing before 08:00")
        msgs = self.smtp.wait_for(4, timeout=20)
        got = self.by_recipient(msgs)
        self.assertEqual(sorted(got), ["boss@example.org", "head@example.org",
                                       "hr@example.org", "other@example.org"])
        hr = got["hr@example.org"]
        self.assertEqual(str(hr["Subject"]), "[tenured] Daily digest for "
                         "Monday 23 November 2026: 1 overdue, 2 due in "
                         "30 days")
        self.assertRegex(hr["Message-ID"], r"^<digest-\d+@tenured\.test>$")
        self.assertEqual(hr["Auto-Submitted"], "auto-generated")
        text = hr.get_content()
        # Overdue first, then week by week, in date order.
        order = [text.index(s) for s in (
            "Overdue decisions (1)", "Olga Overdue",
            "Week of Monday 30 November 2026", "Sam Soon",
            "Week of Monday 14 December 2026", "Nina New")]
        self.assertEqual(order, sorted(order), text)
        self.assertIn("overdue by 23 days", text)
        self.assertIn("Renewal decision due", text)
        self.assertIn("Probation ends", text)
        # A manager sees only the contracts they manage.
        boss = got["boss@example.org"].get_content()
        self.assertIn("Olga Overdue", boss)
        self.assertIn("Sam Soon", boss)
        self.assertNotIn("Nina New", boss)
        other = got["other@example.org"].get_content()
        self.assertIn("Nina New", other)
        self.assertNotIn("Sam Soon", other)
        rows = self.wait_rows(4)
        self.assertEqual({r["milestone_date"] for r in rows}, {"2026-11-23"})
        self.assertEqual({r["channel"] for r in rows}, {"email"})

    def test_restart_same_day_sends_nothing_twice(self):
        self.start()
        self.seed()
        self.smtp.wait_for(4, timeout=20)
        self.wait_rows(4)
        self.d.stop()
        self.start(now="2026-11-23T15:00:00+01:00")
        time.sleep(1.5)
        self.assertEqual(self.smtp.count(), 4)
        self.assertEqual(len(self.digests()), 4)

    def test_missed_time_is_caught_up_and_next_day_planned(self):
        self.start(now="2026-11-23T10:00:00+01:00", digest="none")
        self.seed()
        self.d.stop()
        # Started after 08:00 (down at 08:00): today's goes at once.
        self.start(now="2026-11-23T11:00:00+01:00", digest="08:00 -> hr")
        self.smtp.wait_for(2, timeout=20)
        self.wait_rows(2)
        self.d.stop()
        # Tuesday 07:59:58: the scheduler wakes for 08:00 by itself.
        self.start(now="2026-11-24T07:59:58+01:00", digest="08:00 -> hr")
        msgs = self.smtp.wait_for(4, timeout=20)[2:]
        self.assertIn("Tuesday 24 November 2026",
                      str(msgs[0].parse()["Subject"]))
        days = sorted(r["milestone_date"] for r in self.wait_rows(4))
        self.assertEqual(days, ["2026-11-23"] * 2 + ["2026-11-24"] * 2)

    def test_no_digest_on_a_weekend(self):
        self.start(now="2026-11-28T09:00:00+01:00", digest="08:00 -> hr")
        self.seed()
        time.sleep(1.5)
        self.assertEqual(self.digests(), [])
        self.assertEqual(self.smtp.count(), 0)

    def test_a_day_gone_by_is_not_sent_late(self):
        # Monday's digests wait for [smtp]; by Tuesday they are stale.
        self.start(smtp=False, digest="08:00 -> hr")
        self.seed()
        pending = self.wait_rows(2, status="pending")
        self.d.stop()
        self.start(now="2026-11-24T09:00:00+01:00", digest="08:00 -> hr")
        self.smtp.wait_for(2, timeout=20)
        time.sleep(0.5)
        rows = {r["id"]: r for r in self.digests()}
        for r in pending:
            self.assertEqual(rows[r["id"]]["status"], "expired")
        tuesday = [r for r in rows.values()
                   if r["milestone_date"] == "2026-11-24"]
        self.assertEqual(len(tuesday), 2)
        self.assertEqual(self.smtp.count(), 2)

    def test_nothing_due_sends_nothing(self):
        self.start(digest="08:00 -> hr")
        rows = self.wait_rows(2, status="cancelled")
        self.assertEqual({r["last_error"] for r in rows}, {"nothing was due"})
        self.assertEqual(self.smtp.count(), 0)

    def test_bad_digest_is_refused_with_its_line(self):
        self.d = Daemon()
        self.config(digest="8am -> hr")
        p = subprocess.run([os.environ["TENURED"], "--config",
                            self.d.config_path, "--check-config"],
                           capture_output=True, text=True)
        self.assertNotEqual(p.returncode, 0)
        self.assertRegex(p.stderr, r"tenured\.conf:\d+: digest: time: expected "
                         r"a time of day HH:MM")


if __name__ == "__main__":
    tap.main()
