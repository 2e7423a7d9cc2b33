// "What is a server?" in the three languages: the client knocks on each of
// the server machine's doors, told step by step until the filtered port
// times out at 127 s; the server lists its sockets with their programs; the
// switch runs the client on the server itself, over 127.0.0.1.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, skipQuestion, start, withPage } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const LANGS = {
  en: { title: 'What is a server?', next: 'Next step', device: 'The device that asks', timedOut: '127 s', same: 'On the server itself (127.0.0.1)' },
  es: { title: '¿Qué es un servidor?', next: 'Siguiente paso', device: 'El dispositivo que pregunta', timedOut: '127 s', same: 'En el propio servidor (127.0.0.1)' },
  it: { title: 'Che cos’è un server?', next: 'Passo successivo', device: 'Il dispositivo che chiede', timedOut: '127 s', same: 'Sul server stesso (127.0.0.1)' },
};
const SERVER = 'server.example.com, 203.0.113.10';

for (const [lang, words] of Object.entries(LANGS)) {
  test(`${lang}: the client tries every door, told step by step to the time-out`, async () => {
    await withPage(env, `/?lesson=what-is-a-server&lang=${lang}`, async (page) => {
      await page.getByRole('heading', { name: words.title, exact: true }).first().waitFor();
      const devices = page.getByLabel(words.device);
      assert.equal(await devices.locator('option').count(), 3, 'phone, laptop, desktop');
      const caption = page.locator('.step-caption');
      const nextStep = async () => {
        await skipQuestion(page); // door 22's, asked at door 8080 (e2e/predict-q-more.test.mjs)
        const before = await caption.textContent();
        await page.getByRole('button', { name: words.next, exact: true }).click();
        await page.waitForFunction((text) => document.querySelector('.step-caption')?.textContent !== text,
          before, { timeout: 20_000 });
        return caption.textContent();
      };
      // Each "next step" plays to the next door. At the mail server's, the
      // server holds three connections on port 80 and the one on 443 waits
      // in TIME-WAIT.
      let told = '';
      for (let i = 0; i < 8 && !told.includes('Postfix'); i += 1) told = await nextStep();
      assert.ok(told.includes('Postfix'), told);
      await page.getByRole('button', { name: SERVER }).click();
      const details = page.locator('.card.details');
      // The sockets as ss -tanp lists them, a row each.
      await details.getByRole('row', { name: 'LISTEN 0 4096 0.0.0.0:5432 0.0.0.0:* users:(("postgres"))', exact: true }).waitFor();
      await details.getByRole('row', { name: /^TIME-WAIT 0 0 203\.0\.113\.10:443 198\.51\.100\.23:\d+ users/ }).waitFor();
      assert.equal(await details.getByRole('row', { name: /^ESTAB 0 0 203\.0\.113\.10:80 / }).count(), 3, 'three clients on port 80');
      await screenshot(page, `servers-${lang}`);
      // The silences of the filtered port's retries are skipped: the
      // time-out comes soon.
      for (let i = 0; i < 12 && !told.includes(words.timedOut); i += 1) told = await nextStep();
      assert.ok(told.includes(words.timedOut), `the narration reached the time-out: ${told}`);
    });
  });
}

test('on the server itself the client knocks on 127.0.0.1, and the address keeps the switch', async () => {
  await withPage(env, '/?lesson=what-is-a-server&lang=it', async (page) => {
    await page.getByLabel(LANGS.it.same).check();
    await page.waitForFunction(() => location.search.includes('same-machine=1'));
    await page.locator('.step-caption').getByText(/127\.0\.0\.1/).waitFor();
    await page.getByRole('button', { name: SERVER }).click();
    // The client's ends are on the machine too, at 127.0.0.1.
    await page.locator('.card.details').getByRole('row', { name: /127\.0\.0\.1:\d+/ }).first().waitFor();
    await page.getByLabel(LANGS.it.device).selectOption({ index: 0 });
    await page.waitForFunction(() => location.search.includes('device=phone'));
    await screenshot(page, 'servers-same-machine');
  });
});
