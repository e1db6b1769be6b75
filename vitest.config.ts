import { defineConfig } from 'vitest/config';

const shared = new URL('./shared/src/index.ts', import.meta.url).pathname;

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', root: 'shared', environment: 'node' } },
      {
        // The relay imports shared by package name; in tests read it from source, so
        // `npm test` needs no build first.
        resolve: { alias: { '@smtp-playground/shared': shared } },
        test: { name: 'relay', root: 'relay', environment: 'node', testTimeout: 30_000, hookTimeout: 30_000 },
      },
    ],
  },
});
