#!/usr/bin/env python3
"""Fails when any message a person may read has no French translation
(SPEC section 12): extracts every marked message from the sources listed
in po/POTFILES with the keywords of po/xgettext-args (the C code and the
dashboard's scripts), merges it into po/fr.po as msgmerge would, and runs
msgfmt --check on the result, so that each translation keeps the printf
directives of its English. Prints the untranslated and fuzzy ones.

  check-catalogs.py SOURCE_ROOT"""
import os
import re
import subprocess
import sys
import tempfile

root = sys.argv[1]
po_dir = os.path.join(root, "po")
args = open(os.path.join(po_dir, "xgettext-args")).read().split()
with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, "tenured.pot")
    merged = os.path.join(tmp, "fr.po")
    subprocess.run(["xgettext", *args, "-o", pot, "-f",
                    os.path.join(po_dir, "POTFILES")], cwd=root, check=True)
    subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "-o",
                    merged, os.path.join(po_dir, "fr.po"), pot], check=True)
    check = subprocess.run(["msgfmt", "--check", "--statistics", "-o",
                            os.devnull, merged], capture_output=True,
                           text=True)
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", merged],
        capture_output=True, text=True, check=True).stdout
    fuzzy = subprocess.run(["msgattrib", "--only-fuzzy", "--no-obsolete",
                            merged], capture_output=True, text=True,
                           check=True).stdout
    total = len(re.findall(r'^msgid ', open(pot).read(), re.M)) - 1

missing = [m for m in re.findall(r'^msgid ((?:".*"\n)+)', untranslated,
                                 re.M) if m.strip() != '""']
fuzzies = [m for m in re.findall(r'^msgid ((?:".*"\n)+)', fuzzy, re.M)
           if m.strip() != '""']
# Every source is listed in po/POTFILES, or its messages would be
# extracted by no one.
listed = set(open(os.path.join(po_dir, "POTFILES")).read().split())
sources = set()
for d in ("jobs", "store", "daemon", "notify", "cli", "web"):
    for name in os.listdir(os.path.join(root, d)):
        if (name.endswith(".c") and not name.startswith("test-")) or \
                (d == "web" and name.endswith(".js")):
            sources.add(f"{d}/{name}")
unlisted = sorted(sources - listed)

ok = True
print("1..4")
if unlisted:
    ok = False
    print(f"not ok 1 - {len(unlisted)} sources missing from po/POTFILES")
    for u in unlisted:
        print("# " + u)
else:
    print(f"ok 1 - po/POTFILES lists all {len(sources)} sources")
if check.returncode != 0:
    ok = False
    print("not ok 2 - msgfmt --check")
    for line in check.stderr.splitlines():
        print("# " + line)
else:
    print(f"ok 2 - msgfmt --check ({check.stderr.strip()})")
if missing:
    ok = False
    print(f"not ok 3 - {len(missing)} of {total} messages have no French "
          "translation")
    for m in missing[:40]:
        print("# " + m.replace('"\n"', "").strip().replace("\n", " "))
else:
    print(f"ok 3 - all {total} messages translated")
if fuzzies:
    ok = False
    print(f"not ok 4 - {len(fuzzies)} fuzzy translations")
    for m in fuzzies[:20]:
        print("# " + m.strip().replace("\n", " "))
else:
    print("ok 4 - no fuzzy translation")
sys.exit(0 if ok else 1)
