"""Hostile input: tenured never crashes, always answers in the SPEC's shape,
and writes nothing it refused.

Every group throws one kind of abuse at one running daemon (socket and TCP
with a token) and then checks that the process still runs, that /healthz
still answers 200 on both listeners, that every HTTP answer was either a
success or the SPEC's error JSON ({"error": {"code", "message", "field",
"line"}}, or {"errors": [...]} for the import) with Content-Type
application/json, and that the database holds exactly what the successful
answers said was written (a model of every contract, compared field by field
with a full listing). The problems found are listed with the request bytes
that made them. Each test_robustness_*.py file runs its groups against a
daemon of its own, which must end cleanly (test_99 in
test_robustness_connections.py, tearDownClass in the others)."""
import collections
import copy
import json
import resource
import select
import shutil
import socket
import tempfile
import time
import unittest

from harness import Daemon
from robustness_common import (ALSO, CODES, CONTRACT_KEYS, CONTRACT_SEEDS,
                               Client, Crashed, DAEMON_NOFILE, Exchange,
                               HTTP_LAYER, MAX_BODY, TOKEN, email_key,
                               parse_answers, show, strict_json)


class RobustnessBase(unittest.TestCase):
    failed = False

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="tenured-robust-")
        cls.d = Daemon(workdir=cls.dir, token=TOKEN, listen=True,
                       config=f"max_body = {MAX_BODY}\n")
        cls.start_daemon()
        cls.api = Client(cls.d)
        cls.tcp_api = Client(cls.d, tcp=True, token=TOKEN)
        cls.expected = {}       # id -> (seq of its last write, contract)
        cls.person_writes = []  # (seq, email key, name), in order
        cls.seq = 0
        cls.stopped = False
        for body in CONTRACT_SEEDS:
            a = cls.api.request("POST", "/api/v1/contracts",
                                json.dumps(body).encode())
            assert a.status == 201, a
            cls.note_write(a.json())
        a = cls.api.request("POST", "/api/v1/contracts",
                            json.dumps({"name": "Patch Target",
                                        "email": "patch@example.org",
                                        "start": "2025-09-01"}).encode())
        assert a.status == 201, a
        cls.patch_id = a.json()["id"]
        cls.note_write(a.json())
        a = cls.api.request("POST", f"/api/v1/contracts/{cls.patch_id}"
                            "/decisions", json.dumps(
                                {"type": "renewed",
                                 "until": "2031-08-31"}).encode())
        assert a.status == 201, a
        cls.note_write(a.json()["contract"])

    @classmethod
    def start_daemon(cls):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE,
                           (min(DAEMON_NOFILE, hard), hard))
        try:
            cls.d.start()
        finally:
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))

    @classmethod
    def tearDownClass(cls):
        cls.api.close()
        cls.tcp_api.close()
        unclean = None
        if not cls.stopped:
            # Where no test_99 stopped it, it must still end cleanly.
            unclean = cls.unclean_shutdown()
            cls.failed = cls.failed or unclean is not None
        if cls.failed:
            print(f"# kept {cls.dir} (stderr.log is the daemon's log)")
        else:
            shutil.rmtree(cls.dir, ignore_errors=True)
        if unclean is not None:
            raise AssertionError(unclean)

    @classmethod
    def unclean_shutdown(cls):
        """SIGTERM must end it with 0 and leave no sanitizer report in the
        log; returns what went wrong, or None."""
        cls.stopped = True
        code = cls.d.stop()
        log = cls.d.log()
        if code != 0:
            return f"tenured exited with {code}:\n{log[-4000:]}"
        for mark in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                     "runtime error:", "SUMMARY: UndefinedBehaviorSanitizer",
                     "SUMMARY: AddressSanitizer"):
            i = log.find(mark)
            if i != -1:
                return f"sanitizer report:\n{log[i:i + 4000]}"
        return None

    def run(self, result=None):
        before = len(result.failures) + len(result.errors) if result else 0
        out = super().run(result)
        if result and len(result.failures) + len(result.errors) > before:
            type(self).failed = True
        return out

    @classmethod
    def note_write(cls, contract):
        cls.seq += 1
        cls.expected[contract["id"]] = (cls.seq, contract)
        cls.person_writes.append((cls.seq, email_key(contract["email"]),
                                  contract["name"]))

    def setUp(self):
        self.problems = []
        self.stats = collections.Counter()
        if self.stopped:
            self.skipTest("the daemon was stopped")
        if self.d.proc is None or self.d.proc.poll() is not None:
            # An earlier group killed it (and failed); the rest still run.
            self.d.stop()
            self.api.close()
            self.tcp_api.close()
            self.start_daemon()

    # -- checks ---------------------------------------------------------

    def problem(self, what, request=b"", detail=""):
        if isinstance(request, str):
            request = request.encode("utf-8", "surrogatepass")
        self.problems.append((what, bytes(request), str(detail)))

    def alive(self):
        return self.d.proc is not None and self.d.proc.poll() is None

    def check_answer(self, a, request, bare_ok=frozenset(), batch=False):
        """Checks one answer; returns its JSON, or None."""
        ct = a.headers.get("content-type", "")
        if a.status in bare_ok and ct.startswith("text/html"):
            self.stats[f"http-layer {a.status}"] += 1
            return None
        if ct != "application/json":
            self.problem(f"{a.status} answered as {ct or 'no type'}",
                         request, a)
            return None
        try:
            body = json.loads(a.body)
        except ValueError:
            self.problem(f"{a.status} body is not JSON", request, a)
            return None
        self.stats[f"json {a.status}"] += 1
        if 200 <= a.status < 300:
            return body
        if a.status >= 500:
            self.problem(f"{a.status} on input", request, a)
            return body
        if batch and isinstance(body, dict) and "errors" in body:
            errs = body["errors"]
            if a.status != 400 or not isinstance(errs, list) or not errs or \
                    any(not isinstance(e, dict) or
                        set(e) != {"line", "field", "message"} or
                        not isinstance(e["message"], str) or
                        not e["message"] for e in errs):
                self.problem("batch errors not in the SPEC's shape",
                             request, a)
            return body
        err = body.get("error") if isinstance(body, dict) else None
        if not isinstance(err, dict) or \
                not {"code", "message", "field", "line"} <= set(err):
            self.problem("error not in the SPEC's shape", request, a)
            return body
        if CODES.get(err["code"]) != a.status and \
                (err["code"], a.status) not in ALSO:
            self.problem(f"code {err['code']!r} with status {a.status}",
                         request, a)
        if not isinstance(err["message"], str) or not err["message"]:
            self.problem("error without a message", request, a)
        if err["field"] is not None and (not isinstance(err["field"], str)
                                         or not err["field"]):
            self.problem("error field neither null nor a name", request, a)
        if err["line"] is not None and not isinstance(err["line"], int):
            self.problem("error line neither null nor a number", request, a)
        if a.status == 405 and not a.headers.get("allow"):
            self.problem("405 without Allow", request, a)
        if a.status == 401 and a.headers.get("www-authenticate") != "Bearer":
            self.problem("401 without WWW-Authenticate: Bearer", request, a)
        return body

    def status_counts(self):
        s = self.api.get("/api/v1/status").json()
        return s["contracts"], s["milestones"], s["overdue"]

    def listing(self):
        out, after = {}, 0
        while True:
            body = self.api.get(
                f"/api/v1/contracts?limit=1000&after={after}").json()
            for c in body["contracts"]:
                out[c["id"]] = c
            if body["next_after"] is None:
                return out
            after = body["next_after"]

    def model(self):
        last_name = {}
        for seq, key, name in self.person_writes:
            last_name[key] = (seq, name)
        out = {}
        for cid, (seq, c) in self.expected.items():
            c = copy.deepcopy(c)
            s, name = last_name.get(email_key(c["email"]), (0, None))
            if s > seq:
                c["name"] = name    # a later write renamed the person
            out[cid] = c
        return out

    def finish(self, label=""):
        """The checks after every group."""
        if not self.alive():
            code = self.d.proc.poll() if self.d.proc else None
            self.fail(f"tenured died (exit {code}); problems so far:\n"
                      f"{self.summary()}\nlog tail:\n{self.d.log()[-4000:]}")
        for client in (self.api, self.tcp_api):
            try:
                a = client.get("/healthz")
                ok = a.status == 200 and a.json() == {"status": "ok"}
            except Exception as e:      # noqa: BLE001
                a, ok = e, False
            if not ok:
                self.problem("/healthz did not answer 200",
                             b"GET /healthz (tcp)" if client.tcp else
                             b"GET /healthz", a)
        actual, want = self.listing(), self.model()
        if set(actual) != set(want):
            self.problem("contracts differ from what was answered",
                         b"", f"unexpected ids "
                         f"{sorted(set(actual) - set(want))[:20]}, missing "
                         f"ids {sorted(set(want) - set(actual))[:20]}")
        for cid in sorted(set(actual) & set(want)):
            if actual[cid] != want[cid]:
                diff = {k: (want[cid].get(k), actual[cid].get(k))
                        for k in set(actual[cid]) | set(want[cid])
                        if actual[cid].get(k) != want[cid].get(k)}
                self.problem(f"contract {cid} changed without a successful "
                             "write", b"", show(repr(diff).encode(), 600))
        counts = self.status_counts()
        if counts[0] != len(want):
            self.problem("status counts a different number of contracts",
                         b"", f"{counts[0]} != {len(want)}")
        print(f"# {label or self.id()}: " + ", ".join(
            f"{k} {v}" for k, v in sorted(self.stats.items())))
        self.assertFalse(self.problems, "\n" + self.summary())

    def summary(self):
        by = collections.OrderedDict()
        for what, req, detail in self.problems:
            by.setdefault(what, []).append((req, detail))
        lines = []
        for what, items in by.items():
            lines.append(f"{len(items)} x {what}")
            for req, detail in items[:3]:
                lines.append(f"    request {show(req)}")
                if detail:
                    lines.append(f"    answer  {detail[:600]}")
        return "\n".join(lines)

    # -- raw connections ------------------------------------------------

    def connect(self, tcp=False, timeout=5):
        if tcp:
            s = socket.create_connection(("127.0.0.1", self.d.listen_port),
                                         timeout=timeout)
        else:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(timeout)
            s.connect(self.d.socket_path)
        return s

    def raw(self, data, tcp=False, timeout=8.0, expect=1, patience=0.1):
        """Sends data and reads answers until `expect` whole ones came or the
        daemon closed. When fewer came and nothing moved for `patience`
        seconds, half-closes (so a request waiting for more bytes ends) and
        reads to the end. Half-closing only then matters: evhttp drops what
        it has not yet written, and queued requests, once it reads EOF (see
        test_20)."""
        s = self.connect(tcp)
        s.setblocking(False)
        data = memoryview(bytes(data))
        out = bytearray()
        sent, eof, error, shut = 0, False, None, False
        deadline = time.monotonic() + timeout
        moved = time.monotonic()
        try:
            while True:
                now = time.monotonic()
                if now >= deadline:
                    error = "timeout"
                    break
                writing = sent < len(data) and error is None
                wait = deadline - now
                if not writing and not shut:
                    if len(parse_answers(bytes(out))[0]) >= expect:
                        break
                    if now - moved >= patience:
                        try:
                            s.shutdown(socket.SHUT_WR)
                        except OSError:
                            pass
                        shut = True
                    else:
                        wait = min(wait, patience - (now - moved))
                r, w, _ = select.select([s], [s] if writing else [], [],
                                        max(wait, 0))
                if w:
                    try:
                        sent += s.send(data[sent:sent + 262144])
                        moved = time.monotonic()
                    except BlockingIOError:
                        pass
                    except OSError as e:
                        error = e
                if r:
                    try:
                        chunk = s.recv(262144)
                    except BlockingIOError:
                        continue
                    except OSError as e:
                        error, eof = e, True
                        break
                    if not chunk:
                        eof = True
                        break
                    out += chunk
                    moved = time.monotonic()
        finally:
            s.close()
        answers, rest = parse_answers(bytes(out), eof=eof)
        return Exchange(answers, rest, eof, sent, error)

    def throw(self, data, tcp=False, bare_ok=HTTP_LAYER, min_answers=0,
              batch=None, timeout=8.0):
        """raw() and check every answer; returns the Exchange."""
        if batch is None:
            batch = b"/contracts/import" in bytes(data[:200])
        ex = self.raw(data, tcp=tcp, timeout=timeout,
                      expect=max(min_answers, 1),
                      patience=2.0 if min_answers else 0.1)
        if ex.error == "timeout":
            self.problem("no answer and no close within "
                         f"{timeout:.0f} s", data)
        if ex.rest:
            self.problem("bytes that are not an HTTP answer", data,
                         show(ex.rest))
        if len(ex.answers) < min_answers:
            self.problem(f"{len(ex.answers)} answers, wanted {min_answers}",
                         data, ex.error)
        if not ex.answers:
            self.stats["closed without answer"] += 1
        for a in ex.answers:
            got = self.check_answer(a, data, bare_ok=bare_ok, batch=batch)
            if 200 <= a.status < 300 and got is not None and \
                    not bytes(data[:4]).startswith(b"GET"):
                self.absorb(got)
        if not self.alive():
            raise Crashed(show(data))
        return ex

    def absorb(self, body):
        """Remembers what a success that raw bytes made wrote, if any."""
        if not isinstance(body, dict):
            return
        if isinstance(body.get("contract"), dict):
            body = body["contract"]
        if isinstance(body.get("ids"), list):
            for i in body["ids"]:
                self.note_write(self.api.get(f"/api/v1/contracts/{i}").json())
            self.stats["raw writes"] += len(body["ids"])
        elif {"id", "decisions", "milestones"} <= set(body):
            self.note_write(body)
            self.stats["raw writes"] += 1

    # -- requests that may write ---------------------------------------

    def submit(self, method, path, body, kind, target=None,
               content_type="application/json", may_succeed=True,
               client=None):
        """Sends one API request; a success is checked and remembered as a
        write, a refusal must leave the status counts and the target as
        they were. Returns the Reply or None."""
        client = client or self.api
        request = f"{method} {path}\n".encode() + bytes(body or b"")
        try:
            a = client.request(method, path, body, content_type=content_type)
        except Exception as e:      # noqa: BLE001
            self.problem(f"no answer ({type(e).__name__})", request, e)
            if not self.alive():
                raise Crashed(show(request))
            return None
        got = self.check_answer(a, request, batch=kind == "import")
        if 200 <= a.status < 300 and got is not None:
            self.stats[f"{kind} accepted"] += 1
            self.accepted(kind, got, a, request, target)
            if not may_succeed:
                self.problem("accepted what must be refused", request, a)
            if strict_json(bytes(body or b"")) is False and kind != "import":
                self.problem("accepted a body that is not strict JSON",
                             request, a)
            self.baseline(target)
        else:
            self.stats[f"{kind} refused"] += 1
            self.check_unchanged(request, target)
        return a

    def accepted(self, kind, got, a, request, target):
        want = {"create": 201, "patch": 200, "decision": 201, "import": 201}
        if a.status != want[kind]:
            self.problem(f"{kind} answered {a.status}", request, a)
        contracts = []
        if kind in ("create", "patch"):
            contracts = [got]
        elif kind == "decision":
            d = got.get("decision") if isinstance(got, dict) else None
            if not isinstance(d, dict) or not isinstance(d.get("id"), int):
                self.problem("decision answer without the decision",
                             request, a)
            contracts = [got.get("contract")] if isinstance(got, dict) \
                else [None]
        elif kind == "import":
            ids = got.get("ids") if isinstance(got, dict) else None
            if not isinstance(ids, list) or got.get("imported") != len(ids):
                self.problem("import answer without its ids", request, a)
                ids = []
            contracts = [self.api.get(f"/api/v1/contracts/{i}").json()
                         for i in ids]
        for c in contracts:
            if not isinstance(c, dict) or \
                    not set(CONTRACT_KEYS) <= set(c) or \
                    not isinstance(c["id"], int) or c["id"] < 1 or \
                    not c["name"] or not c["email"] or not c["start"]:
                self.problem(f"{kind} answer is not a contract", request, a)
                continue
            if target is not None and kind != "import" and c["id"] != target:
                self.problem(f"{kind} answered contract {c['id']}, not "
                             f"{target}", request, a)
            self.note_write(c)

    def baseline(self, target=None):
        self.base_counts = self.status_counts()
        if target is not None:
            self.base_target = self.api.get(f"/api/v1/contracts/{target}")

    def check_unchanged(self, request, target):
        counts = self.status_counts()
        if counts != self.base_counts:
            self.problem("a refused request changed the counts", request,
                         f"{self.base_counts} -> {counts}")
            self.base_counts = counts
        if target is not None:
            now = self.api.get(f"/api/v1/contracts/{target}")
            if now.status != self.base_target.status or \
                    now.json() != self.base_target.json():
                self.problem(f"a refused request changed contract {target}",
                             request, show(now.body, 600))
                self.base_target = now

    def fresh_contract(self, n):
        body = json.dumps({"name": f"Target {n}",
                           "email": f"target{n}@example.org",
                           "start": "2025-09-01"}).encode()
        a = self.api.request("POST", "/api/v1/contracts", body)
        self.assertEqual(a.status, 201, a)
        self.note_write(a.json())
        return a.json()["id"]

