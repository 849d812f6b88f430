// The first journey: home → lesson → a syntax error appears at its line and goes away.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, SUBPATH } from '../lib/server.mjs';
import { launch, openPage, waitForApp, OUTPUT } from '../lib/browser.mjs';

const LESSON = 'select-timeout-sender';
let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const syntaxErrors = (page) => page.locator('[data-testid=diagnostic][data-rule=syntax-error]');

/** Puts the caret at the end of 1-based `line` of the editor. */
async function caretAtEndOfLine(page, line) {
  await page.locator('[data-testid=editor]').evaluate((el, line) => {
    const lines = el.value.split('\n');
    const offset = lines.slice(0, line).join('\n').length;
    el.focus();
    el.setSelectionRange(offset, offset);
  }, line);
}

test('home lists the lessons and a lesson opens with its code and prose', async () => {
  const page = await openPage(browser);
  await page.goto(server.url);
  await waitForApp(page);
  const links = page.locator('[data-testid=lesson-link]');
  assert.ok((await links.count()) >= 1, 'at least one lesson is listed');
  assert.equal(await page.title(), 'Go Leak Lab');
  // Scrolled down the home page, the lesson still opens at its top.
  await page.locator(`[data-lesson=${LESSON}] a`).scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, 400));
  await page.locator(`[data-lesson=${LESSON}] a`).click();
  await page.waitForSelector('[data-testid=editor]');
  assert.match(page.url(), new RegExp(`#/lesson/${LESSON}$`));
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'a new page starts at its top');
  const heading = await page.locator('[data-testid=lesson-title]').innerText();
  assert.equal(await page.title(), `${heading} · Go Leak Lab`);
  const code = await page.locator('[data-testid=editor]').inputValue();
  assert.match(code, /^package main/);
  assert.match(await page.locator('[data-testid=prose]').innerText(), /unbuffered/);
  assert.equal(await syntaxErrors(page).count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('typing a syntax error lists it at its line; deleting it empties the list', async () => {
  const page = await openPage(browser);
  await page.goto(`${server.url}#/lesson/${LESSON}`);
  await page.waitForSelector('[data-testid=editor]');
  const line = 24;
  await caretAtEndOfLine(page, line);
  await page.keyboard.type(' := :=');
  await page.waitForSelector(`[data-testid=diagnostic][data-rule=syntax-error][data-line="${line}"]`, { timeout: 5_000 });
  const first = syntaxErrors(page).first();
  assert.match(await first.innerText(), new RegExp(`^${line}:\\d+`));
  await page.screenshot({ path: join(OUTPUT, 'foundation-syntax-error.png'), fullPage: false });

  for (let i = 0; i < ' := :='.length; i++) await page.keyboard.press('Backspace');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=diagnostic][data-rule=syntax-error]').length === 0, null, { timeout: 5_000 });
  assert.equal(await syntaxErrors(page).count(), 0);

  // Clicking a problem jumps to its line: introduce one again and click it.
  await caretAtEndOfLine(page, 12);
  await page.keyboard.type(' }}');
  await syntaxErrors(page).first().locator('button').click();
  const caretLine = await page.locator('[data-testid=editor]').evaluate((el) => el.value.slice(0, el.selectionStart).split('\n').length);
  assert.equal(caretLine, Number(await syntaxErrors(page).first().getAttribute('data-line')));
  await page.locator('[data-testid=reset]').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=diagnostic][data-rule=syntax-error]').length === 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('check latency in Chromium for the lesson code', async () => {
  const page = await openPage(browser);
  await page.goto(`${server.url}#/lesson/${LESSON}`);
  await page.waitForSelector('[data-testid=editor]');
  const code = await page.locator('[data-testid=editor]').inputValue();
  const median = await page.evaluate((code) => window.wasmBindings.bench_check(code, 50), code);
  const lines = code.split('\n').length;
  console.log(`in-browser check (parse + rules) of the ${lines}-line lesson: median ${median.toFixed(3)} ms over 50 batches`);
  assert.ok(median > 0 && median < 50, `median ${median} ms is plausible`);
  await page.context().close();
});

test('a deep link survives a reload under a subpath of a plain static server', async () => {
  const page = await openPage(browser);
  await page.goto(`${server.url}${SUBPATH.slice(1)}#/lesson/${LESSON}`);
  await page.waitForSelector('[data-testid=lesson-title]');
  await page.reload();
  await page.waitForSelector('[data-testid=lesson-title]');
  assert.match(await page.locator('[data-testid=lesson-title]').innerText(), /sender/i);
  await page.goto(`${server.url}${SUBPATH.slice(1)}#/nope`);
  await page.waitForSelector('[data-testid=not-found]');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the language switch translates the lesson and persists across reloads', async () => {
  const page = await openPage(browser, { locale: 'en-US' });
  await page.goto(`${server.url}#/lesson/${LESSON}`);
  await page.waitForSelector('[data-testid=lesson-title]');
  await page.locator('[data-testid=lang-zh]').click();
  await page.waitForFunction(() => /发送者/.test(document.querySelector('[data-testid=lesson-title]').textContent));
  await page.reload();
  await page.waitForSelector('[data-testid=lesson-title]');
  assert.match(await page.locator('[data-testid=lesson-title]').innerText(), /发送者/);
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  await page.screenshot({ path: join(OUTPUT, 'foundation-lesson-zh.png') });
  await page.context().close();
});
