// Predict, then observe, in the e-mail, database, files and streaming
// lessons, in a real Chromium: each run waits at its question, the learner
// answers (by clicking, or from the keyboard), the run compares; what it
// shows is what its event list shows.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pagesOfOneBrowser, screenshot, toTheQuestion, toTheResult } from './harness.mjs';

const withPage = pagesOfOneBrowser();

const WORDS = {
  en: { right: 'Right!', wrong: 'Not this time.', shows: 'The run shows' },
  es: { right: '¡Correcto!', wrong: 'Esta vez no.', shows: 'La simulación muestra' },
  it: { right: 'Giusto!', wrong: 'Stavolta no.', shows: 'La simulazione mostra' },
};

/** The event list's rows: protocol, route and summary. */
const rows = (page) => page.locator('.event-row').evaluateAll((buttons) => buttons.map((b) => ({
  when: b.querySelector('.when')?.textContent.trim() ?? '',
  proto: b.querySelector('.proto')?.textContent.trim() ?? '',
  route: b.querySelector('.route')?.textContent.trim() ?? '',
  summary: b.querySelector('.summary')?.textContent.trim() ?? '',
})));

/** Plays to the question, clicks `chosen`, plays to the comparison. */
async function answerByClicking(page, chosen, name) {
  const choices = await toTheQuestion(page);
  await choices.getByRole('button', { name: chosen, exact: true }).click();
  // The prediction shows until the answer does (at once, where the next
  // step shows it).
  await page.locator('.question-said, .question-result').first().waitFor();
  const result = await toTheResult(page);
  await screenshot(page, name);
  return result;
}

test('en: the e-mail asks where the message goes; the run shows the MX it connected to', async () => {
  await withPage('/?lang=en&lesson=email', async (page) => {
    const result = await answerByClicking(page, 'mx1.bob.example, on port 25', 'predict-email-relay-en-result');
    assert.ok(result.includes(WORDS.en.right), result);
    assert.ok(result.includes(`${WORDS.en.shows}: mx1.bob.example, on port 25`), result);
    const all = await rows(page);
    assert.ok(all.some((row) => row.summary.includes('MX 10 mx1.bob.example')), 'the MX answer is in the list');
    assert.ok(all.some((row) => /^SYN(?!,)/.test(row.summary) && row.route === 'smtp.alice.example → mx1.bob.example'),
      'the relay\u2019s SYN to mx1 is in the list');
  });
});

test('es: the database without a pool connects again, answered from the keyboard', async () => {
  await withPage('/?lang=es&lesson=database&pool=0', async (page) => {
    const choices = await toTheQuestion(page);
    // The focus is on the first choice once the question waits (or put it
    // there): Tab walks to the second, Enter answers.
    await choices.locator('.question-choice').first().focus();
    await page.keyboard.press('Tab');
    const chosen = await page.evaluate(() => document.activeElement.textContent);
    assert.ok(chosen.startsWith('Abrir una conexión nueva'), chosen);
    await page.keyboard.press('Enter');
    await choices.waitFor({ state: 'detached' });
    const result = await toTheResult(page);
    await screenshot(page, 'predict-database-nopool-es-result');
    assert.ok(result.includes(WORDS.es.right), result);
    assert.ok(result.includes(`${WORDS.es.shows}: ${chosen}`), result);
    // Among the list's rows, the app's new SYN to the database, sent for
    // /api/courses after the page was done (66 ms); the first connection's,
    // at 60 ms, may still be listed beside it.
    const ms = (when) => parseFloat(when.replace(' ms', '').replace(/\./g, '').replace(',', '.'));
    const syns = (await rows(page)).filter((row) => /^SYN(?!,)/.test(row.summary) && row.route === 'Aplicación Flask → Base de datos');
    assert.ok(syns.some((row) => ms(row.when) > 100), JSON.stringify(syns));
  });
});

test('it: FTP in active mode, the server opens the data connection', async () => {
  await withPage('/?lang=it&lesson=files&ftp-mode=active&nat=0', async (page) => {
    const result = await answerByClicking(page, 'Su una seconda connessione, che il server apre verso Alice', 'predict-files-active-it-result');
    assert.ok(result.includes(WORDS.it.right), result);
    assert.ok(result.includes('dalla sua porta 20'), result);
    assert.ok((await rows(page)).some((row) => row.summary.startsWith('PORT ')), 'the PORT command is in the list');
  });
});

test('en: a call between two symmetric NATs goes through the relay', async () => {
  await withPage('/?lang=en&lesson=streaming&kind=webrtc&call-nat=both', async (page) => {
    const result = await answerByClicking(page, 'Straight from Alice’s home to Bob’s, through the two routers', 'predict-call-both-en-result');
    assert.ok(result.includes(WORDS.en.wrong), result);
    assert.ok(result.includes(`${WORDS.en.shows}: Through the relay, turn.example`), result);
    const video = (await rows(page)).filter((row) => row.proto === 'SRTP');
    assert.ok(video.length > 0 && video.every((row) => row.route.includes('turn.example')), JSON.stringify(video));
  });
});

test('it: the HLS line slows, the player itself asks for a smaller rendition', async () => {
  await withPage('/?lang=it&lesson=streaming', async (page) => {
    const result = await answerByClicking(page, 'Una versione più piccola del canale, di qualità più bassa', 'predict-hls-drop-it-result');
    assert.ok(result.includes(WORDS.it.right), result);
    assert.ok(result.includes('era su 720p') && result.includes('ha chiesto 480p'), result);
    const gets = (await rows(page)).filter((row) => row.summary.startsWith('GET /live/480p/'));
    assert.ok(gets.length > 0, 'the GET for 480p is in the list');
  });
});
