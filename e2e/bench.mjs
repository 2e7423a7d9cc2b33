// The engine benchmark in headless Chromium: runs `?bench=queue` (one million
// requests unless BENCH_REQUESTS says otherwise) and prints events per second
// of engine time. `make bench` runs it after `cargo bench`.

import { openPage, screenshot, start } from './harness.mjs';

const requests = process.env.BENCH_REQUESTS || '1000000';
const env = await start();
try {
  const page = await openPage(env.browser, `${env.base}/?bench=queue&lang=en&requests=${requests}`);
  await page.getByText('Done.').waitFor({ timeout: 600_000 });
  const read = (name) => page.locator(`.bench-results .${name}`).textContent();
  const events = Number(await read('events'));
  const seconds = parseFloat(await read('engine-time'));
  await screenshot(page, 'bench-browser');
  console.log(`wasm in Chromium: ${requests} requests, ${events} events, engine time ${seconds.toFixed(3)} s, ` +
    `${(events / seconds / 1e6).toFixed(2)} M events/s, trace hash ${await read('hash')}`);
  if (page.problems.length) throw new Error(`console errors: ${page.problems.join('; ')}`);
} finally {
  await env.stop();
}
