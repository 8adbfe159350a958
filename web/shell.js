// The page's own texts in the reader's language (index.html holds the
// English for the first paint and for readers without scripts), and the
// header's EN/FR switch.
import { lang, setLang, t, withNodes } from './i18n.js';
import { h } from './dom.js';

function text(selector, value) {
  const el = document.querySelector(selector);
  if (el)
    el.textContent = value;
}

export function translateShell() {
  document.title = t('tenured — HR deadlines');
  document.querySelector('header nav').setAttribute('aria-label', t('Views'));
  text('nav a[data-view="people"]', t('People'));
  text('nav a[data-view="vacancies"]', t('Vacancies'));
  text('nav a[data-view="health"]', t('Delivery health'));
  text('#sign-out', t('Sign out'));
  text('#login-title', t('Sign in with your own token'));
  text('label[for="token"]', t('Your API token'));
  text('#login-form button[type="submit"]', t('Sign in'));
  const code = (s) => h('code', {}, s);
  document.getElementById('login-hint').replaceChildren(...withNodes(t(
    'An administrator creates your account and gives you its token once ' +
    '(starting with {prefix}). This tab keeps it until it is closed or you ' +
    'sign out. Behind single sign-on no token is needed.'),
    { prefix: code('tnrd_') }));
  document.getElementById('login-hint-admin').replaceChildren(...withNodes(t(
    'The built-in administrator account\'s token is the first line of the ' +
    'file named by {key} in tenured.conf (with {demo}: {file}).'),
    { key: code('api_token_file'), demo: code('scripts/demo'),
      file: code('var/api-token') }));
  const group = document.getElementById('lang-switch');
  group.setAttribute('aria-label', t('Language'));
  for (const b of group.querySelectorAll('button[data-lang]'))
    b.setAttribute('aria-pressed', String(b.dataset.lang === lang()));
}

// onChange redraws what the scripts wrote (the header, the view).
export function languageSwitch(onChange) {
  for (const b of document.querySelectorAll('#lang-switch button')) {
    b.addEventListener('click', () => {
      if (b.dataset.lang === lang())
        return;
      setLang(b.dataset.lang);
      translateShell();
      onChange();
    });
  }
  translateShell();
}
