#!/usr/bin/env python3
"""Prints the BENCH-ROW lines of a scripts/bench log as one table.

    python3 bench/table.py LOG [--markdown]

Columns: the figure now, its anchor measured in the same run (or the
target), the ratio now/anchor, the figure before issue 17
(bench/previous.json), the target and whether it is met. One table per
store the benchmarks ran on: SQLite (the default), then PostgreSQL.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def fmt(v, unit=""):
    if v is None:
        return "-"
    if isinstance(v, float):
        s = f"{v:,.2f}" if abs(v) < 100 else f"{v:,.0f}"
    else:
        s = f"{v:,}"
    return f"{s} {unit}".strip()


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "-"
    markdown = "--markdown" in sys.argv
    with open(os.path.join(HERE, "previous.json")) as fp:
        previous = json.load(fp)
    src = sys.stdin if path == "-" else open(path, encoding="utf-8")
    rows = []
    for line in src:
        if line.startswith("BENCH-ROW "):
            rows.append(json.loads(line[len("BENCH-ROW "):]))
    backends = []
    for r in rows:
        r.setdefault("backend", "sqlite")
        if r["backend"] not in backends:
            backends.append(r["backend"])
    # Beside a PostgreSQL figure, SQLite's of the same run (the last
    # row of that key: webhook_throughput's two-daemon run comes after).
    sqlite = {r["key"]: r for r in rows if r["backend"] == "sqlite"}
    for b in backends:
        if len(backends) > 1:
            print(f"\n{NAMES.get(b, b)}\n")
        print_table([r for r in rows if r["backend"] == b], previous,
                    markdown, None if b == "sqlite" else sqlite)


NAMES = {"sqlite": "SQLite, the default",
         "postgresql": "PostgreSQL 15 (the same machine, the same run)"}


def beside_sqlite(r, sqlite):
    """SQLite's figure of the same key, and this one's ratio to it."""
    s = sqlite.get(r["key"])
    if s is None or not s.get("value"):
        return "-"
    return f"{fmt(s['value'], s['unit'])} ({r['value'] / s['value']:.2f}x)"


def print_table(rows, previous, markdown, sqlite=None):
    """sqlite: SQLite's rows by key, for a table of another store: shown
    in place of the figure before issue 17."""
    head = ["figure", "now", "anchor (same run)", "ratio",
            "before" if sqlite is None else "SQLite (same run)",
            "target", "met"]
    table = []
    for r in rows:
        ratio = "-"
        if r.get("anchor_value"):
            ratio = f"{r['value'] / r['anchor_value']:.2f}x"
        anchor = "-"
        if r.get("anchor"):
            anchor = f"{r['anchor']}: {fmt(r.get('anchor_value'), r['unit'])}"
        met = {True: "yes", False: "NO", None: "-"}[r.get("met")]
        before = beside_sqlite(r, sqlite) if sqlite is not None else \
            fmt(previous.get(r["key"]), r["unit"]
                if not r["key"].endswith("_ratio") else "x")
        table.append([r["figure"], fmt(r["value"], r["unit"]), anchor, ratio,
                      before, r.get("target") or "-", met])
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for t in table:
            print("| " + " | ".join(t) + " |")
        return
    widths = [max(len(x[i]) for x in table + [head]) for i in range(len(head))]
    line = "  ".join(h.ljust(w) for h, w in zip(head, widths))
    print(line)
    print("-" * len(line))
    for t in table:
        print("  ".join(c.ljust(w) for c, w in zip(t, widths)))
    print(f"{len(table)} figures, "
          f"{sum(1 for r in rows if r.get('met') is False)} targets not met")


if __name__ == "__main__":
    main()
