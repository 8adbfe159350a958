// Adding a contract from the People view: the person, the start, and
// optionally the imported vacancy and post it fills, whose choice fills
// the post title and grade (both still editable). A refusal is shown
// beside the field the daemon names, in the daemon's own words.
import { api } from './api.js';
import { append, clear, h, messageBox, showMessage } from './dom.js';

// [field, label, input type, required]
const PERSON = [
  ['name', 'Name', 'text', true],
  ['email', 'Email', 'email', true],
  ['start', 'Start of the contract', 'date', true],
  ['manager_email', 'Manager email', 'email'],
  ['unit', 'Unit', 'text'],
  ['staff_type', 'Staff type', ['external', 'seconded', 'serving']],
  ['birth_date', 'Date of birth', 'date'],
  ['indefinite', 'Already holds an indefinite contract (serving staff)',
    'checkbox'],
  ['twin_graded', 'Twin-graded post', 'checkbox'],
];
const POST = [['post_title', 'Post title', 'text'], ['grade', 'Grade', 'text']];

const LABELS = Object.fromEntries([...PERSON, ...POST,
  ['vacancy', 'Vacancy'], ['post', 'Post']].map(([f, label]) =>
  [f, label.toLowerCase()]));

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
    el = h('select', { id, name }, type.map((v) => h('option', { value: v },
      v)));
  else if (!el)
    el = h('input', { id, name, type, required: !!required,
      autocomplete: 'off' });
  el.setAttribute('aria-describedby', `${id}-error`);
  if (type === 'checkbox')
    return h('p', { class: 'field check' }, el, h('label', { for: id }, label),
      error);
  return h('p', { class: 'field' }, h('label', { for: id }, label,
    required ? h('span', { class: 'required' }, ' (required)') : null), el,
  error);
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
    h('option', { value: '' }, vacancies.length ? 'No vacancy' :
      'No vacancy imported yet'),
    vacancies.map((v) => h('option', { value: v.reference },
      `${v.reference}${v.title ? ` — ${v.title}` : ''}`)));
  const post = h('select', { id: idOf('post'), name: 'post', disabled: true },
    h('option', { value: '' }, 'Choose a vacancy first'));
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
      'Choose a vacancy first' : posts.length ? 'Choose a post' :
        'The notice lists no post'),
    posts.map((p, i) => h('option', { value: String(i + 1) }, `${i + 1}. ${
      p.title || v.title || 'Post'}${p.grade ? ` (${p.grade})` : ''}${
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
  const other = /\bcontract (\d+)\b/.exec(err.detail || '');
  append(slot, err.detail || err.message, other ? [' ', h('a', {
    href: `#/contract/${other[1]}` }, `Open contract ${other[1]}`)] : null);
  el.setAttribute('aria-invalid', 'true');
  el.focus();
  showMessage(box, `Nothing was saved: please check the ${
    LABELS[err.field] || err.field}.`, true);
}

export async function addContractPanel() {
  // The form works without vacancies: a failure only empties that list.
  const vacancies = await api('GET', '/api/v1/vacancies').then((a) =>
    a.vacancies, () => []);
  const box = messageBox();
  const form = h('form', { class: 'correct add', id: 'form-add' });
  const [vacancy, post] = vacancyChoice(vacancies, form);
  form.append(...PERSON.map((f) => field(f)),
    field(['vacancy', 'Vacancy (optional)'], vacancy),
    field(['post', 'Post in the vacancy'], post),
    ...POST.map((f) => field(f)),
    h('p', { class: 'field actions' }, h('button', { type: 'submit' },
      'Add the contract')), box);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const sent = body(form);
    showMessage(box, 'Saving…');
    try {
      const c = await api('POST', '/api/v1/contracts', sent);
      sessionStorage.setItem('tenured-flash', `Contract ${c.id} added for ${
        c.name}.`);
      location.hash = `#/contract/${c.id}`;
    } catch (err) {
      showRefusal(form, box, err);
    }
  });
  return h('details', { class: 'panel', id: 'add-contract' },
    h('summary', {}, 'Add a contract'), form);
}
