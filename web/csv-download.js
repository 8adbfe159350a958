// Lists as CSV files for a spreadsheet, made in the browser from what the
// daemon answered: RFC 4180 (CRLF lines, fields quoted when they hold a
// quote, a comma, a semicolon or a line break), UTF-8 with a byte order
// mark so that Excel reads accents right.
import { h, messageBox, showMessage } from './dom.js';
import { t, tn } from './i18n.js';

const BOM = '\uFEFF';

// A spreadsheet runs a cell that starts with = + - or @ as a formula; a
// name or a reason typed that way stays text behind a leading apostrophe.
function defuse(text) {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function csvField(value) {
  const text = defuse(value === null || value === undefined ? '' :
    String(value));
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(headers, rows) {
  return BOM + [headers, ...rows].map((r) => r.map(csvField).join(','))
    .join('\r\n') + '\r\n';
}

// tenured-upcoming-2028-01-15.csv, dated by the daemon's today.
export function csvName(what, today) {
  return `tenured-${what}-${today || new Date().toISOString().slice(0, 10)}` +
    '.csv';
}

export function downloadCsv(name, headers, rows) {
  const blob = new Blob([toCsv(headers, rows)],
    { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its copy once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

// A button that downloads the list that produce() gives, as
// { headers, rows } (it may ask the daemon for every page first).
export function csvButton(id, label, name, produce) {
  const box = messageBox();
  const button = h('button', { type: 'button', class: 'small csv', id },
    label);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const { headers, rows } = await produce();
      downloadCsv(name, headers, rows);
      showMessage(box, rows.length ? tn('Downloaded {name} ({n} row).',
        'Downloaded {name} ({n} rows).', rows.length, { name }) :
        t('Downloaded {name} (the header row only).', { name }));
    } catch (err) {
      showMessage(box, err.message, true);
    }
    button.disabled = false;
  });
  return h('div', { class: 'download' }, button, box);
}
