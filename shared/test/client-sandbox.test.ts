/**
 * The mail client against the real sandbox: lesson 7's message sent by three kinds of
 * client, to both personalities, on every scenario, with both directions cut into
 * random pieces. What each must come to is written below from what the scenario says
 * it does (scenarios.ts), not from what the client printed; and the mailbox is the
 * judge of delivery: the message is in it exactly when the outcome says delivered.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classicMessage } from '../src/client/classic-message.js';
import { type ClientOutcome, type Envelope, retryEnvelope } from '../src/client/outcome.js';
import { type ClientOptions, SmtpClient } from '../src/client/smtp-client.js';
import { decodeText, encodeText } from '../src/protocol/bytes.js';
import { Greylist } from '../src/server/greylist.js';
import { Mailbox } from '../src/server/mailbox.js';
import { exim } from '../src/server/personalities/exim.js';
import { postfix } from '../src/server/personalities/postfix.js';
import type { Personality } from '../src/server/personality.js';
import { SCENARIOS, type Scenario, scenarioById } from '../src/server/scenarios.js';
import { Session } from '../src/server/session.js';
import { type Conversation, type DriveOptions, drive, pieces } from './client-driver.js';

const LOGIN = { user: 'learner', password: 'sandbox' };

/** The clients: the page's autoplay, a relay between servers (an MTA), and a mail program at a submission port. */
const PROFILES = {
  /** Autoplay: the classic dialogue, unless the server asks for TLS or a login; one command at a time. */
  autoplay: { hello: 'client.thm', starttls: 'when-asked', auth: { ...LOGIN, when: 'asked' }, pipelining: false },
  /** The defaults: EHLO, STARTTLS whenever offered, no login, PIPELINING. */
  mta: { hello: 'client.thm' },
  /** A mail program's submission: TLS or nothing, then a login. */
  submission: { hello: 'client.thm', starttls: 'required', auth: LOGIN },
} satisfies Record<string, ClientOptions>;
type Profile = keyof typeof PROFILES;
const PROFILE_NAMES = Object.keys(PROFILES) as Profile[];

/** What an attempt must come to: its result, and for a refusal the step that refused and the reply's class. */
interface Expected {
  result: ClientOutcome['result'];
  at?: 'the greeting' | 'MAIL FROM' | 'RCPT TO';
  class?: 4 | 5;
}
const delivered: Expected = { result: 'delivered' };
const everyone = (e: Expected): Record<Profile, Expected> => ({ autoplay: e, mta: e, submission: e });

/**
 * Lesson 7's message (user@client.thm to strategos@server.thm) on each scenario, by
 * client. Each try is listed; a deferred try is followed by one with retryEnvelope
 * once the clock has passed the scenario's greylisting delay.
 */
const EXPECTED: Record<string, Record<Profile, Expected[]>> = {
  'catch-all': tries(everyone(delivered)),
  // server.thm is not local: a relay attempt, refused at RCPT unless the client logged in (and so may relay).
  'strict-mx': tries({ autoplay: { result: 'failed', at: 'RCPT TO', class: 5 }, mta: { result: 'failed', at: 'RCPT TO', class: 5 }, submission: delivered }),
  'unknown-users': tries({
    autoplay: { result: 'failed', at: 'RCPT TO', class: 5 },
    mta: { result: 'failed', at: 'RCPT TO', class: 5 },
    submission: delivered,
  }),
  // STARTTLS, then AUTH: autoplay does both when asked; an MTA has no login, and MAIL's 530 is final for it.
  submission: tries({ autoplay: delivered, mta: { result: 'failed', at: 'MAIL FROM', class: 5 }, submission: delivered }),
  'plaintext-auth': tries(everyone(delivered)),
  'starttls-required': tries(everyone(delivered)),
  // 451 at RCPT for a new triplet; the retry after the delay passes.
  greylisting: {
    autoplay: [{ result: 'deferred', at: 'RCPT TO', class: 4 }, delivered],
    mta: [{ result: 'deferred', at: 'RCPT TO', class: 4 }, delivered],
    submission: [{ result: 'deferred', at: 'RCPT TO', class: 4 }, delivered],
  },
  // Only carol's and dave's mailboxes are full.
  'mailbox-full': tries(everyone(delivered)),
  // Only nobody@ bounces later.
  'later-bounce': tries(everyone(delivered)),
  // The classic letter is far below 10 kB.
  'size-limit': tries(everyone(delivered)),
  // One recipient of three allowed.
  'too-many-recipients': tries(everyone(delivered)),
  // 421 instead of 220, every time: the client comes back, and is deferred again, till it stops trying (three tries here).
  'shutting-down': tries(everyone({ result: 'deferred', at: 'the greeting', class: 4 }), 3),
  // The client waits for the greeting, however late: it never talks first.
  'slow-server': tries(everyone(delivered)),
  // The client ends every line in CRLF.
  'strict-line-endings': tries(everyone(delivered)),
  'lenient-line-endings': tries(everyone(delivered)),
  // The journey's MSA is a submission port too: what it accepts then goes on its journey (world/journey.ts).
  journey: tries({ autoplay: delivered, mta: { result: 'failed', at: 'MAIL FROM', class: 5 }, submission: delivered }),
  'journey-footer': tries({ autoplay: delivered, mta: { result: 'failed', at: 'MAIL FROM', class: 5 }, submission: delivered }),
};

/** The same expectation for `count` tries in a row. */
function tries(e: Record<Profile, Expected>, count = 1): Record<Profile, Expected[]> {
  const times = (x: Expected) => Array.from({ length: count }, () => x);
  return { autoplay: times(e.autoplay), mta: times(e.mta), submission: times(e.submission) };
}

/** A server that remembers across connections (mailbox, greylist) on one clock, as a driver keeps them. */
function server(personality: Personality, scenario: Scenario) {
  let now = Date.UTC(2026, 10, 25, 6, 38, 15);
  let seed = 7;
  const mailbox = new Mailbox();
  const greylist = new Greylist();
  return {
    mailbox,
    /** Moves the clock on. */
    wait: (ms: number) => {
      now += ms;
    },
    connect: () =>
      new Session({
        mailbox,
        greylist,
        clock: () => now,
        random: () => {
          seed = (seed * 16807) % 2147483647;
          return seed / 2147483647;
        },
        personality,
        policy: scenario.policy,
        client: { address: '10.10.1.2' },
        tls: true,
      }),
  };
}

interface Attempt {
  envelope: Envelope;
  outcome: ClientOutcome;
  conversation: Conversation;
}

/** Sends `letter` until no recipient is deferred or `maxTries` is reached, waiting past the greylist between tries. */
function send(
  personality: Personality,
  scenario: Scenario,
  options: ClientOptions,
  split: () => DriveOptions,
  maxTries = 3,
  letter = classicMessage().letter,
  envelope = classicMessage().envelope,
) {
  const s = server(personality, scenario);
  const attempts: Attempt[] = [];
  for (let next: Envelope | null = envelope; next && attempts.length < maxTries; ) {
    const client = new SmtpClient(next, letter, options);
    const conversation = drive(client, s.connect(), { ...split(), advance: s.wait });
    const outcome = client.outcome;
    if (!outcome) throw new Error(`no outcome:\n${conversation.transcript.join('\n')}`);
    attempts.push({ envelope: next, outcome, conversation });
    next = retryEnvelope(next, outcome);
    // A mail client's queue waits before it tries again; past the greylisting delay here.
    s.wait(((scenario.policy.greylistSeconds ?? 0) + 1) * 1000);
  }
  return { attempts, mailbox: s.mailbox };
}

/** The message is in the mailbox for exactly the recipients the outcome says delivered, as the letter was written. */
function expectMailboxAgrees(attempts: readonly Attempt[], mailbox: Mailbox, letter: Uint8Array) {
  const stored = mailbox.list().filter((m) => m.mailFrom !== ''); // bounces come from <>
  const deliveredTo = attempts.flatMap((a) => a.outcome.recipients.filter((r) => r.status === 'delivered').map((r) => r.address));
  expect(stored.flatMap((m) => m.rcptTo).sort()).toEqual(deliveredTo.sort());
  for (const a of attempts.filter((a) => a.outcome.queueId !== null)) {
    const m = mailbox.get(a.outcome.queueId as string);
    expect(m, `message ${a.outcome.queueId} is stored`).toBeDefined();
    expect(decodeText(m?.raw ?? new Uint8Array()).endsWith(`\r\n${decodeText(letter)}`)).toBe(true);
  }
}

const arbitrarySplit = fc.array(fc.integer({ min: 1, max: 24 }), { minLength: 1, maxLength: 8 });

describe('the mail client against the sandbox, lesson 7’s message', () => {
  it('has an expectation for every scenario', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(SCENARIOS.map((s) => s.id).sort());
  });

  for (const personality of [exim, postfix]) {
    for (const scenario of SCENARIOS) {
      for (const profile of PROFILE_NAMES) {
        it(`${personality.id}, ${scenario.id}, ${profile}: ${(EXPECTED[scenario.id]?.[profile] ?? []).map((e) => e.result).join(', then ')}`, () => {
          const expected = EXPECTED[scenario.id]?.[profile] ?? [];
          fc.assert(
            fc.property(arbitrarySplit, arbitrarySplit, (up, down) => {
              const { attempts, mailbox } = send(personality, scenario, PROFILES[profile], () => ({ toServer: pieces(up), toClient: pieces(down) }));
              const seen = attempts.map((a) => a.conversation.transcript.join('\n')).join('\n--\n');
              expect(
                attempts.map((a) => a.outcome.result),
                seen,
              ).toEqual(expected.map((e) => e.result));
              attempts.forEach((a, i) => {
                const e = expected[i] as Expected;
                if (e.at) expect(a.outcome.why, seen).toContain(` at ${e.at}`);
                const decisive = a.outcome.recipients[0]?.reply;
                if (e.class) expect(Math.floor((decisive?.code ?? 0) / 100), seen).toBe(e.class);
                // Every attempt ends with the connection closed by the client, QUIT first unless the server said 421.
                const last = a.conversation.events.at(-1);
                expect(last?.type === 'close' || a.conversation.transcript.at(-1)?.startsWith('S: 421'), seen).toBe(true);
                const quit = a.conversation.transcript.includes('C: QUIT');
                expect(quit, seen).toBe(!a.conversation.transcript.some((l) => l.startsWith('S: 421')));
              });
              expectMailboxAgrees(attempts, mailbox, classicMessage().letter);
            }),
            { numRuns: 8 },
          );
        });
      }
    }
  }
});

describe('the dialogue each client holds', () => {
  const lettersLines = decodeText(classicMessage().letter).split('\r\n').slice(0, -1);
  const clientSide = (c: Conversation) => c.transcript.filter((l) => l.startsWith('C: ')).map((l) => l.slice(3));

  for (const personality of [exim, postfix]) {
    it(`autoplay on ${personality.id}'s catch-all is the classic one: EHLO, MAIL, RCPT, DATA, the letter, the dot, QUIT`, () => {
      const { attempts } = send(personality, scenarioById('catch-all'), PROFILES.autoplay, () => ({}));
      const c = (attempts[0] as Attempt).conversation;
      expect(clientSide(c)).toEqual(['EHLO client.thm', 'MAIL FROM:<user@client.thm>', 'RCPT TO:<strategos@server.thm>', 'DATA', ...lettersLines, '.', 'QUIT']);
      // One command per write: each waits for its reply.
      expect(c.writes.slice(0, 4)).toEqual(['EHLO client.thm\r\n', 'MAIL FROM:<user@client.thm>\r\n', 'RCPT TO:<strategos@server.thm>\r\n', 'DATA\r\n']);
    });

    it(`autoplay on ${personality.id}'s submission port: 530, STARTTLS, EHLO again, 530, AUTH PLAIN, then the message`, () => {
      const { attempts } = send(personality, scenarioById('submission'), PROFILES.autoplay, () => ({}));
      const c = (attempts[0] as Attempt).conversation;
      expect(clientSide(c).slice(0, 8)).toEqual([
        'EHLO client.thm',
        'MAIL FROM:<user@client.thm>',
        'STARTTLS',
        'EHLO client.thm',
        'MAIL FROM:<user@client.thm>',
        'AUTH PLAIN AGxlYXJuZXIAc2FuZGJveA==',
        'MAIL FROM:<user@client.thm>',
        'RCPT TO:<strategos@server.thm>',
      ]);
      expect(c.transcript.filter((l) => l.startsWith('S: 530'))).toHaveLength(2);
      expect(c.events).toContainEqual({ type: 'authenticated', user: 'learner' });
    });

    it(`a submission client on ${personality.id}'s submission port goes TLS and logs in at once, MAIL only once`, () => {
      const { attempts } = send(personality, scenarioById('submission'), PROFILES.submission, () => ({}));
      const c = (attempts[0] as Attempt).conversation;
      expect(clientSide(c).slice(0, 4)).toEqual(['EHLO client.thm', 'STARTTLS', 'EHLO client.thm', 'AUTH PLAIN AGxlYXJuZXIAc2FuZGJveA==']);
      expect(clientSide(c).filter((l) => l.startsWith('MAIL'))).toHaveLength(1);
      expect(c.transcript).not.toContain('S: 530');
    });

    it(`an MTA on ${personality.id} pipelines MAIL, RCPT and DATA in one write, after STARTTLS`, () => {
      const { attempts } = send(personality, scenarioById('catch-all'), PROFILES.mta, () => ({}));
      const c = (attempts[0] as Attempt).conversation;
      expect(c.writes).toContain('MAIL FROM:<user@client.thm>\r\nRCPT TO:<strategos@server.thm>\r\nDATA\r\n');
      expect(c.events.findIndex((e) => e.type === 'startTls')).toBeGreaterThanOrEqual(0);
      expect((attempts[0] as Attempt).outcome.result).toBe('delivered');
    });

    it(`a submission client refuses ${personality.id} without STARTTLS: QUIT, deferred, nothing sent in plain text`, () => {
      const s = server(personality, scenarioById('catch-all'));
      const client = new SmtpClient(classicMessage().envelope, classicMessage().letter, PROFILES.submission);
      const session = new Session({ mailbox: s.mailbox, clock: () => 0, random: () => 0.5, personality, tls: false });
      const c = drive(client, session);
      expect(clientSide(c)).toEqual(['EHLO client.thm', 'QUIT']);
      expect(client.outcome).toMatchObject({ result: 'deferred', why: expect.stringContaining('does not offer STARTTLS') });
      expect(s.mailbox.list()).toHaveLength(0);
    });
  }
});

describe('greylisting, retried', () => {
  for (const personality of [exim, postfix]) {
    it(`on ${personality.id}: deferred at RCPT, again if retried too soon, delivered once the delay has passed`, () => {
      const scenario = scenarioById('greylisting');
      const s = server(personality, scenario);
      const { envelope, letter } = classicMessage();
      const attempt = (e: Envelope) => {
        const client = new SmtpClient(e, letter, PROFILES.autoplay);
        drive(client, s.connect());
        return client.outcome as ClientOutcome;
      };
      const first = attempt(envelope);
      expect(first).toMatchObject({ result: 'deferred', recipients: [{ address: 'strategos@server.thm', status: 'deferred', reply: { code: 451 } }] });
      expect(first.why).toMatch(/^451 (4\.7\.1 )?at RCPT TO <strategos@server\.thm>: .*Greylisted.*tries again later\.$/);
      const retry = retryEnvelope(envelope, first);
      expect(retry).toEqual(envelope);
      s.wait(10_000);
      expect(attempt(retry as Envelope).result).toBe('deferred'); // 10 s in: the delay is 30
      s.wait(21_000);
      const last = attempt(retry as Envelope);
      expect(last.result).toBe('delivered');
      expect(s.mailbox.list()).toHaveLength(1);
      expect(last.queueId).toBe(s.mailbox.list()[0]?.id);
    });
  }
});

describe('mixed recipients', () => {
  const envelope = { mailFrom: 'user@client.thm', recipients: ['alice@server.thm', 'carol@server.thm', 'dave@server.thm'] };

  for (const personality of [exim, postfix]) {
    for (const profile of ['autoplay', 'mta'] as const) {
      it(`${personality.id}, ${profile}: alice delivered, carol deferred (452), dave failed (552); the retry is for carol alone`, () => {
        const { attempts, mailbox } = send(personality, scenarioById('mailbox-full'), PROFILES[profile], () => ({}), 1, classicMessage().letter, envelope);
        const { outcome, conversation } = attempts[0] as Attempt;
        expect(outcome.result).toBe('partial');
        expect(outcome.recipients.map((r) => [r.address, r.status, r.reply?.code])).toEqual([
          ['alice@server.thm', 'delivered', 250],
          ['carol@server.thm', 'deferred', 452],
          ['dave@server.thm', 'failed', 552],
        ]);
        expect(outcome.why).toContain('Delivered to 1 of 3 recipients. 1 deferred');
        expect(conversation.events.filter((e) => e.type === 'recipient').map((e) => e.type === 'recipient' && e.status)).toEqual([
          'accepted',
          'deferred',
          'failed',
        ]);
        expect(retryEnvelope(envelope, outcome)).toEqual({ mailFrom: 'user@client.thm', recipients: ['carol@server.thm'] });
        expectMailboxAgrees(attempts, mailbox, classicMessage().letter);
      });
    }

    it(`${personality.id}: no recipient taken, so no DATA without PIPELINING, and the pipelined DATA's refusal is expected`, () => {
      const both = { mailFrom: 'user@client.thm', recipients: ['carol@server.thm', 'dave@server.thm'] };
      const plain = send(personality, scenarioById('mailbox-full'), PROFILES.autoplay, () => ({}), 1, classicMessage().letter, both).attempts[0] as Attempt;
      expect(plain.conversation.transcript).not.toContain('C: DATA');
      expect(plain.outcome).toMatchObject({ result: 'deferred', dataReply: null });
      expect(plain.outcome.why).toMatch(/^452 (4\.2\.2 )?at RCPT TO <carol@server\.thm>: .* The other recipient was refused too\. Nothing is lost/);
      const piped = send(personality, scenarioById('mailbox-full'), PROFILES.mta, () => ({}), 1, classicMessage().letter, both).attempts[0] as Attempt;
      expect(piped.conversation.transcript).toContain('C: DATA');
      expect(piped.conversation.transcript.some((l) => /^S: 5(03|54)/.test(l))).toBe(true); // Exim's 503, Postfix's 554
      expect(piped.outcome).toMatchObject({ result: 'deferred', dataReply: null });
      expect(piped.conversation.transcript.at(-2)).toBe('C: QUIT');
    });

    it(`${personality.id}: a fourth recipient gets 452 (too many), and the retry sends it alone`, () => {
      const four = { mailFrom: 'user@client.thm', recipients: ['a@server.thm', 'b@server.thm', 'c@server.thm', 'd@server.thm'] };
      const { attempts, mailbox } = send(personality, scenarioById('too-many-recipients'), PROFILES.mta, () => ({}), 3, classicMessage().letter, four);
      expect(attempts.map((a) => a.outcome.result)).toEqual(['partial', 'delivered']);
      expect(attempts[1]?.envelope.recipients).toEqual(['d@server.thm']);
      expectMailboxAgrees(attempts, mailbox, classicMessage().letter);
    });
  }
});

describe('the letter on the wire', () => {
  for (const personality of [exim, postfix]) {
    it(`${personality.id}: a line starting with "." is stuffed, and stored as written`, () => {
      const letter = encodeText('Subject: dots\r\n\r\n.hidden\r\n..two\r\n.\r\nend\r\n');
      const { attempts, mailbox } = send(personality, scenarioById('catch-all'), PROFILES.autoplay, () => ({}), 1, letter);
      const c = (attempts[0] as Attempt).conversation;
      expect(c.transcript).toEqual(expect.arrayContaining(['C: ..hidden', 'C: ...two', 'C: ..', 'C: end', 'C: .']));
      expect(attempts[0]?.outcome.result).toBe('delivered');
      expectMailboxAgrees(attempts, mailbox, letter);
    });

    it(`${personality.id}, strict line endings: a letter with bare LFs goes with CRLFs, and is taken`, () => {
      const letter = encodeText('Subject: bare\n\none\nline\r\n.two\n');
      const { attempts, mailbox } = send(personality, scenarioById('strict-line-endings'), PROFILES.mta, () => ({}), 1, letter);
      expect(attempts[0]?.outcome.result).toBe('delivered');
      expectMailboxAgrees(attempts, mailbox, encodeText('Subject: bare\r\n\r\none\r\nline\r\n.two\r\n'));
    });

    it(`${personality.id}, size limit: a 20 kB letter is not sent after EHLO's SIZE; after HELO the server's 552 refuses it`, () => {
      const big = encodeText(`Subject: big\r\n\r\n${'x'.repeat(76)}\r\n`.repeat(256));
      const ehlo = send(personality, scenarioById('size-limit'), PROFILES.mta, () => ({}), 1, big);
      expect(ehlo.attempts[0]?.outcome).toMatchObject({ result: 'failed', why: expect.stringContaining('more than the 10240 the server takes') });
      expect(ehlo.attempts[0]?.conversation.transcript.some((l) => l.startsWith('C: MAIL'))).toBe(false);
      const helo = send(personality, scenarioById('size-limit'), { hello: 'client.thm', greeting: 'HELO' }, () => ({}), 1, big);
      expect(helo.attempts[0]?.outcome).toMatchObject({ result: 'failed', dataReply: { code: 552 } });
      expect(helo.attempts[0]?.outcome.why).toMatch(/^552 (5\.3\.4 )?at the end of the letter/);
      expect(helo.mailbox.list()).toHaveLength(0);
    });
  }
});

describe('later bounces', () => {
  it('a recipient accepted and bounced later counts as delivered to the client; the bounce comes to the sender', () => {
    const envelope = { mailFrom: 'user@client.thm', recipients: ['nobody@server.thm'] };
    const { attempts, mailbox } = send(postfix, scenarioById('later-bounce'), PROFILES.autoplay, () => ({}), 1, classicMessage().letter, envelope);
    expect(attempts[0]?.outcome.result).toBe('delivered');
    const bounce = mailbox.list().find((m) => m.mailFrom === '');
    expect(bounce?.rcptTo).toEqual(['user@client.thm']);
  });
});
