// Reads one iCalendar text on stdin with ical.js, the parser Thunderbird
// uses, and prints as JSON what a client takes from each VEVENT: UID,
// SEQUENCE, STATUS, SUMMARY, DESCRIPTION, and the start as a date (all-day)
// or as a UTC instant converted through the file's own VTIMEZONE. Problems
// a client would trip on (a TZID without its VTIMEZONE, a zone ical.js
// could not build from the file) are listed under "errors". Used by
// tests/integration/ical_check.py; install with
// `npm ci --prefix tests/integration/js`.
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

const text = readFileSync(0, 'utf8');
const errors = [];
const cal = new ICAL.Component(ICAL.parse(text));
const zones = new Set(cal.getAllSubcomponents('vtimezone')
	.map((z) => z.getFirstPropertyValue('tzid')));
const events = [];

for (const vevent of cal.getAllSubcomponents('vevent')) {
	const ev = new ICAL.Event(vevent);
	const dtstart = vevent.getFirstProperty('dtstart');
	const start = ev.startDate;
	const out = {
		uid: ev.uid,
		sequence: ev.sequence,
		status: vevent.getFirstPropertyValue('status'),
		summary: ev.summary,
		description: ev.description,
		has_dtend: vevent.hasProperty('dtend'),
		// Seconds relative to the start: "-PT90M" and "-PT1H30M" are
		// the same alarm.
		alarms: vevent.getAllSubcomponents('valarm').map((a) =>
			a.getFirstPropertyValue('trigger').toSeconds()),
	};

	if (start.isDate) {
		out.date = start.toString();
	} else {
		const tzid = dtstart.getParameter('tzid');

		if (tzid !== undefined && tzid !== null) {
			out.tzid = tzid;
			if (!zones.has(tzid))
				errors.push(`${ev.uid}: TZID ${tzid} has no VTIMEZONE`);
			// Without a VTIMEZONE ical.js falls back on its own zone
			// service or on floating time: either would hide a broken
			// VTIMEZONE, so insist the instant came from the file.
			else if (!start.zone || start.zone.tzid !== tzid ||
			    !start.zone.component)
				errors.push(`${ev.uid}: ${tzid} not read from the file`);
		}
		out.instant = start.convertToZone(ICAL.Timezone.utcTimezone)
			.toString();
	}
	events.push(out);
}
process.stdout.write(JSON.stringify({ events, errors }) + '\n');
