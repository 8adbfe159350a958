"""A reminder through a real MTA from Debian (exim4-daemon-light): a private
exim with its own configuration in a temporary directory, listening on
127.0.0.1 only and delivering example.org to a Maildir there. The test
reads what exim delivered and logged: the SPEC's headers, the EHLO name
(`[daemon] domain`, SPEC section 13) in exim's Received header and log,
no HELO complaint, and a calendar attachment with its ORGANIZER.

No system service is touched: the exim runs in the foreground (-bdf) as
this test's child with -C, and is stopped at the end. exim accepts -C
with any file only from root, which CI is; elsewhere the test skips.
"""
import email
import email.policy
import email.utils
import glob
import os
import pwd
import shutil
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
import unittest

import tap
from harness import Daemon, free_port
from rules import others_off

try:
    import ical_check   # puts Debian's python3-icalendar on the path
    import icalendar
except ImportError:
    icalendar = None

EXIM = shutil.which("exim4") or shutil.which("exim")
DOMAIN = "tenured.test"
FROM = "HR deadlines <hr-deadlines@example.org>"
# Logged by the HELO ACL below: a stand-in for the checks of stricter
# servers (Postfix's reject_non_fqdn_helo_hostname), which exim's defaults
# leave out.
HELO_WARNING = "is not a fully qualified domain name"

# Everything a default exim would look up or offer that has no place in a
# test: DNS for the client's name, ident, TLS (a self-signed certificate
# would stop a curl that tries STARTTLS).
EXIM_CONF = """\
primary_hostname = mta.example.org
qualify_domain = example.org
domainlist local_domains = example.org
local_interfaces = <; 127.0.0.1
daemon_smtp_ports = {port}
spool_directory = {dir}/spool
log_file_path = {dir}/log/%slog
pid_file_path = {dir}/exim.pid
# exim re-executes itself to deliver, with -C: as anyone but root it then
# loses its privilege and says so in the panic log. The daemon stays root
# (a private instance on loopback); the delivery itself does not.
exim_user = root
exim_group = root
host_lookup =
rfc1413_hosts =
tls_advertise_hosts =
acl_smtp_helo = check_helo
acl_smtp_rcpt = check_rcpt

begin acl

check_helo:
  warn    condition = ${{if match{{$sender_helo_name}}{{\\N\\.\\N}}{{no}}{{yes}}}}
          log_message = HELO/EHLO name $sender_helo_name {warning}
  accept

check_rcpt:
  accept  domains = +local_domains
  deny    message = relay not permitted

begin routers

maildir:
  driver = accept
  domains = +local_domains
  transport = maildir

begin transports

maildir:
  driver = appendfile
  directory = {dir}/Maildir
  maildir_format
  create_directory
  user = {user}
  group = {group}
  return_path_add
  envelope_to_add
"""


def skip_reason():
    if EXIM is None:
        return "exim4 is not installed (Debian: exim4-daemon-light)"
    if os.geteuid() != 0:
        return "exim takes a private configuration (-C) only from root"
    return None


class Exim:
    """One private exim daemon on a free loopback port."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="tenured-mta-")
        self.port = free_port()
        self.proc = None
        # The exim user of Debian's build, for deliveries: exim refuses to
        # deliver as root.
        user = next((u for u in ("Debian-exim", "exim", "mail")
                     if self._has_user(u)), None)
        ent = pwd.getpwnam(user)
        os.chmod(self.dir, 0o755)
        for sub in ("spool", "log", "Maildir"):
            os.mkdir(os.path.join(self.dir, sub))
            os.chown(os.path.join(self.dir, sub), ent.pw_uid, ent.pw_gid)
        self.conf = os.path.join(self.dir, "exim.conf")
        with open(self.conf, "w") as f:
            f.write(EXIM_CONF.format(port=self.port, dir=self.dir,
                                     user=ent.pw_uid, group=ent.pw_gid,
                                     warning=HELO_WARNING))

    @staticmethod
    def _has_user(name):
        try:
            pwd.getpwnam(name)
            return True
        except KeyError:
            return False

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    def start(self):
        # -bdf: the daemon stays in the foreground, our child, so that
        # stopping it needs no pid file and leaves nothing behind.
        self.proc = subprocess.Popen(
            [EXIM, "-C", self.conf, "-bdf", "-oX", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        end = time.monotonic() + 15
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise AssertionError("exim did not start: " +
                                     self.proc.stderr.read().decode())
            try:
                socket.create_connection(("127.0.0.1", self.port),
                                         timeout=1).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise AssertionError("exim is not listening after 15 s")

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc is not None:
            self.proc.stderr.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def log(self, which="main"):
        path = os.path.join(self.dir, "log", f"{which}log")
        if not os.path.exists(path):
            return ""
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def wait_delivered(self, n, timeout=30):
        """The first n messages in the Maildir, as email.message objects
        (delivery is a process of exim's own, a moment after the 250)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            files = sorted(glob.glob(os.path.join(self.dir, "Maildir",
                                                  "new", "*")))
            if len(files) >= n:
                msgs = []
                for path in files[:n]:
                    with open(path, "rb") as f:
                        msgs.append(email.message_from_binary_file(
                            f, policy=email.policy.default))
                return msgs
            time.sleep(0.1)
        raise AssertionError(f"exim delivered {len(files)} of {n} "
                             f"messages; mainlog:\n{self.log()}")


class MtaTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.exim = Exim()
        try:
            cls.exim.start()
        except BaseException:
            cls.exim.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.exim.stop()

    def test_1_reminder_through_exim(self):
        d = Daemon(now="2026-11-23T10:00:00Z")
        try:
            lines = ["[reminders]", "hr = hr@example.org",
                     "renewal_decision_due = 7d -> hr via email"]
            lines += others_off("renewal_decision_due")
            lines += ["[smtp]", f"url = {self.exim.url}", f"from = {FROM}",
                      "starttls = off"]
            d.write_config("\n".join(lines) + "\n")
            d.start()
            a = d.post("/api/v1/contracts", {
                "name": "Jane Doe", "email": "jane@example.org",
                "manager_email": "boss@example.org", "start": "2024-06-01"})
            self.assertEqual(a.status, 201, a)
            cid = a.json()["id"]
            msg = self.exim.wait_delivered(1)[0]
            # The outbox records the 250 once the daemon has it.
            end = time.monotonic() + 15
            while time.monotonic() < end:
                rows = d.get("/api/v1/outbox").json()["outbox"]
                if rows and rows[0]["status"] == "sent":
                    break
                time.sleep(0.1)
            self.assertEqual(rows[0]["status"], "sent", rows)
        finally:
            d.cleanup()

        self.assertRegex(msg["Message-ID"], rf"^<reminder-\d+@{DOMAIN}>$")
        self.assertIsNotNone(email.utils.parsedate_to_datetime(msg["Date"]))
        self.assertEqual(msg["Auto-Submitted"], "auto-generated")
        self.assertEqual(str(msg["Subject"]), "[tenured] Renewal decision "
                         f"due in 7 days: Jane Doe (contract {cid})")
        self.assertEqual(msg["Envelope-to"], "hr@example.org")
        self.assertEqual(msg["Return-path"], "<hr-deadlines@example.org>")

        # EHLO named [daemon] domain, as exim recorded it.
        received = " ".join(str(msg["Received"]).split())
        self.assertIn(f"helo={DOMAIN}", received)
        mainlog = self.exim.log()
        arrival = [l for l in mainlog.splitlines() if " <= " in l]
        self.assertEqual(len(arrival), 1, mainlog)
        self.assertIn(f"H=({DOMAIN}) [127.0.0.1]", arrival[0])
        self.assertNotIn(HELO_WARNING, mainlog)
        self.assertNotIn("helo", (self.exim.log("reject") +
                                  self.exim.log("panic")).lower())
        self.assertEqual(self.exim.log("panic"), "")

        cal = [p for p in msg.walk()
               if p.get_content_type() == "text/calendar"]
        self.assertEqual(len(cal), 1, "one calendar attachment")
        self.assertEqual(cal[0].get_param("method"), "PUBLISH")
        text = cal[0].get_payload(decode=True).decode("utf-8")
        if icalendar is None:
            self.skipTest("python3-icalendar is not installed")
        parsed = icalendar.Calendar.from_ical(text)
        events = parsed.walk("VEVENT")
        self.assertEqual(len(events), 1)
        org = events[0]["ORGANIZER"]
        self.assertEqual(str(org), "mailto:hr-deadlines@example.org")
        self.assertEqual(str(org.params["CN"]), "HR deadlines")
        # And both calendar parsers read it alike, ORGANIZER included.
        ical_check.check_calendar(
            text, require_icaljs=False,
            organizer="mailto:hr-deadlines@example.org")

    def test_2_a_bare_host_name_would_be_caught(self):
        # The check above means something: a client greeting with a bare
        # host name, as libcurl does by default, is logged by this exim.
        with smtplib.SMTP("127.0.0.1", self.exim.port, timeout=10,
                          local_hostname="buildhost") as s:
            s.ehlo()
        end = time.monotonic() + 10
        while (HELO_WARNING not in self.exim.log() and
               time.monotonic() < end):
            time.sleep(0.05)
        self.assertIn(f"HELO/EHLO name buildhost {HELO_WARNING}",
                      self.exim.log())


if __name__ == "__main__":
    reason = skip_reason()
    if reason is not None:
        print(f"1..0 # SKIP {reason}")
        sys.exit(0)
    tap.main()
