// "A server under load": the load slider, the live charts, refusals, the
// sweep against the M/M/c curve, switching a server off.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SWEEP_GAP_MS, longestGapOfRuns, measureSweep, screenshot, sleep, start, withPage } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });


// The points of a chart's lines, by its title, as [[x, y], ...] per line.
const lines = (page, title) => page.locator('figure.chart', { hasText: title }).evaluate((figure) =>
  [...figure.querySelectorAll('polyline')].map((line) =>
    line.getAttribute('points').split(' ').filter(Boolean).map((pair) => pair.split(',').map(Number))));

// The chart's baseline (y of zero) is its lowest gridline.
const baseline = (page, title) => page.locator('figure.chart', { hasText: title }).evaluate((figure) =>
  Math.max(...[...figure.querySelectorAll('.grid line')].map((line) => Number(line.getAttribute('y1')))));

test('raising the load with the slider fills the queue, the charts move and refusals appear', async () => {
  await withPage(env, '/?lesson=server-under-load&lang=en&pause-at-steps=0', async (page) => {
    await page.getByRole('heading', { name: 'A server under load' }).waitFor();
    await page.getByRole('button', { name: 'Load balancer, 203.0.113.1' }).waitFor();
    await page.getByRole('slider', { name: 'Speed' }).fill('5');
    await sleep(1500);
    const before = (await lines(page, 'Answers per second'))[0];
    await sleep(1000);
    const later = (await lines(page, 'Answers per second'))[0];
    assert.ok(later.length > before.length, `the throughput line grows (${before.length} → ${later.length} points)`);

    await page.getByRole('slider', { name: 'Load', exact: true }).fill('1000');
    await page.getByText('1,000 requests/s').waitFor();
    await page.getByRole('slider', { name: 'Speed' }).fill('5');
    const zero = await baseline(page, 'SYNs dropped or refused per second');
    let refused = false;
    for (let i = 0; i < 60 && !refused; i += 1) {
      await sleep(250);
      const [line] = await lines(page, 'SYNs dropped or refused per second');
      refused = (line ?? []).some(([, y]) => y < zero - 1);
    }
    assert.ok(refused, 'the refusal chart leaves zero once the backlog is full');
    const [queue] = await lines(page, 'Requests waiting');
    assert.ok(queue.some(([, y]) => y < zero - 20), 'requests wait in the queue');
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Web server, 203.0.113.11' }).click();
    const details = page.locator('.details');
    await details.getByText('Refused connections').waitFor();
    assert.ok(Number((await details.locator('dd').last().textContent()).replace(/,/g, '')) > 0);
    await screenshot(page, 'load-refusals');
  });
});

test('the sweep draws simulated points on the M/M/c curve, measured off the main thread', async () => {
  const runs = await longestGapOfRuns(() => withPage(env, '/?lesson=server-under-load&lang=en&pause-at-steps=0', async (page) => {
    await page.getByRole('button', { name: 'Pause' }).click();
    const sweep = page.locator('.sweep');
    const longest = await measureSweep(page, sweep, 'Measure the curve');
    const [theory] = await sweep.locator('polyline').evaluateAll((all) => all.map((line) =>
      line.getAttribute('points').split(' ').map((pair) => pair.split(',').map(Number))));
    const dots = await sweep.locator('.dots circle').evaluateAll((all) => all.map((dot) =>
      [Number(dot.getAttribute('cx')), Number(dot.getAttribute('cy'))]));
    assert.equal(dots.length, 9, 'one point per offered load');
    for (const [x, y] of dots) {
      const nearest = theory.reduce((best, point) => (Math.abs(point[0] - x) < Math.abs(best[0] - x) ? point : best));
      assert.ok(Math.abs(nearest[1] - y) < 8, `point (${x}, ${y}) lies on the curve near (${nearest})`);
    }
    await sweep.getByText('M/M/c theory, c = 4').waitFor();
    await screenshot(page, 'load-sweep');
    console.log(`load sweep: longest main-thread gap ${longest.toFixed(1)} ms`);
    return longest;
  }), SWEEP_GAP_MS);
  assert.ok(runs.at(-1) < SWEEP_GAP_MS, `the main thread was held ${SWEEP_GAP_MS} ms or more in every run: ${runs.map((ms) => ms.toFixed(1)).join(', ')} ms`);
});

test('a server switched off mid-run is left out by the balancer, and the Spanish page says so', async () => {
  await withPage(env, '/?lesson=server-under-load&lang=es&pause-at-steps=0', async (page) => {
    await page.getByLabel('Servidores').selectOption({ label: '2' });
    await page.getByRole('button', { name: 'Servidor 2, 203.0.113.12' }).waitFor();
    await page.getByRole('slider', { name: 'Velocidad' }).fill('8');
    await sleep(800);
    await page.getByRole('button', { name: 'Apagar el servidor 1' }).click();
    await page.getByRole('button', { name: 'Volver a encender el servidor 1' }).waitFor();
    await sleep(2500);
    const [first, second] = await lines(page, 'Respuestas por segundo');
    const zero = await baseline(page, 'Respuestas por segundo');
    assert.ok(first.at(-1)[1] >= zero - 0.5, 'the switched-off server answers nothing');
    // While the first answers nothing, the second answers (the chart may
    // already show the quiet after the traffic stops, so look back).
    const carried = second.some(([, y], i) => first[i] && first[i][1] >= zero - 0.5 && i > first.length / 4 && y < zero - 5);
    assert.ok(carried, 'the other one carries the load');
    await screenshot(page, 'load-switch-off-es');
  });
});

test('nginx can stand in front of the servers, and the Italian page says how it finds a dead one', async () => {
  await withPage(env, '/?lesson=server-under-load&lang=it&pause-at-steps=0', async (page) => {
    await page.getByRole('combobox', { name: /^Server/ }).selectOption({ label: '2' });
    await page.getByLabel('Distribuzione del carico').selectOption({ label: 'nginx davanti (a turno)' });
    await page.getByRole('button', { name: 'nginx, 203.0.113.1' }).click();
    await page.locator('.details').getByText('max_fails=1, fail_timeout=10s', { exact: false }).waitFor();
    // The machine's four cores are its real limit, charted beside its workers.
    await page.locator('figure.chart', { hasText: 'Core occupati (su 4)' }).waitFor();
    await page.locator('figure.chart', { hasText: 'Worker occupati (su 256)' }).waitFor();
    await screenshot(page, 'load-nginx-it');
  });
});
