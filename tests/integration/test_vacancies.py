"""Vacancy notices through the API and tenurectl: import, dry run,
re-import as a new version, deadlines among the milestones, contracts that
take their clause from the notice, and notices that are refused."""
import glob
import json
import os
import unittest

import tap
from harness import Daemon

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = sorted(glob.glob(os.path.join(HERE, "..", "data", "notices", "real",
                                     "*.txt")))
FRENCH = sorted(glob.glob(os.path.join(HERE, "..", "data", "notices",
                                       "french", "*.txt")))
# What a French-only notice keeps as written, so in French.
AS_WRITTEN = ("title", "location", "nato_body", "schedule")


def read(path):
    with open(path, "rb") as f:
        return f.read()


def non_turnover(text):
    """A real notice rewritten for a post where turnover is not desirable."""
    lines = []
    for line in text.decode().splitlines(keepends=True):
        if "Contract to be offered to the successful applicant" in line:
            line = ("Contract to be offered to the successful applicant (if "
                    "non-seconded): Definite duration contract of three "
                    "years, which may be followed by an indefinite duration "
                    "contract.\n")
        elif "turnover is desirable" in line:
            line = ("In accordance with the contract policy, this is a post "
                    "in which turnover is not desirable.\n")
        lines.append(line)
    return "".join(lines).encode()


class VacancyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        assert len(REAL) == 5, REAL
        cls.d = Daemon(config="max_body = 1048576\n").start()

    @classmethod
    def tearDownClass(cls):
        code = cls.d.stop()
        cls.d.cleanup()
        assert code == 0, f"tenured exited with {code}"

    def post(self, body, dry_run=False):
        path = "/api/v1/vacancies" + ("?dry_run=1" if dry_run else "")
        return self.d.post(path, body, content_type="text/plain")

    def status(self):
        return self.d.get("/api/v1/status").json()

    def test_import_all_five(self):
        refs = set()
        for path in REAL:
            a = self.post(read(path))
            self.assertIn(a.status, (200, 201), (path, a))
            v = a.json()
            for field in ("reference", "title", "posts", "location",
                          "nato_body", "schedule", "application_deadline",
                          "deadline_fr", "salary", "grade", "clearance",
                          "pending_budget_approval", "contract", "warnings"):
                self.assertIn(field, v, field)
            self.assertRegex(v["application_deadline"],
                             r"^\d{4}-\d\d-\d\dT23:59:00\+0[12]:00$")
            self.assertEqual(v["deadline_fr"], v["application_deadline"])
            self.assertGreaterEqual(len(v["posts"]), 1)
            refs.add(v["reference"])
        self.assertEqual(refs, {"250914", "241370", "241324", "241642",
                                "250885"})
        listed = self.d.get("/api/v1/vacancies").json()["vacancies"]
        self.assertTrue(refs <= {v["reference"] for v in listed})
        one = self.d.get("/api/v1/vacancies/250914").json()
        self.assertEqual(one["application_deadline"],
                         "2025-06-22T23:59:00+02:00")
        self.assertEqual(one["salary"], {"amount": "5043.00",
                                         "currency": "EUR",
                                         "basis": "Monthly"})
        self.assertEqual(one["contract"]["max_service_months"], 72)
        a = self.d.get("/api/v1/milestones?from=2025-06-22&to=2025-06-22"
                       "&kind=application_deadline&scope=vacancy:250914")
        items = a.json()["milestones"]
        self.assertEqual(len(items), 1, items)
        self.assertEqual(items[0]["at"], "2025-06-22T23:59:00+02:00")
        self.assertEqual(items[0]["vacancy"], "250914")
        self.assertIsNone(items[0]["contract_id"])

    def test_dry_run_stores_nothing(self):
        before = self.status()
        a = self.post(read(REAL[2]).replace(b"241324", b"999001"),
                      dry_run=True)
        self.assertEqual(a.status, 200, a)
        self.assertEqual(a.json()["reference"], "999001")
        self.assertIs(a.json()["dry_run"], True)
        self.assertEqual(self.d.get("/api/v1/vacancies/999001").status, 404)
        self.assertEqual(self.status()["milestones"], before["milestones"])

    def test_french_only(self):
        """Each French half alone gives what its bilingual notice gives,
        but for what is kept as written; one is stored and planned."""
        self.assertEqual(len(FRENCH), 12, FRENCH)
        for path in FRENCH:
            real = REAL[int(os.path.basename(path)[:3])]
            a, b = self.post(read(path), dry_run=True), self.post(
                read(real), dry_run=True)
            self.assertEqual((a.status, b.status), (200, 200), (path, a))
            fr, en = a.json(), b.json()
            self.assertEqual(fr["deadline_fr"], fr["application_deadline"])
            for key in set(en) | set(fr):
                if key in AS_WRITTEN:
                    self.assertTrue(fr[key], (path, key))
                elif key == "posts":
                    for p in fr[key] + en[key]:
                        del p["title"]
                    self.assertEqual(fr[key], en[key], path)
                elif key == "warnings":
                    self.assertEqual([w["field"] for w in fr[key]],
                                     [w["field"] for w in en[key]], path)
                else:
                    self.assertEqual(fr.get(key), en.get(key), (path, key))
        a = self.post(read(FRENCH[0]).replace(b"250914", b"999004"))
        self.assertEqual(a.status, 201, a)
        self.assertEqual(a.json()["location"], "Belgique-Bruxelles")
        items = self.d.get("/api/v1/milestones?scope=vacancy:999004"
                           "&kind=application_deadline").json()["milestones"]
        self.assertEqual([m["at"] for m in items],
                         ["2025-06-22T23:59:00+02:00"])

    def test_reimport_keeps_versions_and_moves_deadline(self):
        text = read(REAL[3]).replace(b"241642", b"999002")
        a = self.post(text)
        self.assertEqual(a.json()["version"], 1)
        moved = text.replace(b"05-Jan-2025", b"12-Jan-2025").replace(
            b"05-janv.-2025", b"12-janv.-2025")
        a = self.post(moved)
        self.assertEqual(a.json()["version"], 2, a)
        one = self.d.get("/api/v1/vacancies/999002").json()
        self.assertEqual([v["version"] for v in one["versions"]], [1, 2])
        self.assertEqual(one["versions"][0]["vacancy"]["application_deadline"],
                         "2025-01-05T23:59:00+01:00")
        self.assertEqual(one["application_deadline"],
                         "2025-01-12T23:59:00+01:00")
        items = self.d.get("/api/v1/milestones?scope=vacancy:999002"
                           "&kind=application_deadline").json()["milestones"]
        self.assertEqual([m["date"] for m in items], ["2025-01-12"])

    def test_contract_takes_the_clause(self):
        text = non_turnover(read(REAL[0]).replace(b"250914", b"999003"))
        a = self.post(text)
        self.assertEqual(a.status, 201, a)
        self.assertIsNone(a.json()["contract"]["max_service_months"])
        a = self.d.post("/api/v1/contracts", {
            "name": "Post Holder", "email": "postholder@example.org",
            "start": "2025-09-01", "vacancy": "999003", "post": 1})
        self.assertEqual(a.status, 201, a)
        c = a.json()
        self.assertIsNone(c["policy"]["max_service_months"])
        self.assertEqual(c["grade"], a.json()["grade"])
        kinds = {m["kind"] for m in c["milestones"]}
        self.assertNotIn("max_service_end", kinds)
        a = self.d.post("/api/v1/contracts", {
            "name": "Other Holder", "email": "other@example.org",
            "start": "2025-09-01", "vacancy": "250914", "post": 1})
        if a.status == 400:      # 250914 not imported yet in this order
            self.post(read(REAL[0]))
            a = self.d.post("/api/v1/contracts", {
                "name": "Other Holder", "email": "other@example.org",
                "start": "2025-09-01", "vacancy": "250914", "post": 1})
        self.assertEqual(a.status, 201, a)
        c = a.json()
        self.assertEqual(c["policy"]["max_service_months"], 72)
        self.assertTrue(c["grade"])
        self.assertIs(c["twin_graded"], True)   # G11-G15
        a = self.d.post("/api/v1/contracts", {
            "name": "X", "email": "x@example.org", "start": "2025-09-01",
            "vacancy": "250914", "post": 9})
        self.assertEqual(a.status, 400, a)
        self.assertEqual(a.json()["error"]["field"], "post")
        a = self.d.post("/api/v1/contracts", {
            "name": "X", "email": "x@example.org", "start": "2025-09-01",
            "vacancy": "000000"})
        self.assertEqual(a.status, 400, a)
        self.assertEqual(a.json()["error"]["field"], "vacancy")

    def test_refusals(self):
        before = self.status()
        base = read(REAL[0])
        cases = [
            (b"", 400),
            (b"\x00\x01\x02binary\xff" * 10, 400),
            (base.replace(b"Team Leader", b"Team \xc3\x28Leader"), 400),
            (base.replace(b"Application Deadline: 22-Jun-2025, 11:59:00 PM",
                          b"Application Deadline: 31-Feb-2026"), 400),
            (base.replace(b"Application Deadline: 22-Jun-2025, 11:59:00 PM",
                          b"Applications welcome"), 400),
            (base.replace(b"-250914", b""), 400),
            (b"x" * (1048576 + 10), 413),
        ]
        for body, status in cases:
            a = self.post(body)
            self.assertEqual(a.status, status, (body[:60], a))
            err = a.json()["error"]
            self.assertTrue(err["message"])
        after = self.status()
        for key in ("contracts", "milestones"):
            self.assertEqual(after[key], before[key], key)
        self.assertEqual(self.d.get("/healthz").status, 200)

    def test_tenurectl(self):
        code, out, err = self.d.ctl("vacancy", "import", "--dry-run",
                                    REAL[1])
        self.assertEqual(code, 0, err)
        self.assertIn("241370", out)
        self.assertIn("dry run", out)
        code, out, err = self.d.ctl("vacancy", "import", *REAL)
        self.assertEqual(code, 0, err)
        self.assertEqual(out.count("vacancy "), 5, out)
        code, out, err = self.d.ctl("vacancy", "list")
        self.assertEqual(code, 0, err)
        for ref in ("250914", "241370", "241324", "241642", "250885"):
            self.assertIn(ref, out)
        code, out, err = self.d.ctl("vacancy", "show", "241370")
        self.assertEqual(code, 0, err)
        self.assertIn("Defence Planning Expert", out)
        code, out, err = self.d.ctl("--json", "vacancy", "show", "241370")
        self.assertEqual(json.loads(out)["reference"], "241370")
        code, out, err = self.d.ctl("vacancy", "show", "000000")
        self.assertEqual(code, 1)
        bad = os.path.join(self.d.dir, "bad.txt")
        with open(bad, "wb") as f:
            f.write(b"no reference and no deadline here\n")
        code, out, err = self.d.ctl("vacancy", "import", bad)
        self.assertEqual(code, 1)
        self.assertIn(bad, err)
        code, out, err = self.d.ctl("upcoming", "--within", "3650d",
                                    "--kind", "application_deadline")
        self.assertEqual(code, 0, err)


if __name__ == "__main__":
    tap.main()
