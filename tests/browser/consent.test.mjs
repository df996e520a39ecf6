// The privacy promise, tested in headless Chromium on tests/fixtures/consent (an
// analytics category whose script is observable, and a page with a two-click video):
// a first visit contacts no other host and stores nothing; "Nur notwendige" keeps it
// that way except the stored choice; consent loads exactly that category's script;
// the footer button reopens the panel and withdrawing stops the script; the video
// frame loads only after its click; axe finds nothing with the panel open; the panel
// never covers the Impressum and Datenschutz links; on a phone it leaves the page's
// heading in the first screen, its full text behind "Mehr erfahren". A site with only essential
// services (tests/fixtures/minimal) has no panel and no consent script at all.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, axe, buildSite, describeViolations, launchBrowser, serveStatic } from './lib.mjs';

const CONSENT_KEY = 'fachwerk-consent';

/** A fresh browser context (no cookies, no storage) with every request recorded. */
async function visit(browser, origin, path, { width = 1280, height = 900 } = {}) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width, height });
  const requests = [];
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    requests.push(req.url());
    // Keep the test offline: other hosts are recorded, never contacted.
    if (req.url().startsWith(origin) || req.url().startsWith('data:')) req.continue();
    else req.abort('blockedbyclient');
  });
  await page.goto(origin + path, { waitUntil: 'networkidle0' });
  return { context, page, requests };
}

/** Every cookie of the browser context, via the DevTools protocol. */
async function allCookies(page) {
  const cdp = await page.createCDPSession();
  const { cookies } = await cdp.send('Network.getAllCookies');
  await cdp.detach();
  return cookies;
}

async function storage(page) {
  return page.evaluate(() => ({
    local: Object.keys(localStorage),
    session: Object.keys(sessionStorage),
    consent: localStorage.getItem('fachwerk-consent'),
    statsLoaded: window.__statsLoaded === true,
  }));
}

const panelVisible = (page) => page.$eval('[data-consent]', (el) => !el.hidden && el.offsetHeight > 0);
// Scripts carry a content hash in their names (js/consent.3f2a9c1b.js); compare
// them by the name they have in the theme or static/.
const unhashed = (p) => p.replace(/\.[0-9a-f]{8}\.(js|css)$/, '.$1');
const pathsOf = (requests, origin) =>
  requests.filter((u) => u.startsWith(origin)).map((u) => unhashed(new URL(u).pathname));
const scriptsOf = (requests, origin) => pathsOf(requests, origin).filter((p) => p.endsWith('.js'));

describe('consent panel (fixture consent)', () => {
  let server;
  let browser;
  let origin;

  before(async () => {
    server = await serveStatic(buildSite(join(ROOT, 'tests', 'fixtures', 'consent')));
    origin = server.origin;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('a first visit contacts only the site and stores nothing', async (t) => {
    browser = await launchBrowser(t);
    if (!browser) return;
    const { context, page, requests } = await visit(browser, origin, '/');
    assert.ok(await panelVisible(page), 'the panel is shown on a first visit');
    const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:'));
    assert.deepEqual(foreign, [], 'requests to other hosts');
    assert.deepEqual(scriptsOf(requests, origin), ['/js/consent.js']);
    assert.ok(!pathsOf(requests, origin).includes('/stats-ping'));
    assert.deepEqual(await allCookies(page), []);
    const s = await storage(page);
    assert.deepEqual([s.local, s.session, s.statsLoaded], [[], [], false]);
    // The purposes are named on the first layer, both choices side by side.
    const text = await page.$eval('[data-consent]', (el) => el.innerText);
    assert.match(text, /Statistik/);
    const [accept, reject] = await Promise.all(
      ['[data-consent-accept]', '[data-consent-reject]'].map((sel) =>
        page.$eval(sel, (b) => {
          const cs = getComputedStyle(b);
          return { visible: b.offsetHeight > 0, font: cs.fontWeight + cs.fontSize, bg: cs.backgroundColor, color: cs.color };
        }),
      ),
    );
    assert.ok(accept.visible && reject.visible);
    assert.deepEqual(accept, reject, 'accept and reject have equal weight');
    // Nothing is pre-ticked in the settings layer.
    const ticked = await page.$$eval('[data-consent-category]', (bs) => bs.filter((b) => b.checked).length);
    assert.equal(ticked, 0);
    await context.close();
  });

  test('"Nur notwendige" stores only the choice and the script never runs', async (t) => {
    browser ??= await launchBrowser(t);
    if (!browser) return;
    const { context, page, requests } = await visit(browser, origin, '/');
    await page.click('[data-consent-reject]');
    assert.ok(!(await panelVisible(page)), 'the panel closes after the choice');
    await page.reload({ waitUntil: 'networkidle0' });
    await page.goto(origin + '/ueber-uns/', { waitUntil: 'networkidle0' });
    assert.ok(!(await panelVisible(page)), 'the choice is remembered');
    const s = await storage(page);
    assert.deepEqual(s.local, [CONSENT_KEY]);
    assert.deepEqual(JSON.parse(s.consent).categories, []);
    assert.deepEqual(s.session, []);
    assert.equal(s.statsLoaded, false);
    assert.deepEqual(await allCookies(page), []);
    assert.ok(!pathsOf(requests, origin).some((p) => p === '/js/stats.js' || p === '/stats-ping'));
    assert.deepEqual(requests.filter((u) => !u.startsWith(origin)), []);
    await context.close();
  });

  test('accepting loads exactly the category\'s script; the footer button withdraws it', async (t) => {
    browser ??= await launchBrowser(t);
    if (!browser) return;
    const { context, page, requests } = await visit(browser, origin, '/');
    await page.click('[data-consent-accept]');
    await page.waitForFunction(() => window.__statsLoaded === true);
    await page.waitForNetworkIdle();
    assert.deepEqual(scriptsOf(requests, origin).sort(), ['/js/consent.js', '/js/stats.js']);
    assert.ok(pathsOf(requests, origin).includes('/stats-ping'));
    assert.deepEqual(JSON.parse((await storage(page)).consent).categories, ['analytics']);
    assert.ok((await allCookies(page)).some((c) => c.name === '_stats_id.1.ab12'));

    // Next page: the script loads without asking again.
    requests.length = 0;
    await page.goto(origin + '/ueber-uns/', { waitUntil: 'networkidle0' });
    assert.ok(!(await panelVisible(page)));
    assert.ok(await page.evaluate(() => window.__statsLoaded === true));

    // Reopen from the footer: the panel shows the current choice; withdraw it.
    const button = await page.$('[data-consent-open]');
    assert.ok(button, 'the footer has a Cookie-Einstellungen button');
    assert.equal(await button.evaluate((b) => b.textContent.trim()), 'Cookie-Einstellungen');
    await button.click();
    assert.ok(await panelVisible(page));
    assert.equal(await page.evaluate(() => document.activeElement.id), 'consent-heading', 'focus moves to the panel');
    await page.click('[data-consent-settings]');
    assert.equal(await page.$eval('#consent-analytics', (b) => b.checked), true);
    await page.click('#consent-analytics');
    await page.click('[data-consent-save]');
    assert.ok(!(await panelVisible(page)));
    assert.equal(await page.evaluate(() => document.activeElement.hasAttribute('data-consent-open')), true,
      'focus returns to the footer button');
    assert.deepEqual(JSON.parse((await storage(page)).consent).categories, []);
    assert.ok(!(await allCookies(page)).some((c) => c.name.startsWith('_stats_id')), 'the category\'s cookie is removed');

    requests.length = 0;
    await page.reload({ waitUntil: 'networkidle0' });
    assert.equal(await page.evaluate(() => window.__statsLoaded === true), false);
    assert.ok(!pathsOf(requests, origin).includes('/js/stats.js'), 'after withdrawing the script no longer loads');
    await context.close();
  });

  test('per-category choice behind "Einstellungen"; Escape closes only a reopened panel', async (t) => {
    browser ??= await launchBrowser(t);
    if (!browser) return;
    const { context, page } = await visit(browser, origin, '/');
    await page.keyboard.press('Escape');
    assert.ok(await panelVisible(page), 'Escape does not dismiss the first visit\'s question');
    const settings = await page.$('[data-consent-settings]');
    assert.equal(await settings.evaluate((b) => b.getAttribute('aria-expanded')), 'false');
    await settings.click();
    assert.equal(await settings.evaluate((b) => b.getAttribute('aria-expanded')), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'consent-analytics');
    await page.keyboard.press('Space');
    await page.click('[data-consent-save]');
    await page.waitForFunction(() => window.__statsLoaded === true);
    await page.click('[data-consent-open]');
    await page.keyboard.press('Escape');
    assert.ok(!(await panelVisible(page)), 'Escape closes the reopened panel');
    await context.close();
  });

  test('a category the visitor was never asked about brings the panel back', async (t) => {
    browser ??= await launchBrowser(t);
    if (!browser) return;
    const { context, page } = await visit(browser, origin, '/');
    // A choice stored before privacy.yaml had the analytics category.
    await page.evaluate((key) => localStorage.setItem(key, JSON.stringify(
      { version: 1, categories: [], asked: [], date: '2026-01-01T00:00:00Z' })), CONSENT_KEY);
    await page.reload({ waitUntil: 'networkidle0' });
    assert.ok(await panelVisible(page));
    assert.equal(await page.evaluate(() => window.__statsLoaded === true), false);
    await page.click('[data-consent-reject]');
    await page.reload({ waitUntil: 'networkidle0' });
    assert.ok(!(await panelVisible(page)));
    assert.deepEqual(JSON.parse((await storage(page)).consent).asked, ['analytics']);
    await context.close();
  });

  test('axe finds no violation with the panel open, also with its settings open', async (t) => {
    browser ??= await launchBrowser(t);
    if (!browser) return;
    for (const width of [1280, 375]) {
      const { context, page } = await visit(browser, origin, '/', { width });
      assert.ok(await panelVisible(page));
      let v = await axe(page);
      assert.deepEqual(v, [], describeViolations(`panel @${width}`, v));
      await page.click('[data-consent-settings]');
      v = await axe(page);
      assert.deepEqual(v, [], describeViolations(`settings @${width}`, v));
      await context.close();
    }
  });

  test('on a phone the panel is short and leaves the page\'s heading in the first screen', async (t) => {
    browser ??= await launchBrowser(t);
    if (!browser) return;
    const { context, page } = await visit(browser, origin, '/ueber-uns/', { width: 375, height: 667 });
    assert.ok(await panelVisible(page));
    const measure = () => page.evaluate(() => ({
      panel: document.querySelector('[data-consent]').getBoundingClientRect().height,
      heading: document.querySelector('main h1').getBoundingClientRect().bottom,
      screen: window.innerHeight,
    }));
    const first = await measure();
    assert.ok(first.panel <= first.screen * 0.35, `the panel takes ${first.panel} of ${first.screen} px`);
    assert.ok(first.heading <= first.screen, `the heading ends at ${first.heading} px, below the first screen`);
    // The purposes are named and both choices shown; the rest opens on request.
    const text = await page.$eval('[data-consent]', (el) => el.innerText);
    assert.match(text, /Statistik/);
    const links = '[data-consent] a[href="/impressum/"]';
    assert.equal(await page.$eval(links, (a) => a.checkVisibility()), false);
    await page.click('[data-consent] summary');
    assert.ok(await page.$eval(links, (a) => a.checkVisibility()));
    await context.close();
  });

  test('the panel never covers the Impressum and Datenschutz links', async (t) => {
    browser ??= await launchBrowser(t);
    if (!browser) return;
    for (const width of [1280, 375, 320]) {
      const { context, page } = await visit(browser, origin, '/datenschutz/', { width });
      await page.click('[data-consent-settings]');
      assert.ok(await panelVisible(page));
      for (const href of ['/impressum/', '/datenschutz/']) {
        const hit = await page.$eval(`.site-footer a[href="${href}"]`, (a) => {
          a.scrollIntoView({ block: 'center', behavior: 'instant' });
          const r = a.getBoundingClientRect();
          const el = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return el === a || a.contains(el);
        });
        assert.ok(hit, `${href} is covered at ${width}px`);
      }
      // The panel itself also links to them.
      assert.ok(await page.$('[data-consent] a[href="/impressum/"]'));
      assert.ok(await page.$('[data-consent] a[href^="/datenschutz/"]'));
      await context.close();
    }
  });

  test('the video frame loads only after its click, the map only after its own', async (t) => {
    browser ??= await launchBrowser(t);
    if (!browser) return;
    const { context, page, requests } = await visit(browser, origin, '/video/');
    const foreign = () => requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:'));
    assert.deepEqual(foreign(), [], 'no request to the video host before the click');
    assert.equal(await page.$('iframe'), null);
    assert.ok(await page.$('img.embed__preview[src="/images/vorschau.svg"]'));
    const button = await page.$('.embed__button');
    assert.equal(await button.evaluate((b) => b.textContent), 'Video laden');
    await button.click();
    const src = await page.$eval('iframe.embed__frame', (f) => f.src);
    assert.equal(src, 'https://www.youtube-nocookie.com/embed/Fixture1234?autoplay=1');
    await page.waitForNetworkIdle();
    assert.ok(foreign().every((u) => u.startsWith('https://www.youtube-nocookie.com/')), foreign().join('\n'));
    assert.ok(foreign().length > 0, 'the click requests the frame');
    // The map on the same page still waits for its own click.
    const map = await page.$('.embed--map .embed__button');
    assert.equal(await map.evaluate((b) => b.textContent), 'Karte laden');
    await map.click();
    const mapSrc = await page.$eval('.embed--map iframe.embed__frame', (f) => f.src);
    assert.ok(mapSrc.startsWith('https://www.openstreetmap.org/export/embed.html?'), mapSrc);
    await context.close();
  });

  test('consent and embed scripts work under a strict Content-Security-Policy', async (t) => {
    browser ??= await launchBrowser(t);
    if (!browser) return;
    const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; frame-src https://www.youtube-nocookie.com";
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.evaluateOnNewDocument(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    await page.setRequestInterception(true);
    page.on('request', async (req) => {
      if (!req.url().startsWith(origin)) return req.abort('blockedbyclient');
      if (req.resourceType() !== 'document') return req.continue();
      const res = await fetch(req.url());
      req.respond({
        status: res.status,
        headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP },
        body: await res.text(),
      });
    });
    await page.goto(origin + '/video/', { waitUntil: 'networkidle0' });
    await page.click('[data-consent-accept]');
    await page.waitForFunction(() => window.__statsLoaded === true);
    await page.click('.embed__button');
    assert.ok(await page.$('iframe.embed__frame'));
    // The only inline code of the theme is the brand colour style, allowed above.
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    await context.close();
  });

  test('without JavaScript nothing optional loads and the video is a plain link', async (t) => {
    browser ??= await launchBrowser(t);
    if (!browser) return;
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setJavaScriptEnabled(false);
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(origin + '/video/', { waitUntil: 'networkidle0' });
    assert.ok(!requests.some((u) => unhashed(u).endsWith('/js/stats.js')));
    assert.ok(await page.$eval('[data-consent]', (el) => el.hidden), 'no panel without JavaScript');
    const link = await page.$eval('a.embed__link', (a) => a.href);
    assert.equal(link, 'https://www.youtube.com/watch?v=Fixture1234');
    assert.ok(requests.every((u) => u.startsWith(origin)));
    await context.close();
  });
});

describe('a site with only essential services (fixture minimal)', () => {
  let server;
  let browser;
  before(async () => {
    server = await serveStatic(buildSite(join(ROOT, 'tests', 'fixtures', 'minimal')));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('shows no panel, loads no consent script, has no footer button', async (t) => {
    browser = await launchBrowser(t);
    if (!browser) return;
    const { context, page, requests } = await visit(browser, server.origin, '/');
    assert.equal(await page.$('[data-consent]'), null);
    assert.equal(await page.$('[data-consent-open]'), null);
    assert.equal(await page.$('script[src*="consent"]'), null);
    assert.ok(!requests.some((u) => u.includes('consent')));
    assert.deepEqual(await allCookies(page), []);
    assert.deepEqual((await storage(page)).local, []);
    await context.close();
  });
});
