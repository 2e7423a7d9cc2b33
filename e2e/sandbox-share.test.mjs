// The sandbox's file bar (src/ui/sandbox/file_bar.rs): Save downloads the
// network as JSON that cslab-cli reads as the example it came from; Open
// puts a file on the stage, with a way back; a file that does not fit is
// refused with the message cslab-cli prints for it (in Spanish too) and
// the network stays; Share gives an address that opens the same network in
// a fresh browser; a damaged #net= is refused and the learner's network
// kept; PNG and SVG exports are pictures of the stage.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARTIFACTS, openPage, screenshot, start, withPage } from './harness.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const EXAMPLES = path.join(ROOT, 'examples', 'sandbox');
const example = (name) => fs.readFileSync(path.join(EXAMPLES, name), 'utf8');
const names = (json) => JSON.parse(json).machines.map((m) => m.name);
const WEB = example('web-page.json');
const MAIL = example('mail.json');

let env;
let tmp;
before(async () => {
  env = await start();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-share-'));
});
after(async () => { await env?.stop(); });

/** `cslab-cli sandbox FILE --until-s 3`: its transcript without the file's
 * name, or (exit status 2) the message it refuses the file with. */
function cli(file) {
  const run = spawnSync('cargo', ['run', '--quiet', '--locked', '--bin', 'cslab-cli', '--', 'sandbox', file,
    '--until-s', '3'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status === 2) return { refused: run.stderr.trim().replace(/^cslab-cli: /, '') };
  assert.equal(run.status, 0, run.stderr);
  const { sandbox, ...out } = JSON.parse(run.stdout);
  return { out };
}

const open = (url, options) => openPage(env.browser, env.base + url, options);
const bar = (page) => page.locator('.sandbox-file-bar');

/** The machines' names on the stage, in its order. */
const onStage = (page) => page.locator('.sandbox-stage .node text.name').allTextContents();

async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), bar(page).getByRole('button', { name: button, exact: true }).click()]);
  const saved = path.join(tmp, file.suggestedFilename());
  await file.saveAs(saved);
  return { name: file.suggestedFilename(), file: saved, bytes: fs.readFileSync(saved) };
}

/** Chooses a file through the Open button, as a learner does. */
async function openFile(page, name, contents, button = 'Open…') {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), bar(page).getByRole('button', { name: button }).click()]);
  await chooser.setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(contents) });
}

async function ready(page) {
  await page.locator('.sandbox-file-bar').waitFor();
  await page.locator('.sandbox-stage .node').first().waitFor();
}

test('Save downloads the network as a file cslab-cli reads as the example it came from', async () => {
  await withPage(env, '/?lesson=sandbox', async (page) => {
    await ready(page);
    assert.deepEqual(await onStage(page), names(WEB));
    const saved = await download(page, 'Save');
    assert.equal(saved.name, 'network.json');
    assert.deepEqual(JSON.parse(saved.bytes.toString('utf8')), JSON.parse(WEB));
    const written = path.join(tmp, 'web-page.json');
    fs.writeFileSync(written, WEB);
    assert.deepEqual(cli(saved.file), cli(written), 'the same transcript from the saved file');
    await screenshot(page, 'sandbox-share-bar');
  });
});

test('Open puts a file on the stage, and the button goes back to the network before it', async () => {
  await withPage(env, '/?lesson=sandbox', async (page) => {
    await ready(page);
    await openFile(page, 'mail.json', MAIL);
    const notice = page.locator('.sandbox-opened');
    await notice.waitFor();
    assert.equal(await notice.locator('p').textContent(), 'Opened “mail.json” (machines: 11, links: 10).');
    assert.deepEqual(await onStage(page), names(MAIL));
    await screenshot(page, 'sandbox-share-opened');
    // What is opened is kept: a reload shows it.
    await page.reload();
    await ready(page);
    assert.deepEqual(await onStage(page), names(MAIL));
    await openFile(page, 'network.json', WEB);
    await page.getByRole('button', { name: 'Back to the network you had' }).click();
    assert.deepEqual(await onStage(page), names(MAIL));
    assert.equal(await notice.count(), 0);
  });
});

/** The example changed by `change`, as a file. */
function changed(change) {
  const file = JSON.parse(WEB);
  change(file);
  return JSON.stringify(file, null, 2);
}

const BAD_FILES = {
  'wrong-version.json': changed((f) => { f.version = 2; }),
  'unknown-kind.json': changed((f) => { f.machines[3].kind = 'mainframe'; }),
  'missing-machine.json': changed((f) => { f.links[2].b = 99; }),
  'out-of-range.json': changed((f) => { f.links[0].delay_ms = 5000; }),
  'too-large.json': WEB + ' '.repeat(1 << 20),
};

test('a file that does not fit is refused with cslab-cli\'s message, and the network stays', async () => {
  await withPage(env, '/?lesson=sandbox', async (page) => {
    await ready(page);
    const refused = page.locator('.sandbox-open-refused p');
    for (const [name, contents] of Object.entries(BAD_FILES)) {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, contents);
      const { refused: message } = cli(file);
      assert.ok(message, `cslab-cli refuses ${name}`);
      await openFile(page, name, contents);
      await page.waitForFunction(([text]) => document.querySelector('.sandbox-open-refused p')?.textContent === text,
        [`“${name}” was not opened, and your network is as it was. ${message}`]);
      assert.deepEqual(await onStage(page), names(WEB), `${name}: the network is as it was`);
      if (name === 'unknown-kind.json') await screenshot(page, 'sandbox-share-refused');
    }
    assert.match(await refused.textContent(), /1048576/);
  });
  // In Spanish, the page's words and the reason.
  await withPage(env, '/?lesson=sandbox&lang=es', async (page) => {
    await ready(page);
    await openFile(page, 'wrong-version.json', BAD_FILES['wrong-version.json'], 'Abrir…');
    const refused = page.locator('.sandbox-open-refused p');
    await refused.waitFor();
    assert.equal(await refused.textContent(), 'No se ha abierto «wrong-version.json», y tu red sigue como estaba. '
      + 'El archivo está en la versión 2 del formato de red; este laboratorio lee la versión 1.');
    await screenshot(page, 'sandbox-share-refused-es');
  });
});

test('the shared address opens the same network in a fresh browser', async () => {
  const page = await open('/?lesson=sandbox');
  let address;
  try {
    await ready(page);
    await openFile(page, 'mail.json', MAIL);
    await page.locator('.sandbox-opened').waitFor();
    await bar(page).getByRole('button', { name: 'Share', exact: true }).click();
    const box = page.locator('dialog.sandbox-share').getByRole('textbox', { name: 'Address' });
    await box.waitFor();
    address = await box.inputValue();
    assert.ok(address.startsWith(`${env.base}/?lesson=sandbox#net=`), address);
    assert.match(await page.locator('.sandbox-share .hint').last().textContent(), new RegExp(`^${address.length} characters`));
    console.log(`mail.json shared in an address of ${address.length} characters`);
    await screenshot(page, 'sandbox-share-dialog');
    await page.keyboard.press('Escape');
    assert.deepEqual(page.problems, []);
  } finally {
    await page.context().close();
  }
  const fresh = await open(address.slice(env.base.length));
  try {
    await ready(fresh);
    await fresh.locator('.sandbox-opened').waitFor();
    assert.deepEqual(await onStage(fresh), names(MAIL));
    assert.equal(await fresh.locator('.sandbox-opened p').textContent(),
      'Opened the network from the shared address (machines: 11, links: 10).');
    assert.equal(new URL(fresh.url()).hash, '', 'the network leaves the address once opened');
    // Saved from there, it is the file that was shared.
    const saved = await download(fresh, 'Save');
    assert.deepEqual(JSON.parse(saved.bytes.toString('utf8')), JSON.parse(MAIL));
    assert.deepEqual(fresh.problems, []);
  } finally {
    await fresh.context().close();
  }
});

/** The largest network the sandbox holds: 500 routers in a line, on a grid. */
function fiveHundred() {
  const machines = Array.from({ length: 500 }, (_, i) => ({
    id: i + 1, kind: 'router', name: `Router ${i + 1}`, address: `10.0.${i >> 7}.${(i & 127) + 1}`,
    x: (i % 25) * 400, y: Math.floor(i / 25) * 400, settings: {},
  }));
  const links = machines.slice(1).map((m, i) => ({ id: i + 1, a: i + 1, b: m.id, bandwidth_mbps: 100, delay_ms: 5, loss_percent: 0 }));
  return JSON.stringify({ version: 1, machines, links });
}

test('a network of 500 machines travels in an address, with a warning about its length', async () => {
  const page = await open('/?lesson=sandbox');
  let address;
  try {
    await ready(page);
    await openFile(page, 'five-hundred.json', fiveHundred());
    await page.locator('.sandbox-opened').waitFor();
    await bar(page).getByRole('button', { name: 'Share', exact: true }).click();
    const box = page.locator('dialog.sandbox-share').getByRole('textbox', { name: 'Address' });
    await box.waitFor();
    address = await box.inputValue();
    console.log(`500 machines shared in an address of ${address.length} characters`);
    assert.ok(address.length > 8000, `${address.length}`);
    assert.match(await page.locator('.sandbox-share .hint').last().textContent(), /Some programs cut addresses this long/);
    await screenshot(page, 'sandbox-share-dialog-500');
  } finally {
    await page.context().close();
  }
  const fresh = await open(address.slice(env.base.length));
  try {
    await fresh.locator('.sandbox-opened').waitFor();
    assert.equal(await fresh.locator('.sandbox-stage .node').count(), 500);
    assert.deepEqual(fresh.problems, []);
  } finally {
    await fresh.context().close();
  }
});

test('a damaged #net= says what is wrong and keeps the learner\'s network', async () => {
  const page = await open('/?lesson=sandbox');
  try {
    await ready(page);
    await openFile(page, 'mail.json', MAIL);
    await page.locator('.sandbox-opened').waitFor();
    // The same browser opens a damaged address: the stored network stays.
    const damaged = await page.context().newPage();
    await damaged.goto(`${env.base}/?lesson=sandbox#net=AAAAA`);
    await ready(damaged);
    const refused = damaged.locator('.sandbox-open-refused p');
    await refused.waitFor();
    assert.equal(await refused.textContent(), 'The shared address was not opened, and your network is as it was. '
      + 'The shared address is damaged: its network is 5 characters long, one too many or one too few. '
      + 'Copy the whole address again.');
    assert.deepEqual(await onStage(damaged), names(MAIL));
    await screenshot(damaged, 'sandbox-share-damaged-address');
    // An address pasted into the open tab (only its # changes): read too.
    await damaged.goto(`${env.base}/?lesson=sandbox#net=${'A'.repeat(8)}`);
    await damaged.waitForFunction(() => /cut short|cannot be unpacked/.test(document.querySelector('.sandbox-open-refused p')?.textContent));
    assert.deepEqual(await onStage(damaged), names(MAIL));
  } finally {
    await page.context().close();
  }
});

test('PNG and SVG exports are pictures of the stage with the machines\' names', async () => {
  await withPage(env, '/?lesson=sandbox', async (page) => {
    await ready(page);
    const png = await download(page, 'PNG');
    assert.equal(png.name, 'network.png');
    assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
    const svg = await download(page, 'SVG');
    assert.equal(svg.name, 'network.svg');
    const text = svg.bytes.toString('utf8');
    const parsed = await page.evaluate((source) => {
      const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: doc.documentElement.localName,
        names: [...doc.querySelectorAll('text.name')].map((t) => t.textContent),
      };
    }, text);
    assert.equal(parsed.error, null);
    assert.equal(parsed.root, 'svg');
    assert.deepEqual(parsed.names, names(WEB));
    fs.copyFileSync(png.file, path.join(ARTIFACTS, 'sandbox-share-export.png'));
    fs.copyFileSync(svg.file, path.join(ARTIFACTS, 'sandbox-share-export.svg'));
  });
  // The SVG alone, as a viewer shows it: no stylesheet of the page.
  const viewer = await open('/?lesson=sandbox');
  try {
    await viewer.setContent(fs.readFileSync(path.join(ARTIFACTS, 'sandbox-share-export.svg'), 'utf8'));
    await screenshot(viewer, 'sandbox-share-export-svg-alone');
  } finally {
    await viewer.context().close();
  }
});
