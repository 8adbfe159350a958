#!/usr/bin/env python3
"""Runs a benchmark program against a throw-away PostgreSQL 15 as durable
as a real server (fsync and full-page writes on, Debian's 128 MB of shared
buffers): the cluster of the integration tests (pg_server.py), a new
database, and the program with {uri} in its arguments replaced by the
database's URI and its password in TENURED_BENCH_PASSWORD.

    python3 bench/on_postgresql.py build-release/bench/bench-plan-store {uri}
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))

# What the benchmark's server runs with; the Python benchmarks get the same
# through the harness (scripts/bench exports it).
DURABLE = "fsync=on,full_page_writes=on,wal_level=replica,shared_buffers='128MB'"
os.environ.setdefault("TENURED_PG_SETTINGS", DURABLE)

import pg_server  # noqa: E402


def main():
    server = pg_server.PgServer.shared()
    try:
        uri = server.new_database()
        env = dict(os.environ, TENURED_BENCH_PASSWORD=server.password,
                   TENURED_TEST_BACKEND="postgresql")
        args = [a.replace("{uri}", uri) for a in sys.argv[1:]]
        return subprocess.run(args, env=env).returncode
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
