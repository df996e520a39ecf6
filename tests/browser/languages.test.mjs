// English beside German (issue 19) in headless Chromium, on the example site (content/,
// `languages: [de, en]`): the header's language switch works both ways with the
// keyboard alone, the English pages pass axe, and the German funding notice on an
// English page is marked German while its English rendering takes the page's language.
// Screenshots of the English pages at 1280 and 375 px go to /tmp/i19-*.png.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  ROOT, TEST_DATE, axe, describeViolations, fachwerkBin, filesBelow, launchBrowser, serveStatic,
  tempDir, urlPathOf,
} from './lib.mjs';

describe('a site in German and English', () => {
  let out;
  let server;
  let browser;

  before(async () => {
    out = join(tempDir('fachwerk-languages-'), 'public');
    // The switch and hreflang links are absolute: the site is built for the address
    // it is served from.
    server = await serveStatic(out);
    const result = spawnSync(
      fachwerkBin(),
      ['build', join(ROOT, 'content'), '-o', out, '--date', TEST_DATE, '--base-url', `${server.origin}/`],
      { encoding: 'utf8' },
    );
    assert.equal(result.status, 0, result.stderr);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Tabs from the top of the page to the language switch; false if never reached. */
  async function tabToSwitch(page) {
    for (let i = 0; i < 12; i += 1) {
      await page.keyboard.press('Tab');
      const on = await page.evaluate(() => document.activeElement?.classList.contains('language-switch__link'));
      if (on) return true;
    }
    return false;
  }

  test('the switch leads to the other language and back, with the keyboard', async (t) => {
    browser ??= await launchBrowser(t);
    if (!browser) return;
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    for (const [from, to, lang] of [
      ['/ueber-uns/', '/en/ueber-uns/', 'en'],
      ['/en/ueber-uns/', '/ueber-uns/', 'de'],
      ['/projekte/willkommen-in-elbstein/', '/en/projekte/willkommen-in-elbstein/', 'en'],
      // A page without a translation leads to the other language's home page.
      ['/projekte/azubi-lotsen/', '/en/', 'en'],
    ]) {
      await page.goto(server.origin + from, { waitUntil: 'load' });
      assert.ok(await tabToSwitch(page), `${from}: the switch is not reachable with Tab`);
      const link = await page.evaluate(() => {
        const a = document.activeElement;
        return { lang: a.lang, hreflang: a.hreflang, text: a.textContent.trim() };
      });
      assert.equal(link.lang, lang, from);
      assert.equal(link.hreflang, lang, from);
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
      assert.equal(new URL(page.url()).pathname, to, from);
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang, to);
    }
  });

  test('English pages pass axe, and the German notice on them is marked German', async (t) => {
    browser ??= await launchBrowser(t);
    if (!browser) return;
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    const paths = filesBelow(join(out, 'en'), '.html').map((f) => urlPathOf(out, f));
    assert.ok(paths.length > 10, paths.join(', '));
    const problems = [];
    for (const path of paths) {
      await page.goto(server.origin + path, { waitUntil: 'load' });
      const langs = await page.evaluate(() => {
        const german = document.querySelector('.site-footer .funding-notice__text');
        const english = document.querySelector('.site-footer .funding-notice__translation');
        return {
          page: document.documentElement.lang,
          german: german?.closest('[lang]')?.lang,
          english: english?.closest('[lang]')?.lang,
          englishText: english?.textContent ?? '',
        };
      });
      if (langs.page !== 'en') problems.push(`${path}: <html lang="${langs.page}">`);
      if (langs.german !== 'de') problems.push(`${path}: the German notice is in "${langs.german}"`);
      if (langs.english !== 'en' || !langs.englishText.startsWith('This measure')) {
        problems.push(`${path}: the English rendering is "${langs.englishText}" in "${langs.english}"`);
      }
      const violations = await axe(page);
      if (violations.length) problems.push(describeViolations(path, violations));
    }
    assert.deepEqual(problems, []);
  });

  test('screenshots of English pages at 1280 and 375 px', async (t) => {
    browser ??= await launchBrowser(t);
    if (!browser) return;
    const page = await browser.newPage();
    for (const [name, path] of [
      ['home', '/en/'],
      ['about', '/en/ueber-uns/'],
      ['project', '/en/projekte/willkommen-in-elbstein/'],
      ['impressum', '/en/impressum/'],
      ['about-de', '/ueber-uns/'],
    ]) {
      for (const width of [1280, 375]) {
        await page.setViewport({ width, height: 900 });
        await page.goto(server.origin + path, { waitUntil: 'load' });
        await page.screenshot({ path: `/tmp/i19-${name}-${width}.png`, fullPage: width === 375 ? false : true });
      }
      // The switch fits the header at 375 px: no sideways scrolling.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.ok(overflow <= 0, `${path}: ${overflow}px wider than the screen at 375 px`);
    }
  });
});
