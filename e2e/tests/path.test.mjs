// The learner's path (issue #20): whole lesson cards open the lesson, every lesson links to
// the next, and backticked code in checker messages and hints shows as code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, openPage } from '../lib/browser.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('a click anywhere on a lesson card opens it, and each lesson leads to the next', async () => {
  const page = await openPage(browser);
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=lesson-link]');
  const cards = page.locator('[data-testid=lesson-link]');
  const ids = await cards.evaluateAll((els) => els.map((e) => e.dataset.lesson));
  assert.ok(ids.length >= 18);
  // Near the card's bottom right corner, below and beside the title link.
  const box = await cards.nth(1).boundingBox();
  await cards.nth(1).click({ position: { x: box.width - 12, y: box.height - 8 } });
  await page.waitForSelector(`[data-testid=lesson][data-lesson=${ids[1]}]`);
  assert.match(await page.locator('[data-testid=previous-lesson]').getAttribute('href'), new RegExp(`#/lesson/${ids[0]}$`));
  await page.locator('[data-testid=next-lesson]').click();
  await page.waitForSelector(`[data-testid=lesson][data-lesson=${ids[2]}]`);
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'the next lesson opens at its top');
  await page.goto(`${server.url}#/lesson/${ids[ids.length - 1]}`);
  await page.waitForSelector('[data-testid=next-lesson]');
  assert.match(await page.locator('[data-testid=next-lesson]').getAttribute('href'), /#\/$/);
  assert.equal(await page.locator('[data-testid=previous-lesson]').count(), 1);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('backticks in checker messages become code, and markup in them stays text', async () => {
  const page = await openPage(browser);
  await page.goto(`${server.url}#/lesson/header-slice`);
  const message = page.locator('[data-testid=diagnostic] .ll-problem__message').first();
  await message.waitFor();
  assert.ok(await message.locator('code').count() >= 1, await message.innerHTML());
  assert.doesNotMatch(await message.innerText(), /`/);
  await page.goto(`${server.url}#/playground`);
  const editor = page.locator('[data-testid=editor]');
  await editor.waitFor();
  // A name with markup in it reaches a message only as text.
  await editor.fill('package main\n\nfunc main() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n}\n\nfunc x<img src=x onerror=alert(1)>() {}\n');
  await page.waitForSelector('[data-testid=diagnostic]');
  assert.equal(await page.locator('.ll-problems img').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
