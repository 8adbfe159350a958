// A contract's history from the audit log (SPEC section 11): when, who,
// through what, and what changed, field by field. The daemon answers the
// contract's own entries and its decisions', newest first, a page at a time.
import { api } from './api.js';
import { h, instant, messageBox, showMessage, yesNo } from './dom.js';

const PAGE = 50;

const VIA = { socket: 'on the server', token: 'with a token',
  proxy: 'through single sign-on' };

// The summary is the daemon's; these stand in when it gives none.
const ACTIONS = { 'contract.created': 'Contract created',
  'contract.corrected': 'Contract corrected',
  'contract.imported': 'Contract imported',
  'decision.recorded': 'Decision recorded',
  'decision.revoked': 'Decision revoked' };

const FIELDS = { name: 'Name', email: 'Email', manager_email: 'Manager email',
  unit: 'Unit', vacancy: 'Vacancy', post: 'Post number',
  post_title: 'Post title', grade: 'Grade', start: 'Start',
  birth_date: 'Date of birth', staff_type: 'Staff type',
  indefinite: 'Indefinite', twin_graded: 'Twin-graded',
  language: 'Language', type: 'Decision', date: 'Date', until: 'Until',
  reason: 'Reason', kind: 'Milestone' };

const HEADERS = ['When', 'Who', 'What'];

export function fetchHistory(id, after) {
  const q = new URLSearchParams({ entity: `contract:${id}`,
    limit: String(PAGE) });
  if (after !== null && after !== undefined)
    q.set('after', String(after));
  return api('GET', `/api/v1/audit?${q}`);
}

function shown(v) {
  if (v === null || v === undefined || v === '')
    return h('span', { class: 'none' }, 'none');
  if (typeof v === 'boolean')
    return yesNo(v);
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function changes(entry) {
  const list = Object.entries(entry.changes || {});
  if (!list.length)
    return null;
  return h('ul', { class: 'changes' }, list.map(([field, pair]) => {
    const [old, now] = Array.isArray(pair) ? pair : [null, pair];
    return h('li', { 'data-field': field }, `${FIELDS[field] || field}: `,
      h('span', { class: 'old' }, shown(old)), ' → ',
      h('span', { class: 'new' }, shown(now)));
  }));
}

// One row like dom.js's table() makes, so it stacks on narrow screens;
// built here because older pages are appended to the same body.
function row(e) {
  const tr = h('tr', { class: `audit ${String(e.action).replace('.', '-')}`,
    'data-entry': e.id });
  const cells = [
    instant(e.at),
    [h('span', { class: 'actor' }, e.actor || 'unknown'), ' ',
      h('span', { class: 'via' }, VIA[e.via] || e.via || '')],
    [h('span', { class: 'summary-text' }, e.summary || ACTIONS[e.action] ||
      e.action), changes(e)],
  ];
  cells.forEach((cell, i) => tr.append(h('td', { 'data-label': HEADERS[i] },
    cell)));
  return tr;
}

// first: the answer of fetchHistory(id), or the error it failed with.
export function historySection(id, first) {
  const box = messageBox();
  const section = h('section', { class: 'history', id: 'history',
    'aria-labelledby': 'history-title' },
  h('h2', { id: 'history-title' }, 'History'));
  if (first instanceof Error) {
    showMessage(box, `The history could not be read: ${first.message}`, true);
    section.append(box);
    return section;
  }
  if (!first.entries.length) {
    section.append(h('p', {}, 'Nothing recorded yet.'));
    return section;
  }
  const body = h('tbody', {}, first.entries.map(row));
  const more = h('button', { type: 'button', class: 'small',
    hidden: first.next_after === null }, 'Show older entries');
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
      h('caption', {}, 'Who changed what, newest first'),
      h('thead', {}, h('tr', {}, HEADERS.map((t) => h('th', { scope: 'col' },
        t)))), body)),
  h('p', {}, more), box);
  return section;
}
