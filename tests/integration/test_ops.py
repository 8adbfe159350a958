"""tenured as ops run it (SPEC section 9): the systemd watchdog, records
in journald with their fields, and bad conditions at start (config,
database, socket) that must end in a clear log line and a refusal, never
in a changed or corrupt database."""
import hashlib
import os
import pwd
import queue
import re
import socket
import sqlite3
import stat
import struct
import subprocess
import tempfile
import threading
import time
import unittest

import tap
from harness import (TENURED, Daemon, ctx_switches, database_name,
                     pg_server)

# Writes on the socket are made by its Unix user (SPEC section 11).
USER = pwd.getpwuid(os.getuid()).pw_name


def run(*args):
    env = {k: v for k, v in os.environ.items()
           if k not in ("LISTEN_FDS", "LISTEN_PID", "NOTIFY_SOCKET",
                        "JOURNAL_STREAM", "WATCHDOG_USEC", "WATCHDOG_PID")}
    p = subprocess.run([TENURED] + list(args), capture_output=True,
                       text=True, timeout=60, env=env)
    return p.returncode, p.stdout, p.stderr


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def pg(d):
    return d.backend == "postgresql"


def state(d):
    """What the database holds: the file's bytes, or on PostgreSQL every
    row of every table."""
    if not pg(d):
        return digest(d.database)
    h = hashlib.sha256()
    for (table,) in d.query("SELECT tablename FROM pg_tables WHERE "
                            "schemaname = 'public' ORDER BY 1"):
        h.update(table.encode())
        for (row,) in d.query(f"SELECT row_to_json(t)::text AS r FROM "
                              f"{table} t ORDER BY r"):
            h.update(row.encode())
    return h.hexdigest()


def untouched(d):
    """No database was made: no file, or on PostgreSQL no table."""
    if pg(d):
        return d.query("SELECT count(*) FROM pg_tables WHERE "
                       "schemaname = 'public'")[0][0] == 0
    return not os.path.exists(d.database)


def as_admin(d, sql):
    """PostgreSQL: runs sql as the cluster's superuser on d's database."""
    pg_server().sql(database_name(d.database), sql)


class WatchdogTest(unittest.TestCase):
    def setUp(self):
        self.d = Daemon()

    def tearDown(self):
        self.d.cleanup()

    def pings(self, seconds):
        """Arrival times of WATCHDOG=1 over the next seconds."""
        times = []
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            try:
                lines = self.d.notify_queue.get(timeout=left)
            except queue.Empty:
                break
            if "WATCHDOG=1" in lines:
                times.append(time.monotonic())
        return times

    def test_pings_at_half_the_interval(self):
        # 1 s asked: a ping every 0.5 s.
        self.d.start(env={"WATCHDOG_USEC": "1000000"})
        self.assertIn("WATCHDOG=1 every 500 ms", self.d.log())
        times = self.pings(4.0)
        # 8 expected; a loaded machine may delay some, never add any.
        self.assertGreaterEqual(len(times), 5, times)
        self.assertLessEqual(len(times), 9, times)
        gaps = [b - a for a, b in zip(times, times[1:])]
        self.assertLess(max(gaps), 1.0, "a gap as long as the interval "
                        f"would let systemd kill it: {gaps}")
        # No minimum gap: the test reads the datagrams in a thread of its
        # own, and two that waited for it arrive together. Too many pings
        # would show in the count above.
        # The loop is what is watched: a request in between still works.
        self.assertEqual(self.d.get("/healthz").status, 200)
        self.assertEqual(self.d.stop(), 0)

    def test_no_watchdog_no_wakeups(self):
        # WATCHDOG_PID naming another process: the watchdog is not ours
        # (sd_watchdog_enabled(3)), so there is no timer at all.
        self.d.start(env={"WATCHDOG_USEC": "200000", "WATCHDOG_PID": "1"})
        self.d.get("/healthz")
        pid = self.d.proc.pid
        # Start-up and the request leave a wake-up or two behind (the
        # connection's end, the feeds rendered after the loop's turn):
        # wait for a quiet half second first.
        before = ctx_switches(pid)
        for _ in range(20):
            self.assertEqual(self.pings(0.5), [])
            now = ctx_switches(pid)
            if now == before:
                break
            before = now
        times = self.pings(1.5)
        after = ctx_switches(pid)
        self.assertEqual(times, [])
        self.assertNotIn("WATCHDOG=1", self.d.notes)
        # Idle means idle: nothing woke the process (the scheduler's
        # timer is days away).
        self.assertEqual(after - before, 0, "woken while idle")
        self.assertEqual(self.d.stop(), 0)

    def test_watchdog_wakes_only_for_itself(self):
        self.d.start(env={"WATCHDOG_USEC": "1000000"})
        pid = self.d.proc.pid
        # The first pings page in code run for the first time (a page
        # read blocks, and counts as a sleep): measure after them.
        self.pings(1.0)
        before = ctx_switches(pid)
        times = self.pings(4.0)
        after = ctx_switches(pid)
        self.assertGreater(len(times), 0)
        # One wake-up per ping (a loaded machine may add a few).
        self.assertLessEqual(after - before, 2 * len(times) + 2,
                             (after - before, len(times)))

    def test_bad_watchdog_usec(self):
        # The harness would wait for READY=1: run it directly.
        env = dict(os.environ, WATCHDOG_USEC="soon")
        env.pop("NOTIFY_SOCKET", None)
        p = subprocess.run([TENURED, "--config", self.d.config_path],
                           capture_output=True, text=True, timeout=60,
                           env=env)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn("WATCHDOG_USEC", p.stderr)


def journal_fields(datagram):
    """Parses one datagram of journald's native protocol: KEY=value lines,
    or KEY, newline, a 64-bit little-endian length and the bytes."""
    fields = {}
    i = 0
    while i < len(datagram):
        nl = datagram.index(b"\n", i)
        line = datagram[i:nl]
        if b"=" in line:
            k, v = line.split(b"=", 1)
            i = nl + 1
        else:
            k = line
            n = struct.unpack("<Q", datagram[nl + 1:nl + 9])[0]
            v = datagram[nl + 9:nl + 9 + n]
            assert datagram[nl + 9 + n:nl + 10 + n] == b"\n"
            i = nl + 10 + n
        fields[k.decode()] = v.decode()
    return fields


class FakeJournal:
    """journald's socket, in a directory mounted on /run/systemd for the
    daemon alone (a private mount namespace): the machine's own
    /run/systemd is not touched."""

    def __init__(self, root, listen=True):
        self.root = root
        os.makedirs(os.path.join(root, "journal"), exist_ok=True)
        self.records = queue.Queue()
        self.sock = None
        if listen:
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            self.sock.bind(os.path.join(root, "journal", "socket"))
            threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            try:
                data = self.sock.recv(65536)
            except OSError:
                return
            if not data:
                return
            self.records.put(journal_fields(data))

    def wait_for(self, message, timeout=10):
        end = time.monotonic() + timeout
        seen = []
        while (left := end - time.monotonic()) > 0:
            try:
                r = self.records.get(timeout=left)
            except queue.Empty:
                break
            seen.append(r)
            if r.get("MESSAGE") == message:
                return r, seen
        raise AssertionError(f"no record {message!r}; saw {seen}")

    def close(self):
        if self.sock is not None:
            self.sock.shutdown(socket.SHUT_RDWR)
            self.sock.close()


def namespaces_work():
    try:
        p = subprocess.run(["unshare", "--mount", "sh", "-c",
                            "mount --bind /tmp /run/systemd"],
                           capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return p.returncode == 0


class JournalTest(unittest.TestCase):
    def setUp(self):
        self.d = Daemon()
        self.journal = None
        # The harness opens this file for stderr in append mode: made now,
        # its device and inode are known before the start.
        open(os.path.join(self.d.dir, "stderr.log"), "a").close()
        st = os.stat(os.path.join(self.d.dir, "stderr.log"))
        self.stream = f"{st.st_dev}:{st.st_ino}"

    def tearDown(self):
        self.d.cleanup()
        if self.journal is not None:
            self.journal.close()

    def start_in_namespace(self, listen, env):
        """Starts tenured through a wrapper that mounts the fake journal's
        directory on /run/systemd; every step execs, so the pid the
        harness gives LISTEN_PID stays the daemon's."""
        if not namespaces_work():
            self.skipTest("no private mount namespace here (unshare "
                          "--mount needs CAP_SYS_ADMIN)")
        self.journal = FakeJournal(os.path.join(self.d.dir, "run-systemd"),
                                   listen)
        wrapper = os.path.join(self.d.dir, "in-namespace")
        with open(wrapper, "w") as f:
            f.write("#!/bin/sh\n"
                    "exec unshare --mount sh -c 'mount --bind \"$0\" "
                    "/run/systemd && exec \"$@\"' "
                    f"'{self.journal.root}' '{os.path.abspath(TENURED)}' "
                    "\"$@\"\n")
        os.chmod(wrapper, 0o755)
        import harness
        saved = harness.TENURED
        harness.TENURED = wrapper
        try:
            self.d.start(env=env)
        finally:
            harness.TENURED = saved

    def exercise(self):
        cid = self.d.post("/api/v1/contracts", {
            "name": "Journal Person", "email": "journal@example.org",
            "start": "2026-01-05"}).json()["id"]
        feed = self.d.post("/api/v1/feeds", {"scope": "all",
                                             "name": "journal"}).json()
        self.d.request("DELETE", f"/api/v1/feeds/{feed['id']}")
        return cid, feed

    def test_matching_stream_goes_to_journald_with_fields(self):
        self.start_in_namespace(True, {"JOURNAL_STREAM": self.stream})
        cid, feed = self.exercise()
        j = self.journal
        r, seen = j.wait_for(f"contract {cid} created by unix:{USER}")
        self.assertEqual(r["CONTRACT_ID"], str(cid))
        self.assertEqual(r["PRIORITY"], "6")
        self.assertEqual(r["SYSLOG_IDENTIFIER"], "tenured")
        self.assertTrue(any(s["MESSAGE"].startswith("tenured ready")
                            for s in seen), seen)
        r, seen = j.wait_for(f"feed {feed['id']} (journal) revoked")
        self.assertEqual(r["FEED_ID"], str(feed["id"]))
        created = [s for s in seen if "created for all" in s["MESSAGE"]]
        self.assertEqual(len(created), 1, seen)
        self.assertEqual(created[0]["FEED_ID"], str(feed["id"]))
        self.assertNotIn("CONTRACT_ID", created[0])
        self.assertEqual(self.d.stop(), 0)
        r, _ = j.wait_for("stopping on signal 15")
        self.assertNotIn("CONTRACT_ID", r)
        # Everything went to the journal, nothing to stderr.
        self.assertNotIn("contract", self.d.log())
        self.assertNotIn("ready", self.d.log())
        token = re.search(r"/feeds/([^/]+)\.ics", feed["url"]).group(1)
        while not j.records.empty():
            self.assertNotIn(token, str(j.records.get()))

    def test_matching_stream_without_journald_falls_back(self):
        # systemd set JOURNAL_STREAM, but journald is gone: no record is
        # lost, it is a line on stderr.
        self.start_in_namespace(False, {"JOURNAL_STREAM": self.stream})
        cid, _ = self.exercise()
        self.assertEqual(self.d.stop(), 0)
        self.assertIn(f"<6>contract {cid} created by unix:{USER}\n", self.d.log())

    def test_other_stream_writes_lines(self):
        # JOURNAL_STREAM that names another file (stderr redirected since
        # systemd set it): lines, even with journald listening.
        other = os.stat(self.d.config_path)
        env = {"JOURNAL_STREAM": f"{other.st_dev}:{other.st_ino}"}
        if namespaces_work():
            self.start_in_namespace(True, env)
        else:
            self.d.start(env=env)
        cid, feed = self.exercise()
        self.assertEqual(self.d.stop(), 0)
        log = self.d.log()
        self.assertIn(f"<6>contract {cid} created by unix:{USER}\n", log)
        self.assertIn(f"<6>feed {feed['id']} (journal) revoked\n", log)
        for line in log.splitlines():
            self.assertRegex(line, r"^<[0-7]>")
        if self.journal is not None:
            self.assertTrue(self.journal.records.empty())


class BadConditionsTest(unittest.TestCase):
    """Each refused with a log line that says what and where, exit 1."""

    def setUp(self):
        self.d = Daemon()

    def tearDown(self):
        self.d.cleanup()

    def make_database(self):
        self.d.start()
        self.d.post("/api/v1/contracts", {
            "name": "Kept Safe", "email": "safe@example.org",
            "start": "2026-01-05"})
        self.assertEqual(self.d.stop(), 0)
        return state(self.d)

    def assert_refused(self, *args, text):
        code, out, err = run("--config", self.d.config_path, *args)
        self.assertEqual(code, 1, (out, err))
        self.assertIn(text, err)
        return err

    def test_missing_config(self):
        missing = os.path.join(self.d.dir, "nowhere.conf")
        for args in ((), ("--migrate-only",)):
            code, _, err = run("--config", missing, *args)
            self.assertEqual(code, 1, err)
            self.assertIn(missing, err)
        self.assertTrue(untouched(self.d))

    def test_unknown_key_and_bad_values_at_start(self):
        before = self.make_database()
        self.d.write_config("[daemon]\nmax_body = lots\n"
                            "[policy]\nprobation_month = 6\n"
                            "age_limit_years = -3\n")
        base = len(self.d.base_config().splitlines())
        err = self.assert_refused(text="unknown policy key")
        path = self.d.config_path
        for offset, field in ((2, "max_body"), (4, "probation_month"),
                              (5, "age_limit_years")):
            lines = [l for l in err.splitlines()
                     if l.startswith(f"<4>{path}:{base + offset}: ")]
            self.assertTrue(any(field in l for l in lines), (offset, err))
        self.assert_refused("--migrate-only", text=f"{path}:")
        self.assertEqual(state(self.d), before)

    def test_database_unreachable(self):
        if not pg(self.d):
            self.skipTest("PostgreSQL: a wrong password and a closed port")
        with open(self.d.database_password_file, "w") as f:
            f.write("not-the-password\n")
        for args in ((), ("--migrate-only",)):
            err = self.assert_refused(*args, text="cannot connect to "
                                      "PostgreSQL")
            self.assertIn("password authentication failed", err)
            self.assertNotIn("not-the-password", err)
        self.d.database = self.d.database.replace(
            f":{pg_server().port}/", ":1/")
        self.d.write_config("")
        self.assert_refused(text="cannot connect to PostgreSQL")

    def test_database_path_unusable(self):
        if pg(self.d):
            self.skipTest("SQLite: a path that cannot be a file")
        # Root can read anything, so "no permission" is made with a path
        # whose parent is a regular file.
        blocker = os.path.join(self.d.dir, "plain-file")
        with open(blocker, "w") as f:
            f.write("not a directory\n")
        self.d.database = os.path.join(blocker, "tenured.db")
        self.d.write_config("")
        for args in ((), ("--migrate-only",)):
            err = self.assert_refused(*args, text=self.d.database)
            self.assertIn("Not a directory", err)
        with open(blocker) as f:
            self.assertEqual(f.read(), "not a directory\n")

    def assert_left_alone(self, text):
        before = state(self.d)
        names = set(os.listdir(self.d.dir))
        for args in ((), ("--migrate-only",)):
            self.assert_refused(*args, text=text)
        self.assertEqual(state(self.d), before, "the database was changed")
        self.assertEqual(set(os.listdir(self.d.dir)) - names, set(),
                         "files were left beside it")

    def test_not_sqlite(self):
        if pg(self.d):
            self.skipTest("SQLite: a file that is not a database")
        with open(self.d.database, "wb") as f:
            f.write(os.urandom(3) + b"this is no database\n" * 400)
        self.assert_left_alone("not a database")

    def test_another_programs_database(self):
        if pg(self.d):
            as_admin(self.d, "CREATE TABLE ledger (id BIGINT PRIMARY KEY, "
                     "amount BIGINT); INSERT INTO ledger VALUES (1, 12)")
            self.assert_left_alone("some other program")
            return
        db = sqlite3.connect(self.d.database)
        db.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount)")
        db.execute("INSERT INTO ledger (amount) VALUES (12)")
        db.commit()
        db.close()
        self.assert_left_alone("some other program")

    def test_newer_schema(self):
        self.make_database()
        if pg(self.d):
            latest = self.d.query("SELECT version FROM tenured_schema")[0][0]
            as_admin(self.d, f"UPDATE tenured_schema SET version = "
                     f"{latest + 1}")
            self.assert_left_alone(f"schema version {latest + 1} is newer")
            self.assertEqual(self.d.query(
                "SELECT version FROM tenured_schema")[0][0], latest + 1)
            return
        db = sqlite3.connect(self.d.database)
        latest = db.execute("PRAGMA user_version").fetchone()[0]
        db.execute(f"PRAGMA user_version = {latest + 1}")
        db.commit()
        db.close()
        self.assert_left_alone(f"schema version {latest + 1} is newer")
        db = sqlite3.connect(self.d.database)
        self.assertEqual(db.execute("PRAGMA user_version").fetchone()[0],
                         latest + 1)
        self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0],
                         "ok")
        db.close()

    def test_socket_taken_by_a_live_listener(self):
        live = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        live.bind(self.d.socket_path)
        live.listen(8)
        try:
            err = self.assert_refused(text="in use")
            self.assertIn(self.d.socket_path, err)
            self.assertTrue(stat.S_ISSOCK(
                os.lstat(self.d.socket_path).st_mode))
            # Still the live listener's: it can be reached.
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            probe.connect(self.d.socket_path)
            conn, _ = live.accept()
            conn.close()
            probe.close()
        finally:
            live.close()
        self.assertTrue(untouched(self.d),
                        "refused before touching the database")

    def test_stale_socket_is_taken_over(self):
        dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        dead.bind(self.d.socket_path)
        dead.close()            # the file stays, nobody listens
        self.assertTrue(os.path.exists(self.d.socket_path))
        self.d.start(activate=False)
        self.assertEqual(self.d.get("/healthz").status, 200)
        self.assertEqual(self.d.stop(), 0)

    def test_second_daemon_on_the_same_socket(self):
        self.d.start(activate=False)
        err = self.assert_refused(text="in use")
        self.assertIn("another tenured", err)
        # The first one still serves on its socket.
        self.assertEqual(self.d.get("/healthz").status, 200)
        self.assertEqual(self.d.stop(), 0)


if __name__ == "__main__":
    tap.main()
