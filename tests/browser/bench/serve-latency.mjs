// Benchmark (not a test): save-to-visible latency of `fachwerk serve` on a large site.
//
//   node tests/browser/bench/serve-latency.mjs [--pages 1000] [--edits 20]
//        [--corpus DIR] [--bin target/release/fachwerk]
//
// Generates the synthetic corpus with shared/bench/gen_corpus.py (fachwerk layout:
// every page a project) unless --corpus names one, copies it to a temporary directory,
// starts `fachwerk serve` there, opens one project page in headless Chromium, and
// `--edits` times appends a new sentence to that page's Markdown file. Each latency is
// from the moment before the file is written (Date.now() in Node) to the first
// animation frame in which the page holds the new sentence (Date.now() in the page,
// same clock), whether the page was patched in place or reloaded (it counts both). Prints every edit, then the
// median, minimum and maximum, the server's own rebuild times from its log, and the
// CPU time the server used per edit (from /proc, Linux only), which depends less on
// what else the machine is doing than wall-clock times do; and the load average.
// Build the release binary first: `cargo build --release`.

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, launchBrowser, tempDir } from '../lib.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const pages = Number(opt('pages', '1000'));
const edits = Number(opt('edits', '20'));
const bin = resolve(opt('bin', join(ROOT, 'target', 'release', 'fachwerk')));
if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`cargo build --release\``);

let corpus = opt('corpus', null);
if (!corpus) {
  const gen = resolve(ROOT, '..', 'shared', 'bench', 'gen_corpus.py');
  const out = tempDir('fachwerk-corpus-');
  const r = spawnSync('python3', [gen, String(pages), '--out', out, '--only', 'fachwerk'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gen_corpus.py failed: ${r.stderr}`);
  corpus = join(out, 'fachwerk');
}
const site = join(tempDir('fachwerk-bench-site-'), 'site');
cpSync(corpus, site, { recursive: true });
const projects = readdirSync(join(site, 'projects')).filter((n) => n.endsWith('.md')).sort();
const file = join(site, 'projects', projects[Math.floor(projects.length / 2)]);
const slug = projects[Math.floor(projects.length / 2)].replace(/\.md$/, '');
const original = readFileSync(file, 'utf8');

const server = spawn(bin, ['serve', site, '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
process.on('exit', () => server.kill());
let log = '';
server.stderr.on('data', (c) => { log += c; });
const origin = await new Promise((ok, fail) => {
  const timer = setInterval(() => {
    const m = log.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
    if (m) { clearInterval(timer); ok(`http://127.0.0.1:${m[1]}`); }
  }, 20);
  server.on('exit', (code) => fail(new Error(`fachwerk serve exited (${code}):\n${log}`)));
});
console.log(log.trim());

async function connected() {
  for (;;) {
    const s = await (await fetch(`${origin}/_fachwerk/status`)).json();
    if (s.clients >= 1) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const browser = await launchBrowser({ skip() {} });
if (!browser) throw new Error('Chromium is needed for this benchmark');
const page = await browser.newPage();
// The first animation frame in which the page holds the new sentence, whether the
// page was patched in place or reloaded.
await page.evaluateOnNewDocument(() => {
  const check = () => {
    const s = sessionStorage.getItem('benchSentence');
    if (s && !window.benchVisible && !window.benchPending && document.body.textContent.includes(s)) {
      window.benchPending = true;
      requestAnimationFrame(() => { window.benchVisible = Date.now(); });
    }
  };
  document.addEventListener('DOMContentLoaded', () => {
    check();
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
});
let navigations = 0;
page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) navigations++; });
await page.goto(`${origin}/projekte/${slug}/`, { waitUntil: 'load' });

/** The server's resident memory now, in MiB; null off Linux. */
function serverRssMib() {
  try {
    const m = readFileSync(`/proc/${server.pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** CPU time (user + system) the server has used so far, in ms; null off Linux. */
function serverCpuMs() {
  try {
    const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
  } catch {
    return null;
  }
}

const load = [loadavg()[0]];
const rss = [serverRssMib()];
const latencies = [];
const cpu = [];
try {
  for (let i = 1; i <= edits; i++) {
    await connected();
    await new Promise((r) => setTimeout(r, 300));
    const sentence = `Messpunkt ${i} von ${edits}: neuer Satz ${Math.random().toString(36).slice(2)}.`;
    await page.evaluate((s) => {
      sessionStorage.setItem('benchSentence', s);
      window.benchVisible = 0;
      window.benchPending = false;
    }, sentence);
    const cpuBefore = serverCpuMs();
    const before = Date.now();
    writeFileSync(file, `${original}\n${sentence}\n`);
    await page.waitForFunction(
      () => window.benchVisible,
      { timeout: 30000, polling: 10 },
    );
    const ms = (await page.evaluate(() => window.benchVisible)) - before;
    latencies.push(ms);
    const cpuAfter = serverCpuMs();
    if (cpuBefore !== null && cpuAfter !== null) cpu.push(cpuAfter - cpuBefore);
    rss.push(serverRssMib());
    console.log(`edit ${String(i).padStart(2)}: ${ms} ms`);
  }
} finally {
  load.push(loadavg()[0]);
  await browser.close();
  server.kill();
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rebuilds = [...log.matchAll(/(?:rendered|rebuilt) in ([\d.]+) ms/g)].map((m) => Number(m[1]));
console.log(`\n${projects.length} projects; ${edits} edits of projects/${slug}.md`);
console.log(`save-to-visible median ${median(latencies)} ms (min ${Math.min(...latencies)}, max ${Math.max(...latencies)}); ${navigations - 1} of ${edits} edits reloaded the page, the others patched it in place`);
if (rebuilds.length) {
  console.log(`server rebuild median ${median(rebuilds).toFixed(0)} ms over ${rebuilds.length} rebuilds`);
}
if (cpu.length) console.log(`server CPU time per edit median ${median(cpu)} ms`);
if (rss.every((r) => r !== null) && rss.length > 2) {
  // Memory that grows with every edit would show as a rise from the first edit on.
  const f = (r) => r.toFixed(0);
  console.log(`server memory (RSS) ${f(rss[0])} MiB before the edits, ${f(rss[1])} MiB after the first, ${
    f(rss[Math.floor(rss.length / 2)])} MiB after edit ${Math.floor(rss.length / 2)}, ${f(rss[rss.length - 1])} MiB after the last`);
}
console.log(`load average (1 min) ${load.map((l) => l.toFixed(2)).join(' at start, ')} at the end, on ${
  (await import('node:os')).cpus().length} cores`);
