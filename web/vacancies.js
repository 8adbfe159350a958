// Vacancies: the list with deadlines and posts; for the roles that may
// import, a box for a notice's text, a dry run showing every field the
// parser read and every warning, then the import itself.
import { api } from './api.js';
import { append, h, instant, messageBox, showMessage, table, yesNo } from
  './dom.js';
import { canWrite } from './roles.js';

const LABELS = {
  reference: 'Reference', title: 'Title', location: 'Location',
  nato_body: 'NATO body', schedule: 'Schedule',
  application_deadline: 'Application deadline',
  deadline_fr: 'Deadline (French half)', salary: 'Salary', grade: 'Grade',
  clearance: 'Clearance', pending_budget_approval: 'Pending budget approval',
  contract: 'Contract clause', initial_term_months: 'Initial term (months)',
  renewal_term_months: 'Renewal term (months)',
  max_service_months: 'Maximum service (months)',
  conversion_allowed: 'Conversion may be requested',
  conversion_deadline_months: 'Conversion request (months before end)',
  seconded_national_agreement: 'Seconded staff need national agreement',
  amount: 'Amount', currency: 'Currency', basis: 'Basis', min: 'Lowest',
  max: 'Highest', twin_graded: 'Twin-graded', posts: 'Posts',
  version: 'Version', dry_run: 'Dry run',
};

function grade(g) {
  if (!g || !g.min)
    return '';
  return g.min === g.max || !g.max ? g.min : `${g.min}–${g.max}`;
}

function value(v) {
  if (v === null || v === undefined)
    return h('span', { class: 'none' }, 'not found');
  if (typeof v === 'boolean')
    return yesNo(v);
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v))
    return instant(v);
  return String(v);
}

function posts(list) {
  return table(null, ['Post', 'Grade', 'Twin-graded', 'Post number',
    'Pending budget'], list.map((p) => ({ cells: [p.title || '',
    p.grade || '', yesNo(p.twin_graded), value(p.post_number),
    yesNo(p.pending_budget_approval)] })));
}

// Every field of the parsed notice, in the order the daemon gives them.
function fields(obj) {
  const dl = h('dl', { class: 'facts parsed' });
  for (const [key, v] of Object.entries(obj)) {
    // A dry run has no version yet: say nothing rather than "not found".
    if (key === 'warnings' || key === 'versions' ||
        (key === 'version' && v === null))
      continue;
    let dd;
    if (key === 'posts' && Array.isArray(v))
      dd = posts(v);
    else if (v && typeof v === 'object' && !Array.isArray(v))
      dd = fields(v);
    else
      dd = value(v);
    dl.append(h('dt', {}, LABELS[key] || key), h('dd',
      { 'data-field': key }, dd));
  }
  return dl;
}

function preview(v) {
  const warnings = v.warnings || [];
  return h('section', { class: 'preview', id: 'preview',
    'aria-labelledby': 'preview-title' },
  h('h2', { id: 'preview-title' }, `Preview of ${v.reference}`),
  warnings.length ? h('div', { class: 'warnings' },
    h('h3', {}, `${warnings.length} warning${warnings.length === 1 ? '' :
      's'}`),
    h('ul', {}, warnings.map((w) => h('li', {}, w.field ?
      [h('strong', {}, LABELS[w.field] || w.field), `: ${w.message}`] :
      w.message)))) : h('p', {}, 'No warnings: every field was found.'),
  fields(v));
}

function importForm(onImported) {
  const box = messageBox();
  const text = h('textarea', { id: 'notice', name: 'notice', rows: '12',
    required: true, spellcheck: 'false' });
  const previewButton = h('button', { type: 'submit' }, 'Preview');
  const importButton = h('button', { type: 'button', disabled: true },
    'Import');
  const out = h('div', { class: 'preview-box' });
  let previewed = null;
  text.addEventListener('input', () => {
    importButton.disabled = text.value !== previewed;
  });
  const form = h('form', { class: 'import', id: 'form-notice' },
    h('p', { class: 'field wide' }, h('label', { for: 'notice' },
      'Text of a vacancy notice (English then French, as published)'), text),
    h('p', { class: 'field actions' }, previewButton, ' ', importButton), box);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showMessage(box, 'Reading the notice…');
    out.replaceChildren();
    importButton.disabled = true;
    // What was sent is what was previewed, whatever is typed meanwhile.
    const sent = text.value;
    try {
      const v = await api('POST', '/api/v1/vacancies?dry_run=1', sent);
      previewed = sent;
      importButton.disabled = text.value !== previewed;
      out.append(preview(v));
      showMessage(box, 'Nothing is stored yet: check the preview, then ' +
        'import.');
    } catch (err) {
      showMessage(box, err.message, true);
    }
  });
  importButton.addEventListener('click', async () => {
    try {
      const v = await api('POST', '/api/v1/vacancies', previewed);
      text.value = '';
      previewed = null;
      importButton.disabled = true;
      out.replaceChildren();
      onImported(`Imported vacancy ${v.reference} (version ${v.version}).`);
    } catch (err) {
      showMessage(box, err.message, true);
    }
  });
  return h('section', { 'aria-labelledby': 'import-title' },
    h('h2', { id: 'import-title' }, 'Import a notice'), form, out);
}

export async function renderVacancies(box, params, ctx) {
  const { vacancies } = await api('GET', '/api/v1/vacancies');
  const flash = sessionStorage.getItem('tenured-flash');
  sessionStorage.removeItem('tenured-flash');
  const list = vacancies.length ? table('Vacancies by application deadline',
    ['Reference', 'Title', 'Deadline', 'Grade', 'Location', 'Posts',
      'Warnings'], vacancies.map((v) => ({
      cells: [v.reference, v.title || '', instant(v.application_deadline),
        grade(v.grade), v.location || '',
        h('ul', { class: 'plain' }, (v.posts || []).map((p) => h('li', {},
          `${p.title || v.title}${p.grade ? ` (${p.grade})` : ''}${
            p.post_number ? ` ${p.post_number}` : ''}`))),
        String((v.warnings || []).length)],
    }))) : h('p', {}, 'No vacancy imported yet.');
  list.id = 'vacancies';
  append(box, h('h1', {}, 'Vacancies'),
    flash ? h('p', { class: 'message', role: 'status' }, flash) : null,
    list,
    canWrite(ctx.account) ? importForm((message) => {
      sessionStorage.setItem('tenured-flash', message);
      window.dispatchEvent(new Event('tenured-refresh'));
    }) : null);
}
