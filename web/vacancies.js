// Vacancies: the list with deadlines and posts; for the roles that may
// import, a box for a notice's text, a dry run showing every field the
// parser read and every warning, then the import itself.
import { api } from './api.js';
import { append, h, messageBox, showMessage, table, when, whenAt,
  yesNo } from './dom.js';
import { N_, t, tn, withNodes } from './i18n.js';
import { canWrite } from './roles.js';

const LABELS = {
  reference: N_('Reference'), title: N_('Title'), location: N_('Location'),
  nato_body: N_('NATO body'), schedule: N_('Schedule'),
  application_deadline: N_('Application deadline'),
  deadline_fr: N_('Deadline (French half)'), salary: N_('Salary'),
  grade: N_('Grade'), clearance: N_('Clearance'),
  pending_budget_approval: N_('Pending budget approval'),
  contract: N_('Contract clause'),
  initial_term_months: N_('Initial term (months)'),
  renewal_term_months: N_('Renewal term (months)'),
  max_service_months: N_('Maximum service (months)'),
  conversion_allowed: N_('Conversion may be requested'),
  conversion_deadline_months: N_('Conversion request (months before end)'),
  seconded_national_agreement: N_('Seconded staff need national agreement'),
  amount: N_('Amount'), currency: N_('Currency'), basis: N_('Basis'),
  min: N_('Lowest'), max: N_('Highest'), twin_graded: N_('Twin-graded'),
  posts: N_('Posts'), version: N_('Version'), dry_run: N_('Dry run'),
};

function label(key) {
  return LABELS[key] ? t(LABELS[key]) : key;
}

function grade(g) {
  if (!g || !g.min)
    return '';
  return g.min === g.max || !g.max ? g.min : `${g.min}–${g.max}`;
}

function value(v) {
  if (v === null || v === undefined)
    return h('span', { class: 'none' }, t('not found'));
  if (typeof v === 'boolean')
    return yesNo(v);
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v))
    return whenAt(v);
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\d$/.test(v))
    return when(v);
  return String(v);
}

function posts(list) {
  return table(null, [t('Post'), t('Grade'), t('Twin-graded'),
    t('Post number'), t('Pending budget')], list.map((p) => ({ cells: [
    p.title || '',
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
    dl.append(h('dt', {}, label(key)), h('dd',
      { 'data-field': key }, dd));
  }
  return dl;
}

function preview(v) {
  const warnings = v.warnings || [];
  return h('section', { class: 'preview', id: 'preview',
    'aria-labelledby': 'preview-title' },
  h('h2', { id: 'preview-title' }, t('Preview of {reference}', v)),
  warnings.length ? h('div', { class: 'warnings' },
    h('h3', {}, tn('{n} warning', '{n} warnings', warnings.length)),
    h('ul', {}, warnings.map((w) => h('li', {}, w.field ?
      withNodes(t('{field}: {message}'), { field: h('strong', {},
        label(w.field)), message: w.message }) : w.message)))) :
    h('p', {}, t('No warnings: every field was found.')),
  fields(v));
}

function importForm(onImported) {
  const box = messageBox();
  const text = h('textarea', { id: 'notice', name: 'notice', rows: '12',
    required: true, spellcheck: 'false' });
  const previewButton = h('button', { type: 'submit' }, t('Preview'));
  const importButton = h('button', { type: 'button', disabled: true },
    t('Import'));
  const out = h('div', { class: 'preview-box' });
  let previewed = null;
  text.addEventListener('input', () => {
    importButton.disabled = text.value !== previewed;
  });
  const form = h('form', { class: 'import', id: 'form-notice' },
    h('p', { class: 'field wide' }, h('label', { for: 'notice' },
      t('Text of a vacancy notice (English then French, as published)')),
    text),
    h('p', { class: 'field actions' }, previewButton, ' ', importButton), box);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showMessage(box, t('Reading the notice…'));
    out.replaceChildren();
    importButton.disabled = true;
    // What was sent is what was previewed, whatever is typed meanwhile.
    const sent = text.value;
    try {
      const v = await api('POST', '/api/v1/vacancies?dry_run=1', sent);
      previewed = sent;
      importButton.disabled = text.value !== previewed;
      out.append(preview(v));
      showMessage(box, t('Nothing is stored yet: check the preview, then ' +
        'import.'));
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
      onImported(t('Imported vacancy {reference} (version {version}).', v));
    } catch (err) {
      showMessage(box, err.message, true);
    }
  });
  return h('section', { 'aria-labelledby': 'import-title' },
    h('h2', { id: 'import-title' }, t('Import a notice')), form, out);
}

export async function renderVacancies(box, params, ctx) {
  const { vacancies } = await api('GET', '/api/v1/vacancies');
  const flash = sessionStorage.getItem('tenured-flash');
  sessionStorage.removeItem('tenured-flash');
  const list = vacancies.length ? table(t('Vacancies by application ' +
    'deadline'), [t('Reference'), t('Title'), t('Deadline'), t('Grade'),
    t('Location'), t('Posts'), t('Warnings')], vacancies.map((v) => ({
      cells: [v.reference, v.title || '', whenAt(v.application_deadline),
        grade(v.grade), v.location || '',
        h('ul', { class: 'plain' }, (v.posts || []).map((p) => h('li', {},
          `${p.title || v.title}${p.grade ? ` (${p.grade})` : ''}${
            p.post_number ? ` ${p.post_number}` : ''}`))),
        String((v.warnings || []).length)],
    }))) : h('p', {}, t('No vacancy imported yet.'));
  list.id = 'vacancies';
  append(box, h('h1', {}, t('Vacancies')),
    flash ? h('p', { class: 'message', role: 'status' }, flash) : null,
    list,
    canWrite(ctx.account) ? importForm((message) => {
      sessionStorage.setItem('tenured-flash', message);
      window.dispatchEvent(new Event('tenured-refresh'));
    }) : null);
}
