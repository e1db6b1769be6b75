// `npm run bench:web`: the page's size and speed in headless Chromium, against the
// built page served by the real playground process code. Bounded: fixed counts only.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { DEFAULTS } from '../relay/dist/config.js';
import { startPlayground } from '../relay/dist/playground.js';

const dist = new URL('../web/dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const gz = (ext) => initial.filter((f) => f.endsWith(ext)).reduce((n, f) => n + gzipSync(readFileSync(join(dist, f))).length, 0) / 1024;
const js = gz('.js');
const css = gz('.css');

const p = await startPlayground({ ...DEFAULTS, smtpPort: 0, pop3Port: 0, httpPort: 0 }, dist);
const url = `http://127.0.0.1:${p.httpPort}/`;
const launch = () =>
  chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'bench-web-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });

// 1. Cold load until the composer takes input and the greeting is on screen (median of 5 fresh profiles).
const loads = [];
for (let i = 0; i < 5; i++) {
  const ctx = await launch();
  const page = await ctx.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      const input = document.querySelector('input[placeholder]');
      const greeted = [...document.querySelectorAll('[role=option]')].some((o) => o.textContent.includes('220 '));
      if (input && !input.disabled && greeted) {
        window.__interactive = performance.now();
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await page.goto(url);
  await page.waitForFunction(() => window.__interactive !== undefined);
  loads.push(await page.evaluate(() => window.__interactive));
  await ctx.close();
}

const ctx = await launch();
const page = await ctx.newPage();
// Postfix-like: Exim counts NOOP as a non-mail command and hangs up after ten (smtp_accept_max_nonmail), as the real one does.
await page.addInitScript(() => localStorage.setItem('smtp-playground:settings', JSON.stringify({ state: { personality: 'postfix' }, version: 1 })));
await page.goto(`${url}?bench`);
await page.getByLabel('SMTP command').waitFor();

// 2. Enter to the reply on screen: from the keydown to the frame after the reply's line appears.
const input = page.getByLabel('SMTP command');
await input.fill('EHLO bench.test');
await input.press('Enter');
const replies = [];
for (let i = 0; i < 30; i++) {
  await input.fill('NOOP');
  // The listeners go in before the key is pressed (awaited), so the keydown is never missed.
  await page.evaluate(() => {
    window.__measured = new Promise((resolve) => {
      let t0 = 0;
      const list = document.querySelector('[role=listbox]');
      document.addEventListener('keydown', () => (t0 = performance.now()), { once: true, capture: true });
      const obs = new MutationObserver(() => {
        const opts = list.querySelectorAll('[role=option]');
        if (t0 && [...opts].at(-1)?.textContent.includes('250 2.0.0 Ok')) {
          obs.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - t0));
        }
      });
      obs.observe(list, { childList: true, subtree: true, characterData: true });
    });
  });
  await input.press('Enter');
  replies.push(await page.evaluate(() => window.__measured));
}

// 3. The longest frame while 100 000 lines are appended (1 000 a frame) and then scrolled through.
const longest = await page.evaluate(
  () =>
    new Promise((resolve) => {
      const store = window.__transcript;
      const enc = new TextEncoder();
      const batch = enc.encode(Array.from({ length: 1000 }, (_, i) => `250-line ${i} of a long reply\r\n`).join(''));
      const list = document.querySelector('[role=listbox]');
      let worst = 0;
      const worstOf = { append: 0, scroll: 0 };
      let last = performance.now();
      let frames = 0;
      const tick = (now) => {
        worst = Math.max(worst, now - last);
        const phase = frames <= 101 ? 'append' : 'scroll';
        worstOf[phase] = Math.max(worstOf[phase], now - last);
        last = now;
        frames++;
        if (frames <= 100) store.getState().bytesReceived(batch);
        else if (frames <= 220) list.scrollTop = ((frames - 100) / 120) * list.scrollHeight * 0.9;
        else return resolve({ worst, worstOf, lines: store.getState().lines.length });
        requestAnimationFrame(tick);
      };
      requestAnimationFrame((now) => {
        last = now;
        requestAnimationFrame(tick);
      });
    }),
);
console.log('worst frame by phase (ms):', longest.worstOf);
await ctx.close();
await p.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [
  ['initial JS, gzip', `${js.toFixed(1)} KB`, '<= 150 KB', js <= 150],
  ['initial CSS, gzip', `${css.toFixed(1)} KB`, '', true],
  ['cold load to a usable composer (median of 5)', `${median(loads).toFixed(0)} ms`, '<= 1000 ms', median(loads) <= 1000],
  ['Enter to the reply on screen (median of 30)', `${median(replies).toFixed(1)} ms`, '<= 16 ms', median(replies) <= 16],
  [`longest frame, ${longest.lines} lines appended and scrolled`, `${longest.worst.toFixed(1)} ms`, '<= 50 ms', longest.worst <= 50],
];
console.log('\nThe playground page in headless Chromium (in-tab sandbox)\n');
for (const [name, value, target, ok] of rows) console.log(`${name.padEnd(50)}${value.padStart(10)}  ${target}${target ? (ok ? ' met' : ' NOT met') : ''}`);
