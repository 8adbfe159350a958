"""What the hostile-input tests (test_robustness_*.py) throw and how they read
what comes back: the SPEC's error codes, clients that keep every answer
whole, a parser of answers off the wire, strict JSON, and random inputs
from a fixed seed (TENURED_ROBUST_SEED), so a failure repeats.

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
without Content-Length, delimited by the close; the parser here allows it.)"""
import copy
import http.client
import json
import os
import string

from harness import UnixHTTPConnection


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
