// What the signed-in account's role (SPEC section 11) may see and do. The
// daemon decides and refuses the rest (403, or 404 for a contract out of
// reach); the dashboard only keeps out of sight what would be refused, so
// nobody is offered a form that cannot work.
import { N_, t } from './i18n.js';

const WORDS = { admin: N_('administrator'), hr: N_('HR'),
  auditor: N_('auditor'), manager: N_('manager'), staff: N_('staff') };

export function roleWords(role) {
  return WORDS[role] ? t(WORDS[role]) : role || t('no role');
}

// Records decisions, corrects contracts, imports vacancies, retries mail.
export function canWrite(account) {
  return !!account && ['admin', 'hr'].includes(account.role);
}

// Reads everything: status, vacancies, the outbox, the audit log.
export function canOversee(account) {
  return !!account && ['admin', 'hr', 'auditor'].includes(account.role);
}

// The daemon narrows a manager's and a staff member's lists to their own
// contracts; the view says so rather than look like the whole picture.
export function scopeLabel(account) {
  if (!account)
    return null;
  if (account.role === 'manager')
    return t('Your team');
  if (account.role === 'staff')
    return t('Your contract');
  return null;
}
