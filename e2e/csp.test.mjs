// The page's Content-Security-Policy (scripts/finish-dist.mjs) allows only
// the lab's own files: no inline script, no eval (only WebAssembly's
// compilation), no inline style, no request to another origin. Every lesson
// opens and plays under it without one violation, in the page and in a
// teacher's iframe.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, sleep, start, SUB_PATH, TEACHER_PAGE } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });


/** Opens `path` with a listener for violations, in every frame, before any script runs. */
async function watched(path) {
  const page = await openPage(env.browser, 'about:blank');
  await page.context().addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.violations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  await page.goto(env.base + path);
  return page;
}

const violations = (frame) => frame.evaluate(() => window.violations);

test('the policy is in the page, and its loader is a file', async () => {
  const page = await watched('/');
  try {
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(policy, /script-src 'self' 'wasm-unsafe-eval';/);
    assert.match(policy, /style-src 'self';/);
    assert.match(policy, /connect-src 'self';/);
    assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script');
    // An inline script or a style attribute added now is refused and reported.
    await page.evaluate(() => {
      const span = document.createElement('span');
      span.setAttribute('style', 'color: red');
      document.body.append(span);
    });
    await page.waitForFunction(() => window.violations.length > 0);
    assert.match((await violations(page))[0], /^style-src-attr blocked inline/);
  } finally {
    await page.context().close();
  }
});

test('every lesson opens and plays without a violation of the policy', async () => {
  const page = await watched('/?pause-at-steps=0');
  try {
    await page.getByLabel('Lesson').waitFor();
    const lessons = await page.getByLabel('Lesson').locator('option').evaluateAll((all) => all.map((o) => o.value));
    assert.ok(lessons.length >= 15, `${lessons.length} lessons`);
    for (const lesson of lessons) {
      await page.goto(`${env.base}/?lesson=${lesson}&pause-at-steps=0`);
      // The sandbox plays its network once asked to.
      if (lesson === 'sandbox') await page.getByRole('button', { name: 'Run', exact: true }).click();
      await page.getByRole('timer').waitFor({ timeout: 30_000 });
      // Let it play: the stage, the charts, the cards and the event list draw.
      await sleep(1500);
      assert.deepEqual(await violations(page), [], lesson);
    }
    // The error panel after a panic, and its Reload button.
    await page.goto(`${env.base}/?debug=panic&lang=it`);
    await page.getByRole('button', { name: 'Ricarica' }).click();
    await page.waitForLoadState('load');
    // The Spanish and Italian messages, fetched when chosen.
    await page.goto(`${env.base}${SUB_PATH}?lang=it`);
    await page.getByRole('button', { name: 'Español' }).click();
    await page.getByRole('heading', { name: 'Qué pasa cuando abres una página web' }).waitFor();
    assert.deepEqual(await violations(page), []);
    // The deliberate panic (and the wasm's trap after it), before and after the reload, are expected.
    assert.deepEqual(page.problems.filter((problem) => !/debug=panic|exception: unreachable/.test(problem)), [],
      'no CSP error on the console either');
  } finally {
    await page.context().close();
  }
});

test('in a teacher’s iframe the lab runs under its policy without a violation', async () => {
  const page = await watched(TEACHER_PAGE);
  try {
    const frame = page.frameLocator('iframe');
    await frame.getByRole('heading', { name: 'Qué pasa cuando abres una página web' }).waitFor();
    await sleep(1000);
    const inner = page.frames().find((f) => f.url().includes('/lab/'));
    assert.deepEqual(await violations(inner), []);
    assert.deepEqual(page.problems, []);
  } finally {
    await page.context().close();
  }
});
