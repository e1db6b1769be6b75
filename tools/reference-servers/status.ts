/**
 * Whether a reference server is up: it answers on its port with the greeting expected
 * of it. Tests that need one skip without it, and say why and how to start it.
 */
import { HOST, type ReferenceServer, START_SCRIPT } from './paths.js';
import { greeting } from './recorder.js';

export interface ReferenceStatus {
  up: boolean;
  /** host:port */
  where: string;
  /** Why it is not up ("nothing answers there"); empty when it is. */
  why: string;
  /** What to do about it, for a skipped test's name. */
  howToStart: string;
}

export async function referenceStatus(server: ReferenceServer): Promise<ReferenceStatus> {
  const banner = await greeting(HOST, server.port);
  const up = banner !== null && server.banner.test(banner);
  const why = up ? '' : banner === null ? 'nothing answers there' : `it greets with "${banner}"`;
  return { up, where: `${HOST}:${server.port}`, why, howToStart: `sudo ${START_SCRIPT}` };
}
