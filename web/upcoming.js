// Upcoming milestones of the next N days, with the decisions already
// overdue above them; filters live in the hash so a view can be bookmarked.
// Cancelled milestones stay out unless asked for; each list downloads as
// CSV.
import { milestones } from './api.js';
import { append, h, instant, KIND_LABELS, kindLabel, table } from
  './dom.js';
import { scopeLabel } from './roles.js';
import { csvButton, csvName } from './csv-download.js';

const MAX_ROWS = 5000;
const SHOWN = 'scheduled,projected,done';

const CSV_HEADERS = ['Date', 'Milestone', 'Status', 'Overdue', 'Person',
  'Email', 'Contract', 'Vacancy', 'Post', 'Unit', 'Manager'];

function csvRow(m) {
  return [m.at ? instant(m.at) : m.date, kindLabel(m.kind), m.status,
    m.overdue ? 'yes' : 'no', m.person ? m.person.name : '',
    m.person ? m.person.email : '', m.contract_id || '', m.vacancy || '',
    m.title || '', m.unit || '', m.manager_email || ''];
}

function download(id, what, list, today) {
  return csvButton(id, `Download CSV (${list.items.length} row${
    list.items.length === 1 ? '' : 's'})`, csvName(what, today),
  async () => ({ headers: CSV_HEADERS, rows: list.items.map(csvRow) }));
}

function personCell(m) {
  if (m.contract_id)
    return h('a', { href: `#/contract/${m.contract_id}` },
      m.person && m.person.name ? m.person.name : `Contract ${m.contract_id}`);
  if (m.vacancy)
    return h('a', { href: '#/vacancies' }, `Vacancy ${m.vacancy}`);
  return '';
}

function row(m) {
  const status = [m.status];
  if (m.overdue)
    status.push(h('strong', { class: 'badge overdue' }, 'overdue'));
  return {
    className: m.overdue ? 'overdue' : m.status,
    cells: [m.at ? instant(m.at) : m.date, kindLabel(m.kind),
      h('span', {}, status.flatMap((x, i) => (i ? [' ', x] : [x]))),
      personCell(m), m.title || '', m.unit || '', m.manager_email || ''],
  };
}

const HEADERS = ['Date', 'Milestone', 'Status', 'Person', 'Post', 'Unit',
  'Manager'];

// scoped: the daemon already narrows the list to the account's own
// contracts, where a manager filter has nothing left to choose from.
function filterForm(f, seen, scoped) {
  const field = (id, label, input) => h('p', { class: 'field' },
    h('label', { for: id }, label), input);
  const kind = h('select', { id: 'f-kind', name: 'kind' },
    h('option', { value: '' }, 'any kind'),
    Object.entries(KIND_LABELS).map(([k, label]) =>
      h('option', { value: k, selected: k === f.kind }, label)));
  const list = (id, values) => h('datalist', { id },
    [...values].sort().map((v) => h('option', { value: v })));
  const form = h('form', { class: 'filters', role: 'search',
    'aria-label': 'Filter milestones' },
  field('f-days', 'Next days', h('input', { id: 'f-days', name: 'days',
    type: 'number', min: '1', max: '3650', required: true,
    value: f.days })),
  field('f-kind', 'Kind', kind),
  field('f-unit', 'Unit', h('input', { id: 'f-unit', name: 'unit',
    list: 'units', value: f.unit, autocomplete: 'off' })),
  scoped ? null : field('f-manager', 'Manager', h('input', {
    id: 'f-manager', name: 'manager', type: 'email', list: 'managers',
    value: f.manager, autocomplete: 'off' })),
  list('units', seen.units), list('managers', seen.managers),
  h('p', { class: 'field check' }, h('input', { id: 'f-cancelled',
    name: 'cancelled', type: 'checkbox', value: '1',
    checked: f.cancelled }), h('label', { for: 'f-cancelled' },
    'Show cancelled')),
  h('p', { class: 'field actions' }, h('button', { type: 'submit' }, 'Show')));
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
  append(box, h('h1', {}, scope ? `${scope}: upcoming milestones` :
    'Upcoming milestones'),
  scope ? h('p', { class: 'hint', id: 'scope' }, !email ?
    'Your account has no email address, so no contract is yours to see; ' +
    'an administrator can add it.' : ctx.account.role === 'manager' ?
    `Contracts whose manager is ${email}.` :
    `Contracts of ${email}.`) : null,
  filterForm(f, seen, !!scope));
  const more = (r) => h('p', { class: 'hint' },
    `Only the first ${r.items.length} are shown; narrow the filters to see ` +
    'the rest.');
  const overdueNote = overdue.items.length === 1 ? '1 decision is overdue' :
    `${overdue.items.length} decisions are overdue`;
  append(box, h('p', { class: 'summary', id: 'upcoming-summary' },
    `${upcoming.items.length} milestone${upcoming.items.length === 1 ? '' :
      's'} from ${ctx.today} in the next ${f.days} days; ${overdueNote}.`));
  if (overdue.items.length) {
    const t = table('Overdue decisions (their date has passed and nothing ' +
      'was recorded)', HEADERS, overdue.items.map(row));
    t.id = 'overdue';
    append(box, t, download('overdue-csv', 'overdue', overdue, ctx.today));
    if (overdue.more)
      append(box, more(overdue));
  }
  const t = upcoming.items.length ? table(`Next ${f.days} days`, HEADERS,
    upcoming.items.map(row)) : h('p', {}, 'Nothing is due in this period.');
  t.id = 'upcoming';
  append(box, t, upcoming.items.length ? download('upcoming-csv', 'upcoming',
    upcoming, ctx.today) : null);
  if (upcoming.more)
    append(box, more(upcoming));
}
