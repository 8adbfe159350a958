"""Accounts and roles end to end (SPEC section 11): tokens shown once and
stored only hashed, disabled accounts and renewed tokens refused,
api_token_file as the built-in "api" account, last_used_at written with the
next write, what managers, staff and auditors reach, refused authentication
logged once a minute, tenurectl account/whoami, and sign-in through a
trusted single-sign-on proxy."""
import json
import os
import secrets
import subprocess

import accounts_common
import tap
from accounts_common import (API_TOKEN, TOKEN_RE, UNIX_ACTOR, db_bytes,
                             db_query, tcp)
from harness import Daemon, TENURECTL


class AccountTest(accounts_common.AccountBase):
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


class RefusalLogTest(accounts_common.Base):
    """A daemon of its own, so that its log holds only these refusals."""

    @classmethod
    def setUpClass(cls):
        cls.d = Daemon(listen=True).start()

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




class ProxyTest(accounts_common.Base):
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
