// The funding notice is visible on every page, also on a site made of attempts to
// hide it that fachwerk does not refuse but defends against (issue 12): rules on the
// notice's own text (in stylesheets and a page's <style>) and inherited by it from
// the footer, which its inline style overrides; static pages without a footer, with a footer in a wrapper, or only
// inside an article and a <template>; a
// template of the site without a marker; raw HTML editors need in Markdown; print
// rules. Built with the real binary, served, and opened in headless Chromium: on
// each page every notice text must be rendered (checkVisibility with opacity and
// visibility), have a size inside the page, sit under no transparent ancestor, have
// an opaque colour and a readable size, not be covered by another element, and
// stand in a landmark (axe's `region` rule passes).
//
// The attempts fachwerk refuses are tests/notice.rs: they fail the build.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  ROOT, axe, buildSite, describeViolations, filesBelow, launchBrowser, serveStatic, tempDir,
  urlPathOf,
} from './lib.mjs';

const NOTICE = 'Diese Maßnahme wird mitfinanziert mit Steuermitteln auf Grundlage des vom Sächsischen Landtag beschlossenen Haushaltes.';

/** What is tried on the notice's text and around it: each loses against the text's inline style. */
const ON_THE_TEXT = `
.funding-notice__text {
  display: none; visibility: hidden; opacity: 0; position: absolute; left: -9999px;
  top: -9999px; z-index: -1; transform: scale(0); translate: -100vw; scale: 0;
  filter: blur(12px); clip-path: inset(50%); mask: linear-gradient(transparent, transparent);
  font-size: 0; text-indent: -9999px; white-space: nowrap;
  margin-left: -200vw; height: 0; max-height: 0; overflow: hidden; mix-blend-mode: screen;
  -webkit-text-fill-color: transparent; content-visibility: hidden;
}
/* What the text inherits, and its own style sets again. */
.site-footer, .funding-notice--project {
  visibility: hidden; font-size: 0; white-space: nowrap;
  -webkit-text-fill-color: transparent;
}
@media print { .site-footer { display: none } }
`;

const STYLESHEET = '<link rel="stylesheet" href="/css/fachwerk.css">';

/** The attempts, as files of the minimal fixture site. */
const FILES = {
  // The theme's stylesheet, overridden by the site, with the attempts appended.
  'static/css/fachwerk.css':
    readFileSync(join(ROOT, 'themes', 'default', 'static', 'css', 'fachwerk.css'), 'utf8') + ON_THE_TEXT,
  // A fragment: the notice comes in a footer of its own.
  'static/teil.html': `${STYLESHEET}<main><p>Ein Teil einer alten Seite</p></main>\n`,
  // The page's footer sits in a wrapper.
  'static/wrapper.html': `<!DOCTYPE html><html lang="de"><head><title>Wrapper</title>${STYLESHEET}</head><body><div class="seite"><main><h1>Wrapper</h1></main><footer class="site-footer"><p>Fuß</p></footer></div></body></html>\n`,
  // The only footer belongs to an article, and one waits in a template.
  'static/artikel.html': `<!DOCTYPE html><html lang="de"><head><title>Artikel</title>${STYLESHEET}</head><body><main><h1>Artikel</h1><article><p>Text</p><footer>Quelle: IHK</footer></article></main><template><footer>später</footer></template></body></html>\n`,
  // A page's own style element, and a hidden element closed inside the footer.
  'static/eigen.html': `<!DOCTYPE html><html lang="de"><head><title>Eigen</title>${STYLESHEET}<style>.funding-notice__text { opacity: 0; visibility: hidden }</style></head><body><main><h1>Eigen</h1></main><footer class="site-footer"><div hidden>alt</div></footer></body></html>\n`,
  // A template of the site without a marker.
  'templates/404.html': `<!DOCTYPE html><html lang="de"><head><title>Nicht gefunden</title>${STYLESHEET}</head><body><main><h1>Nicht gefunden</h1></main><footer class="site-footer"><p>Fuß</p></footer></body></html>\n`,
  // What editors need in raw HTML.
  'pages/ueber-uns.md': `---
title: Über uns
---
## Unser Auftrag

<details>
<summary>Mehr erfahren</summary>

Die <abbr title="Industrie- und Handelskammer">IHK</abbr> hat 10<sup>3</sup> Mitglieder.<br>Neu

</details>

<div class="kasten" hidden>Kommt später</div>

<table><tr><th scope="col">Jahr</th><th scope="col">Projekte</th></tr><tr><td>2026</td><td>3</td></tr></table>

<span style="color: #005a9c">Blau</span> <!-- eine Notiz -->
`,
};

describe('the funding notice on a site of defended attempts', () => {
  let out;
  let server;
  let browser;

  before(async () => {
    const site = join(tempDir('fachwerk-notice-'), 'site');
    cpSync(join(ROOT, 'tests', 'fixtures', 'minimal'), site, { recursive: true });
    for (const [path, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(site, path)), { recursive: true });
      writeFileSync(join(site, path), text);
    }
    out = buildSite(site);
    server = await serveStatic(out);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('every page shows every notice as visible text, in a landmark', async (t) => {
    browser ??= await launchBrowser(t);
    if (!browser) return;
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    const paths = filesBelow(out, '.html').map((f) => urlPathOf(out, f));
    assert.ok(paths.includes('/teil.html') && paths.includes('/404.html'), paths.join(', '));
    const problems = [];
    for (const path of paths) {
      await page.goto(server.origin + path, { waitUntil: 'load' });
      const notices = await page.evaluate((text) => {
        const alpha = (color) => {
          const m = /rgba?\(([^)]+)\)/.exec(color);
          if (!m) return 1;
          const parts = m[1].split(/[\s,/]+/).filter(Boolean);
          return parts.length > 3 ? parseFloat(parts[3]) : 1;
        };
        return [...document.querySelectorAll('.funding-notice__text')]
          .filter((s) => s.textContent.includes(text))
          .map((s) => {
            s.scrollIntoView({ block: 'center', behavior: 'instant' });
            const box = s.getBoundingClientRect();
            const first = s.getClientRects()[0] ?? box;
            const style = getComputedStyle(s);
            let minOpacity = 1;
            let opacity = 1;
            for (let e = s; e; e = e.parentElement) {
              const o = parseFloat(getComputedStyle(e).opacity);
              minOpacity = Math.min(minOpacity, o);
              opacity *= o;
            }
            const doc = document.documentElement;
            const hit = document.elementFromPoint(first.left + first.width / 2, first.top + first.height / 2);
            return {
              rendered: s.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true }),
              width: box.width,
              height: box.height,
              inside: box.left + scrollX >= 0 && box.top + scrollY >= 0
                && box.right + scrollX <= doc.scrollWidth + 1 && box.bottom + scrollY <= doc.scrollHeight + 1,
              minOpacity,
              opacity,
              color: alpha(style.color),
              fill: alpha(style.webkitTextFillColor),
              fontSize: parseFloat(style.fontSize),
              onTop: !!hit && (hit === s || s.contains(hit)),
              project: s.closest('[data-funding-notice]')?.getAttribute('data-funding-notice') === 'project',
            };
          });
      }, NOTICE);
      const pageLevel = notices.filter((n) => !n.project);
      if (pageLevel.length !== 1) problems.push(`${path}: ${pageLevel.length} page notices instead of 1`);
      for (const n of notices) {
        const why = [];
        if (!n.rendered) why.push('not rendered');
        if (!(n.width > 0 && n.height > 0)) why.push(`box ${n.width}×${n.height}`);
        if (!n.inside) why.push('outside the page');
        if (!(n.minOpacity > 0) || n.opacity < 0.5) why.push(`opacity ${n.opacity}`);
        if (!(n.color > 0) || !(n.fill > 0)) why.push(`colour alpha ${n.color}, fill ${n.fill}`);
        if (n.fontSize < 8) why.push(`font size ${n.fontSize}px`);
        if (!n.onTop) why.push('covered by another element');
        if (why.length) problems.push(`${path}: the notice is ${why.join(', ')}`);
      }
      const region = await axe(page, { rules: ['region'] });
      if (region.length) problems.push(describeViolations(path, region));
    }
    assert.deepEqual(problems, []);
  });
});
