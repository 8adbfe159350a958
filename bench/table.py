#!/usr/bin/env python3
"""Prints the BENCH-ROW lines of a scripts/bench log as one table.

    python3 bench/table.py LOG [--markdown]

Columns: the figure now, its anchor measured in the same run (or the
target), the ratio now/anchor, the figure before issue 17
(bench/previous.json), the target and whether it is met.
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
    head = ["figure", "now", "anchor (same run)", "ratio", "before",
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
        table.append([r["figure"], fmt(r["value"], r["unit"]), anchor, ratio,
                      fmt(previous.get(r["key"]), r["unit"]
                          if not r["key"].endswith("_ratio") else "x"),
                      r.get("target") or "-", met])
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
