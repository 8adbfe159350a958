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
ok = True
print(f"1..3")
if check.returncode != 0:
    ok = False
    print("not ok 1 - msgfmt --check")
    for line in check.stderr.splitlines():
        print("# " + line)
else:
    print(f"ok 1 - msgfmt --check ({check.stderr.strip()})")
if missing:
    ok = False
    print(f"not ok 2 - {len(missing)} of {total} messages have no French "
          "translation")
    for m in missing[:40]:
        print("# " + m.replace('"\n"', "").strip().replace("\n", " "))
else:
    print(f"ok 2 - all {total} messages translated")
if fuzzies:
    ok = False
    print(f"not ok 3 - {len(fuzzies)} fuzzy translations")
    for m in fuzzies[:20]:
        print("# " + m.strip().replace("\n", " "))
else:
    print("ok 3 - no fuzzy translation")
sys.exit(0 if ok else 1)
