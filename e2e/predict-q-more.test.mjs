// Predict, then observe, in "What is a server?", "Who are you, and what
// may you do?" and "One API, three styles", in a real Chromium: each
// lesson waits at its question, the learner answers (by clicking, or from
// the keyboard), and the comparison's answer is what the event list shows.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pagesOfOneBrowser, screenshot, toTheQuestion, toTheResult } from './harness.mjs';

const withPage = pagesOfOneBrowser();

/** The event list's rows: summary and whether it is a retransmission. */
const rows = (page) => page.locator('.event-row').evaluateAll((buttons) => buttons.map((b) => ({
  summary: b.querySelector('.summary')?.textContent.trim() ?? '',
  again: b.querySelector('.tag.again') !== null,
})));

/** Clicks the choice named `chosen`; the comparison's text once shown. */
async function answerByClicking(page, chosen) {
  const choices = await toTheQuestion(page);
  await choices.getByRole('button', { name: chosen, exact: true }).click();
  // The run plays on (the answer may show at the very next step).
  await choices.waitFor({ state: 'detached' });
  return toTheResult(page);
}

test('what is a server: door 22 behind the firewall stays silent, and the event list shows the SYN sent again', async () => {
  await withPage('/?lang=en&lesson=what-is-a-server', async (page) => {
    const result = await answerByClicking(page, 'Nothing: its SYN goes unanswered, and it sends it again');
    await screenshot(page, 'predict-servers-firewall-en-result');
    assert.ok(result.includes('Right!'), result);
    assert.ok(result.includes('waited 1,000 ms'), result);
    const again = (await rows(page)).filter((row) => row.summary.startsWith('SYN') && !row.summary.includes('ACK') && row.again);
    assert.ok(again.length >= 1, 'the event list shows the SYN sent again');
  });
});

test('what is a server, on the machine itself, in Italian and from the keyboard: sshd answers over loopback', async () => {
  await withPage('/?lang=it&lesson=what-is-a-server&same-machine=1', async (page) => {
    const choices = await toTheQuestion(page);
    const options = choices.locator('.question-choice');
    await options.first().focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const chosen = await page.evaluate(() => document.activeElement.textContent);
    assert.equal(chosen, await options.nth(2).textContent());
    assert.ok(chosen.startsWith('sshd risponde'), chosen);
    await page.keyboard.press('Enter');
    await choices.waitFor({ state: 'detached' });
    const result = await toTheResult(page);
    await screenshot(page, 'predict-servers-loopback-it-result');
    assert.ok(result.includes('Giusto!'), result);
    assert.ok(result.includes(`La simulazione mostra: ${chosen}`), result);
    const all = await rows(page);
    assert.ok(all.some((row) => row.summary.startsWith('SSH-2.0-OpenSSH')), 'the event list shows sshd’s answer');
    assert.ok(!all.some((row) => row.again), 'nothing was sent again');
  });
});

test('login: Bob’s notes are refused with 403, whatever Alice carries; the event list shows it', async () => {
  for (const [query, lang, chosen, verdict, said] of [
    ['auth=cookie', 'en', 'A refusal: 403 Forbidden', 'Right!', 'session cookie'],
    ['auth=token', 'es', 'Las notas de Bob: ella ha iniciado sesión', 'Esta vez no.', 'token'],
  ]) {
    await withPage(`/?lang=${lang}&lesson=login&${query}`, async (page) => {
      const result = await answerByClicking(page, chosen);
      await screenshot(page, `predict-login-${query.replace('=', '-')}-${lang}-result`);
      assert.ok(result.includes(verdict), result);
      assert.ok(result.includes('403'), result);
      assert.ok(result.includes(said), result);
      // The event list puts the newest first: the answer above the request.
      const all = await rows(page);
      const asked = all.findIndex((row) => row.summary.includes('/notes/bob/'));
      assert.ok(asked >= 0, 'the event list shows the request for Bob’s notes');
      assert.ok(all.slice(0, asked).some((row) => row.summary.startsWith('403 Forbidden')), 'and the 403 after it');
    });
  }
});

test('api: the requests for a course and its students, counted in the event list, per style', async () => {
  for (const [style, lang, chosen, verdict, shows, path] of [
    ['rest', 'en', '2', 'Right!', 'The run shows: 2', '/courses/1/'],
    ['graphql', 'es', '2', 'Esta vez no.', 'La simulación muestra: 1', '/graphql'],
  ]) {
    await withPage(`/?lang=${lang}&lesson=api&style=${style}`, async (page) => {
      const result = await answerByClicking(page, chosen);
      await screenshot(page, `predict-api-${style}-${lang}-result`);
      assert.ok(result.includes(verdict), result);
      assert.ok(result.includes(shows), result);
      const requests = (await rows(page)).filter((row) => /^(GET|POST) /.test(row.summary) && row.summary.includes(path));
      assert.equal(String(requests.length), shows.at(-1), `${style}: the event list's requests for the course`);
    });
  }
});
