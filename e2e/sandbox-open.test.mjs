// "Open in the sandbox": every lesson on the stage links to the sandbox
// holding its network, in the learner's language, and the link names the
// lesson and its settings as the lesson's own address writes them (the
// sandbox page reads them back: src/ui/sandbox_from.rs).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, start, withPage } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const CASES = [
  {
    lang: 'en',
    open: '/?lesson=web-page&lang=en&rtt=100&https=1',
    link: 'Open in the sandbox',
    href: '?lesson=sandbox&from=web-page&lang=en&rtt=100&https=1',
  },
  {
    lang: 'es',
    open: '/?lesson=email&lang=es&mta=exim',
    link: 'Abrir en el sandbox',
    href: '?lesson=sandbox&from=email&lang=es&mta=exim',
  },
  {
    lang: 'it',
    open: '/?lesson=files&lang=it&how=sftp',
    link: 'Apri nella sandbox',
    href: '?lesson=sandbox&from=files&lang=it&how=sftp',
  },
];

for (const { lang, open, link, href } of CASES) {
  test(`${lang}: the lesson links to its network in the sandbox, with its settings`, async () => {
    await withPage(env, open, async (page) => {
      const anchor = page.locator('.side-panel').getByRole('link', { name: link, exact: true });
      await anchor.waitFor();
      assert.equal(await anchor.getAttribute('href'), href);
      // It resolves against the page's own address.
      const target = new URL(await anchor.evaluate((a) => a.href));
      assert.equal(target.searchParams.get('lesson'), 'sandbox');
      assert.equal(target.pathname, new URL(page.url()).pathname);
      await anchor.scrollIntoViewIfNeeded();
      await screenshot(page, `sandbox-open-${lang}`);
    });
  });
}

test('a lesson told in rounds, off the stage, has nothing to open', async () => {
  await withPage(env, '/?lesson=gossip&lang=en', async (page) => {
    await page.getByRole('heading', { name: 'A block spreads by gossip' }).first().waitFor();
    assert.equal(await page.locator('.open-sandbox').count(), 0);
  });
});
