/**
 * Lessons: which one is active, the progress of each (saved in localStorage), and the
 * hints shown. ("Show me" and autoplay are the solution player's, in features/lessons.)
 *
 * How this works:
 * - The progress itself is the pure reducer in lessons-progress.ts; this module feeds
 *   it events and does the side effects around it.
 * - The transcript store's `observed` is watched here, at module scope: every change
 *   re-checks the active lesson's goals, in whichever view the learner is; except in
 *   autoplay's sessions, which the learner only watched. So do changes to what goals
 *   read beside the session (lessonInputs): the DNS lookups and the mailbox.
 * - The route (route-store.ts) is the step being viewed. Opening a lesson's route starts
 *   it (its server setup, a fresh connection); when the session completes the viewed
 *   step, the route moves on to the next one (replaced, so Back still leads out of the
 *   lesson rather than through every step).
 * - A lesson's setup (personality, scenario) applies to the in-tab sandbox. With a relay
 *   target chosen, the page keeps it and says so; the goals read the observer, so they
 *   tick against any server whose replies meet them.
 * - A greylisting lesson begins with the in-tab greylist forgotten (resetGreylistFor):
 *   its first step is the 451 a new triplet gets, which a tab that did it before would
 *   not see again.
 * - A POP3 lesson (setup.protocol 'pop3') needs a POP3 connection: one chosen already
 *   (in-tab, the relay's, watching 2110) stays; otherwise the in-tab POP3 sandbox is
 *   chosen. An SMTP lesson started on a POP3 connection goes back to the in-tab SMTP
 *   sandbox. POP3 lessons collect lesson 7's letter: when strategos's box in this tab
 *   is empty as the lesson starts in the tab, the page delivers lesson 7's solution to
 *   the in-tab SMTP sandbox first (the replay of its reference solution does the
 *   same), and says so.
 */
import {
  type Journey,
  type Lesson,
  type LessonInputs,
  type LessonSetup,
  lessonById,
  type ObserverState,
  PERSONALITIES,
  Session,
  scenarioById,
  solutionBytes,
} from '@smtp-playground/shared';
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { forgetTabGreylist } from '../connection/sandbox-connection';
import { useConnectionStore } from './connection-store';
import { useDnsStore } from './dns-store';
import { finishedJourneys, useJourneyStore } from './journey-store';
import { emptyLessons, type LessonsData, type LessonsEvent, lessonsReducer, progressNews, stepShown } from './lessons-progress';
import { tabMailbox, tabMaildrops, useMailboxStore } from './mailbox-store';
import { useRelayMailboxStore } from './relay-mailbox-store';
import { type Route, routeReplaced, useRouteStore } from './route-store';
import { type ConnectionChoice, choiceProtocol, useSettingsStore } from './settings-store';
import { useTranscriptStore } from './transcript-store';

interface LessonsState extends LessonsData {
  /** The step the session just completed, for the "step done" note (not saved). */
  lastDone: { lessonId: string; step: number } | null;
  /** The latest news (goals met, steps done), for the live region. */
  announcement: string;
  /**
   * Counts the lesson starts and start-overs in this visit (not saved): what belongs
   * to one go at a lesson, such as where "show me" is, begins again with the next.
   */
  attempt: number;
  /** The learner opened a lesson: apply its setup and start a fresh session (resuming its progress). */
  lessonStarted(lessonId: string): void;
  /** The learner (a link, the hash) chose a step to look at; STEP counts from 0 here. */
  stepChosen(lessonId: string, step: number): void;
  hintRevealed(lessonId: string, stepId: string): void;
  /** Start a lesson over: its progress and hints go; if it is the active one, a fresh session too. */
  progressReset(lessonId: string): void;
  allProgressReset(): void;
}

const STORAGE_KEY = 'smtp-playground:lessons';

export const useLessonsStore = create<LessonsState>()(
  persist(
    (set, get) => {
      const dispatch = (e: LessonsEvent) => {
        const before = get();
        const after = lessonsReducer(before, e);
        if (after !== before) set(after);
      };
      return {
        ...emptyLessons(),
        lastDone: null,
        announcement: '',
        attempt: 0,
        lessonStarted: (lessonId) => {
          const lesson = lessonById(lessonId);
          if (!lesson) return;
          dispatch({ type: 'lessonStarted', lessonId });
          // Resuming past the first step keeps what the server remembers: the learner's retry is still due.
          if ((get().progress[lesson.id]?.step ?? 0) === 0) resetGreylistFor(lesson.setup.scenario);
          // Only a lesson begun afresh: resumed at a later step (lesson 31's empty box), the box is as the learner left it.
          const delivered = (get().progress[lesson.id]?.step ?? 0) === 0 && letterForPop3Lesson(lesson.setup);
          set({ attempt: get().attempt + 1, lastDone: null, announcement: `${lesson.title}: started.${delivered ? ` ${DELIVERED}` : ''}` });
          freshSession(lesson.setup, { reuseUntouched: true });
          // A session kept as it was may already meet the first step (its greeting came).
          sessionObserved(useTranscriptStore.getState().observed);
        },
        stepChosen: (lessonId, step) => {
          dispatch({ type: 'stepChosen', lessonId, step });
          // A step chosen that the session so far already meets completes at once.
          if (get().active === lessonId) sessionObserved(useTranscriptStore.getState().observed);
        },
        hintRevealed: (lessonId, stepId) => dispatch({ type: 'hintRevealed', lessonId, stepId }),
        progressReset: (lessonId) => {
          dispatch({ type: 'progressReset', lessonId });
          if (get().active !== lessonId) return;
          set({ attempt: get().attempt + 1, lastDone: null, announcement: 'Started over.' });
          const lesson = lessonById(lessonId);
          if (lesson) resetGreylistFor(lesson.setup.scenario);
          if (lesson && letterForPop3Lesson(lesson.setup)) set({ announcement: `Started over. ${DELIVERED}` });
          if (lesson) freshSession(lesson.setup);
          const { route } = useRouteStore.getState();
          if (route.view === 'lessons' && route.lessonId === lessonId && route.step !== 0) routeReplaced({ ...route, step: 0 });
        },
        allProgressReset: () => {
          dispatch({ type: 'allProgressReset' });
          set({ attempt: get().attempt + 1, lastDone: null, announcement: 'All progress cleared.' });
        },
      };
    },
    {
      name: STORAGE_KEY,
      version: 1,
      partialize: ({ active, progress, completed, hints }): LessonsData => ({ active, progress, completed, hints }),
    },
  ),
);

/**
 * A fresh connection with this setup in the in-tab sandbox: exactly one reconnect.
 * Changing personality or scenario in the tab reconnects by itself (connection-store);
 * otherwise this asks for it, unless the page is still starting (startPlayground
 * connects), or, with `reuseUntouched`, the session is new already: open or opening,
 * nothing typed in it yet, and not autoplay's (a deep link opens the page, then the lesson).
 */
export function freshSession(setup: LessonSetup | null, { reuseUntouched = false } = {}): void {
  const settings = useSettingsStore.getState();
  const connection = setup ? connectionFor(setup, settings.connection) : settings.connection;
  const switches = connection !== settings.connection;
  const changes = !!setup && (settings.personality !== setup.personality || settings.scenario !== setup.scenario);
  // Choosing another connection reconnects by itself (connection-store), as does a new personality or scenario in the tab: once, in one change.
  const reconnects = switches || (changes && settings.connection === 'tab');
  if (setup && (changes || switches)) useSettingsStore.setState({ personality: setup.personality, scenario: setup.scenario, connection });
  if (reconnects) return;
  const { status, readOnly, connectRequested } = useConnectionStore.getState();
  if (status === 'idle') return;
  const reusable = reuseUntouched && !changes && !readOnly && !watchedOnly && (status === 'open' || status === 'connecting');
  if (reusable && untouched(useTranscriptStore.getState().observed)) return;
  connectRequested();
}

/** The connection a lesson needs: one of its protocol, the learner's own choice if it is one. */
export function connectionFor(setup: LessonSetup, current: ConnectionChoice): ConnectionChoice {
  const wanted = setup.protocol === 'pop3' ? 'pop3' : 'smtp';
  if (choiceProtocol(current) === wanted) return current;
  return wanted === 'pop3' ? 'tab-pop3' : 'tab';
}

/** Who lesson 7 writes to; POP3 lessons log in as them. */
const LESSON_SEVEN_MAILDROP = 'strategos';
const DELIVERED = 'lesson 7’s letter was not in strategos’s box, so the page sent it to the in-tab sandbox for you: it is waiting there.';
/** Lesson 7's Subject: how the page knows its letter is waiting. */
const LESSON_SEVEN_SUBJECT = 'Telnet email';

/**
 * A POP3 lesson in the tab collects lesson 7's letter: when it is not in strategos's box,
 * lesson 7's reference solution is played through a real in-tab SMTP session of the
 * lesson's personality and scenario, which stores it into the tab's mailbox (with the
 * trace fields that session writes). True when it did.
 */
export function letterForPop3Lesson(setup: LessonSetup): boolean {
  if (setup.protocol !== 'pop3') return false;
  if (connectionFor(setup, useSettingsStore.getState().connection) !== 'tab-pop3') return false;
  const waiting = new Set(tabMaildrops.list(LESSON_SEVEN_MAILDROP).map((m) => m.id));
  if (tabMailbox.summaries().some((m) => waiting.has(m.id) && m.subject === LESSON_SEVEN_SUBJECT)) return false;
  const lessonSeven = lessonById('the-whole-session');
  if (!lessonSeven) return false;
  const smtp = new Session({
    mailbox: tabMailbox,
    clock: () => Date.now(),
    random: () => Math.random(),
    personality: PERSONALITIES[setup.personality],
    policy: scenarioById(setup.scenario).policy,
    client: { address: '127.0.0.1', name: 'localhost' },
  });
  smtp.start();
  for (const step of lessonSeven.solution) if (typeof step === 'string') smtp.receive(solutionBytes(step));
  smtp.close();
  return tabMaildrops.list(LESSON_SEVEN_MAILDROP).length > waiting.size;
}

/**
 * When the scenario greylists, the in-tab sandbox forgets every triplet, so the next
 * try gets its 451 again (a lesson, the challenge or autoplay starting). The relay's
 * sandbox keeps its own greylist, like any real server.
 */
export function resetGreylistFor(scenario: string): void {
  if (scenarioById(scenario).policy.greylistSeconds) forgetTabGreylist();
}

/** Nothing from the client yet: only the greeting (if it came), no partial line (POP3: no status line but the greeting). */
const untouched = (o: ObserverState) =>
  o.partial.client === null && o.exchanges.every((e) => e.context === 'connect') && (!o.pop3?.lastStatus || o.pop3.lastStatus.context === 'connect');

/** The route changed (a link, Back, a deep link on load): start or move within a lesson. */
function routeFollowed(route: Route): void {
  const lesson = route.view === 'lessons' && route.lessonId !== null ? lessonById(route.lessonId) : undefined;
  if (!lesson || route.view !== 'lessons') return;
  const { active, lessonStarted, stepChosen } = useLessonsStore.getState();
  if (active !== lesson.id) lessonStarted(lesson.id);
  if (route.step !== null) return stepChosen(lesson.id, route.step);
  // #/lessons/ID alone: name the step the learner is on, so the address is a deep link to it.
  routeReplaced({ ...route, step: stepShown(lesson, useLessonsStore.getState().progress[lesson.id], null) });
}

function sessionObserved(state: ObserverState): void {
  if (watchedOnly) return;
  const store = useLessonsStore.getState();
  const lesson = store.active ? lessonById(store.active) : undefined;
  if (!lesson) return;
  const before = store.progress[lesson.id];
  const after = lessonsReducer(store, { type: 'sessionObserved', state, inputs: lessonInputs() });
  if (after === store) return;
  const now = after.progress[lesson.id];
  if (!now) return;
  const news = progressNews(lesson, before, now);
  const advanced = now.step > (before?.step ?? 0);
  useLessonsStore.setState({
    ...after,
    ...(news ? { announcement: news } : {}),
    ...(advanced ? { lastDone: { lessonId: lesson.id, step: now.step - 1 } } : {}),
  });
  if (advanced) followStep(lesson, before?.step ?? 0, now.step);
}

/** The viewed step was the one just done: show the next one (or the last, when the lesson is over). */
function followStep(lesson: Lesson, from: number, to: number): void {
  const { route } = useRouteStore.getState();
  if (route.view !== 'lessons' || route.lessonId !== lesson.id || (route.step !== null && route.step !== from)) return;
  routeReplaced({ ...route, step: Math.min(to, lesson.steps.length - 1) });
}

/**
 * What goals read beside the session: the dig panel's lookups, the mailbox the page
 * shows, which follows the server chosen (the tab's for the in-tab sandbox, else the
 * relay's): a bounce lands there, never in the session's transcript; and the journeys
 * of what a submission server accepted, once the page has shown them to their end.
 */
function lessonInputs(): LessonInputs {
  const mailbox = useMailboxStore.getState().source === 'tab' ? useMailboxStore.getState().messages : useRelayMailboxStore.getState().messages;
  return { lookups: useDnsStore.getState().lookups, mailbox, journeys: finishedJourneys().filter((j) => ownJourneys.has(j)) };
}

// -- module-scope subscriptions ----------------------------------------------------

/**
 * Autoplay's sessions are watched, not done: they tick no goals (a lesson marked done
 * should mean the learner did it). Autoplay says so right after each connection it
 * opens; the next session anyone else opens counts again.
 */
let watchedOnly = false;
export function watchedSessionBegan(): void {
  watchedOnly = true;
}

// Every change to what the observer saw re-checks the active lesson's goals.
useTranscriptStore.subscribe((s, prev) => {
  if (s.sessionStarts !== prev.sessionStarts) watchedOnly = false;
  if (s.observed !== prev.observed) sessionObserved(s.observed);
});

// A lookup, or a message in the mailbox (a bounce), may meet a goal the session alone cannot.
const besideObserved = () => sessionObserved(useTranscriptStore.getState().observed);
useDnsStore.subscribe((s, prev) => {
  if (s.lookups !== prev.lookups) besideObserved();
});
useMailboxStore.subscribe((s, prev) => {
  if (s.messages !== prev.messages || s.source !== prev.source) besideObserved();
});
useRelayMailboxStore.subscribe((s, prev) => {
  if (s.messages !== prev.messages) besideObserved();
});
/**
 * The journeys that count for goals: those of letters the learner's own sessions sent
 * since the lesson (or its attempt) began. Autoplay's are watched, not done, as its
 * sessions are; and an earlier lesson's journeys meet none of this one's goals.
 */
let ownJourneys = new WeakSet<Journey>();
useJourneyStore.subscribe((s, prev) => {
  if (s.journeys === prev.journeys) return;
  for (const j of s.journeys) if (!watchedOnly && !prev.journeys.some((p) => p.journey === j.journey)) ownJourneys.add(j.journey);
  besideObserved();
});
useLessonsStore.subscribe((s, prev) => {
  if (s.attempt !== prev.attempt) ownJourneys = new WeakSet();
});

// This module loads lazily, with the lessons: catch up on what the session did before.
sessionObserved(useTranscriptStore.getState().observed);

// Follow the route: now (a deep link opened the page, then this module), and on every change.
useRouteStore.subscribe((s, prev) => {
  if (s.route !== prev.route) routeFollowed(s.route);
});
routeFollowed(useRouteStore.getState().route);
