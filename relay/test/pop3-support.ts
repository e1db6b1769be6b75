/**
 * POP3 test setup: a message sent over SMTP (nodemailer) and its bytes as the mailbox
 * API serves them, and a client that types POP3 line by line as a person at a telnet
 * prompt does, reading a status line or a whole multi-line reply.
 */
import net from 'node:net';
import tls from 'node:tls';
import nodemailer from 'nodemailer';
import type { Playground } from '../src/playground.js';

/** A letter with lines that begin with a dot, and a lone dot: POP3 stuffs each one, and a client unstuffs it. */
export const LETTER = ['Hello from SMTP, fetched over POP3.', '.a line that begins with a dot', '..and two', '.', 'the end'].join('\r\n');

/** Sends LETTER over SMTP to `to` and returns its queue id and its bytes from GET /api/messages/:id/raw. */
export async function sendOverSmtp(p: Playground, to: string, subject: string): Promise<{ id: string; raw: Buffer }> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: p.smtpPort, secure: false, ignoreTLS: true });
  const info = await transport.sendMail({ from: 'sender@client.thm', to, subject, text: LETTER });
  transport.close();
  const id = /^250 OK id=(\S+)$/.exec(info.response)?.[1] ?? '';
  return { id, raw: await rawBytes(p, id) };
}

/** A message's bytes exactly as GET /api/messages/:id/raw sends them. */
export async function rawBytes(p: Playground, id: string): Promise<Buffer> {
  const res = await fetch(`http://127.0.0.1:${p.httpPort}/api/messages/${id}/raw`);
  if (res.status !== 200) throw new Error(`GET /api/messages/${id}/raw: ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

/** A RETR reply's lines after "+OK", unstuffed and without the final ".": the message as a client keeps it. */
export function unstuff(lines: string): string {
  const end = lines.endsWith('\r\n.\r\n') ? lines.length - 3 : lines.length;
  return lines.slice(0, end).replace(/(^|\r\n)\.(?=.)/g, '$1');
}

export interface PopTypist {
  /** The greeting line, CRLF and all. */
  greeting: string;
  /** The next status line ("+OK …\r\n" or "-ERR …\r\n"). */
  status(): Promise<string>;
  /** Sends a line; returns the status line. */
  line(text: string): Promise<string>;
  /** Sends a line whose reply is multi-line; returns all of it, up to and with ".\r\n" (only the status line when it is -ERR). */
  multi(text: string): Promise<string>;
  socket: net.Socket;
  /** Resolves when the connection has closed. */
  ended: Promise<void>;
  /** Upgrades to TLS (after STLS's +OK), not checking the sandbox's self-signed certificate. */
  startTls(): Promise<void>;
}

/** A POP3 client over a raw socket, or TLS from the first byte with `implicitTls`. Latin-1 in, latin-1 out: byte for byte. */
export async function popTypist(port: number, options: { implicitTls?: boolean; localAddress?: string } = {}): Promise<PopTypist> {
  let socket: net.Socket = options.implicitTls
    ? tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false })
    : net.connect({ port, host: '127.0.0.1', ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
  let buffer = '';
  let waiting: (() => void) | null = null;
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const onData = (d: Buffer) => {
    buffer += d.toString('latin1');
    waiting?.();
  };
  socket.on('data', onData);
  socket.on('error', () => {});
  /** Resolves with the buffer up to `end(buffer)`, once there; rejects if the connection closes first. */
  const take = (end: (b: string) => number) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const n = end(buffer);
        if (n === -1) return;
        const out = buffer.slice(0, n);
        buffer = buffer.slice(n);
        waiting = null;
        resolve(out);
      };
      waiting = check;
      ended.then(() => {
        if (waiting === check) reject(new Error(`closed; unread: ${JSON.stringify(buffer)}`));
      });
      check();
    });
  const statusEnd = (b: string) => {
    const i = b.indexOf('\r\n');
    return i === -1 ? -1 : i + 2;
  };
  const status = () => take(statusEnd);
  const multiEnd = (b: string) => {
    const first = statusEnd(b);
    if (first === -1) return -1;
    if (b.startsWith('-ERR')) return first;
    if (b.slice(first).startsWith('.\r\n')) return first + 3;
    const i = b.indexOf('\r\n.\r\n', first - 2);
    return i === -1 ? -1 : i + 5;
  };
  await new Promise((resolve) => socket.once(options.implicitTls ? 'secureConnect' : 'connect', resolve));
  const t: PopTypist = {
    greeting: await status(),
    status,
    line: (text) => {
      socket.write(`${text}\r\n`);
      return status();
    },
    multi: (text) => {
      socket.write(`${text}\r\n`);
      return take(multiEnd);
    },
    socket,
    ended,
    startTls: async () => {
      socket.off('data', onData);
      const secure = tls.connect({ socket, rejectUnauthorized: false });
      await new Promise((resolve) => secure.once('secureConnect', resolve));
      secure.on('data', onData);
      secure.on('error', () => {});
      socket = secure;
      t.socket = secure;
    },
  };
  return t;
}
