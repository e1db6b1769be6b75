/** Debian's Chromium, driven by playwright-core: no browser download anywhere. */
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const ARTIFACTS = new URL('../../e2e-artifacts/', import.meta.url).pathname;

/**
 * Reports each Content Security Policy violation in a page as a console error starting
 * "CSP violation:". Added through the DevTools protocol, so the page's own CSP doesn't
 * stop it.
 */
const REPORT_CSP_VIOLATIONS = `document.addEventListener('securitypolicyviolation', (e) =>
  console.error('CSP violation: ' + e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));`;

/**
 * A fresh browser profile for the file's tests; closed after. Every page of it reports
 * CSP violations, and a test during which one happened fails: the page must work
 * under the relay's CSP (http-server.ts).
 */
export function useBrowser(): () => BrowserContext {
  let context: BrowserContext | undefined;
  const violations: string[] = [];
  afterEach(() => {
    expect(violations.splice(0), 'Content Security Policy violations').toEqual([]);
  });
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
    await context.addInitScript(REPORT_CSP_VIOLATIONS);
    // Chromium's own console line for a violation ("Refused to …") is caught too.
    context.on('console', (m) => {
      if (m.type() === 'error' && /^CSP violation:|Content Security Policy/.test(m.text())) violations.push(m.text());
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
