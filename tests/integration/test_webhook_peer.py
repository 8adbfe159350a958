"""Webhook deliveries against a live local receiver (SPEC section 5).

The driver tests/unit/webhook-send.c (its path in $WEBHOOK_SEND) sends one
fixed reminder through curlev + webhook and prints what curl reported; the
receiver (receiver.py) records what arrived and checks it the way a
Standard Webhooks consumer would.
"""
import base64
import email.utils
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap  # noqa: E402
from harness import free_port  # noqa: E402
from receiver import (Receiver, Reply, WebhookVerificationError,  # noqa: E402
                      verify_standard_webhook)

DRIVER = os.environ.get("WEBHOOK_SEND", "build/tests/unit/webhook-send")
SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SLACK_TEXT = ("Renewal decision due in 30 days: Jane Doe (250914), "
              "29 February 2028 \u2014 record the decision in tenured")
SLACK_TEXT_FR = ("D\u00e9cision de renouvellement dans 30 jours : Jane Doe "
                 "(250914), 29 f\u00e9vrier 2028 \u2014 enregistrer la "
                 "d\u00e9cision dans tenured")
EXPECTED_BODY = {
    "type": "reminder.due",
    "id": "rem_7_renewal_decision_due_20280229_30d_webhook",
    "milestone": {
        "kind": "renewal_decision_due",
        "date": "2028-02-29",
        "at": None,
        "contract_id": 7,
        "vacancy": "250914",
        "person": {"name": "Jane Doe", "email": "jane.doe@example.org"},
        "title": "Team Leader",
    },
    "days_before": 30,
    "due_at": "2028-01-28T09:00:00+01:00",
    "escalation": False,
    "text": SLACK_TEXT,
}


class WebhookPeer(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="webhook-peer-")
        self.rx = Receiver().start()

    def tearDown(self):
        self.rx.stop()
        self.dir.cleanup()

    def secret_file(self, secret):
        path = os.path.join(self.dir.name, "secret")
        with open(path, "w") as f:
            f.write(secret + "\n")
        return path

    def send(self, url=None, secret=SPEC_SECRET, fmt="json", timeout=5,
             msg_id=None, lang="en"):
        args = [DRIVER, url or self.rx.url("/hook"),
                self.secret_file(secret) if secret else "-", fmt,
                str(timeout)]
        if msg_id:
            args.append(msg_id)
        start = time.monotonic()
        p = subprocess.run(args, capture_output=True, text=True,
                           timeout=timeout + 30,
                           env={**os.environ, "WEBHOOK_SEND_LANG": lang})
        self.elapsed = time.monotonic() - start
        self.assertEqual(p.returncode, 0, p.stderr)
        return json.loads(p.stdout)

    def assert_delivered(self, out, req, secret):
        self.assertEqual(req.method, "POST")
        self.assertEqual(req.path, "/hook")
        self.assertEqual(req.header("Content-Type"), "application/json")
        self.assertRegex(req.header("User-Agent"), r"^tenured/\d+\.\d+")
        self.assertEqual(req.header("webhook-id"), out["id"])
        self.assertEqual(req.header("webhook-timestamp"),
                         str(out["timestamp"]))
        self.assertRegex(req.header("webhook-signature"),
                         r"^v1,[A-Za-z0-9+/]{43}=$")
        self.assertIsNone(req.header("Expect"))
        self.assertTrue(verify_standard_webhook(req.headers, req.body,
                                                secret))

    def test_success_signed(self):
        out = self.send()
        self.assertEqual((out["curl_code"], out["status"],
                          out["retry_after"]), (0, 204, -1), out)
        req = self.rx.wait_for(1)[0]
        self.assert_delivered(out, req, SPEC_SECRET)
        self.assertEqual(req.json(), EXPECTED_BODY)
        self.assertEqual(self.rx.count(), 1)

    def test_success_200_and_own_id(self):
        self.rx.on_path("/hook", Reply(200, body=b'{"ok":true}'))
        out = self.send(msg_id="msg_2aQ9")
        self.assertEqual((out["curl_code"], out["status"]), (0, 200))
        req = self.rx.wait_for(1)[0]
        self.assertEqual(req.header("webhook-id"), "msg_2aQ9")
        self.assertEqual(req.json()["id"], "msg_2aQ9")
        self.assert_delivered(out, req, SPEC_SECRET)

    def test_key_lengths(self):
        # Shorter than, equal to and longer than SHA-256's 64-byte block
        # (longer keys are hashed first), padded and unpadded base64.
        # subTest would hide failures from tap.py: the key length goes
        # into each message instead.
        for n in (1, 2, 16, 24, 32, 63, 64, 65, 100):
            self.rx.reset()
            key = os.urandom(n)
            secret = "whsec_" + base64.b64encode(key).decode()
            out = self.send(secret=secret)
            self.assertEqual((out["curl_code"], out["status"]), (0, 204),
                             f"{n}-byte key")
            req = self.rx.wait_for(1)[0]
            try:
                self.assert_delivered(out, req, secret)
            except WebhookVerificationError as e:
                self.fail(f"{n}-byte key: {e}")
            other = "whsec_" + base64.b64encode(
                bytes(b ^ 1 for b in key)).decode()
            with self.assertRaises(WebhookVerificationError,
                                   msg=f"{n}-byte key"):
                verify_standard_webhook(req.headers, req.body, other)

    def test_verifier_spec_vector(self):
        headers = {"Webhook-Id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
                   "Webhook-Timestamp": "1614265330",
                   "Webhook-Signature":
                   "v1,bm9ldHUjKzFob2VudXRob2VodWUzMjRvdWVvdW9ldQo= "
                   "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="}
        self.assertTrue(verify_standard_webhook(
            headers, b'{"test": 2432232314}', SPEC_SECRET, now=1614265330))
        with self.assertRaises(WebhookVerificationError):
            verify_standard_webhook(headers, b'{"test": 2432232314}',
                                    SPEC_SECRET)

    def test_verifier_rejects_tampering(self):
        self.send()
        req = self.rx.wait_for(1)[0]
        with self.assertRaises(WebhookVerificationError):
            verify_standard_webhook(req.headers, req.body + b" ", SPEC_SECRET)
        headers = dict(req.headers)
        headers["webhook-timestamp"] = str(int(time.time()) - 3600)
        with self.assertRaises(WebhookVerificationError):
            verify_standard_webhook(headers, req.body, SPEC_SECRET)
        del headers["webhook-id"]
        with self.assertRaises(WebhookVerificationError):
            verify_standard_webhook(headers, req.body, SPEC_SECRET)

    def test_slack(self):
        out = self.send(secret=None, fmt="slack")
        self.assertEqual((out["curl_code"], out["status"]), (0, 204))
        req = self.rx.wait_for(1)[0]
        self.assertEqual(req.header("Content-Type"), "application/json")
        self.assertEqual(json.loads(req.body), {"text": SLACK_TEXT})
        self.assertIsNone(req.header("webhook-signature"))

    def test_french(self):
        # SPEC section 12: "text" in the reader's language, every other
        # field English; the signature covers the UTF-8 bytes as sent.
        out = self.send(lang="fr")
        req = self.rx.wait_for(1)[0]
        self.assert_delivered(out, req, SPEC_SECRET)
        self.assertEqual(req.json(), {**EXPECTED_BODY, "text": SLACK_TEXT_FR})
        self.rx.reset()
        self.send(secret=None, fmt="slack", lang="fr")
        req = self.rx.wait_for(1)[0]
        self.assertEqual(json.loads(req.body), {"text": SLACK_TEXT_FR})

    def test_slack_signed_when_keyed(self):
        out = self.send(fmt="slack")
        req = self.rx.wait_for(1)[0]
        self.assertEqual(json.loads(req.body), {"text": SLACK_TEXT})
        self.assert_delivered(out, req, SPEC_SECRET)

    def test_503_retry_after_seconds(self):
        self.rx.on_path("/hook", Reply.unavailable(retry_after=120))
        out = self.send()
        self.assertEqual((out["curl_code"], out["status"],
                          out["retry_after"]), (0, 503, 120), out)

    def test_503_retry_after_date(self):
        when = email.utils.formatdate(time.time() + 600, usegmt=True)
        self.rx.on_path("/hook", Reply.unavailable(retry_after=when))
        out = self.send()
        self.assertEqual((out["curl_code"], out["status"]), (0, 503))
        self.assertTrue(595 <= out["retry_after"] <= 601, out)

    def test_retry_after_capped(self):
        self.rx.on_path("/hook", Reply.unavailable(retry_after=10 ** 9))
        out = self.send()
        self.assertEqual(out["retry_after"], 86400, out)

    def test_503_without_retry_after(self):
        self.rx.on_path("/hook", Reply.unavailable())
        out = self.send()
        self.assertEqual((out["status"], out["retry_after"]), (503, -1))

    def test_429(self):
        self.rx.on_path("/hook", Reply.too_many(retry_after=30))
        out = self.send()
        self.assertEqual((out["curl_code"], out["status"],
                          out["retry_after"]), (0, 429, 30), out)

    def test_400(self):
        self.rx.on_path("/hook", Reply(400, body=b"bad"))
        out = self.send()
        self.assertEqual((out["curl_code"], out["status"],
                          out["retry_after"]), (0, 400, -1), out)

    def test_410(self):
        self.rx.on_path("/hook", Reply(410))
        out = self.send()
        self.assertEqual((out["curl_code"], out["status"]), (0, 410), out)

    def test_no_redirect(self):
        self.rx.on_path("/hook", Reply(302, headers={
            "Location": self.rx.url("/elsewhere")}))
        out = self.send()
        self.assertEqual((out["curl_code"], out["status"]), (0, 302), out)
        self.assertEqual(self.rx.count(), 1)

    def test_connection_refused(self):
        out = self.send(url=f"http://127.0.0.1:{free_port()}/hook")
        self.assertEqual((out["curl_code"], out["status"]), (7, 0), out)
        self.assertTrue(out["error"])
        self.assertLess(self.elapsed, 3)

    def test_hang_past_timeout(self):
        self.rx.on_path("/hook", Reply.hang_for(10))
        out = self.send(timeout=1)
        self.assertEqual((out["curl_code"], out["status"]), (28, 0), out)
        self.assertGreaterEqual(out["elapsed_ms"], 900)
        self.assertLess(self.elapsed, 2.0)
        self.assertEqual(self.rx.count(), 1)

    def test_connection_closed(self):
        self.rx.on_path("/hook", Reply.closed())
        out = self.send()
        self.assertEqual((out["curl_code"], out["status"]), (52, 0), out)

    def test_per_request_number(self):
        self.rx.on_path("/hook", Reply(503), Reply(204))
        self.rx.on_request(3, Reply(410))
        self.assertEqual(self.send()["status"], 503)
        self.assertEqual(self.send()["status"], 204)
        self.assertEqual(self.send()["status"], 410)
        self.assertEqual(self.send()["status"], 204)
        self.assertEqual([r.number for r in self.rx.wait_for(4)],
                         [1, 2, 3, 4])

    def test_refuses_other_schemes(self):
        p = subprocess.run([DRIVER, "ftp://127.0.0.1/x", "-", "slack", "5"],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(p.returncode, 2)
        self.assertIn("url", p.stderr)

    def test_bad_secret(self):
        p = subprocess.run([DRIVER, self.rx.url(), self.secret_file(
            "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "json", "5"],
            capture_output=True, text=True, timeout=30)
        self.assertEqual(p.returncode, 2)
        self.assertIn("whsec_", p.stderr)
        self.assertNotIn("MfKQ9r8G", p.stderr)
        self.assertEqual(self.rx.count(), 0)


if __name__ == "__main__":
    tap.main()
