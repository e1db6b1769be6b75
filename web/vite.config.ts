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
  build: { outDir: 'dist', emptyOutDir: true },
});
