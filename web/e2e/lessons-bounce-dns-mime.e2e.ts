/**
 * Lessons 18-20 in a real Chromium, walked through their reference solutions with
 * "Show me" (which ticks goals, as the learner's own typing does; autoplay only
 * watches): the bounce that lands in the mailbox, the dig panel's lookups, and the
 * MIME tree of the letter the solution builds. A screenshot of each (the dig panel in
 * the dark theme too), and axe on each page shown.
 */
import { LESSONS } from '@smtp-playground/shared';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { ARTIFACTS, expectAccessible, hasChromium, useBrowser } from './browser.js';

const progressNews = (page: Page) => page.getByRole('status', { name: 'Lesson progress' });
const transcript = (page: Page) => page.getByRole('listbox', { name: 'Transcript' });

/** Opens a lesson afresh (started over) and waits for the greeting. */
async function openLesson(page: Page, baseUrl: string, id: string) {
  await page.goto(`${baseUrl}#/lessons/${id}`);
  await page.getByRole('button', { name: /^Start this lesson over$/ }).click();
  await expect.poll(() => transcript(page).textContent()).toContain('220 ');
}

/**
 * Presses "Show me" until the lesson is complete, a moment after each press for the
 * in-tab server to answer; at most `limit` presses (the solution's length and a few).
 */
async function showMeToTheEnd(page: Page, limit: number) {
  const showMe = page.getByRole('button', { name: 'Show me' });
  for (let i = 0; i < limit; i++) {
    if ((await progressNews(page).textContent())?.includes('Lesson complete!')) return;
    await showMe.click();
    await page.waitForTimeout(150);
  }
  await expect.poll(() => progressNews(page).textContent()).toContain('Lesson complete!');
}

const lessonNamed = (id: string) => {
  const lesson = LESSONS.find((l) => l.id === id);
  if (!lesson) throw new Error(`no lesson ${id}`);
  return lesson;
};

describe.skipIf(!hasChromium)('lessons 18-20 in Chromium', () => {
  const context = useBrowser();
  const baseUrl = inject('baseUrl');

  it('lists them after lesson 17, numbered 18 to 20', async () => {
    const page = await context().newPage();
    await page.goto(`${baseUrl}#/lessons`);
    const links = page.getByRole('list', { name: 'Lessons' }).getByRole('link');
    await expect.poll(() => links.count()).toBe(LESSONS.length);
    const titles = await links.allTextContents();
    expect(titles.slice(17, 20)).toEqual([
      '18. A 250 is not delivery: bounces',
      '19. Finding the server: MX records',
      '20. What the letter must contain (RFC 5322)',
    ]);
    await page.close();
  });

  it('lesson 18: the letter to nobody gets its 250, and the bounce from <> lands in the mailbox', async () => {
    const page = await context().newPage();
    await openLesson(page, baseUrl, 'bounces');
    await showMeToTheEnd(page, lessonNamed('bounces').solution.length + 5);
    expect(await page.getByText('Lesson complete!', { exact: true }).isVisible()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}lesson-18-bounces.png` });
    await expectAccessible(page);

    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Mailbox' }).click();
    const list = page.getByRole('list', { name: 'Messages' });
    // Newest first: the backscatter bounce to the victim, the null sender's letter got none, and the first bounce.
    await expect.poll(() => list.getByRole('button').first().textContent()).toContain('<> → victim@elsewhere.thm');
    const texts = await list.getByRole('button').allTextContents();
    expect(texts.filter((t) => t.includes('<> →'))).toHaveLength(2);
    expect(texts.some((t) => t.includes('nobody@server.thm'))).toBe(false); // nobody got no copy
    const message = page.getByRole('article', { name: 'Message' });
    const tree = message.getByRole('list', { name: 'MIME parts' });
    await expect.poll(() => tree.textContent()).toContain('message/delivery-status');
    expect(await tree.textContent()).toMatch(/multipart\/report[\s\S]*text\/plain[\s\S]*message\/delivery-status[\s\S]*text\/rfc822-headers/);
    expect(await message.getByRole('region', { name: 'Raw message' }).textContent()).toContain('Status: 5.1.1');
    await message.getByRole('region', { name: 'MIME structure' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}lesson-18-mailbox-bounce.png` });
    await expectAccessible(page);
    await page.close();
  });

  it('lesson 19: the dig panel finds the MX, its address and a null MX, then the session knocks on the MX’s door', async () => {
    const page = await context().newPage();
    await openLesson(page, baseUrl, 'mx-records');
    const panel = page.getByRole('region', { name: 'DNS lookup' });
    // By hand first, as a learner would: the box, then Enter.
    await panel.getByRole('textbox', { name: 'DNS query' }).fill('dig MX server.thm');
    await panel.getByRole('textbox', { name: 'DNS query' }).press('Enter');
    await expect.poll(() => panel.getByRole('log', { name: 'dig output' }).textContent()).toContain('IN\tMX\t10 example.thm.');
    await expect.poll(() => progressNews(page).textContent()).toContain('Done: Look up the MX record of server.thm.');
    await showMeToTheEnd(page, lessonNamed('mx-records').solution.length + 5);
    const log = (await panel.getByRole('log', { name: 'dig output' }).textContent()) ?? '';
    expect(log).toContain('198.51.100.25');
    expect(log).toContain('MX\t0 .');
    expect(await transcript(page).textContent()).toContain('RCPT TO:<bob@server.thm>');
    await page.screenshot({ path: `${ARTIFACTS}lesson-19-mx-records.png` });
    await expectAccessible(page);
    // The dig panel in the dark theme: still readable, still accessible.
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}lesson-19-mx-records-dark.png` });
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.close();
  });

  it('lesson 20: Date and From, a folded Subject, then a MIME letter whose tree the mailbox shows', async () => {
    const page = await context().newPage();
    await openLesson(page, baseUrl, 'letter-format');
    await showMeToTheEnd(page, lessonNamed('letter-format').solution.length + 5);
    await page.screenshot({ path: `${ARTIFACTS}lesson-20-letter-format.png` });
    await expectAccessible(page);

    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Mailbox' }).click();
    const message = page.getByRole('article', { name: 'Message' });
    const tree = message.getByRole('list', { name: 'MIME parts' });
    await expect.poll(() => tree.textContent()).toContain('multipart/alternative');
    const parts = await tree.getByRole('listitem').evaluateAll((items) => items.map((li) => li.firstElementChild?.textContent ?? ''));
    expect(parts.map((p) => p.split(' · ').slice(0, 2).join(' '))).toEqual([
      'multipart/mixed 7bit',
      'multipart/alternative 7bit',
      'text/plain 7bit',
      'text/html 7bit',
      'text/plain base64',
    ]);
    expect(parts.at(-1)).toContain('minutes.txt (attachment)');
    await message.getByRole('region', { name: 'MIME structure' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}lesson-20-mailbox-mime.png` });
    await expectAccessible(page);
    // The second letter kept its Subject folded as typed: the unfolded value is the reader's.
    await page
      .getByRole('list', { name: 'Messages' })
      .getByRole('button', { name: /A subject so long that it is folded onto a second line/ })
      .click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Raw message' }).textContent())
      .toMatch(/Subject: A subject so long that it is folded\r\n onto a second line/);
    await page.close();
  });
});
