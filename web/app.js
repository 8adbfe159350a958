// The dashboard's entry point: the token, the clock, and the views behind
// the hash routes #/upcoming, #/contract/ID, #/vacancies, #/health.
import { api, ApiError, forgetToken, setToken, token } from './api.js';
import { clear, h } from './dom.js';
import { renderUpcoming } from './upcoming.js';
import { renderContract } from './contract.js';
import { renderVacancies } from './vacancies.js';
import { renderHealth } from './health.js';

const view = document.getElementById('view');
const login = document.getElementById('login');
const loginForm = document.getElementById('login-form');
const loginError = document.getElementById('login-error');
const clock = document.getElementById('clock');
const signOut = document.getElementById('sign-out');
// What every view needs: the scheduling clock's today, from the daemon.
const ctx = { today: null, status: null };

const ROUTES = [
  [/^#\/upcoming(?:\?(.*))?$/, 'upcoming', renderUpcoming],
  [/^#\/contract\/(\d+)$/, 'upcoming', renderContract],
  [/^#\/vacancies$/, 'vacancies', renderVacancies],
  [/^#\/health$/, 'health', renderHealth],
];

function askToken(message) {
  view.hidden = true;
  login.hidden = false;
  signOut.hidden = true;
  loginError.textContent = message || '';
  document.getElementById('token').focus();
}

async function loadStatus() {
  ctx.status = await api('GET', '/api/v1/status');
  ctx.today = ctx.status.today;
  clock.textContent = `Today: ${ctx.today}`;
}

let generation = 0;

async function route() {
  if (!token()) {
    askToken();
    return;
  }
  const hash = location.hash || '#/upcoming';
  const found = ROUTES.map(([re, nav, fn]) => [re.exec(hash), nav, fn])
    .find(([m]) => m);
  if (!found) {
    location.replace('#/upcoming');
    return;
  }
  const [match, nav, render] = found;
  const mine = ++generation;
  login.hidden = true;
  view.hidden = false;
  signOut.hidden = false;
  for (const a of document.querySelectorAll('nav a')) {
    if (a.dataset.view === nav)
      a.setAttribute('aria-current', 'page');
    else
      a.removeAttribute('aria-current');
  }
  const box = h('div', { class: 'view', 'aria-busy': 'true' });
  try {
    if (ctx.today === null)
      await loadStatus();
    await render(box, match.slice(1), ctx);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401)
      return;
    box.replaceChildren(h('h1', { tabindex: '-1' }, 'Something went wrong'),
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

loginForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = document.getElementById('token');
  setToken(input.value.trim());
  try {
    await loadStatus();
  } catch (err) {
    forgetToken();
    askToken(err.message);
    return;
  }
  input.value = '';
  route();
});

signOut.addEventListener('click', () => {
  forgetToken();
  ctx.today = null;
  askToken('The token was forgotten.');
});

window.addEventListener('tenured-unauthorized', () => {
  ctx.today = null;
  askToken('The token was not accepted. Please enter it again.');
});
window.addEventListener('hashchange', route);
// Views ask for a fresh drawing after a change they made.
window.addEventListener('tenured-refresh', route);
route();
