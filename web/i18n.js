// The dashboard's two languages (SPEC section 12). English is the text in
// the code; French comes from po/fr.po, compiled at build time into
// i18n-fr.js (window.TENURED_FR, by po/po2c.py json), which the page loads
// before this module. Messages are marked t('...') and tn('one', 'many', n)
// so that xgettext finds them (po/xgettext-args), N_('...') in tables that
// are translated where they are shown.

const KEY = 'tenured-lang';
export const LANGS = ['en', 'fr'];
const LOCALES = { en: 'en-GB', fr: 'fr-FR' };

// The reader's choice, else the browser's first language we speak.
function pick() {
  let saved = null;
  try {
    saved = localStorage.getItem(KEY);
  } catch (err) {
    saved = null;		// storage refused (privacy settings)
  }
  if (LANGS.includes(saved))
    return saved;
  for (const tag of navigator.languages || [navigator.language]) {
    const base = String(tag || '').toLowerCase().split('-')[0];
    if (LANGS.includes(base))
      return base;
  }
  return 'en';
}

let current = pick();
document.documentElement.lang = current;

export function lang() {
  return current;
}

// Chosen with the header's switch: kept for the next visits.
export function setLang(l) {
  if (!LANGS.includes(l))
    return;
  current = l;
  try {
    localStorage.setItem(KEY, l);
  } catch (err) {
    // The choice holds for this page only.
  }
  document.documentElement.lang = l;
}

function catalog() {
  return current === 'fr' ? window.TENURED_FR || {} : {};
}

// {name} -> vars.name; an unknown name stays as written.
function fill(text, vars) {
  if (!vars)
    return text;
  return text.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) :
    m));
}

export function t(msgid, vars) {
  const found = catalog()[msgid];
  return fill(typeof found === 'string' ? found : msgid, vars);
}

// French puts 0 with 1 in the singular (fr.po: plural=(n > 1)).
export function tn(one, many, n, vars) {
  const found = catalog()[one];
  const plural = current === 'fr' ? n > 1 : n !== 1;
  const text = Array.isArray(found) ? found[plural ? 1 : 0] :
    plural ? many : one;
  return fill(text, { n, ...vars });
}

// Marks a message for extraction only; t() translates it where it shows.
export function N_(msgid) {
  return msgid;
}

// A translated message with nodes in it: withNodes(t('Starts with
// {prefix}.'), { prefix: <code> }) gives ['Starts with ', <code>, '.'].
export function withNodes(text, nodes) {
  return text.split(/(\{\w+\})/).filter((p) => p !== '').map((p) => {
    const m = /^\{(\w+)\}$/.exec(p);
    return m && m[1] in nodes ? nodes[m[1]] : p;
  });
}

const formats = new Map();
function format(month) {
  const key = `${current}-${month}`;
  if (!formats.has(key))
    formats.set(key, new Intl.DateTimeFormat(LOCALES[current], {
      day: 'numeric', month, year: 'numeric', timeZone: 'UTC' }));
  return formats.get(key);
}

// "2031-08-31" -> "31 August 2031" / "31 août 2031"; French writes the
// first of the month as an ordinal ("1er février 2027"), as the daemon
// does (jobs/i18n.c). month 'short' gives "31 Aug 2031" for tight places.
export function date(iso, month) {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(iso || '');
  if (!m)
    return iso || '';
  const parts = format(month || 'long').formatToParts(new Date(Date.UTC(
    Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
  return parts.map((p) => (p.type === 'day' && current === 'fr' &&
    p.value === '1' ? '1er' : p.value)).join('');
}

// "2025-06-22T23:59:00+02:00" -> "22 June 2025 at 23:59 +02:00"; the
// offset stays: the reader sees the instant as the daemon meant it.
export function instant(text) {
  if (!text)
    return '';
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(?::\d\d(?:\.\d+)?)?(Z|[+-]\d\d:\d\d)$/
    .exec(text);
  if (!m)
    return text;
  return t('{date} at {time}', { date: date(m[1]),
    time: `${m[2]} ${m[3] === 'Z' ? 'UTC' : m[3]}` });
}

// Numbers and names sorted as the reader's language sorts them.
export function collator() {
  return new Intl.Collator(LOCALES[current], { sensitivity: 'base',
    numeric: true });
}
