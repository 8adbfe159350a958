"""Accounts, roles and the audit log end to end (SPEC section 11): tokens
shown once and stored only hashed, disabled accounts and renewed tokens
refused, api_token_file as the built-in "api" account, last_used_at
written with the next write, what managers, staff and auditors reach,
refused authentication logged once a minute, the audit entry of every
kind of write, the history of a contract, tenurectl account/audit/whoami,
and sign-in through a trusted single-sign-on proxy."""
import base64
import glob
import http.client
import json
import os
import pwd
import re
import secrets
import sqlite3
import subprocess
import time
import unittest

import tap
from harness import TENURECTL, Answer, Daemon
from rules import others_off

HERE = os.path.dirname(os.path.abspath(__file__))
NOTICE = os.path.join(HERE, "..", "data", "notices", "real",
                      "000_3fb8d09a3868ea97.txt")
API_TOKEN = "tnrd_" + base64.urlsafe_b64encode(
    b"the api_token_file token, 32 b!!").decode().rstrip("=")
TOKEN_RE = re.compile(r"tnrd_[A-Za-z0-9_-]{43}")
UNIX_ACTOR = "unix:" + pwd.getpwuid(os.getuid()).pw_name


def tcp(d, method, path, token=None, body=None, headers=None,
        content_type="application/json", source=None):
    """A request over the daemon's TCP listener, from source (an address
    to bind) when given."""
    headers = dict(headers or {})
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
    elif isinstance(body, str):
        body = body.encode()
    if body is not None and content_type:
        headers.setdefault("Content-Type", content_type)
    conn = http.client.HTTPConnection(
        "127.0.0.1", d.listen_port, timeout=30,
        source_address=(source, 0) if source else None)
    try:
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        return Answer(resp.status, dict(resp.getheaders()), resp.read())
    finally:
        conn.close()


def db_bytes(d):
    """The database as bytes on disk, its write-ahead log included."""
    out = b""
    for p in glob.glob(d.database + "*"):
        with open(p, "rb") as f:
            out += f.read()
    return out


def db_query(d, sql, *args):
    db = sqlite3.connect(f"file:{d.database}?mode=ro", uri=True)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


class Base(unittest.TestCase):
    d = None

    def ok(self, answer, status=200):
        self.assertEqual(answer.status, status, answer)
        return answer.json()

    def account(self, name, role, email=None, **more):
        body = {"name": name, "role": role}
        if email:
            body["email"] = email
        body.update(more)
        a = self.ok(self.d.post("/api/v1/accounts", body), 201)
        return a["token"]

    def contract(self, name, email, manager=None, token=None, **more):
        body = {"name": name, "email": email, "start": "2025-09-01"}
        if manager:
            body["manager_email"] = manager
        body.update(more)
        if token is None:
            return self.ok(self.d.post("/api/v1/contracts", body), 201)
        return self.ok(tcp(self.d, "POST", "/api/v1/contracts", token,
                           body), 201)

    def audit(self, query, token=None):
        path = "/api/v1/audit?" + query
        a = tcp(self.d, "GET", path, token) if token else self.d.get(path)
        return self.ok(a)["entries"]


class AccountTest(Base):
    @classmethod
    def setUpClass(cls):
        cls.d = Daemon(listen=True, token=API_TOKEN).start()
        cls.url = f"http://127.0.0.1:{cls.d.listen_port}"

    @classmethod
    def tearDownClass(cls):
        code = cls.d.stop()
        cls.d.cleanup()
        assert code == 0, f"tenured exited with {code}"

    def me(self, token, status=200):
        a = tcp(self.d, "GET", "/api/v1/me", token)
        self.assertEqual(a.status, status, a)
        return a.json()

    def token_file(self, token):
        path = os.path.join(self.d.dir, f"token-{secrets.token_hex(4)}")
        with open(path, "w") as f:
            f.write(token + "\n")
        return path

    # Tokens.

    def test_token_shown_once_and_stored_hashed(self):
        a = self.d.post("/api/v1/accounts", {"name": "once", "role": "hr",
                                             "email": "once@example.org"})
        self.assertEqual(a.status, 201, a)
        acc = a.json()
        token = acc["token"]
        self.assertEqual(len(token), 48)
        self.assertRegex(token, r"^tnrd_[A-Za-z0-9_-]{43}$")
        for field in ("name", "role", "email", "language", "disabled",
                      "created_at", "last_used_at"):
            self.assertIn(field, acc)
        self.assertEqual((acc["name"], acc["role"], acc["disabled"]),
                         ("once", "hr", False))
        listed = self.d.get("/api/v1/accounts")
        self.assertEqual(listed.status, 200, listed)
        self.assertNotIn(token.encode(), listed.body)
        accounts = {x["name"]: x for x in listed.json()["accounts"]}
        self.assertIn("once", accounts)
        self.assertNotIn("token", accounts["once"])
        names = [x["name"] for x in listed.json()["accounts"]]
        self.assertEqual(names, sorted(names), "by name")
        self.assertEqual(self.me(token)["name"], "once")
        self.assertNotIn(token.encode(), db_bytes(self.d),
                         "the token itself is in the database file")
        a = self.d.post("/api/v1/accounts", {"name": "once", "role": "hr"})
        self.assertEqual(a.status, 409, a)
        self.assertEqual(a.json()["error"]["code"], "conflict")

    def test_token_works_over_tcp_and_whoami(self):
        token = self.account("who", "auditor", "who@example.org")
        me = self.me(token)
        self.assertEqual((me["name"], me["role"], me["email"], me["via"]),
                         ("who", "auditor", "who@example.org", "token"))
        self.assertRegex(me["today"], r"^\d{4}-\d\d-\d\d$")
        p = subprocess.run([TENURECTL, "--url", self.url, "--token-file",
                            self.token_file(token), "whoami"],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("who", p.stdout)
        self.assertIn("auditor", p.stdout)
        p = subprocess.run([TENURECTL, "--url", self.url, "--token-file",
                            self.token_file(token), "--json", "whoami"],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(json.loads(p.stdout)["name"], "who")
        code, out, err = self.d.ctl("whoami")
        self.assertEqual(code, 0, err)
        self.assertIn(UNIX_ACTOR, out)

    def test_no_or_bad_token_is_401(self):
        a = tcp(self.d, "GET", "/api/v1/me")
        self.assertEqual(a.status, 401, a)
        self.assertEqual(a.json()["error"]["code"], "unauthorized")
        for value in ("Bearer " + "tnrd_" + "A" * 43, "Bearer ",
                      "Bearer \t  ", "Bearer", "Basic dXNlcjpwYXNz", "   "):
            a = tcp(self.d, "GET", "/api/v1/me",
                    headers={"Authorization": value})
            self.assertEqual(a.status, 401, f"{value!r}: {a}")

    def test_disabled_then_enabled(self):
        token = self.account("toggle", "hr")
        self.me(token)
        a = self.d.request("PATCH", "/api/v1/accounts/toggle",
                           body={"disabled": True})
        self.assertIs(self.ok(a)["disabled"], True)
        a = tcp(self.d, "GET", "/api/v1/me", token)
        self.assertEqual(a.status, 401, a)
        a = tcp(self.d, "GET", "/api/v1/contracts", token)
        self.assertEqual(a.status, 401, a)
        a = self.d.request("PATCH", "/api/v1/accounts/toggle",
                           body={"disabled": False})
        self.assertIs(self.ok(a)["disabled"], False)
        self.assertEqual(self.me(token)["name"], "toggle")

    def test_token_renewal(self):
        old = self.account("renew", "hr")
        self.me(old)
        a = self.ok(self.d.post("/api/v1/accounts/renew/token", None))
        new = a["token"]
        self.assertRegex(new, TOKEN_RE)
        self.assertNotEqual(new, old)
        self.assertEqual(a["name"], "renew")
        self.me(old, 401)
        self.assertEqual(self.me(new)["name"], "renew")
        a = self.d.post("/api/v1/accounts/nobody-here/token", None)
        self.assertEqual(a.status, 404, a)

    def test_api_token_file_is_admin_account_api(self):
        me = self.me(API_TOKEN)
        self.assertEqual((me["name"], me["role"], me["via"]),
                         ("api", "admin", "token"))
        a = tcp(self.d, "GET", "/api/v1/accounts", API_TOKEN)
        self.assertEqual(a.status, 200, a)

    def test_last_used_at_written_with_next_write(self):
        token = self.account("lastuse", "auditor")

        def stored():
            rows = db_query(self.d, "SELECT last_used_at FROM accounts "
                            "WHERE name = 'lastuse'")
            self.assertEqual(len(rows), 1)
            return rows[0][0]

        self.assertIsNone(stored())
        listed = {x["name"]: x for x in
                  self.d.get("/api/v1/accounts").json()["accounts"]}
        self.assertIsNone(listed["lastuse"]["last_used_at"])
        for _ in range(3):
            self.me(token)
            tcp(self.d, "GET", "/api/v1/contracts", token)
        self.assertIsNone(stored(), "a read wrote last_used_at at once")
        listed = {x["name"]: x for x in
                  self.d.get("/api/v1/accounts").json()["accounts"]}
        self.assertIsNotNone(listed["lastuse"]["last_used_at"],
                             "the API shows the use kept in memory")
        self.contract("Last Use Write", "lastuse.write@example.org")
        self.assertIsNotNone(stored(), "not written with the next write")

    # What each role reaches.

    def test_manager_sees_only_their_team(self):
        mgr = "team.boss@example.org"
        token = self.account("teamboss", "manager", mgr)
        mine = {self.contract("Team Alpha", "alpha@example.org", mgr)["id"],
                self.contract("Team Beta", "beta@example.org",
                              mgr.upper())["id"]}
        other = self.contract("Outsider Gamma", "gamma@example.org",
                              "someone.else@example.org")["id"]
        got = self.ok(tcp(self.d, "GET", "/api/v1/contracts?limit=1000",
                          token))
        self.assertEqual({c["id"] for c in got["contracts"]}, mine)
        ms = self.ok(tcp(self.d, "GET",
                         "/api/v1/milestones?within=3650d&limit=1000",
                         token))["milestones"]
        self.assertTrue(ms)
        self.assertEqual({m["contract_id"] for m in ms}, mine)
        a = tcp(self.d, "GET", "/api/v1/export", token)
        self.assertEqual(a.status, 200, a)
        self.assertTrue(a.headers.get("Content-Type", "").startswith(
            "text/calendar"), a.headers)
        ics = a.body.decode()
        self.assertIn("BEGIN:VCALENDAR", ics)
        self.assertIn("Team Alpha", ics)
        self.assertIn("Team Beta", ics)
        self.assertNotIn("Outsider Gamma", ics)
        a = tcp(self.d, "GET", "/api/v1/export?scope=all", token)
        self.assertNotIn(b"Outsider Gamma", a.body, a)
        a = tcp(self.d, "GET", f"/api/v1/contracts/{other}", token)
        self.assertEqual(a.status, 404, a)
        self.assertEqual(a.json()["error"]["code"], "not_found")
        a = tcp(self.d, "GET", f"/api/v1/contracts/{min(mine)}", token)
        self.assertEqual(a.status, 200, a)

    def test_manager_feeds_of_own_scope_only(self):
        mgr = "feed.boss@example.org"
        token = self.account("feedboss", "manager", mgr)
        a = tcp(self.d, "POST", "/api/v1/feeds", token,
                {"scope": "manager:other.boss@example.org", "name": "theirs"})
        self.assertEqual(a.status, 403, a)
        self.assertEqual(a.json()["error"]["code"], "forbidden")
        a = tcp(self.d, "POST", "/api/v1/feeds", token,
                {"scope": "all", "name": "everyone"})
        self.assertEqual(a.status, 403, a)
        a = tcp(self.d, "POST", "/api/v1/feeds", token,
                {"scope": f"manager:{mgr}", "name": "mine"})
        self.assertEqual(a.status, 201, a)
        feed = a.json()
        listed = self.ok(tcp(self.d, "GET", "/api/v1/feeds", token))["feeds"]
        self.assertEqual([f["id"] for f in listed], [feed["id"]])

    def test_staff_sees_only_own_contract(self):
        email = "solo.staff@example.org"
        token = self.account("solostaff", "staff", email)
        own = self.contract("Solo Staff", email, "solo.boss@example.org")
        other = self.contract("Not Solo", "not.solo@example.org",
                              "solo.boss@example.org")
        got = self.ok(tcp(self.d, "GET", "/api/v1/contracts?limit=1000",
                          token))
        self.assertEqual([c["id"] for c in got["contracts"]], [own["id"]])
        self.ok(tcp(self.d, "GET", f"/api/v1/contracts/{own['id']}", token))
        a = tcp(self.d, "GET", f"/api/v1/contracts/{other['id']}", token)
        self.assertEqual(a.status, 404, a)
        ms = self.ok(tcp(self.d, "GET",
                         "/api/v1/milestones?within=3650d&limit=1000",
                         token))["milestones"]
        self.assertEqual({m["contract_id"] for m in ms}, {own["id"]})
        a = tcp(self.d, "POST", "/api/v1/feeds", token,
                {"scope": f"person:{email}", "name": "my-own"})
        self.assertEqual(a.status, 201, a)
        a = tcp(self.d, "POST", "/api/v1/feeds", token,
                {"scope": "person:not.solo@example.org", "name": "theirs"})
        self.assertEqual(a.status, 403, a)

    def test_auditor_reads_but_writes_nothing(self):
        token = self.account("readonly", "auditor")
        self.ok(tcp(self.d, "GET", "/api/v1/audit", token))
        self.ok(tcp(self.d, "GET", "/api/v1/contracts", token))
        self.ok(tcp(self.d, "GET", "/api/v1/outbox", token))
        a = tcp(self.d, "POST", "/api/v1/contracts", token,
                {"name": "Nope", "email": "nope@example.org",
                 "start": "2025-09-01"})
        self.assertEqual(a.status, 403, a)
        self.assertEqual(a.json()["error"]["code"], "forbidden")
        listed = self.ok(self.d.get("/api/v1/contracts?limit=1000"))
        self.assertNotIn("nope@example.org",
                         [c["email"] for c in listed["contracts"]])
        self.assertEqual(self.audit("actor=readonly"), [])

    # The audit log.

    def entry(self, action, entity_id=None, query="limit=1000"):
        """The newest entry of action (for entity_id when given)."""
        for e in self.audit(query):
            if e["action"] == action and (entity_id is None or
                                          e["entity_id"] == entity_id):
                return e
        self.fail(f"no {action} entry for {entity_id}")

    def test_audit_contract_writes_via_token(self):
        token = self.account("clerk", "hr")
        c = self.contract("Audit Created", "audit.created@example.org",
                          token=token, unit="OLD")
        e = self.entry("contract.created", c["id"])
        self.assertEqual((e["actor"], e["via"], e["entity"],
                          e["contract_id"]),
                         ("clerk", "token", "contract", c["id"]))
        self.assertTrue(e["summary"])
        self.assertRegex(e["at"], r"^\d{4}-\d\d-\d\dT")
        a = tcp(self.d, "PATCH", f"/api/v1/contracts/{c['id']}", token,
                {"unit": "NEW"})
        self.ok(a)
        e = self.entry("contract.corrected", c["id"])
        self.assertEqual(e["changes"], {"unit": ["OLD", "NEW"]})
        self.assertEqual((e["actor"], e["via"], e["contract_id"]),
                         ("clerk", "token", c["id"]))
        # Decisions: recorded and revoked by the same actor.
        a = tcp(self.d, "POST", f"/api/v1/contracts/{c['id']}/decisions",
                token, {"type": "renewed", "until": "2031-08-31"})
        dec = self.ok(a, 201)["decision"]
        self.assertEqual(dec["recorded_by"], "clerk")
        e = self.entry("decision.recorded", dec["id"])
        self.assertEqual((e["actor"], e["entity"], e["contract_id"]),
                         ("clerk", "decision", c["id"]))
        a = tcp(self.d, "DELETE",
                f"/api/v1/contracts/{c['id']}/decisions/{dec['id']}", token)
        after = self.ok(a)
        self.assertEqual(after["decisions"][0]["revoked_by"], "clerk")
        e = self.entry("decision.revoked", dec["id"])
        self.assertEqual((e["actor"], e["entity"], e["contract_id"]),
                         ("clerk", "decision", c["id"]))

    def test_audit_import_one_entry_per_contract(self):
        token = self.account("importer", "hr")
        csv = ("name,email,manager_email,start,renewed_until\n"
               "Imp One,imp.one@example.org,,2025-09-01,\n"
               "Imp Two,imp.two@example.org,,2025-09-01,2031-08-31\n")
        a = tcp(self.d, "POST", "/api/v1/contracts/import", token, csv,
                content_type="text/csv")
        ids = self.ok(a, 201)["ids"]
        self.assertEqual(len(ids), 2)
        entries = [e for e in self.audit("entity=contract&actor=importer")
                   if e["action"] == "contract.imported"]
        self.assertEqual(sorted(e["entity_id"] for e in entries),
                         sorted(ids))
        for e in entries:
            self.assertEqual(e["contract_id"], e["entity_id"])
            self.assertEqual(e["via"], "token")
        two = self.ok(self.d.get(f"/api/v1/contracts/{ids[1]}"))
        self.assertEqual(two["decisions"][0]["recorded_by"], "importer")

    def test_audit_vacancy_feed_backup(self):
        token = self.account("keeper", "admin")
        with open(NOTICE, encoding="utf-8") as f:
            notice = f.read()
        a = tcp(self.d, "POST", "/api/v1/vacancies", token, notice,
                content_type="text/plain")
        v = self.ok(a, 201)
        e = self.entry("vacancy.imported", query="entity=vacancy")
        self.assertEqual((e["actor"], e["via"], e["entity"]),
                         ("keeper", "token", "vacancy"))
        self.assertIn(v["reference"], e["summary"])
        feed = self.ok(tcp(self.d, "POST", "/api/v1/feeds", token,
                           {"scope": "all", "name": "audited"}), 201)
        self.ok(tcp(self.d, "POST", f"/api/v1/feeds/{feed['id']}/rotate",
                    token))
        self.ok(tcp(self.d, "DELETE", f"/api/v1/feeds/{feed['id']}", token))
        got = [e["action"] for e in
               self.audit(f"entity=feed:{feed['id']}")]
        self.assertEqual(got, ["feed.revoked", "feed.rotated",
                               "feed.created"])
        for e in self.audit(f"entity=feed:{feed['id']}"):
            self.assertEqual((e["actor"], e["entity_id"]),
                             ("keeper", feed["id"]))
        a = tcp(self.d, "GET", "/api/v1/backup", token)
        self.assertEqual(a.status, 200, a)
        self.assertTrue(a.body.startswith(b"SQLite format 3"))
        e = self.entry("backup.taken", query="entity=backup")
        self.assertEqual((e["actor"], e["via"]), ("keeper", "token"))

    def test_audit_account_writes(self):
        admin = self.account("chief", "admin")
        a = tcp(self.d, "POST", "/api/v1/accounts", admin,
                {"name": "subject", "role": "staff"})
        self.ok(a, 201)
        self.ok(tcp(self.d, "PATCH", "/api/v1/accounts/subject", admin,
                    {"role": "auditor", "email": "subject@example.org"}))
        renewed = self.ok(tcp(self.d, "POST", "/api/v1/accounts/subject/token",
                              admin))
        entries = self.audit("entity=account&actor=chief")
        self.assertEqual([e["action"] for e in entries],
                         ["account.token_renewed", "account.changed",
                          "account.created"])
        changed = entries[1]
        self.assertEqual(changed["changes"]["role"], ["staff", "auditor"])
        self.assertEqual(changed["changes"]["email"],
                         [None, "subject@example.org"])
        for e in entries:
            self.assertEqual((e["entity"], e["via"]), ("account", "token"))
        text = json.dumps(self.audit("limit=1000"))
        self.assertNotIn(renewed["token"], text, "a token in the audit log")

    def test_socket_writes_are_unix_user(self):
        c = self.contract("Socket Writer", "socket.writer@example.org")
        e = self.entry("contract.created", c["id"])
        self.assertEqual((e["actor"], e["via"]), (UNIX_ACTOR, "socket"))
        self.account("by-socket", "staff")
        e = self.entry("account.created", query="entity=account")
        self.assertEqual((e["actor"], e["via"]), (UNIX_ACTOR, "socket"))
        a = self.d.post(f"/api/v1/contracts/{c['id']}/decisions",
                        {"type": "renewed", "until": "2031-08-31"})
        self.assertEqual(self.ok(a, 201)["decision"]["recorded_by"],
                         UNIX_ACTOR)

    def test_contract_history_paging_and_actor(self):
        token = self.account("historian", "hr")
        c = self.contract("History Person", "history@example.org",
                          unit="A")
        other = self.contract("Not History", "nothistory@example.org")
        self.ok(tcp(self.d, "PATCH", f"/api/v1/contracts/{c['id']}", token,
                    {"unit": "B"}))
        self.ok(tcp(self.d, "PATCH", f"/api/v1/contracts/{other['id']}",
                    token, {"unit": "Z"}))
        dec = self.ok(tcp(self.d, "POST",
                          f"/api/v1/contracts/{c['id']}/decisions", token,
                          {"type": "renewed", "until": "2031-08-31"}),
                      201)["decision"]
        self.ok(tcp(self.d, "DELETE",
                    f"/api/v1/contracts/{c['id']}/decisions/{dec['id']}",
                    token))
        hist = self.audit(f"entity=contract:{c['id']}", token)
        self.assertEqual([e["action"] for e in hist],
                         ["decision.revoked", "decision.recorded",
                          "contract.corrected", "contract.created"])
        ids = [e["id"] for e in hist]
        self.assertEqual(ids, sorted(ids, reverse=True), "newest first")
        for e in hist:
            self.assertEqual(e["contract_id"], c["id"])
        # Paging: one at a time.
        seen, after = [], None
        for _ in range(10):
            q = f"entity=contract:{c['id']}&limit=1"
            if after is not None:
                q += f"&after={after}"
            page = self.ok(self.d.get("/api/v1/audit?" + q))
            self.assertLessEqual(len(page["entries"]), 1)
            seen += [e["id"] for e in page["entries"]]
            after = page["next_after"]
            if after is None:
                break
        self.assertEqual(seen, ids)
        mine = self.audit(f"entity=contract:{c['id']}&actor=historian")
        self.assertEqual([e["action"] for e in mine],
                         ["decision.revoked", "decision.recorded",
                          "contract.corrected"])
        sock = self.audit(f"entity=contract:{c['id']}&actor={UNIX_ACTOR}")
        self.assertEqual([e["action"] for e in sock], ["contract.created"])
        a = self.d.get("/api/v1/audit?entity=nonsense")
        self.assertEqual(a.status, 400, a)
        # tenurectl audit --contract prints the entries.
        code, out, err = self.d.ctl("audit", "--contract", str(c["id"]))
        self.assertEqual(code, 0, err)
        for action in ("decision.revoked", "decision.recorded",
                       "contract.corrected", "contract.created"):
            self.assertIn(action, out)
        self.assertIn("historian", out)
        self.assertNotIn("Not History", out)
        code, out, err = self.d.ctl("--json", "audit", "--contract",
                                    str(c["id"]), "--actor", "historian")
        self.assertEqual(code, 0, err)
        self.assertEqual(len(json.loads(out)["entries"]), 3)

    # tenurectl account.

    def test_tenurectl_account_commands(self):
        code, out, err = self.d.ctl("account", "add", "cli-person",
                                    "--role", "manager", "--email",
                                    "cli.person@example.org", "--language",
                                    "fr")
        self.assertEqual(code, 0, err)
        token = out.strip().splitlines()[-1].strip()
        self.assertRegex(token, r"^" + TOKEN_RE.pattern + r"$", out)
        me = self.me(token)
        self.assertEqual((me["name"], me["role"], me["language"]),
                         ("cli-person", "manager", "fr"))
        code, out, err = self.d.ctl("account", "add", "cli-person",
                                    "--role", "hr")
        self.assertEqual(code, 1, out)
        self.assertIn("conflict", err)
        self.assertIn("cli-person", err)
        self.assertEqual(out.strip(), "")
        code, out, err = self.d.ctl("account", "list")
        self.assertEqual(code, 0, err)
        self.assertIn("cli-person", out)
        self.assertIn("manager", out)
        self.assertNotIn(token, out)
        code, out, err = self.d.ctl("account", "edit", "cli-person",
                                    "--role", "staff", "--disable")
        self.assertEqual(code, 0, err)
        self.me(token, 401)
        code, out, err = self.d.ctl("--json", "account", "list")
        self.assertEqual(code, 0, err)
        accs = {x["name"]: x for x in json.loads(out)["accounts"]}
        self.assertEqual((accs["cli-person"]["role"],
                          accs["cli-person"]["disabled"]), ("staff", True))
        code, out, err = self.d.ctl("account", "edit", "cli-person",
                                    "--enable")
        self.assertEqual(code, 0, err)
        self.assertEqual(self.me(token)["role"], "staff")
        code, out, err = self.d.ctl("account", "token", "cli-person")
        self.assertEqual(code, 0, err)
        new = out.strip().splitlines()[-1].strip()
        self.assertRegex(new, r"^" + TOKEN_RE.pattern + r"$", out)
        self.me(token, 401)
        self.assertEqual(self.me(new)["name"], "cli-person")
        code, out, err = self.d.ctl("account", "edit", "nobody-at-all",
                                    "--disable")
        self.assertEqual(code, 1, out)
        self.assertTrue(err.strip())


class RefusalLogTest(Base):
    """A daemon of its own, so that its log holds only these refusals."""

    @classmethod
    def setUpClass(cls):
        cls.d = Daemon(listen=True).start()

    @classmethod
    def tearDownClass(cls):
        code = cls.d.stop()
        cls.d.cleanup()
        assert code == 0, f"tenured exited with {code}"

    def test_refusals_logged_once_a_minute_without_the_token(self):
        tokens = ["tnrd_" + secrets.token_urlsafe(32)[:43] for _ in range(20)]
        for t in tokens:
            a = tcp(self.d, "GET", "/api/v1/contracts", t)
            self.assertEqual(a.status, 401, a)
            self.assertEqual(a.json()["error"]["code"], "unauthorized")
        a = tcp(self.d, "GET", "/api/v1/me",
                headers={"Authorization": "Bearer    "})
        self.assertEqual(a.status, 401, a)
        # The daemon writes its log line before it answers.
        log = self.d.log()
        lines = [l for l in log.splitlines()
                 if "refused authentication" in l]
        self.assertEqual(len(lines), 1, log)
        self.assertIn("127.0.0.1", lines[0])
        for t in tokens:
            self.assertNotIn(t, log)
            self.assertNotIn(t[5:], log)


class OutboxAuditTest(Base):
    """A delivery that fails (nothing listens at the webhook's address)
    is retrying; an HR account asks for it again."""

    @classmethod
    def setUpClass(cls):
        cls.d = Daemon(listen=True, now="2026-11-23T10:00:00Z")
        s = __import__("socket").socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        secret = os.path.join(cls.d.dir, "hook.secret")
        with open(secret, "w") as f:
            f.write("whsec_" + base64.b64encode(b"x" * 32).decode() + "\n")
        lines = ["[reminders]", "send_time = 09:00", "hr = hr@example.org",
                 "renewal_decision_due = 30d,7d,+7d -> hr via webhook:hook"]
        lines += others_off("renewal_decision_due")
        lines += ["[webhook.hook]", f"url = http://127.0.0.1:{port}/hook",
                  f"secret_file = {secret}", "timeout = 1s"]
        cls.d.write_config("\n".join(lines) + "\n")
        cls.d.start()

    @classmethod
    def tearDownClass(cls):
        code = cls.d.stop()
        cls.d.cleanup()
        assert code == 0, f"tenured exited with {code}"

    def failing_row(self):
        self.contract("Jane Doe", "jane@example.org", "boss@example.org",
                      start="2024-06-01")
        end = time.time() + 20
        while time.time() < end:
            rows = self.ok(self.d.get("/api/v1/outbox"))["outbox"]
            for r in rows:
                if r["status"] in ("retrying", "dead"):
                    return r
            time.sleep(0.1)
        self.fail(f"no retrying or dead delivery: {rows}")

    def test_outbox_retry_is_audited(self):
        token = self.account("dispatcher", "hr")
        row = self.failing_row()
        a = tcp(self.d, "POST", f"/api/v1/outbox/{row['id']}/retry", token)
        self.assertEqual(a.status, 200, a)
        entries = self.audit("entity=outbox")
        stored = db_query(self.d, "SELECT action, entity_id FROM audit "
                          "WHERE entity = 'outbox'")
        self.assertEqual(len(entries), 1, f"API {entries}, table {stored}")
        e = entries[0]
        self.assertEqual((e["action"], e["actor"], e["via"], e["entity_id"]),
                         ("outbox.retried", "dispatcher", "token", row["id"]))

    def test_retry_of_no_such_row(self):
        token = self.account("nobody-retry", "hr")
        before = len(self.audit("entity=outbox&limit=1000"))
        a = tcp(self.d, "POST", "/api/v1/outbox/999999/retry", token)
        after = len(self.audit("entity=outbox&limit=1000"))
        self.assertEqual(after, before, "a refused retry left an entry")
        self.assertEqual(a.status, 404, a)


class ProxyTest(Base):
    """Single sign-on: a trusted proxy names the account in a header."""

    @classmethod
    def setUpClass(cls):
        cls.d = Daemon(listen=True, config="[auth]\ntrusted_proxy = "
                       "127.0.0.1\nuser_header = X-Remote-User\n").start()
        d = cls.d
        for body in ({"name": "sso-hr", "role": "hr",
                      "email": "sso.hr@example.org"},
                     {"name": "sso-off", "role": "hr"}):
            a = d.post("/api/v1/accounts", body)
            assert a.status == 201, a
        a = d.request("PATCH", "/api/v1/accounts/sso-off",
                      body={"disabled": True})
        assert a.status == 200, a

    @classmethod
    def tearDownClass(cls):
        code = cls.d.stop()
        cls.d.cleanup()
        assert code == 0, f"tenured exited with {code}"

    def user(self, name, method="GET", path="/api/v1/me", body=None,
             source=None, headers=None):
        h = {"X-Remote-User": name}
        h.update(headers or {})
        return tcp(self.d, method, path, body=body, headers=h, source=source)

    def test_trusted_proxy_names_the_account(self):
        me = self.ok(self.user("sso-hr"))
        self.assertEqual((me["name"], me["role"], me["via"], me["email"]),
                         ("sso-hr", "hr", "proxy", "sso.hr@example.org"))

    def test_unknown_and_disabled_are_401(self):
        for name in ("no-such-person", "sso-off", "Bad Name!"):
            a = self.user(name)
            self.assertEqual(a.status, 401, f"{name}: {a}")

    def test_header_from_untrusted_address(self):
        a = self.user("sso-hr", source="127.0.0.2")
        self.assertEqual(a.status, 401, a)
        self.assertIn("refused authentication from 127.0.0.2", self.d.log())

    def test_cross_site_write_refused(self):
        body = {"name": "Via Proxy", "email": "via.proxy@example.org",
                "start": "2025-09-01"}
        a = self.user("sso-hr", "POST", "/api/v1/contracts", body,
                      headers={"Sec-Fetch-Site": "cross-site"})
        self.assertEqual(a.status, 403, a)
        self.assertEqual(a.json()["error"]["code"], "forbidden")
        a = self.user("sso-hr", "POST", "/api/v1/contracts", body,
                      headers={"Sec-Fetch-Site": "same-origin"})
        self.assertEqual(a.status, 201, a)
        c = a.json()
        e = self.audit(f"entity=contract:{c['id']}")[0]
        self.assertEqual((e["action"], e["actor"], e["via"]),
                         ("contract.created", "sso-hr", "proxy"))


if __name__ == "__main__":
    tap.main()
