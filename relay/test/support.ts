/**
 * Test setup: a whole playground on free ports, a bare TCP sandbox for one test, and a
 * client that types line by line as a person at a telnet prompt does.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { Mailbox } from '@smtp-playground/shared';
import { afterAll, beforeAll, onTestFinished } from 'vitest';
import { type Config, DEFAULTS } from '../src/config.js';
import { type Playground, startPlayground } from '../src/playground.js';
import { startTcpSandbox, type TcpSandboxOptions } from '../src/tcp-sandbox.js';

export const run = promisify(execFile);

/** Whether a command is on PATH (tests that need one say so in their name, and skip). */
export const has = (command: string) => (process.env.PATH ?? '').split(':').some((dir) => existsSync(`${dir}/${command}`));

/**
 * Starts a playground before the enclosing block's tests and stops it after. No page is
 * built unless `webRoot` has one. The relay's log lines go into `log`.
 */
export function usePlayground(overrides: Partial<Config> = {}, webRoot = '/nonexistent', log: string[] = []): () => Playground {
  let p: Playground | undefined;
  beforeAll(async () => {
    p = await startPlayground({ ...DEFAULTS, smtpPort: 0, pop3Port: 0, httpPort: 0, ...overrides }, webRoot, { log: (line) => log.push(line) });
  });
  afterAll(async () => {
    await p?.close();
  });
  return () => p as Playground;
}

/** Calls the mailbox API; JSON bodies come back parsed. */
export async function api<T>(p: Playground, path: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: T }> {
  const res = await fetch(`http://127.0.0.1:${p.httpPort}${path}`, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T };
}

/** A stored message's bytes as the mailbox holds them (memory or file); null if it has no such message. */
export async function storedBytes(p: Playground, id: string): Promise<Buffer | null> {
  const m = await p.mailbox.read(id);
  if (!m) return null;
  if (m.body instanceof Uint8Array) return Buffer.from(m.body);
  const chunks: Buffer[] = [];
  for await (const chunk of m.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The newest message's bytes. */
export async function newestBytes(p: Playground): Promise<Buffer | null> {
  const [newest] = p.mailbox.summaries();
  return newest ? storedBytes(p, newest.id) : null;
}

/**
 * The TCP sandbox alone, for the current test only, with its own mailbox. `received`
 * holds each chunk of bytes a client sent, as the server read it.
 */
export async function bareSandbox(limits: TcpSandboxOptions['limits'] = {}, personality: TcpSandboxOptions['personality'] = 'exim') {
  const mailbox = new Mailbox();
  const sandbox = await startTcpSandbox({ host: '127.0.0.1', port: 0, mailbox, limits, personality });
  onTestFinished(() => sandbox.close());
  const received: string[] = [];
  sandbox.server.on('connection', (socket: net.Socket) => socket.on('data', (chunk) => received.push(chunk.toString('latin1'))));
  return { port: (sandbox.server.address() as AddressInfo).port, server: sandbox.server, mailbox, received };
}

/**
 * A raw socket that sends one line and waits for the whole reply, as a person at a
 * telnet prompt does. `greeting` is the first reply; `ended` resolves when the
 * connection closes. `localAddress` picks the client's address: all of 127/8 is
 * loopback on Linux, so 127.0.0.2 is a second client.
 */
export async function typist(port: number, localAddress?: string) {
  const socket = net.connect({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) });
  let buffer = '';
  let waiting: (() => void) | null = null;
  const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('data', (d) => {
    buffer += d.toString('utf8');
    waiting?.();
  });
  /** The next complete reply (multi-line replies whole), CRLFs and all. */
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
    reply,
    ended,
    /** Sends a line; returns the reply, or '' when `expectReply` is false (letter lines). */
    async line(text: string, ending = '\r\n', expectReply = true): Promise<string> {
      socket.write(text + ending);
      return expectReply ? reply() : '';
    },
    socket,
    close: () => socket.destroy(),
  };
}
