// The site search and the project finder in Chromium, on tests/fixtures/search built
// by fachwerk (index included) under a sub-path and at the root.
//
// Also: search.js's stemmer gives the same terms as the Rust index for every word of
// the example site and a list of hard cases.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  ROOT, axe, buildSite, describeViolations, launchBrowser, serveStatic, tempDir, vnu,
} from './lib.mjs';

const require = createRequire(import.meta.url);
const SEARCH_JS = join(ROOT, 'themes/default/static/js/search.js');
const BASE = '/fachkraefteallianz/';

/** The terms the Rust index makes of each line of `input` (examples/search-terms.rs). */
function rustTerms(lang, input) {
  const run = spawnSync('cargo', ['run', '--quiet', '--example', 'search-terms', '--', lang], {
    cwd: ROOT, encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`search-terms ${lang} failed:\n${run.stderr}`);
  return run.stdout;
}

/** The fixture built under `base`, with its search index. */
function buildSearchSite(base) {
  const site = join(tempDir('fachwerk-search-site-'), 'site');
  cpSync(join(ROOT, 'tests/fixtures/search'), site, { recursive: true });
  return buildSite(site, { args: ['--base-url', `https://fk.example.org${base}`] });
}

let browser = null;
let server = null;
let rootServer = null;
let out = null;
const foreign = [];

before(async () => {
  out = buildSearchSite(BASE);
  server = await serveStatic(out, { base: BASE });
  rootServer = await serveStatic(buildSearchSite('/'));
});

after(async () => {
  await browser?.close();
  await server?.close();
  await rootServer?.close();
});

/** A page of the sub-path site; every request to another origin is recorded. */
async function open(t, path, { width = 1280, javascript = true, origin = server.origin } = {}) {
  browser ??= await launchBrowser(t);
  if (!browser) return null;
  const page = await browser.newPage();
  await page.setViewport({ width, height: 900 });
  await page.setJavaScriptEnabled(javascript);
  page.on('request', (req) => {
    if (!req.url().startsWith(origin) && !req.url().startsWith('data:')) foreign.push(req.url());
  });
  await page.goto(`${origin}${path}`, { waitUntil: 'networkidle0' });
  return page;
}

const results = (page) => page.$$eval('.search-result a', (as) => as.map((a) => new URL(a.href).pathname));
const status = (page) => page.$eval('[role="status"][data-search-status]', (el) => el.textContent);
const shownProjects = (page) => page.$$eval('.teaser--project:not([hidden]) a',
  (as) => as.map((a) => new URL(a.href).pathname).sort());

async function type(page, selector, text) {
  await page.focus(selector);
  await page.keyboard.type(text);
}

test('a query finds a project by a word form its text does not have', async (t) => {
  const page = await open(t, `${BASE}suche/`);
  if (!page) return;
  // The project says "Lotse"; "Lotsen" stands nowhere on the site.
  assert.ok(!readFileSync(join(ROOT, 'tests/fixtures/search/projects/azubi-begleitung.md'), 'utf8').includes('Lotsen'));
  await type(page, 'input[type="search"]', 'Lotsen');
  await page.waitForSelector('.search-result');
  assert.deepEqual(await results(page), [`${BASE}projekte/azubi-begleitung/`]);
  assert.equal(await status(page), '1 Treffer für „Lotsen“.');
  const item = await page.$eval('.search-result', (li) => ({
    kind: li.querySelector('.search-result__kind').textContent,
    marks: Array.from(li.querySelectorAll('mark'), (m) => m.textContent),
    title: li.querySelector('h2').textContent,
  }));
  assert.deepEqual(item, { kind: 'Projekt', marks: ['Lotse'], title: 'Begleitung im ersten Lehrjahr' });
  // The address keeps the query, so that the result can be shared.
  assert.equal(new URL(page.url()).searchParams.get('q'), 'Lotsen');
  await page.close();
});

test('Enter searches, and the keyboard reaches the results', async (t) => {
  const page = await open(t, `${BASE}suche/`);
  if (!page) return;
  // From the skip link, by keyboard alone.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  let focused = null;
  for (let i = 0; i < 20 && focused !== 'q'; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement.name);
  }
  assert.equal(focused, 'q', 'the search field is reachable by Tab');
  await page.keyboard.type('Ausbildungsbetrieb');
  await page.keyboard.press('Enter');
  // Results appear as one types: wait for those of the whole word, not of a prefix
  // still being answered when Enter was pressed.
  await page.waitForFunction(() => document.querySelector('[data-search-status]').textContent.includes('für „Ausbildungsbetrieb“'));
  await page.waitForSelector('.search-result');
  // The page with the word first; then one with both its parts ("Betriebe" and the
  // topic "Ausbildung"), as the index splits the compound.
  assert.deepEqual(await results(page), [`${BASE}projekte/pflege-verbund/`, `${BASE}projekte/willkommen/`]);
  await page.keyboard.press('Tab'); // the button
  await page.keyboard.press('Tab'); // the first result
  assert.equal(await page.evaluate(() => document.activeElement.closest('.search-result') !== null), true);
  await page.keyboard.press('Enter');
  await page.waitForNavigation({ waitUntil: 'networkidle0' }).catch(() => {});
  assert.equal(new URL(page.url()).pathname, `${BASE}projekte/pflege-verbund/`);
  await page.close();
});

test('a part of a compound finds the compound, marked', async (t) => {
  const page = await open(t, `${BASE}suche/?q=Betrieb`);
  if (!page) return;
  await page.waitForSelector('.search-result');
  const found = await results(page);
  assert.ok(found.includes(`${BASE}projekte/pflege-verbund/`), found.join(' '));
  const marks = await page.$$eval('.search-result mark', (ms) => ms.map((m) => m.textContent));
  assert.ok(marks.includes('Ausbildungsbetriebe'), marks.join(' '));
  await page.close();
});

test('the header field\'s ?q= fills the search page and shows its results', async (t) => {
  const page = await open(t, `${BASE}suche/?q=${encodeURIComponent('Fachkräfte international')}`);
  if (!page) return;
  await page.waitForSelector('.search-result');
  assert.equal(await page.$eval('input[name="q"]', (i) => i.value), 'Fachkräfte international');
  assert.deepEqual(await results(page), [`${BASE}projekte/willkommen/`]);
  await page.close();
});

for (const width of [1280, 320]) {
  test(`no axe violation with results shown, ${width} px`, async (t) => {
    const page = await open(t, `${BASE}suche/?q=Ausbildung`, { width });
    if (!page) return;
    await page.waitForSelector('.search-result mark');
    assert.ok((await results(page)).length >= 3);
    const violations = await axe(page);
    assert.deepEqual(violations, [], describeViolations(`/suche/ ${width}px`, violations));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${overflow} px wider than the window`);
    await page.close();
  });

  test(`no axe violation in the project finder with a filter, ${width} px`, async (t) => {
    const page = await open(t, `${BASE}projekte/?thema=Ausbildung`, { width });
    if (!page) return;
    await page.waitForSelector('form[data-finder]:not([hidden])');
    const violations = await axe(page);
    assert.deepEqual(violations, [], describeViolations(`/projekte/ ${width}px`, violations));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${overflow} px wider than the window`);
    await page.close();
  });
}

test('the finder narrows the projects, keeps its state in the address and restores it', async (t) => {
  const page = await open(t, `${BASE}projekte/`);
  if (!page) return;
  await page.waitForSelector('form[data-finder]:not([hidden])');
  const all = await shownProjects(page);
  assert.equal(all.length, 5);
  // A topic.
  await page.click('input[name="thema"][value="Pflege"]');
  await page.waitForFunction(() => document.querySelectorAll('.teaser--project:not([hidden])').length === 1);
  assert.deepEqual(await shownProjects(page), [`${BASE}projekte/pflege-verbund/`]);
  assert.equal(await page.$eval('[data-finder-status]', (e) => e.textContent), '1 von 5 Projekten passt zu Ihrer Auswahl.');
  assert.equal(new URL(page.url()).searchParams.get('thema'), 'Pflege');
  // Another topic widens, a year narrows, a carrier and an amount range too.
  await page.click('input[name="thema"][value="Pflege"]');
  await page.click('input[name="thema"][value="Ausbildung"]');
  await page.select('select[name="jahr"]', '2024');
  await page.waitForFunction(() => document.querySelectorAll('.teaser--project:not([hidden])').length === 2);
  assert.deepEqual(await shownProjects(page), [`${BASE}projekte/azubi-begleitung/`, `${BASE}projekte/willkommen/`]);
  await page.select('select[name="traeger"]', 'Kreishandwerkerschaft Testkreis');
  await page.waitForFunction(() => document.querySelectorAll('.teaser--project:not([hidden])').length === 1);
  // The years without a shown project are hidden with their heading.
  assert.deepEqual(await page.$$eval('.year-group:not([hidden]) h2', (hs) => hs.map((h) => h.textContent)), ['2024']);
  const shared = page.url();
  // Text combined with filters: "Lotsen" again, by its other form.
  await page.select('select[name="traeger"]', '');
  await page.select('select[name="jahr"]', '');
  await type(page, 'form[data-finder] input[name="q"]', 'Lotsen');
  await page.waitForFunction(() => document.querySelectorAll('.teaser--project:not([hidden])').length === 1);
  assert.deepEqual(await shownProjects(page), [`${BASE}projekte/azubi-begleitung/`]);
  // A shared address shows the same selection.
  const again = await browser.newPage();
  await again.goto(shared, { waitUntil: 'networkidle0' });
  await again.waitForFunction(() => document.querySelectorAll('.teaser--project:not([hidden])').length === 1);
  assert.deepEqual(await shownProjects(again), [`${BASE}projekte/azubi-begleitung/`]);
  assert.equal(await again.$eval('select[name="jahr"]', (s) => s.value), '2024');
  await again.close();
  // An amount range; then reset shows everything again.
  await page.click('button[type="reset"]');
  await page.waitForFunction(() => document.querySelectorAll('.teaser--project:not([hidden])').length === 5);
  await type(page, 'input[name="ab"]', '50000');
  await page.waitForFunction(() => document.querySelectorAll('.teaser--project:not([hidden])').length === 2);
  assert.deepEqual(await shownProjects(page), [`${BASE}projekte/pflege-verbund/`, `${BASE}projekte/rueckkehr/`]);
  await page.close();
});

test('without JavaScript the search page says so and links the listings; the lists stay', async (t) => {
  const page = await open(t, `${BASE}suche/?q=Lotsen`, { javascript: false });
  if (!page) return;
  const text = await page.$eval('[data-search-noscript]', (p) => (p.hidden ? '' : p.textContent));
  assert.match(text, /braucht JavaScript/);
  const links = await page.$$eval('.search__browse a', (as) => as.map((a) => new URL(a.href).pathname));
  assert.ok(links.includes(`${BASE}projekte/`), links.join(' '));
  await page.close();
  const projects = await open(t, `${BASE}projekte/?thema=Pflege`, { javascript: false });
  assert.equal(await projects.$eval('form[data-finder]', (f) => f.hidden), true);
  assert.equal((await shownProjects(projects)).length, 5);
  await projects.close();
});

test('the search works at the root too, and stores nothing', async (t) => {
  const page = await open(t, '/suche/?q=Rueckkehrer', { origin: rootServer.origin });
  if (!page) return;
  await page.waitForSelector('.search-result');
  assert.deepEqual(await results(page), ['/projekte/rueckkehr/']);
  const stored = await page.evaluate(() => [document.cookie, localStorage.length, sessionStorage.length]);
  assert.deepEqual(stored, ['', 0, 0]);
  await page.close();
});

test('no request went to another host, and the sub-path site asked nothing outside it', () => {
  if (!browser) return;
  assert.deepEqual(foreign, []);
  assert.ok(server.requests.length > 0);
  const outside = server.requests.filter((p) => !p.startsWith(BASE) && p !== '/favicon.ico');
  assert.deepEqual(outside, []);
  assert.ok(server.requests.some((p) => p.startsWith(`${BASE}suche/index/de/t/`)), 'a term chunk was loaded');
});

test('the pages of the search are valid HTML', () => {
  const errors = vnu([join(out, 'suche/index.html'), join(out, 'projekte/index.html')]);
  assert.deepEqual(errors, []);
});

test('search.js stems every word as the Rust index does', () => {
  const { analyze } = require(SEARCH_JS);
  const words = new Set(HARD_WORDS);
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.md')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/[\p{Alphabetic}\p{N}]+/gu)) words.add(m[0]);
      }
    }
  };
  walk(join(ROOT, 'content'));
  walk(join(ROOT, 'tests/fixtures/search'));
  const list = [...words].sort();
  assert.ok(list.length > 1500, `${list.length} words`);
  for (const lang of ['de', 'en']) {
    const [stopLine, ...rust] = rustTerms(lang, list.join('\n') + '\n').split('\n');
    const stop = new Set(stopLine.split(' '));
    const differ = list
      .map((w, i) => [w, rust[i], analyze(w, lang, stop).map((x) => x.term).join(' ')])
      .filter(([, r, j]) => r !== j);
    assert.deepEqual(differ.slice(0, 20), [], `${differ.length} of ${list.length} words differ (${lang})`);
  }
});

// Words for every rule of Snowball's German stemmer and the English S stemmer.
const HARD_WORDS = [
  'Lehrerinnen', 'Lehrerin', 'Systeme', 'System', 'Ergebnisse', 'Kenntnissen', 'häuslichen',
  'Sauerei', 'bauen', 'Bayern', 'Quelle', 'aquae', 'schlechtesten', 'kleinste', 'gefeiert',
  'geplant', 'erweitert', 'getrickst', 'Tickets', 'Händeln', 'Wechselns', 'Freundlichkeit',
  'Möglichkeiten', 'Heiterkeit', 'Schönheit', 'eigentlich', 'zwanzigste', 'Wanderung', 'lesend',
  'Straße', 'Füße', 'Grüße', 'muede', 'Goethe', 'Aerzte', 'Oel', 'Ueberblick', 'euer', 'Boje',
  'Koyote', 'au', 'ab', 'aa', 'Ära', 'Zuständigkeiten', 'Praktikumsplätze', 'IHK', 'H2O', '2024er',
  'Café', 'naïve', 'Ångström', 'geordnet', 'internet', 'Tablett', 'Pakete', 'beträgt', 'Akademien',
  'Ingenieurinnen', 'handlichst', 'lächerlich', 'Planet', 'Planeten', 'gerettet', 'beherzt',
  'ärztlich', 'Wissenschaftlichkeit', 'Eigentümlichkeit', 'Häufigkeiten', 'Gleichnissen', 'ſ',
  'STRAẞE', 'İstanbul', 'Mittelns', 'Wandels', 'ordnet', 'getickt', 'geplantes', 'tragt', 'trägt',
  'Companies', 'studies', 'boxes', 'Apprentices', 'status', 'business', 'goes', 'toes', 'series',
  'Lotse', 'Lotsen', 'Lotsin', 'Lotsinnen', 'Ausbildungsbetriebe', 'Ausbildungsbetrieb', 'Ausbildung',
  'x'.repeat(40), 'y'.repeat(41), 'Fachkra\u0308fte', 'ganzjährigkeit', 'Beständigkeit', 'ewigend',
];
