// What axe-core cannot see, checked on the example site and on the second, independent
// alliance site of tests/fixtures/zweite-allianz (long compounds, wide tables, a
// base_url with a sub-path) in headless Chromium:
// the skip link is the first thing the keyboard reaches and moves focus to the main
// content; every focusable element shows a visible focus indicator; each page has
// exactly one h1 and no skipped heading level; the page reflows at 200 % zoom
// (640 CSS px at device scale factor 2); images carry width and height; reduced
// motion and print styles apply.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  ROOT, basePathOf, buildSite, filesBelow, launchBrowser, serveStatic, urlPathOf,
} from './lib.mjs';

/** The sites checked, each with the pages whose keyboard path is walked element by element (one of each kind). */
const SITES = [
  {
    name: 'example site',
    dir: join(ROOT, 'content'),
    keyboardPages: ['/', '/projekte/', '/projekte/azubi-lotsen/', '/dokumente/', '/projektaufrufe/projektaufruf-2027/'],
  },
  {
    name: 'fixture zweite-allianz',
    dir: join(ROOT, 'tests', 'fixtures', 'zweite-allianz'),
    keyboardPages: ['/ueber-uns/', '/projekte/berufsorientierung/', '/themen/code-und-tabellen/', '/partner/'],
  },
];

/** Upper bound of Tab presses per page, against focus traps. */
const MAX_TABS = 150;

for (const site of SITES) describe(`default theme on the ${site.name}`, () => {
  let out;
  let server;
  let browser;
  let paths;
  /** Absolute URL of a page path of the site (served below its base_url path). */
  const url = (path) => server.origin + server.base.slice(0, -1) + path;

  before(async () => {
    out = buildSite(site.dir);
    server = await serveStatic(out, { base: basePathOf(out) });
    paths = filesBelow(out, '.html').map((f) => urlPathOf(out, f));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the skip link is the first focusable element and moves focus to main', async (t) => {
    browser ??= await launchBrowser(t);
    if (!browser) return;
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    const problems = [];
    for (const path of paths) {
      await page.goto(url(path), { waitUntil: 'load' });
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => {
        const el = document.activeElement;
        const r = el.getBoundingClientRect();
        return {
          cls: el.className,
          href: el.getAttribute('href'),
          visible: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight,
        };
      });
      if (first.cls !== 'skip-link' || first.href !== '#inhalt') {
        problems.push(`${path}: the first Tab reaches ${JSON.stringify(first)}, not the skip link`);
        continue;
      }
      if (!first.visible) problems.push(`${path}: the focused skip link is not visible`);
      await page.keyboard.press('Enter');
      const focused = await page.evaluate(() => `${document.activeElement.tagName}#${document.activeElement.id}`);
      if (focused !== 'MAIN#inhalt') problems.push(`${path}: the skip link moved focus to ${focused}`);
      // The next Tab continues inside main, not at the top of the page.
      await page.keyboard.press('Tab');
      const inMain = await page.evaluate(() => !!document.activeElement.closest('main'));
      if (!inMain) problems.push(`${path}: after the skip link, Tab leaves main`);
    }
    await page.close();
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  test('every focusable element shows a visible focus indicator', async (t) => {
    browser ??= await launchBrowser(t);
    if (!browser) return;
    const page = await browser.newPage();
    const problems = [];
    for (const width of [1280, 375]) {
      await page.setViewport({ width, height: 800 });
      for (const path of site.keyboardPages) {
        await page.goto(url(path), { waitUntil: 'load' });
        let reached = 0;
        for (let i = 0; i < MAX_TABS; i++) {
          await page.keyboard.press('Tab');
          const f = await page.evaluate(() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const s = getComputedStyle(el);
            const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
            const shadow = s.boxShadow !== 'none';
            return {
              what: `${el.tagName.toLowerCase()} "${(el.textContent || '').trim().slice(0, 40)}"`,
              marker: el.dataset.tabSeen === '1',
              visible: outline || shadow,
              matches: el.matches(':focus-visible'),
              mark: (el.dataset.tabSeen = '1'),
            };
          });
          if (!f || f.marker) break; // wrapped around to an element seen before
          reached++;
          if (!f.visible || !f.matches) problems.push(`${path} @${width}px: ${f.what} has no visible focus indicator`);
        }
        if (reached < 5) problems.push(`${path} @${width}px: only ${reached} elements reachable by Tab`);
      }
    }
    await page.close();
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  test('every page: exactly one h1, no skipped heading level, images with width and height', async (t) => {
    browser ??= await launchBrowser(t);
    if (!browser) return;
    const page = await browser.newPage();
    const problems = [];
    for (const path of paths) {
      await page.goto(url(path), { waitUntil: 'load' });
      const found = await page.evaluate(() => {
        // The consent panel (shown above the header until a choice is made) is a region
        // of its own, labelled by its h2; the page's outline starts after it.
        const levels = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
          .filter((h) => !h.closest('[data-consent]'))
          .map((h) => Number(h.tagName[1]));
        const unsized = [...document.images]
          .filter((img) => !img.getAttribute('width') || !img.getAttribute('height'))
          .map((img) => img.getAttribute('src'));
        return { levels, unsized };
      });
      const h1s = found.levels.filter((l) => l === 1).length;
      if (h1s !== 1) problems.push(`${path}: ${h1s} h1 elements`);
      if (found.levels[0] !== 1) problems.push(`${path}: the first heading is h${found.levels[0]}`);
      found.levels.forEach((l, i) => {
        if (i > 0 && l > found.levels[i - 1] + 1) problems.push(`${path}: h${l} follows h${found.levels[i - 1]}`);
      });
      for (const src of found.unsized) problems.push(`${path}: image ${src} has no width and height`);
    }
    await page.close();
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  test('every page reflows at 200 % zoom (640 CSS px at scale factor 2)', async (t) => {
    browser ??= await launchBrowser(t);
    if (!browser) return;
    const page = await browser.newPage();
    await page.setViewport({ width: 640, height: 800, deviceScaleFactor: 2 });
    const problems = [];
    for (const path of paths) {
      await page.goto(url(path), { waitUntil: 'load' });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      if (overflow > 0) problems.push(`${path}: scrolls ${overflow}px horizontally at 200 %`);
    }
    await page.close();
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  // The two checks below name pages of the example site.
  if (site.name !== 'example site') return;

  test('decorative arrows are not part of link names', async (t) => {
    browser ??= await launchBrowser(t);
    if (!browser) return;
    const page = await browser.newPage();
    const names = [];
    for (const path of ['/', '/projekte/azubi-lotsen/']) {
      await page.goto(url(path), { waitUntil: 'load' });
      for (const link of await page.$$('.more-link a')) {
        const node = await page.accessibility.snapshot({ root: link });
        names.push(node?.name ?? '');
      }
    }
    await page.close();
    assert.ok(names.length >= 5, `more links found: ${names}`);
    for (const name of names) assert.match(name, /^[^←→]+$/u, `link name with an arrow: ${name}`);
  });

  test('reduced motion turns off smooth scrolling; print hides navigation', async (t) => {
    browser ??= await launchBrowser(t);
    if (!browser) return;
    const page = await browser.newPage();
    await page.goto(url('/'), { waitUntil: 'load' });
    const scroll = () => page.evaluate(() => getComputedStyle(document.documentElement).scrollBehavior);
    await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'no-preference' }]);
    assert.equal(await scroll(), 'smooth');
    await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
    assert.equal(await scroll(), 'auto');
    await page.emulateMediaType('print');
    const hidden = await page.evaluate(() =>
      ['.skip-link', '.site-nav', '.breadcrumbs'].map((s) => {
        const el = document.querySelector(s);
        return el ? getComputedStyle(el).display : 'none';
      }),
    );
    assert.deepEqual(hidden, ['none', 'none', 'none']);
    await page.close();
  });
});
