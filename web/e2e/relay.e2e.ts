/**
 * The page through the relay, in Chromium, against the real playground (global-setup.ts):
 * a full session with the relay's sandbox, STARTTLS included; a session typed on a raw
 * TCP socket to port 2525 and watched live; what the page says without a relay, and
 * when it names a server the relay doesn't know. And a playground of this file's own,
 * started as `npm start -- --target lab=HOST:PORT,insecure` would be, in front of a real
 * SMTP server (nodemailer's smtp-server, STARTTLS with a self-signed certificate, AUTH).
 */
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULTS } from '../../relay/src/config.js';
import { type Playground, startPlayground } from '../../relay/src/playground.js';
import { ARTIFACTS, expectAccessible, hasChromium, typeCommand, useBrowser } from './browser.js';
import { type LabServer, startLabServer } from './lab-server.js';

/** A telnet stand-in: writes lines, reads whole replies (up to the line "NNN text"). */
function rawSmtp(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  socket.setEncoding('utf8');
  let buffer = '';
  let wake: (() => void) | null = null;
  socket.on('data', (d: string) => {
    buffer += d;
    wake?.();
  });
  const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return {
    async reply(): Promise<string> {
      for (;;) {
        const end = /^\d{3} [^\r\n]*\r\n/m.exec(buffer);
        if (end) {
          const reply = buffer.slice(0, end.index + end[0].length);
          buffer = buffer.slice(reply.length);
          return reply;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
    write(text: string): void {
      socket.write(`${text}\r\n`);
    },
    async line(text: string): Promise<string> {
      socket.write(`${text}\r\n`);
      return this.reply();
    },
    ended,
    destroy: () => socket.destroy(),
  };
}

async function chooseServer(page: Page, label: string) {
  await page.getByRole('combobox', { name: 'Server' }).selectOption({ label });
}

/**
 * Types the envelope, each command with the reply it should get and the step the post
 * office should be at, then hands over the letter and waits for it to be sealed.
 */
async function sendLetter(page: Page, envelope: [string, string | RegExp, string][], letter: string, queued: RegExp) {
  const last = () => page.getByRole('listbox', { name: 'Transcript' }).getByRole('option').last().textContent();
  const step = page.getByRole('list', { name: 'Steps' }).locator('[aria-current="step"]');
  for (const [line, reply, stepName] of envelope) {
    await typeCommand(page, line);
    await expect.poll(last).toMatch(reply);
    await expect.poll(() => step.textContent()).toContain(stepName);
  }
  await page.getByRole('textbox', { name: /^Letter/ }).fill(letter);
  await page.getByRole('button', { name: 'Send letter and final dot' }).click();
  await expect.poll(last).toMatch(queued);
  await expect.poll(() => step.textContent()).toContain('Sealed');
}

describe.skipIf(!hasChromium)('the page through the relay, in Chromium', () => {
  const context = useBrowser();
  const baseUrl = inject('baseUrl');
  const smtpPort = inject('smtpPort');

  it('holds the classic session with the relay sandbox, STARTTLS included, and finds the letter in the relay’s mailbox', async () => {
    const page = await context().newPage();
    await page.goto(baseUrl);
    await chooseServer(page, `Relay sandbox — 127.0.0.1:${smtpPort}`);
    const connection = page.getByRole('region', { name: 'Connection' });
    const transcript = page.getByRole('listbox', { name: 'Transcript' });
    const last = () => transcript.getByRole('option').last().textContent();
    const step = page.getByRole('list', { name: 'Steps' }).locator('[aria-current="step"]');
    await expect.poll(() => connection.getByRole('status').textContent()).toContain(`Connected to Relay sandbox (127.0.0.1:${smtpPort})`);
    await expect.poll(last).toContain('220 example.thm ESMTP');
    await expect.poll(() => connection.textContent()).toContain('Plain text: not encrypted.');

    await typeCommand(page, 'EHLO client.thm');
    await expect.poll(() => transcript.textContent()).toContain('250-STARTTLS');
    await expect.poll(last).toMatch(/^S:250 /);
    await typeCommand(page, 'STARTTLS');
    const notice = transcript.getByRole('option', { name: /^Notice: TLS 1\.[23], / });
    await expect.poll(() => notice.getAttribute('aria-label')).toMatch(/ — certificate verified: CN=example\.thm, issued by .+, valid until .+$/);
    await expect.poll(() => connection.textContent()).toMatch(/TLS 1\.[23], certificate verified/);
    await page.screenshot({ path: `${ARTIFACTS}relay-starttls.png` });
    // The lock and the notice in the dark theme too: contrast is checked by axe in both.
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await connection.getByText('Certificate', { exact: true }).click();
    await page.screenshot({ path: `${ARTIFACTS}relay-starttls-dark.png` });
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Dark theme' }).click();

    await typeCommand(page, 'EHLO client.thm');
    await expect.poll(last).toMatch(/^S:250 /);
    await sendLetter(
      page,
      [
        ['MAIL FROM:<user@client.thm>', '250 OK', 'Return address'],
        ['RCPT TO:<strategos@server.thm>', '250 Accepted', 'Recipients'],
        ['DATA', '354 Enter message', 'Hand over the letter'],
      ],
      'From: user@client.thm\nTo: strategos@server.thm\nSubject: Through the relay\n\nSent from the page, over TLS, through the relay.',
      /250 OK id=\S+/,
    );
    const id = /id=(\S+)/.exec((await last()) ?? '')?.[1] ?? 'missing';
    await page.screenshot({ path: `${ARTIFACTS}relay-sealed.png` });
    await typeCommand(page, 'QUIT');
    await expect.poll(() => step.textContent()).toContain('Leave');
    await expect.poll(() => page.getByRole('button', { name: 'Connect' }).isVisible()).toBe(true);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Mailbox' }).click();
    await expect.poll(() => page.getByRole('radio', { name: /The relay’s/ }).isChecked()).toBe(true);
    await expect.poll(() => page.getByRole('list', { name: 'Messages' }).textContent()).toContain(id);
    await page
      .getByRole('list', { name: 'Messages' })
      .getByRole('button', { name: new RegExp(id) })
      .click();
    const message = page.getByRole('article', { name: 'Message' });
    await expect.poll(() => message.getByRole('region', { name: 'Body' }).textContent()).toContain('Sent from the page, over TLS, through the relay.');
    // The trace header: ESMTPS, with the cipher the real handshake agreed.
    await expect.poll(() => message.getByRole('region', { name: 'Raw source' }).textContent()).toMatch(/with esmtps \(TLS1\.[23]\) tls /);
    await page.screenshot({ path: `${ARTIFACTS}relay-mailbox.png` });
    await expectAccessible(page);
    await page.close();
  });

  it('follows a session typed on a raw TCP socket to the sandbox port, live', async () => {
    const page = await context().newPage();
    await page.goto(baseUrl);
    await chooseServer(page, `Watch port ${smtpPort}`);
    const status = page.getByRole('region', { name: 'Connection' }).getByRole('status');
    const transcript = page.getByRole('listbox', { name: 'Transcript' });
    const last = () => transcript.getByRole('option').last().textContent();
    const step = page.getByRole('list', { name: 'Steps' }).locator('[aria-current="step"]');
    await expect.poll(() => status.textContent()).toContain(`Waiting for a session to open. In a terminal: telnet localhost ${smtpPort}.`);
    const command = page.getByRole('textbox', { name: 'SMTP command' });
    expect(await command.isDisabled()).toBe(true);
    await expect.poll(() => page.getByText('Watching: type in your terminal').textContent()).toContain(`telnet localhost ${smtpPort}`);
    await page.screenshot({ path: `${ARTIFACTS}watch-waiting.png` });

    const telnet = rawSmtp(smtpPort);
    expect(await telnet.reply()).toMatch(/^220 /);
    await expect.poll(() => status.textContent()).toMatch(/following the session from 127\.0\.0\.1:\d+/);
    await expect.poll(() => transcript.getByRole('option', { name: /^New connection\. Server: 220 / }).count()).toBeGreaterThan(0);
    await expect.poll(() => step.textContent()).toContain('Arrive');

    const lines: [string, string, string][] = [
      ['HELO terminal.test', '250 example.thm Hello terminal.test', 'Greet the clerk'],
      ['MAIL FROM:<someone@terminal.test>', '250 OK', 'Return address'],
      ['RCPT TO:<learner@example.thm>', '250 Accepted', 'Recipients'],
      ['DATA', '354 Enter message', 'Hand over the letter'],
    ];
    for (const [line, reply, stepName] of lines) {
      expect(await telnet.line(line)).toContain(reply);
      await expect.poll(() => transcript.getByRole('option', { name: `Client: ${line}` }).count()).toBeGreaterThan(0);
      await expect.poll(last).toContain(reply);
      await expect.poll(() => step.textContent()).toContain(stepName);
    }
    // The letter: no replies until the final dot, so each line is checked on the page as it is typed.
    for (const line of ['Subject: Watched from a terminal', '', 'Typed line by line on port 2525.']) {
      telnet.write(line);
      if (line) await expect.poll(() => transcript.textContent()).toContain(line);
    }
    await expect.poll(() => page.getByRole('region', { name: 'Post office' }).textContent()).toContain('Typed line by line on port 2525.');
    await page.screenshot({ path: `${ARTIFACTS}watch-letter.png` });
    const queued = await telnet.line('.');
    expect(queued).toMatch(/^250 OK id=/);
    await expect.poll(() => step.textContent()).toContain('Sealed');
    await expect.poll(() => page.getByRole('region', { name: 'Receipt' }).textContent()).toContain(/id=(\S+)/.exec(queued)?.[1] ?? 'missing');
    await page.screenshot({ path: `${ARTIFACTS}watch-sealed.png` });

    expect(await telnet.line('QUIT')).toMatch(/^221 /);
    await telnet.ended;
    await expect.poll(() => step.textContent()).toContain('Leave');
    await expect.poll(() => status.textContent()).toContain('Waiting for a session to open.');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Mailbox' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Messages' }).textContent()).toContain('Watched from a terminal');
    await page.close();
  });

  it('offers only the in-tab servers, and says why, when the page has no relay behind it', async () => {
    const page = await context().newPage();
    await page.route('**/api/targets', (route) => route.abort());
    await page.goto(baseUrl);
    const picker = page.getByRole('combobox', { name: 'Server' });
    await expect
      .poll(() => picker.locator('option').allTextContents())
      .toEqual(['In-tab sandbox (no server needed)', 'In-tab POP3 sandbox (no server needed)']);
    await expect.poll(() => page.getByText('This page can’t reach a relay').isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('region', { name: 'Connection' }).getByRole('status').textContent()).toContain('Connected to In-tab sandbox');
    await page.screenshot({ path: `${ARTIFACTS}relay-unavailable.png` });
    await expectAccessible(page);
    await page.close();
  });

  it('explains a server the relay was not started with, and how to add it', async () => {
    const page = await context().newPage();
    await page.addInitScript(() => {
      const saved = JSON.parse(localStorage.getItem('smtp-playground:settings') ?? '{"state":{},"version":1}');
      saved.state.connection = 'relay:mx';
      localStorage.setItem('smtp-playground:settings', JSON.stringify(saved));
    });
    await page.goto(baseUrl);
    const alert = page.getByRole('region', { name: 'Connection' }).getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('npm start -- --target mx=HOST:PORT');
    const picker = page.getByRole('combobox', { name: 'Server' });
    await expect.poll(() => picker.inputValue()).toBe('relay:mx');
    await expect.poll(() => picker.locator('option:checked').textContent()).toBe('mx (through the relay) — not offered by this relay');
    await expect.poll(() => page.getByRole('button', { name: 'Connect' }).isVisible()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}relay-unknown-target.png` });
    await expectAccessible(page);
    await page.close();
  });
});

describe.skipIf(!hasChromium)('the page and a real server the relay was started with, in Chromium', () => {
  const context = useBrowser();
  const received: { from: string; to: string[]; user: unknown; secure: boolean; body: string }[] = [];
  let server: LabServer | undefined;
  let lab: Playground;
  let port = 0;
  beforeAll(async () => {
    server = await startLabServer({
      onAuth(auth, _session, done) {
        if (auth.username === 'student' && auth.password === 'lab') done(null, { user: auth.username });
        else done(new Error('Invalid username or password'));
      },
      onData(stream, session, done) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            user: session.user,
            secure: session.secure,
            body: Buffer.concat(chunks).toString('utf8'),
          });
          done();
        });
      },
    });
    port = server.port;
    const webRoot = fileURLToPath(new URL('../dist', import.meta.url));
    lab = await startPlayground(
      { ...DEFAULTS, smtpPort: 0, pop3Port: 0, httpPort: 0, targets: [{ name: 'lab', host: '127.0.0.1', port, tls: 'starttls', insecure: true }] },
      webRoot,
      { log: () => {} },
    );
  });
  afterAll(async () => {
    await lab?.close();
    await server?.close();
  });

  it('holds a whole session with it: EHLO, STARTTLS, EHLO again, AUTH, the letter, QUIT', async () => {
    const page = await context().newPage();
    await page.goto(`http://127.0.0.1:${lab.httpPort}/`);
    await chooseServer(page, `lab (through the relay) — 127.0.0.1:${port}, STARTTLS, certificate not verified`);
    const connection = page.getByRole('region', { name: 'Connection' });
    const transcript = page.getByRole('listbox', { name: 'Transcript' });
    const last = () => transcript.getByRole('option').last().textContent();
    const step = page.getByRole('list', { name: 'Steps' }).locator('[aria-current="step"]');
    await expect.poll(() => connection.getByRole('status').textContent()).toContain(`Connected to lab (through the relay) (127.0.0.1:${port})`);
    await expect.poll(last).toContain('220 mail.lab.test ESMTP Lab mail server');

    await typeCommand(page, 'EHLO client.thm');
    await expect.poll(() => transcript.textContent()).toMatch(/S:250[- ]STARTTLS/);
    await expect.poll(last).toMatch(/^S:250 /);
    await typeCommand(page, 'STARTTLS');
    const notice = transcript.getByRole('option', { name: /^Notice: TLS 1\.[23], / });
    await expect.poll(() => notice.getAttribute('aria-label')).toMatch(/not verified/i);
    await expect.poll(() => notice.getAttribute('aria-label')).toContain('CN=mail.lab.test');
    await expect.poll(() => connection.textContent()).toMatch(/TLS 1\.[23]/);
    await page.screenshot({ path: `${ARTIFACTS}lab-starttls.png` });

    await typeCommand(page, 'EHLO client.thm');
    await expect.poll(() => transcript.textContent()).toMatch(/S:250[- ]AUTH PLAIN LOGIN.*S:250[- ]AUTH PLAIN LOGIN/);
    await expect.poll(last).toMatch(/^S:250 /);
    await typeCommand(page, `AUTH PLAIN ${Buffer.from('\0student\0lab').toString('base64')}`);
    await expect.poll(last).toMatch(/^S:235 /);
    await sendLetter(
      page,
      [
        ['MAIL FROM:<student@client.thm>', /^S:250 /, 'Return address'],
        ['RCPT TO:<teacher@lab.test>', /^S:250 /, 'Recipients'],
        ['DATA', /^S:354 /, 'Hand over the letter'],
      ],
      'From: student@client.thm\nTo: teacher@lab.test\nSubject: Homework\n\nSent to a real server, through the relay.',
      /^S:250 /,
    );
    await page.screenshot({ path: `${ARTIFACTS}lab-sealed.png` });
    await typeCommand(page, 'QUIT');
    await expect.poll(() => step.textContent()).toContain('Leave');
    await expect.poll(() => page.getByRole('button', { name: 'Connect' }).isVisible()).toBe(true);
    await expectAccessible(page);

    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ from: 'student@client.thm', to: ['teacher@lab.test'], user: 'student', secure: true });
    expect(received[0]?.body).toContain('Sent to a real server, through the relay.');
    await page.close();
  });
});
