"""The HTTP API end to end against the real daemon on a real database:
contracts, decisions, revocation, milestones, status and backup, and the
language of a contract's person (SPEC section 12) through the API, its
audit and the CSV import."""
import os
import sqlite3
import tempfile
import unittest

import tap
from harness import Daemon

JANE = {"name": "Jane Doe", "email": "jane@example.org",
        "manager_email": "boss@example.org", "start": "2025-09-01",
        "twin_graded": True}

# SPEC section 4, worked example, after the renewal until 2031-08-31.
WORKED_EXAMPLE = {
    "contract_start": ("2025-09-01", "scheduled"),
    "probation_end": ("2026-02-28", "scheduled"),
    "grade_advancement_earliest": ("2026-09-01", "scheduled"),
    "renewal_decision_due": ("2028-02-29", "done"),
    "initial_term_end": ("2028-08-31", "scheduled"),
    "grade_advancement_eligible": ("2028-09-01", "scheduled"),
    "conversion_window_opens": ("2028-09-01", "scheduled"),
    "conversion_request_deadline": ("2030-08-31", "scheduled"),
    "contract_end": ("2031-08-31", "scheduled"),
    "max_service_end": ("2031-08-31", "scheduled"),
}


class ApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = Daemon().start()

    @classmethod
    def tearDownClass(cls):
        code = cls.d.stop()
        cls.d.cleanup()
        assert code == 0, f"tenured exited with {code}"

    def create(self, body):
        a = self.d.post("/api/v1/contracts", body)
        self.assertEqual(a.status, 201, a)
        return a.json()

    def test_worked_example(self):
        c = self.create(JANE)
        self.assertIsInstance(c["id"], int)
        self.assertEqual(c["staff_type"], "external")
        a = self.d.post(f"/api/v1/contracts/{c['id']}/decisions",
                        {"type": "renewed", "until": "2031-08-31"})
        self.assertEqual(a.status, 201, a)
        answer = a.json()
        self.assertEqual(answer["decision"]["type"], "renewed")
        self.assertEqual(answer["decision"]["until"], "2031-08-31")
        self.assertIsNotNone(answer["decision"]["recorded_at"])
        self.assertTrue(answer["decision"]["recorded_by"])
        got = {m["kind"]: (m["date"], m["status"])
               for m in answer["contract"]["milestones"]}
        self.assertEqual(got, WORKED_EXAMPLE)
        kinds = [m["kind"] for m in answer["contract"]["milestones"]]
        self.assertEqual(kinds.count("renewal_decision_due"), 1)
        dates = [m["date"] for m in answer["contract"]["milestones"]]
        self.assertEqual(dates, sorted(dates), "milestones by date")
        for m in answer["contract"]["milestones"]:
            self.assertIs(m["overdue"], False)
            self.assertIsNone(m["at"])
        again = self.d.get(f"/api/v1/contracts/{c['id']}").json()
        self.assertEqual({m["kind"]: (m["date"], m["status"])
                          for m in again["milestones"]}, WORKED_EXAMPLE)

    def test_shape_has_every_field(self):
        c = self.create({"name": "Shape Check", "email": "shape@example.org",
                         "start": "2026-01-05"})
        for field in ("id", "name", "email", "manager_email", "unit",
                      "vacancy", "post", "post_title", "grade", "start",
                      "staff_type", "indefinite", "twin_graded", "birth_date",
                      "language", "policy", "decisions", "milestones"):
            self.assertIn(field, c, field)
        self.assertIsNone(c["manager_email"])
        self.assertIsNone(c["birth_date"])
        self.assertEqual(c["language"], "en", "English unless asked")
        self.assertEqual(c["policy"]["max_service_months"], 72)
        self.assertEqual(c["policy"]["renewal_lead_months"], 6)
        self.assertEqual(c["decisions"], [])

    def test_projected_and_overdue(self):
        # Started 2020-06-01: the renewal decision was due 2022-11-30,
        # long before the scheduling clock (2026-11-23): overdue.
        c = self.create({"name": "Late Decision", "email": "late@example.org",
                         "start": "2020-06-01"})
        ms = {m["kind"]: m for m in c["milestones"]}
        self.assertEqual(ms["renewal_decision_due"]["date"], "2022-11-30")
        self.assertIs(ms["renewal_decision_due"]["overdue"], True)
        self.assertEqual(ms["conversion_window_opens"]["status"], "projected")
        self.assertIs(ms["conversion_window_opens"]["overdue"], False)

    def test_revocation(self):
        c = self.create({"name": "Rev Oke", "email": "revoke@example.org",
                         "start": "2025-09-01"})
        a = self.d.post(f"/api/v1/contracts/{c['id']}/decisions",
                        {"type": "renewed", "until": "2031-08-31"})
        did = a.json()["decision"]["id"]
        a = self.d.request("DELETE",
                           f"/api/v1/contracts/{c['id']}/decisions/{did}")
        self.assertEqual(a.status, 200, a)
        c = a.json()
        self.assertEqual(len(c["decisions"]), 1, "the log keeps it")
        self.assertIsNotNone(c["decisions"][0]["revoked_at"])
        ms = {m["kind"]: m for m in c["milestones"]}
        self.assertEqual(ms["renewal_decision_due"]["status"], "scheduled")
        self.assertEqual(ms["conversion_request_deadline"]["status"],
                         "projected")
        self.assertEqual(ms["contract_end"]["status"], "cancelled")
        a = self.d.request("DELETE",
                           f"/api/v1/contracts/{c['id']}/decisions/{did}")
        self.assertEqual(a.status, 409, a)
        self.assertEqual(a.json()["error"]["code"], "conflict")

    def test_decision_refusals(self):
        c = self.create({"name": "Ref Used", "email": "refused@example.org",
                         "start": "2025-09-01"})
        path = f"/api/v1/contracts/{c['id']}/decisions"
        a = self.d.post(path, {"type": "renewed", "until": "2032-08-31"})
        self.assertEqual(a.status, 409, a)
        self.assertEqual(a.json()["error"]["field"], "until")
        a = self.d.post(path, {"type": "conversion_requested",
                               "date": "2028-10-01"})
        self.assertEqual(a.status, 409, a)
        a = self.d.post(path, {"type": "separated", "date": "2026-03-31",
                               "reason": "resigned"})
        self.assertEqual(a.status, 201, a)
        a = self.d.post(path, {"type": "renewed", "until": "2031-08-31"})
        self.assertEqual(a.status, 409, a)
        after = self.d.get(f"/api/v1/contracts/{c['id']}").json()
        self.assertEqual(len(after["decisions"]), 1, "refusals wrote nothing")
        ms = {m["kind"]: m for m in after["milestones"]}
        self.assertEqual(ms["contract_end"]["date"], "2026-03-31")
        self.assertEqual(ms["initial_term_end"]["status"], "cancelled")

    def test_patch(self):
        c = self.create({"name": "Pat Ch", "email": "patch@example.org",
                         "start": "2025-09-01", "unit": "OCIO"})
        a = self.d.request("PATCH", f"/api/v1/contracts/{c['id']}",
                           body={"start": "2025-10-01", "unit": None,
                                 "staff_type": "seconded"})
        self.assertEqual(a.status, 200, a)
        c2 = a.json()
        self.assertEqual(c2["start"], "2025-10-01")
        self.assertIsNone(c2["unit"])
        ms = {m["kind"]: m for m in c2["milestones"]}
        self.assertEqual(ms["initial_term_end"]["date"], "2028-09-30")
        self.assertIn("national_agreement_due", ms)
        self.assertEqual(c2["name"], "Pat Ch")

    def test_list_paging(self):
        ids = {self.create({"name": f"Page {i}",
                            "email": f"page{i}@example.org",
                            "start": "2024-01-01"})["id"] for i in range(5)}
        seen, after = set(), 0
        for _ in range(100):
            a = self.d.get(f"/api/v1/contracts?limit=2&after={after}")
            self.assertEqual(a.status, 200, a)
            page = a.json()
            self.assertLessEqual(len(page["contracts"]), 2)
            seen |= {c["id"] for c in page["contracts"]}
            if page["next_after"] is None:
                break
            after = page["next_after"]
        self.assertTrue(ids <= seen)

    def test_milestones_filters(self):
        c = self.create({"name": "Filter Me", "email": "filter@example.org",
                         "manager_email": "filterboss@example.org",
                         "unit": "FLT", "start": "2026-12-01"})
        a = self.d.get("/api/v1/milestones?within=90d&scope=unit:FLT")
        self.assertEqual(a.status, 200, a)
        items = a.json()["milestones"]
        self.assertEqual([m["kind"] for m in items], ["contract_start"])
        m = items[0]
        self.assertEqual(m["contract_id"], c["id"])
        self.assertEqual(m["person"], {"name": "Filter Me",
                                       "email": "filter@example.org"})
        for field in ("id", "kind", "date", "at", "status", "overdue",
                      "contract_id", "vacancy", "person", "title"):
            self.assertIn(field, m)
        a = self.d.get("/api/v1/milestones?scope=manager:FILTERBOSS@example.org"
                       "&kind=probation_end")
        items = a.json()["milestones"]
        self.assertEqual([(m["kind"], m["date"]) for m in items],
                         [("probation_end", "2027-05-31")])
        a = self.d.get("/api/v1/milestones?from=2027-01-01&to=2030-12-31"
                       "&scope=person:filter@example.org&limit=2")
        page = a.json()
        self.assertEqual(len(page["milestones"]), 2)
        self.assertIsNotNone(page["next_after"])
        rest = self.d.get("/api/v1/milestones?from=2027-01-01&to=2030-12-31"
                          "&scope=person:filter@example.org&limit=1000"
                          f"&after={page['next_after']}").json()
        dates = [m["date"] for m in page["milestones"] + rest["milestones"]]
        self.assertEqual(dates, sorted(dates))
        self.assertTrue(all("2027-01-01" <= d <= "2030-12-31" for d in dates))

    def test_status_and_health(self):
        a = self.d.get("/healthz")
        self.assertEqual(a.status, 200)
        self.assertEqual(a.json(), {"status": "ok"})
        s = self.d.get("/api/v1/status").json()
        self.assertEqual(s["today"], "2026-11-23")
        self.assertTrue(s["now"].startswith("2026-11-23T10:00"), s["now"])
        self.assertGreaterEqual(s["contracts"], 0)

    def test_backup(self):
        self.create({"name": "Backed Up", "email": "backup@example.org",
                     "start": "2025-01-01"})
        a = self.d.get("/api/v1/backup")
        if self.d.backend == "postgresql":
            # pg_dump is PostgreSQL's backup (SPEC section 14).
            self.assertEqual(a.status, 409, a)
            self.assertIn("pg_dump", a.json()["error"]["message"])
            return
        self.assertEqual(a.status, 200)
        self.assertEqual(a.headers["Content-Type"], "application/vnd.sqlite3")
        with tempfile.NamedTemporaryFile(suffix=".db") as f:
            f.write(a.body)
            f.flush()
            db = sqlite3.connect(f.name)
            self.assertEqual(db.execute("PRAGMA integrity_check").fetchone(),
                             ("ok",))
            n = db.execute("SELECT count(*) FROM people WHERE email = "
                           "'backup@example.org'").fetchone()[0]
            self.assertEqual(n, 1)
            db.close()
        leftovers = [n for n in os.listdir(self.d.dir) if "backup-" in n]
        self.assertEqual(leftovers, [])

    def test_csv_import(self):
        csv = ("\ufeffname;email;start;staff_type;renewed_until;unit\r\n"
               "Ann One;ann@example.org;2025-09-01;external;2031-08-31;CSV\r\n"
               "Bob Two;bob@example.org;2026-01-15;seconded;;CSV\r\n")
        a = self.d.post("/api/v1/contracts/import", csv,
                        content_type="text/csv")
        self.assertEqual(a.status, 201, a)
        self.assertEqual(a.json()["imported"], 2)
        ann = self.d.get(f"/api/v1/contracts/{a.json()['ids'][0]}").json()
        self.assertEqual(ann["decisions"][0]["type"], "renewed")
        ms = {m["kind"]: m for m in ann["milestones"]}
        self.assertEqual(ms["contract_end"]["date"], "2031-08-31")

    def assertRefused(self, a, field, status=400):
        self.assertEqual(a.status, status, a)
        err = a.json()["error"]
        self.assertEqual((err["code"], err["field"]),
                         ("invalid_field", field), err)
        return err

    def test_language_round_trip(self):
        c = self.create({"name": "Hélène Dubois",
                         "email": "helene@example.org",
                         "start": "2025-09-01", "language": "fr"})
        self.assertEqual(c["language"], "fr")
        path = f"/api/v1/contracts/{c['id']}"
        self.assertEqual(self.d.get(path).json()["language"], "fr",
                         "GET says what POST stored")
        listed = self.d.get("/api/v1/contracts?q=helene").json()
        self.assertEqual([x["language"] for x in listed["contracts"]],
                         ["fr"], "and so does the list")
        a = self.d.request("PATCH", path, body={"language": "en"})
        self.assertEqual(a.status, 200, a)
        self.assertEqual(a.json()["language"], "en")
        self.assertEqual(self.d.get(path).json()["language"], "en")
        a = self.d.request("PATCH", path, body={"language": "fr",
                                                "unit": "NCIA"})
        self.assertEqual(a.json()["language"], "fr")
        a = self.d.request("PATCH", path, body={"language": None})
        self.assertEqual(a.status, 200, a)
        self.assertEqual(a.json()["language"], "en", "null is the default")
        # Each change is in the contract's history, old and new.
        entries = self.d.get(f"/api/v1/audit?entity=contract:{c['id']}"
                             ).json()["entries"]
        changes = [e["changes"].get("language") for e in entries
                   if e["action"] == "contract.corrected"]
        self.assertEqual(changes, [["fr", "en"], ["en", "fr"],
                                   ["fr", "en"]], entries)

    def test_language_refused_naming_the_field(self):
        body = {"name": "Bad Lang", "email": "badlang@example.org",
                "start": "2025-09-01"}
        for value in ("de", "FR", "fr-BE", "", "français", 1, True,
                      ["fr"]):
            a = self.d.post("/api/v1/contracts", dict(body, language=value))
            err = self.assertRefused(a, "language")
            self.assertIn("en or fr", err["message"])
        a = self.d.get("/api/v1/contracts?q=badlang").json()
        self.assertEqual(a["contracts"], [], "nothing was stored")
        c = self.create(dict(body, language="fr"))
        a = self.d.request("PATCH", f"/api/v1/contracts/{c['id']}",
                           body={"language": "de", "unit": "X"})
        self.assertRefused(a, "language")
        got = self.d.get(f"/api/v1/contracts/{c['id']}").json()
        self.assertEqual((got["language"], got["unit"]), ("fr", None),
                         "a refused correction changes nothing")
        # The message follows Accept-Language; the field does not.
        a = self.d.post("/api/v1/contracts", dict(body, language="de"),
                        headers={"Accept-Language": "fr"})
        err = self.assertRefused(a, "language")
        self.assertEqual(err["message"], "valeur attendue : en ou fr")

    def test_csv_import_language(self):
        csv = ("name,email,start,language\r\n"
               "Anne Fr,anne.fr@example.org,2025-09-01,fr\r\n"
               "Ben En,ben.en@example.org,2025-09-01,en\r\n"
               "Cleo Blank,cleo.blank@example.org,2025-09-01,\r\n"
               "Dan Upper,dan.upper@example.org,2025-09-01,FR\r\n")
        a = self.d.post("/api/v1/contracts/import", csv,
                        content_type="text/csv")
        self.assertEqual(a.status, 201, a)
        got = [self.d.get(f"/api/v1/contracts/{i}").json()["language"]
               for i in a.json()["ids"]]
        self.assertEqual(got, ["fr", "en", "en", "fr"])
        # A file without the column imports in English.
        a = self.d.post("/api/v1/contracts/import",
                        "name,email,start\nEve No,eve.no@example.org,"
                        "2025-09-01\n", content_type="text/csv")
        self.assertEqual(a.status, 201, a)
        eve = self.d.get(f"/api/v1/contracts/{a.json()['ids'][0]}").json()
        self.assertEqual(eve["language"], "en")
        # A bad value refuses the whole file, naming line and column.
        bad = ("name,email,start,language\n"
               "Fay Ok,fay.ok@example.org,2025-09-01,fr\n"
               "Gus Bad,gus.bad@example.org,2025-09-01,de\n"
               "Hal Bad,hal.bad@example.org,2025-09-01,english\n")
        a = self.d.post("/api/v1/contracts/import", bad,
                        content_type="text/csv")
        self.assertEqual(a.status, 400, a)
        errors = a.json()["errors"]
        self.assertEqual([(e["line"], e["field"]) for e in errors],
                         [(3, "language"), (4, "language")], errors)
        self.assertIn('language "de" must be en or fr', errors[0]["message"])
        a = self.d.get("/api/v1/contracts?q=fay.ok").json()
        self.assertEqual(a["contracts"], [], "all rows or none")


if __name__ == "__main__":
    tap.main()
