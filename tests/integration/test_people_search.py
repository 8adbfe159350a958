"""Issue 14 end to end against a real daemon: finding people (?q=, case-
and accent-insensitive, paged, within a manager's reach, tenurectl contract
find), the refusals of input that makes no sense (another person's email,
dates that are typing mistakes, a file that is not a notice), and a refused
CSV import that lists every bad row at once by line and CSV column (and its
dry run)."""

import people_common
import tap
from harness import Daemon
from people_common import (NOTICE_241324, NOTICE_250914, NOT_A_NOTICE, NOW, q,
                           read)


# 1. Finding people

class SearchTest(people_common.Base):
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

class RefusalTest(people_common.Base):
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


class CsvTest(people_common.Base):
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


if __name__ == "__main__":
    tap.main()
