// Every chart saves its numbers as CSV and its picture as PNG (the two
// buttons src/ui/chart.rs puts under each). For a live line chart, a bar
// chart and a sweep: the CSV holds the points the chart plots (read back
// from the SVG on screen), the PNG is twice the chart's size and shows it.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, measureSweep, screenshot, sleep, start, withPage } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });


async function download(page, figure, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), figure.getByRole('button', { name: button, exact: true }).click()]);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(await file.path()) };
}

/** RFC 4180 rows: fields split at commas, a quoted field's "" read as ". */
function parseCsv(text) {
  assert.ok(text.endsWith('\r\n'), 'CRLF line ends');
  const rows = [[]];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 1; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { rows.at(-1).push(cell); cell = ''; } else if (c === '\r' && text[i + 1] === '\n') {
      rows.at(-1).push(cell); cell = ''; rows.push([]); i += 1;
    } else cell += c;
  }
  rows.pop();
  return rows;
}

/**
 * Checks that the values map onto the plotted pixels by one straight
 * scale per axis (the chart's own): fitted on two points, it must place
 * every other point within the SVG's 0.1 px rounding.
 */
function assertSameScale(values, pixels, what) {
  assert.equal(values.length, pixels.length, `${what}: as many points in the CSV as on the chart`);
  // Fitted on the two ends, so the pixels' rounding is not magnified.
  const i = values.indexOf(Math.min(...values));
  const j = values.indexOf(Math.max(...values));
  assert.ok(values[j] > values[i], `${what}: the points differ`);
  const slope = (pixels[j] - pixels[i]) / (values[j] - values[i]);
  values.forEach((value, k) => {
    const expected = pixels[i] + (value - values[i]) * slope;
    assert.ok(Math.abs(expected - pixels[k]) < 0.15, `${what}: ${value} plotted at ${pixels[k]}, not ${expected.toFixed(2)}`);
  });
}

/** A line chart's series from its SVG, in pixels, in the legend's order. */
const plotted = (figure) => figure.locator('svg > polyline, svg > g.dots').evaluateAll((all) => all.map((element) =>
  (element.tagName === 'polyline'
    ? element.getAttribute('points').split(' ').map((pair) => pair.split(',').map(Number))
    : [...element.querySelectorAll('circle')].map((dot) => [Number(dot.getAttribute('cx')), Number(dot.getAttribute('cy'))]))));

async function checkLineCsv(page, figure, xLabel) {
  const { name, bytes } = await download(page, figure, 'CSV');
  assert.match(name, /^[\p{L}\p{N}-]+\.csv$/u);
  const [header, ...rows] = parseCsv(bytes.toString('utf8'));
  const legend = await figure.locator('.chart-legend li').allTextContents();
  assert.deepEqual(header, [xLabel, ...legend]);
  const series = await plotted(figure);
  assert.equal(series.length, legend.length);
  const xs = []; const ys = []; const pxs = []; const pys = [];
  series.forEach((points, s) => {
    for (const row of rows) assert.equal(row.length, legend.length + 1, 'a cell for every column');
    const fromCsv = rows.filter((row) => row[s + 1] !== '').map((row) => [Number(row[0]), Number(row[s + 1])]);
    const byX = [...points].sort((a, b) => a[0] - b[0]);
    assert.equal(fromCsv.length, byX.length, `${legend[s]}: as many rows as points`);
    fromCsv.forEach(([x, y], k) => { xs.push(x); ys.push(y); pxs.push(byX[k][0]); pys.push(byX[k][1]); });
  });
  for (const row of rows) for (const cell of row) assert.match(cell, /^(-?\d+(\.\d+)?(e-?\d+)?)?$/, 'numbers with a decimal point');
  assertSameScale(xs, pxs, `${name} x`);
  assertSameScale(ys, pys, `${name} y`);
  return rows.length;
}

/** The PNG: its size, and its pixels (decoded in a page of its own). */
async function checkPng(page, figure, colour) {
  const { name, bytes } = await download(page, figure, 'PNG');
  assert.match(name, /^[\p{L}\p{N}-]+\.png$/u);
  fs.writeFileSync(path.join(ARTIFACTS, `chart-export-${name}`), bytes);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG signature');
  const [width, height] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
  const box = await figure.locator('svg').first().boundingBox();
  // Twice the chart on screen, with a margin of 8 px (chart_export.js).
  assert.equal(width, Math.round((box.width + 16) * 2), 'twice the chart’s width on screen');
  assert.ok(height >= Math.round((box.height + 16) * 2), `at least twice its height (${height} for ${box.height})`);
  const blank = await page.context().newPage();
  try {
    const seen = await blank.evaluate(async ({ png, colour }) => {
      const bitmap = await createImageBitmap(new Blob([new Uint8Array(png)], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d');
      context.drawImage(bitmap, 0, 0);
      const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
      const target = colour.match(/\w\w/g).map((hex) => parseInt(hex, 16));
      let ink = 0; let matching = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240) ink += 1;
        if (Math.abs(data[i] - target[0]) + Math.abs(data[i + 1] - target[1]) + Math.abs(data[i + 2] - target[2]) < 30) matching += 1;
      }
      return { ink: ink / (data.length / 4), matching };
    }, { png: [...bytes], colour });
    assert.ok(seen.ink > 0.01, `${name}: ${(seen.ink * 100).toFixed(2)} % of the pixels are drawn`);
    assert.ok(seen.matching > 20, `${name}: ${seen.matching} pixels in the first series’ colour ${colour}`);
  } finally {
    await blank.close();
  }
}

test('a live line chart: its CSV is what it plots, its PNG shows it', async () => {
  await withPage(env, '/?lesson=server-under-load&lang=en&pause-at-steps=0', async (page) => {
    const figure = page.locator('figure.chart', { hasText: 'Answers per second' });
    await figure.waitFor({ timeout: 30_000 });
    await sleep(3000);
    await page.getByRole('button', { name: 'Pause' }).click();
    assert.ok(await checkLineCsv(page, figure, 'Time (s)') >= 3, 'a few seconds of samples');
    await checkPng(page, figure, '2f6fed');
    await screenshot(page, 'chart-export-en');
  });
});

test('the sweep: its CSV holds the theory and the measured points, in Spanish with decimal points', async () => {
  await withPage(env, '/?lesson=server-under-load&lang=es&pause-at-steps=0', async (page) => {
    await page.getByRole('button', { name: 'Pausa' }).click();
    await measureSweep(page, page.locator('.sweep'), 'Medir la curva');
    const figure = page.locator('.sweep figure.chart');
    const x = await figure.locator('.x-label').textContent();
    assert.ok(await checkLineCsv(page, figure, x) >= 9, 'the curve and the nine loads');
    const theory = await figure.locator('polyline').getAttribute('stroke');
    await checkPng(page, figure, theory.slice(1));
    await figure.scrollIntoViewIfNeeded();
    await screenshot(page, 'chart-export-sweep-es');
  });
});

test('a bar chart: its CSV is a row per bar with the value drawn', async () => {
  await withPage(env, '/?lesson=api&lang=it&pause-at-steps=0', async (page) => {
    const figure = page.locator('figure.chart.bars');
    await figure.waitFor({ timeout: 30_000 });
    const title = await figure.locator('figcaption').textContent();
    const { bytes } = await download(page, figure, 'CSV');
    const [header, ...rows] = parseCsv(bytes.toString('utf8'));
    assert.deepEqual(header, ['', title]);
    const bars = await figure.locator('.bar').evaluateAll((all) => all.map((bar) => ({
      label: bar.querySelector('.bar-label').textContent,
      width: Number(bar.querySelector('rect').getAttribute('width')),
    })));
    assert.deepEqual(rows.map((row) => row[0]), bars.map((bar) => bar.label));
    assertSameScale([0, ...rows.map((row) => Number(row[1]))], [0, ...bars.map((bar) => bar.width)], 'bars');
    const colour = await figure.locator('.bar rect').first().getAttribute('fill');
    await checkPng(page, figure, colour.slice(1));
  });
});
