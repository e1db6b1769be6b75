import { classicMessage, decodeText, type Lesson, lessonById } from '@smtp-playground/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useConnectionStore } from '../../stores/connection-store';
import { useDnsStore } from '../../stores/dns-store';
import { useLessonsStore } from '../../stores/lessons-store';
import { tabMailbox } from '../../stores/mailbox-store';
import { useSettingsStore } from '../../stores/settings-store';
import { useTargetsStore } from '../../stores/targets-store';
import { useTranscriptStore } from '../../stores/transcript-store';
import { FakeWebSocket } from '../../testing/fake-web-socket';
import { CLASSIC_SESSION, MAIL_CLIENT, MAX_TRIES, PACE_MS, REPLY_TIMEOUT_MS, showMeNext, solutionLinesOf, useSolutionPlayerStore } from './solution-player';

const player = () => useSolutionPlayerStore.getState();
const lessons = () => useLessonsStore.getState();
const progress = (id: string) => lessons().progress[id];
const sent = () =>
  useTranscriptStore
    .getState()
    .lines.filter((l) => l.direction === 'client')
    .map((l) => l.text);
/** Time passes (fake), and the in-tab sandbox's replies (microtasks) arrive in it. */
const pass = (ms: number) => vi.advanceTimersByTimeAsync(ms);

async function type(...lines: string[]) {
  for (const line of lines) {
    useConnectionStore.getState().lineTyped(line);
    await pass(0);
  }
}

beforeEach(async () => {
  vi.useFakeTimers();
  useLessonsStore.setState({ active: null, progress: {}, completed: [], hints: {}, lastDone: null });
  useSettingsStore.setState({ connection: 'tab', personality: 'exim', scenario: 'catch-all' });
  useConnectionStore.getState().connectRequested();
  await pass(0);
});
afterEach(() => {
  player().stopPressed();
  useSettingsStore.getState().connectionChosen('tab');
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('showMeNext', () => {
  it('resumes where the last press left off in the step, goes round after the last, and starts at the first otherwise', () => {
    expect(showMeNext([4, 5, 6], undefined)).toEqual({ at: 4, next: 5 });
    expect(showMeNext([4, 5, 6], 5)).toEqual({ at: 5, next: 6 });
    expect(showMeNext([4, 5, 6], 6)).toEqual({ at: 6, next: 4 });
    expect(showMeNext([4, 5, 6], 9)).toEqual({ at: 4, next: 5 }); // another step's entry
    expect(showMeNext([7], 7)).toEqual({ at: 7, next: 7 });
    expect(showMeNext([], undefined)).toBeNull();
  });
});

describe('show me', () => {
  it('“show me” types the current step’s solution lines one at a time', async () => {
    lessons().lessonStarted('the-whole-session');
    await pass(0);
    const before = sent().length;
    for (let i = 0; i < 3; i++) {
      player().showMePressed();
      await pass(0);
    }
    expect(sent().slice(before)).toEqual(['HELO client.thm', 'MAIL FROM:<user@client.thm>', 'RCPT TO:<strategos@server.thm>']);
    expect(progress('the-whole-session')?.step).toBe(2);
    expect(lessons().announcement).toMatch(/Step 2 of 4 done/);
  });

  it('“show me” asks the dig panel for a lookup step, and the lookup meets the goal', async () => {
    useDnsStore.setState({ lookups: [], history: [] });
    lessons().lessonStarted('mx-records');
    await pass(0);
    const before = sent().length;
    player().showMePressed();
    await pass(0);
    expect(useDnsStore.getState().history.map((h) => h.query)).toEqual(['dig MX server.thm']);
    expect(sent().length).toBe(before); // nothing went to the server
    expect(progress('mx-records')?.step).toBe(1);
    expect(lessons().announcement).toBe('Looked up: dig MX server.thm');
  });

  it('“show me” sends a line ending in "\\n" as a bare LF', async () => {
    lessons().lessonStarted('line-endings');
    await pass(0);
    await type('EHLO client.thm');
    expect(solutionLinesOf(lessonById('line-endings') as Lesson, 1)).toEqual([1]); // the 'NOOP\n' line
    player().showMePressed();
    await pass(0);
    const last = useTranscriptStore
      .getState()
      .lines.filter((l) => l.direction === 'client')
      .at(-1);
    expect(last).toMatchObject({ text: 'NOOP', ending: 'lf' });
    expect(progress('line-endings')?.step).toBe(2);
  });

  it('“show me” counts a wait down, then goes on', async () => {
    lessons().lessonStarted('greylisting');
    await pass(0);
    await type('EHLO client.thm', 'MAIL FROM:<a@client.thm>', 'RCPT TO:<b@server.thm>');
    expect(progress('greylisting')?.step).toBe(1);
    player().showMePressed(); // QUIT
    await pass(0);
    player().showMePressed(); // the wait
    expect(player()).toMatchObject({ waitLeft: 31, waitFor: 'show-me' });
    expect(lessons().announcement).toBe("Wait 31 seconds (a mail program's retry).");
    player().showMePressed(); // ignored while waiting
    await pass(30_000);
    expect(player().waitLeft).toBe(1);
    await pass(1_000);
    expect(player().waitLeft).toBeNull();
    const starts = useTranscriptStore.getState().sessionStarts.size;
    player().showMePressed(); // the reconnect
    expect(useTranscriptStore.getState().sessionStarts.size).toBe(starts + 1);
  });
});

describe('a hang-up in a solution (lesson 22’s telnet)', () => {
  it('“show me” closes the connection without QUIT, and the goals see it close', async () => {
    lessons().lessonStarted('the-tools');
    await pass(0);
    const before = sent().length;
    player().showMePressed();
    await pass(0);
    expect(sent().at(-1)).toBe('EHLO client.thm');
    player().showMePressed();
    await pass(0);
    expect(useConnectionStore.getState().status).toBe('closed');
    expect(lessons().announcement).toMatch(/Hung up: the connection closed without QUIT\.$/);
    expect(sent().slice(before)).toEqual(['EHLO client.thm']);
    expect(progress('the-tools')?.step).toBe(1);
  });

  it('autoplay goes on after it: the reconnect that follows opens the next tool’s session', async () => {
    const solution = lessonById('the-tools')?.solution ?? [];
    const before = sent().length;
    player().playPressed('the-tools', true);
    await pass(0);
    for (let i = 0; i < solution.length + 5 && player().status !== 'done'; i++) await pass(PACE_MS);
    expect(player().status).toBe('done');
    expect(sent().slice(before)).toEqual(solution.flatMap((s) => (typeof s === 'string' ? [s.replace(/\n$/, '')] : [])));
  });
});

describe('show me and autoplay: one player', () => {
  it('play the same entries: “show me”, pressed through the classic session, sends what autoplay sends for it', async () => {
    const solution = lessonById(CLASSIC_SESSION)?.solution ?? [];
    lessons().lessonStarted(CLASSIC_SESSION);
    await pass(0);
    const before = sent().length;
    for (const _ of solution) {
      player().showMePressed();
      await pass(0);
    }
    const shown = sent().slice(before);
    expect(lessons().completed).toContain(CLASSIC_SESSION); // in the learner's own session: it counts
    expect(player().status).toBe('idle'); // show me leaves autoplay be

    player().playPressed(CLASSIC_SESSION, true);
    const played = sent().length;
    for (let i = 0; i < solution.length && player().status !== 'done'; i++) await pass(PACE_MS);
    expect(player().status).toBe('done');
    expect(sent().slice(played)).toEqual(shown);
    expect(shown).toEqual(solution);
  });

  it('count waits on one countdown: the wait autoplay comes to takes the place of the one “show me” was counting', async () => {
    lessons().lessonStarted('greylisting');
    await pass(0);
    await type('EHLO client.thm', 'MAIL FROM:<a@client.thm>', 'RCPT TO:<b@server.thm>');
    player().showMePressed(); // QUIT
    await pass(0);
    player().showMePressed(); // the wait
    expect(player()).toMatchObject({ waitLeft: 31, waitFor: 'show-me' });

    player().playPressed('past-greylisting', true);
    await pass(0);
    for (let i = 0; i < 3; i++) await pass(PACE_MS); // EHLO, MAIL, RCPT (451), then its wait
    expect(player()).toMatchObject({ waitLeft: 31, waitFor: 'autoplay' });
    for (let i = 0; i < 60 && player().status !== 'done'; i++) await pass(PACE_MS);
    expect(player()).toMatchObject({ status: 'done', waitLeft: null, waitFor: null });
    expect(lessons().announcement).not.toMatch(/^Waited/); // show me's wait never ended: it was replaced
  });
});

describe('autoplay', () => {
  it('plays a lesson’s script to the end in a fresh session, a line per pace, and the scene reaches Leave', async () => {
    const solution = lessonById(CLASSIC_SESSION)?.solution ?? [];
    const starts = useTranscriptStore.getState().sessionStarts.size;
    const before = sent().length;
    player().playPressed(CLASSIC_SESSION, false);
    expect(useTranscriptStore.getState().sessionStarts.size).toBe(starts + 1);
    await pass(0); // the greeting
    expect(sent().length - before).toBe(1); // the first line goes as soon as the greeting is in
    await pass(PACE_MS - 1);
    expect(sent().length - before).toBe(1);
    await pass(1);
    expect(sent().slice(before)).toEqual(['HELO client.thm', 'MAIL FROM:<user@client.thm>']);
    for (let i = 0; i < solution.length && player().status !== 'done'; i++) await pass(PACE_MS);
    expect(player().status).toBe('done');
    expect(player().note).toBe('Done: the core of what a mail program says when you press Send (real ones also use EHLO, STARTTLS and AUTH).');
    expect(sent().slice(before)).toEqual(solution);
    expect(useTranscriptStore.getState().observed.step).toBe('leave');
    expect(useTranscriptStore.getState().observed.deliveries).toHaveLength(1);
  });

  it('plays a lesson with dig lookups: the lookups go to the dig panel, the lines to the server', async () => {
    useDnsStore.setState({ lookups: [], history: [] });
    const before = sent().length;
    player().playPressed('mx-records', true);
    for (let i = 0; i < 12 && player().status !== 'done'; i++) await pass(PACE_MS);
    expect(player().status).toBe('done');
    expect(useDnsStore.getState().history.map((h) => h.query)).toEqual(['dig MX server.thm', 'dig A example.thm', 'dig MX nullmx.thm']);
    expect(sent().slice(before)).toEqual(['EHLO client.thm', 'MAIL FROM:<user@client.thm>', 'RCPT TO:<bob@server.thm>']);
  });

  it('steps one line at a time, and pauses and resumes', async () => {
    const before = sent().length;
    player().stepPressed(CLASSIC_SESSION, false);
    await pass(0);
    expect(player().status).toBe('paused'); // connected, greeted, nothing typed yet
    expect(sent().length).toBe(before);
    player().stepPressed(CLASSIC_SESSION, false);
    await pass(PACE_MS * 3);
    expect(sent().slice(before)).toEqual(['HELO client.thm']);
    expect(player().status).toBe('paused');
    player().playPressed(CLASSIC_SESSION, false);
    await pass(0);
    expect(sent().slice(before)).toEqual(['HELO client.thm', 'MAIL FROM:<user@client.thm>']);
    player().pausePressed();
    await pass(PACE_MS * 3);
    expect(sent().length - before).toBe(2);
    player().stopPressed();
    expect(player()).toMatchObject({ status: 'idle', index: 0 });
  });

  it('steps the mail client a line at a time too, and pauses and resumes it', async () => {
    const before = sent().length;
    player().stepPressed(MAIL_CLIENT, false);
    await pass(0);
    expect(player().status).toBe('paused'); // greeted: the client has EHLO ready, unsent
    expect(sent().length).toBe(before);
    player().stepPressed(MAIL_CLIENT, false);
    await pass(PACE_MS * 3);
    expect(sent().slice(before)).toEqual(['EHLO client.thm']);
    expect(player()).toMatchObject({ status: 'paused', index: 1 });
    player().playPressed(MAIL_CLIENT, false);
    await pass(0);
    expect(sent().slice(before)).toEqual(['EHLO client.thm', 'MAIL FROM:<user@client.thm>']);
    player().pausePressed();
    await pass(PACE_MS * 3);
    expect(sent().length - before).toBe(2);
    player().playPressed(MAIL_CLIENT, false);
    for (let i = 0; i < 20 && player().status !== 'done'; i++) await pass(PACE_MS);
    expect(player().status).toBe('done');
  });

  it('counts a wait down before going on', async () => {
    useSettingsStore.setState({ personality: 'postfix', scenario: 'greylisting' });
    player().playPressed('past-greylisting', true);
    await pass(0);
    for (let i = 0; i < 3; i++) await pass(PACE_MS);
    expect(sent().slice(-3)).toEqual(['EHLO client.thm', 'MAIL FROM:<a@client.thm>', 'RCPT TO:<b@server.thm>']);
    expect(player().waitLeft).toBe(31);
    await pass(10_000);
    expect(player().waitLeft).toBe(21);
    expect(sent().at(-1)).toBe('RCPT TO:<b@server.thm>');
    for (let i = 0; i < 40 && player().status !== 'done'; i++) await pass(PACE_MS);
    expect(player().status).toBe('done');
    expect(useTranscriptStore.getState().observed.deliveries).toHaveLength(1);
  });

  it('meets greylisting’s first 451 again when played again: the tab’s greylist starts over', async () => {
    const rcptReplies = () =>
      useTranscriptStore
        .getState()
        .observed.exchanges.filter((e) => e.context === 'RCPT')
        .map((e) => e.code);
    for (let round = 0; round < 2; round++) {
      player().playPressed('past-greylisting', true);
      await pass(0);
      for (let i = 0; i < 3; i++) await pass(PACE_MS);
      expect(rcptReplies(), `round ${round + 1}`).toEqual([451]);
      for (let i = 0; i < 60 && player().status !== 'done'; i++) await pass(PACE_MS);
      expect(player().status).toBe('done');
      expect(rcptReplies()).toEqual([451, 250]);
    }
  });

  it('waits for the reply before the next line, and pauses when none comes', async () => {
    vi.stubGlobal('WebSocket', FakeWebSocket);
    useTargetsStore.getState().targetsListed([{ name: 'lab', address: 'mail.lab.test:25', tls: 'none', insecure: false, sandbox: false }]);
    useSettingsStore.getState().connectionChosen('relay:lab');
    player().playPressed(MAIL_CLIENT, false);
    const socket = FakeWebSocket.made.at(-1) as FakeWebSocket;
    socket.opened();
    socket.control({ type: 'connected', target: 'lab', address: 'mail.lab.test:25', tls: 'none', insecure: false, maxFrame: 1024 * 1024 });
    await pass(PACE_MS * 5);
    expect(socket.text()).toBe(''); // no greeting yet
    socket.bytes('220 mail.lab.test ESMTP\r\n');
    await pass(0);
    expect(socket.text()).toBe('EHLO client.thm\r\n');
    await pass(PACE_MS * 5);
    expect(socket.text()).toBe('EHLO client.thm\r\n'); // still no reply to EHLO
    socket.bytes('250-mail.lab.test\r\n250 8BITMIME\r\n');
    await pass(0);
    expect(socket.text()).toBe('EHLO client.thm\r\nMAIL FROM:<user@client.thm>\r\n');
    await pass(REPLY_TIMEOUT_MS);
    expect(player().status).toBe('paused');
    expect(player().note).toMatch(/^No reply after 30 seconds/);
  });

  it('stops, saying why, when the server has hung up', async () => {
    useSettingsStore.setState({ scenario: 'submission' }); // MAIL FROM refused: the letter's lines become bad commands
    player().playPressed(CLASSIC_SESSION, false);
    for (let i = 0; i < 20 && player().status === 'playing'; i++) await pass(PACE_MS);
    expect(useConnectionStore.getState().status).toBe('closed');
    expect(player()).toMatchObject({ status: 'idle', note: 'Stopped: the connection is closed, so the rest of the session can’t be sent.' });
  });

  it('uses the lesson’s server setup when asked', async () => {
    useSettingsStore.setState({ personality: 'postfix', scenario: 'submission' });
    player().playPressed(CLASSIC_SESSION, true);
    expect(useSettingsStore.getState()).toMatchObject({ personality: 'exim', scenario: 'catch-all' });
    for (let i = 0; i < 20 && player().status === 'playing'; i++) await pass(PACE_MS);
    expect(player().status).toBe('done');
  });

  it('ticks no lesson goals in its sessions; the learner’s next session counts again', async () => {
    useLessonsStore.setState({ active: null, progress: {}, completed: [], hints: {} });
    useLessonsStore.getState().lessonStarted('goodbye');
    const before = useLessonsStore.getState().progress.goodbye;
    player().playPressed('goodbye', true);
    for (let i = 0; i < 10 && player().status !== 'done'; i++) await pass(PACE_MS);
    expect(player().status).toBe('done');
    expect(player().note).toBe('Done: “Goodbye” played to the end.'); // not the classic session's sentence
    expect(useTranscriptStore.getState().observed.step).toBe('leave');
    expect(useLessonsStore.getState().progress.goodbye).toEqual(before);
    useConnectionStore.getState().connectRequested();
    await pass(0);
    useConnectionStore.getState().lineTyped('EHLO client.thm');
    await pass(0);
    expect(useLessonsStore.getState().progress.goodbye?.step).toBe(1);
  });
});

describe('autoplay’s mail client, on the page’s own server and scenario', () => {
  /** Plays until done, a pace at a time (waits included), for at most `paces`. */
  async function playToTheEnd(paces = 80) {
    for (let i = 0; i < paces && player().status !== 'done' && player().status !== 'idle'; i++) await pass(PACE_MS);
  }
  const letterLines = decodeText(classicMessage().letter).split('\r\n').slice(0, -1);
  const replies = (context: string) =>
    useTranscriptStore
      .getState()
      .observed.exchanges.filter((e) => e.context === context)
      .map((e) => e.code);

  for (const personality of ['exim', 'postfix'] as const) {
    it(`${personality}, catch-all: the classic dialogue, EHLO to QUIT, and the message in the tab’s mailbox`, async () => {
      useSettingsStore.setState({ personality, scenario: 'catch-all' });
      const stored = tabMailbox.list().length;
      const before = sent().length;
      player().playPressed(MAIL_CLIENT, false);
      await playToTheEnd();
      expect(player().status).toBe('done');
      expect(sent().slice(before)).toEqual([
        'EHLO client.thm',
        'MAIL FROM:<user@client.thm>',
        'RCPT TO:<strategos@server.thm>',
        'DATA',
        ...letterLines,
        '.',
        'QUIT',
      ]);
      expect(player()).toMatchObject({ index: 11, tries: 1 });
      expect(player().note).toMatch(/^Done: 250 (2\.0\.0 )?at the end of the letter: “(OK id=|Ok: queued as )/);
      expect(useTranscriptStore.getState().observed.step).toBe('leave');
      expect(tabMailbox.list()).toHaveLength(stored + 1);
      expect(tabMailbox.list()[0]?.rcptTo).toEqual(['strategos@server.thm']);
      expect(useSettingsStore.getState()).toMatchObject({ personality, scenario: 'catch-all' }); // the page’s settings, kept
    });

    it(`${personality}, greylisting: 451 at RCPT, QUIT, a visible countdown past the delay, then a new session that delivers`, async () => {
      useSettingsStore.setState({ personality, scenario: 'greylisting' });
      await pass(0);
      const starts = useTranscriptStore.getState().sessionStarts.size;
      player().playPressed(MAIL_CLIENT, false);
      for (let i = 0; i < 5 && player().waitLeft === null; i++) await pass(PACE_MS);
      expect(replies('RCPT')).toEqual([451]);
      expect(sent().slice(-2)).toEqual(['RCPT TO:<strategos@server.thm>', 'QUIT']);
      expect(player()).toMatchObject({ status: 'playing', waitLeft: 31, waitFor: 'autoplay' });
      expect(player().note).toMatch(/^451 (4\.7\.1 )?at RCPT TO <strategos@server\.thm>: .*Greylisted.* tries again later\. Waiting to try again:$/);
      await pass(10_000);
      expect(player().waitLeft).toBe(21);
      expect(useTranscriptStore.getState().sessionStarts.size).toBe(starts + 1); // no new session yet
      await playToTheEnd();
      expect(player()).toMatchObject({ status: 'done', tries: 2 });
      expect(useTranscriptStore.getState().sessionStarts.size).toBe(starts + 2);
      expect(replies('RCPT')).toEqual([250]); // the second session’s
      expect(player().note).toMatch(/^Done: 250 /);
    });

    it(`${personality}, submission: MAIL gets 530, so STARTTLS, EHLO again, 530 again, AUTH PLAIN as learner, then the message`, async () => {
      useSettingsStore.setState({ personality, scenario: 'submission' });
      await pass(0);
      const before = sent().length;
      player().playPressed(MAIL_CLIENT, false);
      await playToTheEnd();
      expect(player().status).toBe('done');
      expect(sent().slice(before, before + 8)).toEqual([
        'EHLO client.thm',
        'MAIL FROM:<user@client.thm>',
        'STARTTLS',
        'EHLO client.thm',
        'MAIL FROM:<user@client.thm>',
        'AUTH PLAIN AGxlYXJuZXIAc2FuZGJveA==',
        'MAIL FROM:<user@client.thm>',
        'RCPT TO:<strategos@server.thm>',
      ]);
      expect(useConnectionStore.getState().tls).toMatchObject({ simulated: true });
      expect(useTranscriptStore.getState().observed.deliveries).toHaveLength(1);
      expect(player().note).toMatch(/^Done: 250 /);
    });

    it(`${personality}, shutting down: 421 at each greeting, no QUIT; ${MAX_TRIES} tries, then autoplay says it stops`, async () => {
      useSettingsStore.setState({ personality, scenario: 'shutting-down' });
      await pass(0);
      const before = sent().length;
      player().playPressed(MAIL_CLIENT, false);
      await playToTheEnd(200);
      expect(player()).toMatchObject({ status: 'done', tries: MAX_TRIES, index: 0 });
      expect(sent().slice(before)).toEqual([]);
      expect(player().note).toMatch(new RegExp(`^Done: 421 (4\\.3\\.2 )?at the greeting: .* After ${MAX_TRIES} tries autoplay stops here`));
    });

    it(`${personality}, strict MX: the relay refused at RCPT for good, so no DATA, QUIT, and no retry`, async () => {
      useSettingsStore.setState({ personality, scenario: 'strict-mx' });
      await pass(0);
      const before = sent().length;
      player().playPressed(MAIL_CLIENT, false);
      await playToTheEnd();
      expect(player()).toMatchObject({ status: 'done', tries: 1 });
      expect(sent().slice(before)).toEqual(['EHLO client.thm', 'MAIL FROM:<user@client.thm>', 'RCPT TO:<strategos@server.thm>', 'QUIT']);
      expect(player().note).toMatch(/^Done: 55[04] .*at RCPT TO <strategos@server\.thm>: .*Trying again will not help/);
    });
  }

  it('stops when someone else opens a connection (the scenario changed under it)', async () => {
    player().playPressed(MAIL_CLIENT, false);
    await pass(PACE_MS);
    useSettingsStore.getState().scenarioChosen('greylisting');
    await pass(0);
    expect(player()).toMatchObject({ status: 'idle', note: 'Stopped: a new connection was opened, so the mail client’s session is over.' });
    const before = sent().length;
    await pass(PACE_MS * 5);
    expect(sent().length).toBe(before);
  });

  it('is not stopped by a lesson started elsewhere, unlike a lesson’s script', async () => {
    player().playPressed(MAIL_CLIENT, false);
    await pass(0);
    useLessonsStore.setState({ active: 'goodbye' });
    expect(player().status).toBe('playing');
  });
});
