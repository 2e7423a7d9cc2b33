// The animation benchmark page, briefly: the generated network fills, a few
// frames are measured, and the page reports thousands of packets drawn.
// (`make bench` runs it in full: e2e/bench.mjs.)

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, start, withPage } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

test('the animation benchmark draws at least 5,000 packets a frame and reports its frame times', async () => {
  await withPage(env, '/?bench=animation&lang=en&frames=30', async (page) => {
    await page.getByText('Done.').waitFor({ timeout: 20_000 });
    const results = page.locator('.bench-results');
    const number = async (name, attribute) => Number(await results.locator(`.${name}`).getAttribute(attribute));
    const fewest = await number('packets', 'data-min');
    assert.ok(fewest >= 5000, `packets on the stage in the emptiest frame: ${fewest}`);
    for (const name of ['callback', 'interval']) {
      const [p50, p95, max] = [await number(name, 'data-p50'), await number(name, 'data-p95'), await number(name, 'data-max')];
      assert.ok(0 < p50 && p50 <= p95 && p95 <= max, `${name}: ${p50} ${p95} ${max}`);
    }
    assert.ok(await number('events', 'data-events') > 0);
    await screenshot(page, 'bench-animation');
  });
});
