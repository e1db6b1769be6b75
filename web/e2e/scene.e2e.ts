/**
 * The post office, drawn: the classic session typed step by step, the scene
 * photographed at each of the seven steps in both themes, on a desktop and on a phone;
 * on the phone the composer comes first and stays in view.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { ARTIFACTS, expectAccessible, hasChromium, typeCommand, useBrowser } from './browser.js';

const SIZES = [
  { name: 'desktop', width: 1400, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const THEMES = ['light', 'dark'] as const;

/** Waits until nothing in the page is moving, so a screenshot shows where the parts came to rest. */
async function settled(page: Page) {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
}

async function chooseTheme(page: Page, theme: 'light' | 'dark') {
  const button = page.getByRole('button', { name: 'Dark theme' });
  if ((await button.getAttribute('aria-pressed')) !== String(theme === 'dark')) await button.click();
  await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(theme === 'dark');
}

/** Whether the element's box lies inside the viewport, and it is what the page shows at its centre (nothing covers it). */
async function inView(page: Page, name: string) {
  return page.getByRole('textbox', { name }).evaluate((el) => {
    const r = el.getBoundingClientRect();
    const inside = r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
    return inside && document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === el;
  });
}

describe.skipIf(!hasChromium)('the post office scene in Chromium', () => {
  const context = useBrowser();
  const baseUrl = inject('baseUrl');

  for (const size of SIZES)
    for (const theme of THEMES)
      it(`draws the classic session's seven steps (${size.width}×${size.height}, ${theme})`, async () => {
        const page = await context().newPage();
        await page.setViewportSize(size);
        await page.goto(baseUrl);
        await chooseTheme(page, theme);
        await page.getByRole('button', { name: 'Reset session' }).click();
        const scene = page.getByRole('region', { name: 'Post office' });
        if (size.name === 'phone') {
          // Folded on a phone: one line above the conversation, opened on request.
          const fold = scene.getByRole('button', { name: /^Post office/ });
          expect(await fold.getAttribute('aria-expanded')).toBe('false');
          expect(await scene.getByRole('img').isVisible()).toBe(false);
          await fold.click();
          expect(await fold.getAttribute('aria-expanded')).toBe('true');
        } else {
          expect(await scene.getByRole('button', { name: /^Post office/ }).isVisible()).toBe(false);
        }
        const picture = scene.getByRole('img', { name: /post office|counter|door/i });
        const step = scene.getByRole('list', { name: 'Steps' }).locator('[aria-current="step"]');
        const shoot = async (n: number, name: string) => {
          await expect.poll(() => step.textContent()).toContain(name);
          await settled(page);
          // On a phone the whole scene is taller than the screen and the composer stays over its lower part:
          // there the picture and the clerk's words are photographed, scrolled to the top.
          const shot = size.name === 'phone' ? picture.locator('xpath=..') : scene;
          await shot.evaluate((el) => el.scrollIntoView({ block: 'start' }));
          await shot.screenshot({
            path: `${ARTIFACTS}scene-${size.name}-${theme}-${n}-${name.toLowerCase().replace(/\W+/g, '-')}.png`,
            animations: 'disabled',
          });
        };

        await expect.poll(() => picture.getAttribute('data-step')).toBe('arrive');
        expect(await picture.evaluate((svg) => svg.querySelector('title')?.textContent)).toContain('You are at the counter of example.thm.');
        await shoot(1, 'Arrive');

        await typeCommand(page, 'HELO client.thm');
        await shoot(2, 'Greet the clerk');

        await typeCommand(page, 'MAIL FROM: <user@client.thm>');
        await shoot(3, 'Return address');

        await typeCommand(page, 'RCPT TO: <strategos@server.thm>');
        await typeCommand(page, 'RCPT TO: <another@server.thm>');
        // A typo: refused, crossed out, and the clerk shakes their head.
        await typeCommand(page, 'RCPT TO: <friend@server..thm>');
        await expect.poll(() => scene.getByRole('alert').textContent()).toContain('501 <friend@server..thm>: domain missing or malformed');
        const recipients = scene.getByRole('list', { name: 'Recipients' }).getByRole('listitem');
        await expect
          .poll(() => recipients.allTextContents())
          .toEqual(['✓ strategos@server.thm', '✓ another@server.thm', '✗ friend@server..thm refused: <friend@server..thm>: domain missing or malformed']);
        await shoot(4, 'Recipients');

        await typeCommand(page, 'DATA');
        await expect.poll(() => picture.evaluate((svg) => svg.querySelector('[data-letter]')?.getAttribute('data-letter'))).toBe('over');
        await shoot(5, 'Hand over the letter');

        await page
          .getByRole('textbox', { name: /^Letter/ })
          .fill('From: user@client.thm\nTo: strategos@server.thm\nSubject: Telnet email\n\nHello. I am using telnet to send you an email!');
        await page.getByRole('button', { name: 'Send letter and final dot' }).click();
        await expect.poll(() => scene.getByRole('region', { name: 'Receipt' }).textContent()).toMatch(/id.*\w{6}-\w{6}-\w{2}/);
        const id = /\w{6}-\w{6}-\w{2}/.exec((await scene.getByRole('region', { name: 'Receipt' }).textContent()) ?? '')?.[0] ?? 'missing';
        await expect.poll(() => picture.evaluate((svg) => svg.querySelector('title')?.textContent)).toContain(`The clerk hands you a receipt: ${id}.`);
        await shoot(6, 'Sealed');

        await typeCommand(page, 'QUIT');
        await expect.poll(() => picture.evaluate((svg) => svg.querySelector('title')?.textContent)).toContain(`You keep the receipt: ${id}.`);
        await shoot(7, 'Leave');
        await page.screenshot({ path: `${ARTIFACTS}scene-${size.name}-${theme}-page.png` });

        await expectAccessible(page);
        await page.close();
      });

  it('keeps the composer in view on a phone, before and after the transcript fills', async () => {
    const page = await context().newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(baseUrl);
    await chooseTheme(page, 'light');
    await page.getByRole('button', { name: 'Reset session' }).click();
    await expect.poll(() => page.getByRole('listbox', { name: 'Transcript' }).textContent()).toContain('220 example.thm');
    expect(await page.evaluate(() => scrollY)).toBe(0);
    expect(await inView(page, 'SMTP command')).toBe(true);
    // Nothing wider than the phone: no sideways scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${ARTIFACTS}scene-phone-first-screen.png` });

    // Recipients, not NOOPs: Exim ends a session after too many commands that send no mail.
    await typeCommand(page, 'HELO client.thm');
    await typeCommand(page, 'MAIL FROM:<user@client.thm>');
    for (let i = 0; i < 20; i++) await typeCommand(page, `RCPT TO:<friend${i}@server.thm>`);
    await expect.poll(() => page.getByRole('listbox', { name: 'Transcript' }).getByRole('option').count()).toBeGreaterThan(20);
    for (const where of ['top', 'transcript', 'bottom'] as const) {
      if (where === 'top') await page.evaluate(() => scrollTo(0, 0));
      if (where === 'transcript') await page.getByRole('listbox', { name: 'Transcript' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
      if (where === 'bottom') await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
      expect(await inView(page, 'SMTP command'), `composer in view with the page scrolled to the ${where}`).toBe(true);
    }
    await page.screenshot({ path: `${ARTIFACTS}scene-phone-many-lines.png` });

    // Opened, the scene pushes the conversation down; the composer stays on screen.
    await page.evaluate(() => scrollTo(0, 0));
    await page.getByRole('button', { name: /^Post office/ }).click();
    expect(await inView(page, 'SMTP command')).toBe(true);
    await expectAccessible(page);
    await page.close();
  });

  it('moves nothing when the learner asks for reduced motion', async () => {
    const page = await context().newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(baseUrl);
    await page.getByRole('button', { name: 'Reset session' }).click();
    const picture = page.getByRole('region', { name: 'Post office' }).getByRole('img');
    await expect.poll(() => picture.getAttribute('data-step')).toBe('arrive');
    await typeCommand(page, 'HELO client.thm');
    await typeCommand(page, 'RCPT TO:<strategos@server.thm>'); // refused: the clerk would shake their head
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('503');
    await typeCommand(page, 'QUIT'); // the visitor walks to the door
    await expect.poll(() => picture.getAttribute('data-step')).toBe('leave');
    const moving = await page.evaluate(() => {
      const svg = document.querySelector('svg[data-step]') as SVGElement;
      const parts = [...svg.querySelectorAll('*')].map((el) => getComputedStyle(el));
      return {
        animations: document.getAnimations().length,
        transitions: parts.filter((s) => s.transitionDuration.split(',').some((d) => Number.parseFloat(d) > 0)).length,
        animated: parts.filter((s) => s.animationName !== 'none').length,
      };
    });
    expect(moving).toEqual({ animations: 0, transitions: 0, animated: 0 });
    await page.close();
  });
});
