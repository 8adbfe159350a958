// Drives the dashboard in headless Chromium. Reads its arguments as JSON
// on stdin (from test_dashboard.py) and prints one JSON line per check.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { walkAccounts } from './accounts.mjs';
import { walkFrench } from './french.mjs';
import { walkPeople } from './people.mjs';

const args = JSON.parse(readFileSync(0, 'utf8'));
const { base, token, today, ids, xss } = args;
let failed = 0;

function check(name, ok, detail) {
  if (!ok)
    failed++;
  console.log(JSON.stringify({ name, ok: !!ok,
    detail: ok ? undefined : JSON.stringify(detail) }));
}

async function shot(page, name) {
  await page.screenshot({ path: join(args.shots, `${name}.png`),
    fullPage: true });
}

// The rows of a stacked table: each cell's text, by column label.
async function rows(page, selector) {
  return page.$$eval(`${selector} tbody tr`, (trs) => trs.map((tr) =>
    Object.fromEntries([...tr.cells].map((td) => [td.dataset.label,
      td.textContent]))));
}

const KIND = {
  contract_start: 'Contract start', probation_end: 'End of probation',
  renewal_decision_due: 'Renewal decision due',
  national_agreement_due: 'National agreement due',
  initial_term_end: 'End of initial term',
  conversion_window_opens: 'Conversion window opens',
  conversion_request_deadline: 'Conversion request deadline',
  contract_end: 'Contract end', max_service_end: 'Maximum service reached',
  grade_advancement_eligible: 'Grade advancement eligible',
  grade_advancement_earliest: 'Earliest grade advancement',
  age_limit: 'Age limit', application_deadline: 'Application deadline',
};

// "2031-08-31" as the English page writes it: "31 August 2031".
const english = new Intl.DateTimeFormat('en-GB', { day: 'numeric',
  month: 'long', year: 'numeric', timeZone: 'UTC' });
function longDate(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return english.format(new Date(Date.UTC(y, m - 1, d)));
}

function sameRows(got, want) {
  const a = got.map((r) => `${r.Date}|${r.Milestone}|${r.Person}`);
  const b = want.map(([date, kind, name]) => `${longDate(date)}|${
    KIND[kind]}|${name || ''}`);
  return JSON.stringify(a) === JSON.stringify(b) ? null : { got: a, want: b };
}

const browser = await chromium.launch({ executablePath: args.chromium,
  headless: true, args: ['--no-sandbox'] });
// English whatever the machine's language: the French pass has its own.
const context = await browser.newContext({ locale: 'en-GB',
  viewport: { width: 1280, height: 900 } });
// Collected on every page: they must all stay empty.
const dialogs = [];
const consoleErrors = [];
const pageErrors = [];
await context.addInitScript(() => {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
  });
});
const page = await context.newPage();
page.on('dialog', async (d) => {
  dialogs.push(d.message());
  await d.dismiss();
});
page.on('console', (m) => {
  if (m.type() === 'error')
    consoleErrors.push(m.text());
});
page.on('pageerror', (e) => pageErrors.push(e.message));
const cspSeen = [];
async function collectCsp() {
  cspSeen.push(...await page.evaluate(() => window.__csp.splice(0)));
}

try {
  // The page and its headers.
  const answer = await page.goto(`${base}/`);
  const headers = answer.headers();
  check('the page answers 200 with a strict CSP', answer.status() === 200 &&
    headers['content-security-policy'].startsWith("default-src 'none'"),
  headers);
  await page.waitForSelector('#login:not([hidden])');
  check('without a token or a single-sign-on proxy, the token is asked ' +
    'first', await page.isVisible('#token'));
  check('signed out, no view but Upcoming is offered', !await page.isVisible(
    'nav a[data-view="vacancies"]') && !await page.isVisible(
    'nav a[data-view="health"]'));

  // A wrong token is refused in plain words, then the right one works.
  await page.fill('#token', 'not-the-token-at-all');
  await page.press('#token', 'Enter');
  await page.waitForFunction(() =>
    document.getElementById('login-error').textContent !== '');
  const refusal = await page.textContent('#login-error');
  check('a wrong token is refused in plain words',
    /token was not accepted/.test(refusal), refusal);
  await page.fill('#token', token);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#upcoming-summary');
  check('the token is kept for the browser session', await page.evaluate(
    (t) => sessionStorage.getItem('tenured-token') === t, token));
  check('the clock shows the daemon\'s today, written out',
    (await page.textContent('#clock')) === `Today: ${longDate(today)}` &&
    await page.getAttribute('#clock time', 'datetime') === today);
  check('the page is marked English', await page.evaluate(() =>
    document.documentElement.lang === 'en'));
  const admin = await page.textContent('#account');
  check('the header names the token file\'s account, an administrator',
    admin === 'api · administrator', admin);

  // 1. Upcoming.
  const upcoming = await rows(page, '#upcoming');
  const diff = sameRows(upcoming, args.expected.upcoming);
  check('the upcoming table lists the seeded milestones of the next 120 days',
    upcoming.length > 0 && diff === null, diff);
  const overdue = await rows(page, '#overdue');
  const odiff = sameRows(overdue, args.expected.overdue);
  check('overdue decisions are listed apart', overdue.length >= 2 &&
    odiff === null, odiff);
  check('overdue rows are highlighted and say so', await page.$$eval(
    '#overdue tbody tr', (trs) => trs.every((tr) =>
      tr.classList.contains('overdue') && /overdue/.test(tr.textContent))));
  check('each milestone links to its contract', await page.$$eval(
    '#upcoming tbody tr', (trs) => trs.every((tr) =>
      /^#\/contract\/\d+$/.test(tr.querySelector('a').getAttribute('href')))));
  await shot(page, 'upcoming');

  // Escaping: the name with markup is text, in a link, and nothing ran.
  // The page's own scripts are two: the French table and app.js.
  const xssLink = await page.$$eval('#overdue a', (as, name) =>
    as.filter((a) => a.textContent === name).length, xss);
  check('a name with <script> renders as text', xssLink > 0, xssLink);
  check('no element came out of the name', await page.evaluate(() =>
    document.querySelectorAll('script').length === 2 &&
    document.querySelectorAll('img').length === 0));

  // Filtering by unit.
  // The old view is marked so that the wait below sees the new one.
  await page.$eval('#upcoming-summary', (el) => el.setAttribute('data-old',
    ''));
  await page.fill('#f-unit', 'OCIO');
  await page.click('form.filters button[type=submit]');
  await page.waitForSelector('#upcoming-summary:not([data-old])');
  check('the filter is kept in the address', await page.evaluate(() =>
    location.hash === '#/upcoming?unit=OCIO'));
  const ocio = await rows(page, '#upcoming');
  const fdiff = sameRows(ocio, args.expected.upcoming_ocio);
  check('the unit filter shows only that unit', ocio.length > 0 &&
    ocio.every((r) => r.Unit === 'OCIO') && fdiff === null, fdiff || ocio);

  // 2. A contract's timeline, reached by its link.
  await page.click(`#upcoming a[href="#/contract/${ids.jane}"] >> nth=0`);
  await page.waitForSelector('svg.timeline');
  check('the link opens the contract', (await page.textContent('h1')) ===
    'Jane Doe');
  const before = await page.evaluate(() => ({
    terms: document.querySelectorAll('svg.timeline rect.term:not(.projected)')
      .length,
    projected: document.querySelectorAll('svg.timeline rect.term.projected')
      .length,
    band: document.querySelectorAll('svg.timeline rect.band').length,
    bandProjected: document.querySelectorAll(
      'svg.timeline rect.band.projected').length,
    today: document.querySelector('svg.timeline line.today')?.dataset.date,
    probation: document.querySelectorAll('svg.timeline rect.probation')
      .length,
    decision: document.querySelectorAll(
      'svg.timeline g.marker[data-kind="renewal_decision_due"]').length,
  }));
  check('the timeline draws the initial term, the renewal to come dashed, ' +
    'probation, the conversion window band and today',
  before.terms === 1 && before.projected === 1 && before.band === 1 &&
    before.bandProjected === 1 && before.today === today &&
    before.probation === 1 && before.decision === 1, before);
  const order = await page.evaluate(() => {
    const x = (el) => el.getBBox().x;
    const term = document.querySelector('svg.timeline rect.term');
    const todayLine = document.querySelector('svg.timeline line.today');
    const band = document.querySelector('svg.timeline rect.band');
    return { termStart: x(term), today: Number(todayLine.getAttribute('x1')),
      termEnd: x(term) + term.getBBox().width, band: x(band) };
  });
  check('today lies inside the initial term, the band after it',
    order.termStart < order.today && order.today < order.termEnd &&
    order.band >= order.termEnd - 1, order);
  const marks = await page.evaluate((day) => {
    const boxes = [];
    const out = { markers: 0, labelled: 0, pastRight: 0, overlaps: [] };
    for (const g of document.querySelectorAll('svg.timeline g.marker')) {
      out.markers++;
      const label = g.querySelector('text.marker-label');
      if (label && label.textContent.trim() !== '')
        out.labelled++;
      const past = g.dataset.date < day;
      const name = g.getAttribute('aria-label') || '';
      if (past === g.classList.contains('past') &&
          past === /\bpast\b/.test(name))
        out.pastRight++;
      if (label) {
        const b = label.getBBox();
        for (const o of boxes) {
          if (b.x < o.x + o.width && o.x < b.x + b.width &&
              b.y < o.y + o.height && o.y < b.y + b.height)
            out.overlaps.push(`${label.textContent} / ${o.text}`);
        }
        boxes.push({ x: b.x, y: b.y, width: b.width, height: b.height,
          text: label.textContent });
      }
    }
    return out;
  }, today);
  check('every timeline marker carries a visible label, none overlapping',
    marks.markers > 5 && marks.labelled === marks.markers &&
    marks.overlaps.length === 0, marks);
  check('milestones before today read as past, in style and in name',
    marks.pastRight === marks.markers, marks);
  await shot(page, 'contract-before-renewal');

  // A renewal past the maximum period of service is refused in words.
  await page.click('#form-renewed >> xpath=.. >> summary');
  await page.fill('#renewed-until', '2034-08-31');
  await page.click('#form-renewed button[type=submit]');
  await page.waitForSelector('#form-renewed .message.error');
  const error = await page.textContent('#form-renewed .message.error');
  check('a refused renewal shows the reason in plain words',
    /not possible/.test(error) && !/\{/.test(error), error);
  check('the refused field is marked', await page.getAttribute(
    '#renewed-until', 'aria-invalid') === 'true');

  // The renewal that holds, through the same form.
  await page.fill('#renewed-until', '2031-08-31');
  await page.click('#form-renewed button[type=submit]');
  await page.waitForFunction(() => document.querySelector(
    '.log li[data-decision]'));
  const after = await page.evaluate(() => ({
    terms: [...document.querySelectorAll(
      'svg.timeline rect.term:not(.projected)')].map((r) =>
      `${r.dataset.from}..${r.dataset.to}`),
    projected: document.querySelectorAll('svg.timeline rect.term.projected')
      .length,
    bandProjected: document.querySelectorAll(
      'svg.timeline rect.band.projected').length,
    band: document.querySelectorAll('svg.timeline rect.band').length,
    log: document.querySelector('.log li').textContent,
    done: [...document.querySelectorAll('#milestones tbody tr')].some((tr) =>
      /Renewal decision due/.test(tr.textContent) &&
      /done/.test(tr.textContent)),
  }));
  check('after the renewal the timeline shows two terms and a firm window',
    JSON.stringify(after.terms) === JSON.stringify(['2025-09-01..2028-08-31',
      '2028-09-01..2031-08-31']) && after.projected === 0 &&
    after.band === 1 && after.bandProjected === 0, after);
  check('the decision log and milestones show the renewal',
    /Renewed until 31 August 2031/.test(after.log) && after.done, after);
  await shot(page, 'contract');

  // The contract with markup in its name.
  await page.goto(`${base}/#/contract/${ids.eve}`);
  // Only the hash changes: wait for this contract's page, not the last.
  await page.waitForFunction((name) => {
    const h = document.querySelector('h1');
    return h && h.textContent === name &&
      document.querySelector('svg.timeline');
  }, xss, { timeout: 10000 }).catch(() => {});
  check('the contract page shows the name with markup as text',
    (await page.textContent('h1')) === xss &&
    (await page.textContent('svg.timeline title')).includes(xss) &&
    await page.evaluate(() => document.querySelectorAll('script').length ===
      2 && document.querySelectorAll('img').length === 0));

  // A correction through the PATCH form.
  await page.goto(`${base}/#/contract/${ids.bruno}`);
  await page.waitForSelector('#form-edit', { state: 'attached' });
  await page.click('#form-edit >> xpath=.. >> summary');
  await page.fill('#edit-unit', 'NOS');
  await page.click('#form-edit button[type=submit]');
  await page.waitForSelector('.message:text("Corrected: unit.")');
  check('the correction form changes the unit', /UnitNOS/.test(
    await page.textContent('dl.facts')));

  // 3. Vacancies: a notice with markup in its title, then a real one.
  await page.click('nav a[data-view="vacancies"]');
  await page.waitForSelector('#notice');
  const tampered = args.notice.replace('Team Leader,',
    'Team <img src=x onerror=alert(3)> Leader,');
  await page.fill('#notice', tampered);
  await page.click('#form-notice button[type=submit]');
  await page.waitForSelector('#preview');
  check('markup in a notice stays text in the preview',
    (await page.textContent('#preview dd[data-field="title"]')).includes(
      '<img src=x onerror=alert(3)>') && await page.evaluate(() =>
      document.querySelectorAll('img').length === 0));
  await page.fill('#notice', args.notice);
  check('changing the text withdraws the import button',
    await page.isDisabled('#form-notice button[type=button]'));
  await page.click('#form-notice button[type=submit]');
  await page.waitForSelector('#preview-title:text("250914")');
  const fields = await page.$$eval('#preview dd[data-field]', (dds) =>
    Object.fromEntries(dds.map((dd) => [dd.dataset.field, dd.textContent])));
  check('the preview shows every parsed field',
    fields.reference === '250914' &&
    fields.application_deadline === '22 June 2025 at 23:59 +02:00' &&
    fields.location === 'Belgium-Brussels' && /5043\.00/.test(fields.salary) &&
    /G11/.test(fields.grade) && /36/.test(fields.contract) &&
    fields.dry_run === 'yes', fields);
  const warnings = await page.textContent('#preview .warnings');
  check('the preview lists the warnings', /Clearance/.test(warnings),
    warnings);
  await shot(page, 'vacancies-preview');
  await page.click('#form-notice button[type=button]');
  await page.waitForSelector('#vacancies tbody tr');
  const list = await rows(page, '#vacancies');
  check('after the import the list has the vacancy with its deadline and ' +
    'post', list.some((r) => r.Reference === '250914' &&
    r.Deadline === '22 June 2025 at 23:59 +02:00' &&
    /Team Leader/.test(r.Posts)),
  list);
  await shot(page, 'vacancies');

  // 4. Delivery health.
  await page.click('nav a[data-view="health"]');
  await page.waitForSelector('#outbox-counts');
  const counts = (await rows(page, '#outbox-counts'))[0];
  check('the outbox counts show dead and retrying reminders',
    Number(counts.dead) > 0 && Number(counts.retrying) > 0, counts);
  const deadRows = await page.$$eval('tr.dead', (trs) => trs.map((tr) =>
    tr.textContent));
  check('dead reminders show their last error', deadRows.length > 0 &&
    deadRows.every((t) => /410/.test(t)), deadRows);
  const retrying = await page.$$eval('tr.retrying', (trs) => trs.length);
  check('retrying reminders are listed', retrying > 0, retrying);
  const waiting = await page.$$eval('#waiting li', (lis) => lis.map((li) =>
    li.textContent));
  check('reminders waiting for email say so plainly, first',
    waiting.length === 1 && new RegExp('^\\d+ reminders? waits? for email, ' +
      'which is not configured: no \\[smtp\\] url\\.$').test(waiting[0]) &&
    await page.evaluate(
      () => document.getElementById('delivery-status').compareDocumentPosition(
        document.getElementById('outbox-counts')) &
        Node.DOCUMENT_POSITION_FOLLOWING), waiting);
  const next = await page.textContent('#next-reminder');
  check('the next reminder is named', new RegExp('^Next reminder: .+ due ' +
    '\\d{1,2} [A-Z][a-z]+ \\d{4} at \\d\\d:\\d\\d').test(next), next);
  await shot(page, 'health');
  await page.click('tr.dead button >> nth=0');
  await page.waitForSelector('#outbox-counts');
  await page.waitForFunction(() => /sent again/.test(document.querySelector(
    'main').textContent));
  check('the retry button asks for a new attempt', true);
  const feedRow = (await rows(page, 'section[aria-labelledby="feeds-title"]'))
    .find((r) => r.Feed === 'boss-team');
  check('the feed is listed with its last fetch', feedRow &&
    feedRow['Last fetch'] === 'never', feedRow);
  await page.click('button[aria-label="Rotate the URL of feed boss-team"]');
  await page.waitForSelector('.rotated code.url');
  const url = await page.textContent('.rotated code.url');
  check('rotating shows the new address', /\/feeds\/[A-Za-z0-9_-]+\.ics$/
    .test(url), url);

  // 5. People, adding, importing, downloads, an acknowledgment, print.
  await walkPeople({ page, args, check, shot, rows });

  // Keyboard: the first Tab stops are real links, with a visible focus.
  await page.goto(`${base}/#/upcoming`);
  await page.waitForSelector('#upcoming-summary');
  const stops = [];
  await page.keyboard.press('Tab');
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    stops.push(await page.evaluate(() => {
      const el = document.activeElement;
      return `${el.tagName}:${getComputedStyle(el).outlineStyle}`;
    }));
  }
  check('Tab walks through links and controls with a visible focus ring',
    stops.every((s) => /^(A|BUTTON|INPUT|SELECT):(solid|auto)$/.test(s)),
    stops);

  // 320 px wide: nothing sideways to scroll, in every view.
  await page.setViewportSize({ width: 320, height: 640 });
  const narrow = {};
  for (const [name, hash, ready] of [
    ['upcoming', '#/upcoming', '#upcoming-summary'],
    ['contract', `#/contract/${ids.jane}`, 'svg.timeline'],
    ['people', '#/people', '#people-summary'],
    ['vacancies', '#/vacancies', '#vacancies'],
    ['health', '#/health', '#outbox-counts']]) {
    await page.goto(`${base}/${hash}`);
    await page.waitForSelector(ready);
    narrow[name] = await page.evaluate(() =>
      document.documentElement.scrollWidth);
    await shot(page, `${name}-320px`);
  }
  check('every view fits 320 px', Object.values(narrow).every((w) =>
    w <= 320), narrow);

  // 6. Under an HR account, then a manager's.
  await walkAccounts({ page, args, check, shot, rows, sameRows });

  // 7. In French, in a browser of its own.
  await walkFrench({ browser, args, check, shot });

  await collectCsp();
} catch (err) {
  check('the walk through the dashboard finished', false, String(err.stack));
  await shot(page, 'failure').catch(() => {});
}
check('no dialog opened', dialogs.length === 0, dialogs);
check('no CSP violation', cspSeen.length === 0 && !consoleErrors.some((e) =>
  /Content Security Policy/.test(e)), { cspSeen, consoleErrors });
// Chromium logs every answer >= 400. Asked for, once each: /me without a
// token on the first load (401), the wrong token (401), the refused renewal
// (409), the new contract for another person's email (409), the dry run of
// a CSV file with a bad row (400) and the manager's look at another team's
// contract (404). Nothing else may appear: no view asks for what the role
// may not read (403).
const unexpected = [...consoleErrors];
for (const status of [401, 401, 409, 409, 400, 404]) {
  const i = unexpected.findIndex((e) => e.startsWith(
    'Failed to load resource') && e.includes(`status of ${status}`));
  if (i >= 0)
    unexpected.splice(i, 1);
}
check('no console error other than the refusals asked for, and no ' +
  'uncaught exception', unexpected.length === 0 && pageErrors.length === 0,
{ consoleErrors, pageErrors });
await browser.close();
process.exit(failed ? 1 : 0);
