/** Test setup: a whole playground on free ports, and a client that types line by line. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import { type Config, DEFAULTS } from '../src/config.js';
import { type Playground, startPlayground } from '../src/playground.js';

export const run = promisify(execFile);

/** Whether a command-line peer is installed (tests that need one say so when skipped). */
export const has = (path: string) => existsSync(path);

/** Starts a playground before the file's tests and stops it after. */
export function usePlayground(overrides: Partial<Config> = {}): () => Playground {
  let p: Playground | undefined;
  beforeAll(async () => {
    p = await startPlayground({ ...DEFAULTS, smtpPort: 0, httpPort: 0, ...overrides }, '/nonexistent');
  });
  afterAll(async () => {
    await p?.close();
  });
  return () => p as Playground;
}

export async function api<T>(p: Playground, path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(`http://127.0.0.1:${p.httpPort}${path}`, init);
  const text = await res.text();
  return { status: res.status, body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T };
}

/**
 * A raw socket that sends one line and waits for the whole reply, as a person at a
 * telnet prompt does. `ended` resolves when the server closes the connection.
 */
export async function typist(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  let buffer = '';
  let waiting: (() => void) | null = null;
  const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('data', (d) => {
    buffer += d.toString('utf8');
    waiting?.();
  });
  const reply = () =>
    new Promise<string>((resolve) => {
      const check = () => {
        const m = /(^|\r\n)\d{3} [^\r\n]*\r\n/.exec(buffer);
        if (!m) return;
        const end = m.index + m[0].length;
        const out = buffer.slice(0, end);
        buffer = buffer.slice(end);
        waiting = null;
        resolve(out);
      };
      waiting = check;
      check();
    });
  await new Promise((r) => socket.once('connect', r));
  return {
    greeting: await reply(),
    ended,
    /** Sends a line; returns the reply, or '' when `expectReply` is false (letter lines). */
    async line(text: string, ending: string, expectReply = true): Promise<string> {
      socket.write(text + ending);
      return expectReply ? reply() : '';
    },
    /** Hears raw bytes from now on, replies or not. */
    onData: (listener: (text: string) => void) => socket.on('data', (d) => listener(d.toString('utf8'))),
    close: () => socket.destroy(),
  };
}
