/**
 * Lessons 21–23 beyond the generated test: each goal refuses what it must, each tool's
 * session in lesson 22 counts for its own step only, and the replies the lessons quote
 * are the ones their server sends.
 */
import { describe, expect, it } from 'vitest';
import { goalKey } from '../src/lessons/engine.js';
import { replaySolution } from '../src/lessons/replay.js';
import { LESSONS } from '../src/lessons/sequence.js';
import type { Lesson, SolutionStep } from '../src/lessons/types.js';
import { exim } from '../src/server/personalities/exim.js';
import { postfix } from '../src/server/personalities/postfix.js';
import { scenarioById } from '../src/server/scenarios.js';
import { connect } from './harness.js';

const lessonNamed = (id: string) => LESSONS.find((l) => l.id === id) as Lesson;
const metBy = (lesson: Lesson, steps: readonly SolutionStep[]) => replaySolution(lesson, steps).progress.met;
/** The lesson cut down to one of its steps, to try that step's goals on any session. */
const onlyStep = (lesson: Lesson, stepId: string): Lesson => ({ ...lesson, steps: lesson.steps.filter((s) => s.id === stepId) });

describe('lesson 21, reading a server', () => {
  const lesson = lessonNamed('reading-a-server');

  it('comes after lesson 17 and before the tools, the next protocols and the journey of a message', () => {
    const ids = LESSONS.map((l) => l.id);
    expect(ids.indexOf('reading-a-server')).toBeGreaterThan(ids.indexOf('what-next'));
    expect(ids.slice(ids.indexOf('reading-a-server'))).toEqual([
      'reading-a-server',
      'the-tools',
      'the-next-protocols',
      'the-journey',
      'a-forged-from',
      'changed-on-the-way',
      'no-mx',
      'pop3-log-in-and-list',
      'pop3-read-your-letter',
      'pop3-top-and-uidl',
      'pop3-delete-at-quit',
      'pop3-stls',
    ]);
  });

  it('quotes the replies its server sends: Exim’s 252 to every VRFY, 550 to an unknown user and to a relay attempt', () => {
    const h = connect({ personality: exim, policy: scenarioById(lesson.setup.scenario).policy });
    expect(h.greeting).toBe('220 example.thm ESMTP Exim 4.95 Ubuntu\r\n');
    h.send('EHLO client.thm\r\n');
    expect(h.send('VRFY alice@example.com\r\n')).toBe('252 Administrative prohibition\r\n');
    expect(h.send('VRFY carol@example.com\r\n')).toBe('252 Administrative prohibition\r\n');
    h.send('MAIL FROM:<tester@client.thm>\r\n');
    expect(h.send('RCPT TO:<alice@example.com>\r\n')).toBe('250 Accepted\r\n');
    expect(h.send('RCPT TO:<carol@example.com>\r\n')).toBe('550 Unrouteable address\r\n');
    expect(h.send('RCPT TO:<friend@elsewhere.test>\r\n')).toBe('550 relay not permitted\r\n');
  });

  it('says true things of Postfix, whose VRFY the page offers to try: 550 5.1.1 for carol there', () => {
    const h = connect({ personality: postfix, policy: scenarioById(lesson.setup.scenario).policy });
    h.send('EHLO client.thm\r\n');
    expect(h.send('VRFY alice@example.com\r\n')).toMatch(/^252 /);
    expect(h.send('VRFY carol@example.com\r\n')).toMatch(/^550 5\.1\.1 .*User unknown/);
  });

  it('wants VRFY about two addresses, not the same one twice in other letters', () => {
    const twice = ['EHLO client.thm', 'VRFY alice@example.com', 'VRFY ALICE@example.com '];
    expect(metBy(lesson, twice)).not.toContain(goalKey('vrfy', 'vrfy'));
  });

  it('takes an accepted and a refused recipient as enumeration only at the same domain', () => {
    const enumerated = goalKey('rcpt', 'enumerated');
    const start = ['EHLO client.thm', 'VRFY a@example.com', 'VRFY b@example.com', 'MAIL FROM:<tester@client.thm>'];
    expect(metBy(lesson, [...start, 'RCPT TO:<alice@example.com>', 'RCPT TO:<friend@elsewhere.test>'])).not.toContain(enumerated);
    expect(metBy(lesson, [...start, 'RCPT TO:<carol@example.com>', 'RCPT TO:<alice@example.com>'])).toContain(enumerated);
  });

  it('takes a refusal as a relay test only for a domain the server took nobody at', () => {
    const relay = goalKey('relay', 'refused');
    const withoutRelay = lesson.solution.filter((s) => s !== 'RCPT TO:<friend@elsewhere.test>');
    expect(metBy(lesson, withoutRelay)).not.toContain(relay); // carol's 550 is at example.com, where alice was taken
    expect(metBy(lesson, lesson.solution)).toContain(relay);
  });
});

describe('lesson 22, the tools', () => {
  const lesson = lessonNamed('the-tools');
  const ids = lesson.steps.map((s) => s.id);

  it('asks for the watch connection, as the lesson says it needs npm start', () => {
    expect(lesson.setup.connection).toBe('watch');
    expect(lesson.steps[0]?.instruction).toContain('npm start');
    expect(lesson.steps[0]?.instruction).toContain('Watch port 2525');
  });

  it('replays, as its solution, the bytes the tools send (recorded from swaks 20201014.0, Python’s smtplib and OpenSSL 3.0’s s_client), not lines anyone types', () => {
    const lines = lesson.solution.filter((s): s is string => typeof s === 'string');
    expect(lines).toContain('X-Mailer: swaks v20201014.0 jetmore.org/john/code/swaks/'); // swaks's letter
    expect(lines).toContain('mail FROM:<you@client.thm> size=20'); // smtplib's lower case and SIZE
    expect(lines).toContain('EHLO mail.example.com'); // s_client's own EHLO before STARTTLS
    expect(lines).toContain('EHLO client.thm\n'); // plain nc's bare LF
    expect(lesson.solution).toContainEqual({ hangUp: true }); // telnet's Ctrl-] and quit
  });

  it('counts each tool’s session for its own step only: the next step begins with nothing met', () => {
    // Where each session ends: just before the next one begins, and at the very end.
    const ends = [...lesson.solution.flatMap((s, i) => (typeof s === 'object' && 'reconnect' in s ? [i] : [])), lesson.solution.length];
    const seen = ends.map((end) => {
      const { progress } = replaySolution(lesson, lesson.solution.slice(0, end));
      const current = ids[progress.step];
      return { step: current ?? 'done', metThere: progress.met.filter((k) => current && k.startsWith(`${current}/`)) };
    });
    expect(seen).toEqual([
      { step: 'nc', metThere: [] }, // telnet done
      { step: 'nc', metThere: ['nc/bare-lf'] }, // plain nc: half of its step
      { step: 'openssl', metThere: [] },
      { step: 'swaks', metThere: [] },
      { step: 'smtplib', metThere: [] },
      { step: 'done', metThere: [] },
    ]);
  });

  it('knows telnet’s way out from a QUIT: a session that says QUIT did not escape', () => {
    const telnet = onlyStep(lesson, 'telnet');
    expect(metBy(telnet, ['EHLO client.thm', 'QUIT'])).not.toContain(goalKey('telnet', 'escaped'));
    expect(metBy(telnet, ['EHLO client.thm', { hangUp: true }])).toContain(goalKey('telnet', 'escaped'));
    // A bare-LF EHLO is not telnet's.
    expect(metBy(telnet, ['EHLO client.thm\n'])).not.toContain(goalKey('telnet', 'ehlo'));
  });

  it('tells swaks and smtplib apart by what they leave on the wire', () => {
    const swaksLines = lesson.solution.slice(lesson.solution.lastIndexOf('EHLO client.thm'), lesson.solution.lastIndexOf('QUIT') + 1);
    const smtplibLines = lesson.solution.slice(lesson.solution.indexOf('ehlo client.thm'));
    expect(swaksLines[0]).toBe('EHLO client.thm');
    expect(metBy(onlyStep(lesson, 'swaks'), swaksLines)).toEqual(['swaks/swaks']);
    expect(metBy(onlyStep(lesson, 'swaks'), smtplibLines)).toEqual([]);
    expect(metBy(onlyStep(lesson, 'smtplib'), smtplibLines)).toEqual(['smtplib/smtplib']);
    expect(metBy(onlyStep(lesson, 'smtplib'), swaksLines)).toEqual([]);
  });

  it('wants the letter sent with nc -C to have CRLF commands only', () => {
    const nc = onlyStep(lesson, 'nc');
    const letter = ['MAIL FROM:<you@client.thm>', 'RCPT TO:<friend@server.thm>', 'DATA', 'Subject: x', '', 'Hi', '.', 'QUIT'];
    expect(metBy(nc, ['EHLO client.thm\n', ...letter])).toEqual(['nc/bare-lf']);
    expect(metBy(nc, ['EHLO client.thm', ...letter])).toEqual(['nc/crlf-letter']);
  });
});

describe('lesson 23, the next protocols', () => {
  const lesson = lessonNamed('the-next-protocols');

  it('quotes the replies its server sends: 500 to RETR, 214 to HELP', () => {
    const h = connect({ personality: exim, policy: scenarioById(lesson.setup.scenario).policy });
    expect(h.send('RETR 1\r\n')).toBe('500 unrecognized command\r\n');
    expect(h.send('HELP\r\n')).toMatch(/^214 /m);
  });

  it('wants a command SMTP does not have: a malformed MAIL FROM is a 501 of a known command', () => {
    expect(metBy(lesson, ['EHLO client.thm', 'MAIL FROM:<alice@>'])).not.toContain(goalKey('not-a-reader', 'unknown'));
  });

  it('reads the second digit: the 220 and the 500 are not about information or the mail system', () => {
    const met = metBy(lesson, ['RETR 1', 'HELP']);
    expect(met).toContain(goalKey('codes', 'x1z'));
    expect(met).not.toContain(goalKey('codes', 'x5z'));
  });

  it('says POP3 is coming, and does not pretend to fetch', () => {
    const text = lesson.steps.map((s) => `${s.instruction} ${s.explanation}`).join(' ');
    expect(text).toContain('POP3 is not in the playground yet');
    expect(lesson.solution.filter((s) => typeof s === 'string' && /^(USER|PASS|LIST|DELE)\b/.test(s))).toEqual([]);
  });
});

describe('replaySolution: a hang-up', () => {
  it('closes the session without QUIT, the observer sees it close, and a line after it is sent after close', () => {
    const lesson = lessonNamed('the-tools');
    const r = replaySolution(lesson, ['EHLO client.thm', { hangUp: true }]);
    expect(r.states.at(-1)).toEqual({ session: 'closed', observed: 'closed' });
    expect(r.answered).toEqual([true, false]);
    expect(replaySolution(lesson, ['EHLO client.thm', { hangUp: true }, 'NOOP']).sentAfterClose).toBe(true);
    expect(replaySolution(lesson, ['EHLO client.thm', { hangUp: true }, { reconnect: true }, 'NOOP']).sentAfterClose).toBe(false);
  });
});
