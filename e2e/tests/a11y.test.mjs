// Keyboard and screen-reader use of a lesson (issue #20): a skip link, names for the icon
// buttons, a slider that says where it is, results announced, the editor's keys told.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, OUTPUT } from '../lib/browser.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('the first Tab offers a skip link that lands in the editor', async () => {
  const page = await openPage(browser);
  await page.goto(`${server.url}#/lesson/select-timeout-sender`);
  await page.waitForSelector('[data-testid=editor]');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'skip');
  assert.match(await page.locator('[data-testid=skip]').innerText(), /Skip to the code/);
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'editor');
  assert.match(await page.locator('[data-testid=editor]').getAttribute('aria-description'), /Esc, then Tab/);
  assert.ok(await page.locator('[data-testid=editor-keys]').isVisible());
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=lesson-link]');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'MAIN');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('after a Run the controls have names, the slider its place, the result a live region', async () => {
  const page = await openPage(browser, { reducedMotion: 'reduce' });
  await page.goto(`${server.url}#/lesson/select-timeout-sender`);
  await page.waitForSelector('[data-testid=run-panel][data-sim-ready=true]', { timeout: 30_000 });
  await page.locator('[data-testid=run]').click();
  await page.waitForSelector('[data-testid=leak-summary]', { timeout: 30_000 });
  const panel = page.locator('[data-testid=run-panel]');
  for (const name of ['Step back', 'Step forward', 'Play']) {
    assert.equal(await panel.getByRole('button', { name, exact: true }).count(), 1, name);
  }
  assert.match(await page.locator('[data-testid=scrub]').getAttribute('aria-valuetext'), /^\S+: \d+ goroutines?, .+ retained$/);
  assert.equal(await page.locator('[data-testid=leak-summary]').getAttribute('role'), 'status');
  const tree = await panel.ariaSnapshot();
  writeFileSync(join(OUTPUT, 'a11y-run-panel.txt'), tree);
  assert.match(tree, /slider "Timeline position"/);
  assert.match(tree, /status/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
