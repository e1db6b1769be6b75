/**
 * Lessons 21 and 23 in a real Chromium, walked through their reference solutions as a
 * learner types them, with a screenshot at the end of each; and lesson 22's page when
 * the relay is there: it offers to watch port 2525 instead of typing.
 */
import net from 'node:net';
import { lessonById } from '@smtp-playground/shared';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { ARTIFACTS, expectAccessible, hasChromium, typeCommand, useBrowser } from './browser.js';

const stepHeading = (page: Page) => page.getByRole('heading', { level: 3 }).filter({ hasText: /^Step \d+ of \d+:/ });
const progressNews = (page: Page) => page.getByRole('status', { name: 'Lesson progress' });
const transcript = (page: Page) => page.getByRole('listbox', { name: 'Transcript' });
const heading = (id: string, n: number) => {
  const lesson = lessonById(id);
  return `Step ${n} of ${lesson?.steps.length}: ${lesson?.steps[n - 1]?.title}`;
};

/** A terminal's telnet session: the greeting, one line and its reply, then the connection dropped. */
async function telnetSession(port: number, line: string): Promise<void> {
  const socket = net.connect({ port, host: '127.0.0.1' });
  let seen = '';
  const replies = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if ((seen.match(/^\d{3} /gm) ?? []).length >= n) resolve();
      };
      socket.on('data', (d: Buffer) => {
        seen += d.toString('latin1');
        check();
      });
      check();
    });
  await replies(1);
  socket.write(`${line}\r\n`);
  await replies(2);
  socket.destroy();
}

describe.skipIf(!hasChromium)('lessons 21 and 23 in Chromium', () => {
  const context = useBrowser();
  const baseUrl = inject('baseUrl');
  const smtpPort = inject('smtpPort');

  it('walks lesson 21 through its solution: the banner, VRFY, RCPT TO and the relay test', async () => {
    const page = await context().newPage();
    await page.goto(`${baseUrl}#/lessons/reading-a-server`);
    await expect.poll(() => stepHeading(page).textContent()).toBe(heading('reading-a-server', 1));
    await expect.poll(() => transcript(page).textContent()).toContain('220 example.thm ESMTP Exim 4.95 Ubuntu');
    expect(await page.getByText('Server: the in-tab Exim-like sandbox, scenario “Unknown users”.').isVisible()).toBe(true);
    await typeCommand(page, 'EHLO client.thm');
    await expect.poll(() => stepHeading(page).textContent()).toBe(heading('reading-a-server', 2));
    await typeCommand(page, 'VRFY alice@example.com');
    await typeCommand(page, 'VRFY carol@example.com');
    await expect.poll(() => stepHeading(page).textContent()).toBe(heading('reading-a-server', 3));
    await typeCommand(page, 'MAIL FROM:<tester@client.thm>');
    await typeCommand(page, 'RCPT TO:<alice@example.com>');
    await typeCommand(page, 'RCPT TO:<carol@example.com>');
    await expect.poll(() => stepHeading(page).textContent()).toBe(heading('reading-a-server', 4));
    await typeCommand(page, 'RCPT TO:<friend@elsewhere.test>');
    await typeCommand(page, 'QUIT');
    await expect.poll(() => progressNews(page).textContent()).toContain('Lesson complete!');
    const lines = await transcript(page).getByRole('option').allTextContents();
    for (const reply of ['252 Administrative prohibition', '550 Unrouteable address', '550 relay not permitted']) {
      expect(
        lines.some((l) => l.includes(reply)),
        reply,
      ).toBe(true);
    }
    expect(await page.getByRole('link', { name: /^Next lesson: / }).isVisible()).toBe(true);
    await expectAccessible(page);
    await page.screenshot({ path: `${ARTIFACTS}lesson-21-done.png` });
    await page.close();
  });

  it('walks lesson 23 through its solution: RETR refused, HELP and EHLO, and a letter for later', async () => {
    const page = await context().newPage();
    await page.goto(`${baseUrl}#/lessons/the-next-protocols`);
    await expect.poll(() => stepHeading(page).textContent()).toBe(heading('the-next-protocols', 1));
    await expect.poll(() => transcript(page).textContent()).toContain('220 ');
    await typeCommand(page, 'RETR 1');
    await expect.poll(() => stepHeading(page).textContent()).toBe(heading('the-next-protocols', 2));
    await typeCommand(page, 'HELP');
    await typeCommand(page, 'EHLO client.thm');
    await expect.poll(() => stepHeading(page).textContent()).toBe(heading('the-next-protocols', 3));
    expect(await page.getByText('POP3 is not in the playground yet', { exact: false }).isVisible()).toBe(true);
    await typeCommand(page, 'MAIL FROM:<you@client.thm>');
    await typeCommand(page, 'RCPT TO:<alice@example.com>');
    await typeCommand(page, 'DATA');
    await page.getByRole('textbox', { name: /^Letter/ }).fill('Subject: to fetch later\n\nSee you in POP3.');
    await page.getByRole('button', { name: 'Send letter and final dot' }).click();
    await expect.poll(() => transcript(page).textContent()).toContain('250 OK id=');
    await typeCommand(page, 'QUIT');
    await expect.poll(() => progressNews(page).textContent()).toContain('Lesson complete!');
    const lines = await transcript(page).getByRole('option').allTextContents();
    expect(lines.some((l) => l.includes('500 unrecognized command'))).toBe(true);
    expect(lines.some((l) => l.includes('214 '))).toBe(true);
    await expectAccessible(page);
    await page.screenshot({ path: `${ARTIFACTS}lesson-23-done.png` });
    await page.close();
  });

  it('shows lesson 22 as a terminal lesson, offers to watch the sandbox port, and ticks its first step from a terminal’s session', async () => {
    const page = await context().newPage();
    await page.goto(`${baseUrl}#/lessons/the-tools`);
    const note = page.getByRole('note', { name: 'This lesson is done in a terminal' });
    await expect.poll(() => note.isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Show me' }).count()).toBe(0);
    await note.getByRole('button', { name: `Watch port ${smtpPort}` }).click();
    await expect.poll(() => page.getByText(/^Watching port \d+: type in your terminal/).isVisible()).toBe(true);
    await expect.poll(() => page.getByText(`Waiting for a session to open. In a terminal: telnet localhost ${smtpPort}.`).isVisible()).toBe(true);
    // What telnet puts on the wire: EHLO in CRLF, then Ctrl-] and quit, a close with no QUIT.
    await telnetSession(smtpPort, 'EHLO client.thm');
    await expect.poll(() => stepHeading(page).textContent()).toBe(heading('the-tools', 2));
    expect(await page.getByText('✓ Step 1 done: telnet, and the way out').isVisible()).toBe(true);
    await expectAccessible(page);
    await page.screenshot({ path: `${ARTIFACTS}lesson-22-watching.png` });
    await page.close();
  });
});
