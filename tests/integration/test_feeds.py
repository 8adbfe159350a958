"""Calendar feeds end to end: created over the API and tenurectl, served
on TCP with validators and gzip, read back by python-icalendar and ical.js,
changed by decisions (higher SEQUENCE, CANCELLED), aged out by the
scheduler, rotated and revoked, and bad input refused; each in its
language, asked for or [daemon] language's."""
import gzip
import os
import re
import time
import unittest

import tap
from harness import Daemon

try:
    import ical_check
except ImportError:         # the checker arrives with the renderer
    ical_check = None

TOKEN = "feeds-token-0123456789abcdef"
AUTH = {"Authorization": "Bearer " + TOKEN}


def token_of(url):
    m = re.search(r"/feeds/([A-Za-z0-9_-]{43})\.ics$", url)
    assert m, url
    return m.group(1)


def unfold(text):
    return text.replace("\r\n ", "").replace("\r\n\t", "")


def events(text):
    """UID -> dict of the event's properties (first value of each)."""
    out = {}
    for block in unfold(text).split("BEGIN:VEVENT\r\n")[1:]:
        body = block.split("END:VEVENT")[0]
        props = {}
        for line in body.split("\r\n"):
            if ":" in line and not line.startswith(("BEGIN:VALARM",)):
                name, value = line.split(":", 1)
                props.setdefault(name.split(";")[0], (name, value))
        out[props["UID"][1]] = props
    return out


class FeedTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = Daemon(token=TOKEN, listen=True).start()
        a = cls.d.post("/api/v1/contracts", {
            "name": "Jane Doe", "email": "jane@example.org",
            "manager_email": "boss@example.org", "unit": "FEED",
            "start": "2025-09-01", "twin_graded": True,
            "birth_date": "1970-03-15"})
        assert a.status == 201, a
        cls.jane = a.json()["id"]

    @classmethod
    def tearDownClass(cls):
        code = cls.d.stop()
        cls.d.cleanup()
        assert code == 0, f"tenured exited with {code}"

    def create(self, **body):
        a = self.d.post("/api/v1/feeds", body)
        self.assertEqual(a.status, 201, a)
        return a.json()

    def fetch(self, token, method="GET", headers=None):
        return self.d.request(method, f"/feeds/{token}.ics", tcp=True,
                              headers=headers)

    def test_create_serve_and_validators(self):
        feed = self.create(scope="manager:boss@example.org", name="boss-team",
                           alarms="7d,1d")
        for field in ("id", "name", "scope", "url", "webcal_url", "matches"):
            self.assertIn(field, feed)
        self.assertTrue(feed["url"].startswith("http"))
        self.assertTrue(feed["webcal_url"].startswith("webcal://"))
        self.assertEqual(token_of(feed["url"]), token_of(feed["webcal_url"]))
        self.assertGreaterEqual(feed["matches"], 9)
        token = token_of(feed["url"])
        a = self.fetch(token)
        self.assertEqual(a.status, 200, a)
        self.assertEqual(a.headers["Content-Type"],
                         "text/calendar; charset=utf-8")
        self.assertRegex(a.headers["ETag"], r'^"[0-9a-f]+"$')
        self.assertIn("Last-Modified", a.headers)
        self.assertEqual(a.headers["Vary"], "Accept-Encoding")
        text = a.body.decode()
        for line in ("VERSION:2.0", "METHOD:PUBLISH",
                     "X-WR-CALNAME:boss-team",
                     "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
                     "X-PUBLISHED-TTL:PT1H"):
            self.assertIn(line + "\r\n", unfold(text))
        self.assertNotIn("age_limit", text)
        self.assertIn("BEGIN:VALARM", text)
        ev = events(text)
        uid = f"renewal_decision_due-c{self.jane}-20280831@tenured.test"
        self.assertIn(uid, ev)
        self.assertEqual(ev[uid]["DTSTART"],
                         ("DTSTART;VALUE=DATE", "20280229"))
        again = self.fetch(token)
        self.assertEqual(again.body, a.body, "byte-identical until a change")
        self.assertEqual(again.headers["ETag"], a.headers["ETag"])
        b = self.fetch(token, headers={"If-None-Match": a.headers["ETag"]})
        self.assertEqual(b.status, 304)
        self.assertEqual(b.body, b"")
        b = self.fetch(token, headers={
            "If-Modified-Since": a.headers["Last-Modified"]})
        self.assertEqual(b.status, 304)
        b = self.fetch(token, headers={"If-None-Match": '"nope"'})
        self.assertEqual(b.status, 200)
        g = self.fetch(token, headers={"Accept-Encoding": "gzip, br"})
        self.assertEqual(g.headers.get("Content-Encoding"), "gzip")
        self.assertEqual(gzip.decompress(g.body), a.body)
        self.assertNotEqual(g.headers["ETag"], a.headers["ETag"])
        h = self.fetch(token, method="HEAD")
        self.assertEqual(h.status, 200)
        self.assertEqual(h.body, b"")
        self.assertEqual(int(h.headers["Content-Length"]), len(a.body))
        self.assertEqual(h.headers["Content-Type"],
                         "text/calendar; charset=utf-8")
        path = os.path.join(self.d.dir, "ics", "boss-team.ics")
        with open(path, "rb") as f:
            self.assertEqual(f.read(), a.body, "the file matches the feed")

    def test_large_feed(self):
        # A feed of several hundred KiB, every answer referencing the one
        # rendered body (daemon/feeds.c): the same bytes, plain and gzip,
        # however many times it is asked, and the new ones after a change.
        rows = ["name;email;start;staff_type;unit"]
        for i in range(400):
            rows.append(f"Big {i};big{i}@example.org;"
                        f"{2020 + i % 7}-{1 + i % 12:02d}-01;external;BIG")
        a = self.d.post("/api/v1/contracts/import", "\r\n".join(rows) +
                        "\r\n", content_type="text/csv")
        self.assertEqual(a.status, 201, a)
        feed = self.create(scope="unit:BIG", name="big-unit")
        token = token_of(feed["url"])
        first = self.fetch(token)
        self.assertEqual(first.status, 200, first)
        self.assertGreater(len(first.body), 128 * 1024)
        self.assertEqual(int(first.headers["Content-Length"]),
                         len(first.body))
        self.assertEqual(len(events(first.body.decode())), feed["matches"])
        path = os.path.join(self.d.dir, "ics", "big-unit.ics")
        with open(path, "rb") as f:
            self.assertEqual(f.read(), first.body, "the file matches")
        for _ in range(3):
            self.assertEqual(self.fetch(token).body, first.body)
            g = self.fetch(token, headers={"Accept-Encoding": "gzip"})
            self.assertEqual(g.headers.get("Content-Encoding"), "gzip")
            self.assertEqual(int(g.headers["Content-Length"]), len(g.body))
            self.assertEqual(gzip.decompress(g.body), first.body)
        # A change renders it again; the new bytes are served.
        a = self.d.post("/api/v1/contracts", {
            "name": "Big Late", "email": "big-late@example.org",
            "unit": "BIG", "start": "2026-02-02"})
        self.assertEqual(a.status, 201, a)
        for _ in range(50):
            again = self.fetch(token)
            if again.body != first.body:
                break
            time.sleep(0.1)
        self.assertIn(b"Big Late", again.body)
        g = self.fetch(token, headers={"Accept-Encoding": "gzip"})
        self.assertEqual(gzip.decompress(g.body), again.body)

    def test_changes_flow_through(self):
        a = self.d.post("/api/v1/contracts", {
            "name": "Flow Person", "email": "flow@example.org",
            "manager_email": "flowboss@example.org", "start": "2025-09-01"})
        cid = a.json()["id"]
        feed = self.create(scope="manager:flowboss@example.org", name="flow")
        token = token_of(feed["url"])
        first = self.fetch(token)
        before = events(first.body.decode())
        conv = f"conversion_request_deadline-c{cid}@tenured.test"
        self.assertEqual(before[conv]["STATUS"][1], "TENTATIVE")
        a = self.d.post(f"/api/v1/contracts/{cid}/decisions",
                        {"type": "renewed", "until": "2031-08-31"})
        self.assertEqual(a.status, 201)
        second = self.fetch(token)
        self.assertNotEqual(second.headers["ETag"], first.headers["ETag"])
        after = events(second.body.decode())
        self.assertEqual(after[conv]["STATUS"][1], "CONFIRMED")
        self.assertGreater(int(after[conv]["SEQUENCE"][1]),
                           int(before[conv]["SEQUENCE"][1]))
        start = f"contract_start-c{cid}@tenured.test"
        self.assertEqual(after[start]["SEQUENCE"], before[start]["SEQUENCE"])
        self.assertIn(f"contract_end-c{cid}@tenured.test", after)
        a = self.d.post(f"/api/v1/contracts/{cid}/decisions",
                        {"type": "separated", "date": "2026-12-31",
                         "reason": "resigned"})
        self.assertEqual(a.status, 201)
        third = events(self.fetch(token).body.decode())
        self.assertEqual(third[conv]["STATUS"][1], "CANCELLED")
        self.assertEqual(third[f"contract_end-c{cid}@tenured.test"]
                         ["DTSTART"][1], "20261231")
        if ical_check is not None:
            text = self.fetch(token).body.decode()
            expected = {uid: None for uid in third}
            ical_check.check_calendar(text, expected)

    def test_vacancy_deadline_is_timed(self):
        notice = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                              "..", "data", "notices", "real",
                              "000_3fb8d09a3868ea97.txt")
        with open(notice, "rb") as f:
            a = self.d.post("/api/v1/vacancies", f.read(),
                            content_type="text/plain")
        self.assertIn(a.status, (200, 201), a)
        feed = self.create(scope="vacancy:250914", name="vacancy-250914")
        text = self.fetch(token_of(feed["url"])).body.decode()
        ev = events(text)
        uid = "application_deadline-v250914@tenured.test"
        self.assertEqual(ev[uid]["DTSTART"],
                         ("DTSTART;TZID=Europe/Brussels", "20250622T235900"))
        self.assertNotIn("DTEND", ev[uid])
        self.assertIn("TZID:Europe/Brussels", unfold(text))
        self.assertNotIn("freeassociation", text)
        if ical_check is not None:
            ical_check.check_calendar(text, {uid: (
                "2025-06-22T21:59:00+00:00", None, None)})

    def test_redaction(self):
        feed = self.create(scope="person:jane@example.org", name="jane-own",
                           redact=True)
        text = self.fetch(token_of(feed["url"])).body.decode()
        self.assertNotIn("Jane Doe", text)
        self.assertNotIn("jane@example.org", text)
        self.assertIn("J. D.", unfold(text))

    def test_rotate_and_revoke(self):
        feed = self.create(scope="unit:FEED", name="unit-feed")
        old = token_of(feed["url"])
        self.assertEqual(self.fetch(old).status, 200)
        a = self.d.request("POST", f"/api/v1/feeds/{feed['id']}/rotate")
        self.assertEqual(a.status, 200, a)
        new = token_of(a.json()["url"])
        self.assertNotEqual(new, old)
        self.assertEqual(self.fetch(old).status, 404)
        self.assertEqual(self.fetch(new).status, 200)
        a = self.d.request("DELETE", f"/api/v1/feeds/{feed['id']}")
        self.assertEqual(a.status, 200, a)
        miss = self.fetch(new)
        self.assertEqual(miss.status, 404)
        self.assertEqual(miss.json()["error"]["code"], "not_found")
        self.assertFalse(os.path.exists(
            os.path.join(self.d.dir, "ics", "unit-feed.ics")))
        a = self.d.request("DELETE", f"/api/v1/feeds/{feed['id']}")
        self.assertEqual(a.status, 404)
        # The name is free again once revoked.
        self.create(scope="unit:FEED", name="unit-feed")

    def test_list_shows_last_fetch_and_client(self):
        feed = self.create(scope="all", name="everything")
        self.fetch(token_of(feed["url"]),
                   headers={"User-Agent": "Thunderbird/128.0"})
        listed = {f["name"]: f for f in
                  self.d.get("/api/v1/feeds").json()["feeds"]}
        self.assertEqual(listed["everything"]["last_client"],
                         "Thunderbird/128.0")
        self.assertIsNotNone(listed["everything"]["last_fetch_at"])
        self.assertNotIn("url", listed["everything"], "tokens are not kept")

    def test_bad_input(self):
        for body, field in (({"scope": "team:x", "name": "a"}, "scope"),
                            ({"scope": "manager:not-an-email", "name": "a"},
                             "scope"),
                            ({"scope": "all", "name": "Bad Name"}, "name"),
                            ({"scope": "all", "name": "x" * 65}, "name"),
                            ({"scope": "all", "name": ""}, "name"),
                            ({"scope": "all"}, "name"),
                            ({"name": "x"}, "scope"),
                            ({"scope": "all", "name": "x", "alarms": "7x"},
                             "alarms"),
                            ({"scope": "all", "name": "x", "redact": "yes"},
                             "redact"),
                            ({"scope": "all", "name": "x", "colour": 1},
                             "colour"),
                            ({"scope": "all", "name": "x", "language": "de"},
                             "language"),
                            ({"scope": "all", "name": "x", "language": "FR"},
                             "language"),
                            ({"scope": "all", "name": "x", "language": 1},
                             "language")):
            a = self.d.post("/api/v1/feeds", body)
            self.assertEqual(a.status, 400, (body, a))
            self.assertEqual(a.json()["error"]["field"], field, body)
        self.create(scope="all", name="dup")
        a = self.d.post("/api/v1/feeds", {"scope": "all", "name": "dup"})
        self.assertEqual(a.status, 409, a)
        for path in ("/feeds/short.ics", "/feeds/" + "A" * 43 + ".ics",
                     "/feeds/" + "A" * 43, "/feeds/" + "A" * 60 + ".ics",
                     "/feeds/" + "A" * 500 + ".ics", "/feeds/%00.ics",
                     "/feeds/../api/v1/status"):
            a = self.d.request("GET", path, tcp=True)
            self.assertEqual(a.status, 404, (path, a))
        feed = self.create(scope="all", name="odd-headers")
        token = token_of(feed["url"])
        for headers in ({"If-None-Match": "x" * 30000},
                        {"If-Modified-Since": "yesterday"},
                        {"If-Modified-Since": "x" * 5000},
                        {"Accept-Encoding": "gzip;q=0"},
                        {"Accept-Encoding": "," * 4000}):
            a = self.fetch(token, headers=headers)
            self.assertEqual(a.status, 200, headers)
            self.assertNotIn("Content-Encoding", a.headers)
        a = self.d.get("/api/v1/feeds", tcp=True)
        self.assertEqual(a.status, 401, "the API still needs the token")
        a = self.d.get("/api/v1/export?scope=nonsense")
        self.assertEqual(a.status, 400)

    def test_export_and_tenurectl(self):
        a = self.d.get("/api/v1/export?scope=person:jane@example.org")
        self.assertEqual(a.status, 200, a)
        self.assertTrue(a.body.startswith(b"BEGIN:VCALENDAR"))
        self.assertNotIn("Content-Encoding", a.headers)
        # Compressed only for a client that takes gzip (an export is
        # rendered for one answer).
        g = self.d.request("GET", "/api/v1/export?scope=person:"
                           "jane@example.org",
                           headers={"Accept-Encoding": "gzip"})
        self.assertEqual(g.status, 200, g)
        self.assertEqual(g.headers.get("Content-Encoding"), "gzip")
        self.assertEqual(gzip.decompress(g.body), a.body)
        code, out, err = self.d.ctl("export", "--scope",
                                    "person:jane@example.org")
        self.assertEqual(code, 0, err)
        self.assertEqual(events(out.replace("\n", "\r\n").replace(
            "\r\r\n", "\r\n")).keys(), events(a.body.decode()).keys())
        code, out, err = self.d.ctl("feed", "create", "--scope",
                                    "manager:boss@example.org", "--name",
                                    "cli-feed", "--alarms", "7d")
        self.assertEqual(code, 0, err)
        self.assertRegex(out, r"https?://\S+/feeds/[A-Za-z0-9_-]{43}\.ics")
        self.assertRegex(out, r"webcal://\S+/feeds/[A-Za-z0-9_-]{43}\.ics")
        code, out, err = self.d.ctl("feed", "list")
        self.assertEqual(code, 0, err)
        self.assertIn("cli-feed", out)
        fid = re.search(r"^(\d+)\s+cli-feed", out, re.M).group(1)
        code, out, err = self.d.ctl("feed", "rotate", fid)
        self.assertEqual(code, 0, err)
        code, out, err = self.d.ctl("feed", "revoke", fid)
        self.assertEqual(code, 0, err)
        code, out, err = self.d.ctl("feed", "revoke", fid)
        self.assertEqual(code, 1)

    def test_language(self):
        fr = self.create(scope="all", name="tout", language="fr")
        self.assertEqual(fr["language"], "fr")
        en = self.create(scope="all", name="all-en", language="en")
        self.assertEqual(en["language"], "en")
        plain = self.create(scope="all", name="no-language")
        self.assertEqual(plain["language"], "en",
                         "[daemon] language when none is asked for")
        nulled = self.create(scope="all", name="null-language",
                             language=None)
        self.assertEqual(nulled["language"], "en")
        listed = {f["name"]: f["language"] for f in
                  self.d.get("/api/v1/feeds").json()["feeds"]}
        self.assertEqual((listed["tout"], listed["all-en"],
                          listed["no-language"]), ("fr", "en", "en"))
        rotated = self.d.post(f"/api/v1/feeds/{fr['id']}/rotate", {})
        self.assertEqual(rotated.json()["language"], "fr",
                         "a new token keeps the language")
        a = self.fetch(token_of(rotated.json()["url"]))
        self.assertEqual(a.status, 200, a)
        # The audit entry says which.
        entries = self.d.get(f"/api/v1/audit?entity=feed:{fr['id']}"
                             ).json()["entries"]
        created = [e for e in entries if e["action"] == "feed.created"]
        self.assertEqual(len(created), 1, entries)
        self.assertIn("in fr", created[0]["summary"])


class DaemonLanguageTest(unittest.TestCase):
    """[daemon] language = fr: feeds that ask for none are French, and
    keep it when the configuration changes; contracts stay English unless
    asked (SPEC section 12)."""

    def test_feeds_take_the_daemon_language(self):
        d = Daemon(config="language = fr\n").start()
        try:
            a = d.post("/api/v1/feeds", {"scope": "all", "name": "tous"})
            self.assertEqual(a.status, 201, a)
            self.assertEqual(a.json()["language"], "fr")
            a = d.post("/api/v1/feeds", {"scope": "all", "name": "everyone",
                                         "language": "en"})
            self.assertEqual(a.json()["language"], "en")
            c = d.post("/api/v1/contracts", {
                "name": "Luc Martin", "email": "luc@example.org",
                "start": "2025-09-01"}).json()
            self.assertEqual(c["language"], "en")
            self.assertEqual(d.stop(), 0)
            d.write_config("language = en\n")
            d.start()
            listed = {f["name"]: f["language"] for f in
                      d.get("/api/v1/feeds").json()["feeds"]}
            self.assertEqual(listed, {"tous": "fr", "everyone": "en"},
                             "stored, not read from the configuration")
        finally:
            d.stop()
            d.cleanup()


class AgeOutTest(unittest.TestCase):
    """A cancelled event leaves its feeds 30 days after the change, at an
    instant the scheduler wakes for (no request needed)."""

    def test_cancelled_events_age_out(self):
        d = Daemon(token=TOKEN, listen=True)
        try:
            d.start()
            a = d.post("/api/v1/contracts", {
                "name": "Gone Soon", "email": "gone@example.org",
                "manager_email": "agebooss@example.org",
                "start": "2025-09-01"})
            cid = a.json()["id"]
            d.post(f"/api/v1/contracts/{cid}/decisions",
                   {"type": "separated", "date": "2026-01-31",
                    "reason": "resigned"})
            feed = d.post("/api/v1/feeds", {
                "scope": "manager:agebooss@example.org",
                "name": "ageing"}).json()
            token = token_of(feed["url"])
            uid = f"initial_term_end-c{cid}@tenured.test"
            self.assertIn(uid, events(d.request(
                "GET", f"/feeds/{token}.ics", tcp=True).body.decode()))
            self.assertEqual(d.stop(), 0)
            # Restart with the scheduling clock 3 s before the 30 days
            # are over: the scheduler must drop the event by itself.
            d.now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(
                time.time() + 30 * 86400 - 3))
            d.start()
            path = os.path.join(d.dir, "ics", "ageing.ics")
            with open(path) as f:
                self.assertIn(uid, f.read().replace("\n ", ""))
            deadline = time.time() + 15
            while time.time() < deadline:
                with open(path) as f:
                    if uid not in f.read().replace("\n ", ""):
                        break
                time.sleep(0.5)
            with open(path) as f:
                self.assertNotIn(uid, f.read().replace("\n ", ""),
                                 "the file was rewritten without it")
            text = d.request("GET", f"/feeds/{token}.ics",
                             tcp=True).body.decode()
            self.assertNotIn(uid, text)
            self.assertIn(f"contract_start-c{cid}@tenured.test", text)
        finally:
            d.cleanup()


if __name__ == "__main__":
    tap.main()
