"""Email reminders through a real SMTP server (aiosmtpd): one message per
distinct address with the SPEC's headers and a calendar attachment, 4xx
as temporary, 5xx as permanent, and email waiting while [smtp] is not
set."""
import time
import unittest

import tap
from rules import others_off
from harness import Daemon
from smtp_server import Reply, SmtpServer

try:
    import ical_check   # puts Debian's python3-icalendar on the path
    import icalendar
except ImportError:
    icalendar = None



class EmailTest(unittest.TestCase):
    def setUp(self):
        self.smtp = SmtpServer().start()
        self.d = None

    def tearDown(self):
        if self.d is not None:
            self.d.cleanup()
        self.smtp.stop()

    def start(self, roles="hr,manager", smtp=True):
        self.d = Daemon(now="2026-11-23T10:00:00Z")
        lines = ["[reminders]", "hr = hr@example.org",
                 f"renewal_decision_due = 7d -> {roles} via email"]
        lines += others_off("renewal_decision_due")
        if smtp:
            lines += ["[smtp]", f"url = {self.smtp.url}",
                      "from = HR deadlines <hr-deadlines@example.org>",
                      "starttls = off"]
        self.d.write_config("\n".join(lines) + "\n")
        self.d.start()

    def contract(self, name="Jane Doe"):
        a = self.d.post("/api/v1/contracts", {
            "name": name, "email": "jane@example.org",
            "manager_email": "boss@example.org", "start": "2024-06-01"})
        self.assertEqual(a.status, 201, a)
        return a.json()["id"]

    def rows(self):
        return self.d.get("/api/v1/outbox").json()["outbox"]

    def wait_status(self, rid, status, timeout=15):
        end = time.time() + timeout
        while time.time() < end:
            row = {r["id"]: r for r in self.rows()}.get(rid)
            if row is not None and row["status"] == status:
                return row
            time.sleep(0.1)
        self.fail(f"reminder {rid} never became {status}")

    def test_one_message_per_address_with_headers(self):
        self.start()
        cid = self.contract("Zoë Müller")
        msgs = self.smtp.wait_for(2, timeout=20)
        tos = sorted(m.rcpt_tos[0] for m in msgs)
        self.assertEqual(tos, ["boss@example.org", "hr@example.org"])
        for m in msgs:
            self.assertEqual(m.mail_from, "hr-deadlines@example.org")
            e = m.parse()
            self.assertEqual(str(e["Subject"]), "[tenured] Renewal decision "
                             f"due in 7 days: Zoë Müller (contract {cid})")
            self.assertEqual(e["Auto-Submitted"], "auto-generated")
            self.assertRegex(e["Message-ID"],
                             r"^<reminder-\d+@tenured\.test>$")
            self.assertIsNotNone(e["Date"])
            parts = {p.get_content_type(): p for p in e.walk()}
            text = parts["text/plain"].get_content()
            self.assertIn("Due: 30 November 2026", text)
            if icalendar is not None:
                cal = icalendar.Calendar.from_ical(
                    parts["text/calendar"].get_payload(decode=True))
                uids = [str(v["UID"]) for v in cal.walk("VEVENT")]
                self.assertEqual(uids, [
                    f"renewal_decision_due-c{cid}-20270531@tenured.test"])
        ids = {m.parse()["Message-ID"] for m in msgs}
        self.assertEqual(len(ids), 2, "one reminder row per address")
        for r in self.rows():
            self.wait_status(r["id"], "sent")

    def test_temporary_then_permanent(self):
        self.smtp.queue(Reply.temporary(), Reply.permanent())
        self.start(roles="hr")
        self.contract()
        row = self.rows()[0]
        row = self.wait_status(row["id"], "retrying")
        self.assertIn("451", row["last_error"])
        a = self.d.request("POST", f"/api/v1/outbox/{row['id']}/retry")
        self.assertEqual(a.status, 200, a)
        row = self.wait_status(row["id"], "dead")
        self.assertIn("550", row["last_error"])
        a = self.d.request("POST", f"/api/v1/outbox/{row['id']}/retry")
        self.wait_status(row["id"], "sent")
        msgs = self.smtp.wait_for(3)
        self.assertEqual(len({m.parse()["Message-ID"] for m in msgs}), 1,
                         "every attempt carries the same Message-ID")

    def test_reminder_test_email(self):
        self.start()
        code, out, err = self.d.ctl("reminder", "test", "email")
        self.assertEqual(code, 0, err)
        msg = self.smtp.wait_for(1)[0]
        self.assertEqual(msg.rcpt_tos, ["hr@example.org"])
        self.assertEqual(str(msg.parse()["Subject"]), "[tenured] Test message")
        self.smtp.queue(Reply.permanent())
        code, out, err = self.d.ctl("reminder", "test", "email")
        self.assertEqual(code, 1)
        self.assertIn("550", err)

    def test_stalling_server_does_not_hold_the_daemon(self):
        # The SMTP exchange runs on the mailer's thread: while the server
        # sits on the end of DATA, the API still answers at once.
        self.smtp.default = Reply.stall(6)
        self.start(roles="hr")
        self.contract()
        # Wait until the whole message is in and the server sits on its
        # answer (MAIL FROM alone can come well before, under ASan).
        end = time.time() + 10
        while self.smtp.count() == 0 and time.time() < end:
            time.sleep(0.05)
        self.assertEqual(self.smtp.count(), 1, "the message is in DATA")
        t = time.monotonic()
        a = self.d.get("/api/v1/status")
        self.assertEqual(a.status, 200, a)
        self.assertLess(time.monotonic() - t, 2.0)
        self.assertEqual(self.rows()[0]["status"], "sending",
                         "the answer to DATA is still awaited")
        self.wait_status(self.rows()[0]["id"], "sent", timeout=20)

    def test_stop_waits_for_the_message_on_the_wire(self):
        # SIGTERM while the server sits on the end of DATA: the answer is
        # waited for and recorded, so the restart sends nothing again.
        self.smtp.default = Reply.stall(2)
        self.start(roles="hr")
        self.contract()
        end = time.time() + 10
        while self.smtp.count() == 0 and time.time() < end:
            time.sleep(0.05)
        self.assertEqual(self.smtp.count(), 1, "the message is in DATA")
        self.assertEqual(self.d.stop(), 0)
        self.smtp.default = Reply.accept()
        self.d.start()
        self.assertEqual(self.rows()[0]["status"], "sent")
        time.sleep(1)
        self.assertEqual(self.smtp.count(), 1, "not sent again")

    def test_email_waits_without_smtp(self):
        self.start(smtp=False)
        self.contract()
        time.sleep(1)
        self.assertTrue(all(r["status"] == "pending" for r in self.rows()))
        self.assertEqual(self.smtp.count(), 0)


if __name__ == "__main__":
    tap.main()
