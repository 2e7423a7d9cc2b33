// "What others can see" in the three languages: the page load is told
// from the browser's DNS question to the page complete; the settings card
// lists what the chosen observer learnt; with HTTPS the provider's view
// of the request is greyed out in the inspector.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, start, stepUntil, withPage } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const LANGS = {
  en: { title: 'What others can see', next: 'Next step', done: 'The page is complete' },
  es: { title: 'Lo que ven los demás', next: 'Siguiente paso', done: 'La página está completa' },
  it: { title: 'Che cosa vedono gli altri', next: 'Passo successivo', done: 'La pagina è completa' },
};

for (const [lang, words] of Object.entries(LANGS)) {
  test(`${lang}: the page load is told until the observer's findings`, async () => {
    await withPage(env, `/?lesson=privacy&lang=${lang}`, async (page) => {
      await page.getByRole('heading', { name: words.title, exact: true }).first().waitFor();
      const told = await stepUntil(page, words.next, words.done);
      assert.ok(told.includes(words.done), told);
      // The names on the wire are the protocol's own in every language.
      await page.locator('dl.learnt').getByText('www.example.com A').waitFor();
      await page.locator('dl.learnt').getByText('GET www.example.com/index.html').waitFor();
      await screenshot(page, `privacy-${lang}`);
    });
  });
}

test('with HTTPS and DoH the provider reads names only in the ClientHellos', async () => {
  await withPage(env, '/?lesson=privacy&site-https=1&doh=1&observer=isp', async (page) => {
    await stepUntil(page, 'Next step', 'The page is complete');
    const learnt = page.locator('dl.learnt');
    await learnt.getByText('dns.provider.example').waitFor();
    assert.equal(await learnt.getByText('www.example.com A').count(), 0, 'no DNS name read');
    await screenshot(page, 'privacy-isp-https-doh');
  });
});
