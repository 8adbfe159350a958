"""Starts the built tenured the way systemd does and talks to it.

The harness binds the API socket itself and hands it over as fd 3 with
LISTEN_FDS (socket activation), and waits for READY=1 on a NOTIFY_SOCKET of
its own: no sleeping to wait for readiness.

TENURED_TEST_BACKEND picks the store: sqlite (the default: a file in the
daemon's directory) or postgresql (a database of its own on the test
process's throw-away cluster, pg_server.py). Daemon(database=...) shares
one between daemons; Daemon.query() reads the store whichever it is.
"""
import atexit
import http.client
import json
import os
import queue
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time

# Secret files (tokens, SMTP passwords, webhook keys) must not be readable
# by others, or tenured refuses them (SPEC section 13): every file a test
# writes is made that way.
os.umask(0o077)

TENURED = os.environ.get("TENURED", "build/daemon/tenured")
TENURECTL = os.environ.get("TENURECTL", "build/cli/tenurectl")
READY_TIMEOUT = float(os.environ.get("TENURED_READY_TIMEOUT", "20"))
BACKEND = os.environ.get("TENURED_TEST_BACKEND", "sqlite")
if BACKEND not in ("sqlite", "postgresql"):
    raise SystemExit(f"TENURED_TEST_BACKEND={BACKEND}: sqlite or postgresql")


def pg_server(start=True):
    """The PostgreSQL cluster of this test process, started on first use
    (with start=False: None until then); tests restart it, or end its
    sessions, through it."""
    import pg_server as pg
    return pg.PgServer.shared(start)


def new_database():
    """A database no daemon owns yet, for several daemons to share:
    Daemon(database=new_database()). PostgreSQL: a URI; SQLite: a path in
    a directory removed at exit."""
    if BACKEND == "postgresql":
        return pg_server().new_database()
    d = tempfile.mkdtemp(prefix="tenured-db-")
    atexit.register(shutil.rmtree, d, True)
    return os.path.join(d, "tenured.db")


# PostgreSQL databases in use: URI -> daemons not cleaned up yet. Those a
# Daemon made for itself are dropped when the last daemon using them is
# cleaned up (a shared one is not dropped under the other daemon).
_db_users = {}
_db_implicit = set()


def database_name(uri):
    """The database's name in a postgresql:// URI."""
    return uri.rsplit("/", 1)[1].split("?", 1)[0]


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout=float(os.environ.get("TENURED_HTTP_TIMEOUT", "30"))):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.unix_path)


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return f"<Answer {self.status} {self.body[:300]!r}>"


class Daemon:
    """One tenured process on a private directory, with a database of its
    own unless given one (database: another daemon's, or new_database())."""

    def __init__(self, workdir=None, config=None, now="2026-11-23T09:00:00Z",
                 token=None, listen=False, database=None):
        self.own_dir = workdir is None
        self.dir = workdir or tempfile.mkdtemp(prefix="tenured-test-")
        self.now = now
        self.token = token
        self.listen_port = None
        self.proc = None
        self.notify = None
        self.notes = []
        self.socket_path = os.path.join(self.dir, "api.sock")
        self.backend = BACKEND
        self.database_password_file = None
        if BACKEND == "postgresql":
            self.database = database or pg_server().new_database()
            if database is None:
                _db_implicit.add(self.database)
            _db_users[self.database] = _db_users.get(self.database, 0) + 1
            # Kept apart: a test may point self.database elsewhere.
            self._db_uri = self.database
            # A copy of its own, so a test may spoil it for one daemon.
            self.database_password_file = os.path.join(self.dir,
                                                       "database-password")
            with open(self.database_password_file, "w") as f:
                f.write(pg_server().password + "\n")
        else:
            self.database = database or os.path.join(self.dir, "tenured.db")
        self.config_path = os.path.join(self.dir, "tenured.conf")
        if listen:
            self.listen_port = free_port()
        self.write_config(config or "")

    def base_config(self):
        lines = ["[daemon]",
                 f"database = {self.database}",
                 f"socket = {self.socket_path}",
                 "timezone = Europe/Brussels",
                 "domain = tenured.test",
                 f"ics_dir = {self.dir}/ics"]
        if self.database_password_file:
            lines.insert(2, "database_password_file = "
                         f"{self.database_password_file}")
        if self.listen_port:
            lines.append(f"listen = 127.0.0.1:{self.listen_port}")
        if self.token:
            token_file = os.path.join(self.dir, "api-token")
            with open(token_file, "w") as f:
                f.write(self.token + "\n")
            lines.append(f"api_token_file = {token_file}")
        return "\n".join(lines) + "\n"

    def write_config(self, extra):
        with open(self.config_path, "w") as f:
            f.write(self.base_config() + extra)

    def start(self, args=(), activate=True, env=None):
        """Starts tenured; with activate=False it binds its socket itself
        (and deals with one left at its path). env: more variables."""
        if activate and os.path.exists(self.socket_path):
            os.unlink(self.socket_path)
        api = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        if activate:
            api.bind(self.socket_path)
            api.listen(socket.SOMAXCONN)
        notify_path = os.path.join(self.dir, "notify.sock")
        if os.path.exists(notify_path):
            os.unlink(notify_path)
        self.notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.notify.bind(notify_path)
        # Drained all the time, as systemd does: a full queue would block
        # the daemon's sd_notify.
        self.notify_queue = queue.Queue()
        self.drain = threading.Thread(target=self._drain,
                                      args=(self.notify, self.notify_queue),
                                      daemon=True)
        self.drain.start()
        extra = env or {}
        env = dict(os.environ, NOTIFY_SOCKET=notify_path)
        env.update(extra)
        env.pop("LISTEN_PID", None)
        env.pop("LISTEN_FDS", None)
        if api.fileno() == 3:
            # The redirection below would close the socket it moves.
            moved = os.dup(3)
            api.close()
            api = socket.socket(fileno=moved)
        fd = api.fileno()
        if activate:
            # LISTEN_PID must name the daemon itself: the shell's $$
            # survives its exec, and the redirection puts the socket on 3.
            env["LISTEN_FDS"] = "1"
            wrapper = f'LISTEN_PID=$$ exec "$0" "$@" 3<&{fd} {fd}<&-'
        else:
            wrapper = 'exec "$0" "$@"'
        # bash, not sh: dash takes only one-digit descriptors in a
        # redirection, and after many restarts the socket's is higher.
        argv = ["/bin/bash", "-c", wrapper, TENURED, "--config",
                self.config_path]
        if self.now:
            argv += ["--now", self.now]
        argv += list(args)
        self.stderr_path = os.path.join(self.dir, "stderr.log")
        self.stderr = open(self.stderr_path, "ab")
        self.proc = subprocess.Popen(argv, env=env, pass_fds=[fd],
                                     stdout=self.stderr, stderr=self.stderr)
        api.close()
        self.wait_notify("READY=1")
        return self

    def _drain(self, sock, out):
        while True:
            try:
                data = sock.recv(4096)
            except OSError:
                return
            if not data:
                return
            lines = data.decode().split("\n")
            self.notes.extend(lines)
            out.put(lines)

    def wait_notify(self, what, timeout=READY_TIMEOUT):
        """Waits for a notification that has a line equal to what; fails
        at once if the daemon exits meanwhile."""
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(
                    f"no {what} within {timeout}s; notifications "
                    f"{self.notes[-5:]}; log:\n{self.log()}")
            try:
                lines = self.notify_queue.get(timeout=min(left, 0.2))
            except queue.Empty:
                if self.proc is not None and self.proc.poll() is not None:
                    raise AssertionError(
                        f"tenured exited with {self.proc.returncode} "
                        f"before {what}; log:\n{self.log()}")
                continue
            if what in lines:
                return lines

    def log(self):
        try:
            with open(self.stderr_path, encoding="utf-8",
                      errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def request(self, method, path, body=None, headers=None, tcp=False,
                content_type="application/json"):
        headers = dict(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        if body is not None and content_type and "Content-Type" not in headers:
            headers["Content-Type"] = content_type
        if tcp:
            conn = http.client.HTTPConnection("127.0.0.1", self.listen_port,
                                              timeout=30)
        else:
            conn = UnixHTTPConnection(self.socket_path)
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            return Answer(resp.status, dict(resp.getheaders()), resp.read())
        finally:
            conn.close()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body, **kw):
        return self.request("POST", path, body=body, **kw)

    def ctl(self, *args, input=None):
        argv = [TENURECTL, "--socket", self.socket_path] + list(args)
        p = subprocess.run(argv, capture_output=True, text=True, input=input,
                           timeout=60)
        return p.returncode, p.stdout, p.stderr

    def query(self, sql, params=()):
        """Runs one SELECT on the store, whichever the backend, with ? for
        params; returns a list of tuples (integers as int, NULL as None;
        on PostgreSQL timestamps are ISO 8601 strings)."""
        if self.backend == "postgresql":
            return pg_server().select(database_name(self.database), sql,
                                      params)
        db = sqlite3.connect(f"file:{self.database}?mode=ro", uri=True)
        try:
            return db.execute(sql, tuple(params)).fetchall()
        finally:
            db.close()

    def reload(self):
        self.proc.send_signal(signal.SIGHUP)
        self.wait_notify("RELOADING=1")
        self.wait_notify("READY=1")

    def kill(self):
        """SIGKILL, as a crash: no STOPPING=1, nothing flushed."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.proc = None
        self.stderr.close()
        # Shut down before closing, so the drain thread lets go of the
        # descriptor before the next start reuses its number.
        self.notify.shutdown(socket.SHUT_RDWR)
        self.drain.join(5)
        self.notify.close()

    def stop(self):
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.wait_notify("STOPPING=1", timeout=10)
            except AssertionError:
                pass    # the exit code and the notes tell the test
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        code = self.proc.returncode
        self.proc = None
        self.stderr.close()
        self.notify.shutdown(socket.SHUT_RDWR)
        self.notify.close()
        return code

    def cleanup(self):
        self.stop()
        if self.own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)
        uri = getattr(self, "_db_uri", None)
        if uri is not None:
            self._db_uri = None
            _db_users[uri] -= 1
            server = pg_server(start=False)
            if _db_users[uri] == 0 and uri in _db_implicit and \
                    server is not None and server.running:
                server.drop_database(database_name(uri))
                _db_implicit.discard(uri)


def ctx_switches(pid):
    """How often the process has gone to sleep and been woken."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("voluntary_ctxt_switches:"):
                return int(line.split()[1])
    raise AssertionError("no voluntary_ctxt_switches")


def free_port():
    """A loopback port nothing listens on (for now)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
