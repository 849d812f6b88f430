// The lesson workspace as a learner uses it: live diagnostics, fixes, Run, playback.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, OUTPUT } from '../lib/browser.mjs';
import { recordMetric } from '../lib/metrics.mjs';

const LESSON = 'select-timeout-sender';
const RULE = 'unbuffered-send-may-block';
let server;
let browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const count = (page) => page.locator('[data-testid=goroutine-count]').innerText();
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function openLesson(page) {
  await page.goto(`${server.url}#/lesson/${LESSON}`);
  await page.waitForSelector('[data-testid=editor]');
}

/** Selects the first occurrence of `text` in the editor. */
async function select(page, text) {
  await page.locator('[data-testid=editor]').evaluate((el, text) => {
    const i = el.value.indexOf(text);
    el.focus();
    el.setSelectionRange(i, i + text.length);
  }, text);
}

async function runToEnd(page) {
  await page.locator('[data-testid=run]').click();
  await page.waitForSelector('[data-testid=leak-summary]', { timeout: 30_000 });
}

test('the leak is underlined at its line and disappears when fixed', async () => {
  const page = await openPage(browser);
  await openLesson(page);
  const diag = page.locator(`[data-testid=diagnostic][data-rule=${RULE}]`);
  assert.equal(await diag.getAttribute('data-line'), '26');
  assert.ok(await page.locator('.ll-squiggle--error').count() >= 1);
  await select(page, 'make(chan result)');
  const started = await page.evaluate(() => performance.now());
  await page.keyboard.type('make(chan result, 1)');
  await page.waitForFunction((rule) => !document.querySelector(`[data-testid=diagnostic][data-rule=${rule}]`), RULE);
  const elapsed = (await page.evaluate(() => performance.now())) - started;
  console.log(`diagnostic gone ${elapsed.toFixed(1)} ms after typing the fix (20 keystrokes, each checked)`);
  await page.waitForSelector('[data-testid=no-problems]');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('Run shows the count ending at the leaked value; the fix brings it back to the baseline', async () => {
  const page = await openPage(browser, { reducedMotion: 'reduce' });
  await openLesson(page);
  await page.locator('[data-testid=reset]').click();
  await runToEnd(page);
  assert.equal(await count(page), '4');
  assert.equal(await page.locator('[data-testid=lane][data-state=leaked]').count(), 3);
  assert.equal(await page.locator('[data-testid=leak-summary]').getAttribute('data-leaked'), '3');
  assert.match(await page.locator('[data-testid=console]').innerText(), /goroutines: 4/);
  const firstFrame = Number(await page.locator('[data-testid=run-panel]').getAttribute('data-first-frame-ms'));
  console.log(`Run → first timeline frame: ${firstFrame.toFixed(1)} ms (${LESSON})`);
  await page.screenshot({ path: join(OUTPUT, 'workspace-run-light.png'), fullPage: true });

  // Scrubbing to the start and stepping change the count.
  await page.locator('[data-testid=scrub]').fill('0');
  assert.equal(await count(page), '1');
  for (let i = 0; i < 400 && (await count(page)) === '1'; i++) await page.locator('[data-testid=step]').click();
  assert.equal(await count(page), '2', 'stepping forward reaches the first goroutine');
  await page.locator('[data-testid=step-back]').click();
  assert.equal(await count(page), '1');

  // Apply the mechanical fix, run again: back to one goroutine, nothing leaked.
  await page.locator(`[data-testid=diagnostic][data-rule=${RULE}] [data-testid=apply-fix]`).click();
  assert.match(await page.locator('[data-testid=editor]').inputValue(), /make\(chan result, 1\)/);
  await runToEnd(page);
  assert.equal(await count(page), '1');
  assert.equal(await page.locator('[data-testid=leak-summary]').getAttribute('data-leaked'), '0');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('keyboard only: Shift+Enter runs, Space plays, arrows step', async () => {
  const page = await openPage(browser);
  await openLesson(page);
  await page.locator('[data-testid=editor]').focus();
  await page.keyboard.press('Shift+Enter');
  await page.waitForSelector('[data-testid=timeline]');
  await page.keyboard.press('Escape'); // leave the editor
  await page.keyboard.press('Space'); // pause (playing after Run)
  const before = await page.locator('[data-testid=scrub]').inputValue();
  await page.keyboard.press('ArrowRight');
  const afterStep = await page.locator('[data-testid=scrub]').inputValue();
  assert.equal(Number(afterStep), Number(before) + 1);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.locator('[data-testid=scrub]').inputValue(), before);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the table view lists the same trace for screen readers', async () => {
  const page = await openPage(browser, { reducedMotion: 'reduce' });
  await openLesson(page);
  await runToEnd(page);
  await page.locator('[data-testid=table-toggle]').click();
  const rows = await page.locator('[data-testid=trace-table] tbody tr').allInnerTexts();
  assert.ok(rows.some((r) => /leaked forever/.test(r) && /chan send \(line 26\)/.test(r)), rows.slice(-5).join('\n'));
  await page.context().close();
});

test('channel buffers show their occupancy: the full buffer stays full', async () => {
  const page = await openPage(browser, { reducedMotion: 'reduce' });
  await page.goto(`${server.url}#/lesson/full-buffer`);
  await page.waitForSelector('[data-testid=run]');
  await runToEnd(page);
  const chans = await page.locator('[data-testid=channel]').evaluateAll((els) => els.map((e) => [Number(e.dataset.cap), Number(e.dataset.occupancy)]));
  assert.ok(chans.some(([cap, occ]) => cap > 0 && occ === cap), JSON.stringify(chans));
  await page.context().close();
});

test('dark theme screenshot of the lesson after a run', async () => {
  const page = await openPage(browser, { colorScheme: 'dark', reducedMotion: 'reduce' });
  await openLesson(page);
  await runToEnd(page);
  await page.screenshot({ path: join(OUTPUT, 'workspace-run-dark.png'), fullPage: true });
  await page.context().close();
});

test('latency: median check over 50 edits, and a 300-line file', async () => {
  const page = await openPage(browser);
  await openLesson(page);
  await page.locator('[data-testid=editor]').evaluate((el) => { el.focus(); el.setSelectionRange(el.value.length, el.value.length); });
  const samples = [];
  for (let i = 0; i < 50; i++) {
    await page.keyboard.type(i % 2 ? ' ' : '/');
    samples.push(Number(await page.locator('[data-testid=problems]').getAttribute('data-check-ms')));
  }
  const big = readFileSync(resolve(import.meta.dirname, '../../benches/data/realistic.go'), 'utf8');
  const bigMedian = await page.evaluate((code) => window.wasmBindings.bench_check(code, 50), big);
  console.log(`in-browser check while typing (44-line lesson, incl. highlighting): median ${median(samples).toFixed(3)} ms over 50 edits`);
  console.log(`in-browser check of a ${big.split('\n').length}-line file (parse + all rules): median ${bigMedian.toFixed(3)} ms`);
  recordMetric('check_300_lines_ms', bigMedian, `median of 50 checks of ${big.split('\n').length} lines`);
  assert.ok(bigMedian < 20, 'a 300-line check stays interactive');
  await page.context().close();
});

test('a lesson shows its colours and problems before the checking worker answers, and says when it cannot', async () => {
  // No service worker: it would fetch the module past the blocked route.
  const page = await openPage(browser, { serviceWorkers: 'block' });
  // The worker's module never arrives: what shows comes with the lesson's content.
  await page.route('**/sim_worker_bg.wasm', (route) => route.abort());
  await openLesson(page);
  assert.ok(await page.locator('.ll-editor__highlight .ll-tok-kw').count() >= 3);
  assert.equal(await page.locator(`[data-testid=diagnostic][data-rule=${RULE}]`).getAttribute('data-line'), '26');
  // An edit needs the worker: the editor says the live check is not running, never "all clear".
  await page.locator('[data-testid=editor]').evaluate((el) => { el.focus(); el.setSelectionRange(el.value.length, el.value.length); });
  await page.keyboard.type('// edited');
  await page.waitForSelector('[data-testid=checker-error]');
  assert.match(await page.locator('[data-testid=checker-error]').innerText(), /live check is not running.*sim_worker_bg\.wasm/s);
  assert.equal(await page.locator('[data-testid=no-problems]').count(), 0);
  await page.context().close();
});
