// "The database behind the site" in the three languages: one browser's
// page told step by step from the Flask app's connection to the rows, the
// inspector showing the SQL JOIN and MongoDB's documents as real text,
// the crowd without a pool refused with PostgreSQL's own words and HTTP
// 500, the chart of waits against the pool's size, a bad database named in
// a notice; making the chart's runs never holds the main thread 50 ms.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { longestGapOfRuns, probeMainThread, screenshot, start, stepUntil, withPage } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const LANGS = {
  en: { title: 'The database behind the site', next: 'Next step', pool: 'Connection pool', noPool: 'no pool' },
  es: { title: 'La base de datos detrás del sitio', next: 'Siguiente paso', pool: 'Pool de conexiones', noPool: 'sin pool' },
  it: { title: 'Il database dietro il sito', next: 'Passo successivo', pool: 'Pool di connessioni', noPool: 'senza pool' },
};

/** The chart once its six runs for `key` (database-users) are made: each
 * bar's label and value. */
async function bars(page, key = 'postgresql-100') {
  await page.locator(`.db-chart[data-runs="6"][data-for="${key}"]`).waitFor({ timeout: 20000 });
  return page.locator('.db-chart .bar').evaluateAll((all) => all.map((bar) => [
    bar.querySelector('.bar-label').textContent, Number(bar.querySelector('.bar-value').textContent.replace(',', '.')),
  ]));
}

for (const [lang, words] of Object.entries(LANGS)) {
  test(`${lang}: the app asks PostgreSQL, and the chart compares pool sizes`, async () => {
    await withPage(env, `/?lesson=database&lang=${lang}`, async (page) => {
      await page.getByRole('heading', { name: words.title, exact: true }).first().waitFor();
      // The protocol's words stay its own in every language.
      const opening = await stepUntil(page, words.next, 'SCRAM-SHA-256');
      assert.ok(opening.includes('StartupMessage'), opening);
      const rows = await stepUntil(page, words.next, 'SELECT 4');
      assert.ok(rows.includes('DataRow'), rows);
      await page.getByLabel(words.pool).waitFor();
      const chart = await bars(page);
      assert.equal(chart.length, 6);
      assert.equal(chart[0][0], words.noPool);
      // 100 users at once: no pool, no wait; a pool of 1 makes the last
      // wait 99 turns of 5.2 ms (a mean near 258 ms); a bigger pool, less.
      assert.equal(chart[0][1], 0);
      assert.ok(chart[1][1] > 250 && chart[1][1] < 270, JSON.stringify(chart));
      for (let i = 2; i < 6; i += 1) assert.ok(chart[i][1] < chart[i - 1][1], JSON.stringify(chart));
      await screenshot(page, `database-${lang}`);
    });
  });
}

test('the inspector shows the JOIN and the documents as text', async () => {
  await withPage(env, '/?lesson=database', async (page) => {
    await stepUntil(page, 'Next step', 'SELECT 4');
    await page.getByRole('button', { name: 'Pause' }).click().catch(() => {});
    await page.locator('.event-row', { hasText: 'Query: SELECT' }).first().click();
    const query = await page.locator('.inspector').innerText();
    assert.ok(query.includes('JOIN enrolments e ON e.course_id = c.id JOIN students s'), query);
    await screenshot(page, 'database-inspector');
  });
  await withPage(env, '/?lesson=database&db=mongodb', async (page) => {
    await stepUntil(page, 'Next step', 'firstBatch');
    await page.getByRole('button', { name: 'Pause' }).click().catch(() => {});
    await page.locator('.event-row', { hasText: 'firstBatch' }).first().click();
    const reply = await page.locator('.inspector').innerText();
    assert.ok(reply.includes("{ _id: 2, title: 'Databases', students: [ { name: 'Bruno' } ] }"), reply);
    await screenshot(page, 'database-mongodb');
  });
});

test('a crowd without a pool: PostgreSQL refuses, the pages become 500s', async () => {
  await withPage(env, '/?lesson=database&users=200&pool=0', async (page) => {
    const refused = await stepUntil(page, 'Next step', 'FATAL 53300', 20);
    assert.ok(refused.includes('sorry, too many clients already'), refused);
    const error = await stepUntil(page, 'Next step', '500 Internal Server Error', 20);
    assert.ok(error.includes('Flask'), error);
    await bars(page, 'postgresql-200');
    const note = await page.locator('.db-chart .hint').innerText();
    assert.ok(note.includes('103 of these 200 pages became HTTP 500'), note);
    await screenshot(page, 'database-refused');
  });
});

test('a bad database in the address is named in a notice', async () => {
  await withPage(env, '/?lesson=database&db=oracle', async (page) => {
    await page.getByText('Ignored “db=oracle” in the URL: the value must be one of postgresql, mysql, mongodb.').waitFor();
  });
});

test('making the chart’s runs never holds the main thread 50 ms', async () => {
  // With one browser on the stage, the chart is drawn for a crowd of 100:
  // each database's six runs, a slice per frame, measured alone. (A crowd
  // of 200 on the stage itself fills the event list with hundreds of rows
  // in its first frames, any lesson's drawing cost, measured apart.)
  const runs = await longestGapOfRuns(() => withPage(env, '/?lesson=database', async (page) => {
    await bars(page, 'postgresql-100');
    let longest = 0;
    for (const db of ['MySQL', 'MongoDB', 'PostgreSQL']) {
      const stop = await probeMainThread(page);
      await page.getByRole('combobox', { name: 'Database server' }).selectOption({ label: db });
      await bars(page, `${db.toLowerCase()}-100`);
      longest = Math.max(longest, ...(await stop()));
    }
    console.log(`database's chart: longest main-thread gap ${longest.toFixed(1)} ms`);
    return longest;
  }));
  assert.ok(runs.at(-1) < 50, `the main thread was held 50 ms or more in every run: ${runs.map((ms) => ms.toFixed(1)).join(', ')} ms`);
});
