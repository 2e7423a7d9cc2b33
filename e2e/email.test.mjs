// "An e-mail's journey" in the three languages: Alice's message is told
// step by step from her server's greeting to Bob reading it; Bob's server
// shows his mailbox; POP3 empties it; a mistyped password is refused.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, start, stepUntil, withPage } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const LANGS = {
  en: { title: 'An e-mail’s journey', next: 'Next step', mailbox: 'Mailbox' },
  es: { title: 'El viaje de un correo electrónico', next: 'Siguiente paso' },
  it: { title: 'Il viaggio di un’e-mail', next: 'Passo successivo' },
};
const MX1 = 'mx1.bob.example, 203.0.113.25';

for (const [lang, words] of Object.entries(LANGS)) {
  test(`${lang}: the message is told from Alice's server to Bob's inbox`, async () => {
    await withPage(env, `/?lesson=email&lang=${lang}`, async (page) => {
      await page.getByRole('heading', { name: words.title, exact: true }).first().waitFor();
      // The words on the wire stay the protocol's own in every language.
      const told = await stepUntil(page, words.next, 'BODY[]');
      assert.ok(told.includes('BODY[]'), `the narration reached the fetch: ${told}`);
      await page.getByRole('button', { name: MX1 }).click();
      await page.locator('.card.details').getByText('bob@bob.example: Lunch on Friday? (1200 B) \\Seen').waitFor();
      await screenshot(page, `email-${lang}`);
    });
  });
}

test('POP3 takes the message away, and a mistyped password is refused', async () => {
  await withPage(env, '/?lesson=email&read=pop3', async (page) => {
    await stepUntil(page, 'Next step', 'RETR');
    await page.getByRole('button', { name: MX1 }).click();
    const details = page.locator('.card.details');
    await details.getByRole('heading', { name: 'mx1.bob.example' }).waitFor();
    assert.equal(await details.getByText(/Lunch on Friday/).count(), 0, 'the mailbox is empty');
  });
  await withPage(env, '/?lesson=email&wrong-password=1', async (page) => {
    const told = await stepUntil(page, 'Next step', '535 5.7.8');
    assert.ok(told.includes('535 5.7.8'), told);
    await screenshot(page, 'email-wrong-password');
  });
});

test('with mx1 off, Exim’s backup keeps the message and a queue run delivers it', async () => {
  await withPage(env, '/?lesson=email&mta=exim&mx1-down=1', async (page) => {
    // The card says what Exim is, and the clock skips the silent minutes.
    await page.getByText(/Philip Hazel/).waitFor();
    let told = await stepUntil(page, 'Next step', '127', 12);
    assert.ok(told.includes('Linux gives the connection up first'), told);
    told = await stepUntil(page, 'Next step', 'queue run hands it', 10);
    assert.match(told, /“250 OK id=1[0-9A-Za-z]{5}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}”/);
    await page.getByRole('button', { name: 'mx2.bob.example, 203.0.113.26' }).click();
    const details = page.locator('.card.details');
    await details.getByText('Exim 4.96 (Debian 12)').waitFor();
    await details.getByText('8 × 900 s, 3,600 s, 5,400 s, 8,100 s, 12,150 s…').waitFor();
    await screenshot(page, 'email-backup-exim');
  });
});
