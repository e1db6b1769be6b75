/**
 * Lessons as data (learnGitBranching's levels): what the learner reads, what counts as
 * done, and the client lines that do it. Goals are predicates over the observer's
 * state, never over raw text or the sandbox's insides, so a lesson can be completed
 * against any server the observer can watch, the sandbox or a real one.
 */
import type { ObserverState } from '../observe/observer.js';

export interface Goal {
  id: string;
  /** What to do, as a checklist line: "Get a 220 greeting". */
  label: string;
  /** Whether the session has done it. Once true, the goal stays met. */
  met(s: ObserverState): boolean;
}

export interface Step {
  id: string;
  title: string;
  /** Short Markdown: `code`, **bold**, and paragraphs separated by blank lines. */
  instruction: string;
  goals: Goal[];
  /** Progressive: a nudge first, the exact command last. */
  hints: string[];
  /** Shown once the step is done: why it worked. */
  explanation: string;
}

/** What the lesson's server is: a personality and a named scenario (server/scenarios.ts). */
export interface LessonSetup {
  personality: 'exim' | 'postfix';
  scenario: string;
  /**
   * 'watch': the learner works in a terminal (telnet, nc, swaks …) against the relay's
   * sandbox on port 2525, and the page follows with its "Watch port 2525" connection;
   * the lesson needs `npm start`. Absent: the page's own connection, the in-tab sandbox
   * by default. The personality and scenario still say what the reference solution is
   * replayed against (the TCP sandbox has npm start's, Exim-like catch-all by default).
   */
  connection?: 'watch';
}

/**
 * One entry of a reference solution: a line the client sends (CRLF is added), or a
 * pause in seconds (greylisting, a slow greeting), or a fresh connection, or the
 * client closing the connection without QUIT (telnet's Ctrl-] and `quit`).
 */
export type SolutionStep = string | { waitSeconds: number } | { reconnect: true } | { hangUp: true };

export interface Lesson {
  id: string;
  kind: 'lesson' | 'challenge';
  title: string;
  /** One line: what the learner will be able to do. */
  goal: string;
  setup: LessonSetup;
  steps: Step[];
  /** Client lines that complete every step, checked by a generated test. */
  solution: SolutionStep[];
}
