/**
 * Properties (fast-check): whatever bytes arrive, in whatever chunks, the sandbox
 * never throws, answers only with well-formed replies, and gives the same answer for
 * any split of the same bytes. Dot-stuffing round-trips; replies round-trip.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Direction, Observer } from '../src/observe/observer.js';
import { Maildrops } from '../src/pop3/maildrops.js';
import { Pop3Session } from '../src/pop3/session.js';
import { concatBytes as concat } from '../src/protocol/bytes.js';
import { dotStuff } from '../src/protocol/dot-stuffing.js';
import { REPLIES } from '../src/protocol/replies.js';
import { formatReply, parseReply } from '../src/protocol/reply.js';
import { DataReader } from '../src/server/data-reader.js';
import { Mailbox } from '../src/server/mailbox.js';
import { exim } from '../src/server/personalities/exim.js';
import { postfix } from '../src/server/personalities/postfix.js';
import { Session } from '../src/server/session.js';
import { fixedEnv } from './harness.js';
import { mailboxWithClassic, sendOverSmtp } from './pop3-harness.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Lines a client might send: real commands, near-misses and junk. */
const line = fc.oneof(
  fc.constantFrom(
    'EHLO client.thm',
    'HELO client.thm',
    'MAIL FROM:<a@b.test>',
    'MAIL FROM: <a@b.test> SIZE=10',
    'RCPT TO:<c@d.test>',
    'RCPT TO:<Postmaster>',
    'DATA',
    '.',
    '..',
    'Subject: x',
    '',
    'RSET',
    'NOOP',
    'VRFY x',
    'HELP',
    'AUTH PLAIN',
    'AUTH LOGIN',
    'AUTH PLAIN AGxlYXJuZXIAc2FuZGJveA==',
    '*',
    'STARTTLS',
    'BDAT 4 LAST',
    'QUIT',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const ending = fc.constantFrom('\r\n', '\n', '\r', '');
const script = fc.array(fc.tuple(line, ending), { maxLength: 40 }).map((ls) => enc.encode(ls.map(([l, e]) => l + e).join('')));

/** Splits bytes at the given cut points. */
function chunk(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  out.push(bytes.subarray(prev));
  return out;
}

function run(chunks: Uint8Array[], personality = exim, tls = false) {
  const mailbox = new Mailbox();
  const session = new Session({ mailbox, ...fixedEnv(7), personality, tls, policy: { maxMessageSize: 2000, maxErrors: 1000 } });
  let out = dec.decode(session.start().output);
  for (const c of chunks) {
    const r = session.receive(c);
    out += dec.decode(r.output);
    if (r.events.some((e) => e.type === 'startTls')) session.tlsStarted();
  }
  session.close();
  return { out, stored: mailbox.list().map((m) => dec.decode(m.raw)) };
}

const codes = new Set<number>(Object.values(REPLIES).map((r) => r.code));
for (const p of [exim, postfix]) for (const o of Object.values(p.replies)) if (typeof o === 'object') codes.add(o.code);

describe('Session properties', () => {
  it('never throws and answers only with well-formed catalogue replies', () => {
    fc.assert(
      fc.property(fc.oneof(script, fc.uint8Array({ maxLength: 600 })), fc.array(fc.nat(), { maxLength: 8 }), fc.boolean(), (bytes, cuts, pf) => {
        const { out } = run(chunk(bytes, cuts), pf ? postfix : exim, true);
        expect(out.endsWith('\r\n')).toBe(true);
        for (const l of out.slice(0, -2).split('\r\n')) {
          expect(l).toMatch(/^[2-5]\d\d[ -]/);
          expect(codes.has(Number(l.slice(0, 3)))).toBe(true);
          expect(l).not.toMatch(/\{\w+\}/); // every placeholder filled
          // Echoed control characters are as sent (real Exim's habit), but none that breaks a line.
          // biome-ignore lint/suspicious/noControlCharactersInRegex: no CR, LF or NUL inside a reply line
          expect(l).not.toMatch(/[\r\n\x00]/);
        }
      }),
      { numRuns: 400 },
    );
  });

  // Exim's synchronization check is about timing by design: after HELO, commands that
  // arrive together with the one before are refused. Without it, chunking changes nothing.
  for (const p of [postfix, { ...exim, syncCheck: false }]) {
    it(`gives the same replies and stores the same messages for any chunking (${p.id}${p.syncCheck ? '' : ', no sync check'})`, () => {
      fc.assert(
        fc.property(script, fc.array(fc.nat(), { maxLength: 10 }), (bytes, cuts) => {
          expect(run(chunk(bytes, cuts), p)).toEqual(run([bytes], p));
        }),
        { numRuns: 300 },
      );
    });
  }

  it('refuses commands pipelined after HELO only when they arrive together, as Exim does', () => {
    const lines = enc.encode('HELO c.test\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\n');
    expect(run([lines]).out).toContain('554 SMTP synchronization error');
    const split = [enc.encode('HELO c.test\r\n'), enc.encode('MAIL FROM:<a@b.test>\r\n'), enc.encode('RCPT TO:<c@d.test>\r\n')];
    expect(run(split).out).not.toContain('554');
  });
});

describe('dot-stuffing', () => {
  const bodyLine = fc.oneof(
    fc.constantFrom('.', '..', '.x', 'x.', ''),
    fc.string({ maxLength: 30 }).filter((s) => !/[\r\n]/.test(s)),
  );
  it('round-trips any body through stuffing and the DATA reader, in any chunking', () => {
    fc.assert(
      fc.property(fc.array(bodyLine, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 6 }), (lines, cuts) => {
        const body = lines.map((l) => `${l}\r\n`).join('');
        const wire = enc.encode(dotStuff(body));
        const reader = new DataReader('crlf', 1 << 20);
        let end = -1;
        const parts = chunk(wire, cuts);
        for (const [i, part] of parts.entries()) {
          end = reader.read(part, 0);
          if (end !== -1) {
            expect(i).toBe(parts.length - 1 - parts.slice(i + 1).filter((p) => p.length === 0).length);
            break;
          }
        }
        expect(end).not.toBe(-1);
        expect(dec.decode(reader.result().body)).toBe(body);
      }),
    );
  });
});

describe('BDAT framing', () => {
  /** Letter octets with what DATA would take for an end or a command, and line ends of every kind. */
  const piece = fc.oneof(
    fc.constantFrom('.', '\r\n.\r\n', '\n.\n', 'QUIT\r\n', 'BDAT 3 LAST\r\n', 'Subject: x\r\n', '\r', '\n', '\r\n', ''),
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'binary', maxLength: 10 }),
  );
  const letter = fc.array(piece, { maxLength: 12 }).map((ps) => enc.encode(ps.join('')));

  /** A whole session sending `body` as BDAT chunks cut at `cuts`, the last one LAST (perhaps empty). */
  function session(body: Uint8Array, cuts: number[]): Uint8Array {
    const head = enc.encode('EHLO client.thm\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\n');
    // An empty chunk but the last is refused by Postfix (a "null BDAT request"): none here.
    const parts = chunk(body, cuts).filter((p, i, all) => p.length > 0 || i === all.length - 1);
    const chunks = parts.flatMap((p, i) => [enc.encode(`BDAT ${p.length}${i === parts.length - 1 ? ' LAST' : ''}\r\n`), p]);
    return concat([head, ...chunks, enc.encode('QUIT\r\n')]);
  }

  it('stores exactly the octets of the chunks, however the letter is cut into them', () => {
    fc.assert(
      fc.property(letter, fc.array(fc.nat(), { maxLength: 5 }), fc.boolean(), (body, cuts, pf) => {
        const personality = pf ? postfix : exim;
        const { out, stored } = run([session(body, cuts)], personality);
        expect(out).not.toMatch(/^[45]/m);
        // Both servers end a letter whose last line has no line end with CRLF.
        const ended = body.length === 0 || body[body.length - 1] === 10 ? body : concat([body, enc.encode('\r\n')]);
        // The trace headers alone: the same session with an empty letter (same clock, same id).
        const trace = run([session(new Uint8Array(0), [])], personality).stored[0] as string;
        expect(stored).toEqual([trace + dec.decode(ended)]);
      }),
      { numRuns: 300 },
    );
  });

  it('answers the same and stores the same for any split of the wire, and one octet at a time', () => {
    fc.assert(
      fc.property(letter, fc.array(fc.nat(), { maxLength: 5 }), fc.array(fc.nat(), { maxLength: 10 }), fc.boolean(), (body, cuts, splits, pf) => {
        const wire = session(body, cuts);
        const whole = run([wire], pf ? postfix : exim);
        expect(run(chunk(wire, splits), pf ? postfix : exim)).toEqual(whole);
        expect(
          run(
            [...wire].map((b) => Uint8Array.of(b)),
            pf ? postfix : exim,
          ),
        ).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });
});

describe('reply format and parse', () => {
  // Texts that themselves start like an enhanced code would be read as one; the
  // generator leaves those out, since no catalogue text starts that way.
  const text = fc.string({ maxLength: 30 }).filter((s) => !/[\r\n]/.test(s) && !/^[245]\.\d/.test(s));
  it('parse(format(reply)) gives the reply back', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 9 })).map(([a, b, c]) => a * 100 + b * 10 + c), // RFC 5321 4.2: x[0-5]y
        fc.option(fc.constantFrom('2.0.0', '4.7.1', '5.1.1'), { nil: undefined }),
        fc.array(text, { minLength: 1, maxLength: 5 }),
        (code, enhanced, lines) => {
          const cls = String(code)[0];
          const reply = enhanced && enhanced[0] === cls ? { code, enhanced, lines } : { code, lines };
          const wire = formatReply(reply).split('\r\n').slice(0, -1);
          expect(parseReply(wire)).toEqual(reply);
        },
      ),
    );
  });
});

describe('Observer reading POP3', () => {
  /** Lines a POP3 client might send: real commands, near-misses and junk. */
  const pop3Line = fc.oneof(
    fc.constantFrom(
      'CAPA',
      'USER strategos',
      'PASS sandbox',
      'PASS wrong',
      'AUTH PLAIN',
      'AUTH PLAIN AHN0cmF0ZWdvcwBzYW5kYm94',
      'AHN0cmF0ZWdvcwBzYW5kYm94',
      '*',
      'STLS',
      'STAT',
      'LIST',
      'LIST 1',
      'RETR 1',
      'RETR 2',
      'TOP 2 1',
      'UIDL',
      'UIDL 2',
      'DELE 1',
      'RSET',
      'NOOP',
      'QUIT',
      '',
    ),
    fc.string({ maxLength: 30 }),
  );
  const pop3Script = fc.array(fc.tuple(pop3Line, fc.constantFrom('\r\n', '\n')), { minLength: 1, maxLength: 25 });
  const mailbox = mailboxWithClassic();
  sendOverSmtp(mailbox, 'a@client.thm', ['strategos@server.thm'], 'Subject: dots\r\n\r\n.hidden\r\n..\r\nend\r\n', 2);

  /** Both directions of a session with the POP3 sandbox, one client line at a time, as a driver records them. */
  function record(lines: [string, string][]): [Direction, Uint8Array][] {
    const session = new Pop3Session({ ...fixedEnv(), maildrops: new Maildrops(mailbox), tls: true });
    const rec: [Direction, Uint8Array][] = [['server', session.start().output]];
    for (const [l, end] of lines) {
      const bytes = enc.encode(l + end);
      rec.push(['client', bytes]);
      const r = session.receive(bytes);
      rec.push(['server', r.output]);
      if (r.events.some((e) => e.type === 'startTls')) session.tlsStarted();
    }
    return rec;
  }

  function transcript(rec: [Direction, Uint8Array][], cuts: number[][]) {
    const o = new Observer();
    const lines = rec.flatMap(([dir, bytes], i) => chunk(bytes, cuts[i] ?? []).flatMap((c) => o.feed(dir, c)));
    const shown = lines.map((l) => ({ ...l, at: 0 }));
    return { shown, state: o.state };
  }

  it('gives the same transcript and the same state for any chunking of either direction', () => {
    fc.assert(
      fc.property(pop3Script, fc.array(fc.array(fc.nat(400), { maxLength: 4 }), { maxLength: 60 }), (lines, cuts) => {
        const rec = record(lines);
        const whole = transcript(rec, []);
        expect(whole.state.protocol).toBe('pop3');
        expect(transcript(rec, cuts)).toEqual(whole);
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same transcript one octet at a time', () => {
    const rec = record([
      ['CAPA', '\r\n'],
      ['USER strategos', '\r\n'],
      ['PASS sandbox', '\r\n'],
      ['LIST', '\r\n'],
      ['RETR 2', '\r\n'],
      ['DELE 1', '\r\n'],
      ['QUIT', '\r\n'],
    ]);
    const every = rec.map(([, bytes]) => Array.from({ length: bytes.length }, (_, i) => i));
    expect(transcript(rec, every)).toEqual(transcript(rec, []));
    expect(transcript(rec, []).state.pop3).toMatchObject({ quit: true, deleted: [1] });
  });
});
