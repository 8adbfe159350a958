#!/usr/bin/env python3
"""Makes schema-v1.db and schema-v1.json: a database written by the first
released schema (version 1) through the real daemon and its API, with rows
in every table, and what a later tenured must still find in it.

Run it with a tenured built from a schema-v1 tree (see README.md):

    TENURED=build/daemon/tenured tests/data/upgrade/make-schema-v1.py

It refuses a binary whose schema is not version 1.
"""
import json
import os
import shutil
import sqlite3
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "integration"))

from harness import Daemon  # noqa: E402
from receiver import Receiver, Reply  # noqa: E402

NOTICES = os.path.join(HERE, "..", "notices", "variants")
SECRET = "whsec_dGVudXJlZC11cGdyYWRlLWZpeHR1cmUta2V5LTMyYnk="
OFF = ("contract_start", "probation_end", "national_agreement_due",
       "initial_term_end", "conversion_window_opens",
       "conversion_request_deadline", "contract_end", "max_service_end",
       "grade_advancement_eligible", "grade_advancement_earliest",
       "age_limit")


def config(d, rx):
    secret = os.path.join(d.dir, "hook.secret")
    with open(secret, "w") as f:
        f.write(SECRET + "\n")
    lines = ["[reminders]", "hr = hr@example.org",
             "renewal_decision_due = 90d,30d,+7d -> hr,manager via "
             "email,webhook:ok,webhook:busy,webhook:gone",
             "application_deadline = 7d -> hr via email"]
    lines += [f"{k} = none" for k in OFF]
    for name, path in (("ok", "/ok"), ("busy", "/busy"), ("gone", "/gone")):
        lines += [f"[webhook.{name}]", f"url = {rx.url(path)}",
                  f"secret_file = {secret}", "timeout = 5s"]
    return "\n".join(lines) + "\n"


def check(answer, *statuses):
    if answer.status not in statuses:
        raise SystemExit(f"unexpected answer {answer}")
    return answer.json() if answer.body else None


def contract(d, name, email, start, **more):
    body = {"name": name, "email": email, "start": start,
            "manager_email": "boss@example.org", "unit": "ACO/J3"}
    body.update(more)
    return check(d.post("/api/v1/contracts", body), 201)["id"]


def seed(d):
    # Renewal decision due 2026-08-31, missing: the +7d escalation goes
    # out at once (sent / retrying / dead by webhook, pending by email).
    late = contract(d, "Late Decision", "late@example.org", "2024-03-01")
    # Due in 2027: pending rows, then a renewal cancels them.
    renewed = contract(d, "Renewed Person", "renewed@example.org",
                       "2025-06-01", post_title="Analyst", grade="A-2")
    check(d.post(f"/api/v1/contracts/{renewed}/decisions",
                 {"type": "renewed", "until": "2031-05-31"}), 201)
    waiting = contract(d, "Still Waiting", "waiting@example.org",
                       "2026-02-01", staff_type="seconded",
                       birth_date="1980-04-02", twin_graded=True)
    gone = contract(d, "Gone Person", "gone@example.org", "2025-01-06")
    dec = check(d.post(f"/api/v1/contracts/{gone}/decisions",
                       {"type": "separated", "date": "2026-10-31",
                        "reason": "resigned"}), 201)
    did = dec["decision"]["id"]
    check(d.request("DELETE", f"/api/v1/contracts/{gone}/decisions/{did}"),
          200)
    check(d.post(f"/api/v1/contracts/{gone}/decisions",
                 {"type": "not_renewed", "date": "2026-11-02"}),
          201)
    csv = ("name,email,start,renewed_until,unit\n"
           "Imported One,imported1@example.org,2020-09-01,2026-08-31,NCIA\n"
           "Imported Two,imported2@example.org,2023-01-01,,NCIA\n")
    check(d.post("/api/v1/contracts/import", csv, content_type="text/csv"),
          200, 201)
    notices = ["v02-plain-no-list.txt", "v04-two-posts-crlf.txt"]
    for i, name in enumerate(notices):
        with open(os.path.join(NOTICES, name), encoding="utf-8") as f:
            text = f.read()
        check(d.post("/api/v1/vacancies", text, content_type="text/plain"),
              200, 201)
        if i == 0:      # a second version of the first
            check(d.post("/api/v1/vacancies", text + "\n",
                         content_type="text/plain"), 200, 201)
    feeds = [check(d.post("/api/v1/feeds", body), 201) for body in (
        {"scope": "all", "name": "everything", "alarms": "7d,1d"},
        {"scope": "manager:boss@example.org", "name": "boss",
         "redact": True},
        {"scope": "unit:NCIA", "name": "ncia"})]
    check(d.post(f"/api/v1/feeds/{feeds[1]['id']}/rotate", {}), 200)
    check(d.request("DELETE", f"/api/v1/feeds/{feeds[2]['id']}"), 200)
    path = feeds[0]["url"][feeds[0]["url"].index("/feeds/"):]
    check_fetch = d.get(path, headers={"User-Agent": "UpgradeFixture/1"})
    if check_fetch.status != 200:
        raise SystemExit(f"feed fetch: {check_fetch}")
    return late


def wait_states(d, wanted, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        rows = check(d.get("/api/v1/outbox"), 200)["outbox"]
        states = {r["status"] for r in rows}
        if wanted <= states:
            return
        time.sleep(0.2)
    raise SystemExit(f"outbox never reached {wanted}: {states}")


def expectations(path):
    db = sqlite3.connect(path)
    q = lambda sql: [list(r) for r in db.execute(sql)]  # noqa: E731
    tables = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    out = {
        "schema_version": db.execute("PRAGMA user_version").fetchone()[0],
        "counts": {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                   for t in tables},
        # Rows as a later schema must still show them: (query, rows).
        "rows": {},
    }
    for name, sql in (
            ("people", "SELECT id, name, email FROM people ORDER BY id"),
            ("contracts", "SELECT c.id, p.email, c.start, c.staff_type, "
             "c.unit, c.twin_graded, c.birth_date FROM contracts c JOIN "
             "people p ON p.id = c.person_id ORDER BY c.id"),
            ("decisions", "SELECT id, contract_id, type, date, until, reason "
             "FROM decisions ORDER BY id"),
            ("revocations", "SELECT decision_id, revoked_by FROM revocations "
             "ORDER BY decision_id"),
            ("milestones", "SELECT id, contract_id, vacancy_id, kind, "
             "term_end, date, status FROM milestones ORDER BY id"),
            ("vacancies", "SELECT id, reference, version FROM vacancies "
             "ORDER BY id"),
            ("vacancy_versions", "SELECT vacancy_id, version FROM "
             "vacancy_versions ORDER BY vacancy_id, version"),
            ("outbox", "SELECT id, milestone_id, contract_id, vacancy_id, "
             "kind, offset, channel, recipient, status, attempts FROM outbox "
             "ORDER BY id"),
            ("feeds", "SELECT id, name, scope, redact, alarms, "
             "revoked_at IS NOT NULL, fetch_count, last_client FROM feeds "
             "ORDER BY id")):
        out["rows"][name] = {"sql": sql, "rows": q(sql)}
    out["api_contracts"] = [
        {"id": r[0], "email": r[1]} for r in db.execute(
            "SELECT c.id, p.email FROM contracts c JOIN people p ON "
            "p.id = c.person_id ORDER BY c.id")]
    db.close()
    return out


def main():
    rx = Receiver().start()
    rx.on_path("/ok", Reply(204))
    rx.on_path("/busy", Reply(503))
    rx.on_path("/gone", Reply(410))
    d = Daemon(now="2026-11-23T09:00:00Z")
    try:
        d.write_config(config(d, rx))
        d.start()
        status = check(d.get("/api/v1/status"), 200)
        if status["schema_version"] != 1:
            raise SystemExit("this tenured is not at schema version 1")
        seed(d)
        wait_states(d, {"pending", "sent", "retrying", "dead", "cancelled",
                        "expired"})
        if d.stop() != 0:
            raise SystemExit(f"tenured did not stop cleanly:\n{d.log()}")
        out = os.path.join(HERE, "schema-v1.db")
        shutil.copyfile(d.database, out)
        # Only pages in use: the file is checked in.
        db = sqlite3.connect(out)
        db.execute("VACUUM")
        db.close()
        with open(os.path.join(HERE, "schema-v1.json"), "w") as f:
            json.dump(expectations(out), f, indent=1, sort_keys=True)
            f.write("\n")
        print(f"{out}: {os.path.getsize(out)} bytes")
    finally:
        d.cleanup()
        rx.stop()


if __name__ == "__main__":
    main()
