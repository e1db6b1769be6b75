/**
 * The lessons in a real Chromium, as a learner does them: typing, asking for hints,
 * using the base64 helper; autoplay to the end; progress kept across a reload; deep
 * links. Tests run in order in one browser profile, so progress builds up as it would.
 */
import { LESSONS } from '@smtp-playground/shared';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { ARTIFACTS, expectAccessible, hasChromium, typeCommand, useBrowser } from './browser.js';

/** Autoplay types a line about every 1.2 s: lesson 7 takes a dozen lines. */
const AUTOPLAY_LIMIT = { timeout: 45_000, interval: 250 };

const stepHeading = (page: Page) => page.getByRole('heading', { level: 3 }).filter({ hasText: /^Step \d+ of \d+:/ });
const goals = (page: Page) => page.getByRole('list', { name: 'Goals' });
const progressNews = (page: Page) => page.getByRole('status', { name: 'Lesson progress' });
const listItem = (page: Page, title: string) => page.getByRole('list', { name: 'Lessons' }).getByRole('listitem').filter({ hasText: title });

describe.skipIf(!hasChromium)('the lessons in Chromium', () => {
  const context = useBrowser();
  const baseUrl = inject('baseUrl');

  it('lists the lessons and challenges as links, accessibly', async () => {
    const page = await context().newPage();
    await page.goto(`${baseUrl}#/lessons`);
    const lessons = page.getByRole('list', { name: 'Lessons' }).getByRole('link');
    await expect.poll(() => lessons.count()).toBe(LESSONS.length);
    expect(await lessons.first().textContent()).toBe('1. Opening the door');
    expect(await page.getByRole('list', { name: 'Challenges' }).getByRole('link').count()).toBe(4);
    // Keyboard: the first lesson's link is reachable with Tab and opens with Enter.
    await lessons.first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => window.location.hash)).toMatch(/^#\/lessons\/opening-the-door/);
    await page.goto(`${baseUrl}#/lessons`);
    await expect.poll(() => lessons.count()).toBe(LESSONS.length);
    await expectAccessible(page);
    await page.close();
  });

  it('checks a challenge with the same panel', async () => {
    const page = await context().newPage();
    await page.goto(`${baseUrl}#/lessons`);
    await page.getByRole('list', { name: 'Challenges' }).getByRole('link', { name: 'Out of turn' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'The challenge' }).isVisible()).toBe(true);
    expect(await goals(page).getByRole('listitem').textContent()).toContain('Get a 503 (not done yet)');
    await expect.poll(() => page.getByRole('listbox', { name: 'Transcript' }).textContent()).toContain('220 ');
    await typeCommand(page, 'EHLO client.thm');
    await typeCommand(page, 'DATA');
    await expect.poll(() => progressNews(page).textContent()).toContain('Challenge complete!');
    await page.screenshot({ path: `${ARTIFACTS}challenge-done.png` });
    await page.close();
  });

  it('completes lesson 1 by typing what a hint says', async () => {
    const page = await context().newPage();
    await page.goto(`${baseUrl}#/lessons`);
    await page.getByRole('link', { name: '1. Opening the door' }).click();
    // The first test opened this lesson already: start it over, as a learner coming back might.
    await page.getByRole('button', { name: 'Start this lesson over' }).click();
    // Connecting meets step 1 (the greeting), so the lesson moves on to step 2, and the URL with it.
    await expect.poll(() => stepHeading(page).textContent()).toBe('Step 2 of 2: Check it is listening');
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#/lessons/opening-the-door/2');
    expect(await page.getByText('✓ Step 1 done: Knock').isVisible()).toBe(true);
    expect(await goals(page).getByRole('listitem').textContent()).toContain('(not done yet)');

    await page.getByRole('button', { name: 'Show a hint (1 of 2)' }).click();
    await page.getByRole('button', { name: 'Show the next hint (2 of 2)' }).click();
    const hint = (await page.getByRole('list', { name: 'Hints' }).getByRole('listitem').last().textContent()) ?? '';
    expect(hint).toBe('Hint 2: Type: NOOP');
    await typeCommand(page, hint.replace('Hint 2: Type: ', ''));

    await expect.poll(() => goals(page).getByRole('listitem').textContent()).toContain('(done)');
    await expect.poll(() => progressNews(page).textContent()).toContain('Lesson complete!');
    await page.getByRole('link', { name: '← All lessons' }).click();
    await expect.poll(() => listItem(page, 'Opening the door').textContent()).toContain('Done');
    await page.close();
  });

  it('completes lesson 7, the whole session, typed by hand', async () => {
    const page = await context().newPage();
    await page.goto(`${baseUrl}#/lessons/the-whole-session`);
    await expect.poll(() => stepHeading(page).textContent()).toBe('Step 1 of 4: Hello');
    await expect.poll(() => page.getByRole('listbox', { name: 'Transcript' }).textContent()).toContain('220 example.thm ESMTP Exim');
    await typeCommand(page, 'HELO client.thm');
    await expect.poll(() => stepHeading(page).textContent()).toBe('Step 2 of 4: Envelope');
    await typeCommand(page, 'MAIL FROM:<user@client.thm>');
    // One goal of two met: the list ticks it, the step waits for the other.
    await expect.poll(() => goals(page).getByRole('listitem').first().textContent()).toContain('(done)');
    expect(await goals(page).getByRole('listitem').last().textContent()).toContain('(not done yet)');
    await page.screenshot({ path: `${ARTIFACTS}lesson-step.png` });
    await typeCommand(page, 'RCPT TO:<strategos@server.thm>');
    await expect.poll(() => stepHeading(page).textContent()).toBe('Step 3 of 4: Letter');
    await typeCommand(page, 'DATA');
    const letter = page.getByRole('textbox', { name: /^Letter/ });
    await letter.fill('From: user@client.thm\nTo: strategos@server.thm\nSubject: Telnet email\n\nHello. I am using telnet to send you an email!');
    await page.getByRole('button', { name: 'Send letter and final dot' }).click();
    await expect.poll(() => stepHeading(page).textContent()).toBe('Step 4 of 4: Goodbye');
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#/lessons/the-whole-session/4');
    await typeCommand(page, 'QUIT');
    await expect.poll(() => progressNews(page).textContent()).toContain('Lesson complete!');
    expect(await page.getByRole('link', { name: 'Next lesson: When the clerk says no' }).isVisible()).toBe(true);
    await expectAccessible(page);
    await page.close();
  });

  it('completes lesson 13 with the base64 helper building the AUTH PLAIN string', async () => {
    const page = await context().newPage();
    await page.goto(`${baseUrl}#/lessons/logging-in`);
    await expect.poll(() => stepHeading(page).textContent()).toBe('Step 1 of 4: Not without TLS and a login');
    await expect.poll(() => page.getByRole('listbox', { name: 'Transcript' }).textContent()).toContain('220 ');
    await typeCommand(page, 'EHLO client.thm');
    await typeCommand(page, 'MAIL FROM:<learner@client.thm>');
    await expect.poll(() => stepHeading(page).textContent()).toBe('Step 2 of 4: Encrypt first');
    // AUTH appears in EHLO's reply only once TLS is on (simulated in the tab).
    await typeCommand(page, 'STARTTLS');
    await expect.poll(() => page.getByRole('listbox', { name: 'Transcript' }).textContent()).toContain('220 TLS go ahead');
    await typeCommand(page, 'EHLO client.thm');
    await expect.poll(() => stepHeading(page).textContent()).toBe('Step 3 of 4: Log in');
    expect(await page.getByRole('listbox', { name: 'Transcript' }).textContent()).toContain('250-AUTH PLAIN LOGIN');

    // The helper is open in this lesson. Decode what AUTH LOGIN would ask (the whole reply line,
    // pasted as it is), and build AUTH PLAIN's answer.
    await page.getByLabel('Base64 to decode').fill('334 VXNlcm5hbWU6');
    await expect.poll(() => page.getByLabel('Decoded text').inputValue()).toBe('Username:');
    await page.getByLabel(/Text to encode/).fill('\\0learner\\0sandbox');
    const encoded = await page.getByLabel('Base64', { exact: true }).inputValue();
    expect(encoded).toBe('AGxlYXJuZXIAc2FuZGJveA==');
    await page.getByLabel(/Text to encode/).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}lesson-13-base64.png` });
    await typeCommand(page, `AUTH PLAIN ${encoded}`);
    await expect.poll(() => stepHeading(page).textContent()).toBe('Step 4 of 4: Now it relays for you');
    await typeCommand(page, 'MAIL FROM:<learner@client.thm>');
    await typeCommand(page, 'RCPT TO:<friend@elsewhere.test>');
    await expect.poll(() => progressNews(page).textContent()).toContain('Lesson complete!');
    await page.close();
  });

  it('autoplays the mail client on the playground to the end', async () => {
    const page = await context().newPage();
    await page.goto(baseUrl);
    const player = page.getByRole('region', { name: 'Watch a mail client do it' });
    await player.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => player.getByRole('button', { name: 'Pause' }).isVisible()).toBe(true);
    await expect.poll(() => player.getByRole('status').textContent(), AUTOPLAY_LIMIT).toMatch(/^Done/);
    await expect.poll(() => page.getByRole('list', { name: 'Steps' }).locator('[aria-current="step"]').textContent()).toContain('Leave');
    const transcript = page.getByRole('listbox', { name: 'Transcript' });
    const lines = await transcript.getByRole('option').allTextContents();
    const greetings = lines.flatMap((l, i) => (l.includes('220 example.thm') ? [i] : []));
    const session = lines.slice(greetings.at(-1)); // autoplay's own, fresh session
    for (const expected of [
      'EHLO client.thm',
      'MAIL FROM:<user@client.thm>',
      'RCPT TO:<strategos@server.thm>',
      'DATA',
      'Subject: Telnet email',
      'QUIT',
      '221 ',
    ]) {
      expect(session.some((l) => l.includes(expected))).toBe(true);
    }
    expect(await player.getByRole('button', { name: 'Play again' }).isVisible()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}autoplay-done.png` });
    await page.close();
  });

  it('keeps progress across a reload', async () => {
    const page = await context().newPage();
    await page.goto(`${baseUrl}#/lessons`);
    await expect.poll(() => page.getByText(`3 of ${LESSONS.length} done`).isVisible()).toBe(true);
    await page.reload();
    for (const title of ['Opening the door', 'The whole session', 'Logging in']) {
      await expect.poll(() => listItem(page, title).textContent()).toContain('Done');
    }
    expect(await listItem(page, 'The envelope').textContent()).not.toMatch(/Done|In progress/);
    await page.screenshot({ path: `${ARTIFACTS}lessons-list.png`, fullPage: true });
    await page.close();
  });

  it('opens a deep link at its step, and the page there is accessible, light and dark', async () => {
    const page = await context().newPage();
    await page.goto(`${baseUrl}#/lessons/the-envelope/2`);
    await expect.poll(() => stepHeading(page).textContent()).toBe('Step 2 of 2: The return address');
    expect(
      await page
        .getByRole('navigation', { name: 'Lesson steps' })
        .getByRole('link', { name: /The return address/ })
        .getAttribute('aria-current'),
    ).toBe('step');
    await expect.poll(() => page.getByRole('listbox', { name: 'Transcript' }).textContent()).toContain('220 ');
    await typeCommand(page, 'EHLO client.thm');
    await typeCommand(page, 'MAIL FROM:<user@client.thm>');
    await expect.poll(() => goals(page).getByRole('listitem').first().textContent()).toContain('(done)');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}lesson-dark.png` });
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.close();
  });
});
