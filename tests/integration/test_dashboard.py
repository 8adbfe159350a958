"""The dashboard as the daemon serves it (content types, validators, the
security headers, no token needed) and the milestone filters it relies on
(unit, manager, overdue), against the real daemon on TCP."""
import hashlib
import html.parser
import re
import unittest

import tap
from harness import Daemon

TOKEN = "dashboard-test-token-0123456789"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; "
       "connect-src 'self'; img-src 'self' data:; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")


class InlineFinder(html.parser.HTMLParser):
    """Collects what a strict CSP would block: inline scripts, style
    attributes and elements, event handler attributes, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.problems = []
        self.assets = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:...>")
        if tag == "style":
            self.problems.append("<style>")
        if tag == "script":
            if "src" not in a:
                self.problems.append("inline <script>")
            else:
                self.assets.append(a["src"])
        if tag == "link" and a.get("href", "").startswith("/assets/"):
            self.assets.append(a["href"])


class DashboardTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = Daemon(token=TOKEN, listen=True).start()

    @classmethod
    def tearDownClass(cls):
        code = cls.d.stop()
        cls.d.cleanup()
        assert code == 0, f"tenured exited with {code}"

    def tcp(self, method, path, headers=None, body=None, auth=False):
        headers = dict(headers or {})
        if auth:
            headers["Authorization"] = f"Bearer {TOKEN}"
        return self.d.request(method, path, body=body, headers=headers,
                              tcp=True)

    def test_page_without_token(self):
        a = self.tcp("GET", "/")
        self.assertEqual(a.status, 200, a)
        self.assertEqual(a.headers["Content-Type"], "text/html; charset=utf-8")
        self.assertEqual(a.headers["Content-Security-Policy"], CSP)
        self.assertEqual(a.headers["X-Content-Type-Options"], "nosniff")
        self.assertEqual(a.headers["Referrer-Policy"], "no-referrer")
        self.assertEqual(a.headers["Cache-Control"], "no-cache")
        self.assertEqual(int(a.headers["Content-Length"]), len(a.body))
        self.assertIn(b"<title>", a.body)
        # The ETag is the body's SHA-256 (its first 128 bits).
        self.assertEqual(a.headers["ETag"],
                         '"' + hashlib.sha256(a.body).hexdigest()[:32] + '"')

    def test_no_inline_code_and_assets_typed(self):
        page = self.tcp("GET", "/").body.decode()
        finder = InlineFinder()
        finder.feed(page)
        self.assertEqual(finder.problems, [])
        self.assertIn("/assets/app.js", finder.assets)
        self.assertIn("/assets/style.css", finder.assets)
        types = {".js": "text/javascript; charset=utf-8",
                 ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}
        seen = set(finder.assets)
        # Modules named by app.js's imports are served too.
        app = self.tcp("GET", "/assets/app.js").body.decode()
        seen.update("/assets/" + m for m in
                    re.findall(r"from '\./([a-z]+\.js)'", app))
        self.assertGreater(len(seen), 5)
        for path in sorted(seen):
            a = self.tcp("GET", path)
            self.assertEqual(a.status, 200, path)
            ext = path[path.rfind("."):]
            self.assertEqual(a.headers["Content-Type"], types[ext], path)
            self.assertEqual(a.headers["X-Content-Type-Options"], "nosniff")
            if ext == ".js":
                self.assertNotIn("innerHTML", a.body.decode(), path)
                self.assertNotIn("eval(", a.body.decode(), path)

    def test_conditional_and_head(self):
        a = self.tcp("GET", "/assets/style.css")
        etag = a.headers["ETag"]
        again = self.tcp("GET", "/assets/style.css",
                         headers={"If-None-Match": etag})
        self.assertEqual(again.status, 304)
        self.assertEqual(again.body, b"")
        self.assertEqual(again.headers["ETag"], etag)
        other = self.tcp("GET", "/assets/style.css",
                         headers={"If-None-Match": '"something-else"'})
        self.assertEqual(other.status, 200)
        head = self.tcp("HEAD", "/")
        self.assertEqual(head.status, 200)
        self.assertEqual(head.body, b"")
        self.assertEqual(int(head.headers["Content-Length"]),
                         len(self.tcp("GET", "/").body))
        self.assertEqual(head.headers["Content-Type"],
                         "text/html; charset=utf-8")

    def test_unknown_and_refused(self):
        self.assertEqual(self.tcp("GET", "/assets/nope.js").status, 404)
        self.assertEqual(self.tcp("GET", "/assets/../tenured.conf").status,
                         404)
        a = self.tcp("POST", "/", body=b"x",
                     headers={"Content-Type": "text/plain"})
        self.assertEqual(a.status, 405)
        self.assertEqual(a.headers["Allow"], "GET, HEAD")
        # The API itself still wants the token.
        self.assertEqual(self.tcp("GET", "/api/v1/status").status, 401)

    def create(self, body):
        a = self.d.post("/api/v1/contracts", body)
        self.assertEqual(a.status, 201, a)
        return a.json()

    def test_milestone_filters(self):
        # Today is 2026-11-23: a renewal decision of a contract started
        # 2024-01-01 fell due on 2026-06-30 and is overdue.
        old = self.create({"name": "Old Filter", "email": "old@example.org",
                           "manager_email": "Lead@Example.org",
                           "unit": "DASH", "start": "2024-01-01"})
        self.create({"name": "Other Unit", "email": "other@example.org",
                     "manager_email": "lead@example.org", "unit": "ELSE",
                     "start": "2024-01-01"})
        self.create({"name": "Other Lead", "email": "olead@example.org",
                     "manager_email": "boss2@example.org", "unit": "DASH",
                     "start": "2024-01-01"})
        q = "/api/v1/milestones?unit=DASH&manager=lead@example.org"
        a = self.tcp("GET", q, auth=True)
        self.assertEqual(a.status, 200, a)
        items = a.json()["milestones"]
        self.assertTrue(items)
        self.assertEqual({m["contract_id"] for m in items}, {old["id"]})
        for m in items:
            self.assertEqual(m["unit"], "DASH")
            self.assertEqual(m["manager_email"], "Lead@Example.org")
        over = self.tcp("GET", q + "&overdue=1", auth=True).json()
        self.assertEqual([(m["kind"], m["date"], m["overdue"])
                          for m in over["milestones"]],
                         [("renewal_decision_due", "2026-06-30", True)])
        # overdue composes with a date range and a kind.
        none = self.tcp("GET", q + "&overdue=1&from=2026-07-01", auth=True)
        self.assertEqual(none.json()["milestones"], [])
        kind = self.tcp("GET", "/api/v1/milestones?overdue=1&unit=DASH"
                        "&kind=probation_end", auth=True)
        self.assertEqual(kind.json()["milestones"], [])
        every = self.tcp("GET", "/api/v1/milestones?overdue=1&unit=DASH",
                         auth=True).json()["milestones"]
        self.assertEqual(len(every), 2)
        self.assertTrue(all(m["overdue"] for m in every))
        # Recording the decision takes it off the overdue list.
        r = self.d.post(f"/api/v1/contracts/{old['id']}/decisions",
                        {"type": "renewed", "until": "2029-12-31"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(self.tcp("GET", q + "&overdue=1", auth=True)
                         .json()["milestones"], [])
        bad = self.tcp("GET", "/api/v1/milestones?overdue=yes", auth=True)
        self.assertEqual(bad.status, 400)
        self.assertEqual(bad.json()["error"]["field"], "overdue")


if __name__ == "__main__":
    tap.main()
