#!/usr/bin/env python3
"""Through the API: `upcoming --within 90d` over many contracts, the daemon's
memory with them loaded, and how idle the idle daemon is.

Starts the built tenured with the integration-test harness on a private
directory (--now 2026-11-23T09:00:00Z), imports BENCH_CONTRACTS (default
100,000) generated contracts as CSV through POST /api/v1/contracts/import in
chunks of 10,000 rows, then:

- times GET /api/v1/milestones?within=90d (the first page, default limit
  1000) 50 times over the Unix socket, a fresh connection each time;
- times `tenurectl upcoming --within 90d` end to end 10 times (it fetches
  every page of the window and prints a table);
- reads VmRSS and VmHWM from /proc/PID/status after the import and after
  the queries;
- leaves the daemon alone for BENCH_IDLE_SECONDS (default 60) and reports
  its context switches (each one of an idle process is a wakeup) and CPU
  time over that window; then, if strace is installed (and BENCH_STRACE is
  not 0), watches a second window of the same length with
  `strace -f -c -p PID` and summarises the system calls seen. The strace
  window is separate because attaching strace itself wakes the process.

Prints figures, never pass/fail; the targets (first page under 20 ms, RSS
under 40 MB, no wakeups while idle) are judged by whoever reads them.

Environment: TENURED (default build-release/daemon/tenured), TENURECTL
(default build-release/cli/tenurectl), BENCH_CONTRACTS, BENCH_IDLE_SECONDS,
BENCH_STRACE, BENCH_KEEP=1 keeps the temporary directory.
"""
import datetime
import glob
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))

import harness  # noqa: E402
from report import row  # noqa: E402


def binary(env, default):
    path = os.environ.get(env)
    if path:
        return os.path.abspath(path)
    return os.path.join(ROOT, default)


TENURED = binary("TENURED", "build-release/daemon/tenured")
TENURECTL = binary("TENURECTL", "build-release/cli/tenurectl")
CONTRACTS = int(os.environ.get("BENCH_CONTRACTS", "100000"))
IDLE_SECONDS = float(os.environ.get("BENCH_IDLE_SECONDS", "60"))
USE_STRACE = os.environ.get("BENCH_STRACE", "1") != "0"
KEEP = os.environ.get("BENCH_KEEP", "0") == "1"
NOW = "2026-11-23T09:00:00Z"
CHUNK = 10000
QUERIES = 50
CLI_RUNS = 10
MAX_BODY = 67108864
PAGE_PATH = "/api/v1/milestones?within=90d"

COLUMNS = ["name", "email", "manager_email", "unit", "vacancy", "post_title",
           "grade", "start", "staff_type", "twin_graded", "birth_date",
           "renewed_until", "conversion_requested_on", "converted_on",
           "separated_on", "separation_reason"]
STAFF_TYPES = ["external", "seconded", "serving"]
DIVISIONS = ["OCIO", "DPP", "EmO", "OLA", "NOS", "PDD", "ESC", "JFC", "NCIA",
             "STO", "IS", "IMS"]
TITLES = ["Software Engineer", "Policy Officer", "Finance Assistant",
          "Legal Adviser", "Analyst", "Project Manager", "Translator",
          "Budget Officer", "Network Engineer", "HR Officer"]
GRADES = ["A-2", "A-3", "A-4", "A-5", "B-3", "B-4", "B-5", "B-6"]


# --- a deterministic generator: the same data on every run and Python ---

class XorShift:
    def __init__(self, seed=2463534242):
        self.state = seed

    def next(self):
        x = self.state
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        self.state = x
        return x

    def below(self, n):
        return self.next() % n


# --- SPEC section 4 date arithmetic ---

def add_months(d, n):
    """Same day n months later; if it does not exist, the 1st of the next."""
    months = d.year * 12 + (d.month - 1) + n
    y, m = divmod(months, 12)
    m += 1
    try:
        return datetime.date(y, m, d.day)
    except ValueError:
        y2, m2 = (y + 1, 1) if m == 12 else (y, m + 1)
        return datetime.date(y2, m2, 1)


def term_end(start, months):
    """A term of n months from S ends the day before the anniversary."""
    return add_months(start, months) - datetime.timedelta(days=1)


def generate_rows(count):
    """The contracts as lists of CSV cells, in COLUMNS order."""
    rng = XorShift()
    base = datetime.date(2019, 1, 1)
    span = (datetime.date(2026, 12, 31) - base).days + 1
    units = [f"{DIVISIONS[i % len(DIVISIONS)]}-{i // len(DIVISIONS) + 1:02d}"
             for i in range(300)]
    stats = {"renewed": 0, "birth_date": 0, "twin_graded": 0,
             "staff": dict.fromkeys(STAFF_TYPES, 0)}
    rows = []
    for i in range(count):
        start = base + datetime.timedelta(days=rng.below(span))
        staff = STAFF_TYPES[rng.below(3)]
        twin = rng.below(3) == 0
        renewed = rng.below(3) == 0
        birth = ""
        if rng.below(2):
            # Born 1968 or later, someone renewed to the cap reaches 65
            # after it (the cap is at the latest 2032-12-30), so the age
            # limit never makes the renewal refused; others from 1958.
            first = 1968 if renewed else 1958
            birth = datetime.date(first + rng.below(1999 - first + 1),
                                  1 + rng.below(12),
                                  1 + rng.below(28)).isoformat()
        # A third renewed to the 72-month cap (E < cap = L(E) here: the
        # 36-month renewal from E + 1 ends the day before start + 72).
        until = term_end(start, 72).isoformat() if renewed else ""
        vacancy = (f"VN-{start.year}-{rng.below(400):04d}"
                   if rng.below(2) else "")
        rows.append([
            f"Person {i}",
            f"person{i}@example.org",
            f"manager{rng.below(400)}@example.org",
            units[rng.below(len(units))],
            vacancy,
            TITLES[rng.below(len(TITLES))],
            GRADES[rng.below(len(GRADES))],
            start.isoformat(),
            staff,
            "true" if twin else "false",
            birth,
            until,
            "", "", "", "",
        ])
        stats["staff"][staff] += 1
        stats["renewed"] += renewed
        stats["birth_date"] += birth != ""
        stats["twin_graded"] += twin
    return rows, stats


def to_csv(rows):
    # No cell holds a comma, quote or newline: no quoting needed.
    return ",".join(COLUMNS) + "\n" + "".join(
        ",".join(r) + "\n" for r in rows)


# --- /proc readings ---

def proc_status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            out[key] = value.strip()
    return out


def kib(value):
    return int(value.split()[0])


def memory(pid):
    s = proc_status(pid)
    return {"VmRSS": kib(s["VmRSS"]), "VmHWM": kib(s["VmHWM"]),
            "RssAnon": kib(s.get("RssAnon", "0 kB")),
            "RssFile": kib(s.get("RssFile", "0 kB")),
            "Threads": int(s["Threads"])}


def activity(pid):
    """Context switches and CPU ticks, summed over every thread."""
    vol = nonvol = 0
    for task in glob.glob(f"/proc/{pid}/task/*"):
        try:
            s = {}
            with open(os.path.join(task, "status")) as f:
                for line in f:
                    key, _, value = line.partition(":")
                    s[key] = value.strip()
        except OSError:
            continue    # a thread that ended meanwhile
        vol += int(s["voluntary_ctxt_switches"])
        nonvol += int(s["nonvoluntary_ctxt_switches"])
    with open(f"/proc/{pid}/stat") as f:
        stat = f.read()
    # The command name may hold spaces; fields resume after its ')'.
    fields = stat[stat.rindex(")") + 2:].split()
    utime, stime = int(fields[11]), int(fields[12])
    return {"voluntary": vol, "nonvoluntary": nonvol, "utime": utime,
            "stime": stime,
            "threads": len(glob.glob(f"/proc/{pid}/task/*"))}


def mib(k):
    return k / 1024.0


# --- measurements ---

def percentile(values, p):
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


def summary(values):
    return {"median": statistics.median(values), "p95": percentile(values, 95),
            "max": max(values), "min": min(values)}


def import_all(d, rows):
    times = []
    for i in range(0, len(rows), CHUNK):
        body = to_csv(rows[i:i + CHUNK])
        t0 = time.perf_counter()
        a = d.request("POST", "/api/v1/contracts/import", body=body,
                      content_type="text/csv")
        times.append(time.perf_counter() - t0)
        if a.status != 201:
            raise SystemExit(f"import of rows {i + 1}-{i + CHUNK} answered "
                             f"{a.status}: {a.body[:2000]!r}")
        n = a.json()["imported"]
        if n != len(rows[i:i + CHUNK]):
            raise SystemExit(f"import answered imported={n}")
        print(f"  chunk {i // CHUNK + 1}: {len(body)} bytes, "
              f"{times[-1]:.2f} s", flush=True)
    return times


def time_first_page(d):
    times = []
    first = None
    for _ in range(QUERIES):
        t0 = time.perf_counter()
        a = d.get(PAGE_PATH)      # a fresh connection each time
        times.append((time.perf_counter() - t0) * 1000.0)
        if a.status != 200:
            raise SystemExit(f"GET {PAGE_PATH} answered {a.status}: "
                             f"{a.body[:500]!r}")
        if first is None:
            first = a
    body = first.json()
    return times, len(body["milestones"]), body["next_after"], len(first.body)


def time_metrics(d, runs=10):
    """GET /metrics: every count read in one snapshot, in the loop."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        a = d.get("/metrics")
        times.append((time.perf_counter() - t0) * 1000.0)
        if a.status != 200:
            raise SystemExit(f"GET /metrics answered {a.status}")
    return times


def time_cli(d):
    if not os.access(TENURECTL, os.X_OK):
        return None, f"{TENURECTL} is missing or not executable; skipped"
    argv = [TENURECTL, "--socket", d.socket_path, "upcoming", "--within",
            "90d"]
    times = []
    lines = 0
    for _ in range(CLI_RUNS):
        t0 = time.perf_counter()
        try:
            p = subprocess.run(argv, capture_output=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as e:
            return None, f"tenurectl failed ({e}); skipped"
        times.append((time.perf_counter() - t0) * 1000.0)
        if p.returncode != 0:
            return None, (f"tenurectl exited {p.returncode}: "
                          f"{p.stderr.decode(errors='replace')[:500]}; "
                          "skipped")
        lines = p.stdout.count(b"\n")
    return times, lines


def window_size(d):
    """Every milestone of the window, paging the API like tenurectl does."""
    total, pages, after = 0, 0, None
    while True:
        path = PAGE_PATH + "&limit=1000" + (f"&after={after}" if after else "")
        body = d.get(path).json()
        total += len(body["milestones"])
        pages += 1
        after = body["next_after"]
        if after is None:
            return total, pages


def strace_window(pid, seconds):
    strace = shutil.which("strace")
    if strace is None:
        return None, "strace is not installed; skipped"
    out = tempfile.NamedTemporaryFile(prefix="tenured-strace-", delete=False)
    out.close()
    try:
        p = subprocess.Popen([strace, "-f", "-c", "-o", out.name, "-p",
                              str(pid)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        time.sleep(seconds)
        p.send_signal(signal.SIGINT)
        try:
            _, err = p.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            _, err = p.communicate()
        with open(out.name) as f:
            text = f.read()
    finally:
        os.unlink(out.name)
    err = err.decode(errors="replace")
    # strace -c writes no table at all when it saw no system call, and it
    # ends by SIGINT's status; "attached" tells that it did watch.
    if not text.strip() and "attached" not in err:
        return None, "strace failed: " + err.strip()[:300]
    calls = {}
    for line in text.splitlines():
        m = re.match(r"\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:(\d+)\s+)?"
                     r"([a-z_0-9]+)\s*$", line)
        if m and m.group(3) != "total":
            calls[m.group(3)] = int(m.group(1))
    return calls, text


def main():
    if not os.access(TENURED, os.X_OK):
        raise SystemExit(f"{TENURED}: not built (ninja -C build-release)")
    harness.TENURED = TENURED
    harness.TENURECTL = TENURECTL
    print(f"api_upcoming: {CONTRACTS} contracts, daemon {TENURED}",
          flush=True)
    t0 = time.perf_counter()
    rows, gen = generate_rows(CONTRACTS)
    gen_s = time.perf_counter() - t0

    workdir = tempfile.mkdtemp(prefix="tenured-bench-")
    d = harness.Daemon(workdir=workdir, config=f"max_body = {MAX_BODY}\n",
                       now=NOW)
    fig = {}
    # The harness hands the API socket over with `3<&FD FD<&-`, which
    # closes it when FD is 3 itself (the daemon then logs "ignoring passed
    # socket 3" and binds the path on its own): keep fd 3 taken meanwhile.
    spare = os.open(os.devnull, os.O_RDONLY)
    try:
        d.start()
        os.close(spare)
        spare = None
        pid = d.proc.pid
        if "ignoring passed socket" in d.log():
            print("note: tenured did not take the activated socket",
                  flush=True)
        fig["mem_start"] = memory(pid)

        print("importing", flush=True)
        t0 = time.perf_counter()
        chunk_times = import_all(d, rows)
        fig["import_total"] = time.perf_counter() - t0
        fig["import_chunks"] = chunk_times
        del rows
        status = d.get("/api/v1/status").json()
        fig["status"] = status
        if d.backend == "postgresql":
            # The database's own size, as the server counts it (its WAL is
            # the cluster's, shared by every database).
            fig["db_bytes"] = d.query(
                "SELECT pg_database_size(current_database())")[0][0]
        else:
            fig["db_bytes"] = sum(os.path.getsize(p) for p in
                                  glob.glob(d.database + "*"))
        fig["mem_loaded"] = memory(pid)

        print("querying", flush=True)
        times, items, next_after, page_bytes = time_first_page(d)
        fig["page"] = summary(times)
        fig["page_first"] = times[0]
        fig["page_items"] = items
        fig["page_next"] = next_after
        fig["page_bytes"] = page_bytes
        fig["window"] = window_size(d)
        fig["metrics"] = summary(time_metrics(d))
        cli_times, cli_info = time_cli(d)
        fig["cli"] = summary(cli_times) if cli_times else None
        fig["cli_info"] = cli_info
        fig["mem_queried"] = memory(pid)

        print(f"idle for {IDLE_SECONDS:g} s (not touching the daemon)",
              flush=True)
        a0 = activity(pid)
        time.sleep(IDLE_SECONDS)
        a1 = activity(pid)
        fig["idle"] = {k: a1[k] - a0[k] for k in
                       ("voluntary", "nonvoluntary", "utime", "stime")}
        fig["idle_threads"] = a1["threads"]
        if USE_STRACE:
            print(f"strace for another {IDLE_SECONDS:g} s", flush=True)
            fig["strace"] = strace_window(pid, IDLE_SECONDS)
        else:
            fig["strace"] = (None, "BENCH_STRACE=0; skipped")
        fig["mem_end"] = memory(pid)
    finally:
        if spare is not None:
            os.close(spare)
        code = d.stop()
        if KEEP:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    fig["exit"] = code
    report(fig, gen, gen_s)


def report(fig, gen, gen_s):
    hz = os.sysconf("SC_CLK_TCK")
    chunks = fig["import_chunks"]
    p = fig["page"]
    st = fig["status"]
    print()
    print("=" * 72)
    print(f"tenured API benchmark: {CONTRACTS} contracts, --now {NOW}")
    print("-" * 72)
    print(f"data       {gen['staff']['external']} external, "
          f"{gen['staff']['seconded']} seconded, "
          f"{gen['staff']['serving']} serving; {gen['twin_graded']} "
          f"twin-graded, {gen['birth_date']} with birth dates, "
          f"{gen['renewed']} renewed to the cap (generated in {gen_s:.1f} s)")
    print(f"stored     {st['contracts']} contracts, {st['milestones']} "
          f"milestones, {st['overdue']} overdue; database + WAL "
          f"{fig['db_bytes'] / 1e6:.1f} MB")
    print(f"import     {fig['import_total']:.2f} s total for "
          f"{len(chunks)} chunks of up to {CHUNK} rows "
          f"(per chunk: median {statistics.median(chunks):.2f} s, "
          f"max {max(chunks):.2f} s)")
    w_total, w_pages = fig["window"]
    print(f"upcoming   GET {PAGE_PATH}, first page, {QUERIES} runs, fresh "
          f"connection each:")
    print(f"             median {p['median']:.2f} ms, p95 {p['p95']:.2f} ms, "
          f"max {p['max']:.2f} ms, min {p['min']:.2f} ms, first "
          f"{fig['page_first']:.2f} ms   [target < 20 ms]")
    print(f"             {fig['page_items']} items, {fig['page_bytes']} "
          f"bytes; the whole window is {w_total} milestones in {w_pages} "
          f"pages")
    m = fig["metrics"]
    print(f"metrics    GET /metrics, 10 runs: median {m['median']:.1f} ms, "
          f"max {m['max']:.1f} ms")
    if fig["cli"]:
        c = fig["cli"]
        print(f"tenurectl  upcoming --within 90d, {CLI_RUNS} runs end to end "
              f"(all {w_pages} pages, table of {fig['cli_info']} lines):")
        print(f"             median {c['median']:.1f} ms, p95 "
              f"{c['p95']:.1f} ms, max {c['max']:.1f} ms")
    else:
        print(f"tenurectl  {fig['cli_info']}")
    for label, key in (("started", "mem_start"), ("loaded", "mem_loaded"),
                       ("queried", "mem_queried"), ("end", "mem_end")):
        m = fig[key]
        print(f"memory     {label:8s} VmRSS {mib(m['VmRSS']):6.1f} MiB "
              f"(anon {mib(m['RssAnon']):.1f}, file {mib(m['RssFile']):.1f}),"
              f" VmHWM {mib(m['VmHWM']):6.1f} MiB"
              + ("   [target < 40 MB]" if key == "mem_loaded" else ""))
    i = fig["idle"]
    print(f"idle       {IDLE_SECONDS:g} s untouched ({fig['idle_threads']} "
          f"thread(s)): {i['voluntary']} voluntary + {i['nonvoluntary']} "
          f"involuntary context switches = {i['voluntary'] + i['nonvoluntary']}"
          f" wakeups; CPU {(i['utime'] + i['stime']) / hz * 1000:.0f} ms "
          f"(user {i['utime']} + system {i['stime']} ticks)   [target: none]")
    calls, text = fig["strace"]
    if calls is None:
        print(f"strace     {text}")
    else:
        seen = ", ".join(f"{k} {v}" for k, v in
                         sorted(calls.items(), key=lambda kv: -kv[1]))
        print(f"strace     -f -c -p over another {IDLE_SECONDS:g} s: "
              f"{sum(calls.values())} system calls"
              + (f" ({seen})" if seen else ""))
    print(f"exit       tenured exited {fig['exit']} on SIGTERM")
    print("=" * 72)
    n = st["contracts"]
    row("api_import", f"API import of {n:,} contracts (CSV, 10,000 a "
        "request)", round(fig["import_total"], 2), "s", target="< 10 s",
        met=fig["import_total"] < 10, better="lower")
    per = fig["db_bytes"] / n / 1000
    row("db_per_contract", "database + WAL per contract after the import",
        round(per, 2), "KB", target="< 1.5 KB", met=per < 1.5,
        better="lower")
    row("upcoming_first_page", "GET /api/v1/milestones?within=90d, first "
        "page, median", round(p["median"], 2), "ms", target="< 5 ms",
        met=p["median"] < 5, better="lower")
    m = fig["metrics"]
    row("metrics_scrape", "GET /metrics, median of 10", round(m["median"], 2),
        "ms", target="< 5 ms", met=m["median"] < 5, better="lower")
    rss = mib(fig["mem_loaded"]["VmRSS"])
    row("rss_loaded", f"RSS with {n:,} contracts loaded", round(rss, 1),
        "MiB", target="< 40 MB", met=rss * 1.048576 < 40, better="lower")
    wakeups = i["voluntary"] + i["nonvoluntary"]
    row("idle_wakeups", f"wake-ups in {IDLE_SECONDS:g} s idle", wakeups, "",
        target="0", met=wakeups == 0, better="lower")


if __name__ == "__main__":
    main()
