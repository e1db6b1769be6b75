/**
 * A driver for the mail client's tests: the SmtpClient and the real sandbox Session,
 * wired in-process as a TCP driver would wire them, with both directions cut into
 * chunks however a test likes. It keeps time (a slow greeting's wait moves the clock),
 * does the "TLS handshake" (both sides hear it started), and hangs up when either side
 * asks. The transcript it keeps (C:/S: lines) makes a failing assertion readable.
 */
import type { ClientEvent, ClientOutput, SmtpClient } from '../src/client/smtp-client.js';
import { decodeText } from '../src/protocol/bytes.js';
import type { Session, SessionOutput } from '../src/server/session.js';

/** Cuts bytes into pieces. */
export type Split = (bytes: Uint8Array) => Uint8Array[];

/** One piece per write, as a driver that never splits. */
export const whole: Split = (bytes) => [bytes];

/** Pieces of these sizes in turn (each at least 1), over and over: fast-check draws the sizes. */
export function pieces(sizes: readonly number[]): Split {
  let next = 0;
  return (bytes) => {
    const out: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; ) {
      const size = Math.max(1, sizes[next++ % sizes.length] ?? 1);
      out.push(bytes.subarray(at, at + size));
      at += size;
    }
    return out;
  };
}

export interface Conversation {
  events: ClientEvent[];
  /** What each side said, in order: "C: MAIL FROM:<…>", "S: 250 OK". */
  transcript: string[];
  /** Each write the client made, as text: a pipelined envelope is one. */
  writes: string[];
}

export interface DriveOptions {
  /** How the client's writes and the server's are cut; one split for both when only `split` is given. */
  toServer?: Split;
  toClient?: Split;
  /** The session asked to be woken after this long (a slow greeting): move the clock. */
  advance?: (ms: number) => void;
}

/** Runs one connection to its end: the client against `session`, a fresh one. */
export function drive(client: SmtpClient, session: Session, options: DriveOptions = {}): Conversation {
  const toServerSplit = options.toServer ?? whole;
  const toClientSplit = options.toClient ?? whole;
  const conversation: Conversation = { events: [], transcript: [], writes: [] };
  const toServer: Uint8Array[] = [];
  const toClient: Uint8Array[] = [];
  let serverClosing = false;
  let clientClosing = false;

  const fromServer = (r: SessionOutput) => {
    if (r.output.length > 0) {
      conversation.transcript.push(...lines('S', r.output));
      toClient.push(...toClientSplit(r.output));
    }
    if (r.events.some((e) => e.type === 'close')) serverClosing = true;
    if (r.wakeAfterMs !== undefined) {
      options.advance?.(r.wakeAfterMs);
      fromServer(session.wake());
    }
  };
  const fromClient = (r: ClientOutput) => {
    if (r.output.length > 0) {
      conversation.transcript.push(...lines('C', r.output));
      conversation.writes.push(decodeText(r.output));
      toServer.push(...toServerSplit(r.output));
    }
    conversation.events.push(...r.events);
    for (const e of r.events) {
      if (e.type === 'close') clientClosing = true;
      if (e.type === 'startTls') {
        // The handshake: the server hears it first (its 220 went out, it reads nothing till then), then the client.
        conversation.transcript.push('-- TLS');
        fromServer(session.tlsStarted());
        fromClient(client.tlsStarted());
      }
    }
  };

  fromServer(session.start());
  for (let rounds = 0; rounds < 100_000; rounds++) {
    // What the client wrote reaches the server first: it was written before anything now on its way back was read.
    while (toServer.length > 0 && !serverClosing) fromServer(session.receive(toServer.shift() as Uint8Array));
    if (clientClosing) {
      session.close();
      return conversation;
    }
    const next = toClient.shift();
    if (next) {
      fromClient(client.receive(next));
      continue;
    }
    if (serverClosing) {
      fromClient(client.connectionLost());
      return conversation;
    }
    if (toServer.length === 0) throw new Error(`both sides wait for the other:\n${conversation.transcript.join('\n')}`);
  }
  throw new Error('the conversation did not end');
}

function lines(side: 'C' | 'S', bytes: Uint8Array): string[] {
  return decodeText(bytes)
    .split('\r\n')
    .filter((l, i, all) => i < all.length - 1 || l !== '')
    .map((l) => `${side}: ${l}`);
}
