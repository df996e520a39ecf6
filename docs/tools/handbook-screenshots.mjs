// Takes the screenshots of docs/redaktionshandbuch.md's Windows section from the real
// thing: `fachwerk serve` of a copy of the example site, shown in Debian's headless
// Chromium, once as it starts and once with a mistake saved in a file (the error
// window of the preview). Run after `cargo build` and scripts/install-test-deps:
//   node docs/tools/handbook-screenshots.mjs
// Writes docs/bilder/vorschau-*.png. No Windows screenshots: the browser shows the
// same page on every system.

import { spawn } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, TEST_DATE, fachwerkBin, launchBrowser, tempDir } from '../../tests/browser/lib.mjs';

const out = join(ROOT, 'docs', 'bilder');
const site = join(tempDir('fachwerk-handbook-'), 'Website');
cpSync(join(ROOT, 'content'), site, { recursive: true });

// The preview, ended after two minutes whatever happens.
const serve = spawn('timeout', ['--foreground', '120', fachwerkBin(), 'serve', site, '--port', '0', '--date', TEST_DATE], {
  stdio: ['ignore', 'ignore', 'pipe'],
});
let log = '';
const url = await new Promise((resolve, reject) => {
  serve.stderr.on('data', (d) => {
    log += d;
    const m = log.match(/ at (http:\/\/127\.0\.0\.1:\d+\/)/);
    if (m) resolve(m[1]);
  });
  serve.on('exit', () => reject(new Error(`serve ended:\n${log}`)));
});

const browser = await launchBrowser({ skip: (m) => { throw new Error(m); } });
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(url, { waitUntil: 'load' });
  await new Promise((r) => setTimeout(r, 500));
  await page.screenshot({ path: join(out, 'vorschau-startseite.png') });

  // A typo in a date, saved: the preview shows what is wrong and where.
  const event = join(site, 'events', 'fachkraeftetag-2026.md');
  const text = readFileSync(event, 'utf8');
  writeFileSync(event, text.replace(/^start: .*$/m, 'start: 31.11.2026 09:30'));
  await page.waitForFunction(() => document.querySelector('#fachwerk-overlay') !== null, { timeout: 30000 });
  await new Promise((r) => setTimeout(r, 300));
  await page.screenshot({ path: join(out, 'vorschau-fehler.png') });
} finally {
  await browser.close();
  serve.kill('SIGINT');
}
console.log(`screenshots in ${out}`);
