// After one visit the app works offline (service worker), and a new build replaces the cache.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startServer, SUBPATH } from '../lib/server.mjs';
import { launch, openPage, waitForApp } from '../lib/browser.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launch(); });
let serverClosed = false;
after(async () => { await browser?.close(); if (!serverClosed) await server?.close(); });

const LESSON = 'blocked-send';

test('after the first visit, lessons, rules and Run work with the server gone (under a subpath)', async () => {
  let page = await openPage(browser, { reducedMotion: 'reduce' });
  const base = new URL(SUBPATH, server.url).href;
  await page.goto(base);
  await waitForApp(page);
  // The worker installs (precaching every file) and takes control of the page.
  await page.waitForFunction(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return Boolean(reg?.active) && Boolean(navigator.serviceWorker.controller);
  }, null, { timeout: 30_000 });
  const cacheName = await page.evaluate(async () => (await caches.keys()).find((k) => k.startsWith('leaklab-')));
  const sw = readFileSync(resolve(import.meta.dirname, '../../dist/sw.js'), 'utf8');
  const version = sw.match(/const VERSION = "([0-9a-f]{16})"/)[1];
  assert.equal(cacheName, `leaklab-${version}`, 'the cache is named after the build');

  // One load through the worker online, then the server goes away entirely.
  await page.reload();
  await waitForApp(page);
  // Let the worker finish writing what it fetched before the server goes (a cut response
  // could leave the cache half-written).
  await page.waitForLoadState('networkidle');
  await new Promise((done) => { server.server.close(done); server.server.closeAllConnections(); });
  serverClosed = true;
  // Coming back later: a new tab of the same browser profile.
  const online = page;
  page = await online.context().newPage();
  page.errors = online.errors;
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(base);
  await waitForApp(page);
  await page.waitForSelector('[data-testid=lesson-link]');
  await page.goto(`${base}#/lesson/${LESSON}`);
  await page.waitForSelector('[data-testid=lesson-title]');
  await page.waitForSelector('[data-testid=run-panel][data-sim-ready=true]', { timeout: 30_000 });
  await page.locator('[data-testid=run]').click();
  await page.waitForSelector('[data-testid=leak-summary]', { timeout: 30_000 });
  assert.ok(Number(await page.locator('[data-testid=leak-summary]').getAttribute('data-leaked')) > 0);
  await page.goto(`${base}#/rules`);
  await page.locator('[data-testid=rule] details').first().evaluate((d) => { d.open = true; });
  await page.waitForSelector('[data-testid=rule] .ll-prose--doc h2');
  assert.deepEqual(page.errors.filter((e) => !/ERR_CONNECTION_REFUSED/.test(e)), []);
  await page.context().close();
});
