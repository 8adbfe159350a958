"""Single sign-on through a real nginx (SPEC sections 7 and 11).

The shipped etc/nginx/tenured-sso-oauth2-proxy.conf, with only its ports,
addresses and certificate paths replaced, runs in a real nginx (a private
prefix, no master process) in front of the real daemon started with
[auth] trusted_proxy = 127.0.0.1 and user_header = X-Remote-User. A small
HTTP server on loopback stands in for oauth2-proxy: its /oauth2/auth
answers 202 with X-Auth-Request-User for a known session cookie, else 401.
The Kerberos example is checked with `nginx -t` when the auth_gss module is
installed, and its header handling with auth_basic standing in for auth_gss.
"""
import base64
import http.client
import http.cookies
import http.server
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap  # noqa: E402
from harness import Daemon, free_port  # noqa: E402

EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "..", "..", "etc", "nginx")
OAUTH2_EXAMPLE = os.path.join(EXAMPLES, "tenured-sso-oauth2-proxy.conf")
KERBEROS_EXAMPLE = os.path.join(EXAMPLES, "tenured-sso-kerberos.conf")
# Where Debian's libnginx-mod-http-auth-spnego puts the module.
SPNEGO_MODULE = os.environ.get(
    "NGINX_SPNEGO_MODULE",
    "/usr/lib/nginx/modules/ngx_http_auth_spnego_module.so")

# The stand-in oauth2-proxy's sessions: cookie value -> user it vouches for.
SESSIONS = {"alice-session": "hr.alice",      # an hr account
            "ghost-session": "ghost",         # no such account
            "carol-session": "hr.carol"}      # a disabled account
ALICE = {"Cookie": "_oauth2_proxy=alice-session"}
FAKE_TOKEN = "tnrd_" + "A" * 43
CONTRACT = {"name": "Sam Signon", "email": "sam@example.org",
            "start": "2026-01-05"}


def find_nginx():
    found = os.environ.get("NGINX") or shutil.which("nginx")
    if not found and os.access("/usr/sbin/nginx", os.X_OK):
        found = "/usr/sbin/nginx"
    return found


NGINX = find_nginx()
OPENSSL = shutil.which("openssl")


def replace(text, pattern, repl, count):
    """re.subn that fails when the example no longer has what the test
    expects to replace, so a changed example cannot pass untested."""
    new, n = re.subn(pattern, repl, text, flags=re.M)
    if n != count:
        raise AssertionError(f"expected {count} match(es) of {pattern!r} "
                             f"in the example, found {n}")
    return new


def localise(text, ports, cert, key):
    """The example as an nginx on loopback: upstream, listen and
    certificate lines replaced; nothing else touched."""
    text = replace(text, r"^(\s*server\s+)127\.0\.0\.1:8080;",
                   rf"\g<1>127.0.0.1:{ports['tenured']};", 1)
    if "oauth2" in ports:
        text = replace(text, r"^(\s*server\s+)127\.0\.0\.1:4180;",
                       rf"\g<1>127.0.0.1:{ports['oauth2']};", 1)
    # IPv6 may be missing here; the IPv4 lines carry the test.
    text = replace(text, r"^\s*listen\s+\[::\]:\d+[^;]*;\n", "", 2)
    text = replace(text, r"^(\s*listen\s+)80;",
                   rf"\g<1>127.0.0.1:{ports['http']};", 1)
    text = replace(text, r"^(\s*listen\s+)443(\s[^;]*;)",
                   rf"\g<1>127.0.0.1:{ports['https']}\2", 1)
    text = replace(text, r"^(\s*ssl_certificate\s+)\S+;", rf"\g<1>{cert};", 1)
    text = replace(text, r"^(\s*ssl_certificate_key\s+)\S+;",
                   rf"\g<1>{key};", 1)
    return text


class Nginx:
    """One nginx on a private prefix, as whoever runs the test: one
    process (no master, so no switch to another user), its logs and
    temporary files in its own directory."""

    def __init__(self, workdir, site, modules=()):
        self.dir = tempfile.mkdtemp(prefix="nginx-", dir=workdir)
        self.error_log = os.path.join(self.dir, "error.log")
        self.conf = os.path.join(self.dir, "nginx.conf")
        site_path = os.path.join(self.dir, "site.conf")
        with open(site_path, "w") as f:
            f.write(site)
        temps = "\n".join(
            f"    {kind}_temp_path {self.dir}/{kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        loads = "".join(f"load_module {m};\n" for m in modules)
        with open(self.conf, "w") as f:
            f.write(f"""{loads}daemon off;
master_process off;
pid {self.dir}/nginx.pid;
error_log {self.error_log} info;
events {{ worker_connections 64; }}
http {{
    access_log {self.dir}/access.log;
{temps}
    include {site_path};
}}
""")
        self.proc = None

    def argv(self, *more):
        return [NGINX, "-p", self.dir, "-c", self.conf, "-e", self.error_log,
                *more]

    def check(self):
        """nginx -t: (exit status, what it said)."""
        p = subprocess.run(self.argv("-t"), capture_output=True, text=True,
                           timeout=60)
        return p.returncode, p.stdout + p.stderr

    def start(self, port):
        code, out = self.check()
        if code != 0:
            raise AssertionError(f"nginx -t refused the config:\n{out}")
        self.out = open(os.path.join(self.dir, "stderr.log"), "wb")
        self.proc = subprocess.Popen(self.argv(), stdout=self.out,
                                     stderr=self.out)
        end = time.monotonic() + 15
        while True:
            if self.proc.poll() is not None:
                code = self.proc.returncode
                self.stop()
                raise AssertionError(f"nginx exited with {code}:\n"
                                     f"{self.log()}")
            try:
                socket.create_connection(("127.0.0.1", port), 0.5).close()
                return self
            except OSError:
                if time.monotonic() > end:
                    self.stop()
                    raise AssertionError(f"nginx does not listen on {port}:"
                                         f"\n{self.log()}")
                time.sleep(0.05)

    def log(self):
        try:
            with open(self.error_log, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stop(self):
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None
            self.out.close()


class FakeOAuth2Proxy:
    """oauth2-proxy's /oauth2/auth as nginx's auth_request sees it: 202
    with X-Auth-Request-User for a session it knows, 401 otherwise; its
    other /oauth2/ pages answer 200. Records every request."""

    def __init__(self):
        self.requests = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                outer.requests.append((self.path, dict(self.headers), body))
                if self.path == "/oauth2/auth":
                    jar = http.cookies.SimpleCookie()
                    try:
                        jar.load(self.headers.get("Cookie", ""))
                    except http.cookies.CookieError:
                        pass
                    morsel = jar.get("_oauth2_proxy")
                    user = SESSIONS.get(morsel.value) if morsel else None
                    if user:
                        self.send_response(202)
                        self.send_header("X-Auth-Request-User", user)
                    else:
                        self.send_response(401)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                page = b"<html>oauth2-proxy sign-in page</html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

            do_POST = do_GET

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                      Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       daemon=True)
        self.thread.start()

    def auth_requests(self):
        return [r for r in self.requests if r[0] == "/oauth2/auth"]

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def answer(conn, method, path, body=None, headers=None):
    headers = dict(headers or {})
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
        headers.setdefault("Content-Type", "application/json")
    try:
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


def make_certificate(workdir):
    cert = os.path.join(workdir, "cert.pem")
    key = os.path.join(workdir, "key.pem")
    subprocess.run([OPENSSL, "req", "-x509", "-newkey", "ec",
                    "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "2",
                    "-subj", "/CN=tenured.example.org", "-addext",
                    "subjectAltName=DNS:tenured.example.org,IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    return cert, key


class SsoNginxTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Class cleanups run even when setUpClass fails half-way, so no
        # daemon, nginx or server outlives a failed start.
        cls.dir = tempfile.mkdtemp(prefix="tenured-sso-")
        cls.addClassCleanup(shutil.rmtree, cls.dir, ignore_errors=True)
        cls.cert, cls.key = make_certificate(cls.dir)
        cls.tls = ssl.create_default_context(cafile=cls.cert)
        cls.fake = FakeOAuth2Proxy()
        cls.addClassCleanup(cls.fake.stop)
        cls.d = Daemon(listen=True, config="[auth]\n"
                       "trusted_proxy = 127.0.0.1\n"
                       "user_header = X-Remote-User\n")
        cls.addClassCleanup(cls.d.cleanup)
        cls.d.start()
        # "admin" exists, so a header naming it that reached tenured
        # would get in: the checks below would see it.
        for name, role in (("hr.alice", "hr"), ("hr.carol", "hr"),
                           ("admin", "admin")):
            a = cls.d.post("/api/v1/accounts", {"name": name, "role": role})
            assert a.status == 201, a
            if name == "hr.alice":
                cls.alice_token = a.json()["token"]
        a = cls.d.request("PATCH", "/api/v1/accounts/hr.carol",
                          body={"disabled": True})
        assert a.status == 200, a
        cls.ports = {"tenured": cls.d.listen_port, "oauth2": cls.fake.port,
                     "http": free_port(), "https": free_port()}
        with open(OAUTH2_EXAMPLE) as f:
            site = localise(f.read(), cls.ports, cls.cert, cls.key)
        cls.nginx = Nginx(cls.dir, site)
        cls.addClassCleanup(cls.nginx.stop)
        cls.nginx.start(cls.ports["https"])

    @classmethod
    def tearDownClass(cls):
        cls.nginx.stop()
        code = cls.d.stop()
        assert code == 0, f"tenured exited with {code}"

    # Through nginx, over TLS, as a browser or a script would.
    def via_nginx(self, method, path, body=None, headers=None):
        conn = http.client.HTTPSConnection("127.0.0.1", self.ports["https"],
                                           context=self.tls, timeout=30)
        return answer(conn, method, path, body, headers)

    # Straight to tenured's TCP listener, from the given local address.
    def direct(self, source, method, path, headers=None):
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.d.listen_port, timeout=30,
            source_address=(source, 0))
        return answer(conn, method, path, None, headers)

    def assertJson401(self, got):
        status, headers, body = got
        self.assertEqual(status, 401, got)
        self.assertEqual(json.loads(body)["error"]["code"], "unauthorized",
                         got)

    def test_signed_in_user_is_the_account(self):
        status, _, body = self.via_nginx("GET", "/api/v1/me", headers=ALICE)
        self.assertEqual(status, 200, body)
        me = json.loads(body)
        self.assertEqual(me["name"], "hr.alice")
        self.assertEqual(me["role"], "hr")
        self.assertEqual(me["via"], "proxy")
        # The role is the account's: hr may not manage accounts.
        status, _, body = self.via_nginx("GET", "/api/v1/accounts",
                                         headers=ALICE)
        self.assertEqual(status, 403, body)

    def test_not_signed_in_api_gets_401(self):
        self.assertJson401(self.via_nginx("GET", "/api/v1/me"))
        self.assertJson401(self.via_nginx(
            "GET", "/api/v1/me",
            headers={"Cookie": "_oauth2_proxy=forged-session"}))
        self.assertJson401(self.via_nginx("POST", "/api/v1/contracts",
                                          CONTRACT))

    def test_not_signed_in_dashboard_goes_to_sign_in(self):
        status, headers, _ = self.via_nginx("GET", "/")
        self.assertEqual(status, 302)
        where = urllib.parse.urlsplit(headers["Location"])
        self.assertEqual((where.path, where.query),
                         ("/oauth2/sign_in", "rd=/"))
        status, _, body = self.via_nginx("GET", "/oauth2/sign_in?rd=/")
        self.assertEqual(status, 200)
        self.assertIn(b"oauth2-proxy sign-in page", body)
        status, _, _ = self.via_nginx("GET", "/", headers=ALICE)
        self.assertEqual(status, 200)

    def test_own_header_without_session_does_not_get_in(self):
        for name in ("X-Remote-User", "x-remote-user"):
            for path in ("/api/v1/me", "/api/v1/accounts", "/"):
                status, _, body = self.via_nginx(
                    "GET", path, headers={name: "admin"})
                self.assertIn(status, (401, 302), (name, path, body))

    def test_own_header_is_overwritten(self):
        status, _, body = self.via_nginx(
            "GET", "/api/v1/me", headers=dict(ALICE, **{
                "X-Remote-User": "admin"}))
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["name"], "hr.alice")

    def test_own_header_with_a_token_does_not_get_in(self):
        # A tenured token skips the sign-in and tenured checks it: the
        # header that came with it must not reach tenured either, or this
        # made-up token would not even be looked at.
        for name in ("X-Remote-User", "x-remote-user"):
            self.assertJson401(self.via_nginx(
                "GET", "/api/v1/me", headers={
                    "Authorization": f"Bearer {FAKE_TOKEN}", name: "admin"}))
            self.assertJson401(self.via_nginx(
                "GET", "/api/v1/accounts", headers={
                    "Authorization": f"Bearer {FAKE_TOKEN}", name: "admin"}))

    def test_token_through_nginx(self):
        status, _, body = self.via_nginx(
            "GET", "/api/v1/me",
            headers={"Authorization": f"Bearer {self.alice_token}"})
        self.assertEqual(status, 200, body)
        me = json.loads(body)
        self.assertEqual((me["name"], me["via"]), ("hr.alice", "token"))

    def test_unknown_or_disabled_account_gets_401(self):
        for session in ("ghost-session", "carol-session"):
            self.assertJson401(self.via_nginx(
                "GET", "/api/v1/me",
                headers={"Cookie": f"_oauth2_proxy={session}"}))

    def test_feeds_and_healthz_stay_public(self):
        a = self.d.post("/api/v1/feeds", {"scope": "all", "name": "sso-all"})
        self.assertEqual(a.status, 201, a)
        path = "/feeds/" + a.json()["url"].split("/feeds/", 1)[1]
        before = len(self.fake.auth_requests())
        status, headers, body = self.via_nginx("GET", path)
        self.assertEqual(status, 200, body)
        self.assertTrue(headers["Content-Type"].startswith("text/calendar"))
        self.assertTrue(body.startswith(b"BEGIN:VCALENDAR"))
        status, _, _ = self.via_nginx("GET", "/healthz")
        self.assertEqual(status, 200)
        self.assertEqual(len(self.fake.auth_requests()), before,
                         "feeds and /healthz do not ask oauth2-proxy")

    def test_plain_http_goes_to_https(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.ports["http"],
                                          timeout=30)
        status, headers, _ = answer(conn, "GET", "/api/v1/me",
                                    headers={"Host": "tenured.example.org"})
        self.assertEqual(status, 301)
        self.assertEqual(headers["Location"],
                         "https://tenured.example.org/api/v1/me")

    def test_header_from_another_address_gets_401(self):
        got = self.direct("127.0.0.2", "GET", "/api/v1/me",
                          headers={"X-Remote-User": "hr.alice"})
        self.assertJson401(got)
        self.assertIn("127.0.0.2", self.d.log(),
                      "the refused header is logged with its peer")
        # A good token does not make the header acceptable from there.
        self.assertJson401(self.direct(
            "127.0.0.2", "GET", "/api/v1/me",
            headers={"X-Remote-User": "hr.alice",
                     "Authorization": f"Bearer {self.alice_token}"}))
        status, _, body = self.direct(
            "127.0.0.2", "GET", "/api/v1/me",
            headers={"Authorization": f"Bearer {self.alice_token}"})
        self.assertEqual(status, 200, body)

    def test_header_from_the_trusted_address_is_believed(self):
        # Why tenured must listen on loopback only, behind nginx: anything
        # that can connect from 127.0.0.1 is the proxy to it.
        status, _, body = self.direct("127.0.0.1", "GET", "/api/v1/me",
                                      headers={"X-Remote-User": "hr.alice"})
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["name"], "hr.alice")

    def test_write_is_audited_as_the_signed_in_user(self):
        status, _, body = self.via_nginx("POST", "/api/v1/contracts",
                                         CONTRACT, headers=ALICE)
        self.assertEqual(status, 201, body)
        cid = json.loads(body)["id"]
        asked = self.fake.auth_requests()[-1]
        self.assertEqual(asked[1].get("X-Forwarded-Uri"), "/api/v1/contracts")
        self.assertEqual(asked[2], b"", "auth_request sends no body")
        a = self.d.get(f"/api/v1/audit?entity=contract:{cid}")
        self.assertEqual(a.status, 200, a)
        created = [e for e in a.json()["entries"]
                   if e["action"] == "contract.created"]
        self.assertEqual(len(created), 1, a)
        self.assertEqual(created[0]["actor"], "hr.alice")
        self.assertEqual(created[0]["via"], "proxy")

    def test_browser_write_from_the_site_itself(self):
        # A browser names the page's origin, port included; tenured
        # compares it with the Host nginx passes on, so a write from the
        # dashboard goes through and one from another site does not.
        origin = f"https://127.0.0.1:{self.ports['https']}"
        status, _, body = self.via_nginx(
            "POST", "/api/v1/contracts", CONTRACT,
            headers=dict(ALICE, Origin=origin))
        self.assertEqual(status, 201, body)
        status, _, body = self.via_nginx(
            "POST", "/api/v1/contracts", CONTRACT,
            headers=dict(ALICE, Origin="https://elsewhere.example"))
        self.assertEqual(status, 403, body)
        status, _, body = self.via_nginx(
            "POST", "/api/v1/contracts", CONTRACT,
            headers=dict(ALICE, **{"Sec-Fetch-Site": "cross-site"}))
        self.assertEqual(status, 403, body)

    def kerberos_site(self, ports):
        with open(KERBEROS_EXAMPLE) as f:
            text = localise(f.read(), ports, self.cert, self.key)
        return replace(text, r"^(\s*auth_gss_keytab\s+)\S+;",
                       rf"\g<1>{self.dir}/http.keytab;", 1)

    def kerberos_ports(self):
        return {"tenured": self.d.listen_port, "http": free_port(),
                "https": free_port()}

    def test_kerberos_example_with_auth_gss(self):
        if not os.path.exists(SPNEGO_MODULE):
            self.skipTest("the auth_gss module (libnginx-mod-http-auth-"
                          "spnego) is not installed")
        open(os.path.join(self.dir, "http.keytab"), "wb").close()
        n = Nginx(self.dir, self.kerberos_site(self.kerberos_ports()),
                  modules=[SPNEGO_MODULE])
        code, out = n.check()
        self.assertEqual(code, 0, out)

    def test_kerberos_example_headers_with_auth_basic_standing_in(self):
        # auth_gss is not in every Debian release; auth_basic sets
        # $remote_user the same way once it has checked the user, so the
        # example's header handling runs against tenured all the same.
        users = os.path.join(self.dir, "users")
        with open(users, "w") as f:
            f.write("hr.alice:{PLAIN}secret\n")
        ports = self.kerberos_ports()
        site = self.kerberos_site(ports)
        site = replace(site, r"^(\s*)auth_gss on;",
                       rf'\g<1>auth_basic "tenured";\n'
                       rf"\g<1>auth_basic_user_file {users};", 1)
        site = replace(site, r"^(\s*)auth_gss off;", r"\g<1>auth_basic off;",
                       2)
        site = replace(site, r"^\s*auth_gss_\w+\s[^;]*;\n", "", 5)
        n = Nginx(self.dir, site).start(ports["https"])
        try:
            def get(path, headers):
                conn = http.client.HTTPSConnection(
                    "127.0.0.1", ports["https"], context=self.tls, timeout=30)
                return answer(conn, "GET", path, None, headers)

            basic = "Basic " + base64.b64encode(
                b"hr.alice:secret").decode()
            status, _, body = get("/api/v1/me", {
                "Authorization": basic, "X-Remote-User": "admin"})
            self.assertEqual(status, 200, body)
            me = json.loads(body)
            self.assertEqual((me["name"], me["via"]), ("hr.alice", "proxy"))
            status, _, body = get("/api/v1/me", {"X-Remote-User": "admin"})
            self.assertEqual(status, 401, body)
            status, _, body = get("/healthz", {"X-Remote-User": "admin"})
            self.assertEqual(status, 200, body)
        finally:
            n.stop()


if __name__ == "__main__":
    if not NGINX:
        print("1..0 # SKIP nginx is not installed")
        sys.exit(0)
    if not OPENSSL:
        print("1..0 # SKIP openssl is not installed (test certificate)")
        sys.exit(0)
    tap.main()
