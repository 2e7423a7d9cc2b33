// Teachers' tools in a real Chromium: the "Share / embed" dialog, the
// address's autoplay and panels, and the postMessage API driven from the
// README's example course page (examples/course-page.html).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { clock, COURSE_PAGE, openPage, screenshot, sleep, start, TEACHER_PAGE, toTheQuestion, toTheResult, withPage as withPageIn } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const withPage = (path, check, options) => withPageIn(env, path, check, options);

/** Whether the clock in `scope` moves within `ms`. */
async function clockMoves(scope, ms = 400) {
  const before = await clock(scope);
  await sleep(ms);
  return (await clock(scope)) !== before;
}

test('the share dialog builds the link and the code for the lesson as set up, and the link opens it the same way', async () => {
  let link;
  await withPage('/?lang=en&lesson=web-page&pause-at-steps=0', async (page) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.base });
    await page.getByRole('checkbox', { name: 'HTTPS (TLS)' }).check();
    const opener = page.getByRole('button', { name: 'Share / embed' });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'Share or embed this lesson' });
    await dialog.waitFor();
    assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)), 'focus moves into the dialog');
    assert.ok(await page.getByRole('button', { name: 'Next step' }).evaluate((b) => b.closest('[inert]') !== null
      || !document.querySelector('dialog').contains(b)), 'the page behind is outside the modal dialog');
    const linkBox = dialog.getByLabel('Link');
    assert.equal(new URL(await linkBox.inputValue()).search, '?lesson=web-page&lang=en&https=1&pause-at-steps=0',
      'the link holds the lesson as set up now, the setting changed included');

    await dialog.getByLabel('Language').selectOption('es');
    await dialog.getByRole('radio', { name: 'It waits for Play' }).check();
    await dialog.getByRole('checkbox', { name: /^Events, details/ }).uncheck();
    link = await linkBox.inputValue();
    assert.equal(new URL(link).search, '?lesson=web-page&lang=es&https=1&pause-at-steps=0&autoplay=0&panels=story,settings');
    assert.equal(new URL(link).origin + new URL(link).pathname, `${env.base}/`);
    const code = await dialog.getByLabel('Code for a course page (iframe)').inputValue();
    const src = link.replaceAll('&', '&amp;') + '&amp;embed=1';
    assert.equal(code, `<iframe src="${src}" title="Client-Server Lab: Qué pasa cuando abres una página web" width="900" height="560" allow=""></iframe>`,
      'the code embeds the link with embed=1, titled in the language chosen');

    await dialog.getByRole('button', { name: 'Copy' }).first().click();
    await dialog.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link, 'Copy puts the link in the clipboard');
    await screenshot(page, 'share-dialog-en');

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.ok(await opener.evaluate((b) => b === document.activeElement), 'Escape closes it and focus returns to its button');

    // Where the clipboard refuses, the text is selected for Ctrl+C.
    await opener.click();
    await page.evaluate(() => { navigator.clipboard.writeText = () => Promise.reject(new Error('refused')); });
    await dialog.getByRole('button', { name: 'Copy' }).last().click();
    await dialog.getByText('Selected: press Ctrl+C').waitFor();
    const selected = await page.evaluate(() => {
      const area = document.activeElement;
      return area.value.slice(area.selectionStart, area.selectionEnd);
    });
    assert.match(selected, /^<iframe src=.*<\/iframe>$/, 'the whole code is selected');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.ok(await opener.evaluate((b) => b === document.activeElement), 'Close gives focus back to the button');
  });

  // The link, followed in a new page, opens the lesson set up the same way.
  await withPage(link.slice(env.base.length), async (page) => {
    await page.getByRole('heading', { name: 'Qué pasa cuando abres una página web' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
    assert.ok(await page.getByRole('checkbox', { name: 'HTTPS (TLS)' }).isChecked(), 'the setting');
    await page.getByRole('button', { name: 'Reproducir' }).waitFor();
    assert.equal(await clockMoves(page), false, 'paused: the clock waits for Play');
    assert.equal(await clock(page), '0,000 ms', 'from the very start');
    assert.equal(await page.locator('.events').count(), 0, 'no event list');
    assert.equal(await page.locator('.details').count(), 0, 'no details');
    assert.equal(await page.getByRole('tablist').count(), 0, 'no sequence tab');
    await page.getByRole('heading', { name: 'Pruébalo' }).waitFor();
    await page.getByRole('button', { name: 'Reproducir' }).click();
    assert.ok(await clockMoves(page), 'Play starts it');
    await screenshot(page, 'share-link-followed-es');
  });
});

test('the dialog works in the teacher’s iframe, in Spanish, and leaves embed out of the link', async () => {
  await withPage(TEACHER_PAGE, async (page) => {
    const frame = page.frameLocator('iframe');
    const opener = frame.getByRole('button', { name: 'Compartir / insertar' });
    await opener.click();
    const dialog = frame.getByRole('dialog', { name: 'Compartir o insertar esta lección' });
    await dialog.waitFor();
    const link = new URL(await dialog.getByLabel('Enlace').inputValue());
    assert.equal(link.search, '?lesson=web-page&lang=es', 'the full page, not the embed');
    assert.match(await dialog.getByLabel('Código para la página del curso (iframe)').inputValue(), /&amp;embed=1"/);
    await screenshot(page, 'share-dialog-iframe-es');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.ok(await opener.evaluate((b) => b === document.activeElement), 'focus returns to the corner button');
  });
  await withPage('/?lang=es', async (page) => {
    await page.getByRole('button', { name: 'Compartir / insertar' }).click();
    await page.getByRole('dialog', { name: 'Compartir o insertar esta lección' }).waitFor();
    await screenshot(page, 'share-dialog-es');
  });
});

test('panels=none shows the stage alone; a bad panels or autoplay value gets a translated notice and loses nothing', async () => {
  await withPage('/?lang=en&panels=none', async (page) => {
    await page.getByRole('button', { name: 'Next step' }).waitFor();
    assert.equal(await page.locator('.side-panel').count(), 0);
    const stage = await page.locator('.stage').boundingBox();
    assert.ok(stage.width > 1100, `the stage takes the width (${stage.width}px)`);
  });
  await withPage('/?lang=es&panels=story,chart&autoplay=maybe&https=1&pause-at-steps=0', async (page) => {
    await page.getByText('Se ha ignorado «panels=story,chart» de la URL').waitFor();
    await page.getByText('Se ha ignorado «autoplay=maybe» de la URL').waitFor();
    await page.getByRole('heading', { name: 'Qué está pasando' }).waitFor();
    await page.locator('.events').waitFor();
    assert.ok(await page.getByRole('checkbox', { name: 'HTTPS (TLS)' }).isChecked(), 'the other parameters still count');
    assert.ok(await clockMoves(page, 250), 'and the run plays as by default');
  });
});

/** The lab's messages the course page logged, in order. */
const logged = (page) => page.locator('#log li').evaluateAll((items) => items.map((item) => JSON.parse(item.dataset.message)));

async function waitForMessage(page, predicate, what) {
  for (let i = 0; i < 150; i += 1) {
    const found = (await logged(page)).filter(predicate);
    if (found.length) return found;
    await sleep(100);
  }
  throw new Error(`no ${what} in ${JSON.stringify(await logged(page))}`);
}

test('the example course page drives the lab and hears its events', async () => {
  await withPage(COURSE_PAGE, async (page) => {
    const warnings = [];
    page.on('console', (message) => { if (message.type() === 'warning') warnings.push(message.text()); });
    const frame = page.frameLocator('#lab');
    const [loaded] = await waitForMessage(page, (m) => m.type === 'lesson-loaded', 'lesson-loaded');
    assert.deepEqual(loaded, { source: 'cslab', version: 1, type: 'lesson-loaded', lesson: 'web-page', lang: 'en' });

    // The first steps, in order, as the learner reads them.
    const steps = await waitForMessage(page, (m) => m.type === 'step-reached' && m.index === 1, 'second step');
    const reached = (await logged(page)).filter((m) => m.type === 'step-reached');
    assert.deepEqual(reached.map((m) => m.index), reached.map((_, i) => i), 'steps arrive in order, none missing');
    assert.ok(steps.every((m) => m.lesson === 'web-page' && m.key.startsWith('story-')));
    const story = await frame.locator('.story li').allTextContents();
    assert.deepEqual(reached.map((m) => m.text), story.slice(0, reached.length), 'each step’s text is the narration’s');

    await page.getByRole('button', { name: 'Play' }).click();
    await frame.getByRole('button', { name: 'Pause' }).waitFor();
    assert.ok(await clockMoves(frame, 300), 'play: the clock moves');
    await page.getByRole('button', { name: 'Pause' }).click();
    await frame.getByRole('button', { name: 'Play' }).waitFor();
    assert.equal(await clockMoves(frame), false, 'pause: the clock stands still');

    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('button', { name: 'Set language' }).click();
    await frame.getByRole('heading', { name: 'Qué está pasando' }).waitFor();
    await frame.getByRole('button', { name: 'Reproducir' }).waitFor();

    await page.getByLabel('Lesson').selectOption('server-says-no');
    await page.getByRole('button', { name: 'Load lesson' }).click();
    await waitForMessage(page, (m) => m.type === 'lesson-loaded' && m.lesson === 'server-says-no' && m.lang === 'es', 'the new lesson');
    await frame.getByRole('heading', { name: 'El servidor dice que no' }).waitFor();
    const stepsOfNew = await waitForMessage(page, (m) => m.type === 'step-reached' && m.lesson === 'server-says-no', 'its steps');
    assert.equal(stepsOfNew[0].index, 0, 'a new run counts its steps from 0');

    await page.getByLabel('Lesson').selectOption('web-page');
    await page.getByLabel(/over HTTPS/).check();
    await page.getByRole('button', { name: 'Load lesson' }).click();
    await frame.getByRole('heading', { name: 'Qué pasa cuando abres una página web' }).waitFor();
    await frame.getByRole('checkbox', { name: 'HTTPS (TLS)' }).waitFor();
    assert.ok(await frame.getByRole('checkbox', { name: 'HTTPS (TLS)' }).isChecked(), 'load-lesson with its settings');
    await screenshot(page, 'course-page');

    // A command with an unknown type or a bad field is ignored with a
    // warning; a message from anyone but the parent is ignored.
    const before = (await logged(page)).length;
    await page.evaluate(() => {
      const lab = document.getElementById('lab').contentWindow;
      lab.postMessage({ source: 'cslab', version: 1, type: 'dance' }, '*');
      lab.postMessage({ source: 'cslab', version: 1, type: 'set-language', lang: 'de' }, '*');
      lab.postMessage('pause', '*');
    });
    await sleep(300);
    assert.equal(warnings.filter((w) => w.includes('ignored a course page')).length, 2, warnings.join('\n'));
    await page.getByRole('button', { name: 'Pause' }).click();
    await frame.getByRole('button', { name: 'Reproducir' }).waitFor();
    const labFrame = page.frames().find((f) => f !== page.mainFrame());
    await labFrame.evaluate(() => window.postMessage({ source: 'cslab', version: 1, type: 'play' }, '*'));
    assert.equal(await clockMoves(frame), false, 'the lab’s own message is not the parent’s: still paused');
    assert.ok((await logged(page)).length >= before);
  });
});

test('the course page hears the learner’s answer to a question once the run shows it, and its Play does not skip the question', async () => {
  await withPage(COURSE_PAGE, async (page) => {
    const frame = page.frameLocator('#lab');
    await waitForMessage(page, (m) => m.type === 'lesson-loaded', 'lesson-loaded');
    const choices = await toTheQuestion(frame);
    await page.getByRole('button', { name: 'Play' }).click();
    assert.equal(await clockMoves(frame), false, 'the course page’s play leaves the question waiting');
    assert.ok(await choices.isVisible());
    await choices.getByRole('button', { name: '1', exact: true }).click();
    await toTheResult(frame);
    const [answered] = await waitForMessage(page, (m) => m.type === 'question-answered', 'question-answered');
    assert.deepEqual(answered, {
      source: 'cslab', version: 1, type: 'question-answered', lesson: 'web-page',
      question: 'ask-web-connections', answer: '1', correct: true,
    }, 'persistent HTTP: one connection, as the learner said');
    assert.match(await frame.locator('.question-result').textContent(), /Right!.*The run shows: 1\./);
    assert.equal((await logged(page)).filter((m) => m.type === 'question-answered').length, 1, 'told once');
  });
});
