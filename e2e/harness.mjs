// What every browser test needs: the built dist/ served on loopback (at the
// root and at a course sub-path, with a teacher's page that embeds it in an
// iframe, and the course page of examples/ beside it), a headless Chromium,
// and pages that record console errors.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
export const ARTIFACTS = path.join(ROOT, 'e2e', 'artifacts');

/** Where the app is mounted besides `/`, as a course site would host it. */
export const SUB_PATH = '/courses/networking/lab/';
/** A teacher's page that embeds the app, in Spanish, in an iframe. */
export const TEACHER_PAGE = '/courses/networking/unit-1.html';
/** The README's example course page (examples/), next to the lab's folder. */
export const COURSE_PAGE = '/courses/networking/course-page.html';
const EXAMPLES = path.join(ROOT, 'examples');
const TEACHER_HTML = `<!DOCTYPE html><html lang="es"><head><meta charset="utf-8"><title>Unidad 1</title><link rel="icon" href="data:,"></head>
<body style="font-family:sans-serif;margin:24px"><h1>Unidad 1: clientes y servidores</h1>
<iframe title="Client-Server Lab" src="lab/?embed=1&amp;lang=es" width="900" height="560" style="border:1px solid #ccc"></iframe>
</body></html>`;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.ftl': 'text/plain; charset=utf-8',
};

function handle(request, response) {
  const { pathname } = new URL(request.url, 'http://localhost');
  if (pathname === TEACHER_PAGE) {
    response.writeHead(200, { 'content-type': TYPES['.html'] });
    return response.end(TEACHER_HTML);
  }
  const courseDir = path.posix.dirname(COURSE_PAGE) + '/';
  if (pathname.startsWith(courseDir) && !pathname.startsWith(SUB_PATH)) {
    return serveFile(response, EXAMPLES, decodeURIComponent(pathname.slice(courseDir.length)));
  }
  const prefix = pathname.startsWith(SUB_PATH) ? SUB_PATH : '/';
  let relative = decodeURIComponent(pathname.slice(prefix.length));
  if (relative === '' || relative.endsWith('/')) relative += 'index.html';
  serveFile(response, DIST, relative);
}

/** Serves `relative` from the folder `root`, or 404 outside it. */
function serveFile(response, root, relative) {
  const file = path.join(root, relative);
  if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    response.writeHead(404);
    return response.end('not found');
  }
  response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(response);
}

/** Starts the server and the browser; returns what the tests use. */
export async function start() {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    throw new Error('dist/ is not built: run `trunk build --release` first (make test does)');
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // `env.down = true` makes the server hang up on every request, as a
  // network that is gone would (e2e/offline.test.mjs).
  const server = http.createServer((request, response) => (env.down ? request.socket.destroy() : handle(request, response)));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    // This network reaches nothing outside: keep Chromium from trying.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const env = {
    base,
    browser,
    down: false,
    async stop() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return env;
}

/**
 * A new page (own context, so language and storage start fresh) that records
 * console errors and uncaught exceptions in `page.problems`.
 */
export async function openPage(browser, url, { locale = 'en-US', viewport = { width: 1280, height: 800 }, ...options } = {}) {
  const context = await browser.newContext({ locale, viewport, ...options });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') page.problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => page.problems.push(`exception: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) page.problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.goto(url);
  return page;
}

/**
 * Opens `path`, runs `check(page)`, then fails on any console error;
 * returns what `check` returned.
 */
export async function withPage(env, path, check, options) {
  const page = await openPage(env.browser, env.base + path, options);
  try {
    const result = await check(page);
    if (page.problems.length) throw new Error(`console errors or uncaught exceptions: ${page.problems.join('; ')}`);
    return result;
  } finally {
    await page.context().close();
  }
}

export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/**
 * Starts a probe of the page's main thread: a chain of zero-delay timers,
 * each noting the gap since the last, so a task that holds the thread for
 * 50 ms shows as a gap that long (Chromium's long-task observer reports
 * nothing in this headless browser). Returns `stop()`, which ends the probe
 * and resolves to the gaps seen, in milliseconds.
 */
export async function probeMainThread(page) {
  await page.evaluate(() => {
    const probe = { gaps: [], stopped: false };
    window.probe = probe;
    let last = performance.now();
    const tick = () => {
      const now = performance.now();
      probe.gaps.push(now - last);
      last = now;
      if (!probe.stopped) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
  });
  return () => page.evaluate(() => { window.probe.stopped = true; return window.probe.gaps; });
}

/** The longest main-thread gap a sweep or a big run may cause (issue 19). */
export const SWEEP_GAP_MS = 16;

/**
 * Waits until the element `selector` says `text`, looking four times a
 * second with one `querySelector`. While a probe runs, a locator's
 * `waitFor` would not do: Playwright runs its selector engine in the page
 * on every animation frame (roles, accessible names, the text of the whole
 * page), and on the 2-core machine that alone held the page's thread for
 * 9-10 ms at a time (a Chromium trace of the 10,000-peer run).
 */
export async function waitForText(page, selector, text, timeoutMs) {
  const until = Date.now() + timeoutMs;
  const says = () => page.evaluate(([selector, text]) =>
    document.querySelector(selector)?.textContent.includes(text), [selector, text]);
  while (!(await says())) {
    if (Date.now() > until) throw new Error(`${selector} did not say "${text}" within ${timeoutMs} ms`);
    await sleep(250);
  }
}

/**
 * Runs the sweep in `scope` by its button `run` and waits until the page's
 * workers have answered every point (its controls go away); fails if it
 * stopped with an error. Returns the longest main-thread gap meanwhile.
 *
 * The button is clicked from inside the page, which runs its handler as a
 * mouse's click does, but without the browser's own input handling: on the
 * 2-core machine a mouse click on a heading that has no handler at all
 * shows the probe a 13-17 ms gap (hit testing, pointer events, and timers
 * held back until the next frame), which is not the lab's.
 */
export async function measureSweep(page, scope, run) {
  const button = scope.getByRole('button', { name: run });
  // Playwright sets up its own script in the page (8 ms) the first time it
  // evaluates there: before the probe, not in the middle of it.
  await button.evaluate(() => {});
  const stop = await probeMainThread(page);
  await button.evaluate((element) => element.click());
  const failure = scope.locator('.sweep-failure');
  await Promise.race([
    scope.locator('.sweep-controls').waitFor({ state: 'detached', timeout: 120_000 }),
    failure.waitFor({ timeout: 120_000 }),
  ]);
  assert.equal(await failure.count(), 0, `the sweep failed: ${await failure.allTextContents()}`);
  return Math.max(...(await stop()));
}

/**
 * Runs `attempt()` (which returns the longest main-thread gap it saw, in ms)
 * until one run stays under `limitMs`, at most `tries` times, and returns
 * every run's figure. A task of ours that long would show in every run; a
 * run slowed by another process on a busy machine does not repeat, so a
 * second look tells them apart.
 */
export async function longestGapOfRuns(attempt, limitMs = 50, tries = 3) {
  const seen = [];
  while (seen.length < tries) {
    seen.push(await attempt());
    if (seen.at(-1) < limitMs) break;
  }
  return seen;
}

/** Skips the predict-then-observe question if one waits: for the tests
 * that step through a lesson to look at something else (the questions'
 * own tests answer them). */
export async function skipQuestion(scope) {
  const skip = scope.locator('.question-skip');
  if (await skip.isVisible()) await skip.click();
}

/** Plays step after step until the caption holds `words` (or gives up);
 * a predict-then-observe question on the way is skipped (its own tests
 * answer it). */
export async function stepUntil(page, next, words, most = 14) {
  const caption = page.locator('.step-caption');
  const skip = page.locator('.question-skip');
  const nextStep = page.getByRole('button', { name: next, exact: true });
  // The question may come up a frame after its step (and hide Next step).
  const press = async () => {
    for (let tries = 0; tries < 15; tries += 1) {
      if (await skip.isVisible()) return skip.click();
      try { return await nextStep.click({ timeout: 2_000 }); } catch { /* look for a question again */ }
    }
    throw new Error(`neither ${next} nor a question to skip`);
  };
  let told = await caption.textContent();
  for (let i = 0; i < most && !told.includes(words); i += 1) {
    const before = told;
    await press();
    await page.waitForFunction((text) => document.querySelector('.step-caption')?.textContent !== text,
      before, { timeout: 30_000 });
    told = await caption.textContent();
  }
  return told;
}

/** Presses N with nothing focused: the next step, as a learner would (in
 * a frame, the frame takes the keys first). */
async function pressNextStep(scope) {
  await scope.locator('body').evaluate(() => { window.focus(); document.activeElement?.blur(); });
  await scope.locator('body').press('n');
  await new Promise((resolve) => setTimeout(resolve, 150));
}

/** One browser and server for a test file's tests (started before them,
 * stopped after); its `withPage(path, check, options)`. */
export function pagesOfOneBrowser() {
  let env;
  before(async () => { env = await start(); });
  after(async () => { await env?.stop(); });
  return (path, check, options) => withPage(env, path, check, options);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The playback clock's text in `scope` (a page or a frame). */
export const clock = (scope) => scope.locator('.clock .time').textContent();

/** The run stands still (a question waits): its clock reads the same
 * 400 ms later. */
export async function assertHeld(scope) {
  const at = await clock(scope);
  await sleep(400);
  assert.equal(await clock(scope), at, 'the clock stands still while the question waits');
  return at;
}

/**
 * Plays the lesson in `scope` (a page or a frame) step after step, at the
 * speed slider's fastest stop (the run still stops at each step), until a
 * predict-then-observe question waits; returns its choices' group.
 */
export async function toTheQuestion(scope) {
  const choices = scope.locator('.question-choices');
  await scope.locator('.step-caption').waitFor();
  await scope.locator('.speed input[type=range]').evaluate((slider) => {
    slider.value = slider.max;
    slider.dispatchEvent(new Event('input', { bubbles: true }));
  });
  for (let i = 0; i < 40 && !(await choices.isVisible()); i += 1) await pressNextStep(scope);
  await choices.waitFor({ timeout: 10_000 });
  return choices;
}

/** Plays on step after step until the caption compares the learner's
 * prediction with the run's answer; the comparison's text. The next step
 * is asked for only where the run waits at one: pressed at the run's end,
 * N would play it again from the start (a run may end where its answer
 * shows, as the gossip's does). */
export async function toTheResult(scope) {
  const result = scope.locator('.question-result');
  const waiting = scope.locator('.step-caption.waiting');
  for (let i = 0; i < 200 && !(await result.count()); i += 1) {
    if (await waiting.count()) await pressNextStep(scope);
    else await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return result.textContent();
}
