/**
 * Lessons 21 and 23 in a real Chromium, walked through their reference solutions as a
 * learner types them, with a screenshot at the end of each; and lesson 22's page when
 * the relay is there: it offers to watch port 2525 instead of typing, and ticks each
 * step as the tools its hints name talk to that port from this process, as a learner's
 * terminal would. Those sessions are relay/test/tool-sessions.ts's, the ones the relay's
 * own lesson 22 test runs: openssl s_client, swaks and smtplib for real (the walk skips
 * without them), telnet and nc as raw sockets that send exactly their bytes.
 */
import { lessonById } from '@smtp-playground/shared';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { has } from '../../relay/test/support.js';
import { ncCrlfSession, ncSession, sClientSession, smtplibSession, swaksSession, TOOLS, telnetSession } from '../../relay/test/tool-sessions.js';
import { ARTIFACTS, expectAccessible, hasChromium, typeCommand, useBrowser } from './browser.js';

const stepHeading = (page: Page) => page.getByRole('heading', { level: 3 }).filter({ hasText: /^Step \d+ of \d+:/ });
const progressNews = (page: Page) => page.getByRole('status', { name: 'Lesson progress' });
const transcript = (page: Page) => page.getByRole('listbox', { name: 'Transcript' });
const heading = (id: string, n: number) => {
  const lesson = lessonById(id);
  return `Step ${n} of ${lesson?.steps.length}: ${lesson?.steps[n - 1]?.title}`;
};

/** A goal's line in the step being viewed; its hidden words say "(done)" once it is ticked. */
const goalLine = (page: Page, label: string) => page.getByRole('list', { name: 'Goals' }).getByRole('listitem').filter({ hasText: label });
/** The watch feed crosses the relay and a WebSocket: on a busy machine the page may take more than poll's default second to tick. */
const WATCHED = { timeout: 10_000 };

describe.skipIf(!hasChromium)('lessons 21 to 23 in Chromium', () => {
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
    await telnetSession(smtpPort);
    await expect.poll(() => stepHeading(page).textContent()).toBe(heading('the-tools', 2));
    expect(await page.getByText('✓ Step 1 done: telnet, and the way out').isVisible()).toBe(true);
    await expectAccessible(page);
    await page.screenshot({ path: `${ARTIFACTS}lesson-22-watching.png` });
    await page.close();
  });

  it('walks lesson 22 through every step as the hints’ tools talk to the watched port: telnet, nc and nc -C, openssl s_client, swaks, smtplib (skipped without openssl, swaks and python3)', async ({
    skip,
  }) => {
    const missing = TOOLS.filter((tool) => !has(tool));
    skip(missing.length > 0, `lesson 22's walk runs the real tools and does not fake them; not on PATH here: ${missing.join(', ')}`);
    const page = await context().newPage();
    await page.goto(`${baseUrl}#/lessons/the-tools`);
    // The file's tests share one browser profile, and the test before left this lesson
    // watched and at step 2: a fresh start, as a new learner's browser would be.
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await expect.poll(() => stepHeading(page).textContent()).toBe(heading('the-tools', 1));
    await page
      .getByRole('note', { name: 'This lesson is done in a terminal' })
      .getByRole('button', { name: `Watch port ${smtpPort}` })
      .click();
    await expect.poll(() => page.getByText(`Waiting for a session to open. In a terminal: telnet localhost ${smtpPort}.`).isVisible()).toBe(true);
    const steps = lessonById('the-tools')?.steps ?? [];
    const ticked = async (n: number) => {
      await expect.poll(() => stepHeading(page).textContent(), WATCHED).toBe(heading('the-tools', n + 1));
      expect(await page.getByText(`✓ Step ${n} done: ${steps[n - 1]?.title}`).isVisible()).toBe(true);
    };

    // 1. telnet (a raw socket): EHLO in CRLF, then Ctrl-] and quit, a close with no QUIT.
    expect(await telnetSession(smtpPort)).toMatch(/^250 /m);
    await ticked(1);

    // 2. Plain nc (a raw socket): bare-LF lines; its goal ticks, and the step waits for nc -C.
    expect(await ncSession(smtpPort)).toMatch(/^250 /m);
    await expect.poll(() => goalLine(page, steps[1]?.goals[0]?.label ?? '?').textContent(), WATCHED).toContain('(done)');
    expect(await stepHeading(page).textContent()).toBe(heading('the-tools', 2));
    // nc -C (a raw socket): a whole letter in CRLF lines, and QUIT.
    expect(await ncCrlfSession(smtpPort)).toMatch(/^250 OK id=/);
    await ticked(2);

    // 3. openssl s_client -starttls smtp -crlf, its lines in lower case after the handshake.
    expect(await sClientSession(smtpPort)).toEqual([expect.stringMatching(/^250 /), '250 OK', expect.stringMatching(/^250 /), expect.stringMatching(/^221 /)]);
    await ticked(3);

    // 4. swaks, exactly as the hint gives it.
    expect((await swaksSession(smtpPort)).stdout).toMatch(/ -> X-Mailer: swaks/);
    await ticked(4);

    // 5. Python's smtplib, the hint's one line.
    expect((await smtplibSession(smtpPort)).stderr).toContain("send: 'mail FROM:<you@client.thm> size=20\\r\\n'");
    await expect.poll(() => progressNews(page).textContent(), WATCHED).toContain('Lesson complete!');
    expect(await page.getByText('Lesson complete!', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: `Next lesson: ${lessonById('the-next-protocols')?.title}` }).isVisible()).toBe(true);
    // The transcript is the watched port's last session: smtplib's, lower case and size= as it sends them.
    await expect.poll(() => transcript(page).textContent()).toContain('mail FROM:<you@client.thm> size=20');
    await expectAccessible(page);
    // The lesson panel scrolls by itself on a wide screen: bring its ending into the picture.
    await page.getByText('Lesson complete!', { exact: true }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}lesson-22-done.png` });
    await page.close();
  });
});
