"""Reminders through a real webhook receiver: planned in the outbox when a
contract is written, sent at their instant (the scheduling clock placed
just before it), signed as Standard Webhooks, retried on temporary
failures with Retry-After, dead on permanent ones, retried by hand,
stopped by the decision, expired when too late, and not lost when the
daemon is killed in the middle of a delivery."""
import base64
import os
import time
import unittest

import tap
from rules import others_off
from harness import Daemon
from receiver import Receiver, Reply, verify_standard_webhook

SECRET = "whsec_" + base64.b64encode(b"tenured-test-secret-key-32-bytes").decode()


def config(d, url, timeout="2s"):
    secret = os.path.join(d.dir, "hook.secret")
    with open(secret, "w") as f:
        f.write(SECRET + "\n")
    lines = ["[reminders]", "send_time = 09:00", "hr = hr@example.org",
             "renewal_decision_due = 30d,7d,+7d -> hr via webhook:hook"]
    lines += others_off("renewal_decision_due")
    lines += ["[webhook.hook]", f"url = {url}", f"secret_file = {secret}",
              f"timeout = {timeout}"]
    return "\n".join(lines) + "\n"


class ReminderTest(unittest.TestCase):
    def setUp(self):
        self.rx = Receiver().start()
        self.d = None

    def tearDown(self):
        if self.d is not None:
            self.d.cleanup()
        self.rx.stop()

    def start(self, now, url=None, timeout="2s"):
        self.d = Daemon(now=now)
        self.d.write_config(config(self.d, url or self.rx.url("/hook"),
                                   timeout))
        self.d.start()
        return self.d

    def contract(self, start, email="jane@example.org"):
        a = self.d.post("/api/v1/contracts", {
            "name": "Jane Doe", "email": email,
            "manager_email": "boss@example.org", "start": start})
        self.assertEqual(a.status, 201, a)
        return a.json()["id"]

    def outbox(self, **query):
        q = "&".join(f"{k}={v}" for k, v in query.items())
        a = self.d.get("/api/v1/outbox" + ("?" + q if q else ""))
        self.assertEqual(a.status, 200, a)
        return a.json()

    def wait_status(self, rid, status, timeout=15):
        end = time.time() + timeout
        while time.time() < end:
            rows = {r["id"]: r for r in self.outbox()["outbox"]}
            if rows.get(rid, {}).get("status") == status:
                return rows[rid]
            time.sleep(0.1)
        self.fail(f"reminder {rid} never became {status}: {rows.get(rid)}")

    def test_sent_at_their_instant_and_signed(self):
        # The renewal decision is due Monday 2026-11-30: 30 days before is
        # a Saturday (moved to Friday 30 Oct, long past: sent at once);
        # 7 days before is today 09:00 Brussels, 3 s ahead.
        self.start("2026-11-23T07:59:57Z")
        t0 = time.time()
        cid = self.contract("2024-06-01")
        reqs = self.rx.wait_for(2, timeout=20)
        # The clock started with the process, before t0; a reminder sent
        # at once would come within a fraction of a second.
        self.assertGreaterEqual(reqs[1].time - t0, 1.0,
                                "the 7d reminder waited for its instant")
        bodies = []
        for r in reqs:
            verify_standard_webhook(r.headers, r.body, SECRET)
            self.assertEqual(r.header("Content-Type"), "application/json")
            bodies.append(r.json())
        self.assertEqual([b["days_before"] for b in bodies], [31, 7])
        for b in bodies:
            self.assertEqual(b["type"], "reminder.due")
            m = b["milestone"]
            self.assertEqual(m["kind"], "renewal_decision_due")
            self.assertEqual(m["date"], "2026-11-30")
            self.assertEqual(m["contract_id"], cid)
            self.assertEqual(m["person"], {"name": "Jane Doe",
                                           "email": "jane@example.org"})
            self.assertIs(b["escalation"], False)
        self.assertEqual(bodies[1]["due_at"], "2026-11-23T09:00:00+01:00")
        self.assertNotEqual(reqs[0].header("webhook-id"),
                            reqs[1].header("webhook-id"))
        rows = {r["offset"]: r for r in self.outbox()["outbox"]}
        self.wait_status(rows["7d"]["id"], "sent")
        rows = {r["offset"]: r for r in self.outbox()["outbox"]}
        self.assertEqual(rows["30d"]["status"], "sent")
        self.assertEqual(rows["+7d"]["status"], "pending")
        self.assertEqual(rows["+7d"]["due_at"], "2026-12-07T09:00:00+01:00")
        status = self.d.get("/api/v1/status").json()
        self.assertEqual(status["outbox"]["sent"], 2)
        self.assertEqual(status["outbox"]["pending"], 1)
        code, out, err = self.d.ctl("outbox", "--status", "sent")
        self.assertEqual(code, 0, err)
        self.assertEqual(out.count("renewal_decision_due"), 2, out)

    def test_decision_stops_escalation(self):
        self.start("2026-11-23T07:59:57Z")
        cid = self.contract("2024-06-01")
        self.rx.wait_for(1, timeout=20)
        a = self.d.post(f"/api/v1/contracts/{cid}/decisions",
                        {"type": "renewed", "until": "2030-05-31"})
        self.assertEqual(a.status, 201, a)
        rows = {r["offset"]: r for r in self.outbox()["outbox"]
                if r["milestone_date"] == "2026-11-30"}
        self.assertEqual(rows["+7d"]["status"], "cancelled")
        self.assertIn(rows["7d"]["status"], ("cancelled", "sent"))

    def test_only_nearest_past_offset_and_retry_after(self):
        # At 10:00Z both the 30d and the 7d instants are past: only the
        # 7d one is sent. The receiver first answers 503, Retry-After 1.
        self.rx.on_path("/hook", Reply.unavailable(retry_after=1),
                        Reply.ok())
        self.start("2026-11-23T10:00:00Z")
        self.contract("2024-06-01")
        reqs = self.rx.wait_for(2, timeout=20)
        self.assertGreaterEqual(reqs[1].time - reqs[0].time, 0.9)
        self.assertEqual(reqs[0].header("webhook-id"),
                         reqs[1].header("webhook-id"),
                         "a retry carries the same idempotency id")
        self.assertEqual(reqs[0].json()["days_before"], 7)
        rows = self.outbox()["outbox"]
        offsets = sorted(r["offset"] for r in rows)
        self.assertEqual(offsets, ["+7d", "7d"], "30d was left out")
        sent = [r for r in rows if r["offset"] == "7d"][0]
        sent = self.wait_status(sent["id"], "sent")
        self.assertEqual(sent["attempts"], 2)
        self.assertEqual(self.rx.count(), 2)

    def test_permanent_failure_then_manual_retry(self):
        self.rx.on_path("/hook", Reply(400), Reply(410), Reply.ok())
        self.start("2026-11-23T10:00:00Z")
        self.contract("2024-06-01")
        self.rx.wait_for(1, timeout=20)
        row = [r for r in self.outbox()["outbox"] if r["offset"] == "7d"][0]
        row = self.wait_status(row["id"], "dead")
        self.assertEqual(row["attempts"], 1)
        self.assertIn("400", row["last_error"])
        code, out, err = self.d.ctl("outbox", "retry", str(row["id"]))
        self.assertEqual(code, 0, err)
        self.rx.wait_for(2, timeout=20)
        row = self.wait_status(row["id"], "dead")
        self.assertIn("410", row["last_error"])
        a = self.d.request("POST", f"/api/v1/outbox/{row['id']}/retry")
        self.assertEqual(a.status, 200, a)
        self.rx.wait_for(3, timeout=20)
        self.wait_status(row["id"], "sent")
        a = self.d.request("POST", f"/api/v1/outbox/{row['id']}/retry")
        self.assertEqual(a.status, 409, "a sent reminder is not retried")

    def test_timeout_and_refused_are_temporary(self):
        self.rx.on_path("/hook", Reply.hang_for(6))
        self.start("2026-11-23T10:00:00Z", timeout="1s")
        self.contract("2024-06-01")
        row = [r for r in self.outbox()["outbox"] if r["offset"] == "7d"][0]
        row = self.wait_status(row["id"], "retrying")
        self.assertTrue(row["last_error"])
        self.assertIsNotNone(row["next_attempt_at"])
        self.d.cleanup()
        # Nothing listens on this port.
        s = __import__("socket").socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        self.start("2026-11-23T10:00:00Z",
                   url=f"http://127.0.0.1:{port}/hook")
        self.contract("2024-06-01")
        row = [r for r in self.outbox()["outbox"] if r["offset"] == "7d"][0]
        row = self.wait_status(row["id"], "retrying")
        self.assertTrue(row["last_error"])

    def test_expired_and_overdue_escalation(self):
        # Started 2023-01-01: the renewal decision was due 2025-06-30.
        # Its before-offsets are too late (expired); the escalation is
        # sent, since the decision is still missing.
        self.start("2026-11-23T10:00:00Z")
        self.contract("2023-01-01")
        reqs = self.rx.wait_for(1, timeout=20)
        self.assertIs(reqs[0].json()["escalation"], True)
        rows = self.outbox()["outbox"]
        by = {r["offset"]: r["status"] for r in rows}
        self.assertEqual(by.get("7d"), "expired", rows)
        self.assertNotIn("30d", by)

    def test_restart_mid_delivery_loses_nothing(self):
        self.rx.on_path("/hook", Reply.hang_for(8), Reply.ok())
        d = self.start("2026-11-23T10:00:00Z", timeout="30s")
        self.contract("2024-06-01")
        first = self.rx.wait_for(1, timeout=20)[0]
        d.kill()
        d.start()
        reqs = self.rx.wait_for(2, timeout=20)
        self.assertEqual(reqs[1].header("webhook-id"),
                         first.header("webhook-id"),
                         "the duplicate carries the same webhook-id")
        row = [r for r in self.outbox()["outbox"] if r["offset"] == "7d"][0]
        self.wait_status(row["id"], "sent")

    def test_many_due_at_once_each_sent_once(self):
        """More due at once than the daemon keeps in flight: each goes
        out exactly once, no more than 64 at a time, and the outcome of
        each (sent, retrying, dead), recorded in groups, is its own."""
        count = 300
        # A short wait per answer, so that deliveries overlap.
        self.rx.default = Reply.hang_for(0.1)
        temporary = {7, 64, 65, 200}
        for n in temporary:
            self.rx.on_request(n, Reply.unavailable())
        self.rx.on_request(100, Reply(410))
        d = self.start("2026-11-23T10:00:00Z")
        csv = ["name,email,start"] + [
            f"Person {i},p{i}@example.org,2024-06-01" for i in range(count)]
        a = d.post("/api/v1/contracts/import", "\n".join(csv) + "\n",
                   content_type="text/csv")
        self.assertEqual(a.status, 201, a)
        reqs = self.rx.wait_for(count, timeout=60)
        end = time.time() + 30
        while time.time() < end:
            rows = {r["id"]: r for r in self.outbox(limit=5000)["outbox"]
                    if r["offset"] == "7d"}
            if all(r["status"] not in ("pending", "sending")
                   for r in rows.values()):
                break
            time.sleep(0.2)
        self.assertEqual(len(rows), count)
        time.sleep(0.5)
        self.assertEqual(self.rx.count(), count, "nothing was sent twice")
        by_id = {r.header("webhook-id"): r.number for r in reqs}
        self.assertEqual(len(by_id), count, "one request per reminder")
        print(f"# {count} due at once: at most {self.rx.max_active} "
              "in flight")
        self.assertLessEqual(self.rx.max_active, 64,
                             "deliveries in flight are bounded")
        for rid, row in rows.items():
            n = by_id.get(f"msg_tenured_{rid}")
            self.assertIsNotNone(n, f"reminder {rid} was sent")
            self.assertEqual(row["attempts"], 1, row)
            if n in temporary:
                self.assertEqual(row["status"], "retrying", row)
                self.assertEqual(row["last_error"], "HTTP 503", row)
            elif n == 100:
                self.assertEqual(row["status"], "dead", row)
                self.assertEqual(row["last_error"], "HTTP 410 (permanent)",
                                 row)
            else:
                self.assertEqual(row["status"], "sent", row)
                self.assertIsNotNone(row["sent_at"], row)

    def test_reminder_test_command(self):
        self.rx.on_path("/hook", Reply.ok(), Reply(500))
        self.start("2026-11-23T10:00:00Z")
        code, out, err = self.d.ctl("reminder", "test", "webhook:hook")
        self.assertEqual(code, 0, err)
        self.assertIn("sent", out)
        req = self.rx.wait_for(1, timeout=10)[0]
        verify_standard_webhook(req.headers, req.body, SECRET)
        code, out, err = self.d.ctl("reminder", "test", "webhook:hook")
        self.assertEqual(code, 1)
        self.assertIn("500", err)
        code, out, err = self.d.ctl("reminder", "test", "webhook:nope")
        self.assertEqual(code, 1)
        self.assertIn("channel", err)
        self.assertEqual(self.outbox()["outbox"], [],
                         "tests leave the outbox alone")


if __name__ == "__main__":
    tap.main()
