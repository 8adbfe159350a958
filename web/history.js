// A contract's history from the audit log (SPEC section 11): when, who,
// through what, and what changed, field by field. The daemon answers the
// contract's own entries and its decisions', newest first, a page at a time.
import { api } from './api.js';
import { h, messageBox, showMessage, whenAt, yesNo } from './dom.js';
import { N_, date, lang, t } from './i18n.js';
import { languageWords, staffTypeWords } from './contract-words.js';

const PAGE = 50;

const VIA = { socket: N_('on the server'), token: N_('with a token'),
  proxy: N_('through single sign-on') };

// The summary is the daemon's; these stand in when it gives none.
const ACTIONS = { 'contract.created': N_('Contract created'),
  'contract.corrected': N_('Contract corrected'),
  'contract.imported': N_('Contract imported'),
  'decision.recorded': N_('Decision recorded'),
  'decision.revoked': N_('Decision revoked') };

const FIELDS = { name: N_('Name'), email: N_('Email'),
  manager_email: N_('Manager email'), unit: N_('Unit'),
  vacancy: N_('Vacancy'), post: N_('Post number'),
  post_title: N_('Post title'), grade: N_('Grade'), start: N_('Start'),
  birth_date: N_('Date of birth'), staff_type: N_('Staff type'),
  indefinite: N_('Indefinite'), twin_graded: N_('Twin-graded'),
  language: N_('Language'), type: N_('Decision'), date: N_('Date'),
  until: N_('Until'), reason: N_('Reason'), kind: N_('Milestone') };

const HEADERS = [N_('When'), N_('Who'), N_('What')];

// A table's word, or the code itself when the table has none.
function word(table, key) {
  return table[key] ? t(table[key]) : key;
}

export function fetchHistory(id, after) {
  const q = new URLSearchParams({ entity: `contract:${id}`,
    limit: String(PAGE) });
  if (after !== null && after !== undefined)
    q.set('after', String(after));
  return api('GET', `/api/v1/audit?${q}`);
}

function shown(field, v) {
  if (v === null || v === undefined || v === '')
    return h('span', { class: 'none' }, t('none'));
  if (typeof v === 'boolean')
    return yesNo(v);
  if (field === 'staff_type')
    return staffTypeWords(v);
  if (field === 'language')
    return languageWords(v);
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\d$/.test(v))
    return date(v);
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function changes(entry) {
  const list = Object.entries(entry.changes || {});
  if (!list.length)
    return null;
  return h('ul', { class: 'changes' }, list.map(([field, pair]) => {
    const [old, now] = Array.isArray(pair) ? pair : [null, pair];
    return h('li', { 'data-field': field }, t('{field}: ',
      { field: word(FIELDS, field) }),
      h('span', { class: 'old' }, shown(field, old)), ' → ',
      h('span', { class: 'new' }, shown(field, now)));
  }));
}

// The daemon writes the summary once, in English, when the change is made
// (a record, not translated later); in French the action's words and the
// changes below them say the same.
function summary(e) {
  if (e.summary && (lang() === 'en' || !ACTIONS[e.action]))
    return e.summary;
  return word(ACTIONS, e.action);
}

// One row like dom.js's table() makes, so it stacks on narrow screens;
// built here because older pages are appended to the same body.
function row(e) {
  const tr = h('tr', { class: `audit ${String(e.action).replace('.', '-')}`,
    'data-entry': e.id });
  const cells = [
    whenAt(e.at),
    [h('span', { class: 'actor' }, e.actor || t('unknown')), ' ',
      h('span', { class: 'via' }, e.via ? word(VIA, e.via) : '')],
    [h('span', { class: 'summary-text' }, summary(e)), changes(e)],
  ];
  cells.forEach((cell, i) => tr.append(h('td', {
    'data-label': t(HEADERS[i]) }, cell)));
  return tr;
}

// first: the answer of fetchHistory(id), or the error it failed with.
export function historySection(id, first) {
  const box = messageBox();
  const section = h('section', { class: 'history', id: 'history',
    'aria-labelledby': 'history-title' },
  h('h2', { id: 'history-title' }, t('History')));
  if (first instanceof Error) {
    showMessage(box, t('The history could not be read: {message}',
      first), true);
    section.append(box);
    return section;
  }
  if (!first.entries.length) {
    section.append(h('p', {}, t('Nothing recorded yet.')));
    return section;
  }
  const body = h('tbody', {}, first.entries.map(row));
  const more = h('button', { type: 'button', class: 'small',
    hidden: first.next_after === null }, t('Show older entries'));
  let after = first.next_after;
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const page = await fetchHistory(id, after);
      body.append(...page.entries.map(row));
      after = page.next_after;
      more.hidden = after === null;
    } catch (err) {
      showMessage(box, err.message, true);
    }
    more.disabled = false;
  });
  section.append(h('div', { class: 'table-wrap' },
    h('table', { class: 'stack' },
      h('caption', {}, t('Who changed what, newest first')),
      h('thead', {}, h('tr', {}, HEADERS.map((head) => h('th',
        { scope: 'col' }, t(head))))), body)),
  h('p', {}, more), box);
  return section;
}
