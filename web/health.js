// Delivery health: first what waits for a channel that is not configured,
// and the next reminder due; then the outbox by state, reminders that are
// retrying or dead with their last error; feeds with their last fetch. The roles that
// may write also get retry, rotate and revoke; an auditor reads only.
import { api } from './api.js';
import { append, clear, h, instant, kindLabel, messageBox, showMessage,
  table } from './dom.js';
import { canWrite } from './roles.js';

function again(message) {
  sessionStorage.setItem('tenured-flash', message);
  window.dispatchEvent(new Event('tenured-refresh'));
}

function who(r) {
  if (r.contract_id)
    return h('a', { href: `#/contract/${r.contract_id}` },
      r.person && r.person.name ? r.person.name : `Contract ${r.contract_id}`);
  return r.vacancy ? `Vacancy ${r.vacancy}` : '';
}

function retryButton(r, box) {
  const b = h('button', { type: 'button', class: 'small',
    'aria-label': `Retry reminder ${r.id}` }, 'Retry');
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      await api('POST', `/api/v1/outbox/${r.id}/retry`);
      again(`Reminder ${r.id} will be sent again now.`);
    } catch (err) {
      b.disabled = false;
      showMessage(box, err.message, true);
    }
  });
  return b;
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

// "12 reminders wait for email, which is not configured: no [smtp] url".
export function waitingWords(w) {
  const reason = String(w.reason || '');
  const m = /not configured(?: \(|:\s*)(.*?)\)?$/.exec(reason);
  const why = m ? m[1] : reason;
  return `${plural(w.count, 'reminder waits', 'reminders wait')} for ${
    w.channel}, which is not configured${why ? `: ${why}` : ''}.`;
}

function waitingSection(status) {
  const waiting = (status.waiting || []).filter((w) => w.count > 0);
  const next = status.next_reminder;
  return h('section', { class: 'status-now', id: 'delivery-status',
    'aria-labelledby': 'waiting-title' },
  h('h2', { id: 'waiting-title' }, waiting.length ?
    'Reminders that cannot be sent' : 'Sending'),
  waiting.length ? h('ul', { class: 'waiting', id: 'waiting' },
    waiting.map((w) => h('li', { 'data-channel': w.channel },
      waitingWords(w)))) :
    h('p', { id: 'waiting' }, 'No reminder waits for a channel that is ' +
      'not configured.'),
  h('p', { id: 'next-reminder' }, next ? [h('strong', {}, 'Next reminder: '),
    nextWhat(next), `, to ${next.recipient || 'nobody'} through ${
      next.channel}, due ${instant(next.due_at)} (reminder ${next.id}).`] :
    'No reminder is due to be sent.'));
}

// The person comes as a name, or as {name, email} like the outbox's.
function nextWhat(next) {
  const name = next.person && typeof next.person === 'object' ?
    next.person.name : next.person;
  if (next.kind === 'digest')
    return 'The digest';
  return [`${kindLabel(next.kind)} for `, next.contract_id ?
    h('a', { href: `#/contract/${next.contract_id}` }, name ||
      `Contract ${next.contract_id}`) : 'a vacancy'];
}

function outboxTable(title, rows, box, write) {
  if (!rows.length)
    return h('p', {}, `No reminder is ${title.toLowerCase()}.`);
  const headers = ['Reminder', 'For', 'Milestone', 'Channel', 'Recipient',
    'Attempts', 'Next attempt', 'Last error'];
  return table(`${title} reminders`, write ? [...headers, ''] : headers,
    rows.map((r) => ({ className: r.status, cells: [String(r.id), who(r),
      `${kindLabel(r.kind)} ${r.milestone_date || ''}`, r.channel,
      r.recipient || '', String(r.attempts), instant(r.next_attempt_at),
      h('span', { class: 'error-text' }, r.last_error || ''),
      ...write ? [retryButton(r, box)] : []] })));
}

function feedActions(f, box, shown) {
  const rotate = h('button', { type: 'button', class: 'small',
    'aria-label': `Rotate the URL of feed ${f.name}` }, 'Rotate');
  const revoke = h('button', { type: 'button', class: 'small',
    'aria-label': `Revoke feed ${f.name}` }, 'Revoke');
  const confirm = h('button', { type: 'button', class: 'small danger',
    hidden: true }, `Confirm: revoke ${f.name}`);
  rotate.addEventListener('click', async () => {
    try {
      const a = await api('POST', `/api/v1/feeds/${f.id}/rotate`);
      // The new secret URL is shown once, like the API gives it once.
      append(clear(shown), h('p', {}, `New address of ${f.name} (the old ` +
        'one no longer works): '), h('p', {}, h('code', { class: 'url' },
        a.url || '')), a.webcal_url ? h('p', {}, h('code', { class: 'url' },
        a.webcal_url)) : null);
      showMessage(box, `Feed ${f.name} rotated.`);
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
      again(`Feed ${f.name} revoked: its address now answers 404.`);
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
  const countTable = table('Reminders by state', counts.map(([k]) => k),
    [{ cells: counts.map(([, n]) => String(n)) }]);
  countTable.id = 'outbox-counts';
  append(box, h('h1', {}, 'Delivery health'),
    flash ? h('p', { class: 'message', role: 'status' }, flash) : null,
    waitingSection(status),
    h('section', { 'aria-labelledby': 'outbox-title' },
      h('h2', { id: 'outbox-title' }, 'Reminders'), countTable,
      outboxTable('Retrying', retrying.outbox, outboxBox, write),
      outboxTable('Dead', dead.outbox, outboxBox, write), outboxBox),
    h('section', { 'aria-labelledby': 'feeds-title' },
      h('h2', { id: 'feeds-title' }, 'Calendar feeds'),
      feedList.length ? table(null, ['Feed', 'Scope', 'Events', 'Last fetch',
        'Client', 'Fetches', ...write ? [''] : []], feedList.map((f) => ({
        cells: [f.name, f.scope, String(f.matches), f.last_fetch_at ?
          instant(f.last_fetch_at) : 'never', f.last_client || '',
        String(f.fetch_count), ...write ? [h('span', {}, feedActions(f,
          feedBox, shown))] : []] }))) :
        h('p', {}, 'No feed yet (tenurectl feed create).'),
      shown, feedBox));
}
