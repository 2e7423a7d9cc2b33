// "A live connection" in the three languages: the WebSocket's upgrade is
// told step by step to the server's first push, the inspector shows the
// 101's Sec-WebSocket-Accept (checked here with Node's own SHA-1), the
// table compares the three ways; polling's empty answers and long
// polling's held request are told; a bad mode gets the notice; working
// out the table never holds the page's main thread 50 ms.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { longestGapOfRuns, probeMainThread, screenshot, start, stepUntil, withPage } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const LANGS = {
  en: { title: 'A live connection', next: 'Next step', table: 'The same chat, three ways', polling: 'Polling' },
  es: { title: 'Una conexión viva', next: 'Siguiente paso', table: 'El mismo chat, de tres maneras', polling: 'Sondeo (polling)' },
  it: { title: 'Una connessione sempre aperta', next: 'Passo successivo', table: 'La stessa chat, in tre modi', polling: 'Polling' },
};

/** The table's rows: each way's name and its figures. */
async function table(page) {
  const rows = page.locator('.chat-compare tbody tr');
  await rows.first().waitFor();
  return rows.evaluateAll((all) => all.map((row) => [...row.children].map((cell) => cell.textContent)));
}

for (const [lang, words] of Object.entries(LANGS)) {
  test(`${lang}: the connection is upgraded, then the server pushes`, async () => {
    await withPage(env, `/?lesson=websocket&lang=${lang}`, async (page) => {
      await page.getByRole('heading', { name: words.title, exact: true }).first().waitFor();
      // The protocol's words stay its own in every language.
      const upgraded = await stepUntil(page, words.next, '101 Switching Protocols');
      assert.ok(upgraded.includes('Sec-WebSocket-Accept'), upgraded);
      const pushed = await stepUntil(page, words.next, '20 ms');
      assert.ok(pushed.includes('20 ms'), `the narration reached the first push: ${pushed}`);
      await page.getByRole('heading', { name: words.table }).waitFor();
      const rows = await table(page);
      assert.equal(rows.length, 3);
      assert.equal(rows[1][0], words.polling);
      // WebSocket: 9 messages, 586 bytes (crates/chat/tests/modes.rs works
      // them out); 20 ms late on average.
      assert.deepEqual(rows[0].slice(1, 3), ['9', '586']);
      assert.match(rows[0][3], /^20 ms/);
      await screenshot(page, `websocket-${lang}`);
    });
  });
}

test('the inspector shows the key and the Accept value the server worked out from it', async () => {
  await withPage(env, '/?lesson=websocket', async (page) => {
    await stepUntil(page, 'Next step', '101 Switching Protocols');
    await page.getByRole('button', { name: 'Pause' }).click().catch(() => {});
    await page.locator('.event-row', { hasText: 'GET /chat' }).first().click();
    const request = await page.locator('.inspector .layer', { hasText: 'Sec-WebSocket-Key' }).innerText();
    const key = request.match(/Sec-WebSocket-Key: (\S+)/)[1];
    assert.equal(Buffer.from(key, 'base64').length, 16, 'a key of 16 random bytes');
    await page.locator('.event-row', { hasText: '101 Switching Protocols' }).first().click();
    const answer = await page.locator('.inspector .layer', { hasText: 'Sec-WebSocket-Accept' }).innerText();
    // RFC 6455 §4.2.2: base64(SHA-1(key + GUID)), computed here by Node.
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    assert.ok(answer.includes(`Sec-WebSocket-Accept: ${accept}`), answer);
    await screenshot(page, 'websocket-inspector');
  });
});

test('polling asks for nothing, long polling is held; the table follows the period', async () => {
  await withPage(env, '/?lesson=websocket&mode=polling&every=10', async (page) => {
    const told = await stepUntil(page, 'Next step', '[]');
    assert.ok(told.includes('200 OK'), told);
    // Polls at 0, 10, 20, 30 and 40 s and their answers, the POST and its
    // 201: 12 messages.
    assert.equal((await table(page))[1][1], '12');
    await screenshot(page, 'websocket-polling');
  });
  await withPage(env, '/?lesson=websocket&mode=long-polling&lang=es', async (page) => {
    const told = await stepUntil(page, 'Siguiente paso', '30 segundos');
    assert.ok(told.includes('retiene la petición'), told);
  });
});

test('a bad mode in the address is named in a notice', async () => {
  await withPage(env, '/?lesson=websocket&mode=carrier-pigeon', async (page) => {
    await page.getByText('Ignored “mode=carrier-pigeon” in the URL: the value must be one of websocket, polling, long-polling.').waitFor();
  });
});

test('working out the table of three runs never holds the main thread 50 ms', async () => {
  // Each change of the period runs the three ways again (42 polls a
  // second at 1 s) and rebuilds the lesson; each is timed alone.
  const runs = await longestGapOfRuns(() => withPage(env, '/?lesson=websocket&wss=1', async (page) => {
    await table(page);
    await page.waitForTimeout(300);
    let longest = 0;
    for (const every of ['1', '2', '10', '5']) {
      const stop = await probeMainThread(page);
      await page.getByLabel('Poll every (seconds)').selectOption({ label: every });
      await page.waitForTimeout(200);
      longest = Math.max(longest, ...(await stop()));
    }
    console.log(`websocket's table: longest main-thread gap ${longest.toFixed(1)} ms`);
    // Over TLS, polling every 5 s: still 20 messages.
    assert.equal((await table(page))[1][1], '20');
    return longest;
  }));
  assert.ok(runs.at(-1) < 50, `the main thread was held 50 ms or more in every run: ${runs.map((ms) => ms.toFixed(1)).join(', ')} ms`);
});
