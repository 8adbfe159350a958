"""Every route with every role against the real daemon: each row of
tests/data/route-roles.tsv is sent over TCP with the bearer token of each
role (none for anonymous) and the status compared with the table (SPEC
section 11). One TAP line per row."""
import json
import os
import re
import sys
import traceback

from harness import Daemon

HERE = os.path.dirname(os.path.abspath(__file__))
TABLE = os.path.join(HERE, "..", "data", "route-roles.tsv")
NOTICE = os.path.join(HERE, "..", "data", "notices", "real",
                      "000_3fb8d09a3868ea97.txt")
ROLES = ("admin", "hr", "auditor", "manager", "staff", "anonymous")

BOSS = "boss@example.org"
OWN_EMAIL = "own.person@example.org"

CSV = ("name,email,manager_email,start\n"
       "Imported Person {n},imported{n}@example.org,elsewhere@example.org,"
       "2025-01-06\n")


def read_table():
    rows = []
    with open(TABLE, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) != 2 + len(ROLES):
                raise AssertionError(f"bad row in {TABLE}: {line!r}")
            rows.append((cells[0], cells[1], dict(zip(ROLES, cells[2:]))))
    return rows


class Fixtures:
    """The accounts and objects the table's placeholders name, made over
    the Unix socket (admin)."""

    def __init__(self, d):
        self.d = d
        self.n = 0
        self.tokens = {}
        with open(NOTICE, encoding="utf-8") as f:
            self.notice = f.read()
        for role, email in (("admin", None), ("hr", None), ("auditor", None),
                            ("manager", BOSS), ("staff", OWN_EMAIL)):
            body = {"name": f"role-{role}", "role": role}
            if email:
                body["email"] = email
            a = self.ok(d.post("/api/v1/accounts", body), 201)
            self.tokens[role] = a["token"]
        self.account = self.ok(d.post("/api/v1/accounts",
                                      {"name": "spare", "role": "hr"}),
                               201)["name"]
        v = self.ok(d.post("/api/v1/vacancies", self.notice,
                           content_type="text/plain"), 201)
        self.ref = v["reference"]
        self.own = self.ok(d.post("/api/v1/contracts", {
            "name": "Own Person", "email": OWN_EMAIL, "manager_email": BOSS,
            "start": "2025-09-01"}), 201)["id"]
        self.other = self.ok(d.post("/api/v1/contracts", {
            "name": "Other Person", "email": "other.person@example.org",
            "manager_email": "otherboss@example.org",
            "start": "2025-09-01"}), 201)["id"]
        self.feed_own = self.feed(f"manager:{BOSS}")[0]
        self.feed_other, self.feed_token = self.feed("all")

    def ok(self, answer, status):
        if answer.status != status:
            raise AssertionError(f"fixture: expected {status}, got {answer}")
        return answer.json()

    def feed(self, scope):
        self.n += 1
        f = self.ok(self.d.post("/api/v1/feeds", {
            "scope": scope, "name": f"fixture-{self.n}"}), 201)
        m = re.search(r"/feeds/([^/]+)\.ics$", f["url"])
        if m is None:
            raise AssertionError(f"feed URL without its token: {f}")
        return f["id"], m.group(1)

    def path(self, method, template, role):
        """The row's path with its placeholders; a destructive request on a
        feed gets a fresh feed of the same scope, so later rows still find
        theirs."""
        values = {"own": self.own, "other": self.other, "ref": self.ref,
                  "account": self.account, "feed_own": self.feed_own,
                  "feed_other": self.feed_other,
                  "feed_token": self.feed_token}
        if method in ("POST", "DELETE"):
            if "{feed_own}" in template:
                values["feed_own"] = self.feed(f"manager:{BOSS}")[0]
            if "{feed_other}" in template:
                values["feed_other"] = self.feed("all")[0]
        return template.format(**values)

    def body(self, method, path, role):
        """A plausible body and its Content-Type for a write."""
        self.n += 1
        n = self.n
        if method not in ("POST", "PATCH"):
            return None, None
        if path == "/api/v1/contracts/import":
            return CSV.format(n=n), "text/csv"
        if path == "/api/v1/vacancies":
            return self.notice, "text/plain"
        if path == "/api/v1/accounts":
            return {"name": f"made-{n}", "role": "staff"}, "application/json"
        if re.fullmatch(r"/api/v1/accounts/[^/]+", path):
            return {"language": "fr"}, "application/json"
        if path == "/api/v1/contracts":
            return {"name": f"Made {n}", "email": f"made{n}@example.org",
                    "start": "2025-09-01"}, "application/json"
        if re.fullmatch(r"/api/v1/contracts/\d+", path):
            return {"unit": f"UNIT{n}"}, "application/json"
        if path.endswith("/decisions"):
            # The first is recorded, the next refused (409): both allowed.
            return {"type": "renewed", "until": "2031-08-31"}, \
                "application/json"
        if path == "/api/v1/feeds":
            scope = {"manager": f"manager:{BOSS}",
                     "staff": f"person:{OWN_EMAIL}"}.get(role, "all")
            return {"scope": scope, "name": f"made-{n}"}, "application/json"
        if path == "/api/v1/reminders/test":
            return {"channel": "email"}, "application/json"
        if path.endswith("/rotate") or path.endswith("/token") or \
                path.endswith("/retry"):
            return None, None
        return {}, "application/json"


def agrees(expected, status):
    if expected == "ok":
        return status not in (401, 403)
    return status == int(expected)


def main():
    rows = read_table()
    d = Daemon(listen=True).start()
    n = 0
    pairs = 0
    failed = False
    try:
        fx = Fixtures(d)
        for method, template, expect in rows:
            n += 1
            bad = []
            try:
                for role in ROLES:
                    path = fx.path(method, template, role)
                    body, ctype = fx.body(method, path, role)
                    headers = {}
                    if role != "anonymous":
                        headers["Authorization"] = f"Bearer {fx.tokens[role]}"
                    a = d.request(method, path, body=body, headers=headers,
                                  tcp=True, content_type=ctype)
                    pairs += 1
                    if not agrees(expect[role], a.status):
                        bad.append(f"{role}: expected {expect[role]}, got "
                                   f"{a.status} {a.body[:200]!r}")
            except Exception:
                bad.append(traceback.format_exc())
            label = f"{method} {template}"
            if bad:
                failed = True
                print(f"not ok {n} - {label}: {len(bad)} role(s) disagree")
                for line in "\n".join(bad).splitlines():
                    print(f"#   {line}")
            else:
                print(f"ok {n} - {label}")
            sys.stdout.flush()
        print(f"# {pairs} (route, role) pairs checked over {len(rows)} rows")
    except Exception:
        failed = True
        n += 1
        print(f"not ok {n} - fixtures or a request")
        for line in traceback.format_exc().splitlines():
            print(f"# {line}")
    finally:
        code = d.stop()
        if code != 0:
            failed = True
            print(f"# tenured exited with {code}; log:")
            for line in d.log().splitlines()[-20:]:
                print(f"# {line}")
        d.cleanup()
    print(f"1..{n}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
