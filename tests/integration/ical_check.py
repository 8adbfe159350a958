#!/usr/bin/env python3
"""Reads a tenured calendar feed the way real clients do and checks it.

SPEC section 6: feeds must load in ical.js (the parser Thunderbird uses)
and python-icalendar, with every event at the same, right instant. This
module parses a feed with both (ical.js through js/check.mjs under node)
and checks that they agree with each other and with what the test
expected, down to each event's ORGANIZER (which RFC 5546 requires on every
event under METHOD:PUBLISH) and its end (a deadline lasts DURATION:PT0S,
an all-day milestone one day); every TZID used must have its VTIMEZONE, under its plain Olson
name, and a timed event's instant is also worked out from the file's own
VTIMEZONE so that a wrong VTIMEZONE cannot hide behind python's pytz.

As a module (the feed integration tests):

    import ical_check
    ical_check.check_calendar(text, {
        'renewal_decision_due-c7-20280831@hr.example.org':
            ('2028-02-29', 3, 'CONFIRMED'),
        'application_deadline-v250914@hr.example.org':
            ('2025-06-22T21:59:00Z', 1, 'CONFIRMED'),
    })

As a script:

    ical_check.py FEED.ics ...     both parsers' view of each file
    ical_check.py --sample PROG    renders PROG's sample feed (the unit
                                   test tests/unit/ical-sample.c) and
                                   checks it, as TAP

ical.js is installed by `npm ci --prefix tests/integration/js`.
"""

import datetime
import json
import os
import re
import shutil
import subprocess
import sys

try:
    import icalendar
except ImportError:
    # Debian's python3-icalendar lives in the system interpreter's
    # dist-packages; a python3 found earlier on PATH (pyenv, a venv) does
    # not look there. The packages are pure Python, so borrowing them works.
    sys.path.append('/usr/lib/python3/dist-packages')
    import icalendar
import dateutil.rrule
import pytz

JS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'js')
UTC = datetime.timezone.utc


class CalendarError(AssertionError):
    """A feed that a client would read wrongly, or not as expected."""


def icaljs_available():
    return (shutil.which('node') is not None and
            os.path.isdir(os.path.join(JS_DIR, 'node_modules', 'ical.js')))


def _as_text(v):
    if v is None:
        return None
    return str(v)


def _norm_start(v):
    """'YYYY-MM-DD' for a date, 'YYYY-MM-DDTHH:MM:SSZ' for an instant
    (given as an aware datetime or any RFC 3339 text with an offset)."""
    if isinstance(v, str) and len(v) > 10:
        try:
            v = datetime.datetime.fromisoformat(v.replace('Z', '+00:00'))
        except ValueError as e:
            raise CalendarError(f'expected instant {v!r}: {e}') from e
    if isinstance(v, datetime.datetime):
        if v.tzinfo is None:
            raise CalendarError(f'expected instant {v!r} has no offset')
        return v.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')
    if isinstance(v, datetime.date):
        return v.isoformat()
    return str(v)


def _unfold(text):
    return re.sub(r'\r\n[ \t]', '', text).split('\r\n')


def _tzid_params(text):
    """Every TZID parameter of the text, with the property it is on."""
    found = []
    for line in _unfold(text):
        head, in_quote = '', False
        for ch in line:
            if ch == '"':
                in_quote = not in_quote
            elif ch == ':' and not in_quote:
                break
            head += ch
        for m in re.finditer(r';TZID=("[^"]*"|[^;]*)', head, re.I):
            found.append((head.split(';', 1)[0], m.group(1).strip('"')))
    return found


def _observance_onsets(obs, upto):
    """Onsets (local wall time) of one STANDARD/DAYLIGHT up to upto."""
    start = obs.decoded('DTSTART')
    onsets = [start] if start <= upto else []
    if 'RRULE' in obs:
        rule = icalendar.prop.vRecur(dict(obs['RRULE']))
        until = rule.pop('UNTIL', None)
        r = dateutil.rrule.rrulestr(rule.to_ical().decode(), dtstart=start)
        if until:
            # UNTIL is UTC in a VTIMEZONE (RFC 5545 3.3.10); onsets are
            # wall times of the offset in force before them.
            u = until[0] if isinstance(until, list) else until
            if isinstance(u, datetime.datetime) and u.tzinfo is not None:
                u = (u.astimezone(UTC).replace(tzinfo=None) +
                     obs.decoded('TZOFFSETFROM'))
            r = r.replace(until=u)
        last = r.before(upto, inc=True)
        if last is not None:
            onsets.append(last)
    rdates = obs.get('RDATE')
    if rdates is not None:
        for rd in rdates if isinstance(rdates, list) else [rdates]:
            onsets += [d.dt for d in rd.dts if d.dt <= upto]
    return onsets


def vtimezone_to_utc(vtz, local):
    """The instant of naive wall time local in the zone vtz describes."""
    best, offset, first = None, None, None
    for obs in vtz.subcomponents:
        if obs.name not in ('STANDARD', 'DAYLIGHT'):
            continue
        start = obs.decoded('DTSTART')
        if first is None or start < first[0]:
            first = (start, obs.decoded('TZOFFSETFROM'))
        for onset in _observance_onsets(obs, local):
            if best is None or onset > best:
                best, offset = onset, obs.decoded('TZOFFSETTO')
    if offset is None:
        if first is None:
            raise CalendarError(f'VTIMEZONE {vtz.get("TZID")} has no rules')
        offset = first[1]
    return (local - offset).replace(tzinfo=UTC)


def _python_end(ev, start):
    """The end as _norm_start writes it: DTEND, else DTSTART + DURATION,
    else RFC 5545 3.6.1's default (a day for a date, none for a time)."""
    if 'DTEND' in ev:
        end = ev.decoded('DTEND')
    elif 'DURATION' in ev:
        end = start + ev.decoded('DURATION')
    elif isinstance(start, datetime.datetime):
        end = start
    else:
        end = start + datetime.timedelta(days=1)
    if isinstance(end, datetime.datetime) and end.tzinfo is None:
        end = end.replace(tzinfo=UTC)
    return _norm_start(end)


def calname_with_python(text):
    return _as_text(icalendar.Calendar.from_ical(text).get('X-WR-CALNAME'))


def read_with_python(text):
    """{uid: event view} and a list of problems, as python-icalendar sees
    the feed."""
    errors = []
    try:
        cal = icalendar.Calendar.from_ical(text)
    except Exception as e:  # the parser's own errors are all sorts
        raise CalendarError(f'python-icalendar could not read the feed: '
                            f'{type(e).__name__}: {e}') from e
    zones = {str(z['TZID']): z for z in cal.walk('VTIMEZONE')}
    for prop, tzid in _tzid_params(text):
        if tzid not in zones:
            errors.append(f'{prop}: TZID {tzid} has no VTIMEZONE')
    for tzid in zones:
        if tzid not in pytz.all_timezones:
            errors.append(f'VTIMEZONE {tzid} is not a plain Olson name')
    events = {}
    for ev in cal.walk('VEVENT'):
        uid = str(ev.get('UID'))
        start = ev.decoded('DTSTART')
        organizer = ev.get('ORGANIZER')
        view = {
            'uid': uid,
            'organizer': _as_text(organizer),
            'cn': (_as_text(organizer.params.get('CN'))
                   if organizer is not None else None),
            'duration': (int(ev.decoded('DURATION').total_seconds())
                         if 'DURATION' in ev else None),
            'sequence': int(ev.decoded('SEQUENCE', 0)),
            'status': _as_text(ev.get('STATUS')),
            'summary': _as_text(ev.get('SUMMARY')),
            'description': _as_text(ev.get('DESCRIPTION')),
            'has_dtend': 'DTEND' in ev,
            'alarms': [int(a.decoded('TRIGGER').total_seconds())
                       for a in ev.walk('VALARM')],
        }
        if isinstance(start, datetime.datetime):
            tzid = ev['DTSTART'].params.get('TZID')
            if start.tzinfo is None:
                errors.append(f'{uid}: DTSTART is a floating time')
                start = start.replace(tzinfo=UTC)
            view['instant'] = _norm_start(start)
            if tzid is not None:
                view['tzid'] = str(tzid)
                if tzid in zones:
                    own = vtimezone_to_utc(zones[tzid],
                                           start.replace(tzinfo=None))
                    if _norm_start(own) != view['instant']:
                        errors.append(
                            f'{uid}: the VTIMEZONE puts it at '
                            f'{_norm_start(own)}, pytz at {view["instant"]}')
        else:
            view['date'] = start.isoformat()
        view['end'] = _python_end(ev, start)
        if uid in events:
            errors.append(f'{uid}: UID used twice')
        events[uid] = view
    return events, errors


def read_with_icaljs(text):
    """{uid: event view} and a list of problems, as ical.js sees the
    feed."""
    proc = subprocess.run(
        ['node', os.path.join(JS_DIR, 'check.mjs')],
        input=text.encode('utf-8'), capture_output=True, timeout=60,
        check=False)
    if proc.returncode != 0:
        raise CalendarError('ical.js could not read the feed: ' +
                            proc.stderr.decode('utf-8', 'replace').strip())
    out = json.loads(proc.stdout)
    events, errors = {}, list(out['errors'])
    for ev in out['events']:
        if ev['uid'] in events:
            errors.append(f'{ev["uid"]}: UID used twice')
        events[ev['uid']] = ev
    # ORGANIZER, the end and X-WR-CALNAME, from js/peers.mjs.
    proc = subprocess.run(
        ['node', os.path.join(JS_DIR, 'peers.mjs')],
        input=text.encode('utf-8'), capture_output=True, timeout=60,
        check=False)
    if proc.returncode != 0:
        raise CalendarError('ical.js could not read the feed: ' +
                            proc.stderr.decode('utf-8', 'replace').strip())
    out = json.loads(proc.stdout)
    for ev in out['events']:
        if ev['uid'] in events:
            events[ev['uid']].update(ev)
    return events, errors, out['calname']


def _check_peers(name, events, organizer, problems):
    """Every event has a mailto: ORGANIZER (organizer, when given, is the
    one expected); a timed event ends when it starts, by DURATION:PT0S; an
    all-day one the next day."""
    for uid, v in sorted(events.items()):
        got = v.get('organizer')
        if got is None or not got.lower().startswith('mailto:'):
            problems.append(f'{name}: {uid}: ORGANIZER is {got!r}, want '
                            'mailto:ADDRESS')
        elif organizer is not None and got != organizer:
            problems.append(f'{name}: {uid}: ORGANIZER is {got!r}, want '
                            f'{organizer!r}')
        if 'instant' in v:
            if v.get('duration') != 0 or v.get('end') != v['instant']:
                problems.append(
                    f'{name}: {uid}: a deadline must end when it starts '
                    f'(DURATION:PT0S), not at {v.get("end")!r} '
                    f'(DURATION {v.get("duration")!r})')
        elif 'date' in v:
            day = datetime.date.fromisoformat(v['date'])
            want = (day + datetime.timedelta(days=1)).isoformat()
            if v.get('end') != want:
                problems.append(f'{name}: {uid}: an all-day event ends on '
                                f'{v.get("end")!r}, want {want}')


def _start(view):
    return view.get('instant', view.get('date'))


def _compare(name, events, expected, problems):
    if set(events) != set(expected):
        missing = sorted(set(expected) - set(events))
        extra = sorted(set(events) - set(expected))
        problems.append(f'{name}: missing {missing}, unexpected {extra}')
    for uid in sorted(set(events) & set(expected)):
        if expected[uid] is None:
            continue
        got = events[uid]
        for what, want, have in zip(
                ('start', 'sequence', 'status'), expected[uid],
                (_start(got), got['sequence'], got['status'])):
            if want is None:
                continue
            if what == 'start':
                want = _norm_start(want)
            elif what == 'sequence':
                want = int(want)
            else:
                want = want.upper()
            if have != want:
                problems.append(f'{name}: {uid}: {what} is {have!r}, '
                                f'want {want!r}')


def check_calendar(text, expected=None, require_icaljs=True, organizer=None,
                   calname=None):
    """Checks text with both parsers.

    expected maps every UID the feed must hold, and no other, to
    (instant-or-date, sequence, status): the instant an aware datetime or
    RFC 3339 text with an offset ('2025-06-22T21:59:00Z',
    '2025-06-22T23:59:00+02:00'), the date a date or 'YYYY-MM-DD', the
    status as in STATUS ('CONFIRMED'). None for a member, or for the whole
    tuple, leaves that part unchecked. Without expected, only the two
    parsers' agreement (and the TZIDs) is checked. Every event must have a
    mailto: ORGANIZER, organizer ('mailto:hr@example.org') when given, and
    the end SPEC section 6 gives it; calname, when given, is what both
    parsers must read in X-WR-CALNAME. Raises CalendarError naming
    every problem; returns {'python': events, 'icaljs': events}, each
    {uid: view}, for further checks.
    """
    if isinstance(text, bytes):
        text = text.decode('utf-8')
    problems = []
    if not text.endswith('\r\n') or re.search(r'(?<!\r)\n', text):
        problems.append('lines must end in CRLF')
    py, py_errors = read_with_python(text)
    problems += [f'python-icalendar: {e}' for e in py_errors]
    views = {'python': py}
    names = {'python': calname_with_python(text)}
    if icaljs_available():
        js, js_errors, names['icaljs'] = read_with_icaljs(text)
        problems += [f'ical.js: {e}' for e in js_errors]
        views['icaljs'] = js
        for uid in sorted(set(py) & set(js)):
            for key in ('sequence', 'status', 'summary', 'description',
                        'has_dtend', 'alarms', 'tzid', 'instant', 'date',
                        'organizer', 'cn', 'end', 'duration'):
                if py[uid].get(key) != js[uid].get(key):
                    problems.append(
                        f'{uid}: {key} is {py[uid].get(key)!r} for '
                        f'python-icalendar, {js[uid].get(key)!r} for ical.js')
        if set(py) != set(js):
            problems.append(f'the parsers see different events: '
                            f'{sorted(set(py) ^ set(js))}')
    elif require_icaljs:
        problems.append('ical.js is not installed '
                        '(npm ci --prefix tests/integration/js)')
    for name, events in views.items():
        _check_peers(name, events, organizer, problems)
        if calname is not None and names[name] != calname:
            problems.append(f'{name}: X-WR-CALNAME reads {names[name]!r}, '
                            f'want {calname!r}')
    if len(set(names.values())) > 1:
        problems.append(f'the parsers read X-WR-CALNAME differently: '
                        f'{names}')
    if expected is not None:
        for name, events in views.items():
            _compare(name, events, expected, problems)
    if problems:
        raise CalendarError('\n'.join(problems))
    return views


# The sample tests/unit/ical-sample.c renders; change both together.
SAMPLE_DOMAIN = '@hr.example.org'
SAMPLE_EXPECTED = {
    'application_deadline-v250914': ('2025-06-22T21:59:00Z', 1, 'CONFIRMED'),
    'contract_start-c7': ('2025-09-01', 0, 'CONFIRMED'),
    'probation_end-c8': ('2025-11-30', 4, 'CANCELLED'),
    'application_deadline-v241370': ('2026-01-13T22:59:00Z', 1, 'CONFIRMED'),
    'probation_end-c7': ('2026-02-28', 0, 'CONFIRMED'),
    'renewal_decision_due-c8-20280531': ('2027-11-30', 0, 'CONFIRMED'),
    'renewal_decision_due-c7-20280831': ('2028-02-29', 3, 'CONFIRMED'),
    'conversion_window_opens-c8': ('2028-06-01', 1, 'TENTATIVE'),
    'initial_term_end-c7': ('2028-08-31', 0, 'CONFIRMED'),
    'conversion_request_deadline-c8': ('2030-05-31', 1, 'TENTATIVE'),
    'conversion_request_deadline-c7': ('2030-08-31', 2, 'CONFIRMED'),
    'max_service_end-c7': ('2031-08-31', 0, 'CONFIRMED'),
}
SAMPLE_ALARMS = [-7 * 86400, -86400, -90 * 60]
SAMPLE_NAME = 'Zoë Brontë-Smith; "ZB", <script>x</script>'


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, what, detail=''):
        self.n += 1
        if not cond:
            self.failed += 1
        print(f'{"" if cond else "not "}ok {self.n} - {what}')
        for line in str(detail).splitlines() if not cond else []:
            print(f'#   {line}')
        return cond

    def checked(self, what, fn):
        try:
            result = fn()
        except CalendarError as e:
            self.ok(False, what, e)
            return None
        self.ok(True, what)
        return result

    def done(self):
        print(f'1..{self.n}')
        return 1 if self.failed else 0


def _render(prog, *args):
    proc = subprocess.run([prog, *args], capture_output=True, timeout=60,
                          check=False)
    if proc.returncode != 0:
        raise CalendarError(f'{prog} failed: {proc.stderr.decode()}')
    return proc.stdout.decode('utf-8')


def run_sample(prog):
    if not icaljs_available():
        print('1..0 # SKIP ical.js is not installed: '
              'npm ci --prefix tests/integration/js')
        return 0
    tap = Tap()
    expected = {uid + SAMPLE_DOMAIN: v for uid, v in SAMPLE_EXPECTED.items()}
    text = tap.checked('the sample renders', lambda: _render(prog))
    if text is None:
        return tap.done()
    views = tap.checked(
        'python-icalendar and ical.js read every event at the expected '
        'instant or date, sequence and status, with ORGANIZER '
        'tenured@DOMAIN (the sample has no [smtp] from), deadlines '
        'DURATION:PT0S and all-day events one day long',
        lambda: check_calendar(text, expected, calname='HR deadlines',
                               organizer='mailto:tenured' + SAMPLE_DOMAIN))
    if views is None:
        return tap.done()
    py, js = views['python'], views['icaljs']
    order = [_start(v) for v in py.values()]
    tap.ok(list(py) == list(expected), 'events come sorted by date, then '
           'UID', list(py))
    for name, events in views.items():
        alarms = {uid: v['alarms'] for uid, v in events.items()}
        want = {uid: SAMPLE_ALARMS if v[2] == 'CONFIRMED' and
                '[done]' not in events[uid]['summary'] else []
                for uid, v in expected.items()}
        tap.ok(alarms == want, f'{name}: alarms on scheduled events only, '
               '7 days, 1 day and 90 minutes before', alarms)
        tap.ok(all(v['has_dtend'] == ('date' in v) for v in events.values()),
               f'{name}: all-day events have a DTEND, deadlines none')
        tap.ok(events['probation_end-c8' + SAMPLE_DOMAIN]['summary'] ==
               f'[cancelled] Probation ends: {SAMPLE_NAME} (contract 8)',
               f'{name}: commas, semicolons, quotes, markup and non-ASCII '
               'in a name read back exactly',
               events['probation_end-c8' + SAMPLE_DOMAIN]['summary'])
        desc = events['renewal_decision_due-c7-20280831' + SAMPLE_DOMAIN][
            'description']
        tap.ok(desc.startswith('Decide whether to renew the contract of Jane '
                               'Doe, whose term ends on 31 August 2028; '
                               'record the decision in tenured by 29 '
                               'February 2028.'),
               f'{name}: the renewal DESCRIPTION says what to do and by '
               'when', desc)
        tap.ok('\nPost: Analyst; Data, Platforms\n' in
               events['probation_end-c8' + SAMPLE_DOMAIN]['description'],
               f'{name}: a title with a newline reads as one line')
    tap.ok(order == sorted(order, key=lambda s: s[:10]),
           'dates never go backwards', order)
    tap.ok('age_limit' not in text and 'grade_advancement_earliest-c8'
           not in text, 'no age_limit, and a cancellation 40 days old has '
           'aged out')
    tap.ok('TZID:Europe/Brussels\r\n' in text and
           'freeassociation' not in text and 'DTSTART:1880' not in text,
           'the VTIMEZONE has the plain Olson TZID and no 1880 rules')

    french = tap.checked('the French sample renders',
                         lambda: _render(prog, 'fr'))
    if french is not None:
        fviews = tap.checked(
            'the French sample reads alike in both parsers, every event at '
            'the same instant, sequence and status as in English',
            lambda: check_calendar(french, expected, calname='HR deadlines',
                                   organizer='mailto:tenured' +
                                   SAMPLE_DOMAIN))
        for name, events in (fviews or {}).items():
            tap.ok(events['probation_end-c8' + SAMPLE_DOMAIN]['summary'] ==
                   '[annul\u00e9] Fin de la p\u00e9riode probatoire : '
                   f'{SAMPLE_NAME} (contrat 8)',
                   f'{name}: a French SUMMARY with its status, the name '
                   'read back exactly',
                   events['probation_end-c8' + SAMPLE_DOMAIN]['summary'])
            desc = events['renewal_decision_due-c7-20280831' +
                          SAMPLE_DOMAIN]['description']
            tap.ok(desc.startswith(
                'Veuillez d\u00e9cider du renouvellement du contrat de Jane '
                'Doe, qui arrive \u00e0 \u00e9ch\u00e9ance le 31 ao\u00fbt '
                '2028, et enregistrer la d\u00e9cision dans tenured au plus '
                'tard le 29 f\u00e9vrier 2028.'),
                f'{name}: a French DESCRIPTION, dates in French', desc)
            alarms = {uid: v['alarms'] for uid, v in events.items()}
            en = {uid: v['alarms'] for uid, v in views[name].items()}
            tap.ok(alarms == en, f'{name}: the same alarms as in English')

    redacted = tap.checked('the redacted sample renders',
                           lambda: _render(prog, 'redact'))
    if redacted is not None:
        rviews = tap.checked('the redacted sample reads alike in both '
                             'parsers', lambda: check_calendar(redacted,
                                                                expected))
        if rviews is not None:
            words = ('Jane', 'Doe', 'Zoë', 'Smith', '@example.org', 'script')
            for name, events in rviews.items():
                leaks = sorted({w for v in events.values()
                                for w in words
                                if w in v['summary'] + v['description']})
                tap.ok(not leaks, f'{name}: no name or email in the '
                       'redacted feed', leaks)
                tap.ok(events['contract_start-c7' + SAMPLE_DOMAIN]['summary']
                       == 'Contract starts: J. D. (250914)',
                       f'{name}: initials instead of the name')
    return tap.done()


def show_file(path):
    if path == '-':
        text = sys.stdin.buffer.read().decode('utf-8')
    else:
        with open(path, 'rb') as f:
            text = f.read().decode('utf-8')
    try:
        views = check_calendar(text, require_icaljs=False)
        status = 0
    except CalendarError as e:
        print(f'{path}: problems:\n{e}')
        status = 1
        views = {'python': read_with_python(text)[0]}
    if 'icaljs' not in views and not icaljs_available():
        print(f'{path}: ical.js not installed; python-icalendar only')
    for uid, v in views['python'].items():
        print(f'{_start(v):22} seq {v["sequence"]:<3} '
              f'{v["status"] or "-":10} {uid}\n{"":26}{v["summary"]}')
    if status == 0:
        print(f'{path}: {len(views["python"])} events, read alike by '
              f'{" and ".join(views)}')
    return status


def main(argv):
    if len(argv) == 3 and argv[1] == '--sample':
        return run_sample(argv[2])
    if len(argv) < 2 or argv[1].startswith('-') and argv[1] != '-':
        print(__doc__, file=sys.stderr)
        return 2
    status = 0
    for path in argv[1:]:
        status |= show_file(path)
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv))
