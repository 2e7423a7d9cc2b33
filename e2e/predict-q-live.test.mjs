// Predict, then observe, in "What others can see", "A live connection" and
// "A game service", in a real Chromium: each lesson waits at its question,
// takes the learner's answer (clicked, or from the keyboard), and compares
// it with what the run shows; the event list shows the same.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pagesOfOneBrowser, screenshot, toTheQuestion, toTheResult } from './harness.mjs';

const withPage = pagesOfOneBrowser();

/** The event list's rows: route, summary, and its tags. */
const rows = (page) => page.locator('.event-row').evaluateAll((buttons) => buttons.map((b) => ({
  route: b.querySelector('.route')?.textContent.trim() ?? '',
  summary: b.querySelector('.summary')?.textContent.trim() ?? '',
  lost: b.querySelector('.tag.lost') !== null,
})));

/** Waits until the event list shows `count` rows whose summary starts
 * with `start` (it may follow the clock a frame after the caption). */
const rowShown = (page, start, count = 1) => page.waitForFunction(([text, n]) => [...document.querySelectorAll('.event-row .summary')]
  .filter((summary) => summary.textContent.trim().startsWith(text)).length >= n, [start, count], { timeout: 10_000 });

/** Clicks the choice whose words are `chosen`; the comparison's text. */
async function answer(page, choices, chosen) {
  await choices.getByRole('button', { name: chosen, exact: true }).click();
  return toTheResult(page);
}

test('privacy, in Spanish: with HTTPS the path reads the site’s name in the ClientHello, not the page', async () => {
  for (const [https, chosen, right] of [
    ['1', 'El nombre del sitio, pero no qué página', true],
    ['0', 'Nada: solo le llegan datos revueltos', false],
  ]) {
    await withPage(`/?lang=es&lesson=privacy&site-https=${https}`, async (page) => {
      const choices = await toTheQuestion(page);
      assert.ok((await page.locator('.question-ask').textContent()).includes(https === '1' ? 'con HTTPS' : 'sin TLS'));
      const result = await answer(page, choices, chosen);
      await screenshot(page, `predict-privacy-https${https}-es-result`);
      assert.ok(result.includes(right ? '¡Correcto!' : 'Esta vez no.'), result);
      await rowShown(page, 'GET /index.html');
      const all = await rows(page);
      const hello = all.some((row) => row.route.startsWith('Navegador') && row.summary.includes('SNI=www.example.com'));
      if (https === '1') {
        assert.ok(result.includes(`La simulación muestra: ${chosen}`), result);
        assert.ok(hello, 'the event list shows the ClientHello naming the site');
      } else {
        assert.ok(result.includes('La simulación muestra: El sitio y la página exacta que pides'), result);
        assert.ok(result.includes('«GET /index.html»'), result);
        assert.ok(!hello, 'no ClientHello without TLS');
        assert.ok(all.some((row) => row.summary.startsWith('GET /index.html')), 'the event list shows the request');
      }
    });
  }
});

test('a live connection: pushed on the WebSocket, or waiting for the next poll (answered from the keyboard)', async () => {
  // WebSocket, clicked: the first choice.
  await withPage('/?lang=en&lesson=websocket', async (page) => {
    const choices = await toTheQuestion(page);
    const pushed = 'The server sends it at once, on the connection already open, without being asked';
    const result = await answer(page, choices, pushed);
    await screenshot(page, 'predict-websocket-en-result');
    assert.ok(result.includes('Right!') && result.includes(`The run shows: ${pushed}`), result);
    await rowShown(page, 'Text [FIN]: {"id":1,"from":"bob"');
    const all = await rows(page);
    assert.ok(all.some((row) => row.summary.includes('"from":"bob"')), 'the event list shows the frame');
    assert.deepEqual(all.filter((row) => row.summary.startsWith('GET ')).map((row) => row.summary),
      ['GET /chat'], 'no request but the upgrade');
  });
  // Polling, from the keyboard: focus the first choice, Tab to the second,
  // Enter.
  await withPage('/?lang=en&lesson=websocket&mode=polling', async (page) => {
    const choices = await toTheQuestion(page);
    await choices.locator('.question-choice').first().focus();
    await page.keyboard.press('Tab');
    const chosen = await page.evaluate(() => document.activeElement.textContent);
    assert.equal(chosen, 'It waits on the server until her browser asks again');
    await page.keyboard.press('Enter');
    await choices.waitFor({ state: 'detached' });
    const result = await toTheResult(page);
    await screenshot(page, 'predict-websocket-polling-en-result');
    assert.ok(result.includes('Right!') && result.includes(`The run shows: ${chosen}`), result);
    // The answer came to the second poll: two requests, no frame.
    await rowShown(page, 'GET /messages?since=0', 2);
    const all = await rows(page);
    assert.equal(all.filter((row) => row.summary.startsWith('GET /messages?since=0')).length, 2,
      all.map((row) => row.summary).join('\n'));
    assert.ok(!all.some((row) => row.summary.includes('"from":"bob"')));
  });
});

test('a game service, in Italian: a lost snapshot is never sent again, and the game goes on', async () => {
  await withPage('/?lang=it&lesson=game&game-loss=5', async (page) => {
    const choices = await toTheQuestion(page);
    const chosen = 'Non tutte: quella persa non viene mai rispedita, e il gioco va avanti';
    const result = await answer(page, choices, chosen);
    await screenshot(page, 'predict-game-loss-it-result');
    assert.ok(result.includes('Giusto!') && result.includes(`La simulazione mostra: ${chosen}`), result);
    const [, lost, next] = result.match(/L’istantanea (\d+) si è persa.*l’istantanea (\d+)/);
    await rowShown(page, `Snapshot ${next} `);
    const toAlice = (await rows(page)).filter((row) => row.route.endsWith('Computer di Alice'));
    const sent = (n) => toAlice.filter((row) => row.summary.startsWith(`Snapshot ${n} `));
    assert.equal(sent(lost).length, 1, `snapshot ${lost} is sent once`);
    assert.ok(sent(lost)[0].lost, `the event list marks snapshot ${lost} lost`);
    assert.equal(sent(next).length, 1);
    assert.ok(!sent(next)[0].lost, `snapshot ${next} arrives`);
  });
  await withPage('/?lang=it&lesson=game', async (page) => {
    const choices = await toTheQuestion(page);
    const result = await answer(page, choices, 'Tutte le istantanee: quella persa viene rispedita');
    assert.ok(result.includes('Stavolta no.'), result);
    assert.ok(result.includes('La simulazione mostra: Tutte le istantanee: non se ne perde nessuna'), result);
    assert.ok(!(await rows(page)).some((row) => row.lost), 'nothing lost in the event list');
  });
});
