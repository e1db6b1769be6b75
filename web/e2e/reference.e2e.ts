import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { ARTIFACTS, expectAccessible, hasChromium, typeCommand, useBrowser } from './browser.js';

/** The state marked current in the diagram's list ("ready: greeted, …" → "ready"). */
const currentState = (page: Page) =>
  page
    .getByRole('figure', { name: 'SMTP states' })
    .getByRole('list', { name: 'States' })
    .locator('[aria-current="step"]')
    .textContent()
    .then((text) => text?.split(':')[0]);

const ids = (page: Page, region: string) =>
  page
    .getByRole('region', { name: new RegExp(`^${region}`) })
    .getByRole('article')
    .evaluateAll((articles) => articles.map((a) => a.id));

describe.skipIf(!hasChromium)('the reference in Chromium', () => {
  const context = useBrowser();
  const baseUrl = inject('baseUrl');

  it('finds replies and enhanced codes as the learner types, and is accessible', async () => {
    const page = await context().newPage();
    await page.goto(`${baseUrl}#/reference`);
    const search = page.getByRole('searchbox', { name: 'Search the reference' });
    await search.waitFor();
    await expect.poll(() => ids(page, 'Commands')).toContain('ref-MAIL');
    await page.screenshot({ path: `${ARTIFACTS}reference.png` });
    await expectAccessible(page); // the whole reference: about 20 s of axe, hence this test's longer limit

    await search.fill('503');
    await expect.poll(() => ids(page, 'Replies')).toContain('ref-R503_NEED_MAIL');
    expect(await ids(page, 'Replies')).not.toContain('ref-R550_UNKNOWN_USER');
    await page.screenshot({ path: `${ARTIFACTS}reference-search.png` });

    await search.fill('5.1.1');
    await expect.poll(() => ids(page, 'Enhanced status codes')).toEqual(['ref-X.1.1']);
    expect(await ids(page, 'Replies')).toEqual(['ref-R550_UNKNOWN_USER']);
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^2 of \d+ entries match/);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Dark theme' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}reference-dark.png` });
    await page.getByRole('button', { name: 'Dark theme' }).click(); // the setting is saved: leave the profile light for the next test
    await page.close();
  }, 120_000);

  it('lights the state as the session goes, and links a 503 in the transcript to its entry', async () => {
    const page = await context().newPage();
    await page.goto(baseUrl);
    await page.getByRole('button', { name: 'Reset session' }).click();
    await expect.poll(() => currentState(page)).toBe('greeting');

    await typeCommand(page, 'HELO client.thm');
    await expect.poll(() => currentState(page)).toBe('ready');
    await typeCommand(page, 'RCPT TO:<a@b.test>');
    const transcript = page.getByRole('listbox', { name: 'Transcript' });
    await expect.poll(() => transcript.getByRole('option').last().textContent()).toContain('503');
    await expect.poll(() => currentState(page)).toBe('ready'); // out of order: nothing moved

    await typeCommand(page, 'MAIL FROM:<user@client.thm>');
    await expect.poll(() => currentState(page)).toBe('mail');
    await page.getByRole('figure', { name: 'SMTP states' }).screenshot({ path: `${ARTIFACTS}state-diagram.png` });
    await page.screenshot({ path: `${ARTIFACTS}playground-state-diagram.png`, fullPage: true });
    // In a narrow column (a phone, or beside a lesson) the diagram stands up rather than shrinking its words.
    await page.setViewportSize({ width: 480, height: 1000 });
    // There the scene, diagram included, is folded above the transcript until opened.
    await page.getByRole('button', { name: /^Post office/ }).click();
    const figure = page.getByRole('figure', { name: 'SMTP states' });
    await expect.poll(() => figure.locator('svg').evaluateAll((svgs) => svgs.map((s) => s.getBoundingClientRect().height > 300))).toEqual([false, true]);
    await figure.screenshot({ path: `${ARTIFACTS}state-diagram-narrow.png` });
    await page.setViewportSize({ width: 1400, height: 1000 });

    await transcript
      .getByRole('option', { name: /^Server: 503/ })
      .last()
      .click();
    await page
      .getByRole('region', { name: 'Line explanation' })
      .getByRole('link', { name: /^In the reference/ })
      .click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#/reference/R503_NEED_MAIL');
    const entry = page.locator('#ref-R503_NEED_MAIL');
    await expect.poll(() => entry.getAttribute('aria-current')).toBe('true');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('ref-R503_NEED_MAIL');
    expect(await entry.evaluate((el) => el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().top < window.innerHeight)).toBe(true);
    expect(await entry.getByRole('heading').textContent()).toContain('503');
    // The diagram at the top of the reference follows the same session.
    expect(await currentState(page)).toBe('mail');
    await page.screenshot({ path: `${ARTIFACTS}reference-entry.png` });

    // An enhanced code of any class lands on its class-free entry, as RFC 3463 writes it.
    await page.goto(`${baseUrl}#/reference/5.7.1`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('ref-X.7.1');
    expect(await page.getByRole('article', { name: 'X.7.1' }).getByRole('link', { name: 'R554_RELAY_DENIED' }).getAttribute('href')).toBe(
      '#/reference/R554_RELAY_DENIED',
    );
    await page.screenshot({ path: `${ARTIFACTS}reference-enhanced.png` });
    await page.close();
  });
});
