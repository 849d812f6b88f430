// Pathological input never freezes the page: endless programs run in the worker, show
// progress and cancel; budgets end runaway programs with a message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, openPage } from '../lib/browser.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function setCode(page, code) {
  await page.locator('[data-testid=editor]').evaluate((el, text) => {
    el.value = text;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, code);
}

/** The longest gap between animation frames over `ms` milliseconds. */
function longestFrameGap(page, ms) {
  return page.evaluate((ms) => new Promise((done) => {
    let last = performance.now();
    let worst = 0;
    const end = last + ms;
    const tick = (t) => {
      worst = Math.max(worst, t - last);
      last = t;
      if (t < end) requestAnimationFrame(tick); else done(worst);
    };
    requestAnimationFrame(tick);
  }), ms);
}

test('an endless loop runs in the worker: the page keeps painting, Cancel stops it', async () => {
  const page = await openPage(browser);
  await page.goto(`${server.url}#/playground`);
  await page.waitForSelector('[data-testid=run-panel][data-sim-ready=true]', { timeout: 30_000 });
  // Formatting a number every iteration keeps each of the 50M budgeted steps slow enough
  // (seconds in all) to measure and cancel long before the budget; a bare `x++` loop
  // now reaches it in well under a second.
  await setCode(page, 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfor i := 0; ; i++ {\n\t\t_ = fmt.Sprint(i, i, i)\n\t}\n}\n');
  await page.locator('[data-testid=run]').click();
  await page.waitForSelector('[data-testid=run-progress]');
  const gap = await longestFrameGap(page, 400);
  console.log(`longest frame gap while simulating an endless loop: ${gap.toFixed(1)} ms`);
  assert.ok(gap < 200, `the page froze for ${gap} ms`);
  await page.locator('[data-testid=cancel]').click();
  await page.waitForSelector('[data-testid=run-progress]', { state: 'detached' });
  // A new run works after the cancelled one.
  await setCode(page, 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("after cancel") }\n');
  await page.locator('[data-testid=run]').click();
  await page.waitForSelector('[data-testid=leak-summary]');
  assert.match(await page.locator('[data-testid=console]').innerText(), /after cancel/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('runaway programs end with budget messages', async () => {
  const page = await openPage(browser, { reducedMotion: 'reduce' });
  await page.goto(`${server.url}#/playground`);
  await page.waitForSelector('[data-testid=run-panel][data-sim-ready=true]', { timeout: 30_000 });
  const cases = [
    ['goroutines without bound', 'package main\n\nfunc main() {\n\tfor {\n\t\tgo func() { select {} }()\n\t}\n}\n', /goroutine budget/],
    ['unbounded recursion', 'package main\n\nfunc f(n int) int { return f(n+1) + 1 }\n\nfunc main() { f(0) }\n', /call depth|stack/],
    ['printing forever', 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfor {\n\t\tfmt.Println("again and again")\n\t}\n}\n', /output/],
    ['binary garbage', '\u0000\u0001\u0002 \u00ff\ufffd package main }}}{{{ func', /./],
    ['a package the simulator does not model', 'package main\n\nimport "reflect"\n\nfunc main() {\n\t_ = reflect.TypeOf(1)\n}\n', /not simulated/],
  ];
  for (const [name, code, message] of cases) {
    await setCode(page, code);
    await page.locator('[data-testid=run]').click();
    await page.waitForSelector('[data-testid=leak-summary]', { timeout: 60_000 });
    const exit = Number(await page.locator('[data-testid=leak-summary]').getAttribute('data-exit-code'));
    const fatal = await page.locator('[data-testid=fatal]').innerText().catch(() => '');
    console.log(`${name}: exit ${exit}, ${fatal.split('\n')[0]}`);
    assert.notEqual(exit, 0, name);
    assert.match(fatal, message, name);
    // A run that did not reach the end of the program is never an all-clear.
    const summary = page.locator('[data-testid=leak-summary]');
    assert.equal(await summary.getAttribute('data-clean'), 'false', name);
    assert.doesNotMatch(await summary.innerText(), /No goroutine leaked/, name);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
