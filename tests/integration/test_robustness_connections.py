"""Hostile connections: clients that send half a request and go away,
hundreds of idle and half-sent connections, more connections than the
daemon has descriptors, and clients that half-close after their request,
each group against one running daemon, which must never crash or spin,
must answer in the SPEC's shape and serve again afterwards; last, SIGTERM
ends it with 0 and no sanitizer report. The checks after each group are in
robustness_base.py."""
import json
import os
import random
import socket
import threading
import time

import robustness_base
import tap
from robustness_common import (Client, DAEMON_NOFILE, SEED, TOKEN, dumps,
                               mutate_bytes, mutate_object, parse_answers,
                               show)


class RobustnessTest(robustness_base.RobustnessBase):
    def half_requests(self):
        valid = json.dumps({"name": "Half Written",
                            "email": "half@example.org",
                            "start": "2025-09-01"}).encode()
        full = (b"POST /api/v1/contracts HTTP/1.1\r\nContent-Type: "
                b"application/json\r\nContent-Length: %d\r\n\r\n"
                % len(valid) + valid)
        chunked = (b"POST /api/v1/contracts HTTP/1.1\r\nContent-Type: "
                   b"application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                   b"%x\r\n" % len(valid) + valid + b"\r\n")
        csv = b"name,email,start\nHalf Written,half2@example.org,2025-09-01\n"
        imp = (b"POST /api/v1/contracts/import HTTP/1.1\r\nContent-Type: "
               b"text/csv\r\nContent-Length: %d\r\n\r\n" % len(csv) + csv)
        cuts = [b"", b"G", b"GET", b"GET ", b"GET /healthz",
                b"GET /healthz HTTP/1.1", b"GET /healthz HTTP/1.1\r\n",
                b"GET /healthz HTTP/1.1\r\nHost: x",
                b"GET /healthz HTTP/1.1\r\nHost: x\r\n"]
        for src in (full, chunked, imp):
            for n in (len(src) // 4, len(src) // 2, len(src) - len(valid) // 2,
                      len(src) - 1):
                cuts.append(src[:n])
        return cuts

    def test_17_half_requests(self):
        """Clients that send nothing or half a request and then go away, in
        three ways: close, half-close and wait, reset."""
        for data in self.half_requests():
            for tcp in (False, True):
                d = data
                if tcp and d.startswith(b"POST"):
                    d = d.replace(b"\r\n", b"\r\nAuthorization: Bearer " +
                                  TOKEN.encode() + b"\r\n", 1)
                s = self.connect(tcp)
                s.sendall(d)
                s.close()
                self.throw(d, tcp=tcp)
                if tcp:
                    s = self.connect(True)
                    s.sendall(d)
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                 b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    s.close()
        self.finish()

    def test_18_many_connections(self):
        """Hundreds of idle and half-sent connections held open while
        others are served, then completed or dropped."""
        held = []
        halves = self.half_requests()
        for i in range(240):
            tcp = i % 2 == 1
            s = self.connect(tcp)
            data = halves[i % len(halves)]
            if tcp and data.startswith(b"POST"):
                data = data.replace(b"\r\n", b"\r\nAuthorization: Bearer " +
                                    TOKEN.encode() + b"\r\n", 1)
            if data:
                s.sendall(data)
            held.append((s, data))
        # Served meanwhile, quickly.
        t = time.monotonic()
        a = Client(self.d).get("/healthz")
        if a.status != 200 or time.monotonic() - t > 2:
            self.problem("/healthz slow or failing with 240 connections held",
                         b"GET /healthz", a)
        lock = threading.Lock()
        problems, written = [], []

        def worker(n):
            rng = random.Random(SEED + 1700 + n)
            c = Client(self.d, tcp=n % 2 == 1, token=TOKEN)
            for j in range(25):
                r = rng.random()
                try:
                    if r < 0.4:
                        a = c.get(rng.choice(("/healthz", "/api/v1/status",
                                              "/api/v1/milestones?within=90d",
                                              "/api/v1/contracts?limit=5")))
                        if a.status != 200:
                            with lock:
                                problems.append(("GET failed", a))
                    elif r < 0.8:
                        body = mutate_bytes(rng, dumps(rng, mutate_object(
                            rng, {"name": "X", "start": "2025-13-01"},
                            ["name", "start"])))
                        a = c.request("POST", "/api/v1/contracts", body)
                        if a.status == 201:
                            with lock:
                                written.append(a.json())
                        elif a.status < 400 or \
                                a.headers.get("content-type") != \
                                "application/json":
                            with lock:
                                problems.append(("bad POST answered", a,
                                                 body))
                    else:
                        c.close()
                        s = self.connect(n % 2 == 1)
                        s.sendall(bytes(rng.randrange(256) for _ in range(
                            rng.randint(1, 300))))
                        s.close()
                except Exception as e:      # noqa: BLE001
                    with lock:
                        problems.append(("exception", repr(e)))
            c.close()

        threads = [threading.Thread(target=worker, args=(n,))
                   for n in range(24)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(60)
        for c in written:
            self.note_write(c)
        for p in problems:
            self.problem(f"concurrent client: {p[0]}",
                         p[2] if len(p) > 2 else b"", p[1])
        self.stats["concurrent requests"] = 24 * 25
        # Complete some held requests; close the rest.
        completed = 0
        for i, (s, data) in enumerate(held):
            if data.startswith(b"GET /healthz HTTP/1.1\r\n") and \
                    not data.endswith(b"\r\n\r\n"):
                try:
                    s.sendall(b"\r\n\r\n" if not data.endswith(b"\r\n")
                              else b"\r\n")
                    s.settimeout(5)
                    reply = b""
                    while b"\r\n\r\n" not in reply or \
                            not reply.endswith(b"}\n"):
                        chunk = s.recv(4096)
                        if not chunk:
                            break
                        reply += chunk
                    answers, _ = parse_answers(reply)
                    if not answers or answers[0].status != 200:
                        self.problem("a held request completed late got no "
                                     "200", data, show(reply))
                    completed += 1
                except OSError as e:
                    self.problem("a held connection broke", data, e)
            s.close()
        self.stats["held"] = len(held)
        self.stats["held then completed"] = completed
        self.finish()

    def test_19_descriptor_exhaustion(self):
        """More connections than the daemon has descriptors: it must not
        spin or flood its log, and it must serve again once they go."""
        def cpu_ticks():
            with open(f"/proc/{self.d.proc.pid}/stat") as f:
                st = f.read().rsplit(")", 1)[1].split()
            return int(st[11]) + int(st[12])

        log_before = self.d.log().count("\n")
        held = []
        try:
            for i in range(DAEMON_NOFILE + 150):
                try:
                    s = self.connect(tcp=i % 2 == 1, timeout=0.3)
                except OSError:
                    continue
                held.append(s)
            time.sleep(0.3)
            t0, c0 = time.monotonic(), cpu_ticks()
            time.sleep(1.0)
            busy = (cpu_ticks() - c0) / os.sysconf("SC_CLK_TCK") / \
                (time.monotonic() - t0)
            lines = self.d.log().count("\n") - log_before
        finally:
            for s in held:
                s.close()
        self.stats["connections"] = len(held)
        self.stats["log lines while over the limit"] = lines
        self.stats["cpu % while over the limit"] = int(busy * 100)
        deadline = time.monotonic() + 5
        while True:
            try:
                a = Client(self.d, timeout=2).get("/healthz")
                if a.status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.problem("not serving 5 s after the connections went",
                             b"GET /healthz")
                break
            time.sleep(0.1)
        if busy > 0.5:
            self.problem(f"spins at {busy:.0%} CPU while out of descriptors",
                         b"", f"{len(held)} idle connections")
        if lines > 100:
            self.problem(f"{lines} log lines in about a second while out of "
                         "descriptors", b"", self.d.log()[-300:])
        self.finish()

    def test_20_half_close_gets_whole_answers(self):
        """A client may half-close once its request is sent (HTTP/1.1
        allows it; nc -N, some proxies and scripts do): the answer must
        still come whole, and pipelined requests sent before it must still
        be answered."""
        for tcp in (False, True):
            auth = f"Authorization: Bearer {TOKEN}\r\n".encode() if tcp \
                else b""
            for req, want in (
                    (b"GET /api/v1/contracts?limit=1000 HTTP/1.1\r\n" + auth +
                     b"\r\n", 1),
                    (b"GET /healthz HTTP/1.1\r\n\r\n" * 20, 20)):
                s = self.connect(tcp)
                s.sendall(req)
                s.shutdown(socket.SHUT_WR)
                out = b""
                try:
                    while True:
                        chunk = s.recv(262144)
                        if not chunk:
                            break
                        out += chunk
                except OSError as e:
                    self.problem("half-closed client: read failed", req, e)
                s.close()
                answers, rest = parse_answers(out, eof=True)
                for a in answers:
                    self.check_answer(a, req)
                if len(answers) != want or rest:
                    head = rest[:rest.find(b"\r\n\r\n")] if rest else b""
                    self.problem(
                        "half-closed client: "
                        f"{len(answers)} whole answers of {want}"
                        + (f", then {len(rest)} bytes of a cut answer" if rest
                           else ""), req, show(head, 200))
        self.finish()

    def test_99_clean_shutdown(self):
        """Last: SIGTERM ends it with 0, and the log has no sanitizer
        report."""
        unclean = type(self).unclean_shutdown()
        self.assertIsNone(unclean, unclean)


if __name__ == "__main__":
    tap.main()
