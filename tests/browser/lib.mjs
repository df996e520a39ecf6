// Shared helpers of the browser tests: build a site with the real fachwerk binary,
// serve the output over HTTP on 127.0.0.1, drive Debian's headless Chromium with
// puppeteer-core, run axe-core in the page and the Nu HTML Checker (vnu.jar) on files.
//
// Browser tests never skip silently: with CI=true a missing Chromium fails the test.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

/** The repository's root directory. */
export const ROOT = resolve(here, '..', '..');

/** The build date every test uses, so that open/closed calls are stable. */
export const TEST_DATE = '2026-11-21';

/** The axe-core rule tags the project promises to pass. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** Chromium's command-line flags: headless, and no traffic to Google's hosts. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Path of the fachwerk binary that `cargo build` / `cargo test` produced. */
export function fachwerkBin() {
  if (process.env.FACHWERK_BIN) return process.env.FACHWERK_BIN;
  const target = process.env.CARGO_TARGET_DIR || join(ROOT, 'target');
  const bin = join(target, 'debug', 'fachwerk');
  if (!existsSync(bin)) {
    throw new Error(`${bin} is missing: run \`cargo build\` first (or set FACHWERK_BIN)`);
  }
  return bin;
}

/** A fresh temporary directory. */
export function tempDir(prefix = 'fachwerk-browser-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Builds `siteDir` with fachwerk into a fresh directory and returns its path.
 * Throws with fachwerk's own messages when the build fails.
 */
export function buildSite(siteDir, { date = TEST_DATE, args = [] } = {}) {
  const out = join(tempDir(), 'public');
  const result = spawnSync(
    fachwerkBin(),
    ['build', siteDir, '-o', out, '--date', date, ...args],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) {
    throw new Error(`fachwerk build ${siteDir} failed (${result.status}):\n${result.stderr}`);
  }
  return out;
}

/** Every file below `dir` whose name ends in `ext`, sorted, as absolute paths. */
export function filesBelow(dir, ext = '.html') {
  const found = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue;
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(ext)) found.push(path);
    }
  };
  walk(dir);
  return found;
}

/** The URL path under which a static host serves `file` of the output `root`. */
export function urlPathOf(root, file) {
  const rel = file.slice(root.length).split(sep).join('/');
  return rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel;
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * The URL path the build in `out` lives under (`/` or e.g. `/fachkraefteallianz/`),
 * read from the canonical link of its start page: a site whose base_url has a
 * sub-path links everything below that path, so it must be served there.
 */
export function basePathOf(out) {
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  const canonical = /<link rel="canonical" href="([^"]+)"/.exec(html);
  return canonical ? new URL(canonical[1]).pathname : '/';
}

/**
 * Serves `root` like a plain web host (directory → index.html, unknown → /404.html
 * with status 404) on a free port of 127.0.0.1, below the URL path `base` (default
 * `/`). Returns { origin, base, close }.
 * `requests` records every path asked for, for tests that care what was loaded.
 */
export async function serveStatic(root, { base = '/' } = {}) {
  const requests = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    let file = path.startsWith(base) ? normalize(join(root, path.slice(base.length - 1))) : null;
    if (file && !file.startsWith(root)) file = null;
    else if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    let status = 200;
    if (!file || !existsSync(file)) {
      status = 404;
      file = join(root, '404.html');
    }
    const type = CONTENT_TYPES[extname(file)] || 'application/octet-stream';
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(existsSync(file) ? readFileSync(file) : 'not found');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    base,
    requests,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/** Path of Debian's Chromium, or null when it is not installed. */
export function chromiumPath() {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p) => p && existsSync(p)) || null;
}

/**
 * Starts headless Chromium with a fresh profile. Without Chromium the test is
 * skipped loudly, and with CI=true it fails.
 * @param {import('node:test').TestContext} t
 */
export async function launchBrowser(t) {
  const executablePath = chromiumPath();
  if (!executablePath) {
    const msg = 'Chromium is not installed (apt-get install chromium, or scripts/install-test-deps)';
    if (process.env.CI === 'true') throw new Error(`${msg}; CI=true forbids skipping browser tests`);
    console.warn(`SKIPPED: ${msg}`);
    t.skip(msg);
    return null;
  }
  const puppeteer = (await import('puppeteer-core')).default;
  const profile = tempDir('fachwerk-chromium-');
  return puppeteer.launch({
    executablePath,
    headless: true,
    args: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`],
  });
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core with the project's tags (or only the given `rules`) on the loaded
 * `page`; returns its violations.
 */
export async function axe(page, { tags = AXE_TAGS, rules = null } = {}) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const runOnly = rules ? { type: 'rule', values: rules } : { type: 'tag', values: tags };
  return page.evaluate(
    async (runOnly) => {
      const result = await window.axe.run(document, { runOnly });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
      }));
    },
    runOnly,
  );
}

/** Formats axe violations for an assertion message. */
export function describeViolations(where, violations) {
  return violations
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.join('\n    ')}`)
    .join('\n');
}

/**
 * Runs the Nu HTML Checker on `files` (one JVM for all of them) and returns its
 * error messages as "file:line:column: message".
 */
export function vnu(files) {
  if (files.length === 0) return [];
  const jar = join(dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
  // With --format json the report goes to stderr; --exit-zero-always keeps the status 0.
  const run = spawnSync(
    'java',
    ['-jar', jar, '--errors-only', '--format', 'json', '--exit-zero-always', ...files],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`vnu.jar could not run (${run.status}): ${run.stderr}`);
  return parseVnu(run.stderr);
}

function parseVnu(text) {
  return text ? JSON.parse(text).messages.filter((m) => m.type === 'error').map(
    (m) => `${fileURLToPath(m.url)}:${m.lastLine ?? '?'}:${m.firstColumn ?? '?'}: ${m.message}`,
  ) : [];
}
