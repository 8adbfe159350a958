"""Upgrades: a database made by the first released schema (version 1,
tests/data/upgrade/schema-v1.db, made through the API by
make-schema-v1.py) is migrated by this tenured with --migrate-only and
still holds every row; the daemon then serves it; and tenurectl backup of
it is a sound copy with the same rows. Columns added by later versions
(schema 6: the language of contracts and feeds) hold their defaults."""
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import unittest

import tap
from harness import TENURED, Daemon

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data",
                    "upgrade")


def load_expectations():
    with open(os.path.join(DATA, "schema-v1.json")) as f:
        return json.load(f)


def counts(path, tables):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in tables}
    finally:
        db.close()


class UpgradeTest(unittest.TestCase):
    def setUp(self):
        self.want = load_expectations()
        self.d = Daemon()
        shutil.copyfile(os.path.join(DATA, "schema-v1.db"), self.d.database)

    def tearDown(self):
        self.d.cleanup()

    def migrate(self):
        p = subprocess.run([TENURED, "--config", self.d.config_path,
                            "--migrate-only"], capture_output=True, text=True,
                           timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout

    # What planning again may change once the daemon has started: statuses
    # of milestones and new (expired) reminders; every row stays.
    REPLANNED = ("milestones", "outbox")

    def assert_every_row(self, path, replanned=False):
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            self.assertEqual(db.execute("PRAGMA integrity_check").fetchall(),
                             [("ok",)])
            self.assertEqual(db.execute("PRAGMA foreign_key_check")
                             .fetchall(), [])
            for table, n in self.want["counts"].items():
                got = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                if replanned and table in self.REPLANNED:
                    self.assertGreaterEqual(got, n, table)
                else:
                    self.assertEqual(got, n, table)
            for table, q in self.want["rows"].items():
                rows = [list(r) for r in db.execute(q["sql"])]
                if replanned and table in self.REPLANNED:
                    ids = {r[0] for r in rows}
                    self.assertTrue({r[0] for r in q["rows"]} <= ids, table)
                else:
                    self.assertEqual(rows, q["rows"], table)
        finally:
            db.close()

    def test_fixture_covers_every_table(self):
        # The fixture is only worth something if every table has rows and
        # the outbox has its states; a remade fixture must keep that.
        self.assertEqual(self.want["schema_version"], 1)
        for table, n in self.want["counts"].items():
            self.assertGreater(n, 0, table)
        self.assertEqual(set(self.want["counts"]), {
            "people", "contracts", "decisions", "revocations", "milestones",
            "vacancies", "vacancy_versions", "outbox", "feeds"})
        states = {r[8] for r in self.want["rows"]["outbox"]["rows"]}
        self.assertEqual(states, {"pending", "sent", "retrying", "dead",
                                  "cancelled", "expired"})
        self.assertTrue(any(r[5] for r in self.want["rows"]["feeds"]["rows"]),
                        "a revoked feed")

    def test_migrate_only_keeps_every_row(self):
        out = self.migrate()
        db = sqlite3.connect(self.d.database)
        version = db.execute("PRAGMA user_version").fetchone()[0]
        db.close()
        self.assertEqual(out.strip(), f"{self.d.database}: schema version "
                         f"{version}")
        self.assertGreaterEqual(version, self.want["schema_version"])
        self.assert_every_row(self.d.database)
        # Again: nothing left to do, nothing changed.
        self.assertEqual(self.migrate(), out)
        self.assert_every_row(self.d.database)

    def test_new_columns_take_their_defaults(self):
        # Schema 6 (SPEC section 12): everything before languages was
        # written in English, and says so.
        self.migrate()
        db = sqlite3.connect(f"file:{self.d.database}?mode=ro", uri=True)
        try:
            for table in ("contracts", "feeds"):
                got = db.execute(f"SELECT language, count(*) FROM {table} "
                                 "GROUP BY language").fetchall()
                self.assertEqual(got, [("en", self.want["counts"][table])],
                                 table)
        finally:
            db.close()
        self.d.start()
        contracts = self.d.get("/api/v1/contracts").json()["contracts"]
        self.assertEqual({c["language"] for c in contracts}, {"en"})
        feeds = self.d.get("/api/v1/feeds").json()["feeds"]
        self.assertTrue(feeds)
        self.assertEqual({f["language"] for f in feeds}, {"en"})
        # And they take a language from now on.
        cid = contracts[0]["id"]
        a = self.d.request("PATCH", f"/api/v1/contracts/{cid}",
                           body={"language": "fr"})
        self.assertEqual(a.status, 200, a)
        self.assertEqual(a.json()["language"], "fr")
        self.assertEqual(self.d.stop(), 0)

    def test_daemon_serves_the_upgraded_database(self):
        self.migrate()
        self.d.start()
        a = self.d.get("/api/v1/contracts")
        self.assertEqual(a.status, 200, a)
        got = [{"id": c["id"], "email": c["email"]}
               for c in a.json()["contracts"]]
        self.assertEqual(got, self.want["api_contracts"])
        revoked = self.want["rows"]["revocations"]["rows"]
        decisions = self.want["rows"]["decisions"]["rows"]
        for did, by in revoked:
            cid = next(d[1] for d in decisions if d[0] == did)
            c = self.d.get(f"/api/v1/contracts/{cid}").json()
            dec = next(x for x in c["decisions"] if x["id"] == did)
            self.assertIsNotNone(dec["revoked_at"])
        refs = sorted(v[1] for v in self.want["rows"]["vacancies"]["rows"])
        a = self.d.get("/api/v1/vacancies").json()
        self.assertEqual(sorted(v["reference"] for v in a["vacancies"]),
                         refs)
        feeds = self.d.get("/api/v1/feeds").json()["feeds"]
        self.assertEqual(sorted(f["name"] for f in feeds), sorted(
            r[1] for r in self.want["rows"]["feeds"]["rows"] if not r[5]))
        status = self.d.get("/api/v1/status").json()
        self.assertEqual(status["contracts"],
                         self.want["counts"]["contracts"])
        # Closed contracts are planned again on the first start (schema
        # 5): their undone decision milestones are cancelled, and
        # reminders whose day has passed come in as expired, never sent.
        kept = [r[8] for r in self.want["rows"]["outbox"]["rows"]]
        added = sum(status["outbox"].values()) - len(kept)
        self.assertGreaterEqual(added, 0)
        self.assertEqual(status["outbox"].get("expired", 0) -
                         kept.count("expired"), added)
        with sqlite3.connect(self.d.database) as db:
            self.assertEqual(db.execute(
                "SELECT count(*) FROM replan").fetchone()[0], 0)
            open_left = db.execute(
                "SELECT count(*) FROM milestones m WHERE m.status = "
                "'scheduled' AND m.kind IN ('renewal_decision_due', "
                "'national_agreement_due', 'conversion_request_deadline') "
                "AND m.contract_id IN (SELECT contract_id FROM decisions d "
                "WHERE d.type IN ('not_renewed', 'converted', 'separated') "
                "AND d.id NOT IN (SELECT decision_id FROM revocations))"
                ).fetchone()[0]
        self.assertEqual(open_left, 0, "a closed contract awaits nothing")
        self.assertEqual(self.d.stop(), 0)

    def test_backup_of_the_upgraded_database(self):
        self.migrate()
        self.d.start()
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "backup.db")
            code, out, err = self.d.ctl("backup", path)
            self.assertEqual(code, 0, err)
            self.assert_every_row(path, replanned=True)
            tables = list(self.want["counts"])
            self.assertEqual(counts(path, tables),
                             counts(self.d.database, tables))
            # The copy is a database this tenured opens as it is.
            cfg = os.path.join(tmp, "restore.conf")
            with open(cfg, "w") as f:
                f.write(f"[daemon]\ndatabase = {path}\n"
                        f"socket = {tmp}/api.sock\n")
            p = subprocess.run([TENURED, "--config", cfg, "--migrate-only"],
                               capture_output=True, text=True, timeout=60)
            self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(self.d.stop(), 0)


if __name__ == "__main__":
    tap.main()
