/**
 * The generated lesson test (learnGitBranching's habit): every lesson's and challenge's
 * reference solution, played against its scenario through the sandbox and watched by
 * the observer, meets every goal. And without its last line, it does not: so each
 * lesson's final goal can fail.
 */
import { describe, expect, it } from 'vitest';
import { messageSummary } from '../src/api.js';
import { resolve } from '../src/dns/resolve.js';
import { goalKey, isComplete } from '../src/lessons/engine.js';
import { replayLesson, replaySolution } from '../src/lessons/replay.js';
import { CHALLENGES, LESSONS } from '../src/lessons/sequence.js';
import { type Lesson, NO_INPUTS, type SolutionStep } from '../src/lessons/types.js';
import { Observer, type ObserverState } from '../src/observe/observer.js';
import { parseCommand } from '../src/protocol/command.js';
import { SCENARIOS } from '../src/server/scenarios.js';

const lessonNamed = (id: string) => LESSONS.find((l) => l.id === id) as Lesson;
/** The goals a solution meets, as `stepId/goalId`. */
const metBy = (lesson: Lesson, steps: readonly SolutionStep[]) => replaySolution(lesson, steps).progress.met;
/** The solution up to and including its first delivered letter (the first lone dot). */
const upToFirstLetter = (lesson: Lesson) => lesson.solution.slice(0, lesson.solution.indexOf('.') + 1);

describe('replaySolution', () => {
  it('knows which lines get a reply: not letter lines, nor a dot that does not end the letter', () => {
    const lesson = LESSONS.find((l) => l.id === 'line-endings');
    const { answered } = replaySolution(lesson as (typeof LESSONS)[number]);
    const solution = (lesson as (typeof LESSONS)[number]).solution;
    const dots = solution.flatMap((s, i) => (s === '.' ? [answered[i]] : []));
    expect(dots).toEqual([false, true]); // the smuggled "." after a bare LF, then the real end
    expect(answered[solution.indexOf('Hi')]).toBe(false);
    expect(answered[solution.indexOf('DATA')]).toBe(true);
  });
});

describe('lessons', () => {
  it('number at least 15, with unique ids, each naming a known scenario', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(15);
    const all = [...LESSONS, ...CHALLENGES];
    expect(new Set(all.map((l) => l.id)).size).toBe(all.length);
    for (const l of all)
      expect(
        SCENARIOS.map((s) => s.id),
        l.id,
      ).toContain(l.setup.scenario);
  });

  it('give every step a goal and at least one hint', () => {
    for (const l of [...LESSONS, ...CHALLENGES]) {
      for (const s of l.steps) {
        expect(s.goals.length, `${l.id}/${s.id}`).toBeGreaterThan(0);
        expect(s.hints.length, `${l.id}/${s.id}`).toBeGreaterThan(0);
      }
    }
  });

  // A lesson step's hints go from a nudge in words to the exact command. Which commands
  // a step needs is what its solution sends while the lesson is at that step (stepAt),
  // and that the server answers: letter lines and the final dot are described in words.
  it('give every lesson step progressive hints: a nudge first, the exact commands of its solution last', () => {
    for (const l of LESSONS) {
      const { stepAt, answered } = replaySolution(l);
      l.steps.forEach((step, index) => {
        const where = `${l.id}/${step.id}`;
        expect(step.hints.length, where).toBeGreaterThanOrEqual(2);
        const last = step.hints.at(-1) ?? '';
        const commands = l.solution.flatMap((entry, i) =>
          typeof entry === 'string' && stepAt[i] === index && answered[i] && entry !== '.' ? [entry.replace(/\n$/, '')] : [],
        );
        for (const command of commands) expect(last, where).toContain(command);
        // The nudge leaves the exact commands for the learner to find (it may name a verb).
        if (commands.length > 0)
          expect(
            commands.every((c) => step.hints[0]?.includes(c)),
            where,
          ).toBe(false);
      });
    }
  });

  for (const lesson of [...LESSONS, ...CHALLENGES]) {
    it(`${lesson.kind} "${lesson.id}": the solution meets every goal; without its last line it does not`, async () => {
      // replayLesson: in a journey scenario, the journeys of what the solution submitted count too.
      const { progress: done, sentAfterClose, stepAt, answered } = await replayLesson(lesson);
      expect(answered).toHaveLength(lesson.solution.length);
      expect(sentAfterClose).toBe(false);
      expect(stepAt).toHaveLength(lesson.solution.length);
      expect(stepAt).toEqual([...stepAt].sort((a, b) => a - b)); // a solution walks the steps in order
      expect(done.met.length).toBe(lesson.steps.reduce((n, s) => n + s.goals.length, 0));
      expect(isComplete(lesson, done)).toBe(true);
      expect(isComplete(lesson, (await replayLesson(lesson, lesson.solution.slice(0, -1))).progress)).toBe(false);
    });
  }
});

/** The observer's state after nothing: a base for goals checked by hand. */
const blank = (): ObserverState => new Observer(() => 0).state;
/** A mailbox entry with nothing in it, for goals that read the mailbox. */
const blankSummary = () => messageSummary({ id: '', mailFrom: '', rcptTo: [], size: 0, receivedAt: '', subject: '', from: '', to: '', date: '' });

describe('lesson goals', () => {
  it('lesson 7 wants From:, To: and Subject: in the delivered letter, not Subject: alone', () => {
    const lesson = lessonNamed('the-whole-session');
    const subjectOnly = lesson.solution.filter((s) => typeof s !== 'string' || !/^(From|To):/.test(s));
    expect(metBy(lesson, subjectOnly)).not.toContain(goalKey('letter', 'headers'));
    expect(metBy(lesson, lesson.solution)).toContain(goalKey('letter', 'headers'));
  });

  it('lesson 10 compares whole addresses: b@server.thm is blind though bob@server.thm is in To:', () => {
    const lesson = lessonNamed('envelope-vs-letter');
    const letter = (rcpts: string[], to: string): SolutionStep[] => [
      ...upToFirstLetter(lesson),
      'MAIL FROM:<alice@client.thm>',
      ...rcpts.map((r) => `RCPT TO:<${r}>`),
      'DATA',
      `To: ${to}`,
      '',
      'Hi.',
      '.',
    ];
    const bcc = goalKey('bcc', 'bcc');
    expect(metBy(lesson, letter(['bob@server.thm', 'b@server.thm'], 'bob@server.thm'))).toContain(bcc);
    expect(metBy(lesson, letter(['bob@server.thm', 'carol@server.thm'], 'xbob@server.thm, Carol <carol@server.thm>'))).toContain(bcc);
    // A quoted display name is not an address.
    expect(metBy(lesson, letter(['bob@server.thm', 'carol@server.thm'], '"carol@server.thm" <bob@server.thm>'))).toContain(bcc);
    expect(metBy(lesson, letter(['bob@server.thm', 'carol@server.thm'], 'Bob <bob@server.thm>, carol@server.thm'))).not.toContain(bcc);
  });

  it('lesson 10 sees From: as the envelope sender only when the address is the same, not a substring', () => {
    const lesson = lessonNamed('envelope-vs-letter');
    const from = (header: string): SolutionStep[] => [
      'EHLO client.thm',
      'MAIL FROM:<bounces@client.thm>',
      'RCPT TO:<bob@server.thm>',
      'DATA',
      `From: ${header}`,
      '',
      'Hi',
      '.',
    ];
    expect(metBy(lesson, from('<xbounces@client.thm>'))).toContain(goalKey('from', 'differs'));
    expect(metBy(lesson, from('Lists <bounces@client.thm>'))).not.toContain(goalKey('from', 'differs'));
  });

  it('lesson 16 takes any smuggled MAIL FROM line in the letter, not one address', () => {
    const lesson = lessonNamed('line-endings');
    const solution = lesson.solution.map((s) => (s === 'MAIL FROM:<ceo@victim.test>' ? 'mail from:<boss@corp.test>' : s));
    expect(isComplete(lesson, replaySolution(lesson, solution).progress)).toBe(true);
    const noFake = lesson.solution.filter((s) => s !== 'MAIL FROM:<ceo@victim.test>');
    expect(isComplete(lesson, replaySolution(lesson, noFake).progress)).toBe(false);
  });

  it('lesson 16 does not count a smuggled MAIL FROM that a server also answered as a command', () => {
    const goal = lessonNamed('line-endings').steps.find((s) => s.id === 'smuggle')?.goals[0];
    const mail = (line: string) => {
      const r = parseCommand(line);
      return { context: 'MAIL', code: 250, enhanced: null, ending: 'crlf' as const, ...(r.ok ? { command: r.command } : {}) };
    };
    const delivery = {
      queueId: 'q1',
      mailFrom: 'a@client.thm',
      recipients: ['b@server.thm'],
      letter: { headers: [], body: 'Hi\nx\n\nMAIL FROM:<ceo@victim.test>', stuffedLines: 1, fakeEnds: 1, truncated: false },
    };
    const inside = { ...blank(), deliveries: [delivery], exchanges: [mail('MAIL FROM:<a@client.thm>')] };
    expect(goal?.met(inside)).toBe(true);
    // No lone dot beside a bare LF: a letter that merely mentions MAIL FROM is no smuggling.
    expect(goal?.met({ ...inside, deliveries: [{ ...delivery, letter: { ...delivery.letter, fakeEnds: 0 } }] })).toBe(false);
    // A smuggled line naming the envelope's own sender can't be told from the real MAIL FROM.
    expect(goal?.met({ ...inside, deliveries: [{ ...delivery, letter: { ...delivery.letter, body: 'Hi\nx\n\nMAIL FROM:<a@client.thm>' } }] })).toBe(false);
    const split = { ...inside, exchanges: [...inside.exchanges, mail('MAIL FROM:<ceo@victim.test>')] };
    expect(goal?.met(split)).toBe(false);
  });
});

describe('lesson 18, bounces', () => {
  const lesson = lessonNamed('bounces');
  const bounce = (to: string) => ({ ...blankSummary(), id: 'b1', mailFrom: '', rcptTo: [to] });
  const delivery = (mailFrom: string) => ({
    queueId: 'q1',
    mailFrom,
    recipients: ['nobody@server.thm'],
    letter: { headers: [], body: 'Hello?\n', stuffedLines: 0, fakeEnds: 0, truncated: false },
  });
  const goalOf = (stepId: string, goalId: string) => lesson.steps.find((s) => s.id === stepId)?.goals.find((g) => g.id === goalId);

  it('sees the bounce only in the mailbox, addressed to the sender: the session alone does not show it', () => {
    const state = { ...blank(), deliveries: [delivery('user@client.thm')] };
    const found = goalOf('bounced', 'bounce');
    expect(found?.met(state)).toBe(false);
    expect(found?.met(state, { ...NO_INPUTS, mailbox: [bounce('someone@else.thm')] })).toBe(false);
    expect(found?.met(state, { ...NO_INPUTS, mailbox: [bounce('USER@client.thm')] })).toBe(true);
  });

  it('counts backscatter only for a sender outside client.thm', () => {
    const scatter = goalOf('backscatter', 'scatter');
    const mine = { ...blank(), deliveries: [delivery('user@client.thm')] };
    expect(scatter?.met(mine, { ...NO_INPUTS, mailbox: [bounce('user@client.thm')] })).toBe(false);
    const forged = { ...blank(), deliveries: [delivery('victim@elsewhere.thm')] };
    expect(scatter?.met(forged, { ...NO_INPUTS, mailbox: [bounce('victim@elsewhere.thm')] })).toBe(true);
  });

  it('takes a letter from <> for the null-sender step, not one from an address', () => {
    const withoutNull = lesson.solution.map((s) => (s === 'MAIL FROM:<>' ? 'MAIL FROM:<user@client.thm>' : s));
    expect(metBy(lesson, withoutNull)).not.toContain(goalKey('null-sender', 'null'));
  });
});

describe('lesson 19, MX records', () => {
  const lesson = lessonNamed('mx-records');
  const digReplaced = (from: string, to: string) => lesson.solution.map((s) => (typeof s === 'object' && 'dig' in s && s.dig === from ? { dig: to } : s));

  it('plays the dig queries as lookups, which the server never answers', () => {
    const { answered, stepAt } = replaySolution(lesson);
    expect(answered.slice(0, 3)).toEqual([false, false, false]);
    expect(stepAt.slice(0, 3)).toEqual([0, 1, 2]);
  });

  it('wants the address of the host the MX named, not of the domain', () => {
    expect(metBy(lesson, digReplaced('dig A example.thm', 'dig A server.thm'))).not.toContain(goalKey('address', 'address'));
    expect(metBy(lesson, digReplaced('dig A example.thm', 'AAAA example.thm'))).toContain(goalKey('address', 'address'));
  });

  it('checks the greeting against the MX looked up: without the lookup, no greeting goal', () => {
    const greeting = lesson.steps.find((s) => s.id === 'connect')?.goals.find((g) => g.id === 'greeting');
    const observed = {
      ...blank(),
      greeting: 'example.thm ESMTP Exim 4.95 Ubuntu',
      exchanges: [{ context: 'connect', code: 220, enhanced: null, ending: null }],
    };
    const mx = { ...NO_INPUTS, lookups: [resolve('server.thm', 'MX')] };
    expect(greeting?.met(observed)).toBe(false);
    expect(greeting?.met(observed, mx)).toBe(true);
    expect(greeting?.met({ ...observed, greeting: 'example.thmx ESMTP' }, mx)).toBe(false);
  });
});

describe('lesson 20, what the letter must contain', () => {
  const lesson = lessonNamed('letter-format');
  const swap = (from: string, to: string | null) => lesson.solution.flatMap((s) => (s === from ? (to === null ? [] : [to]) : [s]));
  const firstLetter = (steps: SolutionStep[]) => steps.slice(0, steps.indexOf('.') + 1);

  it('wants a Date: in RFC 5322 form, not any text', () => {
    expect(metBy(lesson, firstLetter(swap('Date: Wed, 25 Nov 2026 10:00:00 +0000', 'Date: today')))).not.toContain(goalKey('required', 'date'));
    expect(metBy(lesson, firstLetter(swap('Date: Wed, 25 Nov 2026 10:00:00 +0000', 'Date: 25 Nov 2026 10:00 -0500')))).toContain(goalKey('required', 'date'));
  });

  it('knows a folded header from a long one on one line', () => {
    const unfolded = swap(' onto a second line', null);
    expect(metBy(lesson, unfolded)).not.toContain(goalKey('identity', 'folded'));
    expect(metBy(lesson, unfolded)).toContain(goalKey('identity', 'message-id'));
  });

  it('wants a multipart/alternative and a base64 attachment, read from the letter as typed', () => {
    expect(metBy(lesson, swap('Content-Type: multipart/alternative; boundary="alt-1"', 'Content-Type: text/plain'))).not.toContain(
      goalKey('mime', 'alternative'),
    );
    expect(metBy(lesson, swap('Content-Transfer-Encoding: base64', 'Content-Transfer-Encoding: 7bit'))).not.toContain(goalKey('mime', 'attachment'));
    expect(metBy(lesson, swap('MIME-Version: 1.0', null))).not.toContain(goalKey('mime', 'alternative'));
  });
});

describe('the journey lessons need their journeys', () => {
  const named = (id: string) => LESSONS.find((l) => l.id === id) as Lesson;
  const completes = async (lesson: Lesson, solution: readonly SolutionStep[] = lesson.solution) =>
    isComplete(lesson, (await replayLesson(lesson, solution)).progress);

  it('lesson 25 is not complete when the From: is honest: DMARC passes and nothing is refused', async () => {
    const lesson = named('a-forged-from');
    expect(await completes(lesson)).toBe(true);
    expect(
      await completes(
        lesson,
        lesson.solution.map((l) => (l === 'From: ceo@bank.thm' ? 'From: user@client.thm' : l)),
      ),
    ).toBe(false);
  });

  it('lesson 26 is not complete without the footer in transit: the signature then verifies', async () => {
    const lesson = named('changed-on-the-way');
    expect(await completes({ ...lesson, setup: { ...lesson.setup, scenario: 'journey' } })).toBe(false);
  });

  it('lesson 27 is not complete without the letter to the null MX', async () => {
    const lesson = named('no-mx');
    expect(
      await completes(
        lesson,
        lesson.solution.map((l) => (typeof l === 'string' ? l.replace('info@nullmx.thm', 'info@nomx.thm') : l)),
      ),
    ).toBe(false);
  });

  it('lesson 24 is not complete when the letter goes to a domain with no server', async () => {
    const lesson = named('the-journey');
    expect(
      await completes(
        lesson,
        lesson.solution.map((l) => (typeof l === 'string' ? l.replace('strategos@server.thm', 'strategos@nullmx.thm') : l)),
      ),
    ).toBe(false);
  });
});
