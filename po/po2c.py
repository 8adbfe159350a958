#!/usr/bin/env python3
"""Compiles a gettext catalog (po/LANG.po) for tenured at build time.

  po2c.py c    LANG.po OUT.c     the C table jobs/i18n.c searches
  po2c.py json LANG.po OUT.js    the dashboard's table (web/), as a script

Untranslated and fuzzy entries are left out, so the English msgid shows
(tests/i18n/check-catalogs.py fails the suite on any). Entries are sorted
bytewise by msgid for bsearch. A msgctxt is not used by tenured and is
refused, as is a plural with other than two forms (French and English have
two)."""
import json
import sys


def unquote(s):
    s = s.strip()
    assert s.startswith('"') and s.endswith('"'), s
    out, i, body = [], 0, s[1:-1]
    esc = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 1
            out.append(esc[body[i]])
        else:
            out.append(c)
        i += 1
    return "".join(out)


def read_po(path):
    entries, cur, key, fuzzy = [], {}, None, False

    def flush():
        nonlocal cur, fuzzy
        if "msgid" in cur and cur["msgid"] != "" and not fuzzy:
            entries.append(cur)
        cur, fuzzy = {}, False

    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip():
                flush()
                key = None
                continue
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            if line.startswith("#"):
                continue
            if line.startswith('"'):
                cur[key] += unquote(line)
                continue
            word, _, rest = line.partition(" ")
            if word == "msgctxt":
                sys.exit(f"{path}:{n}: msgctxt is not used by tenured")
            if word in ("msgid", "msgid_plural", "msgstr", "msgstr[0]",
                        "msgstr[1]"):
                if word == "msgid" and "msgid" in cur:
                    flush()
                key = word
                cur[key] = unquote(rest)
            elif word.startswith("msgstr["):
                sys.exit(f"{path}:{n}: only two plural forms are read")
            else:
                sys.exit(f"{path}:{n}: cannot read {word!r}")
    flush()
    out = []
    for e in entries:
        single = e.get("msgstr", e.get("msgstr[0]", ""))
        plural = e.get("msgstr[1]") if "msgid_plural" in e else None
        if single == "" or plural == "":
            continue
        out.append((e["msgid"], single, plural))
    out.sort(key=lambda t: t[0].encode("utf-8"))
    return out


def c_string(s):
    b = s.encode("utf-8")
    parts = []
    for ch in b:
        if ch in (0x22, 0x5c):
            parts.append("\\" + chr(ch))
        elif ch == 0x0a:
            parts.append("\\n")
        elif ch == 0x09:
            parts.append("\\t")
        elif 0x20 <= ch < 0x7f and ch != 0x3f:
            parts.append(chr(ch))
        else:
            # octal, so that a following hex digit cannot join it, and
            # '?' too, so that no trigraph forms
            parts.append("\\%03o" % ch)
    return '"' + "".join(parts) + '"'


def main():
    mode, po, out = sys.argv[1:4]
    entries = read_po(po)
    with open(out, "w", encoding="utf-8") as f:
        if mode == "c":
            f.write(f"/* Generated from {po.rsplit('/', 1)[-1]} by "
                    "po/po2c.py: do not edit. */\n"
                    '#include "i18n-catalog.h"\n\n'
                    "const struct i18n_entry i18n_catalog_fr[] = {\n")
            for msgid, single, plural in entries:
                f.write(f"\t{{ {c_string(msgid)},\n\t    {c_string(single)}, "
                        f"{c_string(plural) if plural is not None else 'NULL'}"
                        " },\n")
            if not entries:
                f.write('\t{ "", "", NULL },\n')
            f.write("};\n\nconst size_t i18n_catalog_fr_count = "
                    f"{len(entries)};\n")
        elif mode == "json":
            table = {m: (s if p is None else [s, p]) for m, s, p in entries}
            f.write("/* Generated from po/fr.po by po/po2c.py: the "
                    "dashboard's French. */\n"
                    "window.TENURED_FR = " +
                    json.dumps(table, ensure_ascii=False, sort_keys=True,
                               indent=0) + ";\n")
        else:
            sys.exit("mode: c or json")


if __name__ == "__main__":
    main()
