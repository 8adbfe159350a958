// Building the page from data without ever parsing data as HTML: every
// value goes in through textContent or an attribute.

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
      h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' },
        t)))),
      h('tbody', {}, rows.map((row) => {
        const tr = h('tr', { class: row.className || null });
        row.cells.forEach((cell, i) => tr.append(h('td',
          { 'data-label': headers[i] }, cell)));
        return tr;
      }))));
}

export const KIND_LABELS = {
  contract_start: 'Contract start',
  probation_end: 'End of probation',
  renewal_decision_due: 'Renewal decision due',
  national_agreement_due: 'National agreement due',
  initial_term_end: 'End of initial term',
  conversion_window_opens: 'Conversion window opens',
  conversion_request_deadline: 'Conversion request deadline',
  contract_end: 'Contract end',
  max_service_end: 'Maximum service reached',
  grade_advancement_eligible: 'Grade advancement eligible',
  grade_advancement_earliest: 'Earliest grade advancement',
  age_limit: 'Age limit',
  application_deadline: 'Application deadline',
};

export function kindLabel(kind) {
  return KIND_LABELS[kind] || kind;
}

// "2025-06-22T23:59:00+02:00" -> "2025-06-22 23:59 +02:00"; the offset
// stays: the reader sees the instant as the daemon meant it.
export function instant(text) {
  if (!text)
    return '';
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(?::\d\d)?(Z|[+-]\d\d:\d\d)$/
    .exec(text);
  return m ? `${m[1]} ${m[2]} ${m[3] === 'Z' ? 'UTC' : m[3]}` : text;
}

export function yesNo(v) {
  return v === null || v === undefined ? '' : v ? 'yes' : 'no';
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
