"""--check-config on the settings that face peers: a refused value is
reported once, at its file:line, and not a second time as "missing" by
the check that runs after the last key (issue 15: a bad webhook secret
used to give a second, wrong line); an [smtp] url path, which libcurl
would send as the EHLO name, is refused. The languages (SPEC section 12):
[daemon] language and a webhook's are en or fr, anything else refused
at its file:line. The database keys (SPEC section 14): claim_lease's
range, a URI that is not PostgreSQL's refused without repeating it (it may
carry a password), a password file only for PostgreSQL and never empty."""
import base64
import os
import subprocess
import unittest

import tap
from harness import Daemon

TENURED = os.environ.get("TENURED", "tenured")


class ConfigPeersTest(unittest.TestCase):
    def setUp(self):
        self.d = Daemon()

    def tearDown(self):
        self.d.cleanup()

    def check(self, extra):
        """The error lines of --check-config for the base config + extra,
        and the line number extra's first line has."""
        first = self.d.base_config().count("\n") + 1
        self.d.write_config(extra)
        p = subprocess.run([TENURED, "--config", self.d.config_path,
                            "--check-config"], capture_output=True,
                           text=True, timeout=30, check=False)
        self.assertNotEqual(p.returncode, 0, p)
        return [l for l in p.stderr.splitlines() if l.strip()], first

    def secret(self, text):
        path = os.path.join(self.d.dir, "hook.secret")
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, 0o600)
        return path

    def test_database_keys_refused_at_their_line(self):
        lines, first = self.check(
            "[daemon]\nclaim_lease = 5x\nclaim_lease = 10s\n"
            "claim_lease = 2d\nclaim_lease = 90s\n"
            "database = PostgreSQL://hr:hunter2@db.example.org/tenured\n")
        self.assertEqual(len(lines), 4, lines)
        for i in range(3):
            self.assertIn(f":{first + 1 + i}: claim_lease: expected a span "
                          "from 30s to 24h", lines[i])
        self.assertIn(f":{first + 5}: database: expected a path or a "
                      "postgresql:// URI", lines[3])
        self.assertNotIn("hunter2", "\n".join(lines), "no password echoed")

    def test_database_password_file(self):
        path = self.secret("\n")
        lines, first = self.check(
            f"[daemon]\ndatabase_password_file = {path}\n")
        self.assertEqual(len(lines), 1, lines)
        self.assertIn(f":{first + 1}: database_password_file:", lines[0])
        if self.d.backend == "postgresql":
            self.assertIn("has no password on its first line", lines[0])
        else:
            self.assertIn("only a PostgreSQL database", lines[0])

    def test_bad_webhook_secret_is_one_line(self):
        path = self.secret("not-a-secret\n")
        lines, first = self.check(
            "[webhook.hr-bot]\nurl = https://chat.example.org/hooks/x\n"
            f"secret_file = {path}\n")
        self.assertEqual(len(lines), 1, lines)
        self.assertIn(f"{self.d.config_path}:{first + 2}: secret_file:",
                      lines[0])
        self.assertIn("whsec_", lines[0])

    def test_unreadable_webhook_secret_is_one_line(self):
        lines, first = self.check(
            "[webhook.hr-bot]\nurl = https://chat.example.org/hooks/x\n"
            f"secret_file = {self.d.dir}/missing.secret\n")
        self.assertEqual(len(lines), 1, lines)
        self.assertIn(f":{first + 2}: secret_file: cannot read", lines[0])

    def test_missing_webhook_secret_is_still_reported(self):
        lines, _ = self.check(
            "[webhook.hr-bot]\nurl = https://chat.example.org/hooks/x\n")
        self.assertEqual(len(lines), 1, lines)
        self.assertIn("has no secret_file", lines[0])

    def test_bad_smtp_url_is_one_line(self):
        lines, first = self.check(
            "[smtp]\nurl = ftp://mail.example.org\n"
            "from = hr@example.org\n")
        self.assertEqual(len(lines), 1, lines)
        self.assertIn(f":{first + 1}: url:", lines[0])

    def test_smtp_url_path_is_refused(self):
        lines, first = self.check(
            "[smtp]\nurl = smtp://mail.example.org:25/mybox\n"
            "from = hr@example.org\n")
        self.assertEqual(len(lines), 1, lines)
        self.assertIn(f":{first + 1}: url:", lines[0])
        self.assertIn("EHLO", lines[0])

    def passes(self, extra):
        self.d.write_config(extra)
        return subprocess.run([TENURED, "--config", self.d.config_path,
                               "--check-config"], capture_output=True,
                              text=True, timeout=30, check=False)

    def test_daemon_language_is_en_or_fr(self):
        for value in ("de", "FR", "french", ""):
            lines, first = self.check(f"language = {value}\n")
            self.assertEqual(len(lines), 1, (value, lines))
            self.assertIn(f"{self.d.config_path}:{first}: language: "
                          f"expected en or fr, got \"{value}\"", lines[0])
        for value in ("en", "fr"):
            p = self.passes(f"language = {value}\n")
            self.assertEqual(p.returncode, 0, (value, p.stderr))

    def test_webhook_language_is_en_or_fr(self):
        path = self.secret("whsec_" + base64.b64encode(b"k" * 24).decode()
                           + "\n")
        hook = ("[webhook.hr-bot]\nurl = https://chat.example.org/hooks/x\n"
                f"secret_file = {path}\n")
        lines, first = self.check(hook + "language = de\n")
        self.assertEqual(len(lines), 1, lines)
        self.assertIn(f"{self.d.config_path}:{first + 3}: language: "
                      "expected en or fr, got \"de\"", lines[0])
        p = self.passes("language = fr\n" + hook + "language = en\n")
        self.assertEqual(p.returncode, 0, p.stderr)
        # A section of nothing but a language still needs its url.
        lines, first = self.check("[webhook.slack]\nlanguage = fr\n")
        self.assertEqual(len(lines), 1, lines)
        self.assertIn(f":{first + 1}: [webhook.slack] url:", lines[0])


if __name__ == "__main__":
    tap.main()
