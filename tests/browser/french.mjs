// The dashboard in French (SPEC section 12), driven from dashboard.mjs once
// the English walks are over: a browser whose language is French gets the
// French page without asking; every view, its forms opened, is read at
// 1280 and at 320 px for text that overflows its box and for English of
// the catalog (po/fr.po) left on the page; the EN/FR switch wins over the
// browser and is remembered. Screenshots: fr-VIEW.png, fr-VIEW-320px.png.

// In the page: the English strings of the catalog found on it, and the
// elements whose text runs out of their box.
function inspect(english) {
  const norm = (s) => s.replace(/\s+/g, ' ').trim();
  // A msgid with placeholders ({name}, %s) matches any text in their place;
  // one with little else ("{when} by {who}") would match any sentence.
  const hole = /\{\w+\}|%[-.\d]*[lz]*[sdu]/;
  const letters = (m) => (m.split(hole).join('').match(/[A-Za-z]/g) || [])
    .length;
  const escape = (p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns = english.filter((m) => letters(m) >= (hole.test(m) ? 6 :
    2)).map((m) => [m, hole.test(m) ? new RegExp(`^${norm(m).split(hole)
    .map(escape).join('.+?')}$`) : null]);
  // Text meant to be English (the switch's "English") is marked so, and
  // machine names (CSV columns, kinds) are shown as code.
  const skipped = (el) => !el || !!el.closest(
    'script, style, noscript, textarea, code, kbd, samp, [lang="en"]');
  const texts = new Map();	// text -> where
  const add = (text, where) => {
    const t = norm(text || '');
    if (t && !texts.has(t))
      texts.set(t, where);
  };
  const where = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` :
    ''}${el.className && typeof el.className === 'string' ?
    `.${el.className.split(' ')[0]}` : ''}`;
  const walker = document.createTreeWalker(document.body,
    NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!skipped(el))
      add(walker.currentNode.textContent, where(el));
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (skipped(el))
      continue;
    // Whole sentences built from several nodes ("Today: <time>").
    if (el.textContent.length < 400)
      add(el.textContent, where(el));
    for (const a of ['aria-label', 'title', 'placeholder', 'data-label',
      'alt'])
      add(el.getAttribute(a), `${where(el)}[${a}]`);
  }
  add(document.title, 'title');
  const left = [];
  for (const [text, at] of texts) {
    const hit = patterns.find(([m, re]) => (re ? re.test(text) : text ===
      norm(m)));
    if (hit)
      left.push(`${at}: “${text}” (msgid “${hit[0]}”)`);
  }

  // Text containers: elements with text of their own, laid out as boxes.
  const over = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el instanceof SVGElement || !el.getClientRects().length)
      continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 &&
      n.textContent.trim() !== '');
    if (!own || getComputedStyle(el).display === 'inline')
      continue;
    if (el.scrollWidth > el.clientWidth + 2)
      over.push(`${where(el)} “${norm(el.textContent).slice(0, 60)}” ${
        el.scrollWidth} > ${el.clientWidth}`);
  }
  return { left, over, lang: document.documentElement.lang,
    width: document.documentElement.scrollWidth };
}

async function ready(page, view) {
  await page.waitForSelector(view.ready, { state: 'attached' });
  if (view.then)
    await view.then(page);
  // Every form and panel open, so that their labels are read too.
  await page.evaluate(() => document.querySelectorAll('details').forEach(
    (d) => { d.open = true; }));
}

export async function walkFrench(t) {
  const { browser, args, check, shot } = t;
  const { base, token, ids } = args;
  const context = await browser.newContext({ locale: 'fr-FR',
    viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // The first /me without a token answers 401, as in English.
    if (m.type() === 'error' && !/status of 401/.test(m.text()))
      errors.push(m.text());
  });
  const languages = new Set();
  page.on('request', (r) => {
    if (r.url().includes('/api/v1/'))
      languages.add(r.headers()['accept-language'] || '(none)');
  });

  // 1. The browser speaks French: so does the page, before sign-in too.
  await page.goto(`${base}/`);
  await page.waitForSelector('#login:not([hidden])');
  const login = await page.evaluate(inspect, args.english);
  check('a French browser gets the sign-in form in French', login.lang ===
    'fr' && await page.textContent('#login-title') ===
    'Connectez-vous avec votre propre jeton' && login.left.length === 0,
  login);
  await shot(page, 'fr-login');
  await page.fill('#token', token);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#upcoming-summary');
  check('the FR switch shows as the language in use', await page.getAttribute(
    '#lang-switch button[data-lang="fr"]', 'aria-pressed') === 'true');

  // 2. Every view, wide and narrow.
  const views = [
    { name: 'upcoming', hash: '#/upcoming', ready: '#upcoming-summary' },
    { name: 'people', hash: '#/people', ready: '#people tbody tr' },
    { name: 'contract', hash: `#/contract/${ids.jane}`,
      ready: `#contract-id[data-id="${ids.jane}"]` },
    { name: 'contract-history', hash: `#/contract/${ids.bruno}`,
      ready: `#contract-id[data-id="${ids.bruno}"]` },
    { name: 'vacancies', hash: '#/vacancies', ready: '#vacancies',
      // The parsed notice, previewed without storing anything.
      then: async (p) => {
        await p.fill('#notice', args.notice);
        await p.click('#form-notice button[type=submit]');
        await p.waitForSelector('#preview');
      } },
    { name: 'health', hash: '#/health', ready: '#outbox-counts' },
  ];
  const found = {};
  for (const width of [1280, 320]) {
    await page.setViewportSize({ width, height: width === 320 ? 640 : 900 });
    for (const view of views) {
      // From another page, so that each view is drawn anew at this width.
      await page.goto('about:blank');
      await page.goto(`${base}/${view.hash}`);
      await ready(page, view);
      const r = await page.evaluate(inspect, args.english);
      found[`${view.name}@${width}`] = r;
      await shot(page, `fr-${view.name}${width === 320 ? '-320px' : ''}`);
    }
  }
  const all = Object.entries(found);
  check('every view is marked as French (html lang)', all.every(([, r]) =>
    r.lang === 'fr'), all.map(([k, r]) => `${k}: ${r.lang}`));
  const left = all.filter(([, r]) => r.left.length);
  check('no English of the catalog is left on a French page',
    left.length === 0, Object.fromEntries(left.map(([k, r]) => [k, r.left])));
  const over = all.filter(([, r]) => r.over.length);
  check('no French text overflows its box, at 1280 or 320 px',
    over.length === 0, Object.fromEntries(over.map(([k, r]) => [k, r.over])));
  check('every French view fits 320 px', all.filter(([k]) =>
    k.endsWith('@320')).every(([, r]) => r.width <= 320),
  all.map(([k, r]) => `${k}: ${r.width}`));
  check('every API call said Accept-Language: fr', languages.size === 1 &&
    languages.has('fr'), [...languages]);

  // 3. Dates written out in French, the first of the month as 1er.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('about:blank');
  await page.goto(`${base}/#/contract/${ids.jane}`);
  await page.waitForSelector(`#contract-id[data-id="${ids.jane}"]`);
  const facts = await page.textContent('dl.facts');
  const log = await page.textContent('.log');
  check('dates read as French: 1er septembre 2025, 31 août 2031',
    /Début1er septembre 2025/.test(facts) &&
    /Renouvelé jusqu'au 31 août 2031/.test(log), { facts, log });

  // A contract with a language (the daemon answers it once it has the
  // field; here the answer is given one) shows it, and the correction
  // form starts from it.
  await page.route(`**/api/v1/contracts/${ids.jane}`, async (route) => {
    const answer = await route.fetch();
    route.fulfill({ response: answer, json: { ...await answer.json(),
      language: 'fr' } });
  });
  await page.goto('about:blank');
  await page.goto(`${base}/#/contract/${ids.jane}`);
  await page.waitForSelector(`#contract-id[data-id="${ids.jane}"]`);
  const shown = { facts: await page.textContent('dl.facts'),
    chosen: await page.$eval('#edit-language', (el) => el.value) };
  check('a contract\'s language shows in its facts and its correction form',
    /Languefrançais/.test(shown.facts) && shown.chosen === 'fr', shown);
  await page.unroute(`**/api/v1/contracts/${ids.jane}`);

  // 4. The switch wins over the browser, and is remembered.
  await page.click('#lang-switch button[data-lang="en"]');
  await page.waitForFunction(() => document.documentElement.lang === 'en' &&
    document.querySelector('h1')?.textContent === 'Jane Doe' &&
    /Renewed until/.test(document.querySelector('.log')?.textContent));
  check('EN turns the page English at once', await page.textContent(
    'nav a[data-view="people"]') === 'People');
  await page.goto(`${base}/#/upcoming`);
  await page.reload();
  await page.waitForSelector('#upcoming-summary');
  check('the choice of English outlives a reload in a French browser',
    await page.textContent('h1') === 'Upcoming milestones' &&
    await page.evaluate(() => localStorage.getItem('tenured-lang')) === 'en');
  await page.click('#lang-switch button[data-lang="fr"]');
  await page.waitForFunction(() => document.querySelector('h1')
    ?.textContent === 'Jalons à venir');
  check('FR turns it back', await page.evaluate(() =>
    document.documentElement.lang === 'fr' &&
    localStorage.getItem('tenured-lang') === 'fr' &&
    document.title === 'tenured — échéances RH'));
  check('no error in the French pages', errors.length === 0, errors);
  await context.close();
}
