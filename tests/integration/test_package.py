"""The Debian package, end to end: packaging/build-deb builds the .deb from
a copy of the source tree, dpkg -i installs it, the files are where the
SPEC says, the units verify, the installed binaries check the packaged
configuration, and dpkg --purge takes it all away again.

Installs into the real system, as root: for disposable CI machines only.
It refuses to run where tenured is in use (a database in /var/lib/tenured)
and leaves the package purged, so it can run twice in a row."""
import glob
import os
import pwd
import re
import shutil
import stat
import subprocess
import tempfile
import time
import unittest

import tap

SOURCE = os.environ.get("SOURCE_ROOT",
                        os.path.join(os.path.dirname(__file__), "..", ".."))
STATE_DB = "/var/lib/tenured/tenured.db"
EXPOSURE_MAX = 2.0

BINARIES = ["/usr/sbin/tenured", "/usr/bin/tenurectl"]
UNITS = ["/lib/systemd/system/tenured.service",
         "/lib/systemd/system/tenured.socket"]
MAN_PAGES = {
    "/usr/share/man/man8/tenured.8.gz": "tenured",
    "/usr/share/man/man5/tenured.conf.5.gz": "tenured.conf",
    "/usr/share/man/man1/tenurectl.1.gz": "tenurectl",
}
CONFFILE = "/etc/tenured/tenured.conf"
OTHER_FILES = [
    "/usr/lib/sysusers.d/tenured.conf",
    "/usr/lib/tmpfiles.d/tenured.conf",
    "/usr/share/doc/tenured/examples/tenured.conf.example",
    "/usr/share/doc/tenured/examples/nginx-tenured.conf",
]
ENABLED_LINKS = [
    "/etc/systemd/system/multi-user.target.wants/tenured.service",
    "/etc/systemd/system/sockets.target.wants/tenured.socket",
]


def run(*args, **kw):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("TENURED")}
    env.update(LC_ALL="C.UTF-8", MANWIDTH="80")
    return subprocess.run(args, capture_output=True, text=True, env=env,
                          timeout=kw.pop("timeout", 120), **kw)


def dpkg(*args):
    """dpkg, waiting while another dpkg or apt on the machine holds the
    lock (a CI machine may be installing something else)."""
    deadline = time.monotonic() + 300
    while True:
        r = run("dpkg", *args, timeout=600)
        if r.returncode == 0 or "lock" not in r.stderr or \
                time.monotonic() > deadline:
            return r
        time.sleep(2)


def installed():
    r = run("dpkg-query", "-W", "-f=${db:Status-Status}", "tenured")
    return r.returncode == 0 and r.stdout.strip() not in ("", "not-installed")


def exposure_score(text):
    m = re.search(r"Overall exposure level for \S+: ([0-9.]+)", text)
    return float(m.group(1)) if m else None


def project_version():
    with open(os.path.join(SOURCE, "meson.build"), encoding="utf-8") as f:
        return re.search(r"version:\s*'([^']+)'", f.read()).group(1)


def why_not_here():
    if os.geteuid() != 0:
        return "needs root: it installs the package into the system"
    for tool in ("dpkg-buildpackage", "dh", "systemd-analyze", "man"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (scripts/bootstrap installs it)"
    if os.path.exists(STATE_DB):
        return f"tenured is in use on this machine ({STATE_DB} exists)"
    return None


class PackageTest(unittest.TestCase):
    """Numbered: the tests run in name order, and the purge comes last."""

    tmp = None

    @classmethod
    def setUpClass(cls):
        reason = why_not_here()
        if reason:
            raise unittest.SkipTest(reason)
        cls.tmp = tempfile.mkdtemp(prefix="tenured-pkg-")
        try:
            cls.build_and_install()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def build_and_install(cls):
        r = run(os.path.join(SOURCE, "packaging", "build-deb"), cls.tmp,
                timeout=1800)
        if r.returncode != 0:
            raise AssertionError("packaging/build-deb failed:\n" +
                                 r.stdout[-3000:] + r.stderr[-3000:])
        debs = glob.glob(os.path.join(cls.tmp, "tenured_*.deb"))
        if len(debs) != 1:
            raise AssertionError(f"expected one tenured_*.deb, got {debs}")
        cls.deb = debs[0]
        # A run that died half-way may have left the package behind.
        if installed():
            dpkg("--purge", "tenured")
        r = dpkg("-i", cls.deb)
        if r.returncode != 0:
            raise AssertionError("dpkg -i failed:\n" + r.stdout + r.stderr)
        cls.listed = run("dpkg", "-L", "tenured").stdout.split("\n")

    @classmethod
    def tearDownClass(cls):
        if installed():
            dpkg("--purge", "tenured")
        if cls.tmp is not None:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_01_deb(self):
        size = os.path.getsize(self.deb)
        print(f"# {os.path.basename(self.deb)}: {size} bytes")
        r = run("dpkg-deb", "-f", self.deb, "Package", "Version",
                "Architecture")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Package: tenured", r.stdout)
        self.assertIn(f"Version: {project_version()}-", r.stdout)
        # The source tree is not where the package was built.
        self.assertFalse(os.path.exists(os.path.join(SOURCE, "debian")))

    def test_02_files(self):
        for path in BINARIES:
            self.assertTrue(os.access(path, os.X_OK), path)
            self.assertIn(path, self.listed)
        for path in UNITS + list(MAN_PAGES) + [CONFFILE] + OTHER_FILES:
            self.assertTrue(os.path.isfile(path), path)
            self.assertIn(path, self.listed)

    def test_03_conffile(self):
        r = run("dpkg-query", "-W", "-f=${Conffiles}", "tenured")
        self.assertIn(CONFFILE, r.stdout.split())
        with open(CONFFILE, encoding="utf-8") as got, \
                open(os.path.join(SOURCE, "etc", "tenured.conf.example"),
                     encoding="utf-8") as want:
            self.assertEqual(got.read(), want.read())

    def test_04_man_pages(self):
        for path, name in MAN_PAGES.items():
            r = run("man", "--warnings", "-l", path)
            self.assertEqual(r.returncode, 0, f"{path}: {r.stderr}")
            self.assertEqual(r.stderr, "", f"{path}: warnings")
            self.assertRegex(r.stdout, rf"NAME\n\s+{re.escape(name)}\s+- ")
            self.assertIn("SEE ALSO", r.stdout, path)

    def test_05_user_and_directories(self):
        user = pwd.getpwnam("tenured")
        self.assertNotEqual(user.pw_uid, 0)
        self.assertTrue(user.pw_shell.endswith("nologin"), user.pw_shell)
        for path in ("/var/lib/tenured", "/var/lib/tenured/ics",
                     "/run/tenured"):
            st = os.stat(path)
            self.assertEqual((st.st_uid, st.st_gid),
                             (user.pw_uid, user.pw_gid), path)
            self.assertEqual(stat.S_IMODE(st.st_mode), 0o750, path)

    def test_06_units_verify(self):
        r = run("systemd-analyze", "verify", *UNITS)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(r.stderr.strip(), "")

    def test_07_exposure(self):
        r = run("systemd-analyze", "security", "--offline=true", UNITS[0])
        score = exposure_score(r.stdout)
        self.assertIsNotNone(score, r.stdout[-2000:] + r.stderr)
        print(f"# systemd-analyze security exposure of tenured.service: "
              f"{score}")
        self.assertLessEqual(score, EXPOSURE_MAX)

    def test_08_enabled(self):
        for link in ENABLED_LINKS:
            self.assertTrue(os.path.islink(link), link)

    def test_09_check_config(self):
        # As root, with the default path, and as the service user, who
        # must be able to read it.
        r = run("/usr/sbin/tenured", "--check-config")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), f"{CONFFILE}: configuration OK")
        r = run("runuser", "-u", "tenured", "--", "/usr/sbin/tenured",
                "--config", CONFFILE, "--check-config")
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_10_migrate_as_service_user(self):
        # The installed daemon creates a database as the service user: in
        # a private directory, so the machine's state directory stays empty.
        work = tempfile.mkdtemp(prefix="tenured-db-")
        self.addCleanup(shutil.rmtree, work, True)
        shutil.chown(work, "tenured", "tenured")
        conf = os.path.join(work, "t.conf")
        with open(CONFFILE, encoding="utf-8") as f:
            text = f.read()
        text = re.sub(r"(?m)^database = .*$", f"database = {work}/t.db", text)
        with open(conf, "w", encoding="utf-8") as f:
            f.write(text)
        r = run("runuser", "-u", "tenured", "--", "/usr/sbin/tenured",
                "--config", conf, "--migrate-only")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"schema version \d+")
        self.assertEqual(os.stat(f"{work}/t.db").st_uid,
                         pwd.getpwnam("tenured").pw_uid)

    def test_11_versions(self):
        version = project_version()
        r = run("/usr/bin/tenurectl", "--version")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), f"tenurectl {version}")
        r = run("/usr/sbin/tenured", "--version")
        self.assertEqual(r.stdout.strip(), f"tenured {version}")

    def test_12_tenurectl_without_daemon(self):
        # Installed, not started (no systemd here): exit status 3 and the
        # packaged default socket named.
        r = run("/usr/bin/tenurectl", "status")
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        self.assertIn("/run/tenured/api.sock", r.stderr)

    def test_99_purge(self):
        # A purge keeps a state directory that is not empty (the database
        # is the office's record); it goes by hand.
        keep = "/var/lib/tenured/kept-by-purge"
        with open(keep, "w", encoding="utf-8") as f:
            f.write("test\n")
        try:
            r = dpkg("--purge", "tenured")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertFalse(installed())
            for path in self.listed:
                if path and not os.path.isdir(path):
                    self.assertFalse(os.path.lexists(path), path)
            for path in ENABLED_LINKS + ["/etc/tenured", "/run/tenured",
                                         "/var/lib/tenured/ics"]:
                self.assertFalse(os.path.lexists(path), path)
            self.assertTrue(os.path.exists(keep))
        finally:
            if os.path.exists(keep):
                os.unlink(keep)
                os.rmdir("/var/lib/tenured")


if __name__ == "__main__":
    tap.main()
