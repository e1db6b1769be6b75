/**
 * Where things are, for the recorder, its command line and its test: the goldens in
 * shared, the servers' ports and the work folder `start` uses (same environment
 * variables, same defaults).
 */
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// Compiled into dist/ for `npm run parity:record`, or read from source by vitest.
const toolDir = basename(here) === 'dist' ? dirname(here) : here;

export const GOLDENS_DIR = join(toolDir, '../../shared/src/parity/goldens');
export const START_SCRIPT = join(toolDir, 'start');
export const WORK_DIR = process.env.REFERENCE_SERVERS_DIR || '/tmp/smtp-playground-reference-servers';
export const HOST = '127.0.0.1';

export interface ReferenceServer {
  name: 'exim' | 'postfix';
  port: number;
  /** What its greeting must say, so a recording never comes from some other server. */
  banner: RegExp;
  maildir: string;
}

export const REFERENCE_SERVERS: readonly ReferenceServer[] = [
  { name: 'exim', port: Number(process.env.EXIM_PORT || 2625), banner: /^220 example\.thm ESMTP Exim 4\.96 /, maildir: join(WORK_DIR, 'exim/mail') },
  {
    name: 'postfix',
    port: Number(process.env.POSTFIX_PORT || 2725),
    banner: /^220 example\.thm ESMTP Postfix \(Debian\/GNU\)$/,
    maildir: join(WORK_DIR, 'postfix/mail/catchall'),
  },
];

export function goldenPath(server: ReferenceServer['name']): string {
  return join(GOLDENS_DIR, `${server}.json`);
}
