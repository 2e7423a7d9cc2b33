// Offline after the first visit: the service worker (assets/sw.js, written
// into dist/ by scripts/finish-dist.mjs) precaches the lab; with the
// network gone, a reload still plays the lesson, at the root and at a
// course's sub-path, in any of the three languages.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPage, screenshot, start, SUB_PATH, TEACHER_PAGE } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

/** The simulated clock moves: the lesson plays. */
async function plays(page) {
  const timer = page.getByRole('timer');
  await timer.waitFor({ timeout: 30_000 });
  const before = await timer.textContent();
  await page.waitForFunction((text) => document.querySelector('[role=timer]')?.textContent !== text,
    before, { timeout: 20_000 });
}

for (const where of ['/', SUB_PATH]) {
  test(`after one visit, the lab at ${where} plays offline`, async () => {
    const page = await openPage(env.browser, `${env.base}${where}?lang=es&pause-at-steps=0`);
    try {
      await page.getByRole('heading', { name: 'Qué pasa cuando abres una página web' }).waitFor();
      // clients.claim() in the worker's activate: the first visit's page
      // becomes controlled without a reload, once every file is cached.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
      const scope = await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.scope));
      assert.equal(scope, `${env.base}${where}`);

      env.down = true;
      await page.context().setOffline(true);
      await page.reload();
      await page.getByRole('heading', { name: 'Qué pasa cuando abres una página web' }).waitFor();
      await plays(page);
      // Another lesson and another language, still offline: every
      // language's messages were precached, not only the one in use.
      await page.goto(`${env.base}${where}?lesson=server-says-no&lang=it&pause-at-steps=0`);
      await page.getByRole('heading', { name: 'Il server dice di no' }).waitFor();
      await plays(page);
      await screenshot(page, `offline-${where === '/' ? 'root' : 'sub-path'}`);
      assert.deepEqual(page.problems, []);
    } finally {
      env.down = false;
      await page.context().close();
    }
  });
}

test('inside a teacher’s page on another site the lab starts, with or without a service worker', async () => {
  const context = await env.browser.newContext({ locale: 'es-ES' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  try {
    // The teacher's page on localhost, the lab on 127.0.0.1: another site,
    // so the lab is a third-party iframe, whose storage (and service
    // worker) the browser may partition or refuse.
    await page.goto(env.base.replace('127.0.0.1', 'localhost') + TEACHER_PAGE);
    await page.locator('iframe').evaluate((frame, src) => { frame.src = src; }, `${env.base}${SUB_PATH}?embed=1&lang=es`);
    const frame = page.frameLocator('iframe');
    await frame.getByRole('heading', { name: 'Qué pasa cuando abres una página web' }).waitFor();
    await frame.getByRole('button', { name: 'Reproducir' }).waitFor();
    const inner = page.frames().find((f) => f.url().startsWith(env.base));
    assert.ok(inner, 'the lab is framed from 127.0.0.1');
    // Whatever the browser allows here (Chromium partitions the worker by
    // the top-level site), asking for one did not break the page.
    const worker = await inner.evaluate(() => Promise.resolve(navigator.serviceWorker?.getRegistration())
      .then((registration) => (registration ? 'registered' : 'none'), (error) => `refused (${error.name})`));
    console.log(`service worker in a third-party iframe: ${worker}`);
    assert.deepEqual(errors, []);
    await screenshot(page, 'offline-third-party-iframe');
  } finally {
    await context.close();
  }
});

test('a page Trunk wrote minified (release builds) gets its loader moved and the policy all the same', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'cslab-dist-'));
  try {
    // As minify-html writes it: unquoted attribute values, no <head> tag.
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><html lang=en><meta charset=utf-8><title>Lab</title>'
      + '<script type=module>import init from \'./app-1.js\'; await init();</script></head><body></body></html>');
    execFileSync('node', [path.join(ROOT, 'scripts', 'finish-dist.mjs'), dist]);
    const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
    assert.match(html, /^<!doctype html><html lang=en><meta charset=utf-8>\s*<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    const loader = html.match(/<script type="module" src="\.\/(start-[0-9a-f]{16}\.js)"><\/script>/)[1];
    assert.match(fs.readFileSync(path.join(dist, loader), 'utf8'), /^import init from '\.\/app-1\.js'; await init\(\);/);
  } finally {
    fs.rmSync(dist, { recursive: true, force: true });
  }
});

test('the worker’s cache is named by a version that changes with any file it precaches', () => {
  // A dist/ as Trunk leaves it, in a scratch folder, finished twice.
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'cslab-dist-'));
  try {
    fs.mkdirSync(path.join(dist, 'locales', 'bench'), { recursive: true });
    fs.mkdirSync(path.join(dist, 'bench'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<html><head><meta charset="utf-8" />\n'
      + '<script type="module">import init from \'./app-1.js\'; await init();</script></head></html>');
    fs.writeFileSync(path.join(dist, 'app-1.js'), 'export default async () => {};');
    fs.writeFileSync(path.join(dist, 'locales', 'es.ftl'), 'hello = hola\n');
    fs.writeFileSync(path.join(dist, 'locales', 'bench', 'es.ftl'), 'bench = banco\n');
    fs.writeFileSync(path.join(dist, 'bench', 'big.wasm'), 'not for learners');
    const finish = () => {
      execFileSync('node', [path.join(ROOT, 'scripts', 'finish-dist.mjs'), dist]);
      const worker = fs.readFileSync(path.join(dist, 'sw.js'), 'utf8');
      return {
        version: worker.match(/const VERSION = '([0-9a-f]{16})'/)[1],
        files: JSON.parse(worker.match(/const FILES = (\[[^\]]*\])/)[1]),
      };
    };
    const first = finish();
    const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'wasm-unsafe-eval';/);
    const loader = html.match(/<script type="module" src="\.\/(start-[0-9a-f]{16}\.js)"><\/script>/)[1];
    assert.match(fs.readFileSync(path.join(dist, loader), 'utf8'), /await init\(\);[\s\S]*serviceWorker\?\.register\('\.\/sw\.js', \{ scope: '\.\/' \}\)/);
    assert.deepEqual(first.files, ['./', 'app-1.js', 'index.html', 'locales/es.ftl', loader]);

    // A new translation, same hashed files: a new version all the same.
    fs.writeFileSync(path.join(dist, 'locales', 'es.ftl'), 'hello = ¡hola!\n');
    fs.writeFileSync(path.join(dist, 'index.html'), html.replace(/<script type="module" src="[^"]*"><\/script>/,
      '<script type="module">import init from \'./app-1.js\'; await init();</script>').replace(/<meta http-equiv[^>]*>\n\s*/, ''));
    const second = finish();
    assert.notEqual(second.version, first.version);
    assert.deepEqual(second.files, first.files);
  } finally {
    fs.rmSync(dist, { recursive: true, force: true });
  }
});
