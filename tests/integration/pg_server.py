"""A throw-away PostgreSQL for the integration tests.

One cluster per test process (PgServer.shared()), made by Debian's initdb
in a private temporary directory and run as an unprivileged user: as the
"postgres" system user when the tests run as root (CI does), else as the
current user. It listens on a free port of 127.0.0.1, where only password
logins (scram-sha-256) are accepted, and on a Unix socket in its directory,
where only its superuser gets in (that is how the harness administers it).

Privileges: the daemon's role owns nothing it is not given. These are the
statements this module runs, with the role "tenured", the database's name
for DB and a random password; the operations documentation quotes them:

    CREATE ROLE tenured LOGIN PASSWORD '...'
        NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
    -- As an administrator: the database is not owned by tenured.
    CREATE DATABASE DB;
    REVOKE ALL ON DATABASE DB FROM PUBLIC;
    GRANT CONNECT, TEMPORARY, CREATE ON DATABASE DB TO tenured;
    \\connect DB
    -- PostgreSQL 15 no longer lets every role create in public.
    GRANT CREATE, USAGE ON SCHEMA public TO tenured;

The tables, indexes and sequences tenured's migrations create are then its
own. The REVOKE takes away what PUBLIC has by default (CONNECT, TEMPORARY),
so the tests prove the three grants suffice.

Durability: fsync and full-page writes are off (an OS crash is nobody's
test) but synchronous_commit stays on, so a commit survives an immediate
shutdown of PostgreSQL, as it survives a crash of a real server.

Nothing is left running: the cluster is stopped and its directory removed
at interpreter exit and on SIGTERM, and a watchdog process does the same
when the test process dies any other way (SIGKILL included).

Queries run through the psql client, so no Python module beyond the
standard library is needed (the tests may run under a pyenv python).
"""
import atexit
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROLE = "tenured"
SUPERUSER = "postgres"
READY_TIMEOUT = float(os.environ.get("TENURED_PG_READY_TIMEOUT", "30"))

# Keep these the same as the block in the module's docstring.
_ROLE_SQL = ("CREATE ROLE {role} LOGIN PASSWORD {password}\n"
             "    NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;\n")
_DATABASE_SQL = ("CREATE DATABASE {db};\n"
                 "REVOKE ALL ON DATABASE {db} FROM PUBLIC;\n"
                 "GRANT CONNECT, TEMPORARY, CREATE ON DATABASE {db} "
                 "TO {role};\n"
                 "\\connect {db}\n"
                 "GRANT CREATE, USAGE ON SCHEMA public TO {role};\n")

# Run in its own session by the test process, reading a pipe only the
# test process holds: end of file means the test process is gone (or let
# go after stopping the cluster itself).
_WATCHDOG = r"""
import os, shutil, signal, sys, time
top, data = sys.argv[1], sys.argv[2]
sys.stdin.buffer.read()
def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
try:
    with open(os.path.join(data, "postmaster.pid")) as f:
        pid = int(f.readline())
    mine = os.path.realpath(f"/proc/{pid}/cwd") == os.path.realpath(data)
except (OSError, ValueError):
    mine = False
if mine:
    os.kill(pid, signal.SIGQUIT)
    end = time.monotonic() + 10
    while alive(pid) and time.monotonic() < end:
        time.sleep(0.05)
    if alive(pid):
        os.kill(pid, signal.SIGKILL)
shutil.rmtree(top, ignore_errors=True)
"""


class PgError(Exception):
    pass


def bindir():
    """TENURED_PG_BINDIR, else Debian's PostgreSQL 15, else the newest
    later one installed."""
    if os.environ.get("TENURED_PG_BINDIR"):
        return os.environ["TENURED_PG_BINDIR"]
    base = "/usr/lib/postgresql"
    found = []
    if os.path.isdir(base):
        found = sorted((int(v) for v in os.listdir(base) if v.isdigit()
                        and int(v) >= 15
                        and os.path.exists(f"{base}/{v}/bin/initdb")),
                       key=lambda v: (v != 15, -v))
    if not found:
        raise PgError("no PostgreSQL 15 or later in /usr/lib/postgresql "
                      "(scripts/bootstrap installs it; TENURED_PG_BINDIR "
                      "names another)")
    return f"{base}/{found[0]}/bin"


def _ident(name):
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise ValueError(f"database name {name!r}: lower-case letters, "
                         "digits and _, at most 63")
    return name


def literal(value):
    """value as an SQL literal (standard_conforming_strings is on)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return f"({value})" if value < 0 else str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return f"'{value!r}'::float8"
        return f"({value!r})" if value < 0 else repr(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"'\\x{bytes(value).hex()}'::bytea"
    if isinstance(value, str):
        if "\0" in value:
            raise ValueError("PostgreSQL text cannot hold NUL")
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"no SQL literal for {type(value).__name__}")


_TOKEN = re.compile(r"""
    \b[Ee]'(?:[^'\\]|\\.|'')*'          # string with backslash escapes
  | '(?:[^']|'')*'                      # string
  | "(?:[^"]|"")*"                      # quoted identifier
  | --[^\n]*                            # line comment
  | /\*.*?\*/                           # block comment (not nested)
  | (\$(?:[A-Za-z_][A-Za-z_0-9]*)?\$).*?\1   # dollar quoting
  | (\?)                                # a placeholder
""", re.S | re.X)


def bind(query, params):
    """Puts params, as literals, in place of the ? of query (outside
    strings, identifiers and comments), as sqlite3 takes them. With params,
    write jsonb's ? operators as functions (jsonb_exists)."""
    params = list(params)
    out, last, n = [], 0, 0
    for m in _TOKEN.finditer(query):
        if m.group(2) is None:
            continue
        if n == len(params):
            raise ValueError(f"more ? than the {len(params)} parameters")
        out.append(query[last:m.start()])
        out.append(literal(params[n]))
        last, n = m.end(), n + 1
    if n != len(params):
        raise ValueError(f"{n} ? for {len(params)} parameters")
    out.append(query[last:])
    return "".join(out)


def _dir_for(uid):
    """A temporary directory's parent that uid can reach."""
    parent = tempfile.gettempdir()
    if uid == os.getuid():
        return parent
    path = os.path.realpath(parent)
    while True:
        if not os.stat(path).st_mode & 0o001:
            return "/tmp"
        if path == "/":
            return parent
        path = os.path.dirname(path)


def _free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


_live = set()
# Reentrant: the SIGTERM handler may run while the main thread holds it.
_live_lock = threading.RLock()
_shared = None
_hooked = False


def _stop_all():
    with _live_lock:
        servers = list(_live)
    for server in servers:
        server.stop()


def _on_sigterm(signum, frame, previous):
    _stop_all()
    if callable(previous):
        previous(signum, frame)
        return
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _hook():
    global _hooked
    if _hooked:
        return
    _hooked = True
    atexit.register(_stop_all)
    if threading.current_thread() is threading.main_thread():
        previous = signal.getsignal(signal.SIGTERM)
        if previous is not signal.SIG_IGN:
            signal.signal(signal.SIGTERM, lambda s, f: _on_sigterm(s, f,
                                                                   previous))


class PgServer:
    """One cluster. PgServer.start() makes one (initdb, start, the role);
    PgServer.shared() is the one of this test process."""

    def __init__(self, settings=None):
        self.bin = bindir()
        self.role = ROLE
        self.superuser = SUPERUSER
        self.password = secrets.token_urlsafe(24)
        self.proc = None
        self.port = None
        self.stopped = False
        self._watch_w = None
        self.settings = dict(settings or {})
        self.databases = 0
        self._lock = threading.Lock()
        if os.getuid() == 0:
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                raise PgError("running as root, and there is no postgres "
                              "user to run PostgreSQL as (scripts/bootstrap "
                              "installs the postgresql package)") from None
            self.uid, self.gid = pw.pw_uid, pw.pw_gid
            self.drop = ["setpriv", f"--reuid={pw.pw_uid}",
                         f"--regid={pw.pw_gid}", "--init-groups", "--"]
        else:
            self.uid, self.gid = os.getuid(), os.getgid()
            self.drop = []
        self.dir = tempfile.mkdtemp(prefix="tenured-pg-",
                                    dir=_dir_for(self.uid))
        os.chown(self.dir, self.uid, self.gid)
        self.data_dir = os.path.join(self.dir, "data")
        self.socket_dir = self.dir
        self.log_path = os.path.join(self.dir, "postgres.log")
        self.password_file = os.path.join(self.dir, "password")
        with open(self.password_file, "w") as f:
            f.write(self.password + "\n")
        os.chmod(self.password_file, 0o600)
        with _live_lock:
            _live.add(self)
        _hook()
        r, w = os.pipe()
        self._watch_w = w
        self._watchdog = subprocess.Popen(
            [sys.executable, "-c", _WATCHDOG, self.dir, self.data_dir],
            stdin=r, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        os.close(r)

    @classmethod
    def start(cls, settings=None):
        """Makes and starts a cluster; settings: more postgresql.conf."""
        server = cls(settings)
        try:
            server._initdb()
            for attempt in range(5):
                server.port = _free_port()
                server._write_conf()
                seen = len(server.log())
                try:
                    server.up()
                    break
                except PgError:
                    # Someone took the port between the probe and the bind.
                    if attempt == 4 or \
                            "could not bind" not in server.log()[seen:]:
                        raise
            server.sql("postgres", _ROLE_SQL.format(
                role=server.role, password=literal(server.password)))
        except BaseException:
            server.stop()
            raise
        return server

    @classmethod
    def shared(cls, start=True):
        """The cluster of this test process, started on first use (again
        if it was stop()ped); with start=False, None rather than start."""
        global _shared
        gone = _shared is None or _shared.stopped
        if gone and start:
            # TENURED_PG_SETTINGS="fsync=on,shared_buffers='128MB'": the
            # benchmarks run on a server as durable as a real one.
            extra = os.environ.get("TENURED_PG_SETTINGS", "")
            _shared = cls.start(dict(kv.split("=", 1) for kv in
                                     extra.split(",") if "=" in kv))
        return None if gone and not start else _shared

    def _env(self, **more):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
               "LC_ALL": "C.UTF-8", "TZ": "UTC"}
        env.update(more)
        return env

    def _initdb(self):
        t0 = time.monotonic()
        with open(self.log_path, "ab") as log:
            p = subprocess.run(
                self.drop + [os.path.join(self.bin, "initdb"),
                             "-D", self.data_dir, "-U", self.superuser,
                             "--auth=trust", "-E", "UTF8",
                             "--locale=C.UTF-8", "--no-sync",
                             "--no-instructions"],
                env=self._env(), stdout=log, stderr=log,
                stdin=subprocess.DEVNULL, timeout=120)
        if p.returncode != 0:
            raise PgError(f"initdb failed ({p.returncode}); "
                          f"{self.log_path}:\n{self.log_tail()}")
        self.initdb_seconds = time.monotonic() - t0
        # Only the superuser on the socket (which only the cluster's owner
        # and root reach), only passwords over TCP.
        path = os.path.join(self.data_dir, "pg_hba.conf")
        with open(path, "w") as f:
            f.write(f"local all {self.superuser} trust\n"
                    "host all all 127.0.0.1/32 scram-sha-256\n")
        os.chown(path, self.uid, self.gid)

    def _write_conf(self):
        conf = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.socket_dir}'",
            "unix_socket_permissions": "0700",
            "password_encryption": "'scram-sha-256'",
            "fsync": "off",
            "full_page_writes": "off",
            "wal_level": "minimal",
            "max_wal_senders": "0",
            "shared_buffers": "'16MB'",
            "timezone": "'UTC'",
            "log_timezone": "'UTC'",
            "logging_collector": "off",
            "log_line_prefix": "'%m [%p] %q%u@%d '",
        }
        conf.update({k: str(v) for k, v in self.settings.items()})
        # Last in the file wins over what initdb wrote.
        path = os.path.join(self.data_dir, "tenured-test.conf")
        with open(path, "w") as f:
            f.writelines(f"{k} = {v}\n" for k, v in conf.items())
        # Written by root under the harness's umask: the server reads it.
        os.chown(path, self.uid, self.gid)
        with open(os.path.join(self.data_dir, "postgresql.conf"), "r+") as f:
            if "include 'tenured-test.conf'" not in f.read():
                f.write("\ninclude 'tenured-test.conf'\n")

    def up(self):
        """Starts the stopped cluster on its port; returns once it takes
        connections (its READY=1, as pg_ctl -w would see it)."""
        if self.proc is not None:
            raise PgError("already running")
        notify_path = os.path.join(self.dir, "notify.sock")
        if os.path.exists(notify_path):
            os.unlink(notify_path)
        notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        notify.bind(notify_path)
        os.chown(notify_path, self.uid, self.gid)
        t0 = time.monotonic()
        log = open(self.log_path, "ab")
        try:
            self.proc = subprocess.Popen(
                self.drop + [os.path.join(self.bin, "postgres"),
                             "-D", self.data_dir],
                env=self._env(NOTIFY_SOCKET=notify_path),
                stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                start_new_session=True)
        finally:
            log.close()
        try:
            self._wait_ready(notify)
        except BaseException:
            self.down("immediate")
            raise
        finally:
            notify.close()
            os.unlink(notify_path)
        self.start_seconds = time.monotonic() - t0
        return self

    def _wait_ready(self, notify):
        end = time.monotonic() + READY_TIMEOUT
        pidfile = os.path.join(self.data_dir, "postmaster.pid")
        notify.settimeout(0.1)
        while True:
            try:
                if "READY=1" in notify.recv(4096).decode().split("\n"):
                    return
            except socket.timeout:
                # A postgres built without systemd says it in its pid file.
                try:
                    with open(pidfile) as f:
                        lines = f.read().split("\n")
                    if len(lines) > 7 and lines[7].strip() == "ready":
                        return
                except OSError:
                    pass
            if self.proc.poll() is not None:
                raise PgError(f"PostgreSQL exited with {self.proc.returncode}"
                              f" at start; {self.log_path}:\n"
                              f"{self.log_tail()}")
            if time.monotonic() > end:
                raise PgError(f"PostgreSQL not ready within {READY_TIMEOUT}s;"
                              f" {self.log_path}:\n{self.log_tail()}")

    def down(self, mode="fast"):
        """Stops the cluster and keeps it: mode fast (SIGINT: sessions
        rolled back, a checkpoint), immediate (SIGQUIT: as a crash,
        recovery at the next start) or smart (SIGTERM: waits for every
        session to end)."""
        sig = {"smart": signal.SIGTERM, "fast": signal.SIGINT,
               "immediate": signal.SIGQUIT}[mode]
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def restart(self, mode="fast"):
        """Stops (fast by default) and starts again on the same port."""
        self.down(mode)
        return self.up()

    def stop(self):
        """Immediate shutdown, and the directory removed. Idempotent."""
        self.stopped = True
        with _live_lock:
            _live.discard(self)
        try:
            self.down("immediate")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
            if self._watch_w is not None:
                os.close(self._watch_w)
                self._watch_w = None
                try:
                    self._watchdog.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    pass

    @property
    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def uri(self, dbname):
        return f"postgresql://{self.role}@127.0.0.1:{self.port}/{dbname}"

    def new_database(self, name=None):
        """A fresh database, owned by the superuser, with the grants of
        the module's docstring; returns its URI for [daemon] database
        (the password is in self.password_file)."""
        with self._lock:
            self.databases += 1
            n = self.databases
        name = _ident(name or f"tenured_{n}")
        self.sql("postgres", _DATABASE_SQL.format(db=name, role=self.role))
        return self.uri(name)

    def drop_database(self, name):
        """Drops the database, ending its sessions."""
        self.sql("postgres",
                 f"DROP DATABASE IF EXISTS {_ident(name)} WITH (FORCE);")

    def terminate(self, dbname):
        """Ends every session on dbname, as a lost connection does; returns
        how many there were."""
        return len(self.sql(
            "postgres", "SELECT pg_terminate_backend(pid) FROM "
            "pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()",
            [dbname]))

    def _psql(self, dbname, script, extra=()):
        argv = [os.path.join(self.bin, "psql"), "-X", "-q", "-A", "-t",
                "-v", "ON_ERROR_STOP=1", "-h", self.socket_dir,
                "-p", str(self.port), "-U", self.superuser, "-d", dbname,
                *extra, "-f", "-"]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env.update(LC_ALL="C.UTF-8", PGCLIENTENCODING="UTF8",
                   PGAPPNAME="tenured-tests")
        p = subprocess.run(argv, input=script, capture_output=True,
                           text=True, env=env, timeout=120)
        if p.returncode != 0:
            raise PgError(f"psql on {dbname} failed ({p.returncode}): "
                          f"{p.stderr.strip()}\n-- the SQL:\n{script}")
        return p.stdout

    def sql(self, dbname, query, params=None):
        """Runs query (any statements; ? bound to params when given) as
        the superuser in dbname; returns its rows as tuples of strings,
        NULL as None. Values holding a tab or newline split wrongly: use
        select() for those, and for typed values."""
        if params is not None:
            query = bind(query, params)
        null = "\x01NULL\x01"
        out = self._psql(dbname, query.rstrip() + "\n",
                         ["-F", "\t", "-P", f"null={null}"])
        return [tuple(None if v == null else v for v in line.split("\t"))
                for line in out.split("\n") if line]

    def select(self, dbname, query, params=()):
        """Runs one row-returning query (? bound to params) as the
        superuser in dbname; returns a list of tuples, in the query's
        order and types: int for integers, float, bool, str, None for
        NULL; timestamps as ISO 8601 strings."""
        body = bind(query, params).strip().rstrip(";")
        # One JSON object per row keeps types and NULLs and escapes tabs
        # and newlines; json, not jsonb, keeps the columns' order and
        # duplicate names.
        # The alias is one no column of the query would have: a column of
        # that name would be taken for the row.
        out = self._psql(dbname, "SELECT row_to_json(tenured_test_row)::text"
                         f" FROM (\n{body}\n) tenured_test_row;\n")
        return [json.loads(line, object_pairs_hook=lambda kv: tuple(
                    v for _, v in kv))
                for line in out.split("\n") if line]

    def log(self):
        try:
            with open(self.log_path, encoding="utf-8",
                      errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def log_tail(self, lines=30):
        return "\n".join(self.log().rstrip("\n").split("\n")[-lines:])
