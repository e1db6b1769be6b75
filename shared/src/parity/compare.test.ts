import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exim } from '../server/personalities/exim.js';
import { postfix } from '../server/personalities/postfix.js';
import { COMPARE_DIALOGUES, comparableTranscript, compareDialogue, compareTranscripts, isSafeDialogue, summariseComparisons } from './compare.js';
import { DIALOGUES, type Dialogue, type DialogueStep } from './dialogues.js';
import { PROBES } from './fingerprint.js';
import { playDialogue } from './play.js';
import { SANDBOX_CLIENT, SessionTransport } from './sandbox-transport.js';
import type { ParityGolden } from './transcript.js';

const golden = (server: 'exim' | 'postfix') => JSON.parse(readFileSync(new URL(`./goldens/${server}.json`, import.meta.url), 'utf8')) as ParityGolden;
const GOLDENS = { exim: golden('exim'), postfix: golden('postfix') };
const byId = (id: string) => DIALOGUES.find((d) => d.id === id) as Dialogue;

/** A dialogue of just these steps. */
const dialogue = (...steps: DialogueStep[]): Dialogue => ({ id: 'test', category: 'session', about: 'A test.', steps });
const line = (text: string, ending: 'crlf' | 'lf' | 'cr' = 'crlf'): DialogueStep => ({ type: 'line', text, ending, replies: 1 });
const chunk = (text: string): DialogueStep => ({ type: 'chunk', text, replies: 1 });

describe('isSafeDialogue', () => {
  it('refuses anything that could end a letter after DATA, however the dot line is ended', () => {
    for (const end of ['.\r\n', '.\n', '.\r', ' . \r\n', '.']) {
      expect(isSafeDialogue(dialogue(line('EHLO a.thm'), line('DATA'), chunk(`Subject: x\r\n\r\nbody\r\n${end}`))), JSON.stringify(end)).toBe(false);
    }
    expect(isSafeDialogue(dialogue(chunk('MAIL FROM:<a@b.thm>\r\nRCPT TO:<c@d.thm>\r\ndata\r\nhi\n.\nQUIT\r\n')))).toBe(false);
    expect(isSafeDialogue(dialogue(line('DATA', 'lf'), line('.', 'lf')))).toBe(false);
  });

  it('refuses BDAT with LAST, in any case, even where a chunk runs into it', () => {
    expect(isSafeDialogue(dialogue(chunk('BDAT 5 LAST\r\nhello')))).toBe(false);
    expect(isSafeDialogue(dialogue(line('bdat 0 last')))).toBe(false);
    expect(isSafeDialogue(dialogue(chunk('BDAT 4\r\nhalf'), chunk('BDAT 0 LAST\r\n')))).toBe(false);
  });

  it('allows DATA that is followed by no lone dot, and a lone dot before any DATA', () => {
    expect(isSafeDialogue(dialogue(line('EHLO a.thm'), line('DATA'), line('QUIT')))).toBe(true);
    expect(isSafeDialogue(dialogue(line('.'), line('NOOP')))).toBe(true);
    expect(isSafeDialogue(dialogue(chunk('BDAT 4\r\nhalf'), line('DATA'), line('QUIT')))).toBe(true);
    expect(isSafeDialogue(dialogue(line('DATA'), line('..'), line('. x')))).toBe(true);
  });

  it('keeps out of the safe subset every dialogue in which real Exim or real Postfix stored a message', () => {
    for (const d of DIALOGUES) {
      const delivered = GOLDENS.exim.dialogues[d.id]?.messages.length || GOLDENS.postfix.dialogues[d.id]?.messages.length;
      if (delivered) expect(isSafeDialogue(d), d.id).toBe(false);
    }
  });

  it('takes only dialogues after which real Exim and real Postfix had stored nothing and queued nothing', () => {
    for (const d of DIALOGUES.filter(isSafeDialogue)) {
      for (const g of Object.values(GOLDENS)) {
        const recorded = g.dialogues[d.id];
        expect(recorded?.messages, `${g.server} ${d.id}`).toEqual([]);
        expect(
          recorded?.transcript.filter((l) => /\{id-\d+\}/.test(l)),
          `${g.server} ${d.id}`,
        ).toEqual([]);
      }
    }
  });

  it('plays every safe dialogue and probe into either sandbox personality without a message reaching its mailbox', async () => {
    for (const p of [exim, postfix]) {
      for (const d of COMPARE_DIALOGUES) {
        const t = new SessionTransport(p);
        await playDialogue(d, t, { clientAddress: SANDBOX_CLIENT, ids: [] });
        expect(t.mailbox.list(), `${p.id} ${d.id}`).toEqual([]);
      }
    }
  });

  it('still covers what a comparison needs: greeting and EHLO, sequence, syntax, parameters, commands, pipelining, STARTTLS', () => {
    const safe = DIALOGUES.filter(isSafeDialogue);
    for (const category of ['session', 'sequence', 'syntax', 'parameters', 'commands', 'pipelining', 'starttls'] as const) {
      expect(safe.filter((d) => d.category === category).length, category).toBeGreaterThanOrEqual(2);
    }
    for (const id of ['ehlo', 'helo-then-ehlo', 'mail-before-helo', 'unknown-command', 'size-parameter', 'vrfy', 'pipelining-errors', 'starttls-twice']) {
      expect(safe.map((d) => d.id)).toContain(id);
    }
    // What it leaves out is what would deliver: whole transactions and letters.
    for (const id of ['seed-session', 'ehlo-transaction', 'smuggling-lf-dot-lf', 'pipelining-after-helo', 'bdat-one-chunk', 'bdat-two-chunks', 'starttls']) {
      expect(safe.map((d) => d.id)).not.toContain(id);
    }
  });

  it('lists the safe corpus, then the probes, each once', () => {
    expect(COMPARE_DIALOGUES).toEqual([...DIALOGUES.filter(isSafeDialogue), ...PROBES]);
    for (const p of PROBES) expect(isSafeDialogue(p), p.id).toBe(true);
    const ids = COMPARE_DIALOGUES.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('comparableTranscript', () => {
  it('normalises as a golden does, and drops how long a step waited', () => {
    const raw = [
      'S: 220 mx.thm ESMTP Exim 4.96 Sat, 06 Dec 2025 09:00:00 +0000',
      'C: EHLO client.thm',
      'S: 250-mx.thm Hello client.thm [10.0.0.7]',
      'S: 250 HELP',
      'C: NOOP',
      '-- no reply within 10 s (0 of 1)',
    ];
    expect(comparableTranscript(raw, '10.0.0.7')).toEqual([
      'S: 220 mx.thm ESMTP Exim 4.96 {date}',
      'C: EHLO client.thm',
      'S: 250-mx.thm Hello client.thm [{client}]',
      'S: 250 HELP',
      'C: NOOP',
      '-- no reply within the step timeout (0 of 1)',
    ]);
  });

  it('takes any address literal a server line shows for the client’s when the client’s address is not known', () => {
    expect(comparableTranscript(['S: 250 mx Hello a [192.0.2.9]', 'S: 250 mx Hello b [IPv6:2001:db8::1]', 'C: EHLO [192.0.2.1]'], null)).toEqual([
      'S: 250 mx Hello a [{client}]',
      'S: 250 mx Hello b [{client}]',
      'C: EHLO [192.0.2.1]',
    ]);
  });
});

describe('compareTranscripts', () => {
  const marks = (left: string[], right: string[]) => compareTranscripts(left, right).map((l) => [l.mark, l.left, l.right]);

  it('marks identical transcripts the same throughout, with nothing to explain', () => {
    const t = GOLDENS.postfix.dialogues.ehlo?.transcript ?? [];
    const lines = compareTranscripts(t, t);
    expect(lines.every((l) => l.mark === 'same' && l.why === null)).toBe(true);
    expect(lines.map((l) => l.left)).toEqual(t);
  });

  it('lines up real Exim’s EHLO against real Postfix’s: greetings reworded, keywords by name whatever their order', () => {
    const lines = compareTranscripts(GOLDENS.exim.dialogues.ehlo?.transcript ?? [], GOLDENS.postfix.dialogues.ehlo?.transcript ?? []);
    const rows = lines.map((l) => [l.mark, l.left, l.right]);
    expect(rows).toEqual([
      ['differs-in-text', 'S: 220 example.thm ESMTP Exim 4.96 {date}', 'S: 220 example.thm ESMTP Postfix (Debian/GNU)'],
      ['same', 'C: EHLO client.thm', 'C: EHLO client.thm'],
      ['differs-in-text', 'S: 250-example.thm Hello client.thm [{client}]', 'S: 250-example.thm'],
      ['differs-in-text', 'S: 250-SIZE 52428800', 'S: 250-SIZE 10240000'],
      ['same', 'S: 250-8BITMIME', 'S: 250-8BITMIME'],
      ['same', 'S: 250-PIPELINING', 'S: 250-PIPELINING'],
      ['only-left', 'S: 250-PIPECONNECT', null],
      // Which keyword ends the reply is no difference.
      ['same', 'S: 250-CHUNKING', 'S: 250 CHUNKING'],
      ['same', 'S: 250-STARTTLS', 'S: 250-STARTTLS'],
      ['only-left', 'S: 250-PRDR', null],
      ['only-left', 'S: 250 HELP', null],
      ...['VRFY', 'ETRN', 'ENHANCEDSTATUSCODES', 'DSN', 'SMTPUTF8'].map((k) => ['only-right', null, `S: 250-${k}`]),
      ['same', 'C: QUIT', 'C: QUIT'],
      ['differs-in-text', 'S: 221 example.thm closing connection', 'S: 221 2.0.0 Bye'],
      ['same', '-- server closed the connection', '-- server closed the connection'],
    ]);
    const why = (left: string | null, right: string | null) => lines.find((l) => l.left === left && l.right === right)?.why;
    expect(why('S: 220 example.thm ESMTP Exim 4.96 {date}', 'S: 220 example.thm ESMTP Postfix (Debian/GNU)')).toBe('Same code 220, worded differently.');
    expect(why('S: 250-SIZE 52428800', 'S: 250-SIZE 10240000')).toBe('Both offer SIZE, with other parameters: "SIZE 52428800" against "SIZE 10240000".');
    expect(why('S: 250-PIPECONNECT', null)).toBe('Only the real server offers PIPECONNECT.');
    expect(why(null, 'S: 250-ENHANCEDSTATUSCODES')).toBe('Only the sandbox offers ENHANCEDSTATUSCODES.');
    expect(why('S: 221 example.thm closing connection', 'S: 221 2.0.0 Bye')).toBe(
      'Same code 221; only the sandbox adds an enhanced status code (2.0.0), and the words differ.',
    );
  });

  it('says which side refuses what the other accepts', () => {
    const [refused] = compareTranscripts(['S: 220 a', 'C: HELO a.thm', 'S: 554 SMTP synchronization error'], ['S: 220 a', 'C: HELO a.thm', 'S: 250 OK']).slice(
      2,
    );
    expect(refused).toMatchObject({ mark: 'differs-in-code' });
    expect(refused?.why).toMatch(/^Different reply code: the real server refuses \(554\) what the sandbox accepts \(250\)\. 554: /);
    const [accepted] = compareTranscripts(['S: 220 a', 'C: VRFY x', 'S: 252 maybe'], ['S: 220 a', 'C: VRFY x', 'S: 502 no']).slice(2);
    expect(accepted?.why).toMatch(/^Different reply code: the real server accepts \(252\) what the sandbox refuses \(502\)\. 502: /);
    const [later] = compareTranscripts(['S: 220 a', 'C: MAIL FROM:<a@b.thm>', 'S: 451 later'], ['S: 220 a', 'C: MAIL FROM:<a@b.thm>', 'S: 550 never']).slice(2);
    expect(later?.why).toBe('Both refuse, but the real server says try again later (451) where the sandbox refuses for good (550).');
  });

  it('explains a refusal by the command it answers, also when commands were pipelined', () => {
    const left = ['S: 220 a', 'C: MAIL FROM:<a@b.thm>', 'C: RCPT TO:<c@d.thm>', 'S: 250 OK', 'S: 250 OK'];
    const right = ['S: 220 a', 'C: MAIL FROM:<a@b.thm>', 'C: RCPT TO:<c@d.thm>', 'S: 250 OK', 'S: 550 No such user here'];
    const [rcpt] = compareTranscripts(left, right).filter((l) => l.mark !== 'same');
    expect(rcpt?.why).toContain('550: No such mailbox here.');
  });

  it('says who hung up, and what was sent only to the side still listening', () => {
    const left = ['S: 220 a', 'C: HELO a.thm', 'S: 554 SMTP synchronization error', '-- server closed the connection'];
    const right = ['S: 220 a', 'C: HELO a.thm', 'S: 250 a', 'C: QUIT', 'S: 221 bye', '-- server closed the connection'];
    expect(marks(left, right)).toEqual([
      ['same', 'S: 220 a', 'S: 220 a'],
      ['same', 'C: HELO a.thm', 'C: HELO a.thm'],
      ['differs-in-code', 'S: 554 SMTP synchronization error', 'S: 250 a'],
      ['only-right', null, 'C: QUIT'],
      ['only-right', null, 'S: 221 bye'],
      ['same', '-- server closed the connection', '-- server closed the connection'],
    ]);
    const lines = compareTranscripts(left, right);
    expect(lines[3]?.why).toBe('Sent only to the sandbox: the session with the real server had already ended.');
    expect(lines[4]?.why).toMatch(/^Only the sandbox says this: 221, /);
    const closes = compareTranscripts(['-- server closed the connection'], ['-- client closed the connection']);
    expect(closes[0]).toMatchObject({ mark: 'differs-in-code' });
    expect(closes[0]?.why).toBe('The real server hung up by itself here; the sandbox kept the connection open until the client closed it.');
  });

  it('uses the names it is given', () => {
    const [l] = compareTranscripts(['S: 250 a'], ['S: 250 b'], { left: 'lab', right: 'the Postfix-like sandbox' });
    expect(l?.why).toBe('Same code 250, worded differently.');
    const [only] = compareTranscripts(['C: QUIT'], [], { left: 'lab', right: 'the Postfix-like sandbox' });
    expect(only?.why).toBe('Sent only to lab: the session with the Postfix-like sandbox had already ended.');
  });

  it('keeps every line of both sides, the real server’s in order, and marks lines the same exactly when they are equal', () => {
    const transcriptLine = fc.oneof(
      fc.constantFrom('C: EHLO a.thm', 'C: QUIT', 'C: MAIL FROM:<a@b.thm>', '-- server closed the connection', '-- client closed the connection'),
      fc
        .tuple(fc.constantFrom('250', '250-', '354', '501', '550'), fc.constantFrom('OK', 'Accepted', 'no'))
        .map(([c, t]) => `S: ${c}${c.endsWith('-') ? '' : ' '}${t}`),
    );
    fc.assert(
      fc.property(fc.array(transcriptLine, { maxLength: 25 }), fc.array(transcriptLine, { maxLength: 25 }), (left, right) => {
        const lines = compareTranscripts(left, right);
        expect(lines.flatMap((l) => (l.left === null ? [] : [l.left]))).toEqual(left);
        // The sandbox's EHLO keywords may be lined up in the real server's order; nothing else moves.
        const rights = lines.flatMap((l) => (l.right === null ? [] : [l.right]));
        expect([...rights].sort()).toEqual([...right].sort());
        if (!right.some((l) => l.startsWith('S: 250-'))) expect(rights).toEqual(right);
        // EHLO keywords are the same whichever of them ends the reply (250- or 250 ).
        const unended = (l: string) => l.replace(/^S: 250 /, 'S: 250-');
        for (const l of lines) {
          if (l.left !== null && l.right !== null && l.mark === 'same') expect(unended(l.left)).toBe(unended(l.right));
          if (l.left !== null && l.right !== null && l.left === l.right) expect(l.mark).toBe('same');
          expect(l.why === null).toBe(l.mark === 'same');
        }
      }),
    );
  });
});

describe('compareDialogue and summariseComparisons', () => {
  it('counts a dialogue the same in codes when only words differ, and identical only when every line is', () => {
    const ehlo = byId('ehlo');
    const t = ['S: 220 a', 'C: EHLO client.thm', 'S: 250 a', 'C: QUIT', 'S: 221 bye', '-- server closed the connection'];
    const reworded = compareDialogue(
      ehlo,
      t,
      t.map((l) => l.replace('bye', 'Bye')),
    );
    const refused = compareDialogue(
      ehlo,
      t,
      t.map((l) => l.replace('250 a', '501 no')),
    );
    const same = compareDialogue(ehlo, t, t);
    expect([same.sameText, same.sameCodes, reworded.sameText, reworded.sameCodes, refused.sameCodes]).toEqual([true, true, false, true, false]);
    expect(summariseComparisons([same, reworded, refused])).toEqual({ dialogues: 3, sameText: 1, sameCodes: 2 });
  });
});
