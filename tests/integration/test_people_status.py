"""Issue 14 end to end against a real daemon: the closing and acknowledging
rules, the status filter of milestones, and the honest status of reminders
waiting for a channel that is not configured (status, /metrics, the
journal, tenurectl status)."""
import calendar
import datetime
import time

import people_common
import tap
from harness import Daemon
from people_common import NOW, q


# 1. Closing, acknowledging, the status filter

class RulesTest(people_common.Base):
    @classmethod
    def setUpClass(cls):
        cls.d = Daemon(now=NOW).start()
        # renewal decision due 2026-02-28: overdue on 2026-11-23
        cls.late = cls.create(name="Late Decision", email="late@example.org",
                              start="2023-09-01")["id"]
        cls.renewed = cls.create(name="Renewed Person",
                                 email="renewed@example.org",
                                 start="2024-09-01")["id"]
        a = cls.d.post(f"/api/v1/contracts/{cls.renewed}/decisions",
                       {"type": "renewed", "until": "2030-08-31"})
        assert a.status == 201, a
        cls.cli = cls.create(name="Cli Person", email="cli@example.org",
                             start="2024-10-01")["id"]
        a = cls.d.post(f"/api/v1/contracts/{cls.cli}/decisions",
                       {"type": "renewed", "until": "2030-09-30"})
        assert a.status == 201, a

    def overdue_of(self, cid):
        a = self.d.get("/api/v1/milestones?overdue=1&limit=1000")
        self.assertEqual(a.status, 200, a)
        return [m for m in a.json()["milestones"] if m["contract_id"] == cid]

    def separate_late(self):
        if getattr(type(self), "separated", False):
            return
        a = self.d.post(f"/api/v1/contracts/{self.late}/decisions",
                        {"type": "separated", "date": "2026-11-20",
                         "reason": "left the organisation"})
        self.assertEqual(a.status, 201, a)
        type(self).separated = True

    def test_a_separation_empties_the_overdue_list(self):
        if not getattr(type(self), "separated", False):
            before = self.overdue_of(self.late)
            self.assertEqual([m["kind"] for m in before],
                             ["renewal_decision_due"], before)
            self.assertEqual(self.contract(self.late)["overdue"], 1)
        self.separate_late()
        self.assertEqual(self.overdue_of(self.late), [])
        m = self.milestone(self.late, "renewal_decision_due")
        self.assertEqual(m["status"], "cancelled", m)
        self.assertFalse(m["overdue"], m)
        c = self.contract(self.late)
        self.assertEqual(c["status"], "closed")
        self.assertEqual(c["overdue"], 0)
        s = self.d.get("/api/v1/status").json()
        self.assertEqual(s["overdue"], 0, s)

    def test_acknowledged_and_revoked(self):
        kind = "conversion_request_deadline"
        m = self.milestone(self.renewed, kind)
        self.assertEqual(m["status"], "scheduled", m)
        url = f"/api/v1/contracts/{self.renewed}/decisions"
        ack = {"type": "acknowledged", "kind": kind,
               "reason": "window passed"}
        a = self.d.post(url, ack)
        self.assertEqual(a.status, 201, a)
        dec = a.json()["decision"]
        self.assertEqual(dec["type"], "acknowledged")
        self.assertEqual(dec["kind"], kind)
        self.assertEqual(dec["reason"], "window passed")
        self.assertEqual(self.milestone(self.renewed, kind)["status"], "done")
        before = self.contract(self.renewed)
        a = self.d.post(url, ack)
        self.assertError(a, 409, "conflict")
        self.assertEqual(self.contract(self.renewed), before,
                         "a refused acknowledgement writes nothing")
        a = self.d.request("DELETE", f"{url}/{dec['id']}")
        self.assertEqual(a.status, 200, a)
        self.assertEqual(self.milestone(self.renewed, kind)["status"],
                         "scheduled")
        # A reason is required.
        a = self.d.post(url, {"type": "acknowledged", "kind": kind})
        self.assertError(a, 400, "invalid_field", "reason")

    def test_tenurectl_contract_acknowledge(self):
        kind = "conversion_request_deadline"
        code, out, err = self.d.ctl("contract", "acknowledge", str(self.cli),
                                    "--kind", kind, "--reason",
                                    "no request came")
        self.assertEqual(code, 0, (out, err))
        self.assertEqual(self.milestone(self.cli, kind)["status"], "done")
        acks = [d for d in self.contract(self.cli)["decisions"]
                if d["type"] == "acknowledged"]
        self.assertEqual(len(acks), 1, acks)
        self.assertEqual(acks[0]["kind"], kind)
        self.assertEqual(acks[0]["reason"], "no request came")
        code, out, err = self.d.ctl("contract", "acknowledge", str(self.cli),
                                    "--kind", kind, "--reason", "again")
        self.assertEqual(code, 1, (out, err))
        self.assertTrue(err.strip(), "the refusal is said on stderr")

    def test_status_filter(self):
        self.separate_late()
        a = self.d.get("/api/v1/milestones?limit=1000")
        self.assertEqual(a.status, 200, a)
        every = a.json()["milestones"]
        statuses = {m["status"] for m in every}
        self.assertIn("cancelled", statuses, "the seed has cancelled ones")
        self.assertIn("done", statuses, "the seed has done ones")
        a = self.d.get("/api/v1/milestones?status=scheduled,done&limit=1000")
        self.assertEqual(a.status, 200, a)
        got = a.json()["milestones"]
        self.assertEqual({m["status"] for m in got}, {"scheduled", "done"})
        self.assertEqual(len(got), len([m for m in every if m["status"] in
                                        ("scheduled", "done")]))
        a = self.d.get("/api/v1/milestones?status=cancelled&limit=1000")
        self.assertEqual(a.status, 200, a)
        self.assertEqual({m["status"] for m in a.json()["milestones"]},
                         {"cancelled"})
        for bad in ("overdue", "scheduled,", "scheduled,,done", "",
                    "SCHEDULED_X"):
            a = self.d.get("/api/v1/milestones?status=" + q(bad))
            self.assertError(a, 400, "invalid_field", "status")

    def test_upcoming_hides_cancelled(self):
        self.separate_late()
        cancelled = [m for m in self.contract(self.late)["milestones"]
                     if m["status"] == "cancelled" and m["date"] > "2026-11-23"]
        self.assertTrue(cancelled, "a cancelled milestone ahead")
        args = ("upcoming", "--within", "120m", "--scope",
                "person:late@example.org")
        code, out, err = self.d.ctl(*args)
        self.assertEqual(code, 0, (out, err))
        self.assertNotIn("cancelled", out)
        for m in cancelled:
            self.assertNotIn(m["kind"], out, out)
        code, out, err = self.d.ctl(*args, "--all")
        self.assertEqual(code, 0, (out, err))
        self.assertIn("cancelled", out)
        for m in cancelled:
            self.assertIn(m["kind"], out, out)


# 2. Honest status

def epoch(rfc3339):
    t = datetime.datetime.fromisoformat(rfc3339.replace("Z", "+00:00"))
    return calendar.timegm(t.utctimetuple())


class HonestStatusTest(people_common.Base):
    @classmethod
    def setUpClass(cls):
        cls.d = Daemon(now=NOW, config="[reminders]\nhr = hr@example.org\n")
        cls.d.start()
        cls.empty = cls.d.get("/api/v1/status").json()
        cls.empty_metrics = cls.d.get("/metrics").body.decode()
        cls.create(name="Ana Reminded", email="ana@example.org",
                   manager_email="boss@example.org", start="2025-09-01")
        cls.create(name="Ben Reminded", email="ben@example.org",
                   manager_email="boss@example.org", start="2024-05-01",
                   unit="ICTM")
        cls.create(name="Cleo Reminded", email="cleo@example.org",
                   start="2026-03-01")
        # Restarted on a database with reminders waiting: the journal at
        # start is the one to read.
        assert cls.d.stop() == 0
        cls.log_before = len(cls.d.log())
        cls.d.start()

    def waiting_email(self):
        return self.d.query(
            "SELECT count(*) FROM outbox WHERE channel = 'email' AND "
            "status IN ('pending', 'retrying')")[0][0]

    def test_nothing_waits_at_first(self):
        self.assertEqual(self.empty["waiting"], [], self.empty)
        self.assertIsNone(self.empty["next_reminder"], self.empty)
        self.assertNotIn('tenured_outbox_unconfigured{', self.empty_metrics)

    def test_status_says_what_waits(self):
        n = self.waiting_email()
        self.assertGreater(n, 0, "the seed plans email reminders")
        s = self.d.get("/api/v1/status").json()
        self.assertEqual(s["waiting"], [{"channel": "email", "count": n,
                                         "reason": "no [smtp] url"}], s)

    def test_next_reminder_is_the_earliest(self):
        rows = self.d.query(
            "SELECT o.id, o.next_attempt_at, o.channel, o.recipient, "
            "o.contract_id, o.kind FROM outbox o WHERE o.status IN "
            "('pending', 'retrying') ORDER BY o.next_attempt_at, o.id")
        self.assertTrue(rows)
        rid, due, channel, recipient, cid, kind = rows[0]
        name = self.d.query(
            "SELECT p.name FROM contracts c JOIN people p ON "
            "p.id = c.person_id WHERE c.id = ?", (cid,))[0][0]
        nxt = self.d.get("/api/v1/status").json()["next_reminder"]
        self.assertIsNotNone(nxt)
        self.assertEqual(nxt["id"], rid, (nxt, rows[:3]))
        self.assertEqual(epoch(nxt["due_at"]), due, nxt)
        self.assertEqual(nxt["channel"], channel)
        self.assertEqual(nxt["recipient"], recipient)
        self.assertEqual(nxt["contract_id"], cid)
        self.assertEqual(nxt["kind"], kind)
        self.assertEqual(nxt["person"], name)
        self.assertIsInstance(nxt["person"], str)

    def test_metrics(self):
        n = self.waiting_email()
        a = self.d.get("/metrics")
        self.assertEqual(a.status, 200, a)
        lines = a.body.decode().splitlines()
        self.assertIn(f'tenured_outbox_unconfigured{{channel="email"}} {n}',
                      lines)
        self.assertIn("# TYPE tenured_outbox_unconfigured gauge", lines)

    def test_journal_at_start(self):
        n = self.waiting_email()
        want = (f"{n} reminders wait for email, which is not "
                "configured: no [smtp] url")
        # Written just after READY=1: give it a moment (bounded).
        end = time.monotonic() + 5
        while (want not in self.d.log()[self.log_before:] and
               time.monotonic() < end):
            time.sleep(0.05)
        self.assertIn(want, self.d.log()[self.log_before:])

    def test_tenurectl_status_says_it_first(self):
        n = self.waiting_email()
        code, out, err = self.d.ctl("status")
        self.assertEqual(code, 0, (out, err))
        lines = out.splitlines()
        self.assertTrue(lines, out)
        self.assertEqual(lines[0], f"{n} reminders wait for email, which is "
                         "not configured: no [smtp] url", out)
        self.assertTrue(lines[1].startswith("next reminder: #"), out)


if __name__ == "__main__":
    tap.main()
