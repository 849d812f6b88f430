// A learner completes a lesson end to end: predict, run, fix, check; progress survives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, openPage } from '../lib/browser.mjs';
import { recordMetric } from '../lib/metrics.mjs';

const LESSON = 'select-timeout-sender';
let server;
let browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('predict, run, fix, check → passed; reload keeps it; language switch translates', async () => {
  const page = await openPage(browser, { reducedMotion: 'reduce', locale: 'en-US' });
  await page.goto(`${server.url}#/lesson/${LESSON}`);
  await page.waitForSelector('[data-testid=prediction]');
  await page.locator('[data-testid=prediction-choice][data-value="4"]').click();
  await page.locator('[data-testid=run]').click();
  await page.waitForSelector('[data-testid=prediction-result][data-correct=true]', { timeout: 30_000 });

  // Checking the untouched starter fails, with reasons.
  await page.locator('[data-testid=check-fix]').click();
  await page.waitForSelector('[data-testid=verdict][data-passed=false]', { timeout: 30_000 });
  assert.match(await page.locator('[data-testid=verdict]').innerText(), /unbuffered-send-may-block/);

  // Deleting the goroutine is not a fix either.
  await page.locator('[data-testid=editor]').evaluate((el) => { el.focus(); el.select(); });
  await page.keyboard.type('package main\n\nfunc main() {}\n');
  await page.locator('[data-testid=check-fix]').click();
  await page.waitForSelector('[data-testid=verdict][data-passed=false]', { timeout: 30_000 });

  // The real fix passes.
  await page.locator('[data-testid=reset]').click();
  await page.locator(`[data-testid=diagnostic][data-rule=unbuffered-send-may-block] [data-testid=apply-fix]`).click();
  await page.locator('[data-testid=check-fix]').click();
  await page.waitForSelector('[data-testid=verdict][data-passed=true]', { timeout: 30_000 });

  await page.reload();
  await page.waitForSelector('[data-testid=solved-badge]');
  await page.goto(server.url);
  await page.waitForSelector(`[data-lesson=${LESSON}][data-done=true]`);
  assert.match(await page.locator('[data-testid=progress-summary]').innerText(), /^1 of /);

  await page.locator('[data-testid=lang-zh]').click();
  await page.goto(`${server.url}#/lesson/${LESSON}`);
  await page.waitForSelector('[data-testid=lesson-title]');
  assert.match(await page.locator('[data-testid=lesson-title]').innerText(), /发送者/);
  assert.match(await page.locator('[data-testid=prediction]').innerText(), /先预测/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('Run answers at once: the outcome shows while the timeline still plays', async () => {
  const page = await openPage(browser);
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=lesson-link]');
  const ids = await page.locator('[data-testid=lesson-link]').evaluateAll((els) => els.map((e) => e.dataset.lesson));
  const times = [];
  for (const id of ids) {
    await page.goto(`${server.url}#/lesson/${id}`);
    await page.waitForSelector('[data-testid=run-panel][data-sim-ready=true]', { timeout: 30_000 });
    await page.waitForTimeout(200);
    await page.locator('[data-testid=run]').click();
    await page.waitForSelector('[data-testid=run-outcome], [data-testid=leak-summary]', { timeout: 60_000 });
    times.push([id, Number(await page.locator('[data-testid=run-panel]').getAttribute('data-outcome-ms'))]);
  }
  for (const [id, ms] of times) console.log(`Run → outcome ${ms.toFixed(1).padStart(7)} ms  ${id}`);
  const worst = times.reduce((a, b) => (b[1] > a[1] ? b : a));
  recordMetric('run_to_outcome_ms', worst[1], `worst of ${times.length} lessons (${worst[0]}), animations on`);
  // A long film: the answer is there before it ends, and "Show the end" jumps to the summary.
  await page.goto(`${server.url}#/lesson/time-after-in-loop`);
  await page.waitForSelector('[data-testid=run-panel][data-sim-ready=true]', { timeout: 30_000 });
  await page.locator('[data-testid=run]').click();
  const early = page.locator('[data-testid=run-outcome]');
  await early.waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('[data-testid=leak-summary]').count(), 0, 'the film is still playing');
  await early.locator('[data-testid=show-end]').click();
  await page.waitForSelector('[data-testid=leak-summary]');
  assert.equal(await page.locator('[data-testid=scrub]').inputValue(), await page.locator('[data-testid=scrub]').getAttribute('max'));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('every lesson opens, runs and shows its leak summary without errors', async () => {
  const page = await openPage(browser, { reducedMotion: 'reduce' });
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=lesson-link]');
  const ids = await page.locator('[data-testid=lesson-link]').evaluateAll((els) => els.map((e) => e.dataset.lesson));
  assert.ok(ids.length >= 18, `${ids.length} lessons`);
  const frames = [];
  for (const id of ids) {
    await page.goto(`${server.url}#/lesson/${id}`);
    // A learner reads before pressing Run: by then the simulation worker has loaded and
    // the engine has finished compiling the page's code in the background.
    await page.waitForSelector('[data-testid=run-panel][data-sim-ready=true]', { timeout: 30_000 });
    await page.waitForTimeout(id === ids[0] ? 1500 : 200);
    await page.locator('[data-testid=run]').click();
    await page.waitForSelector('[data-testid=leak-summary]', { timeout: 60_000 });
    frames.push([id, Number(await page.locator('[data-testid=run-panel]').getAttribute('data-first-frame-ms'))]);
  }
  for (const [id, ms] of frames) console.log(`Run → first frame ${ms.toFixed(1).padStart(7)} ms  ${id}`);
  const worst = frames.reduce((a, b) => (b[1] > a[1] ? b : a));
  recordMetric('run_to_first_frame_ms', worst[1], `worst of ${frames.length} lessons (${worst[0]})`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
