// Accessibility (issue 17, item 2): axe-core's WCAG 2.1 A and AA rules on
// every lesson, at its start and in the states a run reaches (packets on the
// stage, a machine's details, a packet in the inspector, the sequence view);
// the keyboard alone, with a focus that shows and is never lost; the
// narration as one polite live region; reduced motion; the stage in words.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clock, screenshot, sleep, start, toTheQuestion, toTheResult, withPage as withPageIn } from './harness.mjs';

// axe goes into the page as an inline script, which the lab's own policy
// refuses: these pages bypass it (e2e/csp.test.mjs checks the policy).
const withPage = (env, path, check, options) => withPageIn(env, path, check, { bypassCSP: true, ...options });

const AXE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../node_modules/axe-core/axe.min.js');
/** The WCAG 2.0 and 2.1 level A and AA rules (axe-core's own tags). */
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });


/** axe's violations on the page as it is now, one line per rule and element. */
async function violations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const results = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), WCAG_AA);
  return results.violations.flatMap((rule) => rule.nodes.map((node) =>
    `${rule.id}: ${node.target.join(' ')}: ${node.failureSummary.replace(/\s+/g, ' ')}`));
}

async function assertNoViolations(page, state) {
  assert.deepEqual(await violations(page), [], `axe (WCAG 2.1 AA) in ${state}`);
}

/** The page's lessons, from its own picker: every one of Lesson::ALL (the
 * picker's last entry, the sandbox, has a test of its own below). */
async function lessonCodes() {
  return withPage(env, '/', async (page) => {
    await page.locator('.lesson-picker select').waitFor();
    const codes = await page.locator('.lesson-picker option').evaluateAll((options) => options.map((option) => option.value));
    return codes.filter((code) => code !== 'sandbox');
  });
}

/**
 * Opens `code` in `lang`, checks it at its start, then (for a lesson on the
 * stage) in the run: stepped a few events in, a machine's details open, a
 * packet in the inspector, and each view tab.
 */
async function checkLesson(code, lang) {
  await withPage(env, `/?lesson=${code}&lang=${lang}`, async (page) => {
    await page.locator('.side-panel h3').first().waitFor();
    await page.locator('.controls').waitFor();
    await sleep(500);
    await assertNoViolations(page, `${code} (${lang}) at its start`);
    if (!(await page.locator('.stage').count())) return;
    await page.locator('.node').first().waitFor();
    // Into the run: the clock stopped, a few events on, packets on the stage.
    await page.evaluate(() => document.activeElement?.blur());
    if (await page.locator('.controls button.primary', { hasText: /Pause|Pausa/ }).count()) await page.keyboard.press(' ');
    for (let i = 0; i < 6; i += 1) await page.keyboard.press('ArrowRight');
    await assertNoViolations(page, `${code} (${lang}) stepped into its run`);
    await page.locator('.node').first().focus();
    await page.keyboard.press('Enter');
    await page.locator('.details h3').waitFor();
    await assertNoViolations(page, `${code} (${lang}) with a machine's details`);
    const row = page.locator('.event-row').first();
    if (await row.count()) {
      await row.click();
      await page.locator('.inspector').waitFor();
      await assertNoViolations(page, `${code} (${lang}) with a packet in the inspector`);
    }
    await page.getByRole('tab').nth(1).click();
    await page.locator('.sequence').waitFor();
    await assertNoViolations(page, `${code} (${lang}) in the sequence view`);
    await page.getByRole('tab').first().click();
  });
}

test('axe finds no WCAG 2.1 A or AA violation in any lesson, at its start and in its run', async () => {
  const codes = await lessonCodes();
  assert.ok(codes.length >= 15, `the picker lists every lesson (${codes})`);
  for (const code of codes) await checkLesson(code, 'en');
});

test('axe finds none in the sandbox: at its start, a machine\'s and a link\'s properties, a refusal, in en, es and it', async () => {
  for (const lang of ['en', 'es', 'it']) {
    await withPage(env, `/?lesson=sandbox&lang=${lang}`, async (page) => {
      await page.locator('.sandbox-stage [data-machine]').first().waitFor();
      await assertNoViolations(page, `the sandbox (${lang}) at its start`);
      await page.locator('.sandbox-stage [data-machine]').first().click();
      await page.locator('.sandbox-form').waitFor();
      await assertNoViolations(page, `the sandbox (${lang}) with a machine's properties`);
      const address = page.locator('.sandbox-form input').nth(1);
      await address.fill('1.2.3');
      await address.press('Enter');
      await page.getByRole('alert').waitFor();
      await assertNoViolations(page, `the sandbox (${lang}) with a refusal`);
      // A level line has no height: Playwright calls it hidden, so the keys select it.
      await page.locator('.sandbox-stage [data-link]').first().focus();
      await page.keyboard.press('Enter');
      await page.locator('.sandbox-form input[type=number]').first().waitFor();
      await assertNoViolations(page, `the sandbox (${lang}) with a link's properties`);
      await page.locator('.palette-item').first().click();
      await assertNoViolations(page, `the sandbox (${lang}) with a kind in hand`);
    });
  }
});

test('axe finds none in Spanish and Italian either, the language switch included', async () => {
  for (const [lang, other, lessons] of [['es', 'Italiano', ['what-is-a-server', 'email']], ['it', 'Español', ['server-under-load', 'streaming']]]) {
    await withPage(env, `/?lang=${lang}`, async (page) => {
      await page.locator('.lang-switch').waitFor();
      await assertNoViolations(page, `the page in ${lang}`);
      await page.getByRole('button', { name: other }).click();
      await page.waitForFunction((was) => document.documentElement.lang !== was, lang);
      await assertNoViolations(page, `the page switched from ${lang} to ${other}`);
    });
    for (const code of lessons) await checkLesson(code, lang);
  }
});

test('axe finds none with a question waiting for its answer, nor in the comparison after it', async () => {
  for (const [query, lang] of [
    ['lesson=web-page', 'en'],
    ['lesson=server-says-no&refusal=linux', 'es'],
    ['lesson=email', 'it'],
    ['lesson=database&pool=0', 'en'],
    ['lesson=files&ftp-mode=active', 'es'],
    ['lesson=streaming&kind=webrtc&call-nat=both', 'en'],
    ['lesson=what-is-a-server&same-machine=1', 'it'],
    ['lesson=login&auth=token', 'es'],
    ['lesson=api', 'en'],
    ['lesson=privacy&site-https=1', 'it'],
    ['lesson=websocket&mode=long-polling', 'en'],
    ['lesson=game&game-loss=5', 'es'],
    ['lesson=cs-vs-p2p&peers=10', 'en'],
    ['lesson=gossip', 'it'],
    ['lesson=server-under-load', 'es'],
    ['lesson=streaming', 'it'],
  ]) {
    await withPage(env, `/?${query}&lang=${lang}`, async (page) => {
      const choices = await toTheQuestion(page);
      assert.equal(await page.locator('.step-now[aria-live=polite] .question-ask').count(), 1,
        'the question is said in the caption\u2019s live region');
      await assertNoViolations(page, `${query} (${lang}) with its question waiting`);
      await choices.locator('.question-choice').first().click();
      await toTheResult(page);
      await assertNoViolations(page, `${query} (${lang}) with the prediction and the run's answer`);
    });
  }
});

/** Whether the focused element shows where the focus is: an outline, a
 * shadow, or (a machine on the stage) its halo drawn round it. */
function focusShows() {
  const element = document.activeElement;
  if (!element || element === document.body) return { what: 'nothing', shows: false };
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const shadow = style.boxShadow !== 'none';
  const halo = element.matches('.node') && !['none', 'transparent', 'rgba(0, 0, 0, 0)'].includes(getComputedStyle(element.querySelector('.halo')).stroke);
  const box = element.getBoundingClientRect();
  const what = `${element.tagName.toLowerCase()}.${element.className.baseVal ?? element.className} "${(element.getAttribute('aria-label') || element.textContent).trim().slice(0, 30)}"`;
  return { what, shows: (outline || shadow || halo) && box.width > 0 && box.height > 0 };
}

test('Tab reaches every kind of control, each with a visible focus, and the keys alone play, step and choose a machine', async () => {
  await withPage(env, '/?lesson=what-is-a-server', async (page) => {
    await page.locator('.node').first().waitFor();
    const seen = [];
    // Tab through the whole page, to where the focus leaves it.
    for (let i = 0; i < 120; i += 1) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(focusShows);
      if (focus.what === 'nothing' && i > 0) break;
      assert.ok(focus.shows, `the focus shows on ${focus.what} (after ${i + 1} Tabs)`);
      if (focus.what.startsWith('button. "Step"')) await screenshot(page, 'a11y-focus-ring');
      seen.push(focus.what);
    }
    // The language switch, the view tabs, the machines, the caption's and
    // the controls' buttons, the sliders, the lesson menu, the settings,
    // the event list's filters and rows.
    for (const kind of ['button. "English"', 'button. "Network"', 'button. "Sequence"', 'g.node', 'button.next-step', 'button.primary',
      'button. "Step"', 'button.help', 'input.timeline', 'select. "What is a server?', 'button.chip', 'select.layer-filter', 'button.event-row']) {
      assert.ok(seen.some((what) => what.startsWith(kind)), `Tab reaches ${kind}: ${seen.join(' | ')}`);
    }
    await page.locator('.node').first().focus();
    await screenshot(page, 'a11y-focus-machine');

    // Keys only: Space pauses and plays, → steps, Enter on a machine opens it.
    await page.evaluate(() => document.activeElement?.blur());
    const play = page.locator('.controls button.primary');
    const label = async () => (await play.textContent()).trim();
    const before = await label();
    await page.keyboard.press(' ');
    await page.waitForFunction((was) => document.querySelector('.controls button.primary').textContent.trim() !== was, before);
    if ((await label()) === 'Pause') await page.keyboard.press(' ');
    assert.equal(await label(), 'Play', 'Space pauses the run');
    const paused = await clock(page);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((was) => document.querySelector('.clock .time').textContent !== was, paused);
    // Tab from the stage's first machine to the second, then choose it.
    await page.locator('.node').first().focus();
    await page.keyboard.press('Tab');
    const machine = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
    await page.keyboard.press('Enter');
    await page.locator('.details h3').waitFor();
    assert.ok(machine.startsWith(await page.locator('.details h3').textContent()), `the details show ${machine}`);
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-pressed')), 'true', 'the machine stays focused, pressed');
  });
});

test('the focus is not lost when a setting rebuilds the lesson, the lesson changes, or a dialog or the inspector closes', async () => {
  await withPage(env, '/?lesson=web-page', async (page) => {
    await page.locator('.node').first().waitFor();
    const focused = () => page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80) ?? 'nothing');
    // A setting: the run is built again; the select keeps the focus.
    const setting = page.locator('.settings select').first();
    await setting.focus();
    await page.keyboard.press('ArrowDown');
    await page.locator('.controls .restarted').waitFor();
    assert.ok(await setting.evaluate((element) => element === document.activeElement), `after the rebuild: ${await focused()}`);
    // The shortcuts: the dialog takes the focus and gives it back.
    const help = page.locator('.controls button.help');
    await help.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    assert.ok(await page.getByRole('dialog').evaluate((dialog) => dialog.contains(document.activeElement)), `in the dialog: ${await focused()}`);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    assert.ok(await help.evaluate((element) => element === document.activeElement), `back on the ? button: ${await focused()}`);
    // The inspector, opened from a row and closed by its button.
    const row = page.locator('.event-row').first();
    await row.focus();
    await page.keyboard.press('Enter');
    await page.locator('.inspector .close').focus();
    await page.keyboard.press('Enter');
    await page.locator('.inspector').waitFor({ state: 'detached' });
    assert.ok(await page.evaluate(() => document.activeElement.matches('.event-row')), `back on the row: ${await focused()}`);
    // Another lesson, chosen from the picker by keyboard.
    const picker = page.locator('.lesson-picker select');
    await picker.focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('heading', { name: 'The server says no' }).waitFor();
    assert.ok(await picker.evaluate((element) => element === document.activeElement), `after the new lesson: ${await focused()}`);
  });
});

/** The live regions, and every change to them from now on (`window.announced`). */
const LIVE = '[aria-live]:not([aria-live="off"]), [role="status"], [role="log"], [role="alert"]';

test('the narration is one polite live region that says each step once; the clock and the rest are not live', async () => {
  await withPage(env, '/?lesson=web-page&pause-at-steps=0', async (page) => {
    await page.locator('.step-now p').first().waitFor();
    const regions = await page.evaluate((live) => [...document.querySelectorAll(live)]
      .map((region) => `${region.className} ${region.getAttribute('aria-live')}`), LIVE);
    assert.deepEqual(regions, ['step-now polite'], 'the caption\u2019s words are the only live region');
    assert.deepEqual(await page.locator('.clock .time').evaluate((clock, live) => [clock.getAttribute('role'), clock.closest(live)], LIVE),
      ['timer', null], 'the clock is a timer (not announced) in no live region');
    // Every change to a live region from now on (its words changed, or
    // the region drawn again), as its words then.
    await page.evaluate((live) => {
      window.announced = [];
      new MutationObserver((records) => {
        const touched = new Set();
        for (const record of records) {
          const target = record.target.nodeType === Node.ELEMENT_NODE ? record.target : record.target.parentElement;
          if (target?.closest(live)) touched.add(target.closest(live));
          for (const added of record.addedNodes) {
            if (added.nodeType === Node.ELEMENT_NODE) added.querySelectorAll(live).forEach((region) => touched.add(region));
            if (added.nodeType === Node.ELEMENT_NODE && added.matches(live)) touched.add(added);
          }
        }
        for (const region of touched) window.announced.push(region.textContent);
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    }, LIVE);
    // Let the run play (the caption's own mutations are what is recorded;
    // the clock, canvas and stage change all the while).
    await page.waitForFunction(() => window.announced.length >= 3, null, { timeout: 30_000 });
    await sleep(1000);
    const announced = await page.evaluate(() => window.announced);
    const story = await page.locator('.story li').allTextContents();
    for (const text of announced) {
      for (const step of text.split(/Step \d+\. /).filter(Boolean)) {
        assert.ok(story.includes(step), `announced "${step}" is a step of the story (${story.join(' | ')})`);
      }
    }
    assert.equal(new Set(announced).size, announced.length, `each step is announced once: ${announced.join(' | ')}`);
  });
});

const canvas = (page) => page.locator('canvas.packets').evaluate((element) => element.toDataURL());

/** The stage drawn with the clock set to `micros` (the timeline, as a learner drags it). */
async function drawnAt(page, micros) {
  await page.locator('.controls .timeline').evaluate((timeline, value) => {
    timeline.value = String(value);
    timeline.dispatchEvent(new Event('input', { bubbles: true }));
  }, micros);
  await sleep(200);
  return canvas(page);
}

test('with reduced motion the packets stand still on their links, and the page says how to step instead', async () => {
  await withPage(env, '/?lesson=what-is-a-server', async (page) => {
    await page.locator('.step-now', { hasText: 'Step 2.' }).waitFor();
    // 2 ms and 4 ms in, the first DNS query is on the laptop's link, and
    // glides along it.
    assert.notEqual(await drawnAt(page, 2000), await drawnAt(page, 4000), 'packets move without reduced motion');
    assert.equal(await page.locator('.motion-note').count(), 0);
    // The learner's system asks for less motion (read as it changes).
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.getByText('Motion is reduced: packets jump from hop to hop. Step with → or the Step button.').waitFor();
    assert.equal(await drawnAt(page, 2000), await drawnAt(page, 4000), 'the query stands still in the middle of its link');
    assert.notEqual(await drawnAt(page, 2000), await page.locator('canvas.packets').evaluate((drawn) => {
      const blank = document.createElement('canvas');
      [blank.width, blank.height] = [drawn.width, drawn.height];
      return blank.toDataURL();
    }), 'and it is drawn there');
    // No CSS transition or animation runs either.
    const duration = await page.evaluate(() => {
      const probe = document.body.appendChild(document.createElement('div'));
      probe.style.transition = 'opacity 2s';
      probe.style.animation = 'spin 2s infinite';
      const style = getComputedStyle(probe);
      return [style.transitionDuration, style.animationDuration, style.animationIterationCount];
    });
    assert.deepEqual(duration.map((value) => value.replace(/e-0?5s$/, 'e-5s')), ['1e-5s', '1e-5s', '1']);
    await screenshot(page, 'a11y-reduced-motion');
  });
  await withPage(env, '/?lesson=email&lang=es', async (page) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.getByText('Movimiento reducido: los paquetes saltan de un enlace al siguiente. Avanza con → o con el botón Paso.').waitFor();
  });
});

test('the stage has a text alternative: its machines, the current step and the packets on their way, not re-announced', async () => {
  await withPage(env, '/?lesson=what-is-a-server', async (page) => {
    await page.locator('.step-now', { hasText: 'Step 2.' }).waitFor();
    const id = await page.locator('section.stage').getAttribute('aria-describedby');
    const description = page.locator(`#${id}`);
    const text = await description.textContent();
    const machines = await page.locator('.node').evaluateAll((nodes) => nodes.map((node) =>
      [node.querySelector('.name').textContent, node.querySelector('.address').textContent]));
    assert.ok(machines.length >= 5);
    for (const [name, address] of machines) assert.ok(text.includes(`${name} (`) && text.includes(address), `${name} ${address} in "${text}"`);
    assert.ok(text.includes('Laptop (laptop, 192.168.1.10)'), text);
    assert.ok(text.includes('server.example.com (server, 203.0.113.10)'), text);
    const step = await page.locator('.step-now').textContent();
    assert.ok(text.includes(step), `the current step "${step}" in "${text}"`);
    assert.ok(text.includes('Packets on their way: Laptop → Home router (1).'), text);
    assert.equal(await description.evaluate((element, live) => element.closest(live), LIVE), null, 'not a live region');
  });
  await withPage(env, '/?lesson=what-is-a-server&lang=it', async (page) => {
    await page.locator('.step-now', { hasText: 'Passo 2.' }).waitFor();
    const text = await page.locator('#stage-description').textContent();
    assert.ok(text.startsWith('Dispositivi nella rete:') && text.includes('Pacchetti in viaggio:'), text);
  });
});

/**
 * The contrast of every word drawn in SVG on the stage and in the charts
 * against the panel's white (WCAG 1.4.3: 4.5:1, 3:1 from 24 px or 18.66 px
 * bold), which axe does not measure there (it leaves SVG text "incomplete").
 * The packets' labels on the canvas are the page's ink on a white halo.
 */
function svgTextContrasts() {
  const luminance = (rgb) => {
    const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  return [...document.querySelectorAll('.stage svg text, .charts svg text')]
    .filter((text) => text.getBBox().width > 0 && text.textContent.trim())
    .map((text) => {
      const style = getComputedStyle(text);
      const ratio = (1.05) / (luminance(style.fill) + 0.05);
      const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && Number(style.fontWeight) >= 700);
      return { text: text.textContent, fill: style.fill, ratio: Math.round(ratio * 100) / 100, needed: large ? 3 : 4.5 };
    });
}

test('every word drawn on the stage and in the charts reads at 4.5:1 or more', async () => {
  // The server's loop and gauge, a switched-off machine, the load's charts.
  for (const query of ['lesson=what-is-a-server&same-machine=1', 'lesson=email&mx1-down=1', 'lesson=server-under-load']) {
    await withPage(env, `/?${query}`, async (page) => {
      await page.locator('.node').first().waitFor();
      await sleep(800);
      const words = await page.evaluate(svgTextContrasts);
      assert.ok(words.length >= 10, `${query}: ${words.length} words`);
      const faint = words.filter((word) => word.ratio < word.needed);
      assert.deepEqual(faint, [], `${query}: words below their contrast`);
    });
  }
});
