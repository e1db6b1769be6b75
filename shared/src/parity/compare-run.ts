/**
 * A whole comparison: each dialogue played against the server under test (over
 * whatever transport the caller opens: a socket, the page's relay connection) and
 * against the sandbox in memory, both normalised and lined up, a few dialogues at a
 * time. The command line and the page both drive this; neither knows SMTP.
 *
 * How this works:
 * - `open` makes a fresh connection for one dialogue; one that throws (refused, timed
 *   out) is written down as `-- could not connect: …` and the run goes on.
 * - The sandbox side is a new SessionTransport per dialogue, with the personality
 *   asked for and the default policy, as the parity tests hold it.
 * - Results come back in the order of `dialogues`; `onDone` hears of each as it
 *   finishes, for progress. `cancelled` is asked before each dialogue starts.
 */
import type { Personality } from '../server/personality.js';
import { comparableTranscript, compareDialogue, type DialogueComparison, type SideNames } from './compare.js';
import type { Dialogue } from './dialogues.js';
import { type DialogueTransport, playDialogue } from './play.js';
import { SANDBOX_CLIENT, SessionTransport } from './sandbox-transport.js';

/** A connection to the server under test, opened for one dialogue. */
export interface OpenedTransport {
  transport: DialogueTransport;
  /** The client's address as the server sees it; null when not known (through the relay). */
  clientAddress: string | null;
  close(): void;
}

export interface ComparisonOptions {
  dialogues: readonly Dialogue[];
  /** Opens a connection to the server under test; the server's greeting is what it reads first. */
  open(d: Dialogue): Promise<OpenedTransport>;
  /** The sandbox personality to compare with. */
  personality: Personality;
  /** Dialogues played at once against the server. */
  concurrency?: number;
  names?: SideNames;
  onDone?(comparison: DialogueComparison, index: number): void;
  cancelled?(): boolean;
}

export interface ComparisonRun {
  /** In the order of the dialogues given (fewer, when cancelled). */
  comparisons: DialogueComparison[];
  /** Raw transcripts by dialogue id, for the fingerprint (readFingerprint). */
  server: Record<string, string[]>;
  sandbox: Record<string, string[]>;
}

/** Plays and compares every dialogue. Never throws for the server's sake: a failed connection is a line in its transcript. */
export async function runComparison(o: ComparisonOptions): Promise<ComparisonRun> {
  const done = new Map<number, DialogueComparison>();
  const server: Record<string, string[]> = {};
  const sandbox: Record<string, string[]> = {};
  let next = 0;
  const worker = async () => {
    while (next < o.dialogues.length && !o.cancelled?.()) {
      const index = next++;
      const d = o.dialogues[index] as Dialogue;
      const theirs = await playAgainstServer(d, o.open);
      const oursVars = { clientAddress: SANDBOX_CLIENT, ids: [] as string[] };
      const ours = await playDialogue(d, new SessionTransport(o.personality), oursVars);
      server[d.id] = theirs.raw;
      sandbox[d.id] = ours;
      const c = compareDialogue(
        d,
        comparableTranscript(theirs.raw, theirs.clientAddress, theirs.ids),
        comparableTranscript(ours, oursVars.clientAddress, oursVars.ids),
        o.names,
      );
      done.set(index, c);
      o.onDone?.(c, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency ?? 4, o.dialogues.length)) }, worker));
  const comparisons = [...done.entries()].sort(([a], [b]) => a - b).map(([, c]) => c);
  return { comparisons, server, sandbox };
}

async function playAgainstServer(d: Dialogue, open: ComparisonOptions['open']): Promise<{ raw: string[]; clientAddress: string | null; ids: string[] }> {
  let opened: OpenedTransport;
  try {
    opened = await open(d);
  } catch (e) {
    return { raw: [`-- could not connect: ${(e as Error).message}`], clientAddress: null, ids: [] };
  }
  const vars = { clientAddress: opened.clientAddress ?? '', ids: [] as string[] };
  try {
    return { raw: await playDialogue(d, opened.transport, vars), clientAddress: opened.clientAddress, ids: vars.ids };
  } finally {
    opened.close();
  }
}
