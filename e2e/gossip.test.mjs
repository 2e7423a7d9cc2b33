// "A block spreads by gossip": the block reaches every node round by round,
// the rounds grow like log N, in the learner's language.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, start, withPage } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

test('the block reaches every node round by round, and the rounds follow log N', async () => {
  await withPage(env, '/?lesson=gossip&lang=it&pause-at-steps=0', async (page) => {
    await page.getByRole('heading', { name: 'Un blocco si diffonde per gossip' }).waitFor();
    await page.getByRole('button', { name: 'Pausa' }).click();
    const status = page.locator('.gossip .status');
    assert.match(await status.textContent(), /^Round 0: 1 nodi su 200/);
    for (let i = 0; i < 60 && !/200 nodi su 200/.test(await status.textContent()); i += 1) {
      await page.getByRole('button', { name: 'Passo', exact: true }).click();
    }
    const rounds = Number((await status.textContent()).match(/^Round (\d+): 200 nodi su 200/)[1]);
    // log2 200 + ln 200 ≈ 12.9; push gossip lands within a few rounds of it.
    assert.ok(rounds >= 8 && rounds <= 25, `${rounds} rounds for 200 nodes`);
    // Measured in the page's workers as the chart appears: done when its controls go.
    await page.locator('.sizes-sweep .sweep-controls').waitFor({ state: 'detached', timeout: 60_000 });
    const sizes = page.locator('figure.chart', { hasText: 'Round per raggiungere tutti' });
    assert.equal(await sizes.locator('.dots circle').count(), 4, 'one point per network size');
    // The axis is log10 of the size; its ends are sizes, written as Italian writes them.
    assert.deepEqual(await sizes.locator('.x-tick').allTextContents(), ['1', '10.000']);
    await screenshot(page, 'gossip-it');
  });
});
