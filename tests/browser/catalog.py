"""The English of po/fr.po whose French differs: the text a French page
must not show (tests/browser/french.mjs). Each msgid and msgid_plural of
a translated, non-fuzzy entry, unescaped; entries whose French is the same
word (ID, Date, Client) are left out."""
import re

ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def unquote(s):
    return re.sub(r'\\(.)', lambda m: ESCAPES.get(m.group(1), m.group(1)),
                  s.strip()[1:-1])


def entries(path):
    """Yields {keyword: text} for each entry of a .po file."""
    cur, key, fuzzy = {}, None, False
    for line in open(path, encoding="utf-8").read().splitlines() + [""]:
        if not line.strip():
            if cur.get("msgid") and not fuzzy:
                yield cur
            cur, key, fuzzy = {}, None, False
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            cur[key] += unquote(line)
        else:
            key, _, rest = line.partition(" ")
            cur[key] = unquote(rest)


def english(path):
    out = set()
    for e in entries(path):
        french = {e.get("msgstr"), e.get("msgstr[0]"), e.get("msgstr[1]")}
        french.discard(None)
        if "" in french:
            continue		# untranslated: the English is what shows
        for k in ("msgid", "msgid_plural"):
            if k in e and e[k] not in french:
                out.add(e[k])
    return sorted(out)
