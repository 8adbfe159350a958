// The dashboard's entry point: who is signed in, the clock, and the views
// behind the hash routes #/upcoming, #/people, #/contract/ID, #/vacancies,
// #/health.
import { api, ApiError, forgetToken, setToken, token } from './api.js';
import { clear, h, when } from './dom.js';
import { t, withNodes } from './i18n.js';
import { languageSwitch } from './shell.js';
import { canOversee, roleWords, scopeLabel } from './roles.js';
import { renderUpcoming } from './upcoming.js';
import { renderContract } from './contract.js';
import { renderPeople } from './people.js';
import { renderVacancies } from './vacancies.js';
import { renderHealth } from './health.js';

const view = document.getElementById('view');
const login = document.getElementById('login');
const loginForm = document.getElementById('login-form');
const loginError = document.getElementById('login-error');
const clock = document.getElementById('clock');
const who = document.getElementById('account');
const signOut = document.getElementById('sign-out');
// What every view needs: the signed-in account (GET /api/v1/me) and the
// scheduling clock's today, which /me gives to every role (managers and
// staff may not read /api/v1/status).
const ctx = { today: null, account: null };

// [pattern, nav item, render, may the account see it]
const ROUTES = [
  [/^#\/upcoming(?:\?(.*))?$/, 'upcoming', renderUpcoming, () => true],
  [/^#\/people(?:\?(.*))?$/, 'people', renderPeople, () => true],
  [/^#\/contract\/(\d+)$/, 'people', renderContract, () => true],
  [/^#\/vacancies$/, 'vacancies', renderVacancies, canOversee],
  [/^#\/health$/, 'health', renderHealth, canOversee],
];

function showAccount(me) {
  ctx.account = me;
  ctx.today = me ? me.today : null;
  clock.replaceChildren(...me ? withNodes(t('Today: {date}'),
    { date: when(me.today) }) : []);
  who.textContent = me ? `${me.name} · ${roleWords(me.role)}` : '';
  who.title = me && me.email ? me.email : '';
  // Behind single sign-on this tab holds no token: signing out is the
  // proxy's business, and a button here would sign nobody out.
  signOut.hidden = !me || me.via === 'proxy';
  for (const li of document.querySelectorAll('nav li[data-oversee]'))
    li.hidden = !canOversee(me);
  const home = document.querySelector('nav a[data-view="upcoming"]');
  home.textContent = scopeLabel(me) || t('Upcoming');
}

// Why the form shows, as a function: a language switch says it again.
let loginWhy = null;

function askToken(why) {
  showAccount(null);
  view.hidden = true;
  login.hidden = false;
  loginWhy = typeof why === 'function' ? why : () => why || '';
  loginError.textContent = loginWhy();
  document.getElementById('token').focus();
}

// Who is this tab? With the stored token if any, else with none: behind a
// single-sign-on proxy the proxy names the user and no token is needed.
async function signIn() {
  showAccount(await api('GET', '/api/v1/me'));
}

let generation = 0;

function notAllowed(box) {
  box.append(h('h1', {}, t('Not available')),
    h('p', {}, t('This view is not open to the {role} role.',
      { role: roleWords(ctx.account.role) })),
    h('p', {}, h('a', { href: '#/upcoming' }, scopeLabel(ctx.account) ||
      t('Upcoming milestones'))));
}

async function route() {
  if (!ctx.account)
    return;		// the sign-in form is showing
  const hash = location.hash || '#/upcoming';
  const found = ROUTES.map(([re, nav, fn, may]) => [re.exec(hash), nav, fn,
    may]).find(([m]) => m);
  if (!found) {
    location.replace('#/upcoming');
    return;
  }
  const [match, nav, render, may] = found;
  const mine = ++generation;
  login.hidden = true;
  view.hidden = false;
  for (const a of document.querySelectorAll('nav a')) {
    if (a.dataset.view === nav)
      a.setAttribute('aria-current', 'page');
    else
      a.removeAttribute('aria-current');
  }
  const box = h('div', { class: 'view', 'aria-busy': 'true' });
  try {
    if (may(ctx.account))
      await render(box, match.slice(1), ctx);
    else
      notAllowed(box);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401)
      return;
    box.replaceChildren(h('h1', { tabindex: '-1' },
      t('Something went wrong')),
      h('p', { class: 'message error', role: 'alert' }, err.message));
  }
  if (mine !== generation)
    return;		// a later navigation won
  box.removeAttribute('aria-busy');
  clear(view).append(box);
  const heading = view.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}

function refused() {
  return t('The token was not accepted. Check that it was copied ' +
    'whole; a renewed token or a disabled account stops the old one, and ' +
    'an administrator can give you a new one.');
}

loginForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = document.getElementById('token');
  setToken(input.value.trim());
  try {
    await signIn();
  } catch (err) {
    forgetToken();
    askToken(err.status === 401 ? refused : err.message);
    return;
  }
  input.value = '';
  route();
});

signOut.addEventListener('click', () => {
  forgetToken();
  // Whoever signs in next starts from their own list, not from the page
  // the last person left open (replaceState: no hashchange, no render).
  history.replaceState(null, '', '#/upcoming');
  askToken(() => t('You are signed out: this tab no longer holds your ' +
    'token.'));
});

// A token refused in the middle of a session (renewed, account disabled).
// Before sign-in, start() and the form say it themselves.
// Behind a single-sign-on proxy the session ran out instead: loading the
// page again goes through the proxy's sign-in.
window.addEventListener('tenured-unauthorized', () => {
  if (ctx.account && ctx.account.via === 'proxy')
    location.reload();
  else if (ctx.account)
    askToken(refused);
});
window.addEventListener('hashchange', route);
// Views ask for a fresh drawing after a change they made.
window.addEventListener('tenured-refresh', route);

// A new language: the header and the view are drawn again in it (a form
// half filled in starts again).
languageSwitch(() => {
  if (ctx.account) {
    showAccount(ctx.account);
    route();
  } else if (loginWhy) {
    loginError.textContent = loginWhy();
  }
});

async function start() {
  const had = token() !== null;
  try {
    await signIn();
  } catch (err) {
    // No token and no proxy: simply the form, without a complaint.
    askToken(err.status !== 401 ? err.message : had ? refused : '');
    return;
  }
  route();
}
start();
