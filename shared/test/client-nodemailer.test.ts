/**
 * A second opinion: nodemailer's SMTP client sends lesson 7's message to the same
 * sandbox sessions (over a loopback socket, a few lines of driver), and what it makes
 * of each scenario (sent, refused for now, refused for good) must be what ours makes
 * of it. Both go without TLS here: nodemailer wants a real handshake, and the
 * scenarios that need TLS are refused alike without it.
 */
import { createServer, type Server } from 'node:net';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classicMessage } from '../src/client/classic-message.js';
import type { ClientOutcome, Envelope } from '../src/client/outcome.js';
import { SmtpClient } from '../src/client/smtp-client.js';
import { Mailbox } from '../src/server/mailbox.js';
import { exim } from '../src/server/personalities/exim.js';
import { postfix } from '../src/server/personalities/postfix.js';
import type { Personality } from '../src/server/personality.js';
import { SCENARIOS, type Scenario } from '../src/server/scenarios.js';
import { Session, type SessionOutput } from '../src/server/session.js';
import { drive } from './client-driver.js';

/** What a client made of an attempt, in the words both can be read in. */
type Verdict = 'sent' | 'partly sent' | 'refused for now' | 'refused for good';

const VERDICT: Record<ClientOutcome['result'], Verdict> = {
  delivered: 'sent',
  partial: 'partly sent',
  deferred: 'refused for now',
  failed: 'refused for good',
};

let server: Server;
let port = 0;
/** What the next connection's session is made of. */
let next: { personality: Personality; scenario: Scenario } = { personality: exim, scenario: SCENARIOS[0] as Scenario };

function session(personality: Personality, scenario: Scenario): Session {
  return new Session({ mailbox: new Mailbox(), clock: () => 0, random: () => 0.5, personality, policy: scenario.policy, client: { address: '127.0.0.1' } });
}

beforeAll(async () => {
  // The TCP driver of tcp-sandbox.ts in brief: bytes in, bytes out, close when asked; a slow greeting after 10 ms.
  server = createServer((socket) => {
    const s = session(next.personality, next.scenario);
    const act = (r: SessionOutput) => {
      if (r.output.length > 0) socket.write(r.output);
      if (r.events.some((e) => e.type === 'close')) socket.end();
      if (r.wakeAfterMs !== undefined) setTimeout(() => act(s.wake()), 10);
    };
    socket.on('data', (bytes) => act(s.receive(new Uint8Array(bytes))));
    socket.on('error', () => s.close());
    socket.on('close', () => s.close());
    act(s.start());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** nodemailer's verdict, from its result or its error's reply code. */
async function nodemailerSends(envelope: Envelope, letter: Uint8Array): Promise<Verdict> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, name: 'client.thm', greetingTimeout: 5000 });
  try {
    const info = await transport.sendMail({ envelope: { from: envelope.mailFrom, to: [...envelope.recipients] }, raw: Buffer.from(letter) });
    return info.rejected.length === 0 ? 'sent' : info.accepted.length > 0 ? 'partly sent' : 'refused for good';
  } catch (e) {
    const code = (e as { responseCode?: number }).responseCode;
    return code !== undefined && code >= 500 ? 'refused for good' : 'refused for now';
  } finally {
    transport.close();
  }
}

function ourClientSends(personality: Personality, scenario: Scenario, envelope: Envelope, letter: Uint8Array): Verdict {
  const client = new SmtpClient(envelope, letter, { hello: 'client.thm', starttls: 'never' });
  drive(client, session(personality, scenario));
  return VERDICT[(client.outcome as ClientOutcome).result];
}

describe('our client and nodemailer’s, on every scenario', () => {
  const { envelope, letter } = classicMessage();
  for (const personality of [exim, postfix]) {
    for (const scenario of SCENARIOS) {
      it(`${personality.id}, ${scenario.id}: the same verdict`, async () => {
        next = { personality, scenario };
        const theirs = await nodemailerSends(envelope, letter);
        expect(ourClientSends(personality, scenario, envelope, letter)).toBe(theirs);
      });
    }
  }

  it('and on mixed recipients: carol’s full-for-now mailbox, dave’s full-for-good one, alice fine', async () => {
    const mixed = { mailFrom: 'user@client.thm', recipients: ['alice@server.thm', 'carol@server.thm', 'dave@server.thm'] };
    for (const personality of [exim, postfix]) {
      const scenario = SCENARIOS.find((s) => s.id === 'mailbox-full') as Scenario;
      next = { personality, scenario };
      expect(await nodemailerSends(mixed, letter)).toBe('partly sent');
      expect(ourClientSends(personality, scenario, mixed, letter)).toBe('partly sent');
    }
  });
});
