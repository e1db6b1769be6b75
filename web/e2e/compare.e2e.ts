/**
 * Compare, in Chromium: a playground of this file's own, started as
 * `npm start -- --target lab=HOST:PORT,insecure` would be, in front of a real SMTP
 * server (nodemailer's smtp-server, STARTTLS with a self-signed certificate), and in
 * front of real Postfix too where tools/reference-servers/start runs it. The page plays
 * the safe corpus through the relay and beside the in-tab sandbox; the test finds the
 * fingerprint card and a dialogue's side-by-side as a learner would, by role and name.
 * And what the view says on a page with no relay.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULTS } from '../../relay/src/config.js';
import { type Playground, startPlayground } from '../../relay/src/playground.js';
import { HOST, REFERENCE_SERVERS, type ReferenceServer } from '../../tools/reference-servers/paths.js';
import { referenceStatus } from '../../tools/reference-servers/status.js';
import { ARTIFACTS, expectAccessible, hasChromium, useBrowser } from './browser.js';
import { type LabServer, startLabServer } from './lab-server.js';

const postfix = REFERENCE_SERVERS.find((s) => s.name === 'postfix') as ReferenceServer;
const postfixStatus = await referenceStatus(postfix);
const postfixUp = postfixStatus.up;
if (!postfixUp)
  console.warn(
    `compare e2e: real Postfix is not on ${postfixStatus.where} (${postfixStatus.why}); its test is skipped (start it with ${postfixStatus.howToStart})`,
  );

/** Chooses the server and the personality, presses Compare, and waits for the run to finish. */
async function compare(page: Page, server: string, personality: 'Exim-like' | 'Postfix-like') {
  await page.getByRole('combobox', { name: 'Server to compare' }).selectOption({ label: server });
  await page.getByRole('combobox', { name: 'Sandbox personality' }).selectOption({ label: personality });
  await page.getByRole('button', { name: 'Compare' }).click();
  const status = page.getByRole('status');
  await expect.poll(() => status.textContent(), { timeout: 90_000 }).toMatch(/^Done: \d+ dialogues played\.$/);
}

/** The fingerprint card's value for a row, in the server's column. */
async function cardValue(page: Page, server: string, label: string): Promise<string> {
  const row = page.getByRole('region', { name: `Fingerprint of ${server}` }).getByRole('row', { name: new RegExp(`^${label}`) });
  return (await row.getByRole('cell').first().textContent()) ?? '';
}

describe.skipIf(!hasChromium)('Compare in Chromium, through the relay', () => {
  const context = useBrowser();
  let server: LabServer | undefined;
  let lab: Playground;
  let labPort = 0;
  let lettersStarted = 0;
  let delivered = 0;
  beforeAll(async () => {
    server = await startLabServer({
      onAuth: (_auth, _session, done) => done(new Error('Invalid username or password')),
      onData(stream, _session, done) {
        // smtp-server is lenient enough to say 354 in a few dialogues (it ignores FOO=BAR);
        // the letter must still never end: the client hangs up instead.
        lettersStarted++;
        stream.on('error', () => {});
        stream.resume();
        stream.on('end', () => {
          delivered++;
          done();
        });
      },
    });
    labPort = server.port;
    const targets = [{ name: 'lab', host: '127.0.0.1', port: labPort, tls: 'starttls' as const, insecure: true }];
    if (postfixUp) targets.push({ name: 'postfix', host: HOST, port: postfix.port, tls: 'starttls', insecure: true });
    lab = await startPlayground({ ...DEFAULTS, smtpPort: 0, pop3Port: 0, httpPort: 0, targets }, fileURLToPath(new URL('../dist', import.meta.url)), {
      log: () => {},
    });
  });
  afterAll(async () => {
    await lab?.close();
    await server?.close();
  });

  it('plays the safe corpus against a real server and the Postfix-like sandbox, and shows the fingerprint and each dialogue side by side', async () => {
    const page = await context().newPage();
    await page.goto(`http://127.0.0.1:${lab.httpPort}/#/compare`);
    await expect.poll(() => page.getByRole('link', { name: 'Compare' }).getAttribute('aria-current')).toBe('page');
    await page.getByRole('heading', { name: 'Compare with a real server' }).waitFor();
    await compare(page, `lab — 127.0.0.1:${labPort}`, 'Postfix-like');
    expect(lettersStarted).toBeGreaterThan(0);
    expect(delivered).toBe(0);

    expect(await cardValue(page, 'lab', 'Banner')).toBe('220 mail.lab.test ESMTP Lab mail server');
    expect(await cardValue(page, 'lab', 'STARTTLS')).toBe('offered; the handshake worked');
    expect(await cardValue(page, 'lab', 'Size limit')).toBe('not announced (no SIZE keyword)');
    expect(await cardValue(page, 'lab', 'Bare LF command')).toMatch(/^accepted/);
    await page.screenshot({ path: `${ARTIFACTS}compare-lab-card.png` });

    const dialogues = page.getByRole('list', { name: 'Dialogues' });
    await dialogues.getByText('ehlo', { exact: true }).click();
    const table = page.getByRole('table', { name: 'ehlo: lab beside Sandbox (Postfix-like)' });
    await table.waitFor();
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(['Difference', 'lab', 'Sandbox (Postfix-like)']);
    const rows = await table.getByRole('row').allTextContents();
    expect(rows).toContain('C: EHLO client.thmC: EHLO client.thm');
    expect(rows.some((r) => r.startsWith('~same reply code, other wordsS: 220 mail.lab.test ESMTP Lab mail server'))).toBe(true);
    expect(rows).toContain('↳ Same code 220, worded differently.');
    expect(rows).toContain('>only the sandboxS: 250-SIZE 10240000');
    expect(rows).toContain('↳ Only the sandbox offers SIZE 10240000.');
    await table.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}compare-lab-ehlo.png` });
    await expectAccessible(page);

    await page.getByRole('checkbox', { name: 'Only dialogues that differ' }).check();
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await dialogues.getByText('mail-before-helo', { exact: true }).click();
    await page.getByRole('table', { name: 'mail-before-helo: lab beside Sandbox (Postfix-like)' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}compare-lab-dark.png` });
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Dark theme' }).click(); // the setting is saved: leave the profile light
    await page.close();
  }, 180_000);

  it.skipIf(!postfixUp)(
    'reads real Postfix’s fingerprint and lines its transcripts up with the Postfix-like sandbox',
    async () => {
      const page = await context().newPage();
      await page.goto(`http://127.0.0.1:${lab.httpPort}/#/compare`);
      await compare(page, `postfix — ${postfixStatus.where}`, 'Postfix-like');
      expect(await cardValue(page, 'postfix', 'Banner')).toBe('220 example.thm ESMTP Postfix (Debian/GNU)');
      expect(await cardValue(page, 'postfix', 'Size limit')).toBe('10240000 bytes (9.8 MiB)');
      // The reference Postfix offers AUTH only inside TLS (smtpd_tls_auth_only).
      expect(await cardValue(page, 'postfix', 'AUTH in plain text')).toBe('not offered');
      expect(await cardValue(page, 'postfix', 'AUTH after STARTTLS')).toBe('PLAIN LOGIN');
      expect(await cardValue(page, 'postfix', 'Pipelining after HELO')).toMatch(/^accepted/);
      const region = page.getByRole('region', { name: `Fingerprint of postfix` });
      await region.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${ARTIFACTS}compare-postfix.png` });
      await page.close();
    },
    180_000,
  );
});

describe.skipIf(!hasChromium)('Compare in Chromium, with no relay behind the page', () => {
  const context = useBrowser();
  const baseUrl = inject('baseUrl');

  it('says comparing needs the relay started with a target', async () => {
    const page = await context().newPage();
    await page.route('**/api/targets', (route) => route.abort());
    await page.goto(`${baseUrl}#/compare`);
    const note = page.getByRole('region', { name: 'Relay needed' });
    await expect.poll(() => note.textContent()).toContain('npm start -- --target NAME=HOST:PORT');
    expect(await page.getByRole('button', { name: 'Compare' }).count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}compare-no-relay.png` });
    await expectAccessible(page);
    await page.close();
  });
});
