/**
 * POP3 in the page, in Chromium (issue 14's "Done when"): with no server behind the page
 * (the relay's API and WebSocket refused), a letter sent by hand in the in-tab SMTP
 * sandbox is fetched by hand in the in-tab POP3 sandbox: USER strategos, PASS sandbox,
 * LIST, RETR 1, QUIT. Then the same through the real relay: a letter sent to its SMTP
 * sandbox, collected from its `pop3` target (port 2110's sandbox) with STLS first. And
 * a POP3 lesson walked with "Show me". Screenshots of each, and axe.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { ARTIFACTS, expectAccessible, hasChromium, typeCommand, useBrowser } from './browser.js';

const transcript = (page: Page) => page.getByRole('listbox', { name: 'Transcript' });
const lastLine = (page: Page) => transcript(page).getByRole('option').last().textContent();
const currentStep = (page: Page) => page.getByRole('list', { name: 'Steps' }).locator('[aria-current="step"]').textContent();

async function withoutServer(page: Page) {
  await page.route(/\/(api|relay)(\/|\?|$)/, (route) => route.abort());
}

/** Types a POP3 line into the composer and waits for the server's status line to it. */
async function pop3(page: Page, line: string, reply: RegExp) {
  const input = page.getByLabel('POP3 command');
  await input.fill(line);
  await input.press('Enter');
  await expect.poll(() => transcript(page).textContent()).toMatch(reply);
}

/** The SMTP envelope and letter typed by hand, to `to`, with `subject`. */
async function sendByHand(page: Page, to: string, subject: string) {
  for (const [line, reply] of [
    ['HELO client.thm', /^S:\s*250 /],
    ['MAIL FROM:<user@client.thm>', /^S:\s*250 /],
    [`RCPT TO:<${to}>`, /^S:\s*250 /],
    ['DATA', /^S:\s*354 /],
  ] as const) {
    await typeCommand(page, line);
    await expect.poll(() => lastLine(page)).toMatch(reply);
  }
  await page
    .getByRole('textbox', { name: /^Letter/ })
    .fill(`From: user@client.thm\nTo: ${to}\nSubject: ${subject}\n\nFetched by hand.\n.A line that starts with a dot.`);
  await page.getByRole('button', { name: 'Send letter and final dot' }).click();
  await expect.poll(() => currentStep(page)).toContain('Sealed');
}

async function chooseServer(page: Page, value: string) {
  await page.getByRole('combobox', { name: 'Server' }).selectOption(value);
  await expect.poll(() => lastLine(page)).toMatch(/S:\s*\+OK Dovecot ready\./);
}

describe.skipIf(!hasChromium)('POP3 in the page, in Chromium', () => {
  const context = useBrowser();
  const baseUrl = inject('baseUrl');

  it('with no server: a letter sent by hand in the in-tab SMTP sandbox is fetched by hand with POP3 in the tab', async () => {
    const page = await context().newPage();
    await withoutServer(page);
    await page.goto(baseUrl);
    await expect.poll(() => lastLine(page)).toMatch(/^S:\s*220 /);
    await sendByHand(page, 'strategos@server.thm', 'Sent in the tab');

    await chooseServer(page, 'tab-pop3');
    await expect.poll(() => currentStep(page)).toContain('Arrive');
    await pop3(page, 'USER strategos', /C:\s*USER strategos\s*S:\s*\+OK/);
    await pop3(page, 'PASS sandbox', /S:\s*\+OK Logged in\./);
    await expect.poll(() => currentStep(page)).toContain('Show your key');
    await pop3(page, 'LIST', /S:\s*\+OK 1 messages:\s*S:\s*1 \d+\s*S:\s*\./);
    await pop3(page, 'RETR 1', /S:\s*Subject: Sent in the tab[\s\S]*S:\s*Fetched by hand\.\s*S:\s*\.A line that starts with a dot\.\s*S:\s*\./);
    await expect.poll(() => currentStep(page)).toContain('Take one out');
    expect(await page.getByRole('figure', { name: 'Letter you read' }).textContent()).toContain('Sent in the tab');
    expect(await page.getByRole('figure', { name: 'POP3 states' }).textContent()).toContain('Now: TRANSACTION');
    await pop3(page, 'DELE 1', /S:\s*\+OK Marked to be deleted\./);
    await page.screenshot({ path: `${ARTIFACTS}pop3-tab-marked.png`, fullPage: true });
    await expectAccessible(page);
    await pop3(page, 'QUIT', /S:\s*\+OK Logging out, messages deleted\./);
    await expect.poll(() => currentStep(page)).toContain('Leave');
    expect(await page.getByRole('figure', { name: 'POP3 states' }).textContent()).toContain('Now: UPDATE');
    await page.screenshot({ path: `${ARTIFACTS}pop3-tab-quit.png`, fullPage: true });

    // The reference has POP3 too, searchable with the rest.
    await page.goto(`${baseUrl}#/reference/POP3-RETR`);
    const entry = page.getByRole('article', { name: /RETR/ }).first();
    await expect.poll(() => entry.getAttribute('aria-current')).toBe('true');
    await page.getByRole('searchbox', { name: 'Search the reference' }).fill('dovecot ready');
    await expect.poll(() => page.getByRole('region', { name: /POP3 replies/ }).textContent()).toContain('+OK Dovecot ready.');
    await page.close();
  });

  it('through the relay: a letter sent to the relay’s SMTP sandbox is collected from its pop3 target, after STLS', async () => {
    const page = await context().newPage();
    await page.goto(baseUrl);
    const who = `pop3e2e${Date.now()}`;
    await page.getByRole('combobox', { name: 'Server' }).selectOption('relay:sandbox');
    await expect.poll(() => lastLine(page)).toMatch(/^S:\s*220 /);
    await sendByHand(page, `${who}@server.thm`, 'Sent through the relay');

    await chooseServer(page, 'relay:pop3');
    await pop3(page, 'STLS', /S:\s*\+OK Begin TLS negotiation now\./);
    await expect.poll(() => page.getByRole('region', { name: 'Connection' }).textContent()).toMatch(/TLS 1\.[23]/);
    await pop3(page, `USER ${who}`, /S:\s*\+OK\s*$/);
    await pop3(page, 'PASS sandbox', /S:\s*\+OK Logged in\./);
    await pop3(page, 'LIST', /S:\s*\+OK 1 messages:/);
    await pop3(page, 'RETR 1', /S:\s*Subject: Sent through the relay[\s\S]*S:\s*Fetched by hand\.[\s\S]*S:\s*\./);
    await page.screenshot({ path: `${ARTIFACTS}pop3-relay-retr.png`, fullPage: true });
    await expectAccessible(page);
    await pop3(page, 'QUIT', /S:\s*\+OK Logging out\./);
    await page.close();
  });

  it('a POP3 lesson walked with “Show me”: log in and list, in the tab, with lesson 7’s letter waiting', async () => {
    const page = await context().newPage();
    await withoutServer(page);
    // A tab that sent nothing yet: the lesson finds lesson 7's letter delivered for it.
    await page.goto(baseUrl);
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${baseUrl}#/lessons/pop3-log-in-and-list`);
    await page.reload();
    await page.getByRole('button', { name: /^Start this lesson over$/ }).click();
    await expect.poll(() => lastLine(page)).toMatch(/S:\s*\+OK Dovecot ready\./);
    const showMe = page.getByRole('button', { name: 'Show me' });
    for (let i = 0; i < 4; i++) {
      await showMe.click();
      await page.waitForTimeout(200);
    }
    const text = (await transcript(page).textContent()) ?? '';
    expect(text).toMatch(/C:\s*USER strategos[\s\S]*C:\s*PASS sandbox[\s\S]*C:\s*STAT\s*S:\s*\+OK 1 \d+[\s\S]*C:\s*LIST/);
    await expect.poll(() => page.getByRole('status', { name: 'Lesson progress' }).textContent(), { timeout: 5_000 }).toContain('Lesson complete!');
    await page.screenshot({ path: `${ARTIFACTS}pop3-lesson.png`, fullPage: true });
    await expectAccessible(page);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Mailbox' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Messages' }).getByRole('button').first().textContent()).toContain('Telnet email');
    await page.close();
  });
});
