import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '../testing/fake-web-socket';
import { useConnectionStore } from './connection-store';
import { useDnsStore } from './dns-store';
import { useLessonsStore } from './lessons-store';
import { tabMailbox } from './mailbox-store';
import { useRouteStore } from './route-store';
import { useSettingsStore } from './settings-store';
import { useTargetsStore } from './targets-store';
import { useTranscriptStore } from './transcript-store';

const flush = () => new Promise((r) => setTimeout(r, 0));
const lessons = () => useLessonsStore.getState();
const progress = (id: string) => lessons().progress[id];

/** The learner follows a link (or a deep link): the hash changes, and the route with it. */
function navigated(hash: string) {
  window.location.hash = hash;
  useRouteStore.getState().hashChanged(window.location.hash);
}

async function type(...lines: string[]) {
  for (const line of lines) {
    useConnectionStore.getState().lineTyped(line);
    await flush();
  }
}

beforeEach(async () => {
  navigated('');
  useLessonsStore.setState({ active: null, progress: {}, completed: [], hints: {}, lastDone: null });
  useSettingsStore.setState({ connection: 'tab', personality: 'exim', scenario: 'catch-all' });
  useConnectionStore.getState().connectRequested();
  await flush();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('lessons store', () => {
  it('applies a lesson’s server setup with one fresh connection, and ticks goals as the session meets them', async () => {
    const starts = useTranscriptStore.getState().sessionStarts.size;
    lessons().lessonStarted('logging-in');
    expect(useSettingsStore.getState()).toMatchObject({ connection: 'tab', personality: 'exim', scenario: 'submission' });
    expect(useTranscriptStore.getState().sessionStarts.size).toBe(starts + 1);
    await flush();
    await type('EHLO client.thm', 'MAIL FROM:<learner@client.thm>');
    expect(progress('logging-in')).toMatchObject({ step: 1, met: ['refused/hello', 'refused/530'] });
    expect(lessons().announcement).toBe('Done: Get 530: STARTTLS first. Step 1 of 4 done.');
    expect(lessons().lastDone).toEqual({ lessonId: 'logging-in', step: 0 });
  });

  it('ticks a goal from a dig lookup, which no session shows', async () => {
    useDnsStore.setState({ lookups: [], history: [] });
    lessons().lessonStarted('mx-records');
    await flush();
    useDnsStore.getState().queryEntered('dig A server.thm'); // an address, not the MX
    expect(progress('mx-records')?.met).toEqual([]);
    useDnsStore.getState().queryEntered('dig MX server.thm');
    expect(progress('mx-records')).toMatchObject({ step: 1, met: ['mx/mx'] });
    expect(lessons().announcement).toContain('Done: Look up the MX record of server.thm.');
  });

  it('ticks the bounce goal when the bounce lands in the tab’s mailbox', async () => {
    tabMailbox.clear();
    lessons().lessonStarted('bounces');
    expect(useSettingsStore.getState().scenario).toBe('later-bounce');
    await flush();
    await type('EHLO client.thm', 'MAIL FROM:<user@client.thm>', 'RCPT TO:<nobody@server.thm>', 'DATA');
    useConnectionStore.getState().rawBytesSent(new TextEncoder().encode('Subject: hi\r\n\r\nHello?\r\n.\r\n'));
    await flush();
    expect(tabMailbox.summaries()[0]).toMatchObject({ mailFrom: '', rcptTo: ['user@client.thm'] });
    expect(progress('bounces')).toMatchObject({ step: 1, met: ['bounced/accepted', 'bounced/bounce'] });
    tabMailbox.clear();
  });

  it('keeps a session nothing was typed in yet, when the lesson’s server is the same', async () => {
    const starts = () => useTranscriptStore.getState().sessionStarts.size;
    const before = starts();
    lessons().lessonStarted('the-envelope'); // a deep link: the page has just connected
    expect(starts()).toBe(before);
    expect(progress('the-envelope')?.met).toEqual([]);
    lessons().lessonStarted('opening-the-door'); // its first step is the greeting, already there
    expect(progress('opening-the-door')).toMatchObject({ step: 1, met: ['connect/greeted'] });
    expect(starts()).toBe(before);
    await type('NOOP');
    lessons().lessonStarted('the-envelope'); // something was typed: a fresh session
    expect(starts()).toBe(before + 1);
  });

  it('completes a lesson, saves it in localStorage, and forgets it when started over', async () => {
    lessons().lessonStarted('opening-the-door');
    await flush();
    await type('NOOP');
    expect(lessons().completed).toEqual(['opening-the-door']);
    await new Promise((r) => setTimeout(r, 0));
    expect(JSON.parse(localStorage.getItem('smtp-playground:lessons') ?? '{}').state).toMatchObject({
      active: 'opening-the-door',
      completed: ['opening-the-door'],
      progress: { 'opening-the-door': { step: 2, met: ['connect/greeted', 'noop/noop'] } },
    });
    lessons().progressReset('opening-the-door');
    expect(lessons().completed).toEqual([]);
    await flush(); // the fresh session's greeting meets the first step again
    expect(progress('opening-the-door')).toMatchObject({ step: 1, met: ['connect/greeted'] });
  });

  it('keeps a relay target the learner chose, and still starts a fresh session there', async () => {
    vi.stubGlobal('WebSocket', FakeWebSocket);
    useTargetsStore.getState().targetsListed([{ name: 'lab', address: 'mail.lab.test:25', tls: 'starttls', insecure: false, sandbox: false }]);
    useSettingsStore.getState().connectionChosen('relay:lab');
    const made = FakeWebSocket.made.length;
    lessons().lessonStarted('logging-in');
    expect(useSettingsStore.getState()).toMatchObject({ connection: 'relay:lab', scenario: 'submission' });
    expect(FakeWebSocket.made.length).toBe(made + 1);
    expect(FakeWebSocket.made.at(-1)?.url).toContain('target=lab');
    useSettingsStore.getState().connectionChosen('tab');
  });

  it('follows the hash: a deep link starts the lesson at that step, and the hash moves on when the step is met', async () => {
    navigated('#/lessons/the-whole-session/2');
    expect(lessons().active).toBe('the-whole-session');
    expect(progress('the-whole-session')?.step).toBe(1);
    await flush();
    await type('HELO client.thm', 'MAIL FROM:<user@client.thm>', 'RCPT TO:<strategos@server.thm>');
    expect(progress('the-whole-session')?.step).toBe(2);
    expect(window.location.hash).toBe('#/lessons/the-whole-session/3');
  });

  it('leaves the hash alone when the learner is reading another step', async () => {
    navigated('#/lessons/the-whole-session/1');
    await flush();
    navigated('#/lessons/the-whole-session/4');
    await type('HELO client.thm');
    expect(progress('the-whole-session')?.step).toBe(3); // choosing step 4 skipped ahead to it
    expect(window.location.hash).toBe('#/lessons/the-whole-session/4');
  });

  it('names the learner’s step in a lesson’s hash that names none, or none that makes sense, as the lesson view shows it', async () => {
    navigated('#/lessons/the-whole-session');
    expect(lessons().active).toBe('the-whole-session');
    expect(window.location.hash).toBe('#/lessons/the-whole-session/1');
    await flush();
    await type('HELO client.thm');
    for (const hash of ['#/lessons/the-whole-session/', '#/lessons/the-whole-session/0', '#/lessons/the-whole-session/abc']) {
      navigated(hash);
      expect(window.location.hash, hash).toBe('#/lessons/the-whole-session/2');
    }
    navigated('#/lessons/no-such-lesson/1');
    expect(lessons().active).toBe('the-whole-session');
    expect(window.location.hash).toBe('#/lessons/no-such-lesson/1');
  });

  it('gives the greylisting lesson its first 451 again when it starts over, though the tab’s server passed the triplet before', async () => {
    vi.useFakeTimers({ toFake: ['Date'] }); // the greylist's clock
    const lastReply = () => useTranscriptStore.getState().observed.exchanges.at(-1);
    lessons().lessonStarted('greylisting');
    await flush();
    await type('EHLO client.thm', 'MAIL FROM:<a@client.thm>', 'RCPT TO:<b@server.thm>');
    expect(progress('greylisting')?.step).toBe(1);
    vi.setSystemTime(Date.now() + 31_000);
    await type('RSET', 'MAIL FROM:<a@client.thm>', 'RCPT TO:<b@server.thm>');
    expect(lastReply()).toMatchObject({ context: 'RCPT', code: 250 }); // the server knows the triplet now
    lessons().progressReset('greylisting');
    await flush();
    await type('EHLO client.thm', 'MAIL FROM:<a@client.thm>', 'RCPT TO:<b@server.thm>');
    expect(lastReply()).toMatchObject({ context: 'RCPT', code: 451 });
    expect(progress('greylisting')?.step).toBe(1);
  });

  it('keeps the greylist when the greylisting lesson resumes past its first step: the retry is still due', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    lessons().lessonStarted('greylisting');
    await flush();
    await type('EHLO client.thm', 'MAIL FROM:<a@client.thm>', 'RCPT TO:<b@server.thm>');
    lessons().lessonStarted('goodbye');
    vi.setSystemTime(Date.now() + 31_000);
    lessons().lessonStarted('greylisting');
    await flush();
    await type('EHLO client.thm', 'MAIL FROM:<a@client.thm>', 'RCPT TO:<b@server.thm>');
    expect(useTranscriptStore.getState().observed.exchanges.at(-1)).toMatchObject({ context: 'RCPT', code: 250 });
    expect(progress('greylisting')?.met).toContain('retry/accepted');
  });
});
