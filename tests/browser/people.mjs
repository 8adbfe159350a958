// The HR office's day from the page (issue 14), driven from dashboard.mjs
// under the administrator's token: the People view and its search (accents
// typed otherwise), adding a contract, a CSV import refused for one row and
// then done, CSV downloads, an acknowledgment, cancelled items left out of
// Upcoming, and the print rendering.
import { readFileSync } from 'node:fs';

const BOM = '\uFEFF';

// The CSV of the import: one bad row (line 3, its start), then mended.
const CSV_HEAD = 'name,email,manager_email,unit,start';
const CSV_ROWS = [
  'Paul Martin,paul.martin@example.org,marc@example.org,NOS,2027-05-01',
  'Lena Berg,lena.berg@example.org,marc@example.org,NOS,2027-13-45',
  'Omar Haddad,omar.haddad@example.org,marc@example.org,NOS,2027-06-01',
];
export const IMPORTED = ['paul.martin@example.org', 'lena.berg@example.org',
  'omar.haddad@example.org'];

function csvFile(rows) {
  return { name: 'contracts.csv', mimeType: 'text/csv',
    buffer: Buffer.from(`${[CSV_HEAD, ...rows].join('\r\n')}\r\n`) };
}

// Through the API, with the token, as the page itself would ask.
async function apiGet(page, path, token) {
  return page.evaluate(async ([p, t]) => {
    const a = await fetch(p, { headers: { Authorization: `Bearer ${t}` } });
    return { status: a.status, json: await a.json() };
  }, [path, token]);
}

// Waits for the People list to show the answer to the search q.
async function searched(page, q) {
  await page.waitForFunction((want) => {
    const s = document.getElementById('people-summary');
    return s && s.dataset.q === want;
  }, q);
}

async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'),
    page.click(selector)]);
  return { name: file.suggestedFilename(),
    text: readFileSync(await file.path(), 'utf8') };
}

export async function walkPeople(t) {
  const { page, args, check, shot, rows } = t;
  const { base, token, today, ids } = args;

  // 1. The People view: every contract, each linked, with its status.
  await page.click('nav a[data-view="people"]');
  await page.waitForSelector('#people tbody tr');
  const all = await rows(page, '#people');
  check('People lists every contract with its status', all.length ===
    Object.keys(ids).length && all.some((r) => r.Name === 'Bruno Keller' &&
    /^\d+ overdue$/.test(r.Status)) && all.some((r) => r.Name ===
    'Jane Doe' && r.Status === 'active' && r.Manager === 'boss@example.org'),
  all);
  check('each person links to their contract', await page.$$eval(
    '#people tbody tr', (trs) => trs.every((tr) => tr.querySelector(
      `a[href="#/contract/${tr.dataset.id}"]`))));
  // The dates are written out; their ISO form is each <time>'s datetime.
  const starts = () => page.$$eval('#people tbody td[data-label="Start"] time',
    (ts) => ts.map((x) => x.dateTime));
  await page.click('#people button[data-sort="start"]');
  const byStart = await starts();
  await page.click('#people button[data-sort="start"]');
  const byStartDesc = await starts();
  check('a column heading sorts the list, twice the other way',
    byStart.length === all.length &&
    JSON.stringify(byStart) === JSON.stringify([...byStart].sort()) &&
    JSON.stringify(byStartDesc) === JSON.stringify([...byStart].reverse()) &&
    await page.getAttribute('#people th[aria-sort]', 'aria-sort') ===
      'descending', { byStart, byStartDesc });
  await shot(page, 'people');

  // Part of a name, the accents typed without them.
  await page.fill('#people-q', 'helene');
  await searched(page, 'helene');
  const found = await rows(page, '#people');
  check('"helene" finds Hélène Dubois', found.length === 1 &&
    found[0].Name === 'Hélène Dubois', found);
  check('the search is kept in the address', await page.evaluate(() =>
    location.hash === '#/people?q=helene&sort=start&dir=desc'));
  await shot(page, 'people-search');
  await page.click(`#people a[href="#/contract/${ids.helene}"]`);
  await page.waitForSelector('#contract-id');
  check('the contract shows its ID', await page.textContent('#contract-id') ===
    `Contract ${ids.helene}` && await page.textContent('h1') ===
    'Hélène Dubois');

  // 2. Adding a contract: the email of another person is refused beside
  // the field, in the daemon's words; then the vacancy fills the post.
  await page.goto(`${base}/#/people`);
  await page.waitForSelector('#people tbody tr');
  await page.click('#add-contract summary');
  await page.fill('#add-name', 'Zoë Martin');
  await page.fill('#add-email', 'jane@example.org');
  await page.fill('#add-start', '2028-02-01');
  await page.fill('#add-manager-email', 'marc@example.org');
  await page.fill('#add-unit', 'OCIO');
  await page.fill('#add-birth-date', '1990-04-12');
  await page.click('#form-add button[type=submit]');
  await page.waitForSelector('#add-email-error:not(:empty)');
  const conflict = await page.textContent('#add-email-error');
  check('an email of another person is refused beside the field, naming ' +
    'them', /jane@example\.org/.test(conflict) && /Jane Doe/.test(conflict) &&
    await page.getAttribute('#add-email', 'aria-invalid') === 'true',
  conflict);
  await shot(page, 'people-add-refused');
  await page.fill('#add-email', 'zoe.martin@example.org');
  await page.selectOption('#add-vacancy', '250914');
  const filled = await page.evaluate(() => ({
    post: document.getElementById('add-post').value,
    title: document.getElementById('add-post-title').value,
    grade: document.getElementById('add-grade').value,
  }));
  check('choosing the vacancy fills its post, post title and grade',
    filled.post === '1' && /Team Leader/.test(filled.title) &&
    /G11/.test(filled.grade), filled);
  await shot(page, 'people-add');
  // The person's language is offered, and left out of the request when
  // nobody chose one (older daemons refuse the field).
  const languages = await page.$$eval('#add-language option', (os) =>
    os.map((o) => o.value));
  const [sent] = await Promise.all([page.waitForRequest((r) =>
    r.method() === 'POST' && r.url().endsWith('/api/v1/contracts')),
  page.click('#form-add button[type=submit]')]);
  check('the add form offers a language and sends none when unset',
    JSON.stringify(languages) === '["","en","fr"]' &&
    !('language' in sent.postDataJSON()), { languages,
    body: sent.postDataJSON() });
  await page.waitForFunction(() => /^Contract \d+$/.test(document
    .getElementById('contract-id')?.textContent || ''));
  const added = await page.evaluate(() => ({
    id: document.getElementById('contract-id').textContent,
    name: document.querySelector('h1').textContent,
    hash: location.hash,
    facts: document.querySelector('dl.facts').textContent,
    flash: document.querySelector('main .message')?.textContent,
  }));
  check('the new contract opens, with its ID and vacancy',
    added.name === 'Zoë Martin' && added.hash === `#/contract/${
      added.id.split(' ')[1]}` && /Vacancy250914/.test(added.facts) &&
    /added/.test(added.flash), added);
  args.zoe = Number(added.id.split(' ')[1]);

  // 3. A CSV with one bad row: the row is listed, nothing is written.
  await page.goto(`${base}/#/people`);
  await page.waitForSelector('#people tbody tr');
  await page.click('#import-csv summary');
  await page.setInputFiles('#csv-file', csvFile(CSV_ROWS));
  await page.waitForSelector('#csv-summary');
  const bad = await rows(page, '#csv-errors');
  check('the dry run lists the bad row with its line and column',
    bad.length === 1 && bad[0].Line === '3' && bad[0].Column === 'start' &&
    bad[0].Message !== '', bad);
  check('the Import button stays off after a refused check',
    await page.isDisabled('#csv-import'));
  await shot(page, 'people-import-refused');
  const none = await Promise.all(IMPORTED.map((email) => apiGet(page,
    `/api/v1/contracts?q=${encodeURIComponent(email)}`, token)));
  check('the refused file wrote nothing (asked through the API)',
    none.every((a) => a.status === 200 && a.json.contracts.length === 0),
    none);

  const mended = [...CSV_ROWS];
  mended[1] = mended[1].replace('2027-13-45', '2027-03-15');
  await page.setInputFiles('#csv-file', csvFile(mended));
  await page.waitForSelector('#csv-summary.ready');
  const ready = await page.textContent('#csv-summary');
  check('the mended file would import 3 contracts',
    /^3 contracts would be imported/.test(ready), ready);
  await shot(page, 'people-import-preview');
  await page.click('#csv-import');
  await page.waitForSelector('main .message:text("Imported 3 contracts")');
  await page.waitForSelector('#people tbody tr');
  const names = (await rows(page, '#people')).map((r) => r.Name);
  check('after the import People lists the new contracts',
    ['Paul Martin', 'Lena Berg', 'Omar Haddad'].every((n) =>
      names.includes(n)), names);

  // 4. People as CSV: the whole list, with a BOM for the accents.
  const people = await download(page, '#people-csv');
  const lines = people.text.split('\r\n');
  check('People downloads as CSV named by today', people.name ===
    `tenured-people-${today}.csv`, people.name);
  check('the CSV starts with a BOM and the header row', lines[0] ===
    `${BOM}ID,Name,Email,Unit,Manager,Start,Status,Staff type,Post,Grade,` +
    'Vacancy,Language', lines[0]);
  check('the CSV holds a row per contract, accents intact',
    lines.some((l) => l.startsWith(`${ids.helene},Hélène Dubois,` +
      'helene.dubois@example.org,NOS,marc@example.org,2026-05-04,active')) &&
    lines.filter((l) => /^\d+,/.test(l)).length === Object.keys(ids).length +
      4, lines);

  // Upcoming: cancelled items left out unless asked; the list as CSV.
  const asked = [];
  const seen = (r) => {
    if (r.url().includes('/api/v1/milestones?'))
      asked.push(decodeURIComponent(r.url()));
  };
  page.on('request', seen);
  await page.goto(`${base}/#/upcoming`);
  await page.waitForSelector('#upcoming-summary');
  check('Upcoming asks only for scheduled, projected and done items',
    asked.length >= 2 && asked.every((u) =>
      u.includes('status=scheduled,projected,done')), asked);
  asked.length = 0;
  await page.$eval('#upcoming-summary', (el) => el.setAttribute('data-old',
    ''));
  await page.check('#f-cancelled');
  await page.waitForSelector('#upcoming-summary:not([data-old])');
  check('"Show cancelled" asks for every status', await page.evaluate(() =>
    location.hash === '#/upcoming?cancelled=1') && asked.length >= 2 &&
    asked.every((u) => !u.includes('status=')), asked);
  page.off('request', seen);
  const upcoming = await download(page, '#upcoming-csv');
  const ulines = upcoming.text.split('\r\n');
  check('Upcoming downloads as CSV', upcoming.name ===
    `tenured-upcoming-${today}.csv` && ulines[0].startsWith(
    `${BOM}Date,Milestone,Status`) && ulines.length - 2 ===
    (await rows(page, '#upcoming')).length, ulines.slice(0, 3));
  const overdue = await download(page, '#overdue-csv');
  check('Overdue downloads as CSV', overdue.name ===
    `tenured-overdue-${today}.csv` && /Bruno Keller/.test(overdue.text),
  overdue.name);

  // 5. An acknowledgment: a renewal decided outside tenured.
  await page.goto(`${base}/#/contract/${ids.bruno}`);
  await page.waitForSelector('#form-acknowledged', { state: 'attached' });
  await page.click('#form-acknowledged >> xpath=.. >> summary');
  await page.selectOption('#acknowledged-kind', 'renewal_decision_due');
  await page.fill('#acknowledged-reason', 'Decided by the board on paper');
  await page.click('#form-acknowledged button[type=submit]');
  await page.waitForSelector('.log li[data-type="acknowledged"]');
  const ack = await page.textContent('.log li[data-type="acknowledged"]');
  check('the decision log shows the acknowledgment with its kind and ' +
    'reason', /Acknowledged: Renewal decision due/.test(ack) &&
    /Decided by the board on paper/.test(ack), ack);
  await shot(page, 'contract-acknowledged');

  // 6. On paper: no navigation, no forms, the timeline kept.
  await page.goto(`${base}/#/contract/${ids.jane}`);
  await page.waitForSelector('svg.timeline');
  await page.emulateMedia({ media: 'print' });
  const paper = await page.evaluate(() => {
    const shown = (el) => !!el && el.getClientRects().length > 0 &&
      getComputedStyle(el).visibility !== 'hidden';
    return {
      nav: shown(document.querySelector('nav')),
      header: shown(document.querySelector('header.top')),
      forms: [...document.querySelectorAll('form, button, details')]
        .filter(shown).length,
      timeline: shown(document.querySelector('svg.timeline')),
      id: shown(document.getElementById('contract-id')),
      milestones: shown(document.getElementById('milestones')),
      ink: getComputedStyle(document.body).color,
    };
  });
  await shot(page, 'contract-print');
  check('printed, the contract has no navigation, forms or buttons, and ' +
    'keeps its ID, timeline and milestones', !paper.nav && !paper.header &&
    paper.forms === 0 && paper.timeline && paper.id && paper.milestones &&
    paper.ink === 'rgb(0, 0, 0)', paper);
  await page.goto(`${base}/#/upcoming`);
  await page.waitForSelector('#upcoming-summary');
  const upPaper = await page.evaluate(() => ({
    nav: document.querySelector('nav').getClientRects().length,
    filters: document.querySelector('form.filters').getClientRects().length,
    table: document.querySelector('#upcoming table').getBoundingClientRect()
      .width >= document.querySelector('main').getBoundingClientRect().width -
      1,
  }));
  await shot(page, 'upcoming-print');
  check('printed, Upcoming keeps its tables full width without filters',
    upPaper.nav === 0 && upPaper.filters === 0 && upPaper.table, upPaper);
  await page.emulateMedia({ media: 'screen' });
}
