/** Debian's Chromium, driven by playwright-core: no browser download anywhere. */
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const ARTIFACTS = new URL('../../e2e-artifacts/', import.meta.url).pathname;

/** A fresh browser profile for the file's tests; closed after. */
export function useBrowser(): () => BrowserContext {
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const profile = await mkdtemp(join(tmpdir(), 'smtp-playground-e2e-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 1000 },
      acceptDownloads: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await context?.close();
  });
  return () => context as BrowserContext;
}

/** Fails on serious or critical accessibility violations, listing them. */
export async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Types a line into the composer and presses Enter, as a learner does. */
export async function typeCommand(page: Page, line: string) {
  const input = page.getByLabel('SMTP command');
  await input.fill(line);
  await input.press('Enter');
}
