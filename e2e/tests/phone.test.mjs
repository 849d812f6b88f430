// At a phone's width (390 × 844) no page scrolls sideways and every header control is on
// screen (issue #20): the home page, the playground, the rules, every lesson after a Run
// with its hints and solution open, and an embed. Wide things (code, tables, lanes) scroll inside their own box.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, OUTPUT } from '../lib/browser.mjs';

const PHONE = { width: 390, height: 844 };
let server;
let browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** What sticks out of the page on the right, ignoring what scrolls inside a box. */
async function overflow(page) {
  return page.evaluate((width) => {
    const clipped = (e) => {
      for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible') return true;
      }
      return false;
    };
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 0.5 && !clipped(e))
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} (right ${Math.round(e.getBoundingClientRect().right)})`);
    return { scrollWidth: document.documentElement.scrollWidth, wide };
  }, PHONE.width);
}

async function assertFits(page, what) {
  const { scrollWidth, wide } = await overflow(page);
  assert.ok(scrollWidth <= PHONE.width, `${what}: the page is ${scrollWidth} px wide: ${wide.join(', ')}`);
}

async function assertHeaderOnScreen(page, what) {
  for (const id of ['theme', 'lang-zh']) {
    const box = await page.locator(`header [data-testid=${id}]`).boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `${what}: ${id} is off screen: ${JSON.stringify(box)}`);
  }
}

test('home, playground and rules fit a phone, with the header controls on screen', async () => {
  const page = await openPage(browser, { viewport: PHONE });
  for (const [route, ready] of [['', 'lesson-link'], ['#/playground', 'editor'], ['#/rules', 'rule']]) {
    await page.goto(server.url + route);
    await page.waitForSelector(`[data-testid=${ready}]`);
    await assertFits(page, route || 'home');
    await assertHeaderOnScreen(page, route || 'home');
  }
  await page.screenshot({ path: join(OUTPUT, 'phone-rules.png') });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('every lesson fits a phone after a Run, and so does an embed', async () => {
  const page = await openPage(browser, { viewport: PHONE, reducedMotion: 'reduce' });
  const lessons = await (await fetch(`${server.url}content/index.json`)).json();
  assert.ok(lessons.length >= 18);
  for (const { id } of lessons) {
    await page.goto(`${server.url}#/lesson/${id}`);
    await page.waitForSelector('[data-testid=lesson-title]');
    await page.waitForSelector('[data-testid=run-panel][data-sim-ready=true]', { timeout: 30_000 });
    await page.locator('[data-testid=run]').first().click();
    await page.waitForSelector('[data-testid=leak-summary]', { timeout: 30_000 });
    // With every hint and the solution's diff open too.
    while (await page.locator('[data-testid=next-hint]').count()) await page.locator('[data-testid=next-hint]').click();
    await page.locator('[data-testid=show-solution]').click();
    await page.waitForSelector('[data-testid=solution-diff]');
    await assertFits(page, id);
    await assertHeaderOnScreen(page, id);
    if (id === 'large-array-by-value') await page.screenshot({ path: join(OUTPUT, 'phone-lesson-table.png'), fullPage: true });
  }
  await page.goto(`${server.url}#/embed/blocked-send`);
  await page.waitForSelector('[data-testid=editor]');
  await assertFits(page, 'embed');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
