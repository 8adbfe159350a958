// Delivery health: first what waits for a channel that is not configured,
// and the next reminder due; then the outbox by state, reminders that are
// retrying or dead with their last error; feeds with their last fetch. The roles that
// may write also get retry, rotate and revoke; an auditor reads only.
import { api } from './api.js';
import { append, clear, h, kindLabel, messageBox, showMessage, statusLabel,
  table, when, whenAt } from './dom.js';
import { t, tn, withNodes } from './i18n.js';
import { canWrite } from './roles.js';

function again(message) {
  sessionStorage.setItem('tenured-flash', message);
  window.dispatchEvent(new Event('tenured-refresh'));
}

function who(r) {
  if (r.contract_id)
    return h('a', { href: `#/contract/${r.contract_id}` },
      r.person && r.person.name ? r.person.name : t('Contract {id}',
        { id: r.contract_id }));
  return r.vacancy ? t('Vacancy {reference}', { reference: r.vacancy }) : '';
}

function retryButton(r, box) {
  const b = h('button', { type: 'button', class: 'small',
    'aria-label': t('Retry reminder {id}', r) }, t('Retry'));
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      await api('POST', `/api/v1/outbox/${r.id}/retry`);
      again(t('Reminder {id} will be sent again now.', r));
    } catch (err) {
      b.disabled = false;
      showMessage(box, err.message, true);
    }
  });
  return b;
}

// "12 reminders wait for email, which is not configured: no [smtp] url".
// The reason is the daemon's, in the request's language.
export function waitingWords(w) {
  const reason = String(w.reason || '');
  const m = /(?:not configured|pas configuré)(?: \(|\s*:\s*)(.*?)\)?$/
    .exec(reason);
  const why = m ? m[1] : reason;
  return why ? tn('{n} reminder waits for {channel}, which is not ' +
    'configured: {why}.', '{n} reminders wait for {channel}, which is not ' +
    'configured: {why}.', w.count, { channel: w.channel, why }) :
    tn('{n} reminder waits for {channel}, which is not configured.',
      '{n} reminders wait for {channel}, which is not configured.', w.count,
      { channel: w.channel });
}

function waitingSection(status) {
  const waiting = (status.waiting || []).filter((w) => w.count > 0);
  const next = status.next_reminder;
  return h('section', { class: 'status-now', id: 'delivery-status',
    'aria-labelledby': 'waiting-title' },
  h('h2', { id: 'waiting-title' }, waiting.length ?
    t('Reminders that cannot be sent') : t('Sending')),
  waiting.length ? h('ul', { class: 'waiting', id: 'waiting' },
    waiting.map((w) => h('li', { 'data-channel': w.channel },
      waitingWords(w)))) :
    h('p', { id: 'waiting' }, t('No reminder waits for a channel that is ' +
      'not configured.')),
  h('p', { id: 'next-reminder' }, next ? [h('strong', {},
    t('Next reminder:')), ' ', withNodes(t('{what}, to {recipient} through ' +
    '{channel}, due {due} (reminder {id}).'), { what: nextWhat(next),
    recipient: next.recipient || t('nobody'), channel: next.channel,
    due: whenAt(next.due_at), id: String(next.id) })] :
    t('No reminder is due to be sent.')));
}

// The person comes as a name, or as {name, email} like the outbox's.
function nextWhat(next) {
  const name = next.person && typeof next.person === 'object' ?
    next.person.name : next.person;
  if (next.kind === 'digest')
    return t('The digest');
  return withNodes(t('{milestone} for {whom}'), {
    milestone: kindLabel(next.kind), whom: next.contract_id ?
      h('a', { href: `#/contract/${next.contract_id}` }, name ||
        t('Contract {id}', { id: next.contract_id })) : t('a vacancy') });
}

// title: the caption; none: what to say when there are no rows.
function outboxTable(title, none, rows, box, write) {
  if (!rows.length)
    return h('p', {}, none);
  const headers = [t('Reminder'), t('For'), t('Milestone'), t('Channel'),
    t('Recipient'), t('Attempts'), t('Next attempt'), t('Last error')];
  return table(title, write ? [...headers, ''] : headers,
    rows.map((r) => ({ className: r.status, cells: [String(r.id), who(r),
      [kindLabel(r.kind), ' ', when(r.milestone_date)], r.channel,
      r.recipient || '', String(r.attempts), whenAt(r.next_attempt_at),
      h('span', { class: 'error-text' }, r.last_error || ''),
      ...write ? [retryButton(r, box)] : []] })));
}

function feedActions(f, box, shown) {
  const rotate = h('button', { type: 'button', class: 'small',
    'aria-label': t('Rotate the URL of feed {name}', f) }, t('Rotate'));
  const revoke = h('button', { type: 'button', class: 'small',
    'aria-label': t('Revoke feed {name}', f) }, t('Revoke'));
  const confirm = h('button', { type: 'button', class: 'small danger',
    hidden: true }, t('Confirm: revoke {name}', f));
  rotate.addEventListener('click', async () => {
    try {
      const a = await api('POST', `/api/v1/feeds/${f.id}/rotate`);
      // The new secret URL is shown once, like the API gives it once.
      append(clear(shown), h('p', {}, t('New address of {name} (the old ' +
        'one no longer works):', f)), h('p', {}, h('code', { class: 'url' },
        a.url || '')), a.webcal_url ? h('p', {}, h('code', { class: 'url' },
        a.webcal_url)) : null);
      showMessage(box, t('Feed {name} rotated.', f));
    } catch (err) {
      showMessage(box, err.message, true);
    }
  });
  revoke.addEventListener('click', () => {
    confirm.hidden = false;
    confirm.focus();
  });
  confirm.addEventListener('click', async () => {
    try {
      await api('DELETE', `/api/v1/feeds/${f.id}`);
      again(t('Feed {name} revoked: its address now answers 404.', f));
    } catch (err) {
      showMessage(box, err.message, true);
    }
  });
  return [rotate, ' ', revoke, ' ', confirm];
}

export async function renderHealth(box, params, ctx) {
  const write = canWrite(ctx.account);
  const [status, retrying, dead, feeds] = await Promise.all([
    api('GET', '/api/v1/status'),
    api('GET', '/api/v1/outbox?status=retrying&limit=500'),
    api('GET', '/api/v1/outbox?status=dead&limit=500'),
    api('GET', '/api/v1/feeds'),
  ]);
  const flash = sessionStorage.getItem('tenured-flash');
  sessionStorage.removeItem('tenured-flash');
  const outboxBox = messageBox();
  const feedBox = messageBox();
  const shown = h('div', { class: 'rotated', 'aria-live': 'polite' });
  const counts = Object.entries(dead.counts);
  const feedList = feeds.feeds || [];
  const countTable = table(t('Reminders by state'), counts.map(([k]) =>
    statusLabel(k)), [{ cells: counts.map(([, n]) => String(n)) }]);
  countTable.id = 'outbox-counts';
  append(box, h('h1', {}, t('Delivery health')),
    flash ? h('p', { class: 'message', role: 'status' }, flash) : null,
    waitingSection(status),
    h('section', { 'aria-labelledby': 'outbox-title' },
      h('h2', { id: 'outbox-title' }, t('Reminders')), countTable,
      outboxTable(t('Retrying reminders'), t('No reminder is retrying.'),
        retrying.outbox, outboxBox, write),
      outboxTable(t('Dead reminders'), t('No reminder is dead.'),
        dead.outbox, outboxBox, write), outboxBox),
    h('section', { 'aria-labelledby': 'feeds-title' },
      h('h2', { id: 'feeds-title' }, t('Calendar feeds')),
      feedList.length ? table(null, [t('Feed'), t('Scope'), t('Events'),
        t('Last fetch'), t('Client'), t('Fetches'), ...write ? [''] : []],
      feedList.map((f) => ({
        cells: [f.name, f.scope, String(f.matches), f.last_fetch_at ?
          whenAt(f.last_fetch_at) : t('never'), f.last_client || '',
        String(f.fetch_count), ...write ? [h('span', {}, feedActions(f,
          feedBox, shown))] : []] }))) :
        h('p', {}, withNodes(t('No feed yet ({command}).'),
          { command: h('code', {}, 'tenurectl feed create') })),
      shown, feedBox));
}
