// Accessibility (issue 17, item 2): axe-core's WCAG 2.1 A and AA rules on
// every lesson, at its start and in the states a run reaches (packets on the
// stage, a machine's details, a packet in the inspector, the sequence view);
// the keyboard alone, with a focus that shows and is never lost; the
// narration as one polite live region; reduced motion; the stage in words.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { screenshot, start, withPage } from './harness.mjs';

const AXE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../node_modules/axe-core/axe.min.js');
/** The WCAG 2.0 and 2.1 level A and AA rules (axe-core's own tags). */
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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

/** The page's lessons, from its own picker: every one of Lesson::ALL. */
async function lessonCodes() {
  return withPage(env, '/', async (page) => {
    await page.locator('.lesson-picker select').waitFor();
    return page.locator('.lesson-picker option').evaluateAll((options) => options.map((option) => option.value));
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
    await page.locator('body').focus();
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
