/**
 * One state machine: the sandbox's session and the observer both move by the
 * TRANSITIONS table, so after every line of every lesson solution and every golden
 * transcript they agree on where the conversation is. And the observer reads the same
 * transcript however the bytes arrive: one at a time, in random pieces, or all at once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERSONALITIES } from '../src/index.js';
import { replaySolution } from '../src/lessons/replay.js';
import { CHALLENGES, LESSONS } from '../src/lessons/sequence.js';
import { type Direction, Observer } from '../src/observe/observer.js';
import { DIALOGUES, type Dialogue } from '../src/parity/dialogues.js';
import { stepBytes, stepText } from '../src/parity/transcript.js';
import { encodeText } from '../src/protocol/bytes.js';
import { Mailbox } from '../src/server/mailbox.js';
import type { Personality } from '../src/server/personality.js';
import { Session, type SessionOutput } from '../src/server/session.js';
import { connect, fixedEnv } from './harness.js';

const dir = new URL('./fixtures/', import.meta.url);
const goldens = readdirSync(dir)
  .filter((f) => f.endsWith('.transcript'))
  .map((f) => ({ file: f, text: readFileSync(new URL(f, dir), 'utf8') }));

type Recording = [Direction, Uint8Array][];

/**
 * Plays a golden transcript's client lines through the sandbox with an observer beside
 * it, as a driver would; returns both directions' bytes and the two states after each line.
 */
function play(text: string) {
  const personality = /^# personality: (\w+)/m.exec(text)?.[1] ?? 'exim';
  const h = connect({ personality: PERSONALITIES[personality as keyof typeof PERSONALITIES] });
  const observer = new Observer();
  const recording: Recording = [['server', encodeText(h.greeting)]];
  observer.feed('server', encodeText(h.greeting));
  const states: { line: string; session: string; observed: string }[] = [];
  for (const raw of text.split('\n')) {
    if (!raw.startsWith('C:')) continue;
    const bytes = encodeText(`${raw.slice(3)}\r\n`);
    recording.push(['client', bytes]);
    observer.feed('client', bytes);
    const out = encodeText(h.send(`${raw.slice(3)}\r\n`));
    recording.push(['server', out]);
    observer.feed('server', out);
    if (h.events.some((e) => e.type === 'close')) observer.closed();
    states.push({ line: raw, session: h.session.state, observed: observer.state.conversation });
  }
  return { recording, states };
}

/**
 * Plays a parity dialogue's steps through the sandbox with an observer beside it, each
 * step in one write as the recorder sends it; returns both directions' bytes and the
 * two states after each step.
 */
function playDialogue(d: Dialogue, personality: Personality) {
  const session = new Session({ mailbox: new Mailbox(), ...fixedEnv(), personality, client: { address: '127.0.0.1' }, tls: true });
  const observer = new Observer(undefined, { letterEnd: personality.letterEnd }); // as the page does for its own sandbox
  const recording: Recording = [];
  const states: { step: string; session: string; observed: string }[] = [];
  let closed = false;
  let tlsWanted = false;
  const server = (r: SessionOutput) => {
    recording.push(['server', r.output]);
    observer.feed('server', r.output);
    if (r.events.some((e) => e.type === 'startTls')) tlsWanted = true;
    if (r.events.some((e) => e.type === 'close')) {
      closed = true;
      observer.closed();
    }
  };
  server(session.start());
  for (const step of d.steps) {
    if (closed) break;
    if (step.type === 'startTls') {
      if (tlsWanted) server(session.tlsStarted());
      tlsWanted = false;
      continue;
    }
    const bytes = stepBytes(step);
    recording.push(['client', bytes]);
    observer.feed('client', bytes);
    server(session.receive(bytes));
    states.push({ step: JSON.stringify(stepText(step)).slice(0, 80), session: session.state, observed: observer.state.conversation });
  }
  return { recording, states };
}

/** The transcript an observer makes of a recording cut into the given pieces. */
function observe(pieces: Recording) {
  const o = new Observer();
  const lines = pieces.flatMap(([d, b]) => o.feed(d, b));
  const { partial: _partial, ...state } = o.state;
  return { lines: lines.map(({ at: _at, ...l }) => l), state };
}

/** Cuts each direction's bytes at the given points, keeping the order of the directions. */
function cut(recording: Recording, cuts: number[]): Recording {
  return recording.flatMap(([d, b]) => {
    const points = [...new Set(cuts.map((c) => c % (b.length + 1)))].sort((x, y) => x - y);
    const out: Recording = [];
    let prev = 0;
    for (const p of [...points, b.length]) {
      out.push([d, b.subarray(prev, p)]);
      prev = p;
    }
    return out;
  });
}

describe('the session and the observer', () => {
  for (const lesson of [...LESSONS, ...CHALLENGES]) {
    it(`agree on the state after every line of ${lesson.kind} ${lesson.id}`, () => {
      const { states } = replaySolution(lesson);
      expect(states.length).toBe(lesson.solution.length);
      states.forEach((s, i) => {
        expect(s.observed, `after ${JSON.stringify(lesson.solution[i])} (entry ${i})`).toBe(s.session);
      });
    });
  }

  for (const { file, text } of goldens) {
    it(`agree on the state after every line of ${file}`, () => {
      const { states } = play(text);
      expect(states.length).toBeGreaterThan(0);
      for (const s of states) expect(s.observed, s.line).toBe(s.session);
      expect(states.at(-1)?.session).toBe('closed');
    });
  }
});

/** `BDAT <size> [LAST]` and its chunk, in one write. */
const bdat = (chunk: string, last = false) => `BDAT ${encodeText(chunk).length}${last ? ' LAST' : ''}\r\n${chunk}`;
const ENVELOPE = ['EHLO client.thm\r\n', 'MAIL FROM:<user@client.thm>\r\n', 'RCPT TO:<strategos@server.thm>\r\n'];

/** Sessions that send letters in BDAT chunks (or ask for PRDR), client writes in order, for both personalities: where each one's habits lead. */
const BDAT_CASES: { name: string; writes: string[] }[] = [
  {
    name: 'a chunk ending in mid-line, then the rest',
    writes: [...ENVELOPE, bdat('Subject: x\r\n\r\nFirst chunk, '), bdat('second chunk.\r\n', true), 'QUIT\r\n'],
  },
  {
    name: 'a chunk holding <CRLF>.<CRLF> and commands, pipelined',
    writes: ['EHLO client.thm\r\n', `${ENVELOPE.slice(1).join('')}${bdat('Subject: x\r\n\r\n.\r\nQUIT\r\nRSET\r\n', true)}NOOP\r\nQUIT\r\n`],
  },
  {
    name: 'two letters in chunks, one after the other',
    writes: [...ENVELOPE, bdat('a\r\n'), 'BDAT 0 LAST\r\n', ...ENVELOPE.slice(1), bdat('b', true), 'QUIT\r\n'],
  },
  {
    name: 'BDAT before MAIL and before RCPT',
    writes: ['EHLO client.thm\r\n', bdat('abcde'), 'NOOP\r\n', ENVELOPE[1] as string, bdat('x\r\n', true), 'RSET\r\n', 'QUIT\r\n'],
  },
  {
    name: 'DATA, NOOP and MAIL between chunks',
    writes: [...ENVELOPE, bdat('abcde'), 'NOOP\r\n', 'DATA\r\n', 'NOOP\r\n', ENVELOPE[1] as string, bdat('f', true), 'QUIT\r\n'],
  },
  { name: 'an empty chunk between chunks, then the last', writes: [...ENVELOPE, bdat('abcde'), 'BDAT 0\r\n', bdat('fgh'), 'BDAT 0 LAST\r\n', 'QUIT\r\n'] },
  { name: 'RSET between chunks', writes: [...ENVELOPE, bdat('abcde'), 'RSET\r\n', 'QUIT\r\n'] },
  { name: 'QUIT between chunks', writes: [...ENVELOPE, bdat('abcde'), 'QUIT\r\n'] },
  {
    name: 'BDAT after HELO, whole session in one write',
    writes: ['HELO client.thm\r\n', `${ENVELOPE.slice(1).join('')}${bdat('Subject: x\r\n\r\nUnoffered.\r\n', true)}QUIT\r\n`],
  },
  { name: 'a letter over the size limit', writes: [...ENVELOPE, bdat('x'.repeat(60)), bdat('y'.repeat(60), true), 'QUIT\r\n'] },
  {
    name: 'PRDR with two recipients, the letter by DATA and QUIT pipelined behind it',
    writes: ['EHLO client.thm\r\nMAIL FROM:<a@b.thm> PRDR\r\nRCPT TO:<c@d.thm>\r\nRCPT TO:<e@d.thm>\r\nDATA\r\n', 'Subject: x\r\n\r\nhi\r\n.\r\nQUIT\r\n'],
  },
  {
    name: 'PRDR with two recipients, the letter in chunks, all pipelined',
    writes: [
      `EHLO client.thm\r\nMAIL FROM:<a@b.thm> PRDR\r\nRCPT TO:<c@d.thm>\r\nRCPT TO:<e@d.thm>\r\n${bdat('Subject: x\r\n')}${bdat('\r\nhi\r\n', true)}NOOP\r\n`,
    ],
  },
];

/** Plays client writes through the sandbox with an observer beside it; both directions' bytes and the states after each write. */
function playWrites(writes: string[], personality: Personality) {
  const session = new Session({ mailbox: new Mailbox(), ...fixedEnv(), personality, policy: { maxMessageSize: 100 } });
  const observer = new Observer();
  const start = session.start().output;
  const recording: Recording = [['server', start]];
  observer.feed('server', start);
  const states: { write: string; session: string; observed: string }[] = [];
  for (const w of writes) {
    if (session.state === 'closed') break;
    const bytes = encodeText(w);
    recording.push(['client', bytes]);
    observer.feed('client', bytes);
    const r = session.receive(bytes);
    recording.push(['server', r.output]);
    observer.feed('server', r.output);
    if (r.events.some((e) => e.type === 'close')) observer.closed();
    states.push({ write: JSON.stringify(w).slice(0, 60), session: session.state, observed: observer.state.conversation });
  }
  return { recording, states };
}

describe('the session and the observer, with letters in chunks', () => {
  for (const personality of Object.values(PERSONALITIES)) {
    for (const c of BDAT_CASES) {
      it(`agree on the state after every write: ${c.name}, ${personality.id}-like`, () => {
        const { states } = playWrites(c.writes, personality);
        for (const s of states) expect(s.observed, s.write).toBe(s.session);
      });
    }
  }
});

describe('the session and the observer, under strict line endings', () => {
  /** Plays client writes through a session with smtpd_forbid_bare_newline = reject, an observer beside it, as a driver would. */
  function playStrict(writes: string[]) {
    const session = new Session({ mailbox: new Mailbox(), ...fixedEnv(), personality: PERSONALITIES.postfix, policy: { bareLf: 'reject' } });
    const observer = new Observer();
    observer.feed('server', session.start().output);
    const states: { write: string; session: string; observed: string; closed: boolean }[] = [];
    for (const w of writes) {
      const bytes = encodeText(w);
      observer.feed('client', bytes);
      const r = session.receive(bytes);
      observer.feed('server', r.output);
      const closed = r.events.some((e) => e.type === 'close');
      if (closed) observer.closed();
      states.push({ write: JSON.stringify(w), session: session.state, observed: observer.state.conversation, closed });
    }
    return states;
  }

  it('agree that a command ending in a bare LF gets its 550 and ends the session', () => {
    const states = playStrict(['EHLO client.thm\r\n', 'MAIL FROM:<a@client.thm>\r\n', 'RCPT TO:<b@server.thm>\n']);
    for (const s of states) expect(s.observed, s.write).toBe(s.session);
    expect(states.at(-1)).toMatchObject({ session: 'closed', closed: true });
  });

  it('agree that a letter with a bare LF inside is refused after its end and the session goes on', () => {
    const states = playStrict([
      'EHLO client.thm\r\n',
      'MAIL FROM:<a@client.thm>\r\nRCPT TO:<b@server.thm>\r\nDATA\r\n',
      'Subject: x\r\n\r\nhi\nthere\r\n.\r\n',
      'NOOP\r\n',
    ]);
    for (const s of states) expect(s.observed, s.write).toBe(s.session);
    expect(states.map((s) => s.closed)).toEqual([false, false, false, false]);
    expect(states.at(-1)?.session).toBe('ready');
  });
});

describe('the session and the observer, over the parity corpus', () => {
  for (const personality of Object.values(PERSONALITIES)) {
    for (const d of DIALOGUES) {
      it(`agree on the state after every step of ${d.id}, ${personality.id}-like`, () => {
        const { states } = playDialogue(d, personality);
        expect(states.length).toBeGreaterThan(0);
        for (const s of states) expect(s.observed, s.step).toBe(s.session);
      });
    }
  }
});

/** Tests that the observer reads `recording` as it reads it whole, one byte at a time and in any pieces. */
function readsTheSameInAnyPieces(name: string, recording: Recording, numRuns: number) {
  const whole = observe(recording);

  it(`reads ${name} the same one byte at a time`, () => {
    const bytes = recording.flatMap(([d, b]) => [...b].map((x): [Direction, Uint8Array] => [d, Uint8Array.of(x)]));
    expect(observe(bytes)).toEqual(whole);
  });

  it(`reads ${name} the same in any pieces`, () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (cuts) => {
        expect(observe(cut(recording, cuts))).toEqual(whole);
      }),
      { numRuns },
    );
  });
  return whole;
}

describe('the observer, whatever the chunking', () => {
  for (const { file, text } of goldens) {
    const whole = readsTheSameInAnyPieces(file, play(text).recording, 200);

    it(`reads ${file} the same with each direction in one piece, lines and replies in place`, () => {
      expect(whole.lines.length).toBe(text.split('\n').filter((l) => /^[CS]:/.test(l)).length);
      expect(whole.state.deliveries).toHaveLength(text.includes('{ID}') ? 1 : 0);
    });
  }

  // A BDAT chunk is split off by its count, wherever the pieces fall.
  const chunked = [
    ...Object.values(PERSONALITIES).flatMap((p) => BDAT_CASES.map((c) => ({ name: `${c.name}, ${p.id}-like`, recording: playWrites(c.writes, p).recording }))),
    ...Object.values(PERSONALITIES).flatMap((p) =>
      DIALOGUES.filter((d) => d.category === 'bdat').map((d) => ({ name: `${d.id}, ${p.id}-like`, recording: playDialogue(d, p).recording })),
    ),
  ];
  for (const { name, recording } of chunked) readsTheSameInAnyPieces(name, recording, 100);
});

describe('the observer, beside a server more lenient than the grammar', () => {
  it('reads the HELO name and the addresses Postfix takes though RFC 5321 does not', () => {
    const h = connect({ personality: PERSONALITIES.postfix });
    const o = new Observer();
    o.feed('server', encodeText(h.greeting));
    for (const line of ['HELO client thm', 'MAIL FROM:<user>', 'RCPT TO:<strategos>', 'RCPT TO:<@server.thm>']) {
      const bytes = encodeText(`${line}\r\n`);
      o.feed('client', bytes);
      o.feed('server', encodeText(h.send(`${line}\r\n`)));
    }
    expect(o.state.helo).toEqual({ verb: 'HELO', name: 'client thm' });
    expect(o.state.mailFrom).toBe('user');
    expect(o.state.recipients.map((r) => [r.address, r.accepted])).toEqual([
      ['strategos', true],
      ['@server.thm', true],
    ]);
    expect(o.state.conversation).toBe(h.session.state);
  });
});
