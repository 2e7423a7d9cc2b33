import fs from 'node:fs';
import { start, withPage, screenshot } from './harness.mjs';
const env = await start();
try {
  for (const name of ['swarm', 'game']) {
    const frag = fs.readFileSync(`/tmp/${name}.frag`, 'utf8');
    await withPage(env, `/?lesson=sandbox&lang=en#net=${frag}`, async (page) => {
      await page.locator('.sandbox-palette').waitFor();
      await screenshot(page, `zz-${name}-edit`);
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await page.locator('.controls').waitFor();
      await new Promise((r) => setTimeout(r, 6000));
      await screenshot(page, `zz-${name}-run`);
      await page.locator('section.sandbox-charts').scrollIntoViewIfNeeded();
      await screenshot(page, `zz-${name}-charts`);
    });
  }
} finally { await env.stop(); }
