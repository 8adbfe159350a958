"""Two daemons on one PostgreSQL database (SPEC section 14): a write on one
shows in the other's feeds, lists and counts; reminders due at once are
each delivered, through kills of one daemon and a restart of the database,
duplicates only under the same id; a lost connection is told in /healthz
and /metrics; idle daemons stay asleep. PostgreSQL only."""
import base64
import random
import re
import time
import unittest

import due_batch
import tap
from harness import BACKEND, Daemon, ctx_switches, database_name, pg_server
from receiver import Receiver, Reply
from smtp_server import Reply as SmtpReply, SmtpServer

TOKEN = "cluster-token-0123456789abcdef"
SECRET = "whsec_" + base64.b64encode(b"cluster-test-secret-key-01234567").decode()
CONTRACTS = 150          # 300 reminders: one email and one webhook each
KILLS = 10
LEASE = "30s"            # the shortest claim_lease: a takeover within a test


def token_of(url):
    return re.search(r"/feeds/([A-Za-z0-9_-]{43})\.ics$", url).group(1)


def until(what, timeout=15.0, step=0.1):
    """Waits for what() to answer something true, and returns it."""
    end = time.time() + timeout
    while True:
        got = what()
        if got or time.time() > end:
            return got
        time.sleep(step)


def pair(**kw):
    """Two daemons on one new database: the first creates it."""
    a = Daemon(**kw)
    b = Daemon(database=a.database, **kw)
    return a, b


@unittest.skipUnless(BACKEND == "postgresql", "PostgreSQL only")
class SameTruthTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.a, cls.b = pair(token=TOKEN, listen=True)
        cls.a.start()
        cls.b.start()

    @classmethod
    def tearDownClass(cls):
        codes = [cls.a.stop(), cls.b.stop()]
        cls.a.cleanup()
        cls.b.cleanup()
        assert codes == [0, 0], codes

    def feed(self, d, token):
        return d.request("GET", f"/feeds/{token}.ics", tcp=True)

    def test_decision_on_one_shows_on_the_other(self):
        a, b = self.a, self.b
        c = a.post("/api/v1/contracts", {
            "name": "Shared Truth", "email": "shared@example.org",
            "manager_email": "sharedboss@example.org", "unit": "SHR",
            "start": "2024-09-01"})
        self.assertEqual(c.status, 201, c)
        cid = c.json()["id"]
        f = a.post("/api/v1/feeds", {"scope": "manager:sharedboss@example.org",
                                     "name": "shared-team"})
        self.assertEqual(f.status, 201, f)
        token = token_of(f.json()["url"])
        # A feed made on one daemon is served by the other once it hears.
        got = until(lambda: self.feed(b, token).status == 200)
        self.assertTrue(got, "the other daemon serves the new feed")
        before = self.feed(b, token).body
        self.assertIn(b"Shared Truth", before)
        def renewal(d):
            got = d.get("/api/v1/milestones?within=400d&scope=unit:SHR")
            return {m["kind"]: m["status"] for m in
                    got.json()["milestones"]}.get("renewal_decision_due")
        self.assertEqual(renewal(b), "scheduled")

        d = a.post(f"/api/v1/contracts/{cid}/decisions",
                   {"type": "not_renewed", "date": "2026-11-20"})
        self.assertEqual(d.status, 201, d)
        changed = until(lambda: self.feed(b, token).body != before)
        self.assertTrue(changed, "the other daemon's feed rendered again")
        self.assertEqual(renewal(b), "done",
                         "the decision shows in the other's upcoming list")
        metrics = b.get("/metrics").body.decode()
        self.assertRegex(metrics, r"(?m)^tenured_contracts [1-9]")
        self.assertIn('tenured_database_up{backend="postgresql"} 1', metrics)

        # A rotation and a revocation on one daemon hold on the other.
        r = a.request("POST", f"/api/v1/feeds/{f.json()['id']}/rotate")
        self.assertEqual(r.status, 200, r)
        new = token_of(r.json()["url"])
        self.assertTrue(until(lambda: self.feed(b, token).status == 404),
                        "the old token is refused on the other daemon")
        self.assertEqual(self.feed(b, new).status, 200)
        r = a.request("DELETE", f"/api/v1/feeds/{f.json()['id']}")
        self.assertIn(r.status, (200, 204), r)
        self.assertTrue(until(lambda: self.feed(b, new).status == 404),
                        "a revoked feed is gone from the other daemon")

    def test_idle_daemons_sleep(self):
        pids = [self.a.proc.pid, self.b.proc.pid]
        # Let the renders and counts a write leaves behind settle.
        before = [ctx_switches(p) for p in pids]
        for _ in range(20):
            time.sleep(0.5)
            now = [ctx_switches(p) for p in pids]
            if now == before:
                break
            before = now
        time.sleep(1.5)
        after = [ctx_switches(p) for p in pids]
        self.assertEqual(after, before, "no wake-up while nothing is due")


@unittest.skipUnless(BACKEND == "postgresql", "PostgreSQL only")
class DeliveryTest(unittest.TestCase):
    def setUp(self):
        self.rx = Receiver(default=Reply.hang_for(0.2)).start()
        self.smtp = SmtpServer().start()
        self.smtp.default = SmtpReply.stall(0.03)
        self.a, self.b = pair(now="2026-11-23T10:00:00Z")
        for d in (self.a, self.b):
            due_batch.configure(d, self.smtp.url, self.rx.url("/hook"),
                                SECRET, hook_timeout="5s")
            with open(d.config_path, "a") as f:
                f.write(f"[daemon]\nclaim_lease = {LEASE}\n")

    def tearDown(self):
        for d in (self.a, self.b):
            d.cleanup()
        self.rx.stop()
        self.smtp.stop()

    def wait_all_sent(self, expected, timeout):
        def left():
            a = self.a.get("/api/v1/outbox?limit=5000")
            if a.status != 200:     # the database is away for a moment
                return ["unknown"]
            return [r for r in a.json()["outbox"] if r["id"] in expected and
                    r["status"] != "sent"]
        end = time.time() + timeout
        rest = left()
        while rest and time.time() < end:
            time.sleep(0.5)
            rest = left()
        self.assertEqual(rest, [], "every reminder was delivered")

    def check_once_each(self, expected):
        hooks, mails = due_batch.by_id(self.rx, self.smtp)
        return due_batch.check_each_arrived(self, expected, hooks, mails,
                                            CONTRACTS)

    def test_one_daemon_killed_ten_times(self):
        rng = random.Random(20261206)
        a, b = self.a, self.b
        a.start()
        b.start()
        expected = due_batch.import_due(self, a, CONTRACTS)
        for _ in range(KILLS):
            time.sleep(rng.uniform(0.0, 0.4))
            b.kill()
            b.start()
        self.wait_all_sent(expected, 120)
        dup_hooks, dup_mails = self.check_once_each(expected)
        print(f"# {2 * CONTRACTS} reminders, {KILLS} kills of one of two "
              f"daemons: {dup_hooks} duplicate webhooks, {dup_mails} "
              "duplicate emails, each under its first id")
        self.assertIn("interrupted earlier will be sent again", b.log(),
                      "some kill landed while it was sending")
        self.assertEqual(a.stop(), 0)
        self.assertEqual(b.stop(), 0)

    def test_dead_daemons_claims_taken_over(self):
        a, b = self.a, self.b
        b.start()
        expected = due_batch.import_due(self, b, CONTRACTS)
        # Killed for good while it holds claims: those are the other's to
        # take over once the lease runs out, under the same ids.
        held = until(lambda: b.query(
            "SELECT count(*) FROM outbox WHERE status = 'sending' AND "
            "claimed_by LIKE ?", ("%" + b.socket_path,))[0][0], step=0.02)
        b.kill()
        self.assertTrue(held, "the daemon killed held claims")
        started = time.time()
        a.start()
        self.wait_all_sent(expected, 120)
        self.assertIn("taken over from a daemon whose claim ran out",
                      a.log())
        self.assertNotIn("interrupted earlier", a.log(),
                         "not taken back as its own at start")
        self.assertGreaterEqual(time.time() - started, 20,
                                "not before the lease ran out")
        self.check_once_each(expected)
        self.assertEqual(a.stop(), 0)

    def test_database_restart_mid_batch(self):
        a, b = self.a, self.b
        a.start()
        b.start()
        expected = due_batch.import_due(self, a, CONTRACTS)
        time.sleep(0.5)
        pg_server().restart(mode="fast")
        self.wait_all_sent(expected, 120)
        self.check_once_each(expected)
        for d in (a, b):
            self.assertTrue(until(lambda: d.get("/healthz").status == 200,
                                  timeout=40), "healthy again")
            self.assertIn("the connection is lost", d.log())
            self.assertIn("database connection back", d.log())
        self.assertEqual(a.stop(), 0)
        self.assertEqual(b.stop(), 0)


@unittest.skipUnless(BACKEND == "postgresql", "PostgreSQL only")
class LostConnectionTest(unittest.TestCase):
    def test_writes_on_new_and_ended_sessions(self):
        # A decision's statements are prepared for the first time inside
        # its transaction on a new connection; then every session is
        # ended under the daemon, which answers 503 at most once, writes
        # whole or not at all, and comes back by itself.
        d = Daemon()
        try:
            d.start()
            c = d.post("/api/v1/contracts", {
                "name": "Fresh Session", "email": "fresh@example.org",
                "start": "2024-09-01"})
            self.assertEqual(c.status, 201, c)
            cid = c.json()["id"]
            self.assertEqual(d.stop(), 0)
            d.start()
            a = d.post(f"/api/v1/contracts/{cid}/decisions",
                       {"type": "not_renewed", "date": "2026-11-20"})
            self.assertEqual(a.status, 201, a)
            did = a.json()["decision"]["id"]
            name = database_name(d.database)
            self.assertGreater(pg_server().terminate(name), 0)
            refused = 0
            for _ in range(20):
                r = d.request("DELETE", f"/api/v1/contracts/{cid}/"
                              f"decisions/{did}")
                if r.status != 503:
                    break
                refused += 1
                self.assertNotIn("127.0.0.1", r.body.decode(),
                                 "no host in an answer")
                time.sleep(0.25)
            self.assertLessEqual(refused, 8, "back within the backoff")
            self.assertIn(r.status, (200, 204), r)
            got = d.get(f"/api/v1/contracts/{cid}").json()
            self.assertIsNotNone(got["decisions"][0]["revoked_at"])
            rows = d.query("SELECT count(*) FROM revocations")[0][0]
            self.assertEqual(rows, 1, "one revocation, written once")
            self.assertTrue(until(lambda: d.get("/healthz").status == 200,
                                  timeout=40))
            self.assertEqual(d.stop(), 0)
        finally:
            d.cleanup()

    def test_lost_then_back(self):
        d = Daemon()
        try:
            d.start()
            server = pg_server()
            server.down("fast")
            try:
                self.assertTrue(until(lambda: d.get("/healthz").status ==
                                      503), "/healthz says 503")
                metrics = d.get("/metrics")
                self.assertEqual(metrics.status, 200, metrics)
                self.assertIn('tenured_database_up{backend="postgresql"} 0',
                              metrics.body.decode())
                self.assertTrue(until(lambda: any(
                    "database connection lost" in n for n in d.notes)),
                    "STATUS= says so")
                a = d.post("/api/v1/contracts", {
                    "name": "While Away", "email": "away@example.org",
                    "start": "2026-01-05"})
                self.assertEqual(a.status, 503, a)
            finally:
                server.up()
            self.assertTrue(until(lambda: d.get("/healthz").status == 200,
                                  timeout=40), "back within the backoff")
            a = d.post("/api/v1/contracts", {
                "name": "After Return", "email": "back@example.org",
                "start": "2026-01-05"})
            self.assertEqual(a.status, 201, a)
            self.assertEqual(d.stop(), 0)
        finally:
            d.cleanup()


if __name__ == "__main__":
    tap.main()
