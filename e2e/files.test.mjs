// "Moving a file" in the three languages: passive FTP is told step by step
// to its 227, the table compares the three ways; active FTP behind the NAT
// is told to its 425; after SFTP's NEWKEYS the inspector shows an observer
// a packet's length and nothing else; the resumed download is told to its
// 206; a bad way gets the notice; working out the table never holds the
// page's main thread 50 ms.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { longestGapOfRuns, probeMainThread, screenshot, start, stepUntil, withPage } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const LANGS = {
  en: { title: 'Moving a file', next: 'Next step', table: 'The same file, three ways', sizes: 'An eavesdropper reads only sizes.' },
  es: { title: 'Mover un archivo', next: 'Siguiente paso', table: 'El mismo archivo, de tres maneras', sizes: 'Un espía lee solo tamaños.' },
  it: { title: 'Spostare un file', next: 'Passo successivo', table: 'Lo stesso file, in tre modi', sizes: 'Chi intercetta legge solo le dimensioni.' },
};

/** The table's rows: each way's name and its figures. */
async function table(page) {
  const rows = page.locator('.files-compare tbody tr:not(.readable)');
  await rows.first().waitFor();
  return rows.evaluateAll((all) => all.map((row) => [...row.children].map((cell) => cell.textContent)));
}

/** Under each way's row, what an eavesdropper reads. */
async function readable(page) {
  return page.locator('.files-compare tbody tr.readable').allTextContents();
}

for (const [lang, words] of Object.entries(LANGS)) {
  test(`${lang}: passive FTP logs in, in clear, and the table compares the three ways`, async () => {
    await withPage(env, `/?lesson=files&lang=${lang}`, async (page) => {
      await page.getByRole('heading', { name: words.title, exact: true }).first().waitFor();
      // The protocol's words stay its own in every language.
      const login = await stepUntil(page, words.next, 'PASS');
      assert.ok(login.includes('230 Login successful.'), login);
      const passive = await stepUntil(page, words.next, '227');
      assert.ok(passive.includes('p1 × 256 + p2'), passive);
      await page.getByRole('heading', { name: words.table }).waitFor();
      const rows = await table(page);
      assert.deepEqual(rows.map((row) => row[0]), ['FTP', 'SFTP', 'HTTP']);
      // Connections: control and data; one SSH; HTTP's first and the
      // resumed one (crates/files/tests/transfers.rs). FTP's round trips:
      // the two handshakes, USER, PASS, TYPE, PASV, RETR, QUIT.
      assert.deepEqual(rows.map((row) => row[1]), ['2', '1', '2']);
      assert.equal(rows[0][2], '8');
      assert.equal((await readable(page))[1], words.sizes);
      await screenshot(page, `files-${lang}`);
    });
  });
}

test('active FTP behind the NAT: the server connects back, the router drops it, 425', async () => {
  await withPage(env, '/?lesson=files&ftp-mode=active', async (page) => {
    const port = await stepUntil(page, 'Next step', 'PORT');
    assert.ok(port.includes('500 Illegal PORT command'), port);
    const dropped = await stepUntil(page, 'Next step', 'no line for that port');
    assert.ok(dropped.includes('1, 2, 4, 8 and 16 seconds'), dropped);
    const refused = await stepUntil(page, 'Next step', '425');
    assert.ok(refused.includes('60 seconds'), refused);
    const rows = await table(page);
    assert.ok(rows[0][0].includes('failed'), rows[0][0]);
    await screenshot(page, 'files-active-nat');
  });
});

test('after NEWKEYS an observer sees an SSH packet\'s length, not what it says', async () => {
  await withPage(env, '/?lesson=files&how=sftp', async (page) => {
    await stepUntil(page, 'Next step', 'NEWKEYS');
    await stepUntil(page, 'Next step', 'ssh-userauth');
    await page.getByRole('button', { name: 'Pause' }).click().catch(() => {});
    await page.locator('.event-row', { hasText: 'SSH_MSG_USERAUTH_REQUEST' }).last().click();
    const hidden = page.locator('.inspector .layer.hidden', { hasText: 'Application (SSH)' });
    const sealed = await page.locator('.inspector .layer', { hasText: 'SSH packet, bytes' }).innerText();
    assert.match(sealed, /SSH packet, bytes\s*\d+/);
    assert.equal(await hidden.count(), 1, 'the message itself is greyed out');
    assert.ok((await hidden.innerText()).includes('only an SSH packet of this length'));
    await screenshot(page, 'files-sftp-inspector');
  });
});

test('the download resumes with a Range after the line breaks', async () => {
  await withPage(env, '/?lesson=files&how=http&lang=it', async (page) => {
    const told = await stepUntil(page, 'Passo successivo', '206 Partial Content', 10);
    assert.ok(told.includes('Content-Range'), told);
  });
});

test('a bad way in the address is named in a notice', async () => {
  await withPage(env, '/?lesson=files&how=carrier-pigeon', async (page) => {
    await page.getByText('Ignored “how=carrier-pigeon” in the URL: the value must be one of ftp, sftp, http.').waitFor();
  });
});

test('working out the table of three runs never holds the main thread 50 ms', async () => {
  // Each change of FTP's mode or the NAT runs the three ways again and
  // rebuilds the lesson; each is timed alone.
  const runs = await longestGapOfRuns(() => withPage(env, '/?lesson=files', async (page) => {
    await table(page);
    await page.waitForTimeout(300);
    let longest = 0;
    for (const label of ['Active (PORT: the server connects)', 'Passive (PASV: Alice connects)']) {
      const stop = await probeMainThread(page);
      await page.getByLabel('FTP data connection').selectOption({ label });
      await page.waitForTimeout(200);
      longest = Math.max(longest, ...(await stop()));
    }
    const stop = await probeMainThread(page);
    await page.getByLabel('Alice behind her home router’s NAT').click();
    await page.waitForTimeout(200);
    longest = Math.max(longest, ...(await stop()));
    console.log(`files' table: longest main-thread gap ${longest.toFixed(1)} ms`);
    return longest;
  }));
  assert.ok(runs.at(-1) < 50, `the main thread was held 50 ms or more in every run: ${runs.map((ms) => ms.toFixed(1)).join(', ')} ms`);
});
