/**
 * Plays one dialogue of the parity corpus over any transport and writes down what
 * happened, unnormalised: the same loop for a real server (the recorder's socket in
 * tools/reference-servers) and for the sandbox (`SessionTransport`, in memory), so the
 * two transcripts can only differ by what the servers said.
 *
 * How this works:
 * - Each step sends its bytes in one write, then waits for its replies (or 'quiet'),
 *   for the server to close, or for the transport's step timeout. A step that got
 *   fewer replies than it waited for is marked `-- no reply …`.
 * - `startTls`, when the last reply was a 220, asks the transport for TLS and goes on
 *   through it; bytes the server sent after its 220 are written down first. After any
 *   other reply the dialogue goes on in plain text.
 * - After the last step the transport waits a moment for the server to close.
 */
import type { Dialogue } from './dialogues.js';
import { queueIdIn, type RecordingContext, type ReplyReader, stepBytes, stepLines } from './transcript.js';

/** A connection to the server under test, as the player needs it. */
export interface DialogueTransport {
  /** Frames what the server sent into replies. */
  readonly reader: ReplyReader;
  readonly closed: boolean;
  /** How long a step waits for its replies, in seconds (written into the transcript). */
  readonly stepTimeoutSeconds: number;
  write(bytes: Uint8Array): void;
  /** Waits until `ready()` holds, the server closes, or the step timeout; true if ready. */
  until(ready: () => boolean): Promise<boolean>;
  /** Waits until the server has said nothing for a moment. */
  quiet(): Promise<void>;
  /** After the last step: waits a moment for the server to close. */
  lastWords(): Promise<void>;
  /** The TLS handshake, after the server's 220 to STARTTLS; false if it failed. */
  startTls(): Promise<boolean>;
}

/** Plays `d`; returns its transcript, not yet normalised. Queue ids of accepted messages go into `vars.ids`. */
export async function playDialogue(d: Dialogue, c: DialogueTransport, vars: RecordingContext): Promise<string[]> {
  const lines: string[] = [];
  let lastReply = '';
  const server = (replies: string[][]) => {
    for (const r of replies) {
      lastReply = r[r.length - 1] ?? '';
      const id = queueIdIn(r);
      if (id && !vars.ids.includes(id)) vars.ids.push(id);
      for (const l of r) lines.push(`S: ${l}`);
    }
  };
  /** Waits for `n` replies (or quiet) and writes them down. */
  const collect = async (n: number | 'quiet') => {
    if (n === 'quiet') {
      await c.quiet();
      server(c.reader.take());
      return;
    }
    const ok = await c.until(() => c.reader.count >= n);
    const got = c.reader.take(n);
    server(got);
    if (!ok && !c.closed) lines.push(`-- no reply within ${c.stepTimeoutSeconds} s (${got.length} of ${n})`);
  };
  const steps = [...d.steps];
  if (d.beforeGreeting) {
    const first = steps.shift();
    if (first && first.type !== 'startTls') {
      c.write(stepBytes(first));
      lines.push(...stepLines(first));
      await collect(first.replies);
    }
  } else {
    await collect(1);
  }
  for (const step of steps) {
    if (c.closed) break;
    if (step.type === 'startTls') {
      server(c.reader.take());
      for (const l of c.reader.takeRest()) lines.push(`S: ${l}`);
      // Only a 220 to STARTTLS opens TLS; after a refusal the dialogue goes on in plain text.
      if (!lastReply.startsWith('220')) {
        lines.push('-- TLS not started: STARTTLS was not answered 220');
        continue;
      }
      if (!(await c.startTls())) {
        lines.push('-- TLS handshake failed');
        break;
      }
      lines.push('-- TLS handshake done');
      continue;
    }
    c.write(stepBytes(step));
    lines.push(...stepLines(step));
    await collect(step.replies);
  }
  if (!c.closed) await c.lastWords();
  server(c.reader.take());
  for (const l of c.reader.takeRest()) lines.push(`S: ${l}`);
  lines.push(c.closed ? '-- server closed the connection' : '-- client closed the connection');
  return lines;
}
