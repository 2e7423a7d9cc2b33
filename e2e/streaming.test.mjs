// "Watching and talking" in the three languages: HLS told from its
// playlists to playback (240p first, from hls.js's 500 kbit/s estimate),
// the table of the three streams' delays measured by the page (HLS about
// 12.5 s behind live, the camera about 1 s, the call 53 ms); the call with
// Bob's router symmetric told as peer-reflexive and still direct, the
// router's NAT table naming the remote endpoint of each mapping; a bad
// stream in the address gets the notice; the HLS run (some 15,000 packets)
// and the table never hold the page's main thread 50 ms.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { longestGapOfRuns, probeMainThread, screenshot, start, stepUntil, withPage } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const LANGS = {
  en: { title: 'Watching and talking', next: 'Next step', table: 'From the camera to the screen', hls: '12.49 s', rtsp: '1.04 s' },
  es: { title: 'Ver y hablar', next: 'Siguiente paso', table: 'De la cámara a la pantalla', hls: '12,49 s', rtsp: '1,04 s' },
  it: { title: 'Guardare e parlare', next: 'Passo successivo', table: 'Dalla telecamera allo schermo', hls: '12,49 s', rtsp: '1,04 s' },
};

/** The table's rows: each stream's name, delay and what makes it. */
async function table(page) {
  const rows = page.locator('.stream-compare tbody tr');
  await rows.first().waitFor({ timeout: 20_000 });
  return rows.evaluateAll((all) => all.map((row) => [...row.children].map((cell) => cell.textContent)));
}

for (const [lang, words] of Object.entries(LANGS)) {
  test(`${lang}: HLS is told from its playlists, and the table compares the three delays`, async () => {
    await withPage(env, `/?lesson=streaming&lang=${lang}`, async (page) => {
      await page.getByRole('heading', { name: words.title, exact: true }).first().waitFor();
      // The run stops where the second step begins: 500 kbit/s × 0.7 =
      // 350 kbit/s, and only 240p's 300 kbit/s fits.
      const caption = page.locator('.step-caption', { hasText: '240p' });
      await caption.waitFor();
      assert.ok((await caption.textContent()).includes('500 kbit/s'));
      await page.getByRole('button', { name: words.next, exact: true }).waitFor();
      await page.getByRole('heading', { name: words.table }).waitFor();
      const rows = await table(page);
      assert.equal(rows.length, 3);
      // HLS: segment 12 (48 s of the channel) playing from 0.49 s of a
      // channel 60 s live; the camera: a frame (33 ms), 6 ms of links and
      // VLC's 1,000 ms; the call: a frame and 20 ms of links.
      assert.equal(rows[0][1], words.hls);
      assert.equal(rows[1][1], words.rtsp);
      assert.equal(rows[2][1], '53 ms');
      await page.locator('.stream-buffer meter').waitFor();
      await screenshot(page, `streaming-${lang}`);
    });
  });
}

test('with Bob\'s router symmetric the call is told peer-reflexive, and his router names each mapping\'s remote', async () => {
  await withPage(env, '/?lesson=streaming&kind=webrtc&call-nat=symmetric', async (page) => {
    const told = await stepUntil(page, 'Next step', 'peer-reflexive');
    assert.ok(told.includes('symmetric NAT'), told);
    await page.locator('g.node[aria-label^="Bob’s router"]').click();
    const details = page.locator('.card.details');
    await details.getByText(/Symmetric NAT/).first().waitFor();
    await details.getByText(/^UDP 192\.168\.0\.20:50000 ↔ 203\.0\.113\.57:\d+ → 203\.0\.113\.3:3478$/).first().waitFor();
    await screenshot(page, 'streaming-symmetric');
  });
  await withPage(env, '/?lesson=streaming&kind=webrtc&call-nat=both&lang=it', async (page) => {
    const told = await stepUntil(page, 'Passo successivo', 'relay', 16);
    assert.ok(told.includes('TURN'), told);
    const rows = await table(page);
    assert.equal(rows[2][2], 'un fotogramma e i collegamenti, attraverso il relay TURN');
  });
});

test('a bad stream in the address is named in a notice', async () => {
  await withPage(env, '/?lesson=streaming&kind=carrier-pigeon', async (page) => {
    await page.getByText('Ignored “kind=carrier-pigeon” in the URL: the value must be one of hls, rtsp, webrtc.').waitFor();
  });
});

test('the HLS run and the table of three runs never hold the main thread 50 ms', async () => {
  // The page opens on HLS (some 15,000 packets in its minute) and works
  // out the table (three runs, a slice per frame); the drop is switched,
  // which builds the run and the table again; then the story is stepped at
  // the speed the lesson opens at through the first segments' hundreds of
  // packets.
  const runs = await longestGapOfRuns(() => withPage(env, '/?lesson=streaming', async (page) => {
    await page.locator('.step-caption').waitFor();
    // The card in view first: scrolling the page is not the lesson's work.
    const drop = page.getByLabel('HLS: the line drops to 1 Mbit/s from 20 s to 40 s');
    await drop.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    const stop = await probeMainThread(page);
    await table(page);
    await drop.click();
    await page.waitForTimeout(300);
    await table(page);
    await stepUntil(page, 'Next step', '720p');
    const longest = Math.max(...(await stop()));
    console.log(`streaming: longest main-thread gap ${longest.toFixed(1)} ms`);
    return longest;
  }));
  assert.ok(runs.at(-1) < 50, `the main thread was held 50 ms or more in every run: ${runs.map((ms) => ms.toFixed(1)).join(', ')} ms`);
});
