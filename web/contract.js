// One contract: its ID, timeline, milestones and decision log, its history
// for the roles that read the audit log, and for those that may write,
// forms for every decision (an acknowledgment too) and for corrections. Each form calls the API and
// shows the refusal, if any, in plain words beside the field it names.
import { api } from './api.js';
import { append, h, instant, kindLabel, messageBox, showMessage, table,
  yesNo } from './dom.js';
import { canOversee, canWrite, scopeLabel } from './roles.js';
import { fetchHistory, historySection } from './history.js';
import { drawTimeline } from './timeline.js';

const DECISIONS = [
  { type: 'renewed', title: 'Record a renewal', button: 'Record renewal',
    fields: [['until', 'Renewed until', 'date']] },
  { type: 'not_renewed', title: 'Record that it is not renewed',
    button: 'Record non-renewal', fields: [['date', 'Decided on', 'date']] },
  { type: 'conversion_requested', title: 'Record a conversion request',
    button: 'Record request', fields: [['date', 'Requested on', 'date']] },
  { type: 'converted', title: 'Record a conversion to indefinite',
    button: 'Record conversion', fields: [['date', 'Converted on', 'date']] },
  { type: 'separated', title: 'Record a separation',
    button: 'Record separation', fields: [['date', 'Separated on', 'date'],
      ['reason', 'Reason', 'text']] },
];

const DECISION_WORDS = { renewed: 'Renewed', not_renewed: 'Not renewed',
  conversion_requested: 'Conversion requested', converted: 'Converted',
  separated: 'Separated', acknowledged: 'Acknowledged' };

// The decision milestones an acknowledgment can mark done (SPEC section 4).
const ACK_KINDS = ['renewal_decision_due', 'national_agreement_due',
  'conversion_request_deadline'];

// Fields of the correction form: [field, label, input type].
const FIELDS = [
  ['name', 'Name', 'text'], ['email', 'Email', 'email'],
  ['manager_email', 'Manager email', 'email'], ['unit', 'Unit', 'text'],
  ['vacancy', 'Vacancy reference', 'text'], ['post', 'Post number', 'number'],
  ['post_title', 'Post title', 'text'], ['grade', 'Grade', 'text'],
  ['start', 'Start', 'date'], ['birth_date', 'Date of birth', 'date'],
  ['staff_type', 'Staff type', ['external', 'seconded', 'serving']],
  ['indefinite', 'Holds an indefinite contract', 'checkbox'],
  ['twin_graded', 'Twin-graded post', 'checkbox'],
];
const REQUIRED = ['name', 'email', 'start'];

function slug(text) {
  return text.replace(/_/g, '-');
}

function refresh(contract, message) {
  sessionStorage.setItem('tenured-flash', message);
  window.dispatchEvent(new Event('tenured-refresh'));
  return contract;
}

function markInvalid(form, field) {
  for (const el of form.querySelectorAll('[aria-invalid]'))
    el.removeAttribute('aria-invalid');
  const el = field && form.querySelector(`[name="${CSS.escape(field)}"]`);
  if (el) {
    el.setAttribute('aria-invalid', 'true');
    el.focus();
  }
}

function input(prefix, [field, label, type], value) {
  const id = `${prefix}-${slug(field)}`;
  let el;
  if (Array.isArray(type)) {
    el = h('select', { id, name: field }, type.map((v) =>
      h('option', { value: v, selected: v === value }, v)));
  } else if (type === 'checkbox') {
    el = h('input', { id, name: field, type, checked: !!value });
    return h('p', { class: 'field check' }, el, h('label', { for: id },
      label));
  } else {
    el = h('input', { id, name: field, type, value: value ?? '',
      required: REQUIRED.includes(field) || prefix !== 'edit',
      min: type === 'number' ? '1' : null });
  }
  return h('p', { class: 'field' }, h('label', { for: id }, label), el);
}

function decisionForm(c, d) {
  const box = messageBox();
  const prefix = slug(d.type);
  const form = h('form', { class: 'decision', id: `form-${prefix}` },
    d.fields.map((f) => input(prefix, f)),
    h('p', { class: 'field actions' }, h('button', { type: 'submit' },
      d.button)), box);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { type: d.type };
    for (const [field] of d.fields)
      body[field] = form.elements[field].value;
    showMessage(box, 'Saving…');
    try {
      const answer = await api('POST', `/api/v1/contracts/${c.id}/decisions`,
        body);
      refresh(answer.contract, `${DECISION_WORDS[d.type]}: recorded.`);
    } catch (err) {
      showMessage(box, err.message, true);
      markInvalid(form, err.field);
    }
  });
  return h('details', { class: 'panel' }, h('summary', {}, d.title), form);
}

// Acknowledge: the earliest scheduled milestone of a decision kind becomes
// done and nothing else changes (a national agreement received, a window
// that passed without a request, a decision taken outside tenured).
function acknowledgeForm(c) {
  const earliest = new Map();
  for (const m of c.milestones) {
    if (ACK_KINDS.includes(m.kind) && m.status === 'scheduled' &&
        (!earliest.has(m.kind) || m.date < earliest.get(m.kind).date))
      earliest.set(m.kind, m);
  }
  const open = [...earliest.values()].sort((a, b) =>
    a.date.localeCompare(b.date));
  const box = messageBox();
  const kind = h('select', { id: 'acknowledged-kind', name: 'kind',
    required: true, disabled: !open.length }, open.length ?
    open.map((m) => h('option', { value: m.kind }, `${kindLabel(m.kind)} (${
      m.date}${m.overdue ? ', overdue' : ''})`)) :
    h('option', { value: '' }, 'Nothing scheduled to acknowledge'));
  const form = h('form', { class: 'decision', id: 'form-acknowledged' },
    h('p', { class: 'hint' }, 'Marks the earliest scheduled milestone of ' +
      'that kind as done, and changes nothing else.'),
    h('p', { class: 'field' }, h('label', { for: 'acknowledged-kind' },
      'Milestone'), kind),
    h('p', { class: 'field' }, h('label', { for: 'acknowledged-reason' },
      'Reason'), h('input', { id: 'acknowledged-reason', name: 'reason',
      type: 'text', required: true, disabled: !open.length })),
    h('p', { class: 'field actions' }, h('button', { type: 'submit',
      disabled: !open.length }, 'Record acknowledgment')), box);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { type: 'acknowledged', kind: kind.value,
      reason: form.elements.reason.value.trim() };
    showMessage(box, 'Saving…');
    try {
      const answer = await api('POST', `/api/v1/contracts/${c.id}/decisions`,
        body);
      refresh(answer.contract, `Acknowledged: ${kindLabel(body.kind)}.`);
    } catch (err) {
      showMessage(box, err.message, true);
      markInvalid(form, err.field);
    }
  });
  return h('details', { class: 'panel' }, h('summary', {},
    'Acknowledge a milestone'), form);
}

function correctionForm(c) {
  const box = messageBox();
  const form = h('form', { class: 'correct', id: 'form-edit' },
    FIELDS.map((f) => input('edit', f, c[f[0]])),
    h('p', { class: 'field actions' }, h('button', { type: 'submit' },
      'Save corrections')), box);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {};
    for (const [field, , type] of FIELDS) {
      const el = form.elements[field];
      let value;
      if (type === 'checkbox')
        value = el.checked;
      else if (type === 'number')
        value = el.value === '' ? null : Number(el.value);
      else
        value = el.value.trim() === '' ? null : el.value.trim();
      if (value !== (c[field] ?? (type === 'checkbox' ? false : null)))
        body[field] = value;
    }
    if (Object.keys(body).length === 0) {
      showMessage(box, 'Nothing was changed.');
      return;
    }
    showMessage(box, 'Saving…');
    try {
      const answer = await api('PATCH', `/api/v1/contracts/${c.id}`, body);
      refresh(answer, `Corrected: ${Object.keys(body).join(', ')}.`);
    } catch (err) {
      showMessage(box, err.message, true);
      markInvalid(form, err.field);
    }
  });
  return h('details', { class: 'panel' },
    h('summary', {}, 'Correct the contract'), form);
}

function revokeButton(c, d, box) {
  const button = h('button', { type: 'button', class: 'small' }, 'Revoke');
  const confirm = h('button', { type: 'button', class: 'small danger',
    hidden: true }, 'Confirm revocation');
  button.addEventListener('click', () => {
    confirm.hidden = false;
    confirm.focus();
  });
  confirm.addEventListener('click', async () => {
    try {
      const answer = await api('DELETE',
        `/api/v1/contracts/${c.id}/decisions/${d.id}`);
      refresh(answer, `Decision ${d.id} revoked.`);
    } catch (err) {
      showMessage(box, err.message, true);
    }
  });
  return [button, ' ', confirm];
}

function decisionLog(c, write) {
  const box = messageBox();
  const items = c.decisions.map((d) => {
    const what = [`${DECISION_WORDS[d.type] || d.type}${d.kind ?
      `: ${kindLabel(d.kind)}` : ''}`];
    if (d.until)
      what.push(`until ${d.until}`);
    if (d.date)
      what.push(`on ${d.date}`);
    if (d.reason)
      what.push(`(${d.reason})`);
    return h('li', { class: d.revoked_at ? 'revoked' : null,
      'data-decision': d.id, 'data-type': d.type },
    h('p', { class: 'what' }, what.join(' ')),
    h('p', { class: 'who' }, `Recorded ${instant(d.recorded_at)} by ${
      d.recorded_by || 'unknown'}`),
    d.revoked_at ? h('p', { class: 'who' }, h('strong', {}, 'Revoked'),
      ` ${instant(d.revoked_at)} by ${d.revoked_by || 'unknown'}`) :
      write ? h('p', {}, revokeButton(c, d, box)) : null);
  });
  return h('section', { class: 'log', 'aria-labelledby': 'log-title' },
    h('h2', { id: 'log-title' }, 'Decision log'),
    items.length ? h('ol', { class: 'decisions' }, items) :
      h('p', {}, 'No decision recorded yet.'), box);
}

function details(c) {
  const rows = [['Email', c.email], ['Manager', c.manager_email],
    ['Unit', c.unit], ['Staff type', c.staff_type +
      (c.indefinite ? ', indefinite' : '')], ['Post', c.post_title],
    ['Grade', c.grade], ['Twin-graded', yesNo(c.twin_graded)],
    ['Vacancy', c.vacancy], ['Start', c.start]];
  return h('dl', { class: 'facts' }, rows.filter(([, v]) => v).map(([k, v]) =>
    [h('dt', {}, k), h('dd', {}, String(v))]));
}

function crumbs(ctx) {
  return h('p', { class: 'crumbs' }, h('a', { href: '#/upcoming' },
    `← ${scopeLabel(ctx.account) || 'Upcoming'}`), ' · ',
  h('a', { href: '#/people' }, 'People'));
}

// A contract out of the account's reach answers 404 just like one that
// does not exist (its existence is not revealed), so the page says both.
function notFound(box, id, ctx) {
  append(box, crumbs(ctx), h('h1', {}, 'Contract not found'),
    h('p', { class: 'message', id: 'not-found' }, `Contract ${id} was not ` +
      'found: it does not exist, or your account may not see it.'));
}

export async function renderContract(box, [id], ctx) {
  const write = canWrite(ctx.account);
  // The history is asked for alongside; its failure only empties its
  // section, never the page.
  const [c, history] = await Promise.all([
    api('GET', `/api/v1/contracts/${id}`).catch((err) => {
      if (err.status === 404)
        return null;
      throw err;
    }),
    canOversee(ctx.account) ? fetchHistory(id).catch((err) => err) : null]);
  if (c === null) {
    notFound(box, id, ctx);
    return;
  }
  const flash = sessionStorage.getItem('tenured-flash');
  sessionStorage.removeItem('tenured-flash');
  const milestones = table('Milestones', ['Date', 'Milestone', 'Status'],
    c.milestones.map((m) => ({
      className: m.overdue ? 'overdue' : m.status,
      cells: [m.at ? instant(m.at) : m.date, kindLabel(m.kind),
        m.overdue ? `${m.status}, overdue` : m.status],
    })));
  milestones.id = 'milestones';
  append(box,
    crumbs(ctx),
    h('p', { class: 'contract-id', id: 'contract-id' }, `Contract ${c.id}`),
    h('h1', {}, c.name),
    flash ? h('p', { class: 'message', role: 'status' }, flash) : null,
    details(c),
    h('div', { class: 'contract-grid' },
      h('section', { class: 'drawing', 'aria-labelledby': 'tl-heading' },
        h('h2', { id: 'tl-heading' }, 'Timeline'),
        // Narrow screens scroll the drawing sideways rather than shrink
        // its text; tabindex lets the keyboard scroll it too.
        h('figure', { class: 'scroll', tabindex: '0',
          'aria-label': 'Timeline drawing' }, drawTimeline(c, ctx.today),
          h('figcaption', { class: 'legend' },
            h('span', { class: 'key term' }, 'term'),
            h('span', { class: 'key projected' }, 'projected'),
            h('span', { class: 'key band' }, 'conversion window'),
            h('span', { class: 'key past' }, 'past'),
            h('span', { class: 'key today' }, 'today'))),
        milestones),
      decisionLog(c, write)),
    write ? h('section', { class: 'forms', 'aria-labelledby': 'forms-title' },
      h('h2', { id: 'forms-title' }, 'Record a decision or a correction'),
      DECISIONS.map((d) => decisionForm(c, d)), acknowledgeForm(c),
      correctionForm(c)) : null,
    history ? historySection(c.id, history) : null);
}
