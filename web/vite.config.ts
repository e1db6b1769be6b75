import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Where `npm start` serves the relay; `npm run dev` passes the page's API and WebSocket calls to it. */
const RELAY = 'http://127.0.0.1:2580';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  resolve: {
    // Read shared from source: the tab runs the same protocol code as the relay,
    // without waiting for a separate build of the shared package.
    alias: { '@smtp-playground/shared': new URL('../shared/src/index.ts', import.meta.url).pathname },
  },
  // With no relay running, these fail and the page offers only the in-tab sandbox.
  // changeOrigin: the relay answers only to its own loopback Host (against DNS
  // rebinding), so the proxy names the relay's host, not the dev server's. The relay
  // also checks Origin, which the proxy passes on: start it with --origin http://localhost:5173.
  server: {
    proxy: {
      '/api': { target: RELAY, changeOrigin: true },
      '/relay': { target: RELAY, ws: true, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // What the first screen needs is fetched at start whatever the packaging, so it goes
        // in one file: left alone, every module a later view also imports (React, the stores,
        // shared's catalogues) becomes a small file of its own, each another request, each
        // compressed apart (7 to 10 KB more gzip, measured). Later views keep their own chunks.
        // `$initial` is what the entry imports, after tree-shaking, so shared's index does not
        // drag in what only later views use; that set already holds its own imports, hence
        // `includeDependenciesRecursively: false`.
        codeSplitting: { groups: [{ name: 'first-screen', tags: ['$initial'], includeDependenciesRecursively: false }] },
      },
    },
  },
});
