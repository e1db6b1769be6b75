/**
 * Plays a lesson's reference solution against its scenario, all in memory: the
 * sandbox session, the observer and the engine, as a driver would run them (TLS
 * simulated, time on a fake clock that jumps for waits and slow greetings). The
 * generated test checks the result; the page uses `stepAt` to know which solution
 * line "show me" should type next. What the goals read beside the session comes from
 * here too: the replay's own mailbox, and the dig queries of the solution, answered by
 * the simulated DNS as the page's dig panel answers them.
 *
 * A POP3 lesson (setup.protocol 'pop3') is replayed against the POP3 sandbox, whose
 * maildrops read a mailbox that already holds lesson 7's message: its solution played
 * first through a real SMTP session of the lesson's personality and scenario, so the
 * message has the trace fields that session writes. A reconnection opens a new POP3
 * session on the same maildrops, so what QUIT removed stays removed.
 */

import { parseDigQuery } from '../dns/dig.js';
import { type DnsAnswer, resolve } from '../dns/resolve.js';
import { Observer, type ObserverState } from '../observe/observer.js';
import { Maildrops } from '../pop3/maildrops.js';
import { Pop3Session, type Pop3State } from '../pop3/session.js';
import { encodeText } from '../protocol/bytes.js';
import { Greylist } from '../server/greylist.js';
import { Mailbox, type StoredMessage } from '../server/mailbox.js';
import { exim } from '../server/personalities/exim.js';
import { postfix } from '../server/personalities/postfix.js';
import { letterEnd } from '../server/policy.js';
import { scenarioById } from '../server/scenarios.js';
import { Session, type SessionOutput } from '../server/session.js';
import type { SessionState } from '../server/states.js';
import { type Journey, runJourney } from '../world/journey.js';
import { theWholeSession } from './07-the-whole-session.js';
import { type LessonProgress, observeLesson, startLesson } from './engine.js';
import type { Lesson, LessonInputs, SolutionStep } from './types.js';

export interface Replay {
  progress: LessonProgress;
  /** For each solution entry, the step the lesson was at just before it was played. */
  stepAt: number[];
  /** A line was sent after the server had closed the connection (a broken solution). */
  sentAfterClose: boolean;
  /**
   * For each solution entry, whether the server answered it. Letter lines get no reply,
   * and neither does a "." that is not the end of the letter (after a bare LF), so a
   * player waits for a reply only where one comes.
   */
  answered: boolean[];
  /** After each solution entry, the state as the session has it and as the observer reads it: always the same (POP3's states in a POP3 lesson). */
  states: { session: SessionState | Pop3State; observed: SessionState | Pop3State }[];
  /** What the observer saw of the last session, the lookups made, and what the server accepted, oldest first. */
  observed: ObserverState;
  lookups: DnsAnswer[];
  accepted: StoredMessage[];
}

/** When every replay starts (its clock only moves for waits and slow greetings). */
const REPLAY_START = Date.UTC(2026, 10, 25, 9, 0, 0);

/** The bytes a solution line puts on the wire: CRLF added, unless it ends in its own "\n". */
export function solutionBytes(line: string): Uint8Array {
  return encodeText(line.endsWith('\n') ? line : `${line}\r\n`);
}

/** What the replay drives: the SMTP sandbox, or the POP3 one (which never asks to be woken). */
interface ReplayServer {
  start(): SessionOutput;
  receive(bytes: Uint8Array): SessionOutput;
  tlsStarted(): SessionOutput;
  wake(): SessionOutput;
  close(): void;
  readonly state: SessionState | Pop3State;
}

function pop3Server(session: Pop3Session): ReplayServer {
  return {
    start: () => session.start(),
    receive: (bytes) => session.receive(bytes),
    tlsStarted: () => session.tlsStarted(),
    wake: () => ({ output: new Uint8Array(0), events: [] }),
    close: () => session.close(),
    get state() {
      return session.state;
    },
  };
}

/** Lesson 7's solution, played through a real SMTP session (which stores into the replay's mailbox): what the learner sent before collecting it with POP3. */
function deliverLessonSeven(server: () => Session): void {
  const smtp = server();
  smtp.start();
  for (const step of theWholeSession.solution) if (typeof step === 'string') smtp.receive(solutionBytes(step));
}

export function replaySolution(lesson: Lesson, steps: readonly SolutionStep[] = lesson.solution): Replay {
  let now = REPLAY_START;
  const mailbox = new Mailbox();
  const greylist = new Greylist();
  let progress = startLesson(lesson);
  const stepAt: number[] = [];
  const answered: boolean[] = [];
  const states: Replay['states'] = [];
  const lookups: DnsAnswer[] = [];
  // A submission server keeps nothing for the learner to read: what it accepts goes on its journey (replayLesson).
  const queues = !!scenarioById(lesson.setup.scenario).journey;
  const inputs = (): LessonInputs => ({ lookups, mailbox: queues ? [] : mailbox.summaries(), journeys: [] });
  let sentAfterClose = false;
  let closed = false;
  const personality = lesson.setup.personality === 'postfix' ? postfix : exim;
  const policy = scenarioById(lesson.setup.scenario).policy;
  const pop3 = lesson.setup.protocol === 'pop3';
  // The page tells its observer how its own sandbox ends a letter (or that it speaks POP3); so does the replay.
  const observe = () => new Observer(() => now, pop3 ? { protocol: 'pop3' } : { letterEnd: letterEnd(personality, policy) });
  let observer = observe();
  const smtpSession = (): Session =>
    new Session({
      mailbox,
      greylist,
      clock: () => now,
      random: () => 0.5,
      personality,
      policy,
      client: { address: '127.0.0.1', name: 'localhost' },
      tls: true,
    });
  const maildrops = new Maildrops(mailbox);
  if (pop3) deliverLessonSeven(smtpSession);
  const session = (): ReplayServer => (pop3 ? pop3Server(new Pop3Session({ maildrops, clock: () => now, random: () => 0.5, tls: true })) : smtpSession());
  let current = session();
  const look = () => {
    progress = observeLesson(lesson, progress, observer.state, inputs());
  };
  let replied = false;
  const act = (r: SessionOutput): void => {
    if (r.output.length > 0) replied = true;
    observer.feed('server', r.output);
    look();
    for (const e of r.events) {
      if (e.type === 'startTls') act(current.tlsStarted());
      if (e.type === 'close') {
        closed = true;
        observer.closed();
        look();
      }
    }
    if (r.wakeAfterMs !== undefined) {
      now += r.wakeAfterMs;
      act(current.wake());
    }
  };
  act(current.start());
  for (const step of steps) {
    stepAt.push(progress.step);
    replied = false;
    if (typeof step === 'object' && 'waitSeconds' in step) {
      now += step.waitSeconds * 1000;
    } else if (typeof step === 'object' && 'hangUp' in step) {
      // The client goes without QUIT: the server sees the connection drop, and so does the observer.
      if (!closed) {
        closed = true;
        current.close();
        observer.closed();
        look();
      }
    } else if (typeof step === 'object' && 'dig' in step) {
      const q = parseDigQuery(step.dig);
      if (q.ok) lookups.push(resolve(q.query.name, q.query.type));
      look();
    } else if (typeof step === 'object') {
      closed = false;
      current = session();
      observer = observe(); // a new connection is a new transcript
      act(current.start());
    } else {
      if (closed) sentAfterClose = true;
      const bytes = solutionBytes(step);
      observer.feed('client', bytes);
      act(current.receive(bytes));
    }
    answered.push(replied);
    states.push({ session: current.state, observed: pop3 ? (observer.state.pop3?.state ?? 'closed') : observer.state.conversation });
  }
  return { progress, stepAt, sentAfterClose, answered, states, observed: observer.state, lookups, accepted: mailbox.list().reverse() };
}

/**
 * The replay, then, in a journey scenario, the journey of each message the solution
 * submitted (asynchronous: the checks use WebCrypto), and the goals looked at once more
 * with the journeys and the mailbox they delivered into, as the page does when a
 * journey ends. Elsewhere it is replaySolution's result as it is.
 */
export async function replayLesson(lesson: Lesson, steps: readonly SolutionStep[] = lesson.solution): Promise<Replay & { journeys: Journey[] }> {
  const replay = replaySolution(lesson, steps);
  const scenario = scenarioById(lesson.setup.scenario);
  if (!scenario.journey) return { ...replay, journeys: [] };
  const journeys: Journey[] = [];
  const arrived = new Mailbox();
  for (const message of replay.accepted) {
    const journey = await runJourney(message, { clock: () => REPLAY_START, random: () => 0.5, modifyInTransit: scenario.journey.modifyInTransit });
    journeys.push(journey);
    for (const m of journey.arrived) arrived.add(m);
  }
  const inputs: LessonInputs = { lookups: replay.lookups, mailbox: arrived.summaries(), journeys };
  return { ...replay, progress: observeLesson(lesson, replay.progress, replay.observed, inputs), journeys };
}
