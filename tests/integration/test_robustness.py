"""Hostile input: tenured never crashes, always answers in the SPEC's shape,
and writes nothing it refused.

Every group throws one kind of abuse at one running daemon (socket and TCP
with a token) and then checks that the process still runs, that /healthz
still answers 200 on both listeners, that every HTTP answer was either a
success or the SPEC's error JSON ({"error": {"code", "message", "field",
"line"}}, or {"errors": [...]} for the import) with Content-Type
application/json, and that the database holds exactly what the successful
answers said was written (a model of every contract, compared field by field
with a full listing).

Refusals that libevent's evhttp sends itself, before tenured sees the
request, are bare text/html and are allowed only where the request is not
well-formed HTTP (HTTP_LAYER below):
  400  request line without a version, unknown HTTP version (HTTP/2.0,
       HTTP/1.1x), header line without a colon, NUL in the request line, a
       header block over 64 KiB, a Content-Length that is not a number or
       is negative, a bad chunk size, bytes that are not HTTP at all;
  413  a body over evhttp's own cap (4 x max_body), including a
       Content-Length announcing one, with or without Expect: 100-continue;
  417  an Expect other than 100-continue;
  501  a method evhttp does not know or allow (FOO, TRACE, CONNECT).
Anything that reaches tenured's router must be answered in JSON. (evhttp
answers HTTP/1.0 requests, and odd versions it accepts such as HTTP/-1.1,
without Content-Length, delimited by the close; the parser here allows it.)

Random inputs come from a fixed seed (TENURED_ROBUST_SEED), so a failure
repeats; the problems found are listed with the request bytes that made
them.
"""
import collections
import copy
import glob
import http.client
import json
import os
import random
import resource
import select
import shutil
import socket
import string
import tempfile
import threading
import time
import unittest

import tap
from harness import Daemon, UnixHTTPConnection

TOKEN = "robust-token-0123456789abcdef"
MAX_BODY = 1048576
EVHTTP_CAP = 4 * MAX_BODY
SEED = int(os.environ.get("TENURED_ROBUST_SEED", "20261123"))
SCALE = float(os.environ.get("TENURED_ROBUST_SCALE", "1"))
# The daemon runs with this many descriptors, so the exhaustion group is
# cheap; the other groups stay well below it.
DAEMON_NOFILE = 384

CODES = {"bad_request": 400, "invalid_field": 400, "unauthorized": 401,
         "forbidden": 403, "not_found": 404, "method_not_allowed": 405,
         "conflict": 409, "too_large": 413,
         "unsupported_media_type": 415}
# too_large is also a header block past 64 KiB or 100 lines on TCP (the
# guard's 431, SPEC section 13).
ALSO = frozenset({("too_large", 431)})
# The HTTP layer's own refusals (see the module's docstring).
HTTP_LAYER = frozenset({400, 413, 417, 501})

CONTRACT_FIELDS = ("name", "email", "manager_email", "unit", "vacancy",
                   "post", "post_title", "grade", "start", "staff_type",
                   "indefinite", "twin_graded", "birth_date")
CONTRACT_KEYS = CONTRACT_FIELDS + ("id", "policy", "decisions", "milestones",
                                   "created_at", "updated_at")
CSV_COLUMNS = ("name", "email", "manager_email", "unit", "vacancy",
               "post_title", "grade", "start", "staff_type", "twin_graded",
               "birth_date", "renewed_until", "conversion_requested_on",
               "converted_on", "separated_on", "separation_reason")

# Every C0 and C1 control character and DEL.
CONTROLS = [chr(i) for i in range(0x20)] + ["\x7f"] + \
    [chr(i) for i in range(0x80, 0xa0)]

INVALID_UTF8 = [b"\xff", b"\xfe", b"\x80", b"\xbf", b"\xc0\xaf", b"\xc1\xbf",
                b"\xe0\x80\xaf", b"\xed\xa0\x80", b"\xed\xbf\xbf",
                b"\xf4\x90\x80\x80", b"\xf8\x88\x80\x80\x80", b"\xc3",
                b"\xe2\x82", b"\xf0\x9f\x98", b"\xc3\x28", b"a\xa0\xa1"]

WEIRD_STRINGS = [
    "", " ", "\t", "  padded  ", "x" * 201, "x" * 5000, "\u00e9" * 150,
    "a\u0000b", "".join(CONTROLS[1:32]), "\x7f", "\u0085", "\u009b[31m",
    "\u2028\u2029", "\ufeff", "\u202eevil", "\ud800", "\udfff",
    "\U0001F600", "<script>alert(1)</script>", "' OR 1=1 --", "%s%n%x",
    "../../etc/passwd", "null", "2026-02-29", "2024-02-29", "1899-12-31",
    "1900-01-01", "2999-12-31", "3000-01-01", "0000-00-00", "2026-1-1",
    "2026-01-01T00:00:00Z", " 2026-01-01", "2026-01-01\n",
    "\uff12\uff10\uff12\uff16-01-01", "external", "seconded", "serving",
    "SERVING", "renewed", "not_renewed", "conversion_requested", "converted",
    "separated", "a@b.c", "@x.org", "x@", "x@@y.org", "x@y", "x@y.",
    "\u00e9@\u00fc.org", "a" * 250 + "@x.org", "a b@x.org", "a,b@x.org",
]
WEIRD_VALUES = [None, True, False, 0, 1, -1, 2, 1000, 1001, 2 ** 31,
                2 ** 63 - 1, -2 ** 63, 2 ** 64, 10 ** 40, 1.0, 0.5, 1e308,
                -0.0, float("nan"), float("inf"), [], {}, [None],
                {"a": 1}, ["2026-01-01"]] + WEIRD_STRINGS
ODD_KEYS = ["", "x", "Name", "NAME", "name ", " name", "nam\u00e9",
            "\u00e9" * 30, "\u20ac" * 20, "k" * 100, "\u0001", "\x7f",
            "__proto__", "constructor", "type", "date", "until", "reason",
            "id", "policy", "decisions", "milestones", "created_at",
            "\U0001F600" * 13]
BYTE_TOKENS = [b"\\u0000", b"\\ud800", b"\\udc00", b"\\ud83d\\ude00",
               b"\\u00e9", b"\xff", b"\xc0\x80", b"\xed\xa0\x80", b'"', b"{",
               b"}", b"[", b"]", b",", b":", b"\\", b"1e999", b"-1e999",
               b"123456789012345678901234567890", b"NaN", b"Infinity",
               b"null", b"true", b"\x00", b"\n", b"\x01", b"/*x*/",
               b'"name": "dup", ', b'"email": "dup@example.org", ']


# ---------------------------------------------------------------------------
# Talking to the daemon


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers          # names in lower case
        self.body = body

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return (f"<{self.status} {self.headers.get('content-type')} "
                f"{self.body[:200]!r}>")


class Client:
    """A keep-alive client on the socket, or on TCP with the token."""

    def __init__(self, d, tcp=False, token=None, timeout=15):
        self.d = d
        self.tcp = tcp
        self.token = token
        self.timeout = timeout
        self.conn = None

    def _connect(self):
        if self.tcp:
            return http.client.HTTPConnection("127.0.0.1", self.d.listen_port,
                                              timeout=self.timeout)
        return UnixHTTPConnection(self.d.socket_path, timeout=self.timeout)

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method, path, body=None, content_type="application/json",
                headers=None):
        hdrs = {}
        if body is not None and content_type:
            hdrs["Content-Type"] = content_type
        if self.token:
            hdrs["Authorization"] = "Bearer " + self.token
        hdrs.update(headers or {})
        for attempt in (0, 1):
            fresh = self.conn is None
            if fresh:
                self.conn = self._connect()
            try:
                self.conn.request(method, path, body=body, headers=hdrs)
                resp = self.conn.getresponse()
                data = resp.read()
            except (http.client.RemoteDisconnected, BrokenPipeError,
                    ConnectionResetError):
                self.close()
                if fresh:
                    raise
                continue        # a kept-alive connection went stale
            except Exception:
                self.close()
                raise
            headers = {k.lower(): v for k, v in resp.getheaders()}
            if resp.will_close:
                self.close()
            return Reply(resp.status, headers, data)
        raise AssertionError("unreachable")

    def get(self, path):
        return self.request("GET", path)


class Exchange:
    """What one raw connection gave back."""

    def __init__(self, answers, rest, eof, sent, error):
        self.answers = answers
        self.rest = rest                # bytes that are not a whole answer
        self.eof = eof
        self.sent = sent
        self.error = error


def parse_answers(data, eof=False):
    """Splits bytes into whole answers; returns them and what is left. An
    answer without Content-Length (evhttp's to HTTP/1.0 and older) runs to
    the end of the connection."""
    answers = []
    while data:
        head, sep, rest = data.partition(b"\r\n\r\n")
        if not sep:
            break
        lines = head.split(b"\r\n")
        parts = lines[0].split(b" ", 2)
        if len(parts) < 2 or not parts[0].startswith(b"HTTP/") or \
                not parts[1].isdigit():
            break
        headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(b":")
            headers.setdefault(k.strip().lower().decode("latin-1"),
                               v.strip().decode("latin-1"))
        if "content-length" not in headers:
            if not eof:
                break
            n = len(rest)
        else:
            n = int(headers["content-length"] or 0)
        if len(rest) < n:
            break
        answers.append(Reply(int(parts[1]), headers, rest[:n]))
        data = rest[n:]
    return answers, data


def email_key(email):
    """People are one per email, compared as SQLite's NOCASE does."""
    return (email or "").translate(
        str.maketrans(string.ascii_uppercase, string.ascii_lowercase))


def strict_json(data):
    """Whether data is one JSON object by RFC 8259 and then some: UTF-8
    without surrogates, no NaN, no duplicate keys."""
    def pairs(items):
        keys = [k for k, _ in items]
        if len(keys) != len(set(keys)):
            raise ValueError("duplicate key")
        return dict(items)

    def constant(name):
        raise ValueError(name)

    def no_surrogates(v):
        if isinstance(v, str):
            if any(0xd800 <= ord(ch) <= 0xdfff for ch in v):
                raise ValueError("surrogate")
        elif isinstance(v, list):
            for x in v:
                no_surrogates(x)
        elif isinstance(v, dict):
            for k, x in v.items():
                no_surrogates(k)
                no_surrogates(x)
    try:
        v = json.loads(data.decode("utf-8"), object_pairs_hook=pairs,
                       parse_constant=constant)
        no_surrogates(v)
        return isinstance(v, dict)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return False


def show(data, limit=300):
    data = bytes(data)
    if len(data) <= limit:
        return repr(data)
    return f"{data[:limit]!r}... ({len(data)} bytes)"


class Crashed(Exception):
    pass


# ---------------------------------------------------------------------------
# Random inputs


def dumps(rng, obj):
    text = json.dumps(obj, ensure_ascii=rng.random() < 0.5)
    return text.encode("utf-8", "surrogatepass")


def weird_value(rng):
    v = rng.choice(WEIRD_VALUES)
    if isinstance(v, str) and rng.random() < 0.2:
        v = v + rng.choice(CONTROLS) + v
    return copy.deepcopy(v)


def random_text(rng, lo=1, hi=40):
    pool = string.ascii_letters + string.digits + " .-'" + \
        "\u00e9\u00fc\u00df\u0142\u4e2d\u0434\U0001F600"
    return "".join(rng.choice(pool) for _ in range(rng.randint(lo, hi)))


def random_date(rng):
    return f"{rng.randint(1899, 3001):04d}-{rng.randint(0, 13):02d}-" \
        f"{rng.randint(0, 32):02d}" if rng.random() < 0.3 else \
        f"{rng.randint(1960, 2040):04d}-{rng.randint(1, 12):02d}-" \
        f"{rng.randint(1, 28):02d}"


def plausible(rng, key):
    """A value of the right type for a field, valid more often than not."""
    if key in ("email", "manager_email"):
        return f"{random_text(rng, 1, 12).replace(' ', '')}@example.org"
    if key in ("start", "birth_date", "date", "until"):
        return random_date(rng)
    if key == "post":
        return rng.randint(-1, 1002)
    if key in ("indefinite", "twin_graded"):
        return rng.random() < 0.5
    if key == "staff_type":
        return rng.choice(["external", "seconded", "serving", "Serving"])
    if key == "type":
        return rng.choice(["renewed", "not_renewed", "conversion_requested",
                           "converted", "separated", "revoked"])
    return random_text(rng, 0, 60)


def mutate_object(rng, obj, fields):
    obj = copy.deepcopy(obj)
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
        op = rng.randrange(7)
        if op == 0 and obj:
            del obj[rng.choice(sorted(obj))]
        elif op == 1 and obj:
            obj[rng.choice(sorted(obj))] = weird_value(rng)
        elif op == 2:
            key = rng.choice(ODD_KEYS) if rng.random() < 0.6 else \
                random_text(rng, 1, 70)
            obj[key] = weird_value(rng) if rng.random() < 0.5 else 1
        elif op == 3:
            obj[rng.choice(fields)] = weird_value(rng)
        else:
            key = rng.choice(fields)
            obj[key] = plausible(rng, key)
    return obj


def mutate_bytes(rng, data):
    data = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 3))):
        op = rng.randrange(7)
        pos = rng.randint(0, len(data))
        if op == 0 and data:
            data[min(pos, len(data) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:
            data[pos:pos] = bytes([rng.randrange(256)])
        elif op == 2:
            data[pos:pos] = rng.choice(BYTE_TOKENS)
        elif op == 3:
            del data[pos:pos + rng.randint(1, 8)]
        elif op == 4:
            del data[pos:]
        elif op == 5 and data:
            a = rng.randint(0, len(data) - 1)
            data[pos:pos] = data[a:a + rng.randint(1, 16)]
        else:
            digits = [i for i, b in enumerate(data) if chr(b).isdigit()]
            if digits:
                i = rng.choice(digits)
                data[i:i + 1] = rng.choice((b"9" * 30, b"1e400", b"-0",
                                            b"0.5", b"1E+2"))
    return bytes(data)


def random_csv(rng):
    mode = rng.random()
    if mode < 0.12:
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 1500)))
    if mode < 0.25:
        pool = "abc,;\"\r\n \t\u00e9\x00@.-0123456789"
        return "".join(rng.choice(pool) for _ in range(
            rng.randint(0, 800))).encode("utf-8")
    sep = rng.choice(",,;")
    cols = ["name", "email", "start"] + rng.sample(
        [c for c in CSV_COLUMNS if c not in ("name", "email", "start")],
        rng.randint(0, 5))
    rng.shuffle(cols)
    header = list(cols)
    if rng.random() < 0.15:
        header[rng.randrange(len(header))] = rng.choice(
            ["Name", " email ", "EMAIL", "start", "", "colour",
             "\u00e9" * 30, "x" * 100, '"name"', "name\x00"])
    rows = []
    for _ in range(rng.randint(1, 6)):
        row = []
        for c in cols:
            if rng.random() < 0.85:
                v = {"name": random_text(rng, 1, 30),
                     "email": f"p{rng.randrange(10 ** 6)}@example.org",
                     "start": f"20{rng.randint(20, 27)}-0"
                              f"{rng.randint(1, 9)}-01",
                     "staff_type": rng.choice(["external", "seconded",
                                               "serving", ""]),
                     "twin_graded": rng.choice(["", "yes", "no", "true",
                                                "0", "1"]),
                     "birth_date": rng.choice(["", "1980-05-05"]),
                     "manager_email": rng.choice(["", "m@example.org"]),
                     }.get(c, rng.choice(["", random_text(rng, 1, 20),
                                          random_date(rng)]))
            else:
                v = rng.choice(WEIRD_STRINGS)
            if sep in v or '"' in v or "\n" in v or rng.random() < 0.1:
                v = '"' + v.replace('"', '""') + '"'
            row.append(v)
        rows.append(sep.join(row))
    eol = rng.choice(("\n", "\r\n", "\r\n", "\r"))
    text = sep.join(header) + eol + eol.join(rows) + \
        (eol if rng.random() < 0.7 else "")
    data = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.1:
        data = b"\xef\xbb\xbf" + data
    if rng.random() < 0.3:
        data = mutate_bytes(rng, data)
    return data


CONTRACT_SEEDS = [
    {"name": "Ada Lovelace", "email": "ada@example.org",
     "start": "2025-09-01"},
    {"name": "Grace Hopper", "email": "grace@example.org",
     "manager_email": "boss@example.org", "unit": "NCIA Brussels",
     "post_title": "Senior Officer",
     "grade": "A3", "start": "2024-03-01", "staff_type": "seconded",
     "indefinite": False, "twin_graded": True, "birth_date": "1970-12-09"},
    {"name": "Edsger Dijkstra", "email": "ewd@example.org",
     "start": "2023-01-16", "staff_type": "serving", "indefinite": True,
     "unit": None, "manager_email": None},
]
DECISION_SEEDS = [
    {"type": "renewed", "until": "2031-08-31"},
    {"type": "not_renewed", "date": "2027-06-01"},
    {"type": "separated", "date": "2026-12-31", "reason": "moved on"},
    {"type": "conversion_requested", "date": "2027-06-01"},
    {"type": "converted", "date": "2028-01-01"},
]
DECISION_FIELDS = ["type", "until", "date", "reason"]
PATCH_SEEDS = [
    {"name": "Patched Name"}, {"unit": "Unit B", "grade": "A4"},
    {"manager_email": "chief@example.org"}, {"manager_email": None},
    {"birth_date": "1981-05-05"}, {"staff_type": "seconded"},
    {"twin_graded": True}, {"post": None, "vacancy": None},
    {"start": "2025-09-01"}, {"post_title": None, "grade": None},
]


# ---------------------------------------------------------------------------


class RobustnessTest(unittest.TestCase):
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
        if not cls.stopped:
            cls.d.stop()
        if cls.failed:
            print(f"# kept {cls.dir} (stderr.log is the daemon's log)")
        else:
            shutil.rmtree(cls.dir, ignore_errors=True)

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

    # ===================================================================
    # The groups

    def test_01_garbage_bytes(self):
        rng = random.Random(SEED + 1)
        blobs = [b"\x00" * 1000, b"\r\n" * 5000, b"\n\n\n\n",
                 b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" +
                 bytes(rng.randrange(256) for _ in range(500)),
                 b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
                 b"\xff\xfe\xfd" * 2000, b" " * 70000,
                 b"GET" + b"\x00" * 100 + b"\r\n\r\n"]
        for i in range(int(60 * SCALE)):
            n = rng.choice((1, 16, 200, 4096, 70000))
            blob = bytes(rng.randrange(256) for _ in range(rng.randint(1, n)))
            if rng.random() < 0.5:
                blob += b"\r\n\r\n"
            blobs.append(blob)
        for i, blob in enumerate(blobs):
            self.throw(blob, tcp=i % 3 == 0)
        self.finish()

    def test_02_request_lines(self):
        lines = [
            b"GET /healthz", b"GET /healthz HTTP/9.9",
            b"GET /healthz HTTP/2.0",
            b"GET /healthz HTTP/1.1x", b"GET /healthz HTTP/", b"GET /healthz "
            b"http/1.1", b"GET /healthz HTTP/1.1.1", b"GET /healthz HTTP/01.1",
            b"GET /healthz HTTP/-1.1", b"GET /healthz HTTP/1.99999999999",
            b"GET /healthz HTTP/0.9", b"GET /healthz HTTP/1.0",
            b"GET  /healthz  HTTP/1.1", b"GET\t/healthz\tHTTP/1.1",
            b" GET /healthz HTTP/1.1", b"get /healthz HTTP/1.1",
            b"FOO /healthz HTTP/1.1", b"TRACE / HTTP/1.1",
            b"CONNECT 127.0.0.1:1 HTTP/1.1", b"OPTIONS * HTTP/1.1",
            b"PUT /api/v1/contracts HTTP/1.1", b"DELETE /healthz HTTP/1.1",
            b"G" * 70000 + b" / HTTP/1.1", b"GET HTTP/1.1",
            b"GET  HTTP/1.1", b"GET / / HTTP/1.1",
            b"GET /healthz HTTP/1.1 extra", b"GET http://x/healthz HTTP/1.1",
            b"GET http://[::1/healthz HTTP/1.1", b"GET ://x HTTP/1.1",
            b"GET * HTTP/1.1", b"GET ? HTTP/1.1", b"GET # HTTP/1.1",
            b"GET /healthz\x00 HTTP/1.1", b"GET /health\x7fz HTTP/1.1",
            b"GET /\xff\xfe HTTP/1.1", b"\x00GET /healthz HTTP/1.1",
            b"POST /api/v1/contracts HTTP/1.1", b"GET /healthz HTTP/1.1\r",
        ]
        for i, line in enumerate(lines):
            for eol in (b"\r\n", b"\n"):
                self.throw(line + eol + b"Host: x" + eol + eol, tcp=i % 2 == 1)
        # A bare CR ends nothing; the connection is then closed by us.
        self.throw(b"GET /healthz HTTP/1.1\rHost: x\r\r")
        self.finish()

    def test_03_headers(self):
        base = b"GET /healthz HTTP/1.1\r\n"
        post = (b"POST /api/v1/contracts HTTP/1.1\r\n"
                b"Content-Type: application/json\r\n")
        body = json.dumps({"name": "Header Case", "start": "2026-13-01",
                           "email": "h@example.org"}).encode()
        cases = [
            (base + b"".join(b"H%d: v\r\n" % i for i in range(5000)) +
             b"\r\n", 1),
            (base + b"X-Long: " + b"a" * 60000 + b"\r\n\r\n", 1),
            (base + b"X-Long: " + b"a" * 70000 + b"\r\n\r\n", 0),
            (base + b"".join(b"X-%d: %s\r\n" % (i, b"b" * 1000)
                             for i in range(70)) + b"\r\n", 0),
            (base + b"NoColon\r\n\r\n", 0),
            (base + b": empty name\r\n\r\n", 0),
            (base + b"Bad Name: v\r\n\r\n", 0),
            (base + b"A: b\r\n folded\r\n\tagain\r\n\r\n", 0),
            (base + b" leading: space\r\n\r\n", 0),
            (base + b"A: b\x00c\r\n\r\n", 0),
            (base + b"A: \xff\xfe\r\n\r\n", 0),
            (base + b"Host: a\r\nHost: b\r\n\r\n", 1),
            (base + b"Connection: close, keep-alive, upgrade\r\n"
             b"Upgrade: h2c\r\n\r\n", 1),
            (post + b"Content-Type: text/csv\r\nContent-Length: %d\r\n\r\n"
             % len(body) + body, 1),
            (post.replace(b"application/json", b"application/json; "
                          b"charset=utf-8; x=" + b"y" * 5000) +
             b"Content-Length: %d\r\n\r\n" % len(body) + body, 1),
            (post.replace(b"application/json", b"application/jsonx") +
             b"Content-Length: %d\r\n\r\n" % len(body) + body, 1),
            (post.replace(b"application/json", b"") +
             b"Content-Length: %d\r\n\r\n" % len(body) + body, 1),
            (post.replace(b"application/json", b"\xff\xfe") +
             b"Content-Length: %d\r\n\r\n" % len(body) + body, 1),
            (post + b"Content-Encoding: gzip\r\nContent-Length: %d\r\n\r\n"
             % len(body) + body, 1),
            (post + b"Expect: 100-continue\r\nContent-Length: %d\r\n\r\n"
             % len(body) + body, 1),
            (post + b"Expect: bogus\r\nContent-Length: %d\r\n\r\n"
             % len(body) + body, 1),
            (b"GET /api/v1/status HTTP/1.1\r\nAuthorization: Bearer " +
             b"t" * 60000 + b"\r\n\r\n", 1),
        ]
        for data, want in cases:
            self.throw(data, min_answers=want)
            self.throw(data, tcp=True, min_answers=want)
        # Authorization oddities on TCP: always 401 or 200, in JSON.
        for auth in (b"", b"Bearer", b"Bearer ", b"bearer " + TOKEN.encode(),
                     b"Bearer  " + TOKEN.encode(),
                     b"Bearer " + TOKEN.encode() + b" ",
                     b"Bearer " + TOKEN.encode() + b"\x00",
                     b"Basic " + TOKEN.encode(), b"Bearer \xff" * 100,
                     b"Bearer " + TOKEN.encode()[:-1]):
            ex = self.throw(b"GET /api/v1/status HTTP/1.1\r\nAuthorization: "
                            + auth + b"\r\n\r\n", tcp=True, min_answers=1)
            for a in ex.answers:
                if a.status not in (200, 401):
                    self.problem(f"Authorization {auth[:30]!r} gave "
                                 f"{a.status}", auth, a)
        self.throw(b"GET /api/v1/status HTTP/1.1\r\nAuthorization: "
                   b"Bearer wrong-token-0123456789\r\nAuthorization: "
                   b"Bearer " + TOKEN.encode() + b"\r\n\r\n", tcp=True)
        # Pipelining: a hundred requests on one connection, all answered.
        self.throw(b"GET /healthz HTTP/1.1\r\n\r\n" * 100,
                        min_answers=100)
        self.finish()

    def test_04_content_length_lies(self):
        valid = json.dumps({"name": "Lied About", "email": "lie@example.org",
                            "start": "2025-09-01"}).encode()
        head = (b"POST /api/v1/contracts HTTP/1.1\r\n"
                b"Content-Type: application/json\r\n")
        imp = (b"POST /api/v1/contracts/import HTTP/1.1\r\n"
               b"Content-Type: text/csv\r\n")
        csv = b"name,email,start\nLied About,lie2@example.org,2025-09-01\n"
        for tcp in (False, True):
            auth = b"Authorization: Bearer " + TOKEN.encode() + b"\r\n" \
                if tcp else b""
            for h, body in ((head + auth, valid), (imp + auth, csv)):
                # Longer than the body, then the client stops sending.
                for extra in (1, 100, 100000):
                    self.throw(h + b"Content-Length: %d\r\n\r\n"
                               % (len(body) + extra) + body, tcp=tcp)
                # Shorter: the rest is read as the next request.
                for short in (1, len(body) // 2, len(body) - 1):
                    self.throw(h + b"Content-Length: %d\r\n\r\n" % short +
                               body, tcp=tcp, min_answers=1, batch=True)
                self.throw(h + b"Content-Length: 2\r\n\r\n{}GET /healthz "
                           b"HTTP/1.1\r\n\r\n", tcp=tcp, min_answers=1)
                for cl in (b"-1", b"abc", b"", b"1 2", b"0x10", b"+5",
                           b"99999999999999999999999", b"18446744073709551615",
                           b"9223372036854775807", b" %d" % len(body),
                           b"%d, %d" % (len(body), len(body))):
                    self.throw(h + b"Content-Length: " + cl + b"\r\n\r\n" +
                               body, tcp=tcp, batch=True)
                # Two that disagree: evhttp takes the first.
                self.throw(h + b"Content-Length: 2\r\nContent-Length: %d\r\n"
                           b"\r\n" % len(body) + body, tcp=tcp, batch=True)
                self.throw(h + b"Content-Length: 0\r\n\r\n", tcp=tcp,
                           min_answers=1, batch=True)
        self.finish()

    def test_05_chunked(self):
        head = (b"POST /api/v1/contracts HTTP/1.1\r\n"
                b"Content-Type: application/json\r\n"
                b"Transfer-Encoding: chunked\r\n")
        body = json.dumps({"name": "Chunked", "email": "chunk@example.org",
                           "start": "2025-13-01"}).encode()

        def chunks(data, size):
            return b"".join(b"%x\r\n" % len(data[i:i + size]) +
                            data[i:i + size] + b"\r\n"
                            for i in range(0, len(data), size)) + b"0\r\n\r\n"

        cases = [
            (chunks(body, 1), 1), (chunks(body, 7), 1),
            (b"%x;ext=1;q=\"a\"\r\n" % len(body) + body + b"\r\n0\r\n\r\n",
             1),
            (chunks(body, 10)[:-2] + b"X-Trailer: 1\r\n\r\n", 1),
            (b"zz\r\n" + body + b"\r\n0\r\n\r\n", 0),
            (b"-2\r\n{}\r\n0\r\n\r\n", 0),
            (b"ffffffffffffffff\r\n{}\r\n0\r\n\r\n", 0),
            (b"10000000000000000\r\n{}\r\n0\r\n\r\n", 0),
            (b"%x\r\n" % len(body) + body, 0),             # no last chunk
            (b"%x\r\n" % (len(body) + 50) + body, 0),      # chunk too short
            (b"%x\r\n" % len(body) + body + b"XX0\r\n\r\n", 0),
            (b"0\r\n\r\n", 1),
            (b"\r\n\r\n", 0),
        ]
        for tcp in (False, True):
            auth = b"Authorization: Bearer " + TOKEN.encode() + b"\r\n" \
                if tcp else b""
            for data, want in cases:
                self.throw(head + auth + b"\r\n" + data, tcp=tcp,
                           min_answers=want)
            self.throw(head.replace(b"chunked", b"gzip, chunked") + auth +
                       b"\r\n" + chunks(body, 5), tcp=tcp)
            self.throw(head.replace(b"chunked", b"gzip") + auth + b"\r\n" +
                       body, tcp=tcp)
            self.throw(head + auth + b"Content-Length: 5\r\n\r\n" +
                       chunks(body, 5), tcp=tcp)
            # Just over max_body in chunks: tenured's own 413.
            big = b"[" + b" " * MAX_BODY + b"]"
            ex = self.throw(head + auth + b"\r\n" + chunks(big, 65536),
                            tcp=tcp, min_answers=1)
            self.want_too_large(ex, json_only=True)
            # Over evhttp's cap in chunks: its bare 413, or a reset.
            ex = self.throw(head + auth + b"\r\n" +
                            chunks(b" " * (EVHTTP_CAP + 4096), 1 << 20),
                            tcp=tcp, timeout=20)
            self.want_too_large(ex)
        # A valid create in chunks is a create.
        good = json.dumps({"name": "Chunked Fine", "email":
                           "chunk-ok@example.org", "start": "2025-09-01"})
        ex = self.throw(head + b"\r\n" + chunks(good.encode(), 3),
                        min_answers=1)
        for a in ex.answers:
            if a.status == 201:
                self.note_write(a.json())
            else:
                self.problem("a valid chunked create was refused", good, a)
        self.finish()

    def want_too_large(self, ex, json_only=False):
        for a in ex.answers:
            if a.status != 413:
                self.problem(f"too large a body answered {a.status}", b"", a)
            elif json_only and a.headers.get("content-type") != \
                    "application/json":
                self.problem("413 below evhttp's cap is not JSON", b"", a)

    def test_06_body_sizes(self):
        routes = [("POST", "/api/v1/contracts", "application/json"),
                  ("PATCH", f"/api/v1/contracts/{self.patch_id}",
                   "application/json"),
                  ("POST", f"/api/v1/contracts/{self.patch_id}/decisions",
                   "application/json"),
                  ("POST", "/api/v1/contracts/import", "text/csv")]
        for method, path, ct in routes:
            for tcp in (False, True):
                auth = b"Authorization: Bearer " + TOKEN.encode() + \
                    b"\r\n" if tcp else b""
                for size in (MAX_BODY + 1, MAX_BODY + 4096, 3 * MAX_BODY,
                             EVHTTP_CAP + 1, 8 * MAX_BODY):
                    body = b"{" + b" " * (size - 2) + b"}"
                    head = (f"{method} {path} HTTP/1.1\r\nContent-Type: {ct}"
                            f"\r\nContent-Length: {size}\r\n").encode() + auth
                    ex = self.throw(head + b"\r\n" + body, tcp=tcp,
                                    timeout=30, batch=True)
                    self.want_too_large(ex, json_only=size <= EVHTTP_CAP)
                    if size <= EVHTTP_CAP and not ex.answers:
                        self.problem("no answer to a body just over "
                                     "max_body", head)
                    for a in ex.answers:
                        if a.status == 413 and size <= EVHTTP_CAP and \
                                str(MAX_BODY) not in a.json()["error"][
                                    "message"]:
                            self.problem("413 does not give the limit", head,
                                         a)
                # Announced, not sent: the answer comes before the body.
                head = (f"{method} {path} HTTP/1.1\r\nContent-Type: {ct}\r\n"
                        f"Expect: 100-continue\r\nContent-Length: "
                        f"{8 * MAX_BODY}\r\n").encode() + auth + b"\r\n"
                self.throw(head, tcp=tcp)
        # Exactly max_body is read: a valid create padded with spaces.
        body = json.dumps({"name": "Exactly Max", "email":
                           "max@example.org", "start": "2025-09-01"}).encode()
        body = body[:-1] + b" " * (MAX_BODY - len(body)) + b"}"
        self.base_counts = self.status_counts()
        a = self.submit("POST", "/api/v1/contracts", body, "create")
        if a is not None and a.status != 201:
            self.problem("a body of exactly max_body was refused", body, a)
        self.finish()

    def test_07_paths(self):
        cid = self.patch_id
        paths = [
            b"/api/v1/contracts/%31", b"/api/v1/contracts%2F1",
            b"/api/v1/contracts/1%00", b"/api/v1/contracts/%00",
            b"/api/v1/%2e%2e/v1/status", b"/api/v1/../v1/status",
            b"/api/v1/./status", b"/api/v1/status/", b"/api/v1//status",
            b"//api/v1/status", b"/API/V1/STATUS", b"/api/v1/status%",
            b"/api/v1/status%zz", b"/api/v1/status%2", b"/%",
            b"/api/v1/contracts/0", b"/api/v1/contracts/-1",
            b"/api/v1/contracts/007", b"/api/v1/contracts/+1",
            b"/api/v1/contracts/1.0", b"/api/v1/contracts/1e3",
            b"/api/v1/contracts/9223372036854775807",
            b"/api/v1/contracts/9223372036854775808",
            b"/api/v1/contracts/99999999999999999999999",
            b"/api/v1/contracts/%d/decisions/0" % cid,
            b"/api/v1/contracts/%d/decisions/99999999999999999999" % cid,
            b"/api/v1/contracts/%d//decisions" % cid,
            b"/api/v1/contracts/%d/decisions/1/2" % cid,
            b"/api/v1/contracts/\xff\xfe", b"/api/v1/contracts/\xc3\xa9",
            b"/api/v1/contracts/%ff%fe", b"/api/v1/contracts#frag",
            b"/healthz#", b"/healthz?", b"/healthz?#", b"/healthz;x",
            b"/" + b"a" * 60000, b"/api/v1/contracts/" + b"1" * 60000,
            b"/" + b"a/" * 30000, b"/" + b"%41" * 20000,
            b"/" + b"a" * 100000, b"*", b"", b"api/v1/status",
            b"http://host/api/v1/status", b"http://host:99999/healthz",
            b"http://user:pw@host/api/v1/status",
            b"/api/v1/status\\..\\x", b"/api/v1/contracts/1\t",
            b"/api/v1/contracts/1\x00abc", b"/healthz\x00",
            b"/api/v1/contracts/%d\x00/decisions" % cid,
        ]
        for p in paths:
            for method in (b"GET", b"POST", b"PATCH", b"DELETE", b"PUT",
                           b"OPTIONS"):
                body = b'{"name": "Path Case"}' if method in (
                    b"POST", b"PATCH", b"PUT") else b""
                req = (method + b" " + p + b" HTTP/1.1\r\nContent-Type: "
                       b"application/json\r\nContent-Length: %d\r\n\r\n"
                       % len(body) + body)
                self.throw(req, tcp=method == b"PATCH", batch=True)
        self.finish()

    def test_08_queries(self):
        queries = [
            "limit=1&limit=2", "limit=%31%30", "limit=+5", "limit=%205",
            "limit=5%00", "limit=0x10", "limit=1e3",
            "limit=99999999999999999999",
            "limit=-0", "limit=", "limit", "after=-9223372036854775808",
            "after=9223372036854775807", "after=9223372036854775808",
            "after=%00", "from=2026-01-01&from=bad", "from=2026-02-29",
            "from=1899-12-31&to=3000-01-01", "from=1900-01-01&to=2999-12-31",
            "to=2026-01-01T00:00:00Z", "within=90", "within=9", "within=0",
            "within=90d%00x", "within=d", "within=-1d", "within=3650d",
            "within=3651d", "within=120m", "within=121m", "within=%C3%A9",
            "within=9" * 50, "within=90d&from=2026-01-01",
            "kind=%00", "kind=renewal_decision_due&kind=x",
            "kind=" + "k" * 5000,
            "scope=", "scope=all", "scope=unit:", "scope=unit:%ff%fe",
            "scope=unit:" + "%C3%A9" * 300, "scope=manager:%00",
            "scope=person:" + "a" * 300 + "@x.org", "scope=vacancy:%22%27",
            "scope=" + "%" * 100, "a", "a&b", "&&&", "=", "=x", "%", "%zz=1",
            "a=%", "a=%2", ";", "a=1;b=2", "+", "%2B=%2B", "a=%E2%82",
            "a=\xff", "&".join(f"k{i}=v" for i in range(5000)),
            "x=" + "y" * 60000, "limit=1&" * 3000,
        ]
        paths = ["/api/v1/milestones", "/api/v1/contracts", "/healthz",
                 "/api/v1/status", f"/api/v1/contracts/{self.patch_id}"]
        for i, q in enumerate(queries):
            for p in paths:
                req = f"GET {p}?{q} HTTP/1.1\r\n\r\n".encode(
                    "utf-8", "surrogateescape")
                self.throw(req, tcp=False)
            if i % 4 == 0:
                self.throw(f"GET /api/v1/milestones?{q} HTTP/1.1\r\n"
                           f"Authorization: Bearer {TOKEN}\r\n\r\n".encode(),
                           tcp=True)
        self.finish()

    def json_edge_bodies(self):
        """(label, body bytes, may it succeed?) for every JSON edge."""
        def contract(**extra):
            b = {"name": "Edge Case", "email": "edge@example.org",
                 "start": "2025-09-01"}
            b.update(extra)
            return b

        def with_raw(field, raw):
            return (b'{"name": "Edge Case", "email": "edge@example.org", '
                    b'"start": "2025-09-01", "' + field.encode() + b'": ' +
                    raw + b"}")
        deep = 100000
        out = [
            ("deep arrays", b"[" * deep + b"]" * deep, False),
            ("deep objects", b'{"a":' * deep + b"1" + b"}" * deep, False),
            ("deep unbalanced", b"[" * deep, False),
            ("deep in a field", with_raw("unit", b"[" * deep + b"]" * deep),
             False),
            ("deep objects in a field", with_raw("unit", b'{"a":' * deep +
                                                 b"1" + b"}" * deep), False),
            ("empty", b"", False), ("spaces", b"   \n\t ", False),
            ("null", b"null", False), ("array", b"[]", False),
            ("number", b"1", False), ("string", b'"s"', False),
            ("true", b"true", False), ("BOM", b"\xef\xbb\xbf" +
                                       json.dumps(contract()).encode(), False),
            ("trailing garbage", json.dumps(contract()).encode() + b" x",
             False),
            ("two objects", b"{}{}", False), ("comment", b"/* c */{}", False),
            ("NaN", with_raw("post", b"NaN"), False),
            ("Infinity", with_raw("post", b"Infinity"), False),
            ("single quotes", b"{'name': 'x'}", False),
            ("trailing comma", b'{"name": "x",}', False),
            ("bare key", b"{name: 1}", False),
            ("duplicate key", b'{"name": "a", "name": "b", "email": '
             b'"dup@example.org", "start": "2025-09-01"}', False),
            ("NUL escape in a value", json.dumps(contract(
                name="a\u0000b")).encode(), False),
            ("NUL escape in a key", b'{"na\\u0000me": 1}', False),
            ("raw NUL", with_raw("unit", b'"a\x00b"'), False),
        ]
        for raw in (b"1e999", b"-1e999", b"1" + b"0" * 5000, b"1e-400",
                    b"9223372036854775807", b"9223372036854775808",
                    b"-9223372036854775809", b"1000.0000000001", b"1E+2",
                    b"-0", b"0e0", b"2.0", b"1.7976931348623157e309",
                    b"0." + b"0" * 5000 + b"1", b"-" * 3 + b"1", b"01",
                    b"1.", b".5", b"0x10", b"+1"):
            out.append((f"number {raw[:20]!r} as post", with_raw("post", raw),
                        False))
            out.append((f"number {raw[:20]!r} as start",
                        with_raw("start", raw), False))
        for field in ("name", "unit", "post_title", "email"):
            for ch in CONTROLS:
                out.append((f"U+{ord(ch):04X} in {field} (escaped)",
                            json.dumps(contract(**{field: f"a{ch}b" if
                                                   field != "email" else
                                                   f"a{ch}b@example.org"}))
                            .encode(), False))
            for ch in CONTROLS[:32]:
                raw = b'"a' + ch.encode() + b'b"'
                out.append((f"raw U+{ord(ch):04X} in {field}",
                            with_raw(field, raw), False))
        for bad in INVALID_UTF8:
            out.append((f"invalid UTF-8 {bad!r} in a value",
                        with_raw("unit", b'"x' + bad + b'y"'), False))
            out.append((f"invalid UTF-8 {bad!r} in a key",
                        b'{"' + bad + b'": 1}', False))
            out.append((f"invalid UTF-8 {bad!r} outside strings",
                        b'{"name": "x"' + bad + b"}", False))
        for esc, ok in ((b"\\ud800", False), (b"\\udfff", False),
                        (b"\\ud800\\u0041", False), (b"\\udc00\\ud800", False),
                        (b"\\ud800\\ud800", False), (b"\\ud83d", False),
                        (b"\\ud83d\\ude00", True), (b"\\uDBFF\\uDFFF", True),
                        (b"\\u00", False), (b"\\uZZZZ", False),
                        (b"\\x41", False), (b"\\", False)):
            out.append((f"escape {esc!r} in unit", with_raw(
                "unit", b'"a' + esc + b'b"'), ok))
            out.append((f"escape {esc!r} in a key",
                        b'{"a' + esc + b'b": 1}', False))
        out += [
            ("long name", json.dumps(contract(name="n" * 10000)).encode(),
             False),
            ("very long name", json.dumps(contract(
                name="n" * 900000)).encode(), False),
            ("long email", json.dumps(contract(
                email="e" * 300 + "@example.org")).encode(), False),
            ("many unknown keys", json.dumps(dict(contract(), **{
                f"k{i}": i for i in range(20000)})).encode(), False),
        ]
        return out

    def test_09_json_edges(self):
        d_target = self.fresh_contract("edges")
        self.baseline()
        n = 0
        for label, body, ok in self.json_edge_bodies():
            if label.startswith("U+"):
                continue        # test_10 has those
            n += 1
            self.submit("POST", "/api/v1/contracts", body, "create",
                        may_succeed=ok)
            self.baseline(self.patch_id)
            self.submit("PATCH", f"/api/v1/contracts/{self.patch_id}", body,
                        "patch", target=self.patch_id, may_succeed=ok)
            self.baseline(d_target)
            self.submit("POST", f"/api/v1/contracts/{d_target}/decisions",
                        body, "decision", target=d_target, may_succeed=False)
            self.baseline()
        self.stats["bodies"] = n
        self.finish()

    def test_10_control_characters(self):
        """Every control character (C0, DEL, C1) is refused in text fields,
        naming the field."""
        accepted = collections.defaultdict(list)
        self.baseline()
        for label, body, _ in self.json_edge_bodies():
            if not label.startswith("U+"):
                continue
            field = label.split(" in ")[1].split(" ")[0]
            before = len(self.problems)
            a = self.submit("POST", "/api/v1/contracts", body, "create",
                            may_succeed=False)
            if a is not None and a.status == 201:
                del self.problems[before:]
                accepted[field].append(label.split(" ")[0])
            elif a is not None and a.status == 400 and \
                    a.headers.get("content-type") == "application/json":
                err = a.json()["error"]
                if err["code"] == "invalid_field" and err["field"] != field:
                    self.problem(f"{label}: the error names "
                                 f"{err['field']!r}", body, a)
        # In a decision's reason and a patch, too.
        target = self.fresh_contract("controls")
        for ch in CONTROLS:
            self.baseline(target)
            body = json.dumps({"type": "separated", "date": "2026-12-31",
                               "reason": f"a{ch}b"}).encode()
            before = len(self.problems)
            a = self.submit("POST", f"/api/v1/contracts/{target}/decisions",
                            body, "decision", target=target,
                            may_succeed=False)
            if a is not None and a.status == 201:
                del self.problems[before:]
                accepted["reason"].append(f"U+{ord(ch):04X}")
                target = self.fresh_contract(f"controls-{ord(ch)}")
            self.baseline(self.patch_id)
            body = json.dumps({"unit": f"a{ch}b"}).encode()
            before = len(self.problems)
            a = self.submit("PATCH", f"/api/v1/contracts/{self.patch_id}",
                            body, "patch", target=self.patch_id,
                            may_succeed=False)
            if a is not None and a.status == 200:
                del self.problems[before:]
                accepted["unit (patch)"].append(f"U+{ord(ch):04X}")
        # And in a CSV import's cells.
        self.baseline()
        for ch in CONTROLS:
            if ch in "\r\n\t\x00":
                continue        # row ends, trimmed, or refused as binary
            body = (f"name,email,unit,start\nA{ch}B,csv{ord(ch)}@example.org,"
                    f"U{ch}V,2025-09-01\n").encode()
            before = len(self.problems)
            a = self.submit("POST", "/api/v1/contracts/import", body,
                            "import", content_type="text/csv",
                            may_succeed=False)
            if a is not None and a.status == 201:
                del self.problems[before:]
                accepted["CSV name and unit"].append(f"U+{ord(ch):04X}")
        for field, chars in accepted.items():
            self.problem(f"{field}: accepted {len(chars)} control "
                         f"characters: {' '.join(chars)}",
                         json.dumps({field.split(" ")[0]:
                                     "a\u0085b"}).encode())
        self.finish()

    def test_11_long_unknown_keys(self):
        """An unknown field is named in the error, whatever its length and
        script."""
        target = self.fresh_contract("keys")
        keys = ["k" * 47, "k" * 48, "k" * 100, "k" * 5000,
                "\u00e9" * 23, "\u00e9" * 24, "\u00e9" * 30, "\u20ac" * 16,
                "\u20ac" * 20, "\U0001F600" * 12, "\U0001F600" * 13,
                "a" + "\u00e9" * 40, "ab" + "\u20ac" * 40]
        for key in keys:
            for method, path, base, kind, tgt in (
                    ("POST", "/api/v1/contracts", {
                        "name": "Key Case", "email": "key@example.org",
                        "start": "2025-09-01"}, "create", None),
                    ("PATCH", f"/api/v1/contracts/{self.patch_id}", {},
                     "patch", self.patch_id),
                    ("POST", f"/api/v1/contracts/{target}/decisions",
                     {"type": "renewed", "until": "2031-08-31"}, "decision",
                     target)):
                body = dict(base, **{key: 1})
                data = json.dumps(body, ensure_ascii=False).encode()
                self.baseline(tgt)
                a = self.submit(method, path, data, kind, target=tgt,
                                may_succeed=False)
                if a is None or a.headers.get("content-type") != \
                        "application/json" or a.status != 400:
                    continue
                err = a.json()["error"]
                if err["code"] != "invalid_field" or not err["field"] or \
                        not key.startswith(err["field"]):
                    self.problem(f"{kind}: unknown key of {len(key)} "
                                 "characters not named", data, a)
                elif err["field"] != key:
                    self.stats["field cut short"] += 1
        self.finish()

    def mutation_loop(self, kind, count, seeds, fields, method, path_of,
                      rng, new_target=None):
        target = new_target(0) if new_target else None
        self.baseline(target)
        made = 0
        for i in range(count):
            seed = rng.choice(seeds)
            obj = mutate_object(rng, seed, fields) if rng.random() < 0.8 \
                else copy.deepcopy(seed)
            data = dumps(rng, obj)
            if rng.random() < 0.35:
                data = mutate_bytes(rng, data)
            path = path_of(target)
            before = self.stats[f"{kind} accepted"]
            self.submit(method, path, data, kind, target=target)
            if new_target and self.stats[f"{kind} accepted"] > before:
                made += 1
                target = new_target(made)
                self.baseline(target)
        self.stats["requests"] += count

    def test_12_mutated_contracts(self):
        rng = random.Random(SEED + 12)
        self.mutation_loop("create", int(1200 * SCALE), CONTRACT_SEEDS,
                           list(CONTRACT_FIELDS), "POST",
                           lambda t: "/api/v1/contracts", rng)
        self.finish()

    def test_13_mutated_decisions(self):
        rng = random.Random(SEED + 13)
        self.mutation_loop("decision", int(700 * SCALE), DECISION_SEEDS,
                           DECISION_FIELDS, "POST",
                           lambda t: f"/api/v1/contracts/{t}/decisions", rng,
                           new_target=lambda n: self.fresh_contract(
                               f"decision-{n}"))
        self.finish()

    def test_14_mutated_patches(self):
        rng = random.Random(SEED + 14)
        target = self.patch_id
        self.baseline(target)
        for i in range(int(700 * SCALE)):
            seed = rng.choice(PATCH_SEEDS)
            obj = mutate_object(rng, seed, list(CONTRACT_FIELDS)) \
                if rng.random() < 0.8 else copy.deepcopy(seed)
            data = dumps(rng, obj)
            if rng.random() < 0.35:
                data = mutate_bytes(rng, data)
            self.submit("PATCH", f"/api/v1/contracts/{target}", data, "patch",
                        target=target)
        self.stats["requests"] += int(700 * SCALE)
        self.finish()

    def test_15_random_csv(self):
        rng = random.Random(SEED + 15)
        self.baseline()
        for i in range(int(400 * SCALE)):
            data = random_csv(rng)
            ct = rng.choice(("text/csv", "text/csv", "text/plain",
                             "text/csv; charset=utf-8"))
            self.submit("POST", "/api/v1/contracts/import", data, "import",
                        content_type=ct)
        self.stats["requests"] += int(400 * SCALE)
        self.finish()

    def test_16_vacancy_notices(self):
        """Random and mutated notice text, only as dry runs (which must
        write nothing), odd references, and garbage for real (refused)."""
        here = os.path.dirname(os.path.abspath(__file__))
        notices = []
        for path in sorted(glob.glob(os.path.join(
                here, "..", "data", "notices", "*", "*.txt")))[:8]:
            with open(path, "rb") as f:
                notices.append(f.read())
        notices.append(b"VACANCY NOTICE\nReference: 250001\nTitle: Officer\n"
                       b"Grade: A2\nApplication deadline: 31 December 2026\n")
        rng = random.Random(SEED + 16)
        before = self.api.get("/api/v1/vacancies")
        self.baseline()
        for i in range(int(300 * SCALE)):
            r = rng.random()
            if r < 0.15:
                data = bytes(rng.randrange(256) for _ in range(
                    rng.randint(0, 3000)))
            elif r < 0.25:
                data = rng.choice(notices)[:rng.randint(0, 400)]
            else:
                data = rng.choice(notices)
                for _ in range(rng.randint(1, 8)):
                    data = mutate_bytes(rng, data)
            ct = rng.choice(("text/plain", "text/plain; charset=utf-8",
                             "text/markdown"))
            self.submit_dry(data, ct)
        for data in (b"", b"\x00" * 100, b"\xff\xfe" * 500,
                     "".join(CONTROLS).encode(), b"\n" * 10000):
            self.submit_dry(data, "text/plain", dry=False)
        for ref in (b"%00", b"..", b"a" * 65, b"a" * 64, b"%ff", b"-",
                    b"250001%2F1", b"\xc3\xa9", b"250001;x", b"*", b"_" * 3):
            self.throw(b"GET /api/v1/vacancies/" + ref + b" HTTP/1.1\r\n\r\n")
        after = self.api.get("/api/v1/vacancies")
        if (before.status, before.body) != (after.status, after.body):
            self.problem("dry runs or refusals changed the vacancies", b"",
                         show(after.body))
        self.finish()

    def submit_dry(self, data, ct, dry=True):
        path = "/api/v1/vacancies" + ("?dry_run=1" if dry else "")
        request = f"POST {path}\n".encode() + data
        try:
            a = self.api.request("POST", path, data, content_type=ct)
        except Exception as e:      # noqa: BLE001
            self.problem(f"no answer ({type(e).__name__})", request, e)
            if not self.alive():
                raise Crashed(show(request))
            return None
        self.check_answer(a, request)
        if 200 <= a.status < 300:
            self.stats["notice accepted" + (" (dry run)" if dry else "")] += 1
            if not dry or a.status != 200:
                self.problem(f"garbage notice answered {a.status}", request,
                             a)
        else:
            self.stats["notice refused"] += 1
        self.check_unchanged(request, None)
        return a

    def half_requests(self):
        valid = json.dumps({"name": "Half Written",
                            "email": "half@example.org",
                            "start": "2025-09-01"}).encode()
        full = (b"POST /api/v1/contracts HTTP/1.1\r\nContent-Type: "
                b"application/json\r\nContent-Length: %d\r\n\r\n"
                % len(valid) + valid)
        chunked = (b"POST /api/v1/contracts HTTP/1.1\r\nContent-Type: "
                   b"application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                   b"%x\r\n" % len(valid) + valid + b"\r\n")
        csv = b"name,email,start\nHalf Written,half2@example.org,2025-09-01\n"
        imp = (b"POST /api/v1/contracts/import HTTP/1.1\r\nContent-Type: "
               b"text/csv\r\nContent-Length: %d\r\n\r\n" % len(csv) + csv)
        cuts = [b"", b"G", b"GET", b"GET ", b"GET /healthz",
                b"GET /healthz HTTP/1.1", b"GET /healthz HTTP/1.1\r\n",
                b"GET /healthz HTTP/1.1\r\nHost: x",
                b"GET /healthz HTTP/1.1\r\nHost: x\r\n"]
        for src in (full, chunked, imp):
            for n in (len(src) // 4, len(src) // 2, len(src) - len(valid) // 2,
                      len(src) - 1):
                cuts.append(src[:n])
        return cuts

    def test_17_half_requests(self):
        """Clients that send nothing or half a request and then go away, in
        three ways: close, half-close and wait, reset."""
        for data in self.half_requests():
            for tcp in (False, True):
                d = data
                if tcp and d.startswith(b"POST"):
                    d = d.replace(b"\r\n", b"\r\nAuthorization: Bearer " +
                                  TOKEN.encode() + b"\r\n", 1)
                s = self.connect(tcp)
                s.sendall(d)
                s.close()
                self.throw(d, tcp=tcp)
                if tcp:
                    s = self.connect(True)
                    s.sendall(d)
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                 b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    s.close()
        self.finish()

    def test_18_many_connections(self):
        """Hundreds of idle and half-sent connections held open while
        others are served, then completed or dropped."""
        held = []
        halves = self.half_requests()
        for i in range(240):
            tcp = i % 2 == 1
            s = self.connect(tcp)
            data = halves[i % len(halves)]
            if tcp and data.startswith(b"POST"):
                data = data.replace(b"\r\n", b"\r\nAuthorization: Bearer " +
                                    TOKEN.encode() + b"\r\n", 1)
            if data:
                s.sendall(data)
            held.append((s, data))
        # Served meanwhile, quickly.
        t = time.monotonic()
        a = Client(self.d).get("/healthz")
        if a.status != 200 or time.monotonic() - t > 2:
            self.problem("/healthz slow or failing with 240 connections held",
                         b"GET /healthz", a)
        lock = threading.Lock()
        problems, written = [], []

        def worker(n):
            rng = random.Random(SEED + 1700 + n)
            c = Client(self.d, tcp=n % 2 == 1, token=TOKEN)
            for j in range(25):
                r = rng.random()
                try:
                    if r < 0.4:
                        a = c.get(rng.choice(("/healthz", "/api/v1/status",
                                              "/api/v1/milestones?within=90d",
                                              "/api/v1/contracts?limit=5")))
                        if a.status != 200:
                            with lock:
                                problems.append(("GET failed", a))
                    elif r < 0.8:
                        body = mutate_bytes(rng, dumps(rng, mutate_object(
                            rng, {"name": "X", "start": "2025-13-01"},
                            ["name", "start"])))
                        a = c.request("POST", "/api/v1/contracts", body)
                        if a.status == 201:
                            with lock:
                                written.append(a.json())
                        elif a.status < 400 or \
                                a.headers.get("content-type") != \
                                "application/json":
                            with lock:
                                problems.append(("bad POST answered", a,
                                                 body))
                    else:
                        c.close()
                        s = self.connect(n % 2 == 1)
                        s.sendall(bytes(rng.randrange(256) for _ in range(
                            rng.randint(1, 300))))
                        s.close()
                except Exception as e:      # noqa: BLE001
                    with lock:
                        problems.append(("exception", repr(e)))
            c.close()

        threads = [threading.Thread(target=worker, args=(n,))
                   for n in range(24)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(60)
        for c in written:
            self.note_write(c)
        for p in problems:
            self.problem(f"concurrent client: {p[0]}",
                         p[2] if len(p) > 2 else b"", p[1])
        self.stats["concurrent requests"] = 24 * 25
        # Complete some held requests; close the rest.
        completed = 0
        for i, (s, data) in enumerate(held):
            if data.startswith(b"GET /healthz HTTP/1.1\r\n") and \
                    not data.endswith(b"\r\n\r\n"):
                try:
                    s.sendall(b"\r\n\r\n" if not data.endswith(b"\r\n")
                              else b"\r\n")
                    s.settimeout(5)
                    reply = b""
                    while b"\r\n\r\n" not in reply or \
                            not reply.endswith(b"}\n"):
                        chunk = s.recv(4096)
                        if not chunk:
                            break
                        reply += chunk
                    answers, _ = parse_answers(reply)
                    if not answers or answers[0].status != 200:
                        self.problem("a held request completed late got no "
                                     "200", data, show(reply))
                    completed += 1
                except OSError as e:
                    self.problem("a held connection broke", data, e)
            s.close()
        self.stats["held"] = len(held)
        self.stats["held then completed"] = completed
        self.finish()

    def test_19_descriptor_exhaustion(self):
        """More connections than the daemon has descriptors: it must not
        spin or flood its log, and it must serve again once they go."""
        def cpu_ticks():
            with open(f"/proc/{self.d.proc.pid}/stat") as f:
                st = f.read().rsplit(")", 1)[1].split()
            return int(st[11]) + int(st[12])

        log_before = self.d.log().count("\n")
        held = []
        try:
            for i in range(DAEMON_NOFILE + 150):
                try:
                    s = self.connect(tcp=i % 2 == 1, timeout=0.3)
                except OSError:
                    continue
                held.append(s)
            time.sleep(0.3)
            t0, c0 = time.monotonic(), cpu_ticks()
            time.sleep(1.0)
            busy = (cpu_ticks() - c0) / os.sysconf("SC_CLK_TCK") / \
                (time.monotonic() - t0)
            lines = self.d.log().count("\n") - log_before
        finally:
            for s in held:
                s.close()
        self.stats["connections"] = len(held)
        self.stats["log lines while over the limit"] = lines
        self.stats["cpu % while over the limit"] = int(busy * 100)
        deadline = time.monotonic() + 5
        while True:
            try:
                a = Client(self.d, timeout=2).get("/healthz")
                if a.status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.problem("not serving 5 s after the connections went",
                             b"GET /healthz")
                break
            time.sleep(0.1)
        if busy > 0.5:
            self.problem(f"spins at {busy:.0%} CPU while out of descriptors",
                         b"", f"{len(held)} idle connections")
        if lines > 100:
            self.problem(f"{lines} log lines in about a second while out of "
                         "descriptors", b"", self.d.log()[-300:])
        self.finish()

    def test_20_half_close_gets_whole_answers(self):
        """A client may half-close once its request is sent (HTTP/1.1
        allows it; nc -N, some proxies and scripts do): the answer must
        still come whole, and pipelined requests sent before it must still
        be answered."""
        for tcp in (False, True):
            auth = f"Authorization: Bearer {TOKEN}\r\n".encode() if tcp \
                else b""
            for req, want in (
                    (b"GET /api/v1/contracts?limit=1000 HTTP/1.1\r\n" + auth +
                     b"\r\n", 1),
                    (b"GET /healthz HTTP/1.1\r\n\r\n" * 20, 20)):
                s = self.connect(tcp)
                s.sendall(req)
                s.shutdown(socket.SHUT_WR)
                out = b""
                try:
                    while True:
                        chunk = s.recv(262144)
                        if not chunk:
                            break
                        out += chunk
                except OSError as e:
                    self.problem("half-closed client: read failed", req, e)
                s.close()
                answers, rest = parse_answers(out, eof=True)
                for a in answers:
                    self.check_answer(a, req)
                if len(answers) != want or rest:
                    head = rest[:rest.find(b"\r\n\r\n")] if rest else b""
                    self.problem(
                        "half-closed client: "
                        f"{len(answers)} whole answers of {want}"
                        + (f", then {len(rest)} bytes of a cut answer" if rest
                           else ""), req, show(head, 200))
        self.finish()

    def test_99_clean_shutdown(self):
        """Last: SIGTERM ends it with 0, and the log has no sanitizer
        report."""
        type(self).stopped = True
        code = self.d.stop()
        log = self.d.log()
        self.assertEqual(code, 0, f"tenured exited with {code}:\n"
                         f"{log[-4000:]}")
        for mark in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                     "runtime error:", "SUMMARY: UndefinedBehaviorSanitizer",
                     "SUMMARY: AddressSanitizer"):
            i = log.find(mark)
            self.assertEqual(i, -1, f"sanitizer report:\n{log[i:i + 4000]}")


if __name__ == "__main__":
    tap.main()
