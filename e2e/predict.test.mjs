// Predict, then observe, in a real Chromium: the run waits at a lesson's
// question (its clock stands still, and Space, N and → take the learner to
// the choices instead of skipping it), then compares the prediction with
// what the run shows; the run's answer is what its event list shows.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertHeld, clock, longestGapOfRuns, pagesOfOneBrowser, probeMainThread, screenshot, sleep, toTheQuestion, toTheResult } from './harness.mjs';

const withPage = pagesOfOneBrowser();

const WORDS = {
  en: { next: 'Next step', right: 'Right!', wrong: 'Not this time.', shows: 'The run shows' },
  es: { next: 'Siguiente paso', right: '¡Correcto!', wrong: 'Esta vez no.', shows: 'La simulación muestra' },
};

/** Plays to the question; checks the run holds there whatever key is pressed. */
async function heldAtTheQuestion(page, words) {
  const choices = await toTheQuestion(page);
  assert.ok(await page.locator('.question-ask').isVisible(), 'the question is in the caption');
  assert.equal(await page.getByRole('button', { name: words.next, exact: true }).isVisible(), false,
    'no Next step while the question waits');
  const at = await assertHeld(page);
  for (const key of ['n', 'ArrowRight', ' ']) {
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press(key);
    await sleep(150);
    assert.equal(await clock(page), at, `${key} does not move the run on`);
    assert.ok(await choices.isVisible(), `${key} does not skip the question`);
    assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('question-choice')),
      `${key} takes the learner to the choices`);
  }
  await page.locator('.controls button.primary').click();
  assert.equal(await clock(page), at, 'Play does not skip it either');
  return choices;
}

/** The event list's rows: summary and whether it is a retransmission. */
const rows = (page) => page.locator('.event-row').evaluateAll((buttons) => buttons.map((b) => ({
  summary: b.querySelector('.summary')?.textContent.trim() ?? '',
  again: b.querySelector('.tag.again') !== null,
})));

for (const lang of ['en', 'es']) {
  const words = WORDS[lang];
  test(`${lang}: the web page asks how many connections; the answer is the SYNs the run sent`, async () => {
    for (const [http, chosen, right] of [['persistent', '1', true], ['nonpersistent', '1', false]]) {
      await withPage(`/?lang=${lang}&lesson=web-page&http=${http}`, async (page) => {
        const choices = await heldAtTheQuestion(page, words);
        assert.deepEqual(await choices.locator('.question-choice').allTextContents(), ['1', '2', '3', '4']);
        await choices.getByRole('button', { name: chosen, exact: true }).click();
        await page.locator('.question-said').waitFor();
        const result = await toTheResult(page);
        await screenshot(page, `predict-web-${http}-${lang}-result`);
        assert.ok(result.includes(right ? words.right : words.wrong), result);
        const shown = result.match(new RegExp(`${words.shows}: (\\d+)`))[1];
        const syns = (await rows(page)).filter((row) => row.summary.startsWith('SYN') && !row.summary.includes('ACK') && !row.again);
        assert.equal(String(syns.length), shown, `${http}: the run's answer is the SYNs in the event list`);
        assert.equal(shown === chosen, right);
      });
    }
  });
}

test('the server says no: the run shows what the next client saw, answered from the keyboard only', async () => {
  for (const [refusal, pick, look] of [
    ['windows', 0, (all) => all.some((row) => row.summary.includes('RST'))],
    ['linux', 1, (all) => all.some((row) => row.summary.startsWith('SYN') && row.again)],
  ]) {
    await withPage(`/?lang=en&lesson=server-says-no&refusal=${refusal}`, async (page) => {
      const choices = await heldAtTheQuestion(page, WORDS.en);
      // The key that would have moved the run put the focus on the first
      // choice: Tab walks on to the others, Enter answers.
      for (let i = 0; i < pick; i += 1) await page.keyboard.press('Tab');
      const chosen = await page.evaluate(() => document.activeElement.textContent);
      assert.equal(chosen, await choices.locator('.question-choice').nth(pick).textContent());
      await page.keyboard.press('Enter');
      await choices.waitFor({ state: 'detached' });
      const result = await toTheResult(page);
      assert.ok(result.includes('Right!'), `${refusal}: ${result}`);
      assert.ok(result.includes(`The run shows: ${chosen}`), result);
      assert.ok(look(await rows(page)), `${refusal}: the event list shows it`);
      if (refusal === 'linux') await screenshot(page, 'predict-refusal-linux-en-result');
    });
  }
});

test('a phone: the question and its buttons fit, in Spanish', async () => {
  await withPage('/?lang=es&lesson=server-says-no&refusal=iis', async (page) => {
    const choices = await heldAtTheQuestion(page, WORDS.es);
    await screenshot(page, 'predict-refusal-iis-es-phone');
    const width = await page.evaluate(() => document.documentElement.clientWidth);
    for (const box of await choices.locator('button').evaluateAll((buttons) => buttons.map((b) => b.getBoundingClientRect().toJSON()))) {
      assert.ok(box.left >= 0 && box.right <= width, `a button is cut: ${JSON.stringify(box)}`);
      assert.ok(box.height >= 24, `a button is too small to touch: ${JSON.stringify(box)}`);
    }
    await choices.getByRole('button', { name: 'Saltar la pregunta' }).click();
    const result = await toTheResult(page);
    assert.ok(result.includes('Has saltado la pregunta.'), result);
    assert.ok(result.includes('503'), result);
    await screenshot(page, 'predict-refusal-iis-es-phone-result');
  }, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
});

test('asking, answering and comparing never hold the main thread 50 ms', async () => {
  const runs = await longestGapOfRuns(() => withPage('/?lang=en&lesson=web-page&http=nonpersistent', async (page) => {
    const choices = await heldAtTheQuestion(page, WORDS.en);
    const stop = await probeMainThread(page);
    await choices.getByRole('button', { name: '4', exact: true }).click();
    await toTheResult(page);
    const longest = Math.max(...(await stop()));
    console.log(`predict: longest main-thread gap ${longest.toFixed(1)} ms`);
    return longest;
  }));
  assert.ok(runs.at(-1) < 50, `the main thread was held 50 ms or more in every run: ${runs.map((ms) => ms.toFixed(1)).join(', ')} ms`);
});
