// One contract drawn from its start to its maximum period of service:
// terms, probation, the conversion window as a band, every dated milestone
// with its label and date beside it (past ones hollow and named "past"),
// projected parts dashed, today marked. The same facts are listed as text
// beside it, so the drawing is a summary, not the only source.
import { kindLabel, s, statusLabel } from './dom.js';
import { N_, date, t } from './i18n.js';

const DAY = 86400000;
const W = 800;
const LEFT = 8;
const RIGHT = 8;
const ROW = { terms: 40, probation: 72, marks: 104 };
// Marker labels go in lanes under the marks, as many as they need not to
// overlap; the axis comes under the last lane.
const LANE = { top: 128, height: 14, gap: 8 };
const LABEL_PX = 10;	// the labels' font size (style.css), in drawing units

// Short names: the label beside a marker, with its date.
const SHORT = {
  contract_start: N_('Start'), probation_end: N_('Probation ends'),
  renewal_decision_due: N_('Renewal decision'),
  national_agreement_due: N_('National agreement'),
  initial_term_end: N_('Initial term ends'),
  conversion_window_opens: N_('Window opens'),
  conversion_request_deadline: N_('Request deadline'),
  contract_end: N_('Contract ends'), max_service_end: N_('Maximum service'),
  grade_advancement_eligible: N_('Grade eligible'),
  grade_advancement_earliest: N_('Grade earliest'),
  age_limit: N_('Age limit'),
  application_deadline: N_('Application deadline'),
};

function shortLabel(kind) {
  return SHORT[kind] ? t(SHORT[kind]) : kindLabel(kind);
}

const DECISION_KINDS = ['renewal_decision_due', 'national_agreement_due',
  'conversion_request_deadline'];

// A label's width in drawing units, measured with the page's font (a
// canvas draws nothing here; it only measures), else estimated.
let measure = null;
function labelWidth(text, bold) {
  if (measure === null) {
    measure = document.createElement('canvas').getContext('2d') || false;
  }
  if (!measure)
    return text.length * LABEL_PX * (bold ? 0.68 : 0.62);
  measure.font = `${bold ? '700 ' : ''}${LABEL_PX}px ${
    getComputedStyle(document.body).fontFamily}`;
  return measure.measureText(text).width;
}

export function days(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY;
}

function iso(n) {
  return new Date(n * DAY).toISOString().slice(0, 10);
}

// SPEC section 4: same day n months later, or the first day of the next
// month when that day does not exist.
export function addMonths(date, n) {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  const yy = Math.floor(total / 12);
  const mm = total - yy * 12;
  const last = new Date(Date.UTC(yy, mm + 1, 0)).getUTCDate();
  return d > last ? iso(Date.UTC(yy, mm + 1, 1) / DAY) :
    iso(Date.UTC(yy, mm, d) / DAY);
}

function dayBefore(date) {
  return iso(days(date) - 1);
}

function dayAfter(date) {
  return iso(days(date) + 1);
}

function first(c, kind) {
  return c.milestones.find((m) => m.kind === kind && m.status !== 'cancelled')
    || c.milestones.find((m) => m.kind === kind) || null;
}

// The terms as recorded, then the renewal still to come, projected.
export function terms(c) {
  const active = c.decisions.filter((d) => !d.revoked_at);
  const start = c.start;
  if (c.indefinite)
    return [{ from: start, to: null, label: t('Indefinite contract') }];
  const initial = first(c, 'initial_term_end');
  if (!initial)
    return [];
  const out = [{ from: start, to: initial.date, label: t('Initial term') }];
  let end = initial.date;
  for (const d of active.filter((x) => x.type === 'renewed')
    .sort((a, b) => a.until.localeCompare(b.until))) {
    out.push({ from: dayAfter(end), to: d.until, label: t('Renewal') });
    end = d.until;
  }
  const closing = active.find((d) => ['not_renewed', 'converted',
    'separated'].includes(d.type));
  if (closing && closing.type === 'separated') {
    for (const t of out) {
      if (t.to > closing.date)
        t.to = closing.date < t.from ? t.from : closing.date;
    }
    return out.filter((t) => t.from <= closing.date);
  }
  if (closing && closing.type === 'converted') {
    out.push({ from: closing.date, to: null,
      label: t('Indefinite contract') });
    return out;
  }
  if (closing)
    return out;
  const cap = first(c, 'max_service_end');
  const age = first(c, 'age_limit');
  const months = c.policy && c.policy.renewal_term_months;
  if (!months)
    return out;
  let next = dayBefore(addMonths(dayAfter(end), months));
  if (cap && cap.date < next)
    next = cap.date;
  if (age && age.date < next)
    next = age.date;
  if (next > end)
    out.push({ from: dayAfter(end), to: next,
      label: t('Renewal (projected)'), projected: true });
  return out;
}

// "Initial term: 1 September 2025 to 31 August 2028".
function spanWords(term) {
  return term.to ? t('{term}: {from} to {to}', { term: term.label,
    from: date(term.from), to: date(term.to) }) :
    t('{term}: from {from}, open-ended', { term: term.label,
      from: date(term.from) });
}

export function drawTimeline(c, today) {
  const list = terms(c);
  const dated = c.milestones.map((m) => m.date);
  const ends = list.map((t) => t.to).filter(Boolean);
  const cap = first(c, 'max_service_end');
  let from = days(c.start);
  let to = Math.max(...ends.map(days), ...dated.filter((d) => d !== (first(c,
    'age_limit') || {}).date).map(days), cap ? days(cap.date) : 0,
  from + 365);
  if (list.some((t) => t.to === null))
    to = Math.max(to, days(addMonths(c.start, 72)));
  const span = to - from;
  from -= span * 0.02;
  to += span * 0.02;
  const x = (date) => LEFT + (days(date) - from) / (to - from) *
    (W - LEFT - RIGHT);
  const inside = (date) => days(date) >= from && days(date) <= to;
  const clampEnd = (date) => (date === null ? iso(Math.floor(to)) : date);

  // Every marker inside the drawing, its label laid out in the first lane
  // where it overlaps nothing (by date, left to right).
  const marks = c.milestones.filter((m) => inside(m.date))
    .map((m) => ({ m, cx: x(m.date),
      // Short months: the labels share lanes across 800 units.
      text: `${shortLabel(m.kind)} ${date(m.date, 'short')}` }))
    .sort((a, b) => a.cx - b.cx);
  const laneEnds = [];
  for (const mk of marks) {
    const width = labelWidth(mk.text, mk.m.overdue);
    // Left-aligned on the marker, unless it would run off the right edge.
    mk.anchor = mk.cx + width > W - RIGHT ? 'end' : 'start';
    const x0 = mk.anchor === 'end' ? mk.cx - width : mk.cx;
    let lane = laneEnds.findIndex((end) => end + 6 < x0);
    if (lane < 0) {
      lane = laneEnds.length;
      laneEnds.push(0);
    }
    laneEnds[lane] = x0 + width;
    mk.y = LANE.top + lane * LANE.height;
  }
  const axis = LANE.top + Math.max(1, laneEnds.length) * LANE.height -
    LANE.height + LANE.gap;
  const H = axis + 22;

  // A group, not one image: each marker is named on its own, with "past"
  // for a date before today.
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'timeline',
    role: 'group', 'aria-labelledby': 'tl-title',
    'aria-describedby': 'tl-desc' },
  s('title', { id: 'tl-title' }, t('Timeline of {name}', c)),
  s('desc', { id: 'tl-desc' }, t('From {start}: {terms}.', {
    start: date(c.start), terms: list.map((term) => spanWords(term))
      .join('; ') })));

  const opens = first(c, 'conversion_window_opens');
  const deadline = first(c, 'conversion_request_deadline');
  if (opens && deadline && opens.status !== 'cancelled' &&
      deadline.status !== 'cancelled' && deadline.date >= opens.date) {
    const projected = opens.status === 'projected' ||
      deadline.status === 'projected';
    svg.append(s('rect', { class: `band${projected ? ' projected' : ''}`,
      x: x(opens.date), y: 16, height: ROW.marks + 10 - 16,
      width: Math.max(2, x(dayAfter(deadline.date)) - x(opens.date)) },
    s('title', {}, projected ? t('Conversion window {from} to {to} ' +
      '(projected: only if the contract is renewed)', { from: date(opens.date),
      to: date(deadline.date) }) : t('Conversion window {from} to {to}', {
      from: date(opens.date), to: date(deadline.date) }))),
    s('text', { class: 'band-label', x: x(opens.date) + 4, y: 28 },
      t('conversion window')));
  }

  svg.append(s('text', { class: 'row-label', x: LEFT, y: ROW.terms - 8 },
    t('Terms')));
  for (const term of list) {
    const x0 = x(term.from);
    const x1 = x(dayAfter(clampEnd(term.to)));
    svg.append(s('rect', { class: `term${term.projected ? ' projected' : ''}${
      term.to === null ? ' open' : ''}`, x: x0, y: ROW.terms, height: 16,
    width: Math.max(2, x1 - x0), 'data-from': term.from,
    'data-to': term.to || '' },
    s('title', {}, spanWords(term))));
    // Only where the label fits inside its bar (11 px, measured at 10).
    if (x1 - x0 > labelWidth(term.label, false) * 1.1 + 8)
      svg.append(s('text', { class: `term-label${term.projected ?
        ' projected' : ''}`, x: x0 + 4, y: ROW.terms + 12 }, term.label));
  }
  const probation = first(c, 'probation_end');
  if (probation) {
    svg.append(s('text', { class: 'row-label', x: LEFT, y: ROW.probation - 6 },
      t('Probation')),
    s('rect', { class: `probation${probation.status === 'cancelled' ?
      ' cancelled' : ''}`, x: x(c.start), y: ROW.probation, height: 10,
    width: Math.max(2, x(dayAfter(probation.date)) - x(c.start)) },
    s('title', {}, t('Probation until {date}',
      { date: date(probation.date) }))));
  }

  for (const { m, cx, text, anchor, y } of marks) {
    const past = !!today && m.date < today;
    const cls = ['marker', m.status];
    if (m.overdue)
      cls.push('overdue');
    if (past)
      cls.push('past');
    const state = [statusLabel(m.status)];
    if (m.overdue)
      state.push(t('overdue'));
    if (past)
      state.push(t('past'));
    const name = t('{milestone}: {date} ({state})', {
      milestone: kindLabel(m.kind), date: date(m.date),
      state: state.join(', ') });
    svg.append(s('g', { class: cls.join(' '), 'data-kind': m.kind,
      'data-date': m.date, role: 'img', 'aria-label': name },
    s('title', {}, name),
    s('line', { x1: cx, x2: cx, y1: ROW.terms - 4, y2: ROW.marks }),
    // A leader from the marker down to its label's lane.
    s('line', { class: 'leader', x1: cx, x2: cx, y1: ROW.marks + 7,
      y2: y - 9 }),
    DECISION_KINDS.includes(m.kind) ?
      s('path', { d: `M${cx} ${ROW.marks - 7}l7 7l-7 7l-7 -7z` }) :
      s('circle', { cx, cy: ROW.marks, r: 5 }),
    s('text', { class: 'marker-label', x: anchor === 'end' ? cx + 2 : cx - 2,
      y, 'text-anchor': anchor, 'aria-hidden': 'true' }, text)));
  }

  // The axis: one tick a year.
  svg.append(s('line', { class: 'axis', x1: LEFT, x2: W - RIGHT,
    y1: axis, y2: axis }));
  const y0 = Number(iso(Math.ceil(from)).slice(0, 4));
  const y1 = Number(iso(Math.floor(to)).slice(0, 4));
  const step = y1 - y0 > 12 ? 2 : 1;
  for (let y = y0 + 1; y <= y1; y += step) {
    const tx = x(`${y}-01-01`);
    svg.append(s('line', { class: 'tick', x1: tx, x2: tx, y1: axis,
      y2: axis + 5 }),
    s('text', { class: 'tick-label', x: tx, y: axis + 17 }, String(y)));
  }
  if (today && inside(today)) {
    svg.append(s('line', { class: 'today', x1: x(today), x2: x(today),
      y1: 8, y2: axis + 4, 'data-date': today },
    s('title', {}, t('Today, {date}', { date: date(today) }))),
    s('text', { class: 'today-label', x: x(today) + 3, y: 12 }, t('today')));
  }
  return svg;
}
