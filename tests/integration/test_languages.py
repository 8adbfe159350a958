"""Issue 16 end to end: a francophone person, manager and feed get
everything in French while everyone else keeps English (SPEC section 12,
docs/i18n.md "Who reads which language").

One daemon ([daemon] language = en) with a real SMTP server (aiosmtpd), a
Slack-format webhook written in French and a generic JSON webhook left in
English, checked with the real peers:

- One batch of renewal reminders, all due at the same instant: Marie
  (contract language fr) and her manager boss@ (no account, no contract:
  [daemon] language); John (contract language en) and his manager chef@
  (an account whose language is fr). Marie and chef@ read French, John and
  boss@ English: subject, body, dates written out, and the SUMMARY,
  DESCRIPTION and calendar name of the attached event (read by
  python-icalendar and ical.js). The Slack line is French whoever it is
  about; the generic JSON keeps its English field names and kinds, and its
  "text" is English even about Marie.
- Two feeds of one scope, one created with "language": "fr", one without:
  the same UIDs, dates and statuses, every SUMMARY, DESCRIPTION and alarm
  text in its own language.
- An API error: the message follows Accept-Language, code and field do
  not.

The French expected here is po/fr.po's msgstr, as the daemon must fill it
in; the month names are jobs/i18n.c's.
"""
import base64
import os
import time
import unittest

import tap
from harness import Daemon
from receiver import Receiver, Reply, verify_standard_webhook
from rules import others_off
from smtp_server import SmtpServer

import ical_check   # puts Debian's python3-icalendar on the path
import icalendar

SECRET = "whsec_" + base64.b64encode(
    b"tenured-languages-test-key-32byt").decode()
TOKEN = "languages-token-0123456789abcdef"
FROM = "HR deadlines <hr-deadlines@example.org>"
ORGANIZER = "mailto:hr-deadlines@example.org"
# 09:00 Brussels on Monday 2026-11-23 is the 7d reminder of a renewal
# decision due 2026-11-30 (contracts that started on 2024-06-01). The
# scheduling clock starts this many seconds before it: everything is
# written before the instant, and goes out at it, in one batch.
LEAD = 15
NOW = f"2026-11-23T07:59:{60 - LEAD:02d}Z"
DUE_AT = "2026-11-23T09:00:00+01:00"

CAL_EN = "tenured: HR milestones"
CAL_FR = "tenured : \u00e9ch\u00e9ances RH"


def email_texts(msg):
    """(subject, text/plain, text/calendar as text) of a Message."""
    e = msg.parse()
    parts = {p.get_content_type(): p for p in e.walk()}
    cal = parts["text/calendar"].get_payload(decode=True).decode("utf-8")
    return str(e["Subject"]), parts["text/plain"].get_content(), cal


def token_of(url):
    return url.rsplit("/", 1)[1][:-len(".ics")]


class LanguagesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.smtp = SmtpServer().start()
        cls.rx = Receiver().start()
        cls.rx.on_path("/slack", Reply.ok(200, "ok"))
        cls.rx.on_path("/generic", Reply.ok(204))
        cls.d = Daemon(now=NOW, token=TOKEN, listen=True)
        try:
            cls._configure_and_write()
        except BaseException:
            cls._teardown()
            raise

    @classmethod
    def _configure_and_write(cls):
        d = cls.d
        secret = os.path.join(d.dir, "generic.secret")
        with open(secret, "w") as f:
            f.write(SECRET + "\n")
        lines = ["language = en",       # still in [daemon]
                 "[reminders]", "hr = hr@example.org",
                 "renewal_decision_due = 7d -> staff,manager via "
                 "email,webhook:slack,webhook:generic"]
        lines += others_off("renewal_decision_due")
        lines += ["[smtp]", f"url = {cls.smtp.url}", f"from = {FROM}",
                  "starttls = off",
                  "[webhook.slack]", f"url = {cls.rx.url('/slack')}",
                  "format = slack", "language = fr",
                  "[webhook.generic]", f"url = {cls.rx.url('/generic')}",
                  f"secret_file = {secret}"]
        d.write_config("\n".join(lines) + "\n")
        t0 = time.monotonic()
        d.start()
        a = d.post("/api/v1/accounts", {
            "name": "chef", "role": "manager", "email": "chef@example.org",
            "language": "fr"})
        assert a.status == 201, a
        assert a.json()["language"] == "fr", a
        cls.ids = {}
        cls.contract_langs = {}
        for name, email, manager, lang in (
                ("Marie Dupont", "marie@example.org", "boss@example.org",
                 "fr"),
                ("John Smith", "john@example.org", "chef@example.org",
                 None)):
            body = {"name": name, "email": email, "manager_email": manager,
                    "start": "2024-06-01"}
            if lang:
                body["language"] = lang
            a = d.post("/api/v1/contracts", body)
            assert a.status == 201, a
            cls.ids[email] = a.json()["id"]
            cls.contract_langs[email] = a.json()["language"]
        # What was planned, and what had gone out, before the instant.
        cls.planned = d.get("/api/v1/outbox").json()["outbox"]
        cls.sent_before = (cls.smtp.count(), cls.rx.count())
        cls.setup_seconds = time.monotonic() - t0
        cls._delivered = None

    @classmethod
    def _teardown(cls):
        try:
            cls.d.cleanup()
        finally:
            cls.smtp.stop()
            cls.rx.stop()

    @classmethod
    def tearDownClass(cls):
        code = cls.d.stop()
        cls._teardown()
        assert code == 0, f"tenured exited with {code}"

    # -- the batch ------------------------------------------------------

    def delivered(self):
        """{recipient: (subject, text, calendar)} and {path: [json]}, once
        the batch has gone out (4 emails, 2 requests per webhook)."""
        if self._delivered is None:
            msgs = self.smtp.wait_for(4, timeout=LEAD + 30)
            reqs = self.rx.wait_for(4, timeout=30)
            emails = {}
            for m in msgs:
                self.assertEqual(len(m.rcpt_tos), 1, m.rcpt_tos)
                self.assertNotIn(m.rcpt_tos[0], emails, "one per address")
                emails[m.rcpt_tos[0]] = email_texts(m)
            hooks = {}
            for r in reqs:
                hooks.setdefault(r.path, []).append(r)
            type(self)._delivered = (emails, hooks)
        return self._delivered

    def hook_about(self, path, email):
        reqs = [r for r in self.delivered()[1][path]
                if self.ids[email] == self._contract_of(path, r)]
        self.assertEqual(len(reqs), 1, (path, email, reqs))
        return reqs[0]

    def _contract_of(self, path, req):
        if path == "/generic":
            return req.json()["milestone"]["contract_id"]
        # A Slack line names the contract in its own words only.
        text = req.json()["text"]
        for cid in self.ids.values():
            if f"(contrat {cid})" in text or f"(contract {cid})" in text:
                return cid
        return None

    def test_a_one_batch(self):
        self.assertEqual(self.contract_langs, {"marie@example.org": "fr",
                                               "john@example.org": "en"},
                         "a contract without language is en")
        self.assertLess(self.setup_seconds, LEAD - 1,
                        "set up before the instant, or this proves nothing")
        self.assertEqual(self.sent_before, (0, 0),
                         "nothing went out before the instant")
        rows = sorted((r["recipient"] or "", r["channel"], r["due_at"],
                       r["status"]) for r in self.planned)
        want = sorted([(e, "email", DUE_AT, "pending") for e in (
            "marie@example.org", "boss@example.org", "john@example.org",
            "chef@example.org")] + [("", c, DUE_AT, "pending") for c in (
                "webhook:slack", "webhook:generic") for _ in range(2)])
        self.assertEqual(rows, want, "one batch, all due at the same "
                         "instant")
        emails, hooks = self.delivered()
        self.assertEqual(sorted(emails), ["boss@example.org",
                                          "chef@example.org",
                                          "john@example.org",
                                          "marie@example.org"])
        self.assertEqual({p: len(r) for p, r in hooks.items()},
                         {"/slack": 2, "/generic": 2})
        end = time.time() + 20
        while time.time() < end:
            status = [r["status"] for r in
                      self.d.get("/api/v1/outbox").json()["outbox"]]
            if status == ["sent"] * 8:
                break
            time.sleep(0.2)
        self.assertEqual(status, ["sent"] * 8)
        self.assertEqual((self.smtp.count(), self.rx.count()), (4, 4),
                         "nothing sent twice")

    # -- email ----------------------------------------------------------

    def check_calendar_part(self, cal, cid, calname, summary, description):
        """The attached event read by python-icalendar and ical.js: its
        UID and date, the calendar's name, SUMMARY and DESCRIPTION."""
        uid = f"renewal_decision_due-c{cid}-20270531@tenured.test"
        views = ical_check.check_calendar(
            cal, {uid: ("2026-11-30", 0, "CONFIRMED")}, calname=calname,
            organizer=ORGANIZER)
        self.assertEqual(set(views), {"python", "icaljs"})
        for parser, events in views.items():
            self.assertEqual(events[uid]["summary"], summary, parser)
            self.assertTrue(events[uid]["description"].startswith(
                description), (parser, events[uid]["description"]))

    def check_french(self, reader, person, name):
        """What reader got about person's contract: all French."""
        cid = self.ids[person]
        subject, text, cal = self.delivered()[0][reader]
        headline = ("D\u00e9cision de renouvellement dans 7 jours : "
                    f"{name} (contrat {cid})")
        self.assertEqual(subject, "[tenured] " + headline)
        sentence = ("Veuillez d\u00e9cider du renouvellement du contrat de "
                    f"{name}, qui arrive \u00e0 \u00e9ch\u00e9ance le 31 mai "
                    "2027, et enregistrer la d\u00e9cision dans tenured au "
                    "plus tard le 30 novembre 2026.")
        for line in (headline, "\u00c9ch\u00e9ance : 30 novembre 2026",
                     sentence, f"Agent : {name}",
                     f"Adresse \u00e9lectronique : {person}",
                     f"Contrat : {cid}",
                     "Ce jalon figure en pi\u00e8ce jointe, "
                     "sous forme d'entr\u00e9e de calendrier.",
                     "Rappel automatique envoy\u00e9 par tenured."):
            self.assertIn(line, text.splitlines(), text)
        for english in ("Due:", "November", "May", "Staff member",
                        "Decide", "contract", "automatic reminder"):
            self.assertNotIn(english, text)
        self.check_calendar_part(
            cal, cid, CAL_FR,
            f"D\u00e9cision de renouvellement : {name} (contrat {cid})",
            sentence + f"\n\nAgent : {name}\n")

    def check_english(self, reader, person, name):
        """What reader got about person's contract: all English."""
        cid = self.ids[person]
        subject, text, cal = self.delivered()[0][reader]
        headline = f"Renewal decision due in 7 days: {name} (contract {cid})"
        self.assertEqual(subject, "[tenured] " + headline)
        sentence = (f"Decide whether to renew the contract of {name}, whose "
                    "term ends on 31 May 2027; record the decision in "
                    "tenured by 30 November 2026.")
        for line in (headline, "Due: 30 November 2026", sentence,
                     f"Staff member: {name}", f"Email: {person}",
                     f"Contract: {cid}",
                     "The milestone is attached as a calendar entry.",
                     "An automatic reminder from tenured."):
            self.assertIn(line, text.splitlines(), text)
        for french in ("\u00c9ch\u00e9ance", "novembre", "Agent",
                       "Veuillez", "contrat", "Rappel"):
            self.assertNotIn(french, text)
        self.check_calendar_part(
            cal, cid, CAL_EN, f"Renewal decision due: {name} (contract {cid})",
            sentence + f"\n\nStaff member: {name}\n")

    def test_b_french_person_reads_french(self):
        self.check_french("marie@example.org", "marie@example.org",
                          "Marie Dupont")

    def test_c_french_account_manager_reads_french(self):
        # About John, whose contract is English: the reader decides.
        self.check_french("chef@example.org", "john@example.org",
                          "John Smith")

    def test_d_english_person_reads_english(self):
        self.check_english("john@example.org", "john@example.org",
                           "John Smith")

    def test_e_other_manager_reads_daemon_language(self):
        # About Marie, whose contract is French: boss@ has no account and
        # no contract, so [daemon] language.
        self.check_english("boss@example.org", "marie@example.org",
                           "Marie Dupont")

    # -- webhooks -------------------------------------------------------

    def test_f_slack_in_french(self):
        for email, name in (("marie@example.org", "Marie Dupont"),
                            ("john@example.org", "John Smith")):
            req = self.hook_about("/slack", email)
            body = req.json()
            self.assertEqual(list(body), ["text"], body)
            cid = self.ids[email]
            self.assertEqual(
                body["text"],
                f"D\u00e9cision de renouvellement dans 7 jours : {name} "
                f"(contrat {cid}), 30 novembre 2026 \u2014 enregistrer la "
                "d\u00e9cision dans tenured")

    def test_g_generic_webhook_english(self):
        for email, name in (("marie@example.org", "Marie Dupont"),
                            ("john@example.org", "John Smith")):
            req = self.hook_about("/generic", email)
            verify_standard_webhook(req.headers, req.body, SECRET)
            body = req.json()
            cid = self.ids[email]
            self.assertEqual(set(body), {"type", "id", "milestone",
                                         "days_before", "due_at",
                                         "escalation", "text"})
            self.assertEqual(set(body["milestone"]), {
                "kind", "date", "at", "contract_id", "vacancy", "person",
                "title"})
            self.assertEqual(set(body["milestone"]["person"]),
                             {"name", "email"})
            self.assertEqual((body["type"], body["milestone"]["kind"],
                              body["milestone"]["date"], body["days_before"],
                              body["due_at"], body["escalation"]),
                             ("reminder.due", "renewal_decision_due",
                              "2026-11-30", 7, DUE_AT, False))
            self.assertEqual(
                body["text"],
                f"Renewal decision due in 7 days: {name} (contract {cid}), "
                "30 November 2026 \u2014 record the decision in tenured")

    # -- feeds ----------------------------------------------------------

    def test_h_feeds_in_their_language(self):
        a = self.d.post("/api/v1/contracts", {
            "name": "Anne Lef\u00e8vre", "email": "anne@example.org",
            "start": "2025-09-01"})
        self.assertEqual(a.status, 201, a)
        cid = a.json()["id"]
        feeds = {}
        for name, lang in (("echeances-anne", "fr"), ("anne-deadlines",
                                                      None)):
            body = {"scope": "person:anne@example.org", "name": name,
                    "alarms": "7d"}
            if lang:
                body["language"] = lang
            a = self.d.post("/api/v1/feeds", body)
            self.assertEqual(a.status, 201, a)
            self.assertEqual(a.json()["language"], lang or "en")
            got = self.d.request("GET", f"/feeds/{token_of(a.json()['url'])}"
                                 ".ics", tcp=True)
            self.assertEqual(got.status, 200, got)
            feeds[lang or "en"] = (name, got.body.decode("utf-8"))
        expected = {f"{uid}@tenured.test": v for uid, v in {
            f"contract_start-c{cid}": ("2025-09-01", 0, "CONFIRMED"),
            f"probation_end-c{cid}": ("2026-02-28", 0, "CONFIRMED"),
            f"renewal_decision_due-c{cid}-20280831": ("2028-02-29", 0,
                                                      "CONFIRMED"),
            f"initial_term_end-c{cid}": ("2028-08-31", 0, "CONFIRMED"),
            f"conversion_window_opens-c{cid}": ("2028-09-01", 0,
                                                "TENTATIVE"),
            f"conversion_request_deadline-c{cid}": ("2030-08-31", 0,
                                                    "TENTATIVE"),
            f"max_service_end-c{cid}": ("2031-08-31", 0, "CONFIRMED"),
        }.items()}
        views = {}
        for lang, (name, text) in feeds.items():
            # Both parsers, the same events (UIDs, dates, statuses), the
            # calendar's name the one HR gave the feed.
            views[lang] = ical_check.check_calendar(
                text, expected, calname=name, organizer=ORGANIZER)
            self.assertEqual(set(views[lang]), {"python", "icaljs"})
        u = {k: f"{k}-c{cid}@tenured.test" for k in (
            "contract_start", "initial_term_end", "conversion_window_opens",
            "max_service_end")}
        u["renewal"] = f"renewal_decision_due-c{cid}-20280831@tenured.test"
        who = "Anne Lef\u00e8vre"
        fr = {
            "contract_start": (
                f"Prise de fonctions : {who} (contrat {cid})",
                f"{who} prend ses fonctions le 1er septembre 2025. Veuillez "
                "faire signer le contrat et organiser l'arriv\u00e9e d'ici "
                "l\u00e0."),
            "renewal": (
                f"D\u00e9cision de renouvellement : {who} (contrat {cid})",
                "Veuillez d\u00e9cider du renouvellement du contrat de "
                f"{who}, qui arrive \u00e0 \u00e9ch\u00e9ance le 31 "
                "ao\u00fbt 2028, et enregistrer la d\u00e9cision dans "
                "tenured au plus tard le 29 f\u00e9vrier 2028."),
            "conversion_window_opens": (
                "[si renouvellement] Ouverture des demandes de conversion "
                f": {who} (contrat {cid})",
                "\u00c0 compter du 1er septembre 2028, "
                f"{who} peut demander la conversion de son contrat en "
                "contrat de dur\u00e9e ind\u00e9termin\u00e9e ; la demande "
                "doit \u00eatre pr\u00e9sent\u00e9e au plus tard \u00e0 la "
                "date limite de demande de conversion.\n\nPr\u00e9visionnel "
                ": cette date ne s'applique qu'en cas de renouvellement du "
                "contrat."),
            "max_service_end": (
                "Fin de la dur\u00e9e de service maximale : "
                f"{who} (contrat {cid})",
                f"{who} atteint la dur\u00e9e de service maximale le 31 "
                "ao\u00fbt 2031 ; le contrat ne peut se prolonger "
                "au-del\u00e0 de cette date. Veuillez pr\u00e9parer la "
                "succession d'ici l\u00e0."),
        }
        en = {
            "contract_start": (
                f"Contract starts: {who} (contract {cid})",
                f"{who} starts on 1 September 2025. Have the contract signed "
                "and the arrival arranged by then."),
            "renewal": (
                f"Renewal decision due: {who} (contract {cid})",
                f"Decide whether to renew the contract of {who}, whose term "
                "ends on 31 August 2028; record the decision in tenured by "
                "29 February 2028."),
            "conversion_window_opens": (
                f"[if renewed] Conversion window opens: {who} (contract "
                f"{cid})",
                f"From 1 September 2028, {who} may request the conversion "
                "of the contract to an indefinite one; the request must be "
                "made by the conversion request deadline.\n\nProjected: "
                "this date applies only if the contract is renewed."),
            "max_service_end": (
                f"Maximum period of service ends: {who} (contract {cid})",
                f"{who} reaches the maximum period of service on 31 August "
                "2031; the contract cannot run past that day. Plan the "
                "succession before then."),
        }
        details = {
            "fr": f"\n\nAgent : {who}\nAdresse \u00e9lectronique : "
                  f"anne@example.org\nContrat : {cid}",
            "en": f"\n\nStaff member: {who}\nEmail: anne@example.org\n"
                  f"Contract: {cid}"}
        for lang, want in (("fr", fr), ("en", en)):
            for parser, events in views[lang].items():
                for key, (summary, desc) in want.items():
                    ev = events[u[key]]
                    self.assertEqual(ev["summary"], summary,
                                     (lang, parser, key))
                    self.assertEqual(ev["description"], desc + details[lang],
                                     (lang, parser, key))
        # Every event differs between the two, in both parsers: no text
        # left in English in the French feed.
        for parser in ("python", "icaljs"):
            for uid in expected:
                a, b = views["fr"][parser][uid], views["en"][parser][uid]
                self.assertNotEqual(a["summary"], b["summary"], uid)
                self.assertNotEqual(a["description"], b["description"], uid)
                self.assertEqual(a["alarms"], b["alarms"], uid)
        # The alarm's text is the SUMMARY, in the feed's language.
        for lang, (name, text) in feeds.items():
            cal = icalendar.Calendar.from_ical(text)
            alarms = {str(ev["UID"]): [str(al["DESCRIPTION"]) for al in
                                       ev.walk("VALARM")]
                      for ev in cal.walk("VEVENT")}
            want = fr if lang == "fr" else en
            for key in ("contract_start", "renewal", "max_service_end"):
                self.assertEqual(alarms[u[key]], [want[key][0]],
                                 (lang, key))

    # -- API errors -----------------------------------------------------

    def test_i_api_errors_follow_accept_language(self):
        cases = (
            ("/api/v1/feeds", {"scope": "all", "name": "x",
                               "language": "de"},
             "language", "expected en or fr", "valeur attendue : en ou fr"),
            ("/api/v1/contracts", {"name": "X", "email": "x@example.org",
                                   "start": "2026-02-30"},
             "start", "expected a date YYYY-MM-DD that exists",
             "valeur attendue : une date existante au format YYYY-MM-DD"),
        )
        for path, body, field, english, french in cases:
            for headers, message in (
                    ({}, english), ({"Accept-Language": "en"}, english),
                    ({"Accept-Language": "fr"}, french),
                    ({"Accept-Language": "fr-BE,fr;q=0.9,en;q=0.8"},
                     french),
                    ({"Accept-Language": "de, en;q=0.5, fr;q=0.9"},
                     french)):
                a = self.d.post(path, body, headers=headers)
                self.assertEqual(a.status, 400, (path, headers, a))
                err = a.json()["error"]
                self.assertEqual((err["code"], err["field"], err["message"]),
                                 ("invalid_field", field, message),
                                 (path, headers))


if __name__ == "__main__":
    tap.main()
