"""Issue 14 end to end against a real daemon: finding people (?q=, case-
and accent-insensitive, paged, within a manager's reach, tenurectl contract
find), the refusals of input that makes no sense (another person's email,
dates that are typing mistakes, a file that is not a notice), a refused
CSV import that lists every bad row at once by line and CSV column (and
its dry run), the closing and acknowledging rules, the status filter of
milestones, and the honest status of reminders waiting for a channel that
is not configured (status, /metrics, the journal, tenurectl status)."""
import calendar
import datetime
import os
import sqlite3
import time
import unittest
import urllib.parse

import tap
from harness import Daemon

HERE = os.path.dirname(os.path.abspath(__file__))
NOTICES = os.path.join(HERE, "..", "data", "notices", "real")
NOTICE_250914 = os.path.join(NOTICES, "000_3fb8d09a3868ea97.txt")
NOTICE_241324 = os.path.join(NOTICES, "002_e61e68e64cea3b6c.txt")
NOW = "2026-11-23T09:00:00Z"          # today is 2026-11-23 (Europe/Brussels)
NOT_A_NOTICE = "this is not a vacancy notice"


def read(path):
    with open(path, "rb") as f:
        return f.read()


def q(text):
    return urllib.parse.quote(text, safe="")


class Base(unittest.TestCase):
    d = None

    @classmethod
    def tearDownClass(cls):
        if cls.d is not None:
            code = cls.d.stop()
            cls.d.cleanup()
            assert code == 0, f"tenured exited with {code}"

    @classmethod
    def create(cls, **body):
        a = cls.d.post("/api/v1/contracts", body)
        assert a.status == 201, (body, a)
        return a.json()

    def count(self):
        a = self.d.get("/api/v1/status")
        self.assertEqual(a.status, 200, a)
        return a.json()["contracts"]

    def contract(self, cid):
        a = self.d.get(f"/api/v1/contracts/{cid}")
        self.assertEqual(a.status, 200, a)
        return a.json()

    def milestone(self, cid, kind):
        found = [m for m in self.contract(cid)["milestones"]
                 if m["kind"] == kind]
        self.assertEqual(len(found), 1, (kind, found))
        return found[0]

    def assertError(self, a, status, code, field=None):
        self.assertEqual(a.status, status, a)
        err = a.json()["error"]
        self.assertEqual(err["code"], code, err)
        if field is not None:
            self.assertEqual(err["field"], field, err)
        return err


# 1. Finding people

class SearchTest(Base):
    @classmethod
    def setUpClass(cls):
        cls.d = Daemon(now=NOW, listen=True).start()
        for path in (NOTICE_250914, NOTICE_241324):
            a = cls.d.post("/api/v1/vacancies", read(path),
                           content_type="text/plain")
            assert a.status in (200, 201), a
        cls.ids = {}
        seeds = [
            ("dubois", {"name": "Hélène Dubois", "email": "hd.4471@corp.example",
                        "unit": "ICTM", "manager_email": "boss.beta@example.org",
                        "vacancy": "250914", "start": "2025-09-01"}),
            # renewal decision 2026-02-28: overdue today
            ("martin", {"name": "HELENE MARTIN", "email": "hm.5582@corp.example",
                        "unit": "Human Resources",
                        "manager_email": "boss.alpha@example.org",
                        "start": "2023-09-01"}),
            ("zoe", {"name": "Zoë Ångström", "email": "za.6693@corp.example",
                     "unit": "ICTM", "manager_email": "boss.alpha@example.org",
                     "vacancy": "241324", "start": "2024-01-15"}),
            ("jean", {"name": "Jean Dupont", "email": "jd.7704@corp.example",
                      "unit": "Finance", "manager_email": "boss.beta@example.org",
                      "vacancy": "241324", "start": "2025-03-01"}),
            ("bob", {"name": "Bob Smith", "email": "bs.8815@corp.example",
                     "start": "2026-01-05"}),
        ]
        for key, body in seeds:
            cls.ids[key] = cls.create(**body)["id"]
        a = cls.d.post(f"/api/v1/contracts/{cls.ids['zoe']}/decisions",
                       {"type": "separated", "date": "2026-10-31",
                        "reason": "resigned"})
        assert a.status == 201, a
        a = cls.d.post("/api/v1/accounts", {
            "name": "boss.beta", "role": "manager",
            "email": "boss.beta@example.org"})
        assert a.status == 201, a
        cls.manager_token = a.json()["token"]

    def search(self, text, tcp=False, token=None, extra=""):
        headers = {"Authorization": "Bearer " + token} if token else None
        a = self.d.get(f"/api/v1/contracts?q={q(text)}{extra}", tcp=tcp,
                       headers=headers)
        self.assertEqual(a.status, 200, a)
        return a.json()

    def found(self, text, **kw):
        return sorted(c["id"] for c in self.search(text, **kw)["contracts"])

    def expect(self, *keys):
        return sorted(self.ids[k] for k in keys)

    def test_names_case_and_accent_insensitive(self):
        for text in ("helene", "HÉLÈNE", "lène", "Helene", "hélène"):
            self.assertEqual(self.found(text), self.expect("dubois", "martin"),
                             text)
        for text in ("zoe", "ZOË", "angstrom", "Ångström", "ANGSTR"):
            self.assertEqual(self.found(text), self.expect("zoe"), text)

    def test_email_unit_manager_vacancy(self):
        cases = [("5582", ("martin",)), ("hd.44", ("dubois",)),
                 ("ictm", ("dubois", "zoe")),
                 ("human res", ("martin",)),
                 ("boss.beta", ("dubois", "jean")),
                 ("BOSS.ALPHA@example", ("martin", "zoe")),
                 ("241324", ("zoe", "jean")), ("250914", ("dubois",))]
        for text, keys in cases:
            self.assertEqual(self.found(text), self.expect(*keys), text)

    def test_no_match_is_empty(self):
        a = self.search("no-such-person-xyz")
        self.assertEqual(a["contracts"], [])
        self.assertIsNone(a["next_after"])

    def test_paging_walks_every_match_once(self):
        seen, after, pages = [], None, 0
        while True:
            pages += 1
            self.assertLess(pages, 20, "paging does not end")
            extra = "&limit=1" + (f"&after={after}" if after else "")
            page = self.search("corp.example", extra=extra)
            self.assertLessEqual(len(page["contracts"]), 1, page)
            seen += [c["id"] for c in page["contracts"]]
            after = page["next_after"]
            if after is None:
                break
        self.assertEqual(sorted(seen), sorted(self.ids.values()))
        self.assertEqual(len(seen), len(set(seen)), "a match came twice")
        self.assertEqual(seen, sorted(seen), "pages go by id")

    def test_status_and_overdue_on_every_contract(self):
        every = self.search("corp.example")["contracts"]
        self.assertEqual(len(every), 5)
        for c in every:
            self.assertIn(c.get("status"), ("active", "closed"), c)
            self.assertIsInstance(c.get("overdue"), int, c)
        by = {c["id"]: c for c in every}
        self.assertEqual(by[self.ids["zoe"]]["status"], "closed")
        self.assertEqual(by[self.ids["zoe"]]["overdue"], 0)
        self.assertEqual(by[self.ids["martin"]]["status"], "active")
        self.assertGreaterEqual(by[self.ids["martin"]]["overdue"], 1)
        self.assertEqual(by[self.ids["dubois"]]["status"], "active")
        self.assertEqual(by[self.ids["dubois"]]["overdue"], 0)
        # The same fields on one contract.
        one = self.contract(self.ids["martin"])
        self.assertEqual(one["status"], "active")
        self.assertEqual(one["overdue"], by[self.ids["martin"]]["overdue"])

    def test_manager_finds_only_their_team(self):
        t = self.manager_token
        self.assertEqual(self.found("helene", tcp=True, token=t),
                         self.expect("dubois"))
        self.assertEqual(self.found("zoe", tcp=True, token=t), [])
        self.assertEqual(self.found("ictm", tcp=True, token=t),
                         self.expect("dubois"))
        a = self.d.get("/api/v1/contracts", tcp=True,
                       headers={"Authorization": "Bearer " + t})
        self.assertEqual(a.status, 200, a)
        self.assertEqual(sorted(c["id"] for c in a.json()["contracts"]),
                         self.expect("dubois", "jean"))

    def test_tenurectl_contract_find(self):
        code, out, err = self.d.ctl("contract", "find", "helene")
        self.assertEqual(code, 0, (out, err))
        self.assertIn("Hélène Dubois", out)
        self.assertIn("HELENE MARTIN", out)
        self.assertNotIn("Zoë", out)
        self.assertNotIn("Jean Dupont", out)
        code, out, err = self.d.ctl("contract", "find", "no-such-person-xyz")
        self.assertEqual(code, 0, (out, err))
        self.assertNotIn("corp.example", out)


# 2. Refusals

class RefusalTest(Base):
    @classmethod
    def setUpClass(cls):
        cls.d = Daemon(now=NOW).start()
        cls.jane = cls.create(name="Jane Doe", email="jane@example.org",
                              start="2025-09-01")["id"]

    def refused(self, body, status, code, field):
        before = self.count()
        a = self.d.post("/api/v1/contracts", body)
        err = self.assertError(a, status, code, field)
        self.assertEqual(self.count(), before, "nothing was written")
        return err

    def accepted(self, body):
        a = self.d.post("/api/v1/contracts", body)
        self.assertEqual(a.status, 201, a)
        return a.json()

    def test_a_person_is_one_email(self):
        err = self.refused({"name": "John Roe", "email": "jane@example.org",
                            "start": "2026-01-01"}, 409, "conflict", "email")
        self.assertIn("Jane Doe", err["message"])
        self.assertEqual(self.contract(self.jane)["name"], "Jane Doe",
                         "the person was not renamed")
        # Same person, any case of name and email.
        second = self.accepted({"name": "JANE DOE",
                                "email": "Jane@Example.org",
                                "start": "2026-02-01"})["id"]
        # A correction renames the person, on every contract of theirs.
        a = self.d.request("PATCH", f"/api/v1/contracts/{self.jane}",
                           body={"name": "Jane Smith"})
        self.assertEqual(a.status, 200, a)
        self.assertEqual(a.json()["name"], "Jane Smith")
        self.assertEqual(self.contract(self.jane)["name"], "Jane Smith")
        self.assertEqual(self.contract(second)["name"], "Jane Smith")
        # The old name is now the other one.
        err = self.refused({"name": "Jane Doe", "email": "jane@example.org",
                            "start": "2026-03-01"}, 409, "conflict", "email")
        self.assertIn("Jane Smith", err["message"])

    def test_start_bounds(self):
        self.refused({"name": "Old Start", "email": "old@example.org",
                      "start": "1949-12-31"}, 400, "invalid_field", "start")
        # today 2026-11-23: ten years ahead is 2036-11-23
        self.refused({"name": "Far Start", "email": "far@example.org",
                      "start": "2036-11-24"}, 400, "invalid_field", "start")
        self.refused({"name": "Far Start", "email": "far@example.org",
                      "start": "2040-01-01"}, 400, "invalid_field", "start")
        self.accepted({"name": "First Day", "email": "first@example.org",
                       "start": "1950-01-01"})
        self.accepted({"name": "Ten Years", "email": "ten@example.org",
                       "start": "2036-11-23"})

    def test_birth_date_bounds(self):
        start = "2025-09-01"
        for birth in ("2009-09-02",       # 15 at the start
                      "1924-09-01"):      # 101 at the start
            self.refused({"name": "Born " + birth,
                          "email": f"b{birth}@example.org", "start": start,
                          "birth_date": birth}, 400, "invalid_field",
                         "birth_date")
        for birth in ("2009-09-01",       # 16 at the start
                      "1924-09-02"):      # 100 at the start
            self.accepted({"name": "Born " + birth,
                           "email": f"ok{birth}@example.org", "start": start,
                           "birth_date": birth})

    def vacancies(self):
        a = self.d.get("/api/v1/vacancies")
        self.assertEqual(a.status, 200, a)
        return a.json()

    def test_not_a_notice(self):
        before = self.vacancies()
        letter = ("Dear Sir or Madam,\n\nI am writing to apply for the post "
                  "advertised last week. Please find my CV attached.\n\n"
                  "Yours faithfully,\nJohn Roe\n")
        a = self.d.post("/api/v1/vacancies", letter,
                        content_type="text/plain")
        err = self.assertError(a, 400, "bad_request")
        self.assertEqual(err["message"], NOT_A_NOTICE)
        self.assertEqual(self.vacancies(), before, "nothing was written")

    def test_notice_without_deadline_is_a_field_error(self):
        lines = read(NOTICE_250914).decode().splitlines(keepends=True)
        kept = [l for l in lines if "Application Deadline" not in l
                and "Date de retrait" not in l]
        self.assertLess(len(kept), len(lines))
        a = self.d.post("/api/v1/vacancies", "".join(kept),
                        content_type="text/plain")
        err = self.assertError(a, 400, "invalid_field",
                               "application_deadline")
        self.assertNotEqual(err["message"], NOT_A_NOTICE)


# 3. A refused CSV import lists every bad row

BAD_CSV = ("name,email,start,renewed_until\n"                 # 1
           "Good One,good1@example.org,2025-09-01,\n"         # 2
           "Bad Date,baddate@example.org,2025-02-30,\n"       # 3 format
           "Too Long,toolong@example.org,2024-09-01,2033-08-31\n"  # 4 rule
           "Old Start,oldstart@example.org,1949-06-01,\n"     # 5 range
           "Not Ann,ann@example.org,2025-09-01,\n"            # 6 database
           "Good Two,good2@example.org,2025-10-01,\n"         # 7
           "Twin One,twin@example.org,2025-09-01,\n"          # 8
           "Twin Two,TWIN@example.org,2025-11-01,\n")         # 9 in file

GOOD_CSV = ("name,email,unit,start,renewed_until\n"
            "Good One,good1@example.org,ICTM,2025-09-01,\n"
            "Good Two,good2@example.org,,2024-09-01,2030-08-31\n"
            "ann existing,ANN@example.org,,2026-01-01,\n")


class CsvTest(Base):
    @classmethod
    def setUpClass(cls):
        cls.d = Daemon(now=NOW).start()
        cls.ann = cls.create(name="Ann Existing", email="ann@example.org",
                             start="2025-01-01")["id"]

    def imp(self, body, query=""):
        return self.d.post("/api/v1/contracts/import" + query, body,
                           content_type="text/csv")

    def check_all_errors(self, a):
        self.assertEqual(a.status, 400, a)
        errors = a.json()["errors"]
        lines = [e["line"] for e in errors]
        self.assertEqual(lines, sorted(lines), "sorted by line")
        by = {}
        for e in errors:
            by.setdefault(e["line"], []).append(e)
            self.assertTrue(e["message"], e)
        self.assertNotIn(2, by, "a good row is not an error")
        self.assertNotIn(7, by, "a good row is not an error")
        self.assertLessEqual(set(by), {3, 4, 5, 6, 8, 9}, errors)
        for line, field in ((3, "start"), (4, "renewed_until"),
                            (5, "start"), (6, "email"), (9, "email")):
            self.assertIn(line, by, f"line {line} missing: {errors}")
            self.assertIn(field, [e["field"] for e in by[line]],
                          f"line {line}: {by[line]}")
        self.assertIn("Ann Existing", " ".join(e["message"] for e in by[6]))

    def test_every_bad_row_at_once(self):
        before = self.count()
        self.check_all_errors(self.imp(BAD_CSV))
        self.assertEqual(self.count(), before, "nothing was written")
        self.assertEqual(self.contract(self.ann)["name"], "Ann Existing")

    def test_dry_run_of_a_bad_file(self):
        before = self.count()
        self.check_all_errors(self.imp(BAD_CSV, "?dry_run=1"))
        self.assertEqual(self.count(), before, "nothing was written")

    def test_dry_run_then_import(self):
        before = self.count()
        a = self.imp(GOOD_CSV, "?dry_run=1")
        self.assertEqual(a.status, 200, a)
        body = a.json()
        self.assertIs(body.get("dry_run"), True, body)
        self.assertEqual(body.get("would_import"), 3, body)
        self.assertEqual(self.count(), before, "a dry run writes nothing")
        a = self.imp(GOOD_CSV)
        self.assertEqual(a.status, 201, a)
        body = a.json()
        self.assertEqual(body["imported"], 3, body)
        self.assertEqual(len(body["ids"]), 3, body)
        self.assertEqual(self.count(), before + 3)
        for cid in body["ids"]:
            self.contract(cid)


# 4. Closing, acknowledging, the status filter

class RulesTest(Base):
    @classmethod
    def setUpClass(cls):
        cls.d = Daemon(now=NOW).start()
        # renewal decision due 2026-02-28: overdue on 2026-11-23
        cls.late = cls.create(name="Late Decision", email="late@example.org",
                              start="2023-09-01")["id"]
        cls.renewed = cls.create(name="Renewed Person",
                                 email="renewed@example.org",
                                 start="2024-09-01")["id"]
        a = cls.d.post(f"/api/v1/contracts/{cls.renewed}/decisions",
                       {"type": "renewed", "until": "2030-08-31"})
        assert a.status == 201, a
        cls.cli = cls.create(name="Cli Person", email="cli@example.org",
                             start="2024-10-01")["id"]
        a = cls.d.post(f"/api/v1/contracts/{cls.cli}/decisions",
                       {"type": "renewed", "until": "2030-09-30"})
        assert a.status == 201, a

    def overdue_of(self, cid):
        a = self.d.get("/api/v1/milestones?overdue=1&limit=1000")
        self.assertEqual(a.status, 200, a)
        return [m for m in a.json()["milestones"] if m["contract_id"] == cid]

    def separate_late(self):
        if getattr(type(self), "separated", False):
            return
        a = self.d.post(f"/api/v1/contracts/{self.late}/decisions",
                        {"type": "separated", "date": "2026-11-20",
                         "reason": "left the organisation"})
        self.assertEqual(a.status, 201, a)
        type(self).separated = True

    def test_a_separation_empties_the_overdue_list(self):
        if not getattr(type(self), "separated", False):
            before = self.overdue_of(self.late)
            self.assertEqual([m["kind"] for m in before],
                             ["renewal_decision_due"], before)
            self.assertEqual(self.contract(self.late)["overdue"], 1)
        self.separate_late()
        self.assertEqual(self.overdue_of(self.late), [])
        m = self.milestone(self.late, "renewal_decision_due")
        self.assertEqual(m["status"], "cancelled", m)
        self.assertFalse(m["overdue"], m)
        c = self.contract(self.late)
        self.assertEqual(c["status"], "closed")
        self.assertEqual(c["overdue"], 0)
        s = self.d.get("/api/v1/status").json()
        self.assertEqual(s["overdue"], 0, s)

    def test_acknowledged_and_revoked(self):
        kind = "conversion_request_deadline"
        m = self.milestone(self.renewed, kind)
        self.assertEqual(m["status"], "scheduled", m)
        url = f"/api/v1/contracts/{self.renewed}/decisions"
        ack = {"type": "acknowledged", "kind": kind,
               "reason": "window passed"}
        a = self.d.post(url, ack)
        self.assertEqual(a.status, 201, a)
        dec = a.json()["decision"]
        self.assertEqual(dec["type"], "acknowledged")
        self.assertEqual(dec["kind"], kind)
        self.assertEqual(dec["reason"], "window passed")
        self.assertEqual(self.milestone(self.renewed, kind)["status"], "done")
        before = self.contract(self.renewed)
        a = self.d.post(url, ack)
        self.assertError(a, 409, "conflict")
        self.assertEqual(self.contract(self.renewed), before,
                         "a refused acknowledgement writes nothing")
        a = self.d.request("DELETE", f"{url}/{dec['id']}")
        self.assertEqual(a.status, 200, a)
        self.assertEqual(self.milestone(self.renewed, kind)["status"],
                         "scheduled")
        # A reason is required.
        a = self.d.post(url, {"type": "acknowledged", "kind": kind})
        self.assertError(a, 400, "invalid_field", "reason")

    def test_tenurectl_contract_acknowledge(self):
        kind = "conversion_request_deadline"
        code, out, err = self.d.ctl("contract", "acknowledge", str(self.cli),
                                    "--kind", kind, "--reason",
                                    "no request came")
        self.assertEqual(code, 0, (out, err))
        self.assertEqual(self.milestone(self.cli, kind)["status"], "done")
        acks = [d for d in self.contract(self.cli)["decisions"]
                if d["type"] == "acknowledged"]
        self.assertEqual(len(acks), 1, acks)
        self.assertEqual(acks[0]["kind"], kind)
        self.assertEqual(acks[0]["reason"], "no request came")
        code, out, err = self.d.ctl("contract", "acknowledge", str(self.cli),
                                    "--kind", kind, "--reason", "again")
        self.assertEqual(code, 1, (out, err))
        self.assertTrue(err.strip(), "the refusal is said on stderr")

    def test_status_filter(self):
        self.separate_late()
        a = self.d.get("/api/v1/milestones?limit=1000")
        self.assertEqual(a.status, 200, a)
        every = a.json()["milestones"]
        statuses = {m["status"] for m in every}
        self.assertIn("cancelled", statuses, "the seed has cancelled ones")
        self.assertIn("done", statuses, "the seed has done ones")
        a = self.d.get("/api/v1/milestones?status=scheduled,done&limit=1000")
        self.assertEqual(a.status, 200, a)
        got = a.json()["milestones"]
        self.assertEqual({m["status"] for m in got}, {"scheduled", "done"})
        self.assertEqual(len(got), len([m for m in every if m["status"] in
                                        ("scheduled", "done")]))
        a = self.d.get("/api/v1/milestones?status=cancelled&limit=1000")
        self.assertEqual(a.status, 200, a)
        self.assertEqual({m["status"] for m in a.json()["milestones"]},
                         {"cancelled"})
        for bad in ("overdue", "scheduled,", "scheduled,,done", "",
                    "SCHEDULED_X"):
            a = self.d.get("/api/v1/milestones?status=" + q(bad))
            self.assertError(a, 400, "invalid_field", "status")

    def test_upcoming_hides_cancelled(self):
        self.separate_late()
        cancelled = [m for m in self.contract(self.late)["milestones"]
                     if m["status"] == "cancelled" and m["date"] > "2026-11-23"]
        self.assertTrue(cancelled, "a cancelled milestone ahead")
        args = ("upcoming", "--within", "120m", "--scope",
                "person:late@example.org")
        code, out, err = self.d.ctl(*args)
        self.assertEqual(code, 0, (out, err))
        self.assertNotIn("cancelled", out)
        for m in cancelled:
            self.assertNotIn(m["kind"], out, out)
        code, out, err = self.d.ctl(*args, "--all")
        self.assertEqual(code, 0, (out, err))
        self.assertIn("cancelled", out)
        for m in cancelled:
            self.assertIn(m["kind"], out, out)


# 5. Honest status

def epoch(rfc3339):
    t = datetime.datetime.fromisoformat(rfc3339.replace("Z", "+00:00"))
    return calendar.timegm(t.utctimetuple())


class HonestStatusTest(Base):
    @classmethod
    def setUpClass(cls):
        cls.d = Daemon(now=NOW, config="[reminders]\nhr = hr@example.org\n")
        cls.d.start()
        cls.empty = cls.d.get("/api/v1/status").json()
        cls.empty_metrics = cls.d.get("/metrics").body.decode()
        cls.create(name="Ana Reminded", email="ana@example.org",
                   manager_email="boss@example.org", start="2025-09-01")
        cls.create(name="Ben Reminded", email="ben@example.org",
                   manager_email="boss@example.org", start="2024-05-01",
                   unit="ICTM")
        cls.create(name="Cleo Reminded", email="cleo@example.org",
                   start="2026-03-01")
        # Restarted on a database with reminders waiting: the journal at
        # start is the one to read.
        assert cls.d.stop() == 0
        cls.log_before = len(cls.d.log())
        cls.d.start()

    def db(self):
        return sqlite3.connect(f"file:{self.d.database}?mode=ro", uri=True)

    def waiting_email(self):
        with self.db() as db:
            return db.execute(
                "SELECT count(*) FROM outbox WHERE channel = 'email' AND "
                "status IN ('pending', 'retrying')").fetchone()[0]

    def test_nothing_waits_at_first(self):
        self.assertEqual(self.empty["waiting"], [], self.empty)
        self.assertIsNone(self.empty["next_reminder"], self.empty)
        self.assertNotIn('tenured_outbox_unconfigured{', self.empty_metrics)

    def test_status_says_what_waits(self):
        n = self.waiting_email()
        self.assertGreater(n, 0, "the seed plans email reminders")
        s = self.d.get("/api/v1/status").json()
        self.assertEqual(s["waiting"], [{"channel": "email", "count": n,
                                         "reason": "no [smtp] url"}], s)

    def test_next_reminder_is_the_earliest(self):
        with self.db() as db:
            rows = db.execute(
                "SELECT o.id, o.next_attempt_at, o.channel, o.recipient, "
                "o.contract_id, o.kind FROM outbox o WHERE o.status IN "
                "('pending', 'retrying') ORDER BY o.next_attempt_at, o.id"
            ).fetchall()
            self.assertTrue(rows)
            rid, due, channel, recipient, cid, kind = rows[0]
            name = db.execute(
                "SELECT p.name FROM contracts c JOIN people p ON "
                "p.id = c.person_id WHERE c.id = ?", (cid,)).fetchone()[0]
        nxt = self.d.get("/api/v1/status").json()["next_reminder"]
        self.assertIsNotNone(nxt)
        self.assertEqual(nxt["id"], rid, (nxt, rows[:3]))
        self.assertEqual(epoch(nxt["due_at"]), due, nxt)
        self.assertEqual(nxt["channel"], channel)
        self.assertEqual(nxt["recipient"], recipient)
        self.assertEqual(nxt["contract_id"], cid)
        self.assertEqual(nxt["kind"], kind)
        self.assertEqual(nxt["person"], name)
        self.assertIsInstance(nxt["person"], str)

    def test_metrics(self):
        n = self.waiting_email()
        a = self.d.get("/metrics")
        self.assertEqual(a.status, 200, a)
        lines = a.body.decode().splitlines()
        self.assertIn(f'tenured_outbox_unconfigured{{channel="email"}} {n}',
                      lines)
        self.assertIn("# TYPE tenured_outbox_unconfigured gauge", lines)

    def test_journal_at_start(self):
        n = self.waiting_email()
        want = (f"{n} reminders wait for email, which is not "
                "configured: no [smtp] url")
        # Written just after READY=1: give it a moment (bounded).
        end = time.monotonic() + 5
        while (want not in self.d.log()[self.log_before:] and
               time.monotonic() < end):
            time.sleep(0.05)
        self.assertIn(want, self.d.log()[self.log_before:])

    def test_tenurectl_status_says_it_first(self):
        n = self.waiting_email()
        code, out, err = self.d.ctl("status")
        self.assertEqual(code, 0, (out, err))
        lines = out.splitlines()
        self.assertTrue(lines, out)
        self.assertEqual(lines[0], f"{n} reminders wait for email, which is "
                         "not configured: no [smtp] url", out)
        self.assertTrue(lines[1].startswith("next reminder: #"), out)


if __name__ == "__main__":
    tap.main()
