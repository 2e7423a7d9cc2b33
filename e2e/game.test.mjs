// "A game service" in the three languages: the login, the presence
// server and the matchmaker are told step by step to the match, whose
// snapshots travel as UDP datagrams; the card shows the ping worked out
// in crates/game/tests/dialogue.rs (50 ms at 20 ticks); the inspector
// names the game's layer; with loss and a failing server, snapshots are
// skipped and Alice comes back on presence-2; playing a 64-tick match
// fast never holds the main thread 50 ms; a bad tick rate gets the notice.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { longestGapOfRuns, probeMainThread, screenshot, start, stepUntil, withPage } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const LANGS = {
  en: { title: 'A game service', next: 'Next step', ping: '50.0 ms', speed: 'Speed' },
  es: { title: 'Un servicio de juegos', next: 'Siguiente paso', ping: '50,0 ms', speed: 'Velocidad' },
  it: { title: 'Un servizio di gioco', next: 'Passo successivo', ping: '50,0 ms', speed: 'Velocità' },
};

const figure = (page, key) => page.locator(`.game-figures dd[data-figure="${key}"]`).textContent();

for (const [lang, words] of Object.entries(LANGS)) {
  test(`${lang}: login, presence, matchmaking, then snapshots by UDP and the ping`, async () => {
    await withPage(env, `/?lesson=game&lang=${lang}`, async (page) => {
      await page.getByRole('heading', { name: words.title, exact: true }).first().waitFor();
      // The token, the WebSocket on port 1119, then the matchmaker's
      // answer naming the game server: protocol words in every language.
      const token = await stepUntil(page, words.next, 'HMAC-SHA256');
      assert.ok(token.includes('200 OK'), token);
      const presence = await stepUntil(page, words.next, '1119');
      assert.ok(presence.includes('/presence'), presence);
      const matched = await stepUntil(page, words.next, 'UDP 3724');
      assert.ok(matched.includes('192.0.2.60'), matched);
      await page.getByRole('slider', { name: words.speed }).fill('4');
      const snapshots = await stepUntil(page, words.next, '(52 ');
      assert.ok(snapshots.includes('20'), snapshots);
      const ping = await stepUntil(page, words.next, words.ping);
      assert.ok(ping.includes(words.ping), ping);
      assert.equal(await figure(page, 'game-figure-ping'), words.ping);
      assert.equal(await figure(page, 'game-figure-presence'), 'presence-1');
      await screenshot(page, `game-${lang}`);
    });
  });
}

test('the inspector shows a snapshot as a datagram of the game', async () => {
  await withPage(env, '/?lesson=game', async (page) => {
    await page.getByRole('slider', { name: 'Speed' }).fill('4');
    await stepUntil(page, 'Next step', '(52 ', 20);
    await page.getByRole('button', { name: 'Pause' }).click().catch(() => {});
    await page.locator('.event-row', { hasText: 'Snapshot 1 ' }).first().click();
    const layer = await page.locator('.inspector').innerText();
    assert.ok(layer.includes('Application (game, UDP)'), layer);
    assert.ok(layer.includes('Snapshot 1 ack=0 players=2'), layer);
    assert.ok(layer.includes('3724'), layer);
    await screenshot(page, 'game-inspector');
  });
});

test('with loss and a failing server: skipped snapshots, Bob sees Alice offline, she comes back', async () => {
  await withPage(env, '/?lesson=game&tick=64&game-loss=10&fail=1', async (page) => {
    await page.getByRole('slider', { name: 'Speed' }).fill('4');
    const offline = await stepUntil(page, 'Next step', 'Bob sees Alice go offline', 30);
    assert.ok(offline.includes('Bob sees Alice go offline'), offline);
    const back = await stepUntil(page, 'Next step', 'Alice is back', 10);
    assert.ok(back.includes('presence-2'), back);
    assert.equal(await figure(page, 'game-figure-presence'), 'presence-2');
    assert.ok(Number(await figure(page, 'game-figure-skipped')) > 0);
    await screenshot(page, 'game-failover');
  });
});

test('a bad tick rate in the address is named in a notice', async () => {
  await withPage(env, '/?lesson=game&tick=60', async (page) => {
    await page.getByText('Ignored “tick=60” in the URL: the value must be one of 20, 30, 64.').waitFor();
  });
});

test('a 64-tick match played fast never holds the main thread 50 ms', async () => {
  const runs = await longestGapOfRuns(() => withPage(env, '/?lesson=game&tick=64&pause-at-steps=0', async (page) => {
    await page.getByRole('heading', { name: 'A game service', exact: true }).first().waitFor();
    await page.getByRole('slider', { name: 'Speed' }).fill('5');
    const stop = await probeMainThread(page);
    // 10 s of network time a second: the whole match, 2 × 320 snapshots
    // and as many inputs, in under two seconds.
    await page.waitForTimeout(2500);
    const longest = Math.max(...(await stop()));
    console.log(`game at 64 ticks: longest main-thread gap ${longest.toFixed(1)} ms`);
    assert.equal(await figure(page, 'game-figure-snapshots'), '320');
    return longest;
  }));
  assert.ok(runs.at(-1) < 50, `the main thread was held 50 ms or more in every run: ${runs.map((ms) => ms.toFixed(1)).join(', ')} ms`);
});
