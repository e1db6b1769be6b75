/**
 * The solution player: plays a lesson's reference solution into the current
 * connection. Two things drive it: "show me" (a line per press, from the learner's
 * current step, in the learner's own session) and autoplay ("watch a mail client do
 * it": the whole solution in a fresh session, at a pace a person can follow). Both go
 * through the same parts: one replay of each solution (which step each entry belongs
 * to, which ones the server answers), one way to play an entry, one countdown.
 *
 * The playground's autoplay (MAIL_CLIENT) plays no script: shared's SmtpClient sends
 * lesson 7's message on whatever server and scenario the page is set to, and reacts to
 * each reply as a mail program does (at the end of this file).
 *
 * Rules:
 * - An entry is a line, sent exactly as solutionBytes writes it; a reconnect, a new
 *   session; a hang-up, the connection closed without QUIT; a dig query, asked of the
 *   page's DNS panel (no server answers it); or a wait, counted down a second at a
 *   time. There is one countdown: a
 *   wait takes the place of one still counting for the other driver.
 * - Show me plays the current step's entries in order, one per press, then the step's
 *   first again. A new step begins at its first entry, and so does a lesson started
 *   or started over. A press while its own wait counts does nothing.
 * - Autoplay sends the next line only when both have happened: PACE_MS since the
 *   last line, and the reply to it arrived (a letter's lines get no reply of their
 *   own, only its final dot does). A reconnect waits for the greeting.
 * - No reply within REPLY_TIMEOUT_MS pauses autoplay, saying why, rather than typing
 *   on into a silent server. Paused, its wait stops counting until it goes on.
 * - A line due when the connection is closed stops autoplay, saying so.
 * - Autoplay's sessions tick no lesson goals (lessons-store): watching is not doing.
 *   Another lesson started stops it, unless it plays the playground's mail client.
 */
import {
  type ClientEvent,
  type ClientOptions,
  type ClientOutcome,
  type ClientOutput,
  classicMessage,
  decodeText,
  type Envelope,
  type Lesson,
  lessonById,
  type ObserverState,
  type Replay,
  replaySolution,
  retryEnvelope,
  SmtpClient,
  type SolutionStep,
  scenarioById,
  solutionBytes,
} from '@smtp-playground/shared';
import { create } from 'zustand';
import type { ConnectionEvent } from '../../connection/connection';
import { connectionEventsHeard, useConnectionStore } from '../../stores/connection-store';
import { useDnsStore } from '../../stores/dns-store';
import { freshSession, resetGreylistFor, useLessonsStore, watchedSessionBegan } from '../../stores/lessons-store';
import { useSettingsStore } from '../../stores/settings-store';
import { useTranscriptStore } from '../../stores/transcript-store';

/** Lesson 7, the classic telnet session. */
export const CLASSIC_SESSION = 'the-whole-session';
/** What the playground's autoplay plays: no lesson's script, but a mail client sending lesson 7's message. */
export const MAIL_CLIENT = 'mail-client';
/** About a line a second, unhurried enough to read each reply. */
export const PACE_MS = 1200;
export const REPLY_TIMEOUT_MS = 30_000;

export type AutoplayStatus = 'idle' | 'playing' | 'stepping' | 'paused' | 'done';
export type Driver = 'show-me' | 'autoplay';

interface SolutionPlayerState {
  /** Where autoplay is; show me leaves it be. */
  status: AutoplayStatus;
  /** Whose solution autoplay plays (or MAIL_CLIENT). */
  lessonId: string | null;
  /** The next solution entry autoplay plays; for the mail client, how many lines it sent. */
  index: number;
  total: number;
  /** The mail client's try (1 for the first; a deferred message is tried again). */
  tries: number;
  /** Seconds left in the wait being counted down, and whose wait it is. */
  waitLeft: number | null;
  waitFor: Driver | null;
  /** Autoplay waits for the server (a reply, or the greeting). */
  awaitingReply: boolean;
  /** What autoplay did last, or why it stopped, in a sentence. */
  note: string;
  /** Where show me is in the active lesson: the entry of that step it plays next. */
  showMe: { lessonId: string; step: number; next: number } | null;
  /** Autoplay: play from the start (a fresh connection), or resume when paused. */
  playPressed(lessonId: string, withSetup: boolean): void;
  pausePressed(): void;
  /** Autoplay: one entry, then pause (from the start when nothing is playing). */
  stepPressed(lessonId: string, withSetup: boolean): void;
  stopPressed(): void;
  /** Plays the next entry of the active lesson's solution for the learner's current step. */
  showMePressed(): void;
}

const set = (s: Partial<SolutionPlayerState>) => useSolutionPlayerStore.setState(s);
const get = () => useSolutionPlayerStore.getState();

export const useSolutionPlayerStore = create<SolutionPlayerState>()(() => ({
  status: 'idle',
  lessonId: null,
  index: 0,
  total: 0,
  tries: 0,
  waitLeft: null,
  waitFor: null,
  awaitingReply: false,
  note: '',
  showMe: null,
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
    const { status, waitFor } = get();
    if (status === 'idle' || status === 'done') return begin(lessonId, withSetup, 'stepping');
    if (status !== 'paused' || awaiting) return;
    set({ status: 'stepping' });
    if (waitFor === 'autoplay') return countdownGoesOn();
    playNext();
  },
  stopPressed: () => {
    stopTimers();
    mail = null;
    set({ status: 'idle', index: 0, awaitingReply: false, note: 'Stopped.' });
  },
  showMePressed: () => showNext(),
}));

// -- what both drive: the replay, an entry played, the countdown --------------------

const replays = new Map<string, Replay>();
/** The lesson's solution replayed against its scenario (once per lesson, in memory). */
function replayOf(lesson: Lesson): Replay {
  let r = replays.get(lesson.id);
  if (!r) {
    r = replaySolution(lesson);
    replays.set(lesson.id, r);
  }
  return r;
}

/** The solution entries of a lesson's step, in order (their indexes in `solution`). */
export function solutionLinesOf(lesson: Lesson, step: number): number[] {
  return replayOf(lesson).stepAt.flatMap((s, i) => (s === step ? [i] : []));
}

/**
 * Which of a step's entries show me plays now, and which after it: the one the last
 * press left for it (`left`) if it is the step's, else the step's first; after the
 * last, the first again. Null when the step has none.
 */
export function showMeNext(entries: readonly number[], left: number | undefined): { at: number; next: number } | null {
  const first = entries[0];
  if (first === undefined) return null;
  const at = left !== undefined && entries.includes(left) ? left : first;
  return { at, next: entries[entries.indexOf(at) + 1] ?? first };
}

/** Sends a line, opens a new session, or asks the dig panel; a wait starts the countdown for `driver`. */
function entryPlayed(entry: SolutionStep, driver: Driver): void {
  if (typeof entry === 'string') useConnectionStore.getState().rawBytesSent(solutionBytes(entry));
  else if ('reconnect' in entry) useConnectionStore.getState().connectRequested();
  else if ('hangUp' in entry) useConnectionStore.getState().disconnectRequested();
  else if ('dig' in entry) useDnsStore.getState().queryEntered(entry.dig);
  else countdownStarted(driver, entry.waitSeconds);
}

/** What a solution entry that is not a line did, in words. */
function entryWords(entry: Exclude<SolutionStep, string>): string {
  if ('reconnect' in entry) return 'Reconnected: a new session.';
  if ('hangUp' in entry) return HUNG_UP;
  if ('dig' in entry) return `Looked up: ${entry.dig}`;
  return waitSentence(entry.waitSeconds);
}

const HUNG_UP = 'Hung up: the connection closed without QUIT.';

/** A solution line in words; `bareLf` says how a line ending in its own "\n" ends. */
const lineWords = (line: string, bareLf: string) => line.replace(/\n$/, bareLf) || '(an empty line)';

/** What a solution's pause means, in words. */
export function waitSentence(seconds: number): string {
  return `Wait ${seconds} seconds (a mail program's retry).`;
}

let waitTimer: ReturnType<typeof setInterval> | null = null;

/** Counts `seconds` down for `driver`, in place of any wait counting now. */
function countdownStarted(driver: Driver, seconds: number): void {
  clearTimer('wait');
  set({ waitLeft: seconds, waitFor: driver });
  countdownGoesOn();
}

/** Counts on from where the wait is (autoplay's, after a pause). */
function countdownGoesOn(): void {
  if (waitTimer === null) waitTimer = setInterval(ticked, 1000);
}

function ticked(): void {
  const { status, waitLeft, waitFor } = get();
  // Paused, autoplay's wait stays where it is.
  if (waitFor === 'autoplay' && status !== 'playing' && status !== 'stepping') return clearTimer('wait');
  const left = (waitLeft ?? 1) - 1;
  if (left > 0) return set({ waitLeft: left });
  clearTimer('wait');
  set({ waitLeft: null, waitFor: null });
  if (waitFor === 'autoplay') autoplayWaited();
  else announce('Waited. Press "Show me" for the next line.');
}

/** Ends `driver`'s wait, if the countdown is counting one. */
function countdownStopped(driver: Driver): void {
  if (get().waitFor !== driver) return;
  clearTimer('wait');
  set({ waitLeft: null, waitFor: null });
}

// -- show me -------------------------------------------------------------------------

function showNext(): void {
  const { active, progress } = useLessonsStore.getState();
  const lesson = active ? lessonById(active) : undefined;
  const p = lesson ? progress[lesson.id] : undefined;
  const { showMe, waitFor } = get();
  if (!lesson || !p || waitFor === 'show-me') return;
  const left = showMe?.lessonId === lesson.id && showMe.step === p.step ? showMe.next : undefined;
  const next = showMeNext(solutionLinesOf(lesson, p.step), left);
  // A step with no lines is the first (connecting does it) or one that only watches (a journey).
  if (!next) return announce(p.step === 0 ? 'Nothing to type for this step: connecting does it.' : 'Nothing to type for this step: watch what the page shows.');
  set({ showMe: { lessonId: lesson.id, step: p.step, next: next.next } });
  const entry = lesson.solution[next.at];
  if (entry === undefined) return;
  entryPlayed(entry, 'show-me');
  if (typeof entry === 'string') announce(`Typed: ${lineWords(entry, ' (ending in a bare LF)')}`);
  else announce(entryWords(entry));
}

/** Show me's news goes where the lesson's goes: the lesson's live region. */
function announce(announcement: string): void {
  useLessonsStore.setState({ announcement });
}

// -- autoplay ------------------------------------------------------------------------

let paceTimer: ReturnType<typeof setTimeout> | null = null;
let replyTimer: ReturnType<typeof setTimeout> | null = null;
/** The last exchange before the line awaiting a reply: any newer one is its reply. */
let awaiting: { last: unknown } | null = null;
let paced = true;

function begin(lessonId: string, withSetup: boolean, status: 'playing' | 'stepping') {
  if (lessonId === MAIL_CLIENT) return mailBegan(status);
  const lesson = lessonById(lessonId);
  if (!lesson) return;
  stopTimers();
  mail = null;
  set({ status, lessonId, index: 0, total: lesson.solution.length, note: 'Connecting: waiting for the greeting.' });
  // A solution that meets greylisting expects its first 451, as a mail client's first try gets.
  resetGreylistFor(withSetup ? lesson.setup.scenario : useSettingsStore.getState().scenario);
  freshSession(withSetup ? lesson.setup : null);
  if (useConnectionStore.getState().status === 'idle') useConnectionStore.getState().connectRequested();
  watchedSessionBegan();
  expectReply();
}

/** Plays the entry at `index`. */
function playNext() {
  if (mail) return mailPlayNext();
  const { lessonId, index, status } = get();
  const lesson = lessonId ? lessonById(lessonId) : undefined;
  const entry = lesson?.solution[index];
  if (!lesson || entry === undefined) {
    stopTimers();
    set({ status: 'done', awaitingReply: false, note: lesson ? doneNote(lesson) : 'Done.' });
    return;
  }
  if (typeof entry === 'object' && 'waitSeconds' in entry) {
    set({ note: waitSentence(entry.waitSeconds) });
    return entryPlayed(entry, 'autoplay');
  }
  if (typeof entry === 'string' && useConnectionStore.getState().status !== 'open') {
    // The server hung up (too many errors, a 421, a 5xx at the wrong moment): nothing more can be typed.
    stopTimers();
    set({ status: 'idle', index: 0, awaitingReply: false, note: 'Stopped: the connection is closed, so the rest of the session can’t be sent.' });
    return;
  }
  set({ index: index + 1 });
  if (typeof entry === 'object' && 'hangUp' in entry) {
    // No reply comes to a hang-up: the next entry (a reconnect) follows at the usual pace.
    set({ note: HUNG_UP });
    entryPlayed(entry, 'autoplay');
    awaiting = null;
  } else if (typeof entry === 'object' && 'dig' in entry) {
    // A lookup in the page's DNS panel: answered at once, by no server.
    entryPlayed(entry, 'autoplay');
    set({ note: `Looked up: ${entry.dig}` });
    awaiting = null;
  } else if (typeof entry === 'object') {
    set({ note: 'Reconnecting: a new session.' });
    entryPlayed(entry, 'autoplay');
    watchedSessionBegan();
    expectReply();
  } else {
    // The replay knows which lines the server answers (not letter lines, nor a "."
    // that does not end the letter, as in the smuggling lesson).
    const letterLine = !replayOf(lesson).answered[index];
    const before = lastExchange();
    entryPlayed(entry, 'autoplay');
    set({ note: `Sent: ${lineWords(entry, ' (bare LF)')}` });
    if (letterLine) awaiting = null;
    else expectReply(before);
  }
  paceStarted();
  if (status === 'stepping' && !awaiting) set({ status: 'paused' });
}

/** The next line may go PACE_MS from now. */
function paceStarted() {
  paced = false;
  clearTimer('pace');
  paceTimer = setTimeout(() => {
    paceTimer = null;
    paced = true;
    resume();
  }, PACE_MS);
}

/** What the end of a played solution means: the classic session earns its sentence, the rest say what was played. */
export function doneNote(lesson: Lesson): string {
  if (lesson.id === CLASSIC_SESSION) return 'Done: the core of what a mail program says when you press Send (real ones also use EHLO, STARTTLS and AUTH).';
  return `Done: “${lesson.title}” played to the end.`;
}

/** Goes on if nothing holds autoplay back. */
function resume() {
  const { status, waitFor } = get();
  const waiting = waitFor === 'autoplay';
  if (status === 'stepping' && !awaiting && !waiting) return set({ status: 'paused' });
  if (status !== 'playing' || awaiting || !paced) return;
  if (waiting) return countdownGoesOn();
  playNext();
}

/** Autoplay's wait is over: on to the entry after it (the mail client: its next try). */
function autoplayWaited() {
  if (mail) return mailTriesAgain();
  const { status, index } = get();
  set({ index: index + 1, note: 'Waited: trying again, as a mail program does.' });
  if (status === 'stepping') return set({ status: 'paused' });
  paced = true;
  resume();
}

function expectReply(before: unknown = lastExchange()) {
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

/** The last answer the server gave: an SMTP exchange, or in a POP3 session its last status line (a new object for each). */
const lastExchange = () => lastAnswer(useTranscriptStore.getState().observed);
const lastAnswer = (o: ObserverState): unknown => (o.protocol === 'pop3' ? o.pop3?.lastStatus : o.exchanges.at(-1));

function clearTimer(which: 'pace' | 'reply' | 'wait') {
  if (which === 'pace' && paceTimer !== null) clearTimeout(paceTimer);
  if (which === 'reply' && replyTimer !== null) clearTimeout(replyTimer);
  if (which === 'wait' && waitTimer !== null) clearInterval(waitTimer);
  if (which === 'pace') paceTimer = null;
  if (which === 'reply') replyTimer = null;
  if (which === 'wait') waitTimer = null;
}

/** Autoplay's timers and its wait (a wait of show me's counts on). */
function stopTimers() {
  clearTimer('pace');
  clearTimer('reply');
  countdownStopped('autoplay');
  awaiting = null;
  paced = true;
}

// -- module-scope subscriptions ----------------------------------------------------

// The reply came (or the server hung up, so none will): autoplay may go on. (The mail
// client hears replies itself: connection events, at the end of this file.)
useTranscriptStore.subscribe((s, prev) => {
  if (mail || !awaiting || s.observed === prev.observed) return;
  const closed = useConnectionStore.getState().status === 'closed';
  if (!closed && lastAnswer(s.observed) === awaiting.last) return;
  awaiting = null;
  clearTimer('reply');
  set({ awaitingReply: false });
  resume();
});

useLessonsStore.subscribe((s, prev) => {
  // A lesson started or started over: show me begins at its step's first entry again.
  if (s.attempt !== prev.attempt) {
    countdownStopped('show-me');
    set({ showMe: null });
  }
  // Another lesson started: what autoplay was playing belongs to the old one.
  if (s.active !== prev.active && get().status !== 'idle' && get().lessonId !== MAIL_CLIENT) get().stopPressed();
});

// -- the mail client -----------------------------------------------------------------
//
// Rules:
// - The client (shared's SmtpClient) hears every byte the server sends, through the
//   connection's events, and says what to send. Its lines go one per PACE_MS, as the
//   script's do: a command, or a line of the letter (which it writes all at once after 354).
// - STARTTLS: the connection upgrades itself on the server's 220 (connection-store);
//   its `tls` event tells the client, which says EHLO again.
// - An attempt ends when the client is done with the connection (after QUIT's reply,
//   at a 421, or when the connection is lost). A deferred message is tried again, with
//   retryEnvelope, after a countdown: past the scenario's greylisting delay in the tab,
//   RETRY_SECONDS elsewhere. After MAX_TRIES it gives up, as a mail program does after days.
// - A connection opened by anyone else (settings changed, Connect pressed) ends autoplay.

/** The mail client autoplay is: EHLO, STARTTLS and AUTH only when the server asks, one command at a time. */
export const AUTOPLAY_CLIENT: ClientOptions = {
  hello: 'client.thm',
  greeting: 'EHLO',
  starttls: 'when-asked',
  auth: { user: 'learner', password: 'sandbox', when: 'asked' },
  pipelining: false,
};
/** Tries before giving up; a real queue keeps trying for days (RFC 5321 4.5.4.1). */
export const MAX_TRIES = 3;
/** Between tries where the page can't know the server's delay: a real queue waits minutes, autoplay half of one. */
export const RETRY_SECONDS = 30;

interface MailAttempt {
  /** Counts the connections autoplay opened: a wait between tries keeps its attempt's. */
  serial: number;
  client: SmtpClient;
  envelope: Envelope;
  /** Lines the client wrote and autoplay has yet to send. */
  lines: Uint8Array[];
  /** The client is done with this connection (it closes once `lines` are sent). */
  over: boolean;
  /** Autoplay asked for this attempt's connection and has not seen it open yet. */
  opening: boolean;
}

let mail: MailAttempt | null = null;
let serials = 0;

function mailBegan(status: 'playing' | 'stepping'): void {
  stopTimers();
  set({ status, lessonId: MAIL_CLIENT, index: 0, total: 0, tries: 1, note: 'Connecting: waiting for the greeting.' });
  // A first try on a greylisting scenario meets its 451, as a mail client's first try does.
  resetGreylistFor(useSettingsStore.getState().scenario);
  mailConnects(classicMessage().envelope);
}

/** A new attempt: a new client for `envelope`, on a fresh connection. */
function mailConnects(envelope: Envelope): void {
  mail = { serial: ++serials, client: new SmtpClient(envelope, classicMessage().letter, AUTOPLAY_CLIENT), envelope, lines: [], over: false, opening: true };
  const { status, connectRequested } = useConnectionStore.getState();
  // freshSession's rule: while the page is still starting (idle) it connects; otherwise a reconnect.
  if (status === 'idle') connectRequested();
  else freshSession(null);
  watchedSessionBegan();
  expectReply();
}

/** The client's answer to what it heard: lines to send (one per pace), and what happened. */
function mailAnswered(attempt: MailAttempt, out: ClientOutput): void {
  for (const line of linesOf(out.output)) attempt.lines.push(line);
  for (const e of out.events) mailEvent(attempt, e);
  if (attempt.lines.length > 0 || attempt.over) {
    awaiting = null;
    clearTimer('reply');
    set({ awaitingReply: false });
  }
  if (attempt.over && attempt.lines.length === 0) return mailAttemptEnded(attempt);
  resume();
}

function mailEvent(attempt: MailAttempt, e: ClientEvent): void {
  if (e.type === 'close') attempt.over = true;
  else if (e.type === 'done') set({ note: e.outcome.why });
  else if (e.type === 'authenticated') set({ note: `Logged in as ${e.user}, as the server asked.` });
  else if (e.type === 'startTls') set({ note: 'The server asked for TLS: STARTTLS, then EHLO again (RFC 3207 4.2).' });
}

/** Sends the client's next line, if it has one; else autoplay waits for the server. */
function mailPlayNext(): void {
  const attempt = mail as MailAttempt;
  if (useConnectionStore.getState().status !== 'open') {
    // The server hung up while lines waited their turn: they can't go now.
    attempt.lines.length = 0;
    return mailAnswered(attempt, attempt.client.connectionLost());
  }
  const line = attempt.lines.shift();
  if (!line) return expectReply();
  const { index, status, note } = get();
  useConnectionStore.getState().rawBytesSent(line);
  // Once the outcome is known its sentence stays; before, the line sent is the news.
  set({ index: index + 1, note: attempt.client.outcome ? note : `Sent: ${decodeText(line).replace(/\r\n$/, '') || '(an empty line)'}` });
  if (attempt.lines.length === 0 && attempt.over) return mailAttemptEnded(attempt);
  if (attempt.lines.length === 0) expectReply();
  paceStarted();
  if (status === 'stepping' && !awaiting) set({ status: 'paused' });
}

/** The attempt is over: its connection closes, and the message is tried again later, or autoplay is done. */
function mailAttemptEnded(attempt: MailAttempt): void {
  if (mail !== attempt) return;
  const outcome = attempt.client.outcome;
  awaiting = null;
  clearTimer('reply');
  set({ awaitingReply: false });
  // The server closes after QUIT's reply or its 421; if it has not by the end of this turn, the client does.
  setTimeout(() => {
    if (!mail || mail.serial === attempt.serial) closeIfOpen();
  }, 0);
  const next = outcome ? retryEnvelope(attempt.envelope, outcome) : null;
  const { tries } = get();
  if (outcome && next && tries < MAX_TRIES) {
    mail = { ...attempt, envelope: next, lines: [], over: true };
    set({ note: `${outcome.why} Waiting to try again:` });
    countdownStarted('autoplay', retrySeconds());
    return;
  }
  mail = null;
  stopTimers();
  set({ status: 'done', note: mailDoneNote(outcome, tries) });
}

/** The countdown is over: the next try, for the recipients still deferred. */
function mailTriesAgain(): void {
  const attempt = mail as MailAttempt;
  set({ tries: get().tries + 1, note: 'Trying again, as a mail program does: a new connection.' });
  mailConnects(attempt.envelope);
  if (get().status === 'stepping') set({ status: 'paused' });
}

/** What autoplay says at the end: the outcome's sentence, and for a message still deferred, that autoplay gave up on it. */
export function mailDoneNote(outcome: ClientOutcome | null, tries: number): string {
  if (!outcome) return 'Done.';
  const givenUp = outcome.result === 'deferred' || outcome.result === 'partial';
  return `Done: ${outcome.why}${givenUp ? ` After ${tries} tries autoplay stops here; a mail program would go on for days, then tell the sender.` : ''}`;
}

/** Seconds to wait before the next try: just past the tab's greylisting delay, where that is what deferred it. */
function retrySeconds(): number {
  const { connection, scenario } = useSettingsStore.getState();
  const greylist = connection === 'tab' ? scenarioById(scenario).policy.greylistSeconds : null;
  return greylist ? greylist + 1 : RETRY_SECONDS;
}

function closeIfOpen(): void {
  if (useConnectionStore.getState().status === 'open') useConnectionStore.getState().disconnectRequested();
}

/** The lines of a write, each with its CRLF: a letter goes a line at a time, as a person could follow it. */
function linesOf(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; ) {
    const lf = bytes.indexOf(10, start);
    const end = lf === -1 ? bytes.length : lf + 1;
    out.push(bytes.subarray(start, end));
    start = end;
  }
  return out;
}

/** The connection's events, to the client while an attempt is on. */
function mailHeard(e: ConnectionEvent): void {
  const attempt = mail;
  if (!attempt || attempt.over) return;
  if (e.type === 'opened') {
    if (attempt.opening) {
      attempt.opening = false;
      return;
    }
    // Someone else opened a connection (new settings, Connect): this attempt's is gone.
    stopTimers();
    mail = null;
    set({ status: 'idle', index: 0, awaitingReply: false, note: 'Stopped: a new connection was opened, so the mail client’s session is over.' });
    return;
  }
  if (attempt.opening) return;
  if (e.type === 'received') mailAnswered(attempt, attempt.client.receive(e.bytes));
  else if (e.type === 'tls') mailAnswered(attempt, attempt.client.tlsStarted());
  else if (e.type === 'closed') {
    // What the client had yet to send can't go now.
    attempt.lines.length = 0;
    mailAnswered(attempt, attempt.client.connectionLost());
  }
}

connectionEventsHeard(mailHeard);
