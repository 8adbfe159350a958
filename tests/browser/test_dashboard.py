"""The dashboard in a real browser: Debian's headless Chromium, driven by
playwright-core (dashboard.mjs, accounts.mjs), against the real daemon on
TCP with a token file (the built-in admin account "api") and a database
seeded through the API. An HR account and a manager's are created over the
socket for the walk under people's own accounts. Reminders go to a real
webhook receiver answering 410 (dead at once), to a closed port
(retrying) and by email, which is not configured (waiting), so the delivery
view has something to show.

Prints TAP: each check of dashboard.mjs, then what the daemon recorded
behind the forms. Screenshots go to $SCREENSHOTS."""
import base64
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))

from harness import Daemon  # noqa: E402
import catalog  # noqa: E402
from receiver import Receiver, Reply  # noqa: E402

TOKEN = "browser-test-token-0123456789abcdef"
NOW = "2028-01-15T10:00:00Z"
SECRET = "whsec_" + base64.b64encode(b"tenured-test-secret-key-32-bytes").decode()
XSS = "Eve <script>alert(1)</script><img src=x onerror=alert(2)>"
NOTICE = os.path.join(HERE, "..", "data", "notices", "real",
                      "000_3fb8d09a3868ea97.txt")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
NODE = os.environ.get("NODE", "node")


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def line(self, ok, name, detail=None):
        self.n += 1
        if not ok:
            self.failed += 1
        print(f"{'ok' if ok else 'not ok'} {self.n} - {name}")
        for d in (str(detail).splitlines() if detail and not ok else []):
            print(f"# {d}")
        sys.stdout.flush()

    def end(self):
        print(f"1..{self.n}")
        sys.exit(1 if self.failed or self.n == 0 else 0)


def config(d, hook_url):
    secret = os.path.join(d.dir, "hook.secret")
    with open(secret, "w") as f:
        f.write(SECRET + "\n")
    return "\n".join([
        f"public_url = http://127.0.0.1:{d.listen_port}",
        "[reminders]", "send_time = 09:00", "hr = hr@example.org",
        # No [smtp] url: the email reminders wait, and the page says so.
        "renewal_decision_due = 30d,+7d -> hr via webhook:gone,webhook:down,"
        "email",
        "[webhook.gone]", f"url = {hook_url}", f"secret_file = {secret}",
        "timeout = 2s",
        # Nothing listens on port 1: connection refused, a temporary failure.
        "[webhook.down]", "url = http://127.0.0.1:1/hook",
        f"secret_file = {secret}", "timeout = 2s"]) + "\n"


def seed(d):
    """Contracts around the scheduling clock's today, 2028-01-15."""
    people = {
        # SPEC section 4's worked example; its renewal decision is due on
        # 2028-02-29, inside the next 120 days.
        "jane": {"name": "Jane Doe", "email": "jane@example.org",
                 "manager_email": "boss@example.org", "unit": "OCIO",
                 "start": "2025-09-01", "twin_graded": True},
        # Renewal decisions due in 2026 and 2027, never recorded: overdue.
        "bruno": {"name": "Bruno Keller", "email": "bruno@example.org",
                  "manager_email": "olivia@example.org", "unit": "OCIO",
                  "start": "2024-01-01"},
        "eve": {"name": XSS, "email": "eve@example.org",
                "manager_email": "boss@example.org", "unit": "NOS",
                "start": "2025-03-01"},
        "ana": {"name": "Ana Lima", "email": "ana@example.org",
                "manager_email": "olivia@example.org", "unit": "NOS",
                "start": "2028-03-01", "staff_type": "seconded"},
        # Found in People by "helene", typed without the accents.
        "helene": {"name": "Hélène Dubois",
                   "email": "helene.dubois@example.org",
                   "manager_email": "marc@example.org", "unit": "NOS",
                   "start": "2026-05-04"},
    }
    ids = {}
    for key, body in people.items():
        a = d.post("/api/v1/contracts", body)
        if a.status != 201:
            raise AssertionError(f"seeding {key}: {a}")
        ids[key] = a.json()["id"]
    a = d.post("/api/v1/feeds", {"scope": "manager:boss@example.org",
                                 "name": "boss-team"})
    if a.status != 201:
        raise AssertionError(f"seeding the feed: {a}")
    return ids


def accounts(d):
    """An HR account and the manager of Bruno and Ana (seed()), each with
    the token the daemon answers once."""
    out = {}
    for key, body in {
            "hr": {"name": "anna.hr", "role": "hr",
                   "email": "anna@example.org"},
            "manager": {"name": "olivia.grant", "role": "manager",
                        "email": "olivia@example.org"}}.items():
        a = d.post("/api/v1/accounts", body)
        if a.status != 201:
            raise AssertionError(f"creating the {key} account: {a}")
        out[key] = {"name": body["name"], "email": body["email"],
                    "token": a.json()["token"]}
    return out


def wait_outbox(d, tap):
    """Waits (bounded) for the due reminders to reach dead and retrying:
    the delivery view is drawn from those states."""
    end = time.monotonic() + 30
    counts = {}
    while time.monotonic() < end:
        counts = d.get("/api/v1/outbox?limit=1").json()["counts"]
        if counts.get("dead", 0) > 0 and counts.get("retrying", 0) > 0:
            break
        time.sleep(0.1)
    tap.line(counts.get("dead", 0) > 0 and counts.get("retrying", 0) > 0,
             "seeded reminders reached dead and retrying", counts)


def expected(d, manager_token):
    def names(q, token=None):
        """Every page; over TCP with token, as that account sees it."""
        out = []
        after = None
        while True:
            path = "/api/v1/milestones?" + q + (f"&after={after}" if after
                                                else "")
            a = (d.get(path, tcp=True,
                       headers={"Authorization": f"Bearer {token}"})
                 if token else d.get(path)).json()
            out += [[m["date"], m["kind"], (m["person"] or {}).get("name")]
                    for m in a["milestones"]]
            after = a["next_after"]
            if after is None:
                return out
    return {"upcoming": names("within=120d"),
            "overdue": names("overdue=1"),
            "upcoming_ocio": names("within=120d&unit=OCIO"),
            "manager_upcoming": names("within=120d", manager_token)}


def main():
    tap = Tap()
    shots = os.environ.get("SCREENSHOTS", os.path.join(os.getcwd(),
                                                       "screenshots"))
    os.makedirs(shots, exist_ok=True)
    if not os.path.exists(CHROMIUM) or not os.path.isdir(
            os.path.join(HERE, "node_modules", "playwright-core")):
        tap.line(False, "chromium and playwright-core are installed",
                 "run scripts/bootstrap (Debian chromium, npm ci in "
                 "tests/browser)")
        tap.end()
    rx = Receiver().start()
    rx.on_path("/hook", Reply(410))
    d = Daemon(token=TOKEN, listen=True, now=NOW)
    try:
        d.write_config(config(d, rx.url("/hook")))
        d.start()
        ids = seed(d)
        people = accounts(d)
        wait_outbox(d, tap)
        args = {"base": f"http://127.0.0.1:{d.listen_port}", "token": TOKEN,
                "today": d.get("/api/v1/status").json()["today"],
                "ids": ids, "xss": XSS, "shots": shots,
                "notice": open(NOTICE, encoding="utf-8").read(),
                "chromium": CHROMIUM, "hr": people["hr"],
                "manager": people["manager"],
                "english": catalog.english(os.path.join(HERE, "..", "..",
                                                        "po", "fr.po")),
                "expected": expected(d, people["manager"]["token"])}
        before = rx.count()
        p = subprocess.run([NODE, os.path.join(HERE, "dashboard.mjs")],
                           input=json.dumps(args), capture_output=True,
                           text=True, timeout=240, cwd=HERE)
        results = []
        for line in p.stdout.splitlines():
            if line.startswith("{"):
                results.append(json.loads(line))
        for r in results:
            tap.line(r["ok"], r["name"], r.get("detail"))
        tap.line(p.returncode == 0 and results != [],
                 "dashboard.mjs ran to the end",
                 f"exit {p.returncode}\n{p.stderr[-3000:]}")

        # What the forms left behind, read back from the daemon.
        jane = d.get(f"/api/v1/contracts/{ids['jane']}").json()
        renewals = [x for x in jane["decisions"] if x["type"] == "renewed"
                    and not x["revoked_at"]]
        tap.line([x["until"] for x in renewals] == ["2031-08-31"] and
                 renewals[0]["recorded_by"] == "api",
                 "the renewal form recorded one renewal until 2031-08-31",
                 jane["decisions"])
        tap.line(len(jane["decisions"]) == 1,
                 "the refused renewal wrote nothing", jane["decisions"])
        bruno = d.get(f"/api/v1/contracts/{ids['bruno']}").json()
        tap.line(bruno["unit"] == "NOS" and bruno["email"] ==
                 "bruno@example.org", "the correction form changed only "
                 "the unit", bruno)
        acks = [(x["type"], x.get("kind"), x["reason"], x["recorded_by"])
                for x in bruno["decisions"] if not x["revoked_at"]]
        tap.line(acks == [("acknowledged", "renewal_decision_due",
                           "Decided by the board on paper", "api")],
                 "the acknowledgment form recorded one acknowledgment",
                 bruno["decisions"])

        # The contract added through the form, and the imported file's.
        def find(q):
            return d.get("/api/v1/contracts?q=" + q).json()["contracts"]
        zoe = find("zoe.martin")
        tap.line(len(zoe) == 1 and zoe[0]["name"] == "Zoë Martin" and
                 zoe[0]["vacancy"] == "250914" and zoe[0]["post"] == 1 and
                 "Team Leader" in (zoe[0]["post_title"] or "") and
                 zoe[0]["start"] == "2028-02-01" and
                 zoe[0]["birth_date"] == "1990-04-12",
                 "the add form created the contract from the vacancy's post",
                 zoe)
        jane_all = find("jane%40example.org")
        tap.line(len(jane_all) == 1, "the refused email added nobody",
                 jane_all)
        imported = {e: len(find(e)) for e in (
            "paul.martin@example.org", "lena.berg@example.org",
            "omar.haddad@example.org")}
        tap.line(set(imported.values()) == {1},
                 "the mended CSV imported each row once (the refused one "
                 "nothing)", imported)
        v = d.get("/api/v1/vacancies/250914")
        tap.line(v.status == 200 and len(v.json()["versions"]) == 1,
                 "the import button stored the notice once", v)
        eve = d.get(f"/api/v1/contracts/{ids['eve']}").json()
        tap.line(eve["name"] == XSS, "the name with markup is stored as given",
                 eve["name"])
        try:
            rx.wait_for(before + 1, timeout=10)
            retried = True
        except TimeoutError as e:
            retried = e
        tap.line(retried is True,
                 "the retry button sent a dead reminder again", retried)

        # Under the HR account: the decision and its audit entry name it.
        hr = people["hr"]["name"]
        eve_d = eve["decisions"]
        tap.line([(x["type"], x["recorded_by"]) for x in eve_d] ==
                 [("not_renewed", hr)],
                 "the HR account's decision is recorded under its name", eve_d)
        log = d.get(f"/api/v1/audit?entity=contract:{ids['eve']}").json()
        tap.line(any(e["action"] == "decision.recorded" and e["actor"] == hr
                     and e["via"] == "token" for e in log["entries"]),
                 "the audit log names the HR account, through its token",
                 log)
        mgr = d.get(f"/api/v1/contracts/{ids['jane']}", tcp=True, headers={
            "Authorization": f"Bearer {people['manager']['token']}"})
        tap.line(mgr.status == 404, "another team's contract answers the "
                 "manager 404, as the page said", mgr)
    finally:
        code = d.stop()
        d.cleanup()
        rx.stop()
    tap.line(code == 0, "tenured exited cleanly", code)
    tap.end()


if __name__ == "__main__":
    main()
