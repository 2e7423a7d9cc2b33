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

test('the gossip, told in rounds, opens as Bitcoin nodes, and every node gets the block', async () => {
  await withPage(env, '/?lesson=gossip&lang=en', async (page) => {
    await page.getByRole('heading', { name: 'A block spreads by gossip' }).first().waitFor();
    await page.locator('.open-sandbox a').click();
    await page.locator('.sandbox-opened').waitFor();
    // 19 peers (the most that open) behind two routers.
    assert.equal(await page.locator('[data-machine]').count(), 21);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const notes = page.locator('.sandbox-run .node .note-badge');
    const speed = page.locator('.controls .speed input');
    // The nodes connect (one attempt each 500 ms) and the miner finds its
    // block at 5 s: that far at the fastest speed, then slower to watch the
    // block cross the network, hop by hop, each node that has it marked.
    const clock = page.locator('.controls .clock .time');
    const seconds = async () => {
      const [, amount, unit] = (await clock.textContent()).match(/([\d.,]+)\s*(ms|s)/);
      return Number(amount.replace(',', '')) / (unit === 'ms' ? 1000 : 1);
    };
    await speed.focus();
    await page.keyboard.press('End');
    // The fastest speed (10 s of network time a second) to 3.5 s, then 1 s
    // a second to 4.6 s, then 0.1 s a second.
    const until = async (limit) => {
      for (let i = 0; (await seconds()) < limit; i++) {
        assert.ok(i < 1_000, `the clock reaches ${limit} s`);
        await page.waitForTimeout(20);
      }
    };
    await until(3.5);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await until(4.6);
    await page.keyboard.press('ArrowLeft');
    await notes.first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1_500);
    const midway = await notes.count();
    await screenshot(page, 'sandbox-gossip-spreading');
    assert.ok(midway > 1 && midway < 19, `${midway} of 19 nodes have the block a hop in`);
    await page.keyboard.press('End');
    for (let i = 0; (await notes.count()) < 19; i++) {
      assert.ok(i < 120, `${await notes.count()} of 19 nodes have the block`);
      await page.waitForTimeout(500);
    }
    assert.deepEqual(new Set(await notes.locator('title').allTextContents()), new Set(['has the block']));
    const label = await page.locator('.sandbox-run .node', { hasText: 'Peer 19' }).getAttribute('aria-label');
    assert.match(label, /^Peer 19, 192\.0\.2\.29, has the block$/);
    await screenshot(page, 'sandbox-gossip-done');
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
