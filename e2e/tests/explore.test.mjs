// "Try schedules": the worker explores the editor's program under many schedules; a
// failing schedule the default run never shows loads into the timeline, and Run goes back
// to the default schedule.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, OUTPUT } from '../lib/browser.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

// A pool whose Submit checks a closed flag without the lock Close should take: most
// schedules end normally, a few send on the closed channel.
const POOL = "package main\n\nimport (\n\t\"fmt\"\n\t\"sync\"\n)\n\ntype Job struct{ ID int }\n\ntype Pool struct {\n\tjobs   chan Job\n\tclosed bool\n\twg     sync.WaitGroup\n}\n\nfunc NewPool(workers int) *Pool {\n\tp := &Pool{jobs: make(chan Job, 4)}\n\tfor i := 0; i < workers; i++ {\n\t\tp.wg.Add(1)\n\t\tgo p.work()\n\t}\n\treturn p\n}\n\nfunc (p *Pool) work() {\n\tdefer p.wg.Done()\n\tfor j := range p.jobs {\n\t\t_ = j.ID * 2\n\t}\n}\n\n// Submit checks closed without a lock: Close can run between the check and the send.\nfunc (p *Pool) Submit(j Job) bool {\n\tif p.closed {\n\t\treturn false\n\t}\n\tp.jobs <- j\n\treturn true\n}\n\nfunc (p *Pool) Close() {\n\tp.closed = true\n\tclose(p.jobs)\n\tp.wg.Wait()\n}\n\nfunc main() {\n\tp := NewPool(2)\n\tdone := make(chan struct{})\n\tgo func() {\n\t\tdefer close(done)\n\t\tfor i := 0; i < 20; i++ {\n\t\t\tp.Submit(Job{ID: i})\n\t\t}\n\t}()\n\tp.Close()\n\t<-done\n\tfmt.Println(\"closed\")\n}\n";

async function setCode(page, code) {
  await page.locator('[data-testid=editor]').evaluate((el, text) => {
    el.value = text;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, code);
}

for (const [label, viewport] of [['desktop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
  test(`${label}: exploring finds the panic the default run misses, and loads it`, async () => {
    const page = await openPage(browser, { viewport, reducedMotion: 'reduce' });
    await page.goto(`${server.url}#/playground`);
    await page.waitForSelector('[data-testid=run-panel][data-sim-ready=true]', { timeout: 30_000 });
    await setCode(page, POOL);
    await page.locator('[data-testid=run]').click();
    await page.waitForSelector('[data-testid=leak-summary][data-exit-code="0"]');

    const started = Date.now();
    await page.locator('[data-testid=explore-run]').click();
    await page.waitForSelector('[data-testid=explore][data-state=done]', { timeout: 60_000 });
    console.log(`${label}: 200 schedules explored in the worker in ${Date.now() - started} ms`);
    const headline = await page.locator('[data-testid=explore-headline]').innerText();
    assert.match(headline, /^panic in \d+ of 200 schedules$/);
    const verdicts = await page.locator('[data-testid=explore-bars] li').evaluateAll((els) => els.map((e) => e.dataset.verdict));
    assert.deepEqual(verdicts, ['ok', 'panic']);

    const load = page.locator('[data-testid=explore-load]').first();
    await load.click();
    await page.waitForSelector('[data-testid=leak-summary][data-exit-code="2"]');
    assert.match(await page.locator('[data-testid=run-panel]').innerText(), /send on closed channel/);
    assert.equal(await load.getAttribute('aria-pressed'), 'true');
    await page.screenshot({ path: join(OUTPUT, `explore-${label}.png`), fullPage: true });
    // Nothing, the header included, is wider than the screen.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= viewport.width);

    // Run goes back to the default schedule, which ends normally.
    await page.locator('[data-testid=run]').click();
    await page.waitForSelector('[data-testid=leak-summary][data-exit-code="0"]');
    assert.equal(await load.getAttribute('aria-pressed'), 'false');

    // A long exploration (each schedule of an endless loop runs into the step budget)
    // cancels at once, and the next one still works.
    await setCode(page, 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfor i := 0; ; i++ {\n\t\t_ = fmt.Sprint(i)\n\t}\n}\n');
    await page.locator('[data-testid=explore-runs]').selectOption('1000');
    await page.locator('[data-testid=explore-run]').click();
    await page.waitForSelector('[data-testid=explore][data-state=running]');
    await page.locator('[data-testid=explore-cancel]').click();
    await page.waitForSelector('[data-testid=explore][data-state=idle]');
    await setCode(page, POOL);
    await page.locator('[data-testid=explore-runs]').selectOption('50');
    await page.locator('[data-testid=explore-run]').click();
    await page.waitForSelector('[data-testid=explore][data-state=done]', { timeout: 60_000 });
    // The exploration finishes (whether 50 schedules meet the rare panic varies with the ops).
    assert.match(await page.locator('[data-testid=explore-headline]').innerText(), /\b50 schedules$/);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}
