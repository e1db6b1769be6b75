import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import { ARTIFACTS, expectAccessible, hasChromium, typeCommand, useBrowser } from './browser.js';

describe.skipIf(!hasChromium)('the playground in Chromium', () => {
  const context = useBrowser();
  const baseUrl = inject('baseUrl');

  it('lets a learner type the classic session and follow it in the post office and the mailbox', async () => {
    const page = await context().newPage();
    await page.goto(baseUrl);
    const transcript = page.getByRole('listbox', { name: 'Transcript' });
    const step = page.getByRole('list', { name: 'Steps' }).locator('[aria-current="step"]');
    await expect.poll(() => transcript.getByRole('option').first().textContent()).toContain('220 example.thm ESMTP Exim 4.95 Ubuntu');
    await expect.poll(() => step.textContent()).toContain('Arrive');

    const session: [string, string, string][] = [
      ['HELO client.thm', '250 example.thm Hello client.thm', 'Greet the clerk'],
      ['MAIL FROM: <user@client.thm>', '250 OK', 'Return address'],
      ['RCPT TO: <strategos@server.thm>', '250 Accepted', 'Recipients'],
      ['DATA', '354 Enter message, ending with "." on a line by itself', 'Hand over the letter'],
    ];
    for (const [line, reply, stepName] of session) {
      await typeCommand(page, line);
      await expect.poll(() => transcript.getByRole('option').last().textContent()).toContain(reply);
      await expect.poll(() => step.textContent()).toContain(stepName);
    }
    await page.screenshot({ path: `${ARTIFACTS}playground-letter.png` });

    const letter = page.getByRole('textbox', { name: /^Letter/ });
    await letter.fill('From: user@client.thm\nTo: strategos@server.thm\nSubject: Telnet email\n\nHello. I am using telnet to send you an email!');
    await page.getByRole('button', { name: 'Send letter and final dot' }).click();
    await expect.poll(() => transcript.getByRole('option').last().textContent()).toMatch(/250 OK id=\w{6}-\w{6}-\w{2}/);
    await expect.poll(() => step.textContent()).toContain('Sealed');
    const queued = (await transcript.getByRole('option').last().textContent()) ?? '';
    const id = /id=(\S+)/.exec(queued)?.[1] ?? 'missing';
    await expect.poll(() => page.getByRole('region', { name: 'Receipt' }).textContent()).toContain(id);
    await page.screenshot({ path: `${ARTIFACTS}playground-sealed.png` });

    await typeCommand(page, 'QUIT');
    await expect.poll(() => step.textContent()).toContain('Leave');
    await expect.poll(() => page.getByRole('button', { name: 'Connect' }).isVisible()).toBe(true);

    await page.getByRole('link', { name: 'Mailbox' }).click();
    const message = page.getByRole('article', { name: 'Message' });
    await expect.poll(() => page.getByRole('list', { name: 'Messages' }).textContent()).toContain(id);
    await expect.poll(() => message.getByRole('region', { name: 'Envelope' }).textContent()).toContain('RCPT TO: <strategos@server.thm>');
    await expect.poll(() => message.getByRole('region', { name: 'Body' }).textContent()).toContain('Hello. I am using telnet to send you an email!');
    await expect.poll(() => message.getByRole('region', { name: 'Raw source' }).textContent()).toContain(`id ${id}`);
    await page.screenshot({ path: `${ARTIFACTS}mailbox.png` });
    await expectAccessible(page);
    await page.close();
  });

  it('works under its Content Security Policy: every view, the relay’s WebSocket and the favicon, with no console error', async () => {
    const page = await context().newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    const response = await page.goto(baseUrl);
    expect(response?.headers()).toMatchObject({
      'content-security-policy': expect.stringMatching(/^default-src 'self';.*frame-ancestors 'none'/),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    await expect.poll(() => page.getByRole('listbox', { name: 'Transcript' }).textContent()).toContain('220 example.thm');
    // The favicon the page links, served as SVG.
    const icon = await page.evaluate(async () => {
      const href = document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href ?? '';
      const r = await fetch(href);
      return { status: r.status, type: r.headers.get('content-type') };
    });
    expect(icon).toEqual({ status: 200, type: 'image/svg+xml' });
    // A WebSocket to the relay (connect-src) and its live feed (EventSource).
    await page.getByRole('combobox', { name: 'Server' }).selectOption({ label: `Relay sandbox — 127.0.0.1:${inject('smtpPort')}` });
    await expect.poll(() => page.getByRole('listbox', { name: 'Transcript' }).getByRole('option').last().textContent()).toMatch(/220 example\.thm ESMTP/);
    await typeCommand(page, 'QUIT');
    await expect.poll(() => page.getByRole('button', { name: 'Connect' }).isVisible()).toBe(true);
    // The choice is kept in the profile: back to the in-tab sandbox, as the other tests expect.
    await page.getByRole('combobox', { name: 'Server' }).selectOption({ label: 'In-tab sandbox (no server needed)' });
    for (const view of ['Lessons', 'Reference', 'Mailbox', 'Compare', 'Playground']) {
      await page.getByRole('link', { name: view, exact: true }).click();
      await expect.poll(() => page.getByRole('link', { name: view, exact: true }).getAttribute('aria-current')).toBe('page');
    }
    await page.waitForTimeout(300); // a violation reported late would still be caught
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a refusal in the scene when RCPT comes before MAIL', async () => {
    const page = await context().newPage();
    await page.goto(baseUrl);
    await page.getByRole('button', { name: 'Reset session' }).click();
    await typeCommand(page, 'HELO client.thm');
    await typeCommand(page, 'RCPT TO:<strategos@server.thm>');
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('503 sender not yet given');
    await expect.poll(() => alert.textContent()).toContain('MAIL FROM first');
    await page.screenshot({ path: `${ARTIFACTS}playground-refusal.png` });
    await expectAccessible(page);
    await page.close();
  });

  it('explains a line when it is selected, and exports the transcript', async () => {
    const page = await context().newPage();
    await page.goto(baseUrl);
    await page.getByRole('button', { name: 'Reset session' }).click();
    await typeCommand(page, 'EHLO client.thm');
    const transcript = page.getByRole('listbox', { name: 'Transcript' });
    await transcript.getByRole('option', { name: 'Client: EHLO client.thm' }).last().click();
    await expect.poll(() => page.getByRole('region', { name: 'Line explanation' }).textContent()).toContain('extensions');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
    const text = await readFile((await download.path()) as string, 'utf8');
    expect(text).toContain('C: EHLO client.thm');
    expect(text).toContain('S: 250-example.thm Hello client.thm');
    await page.close();
  });

  it('keeps the transcript and the mailbox across a reload', async () => {
    const page = await context().newPage();
    await page.goto(baseUrl);
    await typeCommand(page, 'NOOP');
    await page.waitForTimeout(700); // the transcript is saved at most twice a second
    await page.reload();
    await expect.poll(() => page.getByRole('listbox', { name: 'Transcript' }).textContent()).toContain('NOOP');
    await page.getByRole('link', { name: 'Mailbox' }).click();
    await expect.poll(() => page.getByRole('heading', { name: /Messages \(\d+\)/ }).textContent()).not.toBe('Messages (0)');
    await page.close();
  });

  it('switches to the dark theme and stays accessible', async () => {
    const page = await context().newPage();
    await page.goto(baseUrl);
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}playground-dark.png` });
    await expectAccessible(page);
    await page.close();
  });
});
