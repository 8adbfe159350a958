"""The audit log end to end (SPEC section 11): the audit entry of every kind
of write (contracts and decisions through a token, an import, vacancies,
feeds and backups, accounts, the socket's Unix user), the history of a
contract paged with its actor, tenurectl audit, and a retried outbox row."""
import base64
import json
import os
import time

import accounts_common
import tap
from accounts_common import NOTICE, UNIX_ACTOR, db_query, tcp
from harness import Daemon
from rules import others_off


class AccountTest(accounts_common.AccountBase):
    # The audit log.

    def entry(self, action, entity_id=None, query="limit=1000"):
        """The newest entry of action (for entity_id when given)."""
        for e in self.audit(query):
            if e["action"] == action and (entity_id is None or
                                          e["entity_id"] == entity_id):
                return e
        self.fail(f"no {action} entry for {entity_id}")

    def test_audit_contract_writes_via_token(self):
        token = self.account("clerk", "hr")
        c = self.contract("Audit Created", "audit.created@example.org",
                          token=token, unit="OLD")
        e = self.entry("contract.created", c["id"])
        self.assertEqual((e["actor"], e["via"], e["entity"],
                          e["contract_id"]),
                         ("clerk", "token", "contract", c["id"]))
        self.assertTrue(e["summary"])
        self.assertRegex(e["at"], r"^\d{4}-\d\d-\d\dT")
        a = tcp(self.d, "PATCH", f"/api/v1/contracts/{c['id']}", token,
                {"unit": "NEW"})
        self.ok(a)
        e = self.entry("contract.corrected", c["id"])
        self.assertEqual(e["changes"], {"unit": ["OLD", "NEW"]})
        self.assertEqual((e["actor"], e["via"], e["contract_id"]),
                         ("clerk", "token", c["id"]))
        # Decisions: recorded and revoked by the same actor.
        a = tcp(self.d, "POST", f"/api/v1/contracts/{c['id']}/decisions",
                token, {"type": "renewed", "until": "2031-08-31"})
        dec = self.ok(a, 201)["decision"]
        self.assertEqual(dec["recorded_by"], "clerk")
        e = self.entry("decision.recorded", dec["id"])
        self.assertEqual((e["actor"], e["entity"], e["contract_id"]),
                         ("clerk", "decision", c["id"]))
        a = tcp(self.d, "DELETE",
                f"/api/v1/contracts/{c['id']}/decisions/{dec['id']}", token)
        after = self.ok(a)
        self.assertEqual(after["decisions"][0]["revoked_by"], "clerk")
        e = self.entry("decision.revoked", dec["id"])
        self.assertEqual((e["actor"], e["entity"], e["contract_id"]),
                         ("clerk", "decision", c["id"]))

    def test_audit_import_one_entry_per_contract(self):
        token = self.account("importer", "hr")
        csv = ("name,email,manager_email,start,renewed_until\n"
               "Imp One,imp.one@example.org,,2025-09-01,\n"
               "Imp Two,imp.two@example.org,,2025-09-01,2031-08-31\n")
        a = tcp(self.d, "POST", "/api/v1/contracts/import", token, csv,
                content_type="text/csv")
        ids = self.ok(a, 201)["ids"]
        self.assertEqual(len(ids), 2)
        entries = [e for e in self.audit("entity=contract&actor=importer")
                   if e["action"] == "contract.imported"]
        self.assertEqual(sorted(e["entity_id"] for e in entries),
                         sorted(ids))
        for e in entries:
            self.assertEqual(e["contract_id"], e["entity_id"])
            self.assertEqual(e["via"], "token")
        two = self.ok(self.d.get(f"/api/v1/contracts/{ids[1]}"))
        self.assertEqual(two["decisions"][0]["recorded_by"], "importer")

    def test_audit_vacancy_feed_backup(self):
        token = self.account("keeper", "admin")
        with open(NOTICE, encoding="utf-8") as f:
            notice = f.read()
        a = tcp(self.d, "POST", "/api/v1/vacancies", token, notice,
                content_type="text/plain")
        v = self.ok(a, 201)
        e = self.entry("vacancy.imported", query="entity=vacancy")
        self.assertEqual((e["actor"], e["via"], e["entity"]),
                         ("keeper", "token", "vacancy"))
        self.assertIn(v["reference"], e["summary"])
        feed = self.ok(tcp(self.d, "POST", "/api/v1/feeds", token,
                           {"scope": "all", "name": "audited"}), 201)
        self.ok(tcp(self.d, "POST", f"/api/v1/feeds/{feed['id']}/rotate",
                    token))
        self.ok(tcp(self.d, "DELETE", f"/api/v1/feeds/{feed['id']}", token))
        got = [e["action"] for e in
               self.audit(f"entity=feed:{feed['id']}")]
        self.assertEqual(got, ["feed.revoked", "feed.rotated",
                               "feed.created"])
        for e in self.audit(f"entity=feed:{feed['id']}"):
            self.assertEqual((e["actor"], e["entity_id"]),
                             ("keeper", feed["id"]))
        a = tcp(self.d, "GET", "/api/v1/backup", token)
        if self.d.backend == "postgresql":
            # pg_dump is PostgreSQL's backup (SPEC section 14).
            self.assertEqual(a.status, 409, a)
            self.assertIn(b"pg_dump", a.body)
            return
        self.assertEqual(a.status, 200, a)
        self.assertTrue(a.body.startswith(b"SQLite format 3"))
        e = self.entry("backup.taken", query="entity=backup")
        self.assertEqual((e["actor"], e["via"]), ("keeper", "token"))

    def test_audit_account_writes(self):
        admin = self.account("chief", "admin")
        a = tcp(self.d, "POST", "/api/v1/accounts", admin,
                {"name": "subject", "role": "staff"})
        self.ok(a, 201)
        self.ok(tcp(self.d, "PATCH", "/api/v1/accounts/subject", admin,
                    {"role": "auditor", "email": "subject@example.org"}))
        renewed = self.ok(tcp(self.d, "POST", "/api/v1/accounts/subject/token",
                              admin))
        entries = self.audit("entity=account&actor=chief")
        self.assertEqual([e["action"] for e in entries],
                         ["account.token_renewed", "account.changed",
                          "account.created"])
        changed = entries[1]
        self.assertEqual(changed["changes"]["role"], ["staff", "auditor"])
        self.assertEqual(changed["changes"]["email"],
                         [None, "subject@example.org"])
        for e in entries:
            self.assertEqual((e["entity"], e["via"]), ("account", "token"))
        text = json.dumps(self.audit("limit=1000"))
        self.assertNotIn(renewed["token"], text, "a token in the audit log")

    def test_socket_writes_are_unix_user(self):
        c = self.contract("Socket Writer", "socket.writer@example.org")
        e = self.entry("contract.created", c["id"])
        self.assertEqual((e["actor"], e["via"]), (UNIX_ACTOR, "socket"))
        self.account("by-socket", "staff")
        e = self.entry("account.created", query="entity=account")
        self.assertEqual((e["actor"], e["via"]), (UNIX_ACTOR, "socket"))
        a = self.d.post(f"/api/v1/contracts/{c['id']}/decisions",
                        {"type": "renewed", "until": "2031-08-31"})
        self.assertEqual(self.ok(a, 201)["decision"]["recorded_by"],
                         UNIX_ACTOR)

    def test_contract_history_paging_and_actor(self):
        token = self.account("historian", "hr")
        c = self.contract("History Person", "history@example.org",
                          unit="A")
        other = self.contract("Not History", "nothistory@example.org")
        self.ok(tcp(self.d, "PATCH", f"/api/v1/contracts/{c['id']}", token,
                    {"unit": "B"}))
        self.ok(tcp(self.d, "PATCH", f"/api/v1/contracts/{other['id']}",
                    token, {"unit": "Z"}))
        dec = self.ok(tcp(self.d, "POST",
                          f"/api/v1/contracts/{c['id']}/decisions", token,
                          {"type": "renewed", "until": "2031-08-31"}),
                      201)["decision"]
        self.ok(tcp(self.d, "DELETE",
                    f"/api/v1/contracts/{c['id']}/decisions/{dec['id']}",
                    token))
        hist = self.audit(f"entity=contract:{c['id']}", token)
        self.assertEqual([e["action"] for e in hist],
                         ["decision.revoked", "decision.recorded",
                          "contract.corrected", "contract.created"])
        ids = [e["id"] for e in hist]
        self.assertEqual(ids, sorted(ids, reverse=True), "newest first")
        for e in hist:
            self.assertEqual(e["contract_id"], c["id"])
        # Paging: one at a time.
        seen, after = [], None
        for _ in range(10):
            q = f"entity=contract:{c['id']}&limit=1"
            if after is not None:
                q += f"&after={after}"
            page = self.ok(self.d.get("/api/v1/audit?" + q))
            self.assertLessEqual(len(page["entries"]), 1)
            seen += [e["id"] for e in page["entries"]]
            after = page["next_after"]
            if after is None:
                break
        self.assertEqual(seen, ids)
        mine = self.audit(f"entity=contract:{c['id']}&actor=historian")
        self.assertEqual([e["action"] for e in mine],
                         ["decision.revoked", "decision.recorded",
                          "contract.corrected"])
        sock = self.audit(f"entity=contract:{c['id']}&actor={UNIX_ACTOR}")
        self.assertEqual([e["action"] for e in sock], ["contract.created"])
        a = self.d.get("/api/v1/audit?entity=nonsense")
        self.assertEqual(a.status, 400, a)
        # tenurectl audit --contract prints the entries.
        code, out, err = self.d.ctl("audit", "--contract", str(c["id"]))
        self.assertEqual(code, 0, err)
        for action in ("decision.revoked", "decision.recorded",
                       "contract.corrected", "contract.created"):
            self.assertIn(action, out)
        self.assertIn("historian", out)
        self.assertNotIn("Not History", out)
        code, out, err = self.d.ctl("--json", "audit", "--contract",
                                    str(c["id"]), "--actor", "historian")
        self.assertEqual(code, 0, err)
        self.assertEqual(len(json.loads(out)["entries"]), 3)



class OutboxAuditTest(accounts_common.Base):
    """A delivery that fails (nothing listens at the webhook's address)
    is retrying; an HR account asks for it again."""

    @classmethod
    def setUpClass(cls):
        cls.d = Daemon(listen=True, now="2026-11-23T10:00:00Z")
        s = __import__("socket").socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        secret = os.path.join(cls.d.dir, "hook.secret")
        with open(secret, "w") as f:
            f.write("whsec_" + base64.b64encode(b"x" * 32).decode() + "\n")
        lines = ["[reminders]", "send_time = 09:00", "hr = hr@example.org",
                 "renewal_decision_due = 30d,7d,+7d -> hr via webhook:hook"]
        lines += others_off("renewal_decision_due")
        lines += ["[webhook.hook]", f"url = http://127.0.0.1:{port}/hook",
                  f"secret_file = {secret}", "timeout = 1s"]
        cls.d.write_config("\n".join(lines) + "\n")
        cls.d.start()

    def failing_row(self):
        self.contract("Jane Doe", "jane@example.org", "boss@example.org",
                      start="2024-06-01")
        end = time.time() + 20
        while time.time() < end:
            rows = self.ok(self.d.get("/api/v1/outbox"))["outbox"]
            for r in rows:
                if r["status"] in ("retrying", "dead"):
                    return r
            time.sleep(0.1)
        self.fail(f"no retrying or dead delivery: {rows}")

    def test_outbox_retry_is_audited(self):
        token = self.account("dispatcher", "hr")
        row = self.failing_row()
        a = tcp(self.d, "POST", f"/api/v1/outbox/{row['id']}/retry", token)
        self.assertEqual(a.status, 200, a)
        entries = self.audit("entity=outbox")
        stored = db_query(self.d, "SELECT action, entity_id FROM audit "
                          "WHERE entity = 'outbox'")
        self.assertEqual(len(entries), 1, f"API {entries}, table {stored}")
        e = entries[0]
        self.assertEqual((e["action"], e["actor"], e["via"], e["entity_id"]),
                         ("outbox.retried", "dispatcher", "token", row["id"]))

    def test_retry_of_no_such_row(self):
        token = self.account("nobody-retry", "hr")
        before = len(self.audit("entity=outbox&limit=1000"))
        a = tcp(self.d, "POST", "/api/v1/outbox/999999/retry", token)
        after = len(self.audit("entity=outbox&limit=1000"))
        self.assertEqual(after, before, "a refused retry left an entry")
        self.assertEqual(a.status, 404, a)


if __name__ == "__main__":
    tap.main()
