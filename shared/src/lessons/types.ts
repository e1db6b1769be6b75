/**
 * Lessons as data (learnGitBranching's levels): what the learner reads, what counts as
 * done, and the client lines that do it. Goals are predicates over the observer's
 * state, never over raw text or the sandbox's insides, so a lesson can be completed
 * against any server the observer can watch, the sandbox or a real one.
 *
 * Two things a session cannot show travel beside it, as LessonInputs: the DNS
 * questions the learner asked the page's dig panel, and the mailbox the session
 * delivers into (a bounce arrives there, never on the wire of the session that caused
 * it). The page passes what its stores hold; the replay passes its own.
 */
import type { MessageSummary } from '../api.js';
import type { DnsAnswer } from '../dns/resolve.js';
import type { ObserverState } from '../observe/observer.js';
import type { Journey } from '../world/journey.js';

/** What a goal may read besides the session. */
export interface LessonInputs {
  /** The learner's DNS lookups (the dig panel), oldest first. */
  lookups: readonly DnsAnswer[];
  /** The messages in the mailbox the session delivers into, newest first. */
  mailbox: readonly MessageSummary[];
  /** The journeys of what the session submitted, oldest first (journey scenarios, world/journey.ts); absent: none. */
  journeys?: readonly Journey[];
}

/** No lookups and an empty mailbox: for callers with nothing beside the session. */
export const NO_INPUTS: LessonInputs = { lookups: [], mailbox: [], journeys: [] };

export interface Goal {
  id: string;
  /** What to do, as a checklist line: "Get a 220 greeting". */
  label: string;
  /**
   * Whether the session (and what lies beside it) has done it. Once true, the goal stays
   * met. Without `inputs`, there were no lookups and the mailbox is empty (NO_INPUTS).
   */
  met(s: ObserverState, inputs?: LessonInputs): boolean;
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
  /**
   * 'pop3': the learner collects mail with POP3 (port 2110 through the relay) instead of
   * sending it. The mailbox already holds what lesson 7 sent (to strategos@server.thm),
   * delivered by the personality and scenario above; the reference solution is replayed
   * against the POP3 sandbox (pop3/session.ts) reading that mailbox.
   */
  protocol?: 'pop3';
}

/**
 * One entry of a reference solution: a line the client sends (CRLF is added), or a
 * pause in seconds (greylisting, a slow greeting), or a fresh connection, or the
 * client closing the connection without QUIT (telnet's Ctrl-] and `quit`), or a query
 * typed into the page's dig panel ("dig MX server.thm").
 */
export type SolutionStep = string | { waitSeconds: number } | { reconnect: true } | { hangUp: true } | { dig: string };

/** A panel the page shows beside the playground for a lesson: 'dig' asks the simulated DNS. */
export type LessonTool = 'dig';

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
  /** Panels this lesson needs beside the playground; none if absent. */
  tools?: readonly LessonTool[];
}
