/**
 * The journey of a message in a real Chromium, with no server behind the page (every
 * request to the relay's API and WebSocket is refused, so only the tab works): lesson
 * 24 walked with "Show me" (the classic letter, submitted to mail.client.thm), then the
 * journey panel followed to its end: the DKIM signature, the DNS questions, the MSA's
 * own SMTP session, and the delivered message's three Received: lines with
 * Authentication-Results: spf=pass dkim=pass dmarc=pass. Then lesson 25: a From: at
 * bank.thm ends in dmarc=fail and the MX's 550 5.7.1. A screenshot of each.
 */
import { LESSONS } from '@smtp-playground/shared';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { ARTIFACTS, expectAccessible, hasChromium, useBrowser } from './browser.js';

const progressNews = (page: Page) => page.getByRole('status', { name: 'Lesson progress' });
const transcript = (page: Page) => page.getByRole('listbox', { name: 'Transcript' });
const journeyPanel = (page: Page) => page.getByRole('region', { name: 'Journey of your message' });

/** No relay: its API and WebSocket are refused, as a static copy of the page on any web server would have it. */
async function withoutServer(page: Page) {
  await page.route(/\/(api|relay)(\/|\?|$)/, (route) => route.abort());
}

async function openLesson(page: Page, baseUrl: string, id: string) {
  await page.goto(`${baseUrl}#/lessons/${id}`);
  await page.getByRole('button', { name: /^Start this lesson over$/ }).click();
  await expect.poll(() => transcript(page).textContent()).toContain('220 ');
}

/** Presses "Show me" through the solution (a moment after each press for the in-tab server to answer). */
async function showMeAll(page: Page, presses: number) {
  const showMe = page.getByRole('button', { name: 'Show me' });
  for (let i = 0; i < presses; i++) {
    await showMe.click();
    await page.waitForTimeout(150);
  }
}

const solutionLength = (id: string) => LESSONS.find((l) => l.id === id)?.solution.length ?? 0;

describe.skipIf(!hasChromium)('the journey of a message in Chromium, with no server', () => {
  const context = useBrowser();
  const baseUrl = inject('baseUrl');

  it('lesson 24: the classic letter goes through the MSA, the DNS and a second session, and arrives with three Received: lines and three passes', async () => {
    const page = await context().newPage();
    await withoutServer(page);
    await openLesson(page, baseUrl, 'the-journey');
    await showMeAll(page, solutionLength('the-journey'));
    expect(await transcript(page).textContent()).toContain('221 ');

    const panel = journeyPanel(page);
    // The steps come one by one; the first are there before the van leaves.
    await expect.poll(() => panel.textContent(), { timeout: 10_000 }).toContain('DKIM-Signature: v=1; a=rsa-sha256');
    await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toContain('$ dig MX server.thm');
    const hop = panel.getByRole('list', { name: 'Session from mail.client.thm to example.thm' });
    await expect.poll(() => hop.textContent(), { timeout: 20_000 }).toContain('EHLO mail.client.thm');
    await panel.getByRole('button', { name: 'Show all' }).click();
    await expect.poll(() => hop.textContent()).toContain('250 2.0.0 Ok: queued as');
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('$ dig A example.thm');
    expect(text).toMatch(/SPF\s*pass/);
    expect(text).toMatch(/DMARC\s*pass/);
    await expect.poll(() => progressNews(page).textContent(), { timeout: 5_000 }).toContain('Lesson complete!');
    await panel.getByText('Delivered', { exact: true }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}journey-delivered.png`, fullPage: true });
    await expectAccessible(page);

    // The Mailbox has the final message, its whole trace: three Received:, and the MX's verdicts.
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Mailbox' }).click();
    const list = page.getByRole('list', { name: 'Messages' });
    await expect.poll(() => list.getByRole('button').first().textContent()).toContain('Telnet email');
    await list.getByRole('button').first().click();
    const raw = page.getByRole('article', { name: 'Message' }).getByRole('region', { name: 'Raw message' });
    await expect.poll(() => raw.textContent()).toContain('Authentication-Results: example.thm;');
    const source = (await raw.textContent()) ?? '';
    expect(source.match(/^Received:/gm)).toHaveLength(3);
    expect(source).toMatch(/spf=pass smtp\.mailfrom=client\.thm;\s+dkim=pass header\.d=client\.thm[^;]*;\s+dmarc=pass/);
    await page.screenshot({ path: `${ARTIFACTS}journey-mailbox.png` });
    await page.close();
  });

  it('lesson 25: a From: at bank.thm passes SPF and DKIM for client.thm, fails DMARC, and the MX refuses it with 550 5.7.1', async () => {
    const page = await context().newPage();
    await withoutServer(page);
    await openLesson(page, baseUrl, 'a-forged-from');
    await showMeAll(page, solutionLength('a-forged-from'));
    const panel = journeyPanel(page);
    await expect.poll(() => panel.getByRole('button', { name: 'Show all' }).isEnabled(), { timeout: 15_000 }).toBe(true);
    await panel.getByRole('button', { name: 'Show all' }).click();
    const hop = panel.getByRole('list', { name: 'Session from mail.client.thm to example.thm' });
    await expect.poll(() => hop.textContent()).toContain('550 5.7.1 rejected by DMARC policy for bank.thm');
    const text = (await panel.textContent()) ?? '';
    expect(text).toMatch(/SPF\s*pass/);
    expect(text).toMatch(/DMARC\s*fail/);
    expect(text).toContain('Bounced');
    await expect.poll(() => progressNews(page).textContent(), { timeout: 5_000 }).toContain('Lesson complete!');
    await panel.getByText('Bounced', { exact: true }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}journey-dmarc-refused.png`, fullPage: true });
    await expectAccessible(page);
    await page.close();
  });
});
