import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Every project reads shared from source, so `npm test` needs no build first.
const alias = { '@smtp-playground/shared': new URL('./shared/src/index.ts', import.meta.url).pathname };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      { resolve: { alias }, test: { name: 'shared', root: 'shared', environment: 'node' } },
      {
        resolve: { alias },
        // --expose-gc: the mailbox's memory tests measure RSS after a collection, not before one.
        test: { name: 'relay', root: 'relay', environment: 'node', testTimeout: 30_000, hookTimeout: 30_000, execArgv: ['--expose-gc'] },
      },
      {
        plugins: [react()],
        resolve: { alias },
        // jsdom renders the whole reference at once: on a loaded 2-core machine that can pass 5 s.
        test: { name: 'web', root: 'web', environment: 'jsdom', include: ['src/**/*.test.{ts,tsx}'], testTimeout: 15_000 },
      },
      {
        // The parity corpus against real Exim and real Postfix (tools/reference-servers/start);
        // skipped, with a note saying how to start them, where they are not running.
        resolve: { alias },
        test: {
          name: 'reference-servers',
          root: 'tools/reference-servers',
          environment: 'node',
          include: ['*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 600_000,
        },
      },
      {
        // Browser tests: a real Chromium against the real playground (global-setup.ts).
        resolve: { alias },
        test: {
          name: 'e2e',
          root: 'web',
          environment: 'node',
          include: ['e2e/**/*.e2e.ts'],
          globalSetup: ['e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
