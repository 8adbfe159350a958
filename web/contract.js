// One contract: its ID, timeline, milestones and decision log, its history
// for the roles that read the audit log, and for those that may write,
// forms for every decision (an acknowledgment too) and for corrections. Each form calls the API and
// shows the refusal, if any, in plain words beside the field it names.
import { api } from './api.js';
import { append, h, kindLabel, messageBox, showMessage, statusLabel, table,
  when, whenAt, yesNo } from './dom.js';
import { N_, date, instant, t, withNodes } from './i18n.js';
import { LANGUAGES, STAFF_TYPES, languageWords, options,
  staffTypeWords } from './contract-words.js';
import { canOversee, canWrite, scopeLabel } from './roles.js';
import { fetchHistory, historySection } from './history.js';
import { drawTimeline } from './timeline.js';

const DECISIONS = [
  { type: 'renewed', title: N_('Record a renewal'),
    button: N_('Record renewal'),
    fields: [['until', N_('Renewed until'), 'date']] },
  { type: 'not_renewed', title: N_('Record that it is not renewed'),
    button: N_('Record non-renewal'),
    fields: [['date', N_('Decided on'), 'date']] },
  { type: 'conversion_requested', title: N_('Record a conversion request'),
    button: N_('Record request'),
    fields: [['date', N_('Requested on'), 'date']] },
  { type: 'converted', title: N_('Record a conversion to indefinite'),
    button: N_('Record conversion'),
    fields: [['date', N_('Converted on'), 'date']] },
  { type: 'separated', title: N_('Record a separation'),
    button: N_('Record separation'),
    fields: [['date', N_('Separated on'), 'date'],
      ['reason', N_('Reason'), 'text']] },
];

const DECISION_WORDS = { renewed: N_('Renewed'),
  not_renewed: N_('Not renewed'),
  conversion_requested: N_('Conversion requested'),
  converted: N_('Converted'), separated: N_('Separated'),
  acknowledged: N_('Acknowledged') };

function decisionWords(type) {
  return DECISION_WORDS[type] ? t(DECISION_WORDS[type]) : type;
}

// The decision milestones an acknowledgment can mark done (SPEC section 4).
const ACK_KINDS = ['renewal_decision_due', 'national_agreement_due',
  'conversion_request_deadline'];

// Fields of the correction form: [field, label, input type or the
// [code, words] of a select].
const FIELDS = [
  ['name', N_('Name'), 'text'], ['email', N_('Email'), 'email'],
  ['manager_email', N_('Manager email'), 'email'],
  ['unit', N_('Unit'), 'text'],
  ['vacancy', N_('Vacancy reference'), 'text'],
  ['post', N_('Post number'), 'number'],
  ['post_title', N_('Post title'), 'text'], ['grade', N_('Grade'), 'text'],
  ['start', N_('Start'), 'date'], ['birth_date', N_('Date of birth'), 'date'],
  ['staff_type', N_('Staff type'), STAFF_TYPES],
  ['language', N_('Language'), LANGUAGES],
  ['indefinite', N_('Holds an indefinite contract'), 'checkbox'],
  ['twin_graded', N_('Twin-graded post'), 'checkbox'],
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
    el = h('select', { id, name: field }, options(type, value));
  } else if (type === 'checkbox') {
    el = h('input', { id, name: field, type, checked: !!value });
    return h('p', { class: 'field check' }, el, h('label', { for: id },
      t(label)));
  } else {
    el = h('input', { id, name: field, type, value: value ?? '',
      required: REQUIRED.includes(field) || prefix !== 'edit',
      min: type === 'number' ? '1' : null });
  }
  return h('p', { class: 'field' }, h('label', { for: id }, t(label)), el);
}

function decisionForm(c, d) {
  const box = messageBox();
  const prefix = slug(d.type);
  const form = h('form', { class: 'decision', id: `form-${prefix}` },
    d.fields.map((f) => input(prefix, f)),
    h('p', { class: 'field actions' }, h('button', { type: 'submit' },
      t(d.button))), box);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { type: d.type };
    for (const [field] of d.fields)
      body[field] = form.elements[field].value;
    showMessage(box, t('Saving…'));
    try {
      const answer = await api('POST', `/api/v1/contracts/${c.id}/decisions`,
        body);
      refresh(answer.contract, t('{decision}: recorded.',
        { decision: decisionWords(d.type) }));
    } catch (err) {
      showMessage(box, err.message, true);
      markInvalid(form, err.field);
    }
  });
  return h('details', { class: 'panel' }, h('summary', {}, t(d.title)),
    form);
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
    open.map((m) => h('option', { value: m.kind }, (m.overdue ?
      t('{milestone} ({date}, overdue)', { milestone: kindLabel(m.kind),
        date: date(m.date) }) :
      t('{milestone} ({date})', { milestone: kindLabel(m.kind),
        date: date(m.date) })))) :
    h('option', { value: '' }, t('Nothing scheduled to acknowledge')));
  const form = h('form', { class: 'decision', id: 'form-acknowledged' },
    h('p', { class: 'hint' }, t('Marks the earliest scheduled milestone of ' +
      'that kind as done, and changes nothing else.')),
    h('p', { class: 'field' }, h('label', { for: 'acknowledged-kind' },
      t('Milestone')), kind),
    h('p', { class: 'field' }, h('label', { for: 'acknowledged-reason' },
      t('Reason')), h('input', { id: 'acknowledged-reason', name: 'reason',
      type: 'text', required: true, disabled: !open.length })),
    h('p', { class: 'field actions' }, h('button', { type: 'submit',
      disabled: !open.length }, t('Record acknowledgment'))), box);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { type: 'acknowledged', kind: kind.value,
      reason: form.elements.reason.value.trim() };
    showMessage(box, t('Saving…'));
    try {
      const answer = await api('POST', `/api/v1/contracts/${c.id}/decisions`,
        body);
      refresh(answer.contract, t('Acknowledged: {milestone}.',
        { milestone: kindLabel(body.kind) }));
    } catch (err) {
      showMessage(box, err.message, true);
      markInvalid(form, err.field);
    }
  });
  return h('details', { class: 'panel' }, h('summary', {},
    t('Acknowledge a milestone')), form);
}

function correctionForm(c) {
  const box = messageBox();
  const form = h('form', { class: 'correct', id: 'form-edit' },
    FIELDS.map((f) => input('edit', f, c[f[0]])),
    h('p', { class: 'field actions' }, h('button', { type: 'submit' },
      t('Save corrections'))), box);
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
      showMessage(box, t('Nothing was changed.'));
      return;
    }
    showMessage(box, t('Saving…'));
    try {
      const answer = await api('PATCH', `/api/v1/contracts/${c.id}`, body);
      const labels = Object.keys(body).map((k) => t(FIELDS.find(([f]) =>
        f === k)[1]).toLowerCase());
      refresh(answer, t('Corrected: {fields}.',
        { fields: labels.join(', ') }));
    } catch (err) {
      showMessage(box, err.message, true);
      markInvalid(form, err.field);
    }
  });
  return h('details', { class: 'panel' },
    h('summary', {}, t('Correct the contract')), form);
}

function revokeButton(c, d, box) {
  const button = h('button', { type: 'button', class: 'small' },
    t('Revoke'));
  const confirm = h('button', { type: 'button', class: 'small danger',
    hidden: true }, t('Confirm revocation'));
  button.addEventListener('click', () => {
    confirm.hidden = false;
    confirm.focus();
  });
  confirm.addEventListener('click', async () => {
    try {
      const answer = await api('DELETE',
        `/api/v1/contracts/${c.id}/decisions/${d.id}`);
      refresh(answer, t('Decision {id} revoked.', d));
    } catch (err) {
      showMessage(box, err.message, true);
    }
  });
  return [button, ' ', confirm];
}

function decisionLog(c, write) {
  const box = messageBox();
  const items = c.decisions.map((d) => {
    const what = [d.kind ? t('{decision}: {milestone}', {
      decision: decisionWords(d.type), milestone: kindLabel(d.kind) }) :
      decisionWords(d.type)];
    if (d.until)
      what.push(' ', ...withNodes(t('until {date}'), { date: when(d.until) }));
    if (d.date)
      what.push(' ', ...withNodes(t('on {date}'), { date: when(d.date) }));
    if (d.reason)
      what.push(` (${d.reason})`);
    return h('li', { class: d.revoked_at ? 'revoked' : null,
      'data-decision': d.id, 'data-type': d.type },
    h('p', { class: 'what' }, what),
    h('p', { class: 'who' }, t('Recorded {when} by {who}', {
      when: instant(d.recorded_at), who: d.recorded_by || t('unknown') })),
    d.revoked_at ? h('p', { class: 'who' }, h('strong', {}, t('Revoked')),
      ' ', t('{when} by {who}', { when: instant(d.revoked_at),
        who: d.revoked_by || t('unknown') })) :
      write ? h('p', {}, revokeButton(c, d, box)) : null);
  });
  return h('section', { class: 'log', 'aria-labelledby': 'log-title' },
    h('h2', { id: 'log-title' }, t('Decision log')),
    items.length ? h('ol', { class: 'decisions' }, items) :
      h('p', {}, t('No decision recorded yet.')), box);
}

function details(c) {
  const type = staffTypeWords(c.staff_type);
  const rows = [[t('Email'), c.email], [t('Manager'), c.manager_email],
    [t('Unit'), c.unit], [t('Staff type'), c.indefinite ?
      t('{type}, indefinite', { type }) : type],
    [t('Post'), c.post_title], [t('Grade'), c.grade],
    [t('Twin-graded'), yesNo(c.twin_graded)], [t('Vacancy'), c.vacancy],
    [t('Start'), when(c.start)],
    // Shown once the API has it: older daemons leave it out.
    [t('Language'), languageWords(c.language)]];
  return h('dl', { class: 'facts' }, rows.filter(([, v]) => v).map(([k, v]) =>
    [h('dt', {}, k), h('dd', {}, v)]));
}

function crumbs(ctx) {
  return h('p', { class: 'crumbs' }, h('a', { href: '#/upcoming' },
    `← ${scopeLabel(ctx.account) || t('Upcoming')}`), ' · ',
  h('a', { href: '#/people' }, t('People')));
}

// A contract out of the account's reach answers 404 just like one that
// does not exist (its existence is not revealed), so the page says both.
function notFound(box, id, ctx) {
  append(box, crumbs(ctx), h('h1', {}, t('Contract not found')),
    h('p', { class: 'message', id: 'not-found' }, t('Contract {id} was not ' +
      'found: it does not exist, or your account may not see it.', { id })));
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
  const milestones = table(t('Milestones'), [t('Date'), t('Milestone'),
    t('Status')], c.milestones.map((m) => ({
    className: m.overdue ? 'overdue' : m.status,
    cells: [m.at ? whenAt(m.at) : when(m.date), kindLabel(m.kind),
      m.overdue ? t('{status}, overdue', { status: statusLabel(m.status) }) :
        statusLabel(m.status)],
  })));
  milestones.id = 'milestones';
  append(box,
    crumbs(ctx),
    h('p', { class: 'contract-id', id: 'contract-id', 'data-id': c.id },
      t('Contract {id}', c)),
    h('h1', {}, c.name),
    flash ? h('p', { class: 'message', role: 'status' }, flash) : null,
    details(c),
    h('div', { class: 'contract-grid' },
      h('section', { class: 'drawing', 'aria-labelledby': 'tl-heading' },
        h('h2', { id: 'tl-heading' }, t('Timeline')),
        // Narrow screens scroll the drawing sideways rather than shrink
        // its text; tabindex lets the keyboard scroll it too.
        h('figure', { class: 'scroll', tabindex: '0',
          'aria-label': t('Timeline drawing') }, drawTimeline(c, ctx.today),
          h('figcaption', { class: 'legend' },
            h('span', { class: 'key term' }, t('term')),
            h('span', { class: 'key projected' }, t('projected')),
            h('span', { class: 'key band' }, t('conversion window')),
            h('span', { class: 'key past' }, t('past')),
            h('span', { class: 'key today' }, t('today')))),
        milestones),
      decisionLog(c, write)),
    write ? h('section', { class: 'forms', 'aria-labelledby': 'forms-title' },
      h('h2', { id: 'forms-title' }, t('Record a decision or a correction')),
      DECISIONS.map((d) => decisionForm(c, d)), acknowledgeForm(c),
      correctionForm(c)) : null,
    history ? historySection(c.id, history) : null);
}
