// Trainers embed lessons in a wiki (another origin) and share links; nothing injected runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, OUTPUT, waitForApp } from '../lib/browser.mjs';

let app;
let wiki;
let browser;
before(async () => {
  app = await startServer();
  wiki = await startServer(resolve(import.meta.dirname, '../host'));
  browser = await launch();
});
after(async () => { await browser?.close(); await app?.close(); await wiki?.close(); });

/** Records CSP violations and sets up an XSS canary before any page script runs. */
async function guarded(page) {
  await page.addInitScript(() => {
    window.__xss = 0;
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('dialog', (d) => { page.errors.push(`dialog: ${d.message()}`); d.dismiss(); });
}

test('a wiki page on another origin embeds two lessons that render, resize and run', async () => {
  const page = await openPage(browser, { reducedMotion: 'reduce' });
  await page.goto(`${wiki.url}wiki.html?app=${encodeURIComponent(app.url)}`);
  assert.notEqual(new URL(wiki.url).origin, new URL(app.url).origin);
  const frames = ['blocked-send', 'time-after-in-loop'].map((l) => page.frameLocator(`iframe[data-lesson=${l}]`));
  for (const frame of frames) {
    await frame.locator('[data-testid=embed]').waitFor({ timeout: 30_000 });
    await frame.locator('[data-testid=editor]').waitFor();
    assert.equal(await frame.locator('header.ll-header').count(), 0, 'no site chrome in an embed');
  }
  assert.match(await frames[1].locator('[data-testid=lesson-title]').innerText(), /[\u4e00-\u9fff]/, 'lang=zh');
  assert.equal(await frames[1].locator('[data-testid=prose]').count(), 1, 'panels=prose shows the prose');
  assert.equal(await frames[0].locator('[data-testid=prose]').count(), 0);
  assert.equal(await frames[1].locator('[data-testid=editor]').getAttribute('readonly'), '', 'mode=readonly');
  // Both report their height and the host resizes each iframe to it.
  await page.waitForFunction(() => new Set(window.__resizes.map((r) => r.lesson)).size === 2, null, { timeout: 30_000 });
  for (const lesson of ['blocked-send', 'time-after-in-loop']) {
    // Browsers pause rendering (and so resize observers) in off-screen cross-origin frames:
    // the second lesson reports its height once it scrolls into view.
    await page.locator(`iframe[data-lesson=${lesson}]`).evaluate((f) => f.scrollIntoView());
    await page.waitForFunction((l) => (window.__resizes.filter((r) => r.lesson === l).at(-1)?.height ?? 0) > 400, lesson, { timeout: 30_000 });
    await page.waitForTimeout(200);
    const reported = await page.evaluate((l) => window.__resizes.filter((r) => r.lesson === l).at(-1).height, lesson);
    const actual = await page.locator(`iframe[data-lesson=${lesson}]`).evaluate((f) => f.getBoundingClientRect().height);
    assert.ok(reported > 400, `${lesson} reported ${reported}px`);
    assert.ok(Math.abs(actual - Math.ceil(reported)) <= 2, `${lesson}: iframe ${actual}px, reported ${reported}px`);
  }
  // Run works inside an embed (read-only code runs too).
  for (const frame of frames) {
    await frame.locator('[data-testid=run]').evaluate((b) => b.scrollIntoView());
    await frame.locator('[data-testid=run-panel][data-sim-ready=true]').waitFor({ timeout: 30_000 });
    await frame.locator('[data-testid=run]').click();
    await frame.locator('[data-testid=leak-summary]').waitFor({ timeout: 30_000 });
  }
  const grew = await page.evaluate(() => window.__resizes.length);
  assert.ok(grew >= 3, 'running changed the height and it was reported again');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUTPUT}/embed-wiki-host.png` });
  // The second embed (zh, dark, read-only, with prose), scrolled into view: browsers don't
  // paint off-screen cross-origin frames, so a full-page shot shows it blank.
  await page.locator('iframe[data-lesson=time-after-in-loop]').evaluate((f) => f.scrollIntoView());
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUTPUT}/embed-wiki-host-second.png` });
  // "Open in Go Leak Lab" goes to the plain lesson until the embed's code is edited, then
  // carries the edit as a share link.
  const open = frames[0].locator('[data-testid=open-in-app]');
  assert.match(await open.getAttribute('href'), /#\/lesson\/blocked-send$/);
  const edited = `// edited in the wiki\n${await frames[0].locator('[data-testid=editor]').inputValue()}`;
  await frames[0].locator('[data-testid=editor]').fill(edited);
  await open.focus();
  const href = await open.getAttribute('href');
  assert.ok(href.startsWith(app.url), href);
  assert.match(href, /#\/lesson\/blocked-send\?go=1\.\d+&code=1\.[A-Za-z0-9_-]+$/);
  const opened = await page.context().newPage();
  await opened.goto(href);
  await opened.waitForSelector('[data-testid=editor]');
  assert.equal(await opened.locator('[data-testid=editor]').inputValue(), edited);
  await opened.close();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('Copy link restores code and Go version in a fresh page; long and damaged links get a message', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.url).origin });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(`${app.url}#/lesson/blocked-send`);
  await page.waitForSelector('[data-testid=editor]');
  const edited = '// shared edit: 共享\n' + await page.locator('[data-testid=editor]').inputValue();
  await page.locator('[data-testid=editor]').fill(edited);
  await page.locator('[data-testid=go-version]').selectOption('1.21');
  await page.locator('[data-testid=copy-link]').click();
  const link = await page.locator('[data-testid=share-text]').inputValue();
  assert.match(link, /#\/lesson\/blocked-send\?go=1\.21&code=1\.[A-Za-z0-9_-]+$/);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  await other.waitForSelector('[data-testid=editor]');
  assert.equal(await other.locator('[data-testid=editor]').inputValue(), edited);
  assert.equal(await other.locator('[data-testid=go-version]').inputValue(), '1.21');
  await other.goto(`${app.url}#/playground?code=1.not*base64`);
  await other.reload();
  await other.waitForSelector('[data-testid=share-damaged]');
  await fresh.close();

  // Code that compresses badly past the link limit is refused with a reason.
  const noise = Array.from({ length: 9000 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join('');
  await page.locator('[data-testid=editor]').fill(`package main\n// ${noise}\n`);
  await page.locator('[data-testid=copy-link]').click();
  assert.match(await page.locator('[data-testid=share-error]').innerText(), /too long/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a share link never replaces saved code until the learner edits it; then a reload keeps the edit', async () => {
  const { encodeCode } = await import('../lib/share-codec.mjs');
  const page = await openPage(browser);
  const editor = page.locator('[data-testid=editor]');
  await page.goto(`${app.url}#/lesson/blocked-send`);
  await editor.waitFor();
  const mine = `// my own work\n${await editor.inputValue()}`;
  await editor.fill(mine);
  const shared = 'package main\n\n// from a colleague\nfunc main() {}\n';
  const link = `${app.url}#/lesson/blocked-send?go=1.21&code=${encodeCode(shared)}`;
  // Opened in the same browser (and so the same saved progress): the link's code shows...
  await page.goto('about:blank');
  await page.goto(link);
  await editor.waitFor();
  assert.equal(await editor.inputValue(), shared);
  assert.equal(await page.locator('[data-testid=go-version]').inputValue(), '1.21');
  // ...and the learner's saved code is still theirs.
  await page.goto('about:blank');
  await page.goto(`${app.url}#/lesson/blocked-send`);
  await editor.waitFor();
  assert.equal(await editor.inputValue(), mine);
  // Editing the shared code saves it and drops the link's code from the address.
  await page.goto('about:blank');
  await page.goto(link);
  await editor.waitFor();
  await editor.evaluate((el) => { el.focus(); el.setSelectionRange(0, 0); });
  await page.keyboard.type('// tried it\n');
  await page.waitForFunction(() => location.hash === '#/lesson/blocked-send');
  await page.reload();
  await editor.waitFor();
  assert.equal(await editor.inputValue(), `// tried it\n${shared}`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

const PAYLOADS = [
  '</textarea><img src=x onerror="window.__xss=1">',
  '<script>window.__xss=1</script>',
  '"><svg onload="window.__xss=1">',
  'javascript:window.__xss=1',
  "'-alert(1)-'",
];

test('XSS payloads in shared code and embed options never execute; no CSP violations', async () => {
  const { encodeCode } = await import('../lib/share-codec.mjs');
  const page = await openPage(browser, { reducedMotion: 'reduce' });
  await guarded(page);
  const urls = [];
  for (const p of PAYLOADS) {
    const code = `package main\n\n// ${p}\nimport "fmt"\n\nfunc main() { fmt.Println(${JSON.stringify(p)}) }\n`;
    urls.push(`${app.url}#/playground?code=${encodeCode(code)}`);
    urls.push(`${app.url}#/lesson/blocked-send?code=${encodeCode(code)}&go=${encodeURIComponent(p)}`);
    const q = encodeURIComponent(p);
    urls.push(`${app.url}#/embed/blocked-send?lang=${q}&theme=${q}&panels=${q}&mode=${q}&code=${encodeCode(code)}`);
    urls.push(`${app.url}#/embed/${q}`);
  }
  for (const url of urls) {
    await page.goto('about:blank');
    await page.goto(url);
    await page.waitForSelector('[data-testid=editor], [data-testid=content-error], [data-testid=not-found]', { timeout: 30_000 });
    if (url.includes('playground')) {
      await page.waitForSelector('[data-testid=run-panel][data-sim-ready=true]', { timeout: 30_000 });
      await page.locator('[data-testid=run]').click();
      await page.waitForSelector('[data-testid=leak-summary]', { timeout: 30_000 });
    }
    assert.equal(await page.evaluate(() => window.__xss), 0, url);
    assert.equal(await page.locator('img[src=x], svg[onload]').count(), 0, url);
  }
  // Every page of the app loads under the CSP without a violation (each page's record is
  // read before the next navigation starts a new one), including a Run, which starts the
  // simulation worker.
  const routes = ['', '#/playground', '#/rules', '#/lesson/blocked-send', '#/embed/blocked-send',
    '#/embed/blocked-send?panels=prose,code,run&mode=readonly&theme=dark&lang=zh', '#/embed/no-such-lesson', '#/nope'];
  for (const route of routes) {
    await page.goto('about:blank');
    await page.goto(`${app.url}${route}`);
    await page.waitForSelector('[data-testid=editor], [data-testid=content-error], [data-testid=not-found], [data-testid=lesson-list], main h1');
    if (route.startsWith('#/lesson/')) {
      await page.waitForSelector('[data-testid=run-panel][data-sim-ready=true]', { timeout: 30_000 });
      await page.locator('[data-testid=run]').click();
      await page.waitForSelector('[data-testid=leak-summary]', { timeout: 30_000 });
    }
    await page.waitForTimeout(300);
    assert.deepEqual(await page.evaluate(() => window.__csp), [], `CSP violations on ${route || 'home'}`);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
