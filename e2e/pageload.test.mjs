// The page-load lesson's initial-window setting: with non-persistent HTTP
// every file travels on a new connection, so the window TCP starts with
// decides how many round trips each 6 kB file needs (5 segments: one round
// with 10, two with 3). The measured time and the sentence that explains it
// change together, in each language.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, start, withPage } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const LANGS = [
  {
    lang: 'en', speed: 'Speed', mode: ['HTTP connections', 'Non-persistent'],
    window: ['TCP’s initial window (segments)', '3 (RFC 5681)'],
    none: /Slow start cost nothing: with a first window of 10 segments/,
    some: /Slow start: TCP sends 3 segments in the first round trip .* the 20 kB page needed (\d+\.\d) more round trips/,
  },
  {
    lang: 'es', speed: 'Velocidad', mode: ['Conexiones HTTP', 'No persistentes'],
    window: ['Ventana inicial de TCP (segmentos)', '3 (RFC 5681)'],
    none: /El arranque lento \(slow start\) no costó nada: con una ventana inicial de 10 segmentos/,
    some: /TCP envía 3 segmentos en el primer RTT .* la página de 20 kB necesitó (\d+,\d) RTT más/,
  },
  {
    lang: 'it', speed: 'Velocità', mode: ['Connessioni HTTP', 'Non persistenti'],
    window: ['Finestra iniziale di TCP (segmenti)', '3 (RFC 5681)'],
    none: /Lo slow start non è costato nulla: con una finestra iniziale di 10 segmenti/,
    some: /TCP invia 3 segmenti nel primo RTT .* la pagina da 20 kB ha richiesto (\d+,\d) RTT in più/,
  },
];

for (const { lang, speed, mode, window, none, some } of LANGS) {
  test(`${lang}: the initial window changes the measured time and its explanation`, async () => {
    await withPage(env, `/?lang=${lang}&pause-at-steps=0`, async (page) => {
      const loaded = async () => {
        await page.getByRole('slider', { name: speed }).fill('5');
        const total = page.locator('.timing .total');
        await total.waitFor({ timeout: 20_000 });
        const why = page.locator('.timing .why-longer');
        await why.waitFor();
        const ms = Number((await total.textContent()).match(/([\d.,]+) ms/)[1].replace(',', '.'));
        return { ms, why: await why.textContent() };
      };
      await page.getByLabel(mode[0]).selectOption({ label: mode[1] });
      const iw10 = await loaded();
      assert.match(iw10.why, none, iw10.why);
      await page.getByLabel(window[0]).selectOption({ label: window[1] });
      const iw3 = await loaded();
      // Base page and three files of 5 segments each: with 3 segments the
      // three files need a second round trip of 40 ms each.
      const extra = Number(iw3.why.match(some)?.[1]?.replace(',', '.'));
      assert.ok(extra >= 2.5 && extra <= 3.0, `${lang}: ${iw3.why}`);
      assert.ok(iw3.ms - iw10.ms >= 2.5 * 40, `${lang}: IW3 ${iw3.ms} ms, IW10 ${iw10.ms} ms`);
      assert.doesNotMatch(iw3.why, none);
      await screenshot(page, `pageload-iw3-${lang}`);
    });
  });
}
