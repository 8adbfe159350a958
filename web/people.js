// People: every contract within the account's reach, found by part of a
// name, an email, a unit, a manager's email or a vacancy reference (the
// daemon compares without case or accents), in a table sorted by any
// column, each row leading to its contract. The roles that may write also
// add a contract here, or import a CSV file of them. The list downloads as
// CSV.
import { contracts, contractsPage } from './api.js';
import { append, clear, h, messageBox, showMessage, when } from './dom.js';
import { N_, collator, t, tn } from './i18n.js';
import { staffTypeWords } from './contract-words.js';
import { canWrite, scopeLabel } from './roles.js';
import { csvButton, csvName } from './csv-download.js';
import { addContractPanel } from './contract-add.js';
import { importCsvPanel } from './csv-import.js';

const PAGE = 200;
const WAIT_MS = 300;		// typing pauses this long before a search
const MAX_CSV = 50000;

export function statusWords(c) {
  if (c.overdue > 0)
    return tn('{n} overdue', '{n} overdue', c.overdue);
  return c.status === 'closed' ? t('closed') : t('active');
}

// Overdue first (most overdue on top), then active, then closed.
function statusRank(c) {
  if (c.overdue > 0)
    return -c.overdue;
  return c.status === 'closed' ? 2 : 1;
}

const COLUMNS = [
  { key: 'id', label: N_('ID'), value: (c) => c.id },
  { key: 'name', label: N_('Name'), value: (c) => c.name,
    cell: (c) => h('a', { href: `#/contract/${c.id}` }, c.name || '') },
  { key: 'email', label: N_('Email'), value: (c) => c.email },
  { key: 'unit', label: N_('Unit'), value: (c) => c.unit },
  { key: 'manager', label: N_('Manager'), value: (c) => c.manager_email },
  { key: 'start', label: N_('Start'), value: (c) => c.start,
    cell: (c) => when(c.start) },
  { key: 'status', label: N_('Status'), value: statusRank,
    cell: (c) => (c.overdue > 0 ? h('strong', { class: 'badge overdue' },
      statusWords(c)) : h('span', { class: `state ${c.status || 'active'}` },
      statusWords(c))) },
];

function compare(order, a, b) {
  if (typeof a === 'number' && typeof b === 'number')
    return a - b;
  return order.compare(String(a), String(b));
}

export function sorted(items, key, dir) {
  const col = COLUMNS.find((c) => c.key === key) || COLUMNS[0];
  const sign = dir === 'desc' ? -1 : 1;
  const order = collator();
  return [...items].sort((a, b) => {
    const va = col.value(a);
    const vb = col.value(b);
    const empty = (v) => v === null || v === undefined || v === '';
    if (empty(va) !== empty(vb))
      return empty(va) ? 1 : -1;	// empty last, either way
    return sign * compare(order, va, vb) || a.id - b.id;
  });
}

// For a spreadsheet: the reader's words, dates as ISO so that they sort.
function csvHeaders() {
  return [t('ID'), t('Name'), t('Email'), t('Unit'), t('Manager'), t('Start'),
    t('Status'), t('Staff type'), t('Post'), t('Grade'), t('Vacancy'),
    t('Language')];
}

function csvRow(c) {
  return [c.id, c.name, c.email, c.unit, c.manager_email, c.start,
    statusWords(c), staffTypeWords(c.staff_type), c.post_title, c.grade,
    c.vacancy, c.language || 'en'];
}

function peopleTable(items, state, onSort) {
  const head = h('tr', {}, COLUMNS.map((col) => {
    const on = state.sort === col.key;
    const button = h('button', { type: 'button', class: 'sort',
      'data-sort': col.key }, t(col.label), h('span', { class: 'arrow',
      'aria-hidden': 'true' }, on ? (state.dir === 'desc' ? ' ▼' : ' ▲') :
      ''));
    button.addEventListener('click', () => onSort(col.key));
    return h('th', { scope: 'col', 'aria-sort': on ? (state.dir === 'desc' ?
      'descending' : 'ascending') : null }, button);
  }));
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'stack people', id: 'people' },
      h('caption', {}, t('People and their contracts (choose a column ' +
        'heading to sort)')),
      h('thead', {}, head),
      h('tbody', {}, items.map((c) => h('tr', {
        class: c.overdue > 0 ? 'overdue' : c.status === 'closed' ? 'closed' :
          null, 'data-id': c.id },
      COLUMNS.map((col) => h('td', { 'data-label': t(col.label) },
        col.cell ? col.cell(c) : String(col.value(c) ?? ''))))))));
}

function hashOf(state) {
  const q = new URLSearchParams();
  if (state.q)
    q.set('q', state.q);
  if (state.sort !== 'name' || state.dir !== 'asc') {
    q.set('sort', state.sort);
    q.set('dir', state.dir);
  }
  return `#/people${q.toString() ? `?${q}` : ''}`;
}

function heading(ctx) {
  if (ctx.account.role === 'staff')
    return scopeLabel(ctx.account);
  const scope = scopeLabel(ctx.account);
  return scope ? t('{scope}: people', { scope }) : t('People');
}

export async function renderPeople(box, [query], ctx) {
  const params = new URLSearchParams(query || '');
  const state = { q: (params.get('q') || '').trim(),
    sort: COLUMNS.some((c) => c.key === params.get('sort')) ?
      params.get('sort') : 'name',
    dir: params.get('dir') === 'desc' ? 'desc' : 'asc',
    items: [], after: null };
  const write = canWrite(ctx.account);
  const flash = sessionStorage.getItem('tenured-flash');
  sessionStorage.removeItem('tenured-flash');
  const errorBox = messageBox();
  const summary = h('p', { class: 'summary', id: 'people-summary',
    role: 'status', 'aria-live': 'polite' });
  const list = h('div', { id: 'people-list' });
  const more = h('button', { type: 'button', class: 'small', id: 'people-more',
    hidden: true }, t('Show more'));
  const search = h('input', { id: 'people-q', name: 'q', type: 'search',
    value: state.q, autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': 'people-q-hint' });
  let generation = 0;
  let timer = null;

  function draw() {
    const n = state.items.length;
    // "200+": more pages wait behind "Show more".
    const count = `${n}${state.after !== null ? '+' : ''}`;
    summary.textContent = state.q ?
      tn('{count} contract matches “{q}”.', '{count} contracts match “{q}”.',
        n, { count, q: state.q }) :
      tn('{count} contract.', '{count} contracts.', n, { count });
    // What the list shows now, for whoever waits for it (the tests).
    summary.dataset.q = state.q;
    clear(list).append(n ? peopleTable(sorted(state.items, state.sort,
      state.dir), state, (key) => {
      state.dir = state.sort === key && state.dir === 'asc' ? 'desc' : 'asc';
      state.sort = key;
      remember();
      draw();
      const b = list.querySelector(`button[data-sort="${key}"]`);
      if (b)
        b.focus();
    }) : h('p', { id: 'people-none' }, state.q ? t('No contract matches ' +
      '“{q}”. Try part of the name, or the email.', state) :
      t('No contract yet.')));
    more.hidden = state.after === null;
  }

  // The search and the order stay in the address (without a new history
  // entry or a redrawing), so a found list can be bookmarked.
  function remember() {
    if (box.isConnected && location.hash.startsWith('#/people'))
      history.replaceState(null, '', hashOf(state));
  }

  async function load(reset) {
    const mine = ++generation;
    try {
      const page = await contractsPage(state.q, reset ? null : state.after,
        PAGE);
      if (mine !== generation)
        return;			// a later search won
      state.items = reset ? page.contracts :
        [...state.items, ...page.contracts];
      state.after = page.next_after;
      showMessage(errorBox, '');
      draw();
    } catch (err) {
      if (mine === generation)
        showMessage(errorBox, err.message, true);
    }
  }

  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const q = search.value.trim();
      if (q === state.q)
        return;
      state.q = q;
      remember();
      load(true);
    }, WAIT_MS);
  });
  const form = h('form', { class: 'filters', role: 'search',
    'aria-label': t('Find a person') },
  h('p', { class: 'field grow' }, h('label', { for: 'people-q' },
    t('Find a person')), search,
  h('span', { class: 'hint', id: 'people-q-hint' }, t('Part of a name, an ' +
    'email, a unit, a manager\'s email or a vacancy reference; accents and ' +
    'capitals do not matter.'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    state.q = search.value.trim();
    remember();
    load(true);
  });
  more.addEventListener('click', async () => {
    more.disabled = true;
    await load(false);
    more.disabled = false;
  });

  const page = await contractsPage(state.q, null, PAGE);
  state.items = page.contracts;
  state.after = page.next_after;
  draw();
  append(box, h('h1', {}, heading(ctx)),
    flash ? h('p', { class: 'message', role: 'status' }, flash) : null,
    write ? h('div', { class: 'people-actions' }, await addContractPanel(ctx),
      importCsvPanel((message) => {
        sessionStorage.setItem('tenured-flash', message);
        window.dispatchEvent(new Event('tenured-refresh'));
      })) : null,
    form, summary, errorBox, list, h('p', {}, more),
    csvButton('people-csv', t('Download CSV'), csvName('people', ctx.today),
      async () => {
        // Every contract the search finds, not only the pages shown.
        const all = await contracts(state.q, MAX_CSV);
        return { headers: csvHeaders(), rows: sorted(all.items, state.sort,
          state.dir).map(csvRow) };
      }));
}
