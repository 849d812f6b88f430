// What a first visit downloads (issue #19): the home page, and a lesson page up to the end
// of its first Run. Every request the server answers counts (a file fetched twice, twice),
// at the file's gzip -9 size (dist/ is served precompressed). The service worker is blocked here: it
// caches the whole app for offline in the background after load, which scripts/size-report
// lists apart; these figures are what a visitor waits for.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startServer } from '../lib/server.mjs';
import { launch, openPage } from '../lib/browser.mjs';
import { recordMetric } from '../lib/metrics.mjs';

const DIST = resolve(import.meta.dirname, '../../dist');
let server;
let browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Records every path the server is asked for from now on (the page's and its workers'). */
function recordFetches() {
  const paths = [];
  const listener = (req) => paths.push(decodeURIComponent(new URL(req.url, 'http://x').pathname));
  server.server.on('request', listener);
  paths.stop = () => server.server.off('request', listener);
  return paths;
}

/** Each answered request for a file of dist/, at the file's gzip -9 size. */
function bytes(paths) {
  paths.stop();
  const files = paths
    .map((p) => p.replace(/^\//, '') || 'index.html')
    .map((path) => ({ path, gzip: gzipSync(readFileSync(resolve(DIST, path)), { level: 9 }).length }));
  return { total: files.reduce((sum, f) => sum + f.gzip, 0), files };
}

const describe = ({ total, files }) =>
  `${total} B gzip: ${files.map((f) => `${f.path} ${f.gzip}`).join(', ')}`;

test('the home page downloads no parser and no simulator', async () => {
  const page = await openPage(browser, { serviceWorkers: 'block' });
  const urls = recordFetches();
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=lesson-link]');
  await page.waitForLoadState('networkidle');
  const home = bytes(urls);
  console.log(`home page: ${describe(home)}`);
  recordMetric('home_page_bytes', home.total, describe(home));
  assert.ok(!home.files.some((f) => f.path.startsWith('sim_worker')), 'the home page starts no worker');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a lesson page through its first Run fetches the page module and the worker module', async () => {
  const page = await openPage(browser, { serviceWorkers: 'block' });
  const urls = recordFetches();
  await page.goto(`${server.url}#/lesson/select-timeout-sender`);
  await page.waitForSelector('[data-testid=diagnostic]');
  await page.locator('[data-testid=run]').click();
  await page.waitForSelector('[data-testid=leak-summary]', { timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  const lesson = bytes(urls);
  console.log(`lesson page + Run: ${describe(lesson)}`);
  recordMetric('lesson_run_bytes', lesson.total, describe(lesson));
  // Two modules: the page's (no parser) and the worker's (parser, checker, simulator),
  // which the checking and the simulating worker share.
  // Two workers (the checker's and the run's) start from one download of their module.
  const wasm = lesson.files.filter((f) => f.path.endsWith('.wasm')).map((f) => f.path).sort();
  assert.equal(wasm.length, 2, `wasm fetched: ${wasm}`);
  assert.match(wasm[1], /^sim_worker/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
