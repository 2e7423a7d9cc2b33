// The event list's "Download .pcapng" button (issue 17, item 6): the file
// the page saves for a run is, byte for byte, the one `cslab-cli lesson
// NAME --set ... --pcap FILE` writes for the same lesson, settings and
// seed; it is named after them; the button works by mouse and by
// keyboard; and, where Wireshark's tshark is installed, the file holds as
// many packets as the run sent.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { screenshot, start, withPage } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cslab-pcap-export-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** `cslab-cli lesson NAME --set KEY=VALUE ... --pcap FILE`, run to its end:
 * the file's bytes and the transcript's messages. */
function native(lesson, settings) {
  const file = path.join(tmp, `${lesson}-cli.pcapng`);
  const sets = Object.entries(settings).flatMap(([key, value]) => ['--set', `${key}=${value}`]);
  const out = execFileSync('cargo', ['run', '--quiet', '--locked', '--bin', 'cslab-cli', '--', 'lesson', lesson, ...sets,
    '--pcap', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { bytes: fs.readFileSync(file), messages: JSON.parse(out).messages.length };
}

/** The packets in a capture as Wireshark's tshark counts them, or null
 * without tshark. */
function tsharkPackets(file) {
  try {
    execFileSync('tshark', ['-v'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const lines = execFileSync('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8' });
  return lines.split('\n').filter(Boolean).length;
}

/** Runs the lesson to its end: the timeline dragged past it, again each
 * time the clock stops at a step of the narration on the way, until the
 * page says the run is over (and stops its clock where the run ended). */
async function runToTheEnd(page) {
  await page.locator('.event-rows').waitFor();
  const over = page.locator('.controls .restarted', { hasText: 'The run is over' });
  for (let i = 0; i < 400 && !(await over.count()); i += 1) {
    await page.locator('.controls .timeline').evaluate((timeline) => {
      timeline.max = timeline.value = String(1e12);
      timeline.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await over.waitFor({ timeout: 1000 });
}

/** Saves the capture with `press` (a click or keys on the button); the
 * download's name and bytes. */
async function save(page, press) {
  const button = page.locator('.events').getByRole('button', { name: 'Download .pcapng' });
  const [download] = await Promise.all([page.waitForEvent('download'), press(button)]);
  const file = path.join(tmp, download.suggestedFilename());
  await download.saveAs(file);
  return { name: download.suggestedFilename(), file, bytes: fs.readFileSync(file) };
}

const RUNS = [
  // Clicked.
  { lesson: 'web-page', settings: { https: '1' }, name: 'web-page-https-1.pcapng', press: (button) => button.click() },
  // A later lesson, by keyboard: the button focused, then Enter.
  {
    lesson: 'email',
    settings: { mta: 'exim' },
    name: 'email-mta-exim.pcapng',
    press: async (button) => { await button.focus(); await button.page().keyboard.press('Enter'); },
  },
];

for (const { lesson, settings, name, press } of RUNS) {
  const query = new URLSearchParams({ lesson, ...settings });
  test(`${lesson}: the page saves the bytes cslab-cli --pcap writes`, async () => {
    const cli = native(lesson, settings);
    await withPage(env, `/?${query}`, async (page) => {
      await runToTheEnd(page);
      const saved = await save(page, press);
      await screenshot(page, `pcap-export-${lesson}`);
      assert.equal(saved.name, name, 'named by the lesson and its settings');
      assert.ok(saved.bytes.length > 1000, `a capture of the run (${saved.bytes.length} B)`);
      // Compared whole, and at the first difference for a readable failure.
      if (!saved.bytes.equals(cli.bytes)) {
        const at = [...saved.bytes].findIndex((byte, i) => byte !== cli.bytes[i]);
        assert.fail(`the page's file (${saved.bytes.length} B) differs from cslab-cli's (${cli.bytes.length} B) at byte ${at}`);
      }
      // The list shows the newest 100 packets: all of a run shorter than that.
      const rows = await page.locator('.event-rows li').count();
      const packets = tsharkPackets(saved.file);
      if (packets !== null) {
        assert.equal(packets, cli.messages, 'tshark reads every packet the run sent');
        if (packets < 100) assert.equal(rows, packets, 'as many packets as the event list shows');
        else assert.equal(rows, 100);
      }
    });
  });
}

// A long run's page keeps only its latest records (the load lesson's trace
// window): the button then says the file starts part way, and where to get
// it whole.
test('a long run: the button says the page no longer keeps its first packets', async () => {
  await withPage(env, '/?lesson=server-under-load', async (page) => {
    const button = page.locator('.events').getByRole('button', { name: 'Download .pcapng' });
    await page.locator('.event-rows').waitFor();
    assert.match(await button.getAttribute('title'), /packets sent so far/);
    await runToTheEnd(page);
    assert.match(await button.getAttribute('title'), /no longer keeps its first packets.*--pcap writes them all/);
  });
});
