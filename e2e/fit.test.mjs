// Every lesson fits a phone, a tablet and a laptop in the three languages
// (issue 17, item 1): no machine's name or address cut by the stage's edge
// or lying on another machine, no control cut, spilling or on another
// (e2e/fit.mjs says how each is measured). The stage zooms for a phone.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, screenshot, start, toTheQuestion } from './harness.mjs';
import { layoutProblems } from './fit.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const SCREENS = [
  { name: 'phone', width: 390, height: 844, touch: true },
  { name: 'tablet', width: 768, height: 1024, touch: true },
  { name: 'laptop', width: 1280, height: 800, touch: false },
  // The README's iframe: a course page's 900 × 560 box, embedded.
  { name: 'course page\'s iframe', width: 900, height: 560, touch: false, embed: true },
];

// Settings that change what is on the stage: other machines, more of them,
// longer names, a machine switched off.
const VARIANTS = [
  'lesson=what-is-a-server&device=phone&same-machine=1',
  'lesson=server-under-load&replicas=8&spread=dns',
  'lesson=email&mx1-down=1&read=pop3',
  'lesson=database&users=200',
  'lesson=game&fail=1',
  'lesson=files&how=sftp&nat=0',
  'lesson=streaming&kind=rtsp',
  'lesson=streaming&kind=webrtc&call-nat=both',
];

for (const screen of SCREENS) {
  test(`every lesson fits a ${screen.name} (${screen.width}×${screen.height}) in en, es and it`, async () => {
    const viewport = { width: screen.width, height: screen.height };
    const page = await openPage(env.browser, `${env.base}/?lang=en`, { viewport, hasTouch: screen.touch, isMobile: screen.touch });
    try {
      await page.locator('.lesson-picker select').waitFor();
      const lessons = await page.locator('.lesson-picker select option').evaluateAll(
        (options) => options.map((option) => `lesson=${option.value}`));
      assert.ok(lessons.length >= 15, `the lesson menu lists every lesson (${lessons.length})`);
      const found = [];
      for (const lang of ['en', 'es', 'it']) {
        for (const query of [...lessons, ...VARIANTS]) {
          await page.goto(`${env.base}/?lang=${lang}&${query}${screen.embed ? '&embed=1' : ''}`);
          // A lesson's controls, or the sandbox's stage (the picker's last entry).
          await page.locator('.controls, .sandbox-stage').first().waitFor();
          // Long enough for the first packets and a switched-off label.
          await page.waitForTimeout(query.includes('fail=') ? 1500 : 400);
          for (const problem of new Set(await page.evaluate(layoutProblems))) found.push(`${lang} ${query}: ${problem}`);
        }
      }
      assert.deepEqual(found, [], found.join('\n'));
      assert.deepEqual(page.problems, []);
    } finally {
      await page.context().close();
    }
  });
}

// A question waiting: its words and a button for each choice in the step
// caption, which must fit as the rest does. Each screen sees every
// question in one language, the next screen in the next: over the four
// screens each question is seen in en, es and it.
const QUESTIONS = [
  'lesson=web-page&http=nonpersistent',
  'lesson=server-says-no&refusal=iis',
  'lesson=email',
  'lesson=database&pool=0',
  'lesson=files&ftp-mode=active',
  'lesson=streaming&kind=webrtc&call-nat=both',
  'lesson=streaming',
  'lesson=what-is-a-server',
  'lesson=login',
  'lesson=api&style=soap',
  'lesson=privacy&site-https=1',
  'lesson=websocket&mode=polling',
  'lesson=game',
  'lesson=cs-vs-p2p',
  'lesson=gossip',
  'lesson=server-under-load',
];

test('a question waiting fits every screen in en, es and it', async () => {
  const found = [];
  for (const [s, screen] of SCREENS.entries()) {
    const viewport = { width: screen.width, height: screen.height };
    const page = await openPage(env.browser, `${env.base}/?lang=en`, { viewport, hasTouch: screen.touch, isMobile: screen.touch });
    try {
      for (const [q, query] of QUESTIONS.entries()) {
        const lang = ['en', 'es', 'it'][(q + s) % 3];
        await page.goto(`${env.base}/?lang=${lang}&${query}${screen.embed ? '&embed=1' : ''}`);
        await toTheQuestion(page);
        for (const problem of new Set(await page.evaluate(layoutProblems))) found.push(`${screen.name} ${lang} ${query}: ${problem}`);
      }
      assert.deepEqual(page.problems, []);
    } finally {
      await page.context().close();
    }
  }
  assert.deepEqual(found, [], found.join('\n'));
});

test('on a phone the stage zooms in and out with its buttons and a pinch, and pans', async () => {
  const viewport = { width: 390, height: 844 };
  const page = await openPage(env.browser, `${env.base}/?lang=es&lesson=game`, { viewport, hasTouch: true, isMobile: true });
  try {
    const window = page.locator('.stage .viewport');
    const nameHeight = () => page.locator('.stage .node .name').first().evaluate((text) => text.getBoundingClientRect().height);
    const [zoomIn, zoomOut] = [page.getByRole('button', { name: 'Acercar' }), page.getByRole('button', { name: 'Alejar' })];
    await zoomIn.waitFor();
    assert.ok(await zoomOut.isDisabled(), 'the whole network is shown first: nothing to zoom out of');
    const whole = await nameHeight();
    assert.ok(whole < 10, `a name on the whole network is small on a phone (${whole} px)`);
    for (let level = 0; level < 3; level += 1) await zoomIn.click();
    assert.ok(await zoomIn.isDisabled(), 'zoom stops at its largest');
    const zoomed = await nameHeight();
    assert.ok(zoomed > 2.3 * whole && zoomed >= 14, `zoomed in, a name is readable (${whole} → ${zoomed} px)`);
    const sizes = await window.evaluate((w) => ({ scroll: w.scrollWidth, seen: w.clientWidth, left: w.scrollLeft }));
    assert.ok(sizes.scroll >= 2.4 * sizes.seen, 'the drawing grows past its window');
    assert.ok(sizes.left > 0, 'the zoom keeps the middle of the network in view');
    await window.evaluate((w) => { w.scrollLeft = 0; });
    assert.equal(await window.evaluate((w) => w.scrollLeft), 0, 'the window pans');
    await screenshot(page, 'fit-phone-zoomed-es');
    while (!(await zoomOut.isDisabled())) await zoomOut.click();
    assert.ok(Math.abs((await nameHeight()) - whole) < 0.5, 'zooming out shows the whole network again');

    // Two fingers spreading apart over the stage zoom in, closing zoom out.
    const client = await page.context().newCDPSession(page);
    const box = await window.boundingBox();
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    const fingers = (apart) => [{ x: cx - apart / 2, y: cy, id: 0 }, { x: cx + apart / 2, y: cy, id: 1 }];
    const pinch = async (from, to) => {
      await client.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(from) });
      for (let step = 1; step <= 8; step += 1) {
        await client.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: fingers(from + ((to - from) * step) / 8) });
      }
      await client.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    };
    await pinch(60, 200);
    assert.ok((await nameHeight()) > 1.4 * whole, 'spreading two fingers zooms in');
    await pinch(200, 40);
    assert.ok(Math.abs((await nameHeight()) - whole) < 0.5, 'closing them zooms out again');
    assert.deepEqual(page.problems, []);
  } finally {
    await page.context().close();
  }
});

test('on a phone a tapped machine\'s details rise from the screen\'s foot, the stage stays in sight, and × closes them', async () => {
  const page = await openPage(env.browser, `${env.base}/?lang=it&lesson=web-page`, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  try {
    const server = page.getByRole('button', { name: 'Server web, 203.0.113.80' });
    await server.waitFor();
    const before = await page.evaluate(() => window.scrollY);
    await server.tap();
    const card = page.locator('.details.chosen');
    await card.getByRole('heading', { name: 'Server web' }).waitFor();
    const sheet = await card.boundingBox();
    assert.ok(sheet.y + sheet.height <= 844 + 1 && sheet.y >= 844 * 0.5, `the card sits at the screen's foot (${sheet.y}..${sheet.y + sheet.height})`);
    assert.equal(await page.evaluate(() => window.scrollY), before, 'the page did not jump');
    const stage = await page.locator('.stage .viewport').boundingBox();
    assert.ok(stage.y + stage.height <= sheet.y, 'the stage stays in sight above it');
    await screenshot(page, 'fit-phone-details-it');
    await card.getByRole('button', { name: 'Chiudi' }).tap();
    await page.locator('.details.chosen').waitFor({ state: 'detached' });
    assert.deepEqual(page.problems, []);
  } finally {
    await page.context().close();
  }
});
