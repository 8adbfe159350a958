// Calls to tenured's JSON API with the bearer token of this browser tab
// (or none, behind a single-sign-on proxy), and its errors in plain words,
// in the reader's language: Accept-Language makes the daemon's own words
// (error messages) come in it too.
import { N_, lang, t } from './i18n.js';

const KEY = 'tenured-token';

export function token() {
  return sessionStorage.getItem(KEY);
}

export function setToken(value) {
  sessionStorage.setItem(KEY, value);
}

export function forgetToken() {
  sessionStorage.removeItem(KEY);
}

const FIELD_NAMES = {
  until: N_('the end date'), date: N_('the date'), reason: N_('the reason'),
  name: N_('the name'), email: N_('the email address'),
  manager_email: N_('the manager\'s email address'),
  start: N_('the start date'), birth_date: N_('the date of birth'),
  staff_type: N_('the staff type'), vacancy: N_('the vacancy reference'),
  post: N_('the post number'), type: N_('the decision'),
  kind: N_('the milestone'), unit: N_('the unit'),
  post_title: N_('the post title'), grade: N_('the grade'),
  language: N_('the language'),
};

// An email address at the start keeps its small letters.
function sentence(text) {
  const p = period(text);
  if (p === '.')
    return '';
  return /^[^\s@]+@/.test(p) ? p : p[0].toUpperCase() + p.slice(1);
}

function period(text) {
  const t = String(text || '').trim();
  return t + (/[.!?]$/.test(t) ? '' : '.');
}

export class ApiError extends Error {
  constructor(status, body) {
    super(ApiError.words(status, body));
    this.status = status;
    this.field = body && body.error ? body.error.field : null;
    this.code = body && body.error ? body.error.code : null;
    // The daemon's own words, for a message shown beside its field.
    this.detail = body && body.error && body.error.message ?
      sentence(body.error.message) : null;
    // A batch's refusal (CSV import): every bad row, with its line and
    // column.
    this.errors = body && Array.isArray(body.errors) ? body.errors : null;
  }

  static words(status, body) {
    if (body && Array.isArray(body.errors))
      return body.errors.map((e) => (e.field ?
        t('Line {line}: {field}: {message}', e) :
        t('Line {line}: {message}', e))).join(' ');
    const e = body && body.error;
    if (!e)
      return t('The daemon answered with status {status}.', { status });
    const field = e.field ? FIELD_NAMES[e.field] ? t(FIELD_NAMES[e.field]) :
      t('“{field}”', e) : t('the form');
    switch (e.code) {
    case 'invalid_field':
      return t('Please check {field}: {message}', { field,
        message: period(e.message) });
    case 'conflict':
      return t('This is not possible: {message} Nothing was saved.',
        { message: sentence(e.message) });
    case 'not_found':
      return t('It was not found (it may have been removed).');
    case 'unauthorized':
      return t('The token was not accepted. Please enter it again.');
    case 'forbidden':
      return t('Your account\'s role may not do this.');
    case 'too_large':
      return t('That is too large: {message}', { message:
        sentence(e.message) });
    case 'unavailable':
      return t('The database cannot be written just now; nothing was ' +
        'saved. Please try again later.');
    default:
      return sentence(e.message) || t('The daemon answered with status ' +
        '{status}.', { status });
    }
  }
}

// method, path, and a body: an object (sent as JSON), a string (sent as
// text/plain) or a Blob such as a chosen file (sent as it is, with type as
// its Content-Type). Resolves to the answer's JSON; rejects with ApiError.
export async function api(method, path, body, type) {
  const bearer = token();
  const headers = { Accept: 'application/json', 'Accept-Language': lang() };
  if (bearer)
    headers.Authorization = `Bearer ${bearer}`;
  let payload;
  if (typeof body === 'string' || body instanceof Blob) {
    headers['Content-Type'] = type || 'text/plain; charset=utf-8';
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let answer;
  try {
    // With a token, nothing ambient is sent. Without one, a single-sign-on
    // proxy in front may need its own session cookie (or Kerberos) to add
    // the user header, and those only go with same-origin credentials.
    answer = await fetch(path, { method, headers, body: payload,
      cache: 'no-store', credentials: bearer ? 'omit' : 'same-origin' });
  } catch (err) {
    throw new ApiError(0, { error: { code: 'network', message:
      t('the daemon cannot be reached; is tenured running?') } });
  }
  let json = null;
  try {
    json = await answer.json();
  } catch (err) {
    json = null;
  }
  if (answer.status === 401) {
    forgetToken();
    window.dispatchEvent(new Event('tenured-unauthorized'));
  }
  if (!answer.ok)
    throw new ApiError(answer.status, json);
  return json;
}

// Every page of a paged milestone listing, up to max items.
export async function milestones(query, max) {
  const items = [];
  let after = null;
  for (;;) {
    const q = new URLSearchParams(query);
    if (after !== null)
      q.set('after', after);
    const page = await api('GET', `/api/v1/milestones?${q}`);
    items.push(...page.milestones);
    after = page.next_after;
    if (after === null || items.length >= max)
      return { items, more: after !== null };
  }
}

// One page of contracts (GET /api/v1/contracts?q=), after the given ID.
export function contractsPage(q, after, limit) {
  const p = new URLSearchParams();
  if (q)
    p.set('q', q);
  if (after !== null && after !== undefined)
    p.set('after', String(after));
  p.set('limit', String(limit));
  return api('GET', `/api/v1/contracts?${p}`);
}

// Every contract matching q, up to max.
export async function contracts(q, max) {
  const items = [];
  let after = null;
  for (;;) {
    const page = await contractsPage(q, after, 500);
    items.push(...page.contracts);
    after = page.next_after;
    if (after === null || items.length >= max)
      return { items, more: after !== null };
  }
}
