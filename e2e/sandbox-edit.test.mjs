// The sandbox's editor (?lesson=sandbox, issue 18): a small network built by
// mouse and the same by keyboard alone; undo all, redo all; a reload keeps
// it; a refused edit says why in the learner's language; a stored network
// that no longer fits is kept aside; 500 machines stay responsive.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { longestGapOfRuns, screenshot, start, withPage } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const KEY = 'cslab-sandbox';
const EMPTY = JSON.stringify({ version: 1, machines: [], links: [] });

/** Opens the sandbox with `stored` as the network kept from last time. */
function withSandbox(stored, check, { lang = 'en', ...options } = {}) {
  return withPage(env, `/?lesson=sandbox&lang=${lang}`, async (page) => {
    if (stored !== undefined) {
      await page.evaluate(([key, value]) => localStorage.setItem(key, value), [KEY, stored]);
      await page.reload();
    }
    await page.locator('.sandbox-stage svg').waitFor();
    return check(page);
  }, options);
}

/** The network the page keeps, as its JSON says it. The page writes it
 * in the first task after the edit's frame (storage.rs): so does this
 * read it, a frame later than any edit before it. */
const stored = (page) => page.evaluate((key) => new Promise((resolve) => {
  requestAnimationFrame(() => setTimeout(() => resolve(JSON.parse(localStorage.getItem(key))), 0));
}), KEY);

/** The screen point of stage point (x, y). */
async function onStage(page, x, y) {
  return page.locator('.sandbox-stage svg').evaluate((svg, [x, y]) => {
    const point = new DOMPoint(x, y).matrixTransform(svg.getScreenCTM());
    return { x: point.x, y: point.y };
  }, [x, y]);
}

/** Clicks the middle of the first link (a level line has no height, so
 * Playwright calls it hidden). */
async function clickFirstLink(page) {
  const line = page.locator('[data-link] line.link').first();
  const [x1, y1, x2, y2] = await line.evaluate((l) => ['x1', 'y1', 'x2', 'y2'].map((a) => Number(l.getAttribute(a))));
  const at = await onStage(page, (x1 + x2) / 2, (y1 + y2) / 2);
  await page.mouse.click(at.x, at.y);
}

const machine = (page, name) => page.locator(`.sandbox-stage [data-machine][aria-label^="${name},"]`);

/** The network a test builds, as it should be kept: two machines, a link, a task. */
function assertBuilt(net, task) {
  assert.deepEqual(net.machines.map((m) => [m.kind, m.name]), [['browser', 'Browser 1'], ['web-server', 'Web server 1']]);
  assert.equal(net.links.length, 1);
  assert.deepEqual([net.links[0].a, net.links[0].b].sort(), net.machines.map((m) => m.id).sort());
  assert.equal(net.machines[0].task.do, task);
}

/** Undoes with Ctrl+Z until nothing is left, then redoes with Ctrl+Shift+Z. */
async function undoAllRedoAll(page, built) {
  const undo = page.getByRole('button', { name: 'Undo', exact: true });
  const redo = page.getByRole('button', { name: 'Redo', exact: true });
  await page.locator('.sandbox-stage svg').focus();
  for (let i = 0; i < 40 && await undo.isEnabled(); i += 1) await page.keyboard.press('Control+z');
  assert.deepEqual(await stored(page), JSON.parse(EMPTY), 'undoing everything empties the stage');
  assert.equal(await page.locator('[data-machine]').count(), 0);
  for (let i = 0; i < 40 && await redo.isEnabled(); i += 1) await page.keyboard.press('Control+Shift+Z');
  assert.deepEqual(await stored(page), built, 'redoing everything builds it again');
}

test('a network built by mouse: place by click and by drag, move, link, set the task', async () => {
  await withSandbox(EMPTY, async (page) => {
    // Click a kind, then the stage.
    await page.getByRole('button', { name: 'Browser', exact: true }).click();
    let at = await onStage(page, 200, 300);
    await page.mouse.click(at.x, at.y);
    await machine(page, 'Browser 1').waitFor();
    // Drag a kind from the palette onto the stage.
    const server = page.getByRole('button', { name: 'Web server', exact: true });
    const box = await server.boundingBox();
    at = await onStage(page, 650, 300);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(at.x, at.y, { steps: 8 });
    await page.mouse.up();
    await machine(page, 'Web server 1').waitFor();
    // Drag the server 100 to the right (the pointer lands on whole pixels:
    // a unit or two either way).
    const placed = (await stored(page)).machines[1];
    await page.mouse.move(at.x, at.y);
    await page.mouse.down();
    const to = await onStage(page, 750, 300);
    await page.mouse.move(to.x, to.y, { steps: 6 });
    await page.mouse.up();
    const dragged = (await stored(page)).machines[1];
    assert.ok(Math.abs(dragged.x - placed.x - 100) <= 3 && Math.abs(dragged.y - placed.y) <= 3,
      `dragged from ${placed.x},${placed.y} to ${dragged.x},${dragged.y}`);
    // Link them with the tool.
    await page.getByRole('button', { name: 'Link two machines' }).click();
    await machine(page, 'Browser 1').click();
    await machine(page, 'Web server 1').click();
    await page.locator('[data-link]').first().waitFor({ state: 'attached' });
    // The browser downloads a file instead of opening a page.
    await machine(page, 'Browser 1').click();
    // A select's name holds its label and its value ("Task Open a page").
    await page.getByRole('combobox', { name: /^Task/ }).selectOption({ label: 'Download a file' });
    // The protocols are written as their names are: FTP, not the file's ftp.
    await page.getByRole('combobox', { name: /^Protocol/ }).selectOption('FTP');
    const built = await stored(page);
    assertBuilt(built, 'download-file');
    assert.equal(built.machines[0].task.how, 'ftp');
    await screenshot(page, 'sandbox-mouse');
    await undoAllRedoAll(page, built);
    // A reload opens the network as it was left.
    await page.reload();
    await machine(page, 'Web server 1').waitFor();
    assert.deepEqual(await stored(page), built);
    assert.equal(await page.locator('[data-link]').count(), 1);
  });
});

test('the same network by keyboard alone, with a visible focus', async () => {
  await withSandbox(EMPTY, async (page) => {
    /** Tabs (forwards) until the focus is on `name` (at most 60 presses). */
    const tabTo = async (name) => {
      for (let i = 0; i < 60; i += 1) {
        await page.keyboard.press('Tab');
        const label = await page.evaluate(() => {
          const focused = document.activeElement;
          return focused?.getAttribute('aria-label') || focused?.labels?.[0]?.textContent.trim() || focused?.textContent?.trim();
        });
        if (label?.startsWith(name)) return;
      }
      throw new Error(`Tab never reached ${name}`);
    };
    await tabTo('Browser');
    await page.keyboard.press('Enter');
    await machine(page, 'Browser 1').waitFor();
    await tabTo('Web server');
    await page.keyboard.press('Enter');
    await machine(page, 'Web server 1').waitFor();
    // L on the browser, then Enter on the server.
    await tabTo('Browser 1,');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement.querySelector('.halo')).strokeDasharray);
    assert.notEqual(outline, 'none', 'the focused machine shows its focus');
    await page.keyboard.press('l');
    await tabTo('Web server 1,');
    await page.keyboard.press('Enter');
    await page.locator('[data-link]').first().waitFor({ state: 'attached' });
    // The arrows move the server: 3 steps right, one big step down.
    const before = (await stored(page)).machines[1];
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    const moved = (await stored(page)).machines[1];
    assert.deepEqual([moved.x - before.x, moved.y - before.y], [30, 80]);
    // The browser's task, from its properties.
    await tabTo('Browser 1,');
    await page.keyboard.press('Enter');
    await tabTo('Task');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction((key) => JSON.parse(localStorage.getItem(key)).machines[0].task.do === 'call-api', KEY);
    const built = await stored(page);
    assertBuilt(built, 'call-api');
    await screenshot(page, 'sandbox-keyboard');
    await undoAllRedoAll(page, built);
    // Delete removes the focused machine and its link, and undoes.
    await tabTo('Web server 1,');
    await page.keyboard.press('Delete');
    assert.equal((await stored(page)).links.length, 0);
    await page.keyboard.press('Control+z');
    assert.deepEqual(await stored(page), built);
  });
});

const WORDS = {
  es: {
    server: 'Servidor web', browser: 'Navegador', selfLink: 'un enlace une dos máquinas',
    balancer: 'Balanceador de carga', policy: 'Cómo reparte la carga',
    policies: ['Por turnos (round robin)', 'Menos conexiones', 'El mejor de dos al azar', 'Al azar'],
  },
  it: {
    server: 'Server web', browser: 'Browser', selfLink: 'un collegamento unisce due macchine',
    balancer: 'Bilanciatore di carico', policy: 'Come distribuisce il carico',
    policies: ['A turno (round robin)', 'Meno connessioni', 'Il migliore di due a caso', 'A caso'],
  },
};

for (const [lang, words] of Object.entries(WORDS)) {
  test(`${lang}: the palette, the names and a refusal speak the learner's language`, async () => {
    await withSandbox(EMPTY, async (page) => {
      const palette = page.locator('.sandbox-palette');
      for (const label of [words.server, words.browser]) {
        await palette.getByRole('button', { name: label, exact: true }).waitFor();
      }
      await palette.getByRole('button', { name: words.server, exact: true }).focus();
      await page.keyboard.press('Enter');
      const node = machine(page, `${words.server} 1`);
      await node.waitFor();
      // A link from the server to itself is refused, and nothing changes.
      await node.focus();
      await page.keyboard.press('l');
      await page.keyboard.press('Enter');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      assert.match(await alert.textContent(), new RegExp(words.selfLink));
      assert.equal((await stored(page)).links.length, 0);
      // A bad address, typed: refused, with the reason beside the fields.
      await node.click();
      const address = page.locator('.sandbox-properties input').nth(1);
      await address.fill('300.1.2.3');
      await address.press('Enter');
      await page.waitForFunction(() => document.querySelector('[role="alert"]')?.textContent.includes('300.1.2.3'));
      assert.equal((await stored(page)).machines[0].address, '203.0.113.80');
      await screenshot(page, `sandbox-refusal-${lang}`);
      // A setting's choices: words in the language, software as it is
      // written (Nginx, Node.js), never the file's codes.
      const software = page.getByRole('combobox', { name: /^Software/ });
      assert.ok((await software.locator('option').allTextContents()).includes('Node.js'));
      await palette.getByRole('button', { name: words.balancer, exact: true }).focus();
      await page.keyboard.press('Enter');
      await machine(page, `${words.balancer} 1`).click();
      const policy = page.getByRole('combobox', { name: new RegExp(`^${words.policy}`) });
      assert.deepEqual(await policy.locator('option').allTextContents(), words.policies);
      await policy.selectOption(words.policies[1]);
      assert.equal((await stored(page)).machines[1].settings.policy, 'least-connections');
      await screenshot(page, `sandbox-choices-${lang}`);
    }, { lang });
  });
}

test('a stored network that no longer fits is kept aside, and the page says why', async () => {
  const old = JSON.stringify({ version: 99, machines: [], links: [] });
  await withSandbox(old, async (page) => {
    await page.getByText(/could not be opened/).waitFor();
    assert.match(await page.locator('.sandbox-notice').textContent(), /version 99/);
    assert.equal(await page.evaluate(() => localStorage.getItem('cslab-sandbox-refused')), old);
    assert.ok(await page.locator('[data-machine]').count() > 5, 'the example is on the stage');
  });
});

test('the editor is tidy at 1280×800 and in a course page\'s 900×560 iframe', async () => {
  await withSandbox(undefined, async (page) => {
    await page.locator('[data-machine]').first().click();
    await screenshot(page, 'sandbox-1280');
  });
  await withPage(env, '/?lesson=sandbox&embed=1&lang=es', async (page) => {
    await page.locator('.sandbox-stage svg').waitFor();
    await clickFirstLink(page);
    await screenshot(page, 'sandbox-900-embed');
  }, { viewport: { width: 900, height: 560 } });
});

/** 500 machines in rows, each linked to the one before: the largest network. */
function bigNetwork() {
  const machines = [];
  const links = [];
  for (let i = 0; i < 500; i += 1) {
    machines.push({
      id: i + 1, kind: 'router', name: `Router ${i + 1}`, address: `10.${Math.floor(i / 200)}.${i % 200}.1`,
      x: 100 + (i % 25) * 180, y: 100 + Math.floor(i / 25) * 160, settings: {},
    });
    if (i > 0) links.push({ id: i, a: i, b: i + 1, bandwidth_mbps: 100, delay_ms: 5, loss_percent: 0 });
  }
  return JSON.stringify({ version: 1, machines, links });
}

test('500 machines: an arrow key\'s move shows in the next frame', { timeout: 120_000 }, async () => {
  await withSandbox(bigNetwork(), async (page) => {
    assert.equal(await page.locator('[data-machine]').count(), 500);
    // The rightmost column's machine: moving it right widens the stage.
    const node = page.locator('[data-machine="250"]');
    await node.focus();
    /** The median of 20 presses, from each key's event to the end of the
     * frame that shows the machine moved: its animation-frame callback,
     * then its style, layout and paint, which end before the first task
     * after it runs. */
    const medianOfPresses = async () => {
      const times = [];
      for (let i = 0; i < 20; i += 1) {
        await page.evaluate(() => {
          const node = document.querySelector('[data-machine="250"]');
          const before = node.getAttribute('transform');
          window.moveTime = new Promise((resolve) => {
            let pressed;
            const frame = () => requestAnimationFrame(() => {
              if (node.getAttribute('transform') !== before) setTimeout(() => resolve(performance.now() - pressed), 0);
              else frame();
            });
            // Heard first, before the stage's own handler (which keeps the
            // key from the rest of the page).
            document.addEventListener('keydown', () => { pressed = performance.now(); frame(); }, { once: true, capture: true });
          });
        });
        await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
        times.push(await page.evaluate(() => window.moveTime));
      }
      times.sort((a, b) => a - b);
      const median = times[times.length >> 1];
      console.log(`500 machines: key to the frame drawn ${times.map((t) => t.toFixed(1)).join(', ')} ms (median ${median.toFixed(1)})`);
      return median;
    };
    // One frame at 60 Hz. Another process on a busy machine can slow one
    // series (not ours: it would slow every one), so a second look, and a
    // third, tell them apart (as harness.mjs's longestGapOfRuns does).
    const medians = await longestGapOfRuns(medianOfPresses, 16.7);
    assert.ok(medians.at(-1) < 16.7, `medians ${medians.join(', ')} ms`);
    // The moves are kept, after their frames.
    await page.keyboard.press('ArrowRight');
    assert.equal((await stored(page)).machines[249].x, 4_430);
  });
});

test('Run plays the network as a lesson plays, Edit comes back to it unchanged; every machine runs', async () => {
  await withSandbox(undefined, async (page) => {
    const before = await page.evaluate(() => document.querySelectorAll('[data-machine]').length);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('.controls').waitFor();
    assert.equal(await page.locator('.stage .node').count(), before, 'every machine on the run\'s stage');
    await page.locator('.events li').first().waitFor({ timeout: 20_000 });
    await page.getByRole('tab').nth(1).click();
    await page.locator('.sequence').waitFor();
    await screenshot(page, 'sandbox-run');
    // Restart plays it again from the start.
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    const clock = page.locator('.controls .clock');
    const paused = await clock.textContent();
    await page.getByRole('button', { name: 'Restart', exact: true }).click();
    await page.waitForFunction((was) => document.querySelector('.controls .clock')?.textContent !== was, paused);
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.locator('.sandbox-palette').waitFor();
    assert.equal(await page.locator('[data-machine]').count(), before);
    // A game server no player talks to runs idle beside the rest.
    await page.getByRole('button', { name: 'Game server', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('.controls').waitFor();
    assert.equal(await page.locator('.stage .node').count(), before + 1);
  });
});
