"""What the end-to-end tests of accounts, roles and the audit log
(test_accounts_*.py, SPEC section 11) share: the api_token_file token,
requests over the daemon's TCP listener with a token, the database read
beside the daemon, accounts, contracts and audit entries made through the
API, and the daemon of each file's AccountTest."""
import base64
import glob
import http.client
import json
import os
import pwd
import re
import unittest

from harness import Answer, Daemon


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
    """The database as bytes on disk, its write-ahead log included; on
    PostgreSQL, whose files are the server's, every row of every table as
    text."""
    if d.backend == "postgresql":
        tables = [r[0] for r in d.query(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        out = ""
        for t in tables:
            out += "".join(r[0] or "" for r in d.query(
                f"SELECT row_to_json(t)::text FROM {t} t"))
        return out.encode()
    out = b""
    for p in glob.glob(d.database + "*"):
        with open(p, "rb") as f:
            out += f.read()
    return out


def db_query(d, sql, *args):
    return d.query(sql, args)


class Base(unittest.TestCase):
    d = None

    @classmethod
    def tearDownClass(cls):
        code = cls.d.stop()
        cls.d.cleanup()
        assert code == 0, f"tenured exited with {code}"

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


class AccountBase(Base):
    """A daemon with a TCP listener and api_token_file."""

    @classmethod
    def setUpClass(cls):
        cls.d = Daemon(listen=True, token=API_TOKEN).start()
        cls.url = f"http://127.0.0.1:{cls.d.listen_port}"
