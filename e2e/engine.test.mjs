// The engine in the page: the same queue run in wasm and natively
// (`cslab-cli queue`) leaves the same trace, event for event.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { openPage, screenshot, start } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

/** Runs `cslab-cli queue` natively with these parameters; returns its JSON. */
function native(params) {
  const args = Object.entries(params).flatMap(([name, value]) => [`--${name}`, String(value)]);
  const out = execFileSync('cargo', ['run', '--quiet', '--locked', '--bin', 'cslab-cli', '--', 'queue', ...args],
    { encoding: 'utf8' });
  return JSON.parse(out);
}

/** Runs the same parameters on the benchmark page; returns what it shows. */
async function inBrowser(params, name) {
  const query = new URLSearchParams({ bench: 'queue', lang: 'en', ...params });
  const page = await openPage(env.browser, `${env.base}/?${query}`);
  try {
    await page.getByText('Done.').waitFor({ timeout: 60_000 });
    const shown = {
      hash: await page.locator('.bench-results .hash').textContent(),
      events: Number(await page.locator('.bench-results .events').textContent()),
    };
    await screenshot(page, name);
    assert.deepEqual(page.problems, []);
    return shown;
  } finally {
    await page.context().close();
  }
}

const scenarios = {
  'the golden M/M/1 run': { servers: 1, 'arrival-rate': 8, 'service-rate': 10, requests: 1000, seed: 1 },
  'three workers, a full accept queue and a 13.7 ms round trip': {
    servers: 3, 'arrival-rate': 35, 'service-rate': 10, requests: 20000, 'queue-capacity': 4, seed: 7,
    'rtt-ms': 13.7, clients: 16,
  },
};

for (const [title, params] of Object.entries(scenarios)) {
  test(`native and wasm leave the same trace: ${title}`, async () => {
    const expected = native(params);
    const shown = await inBrowser(params, `bench-${params.seed}`);
    assert.equal(shown.hash, expected.trace_hash);
    assert.equal(shown.events, expected.events);
  });
}

test('an impossible run is refused with a clear message, in the page', async () => {
  const page = await openPage(env.browser, `${env.base}/?bench=queue&servers=0&requests=abc&lang=en`);
  try {
    await page.getByRole('alert').getByText('This run cannot start: servers must be at least 1').waitFor();
    await page.getByText('Ignored “requests=abc” in the URL: the value must be a number.').waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await page.context().close();
  }
});
