// Importing contracts from a CSV file: the daemon first checks the whole
// file without writing anything (a dry run) and the page shows either how
// many contracts would be imported or every bad row with its line and
// column; only then does the Import button send the same file for real.
// All rows or none: a refused import writes nothing.
import { api } from './api.js';
import { h, messageBox, showMessage, table } from './dom.js';
import { csvButton } from './csv-download.js';

// SPEC section 7; only name, email and start are required.
export const CSV_COLUMNS = ['name', 'email', 'manager_email', 'unit',
  'vacancy', 'post_title', 'grade', 'start', 'staff_type', 'twin_graded',
  'birth_date', 'renewed_until', 'conversion_requested_on', 'converted_on',
  'separated_on', 'separation_reason', 'language'];

const CSV_TYPE = 'text/csv; charset=utf-8';

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

function badRows(errors) {
  const t = table(`${plural(errors.length, 'problem', 'problems')} in the ` +
    'file', ['Line', 'Column', 'Message'], errors.map((e) => ({
    className: 'bad-row',
    cells: [e.line ? String(e.line) : '', e.field || '', e.message || ''],
  })));
  t.id = 'csv-errors';
  return t;
}

// The outcome of a refused request: its rows when it lists some.
function refusal(out, box, err, written) {
  if (err.errors && err.errors.length) {
    const lines = new Set(err.errors.map((e) => e.line)).size;
    out.append(h('p', { id: 'csv-summary', class: 'refused' },
      `${plural(lines, 'row is', 'rows are')} refused; nothing was ${
        written ? 'imported' : 'written'}. Correct the file and choose it ` +
      'again.'), badRows(err.errors));
    showMessage(box, '');
  } else {
    showMessage(box, err.message, true);
  }
}

export function importCsvPanel(onImported) {
  const box = messageBox();
  const out = h('div', { class: 'preview-box', id: 'csv-preview',
    'aria-live': 'polite' });
  const file = h('input', { id: 'csv-file', name: 'file', type: 'file',
    accept: '.csv,text/csv,text/plain', required: true,
    'aria-describedby': 'csv-hint' });
  const check = h('button', { type: 'submit' }, 'Check the file');
  const go = h('button', { type: 'button', id: 'csv-import', disabled: true },
    'Import');
  let checked = null;		// the file whose dry run passed

  const form = h('form', { class: 'import', id: 'form-csv' },
    h('p', { class: 'field' }, h('label', { for: 'csv-file' },
      'CSV file of contracts'), file),
    h('p', { class: 'hint', id: 'csv-hint' }, 'A header row naming the ' +
      'columns (comma or semicolon separated, UTF-8): ',
    h('code', {}, CSV_COLUMNS.join(', ')), '. Only name, email and start ' +
      'are required. The file is checked first; nothing is written until ' +
      'you import it.'),
    h('p', { class: 'field actions' }, check, ' ', go), box);

  async function dryRun() {
    const chosen = file.files[0];
    go.disabled = true;
    checked = null;
    out.replaceChildren();
    if (!chosen)
      return;
    showMessage(box, `Checking ${chosen.name}…`);
    try {
      const a = await api('POST', '/api/v1/contracts/import?dry_run=1',
        chosen, CSV_TYPE);
      if (file.files[0] !== chosen)
        return;			// another file was chosen meanwhile
      const n = a.would_import ?? 0;
      out.append(h('p', { id: 'csv-summary', class: 'ready' },
        `${plural(n, 'contract', 'contracts')} would be imported from ${
          chosen.name}. Nothing is written yet.`));
      checked = chosen;
      go.disabled = n === 0;
      showMessage(box, '');
    } catch (err) {
      if (file.files[0] === chosen)
        refusal(out, box, err, false);
    }
  }

  file.addEventListener('change', dryRun);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    dryRun();
  });
  go.addEventListener('click', async () => {
    if (!checked)
      return;
    go.disabled = true;
    showMessage(box, 'Importing…');
    try {
      const a = await api('POST', '/api/v1/contracts/import', checked,
        CSV_TYPE);
      const ids = a.ids || [];
      onImported(`Imported ${plural(a.imported, 'contract', 'contracts')}${
        ids.length ? ` (${ids.length === 1 ? 'ID' : 'IDs'} ${ids[0]}${
          ids.length > 1 ? `–${ids[ids.length - 1]}` : ''})` : ''}.`);
    } catch (err) {
      out.replaceChildren();
      refusal(out, box, err, true);
    }
  });
  return h('details', { class: 'panel', id: 'import-csv' },
    h('summary', {}, 'Import contracts from a CSV file'), form, out,
    csvButton('csv-template', 'Download an empty template',
      'tenured-contracts-template.csv', async () => ({ headers: CSV_COLUMNS,
        rows: [] })));
}
