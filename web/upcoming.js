// Upcoming milestones of the next N days, with the decisions already
// overdue above them; filters live in the hash so a view can be bookmarked.
// Cancelled milestones stay out unless asked for; each list downloads as
// CSV.
import { milestones } from './api.js';
import { append, h, KIND_LABELS, kindLabel, statusLabel, table, when,
  whenAt } from './dom.js';
import { t, tn, withNodes } from './i18n.js';
import { scopeLabel } from './roles.js';
import { csvButton, csvName } from './csv-download.js';

const MAX_ROWS = 5000;
const SHOWN = 'scheduled,projected,done';

// For a spreadsheet: the reader's words, dates as ISO so that they sort.
function csvHeaders() {
  return [t('Date'), t('Milestone'), t('Status'), t('Overdue'), t('Person'),
    t('Email'), t('Contract'), t('Vacancy'), t('Post'), t('Unit'),
    t('Manager')];
}

// "2025-06-22T23:59:00+02:00" -> "2025-06-22 23:59 +02:00", the offset kept.
function csvInstant(at) {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(?::\d\d)?(Z|[+-]\d\d:\d\d)$/
    .exec(at);
  return m ? `${m[1]} ${m[2]} ${m[3] === 'Z' ? 'UTC' : m[3]}` : at;
}

function csvRow(m) {
  return [m.at ? csvInstant(m.at) : m.date, kindLabel(m.kind),
    statusLabel(m.status), m.overdue ? t('yes') : t('no'),
    m.person ? m.person.name : '',
    m.person ? m.person.email : '', m.contract_id || '', m.vacancy || '',
    m.title || '', m.unit || '', m.manager_email || ''];
}

function download(id, what, list, today) {
  return csvButton(id, tn('Download CSV ({n} row)', 'Download CSV ({n} rows)',
    list.items.length), csvName(what, today),
  async () => ({ headers: csvHeaders(), rows: list.items.map(csvRow) }));
}

function personCell(m) {
  if (m.contract_id)
    return h('a', { href: `#/contract/${m.contract_id}` },
      m.person && m.person.name ? m.person.name : t('Contract {id}',
        { id: m.contract_id }));
  if (m.vacancy)
    return h('a', { href: '#/vacancies' }, t('Vacancy {reference}',
      { reference: m.vacancy }));
  return '';
}

function row(m) {
  const status = [statusLabel(m.status)];
  if (m.overdue)
    status.push(h('strong', { class: 'badge overdue' }, t('overdue')));
  return {
    className: m.overdue ? 'overdue' : m.status,
    cells: [m.at ? whenAt(m.at) : when(m.date), kindLabel(m.kind),
      h('span', {}, status.flatMap((x, i) => (i ? [' ', x] : [x]))),
      personCell(m), m.title || '', m.unit || '', m.manager_email || ''],
  };
}

function headers() {
  return [t('Date'), t('Milestone'), t('Status'), t('Person'), t('Post'),
    t('Unit'), t('Manager')];
}

// scoped: the daemon already narrows the list to the account's own
// contracts, where a manager filter has nothing left to choose from.
function filterForm(f, seen, scoped) {
  const field = (id, label, input) => h('p', { class: 'field' },
    h('label', { for: id }, label), input);
  const kind = h('select', { id: 'f-kind', name: 'kind' },
    h('option', { value: '' }, t('any kind')),
    Object.keys(KIND_LABELS).map((k) =>
      h('option', { value: k, selected: k === f.kind }, kindLabel(k))));
  const list = (id, values) => h('datalist', { id },
    [...values].sort().map((v) => h('option', { value: v })));
  const form = h('form', { class: 'filters', role: 'search',
    'aria-label': t('Filter milestones') },
  field('f-days', t('Next days'), h('input', { id: 'f-days', name: 'days',
    type: 'number', min: '1', max: '3650', required: true,
    value: f.days })),
  field('f-kind', t('Kind'), kind),
  field('f-unit', t('Unit'), h('input', { id: 'f-unit', name: 'unit',
    list: 'units', value: f.unit, autocomplete: 'off' })),
  scoped ? null : field('f-manager', t('Manager'), h('input', {
    id: 'f-manager', name: 'manager', type: 'email', list: 'managers',
    value: f.manager, autocomplete: 'off' })),
  list('units', seen.units), list('managers', seen.managers),
  h('p', { class: 'field check' }, h('input', { id: 'f-cancelled',
    name: 'cancelled', type: 'checkbox', value: '1',
    checked: f.cancelled }), h('label', { for: 'f-cancelled' },
    t('Show cancelled'))),
  h('p', { class: 'field actions' }, h('button', { type: 'submit' },
    t('Show'))));
  form.elements.cancelled.addEventListener('change', () =>
    form.requestSubmit());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(form)) {
      if (String(v).trim() !== '' && !(k === 'days' && v === '120'))
        q.set(k, String(v).trim());
    }
    const hash = `#/upcoming${q.toString() ? `?${q}` : ''}`;
    if (location.hash === hash)
      window.dispatchEvent(new Event('tenured-refresh'));
    else
      location.hash = hash;
  });
  return form;
}

export async function renderUpcoming(box, [query], ctx) {
  const params = new URLSearchParams(query || '');
  const f = { days: params.get('days') || '120', kind: params.get('kind') || '',
    unit: params.get('unit') || '', manager: params.get('manager') || '',
    cancelled: params.get('cancelled') === '1' };
  const filters = {};
  for (const k of ['kind', 'unit', 'manager']) {
    if (f[k])
      filters[k] = f[k];
  }
  if (!f.cancelled)
    filters.status = SHOWN;
  const [overdue, upcoming] = await Promise.all([
    milestones({ ...filters, overdue: '1' }, MAX_ROWS),
    milestones({ ...filters, within: `${f.days}d` }, MAX_ROWS),
  ]);
  const seen = { units: new Set(), managers: new Set() };
  for (const m of [...overdue.items, ...upcoming.items]) {
    if (m.unit)
      seen.units.add(m.unit);
    if (m.manager_email)
      seen.managers.add(m.manager_email);
  }
  if (f.unit)
    seen.units.add(f.unit);
  if (f.manager)
    seen.managers.add(f.manager);

  const scope = scopeLabel(ctx.account);
  const email = ctx.account.email;
  append(box, h('h1', {}, scope ? t('{scope}: upcoming milestones',
    { scope }) : t('Upcoming milestones')),
  scope ? h('p', { class: 'hint', id: 'scope' }, !email ?
    t('Your account has no email address, so no contract is yours to see; ' +
    'an administrator can add it.') : ctx.account.role === 'manager' ?
    t('Contracts whose manager is {email}.', { email }) :
    t('Contracts of {email}.', { email })) : null,
  filterForm(f, seen, !!scope));
  const more = (r) => h('p', { class: 'hint' },
    tn('Only the first {n} is shown; narrow the filters to see the rest.',
      'Only the first {n} are shown; narrow the filters to see the rest.',
      r.items.length));
  const days = Number(f.days);
  append(box, h('p', { class: 'summary', id: 'upcoming-summary' },
    withNodes(tn('{n} milestone from {today} in the next {days}; {overdue}.',
      '{n} milestones from {today} in the next {days}; {overdue}.',
      upcoming.items.length), { today: when(ctx.today),
      days: tn('{n} day', '{n} days', days),
      overdue: overdue.items.length ? tn('{n} decision is overdue',
        '{n} decisions are overdue', overdue.items.length) :
        t('no decision is overdue') })));
  if (overdue.items.length) {
    const list = table(t('Overdue decisions (their date has passed and ' +
      'nothing was recorded)'), headers(), overdue.items.map(row));
    list.id = 'overdue';
    append(box, list, download('overdue-csv', 'overdue', overdue, ctx.today));
    if (overdue.more)
      append(box, more(overdue));
  }
  const list = upcoming.items.length ? table(tn('Next {n} day',
    'Next {n} days', days), headers(), upcoming.items.map(row)) :
    h('p', {}, t('Nothing is due in this period.'));
  list.id = 'upcoming';
  append(box, list, upcoming.items.length ? download('upcoming-csv',
    'upcoming', upcoming, ctx.today) : null);
  if (upcoming.more)
    append(box, more(upcoming));
}
