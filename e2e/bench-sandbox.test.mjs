// The sandbox benchmark page (?bench=sandbox, issue 18): a 500-machine
// sandbox network plays on the lessons' stage as Run plays it, and the time
// between its animation frames is measured: 60 frames a second is a frame
// every 16.7 ms.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { longestGapOfRuns, screenshot, start, withPage } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

test('a 500-machine sandbox network plays at 60 frames a second', { timeout: 240_000 }, async () => {
  // Another process on a busy machine can slow one run; a second look, and
  // a third, tell it from a page that cannot keep up (harness.mjs).
  const medians = await longestGapOfRuns(() => withPage(env, '/bench/?bench=sandbox&lang=en&frames=300', async (page) => {
    await page.getByRole('status').getByText('Done.').waitFor({ timeout: 120_000 });
    assert.equal(await page.locator('.stage .node').count(), 500, 'every machine on the stage');
    const results = page.locator('.bench-results');
    const number = async (name, attribute) => Number(await results.locator(`.${name}`).getAttribute(attribute));
    const [p50, p95, max] = [await number('interval', 'data-p50'), await number('interval', 'data-p95'), await number('interval', 'data-max')];
    assert.ok(0 < p50 && p50 <= p95 && p95 <= max, `${p50} ${p95} ${max}`);
    const shown = await number('shown', 'data-ms');
    assert.ok(shown > 0, 'the network played while the frames were measured');
    // Packets are on the wire: the browsers are opening their pages.
    const drawn = await page.locator('.stage canvas.packets').evaluate((canvas) => {
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted += 1;
      return painted;
    });
    console.log(`500-machine sandbox: run built in ${(await number('build', 'data-ms')).toFixed(0)} ms; ` +
      `frames p50 ${p50.toFixed(1)}, p95 ${p95.toFixed(1)}, max ${max.toFixed(1)} ms; ${shown.toFixed(1)} ms of network time shown; ` +
      `${drawn} packet pixels in the last frame`);
    await screenshot(page, 'bench-sandbox');
    return p50;
  }), 16.8);
  // Chromium gives a frame every 16.7 ms when the page keeps up.
  assert.ok(medians.at(-1) <= 16.8, `median time between frames in every run: ${medians.join(', ')} ms`);
});
