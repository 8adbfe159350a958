// Importing contracts from a CSV file: the daemon first checks the whole
// file without writing anything (a dry run) and the page shows either how
// many contracts would be imported or every bad row with its line and
// column; only then does the Import button send the same file for real.
// All rows or none: a refused import writes nothing.
import { api } from './api.js';
import { h, messageBox, showMessage, table } from './dom.js';
import { t, tn, withNodes } from './i18n.js';
import { csvButton } from './csv-download.js';

// SPEC section 7; only name, email and start are required.
export const CSV_COLUMNS = ['name', 'email', 'manager_email', 'unit',
  'vacancy', 'post_title', 'grade', 'start', 'staff_type', 'twin_graded',
  'birth_date', 'renewed_until', 'conversion_requested_on', 'converted_on',
  'separated_on', 'separation_reason', 'language'];

const CSV_TYPE = 'text/csv; charset=utf-8';

function badRows(errors) {
  const list = table(tn('{n} problem in the file', '{n} problems in the file',
    errors.length), [t('Line'), t('Column'), t('Message')],
  errors.map((e) => ({
    className: 'bad-row',
    cells: [e.line ? String(e.line) : '', e.field || '', e.message || ''],
  })));
  list.id = 'csv-errors';
  return list;
}

// The outcome of a refused request: its rows when it lists some.
function refusal(out, box, err, written) {
  if (err.errors && err.errors.length) {
    const lines = new Set(err.errors.map((e) => e.line)).size;
    out.append(h('p', { id: 'csv-summary', class: 'refused' }, written ?
      tn('{n} row is refused; nothing was imported. Correct the file and ' +
        'choose it again.', '{n} rows are refused; nothing was imported. ' +
        'Correct the file and choose it again.', lines) :
      tn('{n} row is refused; nothing was written. Correct the file and ' +
        'choose it again.', '{n} rows are refused; nothing was written. ' +
        'Correct the file and choose it again.', lines)),
    badRows(err.errors));
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
  const check = h('button', { type: 'submit' }, t('Check the file'));
  const go = h('button', { type: 'button', id: 'csv-import', disabled: true },
    t('Import'));
  let checked = null;		// the file whose dry run passed

  const form = h('form', { class: 'import', id: 'form-csv' },
    h('p', { class: 'field' }, h('label', { for: 'csv-file' },
      t('CSV file of contracts')), file),
    // The column names are the API's, in English in either language.
    h('p', { class: 'hint', id: 'csv-hint' }, withNodes(t('A header row ' +
      'naming the columns (comma or semicolon separated, UTF-8): {columns}. ' +
      'Only {name}, {email} and {start} are required. The file is checked ' +
      'first; nothing is written until you import it.'), {
      columns: h('code', {}, CSV_COLUMNS.join(', ')),
      name: h('code', {}, 'name'), email: h('code', {}, 'email'),
      start: h('code', {}, 'start') })),
    h('p', { class: 'field actions' }, check, ' ', go), box);

  async function dryRun() {
    const chosen = file.files[0];
    go.disabled = true;
    checked = null;
    out.replaceChildren();
    if (!chosen)
      return;
    showMessage(box, t('Checking {name}…', chosen));
    try {
      const a = await api('POST', '/api/v1/contracts/import?dry_run=1',
        chosen, CSV_TYPE);
      if (file.files[0] !== chosen)
        return;			// another file was chosen meanwhile
      const n = a.would_import ?? 0;
      out.append(h('p', { id: 'csv-summary', class: 'ready' },
        tn('{n} contract would be imported from {name}. Nothing is written ' +
          'yet.', '{n} contracts would be imported from {name}. Nothing is ' +
          'written yet.', n, { name: chosen.name })));
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
    showMessage(box, t('Importing…'));
    try {
      const a = await api('POST', '/api/v1/contracts/import', checked,
        CSV_TYPE);
      const ids = a.ids || [];
      const range = ids.length > 1 ? `${ids[0]}–${ids[ids.length - 1]}` :
        String(ids[0]);
      onImported(ids.length ? tn('Imported {n} contract (ID {ids}).',
        'Imported {n} contracts (IDs {ids}).', a.imported, { ids: range }) :
        tn('Imported {n} contract.', 'Imported {n} contracts.', a.imported));
    } catch (err) {
      out.replaceChildren();
      refusal(out, box, err, true);
    }
  });
  return h('details', { class: 'panel', id: 'import-csv' },
    h('summary', {}, t('Import contracts from a CSV file')), form, out,
    csvButton('csv-template', t('Download an empty template'),
      'tenured-contracts-template.csv', async () => ({ headers: CSV_COLUMNS,
        rows: [] })));
}
