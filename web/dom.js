// Building the page from data without ever parsing data as HTML: every
// value goes in through textContent or an attribute.
import { N_, date, instant, t } from './i18n.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

function fill(el, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false)
      continue;
    if (key.startsWith('on') && typeof value === 'function')
      el.addEventListener(key.slice(2), value);
    else if (key === 'text')
      el.textContent = String(value);
    else
      el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false)
      continue;
    el.append(child instanceof Node ? child : document.createTextNode(
      String(child)));
  }
  return el;
}

// h('a', {href: '#/x', class: 'y'}, 'text', otherNode)
export function h(tag, attrs, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

export function s(tag, attrs, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

// el.append, leaving out null, undefined and false.
export function append(el, ...children) {
  return fill(el, {}, children);
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

// A table that stacks into labelled rows on narrow screens.
export function table(caption, headers, rows) {
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'stack' },
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, headers.map((head) => h('th',
        { scope: 'col' }, head)))),
      h('tbody', {}, rows.map((row) => {
        const tr = h('tr', { class: row.className || null });
        row.cells.forEach((cell, i) => tr.append(h('td',
          { 'data-label': headers[i] }, cell)));
        return tr;
      }))));
}

export const KIND_LABELS = {
  contract_start: N_('Contract start'),
  probation_end: N_('End of probation'),
  renewal_decision_due: N_('Renewal decision due'),
  national_agreement_due: N_('National agreement due'),
  initial_term_end: N_('End of initial term'),
  conversion_window_opens: N_('Conversion window opens'),
  conversion_request_deadline: N_('Conversion request deadline'),
  contract_end: N_('Contract end'),
  max_service_end: N_('Maximum service reached'),
  grade_advancement_eligible: N_('Grade advancement eligible'),
  grade_advancement_earliest: N_('Earliest grade advancement'),
  age_limit: N_('Age limit'),
  application_deadline: N_('Application deadline'),
};

export function kindLabel(kind) {
  return KIND_LABELS[kind] ? t(KIND_LABELS[kind]) : kind;
}

// Milestone and reminder states as the API names them, in words.
const STATUS_WORDS = {
  scheduled: N_('scheduled'), projected: N_('projected'), done: N_('done'),
  cancelled: N_('cancelled'), pending: N_('pending'), sent: N_('sent'),
  sending: N_('sending'), retrying: N_('retrying'), dead: N_('dead'),
  expired: N_('expired'),
};

export function statusLabel(status) {
  return STATUS_WORDS[status] ? t(STATUS_WORDS[status]) : status || '';
}

// A date written out in the reader's language, the ISO date kept for
// machines (and the tests) in its datetime attribute.
export function when(iso, month) {
  return iso ? h('time', { datetime: iso }, date(iso, month)) : '';
}

// An instant (RFC 3339) the same way: "22 June 2025 at 23:59 +02:00".
export function whenAt(text) {
  return text ? h('time', { datetime: text }, instant(text)) : '';
}

export function yesNo(v) {
  return v === null || v === undefined ? '' : v ? t('yes') : t('no');
}

// A place for the outcome of an action, read out by screen readers.
export function messageBox() {
  return h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
}

export function showMessage(box, text, isError) {
  box.textContent = text;
  box.classList.toggle('error', !!isError);
  box.setAttribute('role', isError ? 'alert' : 'status');
}
