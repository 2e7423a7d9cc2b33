// The sandbox run's charts (issue 18: "the same ... charts as the
// lessons"): under the run's controls, the bytes each client has received
// and the load on the busiest links, growing as the run plays; each saves
// its numbers as CSV; they fit a laptop and a course page's iframe, in
// English and Spanish, and axe finds nothing in them.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { screenshot, start, withPage } from './harness.mjs';
import { layoutProblems } from './fit.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const AXE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../node_modules/axe-core/axe.min.js');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Points of each line of a chart, as drawn (SVG units). */
const plotted = (figure) => figure.locator('svg > polyline').evaluateAll((lines) =>
  lines.map((line) => line.getAttribute('points').split(' ').map((pair) => pair.split(',').map(Number))));

/** The chart's CSV, as rows of cells (the chart writes no quotes here). */
async function csvOf(page, figure) {
  const [file] = await Promise.all([page.waitForEvent('download'), figure.getByRole('button', { name: 'CSV', exact: true }).click()]);
  const text = fs.readFileSync(await file.path(), 'utf8');
  assert.ok(text.endsWith('\r\n'), 'CRLF line ends');
  return { name: file.suggestedFilename(), rows: text.trimEnd().split('\r\n').map((row) => row.split(',')) };
}

/** Opens the sandbox's example network and runs it. */
async function run(page, runLabel) {
  await page.locator('.sandbox-stage svg').waitFor();
  await page.getByRole('button', { name: runLabel, exact: true }).click();
  await page.locator('.controls').waitFor();
}

/** Waits until the clock stands still: the run has ended. */
async function toTheEnd(page) {
  const clock = page.locator('.controls .clock');
  for (let was = ''; ;) {
    const now = await clock.textContent();
    if (now === was) return now;
    was = now;
    await sleep(1500);
  }
}

test('the charts grow as the run plays, and save what they show', async () => {
  await withPage(env, '/?lesson=sandbox&lang=en', async (page) => {
    await run(page, 'Run');
    const charts = page.locator('section.sandbox-charts');
    await charts.getByRole('heading', { name: 'What your network did' }).waitFor();
    const received = charts.locator('figure.chart', { hasText: 'Received by each client (kB)' });
    // The example's one browser, its line growing with the clock.
    assert.deepEqual(await received.locator('.chart-legend li').allTextContents(), ['Browser 1']);
    await page.waitForFunction(() => document.querySelector('.sandbox-charts polyline')?.getAttribute('points').split(' ').length >= 5);
    const early = (await plotted(received))[0].length;
    await sleep(1500);
    const later = (await plotted(received))[0].length;
    assert.ok(later > early, `the line grows as the run plays (${early} points, then ${later})`);
    // At the fastest speed to the end.
    await page.getByRole('slider', { name: 'Speed' }).fill('5');
    await toTheEnd(page);
    await charts.scrollIntoViewIfNeeded();
    await screenshot(page, 'sandbox-charts-en');

    // Bytes received: from zero, a row a window, never falling, a row for
    // each point drawn.
    const { name, rows: [header, ...rows] } = await csvOf(page, received);
    assert.equal(name, 'Received-by-each-client-kB.csv');
    assert.deepEqual(header, ['Time (s)', 'Browser 1']);
    const [line] = await plotted(received);
    assert.equal(rows.length, line.length, 'a row for each point drawn');
    // The page loads in under a second: windows of 10 ms, up to its last
    // packet (the clock goes on to 5 s, where a time-out fires silently).
    const [, ms] = (await charts.locator('.hint').first().textContent()).match(/^A point every (\d+) ms: /);
    assert.equal(ms, '10');
    const kb = rows.map(([t, y]) => [Number(t), Number(y)]);
    assert.deepEqual(kb[0], [0, 0]);
    kb.forEach(([t], k) => assert.ok(Math.abs(t - k * 0.01) < 1e-9, `row ${k} at ${t} s`));
    kb.slice(1).forEach(([, y], k) => assert.ok(y >= kb[k][1], `bytes only add up (${kb[k][1]} then ${y})`));
    const total = kb.at(-1)[1];
    assert.ok(kb.at(-1)[0] < 1, `the chart ends with the run's last packet, at ${kb.at(-1)[0]} s`);
    // The lesson's page: its HTML and the ten files it links, some kB.
    assert.ok(total > 10 && total < 1000, `${total} kB received`);

    // The busiest links: three charts, a line each way, each up to its
    // bandwidth (the axis's top, named in the title).
    const links = charts.locator('figure.chart', { hasText: 'Mbit/s in use' });
    assert.equal(await links.count(), 3);
    for (let i = 0; i < 3; i += 1) {
      const figure = links.nth(i);
      const title = await figure.locator('figcaption').textContent();
      const [, a, b, of] = title.match(/^(.+) – (.+): Mbit\/s in use \(of ([\d,]+)\)$/);
      assert.deepEqual(await figure.locator('.chart-legend li').allTextContents(), [`${a} → ${b}`, `${b} → ${a}`]);
      assert.equal(await figure.locator('.grid text').last().textContent(), of, `${title}: the axis ends at the bandwidth`);
      const { rows: [head, ...loads] } = await csvOf(page, figure);
      assert.deepEqual(head, ['Time (s)', `${a} → ${b}`, `${b} → ${a}`]);
      const values = loads.flatMap(([, there, back]) => [Number(there), Number(back)]);
      const bandwidth = Number(of.replaceAll(',', ''));
      assert.ok(values.every((mbps) => mbps >= 0 && mbps <= bandwidth + 1e-9), `${title}: within the bandwidth`);
      assert.ok(values.some((mbps) => mbps > 0), `${title}: it carried something`);
    }
  });
});

test('in Spanish, and fitting a laptop and a course page’s iframe', async () => {
  for (const [viewport, embed] of [[{ width: 1280, height: 800 }, ''], [{ width: 900, height: 560 }, '&embed=1']]) {
    await withPage(env, `/?lesson=sandbox&lang=es${embed}`, async (page) => {
      await run(page, 'Ejecutar');
      const charts = page.locator('section.sandbox-charts');
      await charts.getByRole('heading', { name: 'Lo que hizo tu red' }).waitFor();
      const received = charts.locator('figure.chart', { hasText: 'Recibido por cada cliente (kB)' });
      await page.getByRole('slider', { name: 'Velocidad' }).fill('5');
      await toTheEnd(page);
      const { rows: [header, ...rows] } = await csvOf(page, received);
      assert.deepEqual(header, ['Tiempo (s)', 'Browser 1']);
      for (const row of rows) for (const cell of row) assert.match(cell, /^\d+(\.\d+)?(e-?\d+)?$/, 'numbers with a decimal point');
      assert.equal(await charts.locator('figure.chart', { hasText: 'Mbit/s en uso' }).count(), 3);
      assert.match(await received.locator('.x-tick.end').textContent(), /^0,\d\d$/, 'the axis ends with the last window, in Spanish');
      assert.match(await charts.locator('.hint').first().textContent(), /^Un punto cada 10 ms: /);
      // Scrolled to, the charts fit as the rest of the page does. The stage
      // is not theirs: it draws the example's "Authoritative DNS server 1"
      // past its drawing's edge, with the charts or without them.
      await charts.scrollIntoViewIfNeeded();
      const problems = (await page.evaluate(layoutProblems)).filter((problem) => !problem.startsWith('stage:'));
      assert.deepEqual(problems, [], problems.join('\n'));
      await screenshot(page, `sandbox-charts-es-${viewport.width}`);
      // axe's WCAG 2.1 A and AA rules on the charts (as e2e/a11y.test.mjs
      // runs them on the lessons).
      await page.addScriptTag({ path: AXE });
      const found = await page.evaluate(async () => {
        const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
        const results = await window.axe.run(document.querySelector('section.sandbox-charts'), { runOnly: { type: 'tag', values: tags } });
        return results.violations.flatMap((rule) => rule.nodes.map((node) => `${rule.id}: ${node.target.join(' ')}`));
      });
      assert.deepEqual(found, [], 'axe (WCAG 2.1 AA) on the charts');
    }, { viewport, bypassCSP: true });
  }
});
