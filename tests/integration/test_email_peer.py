"""Email reminders against a live local SMTP server (SPEC section 5).

The driver tests/unit/email-send.c (its path in $EMAIL_SEND) sends one
fixed reminder through curlev + email and prints what curl reported; the
server (smtp_server.py) records what arrived, and Python's email package
and python-icalendar read it the way a mail client would.
"""
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
from smtp_server import Reply, SmtpServer  # noqa: E402

try:
    import icalendar
except ImportError:
    sys.path.append("/usr/lib/python3/dist-packages")
    import icalendar

DRIVER = os.environ.get("EMAIL_SEND", "build/tests/unit/email-send")
SUBJECT = "[tenured] Renewal decision due in 30 days: Jane Doe (250914)"
MESSAGE_ID = "reminder-7-renewal_decision_due-20280229-30d@hr.example.org"
UID = "renewal_decision_due-c7-20280831@hr.example.org"
NAME = "Zo\u00eb \u0141ukasiewicz-M\u00fcller \u201cZo\u00e9\u201d"


class Peer(unittest.TestCase):
    """Set-up and checks; the server each class talks to is server_args."""
    server_args = {}

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="email-peer-")
        self.srv = SmtpServer(**self.server_args).start()

    def tearDown(self):
        self.srv.stop()
        self.dir.cleanup()

    def password_file(self, password):
        path = os.path.join(self.dir.name, "password")
        with open(path, "w") as f:
            f.write(password + "\n")
        os.chmod(path, 0o600)   # a secret readable by others is refused
        return path

    def send(self, url=None, starttls="try", username="-", password="-",
             timeout=5, name=None, ca_file=None, count=1, lang="en"):
        args = [DRIVER, url or self.srv.url, starttls, username,
                self.password_file(password) if password != "-" else "-",
                str(timeout)]
        if name or ca_file:
            args.append(name or "Jane Doe")
        if ca_file:
            args.append(ca_file)
        start = time.monotonic()
        env = dict(os.environ, EMAIL_SEND_COUNT=str(count),
                   EMAIL_SEND_LANG=lang)
        p = subprocess.run(args, capture_output=True, text=True,
                           timeout=timeout * count + 30, env=env)
        self.elapsed = time.monotonic() - start
        self.assertEqual(p.returncode, 0, p.stderr)
        return json.loads(p.stdout)

    def assert_message(self, out, msg, name="Jane Doe", lang="en"):
        self.assertEqual(msg.mail_from, "hr-deadlines@example.org")
        self.assertEqual(msg.rcpt_tos, ["hr@example.org"])
        self.assertTrue(msg.data.isascii(), "the message is 7-bit")
        for line in msg.data.split(b"\r\n"):
            self.assertLessEqual(len(line), 998)
        m = msg.parse()
        self.assertEqual(m["From"].addresses[0].display_name,
                         "HR deadlines")
        self.assertEqual(m["From"].addresses[0].addr_spec,
                         "hr-deadlines@example.org")
        self.assertEqual(str(m["To"]), "hr@example.org")
        self.assertEqual(str(m["Subject"]), out["subject"])
        self.assertEqual(str(m["Message-ID"]), f"<{MESSAGE_ID}>")
        self.assertEqual(str(m["Auto-Submitted"]), "auto-generated")
        self.assertEqual(str(m["MIME-Version"]), "1.0")
        date = email.utils.parsedate_to_datetime(str(m["Date"]))
        self.assertEqual(int(date.timestamp()), out["now"])
        self.assertIn(date.utcoffset().total_seconds(), (3600, 7200),
                      "Date in Brussels time")
        self.assertEqual(m.get_content_type(), "multipart/mixed")
        parts = list(m.iter_parts())
        self.assertEqual([p.get_content_type() for p in parts],
                         ["text/plain", "text/calendar"])
        text, cal = parts
        self.assertEqual(text.get_content_charset(), "utf-8")
        # CRLF of the wire stays in a part read from bytes.
        body = text.get_content().replace("\r\n", "\n")
        if lang == "fr":
            self.assertTrue(body.startswith(
                f"D\u00e9cision de renouvellement dans 30 jours : {name} "
                "(250914)\n\n\u00c9ch\u00e9ance : 29 f\u00e9vrier 2028\n\n"),
                body)
            self.assertIn("enregistrer la d\u00e9cision dans tenured au "
                          "plus tard le 29 f\u00e9vrier 2028", body)
            self.assertIn(f"Agent : {name}", body)
        else:
            self.assertTrue(body.startswith(
                f"Renewal decision due in 30 days: {name} (250914)\n\n"
                "Due: 29 February 2028\n\n"), body)
            self.assertIn("record the decision in tenured by 29 February "
                          "2028", body)
            self.assertIn(f"Staff member: {name}", body)
        self.assertEqual(cal.get_content_charset(), "utf-8")
        self.assertEqual(cal.get_param("method"), "PUBLISH")
        self.assertEqual(cal.get_filename(),
                         "renewal_decision_due-2028-02-29.ics")
        self.assertEqual(cal["Content-Transfer-Encoding"], "base64")
        ics = icalendar.Calendar.from_ical(cal.get_payload(decode=True))
        self.assertEqual(str(ics["METHOD"]), "PUBLISH")
        events = [c for c in ics.walk() if c.name == "VEVENT"]
        self.assertEqual(len(events), 1)
        ev = events[0]
        self.assertEqual(str(ev["UID"]), UID)
        self.assertEqual(ev.decoded("DTSTART").isoformat(), "2028-02-29")
        self.assertIn(name, str(ev["SUMMARY"]))
        return m


class EmailPeer(Peer):
    """A plain server without STARTTLS or AUTH."""

    def test_success(self):
        out = self.send()
        self.assertEqual((out["curl_code"], out["status"]), (0, 250), out)
        self.assertEqual(out["subject"], SUBJECT)
        msg = self.srv.wait_for(1)[0]
        self.assertFalse(msg.tls)
        m = self.assert_message(out, msg)
        self.assertIn(f"Subject: {SUBJECT}\r\n".encode(), msg.data)
        self.assertEqual(str(m["Subject"]), SUBJECT)
        self.assertEqual(self.srv.count(), 1)

    def test_french(self):
        # SPEC section 12: subject, text and calendar entry in French, read
        # back by Python's mail parser from what the server received.
        out = self.send(name=NAME, lang="fr")
        self.assertEqual((out["curl_code"], out["status"]), (0, 250), out)
        self.assertEqual(out["subject"], "[tenured] D\u00e9cision de "
                         f"renouvellement dans 30 jours : {NAME} (250914)")
        msg = self.srv.wait_for(1)[0]
        m = self.assert_message(out, msg, name=NAME, lang="fr")
        cal = [p for p in m.iter_parts()
               if p.get_content_type() == "text/calendar"][0]
        ics = icalendar.Calendar.from_ical(cal.get_payload(decode=True))
        ev = [c for c in ics.walk() if c.name == "VEVENT"][0]
        self.assertEqual(str(ev["SUMMARY"]), "D\u00e9cision de "
                         f"renouvellement : {NAME} (250914)")
        self.assertTrue(str(ev["DESCRIPTION"]).startswith(
            "Veuillez d\u00e9cider du renouvellement"), ev["DESCRIPTION"])

    def test_success_non_ascii_name(self):
        out = self.send(name=NAME)
        self.assertEqual((out["curl_code"], out["status"]), (0, 250), out)
        self.assertEqual(out["subject"], "[tenured] Renewal decision due in "
                         f"30 days: {NAME} (250914)")
        msg = self.srv.wait_for(1)[0]
        self.assertIn(b"Subject: =?UTF-8?B?", msg.data)
        m = self.assert_message(out, msg, name=NAME)
        self.assertEqual(str(m["Subject"]), out["subject"])
        raw = email.message_from_bytes(msg.data)
        words = email.header.decode_header(raw["Subject"])
        self.assertEqual("".join(w.decode(c or "ascii") for w, c in words),
                         out["subject"])

    def test_451_at_end_of_data(self):
        self.srv.queue(Reply.temporary())
        out = self.send()
        self.assertEqual(out["status"], 451, out)
        self.assertNotEqual(out["curl_code"], 0, out)
        self.assertTrue(out["error"])
        self.assertEqual(self.srv.count(), 1)

    def test_451_at_rcpt(self):
        self.srv.queue(Reply.temporary("4.2.1 Mailbox busy", stage="rcpt"))
        out = self.send()
        self.assertEqual(out["status"], 451, out)
        self.assertNotEqual(out["curl_code"], 0, out)
        self.assertEqual(self.srv.count(), 0)

    def test_550_at_end_of_data(self):
        self.srv.queue(Reply.permanent())
        out = self.send()
        self.assertEqual(out["status"], 550, out)
        self.assertNotEqual(out["curl_code"], 0, out)

    def test_550_at_rcpt(self):
        self.srv.queue(Reply.permanent("5.1.1 No such user", stage="rcpt"))
        out = self.send()
        self.assertEqual(out["status"], 550, out)
        self.assertEqual(self.srv.count(), 0)

    def test_per_transaction_replies(self):
        self.srv.queue(Reply.temporary(), Reply.accept())
        self.srv.on_transaction(3, Reply.permanent(code=554))
        self.assertEqual(self.send()["status"], 451)
        self.assertEqual(self.send()["status"], 250)
        self.assertEqual(self.send()["status"], 554)
        self.assertEqual(self.send()["status"], 250)
        self.assertEqual([m.number for m in self.srv.wait_for(4)],
                         [1, 2, 3, 4])

    def test_batch_shares_one_connection(self):
        out = self.send(count=20)
        self.assertEqual((out["accepted"], out["connections"]), (20, 1),
                         out)
        msgs = self.srv.wait_for(20)
        self.assertEqual(self.srv.connections, 1)
        ids = {m.parse()["Message-ID"] for m in msgs}
        self.assertEqual(len(ids), 20)

    def test_failure_in_batch_starts_a_new_connection(self):
        # After a refusal the connection is dropped: a late reply on it
        # could otherwise be read as the next message's.
        self.srv.on_transaction(5, Reply.temporary())
        out = self.send(count=10)
        self.assertEqual(out["accepted"], 9, out)
        self.assertEqual(out["connections"], 2, out)
        self.assertEqual(self.srv.connections, 2)
        self.assertEqual(len(self.srv.wait_for(10)), 10)

    def test_stall_in_batch_times_out_one_message_only(self):
        self.srv.on_transaction(2, Reply.stall(10))
        out = self.send(count=4, timeout=1)
        self.assertEqual(out["accepted"], 3, out)
        self.assertEqual(out["connections"], 2, out)

    def test_connection_refused(self):
        out = self.send(url=f"smtp://127.0.0.1:{free_port()}")
        self.assertEqual((out["curl_code"], out["status"]), (7, 0), out)
        self.assertTrue(out["error"])
        self.assertLess(self.elapsed, 3)

    def test_stall_past_timeout(self):
        self.srv.queue(Reply.stall(10))
        out = self.send(timeout=1)
        self.assertEqual(out["curl_code"], 28, out)
        self.assertNotIn(out["status"], (250,))
        self.assertGreaterEqual(out["elapsed_ms"], 900)
        # libcurl 7.88 waits for the end-of-DATA reply and for QUIT in
        # blocking polls (curl/curl#8555), each bounded by the timeout;
        # on the mailer's thread, so only this program waits.
        self.assertLess(self.elapsed, 3.5)

    def test_stall_at_rcpt_past_timeout(self):
        self.srv.queue(Reply.stall(10, stage="rcpt"))
        out = self.send(timeout=1)
        self.assertEqual(out["curl_code"], 28, out)
        self.assertLess(self.elapsed, 3.5)
        self.assertEqual(self.srv.count(), 0)

    def test_starttls_required_not_offered(self):
        out = self.send(starttls="required")
        self.assertEqual(out["curl_code"], 64, out)   # CURLE_USE_SSL_FAILED
        self.assertTrue(out["error"])
        self.assertEqual(self.srv.count(), 0)
        self.assertEqual(self.srv.mail_from_seen, [])

    def test_starttls_try_not_offered(self):
        out = self.send(starttls="try")
        self.assertEqual((out["curl_code"], out["status"]), (0, 250), out)
        self.assertFalse(self.srv.wait_for(1)[0].tls)

    def test_bad_password_file(self):
        p = subprocess.run([DRIVER, self.srv.url, "try", "mailer",
                            "/nonexistent/password", "5"],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(p.returncode, 2)
        self.assertIn("password_file", p.stderr)
        self.assertEqual(self.srv.count(), 0)

    def test_refuses_other_schemes(self):
        p = subprocess.run([DRIVER, "http://127.0.0.1/", "try", "-", "-",
                            "5"], capture_output=True, text=True,
                           timeout=30)
        self.assertEqual(p.returncode, 2)
        self.assertIn("url", p.stderr)


class EmailPeerStarttls(Peer):
    """A server that offers STARTTLS with a certificate of its own."""
    server_args = dict(starttls=True)

    def test_required_sends_under_tls(self):
        out = self.send(starttls="required", ca_file=self.srv.ca_file)
        self.assertEqual((out["curl_code"], out["status"]), (0, 250), out)
        msg = self.srv.wait_for(1)[0]
        self.assertTrue(msg.tls)
        self.assert_message(out, msg)

    def test_required_unknown_certificate(self):
        out = self.send(starttls="required")
        self.assertEqual(out["curl_code"], 60, out)  # peer verification
        self.assertEqual(self.srv.count(), 0)
        self.assertEqual(self.srv.mail_from_seen, [])

    def test_off_stays_plain(self):
        out = self.send(starttls="off")
        self.assertEqual((out["curl_code"], out["status"]), (0, 250), out)
        self.assertFalse(self.srv.wait_for(1)[0].tls)


class EmailPeerSmtps(Peer):
    """smtps://: TLS from the first byte."""
    server_args = dict(tls=True)

    def test_implicit_tls(self):
        self.assertTrue(self.srv.url.startswith("smtps://"))
        out = self.send(starttls="off", ca_file=self.srv.ca_file)
        self.assertEqual((out["curl_code"], out["status"]), (0, 250), out)
        self.assert_message(out, self.srv.wait_for(1)[0])


class EmailPeerAuth(Peer):
    """A server that wants AUTH before MAIL FROM, under STARTTLS: a
    password never goes out in clear (SPEC section 13)."""
    server_args = dict(auth={"mailer": "s3cret pass"}, starttls=True)

    def send_auth(self, password):
        return self.send(username="mailer", password=password,
                         starttls="required", ca_file=self.srv.ca_file)

    def test_auth_ok(self):
        out = self.send_auth("s3cret pass")
        self.assertEqual((out["curl_code"], out["status"]), (0, 250), out)
        self.assertEqual(self.srv.count(), 1)
        self.assertTrue(self.srv.wait_for(1)[0].tls)
        self.assertEqual([a[1:] for a in self.srv.auth_attempts],
                         [("mailer", "s3cret pass")])

    def test_auth_wrong_password(self):
        out = self.send_auth("wrong")
        self.assertEqual(out["status"], 535, out)
        self.assertEqual(out["curl_code"], 67, out)  # CURLE_LOGIN_DENIED
        self.assertEqual(self.srv.count(), 0)

    def test_auth_without_tls_refused(self):
        # starttls = try would send the password in clear to a server
        # that offers no STARTTLS: the configuration is refused first.
        p = subprocess.run([DRIVER, self.srv.url, "try", "mailer",
                            self.password_file("s3cret pass"), "5"],
                           capture_output=True, text=True, timeout=30)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("without TLS", p.stderr)
        self.assertEqual(self.srv.auth_attempts, [])

    def test_no_auth_refused(self):
        out = self.send(ca_file=self.srv.ca_file)
        self.assertEqual(out["status"], 530, out)
        self.assertEqual(self.srv.count(), 0)


if __name__ == "__main__":
    tap.main()
