// Predict, then observe, in the lessons told without a story: the
// comparison asks as its runs start which side finishes first, the gossip
// asks where half of the nodes have the block how many more rounds it
// needs, and the server under load asks as it starts how long a request
// will spend in the server. Each waits for the answer, then compares it
// with what the run shows, and the view (or the event list) shows it too.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertHeld, pagesOfOneBrowser, screenshot, sleep, toTheQuestion, toTheResult } from './harness.mjs';

const withPage = pagesOfOneBrowser();

test('the comparison asks which side finishes first; the panes show the run’s answer', async () => {
  for (const [query, chosen, right, first, second] of [
    ['', 'Peer-to-peer', true, 'Peer-to-peer', 'Client-server'],
    ['&peers=10&server-up-mbps=100', 'Peer-to-peer', false, 'Client-server', 'Peer-to-peer'],
  ]) {
    await withPage(`/?lesson=cs-vs-p2p&lang=en${query}`, async (page) => {
      const choices = await toTheQuestion(page);
      assert.match(await page.locator('.question-ask').textContent(), /Which side will give every peer the file first\?/);
      assert.equal(await choices.locator('.question-choice').count(), 3);
      await assertHeld(page);
      await choices.getByRole('button', { name: new RegExp(`^${chosen}`) }).click();
      const result = await toTheResult(page);
      await screenshot(page, `predict-compare${query ? '-10-peers' : ''}-en-result`);
      assert.ok(result.includes(right ? 'Right!' : 'Not this time.'), result);
      assert.ok(result.includes(`The run shows: ${first === 'Client-server' ? 'The server alone' : 'Peer-to-peer'}`), result);
      // Where the answer shows, the winner's pane says every peer has the
      // file, and the other's does not yet.
      const winner = page.getByRole('region', { name: first });
      const other = page.getByRole('region', { name: second });
      assert.match(await winner.locator('.status').textContent(), /Every peer has the file/);
      const shown = Number(result.match(/the file in ([\d,]+) s/)[1].replace(/,/g, ''));
      const done = Number((await winner.locator('.status').textContent()).match(/([\d,.]+) s/)[1].replace(/,/g, ''));
      assert.equal(Math.round(done), shown, 'the explanation names the pane’s time');
      // The other side finished later, if it has by now.
      const later = (await other.locator('.status').textContent()).match(/Every peer has the file: ([\d,.]+) s/);
      if (later) assert.ok(Number(later[1].replace(/,/g, '')) > done, `${second} finished later`);
    });
  }
});

test('the gossip asks, in Italian, how many more rounds after half; answered from the keyboard', async () => {
  await withPage('/?lesson=gossip&lang=it', async (page) => {
    const choices = await toTheQuestion(page);
    const status = page.locator('.gossip .status');
    const [, half, reached] = (await status.textContent()).match(/^Round (\d+): (\d+) nodi su 200/);
    assert.ok(2 * Number(reached) >= 200, `asked where half have it: ${reached} of 200`);
    await assertHeld(page);
    // Focus, Tab to the second choice, Enter.
    await choices.locator('.question-choice').first().focus();
    await page.keyboard.press('Tab');
    const chosen = await page.evaluate(() => document.activeElement.textContent);
    assert.equal(chosen, 'Meno round di quelli serviti per arrivare a metà');
    await page.keyboard.press('Enter');
    await choices.waitFor({ state: 'detached' });
    const result = await toTheResult(page);
    await screenshot(page, 'predict-gossip-it-result');
    assert.ok(result.includes('Giusto!'), result);
    assert.ok(result.includes(`La simulazione mostra: ${chosen}`), result);
    // The field of nodes shows the same rounds the explanation names.
    const [, rounds] = (await status.textContent()).match(/^Round (\d+): 200 nodi su 200/);
    assert.ok(result.includes(`dopo il round ${half}`) && result.includes(`dopo il round ${rounds}`), result);
    assert.ok(Number(rounds) - Number(half) < Number(half), 'fewer rounds after half than to half');
  });
});

/** The event list's rows: summary and whether it is a retransmission. */
const rows = (page) => page.locator('.event-row').evaluateAll((buttons) => buttons.map((b) => ({
  summary: b.querySelector('.summary')?.textContent.trim() ?? '',
  again: b.querySelector('.tag.again') !== null,
})));

test('the server under load asks, in Spanish, how long a request takes; the event list shows why', async () => {
  for (const [rate, chosen, right, look] of [
    ['150', 'Algo más, pero menos del doble', true, (all) => all.some((row) => row.summary.startsWith('200 OK'))],
    // Twice the capacity: turned away (as at 1,000 a second, which the
    // native test asks, with fewer packets for the page to play).
    ['400', 'Más del doble: las peticiones esperan su turno', false, (all) => all.some((row) => row.summary.startsWith('SYN') && row.again)],
  ]) {
    await withPage(`/?lesson=server-under-load&lang=es&rate=${rate}`, async (page) => {
      const choices = await toTheQuestion(page);
      assert.match(await page.locator('.question-ask').textContent(), /peticiones por segundo/);
      await assertHeld(page);
      await choices.getByRole('button', { name: chosen }).click();
      const result = await toTheResult(page);
      await screenshot(page, `predict-load-${rate}-es-result`);
      assert.ok(result.includes(right ? '¡Correcto!' : 'Esta vez no.'), result);
      if (rate === '150') {
        const ms = Number(result.match(/pasaron de media (\d+) ms/)[1]);
        assert.ok(ms >= 25 && ms < 40, `${ms} ms in the server at 75 % of capacity`);
      } else {
        assert.ok(result.includes('La simulación muestra: Algunas son rechazadas'), result);
      }
      // A SYN the server drops is silent on the wire (Linux answers
      // nothing); what shows is the client sending it again 1 s later, so
      // the list may show it only a moment after the answer (at 400 a
      // second the first one is sent again at about 5.2 s).
      let shown = false;
      for (let i = 0; i < 100 && !shown; i += 1) {
        shown = look(await rows(page));
        if (!shown) await sleep(100);
      }
      assert.ok(shown, `${rate}: the event list shows it (${await page.locator('.clock').first().textContent()})`);
    });
  }
});
