"""The TCP listener's limits (SPEC section 13) against the real daemon:
slow headers and slow bodies are closed at their deadlines, a crowd of idle
connections is held at max_connections while the Unix socket keeps
answering, an unauthenticated (or unauthorized) request with a 4 MB body
is answered before its body is read and the daemon's memory stays flat,
and a max_connections the descriptor limit cannot hold stops the start.

The deadlines are configured short here (header_timeout = 2, body_timeout
= 3) so that every loop is bounded by a few seconds; the defaults (10 s and
30 s) are checked in the unit tests of the configuration."""
import http.client
import json
import os
import resource
import socket
import subprocess
import threading
import time
import unittest

import tap
from harness import Daemon

TOKEN = "limits-token-0123456789abcdef0123"
TENURED = os.environ.get("TENURED", "tenured")
MAX_CONNECTIONS = 16
HEADER_S = 2
BODY_S = 3
BIG = 4 * 1000 * 1000


def peak_rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise AssertionError("no VmHWM")


def metric(d, name):
    text = d.get("/metrics").body.decode()
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError(f"no {name} in /metrics")


class Answers:
    """HTTP answers read one by one from a socket (Content-Length framed),
    keeping what a read brought of the next."""

    def __init__(self, s, limit=10):
        self.s = s
        self.buf = b""
        s.settimeout(limit)

    def _more(self):
        chunk = self.s.recv(65536)
        if not chunk:
            raise ConnectionResetError("closed")
        self.buf += chunk

    def next(self):
        while b"\r\n\r\n" not in self.buf:
            self._more()
        head, _, self.buf = self.buf.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        while len(self.buf) < length:
            self._more()
        body, self.buf = self.buf[:length], self.buf[length:]
        status = int(head.split(b" ")[1]) if head.startswith(b"HTTP/") else 0
        return status, head.decode("latin-1"), body


def read_answer(s, limit=10):
    """Reads one whole HTTP answer from s: (status, head, body); (0, ...)
    when the connection closed before one came."""
    try:
        return Answers(s, limit).next()
    except ConnectionResetError as e:
        return 0, repr(e), b""


class LimitsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = Daemon(listen=True, token=TOKEN, config=(
            f"max_connections = {MAX_CONNECTIONS}\n"
            f"header_timeout = {HEADER_S}\n"
            f"body_timeout = {BODY_S}\n")).start()
        a = cls.d.post("/api/v1/accounts", {"name": "audrey",
                                            "role": "auditor"})
        assert a.status == 201, a
        cls.auditor = a.json()["token"]

    @classmethod
    def tearDownClass(cls):
        cls.d.cleanup()

    def connect(self):
        s = socket.create_connection(("127.0.0.1", self.d.listen_port),
                                     timeout=10)
        self.addCleanup(s.close)
        return s

    def closed_after(self, s, trickle, limit):
        """Sends trickle() every 0.25 s until the daemon closes s; the
        seconds it took, or fails past limit."""
        t0 = time.monotonic()
        s.settimeout(0.25)
        while time.monotonic() - t0 < limit:
            try:
                s.sendall(trickle())
                if s.recv(4096) == b"":
                    return time.monotonic() - t0
            except socket.timeout:
                continue
            except (BrokenPipeError, ConnectionResetError):
                return time.monotonic() - t0
        self.fail(f"still open after {limit} s")

    def wait_tcp_served(self, limit):
        deadline = time.monotonic() + limit
        while True:
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.d.listen_port,
                                               timeout=2)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    c.close()
                    return
            except OSError:
                pass
            self.assertLess(time.monotonic(), deadline,
                            "TCP not serving again")
            time.sleep(0.1)

    def test_slow_headers_are_closed(self):
        before = metric(self.d, 'tenured_tcp_guard_events_total'
                        '{event="deadline"}')
        s = self.connect()
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        took = self.closed_after(s, lambda: b"a", HEADER_S + 5)
        self.assertGreaterEqual(took, HEADER_S - 0.5)
        self.assertLess(took, HEADER_S + 2)
        self.assertGreater(metric(self.d, 'tenured_tcp_guard_events_total'
                                  '{event="deadline"}'), before)

    def test_idle_connection_is_closed_at_the_header_deadline(self):
        s = self.connect()
        t0 = time.monotonic()
        s.settimeout(HEADER_S + 5)
        self.assertEqual(s.recv(10), b"")
        self.assertLess(time.monotonic() - t0, HEADER_S + 2)

    def test_slow_body_is_closed(self):
        s = self.connect()
        s.sendall(b"POST /api/v1/contracts HTTP/1.1\r\nHost: x\r\n"
                  b"Authorization: Bearer " + TOKEN.encode() +
                  b"\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 100000\r\n\r\n{")
        took = self.closed_after(s, lambda: b" " * 10, BODY_S + 5)
        self.assertGreaterEqual(took, BODY_S - 0.5)
        self.assertLess(took, BODY_S + 2)

    def test_steady_keep_alive_client_is_not_cut(self):
        """Requests on one connection over longer than both deadlines,
        with idle gaps between them, are all answered."""
        c = http.client.HTTPConnection("127.0.0.1", self.d.listen_port,
                                       timeout=10)
        self.addCleanup(c.close)
        t0 = time.monotonic()
        n = 0
        while time.monotonic() - t0 < BODY_S + 1.5:
            c.request("GET", "/api/v1/status",
                      headers={"Authorization": "Bearer " + TOKEN})
            r = c.getresponse()
            r.read()
            self.assertEqual(r.status, 200)
            n += 1
            time.sleep(1.0)
        self.assertGreaterEqual(n, 4)

    def test_crowd_is_capped_and_socket_keeps_answering(self):
        crowd = [self.connect() for _ in range(MAX_CONNECTIONS + 24)]
        time.sleep(0.5)
        self.assertEqual(metric(self.d, "tenured_tcp_connections"),
                         MAX_CONNECTIONS)
        for _ in range(5):
            t0 = time.monotonic()
            a = self.d.get("/healthz")
            self.assertEqual(a.status, 200)
            self.assertLess(time.monotonic() - t0, 1.0)
        self.assertGreaterEqual(metric(
            self.d, 'tenured_tcp_guard_events_total{event="at_cap"}'), 1)
        # Over the cap, a new TCP client waits in the backlog, unanswered.
        late = self.connect()
        late.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        late.settimeout(0.5)
        with self.assertRaises(socket.timeout):
            late.recv(10)
        # The deadline empties the crowd, the backlog is served in turn
        # (each waiting one gets its own header deadline), and the late
        # client's request, complete, is answered.
        status, _, _ = read_answer(late, limit=3 * HEADER_S + 5)
        self.assertEqual(status, 200)
        for s in crowd:
            s.settimeout(3 * HEADER_S + 5)
            try:
                self.assertEqual(s.recv(10), b"")
            except ConnectionResetError:
                pass
        self.wait_tcp_served(HEADER_S + 3)
        self.assertLessEqual(metric(self.d, "tenured_tcp_connections"), 2)

    def big_post(self, token, parallel=6):
        """parallel clients each send a 4 MB body to the import; the
        answers, as (status, head, body)."""
        results = [None] * parallel
        chunk = b"x" * 65536

        def one(i):
            s = socket.create_connection(("127.0.0.1", self.d.listen_port),
                                         timeout=20)
            head = (b"POST /api/v1/contracts/import HTTP/1.1\r\nHost: x\r\n"
                    b"Content-Type: text/csv\r\n"
                    b"Content-Length: %d\r\n" % BIG)
            if token:
                head += b"Authorization: Bearer " + token.encode() + b"\r\n"
            s.sendall(head + b"\r\n")
            sent = 0
            try:
                while sent < BIG:
                    s.sendall(chunk[:min(len(chunk), BIG - sent)])
                    sent += min(len(chunk), BIG - sent)
            except (BrokenPipeError, ConnectionResetError):
                pass
            try:
                results[i] = read_answer(s)
            except (ConnectionResetError, socket.timeout) as e:
                results[i] = (0, repr(e), b"")
            s.close()

        threads = [threading.Thread(target=one, args=(i,))
                   for i in range(parallel)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        return results

    def test_unauthenticated_body_is_not_buffered(self):
        # Warm up whatever a first import allocates, then measure.
        self.big_post(None, parallel=1)
        peak = peak_rss_kb(self.d.proc.pid)
        before = metric(self.d, 'tenured_tcp_guard_events_total'
                        '{event="body_refused"}')
        for status, head, body in self.big_post(None):
            self.assertEqual(status, 401, head)
            self.assertIn("WWW-Authenticate: Bearer", head)
            self.assertEqual(json.loads(body)["error"]["code"],
                             "unauthorized")
        for status, head, body in self.big_post("tnrd_" + "A" * 43):
            self.assertEqual(status, 401, head)
        grown = peak_rss_kb(self.d.proc.pid) - peak
        # Twelve 4 MB bodies buffered would be 48 MB.
        self.assertLess(grown, 2048, f"peak RSS grew by {grown} KiB")
        self.assertGreaterEqual(metric(
            self.d, 'tenured_tcp_guard_events_total{event="body_refused"}')
            - before, 12)
        self.assertIn("refused authentication from 127.0.0.1", self.d.log())

    def test_role_refused_before_body(self):
        """An auditor may not import: 403, and the body is not read."""
        peak = peak_rss_kb(self.d.proc.pid)
        for status, head, body in self.big_post(self.auditor, parallel=4):
            self.assertEqual(status, 403, head)
            self.assertIn("auditor", json.loads(body)["error"]["message"])
        self.assertLess(peak_rss_kb(self.d.proc.pid) - peak, 2048)

    def test_oversized_body_refused_unread_when_signed_in(self):
        """The admin's body over max_body gets the JSON 413 before it is
        read (memory flat); one within it reaches the routing."""
        peak = peak_rss_kb(self.d.proc.pid)
        for status, head, body in self.big_post(TOKEN, parallel=6):
            self.assertEqual(status, 413, head)
            self.assertEqual(json.loads(body)["error"]["code"], "too_large")
            self.assertIn("the limit is 1048576",
                          json.loads(body)["error"]["message"])
        self.assertLess(peak_rss_kb(self.d.proc.pid) - peak, 2048)
        a = self.d.request("POST", "/api/v1/contracts/import?dry_run=1",
                           body="name,email\n", tcp=True,
                           content_type="text/csv",
                           headers={"Authorization": "Bearer " + TOKEN})
        self.assertNotIn(a.status, (401, 403, 413), a)

    def raw_flat(self, data, want_statuses, chunk_to=BIG):
        """Sends data then chunk_to bytes of body on six connections at
        once; every connection's answers (in order) and the growth of
        the daemon's peak RSS."""
        peak = peak_rss_kb(self.d.proc.pid)
        answers = [None] * 6

        def one(i):
            s = socket.create_connection(("127.0.0.1", self.d.listen_port),
                                         timeout=20)
            try:
                s.sendall(data)
                sent = 0
                while sent < chunk_to:
                    s.sendall(b"x" * 65536)
                    sent += 65536
            except (BrokenPipeError, ConnectionResetError):
                pass
            got = []
            reader = Answers(s)
            try:
                for _ in want_statuses:
                    got.append(reader.next()[0])
            except (ConnectionResetError, socket.timeout, ValueError,
                    IndexError):
                pass
            answers[i] = got
            s.close()

        threads = [threading.Thread(target=one, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        return answers, peak_rss_kb(self.d.proc.pid) - peak

    def test_body_on_a_public_route_is_not_buffered(self):
        answers, grown = self.raw_flat(
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: %d"
            b"\r\n\r\n" % BIG, [413])
        self.assertEqual(answers, [[413]] * 6)
        self.assertLess(grown, 2048, f"peak RSS grew by {grown} KiB")

    def test_pipelined_request_is_checked_too(self):
        """A request sent right behind another is checked before its
        body like the first: the first is answered, the second refused."""
        answers, grown = self.raw_flat(
            b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
            b"POST /api/v1/contracts/import HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: text/csv\r\nContent-Length: %d\r\n\r\n" % BIG,
            [200, 401])
        self.assertEqual(answers, [[200, 401]] * 6)
        self.assertLess(grown, 2048, f"peak RSS grew by {grown} KiB")

    def test_folded_or_odd_headers_are_read_as_evhttp_reads_them(self):
        """Content-Length on a continuation line, a target with a space
        in it, a header block past 64 KiB: none gets a body past the
        check."""
        cases = [
            (b"POST /api/v1/contracts/import HTTP/1.1\r\nHost: x\r\n"
             b"Content-Length:\r\n %d\r\n\r\n" % BIG, [401]),
            (b"POST /api/v1/contracts/import HTTP/1.1\r\nHost: x\r\n"
             b"Content-Length: 0000000000%d\r\n\r\n" % BIG, [401]),
            (b"POST /healthz /x HTTP/1.1\r\nHost: x\r\n"
             b"Content-Length: %d\r\n\r\n" % BIG, [413]),
            (b"POST /api/v1/contracts /x HTTP/1.1\r\nHost: x\r\n"
             b"Content-Length: %d\r\n\r\n" % BIG, [401]),
            (b"POST /api/v1/contracts/import HTTP/1.1\r\nHost: x\r\n" +
             b"a:\r\n" * 17000 + b"Content-Length: %d\r\n\r\n" % BIG,
             [431]),
        ]
        for data, want in cases:
            answers, grown = self.raw_flat(data, want)
            self.assertEqual(answers, [want] * 6, data[:80])
            self.assertLess(grown, 2048, f"peak RSS grew by {grown} KiB")

    def test_french_refusal_follows_accept_language(self):
        s = self.connect()
        s.sendall(b"POST /api/v1/contracts HTTP/1.1\r\nHost: x\r\n"
                  b"Accept-Language: fr-BE,fr;q=0.9\r\n"
                  b"Content-Type: application/json\r\n"
                  b"Content-Length: 3000000\r\n\r\n")
        status, head, body = read_answer(s)
        self.assertEqual(status, 401, head)
        error = json.loads(body)["error"]
        self.assertEqual(error["code"], "unauthorized")
        self.assertNotEqual(error["message"],
                            "a valid bearer token is required")

    def test_expect_continue_unauthenticated_gets_401_not_100(self):
        s = self.connect()
        s.sendall(b"POST /api/v1/contracts HTTP/1.1\r\nHost: x\r\n"
                  b"Content-Type: application/json\r\n"
                  b"Expect: 100-continue\r\nContent-Length: 3000000\r\n\r\n")
        status, head, _ = read_answer(s)
        self.assertEqual(status, 401, head)


class StartLimitsTest(unittest.TestCase):
    def test_stops_cleanly_at_the_cap(self):
        """SIGTERM while the listener is held at the cap and connections
        are open, half-sent and lingering: a clean exit (the sanitizer
        build fails on a use after free)."""
        d = Daemon(listen=True, token=TOKEN, config="max_connections = 4\n")
        self.addCleanup(d.cleanup)
        d.start()
        held = []
        for i in range(7):
            s = socket.create_connection(("127.0.0.1", d.listen_port),
                                         timeout=5)
            if i == 1:
                s.sendall(b"POST /api/v1/contracts HTTP/1.1\r\nHost: x\r\n"
                          b"Content-Length: 100000\r\n\r\n{")
            held.append(s)
        time.sleep(0.5)
        self.assertEqual(metric(d, "tenured_tcp_connections"), 4)
        self.assertEqual(d.stop(), 0)
        for s in held:
            s.close()

    def test_max_connections_beyond_descriptor_limit_stops_the_start(self):
        d = Daemon(listen=True, config="max_connections = 4000\n")
        self.addCleanup(d.cleanup)

        def low_limit():
            resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))

        p = subprocess.run([TENURED, "--config", d.config_path],
                           capture_output=True, text=True, timeout=30,
                           preexec_fn=low_limit, check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("max_connections = 4000 needs 4064 descriptors; the "
                      "limit is 1024", p.stderr)

    def test_bad_values_name_their_line(self):
        d = Daemon(config="max_connections = 0\nheader_timeout = 5s\n")
        self.addCleanup(d.cleanup)
        first = d.base_config().count("\n") + 1
        p = subprocess.run([TENURED, "--config", d.config_path,
                            "--check-config"], capture_output=True,
                           text=True, timeout=30, check=False)
        self.assertEqual(p.returncode, 1, p)
        self.assertIn(f"{d.config_path}:{first}: max_connections: expected "
                      "connections from 1 to 65536, got \"0\"", p.stderr)
        self.assertIn(f"{d.config_path}:{first + 1}: header_timeout: "
                      "expected seconds from 1 to 3600", p.stderr)


if __name__ == "__main__":
    tap.main()
