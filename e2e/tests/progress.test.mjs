// Progress a learner keeps: edited code, hints, the solution diff, import/export, damage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, openPage } from '../lib/browser.mjs';

const LESSON = 'select-timeout-sender';
let server;
let browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const editorValue = (page) => page.locator('[data-testid=editor]').inputValue();

test('edited code survives a reload until reset', async () => {
  const page = await openPage(browser);
  await page.goto(`${server.url}#/lesson/${LESSON}`);
  const editor = page.locator('[data-testid=editor]');
  await editor.evaluate((el) => { el.focus(); el.setSelectionRange(0, 0); });
  await page.keyboard.type('// my note\n');
  await page.reload();
  await page.waitForSelector('[data-testid=editor]');
  assert.match(await editorValue(page), /^\/\/ my note\npackage main/);
  await page.locator('[data-testid=reset]').click();
  assert.match(await editorValue(page), /^package main/);
  await page.reload();
  await page.waitForSelector('[data-testid=editor]');
  assert.match(await editorValue(page), /^package main/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('hints appear one at a time and persist; the solution shows as a diff', async () => {
  const page = await openPage(browser);
  await page.goto(`${server.url}#/lesson/${LESSON}`);
  await page.waitForSelector('[data-testid=hints]');
  assert.equal(await page.locator('[data-testid=hint]').count(), 0);
  await page.locator('[data-testid=next-hint]').click();
  await page.locator('[data-testid=next-hint]').click();
  assert.equal(await page.locator('[data-testid=hint]').count(), 2);
  await page.reload();
  await page.waitForSelector('[data-testid=hints]');
  assert.equal(await page.locator('[data-testid=hint]').count(), 2);
  await page.locator('[data-testid=show-solution]').click();
  const added = await page.locator('[data-testid=solution-diff] .ll-diff__line--added').allInnerTexts();
  assert.ok(added.some((l) => l.includes('make(chan result, 1)')), added.join('\n'));
  await page.context().close();
});

test('a damaged store keeps what still reads and says what was dropped', async () => {
  const page = await openPage(browser);
  await page.goto(server.url);
  await page.evaluate((lesson) => localStorage.setItem('leaklab.progress',
    JSON.stringify({ version: 1, lessons: { [lesson]: { hints_shown: 1 }, broken: { exercise_passed: 'yes' } } })), LESSON);
  await page.goto(`${server.url}#/lesson/${LESSON}`);
  await page.reload();
  await page.waitForSelector('[data-testid=notice]');
  assert.match(await page.locator('[data-testid=notice]').innerText(), /broken/);
  await page.waitForSelector('[data-testid=lesson-title]');
  assert.equal(await page.locator('[data-testid=hint]').count(), 1);
  const backup = await page.evaluate(() => localStorage.getItem('leaklab.progress.damaged-backup'));
  assert.match(backup, /"yes"/, 'the damaged original is kept as a backup');
  await page.evaluate(() => localStorage.setItem('leaklab.progress', '{{{ not json'));
  await page.reload();
  await page.waitForSelector('[data-testid=notice]');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('importing a progress file marks the lesson done on the home page', async () => {
  const page = await openPage(browser);
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=progress]');
  const file = { name: 'p.json', mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ version: 1, lessons: { [LESSON]: { exercise_passed: true } } })) };
  await page.locator('[data-testid=import-progress]').setInputFiles(file);
  await page.waitForSelector(`[data-lesson=${LESSON}][data-done=true]`);
  assert.match(await page.locator('[data-testid=progress-summary]').innerText(), /^1 of \d+/);
  const download = page.waitForEvent('download');
  await page.locator('[data-testid=export-progress]').click();
  const exported = JSON.parse(await (await download).createReadStream().then(async (s) => {
    let text = ''; for await (const chunk of s) text += chunk; return text;
  }));
  assert.equal(exported.lessons[LESSON].exercise_passed, true);
  page.once('dialog', (d) => d.accept());
  await page.locator('[data-testid=reset-progress]').click();
  await page.waitForSelector(`[data-lesson=${LESSON}][data-done=false]`);
  await page.context().close();
});
