"""Secrets refused before anything starts (SPEC section 13): a secret file
others may read or write, an SMTP password that would go out in clear, a
token of blanks. --check-config says each with its file:line, and the
daemon itself does not start on them."""
import os
import subprocess
import unittest

import tap
from harness import Daemon

TENURED = os.environ.get("TENURED", "tenured")
SECRET = "whsec_dGVudXJlZC10ZXN0LXNlY3JldC1rZXktMzItYnl0ZXM="


class SecretsTest(unittest.TestCase):
    def setUp(self):
        self.d = Daemon()

    def tearDown(self):
        self.d.cleanup()

    def file(self, name, text, mode):
        path = os.path.join(self.d.dir, name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, mode)
        return path

    def run_config(self, extra, *args):
        first = self.d.base_config().count("\n") + 1
        self.d.write_config(extra)
        p = subprocess.run([TENURED, "--config", self.d.config_path, *args],
                           capture_output=True, text=True, timeout=30,
                           check=False)
        return p, first

    def refused(self, extra, line_offset, words):
        p, first = self.run_config(extra, "--check-config")
        self.assertEqual(p.returncode, 1, p)
        self.assertIn(f"{self.d.config_path}:{first + line_offset}:",
                      p.stderr)
        self.assertIn(words, p.stderr)
        # And the daemon refuses to start on it, saying the same.
        start, _ = self.run_config(extra)
        self.assertNotEqual(start.returncode, 0, start)
        self.assertIn(words, start.stderr)
        return p.stderr

    def test_webhook_secret_readable_by_others(self):
        path = self.file("hook.secret", SECRET + "\n", 0o644)
        err = self.refused(f"[webhook.chat]\nurl = http://127.0.0.1:9/\n"
                           f"secret_file = {path}\n", 2, "readable by others")
        self.assertIn("chmod o-rw", err)
        self.assertNotIn(SECRET, err)

    def test_smtp_password_writable_by_others(self):
        path = self.file("smtp.pw", "s3cret\n", 0o602)
        err = self.refused("[smtp]\nurl = smtps://127.0.0.1:465\n"
                           "from = hr@example.org\nusername = mailer\n"
                           f"password_file = {path}\n", 4,
                           "writable by others")
        self.assertNotIn("s3cret", err)

    def test_api_token_readable_by_others(self):
        path = self.file("token", "0123456789abcdef0123\n", 0o604)
        self.refused(f"[daemon]\napi_token_file = {path}\n", 1,
                     "readable by others")

    def test_smtp_auth_without_tls(self):
        path = self.file("smtp.pw", "s3cret\n", 0o600)
        self.refused("[smtp]\nurl = smtp://127.0.0.1:25\n"
                     "from = hr@example.org\nusername = mailer\n"
                     f"password_file = {path}\n", 1, "in clear")

    def test_token_of_blanks(self):
        path = self.file("token", " " * 24 + "\n", 0o600)
        self.refused(f"[daemon]\napi_token_file = {path}\n", 1,
                     "without blanks")

    def test_good_secrets_pass(self):
        hook = self.file("hook.secret", SECRET + "\n", 0o640)
        pw = self.file("smtp.pw", "s3cret\n", 0o600)
        p, _ = self.run_config(
            "[smtp]\nurl = smtp://127.0.0.1:25\nfrom = hr@example.org\n"
            f"starttls = required\nusername = mailer\npassword_file = {pw}\n"
            f"[webhook.chat]\nurl = http://127.0.0.1:9/\n"
            f"secret_file = {hook}\n", "--check-config")
        self.assertEqual(p.returncode, 0, p.stderr)


if __name__ == "__main__":
    tap.main()
