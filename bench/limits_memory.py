#!/usr/bin/env python3
"""What the unit's LimitNOFILE= and MemoryMax= must hold (SPEC section 13):
the daemon's descriptors and memory at rest and under hostile TCP clients,
at the default max_connections (256).

Starts the built tenured with the integration-test harness (a TCP listener
and a token), then reads /proc/PID (descriptors open, VmRSS, VmHWM):

- at rest;
- with 256 + 200 idle TCP connections (the cap holds 256, the rest wait in
  the kernel's backlog), before the header deadline closes them;
- after 64 unauthenticated clients each sent a 4 MB body (refused before
  their bodies are read);
- after 16 authenticated clients each sent a 4 MB body at once (evhttp
  buffers up to 4 x max_body each before the routing answers 413): the
  most a signed-in crowd can make it hold.

Prints figures, never pass/fail. Environment: TENURED (default
build-release/daemon/tenured).
"""
import os
import socket
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
os.environ.setdefault("TENURED", os.path.join(
    ROOT, "build-release", "daemon", "tenured"))
import harness  # noqa: E402
from report import row  # noqa: E402

TOKEN = "bench-limits-token-0123456789abcdef"
BIG = 4 * 1000 * 1000


def proc(pid):
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    status = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            status[k] = v.strip()
    return fds, int(status["VmRSS"].split()[0]) / 1024, \
        int(status["VmHWM"].split()[0]) / 1024


def big_posts(port, n, token):
    def one():
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=30)
            head = (b"POST /api/v1/contracts/import HTTP/1.1\r\nHost: x\r\n"
                    b"Content-Type: text/csv\r\nContent-Length: %d\r\n" % BIG)
            if token:
                head += b"Authorization: Bearer " + token.encode() + b"\r\n"
            s.sendall(head + b"\r\n")
            chunk = b"x" * 65536
            for _ in range(BIG // len(chunk)):
                s.sendall(chunk)
            s.sendall(b"x" * (BIG % len(chunk)))
            s.recv(4096)
            s.close()
        except OSError:
            pass
    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)


def main():
    d = harness.Daemon(listen=True, token=TOKEN).start()
    pid = d.proc.pid
    rows = []
    try:
        rows.append(("at rest",) + proc(pid))
        crowd = []
        for _ in range(456):
            try:
                crowd.append(socket.create_connection(
                    ("127.0.0.1", d.listen_port), timeout=2))
            except OSError:
                break
        time.sleep(1)
        rows.append((f"{len(crowd)} idle TCP connections",) + proc(pid))
        for s in crowd:
            s.close()
        time.sleep(1)
        big_posts(d.listen_port, 64, None)
        rows.append(("64 unauthenticated 4 MB bodies",) + proc(pid))
        big_posts(d.listen_port, 16, TOKEN)
        rows.append(("16 authenticated 4 MB bodies",) + proc(pid))
    finally:
        d.cleanup()
    print(f"{'limits: daemon under hostile TCP clients':44} "
          f"{'fds':>5} {'RSS MB':>8} {'peak MB':>8}")
    for name, fds, rss, hwm in rows:
        print(f"{name:44} {fds:5d} {rss:8.1f} {hwm:8.1f}")
    fds = max(r[1] for r in rows)
    peak = max(r[3] for r in rows)
    row("limits_fds", "descriptors, most under hostile TCP clients", fds,
        "", "LimitNOFILE", 1024, "< LimitNOFILE", fds < 1024, "lower")
    row("limits_peak", "peak RSS under hostile TCP clients", round(peak, 1),
        "MB", "MemoryMax", 256, "< MemoryMax", peak < 256, "lower")


if __name__ == "__main__":
    main()
