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
    link: 'Abrir en la zona de pruebas',
    href: '?lesson=sandbox&from=email&lang=es&mta=exim',
  },
  {
    lang: 'it',
    open: '/?lesson=files&lang=it&how=sftp',
    link: 'Apri nel laboratorio libero',
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

test('the comparison, told in flows, opens as a file server and a swarm', async () => {
  await withPage(env, '/?lesson=cs-vs-p2p&lang=en&peers=10', async (page) => {
    await page.locator('.open-sandbox a').click();
    await page.locator('.sandbox-opened').waitFor();
    // A file server and ten browsers, a seed and ten peers, two routers.
    assert.equal(await page.locator('[data-machine]').count(), 24);
  });
});

test('es: the link opens the lesson’s network in the sandbox; a reload keeps what the learner changed', async () => {
  await withPage(env, '/?lesson=web-page&lang=es', async (page) => {
    await page.locator('.side-panel').getByRole('link', { name: 'Abrir en la zona de pruebas', exact: true }).click();
    await page.locator('.sandbox-opened').getByText('Se ha abierto la red de la lección').waitFor();
    const machines = await page.locator('.sandbox-stage [data-machine]').count();
    assert.ok(machines >= 4, `${machines} machines from the lesson`);
    // The address no longer asks for the lesson: a reload keeps the
    // learner's network (autosaved), not the lesson's again.
    assert.equal(new URL(page.url()).searchParams.get('from'), null);
    await page.locator('.sandbox-stage [data-machine]').first().click();
    await page.keyboard.press('Delete');
    await page.reload();
    await page.locator('.sandbox-stage').waitFor();
    assert.equal(await page.locator('.sandbox-stage [data-machine]').count(), machines - 1);
    assert.equal(await page.locator('.sandbox-opened').count(), 0);
  });
});

test('it: an address that names no lesson is refused, in Italian, and the network stays', async () => {
  await withPage(env, '/?lesson=sandbox&lang=it&from=mainframe', async (page) => {
    const refused = page.locator('.sandbox-open-refused');
    await refused.getByText('La rete della lezione non è stata aperta').waitFor();
    assert.match(await refused.textContent(), /«mainframe» non è una lezione/);
    assert.ok(await page.locator('.sandbox-stage [data-machine]').count() > 0);
  });
});
