/**
 * Before the browser tests: build the page with Vite and start the whole playground
 * (relay process code, in this process) on free ports, as `npm start` would.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { DEFAULTS } from '../../relay/src/config.js';
import { startPlayground } from '../../relay/src/playground.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    smtpPort: number;
  }
}

export default async function setup(project: TestProject) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  await build({ root, configFile: `${root}/vite.config.ts`, logLevel: 'warn' });
  const p = await startPlayground({ ...DEFAULTS, smtpPort: 0, pop3Port: 0, httpPort: 0 }, `${root}/dist`);
  project.provide('baseUrl', `http://127.0.0.1:${p.httpPort}/`);
  project.provide('smtpPort', p.smtpPort);
  return () => p.close();
}
