"""GET /metrics from the real daemon with seeded data: every line read by
a strict parser of the Prometheus text format 0.0.4, every value checked
against what was seeded or what the database file says, the feed
counters moved by real fetches, and the API's token rules on TCP."""
import glob
import math
import os
import re
import subprocess
import time
import unittest

import tap
from rules import others_off
from harness import TENURED, Daemon
from receiver import Receiver, Reply

TOKEN = "metrics-token-0123456789abcdef"
NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r"[a-zA-Z_][a-zA-Z0-9_]*"
# Every milestone kind but renewal_decision_due, whose rule is set below.
TYPES = ("counter", "gauge", "histogram", "summary", "untyped")
NOTICES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                       "data", "notices", "real")


class FormatError(AssertionError):
    pass


def parse_value(text, where):
    """A sample value as Go's ParseFloat reads it (what Prometheus does),
    without its extras (hex floats, underscores)."""
    if text in ("NaN", "+Inf", "-Inf", "Inf"):
        return float(text.replace("Inf", "inf"))
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", text):
        raise FormatError(f"{where}: bad value {text!r}")
    return float(text)


def parse_labels(text, where):
    """{a="x",b="y\\"z"} -> dict; escapes are \\\\, \\" and \\n only."""
    labels = {}
    i = 1
    while True:
        if text[i] == "}":
            return labels, i + 1
        m = re.compile(LABEL).match(text, i)
        if not m or text[m.end():m.end() + 2] != '="':
            raise FormatError(f"{where}: bad label at {text[i:]!r}")
        name = m.group(0)
        i = m.end() + 2
        value = []
        while True:
            if i >= len(text):
                raise FormatError(f"{where}: unterminated label value")
            ch = text[i]
            if ch == "\\":
                nxt = text[i + 1:i + 2]
                if nxt not in ("\\", '"', "n"):
                    raise FormatError(f"{where}: bad escape \\{nxt}")
                value.append("\n" if nxt == "n" else nxt)
                i += 2
            elif ch == '"':
                i += 1
                break
            elif ch == "\n":
                raise FormatError(f"{where}: newline in a label value")
            else:
                value.append(ch)
                i += 1
        if name in labels:
            raise FormatError(f"{where}: label {name} twice")
        labels[name] = "".join(value)
        if text[i] == ",":
            i += 1
        elif text[i] != "}":
            raise FormatError(f"{where}: expected , or }} at {text[i:]!r}")


def unescape_help(text, where):
    """HELP text knows two escapes, \\\\ and \\n."""
    out = []
    i = 0
    while i < len(text):
        if text[i] == "\\":
            nxt = text[i + 1:i + 2]
            if nxt not in ("\\", "n"):
                raise FormatError(f"{where}: bad escape in HELP")
            out.append("\n" if nxt == "n" else "\\")
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def parse_exposition(body):
    """Returns {family: {"help", "type", "samples": [(labels, value)]}};
    raises FormatError on any line that breaks the format or these rules:
    every family has HELP and TYPE before its samples, families are not
    interleaved, no series twice, counters are *_total and not negative."""
    if not body.endswith("\n"):
        raise FormatError("the text does not end with a newline")
    families = {}
    order = []
    series = set()
    for n, line in enumerate(body[:-1].split("\n"), 1):
        where = f"line {n}"
        if line == "":
            raise FormatError(f"{where}: empty line")
        if line.startswith("#"):
            m = re.fullmatch(r"# (HELP|TYPE) (" + NAME + r") (.*)", line)
            if not m:
                raise FormatError(f"{where}: a comment that is neither "
                                  f"HELP nor TYPE: {line!r}")
            kind, name, rest = m.groups()
            fam = families.setdefault(name, {"help": None, "type": None,
                                             "samples": []})
            if fam["samples"]:
                raise FormatError(f"{where}: {kind} after samples of {name}")
            key = kind.lower()
            if fam[key] is not None:
                raise FormatError(f"{where}: second {kind} for {name}")
            if kind == "TYPE" and rest not in TYPES:
                raise FormatError(f"{where}: unknown type {rest!r}")
            if kind == "HELP":
                rest = unescape_help(rest, where)
            fam[key] = rest
            if not order or order[-1] != name:
                if name in order:
                    raise FormatError(f"{where}: {name} interleaved")
                order.append(name)
            continue
        m = re.compile(NAME).match(line)
        if not m:
            raise FormatError(f"{where}: no metric name: {line!r}")
        name = m.group(0)
        rest = line[m.end():]
        labels = {}
        if rest.startswith("{"):
            labels, used = parse_labels(rest, where)
            rest = rest[used:]
        parts = rest.split(" ")
        if parts[0] != "" or len(parts) not in (2, 3):
            raise FormatError(f"{where}: expected ' VALUE [TIMESTAMP]': "
                              f"{rest!r}")
        value = parse_value(parts[1], where)
        if len(parts) == 3 and not re.fullmatch(r"-?\d+", parts[2]):
            raise FormatError(f"{where}: bad timestamp {parts[2]!r}")
        fam = families.get(name)
        if fam is None or fam["help"] is None or fam["type"] is None:
            raise FormatError(f"{where}: sample of {name} without HELP "
                              "and TYPE before it")
        if order[-1] != name:
            raise FormatError(f"{where}: samples of {name} interleaved")
        key = (name, tuple(sorted(labels.items())))
        if key in series:
            raise FormatError(f"{where}: series {key} twice")
        series.add(key)
        if fam["type"] == "counter":
            if not name.endswith("_total"):
                raise FormatError(f"{where}: counter {name} not *_total")
            if value < 0 or math.isnan(value):
                raise FormatError(f"{where}: counter {name} = {value}")
        fam["samples"].append((labels, value))
    return families


class ParserTest(unittest.TestCase):
    """The parser itself refuses what it must, or the checks below would
    prove nothing."""

    def test_refuses(self):
        good = "# HELP a_total x\n# TYPE a_total counter\na_total 1\n"
        parse_exposition(good)
        bad = [
            good[:-1],
            good + "\n",
            "a 1\n",
            "# TYPE a gauge\na 1\n",
            "# HELP a x\na 1\n",
            "# HELP a x\n# TYPE a gauge\na one\n",
            "# HELP a x\n# TYPE a gauge\na 1 2 3\n",
            "# HELP a x\n# TYPE a gauge\na  1\n",
            "# HELP a x\n# TYPE a gauge\na{b=\"c} 1\n",
            "# HELP a x\n# TYPE a gauge\na{b=\"\\t\"} 1\n",
            "# HELP a x\n# TYPE a gauge\na{b=\"c\",b=\"d\"} 1\n",
            "# HELP a x\n# TYPE a gauge\na{b=\"c\"} 1\na{b=\"c\"} 2\n",
            "# HELP a x\n# TYPE a gauge\na{1b=\"c\"} 1\n",
            "# HELP a x\n# TYPE a gauge\n# HELP a y\na 1\n",
            "# HELP a x\n# TYPE a meter\na 1\n",
            "# HELP a x\n# TYPE a counter\na 1\n",
            "# HELP a_total x\n# TYPE a_total counter\na_total -1\n",
            "# HELP a x\n# TYPE a gauge\n# HELP b x\n# TYPE b gauge\n"
            "b 1\na 1\n",
            "# just a comment\n",
            "# HELP a x\\t\n# TYPE a gauge\na 1\n",
        ]
        for text in bad:
            with self.assertRaises(FormatError, msg=repr(text)):
                parse_exposition(text)
        fams = parse_exposition(
            "# HELP a x \\\\ y\\nz\n# TYPE a gauge\n"
            "a{b=\"q\\\"\\\\\\n\",c=\"\"} -1.5e3 1700000000000\n"
            "a{b=\"r\"} NaN\na{b=\"s\"} +Inf\n")
        self.assertEqual(fams["a"]["help"], "x \\ y\nz")
        self.assertEqual(fams["a"]["samples"][0],
                         ({"b": "q\"\\\n", "c": ""}, -1500.0))


def config(d):
    secret = os.path.join(d.dir, "hook.secret")
    with open(secret, "w") as f:
        f.write("whsec_dGVudXJlZC10ZXN0LXNlY3JldC1rZXktMzItYnl0ZXM=\n")
    # The webhook points at a port nothing listens on, and the rules
    # send nothing before December: the outbox only waits.
    others = "".join(f"{l}\n" for l in others_off("renewal_decision_due"))
    return ("[reminders]\nhr = hr@example.org\n"
            "renewal_decision_due = 90d,30d -> hr via email,webhook:bot\n"
            + others + "[webhook.bot]\nurl = http://127.0.0.1:9/hook\n"
            f"secret_file = {secret}\n")


class MetricsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.started = time.time()
        cls.d = d = Daemon(token=TOKEN, listen=True)
        d.write_config(config(d))
        d.start()
        cls.contracts = []
        for i, start in enumerate(("2024-03-01", "2025-06-01",
                                   "2026-02-01")):
            a = d.post("/api/v1/contracts", {
                "name": f"Metric Person {i}",
                "email": f"metric{i}@example.org",
                "manager_email": "boss@example.org", "start": start})
            assert a.status == 201, a
            cls.contracts.append(a.json())
        # A decision: one renewal_decision_due done, one cancelled or
        # moved, and reminders cancelled with it.
        a = d.post(f"/api/v1/contracts/{cls.contracts[0]['id']}/decisions",
                   {"type": "renewed", "until": "2030-02-28"})
        assert a.status == 201, a
        notices = sorted(glob.glob(os.path.join(NOTICES, "*.txt")))[:2]
        cls.vacancies = 0
        for path in notices:
            with open(path, encoding="utf-8") as f:
                a = d.post("/api/v1/vacancies", f.read(),
                           content_type="text/plain")
            if a.status in (200, 201):
                cls.vacancies += 1
        feed = d.post("/api/v1/feeds", {"scope": "all", "name": "m"}).json()
        cls.feed_path = re.search(r"(/feeds/[^/]+\.ics)$",
                                  feed["url"]).group(1)

    @classmethod
    def tearDownClass(cls):
        cls.d.cleanup()

    def scrape(self, **kw):
        a = self.d.get("/metrics", **kw)
        self.assertEqual(a.status, 200, a)
        self.assertEqual(a.headers["Content-Type"],
                         "text/plain; version=0.0.4; charset=utf-8")
        return parse_exposition(a.body.decode("utf-8"))

    def value(self, fams, name, **labels):
        found = [v for l, v in fams[name]["samples"] if l == labels]
        self.assertEqual(len(found), 1, (name, labels))
        return found[0]

    def pg(self):
        return self.d.backend == "postgresql"

    def test_every_family_named_and_documented(self):
        fams = self.scrape()
        self.assertEqual(sorted(fams), sorted([
            "tenured_build_info", "tenured_start_time_seconds",
            "tenured_contracts", "tenured_vacancies", "tenured_milestones",
            "tenured_outbox", "tenured_deliveries_total",
            "tenured_feed_requests_total", "tenured_next_reminder_seconds",
            "tenured_database_bytes", "tenured_database_up",
            "tenured_outbox_unconfigured", "tenured_tcp_connections",
            "tenured_tcp_guard_events_total"] +
            ([] if self.pg() else ["tenured_database_wal_bytes"])))
        self.assertEqual(fams["tenured_database_up"]["samples"],
                         [({"backend": self.d.backend}, 1.0)])
        for name, fam in fams.items():
            self.assertTrue(name.startswith("tenured_"))
            self.assertGreater(len(fam["help"]), 10, name)

    def test_counts_match_the_seed_and_the_database(self):
        fams = self.scrape()
        self.assertEqual(self.value(fams, "tenured_contracts"), 3)
        self.assertGreater(self.vacancies, 0)
        self.assertEqual(self.value(fams, "tenured_vacancies"),
                         self.vacancies)
        ms = {(k, s): n for k, s, n in self.d.query(
            "SELECT kind, status, count(*) FROM milestones "
            "GROUP BY kind, status")}
        ob = dict(self.d.query(
            "SELECT status, count(*) FROM outbox GROUP BY status"))
        samples = fams["tenured_milestones"]["samples"]
        shown = {(l["kind"], l["status"]): v for l, v in samples}
        self.assertEqual(len(shown), len(samples))
        for key, n in ms.items():
            self.assertEqual(shown.get(key), n, key)
        self.assertEqual(sum(shown.values()), sum(ms.values()))
        # Every kind and status shows, at 0 when empty.
        self.assertEqual(len({k for k, _ in shown}), 13)
        self.assertEqual({s for _, s in shown},
                         {"scheduled", "projected", "done", "cancelled"})
        self.assertEqual(shown[("renewal_decision_due", "done")], 1)
        self.assertEqual(shown[("application_deadline", "scheduled")] +
                         shown[("application_deadline", "done")] +
                         shown[("application_deadline", "cancelled")],
                         self.vacancies)
        states = {l["state"]: v for l, v in fams["tenured_outbox"]["samples"]}
        self.assertEqual(set(states), {"pending", "sending", "sent",
                                       "retrying", "dead", "cancelled",
                                       "expired"})
        for state, v in states.items():
            self.assertEqual(v, ob.get(state, 0), state)
        # Two contracts await their renewal decision: 2 offsets by 2
        # channels each. The first one's decision was due in August: of
        # its offsets only the nearest was planned, and expired at once
        # (its milestone had passed), on both channels.
        self.assertEqual(states["pending"], 2 * 2 * 2)
        self.assertEqual(states["expired"], 2)
        self.assertEqual(sum(states.values()), 10)

    def test_next_reminder_and_sizes(self):
        t0 = time.time()
        fams = self.scrape()
        elapsed = time.time() - self.started
        due = self.d.query("SELECT min(next_attempt_at) FROM outbox WHERE "
                           "status IN ('pending', 'retrying')")[0][0]
        status = self.d.get("/api/v1/status").json()
        sched_now = time.mktime(time.strptime(
            "2026-11-23T09:00:00", "%Y-%m-%dT%H:%M:%S")) - time.timezone
        want = due - sched_now
        got = self.value(fams, "tenured_next_reminder_seconds")
        # The scheduling clock has run since the start (a few seconds).
        self.assertLessEqual(got, want + 1)
        self.assertGreaterEqual(got, want - elapsed - 2)
        self.assertGreater(got, 0, status)
        if self.pg():
            size = self.d.query(
                "SELECT pg_database_size(current_database())")[0][0]
            # Within a page or two of what the server says now.
            self.assertAlmostEqual(self.value(fams, "tenured_database_bytes"),
                                   size, delta=65536)
        else:
            pages = self.d.query("PRAGMA page_count")[0][0]
            size = self.d.query("PRAGMA page_size")[0][0]
            self.assertEqual(self.value(fams, "tenured_database_bytes"),
                             pages * size)
            wal = os.path.getsize(self.d.database + "-wal")
            self.assertEqual(self.value(fams, "tenured_database_wal_bytes"),
                             wal)
        start = self.value(fams, "tenured_start_time_seconds")
        self.assertGreaterEqual(start, int(self.started) - 1)
        self.assertLessEqual(start, t0 + 1)

    def test_build_info(self):
        fams = self.scrape()
        version = subprocess.run([TENURED, "--version"], capture_output=True,
                                 text=True).stdout.split()[1]
        schema = self.d.query("SELECT version FROM tenured_schema" if
                              self.pg() else "PRAGMA user_version")[0][0]
        self.assertEqual(fams["tenured_build_info"]["samples"],
                         [({"version": version,
                            "schema_version": str(schema)}, 1.0)])

    def test_deliveries_listed_per_configured_channel(self):
        fams = self.scrape()
        channels = {l["channel"] for l, _ in
                    fams["tenured_deliveries_total"]["samples"]}
        self.assertEqual(channels, {"email", "webhook:bot"})
        results = {l["result"] for l, _ in
                   fams["tenured_deliveries_total"]["samples"]}
        self.assertEqual({"sent", "retrying", "dead"}, results)

    def test_feed_requests_counted_by_status(self):
        def counts():
            fams = self.scrape()
            return {l["code"]: v for l, v in
                    fams["tenured_feed_requests_total"]["samples"]}

        before = counts()
        a = self.d.get(self.feed_path)
        self.assertEqual(a.status, 200)
        self.assertEqual(self.d.request("HEAD", self.feed_path).status, 200)
        self.assertEqual(self.d.get(self.feed_path, headers={
            "If-None-Match": a.headers["ETag"]}).status, 304)
        for _ in range(3):
            self.assertEqual(self.d.get("/feeds/" + "A" * 43 + ".ics",
                                        tcp=True).status, 404)
        after = counts()
        self.assertEqual(after.get("200", 0) - before.get("200", 0), 2)
        self.assertEqual(after.get("304", 0) - before.get("304", 0), 1)
        self.assertEqual(after.get("404", 0) - before.get("404", 0), 3)
        # The API is not a feed.
        self.d.get("/api/v1/feeds")
        self.assertEqual(counts(), after)

    def test_token_rules(self):
        self.assertEqual(self.d.get("/metrics", tcp=True).status, 401)
        a = self.d.get("/metrics", tcp=True, headers={
            "Authorization": "Bearer wrong"})
        self.assertEqual(a.status, 401)
        self.scrape(tcp=True, headers={"Authorization": f"Bearer {TOKEN}"})
        self.assertEqual(self.d.post("/metrics", {}).status, 405)

    def test_no_token_no_metrics_on_tcp(self):
        d = Daemon(listen=True)
        try:
            d.start()
            a = d.get("/metrics", tcp=True)
            self.assertEqual(a.status, 401, a)
            self.assertEqual(d.get("/metrics").status, 200)
            self.assertEqual(d.get("/healthz", tcp=True).status, 200)
        finally:
            d.cleanup()


class DeliveryCountTest(unittest.TestCase):
    """Deliveries are counted by channel and result as they end."""

    def test_sent_and_retrying_counted(self):
        rx = Receiver().start()
        rx.on_path("/ok", Reply(204))
        rx.on_path("/busy", Reply(503))
        d = Daemon()
        secret = os.path.join(d.dir, "hook.secret")
        with open(secret, "w") as f:
            f.write("whsec_dGVudXJlZC10ZXN0LXNlY3JldC1rZXktMzItYnl0ZXM=\n")
        # The 7d reminder of a contract from 2024-06-01 is due at once.
        d.write_config(
            "[reminders]\nhr = hr@example.org\n"
            "renewal_decision_due = 7d -> hr via webhook:ok,webhook:busy\n"
            + "".join(f"{l}\n" for l in others_off("renewal_decision_due")) +
            f"[webhook.ok]\nurl = {rx.url('/ok')}\nsecret_file = {secret}\n"
            f"[webhook.busy]\nurl = {rx.url('/busy')}\n"
            f"secret_file = {secret}\n")
        try:
            d.start()
            a = d.post("/api/v1/contracts", {
                "name": "Counted", "email": "counted@example.org",
                "start": "2024-06-01"})
            self.assertEqual(a.status, 201, a)
            rx.wait_for(2)
            end = time.time() + 10
            while time.time() < end:
                fams = parse_exposition(d.get("/metrics").body.decode())
                got = {(l["channel"], l["result"]): v for l, v in
                       fams["tenured_deliveries_total"]["samples"] if v}
                if len(got) == 2:
                    break
                time.sleep(0.1)
            self.assertEqual(got, {("webhook:ok", "sent"): 1,
                                   ("webhook:busy", "retrying"): 1})
        finally:
            d.cleanup()
            rx.stop()


if __name__ == "__main__":
    tap.main()
