"""One row of the table scripts/bench prints (bench/table.py).

Every benchmark reports each figure through row(): a line "BENCH-ROW {json}"
on stdout, next to its own human-readable output. The table puts each
figure beside its anchor (nginx on the same bytes, SQLite's own insert, a
target, or the figure before issue 17, kept in bench/previous.json) with
the ratio now/anchor and whether the target is met.
"""
import json
import os


def row(key, figure, value, unit, anchor=None, anchor_value=None,
        target=None, met=None, better="higher"):
    """key: a stable name (previous.json's key); figure: what was measured;
    value: the figure in unit; anchor/anchor_value: what it is measured
    against, in the same run; target: the issue's words ("< 2 s", ">= 1.0x
    nginx"); met: True/False/None; better: "higher" or "lower"."""
    # Which store it ran on: the benchmarks run once on each.
    backend = os.environ.get("TENURED_TEST_BACKEND", "sqlite")
    print("BENCH-ROW " + json.dumps({
        "backend": backend,
        "key": key, "figure": figure, "value": value, "unit": unit,
        "anchor": anchor, "anchor_value": anchor_value, "target": target,
        "met": met, "better": better}), flush=True)
