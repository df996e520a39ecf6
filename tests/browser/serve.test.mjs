// `fachwerk serve` in a real browser: a page follows the editor's saves without a
// manual reload; a broken file shows the accessible error overlay with file:line,
// fixing it removes the overlay and reloads; a stylesheet edit restyles the page
// without reloading it.
//
// The site is a temporary copy of the `minimal` fixture with a copy of the default
// theme beside it (site.yaml `theme: ../theme`), so that the theme's CSS can be
// edited and the theme directory outside the site is watched too.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, TEST_DATE, axe, describeViolations, fachwerkBin, launchBrowser, tempDir } from './lib.mjs';

const WAIT = { timeout: 30000, polling: 50 };

/**
 * Starts `fachwerk serve` on a free port; resolves once it prints its address. The
 * server compares every incremental build with a full build and logs a difference
 * (`FACHWERK_VERIFY_INCREMENTAL`); `verified()` asserts that none was found.
 */
function startServe(site, port = 0) {
  const proc = spawn(fachwerkBin(), ['serve', site, '--port', String(port), '--date', TEST_DATE], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, FACHWERK_VERIFY_INCREMENTAL: '1' },
  });
  let log = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fachwerk serve did not start:\n${log}`)), 60000);
    proc.stderr.on('data', (chunk) => {
      log += chunk;
      const m = log.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    });
    proc.on('exit', (code) => reject(new Error(`fachwerk serve exited (${code}):\n${log}`)));
  });
  const verified = () => {
    assert.doesNotMatch(log, /serve\/verify-differs|serve\/verify-failed/, log);
  };
  return { proc, ready, log: () => log, verified };
}

/** The first .css file below `dir`. */
function firstCss(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      const found = firstCss(path);
      if (found) return found;
    } else if (name.endsWith('.css')) return path;
  }
  return null;
}

/** Resolves when the server counts at least `n` open event streams. */
async function clients(origin, n) {
  for (let i = 0; i < 600; i++) {
    const status = await (await fetch(`${origin}/_fachwerk/status`)).json();
    if (status.clients >= n) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`fewer than ${n} pages connected`);
}

const overlayText = () => document.querySelector('#fachwerk-overlay')?.innerText ?? null;

test('fachwerk serve: live reload, error overlay, stylesheet swap', async (t) => {
  const tmp = tempDir('fachwerk-serve-');
  const site = join(tmp, 'site');
  const theme = join(tmp, 'theme');
  cpSync(join(ROOT, 'tests', 'fixtures', 'minimal'), site, { recursive: true });
  cpSync(join(ROOT, 'themes', 'default'), theme, { recursive: true });
  appendFileSync(join(site, 'site.yaml'), '\ntheme: ../theme\n');

  let server = startServe(site);
  t.after(() => server.proc.kill());
  const origin = await server.ready;
  const browser = await launchBrowser(t);
  if (!browser) return;
  t.after(() => browser.close());

  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(`${origin}/ueber-uns/`, { waitUntil: 'load' });
  await clients(origin, 1);
  const main = () => document.querySelector('main').innerText;
  assert.match(await page.evaluate(main), /Wir sichern Fachkräfte\./);

  await t.test('an edited text shows up in place: <main> is patched, the page not reloaded', async () => {
    let navigations = 0;
    const count = (frame) => { if (frame === page.mainFrame()) navigations++; };
    page.on('framenavigated', count);
    await page.evaluate(() => {
      window.fachwerkMarker = 'vorher';
      window.scrollTo(0, 40);
      document.querySelector('footer').dataset.keep = 'ja';
    });
    const md = join(site, 'pages', 'ueber-uns.md');
    writeFileSync(md, readFileSync(md, 'utf8').replace('Wir sichern Fachkräfte.', 'Wir gewinnen Fachkräfte.'));
    await page.waitForFunction(() => document.querySelector('main').innerText.includes('Wir gewinnen Fachkräfte.'), WAIT);
    page.off('framenavigated', count);
    assert.equal(await page.evaluate(() => window.fachwerkMarker), 'vorher', 'the page was reloaded');
    assert.equal(navigations, 0);
    assert.equal(await page.evaluate(() => document.querySelector('footer').dataset.keep), 'ja', 'outside <main> nothing was replaced');
    // The patched page is the page as served now.
    const served = await (await fetch(`${origin}/ueber-uns/`)).text();
    const expected = served.match(/<main[^>]*>([\s\S]*)<\/main>/)[1];
    const patched = await page.evaluate(() => document.querySelector('main').innerHTML);
    const norm = (html) => html.replace(/\s+/g, ' ').trim();
    assert.equal(norm(patched), norm(await page.evaluate((h) => {
      const t = document.createElement('template');
      t.innerHTML = h;
      return t.innerHTML;
    }, expected)));
  });

  await t.test('a changed title reloads the page; a page the edit did not change stays', async () => {
    const other = await browser.newPage();
    await other.goto(`${origin}/impressum/`, { waitUntil: 'load' });
    await clients(origin, 2);
    await Promise.all([page, other].map((p) => p.evaluate(() => { window.fachwerkMarker = 'vorher'; })));
    const md = join(site, 'pages', 'ueber-uns.md');
    writeFileSync(md, readFileSync(md, 'utf8').replace(/^title: .*$/m, 'title: Über die Allianz'));
    await page.waitForFunction(() => document.title.includes('Über die Allianz'), WAIT);
    assert.equal(await page.evaluate(() => window.fachwerkMarker), undefined, 'the page was not reloaded');
    // The Impressum does not show that title: it was not reloaded.
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await other.evaluate(() => window.fachwerkMarker), 'vorher');
    await other.close();
  });

  const contacts = join(site, 'contacts.yaml');
  const goodContacts = readFileSync(contacts, 'utf8');

  await t.test('a broken YAML file shows the overlay with file:line, on open and new pages', async () => {
    writeFileSync(contacts, goodContacts.replace('name: Anna Beispiel', 'name: [Anna Beispiel'));
    await page.waitForFunction(() => document.querySelector('#fachwerk-overlay') !== null, WAIT);
    const text = await page.evaluate(overlayText);
    assert.match(text, /contacts\.yaml:2:\d+/, text);
    assert.match(text, /Die Vorschau konnte nicht neu erstellt werden/);
    // The findings with their codes, as the terminal shows them.
    assert.match(text, /error\[yaml\/unclosed-bracket\]/, text);
    const dialog = await page.evaluate(() => {
      const o = document.querySelector('#fachwerk-overlay');
      return {
        role: o.getAttribute('role'),
        modal: o.getAttribute('aria-modal'),
        lang: o.lang,
        label: document.getElementById(o.getAttribute('aria-labelledby'))?.textContent,
        focused: document.activeElement?.textContent,
      };
    });
    assert.deepEqual(dialog, {
      role: 'alertdialog',
      modal: 'true',
      lang: 'de',
      label: 'Die Vorschau konnte nicht neu erstellt werden',
      focused: 'Schließen',
    });
    // The last good build is still shown behind it.
    assert.match(await page.evaluate(main), /Wir gewinnen Fachkräfte\./);
    const violations = await axe(page);
    assert.deepEqual(violations, [], describeViolations('overlay', violations));

    // A page opened after the failure sees the overlay too; Escape closes it.
    const late = await browser.newPage();
    await late.goto(`${origin}/`, { waitUntil: 'load' });
    await late.waitForFunction(() => document.querySelector('#fachwerk-overlay') !== null, WAIT);
    assert.match(await late.evaluate(overlayText), /contacts\.yaml:2:/);
    await late.keyboard.press('Escape');
    assert.equal(await late.evaluate(overlayText), null);
    await late.close();
  });

  await t.test('fixing it removes the overlay and reloads the page', async () => {
    await page.evaluate(() => { window.fachwerkMarker = 'kaputt'; });
    writeFileSync(contacts, goodContacts);
    await page.waitForFunction(
      () => window.fachwerkMarker === undefined && document.readyState === 'complete',
      WAIT,
    );
    assert.equal(await page.evaluate(overlayText), null);
    assert.match(await page.evaluate(main), /Wir gewinnen Fachkräfte\./);
  });

  await t.test('a stylesheet edit restyles the page without reloading it', async () => {
    await clients(origin, 1);
    await page.evaluate(() => { window.fachwerkMarker = 'bleibt'; });
    let navigations = 0;
    page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) navigations++; });
    const sheets = await page.evaluate(() => document.querySelectorAll('link[rel~="stylesheet" i]').length);
    const css = firstCss(join(theme, 'static'));
    assert.ok(css, 'the theme has a stylesheet');
    appendFileSync(css, '\nbody { outline: 7px solid rgb(1, 2, 3); }\n');
    await page.waitForFunction(() => getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)', WAIT);
    assert.equal(await page.evaluate(() => window.fachwerkMarker), 'bleibt', 'the page was not reloaded');
    assert.equal(navigations, 0);
    // The old stylesheet links are gone once the new ones loaded.
    await page.waitForFunction(
      (n) => document.querySelectorAll('link[rel~="stylesheet" i]').length === n,
      WAIT,
      sheets,
    );
  });

  await t.test('every incremental build so far equalled a full build', () => {
    assert.match(server.log(), /note\[serve\/verified\]/);
    server.verified();
  });

  await t.test('after a restart of the server the page reconnects and reloads', async () => {
    await page.evaluate(() => { window.fachwerkMarker = 'alter Server'; });
    const port = new URL(origin).port;
    const old = server.proc;
    await new Promise((ok) => { old.once('exit', ok); old.kill(); });
    server = startServe(site, port);
    assert.equal(await server.ready, origin);
    await page.waitForFunction(
      () => window.fachwerkMarker === undefined && document.readyState === 'complete',
      WAIT,
    );
    assert.match(await page.evaluate(main), /Wir gewinnen Fachkräfte\./);
  });
});
