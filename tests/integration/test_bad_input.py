"""Every class of bad input gets the SPEC's error JSON and writes nothing."""
import unittest

import tap
from harness import Daemon

TOKEN = "test-token-0123456789abcdef"


class BadInputTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = Daemon(token=TOKEN, listen=True,
                       config="max_body = 2048\n").start()
        a = cls.d.post("/api/v1/contracts", {
            "name": "Kept Intact", "email": "kept@example.org",
            "start": "2025-09-01"})
        assert a.status == 201, a
        cls.cid = a.json()["id"]

    @classmethod
    def tearDownClass(cls):
        code = cls.d.stop()
        cls.d.cleanup()
        assert code == 0, f"tenured exited with {code}"

    def counts(self):
        s = self.d.get("/api/v1/status").json()
        c = self.d.get(f"/api/v1/contracts/{self.cid}").json()
        return s["contracts"], s["milestones"], len(c["decisions"]), c

    def assertError(self, a, status, code, field=None):
        self.assertEqual(a.status, status, a)
        self.assertEqual(a.headers.get("Content-Type"), "application/json")
        err = a.json()["error"]
        self.assertEqual(err["code"], code, err)
        self.assertTrue(err["message"], err)
        for key in ("code", "message", "field", "line"):
            self.assertIn(key, err)
        if field is not None:
            self.assertEqual(err["field"], field, err)
        return err

    def setUp(self):
        self.before = self.counts()

    def tearDown(self):
        self.assertEqual(self.counts(), self.before, "nothing was written")

    def test_impossible_date(self):
        a = self.d.post("/api/v1/contracts", {
            "name": "X", "email": "x@example.org", "start": "2026-02-30"})
        self.assertError(a, 400, "invalid_field", "start")
        a = self.d.post(f"/api/v1/contracts/{self.cid}/decisions",
                        {"type": "renewed", "until": "2031-02-29"})
        self.assertError(a, 400, "invalid_field", "until")

    def test_unknown_field(self):
        a = self.d.post("/api/v1/contracts", {
            "name": "X", "email": "x@example.org", "start": "2026-01-01",
            "salary": 100})
        self.assertError(a, 400, "invalid_field", "salary")
        a = self.d.request("PATCH", f"/api/v1/contracts/{self.cid}",
                           body={"colour": "blue"})
        self.assertError(a, 400, "invalid_field", "colour")
        a = self.d.post(f"/api/v1/contracts/{self.cid}/decisions",
                        {"type": "renewed", "until": "2031-08-31",
                         "date": "2028-01-01"})
        self.assertError(a, 400, "invalid_field", "date")

    def test_missing_field(self):
        for missing in ("name", "email", "start"):
            body = {"name": "X", "email": "x@example.org",
                    "start": "2026-01-01"}
            del body[missing]
            a = self.d.post("/api/v1/contracts", body)
            self.assertError(a, 400, "invalid_field", missing)
        a = self.d.post(f"/api/v1/contracts/{self.cid}/decisions",
                        {"type": "separated", "date": "2026-01-01"})
        self.assertError(a, 400, "invalid_field", "reason")
        a = self.d.post(f"/api/v1/contracts/{self.cid}/decisions", {})
        self.assertError(a, 400, "invalid_field", "type")

    def test_wrong_types(self):
        cases = [({"name": 5}, "name"), ({"email": ["a"]}, "email"),
                 ({"start": 20260101}, "start"),
                 ({"twin_graded": "yes"}, "twin_graded"),
                 ({"post": "2"}, "post"), ({"staff_type": "alien"},
                                           "staff_type")]
        for extra, field in cases:
            body = {"name": "X", "email": "x@example.org",
                    "start": "2026-01-01"}
            body.update(extra)
            a = self.d.post("/api/v1/contracts", body)
            self.assertError(a, 400, "invalid_field", field)
        a = self.d.post("/api/v1/contracts", [1, 2])
        self.assertError(a, 400, "bad_request")
        a = self.d.request("PATCH", f"/api/v1/contracts/{self.cid}",
                           body={"name": None})
        self.assertError(a, 400, "invalid_field", "name")

    def test_malformed_json_and_utf8(self):
        a = self.d.post("/api/v1/contracts", b'{"name": "X",')
        self.assertError(a, 400, "bad_request")
        a = self.d.post("/api/v1/contracts",
                        b'{"name": "\xff\xfe", "email": "x@example.org", '
                        b'"start": "2026-01-01"}')
        self.assertError(a, 400, "bad_request")
        a = self.d.post("/api/v1/contracts",
                        b'{"name": "a\\u0000b", "email": "x@example.org", '
                        b'"start": "2026-01-01"}')
        self.assertEqual(a.status, 400, a)
        a = self.d.post("/api/v1/contracts", b'{"name": "A", "name": "B"}')
        self.assertError(a, 400, "bad_request")
        a = self.d.post("/api/v1/contracts/import",
                        b"name,email,start\n\xc3\x28x,y@example.org,2026-01-01\n",
                        content_type="text/csv")
        self.assertEqual(a.status, 400, a)
        self.assertEqual(a.json()["errors"][0]["line"], 2)

    def test_too_large(self):
        body = '{"name": "' + "x" * 3000 + '"}'
        a = self.d.post("/api/v1/contracts", body)
        err = self.assertError(a, 413, "too_large")
        self.assertIn("2048", err["message"])
        a = self.d.post("/api/v1/contracts/import", "a" * 5000,
                        content_type="text/csv")
        self.assertError(a, 413, "too_large")

    def test_unknown_ids(self):
        a = self.d.get("/api/v1/contracts/999999")
        self.assertError(a, 404, "not_found")
        a = self.d.request("PATCH", "/api/v1/contracts/999999",
                           body={"unit": "X"})
        self.assertError(a, 404, "not_found")
        a = self.d.post("/api/v1/contracts/999999/decisions",
                        {"type": "renewed", "until": "2031-08-31"})
        self.assertError(a, 404, "not_found")
        a = self.d.request("DELETE",
                           f"/api/v1/contracts/{self.cid}/decisions/999999")
        self.assertError(a, 404, "not_found")
        a = self.d.get("/api/v1/nothing-here")
        self.assertError(a, 404, "not_found")
        a = self.d.get("/api/v1/contracts/abc")
        self.assertError(a, 404, "not_found")
        a = self.d.get("/api/v1/contracts/99999999999999999999999")
        self.assertError(a, 404, "not_found")

    def test_tcp_token(self):
        a = self.d.get("/api/v1/status", tcp=True)
        self.assertError(a, 401, "unauthorized")
        a = self.d.get("/api/v1/status", tcp=True,
                       headers={"Authorization": "Bearer wrong-token"})
        self.assertError(a, 401, "unauthorized")
        a = self.d.get("/api/v1/status", tcp=True,
                       headers={"Authorization": "Bearer " + TOKEN + "x"})
        self.assertError(a, 401, "unauthorized")
        a = self.d.post("/api/v1/contracts", {
            "name": "X", "email": "x@example.org", "start": "2026-01-01"},
            tcp=True)
        self.assertError(a, 401, "unauthorized")
        a = self.d.get("/api/v1/status", tcp=True,
                       headers={"Authorization": "Bearer " + TOKEN})
        self.assertEqual(a.status, 200, a)
        a = self.d.get("/healthz", tcp=True)
        self.assertEqual(a.status, 200, a)

    def test_methods(self):
        a = self.d.request("PUT", f"/api/v1/contracts/{self.cid}", body={})
        self.assertError(a, 405, "method_not_allowed")
        self.assertIn("PATCH", a.headers.get("Allow", ""))
        a = self.d.request("DELETE", "/api/v1/contracts")
        self.assertError(a, 405, "method_not_allowed")
        a = self.d.request("POST", "/api/v1/milestones", body={})
        self.assertError(a, 405, "method_not_allowed")

    def test_media_type(self):
        a = self.d.post("/api/v1/contracts", '{"name": "X"}',
                        content_type="text/plain")
        self.assertError(a, 415, "unsupported_media_type")
        a = self.d.post("/api/v1/contracts/import", "name,email,start\n",
                        content_type="application/json")
        self.assertError(a, 415, "unsupported_media_type")

    def test_bad_queries(self):
        for q, field in (("within=90x", "within"), ("from=2026-13-01", "from"),
                         ("kind=birthday", "kind"), ("scope=team:x", "scope"),
                         ("limit=0", "limit"), ("limit=5000", "limit"),
                         ("after=-1", "after"),
                         ("from=2027-01-01&to=2026-01-01", "to")):
            a = self.d.get("/api/v1/milestones?" + q)
            self.assertError(a, 400, "invalid_field", field)

    def test_csv_all_or_none(self):
        csv = ("name,email,start,renewed_until\n"
               "Good Row,good@example.org,2025-09-01,\n"
               "Bad Date,bad@example.org,2025-02-30,\n"
               "No Email,,2025-01-01,\n"
               "Too Long,long@example.org,2025-09-01,2033-08-31\n")
        a = self.d.post("/api/v1/contracts/import", csv,
                        content_type="text/csv")
        self.assertEqual(a.status, 400, a)
        errors = a.json()["errors"]
        lines = sorted((e["line"], e["field"]) for e in errors)
        self.assertIn((3, "start"), lines)
        self.assertIn((4, "email"), lines)
        csv = ("name,email,start,renewed_until\n"
               "Good Row,good@example.org,2025-09-01,\n"
               "Too Long,long@example.org,2025-09-01,2033-08-31\n")
        a = self.d.post("/api/v1/contracts/import", csv,
                        content_type="text/csv")
        self.assertEqual(a.status, 400, a)
        self.assertEqual([(e["line"], e["field"]) for e in a.json()["errors"]],
                         [(3, "renewed_until")])


if __name__ == "__main__":
    tap.main()
