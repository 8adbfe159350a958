// The dashboard under people's own accounts (SPEC section 11), driven from
// dashboard.mjs once the administrator's walk is over: an HR account that
// records a decision and reads the contract's history, then a manager who
// sees only their team, read-only.

async function signInAs(page, who) {
  await page.click('#sign-out');
  await page.waitForSelector('#login:not([hidden])');
  await page.fill('#token', who.token);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#upcoming-summary');
}

async function header(page) {
  return page.textContent('#account');
}

async function navShown(page, view) {
  return page.isVisible(`nav a[data-view="${view}"]`);
}

export async function walkAccounts(t) {
  const { page, args, check, shot, rows, sameRows } = t;
  const { base, ids, hr, manager } = args;
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${base}/#/upcoming`);
  await page.waitForSelector('#upcoming-summary');

  // Signing out forgets the token and shows the form again.
  await page.click('#sign-out');
  await page.waitForSelector('#login:not([hidden])');
  check('signing out forgets the token', await page.evaluate(() =>
    sessionStorage.getItem('tenured-token') === null) &&
    /signed out/.test(await page.textContent('#login-error')));
  check('signed out, the header names nobody', await header(page) === '' &&
    !await navShown(page, 'vacancies'));

  // 1. HR.
  await page.fill('#token', hr.token);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#upcoming-summary');
  const hrHeader = await header(page);
  check('the header names the HR account and its role',
    hrHeader === `${hr.name} · HR`, hrHeader);
  check('HR sees the Vacancies and Delivery health views',
    await navShown(page, 'vacancies') && await navShown(page, 'health'));
  check('HR sees the whole upcoming list', (await page.textContent('h1')) ===
    'Upcoming milestones');

  // The correction the administrator made earlier, old → new, by whom.
  await page.goto(`${base}/#/contract/${ids.bruno}`);
  await page.waitForSelector('#history tbody tr');
  const corrected = await page.$$eval('#history tr.contract-corrected',
    (trs) => trs.map((tr) => ({ actor: tr.querySelector('.actor')
      .textContent, unit: tr.querySelector('li[data-field="unit"]')
      ?.textContent })));
  check('the history shows the correction field by field, with its author',
    corrected.some((x) => x.unit === 'Unit: OCIO → NOS' && x.actor === 'api'),
    corrected);

  // A decision through the form, then its entry in the history.
  await page.goto(`${base}/#/contract/${ids.eve}`);
  await page.waitForSelector('#history');
  check('HR sees the decision and correction forms', await page.$$eval(
    'section.forms form', (fs) => fs.length) === 7);
  await page.click('#form-not-renewed >> xpath=.. >> summary');
  await page.fill('#not-renewed-date', args.today);
  await page.click('#form-not-renewed button[type=submit]');
  await page.waitForSelector('.log li[data-decision]');
  await page.waitForSelector('#history tr.decision-recorded');
  const entry = await page.$eval('#history tbody tr', (tr) => ({
    actor: tr.querySelector('.actor').textContent,
    via: tr.querySelector('.via').textContent,
    text: tr.textContent,
  }));
  check('the newest history entry is the decision, naming the HR account',
    entry.actor === hr.name && entry.via === 'with a token', entry);
  check('the history shows nothing of the name with markup as markup',
    await page.evaluate(() => document.querySelectorAll('script').length ===
      2 && document.querySelectorAll('img').length === 0));
  await shot(page, 'contract-hr-history');

  // 2. A manager: their team only, read-only.
  await signInAs(page, manager);
  const mHeader = await header(page);
  check('the header names the manager account and its role',
    mHeader === `${manager.name} · manager`, mHeader);
  check('the manager\'s view is labelled as their team',
    (await page.textContent('h1')) === 'Your team: upcoming milestones' &&
    (await page.textContent('nav a[data-view="upcoming"]')) === 'Your team');
  check('the manager has no Vacancies or Delivery health view',
    !await navShown(page, 'vacancies') && !await navShown(page, 'health'));
  const mine = [...await rows(page, '#overdue'),
    ...await rows(page, '#upcoming')];
  const mdiff = sameRows(await rows(page, '#upcoming'),
    args.expected.manager_upcoming);
  check('the manager sees only their team\'s contracts in Upcoming',
    mine.length > 0 && mdiff === null && mine.every((r) =>
      r.Manager === manager.email &&
      ['Bruno Keller', 'Ana Lima'].includes(r.Person)), mdiff || mine);
  await shot(page, 'upcoming-manager');

  await page.goto(`${base}/#/contract/${ids.bruno}`);
  await page.waitForSelector('svg.timeline');
  const shown = await page.evaluate(() => ({
    forms: document.querySelectorAll('section.forms, form.decision, ' +
      'form.correct').length,
    revoke: [...document.querySelectorAll('.log button')].length,
    history: document.querySelectorAll('#history').length,
    crumbs: document.querySelector('.crumbs').textContent,
  }));
  check('the manager\'s contract view has no forms and no history',
    shown.forms === 0 && shown.revoke === 0 && shown.history === 0 &&
    /Your team/.test(shown.crumbs), shown);
  await shot(page, 'contract-manager');

  await page.goto(`${base}/#/contract/${ids.jane}`);
  await page.waitForSelector('#not-found');
  const nf = await page.textContent('main');
  check('another team\'s contract answers "not found" in the page',
    /Contract not found/.test(nf) && !/Jane Doe/.test(nf), nf);
  await shot(page, 'contract-manager-not-found');

  // Typed by hand, a view the role may not see is not asked of the daemon.
  await page.goto(`${base}/#/vacancies`);
  await page.waitForSelector('h1:text("Not available")');
  check('a manager typing #/vacancies gets a plain refusal', true);

  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto(`${base}/#/upcoming`);
  await page.waitForSelector('#upcoming-summary');
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  check('the manager\'s view fits 320 px', w <= 320, w);
  await shot(page, 'upcoming-manager-320px');
}
