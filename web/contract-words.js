// The words of a contract's coded fields, shared by the forms that set
// them and the views that show them: the API keeps its codes (SPEC
// section 7), the reader sees words.
import { N_, t } from './i18n.js';
import { h } from './dom.js';

// [code, words]; the select shows the words, sends the code.
export const STAFF_TYPES = [['external', N_('external')],
  ['seconded', N_('seconded')], ['serving', N_('serving')]];

// The person's language (reminders, feeds). Optional: '' sends nothing.
export const LANGUAGES = [['', N_('not set')], ['en', N_('English')],
  ['fr', N_('French')]];

function words(list, code) {
  const found = list.find(([c]) => c === code);
  return found ? t(found[1]) : code || '';
}

export function staffTypeWords(code) {
  return words(STAFF_TYPES, code);
}

export function languageWords(code) {
  return code ? words(LANGUAGES, code) : '';
}

// A <select> of such a list, its translated words as the options' text.
export function options(list, value) {
  return list.map(([code, label]) => h('option', { value: code,
    selected: code === (value ?? '') }, t(label)));
}
