// The engine in the page: the same queue run in wasm and natively
// (`cslab-cli queue`) leaves the same trace, event for event; and a page
// load, a load run with a server switched off and a swarm, run by the
// command line's own code in the page (`?bench=run`), print the same JSON
// as the native program.

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

/** Opens a benchmark page, waits until it is done, reads what it shows with
 * `read`, takes a screenshot named `name`. */
async function whenDone(query, name, read) {
  const page = await openPage(env.browser, `${env.base}/bench/?${query}`);
  try {
    await page.getByText('Done.').waitFor({ timeout: 60_000 });
    const shown = await read(page);
    await screenshot(page, name);
    assert.deepEqual(page.problems, []);
    return shown;
  } finally {
    await page.context().close();
  }
}

/** Runs the same parameters on the benchmark page; returns what it shows. */
const inBrowser = (params, name) =>
  whenDone(new URLSearchParams({ bench: 'queue', lang: 'en', ...params }), name, async (page) => ({
    hash: await page.locator('.bench-results .hash').textContent(),
    events: Number(await page.locator('.bench-results .events').textContent()),
  }));

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

/** `{ tls: '', loss: 0.03 }` → `['--tls', '--loss=0.03']`, as the page does. */
const flags = (params) => Object.entries(params).map(([name, value]) =>
  (value === '' ? `--${name}` : `--${name}=${value}`));

/** `cslab-cli KIND ...` natively; its JSON. */
function nativeRun(kind, params) {
  const out = execFileSync('cargo', ['run', '--quiet', '--locked', '--bin', 'cslab-cli', '--', kind, ...flags(params)],
    { encoding: 'utf8' });
  return JSON.parse(out);
}

/** The same command line on `?bench=run`; the JSON the page prints. */
const inBrowserRun = (kind, params, name) =>
  whenDone(new URLSearchParams({ bench: 'run', kind, lang: 'en', ...params }), name,
    async (page) => JSON.parse(await page.locator('.bench-json').textContent()));

const runs = {
  'a page load over HTTPS with 3 % loss (retransmissions)': ['pageload', {
    objects: 6, 'rtt-ms': 40, mode: 'persistent', tls: '', loss: 0.03, 'bandwidth-mbps': 20, seed: 5,
  }, (r) => r.retransmissions > 0 && r.complete],
  'a load run whose second server is switched off at 1.5 s': ['load', {
    preset: 'nginx', concurrency: 200, 'service-ms': 20, 'duration-s': 4, replicas: 2, 'switch-off': '2@1.5', seed: 3,
  }, (r) => r.per_replica[1].on === false && r.failed_by_reason.some(([why, n]) => why === 'gateway_timeout' && n > 0)],
  'a swarm of 40 peers': ['distribute', {
    mode: 'p2p', peers: 40, 'file-mb': 5, 'server-up-mbps': 10, 'peer-up-mbps': 1, 'peer-down-mbps': 10, seed: 2,
  }, (r) => r.peers_finished === 40 && r.bytes_from_peers > 0],
};

for (const [title, [kind, params, meaningful]] of Object.entries(runs)) {
  test(`native and wasm print the same run: ${title}`, async () => {
    const expected = nativeRun(kind, params);
    assert.ok(meaningful(expected), `the run does what it is for: ${JSON.stringify(expected).slice(0, 400)}`);
    const shown = await inBrowserRun(kind, params, `bench-run-${kind}`);
    // Every field, the fingerprint first so a failure names it.
    const fingerprint = (r) => [r.trace_hash ?? r.result_hash, r.events];
    assert.deepEqual(fingerprint(shown), fingerprint(expected));
    assert.deepEqual(shown, expected);
  });
}

test('an impossible run is refused with a clear message, in the page', async () => {
  const page = await openPage(env.browser, `${env.base}/bench/?bench=queue&servers=0&requests=abc&lang=en`);
  try {
    await page.getByRole('alert').getByText('This run cannot start: servers must be at least 1').waitFor();
    await page.getByText('Ignored “requests=abc” in the URL: the value must be a number.').waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await page.context().close();
  }
});
