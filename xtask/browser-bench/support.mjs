// What the browser measurements share: pq serve, the pq command line, Chromium, a static
// server for SurveyJS, and the in-page watcher that stamps when the DOM reached a state.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

export function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set (cargo xtask bench sets it)`);
  return value;
}

/// A fresh scratch folder; removed by the returned function.
export function scratch(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const READY = /PQ Survey is ready at (http:\/\/\S+)/;

/// `pq serve` (the release build xtask made) on a free loopback port with its own SQLite file.
export async function startPq(database) {
  const child = spawn(
    env('PQ_BIN'),
    ['serve', '--addr', '127.0.0.1:0', '--dist', env('PQ_DIST'), '--database', database],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stderr.on('data', (chunk) => { log += chunk; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pq serve did not start:\n${log}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      log += chunk;
      const found = READY.exec(log);
      if (found) {
        clearTimeout(timer);
        resolve(found[1].replace(/\/$/, ''));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pq serve exited with ${code}:\n${log}`));
    });
  });
  return {
    url,
    pq: (...args) => execFileSync(env('PQ_BIN'), [...args, '--database', database], { encoding: 'utf8' }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    },
  };
}

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/// Debian's Chromium, headless, with a fresh profile. Service workers are blocked so both
/// engines load from the network (loopback) and the HTTP cache alike.
export async function launchBrowser() {
  const profile = scratch('pq-bench-chromium-');
  const context = await chromium.launchPersistentContext(profile.dir, {
    executablePath: env('CHROMIUM'),
    headless: true,
    args: FLAGS,
    serviceWorkers: 'block',
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(600_000);
  return {
    context,
    async close() {
      await context.close();
      profile.remove();
    },
  };
}

const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html; charset=utf-8' };

/// Serves `html` at `/` (revalidated) and the files under `root` at `/lib/…` (immutable, as
/// pq serve serves the app's hashed files).
export async function startStatic(root, html) {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://localhost').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-cache' });
      res.end(html);
      return;
    }
    const relative = normalize(path.replace(/^\/lib\//, '')).replace(/^(\.\.[/\\])+/, '');
    try {
      const body = readFileSync(join(root, relative));
      res.writeHead(200, {
        'content-type': TYPES[extname(relative)] ?? 'application/octet-stream',
        'cache-control': 'public, max-age=31536000, immutable',
      });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

/// Installed before any script of every page: stamps `window.__bench.reached` with
/// `performance.now()` (milliseconds since navigation start) the first time `predicate`
/// (the source of a function of no argument) holds after a DOM mutation.
export function watcherScript(predicate) {
  return `(() => {
    const reached = ${predicate};
    window.__bench = { reached: null };
    const observer = new MutationObserver(() => {
      if (window.__bench.reached === null && reached()) {
        window.__bench.reached = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true, characterData: true });
  })();`;
}

/// Opens `url` in a new page and returns the time the watcher stamped.
export async function timedLoad(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(url);
  await page.waitForFunction(() => window.__bench && window.__bench.reached !== null, null, {
    polling: 50,
  });
  const ms = await page.evaluate(() => window.__bench.reached);
  if (errors.length) throw new Error(`page errors at ${url}: ${errors.join(' | ')}`);
  return { page, ms };
}

/// In the page: `count` changes of the input `input()` returns, alternating `high` and `low`;
/// each timed from just before the value is set until `shown()` (the number of dependents on
/// screen) is `dependents` (after `high`) or 0 (after `low`) after a DOM mutation. `input` and
/// `shown` are function sources, evaluated in the page. Between changes, two animation frames
/// and 50 ms let the engine finish what it does after the DOM (PQ Survey saves the record).
export async function timeChanges(page, { input, shown, count, high, low, dependents }) {
  return page.evaluate(
    async ({ inputSource, shownSource, count, high, low, dependents }) => {
      const input = new Function(`return (${inputSource})();`);
      const shown = new Function(`return (${shownSource})();`);
      const settle = () =>
        new Promise((resolve) => {
          requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50)));
        });
      const times = [];
      for (let n = 0; n < count; n += 1) {
        const value = n % 2 === 0 ? high : low;
        const expected = value === high ? dependents : 0;
        await settle();
        const field = input();
        field.focus();
        let start = 0;
        const done = new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`change ${n}: ${shown()} shown, not ${expected}`)), 30_000);
          const observer = new MutationObserver(() => {
            if (shown() === expected) {
              const end = performance.now();
              observer.disconnect();
              clearTimeout(timer);
              resolve(end);
            }
          });
          observer.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
        });
        start = performance.now();
        field.value = String(value);
        field.dispatchEvent(new Event('input', { bubbles: true }));
        field.dispatchEvent(new Event('change', { bubbles: true }));
        field.blur();
        const end = await done;
        times.push(end - start);
      }
      return times;
    },
    { inputSource: input, shownSource: shown, count, high, low, dependents },
  );
}
