"""tenurectl against the real daemon: the SPEC's worked example in the
table and in --json, the exit statuses, import, upcoming and backup; and
the same in French when the locale variables say so (SPEC section 12)."""
import json
import os
import re
import sqlite3
import subprocess
import tempfile
import unittest

import tap
from harness import TENURECTL, Daemon
from test_api import WORKED_EXAMPLE

# tenurectl speaks the language of LANGUAGE, LC_ALL, LC_MESSAGES and LANG:
# English unless a test says otherwise, whatever the caller's locale.
for _name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"
FRENCH = {"LANG": "fr_FR.UTF-8"}


class CliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = Daemon().start()

    @classmethod
    def tearDownClass(cls):
        code = cls.d.stop()
        cls.d.cleanup()
        assert code == 0, f"tenured exited with {code}"

    def ok(self, *args):
        code, out, err = self.d.ctl(*args)
        self.assertEqual(code, 0, f"{args}: {err}")
        return out

    def add(self, name, email, *extra):
        out = self.ok("contract", "add", "--name", name, "--email", email,
                      "--start", "2025-09-01", *extra)
        m = re.search(r"Contract (\d+)", out)
        self.assertIsNotNone(m, out)
        return m.group(1)

    def test_worked_example(self):
        cid = self.add("Jane Doe", "jane@example.org", "--manager-email",
                       "boss@example.org", "--twin-graded")
        out = self.ok("contract", "renew", cid, "--until", "2031-08-31")
        rows = set()
        for line in out.splitlines():
            parts = line.split()
            if len(parts) >= 3 and re.fullmatch(r"\d{4}-\d\d-\d\d", parts[0]) \
                    and parts[1] in WORKED_EXAMPLE:
                rows.add((parts[1], (parts[0], parts[2])))
        self.assertEqual(dict(rows), WORKED_EXAMPLE, out)
        self.assertIn("renewed", out)
        data = json.loads(self.ok("--json", "contract", "show", cid))
        self.assertEqual({m["kind"]: (m["date"], m["status"])
                          for m in data["milestones"]}, WORKED_EXAMPLE)
        self.assertEqual(data["decisions"][0]["until"], "2031-08-31")
        self.assertTrue(data["decisions"][0]["recorded_by"])

    def test_refused_exits_1(self):
        cid = self.add("Refused Renewal", "refused.cli@example.org")
        code, out, err = self.d.ctl("contract", "renew", cid, "--until",
                                    "2032-08-31")
        self.assertEqual(code, 1)
        self.assertIn("conflict", err)
        self.assertIn("until", err)
        code, _, err = self.d.ctl("contract", "show", "999999")
        self.assertEqual(code, 1)
        self.assertIn("not_found", err)

    def test_usage_exits_2(self):
        for args in (("frobnicate",), ("contract", "add", "--name", "X"),
                     ("contract", "renew", "1", "--until", "2026-02-30"),
                     ("contract", "add", "--name", "X", "--email",
                      "x@example.org", "--start", "tomorrow"),
                     ("upcoming", "--bogus")):
            code, _, err = self.d.ctl(*args)
            self.assertEqual(code, 2, f"{args}: {err}")
            self.assertTrue(err.strip(), args)

    def test_unreachable_exits_3(self):
        p = subprocess.run([TENURECTL, "--socket", "/nonexistent/api.sock",
                            "status"], capture_output=True, text=True,
                           timeout=60)
        code, err = p.returncode, p.stderr
        self.assertEqual(code, 3, err)
        self.assertIn("/nonexistent/api.sock", err)

    def test_import_and_errors(self):
        with tempfile.NamedTemporaryFile("w", suffix=".csv",
                                         delete=False) as f:
            f.write("name,email,start\nGood,good.cli@example.org,2025-01-01\n"
                    "Bad,bad.cli@example.org,2025-02-30\n")
            bad = f.name
        code, _, err = self.d.ctl("contract", "import", bad)
        self.assertEqual(code, 1)
        self.assertIn(f"{bad}:3:", err)
        with open(bad, "w") as f:
            f.write("name;email;start;unit\n"
                    "Imp One;imp1@example.org;2027-01-01;CLI\n"
                    "Imp Two;imp2@example.org;2027-02-01;CLI\n")
        out = self.ok("contract", "import", bad)
        self.assertIn("2", out)
        os.unlink(bad)
        out = self.ok("upcoming", "--within", "3650d", "--scope", "unit:CLI",
                      "--kind", "probation_end")
        self.assertIn("Imp One", out)
        self.assertIn("Imp Two", out)
        self.assertIn("2027-06-30", out)
        data = json.loads(self.ok("--json", "upcoming", "--within", "3650d",
                                  "--scope", "unit:CLI"))
        self.assertTrue(data)

    def test_list_status_backup(self):
        self.add("Listed Person", "listed@example.org")
        out = self.ok("contract", "list")
        self.assertIn("Listed Person", out)
        out = self.ok("status")
        self.assertIn("2026-11-23", out)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "backup.db")
            if self.d.backend == "postgresql":
                # pg_dump is PostgreSQL's backup (SPEC section 14).
                code, out, err = self.d.ctl("backup", path)
                self.assertNotEqual(code, 0)
                self.assertIn("pg_dump", err)
                self.assertFalse(os.path.exists(path), "nothing written")
                return
            self.ok("backup", path)
            db = sqlite3.connect(path)
            self.assertEqual(db.execute("PRAGMA integrity_check").fetchone(),
                             ("ok",))
            n = db.execute("SELECT count(*) FROM people WHERE email = ?",
                           ("listed@example.org",)).fetchone()[0]
            db.close()
            self.assertEqual(n, 1)

    def test_decisions_and_revoke(self):
        cid = self.add("End Revoke", "endrevoke@example.org")
        out = self.ok("contract", "end", cid, "--date", "2026-03-31",
                      "--reason", "resigned")
        self.assertIn("separated", out)
        data = json.loads(self.ok("--json", "contract", "show", cid))
        did = str(data["decisions"][0]["id"])
        self.ok("contract", "revoke", cid, did)
        data = json.loads(self.ok("--json", "contract", "show", cid))
        self.assertIsNotNone(data["decisions"][0]["revoked_at"])
        ms = {m["kind"]: m for m in data["milestones"]}
        self.assertEqual(ms["initial_term_end"]["status"], "scheduled")

    def ctl_in(self, env, *args):
        """tenurectl with env added to the environment."""
        p = subprocess.run([TENURECTL, "--socket", self.d.socket_path,
                            *args], capture_output=True, text=True,
                           timeout=60, env={**os.environ, **env})
        return p.returncode, p.stdout, p.stderr

    def test_help_follows_the_locale(self):
        french = ("utilisation : tenurectl [--socket CHEMIN",
                  "Commandes :\n  contract add --name NOM --email COURRIEL",
                  "      Enregistrer un contrat ; affiche ses jalons.\n",
                  "Code de sortie : 0 fait, 1 refusé ou échoué")
        for env in (FRENCH, {"LANG": "en_US.UTF-8", "LANGUAGE": "fr"},
                    {"LC_MESSAGES": "fr_CA.UTF-8"}):
            code, out, err = self.ctl_in(env, "--help")
            self.assertEqual(code, 0, (env, err))
            for text in french:
                self.assertIn(text, out, env)
        # gettext ignores LANGUAGE under the C locale; so does tenurectl.
        for env in ({"LANGUAGE": "fr"}, {"LANG": "en_US.UTF-8"}):
            code, out, err = self.ctl_in(env, "--help")
            self.assertEqual(code, 0, err)
            self.assertTrue(out.startswith("usage: tenurectl [--socket PATH"),
                            (env, out))
            self.assertIn("      Record a contract; prints its milestones.\n",
                          out)

    def test_errors_in_french(self):
        code, out, err = self.ctl_in(FRENCH, "contract", "renew", "1",
                                     "--until", "2026-02-30")
        self.assertEqual(code, 2, err)
        self.assertEqual(err, "tenurectl: contract renew: --until : "
                         "« 2026-02-30 » n'est pas une date (AAAA-MM-JJ)\n"
                         "utilisation : tenurectl contract renew ID --until "
                         "DATE\n")
        code, out, err = self.ctl_in(FRENCH, "upcoming", "--kind", "x")
        self.assertEqual(code, 2, err)
        self.assertIn("--kind : « x » n'est pas contract_start, ", err)
        self.assertIn("age_limit ou application_deadline\n", err)
        code, out, err = self.ctl_in(FRENCH, "frobnicate")
        self.assertEqual(code, 2)
        self.assertIn("commande inconnue « frobnicate »", err)
        # The daemon's message comes back in French (Accept-Language);
        # the code stays as programs read it.
        code, out, err = self.ctl_in(FRENCH, "account", "edit",
                                     "nobody-in-french", "--disable")
        self.assertEqual(code, 1, out)
        self.assertEqual(err, "tenurectl: not_found: aucun compte de ce "
                         "nom\n")
        code, out, err = self.ctl_in({}, "account", "edit",
                                     "nobody-in-french", "--disable")
        self.assertEqual(err, "tenurectl: not_found: no such account\n")
        p = subprocess.run([TENURECTL, "--socket", "/nonexistent/api.sock",
                            "status"], capture_output=True, text=True,
                           timeout=60, env={**os.environ, **FRENCH})
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertIn("impossible de joindre tenured sur socket "
                      "/nonexistent/api.sock", p.stderr)

    def test_status_upcoming_and_timeline_in_french(self):
        cid = self.add("Jeanne Français", "jeanne.fr@example.org",
                       "--manager-email", "chef.fr@example.org", "--unit",
                       "CLI-FR")
        code, out, err = self.ctl_in(FRENCH, "contract", "renew", cid,
                                     "--until", "2031-08-31")
        self.assertEqual(code, 0, err)
        self.assertTrue(out.startswith("décision n° "), out)
        self.assertIn(" enregistrée : renewed jusqu'au 31 août 2031\n", out)
        self.assertIn(f"Contrat {cid} : Jeanne Français "
                      "<jeanne.fr@example.org>\n", out)
        self.assertRegex(out, r"\n  supérieur hiérarchique +"
                         r"chef\.fr@example\.org\n")
        self.assertIn("\nJalons\n", out)
        self.assertIn("  2026-11-23  -- aujourd'hui --\n", out)
        self.assertIn("\nDécisions\n", out)
        code, out, err = self.ctl_in(FRENCH, "status")
        self.assertEqual(code, 0, err)
        self.assertRegex(out, r"\nversion du schéma +\d+\n")
        self.assertRegex(out, r"\naujourd'hui +2026-11-23\n")
        self.assertRegex(out, r"(?m)^prochain rappel : (n° \d+ le |aucun)")
        self.assertRegex(out, r"(?m)^\d+ rappels? attend(ent)? email, qui ")
        code, out, err = self.ctl_in(FRENCH, "upcoming", "--within",
                                     "3650d", "--scope", "unit:CLI-FR")
        self.assertEqual(code, 0, err)
        lines = out.splitlines()
        self.assertRegex(lines[0], r"^DATE +TYPE +STATUT +PERSONNE +"
                         r"CONTRAT +INTITULÉ$")
        self.assertRegex(out, r"\n2031-08-31  contract_end +scheduled +"
                         r"Jeanne Français  " + cid + r"\b")
        code, out, err = self.ctl_in(FRENCH, "upcoming", "--within", "1d",
                                     "--scope", "unit:CLI-FR")
        self.assertEqual((code, out), (0, "rien dans un délai de 1d\n"), err)
        # --json is for programs: the same in every language.
        code, fr, err = self.ctl_in(FRENCH, "--json", "contract", "show",
                                    cid)
        self.assertEqual(code, 0, err)
        self.assertEqual(json.loads(fr), json.loads(
            self.ok("--json", "contract", "show", cid)))
        self.assertEqual(json.loads(fr)["decisions"][0]["until"],
                         "2031-08-31")

    def test_edit(self):
        cid = self.add("Edit Me", "editme@example.org", "--unit", "OLD")
        self.ok("contract", "edit", cid, "--unit", "NEW", "--start",
                "2025-10-01")
        data = json.loads(self.ok("--json", "contract", "show", cid))
        self.assertEqual(data["unit"], "NEW")
        self.assertEqual(data["start"], "2025-10-01")


if __name__ == "__main__":
    tap.main()
