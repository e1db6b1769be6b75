/**
 * Autoplay, "watch a mail client do it": plays a lesson's reference solution line by
 * line over a fresh connection, at a pace a person can follow, so the post office and
 * the transcript show what a mail program does in a blink.
 *
 * Rules:
 * - The next line goes only when both have happened: PACE_MS since the last line, and
 *   the reply to it arrived (a letter's lines get no reply of their own, only its
 *   final dot does). A reconnect waits for the greeting.
 * - No reply within REPLY_TIMEOUT_MS pauses the player, saying why, rather than
 *   typing on into a silent server.
 * - A `{ waitSeconds }` entry counts down, a second at a time.
 * - A line due when the connection is closed stops the player, saying so.
 * - Its sessions tick no lesson goals (lessons-store): watching is not doing.
 * - Step plays one entry and pauses; Pause stops between lines (a countdown freezes).
 * - Timers live here, never in components; the store only holds what to show.
 */
import { type Exchange, type Lesson, lessonById, type Replay, replaySolution, solutionBytes } from '@smtp-playground/shared';
import { create } from 'zustand';
import { useConnectionStore } from './connection-store';
import { freshSession, resetGreylistFor, useLessonsStore, waitSentence, watchedSessionBegan } from './lessons-store';
import { useSettingsStore } from './settings-store';
import { useTranscriptStore } from './transcript-store';

/** Lesson 7, the classic telnet session: what the playground's autoplay plays. */
export const CLASSIC_SESSION = 'the-whole-session';
/** About a line a second, unhurried enough to read each reply. */
export const PACE_MS = 1200;
export const REPLY_TIMEOUT_MS = 30_000;

export type AutoplayStatus = 'idle' | 'playing' | 'stepping' | 'paused' | 'done';

interface AutoplayState {
  status: AutoplayStatus;
  /** Whose solution is playing. */
  lessonId: string | null;
  /** The next solution entry to play. */
  index: number;
  total: number;
  /** Seconds left in a wait. */
  waitLeft: number | null;
  /** Waiting for the server (a reply, or the greeting). */
  awaitingReply: boolean;
  /** What the player did last, or why it stopped, in a sentence. */
  note: string;
  /** Play from the start (a fresh connection), or resume when paused. */
  playPressed(lessonId: string, withSetup: boolean): void;
  pausePressed(): void;
  /** One entry, then pause (from the start when nothing is playing). */
  stepPressed(lessonId: string, withSetup: boolean): void;
  stopPressed(): void;
}

let paceTimer: ReturnType<typeof setTimeout> | null = null;
let replyTimer: ReturnType<typeof setTimeout> | null = null;
let waitTimer: ReturnType<typeof setInterval> | null = null;
/** The last exchange before the line awaiting a reply: any newer one is its reply. */
let awaiting: { last: Exchange | undefined } | null = null;
let paced = true;

const set = (s: Partial<AutoplayState>) => useAutoplayStore.setState(s);
const get = () => useAutoplayStore.getState();

export const useAutoplayStore = create<AutoplayState>()(() => ({
  status: 'idle',
  lessonId: null,
  index: 0,
  total: 0,
  waitLeft: null,
  awaitingReply: false,
  note: '',
  playPressed: (lessonId, withSetup) => {
    const { status } = get();
    if (status === 'paused') {
      set({ status: 'playing', note: 'Playing.' });
      return resume();
    }
    if (status === 'idle' || status === 'done') begin(lessonId, withSetup, 'playing');
  },
  pausePressed: () => {
    if (get().status !== 'playing') return;
    clearTimer('pace');
    paced = true; // resuming goes on at once, the pause was longer than any pace
    set({ status: 'paused', note: 'Paused.' });
  },
  stepPressed: (lessonId, withSetup) => {
    const { status, waitLeft } = get();
    if (status === 'idle' || status === 'done') return begin(lessonId, withSetup, 'stepping');
    if (status !== 'paused' || awaiting) return;
    set({ status: 'stepping' });
    if (waitLeft !== null) return startCountdown();
    playNext();
  },
  stopPressed: () => {
    stopTimers();
    set({ status: 'idle', index: 0, waitLeft: null, awaitingReply: false, note: 'Stopped.' });
  },
}));

function begin(lessonId: string, withSetup: boolean, status: 'playing' | 'stepping') {
  const lesson = lessonById(lessonId);
  if (!lesson) return;
  stopTimers();
  set({ status, lessonId, index: 0, total: lesson.solution.length, waitLeft: null, note: 'Connecting: waiting for the greeting.' });
  // A solution that meets greylisting expects its first 451, as a mail client's first try gets.
  resetGreylistFor(withSetup ? lesson.setup.scenario : useSettingsStore.getState().scenario);
  freshSession(withSetup ? lesson.setup : null);
  if (useConnectionStore.getState().status === 'idle') useConnectionStore.getState().connectRequested();
  watchedSessionBegan();
  expectReply();
}

const replays = new Map<string, Replay>();
function replayOf(lesson: Lesson): Replay {
  let r = replays.get(lesson.id);
  if (!r) {
    r = replaySolution(lesson);
    replays.set(lesson.id, r);
  }
  return r;
}

/** Plays the entry at `index`. */
function playNext() {
  const { lessonId, index, status } = get();
  const lesson = lessonId ? lessonById(lessonId) : undefined;
  const entry = lesson?.solution[index];
  if (!lesson || entry === undefined) {
    stopTimers();
    set({ status: 'done', awaitingReply: false, note: lesson ? doneNote(lesson) : 'Done.' });
    return;
  }
  if (typeof entry === 'object' && 'waitSeconds' in entry) {
    set({ waitLeft: entry.waitSeconds, note: waitSentence(entry.waitSeconds) });
    return startCountdown();
  }
  if (typeof entry === 'string' && useConnectionStore.getState().status !== 'open') {
    // The server hung up (too many errors, a 421, a 5xx at the wrong moment): nothing more can be typed.
    stopTimers();
    set({ status: 'idle', index: 0, awaitingReply: false, note: 'Stopped: the connection is closed, so the rest of the session can’t be sent.' });
    return;
  }
  set({ index: index + 1 });
  if (typeof entry === 'object') {
    set({ note: 'Reconnecting: a new session.' });
    useConnectionStore.getState().connectRequested();
    watchedSessionBegan();
    expectReply();
  } else {
    // The reference replay knows which lines the server answers (not letter lines, nor a
    // "." that does not end the letter, as in the smuggling lesson).
    const letterLine = !replayOf(lesson).answered[index];
    const before = lastExchange();
    useConnectionStore.getState().rawBytesSent(solutionBytes(entry));
    set({ note: `Sent: ${entry.replace(/\n$/, ' (bare LF)') || '(an empty line)'}` });
    if (letterLine) awaiting = null;
    else expectReply(before);
  }
  paced = false;
  clearTimer('pace');
  paceTimer = setTimeout(() => {
    paceTimer = null;
    paced = true;
    resume();
  }, PACE_MS);
  if (status === 'stepping' && !awaiting) set({ status: 'paused' });
}

/** What the end of a played solution means: the classic session earns its sentence, the rest say what was played. */
export function doneNote(lesson: Lesson): string {
  if (lesson.id === CLASSIC_SESSION) return 'Done: the core of what a mail program says when you press Send (real ones also use EHLO, STARTTLS and AUTH).';
  return `Done: “${lesson.title}” played to the end.`;
}

/** Goes on if nothing holds the player back. */
function resume() {
  const { status, waitLeft } = get();
  if (status === 'stepping' && !awaiting && waitLeft === null) return set({ status: 'paused' });
  if (status !== 'playing' || awaiting || !paced) return;
  if (waitLeft !== null) return startCountdown();
  playNext();
}

function expectReply(before: Exchange | undefined = lastExchange()) {
  awaiting = { last: before };
  set({ awaitingReply: true });
  clearTimer('reply');
  replyTimer = setTimeout(() => {
    replyTimer = null;
    if (!awaiting) return;
    awaiting = null;
    clearTimer('pace');
    set({ status: 'paused', awaitingReply: false, note: `No reply after ${REPLY_TIMEOUT_MS / 1000} seconds, so autoplay paused. Play goes on; Stop ends it.` });
  }, REPLY_TIMEOUT_MS);
}

function startCountdown() {
  if (waitTimer !== null) return;
  waitTimer = setInterval(() => {
    const { status, waitLeft, index } = get();
    if (status !== 'playing' && status !== 'stepping') return clearTimer('wait');
    const left = (waitLeft ?? 1) - 1;
    if (left > 0) return set({ waitLeft: left });
    clearTimer('wait');
    set({ waitLeft: null, index: index + 1, note: 'Waited: trying again, as a mail program does.' });
    if (status === 'stepping') return set({ status: 'paused' });
    paced = true;
    resume();
  }, 1000);
}

const lastExchange = () => useTranscriptStore.getState().observed.exchanges.at(-1);

function clearTimer(which: 'pace' | 'reply' | 'wait') {
  if (which === 'pace' && paceTimer !== null) clearTimeout(paceTimer);
  if (which === 'reply' && replyTimer !== null) clearTimeout(replyTimer);
  if (which === 'wait' && waitTimer !== null) clearInterval(waitTimer);
  if (which === 'pace') paceTimer = null;
  if (which === 'reply') replyTimer = null;
  if (which === 'wait') waitTimer = null;
}

function stopTimers() {
  clearTimer('pace');
  clearTimer('reply');
  clearTimer('wait');
  awaiting = null;
  paced = true;
}

// The reply came (or the server hung up, so none will): the player may go on.
useTranscriptStore.subscribe((s, prev) => {
  if (!awaiting || s.observed === prev.observed) return;
  const closed = useConnectionStore.getState().status === 'closed';
  if (!closed && s.observed.exchanges.at(-1) === awaiting.last) return;
  awaiting = null;
  clearTimer('reply');
  set({ awaitingReply: false });
  resume();
});

// Another lesson started: what was playing belongs to the old one.
useLessonsStore.subscribe((s, prev) => {
  if (s.active !== prev.active && get().status !== 'idle' && get().lessonId !== CLASSIC_SESSION) get().stopPressed();
});
