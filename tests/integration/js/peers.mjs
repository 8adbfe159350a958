// What a client needs from a feed besides the start (js/check.mjs): the
// calendar's name and, per VEVENT, its ORGANIZER (address and CN) and the
// end ical.js works out (DTEND, else DTSTART + DURATION, else RFC 5545's
// default). Prints JSON; used by tests/integration/ical_check.py.
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

// ical.js leaves x-properties it has no design for unescaped; clients that
// show X-WR-CALNAME read it as TEXT, which is what it is.
ICAL.design.icalendar.property['x-wr-calname'] = { defaultType: 'text' };

const cal = new ICAL.Component(ICAL.parse(readFileSync(0, 'utf8')));
const events = [];

for (const vevent of cal.getAllSubcomponents('vevent')) {
	const ev = new ICAL.Event(vevent);
	const org = vevent.getFirstProperty('organizer');
	const end = ev.endDate;

	events.push({
		uid: ev.uid,
		organizer: org ? org.getFirstValue() : null,
		cn: org ? (org.getParameter('cn') ?? null) : null,
		end: end.isDate ? end.toString() :
			end.convertToZone(ICAL.Timezone.utcTimezone).toString(),
		duration: vevent.hasProperty('duration') ?
			vevent.getFirstPropertyValue('duration').toSeconds() : null,
	});
}
process.stdout.write(JSON.stringify({
	calname: cal.getFirstPropertyValue('x-wr-calname') ?? null, events,
}) + '\n');
