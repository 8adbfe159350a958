"""The daemon as ops meet it: configuration checks with file:line, SIGHUP
with a good and a bad file, restarts that find the data, migrate-only."""
import os
import subprocess
import unittest

import tap
from harness import TENURED, Daemon


def run(*args):
    p = subprocess.run([TENURED] + list(args), capture_output=True,
                       text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


class DaemonTest(unittest.TestCase):
    def setUp(self):
        self.d = Daemon()

    def tearDown(self):
        self.d.cleanup()

    def test_version(self):
        code, out, _ = run("--version")
        self.assertEqual(code, 0)
        self.assertRegex(out, r"^tenured \d+\.\d+\.\d+\n$")

    def test_check_config_reports_every_error_with_line(self):
        self.d.write_config("bogus = 1\n"
                            "[policy]\n"
                            "renewal_lead_months = soon\n"
                            "[nonsense]\n"
                            "x = 1\n"
                            "this line has no equals sign\n"
                            "[reminders]\n"
                            "birthday = 7d -> hr via email\n")
        code, out, err = run("--config", self.d.config_path, "--check-config")
        self.assertEqual(code, 1, err)
        path = self.d.config_path
        base = len(self.d.base_config().splitlines())
        for line, text in ((base + 1, "unknown key"),
                           (base + 3, "renewal_lead_months"),
                           (base + 5, "unknown section"),
                           (base + 6, "key = value"),
                           (base + 8, "birthday")):
            self.assertIn(f"{path}:{line}: ", err)
            matching = [l for l in err.splitlines()
                        if l.startswith(f"{path}:{line}: ")]
            self.assertTrue(any(text in l for l in matching), (line, err))

    def test_check_config_reminders_and_webhooks(self):
        self.d.write_config("[reminders]\n"
                            "send_time = 25:00\n"
                            "hr = hr@example.org, not-an-address\n"
                            "renewal_decision_due = 6x -> hr via email\n"
                            "probation_end = 7d -> boss via email\n"
                            "contract_end = 7d -> hr via webhook:missing\n"
                            "give_up_after = soon\n"
                            "[webhook.bot]\n"
                            "url = ftp://example.org/\n"
                            "secret_file = /nonexistent/secret\n")
        code, _, err = run("--config", self.d.config_path, "--check-config")
        self.assertEqual(code, 1, err)
        base = len(self.d.base_config().splitlines())
        for offset, text in ((2, "send_time"), (3, "not-an-address"),
                             (4, "renewal_decision_due"), (5, "boss"),
                             (6, "webhook.missing"), (7, "give_up_after"),
                             (9, "url"), (10, "secret_file")):
            prefix = f"{self.d.config_path}:{base + offset}: "
            lines = [l for l in err.splitlines() if l.startswith(prefix)]
            self.assertTrue(any(text in l for l in lines), (offset, err))

    def test_check_config_long_line_and_good_file(self):
        self.d.write_config("[policy]\nprobation_months = 6" + " " * 300 +
                            "\n")
        code, _, err = run("--config", self.d.config_path, "--check-config")
        self.assertEqual(code, 1)
        self.assertIn("longer than", err)
        self.d.write_config("[policy]\nprobation_months = 3\n")
        code, out, err = run("--config", self.d.config_path, "--check-config")
        self.assertEqual(code, 0, err)
        self.assertIn("configuration OK", out)

    def test_example_config_is_valid(self):
        example = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                               "..", "..", "etc", "tenured.conf.example")
        code, out, err = run("--config", example, "--check-config")
        self.assertEqual(code, 0, err)

    def test_missing_config(self):
        code, _, err = run("--config", "/nonexistent/tenured.conf",
                           "--check-config")
        self.assertEqual(code, 1)
        self.assertIn("/nonexistent/tenured.conf", err)

    def test_migrate_only(self):
        code, out, err = run("--config", self.d.config_path, "--migrate-only")
        self.assertEqual(code, 0, err)
        self.assertIn("schema version", out)
        if self.d.backend == "sqlite":
            self.assertTrue(os.path.exists(self.d.database))
        else:
            self.assertNotIn("postgresql://", out, "no URI repeated")

    def test_restart_keeps_data(self):
        self.d.start()
        a = self.d.post("/api/v1/contracts", {
            "name": "Still Here", "email": "still@example.org",
            "start": "2025-09-01"})
        cid = a.json()["id"]
        self.d.post(f"/api/v1/contracts/{cid}/decisions",
                    {"type": "renewed", "until": "2031-08-31"})
        before = self.d.get(f"/api/v1/contracts/{cid}").json()
        self.assertEqual(self.d.stop(), 0)
        self.assertIn("STOPPING=1", self.d.notes)
        self.d.start()
        after = self.d.get(f"/api/v1/contracts/{cid}").json()
        self.assertEqual(before, after)
        self.d.stop()

    def test_sighup_good_and_bad(self):
        self.d.write_config("[policy]\nprobation_months = 6\n")
        self.d.start()
        a = self.d.post("/api/v1/contracts", {
            "name": "Before", "email": "before@example.org",
            "start": "2026-01-01"})
        self.assertEqual(a.json()["policy"]["probation_months"], 6)
        self.d.write_config("[policy]\nprobation_months = 3\n")
        self.d.reload()
        a = self.d.post("/api/v1/contracts", {
            "name": "After", "email": "after@example.org",
            "start": "2026-01-01"})
        self.assertEqual(a.json()["policy"]["probation_months"], 3)
        self.d.write_config("[policy]\nprobation_months = nine\n")
        self.d.reload()
        self.assertIn(f"{self.d.config_path}:", self.d.log())
        self.assertIn("keeping the configuration", self.d.log())
        a = self.d.post("/api/v1/contracts", {
            "name": "Kept", "email": "kept@example.org",
            "start": "2026-01-01"})
        self.assertEqual(a.status, 201)
        self.assertEqual(a.json()["policy"]["probation_months"], 3)
        self.assertEqual(self.d.stop(), 0)

    def test_log_lines_have_priorities(self):
        self.d.start()
        self.d.stop()
        lines = [l for l in self.d.log().splitlines() if l]
        self.assertTrue(lines)
        for l in lines:
            self.assertRegex(l, r"^<[0-7]>")

    def test_own_socket_without_activation(self):
        self.d.start(activate=False)
        self.assertEqual(self.d.get("/healthz").status, 200)
        self.assertEqual(self.d.stop(), 0)
        self.assertFalse(os.path.exists(self.d.socket_path),
                         "the socket it bound is removed on exit")


if __name__ == "__main__":
    tap.main()
