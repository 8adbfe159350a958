"""What the end-to-end tests of issue 14 (test_people_*.py) share: the real
notices they send, today's date for the daemon, and the requests and checks
of a contract, its milestones and the SPEC's error answers."""
import os
import unittest
import urllib.parse


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
