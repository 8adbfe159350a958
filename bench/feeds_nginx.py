#!/usr/bin/env python3
"""A cached feed served by tenured beside the same bytes served by nginx
(issue 17): `wrk -t1 -c16` for BENCH_SECONDS (default 10) each, the full
answer (200) and the revalidation (304, If-None-Match), on one machine in
one run.

Starts the built tenured with the integration-test harness (TCP listener),
imports contracts until the feed of scope `all` holds at least
BENCH_EVENTS (default 1,000) events, fetches the feed once, writes the
same bytes to a private directory and serves them with nginx
(`master_process off`, i.e. one worker; `sendfile on`; `etag on`). Prints
requests per second of each and the ratio; figures, never pass/fail.

Environment: TENURED (default build-release/daemon/tenured), NGINX,
BENCH_SECONDS, BENCH_EVENTS. Needs wrk and nginx (scripts/bootstrap).
"""
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
os.environ.setdefault("TENURED", os.path.join(
    ROOT, "build-release", "daemon", "tenured"))
import harness  # noqa: E402
from report import row  # noqa: E402

TOKEN = "bench-feeds-token-0123456789abcdef"
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
EVENTS = int(os.environ.get("BENCH_EVENTS", "1000"))
NGINX = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"


def csv_rows(first, n):
    rows = ["name,email,manager_email,unit,start"]
    for i in range(first, first + n):
        rows.append(f"Person {i},p{i}@example.org,lead{i % 40}@example.org,"
                    f"U{i % 12},{2020 + i % 7}-{1 + i % 12:02d}-01")
    return "\n".join(rows) + "\n"


def wrk(url, headers=()):
    argv = ["wrk", "-t1", "-c16", f"-d{SECONDS}s", "--latency"]
    for h in headers:
        argv += ["-H", h]
    out = subprocess.run(argv + [url], capture_output=True, text=True,
                         check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, int(non2xx.group(1)) if non2xx else 0


def syscalls(pid, url, seconds=3):
    """System calls per answered request of a process under wrk: strace -c
    over a short run of its own (strace slows the process; its requests/s
    are not a figure)."""
    if not shutil.which("strace"):
        return None
    tracer = subprocess.Popen(["strace", "-f", "-c", "-p", str(pid)],
                              stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    out = subprocess.run(["wrk", "-t1", "-c16", f"-d{seconds}s", url],
                         capture_output=True, text=True, check=True).stdout
    tracer.send_signal(2)
    table = tracer.communicate()[1]
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    calls = {}
    for line in table.splitlines():
        f = line.split()
        if len(f) >= 5 and f[-1].isidentifier() and f[3].isdigit():
            calls[f[-1]] = int(f[3])
    return requests, calls


def get(port, path, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", path, headers=headers or {})
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, dict(r.getheaders()), body


def nginx_serving(workdir, body, port):
    www = os.path.join(workdir, "www")
    os.makedirs(www)
    with open(os.path.join(www, "feed.ics"), "wb") as f:
        f.write(body)
    conf = os.path.join(workdir, "nginx.conf")
    temps = "\n".join(f"  {k}_temp_path {workdir}/{k};" for k in (
        "client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    with open(conf, "w") as f:
        f.write(f"""daemon off;
master_process off;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log;
events {{ worker_connections 256; }}
http {{
  access_log off;
  sendfile on;
  tcp_nopush on;
{temps}
  server {{
    listen 127.0.0.1:{port};
    root {www};
    location / {{ default_type "text/calendar; charset=utf-8"; etag on; }}
  }}
}}
""")
    proc = subprocess.Popen([NGINX, "-p", workdir, "-c", conf],
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("nginx did not start")


def main():
    d = harness.Daemon(listen=True, token=TOKEN).start()
    work = tempfile.mkdtemp(prefix="bench-feeds-")
    nginx = None
    try:
        auth = {"Authorization": "Bearer " + TOKEN}
        a = d.post("/api/v1/feeds", {"name": "bench", "scope": "all"})
        url = a.json()["url"]
        path = url[url.index("/feeds/"):]
        n, events, body = 0, 0, b""
        while events < EVENTS:
            r = d.request("POST", "/api/v1/contracts/import",
                          body=csv_rows(n, 50), content_type="text/csv")
            assert r.status in (200, 201), r
            n += 50
            time.sleep(0.3)         # feeds re-render after the write
            status, headers, body = get(d.listen_port, path)
            events = body.count(b"BEGIN:VEVENT")
        etag = headers.get("ETag")
        port = harness.free_port()
        nginx = nginx_serving(work, body, port)
        _, nh, nbody = get(port, "/feed.ics")
        assert nbody == body
        rows = []
        t200, _ = wrk(f"http://127.0.0.1:{d.listen_port}{path}")
        n200, _ = wrk(f"http://127.0.0.1:{port}/feed.ics")
        rows.append((f"feed 200, {events} events, {len(body) // 1024} KiB",
                     t200, n200))
        t304, _ = wrk(f"http://127.0.0.1:{d.listen_port}{path}",
                      [f"If-None-Match: {etag}"])
        n304, _ = wrk(f"http://127.0.0.1:{port}/feed.ics",
                      [f"If-None-Match: {nh.get('ETag')}"])
        rows.append(("feed 304 (If-None-Match)", t304, n304))
        traced = syscalls(d.proc.pid,
                          f"http://127.0.0.1:{d.listen_port}{path}")
        # A 10,000-event calendar rendered on demand (the export renders
        # what a feed renders), median of 5, over the socket.
        while events < 10 * EVENTS:
            r = d.request("POST", "/api/v1/contracts/import",
                          body=csv_rows(n, 200), content_type="text/csv")
            assert r.status in (200, 201), r
            n += 200
            a = d.get("/api/v1/export?scope=all")
            events = a.body.count(b"BEGIN:VEVENT")
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            a = d.get("/api/v1/export?scope=all")
            times.append((time.perf_counter() - t0) * 1000)
        render = (events, sorted(times)[2])
        del auth
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait()
        d.cleanup()
        shutil.rmtree(work, ignore_errors=True)
    print(f"{'feeds: wrk -t1 -c16, ' + str(SECONDS) + ' s each':40} "
          f"{'tenured/s':>10} {'nginx/s':>10} {'ratio':>6}")
    for name, t, n in rows:
        print(f"{name:40} {t:10.0f} {n:10.0f} {t / n:6.2f}")
    print(f"{'render ' + str(render[0]) + ' events (export, ms)':40} "
          f"{render[1]:10.1f} {'100 (target)':>10}")
    if traced:
        requests, calls = traced
        top = sorted(((k, v) for k, v in calls.items() if k != "total"),
                     key=lambda kv: -kv[1])[:8]
        print("tenured's system calls per feed 200 (strace -c, its own "
              "short run): " + ", ".join(
                  f"{k} {v / max(requests, 1):.2f}" for k, v in top))
    (name200, t200, n200), (_, t304, n304) = rows
    row("feed_200", f"cached {name200} (wrk -t1 -c16)", round(t200), "req/s",
        "nginx, same bytes", round(n200), ">= 1.0x nginx", t200 >= n200)
    row("feed_304", "feed 304, If-None-Match (wrk -t1 -c16)", round(t304),
        "req/s", "nginx", round(n304), ">= 0.8x nginx", t304 >= 0.8 * n304)
    row("render_export", f"export of {render[0]} events over the API",
        round(render[1], 1), "ms", target="< 100 ms (the render alone)",
        better="lower")


if __name__ == "__main__":
    main()
