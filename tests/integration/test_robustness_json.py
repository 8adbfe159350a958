"""Hostile input in bodies: JSON edges, control characters, long and unknown
keys, mutated contracts, decisions and patches, random CSV imports and
vacancy notices (only as dry runs, which must write nothing, and garbage
for real), each group thrown at one running daemon, which must never crash,
must answer in the SPEC's shape and must hold exactly what the successful
answers said was written; the checks after each group are in
robustness_base.py. Random inputs come from a fixed seed
(TENURED_ROBUST_SEED), so a failure repeats."""
import collections
import copy
import glob
import json
import os
import random

import robustness_base
import tap
from robustness_common import (CONTRACT_FIELDS, CONTRACT_SEEDS, CONTROLS,
                               Crashed, DECISION_FIELDS, DECISION_SEEDS,
                               INVALID_UTF8, PATCH_SEEDS, SCALE, SEED, dumps,
                               mutate_bytes, mutate_object, random_csv, show)


class RobustnessTest(robustness_base.RobustnessBase):
    def json_edge_bodies(self):
        """(label, body bytes, may it succeed?) for every JSON edge."""
        def contract(**extra):
            b = {"name": "Edge Case", "email": "edge@example.org",
                 "start": "2025-09-01"}
            b.update(extra)
            return b

        def with_raw(field, raw):
            return (b'{"name": "Edge Case", "email": "edge@example.org", '
                    b'"start": "2025-09-01", "' + field.encode() + b'": ' +
                    raw + b"}")
        deep = 100000
        out = [
            ("deep arrays", b"[" * deep + b"]" * deep, False),
            ("deep objects", b'{"a":' * deep + b"1" + b"}" * deep, False),
            ("deep unbalanced", b"[" * deep, False),
            ("deep in a field", with_raw("unit", b"[" * deep + b"]" * deep),
             False),
            ("deep objects in a field", with_raw("unit", b'{"a":' * deep +
                                                 b"1" + b"}" * deep), False),
            ("empty", b"", False), ("spaces", b"   \n\t ", False),
            ("null", b"null", False), ("array", b"[]", False),
            ("number", b"1", False), ("string", b'"s"', False),
            ("true", b"true", False), ("BOM", b"\xef\xbb\xbf" +
                                       json.dumps(contract()).encode(), False),
            ("trailing garbage", json.dumps(contract()).encode() + b" x",
             False),
            ("two objects", b"{}{}", False), ("comment", b"/* c */{}", False),
            ("NaN", with_raw("post", b"NaN"), False),
            ("Infinity", with_raw("post", b"Infinity"), False),
            ("single quotes", b"{'name': 'x'}", False),
            ("trailing comma", b'{"name": "x",}', False),
            ("bare key", b"{name: 1}", False),
            ("duplicate key", b'{"name": "a", "name": "b", "email": '
             b'"dup@example.org", "start": "2025-09-01"}', False),
            ("NUL escape in a value", json.dumps(contract(
                name="a\u0000b")).encode(), False),
            ("NUL escape in a key", b'{"na\\u0000me": 1}', False),
            ("raw NUL", with_raw("unit", b'"a\x00b"'), False),
        ]
        for raw in (b"1e999", b"-1e999", b"1" + b"0" * 5000, b"1e-400",
                    b"9223372036854775807", b"9223372036854775808",
                    b"-9223372036854775809", b"1000.0000000001", b"1E+2",
                    b"-0", b"0e0", b"2.0", b"1.7976931348623157e309",
                    b"0." + b"0" * 5000 + b"1", b"-" * 3 + b"1", b"01",
                    b"1.", b".5", b"0x10", b"+1"):
            out.append((f"number {raw[:20]!r} as post", with_raw("post", raw),
                        False))
            out.append((f"number {raw[:20]!r} as start",
                        with_raw("start", raw), False))
        for field in ("name", "unit", "post_title", "email"):
            for ch in CONTROLS:
                out.append((f"U+{ord(ch):04X} in {field} (escaped)",
                            json.dumps(contract(**{field: f"a{ch}b" if
                                                   field != "email" else
                                                   f"a{ch}b@example.org"}))
                            .encode(), False))
            for ch in CONTROLS[:32]:
                raw = b'"a' + ch.encode() + b'b"'
                out.append((f"raw U+{ord(ch):04X} in {field}",
                            with_raw(field, raw), False))
        for bad in INVALID_UTF8:
            out.append((f"invalid UTF-8 {bad!r} in a value",
                        with_raw("unit", b'"x' + bad + b'y"'), False))
            out.append((f"invalid UTF-8 {bad!r} in a key",
                        b'{"' + bad + b'": 1}', False))
            out.append((f"invalid UTF-8 {bad!r} outside strings",
                        b'{"name": "x"' + bad + b"}", False))
        for esc, ok in ((b"\\ud800", False), (b"\\udfff", False),
                        (b"\\ud800\\u0041", False), (b"\\udc00\\ud800", False),
                        (b"\\ud800\\ud800", False), (b"\\ud83d", False),
                        (b"\\ud83d\\ude00", True), (b"\\uDBFF\\uDFFF", True),
                        (b"\\u00", False), (b"\\uZZZZ", False),
                        (b"\\x41", False), (b"\\", False)):
            out.append((f"escape {esc!r} in unit", with_raw(
                "unit", b'"a' + esc + b'b"'), ok))
            out.append((f"escape {esc!r} in a key",
                        b'{"a' + esc + b'b": 1}', False))
        out += [
            ("long name", json.dumps(contract(name="n" * 10000)).encode(),
             False),
            ("very long name", json.dumps(contract(
                name="n" * 900000)).encode(), False),
            ("long email", json.dumps(contract(
                email="e" * 300 + "@example.org")).encode(), False),
            ("many unknown keys", json.dumps(dict(contract(), **{
                f"k{i}": i for i in range(20000)})).encode(), False),
        ]
        return out

    def test_09_json_edges(self):
        d_target = self.fresh_contract("edges")
        self.baseline()
        n = 0
        for label, body, ok in self.json_edge_bodies():
            if label.startswith("U+"):
                continue        # test_10 has those
            n += 1
            self.submit("POST", "/api/v1/contracts", body, "create",
                        may_succeed=ok)
            self.baseline(self.patch_id)
            self.submit("PATCH", f"/api/v1/contracts/{self.patch_id}", body,
                        "patch", target=self.patch_id, may_succeed=ok)
            self.baseline(d_target)
            self.submit("POST", f"/api/v1/contracts/{d_target}/decisions",
                        body, "decision", target=d_target, may_succeed=False)
            self.baseline()
        self.stats["bodies"] = n
        self.finish()

    def test_10_control_characters(self):
        """Every control character (C0, DEL, C1) is refused in text fields,
        naming the field."""
        accepted = collections.defaultdict(list)
        self.baseline()
        for label, body, _ in self.json_edge_bodies():
            if not label.startswith("U+"):
                continue
            field = label.split(" in ")[1].split(" ")[0]
            before = len(self.problems)
            a = self.submit("POST", "/api/v1/contracts", body, "create",
                            may_succeed=False)
            if a is not None and a.status == 201:
                del self.problems[before:]
                accepted[field].append(label.split(" ")[0])
            elif a is not None and a.status == 400 and \
                    a.headers.get("content-type") == "application/json":
                err = a.json()["error"]
                if err["code"] == "invalid_field" and err["field"] != field:
                    self.problem(f"{label}: the error names "
                                 f"{err['field']!r}", body, a)
        # In a decision's reason and a patch, too.
        target = self.fresh_contract("controls")
        for ch in CONTROLS:
            self.baseline(target)
            body = json.dumps({"type": "separated", "date": "2026-12-31",
                               "reason": f"a{ch}b"}).encode()
            before = len(self.problems)
            a = self.submit("POST", f"/api/v1/contracts/{target}/decisions",
                            body, "decision", target=target,
                            may_succeed=False)
            if a is not None and a.status == 201:
                del self.problems[before:]
                accepted["reason"].append(f"U+{ord(ch):04X}")
                target = self.fresh_contract(f"controls-{ord(ch)}")
            self.baseline(self.patch_id)
            body = json.dumps({"unit": f"a{ch}b"}).encode()
            before = len(self.problems)
            a = self.submit("PATCH", f"/api/v1/contracts/{self.patch_id}",
                            body, "patch", target=self.patch_id,
                            may_succeed=False)
            if a is not None and a.status == 200:
                del self.problems[before:]
                accepted["unit (patch)"].append(f"U+{ord(ch):04X}")
        # And in a CSV import's cells.
        self.baseline()
        for ch in CONTROLS:
            if ch in "\r\n\t\x00":
                continue        # row ends, trimmed, or refused as binary
            body = (f"name,email,unit,start\nA{ch}B,csv{ord(ch)}@example.org,"
                    f"U{ch}V,2025-09-01\n").encode()
            before = len(self.problems)
            a = self.submit("POST", "/api/v1/contracts/import", body,
                            "import", content_type="text/csv",
                            may_succeed=False)
            if a is not None and a.status == 201:
                del self.problems[before:]
                accepted["CSV name and unit"].append(f"U+{ord(ch):04X}")
        for field, chars in accepted.items():
            self.problem(f"{field}: accepted {len(chars)} control "
                         f"characters: {' '.join(chars)}",
                         json.dumps({field.split(" ")[0]:
                                     "a\u0085b"}).encode())
        self.finish()

    def test_11_long_unknown_keys(self):
        """An unknown field is named in the error, whatever its length and
        script."""
        target = self.fresh_contract("keys")
        keys = ["k" * 47, "k" * 48, "k" * 100, "k" * 5000,
                "\u00e9" * 23, "\u00e9" * 24, "\u00e9" * 30, "\u20ac" * 16,
                "\u20ac" * 20, "\U0001F600" * 12, "\U0001F600" * 13,
                "a" + "\u00e9" * 40, "ab" + "\u20ac" * 40]
        for key in keys:
            for method, path, base, kind, tgt in (
                    ("POST", "/api/v1/contracts", {
                        "name": "Key Case", "email": "key@example.org",
                        "start": "2025-09-01"}, "create", None),
                    ("PATCH", f"/api/v1/contracts/{self.patch_id}", {},
                     "patch", self.patch_id),
                    ("POST", f"/api/v1/contracts/{target}/decisions",
                     {"type": "renewed", "until": "2031-08-31"}, "decision",
                     target)):
                body = dict(base, **{key: 1})
                data = json.dumps(body, ensure_ascii=False).encode()
                self.baseline(tgt)
                a = self.submit(method, path, data, kind, target=tgt,
                                may_succeed=False)
                if a is None or a.headers.get("content-type") != \
                        "application/json" or a.status != 400:
                    continue
                err = a.json()["error"]
                if err["code"] != "invalid_field" or not err["field"] or \
                        not key.startswith(err["field"]):
                    self.problem(f"{kind}: unknown key of {len(key)} "
                                 "characters not named", data, a)
                elif err["field"] != key:
                    self.stats["field cut short"] += 1
        self.finish()

    def mutation_loop(self, kind, count, seeds, fields, method, path_of,
                      rng, new_target=None):
        target = new_target(0) if new_target else None
        self.baseline(target)
        made = 0
        for i in range(count):
            seed = rng.choice(seeds)
            obj = mutate_object(rng, seed, fields) if rng.random() < 0.8 \
                else copy.deepcopy(seed)
            data = dumps(rng, obj)
            if rng.random() < 0.35:
                data = mutate_bytes(rng, data)
            path = path_of(target)
            before = self.stats[f"{kind} accepted"]
            self.submit(method, path, data, kind, target=target)
            if new_target and self.stats[f"{kind} accepted"] > before:
                made += 1
                target = new_target(made)
                self.baseline(target)
        self.stats["requests"] += count

    def test_12_mutated_contracts(self):
        rng = random.Random(SEED + 12)
        self.mutation_loop("create", int(1200 * SCALE), CONTRACT_SEEDS,
                           list(CONTRACT_FIELDS), "POST",
                           lambda t: "/api/v1/contracts", rng)
        self.finish()

    def test_13_mutated_decisions(self):
        rng = random.Random(SEED + 13)
        self.mutation_loop("decision", int(700 * SCALE), DECISION_SEEDS,
                           DECISION_FIELDS, "POST",
                           lambda t: f"/api/v1/contracts/{t}/decisions", rng,
                           new_target=lambda n: self.fresh_contract(
                               f"decision-{n}"))
        self.finish()

    def test_14_mutated_patches(self):
        rng = random.Random(SEED + 14)
        target = self.patch_id
        self.baseline(target)
        for i in range(int(700 * SCALE)):
            seed = rng.choice(PATCH_SEEDS)
            obj = mutate_object(rng, seed, list(CONTRACT_FIELDS)) \
                if rng.random() < 0.8 else copy.deepcopy(seed)
            data = dumps(rng, obj)
            if rng.random() < 0.35:
                data = mutate_bytes(rng, data)
            self.submit("PATCH", f"/api/v1/contracts/{target}", data, "patch",
                        target=target)
        self.stats["requests"] += int(700 * SCALE)
        self.finish()

    def test_15_random_csv(self):
        rng = random.Random(SEED + 15)
        self.baseline()
        for i in range(int(400 * SCALE)):
            data = random_csv(rng)
            ct = rng.choice(("text/csv", "text/csv", "text/plain",
                             "text/csv; charset=utf-8"))
            self.submit("POST", "/api/v1/contracts/import", data, "import",
                        content_type=ct)
        self.stats["requests"] += int(400 * SCALE)
        self.finish()

    def test_16_vacancy_notices(self):
        """Random and mutated notice text, only as dry runs (which must
        write nothing), odd references, and garbage for real (refused)."""
        here = os.path.dirname(os.path.abspath(__file__))
        notices = []
        for path in sorted(glob.glob(os.path.join(
                here, "..", "data", "notices", "*", "*.txt")))[:8]:
            with open(path, "rb") as f:
                notices.append(f.read())
        notices.append(b"VACANCY NOTICE\nReference: 250001\nTitle: Officer\n"
                       b"Grade: A2\nApplication deadline: 31 December 2026\n")
        rng = random.Random(SEED + 16)
        before = self.api.get("/api/v1/vacancies")
        self.baseline()
        for i in range(int(300 * SCALE)):
            r = rng.random()
            if r < 0.15:
                data = bytes(rng.randrange(256) for _ in range(
                    rng.randint(0, 3000)))
            elif r < 0.25:
                data = rng.choice(notices)[:rng.randint(0, 400)]
            else:
                data = rng.choice(notices)
                for _ in range(rng.randint(1, 8)):
                    data = mutate_bytes(rng, data)
            ct = rng.choice(("text/plain", "text/plain; charset=utf-8",
                             "text/markdown"))
            self.submit_dry(data, ct)
        for data in (b"", b"\x00" * 100, b"\xff\xfe" * 500,
                     "".join(CONTROLS).encode(), b"\n" * 10000):
            self.submit_dry(data, "text/plain", dry=False)
        for ref in (b"%00", b"..", b"a" * 65, b"a" * 64, b"%ff", b"-",
                    b"250001%2F1", b"\xc3\xa9", b"250001;x", b"*", b"_" * 3):
            self.throw(b"GET /api/v1/vacancies/" + ref + b" HTTP/1.1\r\n\r\n")
        after = self.api.get("/api/v1/vacancies")
        if (before.status, before.body) != (after.status, after.body):
            self.problem("dry runs or refusals changed the vacancies", b"",
                         show(after.body))
        self.finish()

    def submit_dry(self, data, ct, dry=True):
        path = "/api/v1/vacancies" + ("?dry_run=1" if dry else "")
        request = f"POST {path}\n".encode() + data
        try:
            a = self.api.request("POST", path, data, content_type=ct)
        except Exception as e:      # noqa: BLE001
            self.problem(f"no answer ({type(e).__name__})", request, e)
            if not self.alive():
                raise Crashed(show(request))
            return None
        self.check_answer(a, request)
        if 200 <= a.status < 300:
            self.stats["notice accepted" + (" (dry run)" if dry else "")] += 1
            if not dry or a.status != 200:
                self.problem(f"garbage notice answered {a.status}", request,
                             a)
        else:
            self.stats["notice refused"] += 1
        self.check_unchanged(request, None)
        return a


if __name__ == "__main__":
    tap.main()
