/**
 * Test setup ladders for the sandbox (go-smtp's style): each rung is a session one
 * step further along, so a test starts where its behaviour lives.
 */
import { decodeText, encodeText } from '../src/protocol/bytes.js';
import type { Greylist } from '../src/server/greylist.js';
import { Mailbox } from '../src/server/mailbox.js';
import { exim } from '../src/server/personalities/exim.js';
import type { Personality } from '../src/server/personality.js';
import type { Policy } from '../src/server/policy.js';
import { Session, type SessionEvent, type TlsInfo } from '../src/server/session.js';

export interface Harness {
  session: Session;
  mailbox: Mailbox;
  greeting: string;
  /** Sends text as bytes; returns what the server answered. */
  send(text: string): string;
  events: SessionEvent[];
}

/** A deterministic clock and random source: same inputs, same ids and dates. */
export function fixedEnv(seed = 1) {
  let s = seed;
  return {
    clock: () => Date.UTC(2026, 10, 25, 6, 38, 15, 123),
    random: () => {
      s = (s * 16807) % 2147483647;
      return s / 2147483647;
    },
  };
}

export function connect(
  opts: {
    personality?: Personality;
    policy?: Partial<Policy>;
    tls?: boolean;
    implicitTls?: TlsInfo;
    clock?: () => number;
    greylist?: Greylist;
    mailbox?: Mailbox;
  } = {},
): Harness {
  const mailbox = opts.mailbox ?? new Mailbox();
  const session = new Session({ ...fixedEnv(), client: { address: '10.10.1.2' }, ...opts, mailbox });
  const events: SessionEvent[] = [];
  const greeting = decodeText(session.start().output);
  return {
    session,
    mailbox,
    greeting,
    events,
    send(text) {
      const r = session.receive(encodeText(text));
      events.push(...r.events);
      return decodeText(r.output);
    },
  };
}

export function greeted(opts: Parameters<typeof connect>[0] = {}): Harness {
  const h = connect(opts);
  h.send('HELO client.thm\r\n');
  return h;
}

export function afterEhlo(opts: Parameters<typeof connect>[0] = {}): Harness {
  const h = connect(opts);
  h.send('EHLO client.thm\r\n');
  return h;
}

export function inTransaction(opts: Parameters<typeof connect>[0] = {}): Harness {
  const h = afterEhlo(opts);
  h.send('MAIL FROM:<user@client.thm>\r\n');
  h.send('RCPT TO:<strategos@server.thm>\r\n');
  return h;
}

/** After EHLO, STARTTLS (the driver's handshake done) and EHLO again: where real servers offer AUTH. */
export function overTls(opts: Parameters<typeof connect>[0] = {}): Harness {
  const h = afterEhlo({ ...opts, tls: true });
  h.send('STARTTLS\r\n');
  h.session.tlsStarted({ protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' });
  h.send('EHLO client.thm\r\n');
  return h;
}

export { exim };
