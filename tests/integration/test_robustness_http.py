"""Hostile input at the HTTP layer: garbage bytes, request lines, headers,
Content-Length lies, chunked bodies, body sizes, paths and queries, each
group thrown at one running daemon (socket and TCP with a token), which
must never crash, must answer in the SPEC's shape (or, where the request
is not well-formed HTTP, with evhttp's own bare refusal: HTTP_LAYER in
robustness_common.py) and must write nothing it refused; the checks after
each group are in robustness_base.py."""
import json
import random

import robustness_base
import tap
from robustness_common import EVHTTP_CAP, MAX_BODY, SCALE, SEED, TOKEN


class RobustnessTest(robustness_base.RobustnessBase):
    def test_01_garbage_bytes(self):
        rng = random.Random(SEED + 1)
        blobs = [b"\x00" * 1000, b"\r\n" * 5000, b"\n\n\n\n",
                 b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" +
                 bytes(rng.randrange(256) for _ in range(500)),
                 b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
                 b"\xff\xfe\xfd" * 2000, b" " * 70000,
                 b"GET" + b"\x00" * 100 + b"\r\n\r\n"]
        for i in range(int(60 * SCALE)):
            n = rng.choice((1, 16, 200, 4096, 70000))
            blob = bytes(rng.randrange(256) for _ in range(rng.randint(1, n)))
            if rng.random() < 0.5:
                blob += b"\r\n\r\n"
            blobs.append(blob)
        for i, blob in enumerate(blobs):
            self.throw(blob, tcp=i % 3 == 0)
        self.finish()

    def test_02_request_lines(self):
        lines = [
            b"GET /healthz", b"GET /healthz HTTP/9.9",
            b"GET /healthz HTTP/2.0",
            b"GET /healthz HTTP/1.1x", b"GET /healthz HTTP/", b"GET /healthz "
            b"http/1.1", b"GET /healthz HTTP/1.1.1", b"GET /healthz HTTP/01.1",
            b"GET /healthz HTTP/-1.1", b"GET /healthz HTTP/1.99999999999",
            b"GET /healthz HTTP/0.9", b"GET /healthz HTTP/1.0",
            b"GET  /healthz  HTTP/1.1", b"GET\t/healthz\tHTTP/1.1",
            b" GET /healthz HTTP/1.1", b"get /healthz HTTP/1.1",
            b"FOO /healthz HTTP/1.1", b"TRACE / HTTP/1.1",
            b"CONNECT 127.0.0.1:1 HTTP/1.1", b"OPTIONS * HTTP/1.1",
            b"PUT /api/v1/contracts HTTP/1.1", b"DELETE /healthz HTTP/1.1",
            b"G" * 70000 + b" / HTTP/1.1", b"GET HTTP/1.1",
            b"GET  HTTP/1.1", b"GET / / HTTP/1.1",
            b"GET /healthz HTTP/1.1 extra", b"GET http://x/healthz HTTP/1.1",
            b"GET http://[::1/healthz HTTP/1.1", b"GET ://x HTTP/1.1",
            b"GET * HTTP/1.1", b"GET ? HTTP/1.1", b"GET # HTTP/1.1",
            b"GET /healthz\x00 HTTP/1.1", b"GET /health\x7fz HTTP/1.1",
            b"GET /\xff\xfe HTTP/1.1", b"\x00GET /healthz HTTP/1.1",
            b"POST /api/v1/contracts HTTP/1.1", b"GET /healthz HTTP/1.1\r",
        ]
        for i, line in enumerate(lines):
            for eol in (b"\r\n", b"\n"):
                self.throw(line + eol + b"Host: x" + eol + eol, tcp=i % 2 == 1)
        # A bare CR ends nothing; the connection is then closed by us.
        self.throw(b"GET /healthz HTTP/1.1\rHost: x\r\r")
        self.finish()

    def test_03_headers(self):
        base = b"GET /healthz HTTP/1.1\r\n"
        post = (b"POST /api/v1/contracts HTTP/1.1\r\n"
                b"Content-Type: application/json\r\n")
        body = json.dumps({"name": "Header Case", "start": "2026-13-01",
                           "email": "h@example.org"}).encode()
        cases = [
            (base + b"".join(b"H%d: v\r\n" % i for i in range(5000)) +
             b"\r\n", 1),
            (base + b"X-Long: " + b"a" * 60000 + b"\r\n\r\n", 1),
            (base + b"X-Long: " + b"a" * 70000 + b"\r\n\r\n", 0),
            (base + b"".join(b"X-%d: %s\r\n" % (i, b"b" * 1000)
                             for i in range(70)) + b"\r\n", 0),
            (base + b"NoColon\r\n\r\n", 0),
            (base + b": empty name\r\n\r\n", 0),
            (base + b"Bad Name: v\r\n\r\n", 0),
            (base + b"A: b\r\n folded\r\n\tagain\r\n\r\n", 0),
            (base + b" leading: space\r\n\r\n", 0),
            (base + b"A: b\x00c\r\n\r\n", 0),
            (base + b"A: \xff\xfe\r\n\r\n", 0),
            (base + b"Host: a\r\nHost: b\r\n\r\n", 1),
            (base + b"Connection: close, keep-alive, upgrade\r\n"
             b"Upgrade: h2c\r\n\r\n", 1),
            (post + b"Content-Type: text/csv\r\nContent-Length: %d\r\n\r\n"
             % len(body) + body, 1),
            (post.replace(b"application/json", b"application/json; "
                          b"charset=utf-8; x=" + b"y" * 5000) +
             b"Content-Length: %d\r\n\r\n" % len(body) + body, 1),
            (post.replace(b"application/json", b"application/jsonx") +
             b"Content-Length: %d\r\n\r\n" % len(body) + body, 1),
            (post.replace(b"application/json", b"") +
             b"Content-Length: %d\r\n\r\n" % len(body) + body, 1),
            (post.replace(b"application/json", b"\xff\xfe") +
             b"Content-Length: %d\r\n\r\n" % len(body) + body, 1),
            (post + b"Content-Encoding: gzip\r\nContent-Length: %d\r\n\r\n"
             % len(body) + body, 1),
            (post + b"Expect: 100-continue\r\nContent-Length: %d\r\n\r\n"
             % len(body) + body, 1),
            (post + b"Expect: bogus\r\nContent-Length: %d\r\n\r\n"
             % len(body) + body, 1),
            (b"GET /api/v1/status HTTP/1.1\r\nAuthorization: Bearer " +
             b"t" * 60000 + b"\r\n\r\n", 1),
        ]
        for data, want in cases:
            self.throw(data, min_answers=want)
            self.throw(data, tcp=True, min_answers=want)
        # Authorization oddities on TCP: always 401 or 200, in JSON.
        for auth in (b"", b"Bearer", b"Bearer ", b"bearer " + TOKEN.encode(),
                     b"Bearer  " + TOKEN.encode(),
                     b"Bearer " + TOKEN.encode() + b" ",
                     b"Bearer " + TOKEN.encode() + b"\x00",
                     b"Basic " + TOKEN.encode(), b"Bearer \xff" * 100,
                     b"Bearer " + TOKEN.encode()[:-1]):
            ex = self.throw(b"GET /api/v1/status HTTP/1.1\r\nAuthorization: "
                            + auth + b"\r\n\r\n", tcp=True, min_answers=1)
            for a in ex.answers:
                if a.status not in (200, 401):
                    self.problem(f"Authorization {auth[:30]!r} gave "
                                 f"{a.status}", auth, a)
        self.throw(b"GET /api/v1/status HTTP/1.1\r\nAuthorization: "
                   b"Bearer wrong-token-0123456789\r\nAuthorization: "
                   b"Bearer " + TOKEN.encode() + b"\r\n\r\n", tcp=True)
        # Pipelining: a hundred requests on one connection, all answered.
        self.throw(b"GET /healthz HTTP/1.1\r\n\r\n" * 100,
                        min_answers=100)
        self.finish()

    def test_04_content_length_lies(self):
        valid = json.dumps({"name": "Lied About", "email": "lie@example.org",
                            "start": "2025-09-01"}).encode()
        head = (b"POST /api/v1/contracts HTTP/1.1\r\n"
                b"Content-Type: application/json\r\n")
        imp = (b"POST /api/v1/contracts/import HTTP/1.1\r\n"
               b"Content-Type: text/csv\r\n")
        csv = b"name,email,start\nLied About,lie2@example.org,2025-09-01\n"
        for tcp in (False, True):
            auth = b"Authorization: Bearer " + TOKEN.encode() + b"\r\n" \
                if tcp else b""
            for h, body in ((head + auth, valid), (imp + auth, csv)):
                # Longer than the body, then the client stops sending.
                for extra in (1, 100, 100000):
                    self.throw(h + b"Content-Length: %d\r\n\r\n"
                               % (len(body) + extra) + body, tcp=tcp)
                # Shorter: the rest is read as the next request.
                for short in (1, len(body) // 2, len(body) - 1):
                    self.throw(h + b"Content-Length: %d\r\n\r\n" % short +
                               body, tcp=tcp, min_answers=1, batch=True)
                self.throw(h + b"Content-Length: 2\r\n\r\n{}GET /healthz "
                           b"HTTP/1.1\r\n\r\n", tcp=tcp, min_answers=1)
                for cl in (b"-1", b"abc", b"", b"1 2", b"0x10", b"+5",
                           b"99999999999999999999999", b"18446744073709551615",
                           b"9223372036854775807", b" %d" % len(body),
                           b"%d, %d" % (len(body), len(body))):
                    self.throw(h + b"Content-Length: " + cl + b"\r\n\r\n" +
                               body, tcp=tcp, batch=True)
                # Two that disagree: evhttp takes the first.
                self.throw(h + b"Content-Length: 2\r\nContent-Length: %d\r\n"
                           b"\r\n" % len(body) + body, tcp=tcp, batch=True)
                self.throw(h + b"Content-Length: 0\r\n\r\n", tcp=tcp,
                           min_answers=1, batch=True)
        self.finish()

    def test_05_chunked(self):
        head = (b"POST /api/v1/contracts HTTP/1.1\r\n"
                b"Content-Type: application/json\r\n"
                b"Transfer-Encoding: chunked\r\n")
        body = json.dumps({"name": "Chunked", "email": "chunk@example.org",
                           "start": "2025-13-01"}).encode()

        def chunks(data, size):
            return b"".join(b"%x\r\n" % len(data[i:i + size]) +
                            data[i:i + size] + b"\r\n"
                            for i in range(0, len(data), size)) + b"0\r\n\r\n"

        cases = [
            (chunks(body, 1), 1), (chunks(body, 7), 1),
            (b"%x;ext=1;q=\"a\"\r\n" % len(body) + body + b"\r\n0\r\n\r\n",
             1),
            (chunks(body, 10)[:-2] + b"X-Trailer: 1\r\n\r\n", 1),
            (b"zz\r\n" + body + b"\r\n0\r\n\r\n", 0),
            (b"-2\r\n{}\r\n0\r\n\r\n", 0),
            (b"ffffffffffffffff\r\n{}\r\n0\r\n\r\n", 0),
            (b"10000000000000000\r\n{}\r\n0\r\n\r\n", 0),
            (b"%x\r\n" % len(body) + body, 0),             # no last chunk
            (b"%x\r\n" % (len(body) + 50) + body, 0),      # chunk too short
            (b"%x\r\n" % len(body) + body + b"XX0\r\n\r\n", 0),
            (b"0\r\n\r\n", 1),
            (b"\r\n\r\n", 0),
        ]
        for tcp in (False, True):
            auth = b"Authorization: Bearer " + TOKEN.encode() + b"\r\n" \
                if tcp else b""
            for data, want in cases:
                self.throw(head + auth + b"\r\n" + data, tcp=tcp,
                           min_answers=want)
            self.throw(head.replace(b"chunked", b"gzip, chunked") + auth +
                       b"\r\n" + chunks(body, 5), tcp=tcp)
            self.throw(head.replace(b"chunked", b"gzip") + auth + b"\r\n" +
                       body, tcp=tcp)
            self.throw(head + auth + b"Content-Length: 5\r\n\r\n" +
                       chunks(body, 5), tcp=tcp)
            # Just over max_body in chunks: tenured's own 413.
            big = b"[" + b" " * MAX_BODY + b"]"
            ex = self.throw(head + auth + b"\r\n" + chunks(big, 65536),
                            tcp=tcp, min_answers=1)
            self.want_too_large(ex, json_only=True)
            # Over evhttp's cap in chunks: its bare 413, or a reset.
            ex = self.throw(head + auth + b"\r\n" +
                            chunks(b" " * (EVHTTP_CAP + 4096), 1 << 20),
                            tcp=tcp, timeout=20)
            self.want_too_large(ex)
        # A valid create in chunks is a create.
        good = json.dumps({"name": "Chunked Fine", "email":
                           "chunk-ok@example.org", "start": "2025-09-01"})
        ex = self.throw(head + b"\r\n" + chunks(good.encode(), 3),
                        min_answers=1)
        for a in ex.answers:
            if a.status == 201:
                self.note_write(a.json())
            else:
                self.problem("a valid chunked create was refused", good, a)
        self.finish()

    def want_too_large(self, ex, json_only=False):
        for a in ex.answers:
            if a.status != 413:
                self.problem(f"too large a body answered {a.status}", b"", a)
            elif json_only and a.headers.get("content-type") != \
                    "application/json":
                self.problem("413 below evhttp's cap is not JSON", b"", a)

    def test_06_body_sizes(self):
        routes = [("POST", "/api/v1/contracts", "application/json"),
                  ("PATCH", f"/api/v1/contracts/{self.patch_id}",
                   "application/json"),
                  ("POST", f"/api/v1/contracts/{self.patch_id}/decisions",
                   "application/json"),
                  ("POST", "/api/v1/contracts/import", "text/csv")]
        for method, path, ct in routes:
            for tcp in (False, True):
                auth = b"Authorization: Bearer " + TOKEN.encode() + \
                    b"\r\n" if tcp else b""
                for size in (MAX_BODY + 1, MAX_BODY + 4096, 3 * MAX_BODY,
                             EVHTTP_CAP + 1, 8 * MAX_BODY):
                    body = b"{" + b" " * (size - 2) + b"}"
                    head = (f"{method} {path} HTTP/1.1\r\nContent-Type: {ct}"
                            f"\r\nContent-Length: {size}\r\n").encode() + auth
                    ex = self.throw(head + b"\r\n" + body, tcp=tcp,
                                    timeout=30, batch=True)
                    self.want_too_large(ex, json_only=size <= EVHTTP_CAP)
                    if size <= EVHTTP_CAP and not ex.answers:
                        self.problem("no answer to a body just over "
                                     "max_body", head)
                    for a in ex.answers:
                        if a.status == 413 and size <= EVHTTP_CAP and \
                                str(MAX_BODY) not in a.json()["error"][
                                    "message"]:
                            self.problem("413 does not give the limit", head,
                                         a)
                # Announced, not sent: the answer comes before the body.
                head = (f"{method} {path} HTTP/1.1\r\nContent-Type: {ct}\r\n"
                        f"Expect: 100-continue\r\nContent-Length: "
                        f"{8 * MAX_BODY}\r\n").encode() + auth + b"\r\n"
                self.throw(head, tcp=tcp)
        # Exactly max_body is read: a valid create padded with spaces.
        body = json.dumps({"name": "Exactly Max", "email":
                           "max@example.org", "start": "2025-09-01"}).encode()
        body = body[:-1] + b" " * (MAX_BODY - len(body)) + b"}"
        self.base_counts = self.status_counts()
        a = self.submit("POST", "/api/v1/contracts", body, "create")
        if a is not None and a.status != 201:
            self.problem("a body of exactly max_body was refused", body, a)
        self.finish()

    def test_07_paths(self):
        cid = self.patch_id
        paths = [
            b"/api/v1/contracts/%31", b"/api/v1/contracts%2F1",
            b"/api/v1/contracts/1%00", b"/api/v1/contracts/%00",
            b"/api/v1/%2e%2e/v1/status", b"/api/v1/../v1/status",
            b"/api/v1/./status", b"/api/v1/status/", b"/api/v1//status",
            b"//api/v1/status", b"/API/V1/STATUS", b"/api/v1/status%",
            b"/api/v1/status%zz", b"/api/v1/status%2", b"/%",
            b"/api/v1/contracts/0", b"/api/v1/contracts/-1",
            b"/api/v1/contracts/007", b"/api/v1/contracts/+1",
            b"/api/v1/contracts/1.0", b"/api/v1/contracts/1e3",
            b"/api/v1/contracts/9223372036854775807",
            b"/api/v1/contracts/9223372036854775808",
            b"/api/v1/contracts/99999999999999999999999",
            b"/api/v1/contracts/%d/decisions/0" % cid,
            b"/api/v1/contracts/%d/decisions/99999999999999999999" % cid,
            b"/api/v1/contracts/%d//decisions" % cid,
            b"/api/v1/contracts/%d/decisions/1/2" % cid,
            b"/api/v1/contracts/\xff\xfe", b"/api/v1/contracts/\xc3\xa9",
            b"/api/v1/contracts/%ff%fe", b"/api/v1/contracts#frag",
            b"/healthz#", b"/healthz?", b"/healthz?#", b"/healthz;x",
            b"/" + b"a" * 60000, b"/api/v1/contracts/" + b"1" * 60000,
            b"/" + b"a/" * 30000, b"/" + b"%41" * 20000,
            b"/" + b"a" * 100000, b"*", b"", b"api/v1/status",
            b"http://host/api/v1/status", b"http://host:99999/healthz",
            b"http://user:pw@host/api/v1/status",
            b"/api/v1/status\\..\\x", b"/api/v1/contracts/1\t",
            b"/api/v1/contracts/1\x00abc", b"/healthz\x00",
            b"/api/v1/contracts/%d\x00/decisions" % cid,
        ]
        for p in paths:
            for method in (b"GET", b"POST", b"PATCH", b"DELETE", b"PUT",
                           b"OPTIONS"):
                body = b'{"name": "Path Case"}' if method in (
                    b"POST", b"PATCH", b"PUT") else b""
                req = (method + b" " + p + b" HTTP/1.1\r\nContent-Type: "
                       b"application/json\r\nContent-Length: %d\r\n\r\n"
                       % len(body) + body)
                self.throw(req, tcp=method == b"PATCH", batch=True)
        self.finish()

    def test_08_queries(self):
        queries = [
            "limit=1&limit=2", "limit=%31%30", "limit=+5", "limit=%205",
            "limit=5%00", "limit=0x10", "limit=1e3",
            "limit=99999999999999999999",
            "limit=-0", "limit=", "limit", "after=-9223372036854775808",
            "after=9223372036854775807", "after=9223372036854775808",
            "after=%00", "from=2026-01-01&from=bad", "from=2026-02-29",
            "from=1899-12-31&to=3000-01-01", "from=1900-01-01&to=2999-12-31",
            "to=2026-01-01T00:00:00Z", "within=90", "within=9", "within=0",
            "within=90d%00x", "within=d", "within=-1d", "within=3650d",
            "within=3651d", "within=120m", "within=121m", "within=%C3%A9",
            "within=9" * 50, "within=90d&from=2026-01-01",
            "kind=%00", "kind=renewal_decision_due&kind=x",
            "kind=" + "k" * 5000,
            "scope=", "scope=all", "scope=unit:", "scope=unit:%ff%fe",
            "scope=unit:" + "%C3%A9" * 300, "scope=manager:%00",
            "scope=person:" + "a" * 300 + "@x.org", "scope=vacancy:%22%27",
            "scope=" + "%" * 100, "a", "a&b", "&&&", "=", "=x", "%", "%zz=1",
            "a=%", "a=%2", ";", "a=1;b=2", "+", "%2B=%2B", "a=%E2%82",
            "a=\xff", "&".join(f"k{i}=v" for i in range(5000)),
            "x=" + "y" * 60000, "limit=1&" * 3000,
        ]
        paths = ["/api/v1/milestones", "/api/v1/contracts", "/healthz",
                 "/api/v1/status", f"/api/v1/contracts/{self.patch_id}"]
        for i, q in enumerate(queries):
            for p in paths:
                req = f"GET {p}?{q} HTTP/1.1\r\n\r\n".encode(
                    "utf-8", "surrogateescape")
                self.throw(req, tcp=False)
            if i % 4 == 0:
                self.throw(f"GET /api/v1/milestones?{q} HTTP/1.1\r\n"
                           f"Authorization: Bearer {TOKEN}\r\n\r\n".encode(),
                           tcp=True)
        self.finish()


if __name__ == "__main__":
    tap.main()
