import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  resolve: {
    // Read shared from source: the tab runs the same protocol code as the relay,
    // without waiting for a separate build of the shared package.
    alias: { '@smtp-playground/shared': new URL('../shared/src/index.ts', import.meta.url).pathname },
  },
  build: { outDir: 'dist', emptyOutDir: true },
});
