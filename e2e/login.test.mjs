// "Who are you, and what may you do?" in the three languages: Alice's login
// is told step by step to the session cookie, and the site's details show
// a salted PBKDF2 hash, never the password; over plain HTTP the inspector
// shows the password in the POST's body; the third mistyped password is
// locked out; the bearer token is revoked at logout.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { longestGapOfRuns, screenshot, start, stepUntil, withPage } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const LANGS = {
  en: { title: 'Who are you, and what may you do?', next: 'Next step' },
  es: { title: '¿Quién eres y qué puedes hacer?', next: 'Siguiente paso' },
  it: { title: 'Chi sei, e che cosa puoi fare?', next: 'Passo successivo' },
};
const SITE = 'notes.example, 203.0.113.80';

for (const [lang, words] of Object.entries(LANGS)) {
  test(`${lang}: Alice logs in and the site keeps a hash`, async () => {
    await withPage(env, `/?lesson=login&lang=${lang}`, async (page) => {
      await page.getByRole('heading', { name: words.title, exact: true }).first().waitFor();
      // The header's words stay the protocol's own in every language.
      const told = await stepUntil(page, words.next, 'Set-Cookie: sessionid=');
      assert.ok(told.includes('HttpOnly'), `the narration reached the session: ${told}`);
      await page.getByRole('button', { name: SITE }).click();
      const details = page.locator('.card.details');
      await details.getByText(/^alice: pbkdf2_sha256\$1000000\$[A-Za-z0-9]{22}\$/).waitFor();
      assert.equal(await details.getByText(/secret/).count(), 0, 'no password kept');
      await screenshot(page, `login-${lang}`);
    });
  });
}

test('over plain HTTP the password is in the POST for anyone to read', async () => {
  await withPage(env, '/?lesson=login&tls=0', async (page) => {
    const told = await stepUntil(page, 'Next step', 'password=secret');
    assert.ok(told.includes('readable'), told);
    await page.getByRole('button', { name: 'Pause' }).click().catch(() => {});
    await page.locator('.event-row', { hasText: 'POST /accounts/login/' }).first().click();
    const http = page.locator('.inspector .layer', { hasText: 'password=secret' });
    await http.waitFor();
    assert.match(await http.innerText(), /csrfmiddlewaretoken=/);
    await screenshot(page, 'login-http-inspector');
  });
});

/**
 * The longest the main thread was held while the page said it was computing
 * the hashes: each gap between two ticks of a 0 ms timer, counted when the
 * preparing screen is still there at its end (the page's start, and the
 * switch to the built lesson, are any lesson's).
 */
async function longestWhilePreparing(page) {
  await page.locator('.stage.preparing').getByText(/1,000,000 rounds/).waitFor();
  await page.evaluate(() => {
    const probe = { gaps: [], stopped: false };
    window.preparingProbe = probe;
    let last = performance.now();
    const tick = () => {
      const now = performance.now();
      if (document.querySelector('.stage.preparing')) probe.gaps.push(now - last);
      else probe.stopped = true;
      last = now;
      if (!probe.stopped) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
  });
  await page.locator('.step-caption').waitFor({ timeout: 60_000 });
  const gaps = await page.evaluate(() => window.preparingProbe.gaps);
  assert.ok(gaps.length > 20, `the hashes took a few frames: ${gaps.length} probes`);
  return Math.max(...gaps);
}

test('the hashes are made a slice per frame, and the third mistyped password is locked out', async () => {
  const runs = await longestGapOfRuns(() => withPage(env, '/?lesson=login&typos=3', async (page) => {
    const longest = await longestWhilePreparing(page);
    console.log(`login's hashes: longest main-thread gap while preparing ${longest.toFixed(1)} ms`);
    const told = await stepUntil(page, 'Next step', '429 Too Many Requests');
    assert.ok(told.includes('django-axes'), told);
    await screenshot(page, 'login-locked');
    return longest;
  }));
  assert.ok(runs.at(-1) < 50, `the main thread was held 50 ms or more in every run: ${runs.map((ms) => ms.toFixed(1)).join(', ')} ms`);
});

test('a token is revoked at logout', async () => {
  await withPage(env, '/?lesson=login&auth=token', async (page) => {
    const told = await stepUntil(page, 'Next step', 'Invalid token.', 16);
    assert.ok(told.includes('401 Unauthorized'), told);
  });
});
