"""A batch of reminders due at once on both channels, for the tests that
break things around deliveries (kills, a full disk): the configuration,
and the import of the contracts whose 7d renewal reminders are due."""
import os

from rules import others_off


def configure(d, smtp_url, hook_url, secret, hook_timeout=None):
    """Only the 7d renewal reminder, to hr by email and webhook:hook."""
    path = os.path.join(d.dir, "hook.secret")
    with open(path, "w") as f:
        f.write(secret + "\n")
    lines = ["[reminders]", "hr = hr@example.org",
             "renewal_decision_due = 7d -> hr via email,webhook:hook"]
    lines += others_off("renewal_decision_due")
    lines += ["[smtp]", f"url = {smtp_url}",
              "from = tenured <tenured@example.org>", "starttls = off",
              "[webhook.hook]", f"url = {hook_url}", f"secret_file = {path}"]
    if hook_timeout:
        lines.append(f"timeout = {hook_timeout}")
    d.write_config("\n".join(lines) + "\n")


def by_id(rx, smtp):
    """What arrived, grouped by idempotency id: {webhook-id: [requests]}
    and {Message-ID: [messages]}."""
    hooks, mails = {}, {}
    for r in rx.requests:
        hooks.setdefault(r.header("webhook-id"), []).append(r)
    for m in smtp.messages:
        mails.setdefault(m.parse()["Message-ID"], []).append(m)
    return hooks, mails


def check_each_arrived(test, expected, hooks, mails, count):
    """Every expected reminder arrived, and none under a second id: as many
    ids as reminders per channel. Answers the duplicates per channel."""
    for rid, channel in expected.items():
        if channel == "email":
            test.assertIn(f"<reminder-{rid}@tenured.test>", mails,
                          f"email {rid} arrived")
        else:
            test.assertIn(f"msg_tenured_{rid}", hooks,
                          f"webhook {rid} arrived")
    test.assertEqual(len(hooks), count)
    test.assertEqual(len(mails), count)
    return (sum(len(v) - 1 for v in hooks.values()),
            sum(len(v) - 1 for v in mails.values()))


def import_due(test, d, count):
    """Imports count contracts (2024-06-01: their 7d reminder is due on
    2026-11-23) and returns {outbox id: channel} of those reminders."""
    csv = ["name,email,start"] + [
        f"Person {i},p{i}@example.org,2024-06-01" for i in range(count)]
    a = d.post("/api/v1/contracts/import", "\n".join(csv) + "\n",
               content_type="text/csv")
    test.assertEqual(a.status, 201, a)
    rows = d.get("/api/v1/outbox?limit=5000").json()["outbox"]
    due = {r["id"]: r["channel"] for r in rows if r["offset"] == "7d"}
    test.assertEqual(len(due), 2 * count)
    return due
