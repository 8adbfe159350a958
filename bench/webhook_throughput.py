#!/usr/bin/env python3
"""Webhook throughput (issue 17, item 4): BENCH_WEBHOOKS (default 20,000)
webhook reminders due at once, delivered by the real daemon to a local
receiver, while a second client times API requests one after another.

The receiver is a small asyncio HTTP/1.1 server with keep-alive, in a
process of its own on loopback: it answers 200 to every POST and counts
them (and their distinct webhook-id). Its own rate is measured first, in
the same run, with wrk POSTing the same kind of request for
BENCH_ANCHOR_SECONDS (default 5) with 8 connections: the anchor.

Then the built tenured is started with the integration-test harness
(TCP listener and a token) at --now 2026-11-01 with one rule,
`renewal_decision_due = 7d -> hr via webhook:bench`, and BENCH_WEBHOOKS
contracts are imported whose 7d reminder falls on 2026-11-23 09:00. The
daemon is stopped and started again at --now 2026-11-23T10:00:00Z: every
reminder is due at once. Timed: deliveries per second from the first
request received until every outbox row reads `sent` (a delivery is done
when its 2xx is recorded: the figure of the BENCH-ROW), and from the
first to the last request received. Meanwhile
a client on TCP sends BENCH_API_PATH (default the first page of
milestones within 90 days) one request after another and reports p50, p99
and max latency.

Bounded: the deliveries get BENCH_DEADLINE seconds (default 60); what
sent by then gives the rate. Prints BENCH-ROW lines (bench/report.py):
webhook_rate and webhook_api_p99.

Environment: TENURED (default build-release/daemon/tenured),
BENCH_WEBHOOKS, BENCH_DEADLINE, BENCH_ANCHOR_SECONDS, BENCH_API_PATH.
Needs wrk (scripts/bootstrap).
"""
import asyncio
import http.client
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
sys.path.insert(0, os.path.join(ROOT, "bench"))
os.environ.setdefault("TENURED", os.path.join(
    ROOT, "build-release", "daemon", "tenured"))

import harness  # noqa: E402
from report import row  # noqa: E402
from rules import others_off  # noqa: E402

WEBHOOKS = int(os.environ.get("BENCH_WEBHOOKS", "20000"))
DEADLINE = float(os.environ.get("BENCH_DEADLINE", "60"))
ANCHOR_SECONDS = int(os.environ.get("BENCH_ANCHOR_SECONDS", "5"))
API_PATH = os.environ.get("BENCH_API_PATH",
                          "/api/v1/milestones?within=90d&limit=50")
TOKEN = "bench-webhook-token-0123456789abcdef"
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
TARGET = 2000
P99_TARGET_MS = 50.0
RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"


class _Hook(asyncio.Protocol):
    """One keep-alive connection: requests are cut at the end of their
    headers plus Content-Length; each gets an empty 200."""

    def __init__(self, stats):
        self.stats = stats
        self.buf = b""

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.buf += data
        out = []
        while True:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                break
            head = self.buf[:end].lower()
            length = 0
            i = head.find(b"\r\ncontent-length:")
            if i >= 0:
                j = head.find(b"\r\n", i + 2)
                length = int(head[i + 17:j if j >= 0 else len(head)])
            if len(self.buf) < end + 4 + length:
                break
            i = head.find(b"\r\nwebhook-id:")
            if i >= 0:
                j = head.find(b"\r\n", i + 2)
                self.stats["ids"].add(
                    head[i + 13:j if j >= 0 else len(head)].strip())
            self.buf = self.buf[end + 4 + length:]
            now = time.monotonic()
            s = self.stats
            s["count"] += 1
            if s["first"] is None:
                s["first"] = now
            s["last"] = now
            out.append(RESPONSE)
        if out:
            self.transport.write(b"".join(out))


def _receiver_main(sock, conn):
    """The receiver's process: serves sock, answers conn's commands
    ("stats", "reset", "stop") from a thread."""
    stats = {"count": 0, "first": None, "last": None, "ids": set(),
             "connections": 0}
    loop = asyncio.new_event_loop()

    def factory():
        stats["connections"] += 1
        return _Hook(stats)

    def control():
        while True:
            cmd = conn.recv()
            if cmd == "stop":
                loop.call_soon_threadsafe(loop.stop)
                return
            done = threading.Event()
            reply = {}

            def act():
                if cmd == "reset":
                    stats.update(count=0, first=None, last=None, ids=set(),
                                 connections=0)
                reply.update(count=stats["count"], first=stats["first"],
                             last=stats["last"], distinct=len(stats["ids"]),
                             connections=stats["connections"])
                done.set()
            loop.call_soon_threadsafe(act)
            done.wait()
            conn.send(reply)

    loop.run_until_complete(loop.create_server(factory, sock=sock))
    threading.Thread(target=control, daemon=True).start()
    loop.run_forever()


class Receiver:
    def __init__(self):
        import socket
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1024)
        self.port = self.sock.getsockname()[1]
        self.conn, child = multiprocessing.Pipe()
        ctx = multiprocessing.get_context("fork")
        self.proc = ctx.Process(target=_receiver_main,
                                args=(self.sock, child), daemon=True)
        self.proc.start()

    def url(self):
        return f"http://127.0.0.1:{self.port}/hook"

    def ask(self, cmd="stats"):
        self.conn.send(cmd)
        return self.conn.recv()

    def stop(self):
        try:
            self.conn.send("stop")
        except OSError:
            pass
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()


def receiver_alone(rx, workdir):
    """wrk POSTs a webhook-sized JSON body with the same headers."""
    script = os.path.join(workdir, "post.lua")
    body = '{"type":"reminder.due","id":"msg_tenured_1",' + \
        '"milestone":{"kind":"renewal_decision_due"}' + ' ' * 400 + '}'
    with open(script, "w") as f:
        f.write('wrk.method = "POST"\n'
                f"wrk.body = '{body}'\n"
                'wrk.headers["Content-Type"] = "application/json"\n'
                'wrk.headers["webhook-id"] = "msg_tenured_1"\n'
                'wrk.headers["webhook-timestamp"] = "1795000000"\n'
                'wrk.headers["webhook-signature"] = "v1,' + 'A' * 44 + '"\n')
    out = subprocess.run(
        ["wrk", "-t1", "-c8", f"-d{ANCHOR_SECONDS}s", "-s", script,
         rx.url()], capture_output=True, text=True, check=True).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


class ApiTimer(threading.Thread):
    """GETs path over TCP with the token, one request after another, on
    one keep-alive connection (a new one after an error)."""

    def __init__(self, port, path):
        super().__init__(daemon=True)
        self.port = port
        self.path = path
        self.times = []
        self.errors = 0
        self.stopping = threading.Event()

    def run(self):
        headers = {"Authorization": "Bearer " + TOKEN}
        c = None
        while not self.stopping.is_set():
            if c is None:
                c = http.client.HTTPConnection("127.0.0.1", self.port,
                                               timeout=30)
            t0 = time.perf_counter()
            try:
                c.request("GET", self.path, headers=headers)
                r = c.getresponse()
                r.read()
                ok = r.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
            t = (time.perf_counter() - t0) * 1000
            if ok:
                self.times.append(t)
            else:
                self.errors += 1
                c.close()
                c = None
        if c is not None:
            c.close()


def pct(sorted_ms, p):
    if not sorted_ms:
        return float("nan")
    return sorted_ms[min(len(sorted_ms) - 1, int(len(sorted_ms) * p))]


def deliver_all(daemons, rx):
    """Starts the daemons (all due at once from their first instant) and
    waits until every row reads sent, timing the API of the first: the
    receiver's stats, when all were received and recorded, the sent count
    and the API timer."""
    d = daemons[0]
    timer = ApiTimer(d.listen_port, API_PATH)
    start = time.monotonic()
    for x in daemons:
        x.now = "2026-11-23T10:00:00Z"
        x.start()
    timer.start()
    end = start + DEADLINE
    received = None
    recorded = None
    while time.monotonic() < end:
        s = rx.ask()
        if received is None and s["count"] >= WEBHOOKS:
            received = time.monotonic()
        if received is not None:
            counts = d.get("/api/v1/outbox?limit=1").json()["counts"]
            if counts["sent"] >= WEBHOOKS:
                recorded = time.monotonic()
                break
        time.sleep(0.1)
    timer.stopping.set()
    s = rx.ask()
    counts = d.get("/api/v1/outbox?limit=1").json()["counts"]
    stopped = time.monotonic()
    timer.join(35)
    return start, s, received, recorded, counts, stopped, timer


def two_daemons(d, rx, secret_lines, anchor_rate):
    """PostgreSQL: the same batch again, sent by two daemons sharing the
    database, beside one daemon's rate measured just before."""
    d.stop()
    rx.ask("reset")
    harness.pg_server().sql(harness.database_name(d.database),
                            "UPDATE outbox SET status = 'pending', "
                            "attempts = 0, sent_at = NULL, claimed_by = NULL, "
                            "lease_until = NULL, first_attempt_at = NULL")
    d.now = "2026-11-01T10:00:00Z"
    e = harness.Daemon(now="2026-11-01T10:00:00Z", token=TOKEN, listen=True,
                       database=d.database)
    e.write_config(secret_lines)
    try:
        start, s, received, recorded, counts, stopped, timer = \
            deliver_all([d, e], rx)
        d.stop()
        e.stop()
    finally:
        e.cleanup()
    done = (recorded - s["first"]) if recorded is not None else None
    rate = WEBHOOKS / done if done else \
        counts["sent"] / (stopped - s["first"]) if s["count"] else 0.0
    print(f"two daemons on one database: {s['count']} received "
          f"({s['distinct']} distinct webhook-id), {rate:.0f} deliveries/s")
    row("webhook_rate_two", f"webhook deliveries/s, {WEBHOOKS} due at "
        "once, two daemons on one database", round(rate), "/s",
        anchor="one daemon", anchor_value=round(anchor_rate),
        target="more than one daemon", met=rate > anchor_rate and
        s["distinct"] == WEBHOOKS)


def main():
    work = tempfile.mkdtemp(prefix="bench-webhook-")
    rx = Receiver()
    d = None
    try:
        anchor = receiver_alone(rx, work)
        rx.ask("reset")
        secret = os.path.join(work, "bench.secret")
        with open(secret, "w") as f:
            f.write(SECRET + "\n")
        d = harness.Daemon(now="2026-11-01T10:00:00Z", token=TOKEN,
                           listen=True)
        lines = ["[reminders]", "hr = hr@example.org",
                 "renewal_decision_due = 7d -> hr via webhook:bench"]
        lines += others_off("renewal_decision_due")
        lines += ["[webhook.bench]", f"url = {rx.url()}",
                  f"secret_file = {secret}"]
        config = "\n".join(lines) + "\n"
        d.write_config(config)
        d.start()
        t0 = time.monotonic()
        for first in range(0, WEBHOOKS, 5000):
            csv = ["name,email,start"] + [
                f"Person {i},p{i}@example.org,2024-06-01"
                for i in range(first, min(WEBHOOKS, first + 5000))]
            a = d.post("/api/v1/contracts/import", "\n".join(csv) + "\n",
                       content_type="text/csv")
            assert a.status == 201, a
        imported = time.monotonic() - t0
        counts = d.get("/api/v1/outbox?limit=1").json()["counts"]
        assert counts["pending"] == WEBHOOKS, counts
        d.stop()
        # Every reminder is due from the first instant of this start.
        start, s, received, recorded, counts, stopped, timer = \
            deliver_all([d], rx)
        one = WEBHOOKS / (recorded - s["first"]) if recorded else 0.0
        if harness.BACKEND == "postgresql":
            two_daemons(d, rx, config, one)
    finally:
        if d is not None:
            d.cleanup()
        rx.stop()
        subprocess.run(["rm", "-rf", work])

    n = s["count"]
    span = (s["last"] - s["first"]) if n > 1 else float("nan")
    wire = (n - 1) / span if n > 1 and span > 0 else 0.0
    done = (recorded - s["first"]) if recorded is not None else None
    if done:
        rate = WEBHOOKS / done
    elif n > 0:
        rate = counts["sent"] / (stopped - s["first"])
    else:
        rate = 0.0
    times = sorted(timer.times)
    p50, p99, worst = pct(times, 0.50), pct(times, 0.99), \
        (times[-1] if times else float("nan"))
    print(f"webhooks: {WEBHOOKS} due at once ({imported:.1f} s to import "
          f"and plan), {n} received ({s['distinct']} distinct webhook-id) "
          f"over {s['connections']} connection(s)")
    print(f"receiver alone (wrk -t1 -c8 POST, {ANCHOR_SECONDS} s): "
          f"{anchor:.0f} requests/s")
    print(f"first to last received: {span:.2f} s: {wire:.0f} requests/s")
    if done:
        print(f"first received to every row sent: {done:.2f} s: "
              f"{rate:.0f} deliveries/s")
    if received is not None:
        print(f"all received {received - start:.2f} s after the start; ",
              end="")
    else:
        print(f"not all received within {DEADLINE:.0f} s; ", end="")
    if recorded is not None:
        print(f"all rows sent after {recorded - start:.2f} s "
              f"({WEBHOOKS / (recorded - start):.0f} rows/s from the "
              f"start)")
    else:
        print(f"rows sent when it stopped: {counts.get('sent')} "
              f"(sending {counts.get('sending')}, pending "
              f"{counts.get('pending')}, retrying {counts.get('retrying')})")
    print(f"API during delivery: {API_PATH}: {len(times)} requests, "
          f"{timer.errors} errors, p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
          f"max {worst:.1f} ms")
    row("webhook_rate", f"webhook deliveries/s, {WEBHOOKS} due at once",
        round(rate), "/s", anchor="receiver alone",
        anchor_value=round(anchor), target=">= 2,000/s",
        met=rate >= TARGET and recorded is not None)
    row("webhook_api_p99", "API p99 while webhooks are delivered",
        round(p99, 1), "ms", target="< 50 ms",
        met=bool(times) and p99 < P99_TARGET_MS and timer.errors == 0,
        better="lower")


if __name__ == "__main__":
    main()
