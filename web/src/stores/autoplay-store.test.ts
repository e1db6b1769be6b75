import { lessonById } from '@smtp-playground/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '../testing/fake-web-socket';
import { CLASSIC_SESSION, PACE_MS, REPLY_TIMEOUT_MS, useAutoplayStore } from './autoplay-store';
import { useConnectionStore } from './connection-store';
import { useLessonsStore } from './lessons-store';
import { useSettingsStore } from './settings-store';
import { useTargetsStore } from './targets-store';
import { useTranscriptStore } from './transcript-store';

const player = () => useAutoplayStore.getState();
const sent = () =>
  useTranscriptStore
    .getState()
    .lines.filter((l) => l.direction === 'client')
    .map((l) => l.text);
/** Time passes (fake), and the in-tab sandbox's replies (microtasks) arrive in it. */
const pass = (ms: number) => vi.advanceTimersByTimeAsync(ms);

beforeEach(async () => {
  vi.useFakeTimers();
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

describe('autoplay', () => {
  it('plays the classic session to the end in a fresh session, a line per pace, and the scene reaches Leave', async () => {
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
    player().playPressed(CLASSIC_SESSION, false);
    const socket = FakeWebSocket.made.at(-1) as FakeWebSocket;
    socket.opened();
    socket.control({ type: 'connected', target: 'lab', address: 'mail.lab.test:25', tls: 'none', insecure: false, maxFrame: 1024 * 1024 });
    await pass(PACE_MS * 5);
    expect(socket.text()).toBe(''); // no greeting yet
    socket.bytes('220 mail.lab.test ESMTP\r\n');
    await pass(0);
    expect(socket.text()).toBe('HELO client.thm\r\n');
    await pass(PACE_MS * 5);
    expect(socket.text()).toBe('HELO client.thm\r\n'); // still no reply to HELO
    socket.bytes('250 mail.lab.test\r\n');
    await pass(0);
    expect(socket.text()).toBe('HELO client.thm\r\nMAIL FROM:<user@client.thm>\r\n');
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
