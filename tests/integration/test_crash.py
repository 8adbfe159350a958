"""No reminder is lost: a batch of several hundred due reminders to both
channels (webhook and email), the daemon killed with SIGKILL at random
points 20 times and restarted each time; at the end every reminder was
delivered, and any duplicate carries the same webhook-id or Message-ID."""
import base64
import os
import random
import time
import unittest

import due_batch
import tap
from harness import Daemon
from receiver import Receiver, Reply
from smtp_server import Reply as SmtpReply, SmtpServer

CONTRACTS = int(os.environ.get("TENURED_CRASH_CONTRACTS", "150"))
KILLS = int(os.environ.get("TENURED_CRASH_KILLS", "20"))
SECRET = "whsec_" + base64.b64encode(b"crash-test-secret-key-0123456789").decode()


class CrashTest(unittest.TestCase):
    def test_kill_nine_twenty_times(self):
        rng = random.Random(20261123)
        # A slow receiver and a slow SMTP server, so that the kills land
        # in the middle of deliveries on both channels.
        rx = Receiver(default=Reply.hang_for(0.3)).start()
        smtp = SmtpServer().start()
        smtp.default = SmtpReply.stall(0.05)
        d = Daemon(now="2026-11-23T10:00:00Z")
        due_batch.configure(d, smtp.url, rx.url("/hook"), SECRET,
                            hook_timeout="5s")
        try:
            # The 7d reminders of all these contracts are due at once.
            d.start()
            expected = due_batch.import_due(self, d, CONTRACTS)
            for _ in range(KILLS):
                time.sleep(rng.uniform(0.0, 0.4))
                d.kill()
                d.start()
            end = time.time() + 120
            while time.time() < end:
                rows = d.get("/api/v1/outbox?limit=5000").json()["outbox"]
                left = [r for r in rows if r["id"] in expected and
                        r["status"] != "sent"]
                if not left:
                    break
                time.sleep(0.5)
            self.assertEqual(left, [], "every reminder was delivered")
            self.assertIn("interrupted earlier will be sent again", d.log(),
                          "some kill landed in the middle of a delivery")
            hooks, mails = due_batch.by_id(rx, smtp)
            dup_hooks, dup_mails = due_batch.check_each_arrived(
                self, expected, hooks, mails, CONTRACTS)
            print(f"# {2 * CONTRACTS} reminders, {KILLS} kills: "
                  f"{dup_hooks} duplicate webhooks, {dup_mails} duplicate "
                  "emails, all with the same id as the first")
            self.assertEqual(d.stop(), 0)
        finally:
            d.cleanup()
            rx.stop()
            smtp.stop()


if __name__ == "__main__":
    tap.main()
