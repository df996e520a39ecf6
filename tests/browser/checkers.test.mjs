// The checkers themselves can fail: a page with known faults makes axe-core and the
// Nu HTML Checker report them. Without this, a broken harness would pass every site.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { axe, launchBrowser, serveStatic, tempDir, vnu } from './lib.mjs';

const BAD_PAGE = `<!DOCTYPE html>
<html><head><title>kaputt</title></head>
<body><p>Text <img src="x.png"></p><a href="/"></a><div><li>lose</li></div></body></html>
`;

function badSite() {
  const dir = join(tempDir(), 'site');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), BAD_PAGE);
  return dir;
}

test('the Nu HTML Checker reports a misplaced <li>', () => {
  const dir = badSite();
  const errors = vnu([join(dir, 'index.html')]);
  assert.ok(errors.some((e) => e.includes('index.html:3:') && /li/.test(e)), errors.join('\n'));
});

test('axe-core reports missing lang, alt text and link name', async (t) => {
  const browser = await launchBrowser(t);
  if (!browser) return;
  const server = await serveStatic(badSite());
  try {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/`);
    const ids = (await axe(page)).map((v) => v.id);
    for (const id of ['html-has-lang', 'image-alt', 'link-name']) {
      assert.ok(ids.includes(id), `axe did not report ${id}: ${ids.join(', ')}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
});
