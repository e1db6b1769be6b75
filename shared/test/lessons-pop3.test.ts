/**
 * The POP3 lessons (28 to 32) beyond the generated test: what they replay against, and
 * goals that can fail for the right reason.
 */
import { describe, expect, it } from 'vitest';
import { goalKey, isComplete } from '../src/lessons/engine.js';
import { replaySolution } from '../src/lessons/replay.js';
import { LESSONS } from '../src/lessons/sequence.js';
import type { Lesson } from '../src/lessons/types.js';
import { Observer } from '../src/observe/observer.js';
import { encodeText } from '../src/protocol/bytes.js';
import { mailboxWithClassic, pop3Connect, sendOverSmtp } from './pop3-harness.js';

const lessonNamed = (id: string) => LESSONS.find((l) => l.id === id) as Lesson;
const pop3Lessons = LESSONS.filter((l) => l.setup.protocol === 'pop3');

describe('POP3 lessons', () => {
  it('are the five after lesson 27, in order', () => {
    expect(LESSONS.slice(27).map((l) => l.id)).toEqual([
      'pop3-log-in-and-list',
      'pop3-read-your-letter',
      'pop3-top-and-uidl',
      'pop3-delete-at-quit',
      'pop3-stls',
    ]);
    expect(pop3Lessons).toHaveLength(5);
  });

  it("replay against the POP3 sandbox holding lesson 7's message, the session and the observer agreeing on the state", () => {
    for (const lesson of pop3Lessons) {
      const r = replaySolution(lesson);
      expect(r.observed.protocol, lesson.id).toBe('pop3');
      for (const s of r.states) expect(s.observed, lesson.id).toBe(s.session);
      expect(
        r.accepted.map((m) => m.rcptTo),
        lesson.id,
      ).toEqual([['strategos@server.thm']]);
    }
  });

  it('lesson 29 finds the Received: line the SMTP session wrote', () => {
    const r = replaySolution(lessonNamed('pop3-read-your-letter'));
    const fetched = r.observed.pop3?.retrieved[0];
    expect(fetched?.headers.map((h) => h.name)).toEqual(['Return-Path', 'Received', 'From', 'To', 'Subject']);
  });

  it("lesson 29 wants the letter read, not another user's empty box", () => {
    const lesson = lessonNamed('pop3-read-your-letter');
    const other = replaySolution(lesson, ['USER learner', 'PASS sandbox', 'RETR 1']);
    expect(isComplete(lesson, other.progress)).toBe(false);
  });

  it('lesson 31: a connection lost instead of QUIT deletes nothing, so the box is not empty when you come back', () => {
    const lesson = lessonNamed('pop3-delete-at-quit');
    const lost = lesson.solution.map((s) => (s === 'QUIT' ? { hangUp: true as const } : s));
    const r = replaySolution(lesson, lost);
    expect(r.progress.met).not.toContain(goalKey('quit', 'quit'));
    expect(r.observed.pop3?.count).toBe(1);
    expect(isComplete(lesson, r.progress)).toBe(false);
  });

  it('lesson 32 wants the login inside TLS, not before it', () => {
    const lesson = lessonNamed('pop3-stls');
    const early = replaySolution(lesson, ['CAPA', 'USER strategos', 'PASS sandbox', 'STLS']);
    expect(early.progress.met).not.toContain(goalKey('login', 'login'));
    expect(isComplete(lesson, early.progress)).toBe(false);
  });
});

describe('lesson 31 with more than one letter in the box (lesson 5 wrote to strategos too)', () => {
  it('wants every letter LIST showed marked, not only the first', () => {
    const mailbox = mailboxWithClassic();
    sendOverSmtp(mailbox, 'user@client.thm', ['strategos@server.thm'], 'Subject: Hello\r\n\r\nHi\r\n', 2);
    const h = pop3Connect({ mailbox });
    const observer = new Observer(() => 0);
    observer.feed('server', encodeText(h.greeting));
    const say = (line: string) => {
      observer.feed('client', encodeText(`${line}\r\n`));
      observer.feed('server', encodeText(h.send(`${line}\r\n`)));
    };
    const dele = lessonNamed('pop3-delete-at-quit').steps[0]?.goals.find((g) => g.id === 'dele');
    for (const line of ['USER strategos', 'PASS sandbox', 'LIST', 'DELE 1']) say(line);
    expect(dele?.met(observer.state)).toBe(false);
    say('DELE 2');
    expect(dele?.met(observer.state)).toBe(true);
  });
});
