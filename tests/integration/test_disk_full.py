"""A full disk under the database (a small tmpfs filled to the last byte):
writes are refused with a clear error and leave nothing half-written,
reminders due meanwhile wait, and once space returns every one is
delivered and writes are taken again, without a restart."""
import base64
import os
import subprocess
import tempfile
import time
import unittest

import due_batch
import tap
from harness import Daemon
from receiver import Receiver
from smtp_server import SmtpServer

SECRET = "whsec_" + base64.b64encode(b"disk full test key 0123").decode()
CONTRACTS = 20


def mount_tmpfs(path, size):
    """True when a tmpfs of size could be mounted at path (root, and a
    kernel and container that allow it)."""
    p = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}",
                        "tmpfs", path], capture_output=True, text=True)
    return p.returncode == 0


def fill(path):
    """Writes zeros to path until the filesystem refuses."""
    block = b"\0" * 65536
    with open(path, "wb", buffering=0) as f:
        while True:
            try:
                f.write(block)
            except OSError:
                break
        while True:     # the last few bytes
            try:
                if f.write(b"\0") != 1:
                    break
            except OSError:
                break


class DiskFullTest(unittest.TestCase):
    def setUp(self):
        self.mnt = tempfile.mkdtemp(prefix="tenured-full-")
        if not mount_tmpfs(self.mnt, "16m"):
            os.rmdir(self.mnt)
            self.skipTest("cannot mount a tmpfs here (needs root)")

    def tearDown(self):
        subprocess.run(["umount", "-l", self.mnt], check=False)
        os.rmdir(self.mnt)

    @staticmethod
    def cpu_seconds(pid):
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def test_full_disk_refuses_writes_and_loses_nothing(self):
        rx = Receiver().start()
        smtp = SmtpServer().start()
        # Due at 09:00, ten seconds after the start: after the disk fills.
        d = Daemon(now="2026-11-23T08:59:50+01:00")
        d.database = os.path.join(self.mnt, "tenured.db")
        due_batch.configure(d, smtp.url, rx.url("/hook"), SECRET)
        filler = os.path.join(self.mnt, "filler")
        try:
            d.start()
            expected = set(due_batch.import_due(self, d, CONTRACTS))

            fill(filler)
            a = d.post("/api/v1/contracts", {
                "name": "Late Comer", "email": "late@example.org",
                "start": "2024-06-01"})
            self.assertEqual(a.status, 503, a)
            self.assertIn("disk is full", a.json()["error"]["message"])
            csv = ["name,email,start"] + [
                f"Bulk {i},b{i}@example.org,2025-01-01" for i in range(300)]
            a = d.post("/api/v1/contracts/import", "\n".join(csv) + "\n",
                       content_type="text/csv")
            self.assertEqual(a.status, 503, a)
            # Reads still work, and nothing of the refused writes is there.
            got = d.get("/api/v1/contracts?limit=1000")
            self.assertEqual(got.status, 200, got)
            self.assertEqual(len(got.json()["contracts"]), CONTRACTS)

            # The reminders come due while the disk is full: the claim
            # is refused, and deliveries wait without spinning.
            cpu0 = self.cpu_seconds(d.proc.pid)
            time.sleep(12)
            self.assertRegex(d.log(), r"outbox: [^\n]*the database disk "
                             r"is full")
            self.assertLess(self.cpu_seconds(d.proc.pid) - cpu0, 1.0,
                            "held, not spinning")
            self.assertEqual(rx.requests, [])
            self.assertIsNone(d.proc.poll(), "the daemon is still running")

            os.unlink(filler)
            end = time.time() + 60
            left = expected
            while time.time() < end:
                rows = d.get("/api/v1/outbox?limit=5000").json()["outbox"]
                left = [r for r in rows if r["id"] in expected and
                        r["status"] != "sent"]
                if not left:
                    break
                time.sleep(0.5)
            self.assertEqual(left, [], "every reminder was delivered")
            hooks = {r.header("webhook-id") for r in rx.requests}
            mails = {m.parse()["Message-ID"] for m in smtp.messages}
            self.assertEqual(len(hooks), CONTRACTS)
            self.assertEqual(len(mails), CONTRACTS)
            a = d.post("/api/v1/contracts", {
                "name": "Late Comer", "email": "late@example.org",
                "start": "2024-06-01"})
            self.assertEqual(a.status, 201, a)
            self.assertEqual(d.stop(), 0)
            check = subprocess.run(
                ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect("
                 "sys.argv[1]); print(c.execute('PRAGMA integrity_check')"
                 ".fetchone()[0])", d.database],
                capture_output=True, text=True)
            self.assertEqual(check.stdout.strip(), "ok", check.stderr)
        finally:
            d.cleanup()
            rx.stop()
            smtp.stop()


if __name__ == "__main__":
    tap.main()
