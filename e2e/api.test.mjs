// "One API, three styles" in the three languages: REST's dialogue told step
// by step to the 201 with its Location, the three styles side by side in the
// table (2, 1 and 1 round trips for the same question); the inspector shows
// GraphQL's JSON query and SOAP's XML envelope as sent; a bad style gets the
// translated notice; switching styles never holds the main thread 50 ms.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { longestGapOfRuns, probeMainThread, screenshot, start, stepUntil, withPage } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const LANGS = {
  en: { title: 'One API, three styles', next: 'Next step', created: 'Location header', style: 'Style of the API' },
  es: { title: 'Una API, tres estilos', next: 'Siguiente paso', created: 'cabecera Location', style: 'Estilo de la API' },
  it: { title: 'Una API, tre stili', next: 'Passo successivo', created: 'intestazione Location', style: 'Stile dell’API' },
};

/** The comparison table's rows: style, round trips, bytes. */
async function comparison(page) {
  const rows = page.locator('.compare-table tbody tr');
  await rows.first().waitFor();
  return rows.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
}

for (const [lang, words] of Object.entries(LANGS)) {
  test(`${lang}: REST creates a course, and the table sets the three styles side by side`, async () => {
    await withPage(env, `/?lesson=api&lang=${lang}`, async (page) => {
      await page.getByRole('heading', { name: words.title, exact: true }).first().waitFor();
      const told = await stepUntil(page, words.next, words.created);
      assert.ok(told.includes('201 Created') && told.includes('/courses/3/'), told);
      const rows = await comparison(page);
      assert.deepEqual(rows.map((row) => [row[0], row[1]]),
        [['REST (JSON)', '2'], ['GraphQL (JSON)', '1'], ['SOAP (XML)', '1']]);
      // Bytes as the native tests count them: REST 608, GraphQL 381.
      assert.deepEqual(rows.slice(0, 2).map((row) => row[2]), ['608', '381']);
      await page.locator('.chart.bars').waitFor();
      await screenshot(page, `api-${lang}`);
    });
  });
}

test('GraphQL: the inspector shows the query as JSON, and a missing course is null', async () => {
  await withPage(env, '/?lesson=api&style=graphql', async (page) => {
    // At the data, one POST has crossed: the question's.
    const told = await stepUntil(page, 'Next step', 'One round trip where REST took two');
    assert.ok(told.includes('{"data":'), told);
    await page.getByRole('button', { name: 'Pause' }).click().catch(() => {});
    await page.locator('.event-row', { hasText: 'POST /graphql' }).first().click();
    const http = page.locator('.inspector .layer', { hasText: '"query"' });
    await http.waitFor();
    assert.match(await http.innerText(), /\{"query":"\{course\(id:1\)\{title students\{name\}\}\}"\}/);
    await screenshot(page, 'api-graphql-inspector');
    const missing = await stepUntil(page, 'Next step', 'null');
    assert.ok(missing.includes('200 OK'), missing);
  });
});

test('SOAP: an XML envelope with its SOAPAction, and a Fault for a missing course', async () => {
  await withPage(env, '/?lesson=api&style=soap&lang=it', async (page) => {
    const told = await stepUntil(page, 'Passo successivo', 'soap:Client');
    assert.ok(told.includes('500 Internal Server Error'), told);
    await page.getByRole('button', { name: 'Pausa' }).click().catch(() => {});
    await page.locator('.event-row', { hasText: 'POST /soap' }).first().click();
    const http = page.locator('.inspector .layer', { hasText: 'SOAPAction' });
    await http.waitFor();
    const text = await http.innerText();
    assert.match(text, /SOAPAction: "http:\/\/api\.example\/courses\/GetCourse"/);
    assert.match(text, /<soap:Envelope xmlns:soap="http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\/">/);
    await screenshot(page, 'api-soap-inspector');
  });
});

test('a bad style gets the translated notice', async () => {
  await withPage(env, '/?lesson=api&style=xml&lang=es', async (page) => {
    await page.getByText(/Se ha ignorado «style=xml».*rest, graphql, soap/).waitFor();
  });
});

test('choosing another style never holds the main thread 50 ms', async () => {
  const runs = await longestGapOfRuns(() => withPage(env, '/?lesson=api', async (page) => {
    await comparison(page);
    const stop = await probeMainThread(page);
    await page.getByLabel('Style of the API').selectOption({ index: 2 });
    // The run stops at its question before the first request: skipped.
    await page.locator('.question-skip').click();
    await page.locator('.event-row', { hasText: 'POST /soap' }).first().waitFor();
    await page.waitForTimeout(300);
    const gaps = await stop();
    const longest = Math.max(...gaps);
    console.log(`api: longest main-thread gap while switching style ${longest.toFixed(1)} ms`);
    return longest;
  }));
  assert.ok(runs.at(-1) < 50, `held 50 ms or more in every run: ${runs.map((ms) => ms.toFixed(1)).join(', ')} ms`);
});
