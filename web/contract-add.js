// Adding a contract from the People view: the person, the start, and
// optionally the imported vacancy and post it fills, whose choice fills
// the post title and grade (both still editable). A refusal is shown
// beside the field the daemon names, in the daemon's own words.
import { api } from './api.js';
import { append, clear, h, messageBox, showMessage } from './dom.js';
import { N_, t } from './i18n.js';
import { LANGUAGES, STAFF_TYPES, options } from './contract-words.js';

// [field, label, input type or the [code, words] of a select, required]
const PERSON = [
  ['name', N_('Name'), 'text', true],
  ['email', N_('Email'), 'email', true],
  ['start', N_('Start of the contract'), 'date', true],
  ['manager_email', N_('Manager email'), 'email'],
  ['unit', N_('Unit'), 'text'],
  ['staff_type', N_('Staff type'), STAFF_TYPES],
  // Optional, and sent only when chosen (LANGUAGES starts with '').
  ['language', N_('Language'), LANGUAGES],
  ['birth_date', N_('Date of birth'), 'date'],
  ['indefinite', N_('Already holds an indefinite contract (serving staff)'),
    'checkbox'],
  ['twin_graded', N_('Twin-graded post'), 'checkbox'],
];
const POST = [['post_title', N_('Post title'), 'text'],
  ['grade', N_('Grade'), 'text']];

// The field a refusal names, as the message beside the button says it.
function fieldWords(name) {
  const found = [...PERSON, ...POST, ['vacancy', N_('Vacancy')],
    ['post', N_('Post')]].find(([f]) => f === name);
  return found ? t(found[1]).toLowerCase() : name;
}

function idOf(field) {
  return `add-${field.replace(/_/g, '-')}`;
}

// A field with its label and, under it, the place for its refusal.
function field([name, label, type, required], control) {
  const id = idOf(name);
  const error = h('span', { class: 'field-error', id: `${id}-error`,
    'aria-live': 'polite' });
  let el = control;
  if (!el && Array.isArray(type))
    el = h('select', { id, name }, options(type));
  else if (!el)
    el = h('input', { id, name, type, required: !!required,
      autocomplete: 'off' });
  el.setAttribute('aria-describedby', `${id}-error`);
  if (type === 'checkbox')
    return h('p', { class: 'field check' }, el, h('label', { for: id },
      t(label)), error);
  return h('p', { class: 'field' }, h('label', { for: id }, t(label),
    required ? h('span', { class: 'required' }, ' ', t('(required)')) : null),
  el, error);
}

function gradeOf(v, p) {
  if (p && p.grade)
    return p.grade;
  const g = v.grade;
  if (!g || !g.min)
    return '';
  return g.max && g.max !== g.min ? `${g.min}–${g.max}` : g.min;
}

function vacancyChoice(vacancies, form) {
  const vacancy = h('select', { id: idOf('vacancy'), name: 'vacancy' },
    h('option', { value: '' }, vacancies.length ? t('No vacancy') :
      t('No vacancy imported yet')),
    vacancies.map((v) => h('option', { value: v.reference },
      `${v.reference}${v.title ? ` — ${v.title}` : ''}`)));
  const post = h('select', { id: idOf('post'), name: 'post', disabled: true },
    h('option', { value: '' }, t('Choose a vacancy first')));
  const chosen = () => vacancies.find((v) => v.reference === vacancy.value);
  const fill = () => {
    const v = chosen();
    const p = v && post.value ? (v.posts || [])[Number(post.value) - 1] :
      null;
    if (!v || !p)
      return;
    form.elements.post_title.value = p.title || v.title || '';
    form.elements.grade.value = gradeOf(v, p);
    form.elements.twin_graded.checked = !!(p.twin_graded ||
      (v.grade && v.grade.twin_graded));
  };
  vacancy.addEventListener('change', () => {
    const v = chosen();
    const posts = v ? v.posts || [] : [];
    append(clear(post), h('option', { value: '' }, !v ?
      t('Choose a vacancy first') : posts.length ? t('Choose a post') :
        t('The notice lists no post')),
    posts.map((p, i) => h('option', { value: String(i + 1) }, `${i + 1}. ${
      p.title || v.title || t('Post')}${p.grade ? ` (${p.grade})` : ''}${
      p.post_number ? `, ${p.post_number}` : ''}`)));
    post.disabled = !posts.length;
    if (posts.length === 1)
      post.value = '1';
    fill();
  });
  post.addEventListener('change', fill);
  return [vacancy, post];
}

function body(form) {
  const out = {};
  for (const [name, , type] of [...PERSON, ...POST]) {
    const el = form.elements[name];
    if (type === 'checkbox')
      out[name] = el.checked;
    else if (el.value.trim() !== '')
      out[name] = el.value.trim();
  }
  if (form.elements.vacancy.value)
    out.vacancy = form.elements.vacancy.value;
  if (form.elements.post.value)
    out.post = Number(form.elements.post.value);
  return out;
}

function clearErrors(form) {
  for (const el of form.querySelectorAll('[aria-invalid]'))
    el.removeAttribute('aria-invalid');
  for (const el of form.querySelectorAll('.field-error'))
    el.replaceChildren();
}

// The refusal beside its field; a person's existing contract, when the
// daemon names one, as a link.
function showRefusal(form, box, err) {
  const el = err.field && form.elements[err.field];
  const slot = el && form.querySelector(`#${idOf(err.field)}-error`);
  if (!slot) {
    showMessage(box, err.message, true);
    return;
  }
  // The daemon names the contract in the request's language.
  const other = /\b(?:contract|contrat) (\d+)\b/i.exec(err.detail || '');
  append(slot, err.detail || err.message, other ? [' ', h('a', {
    href: `#/contract/${other[1]}` }, t('Open contract {id}',
    { id: other[1] }))] : null);
  el.setAttribute('aria-invalid', 'true');
  el.focus();
  showMessage(box, t('Nothing was saved: please check the {field}.',
    { field: fieldWords(err.field) }), true);
}

export async function addContractPanel() {
  // The form works without vacancies: a failure only empties that list.
  const vacancies = await api('GET', '/api/v1/vacancies').then((a) =>
    a.vacancies, () => []);
  const box = messageBox();
  const form = h('form', { class: 'correct add', id: 'form-add' });
  const [vacancy, post] = vacancyChoice(vacancies, form);
  form.append(...PERSON.map((f) => field(f)),
    field(['vacancy', N_('Vacancy (optional)')], vacancy),
    field(['post', N_('Post in the vacancy')], post),
    ...POST.map((f) => field(f)),
    h('p', { class: 'field actions' }, h('button', { type: 'submit' },
      t('Add the contract'))), box);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const sent = body(form);
    showMessage(box, t('Saving…'));
    try {
      const c = await api('POST', '/api/v1/contracts', sent);
      sessionStorage.setItem('tenured-flash', t('Contract {id} added for ' +
        '{name}.', c));
      location.hash = `#/contract/${c.id}`;
    } catch (err) {
      showRefusal(form, box, err);
    }
  });
  return h('details', { class: 'panel', id: 'add-contract' },
    h('summary', {}, t('Add a contract')), form);
}
