// "Be the scheduler": on lock-order-deadlock's challenge, the learner picks which goroutine
// runs each statement, by keyboard alone, until login and expire deadlock; the gutter marks
// each goroutine's next line, Undo steps back, and the token replays.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, OUTPUT } from '../lib/browser.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

for (const [label, viewport] of [['desktop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
  test(`${label}: the lock-order challenge is met by keyboard alone`, async () => {
    const page = await openPage(browser, { viewport, reducedMotion: 'reduce' });
    await page.goto(`${server.url}#/lesson/lock-order-deadlock`);
    const challenge = page.locator('[data-testid=challenge]');
    await challenge.waitFor();
    assert.equal(await challenge.getAttribute('data-goal'), 'deadlock');
    // The challenge's program mounts only when asked for.
    assert.equal(await challenge.locator('[data-testid=editor]').count(), 0);
    await challenge.locator('[data-testid=challenge-open]').click();
    const scheduler = challenge.locator('[data-testid=scheduler]');
    assert.equal(await scheduler.getAttribute('data-active'), 'false');

    // Keyboard only: focus the button, Enter starts; then digits pick.
    await challenge.locator('[data-testid=sched-start]').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=challenge] [data-testid=scheduler][data-state=paused]', { timeout: 30_000 });
    assert.match(await challenge.locator('[data-testid=sched-headline]').innerText(), /^Pick 1: which goroutine/);
    // The gutter of the challenge's editor marks where each goroutine stands.
    const marked = await challenge.locator('[data-testid=gutter-next]').count();
    assert.ok(marked >= 1, 'the next lines are marked');
    // The main workspace's scheduler stays off: keys went to the challenge.
    assert.equal(await page.locator('.ll-lesson__side > .ll-workspace [data-testid=scheduler][data-active=true]').count(), 0);

    // Alternate between the goroutines that can run, one statement each.
    let state = 'paused';
    for (let n = 0; n < 40 && state === 'paused'; n++) {
      const picks = await challenge.locator('[data-testid=sched-pick]').count();
      const before = await challenge.locator('[data-testid=sched-token]').innerText();
      await page.keyboard.press(String((n % picks) + 1));
      await page.waitForFunction((prev) => {
        const s = document.querySelector('[data-testid=challenge] [data-testid=scheduler]');
        const t = s?.querySelector('[data-testid=sched-token]');
        return s && s.dataset.state !== 'running' && t && t.textContent !== prev;
      }, before, { timeout: 30_000 });
      state = await scheduler.getAttribute('data-state');
    }
    assert.equal(state, 'won');
    assert.match(await challenge.locator('[data-testid=sched-headline]').innerText(), /Challenge met in \d+ picks: you made a deadlock/);
    assert.match(await challenge.locator('[data-testid=run-panel]').innerText(), /all goroutines are asleep - deadlock!/);
    const token = await challenge.locator('[data-testid=sched-token]').innerText();
    assert.match(token, /^m\d/);
    assert.equal(await challenge.locator('[data-testid=gutter-next]').count(), 0, 'nothing runs next after the end');
    await page.screenshot({ path: join(OUTPUT, `scheduler-${label}.png`), fullPage: true });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= viewport.width);

    // Undo steps back to the last choice.
    await challenge.locator('[data-testid=sched-undo]').click();
    await page.waitForSelector('[data-testid=challenge] [data-testid=scheduler][data-state=paused]');
    assert.notEqual(await challenge.locator('[data-testid=sched-token]').innerText(), token);
    // Leave returns the panel to normal.
    await challenge.locator('[data-testid=sched-leave]').click();
    await page.waitForSelector('[data-testid=challenge] [data-testid=scheduler][data-active=false]');
    assert.equal(await challenge.locator('[data-testid=gutter-next]').count(), 0);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

// A share link carries the schedule: the learner's picks in the playground, opened in a
// fresh page, come back paused at the same point with the same output.
test('a share link reproduces the learner\'s schedule', async () => {
  const page = await openPage(browser, { viewport: { width: 1366, height: 900 }, reducedMotion: 'reduce' });
  await page.goto(`${server.url}#/playground`);
  await page.waitForSelector('[data-testid=run-panel][data-sim-ready=true]', { timeout: 30_000 });
  const code = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tdone := make(chan bool)\n\tgo func() {\n\t\tfmt.Println("worker")\n\t\tdone <- true\n\t}()\n\tfmt.Println("main")\n\t<-done\n}\n';
  await page.locator('[data-testid=editor]').evaluate((el, text) => {
    el.value = text;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, code);
  await page.locator('[data-testid=sched-start]').click();
  await page.waitForSelector('[data-testid=scheduler][data-state=paused]');
  // The worker first, twice: it prints, then blocks sending until main receives.
  for (const expected of ['m2', 'm2x2']) {
    await page.locator('[data-testid=sched-pick][data-pick="2"]').click();
    await page.waitForFunction((t) => document.querySelector('[data-testid=sched-token]')?.textContent === t
      && document.querySelector('[data-testid=scheduler]')?.dataset.state === 'paused', expected);
  }
  const console1 = await page.locator('[data-testid=console]').innerText();
  assert.equal(console1.trim(), 'worker\nmain');
  await page.locator('[data-testid=copy-link]').click();
  const link = await page.locator('[data-testid=share-text]').inputValue();
  assert.match(link, /[?&]s=m2x2(&|$)/);

  const fresh = await openPage(browser, { viewport: { width: 390, height: 844 }, reducedMotion: 'reduce' });
  await fresh.goto(link);
  await fresh.waitForSelector('[data-testid=scheduler][data-state=paused]', { timeout: 30_000 });
  assert.equal(await fresh.locator('[data-testid=sched-token]').innerText(), 'm2x2');
  assert.equal((await fresh.locator('[data-testid=console]').innerText()).trim(), 'worker\nmain');
  // Picking main ends the program, as in the first page.
  await fresh.locator('[data-testid=sched-pick][data-pick="1"]').click();
  await fresh.waitForSelector('[data-testid=scheduler][data-state=ended]');
  assert.deepEqual(page.errors, []);
  assert.deepEqual(fresh.errors, []);
  await page.context().close();
  await fresh.context().close();
});
