/**
 * Golden transcripts for the parity corpus: how a played dialogue is written down,
 * and what is normalised so a recording is the same every time. Pure: the recorder in
 * tools/reference-servers does the sockets and feeds bytes in here.
 *
 * Rules / how this works:
 * - A transcript is a list of lines. `C: ` is what the client sent, `S: ` what the
 *   server sent, `-- ` something that happened (TLS, a close, a step with no reply).
 * - Client text is shown line by line. A CRLF ending is implied; any other ending is
 *   written out: `<LF>` for a bare LF, `<no ending>` when the bytes stop mid-line.
 *   Control characters inside a line are shown by name (`<CR>`, `<NUL>`, `<TAB>`,
 *   `<0x1B>`), and a run of 16 or more of one character as `{x×998}`, so long-line
 *   dialogues stay readable. Server lines and stored messages are shown the same way.
 * - Three or more identical lines in a row become one, with ` (×N)` after it.
 * - What varies between runs is replaced by a name in braces: dates ({date}), queue
 *   ids ({id-1}, {id-2}, … in order of appearance in the dialogue), the client's
 *   address in brackets ([{client}]), the TLS version and cipher ({tls}), and the
 *   time stamp in a Message-ID Postfix adds ({timestamp}).
 * - A stored message is shown without the headers the delivery agent prepends
 *   (Return-Path, Delivered-To, X-Original-To, Envelope-to, Delivery-date): they
 *   belong to the catch-all, not to the SMTP server.
 */
import { encodeText } from '../protocol/bytes.js';
import type { DialogueEnding, DialogueStep } from './dialogues.js';

/** A dialogue as recorded: the transcript, and each message the server accepted, as stored. */
export interface DialogueRecording {
  transcript: string[];
  messages: string[][];
}

/** A golden file: one server's recordings of the whole corpus, by dialogue id. */
export interface ParityGolden {
  server: 'exim' | 'postfix';
  /** Which software, as the recorder saw it (not compared). */
  recordedFrom: string;
  dialogues: Record<string, DialogueRecording>;
}

const ENDINGS: Record<DialogueEnding, string> = { crlf: '\r\n', lf: '\n', cr: '\r', none: '' };

/** The exact text a step sends (empty for the TLS handshake). */
export function stepText(step: DialogueStep): string {
  if (step.type === 'line') return step.text + ENDINGS[step.ending];
  if (step.type === 'chunk') return step.text;
  return '';
}

/** The bytes a step sends: UTF-8, or one byte a character for a `latin1` chunk. */
export function stepBytes(step: DialogueStep): Uint8Array {
  if (step.type === 'chunk' && step.octets === 'latin1') return Uint8Array.from(step.text, (c) => c.charCodeAt(0) & 0xff);
  return encodeText(stepText(step));
}

/** The `C:` lines for what a step sends; a `latin1` chunk's bytes past ASCII are shown as `<0xE9>`. */
export function stepLines(step: DialogueStep): string[] {
  const text = stepText(step);
  if (step.type !== 'chunk' || step.octets !== 'latin1') return clientLines(text);
  return clientLines(text.replace(/[\u0080-\u00ff]/g, (c) => `<0x${c.charCodeAt(0).toString(16).toUpperCase()}>`));
}

const CONTROL_NAMES: Record<string, string> = { '\r': '<CR>', '\0': '<NUL>', '\t': '<TAB>', '\n': '<LF>' };

/**
 * A line made readable: control characters named, long runs of one character counted.
 * @example visible('a\0b' + 'x'.repeat(20)) // "a<NUL>b{x×20}"
 */
export function visible(text: string): string {
  return (
    text
      .replace(/(.)\1{15,}/gsu, (run: string, ch: string) => `{${ch}×${[...run].length}}`)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: naming control characters is the point
      .replace(/[\u0000-\u001f\u007f]/g, (c) => CONTROL_NAMES[c] ?? `<0x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}>`)
  );
}

/** Splits text at LF into lines, each with the suffix its ending needs (`''` for CRLF). */
function splitLines(text: string): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < text.length) {
    const lf = text.indexOf('\n', at);
    if (lf === -1) {
      out.push(`${visible(text.slice(at))}<no ending>`);
      break;
    }
    const line = text.slice(at, lf);
    out.push(line.endsWith('\r') ? visible(line.slice(0, -1)) : `${visible(line)}<LF>`);
    at = lf + 1;
  }
  return out;
}

/** The `C:` lines for text the client sent. */
export function clientLines(text: string): string[] {
  return splitLines(text).map((l) => `C: ${l}`);
}

/** Three or more identical lines in a row become one with ` (×N)`. */
export function collapseRuns(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i + 1;
    while (j < lines.length && lines[j] === lines[i]) j++;
    const n = j - i;
    if (n >= 3) out.push(`${lines[i]} (×${n})`);
    else for (let k = i; k < j; k++) out.push(lines[k] as string);
    i = j;
  }
  return out;
}

/**
 * Server replies, framed from the bytes as they arrive: a reply ends at a line whose
 * fourth character is not `-` (RFC 5321 4.2.1). A line that is not a reply line at all
 * also ends one, so nothing a server sends is lost.
 */
export class ReplyReader {
  private readonly decoder = new TextDecoder('utf-8');
  private text = '';
  private current: string[] = [];
  private readonly complete: string[][] = [];

  /** Feeds bytes the server sent. */
  feed(bytes: Uint8Array): void {
    this.text += this.decoder.decode(bytes, { stream: true });
    for (let lf = this.text.indexOf('\n'); lf !== -1; lf = this.text.indexOf('\n')) {
      const raw = this.text.slice(0, lf);
      this.text = this.text.slice(lf + 1);
      const line = raw.endsWith('\r') ? visible(raw.slice(0, -1)) : `${visible(raw)}<LF>`;
      this.current.push(line);
      if (!/^\d{3}-/.test(line)) {
        this.complete.push(this.current);
        this.current = [];
      }
    }
  }

  /** How many whole replies are waiting. */
  get count(): number {
    return this.complete.length;
  }

  /** Takes up to `n` whole replies (all of them without `n`). */
  take(n: number = this.complete.length): string[][] {
    return this.complete.splice(0, n);
  }

  /** Takes what is left over: lines of an unfinished reply and any unended line. */
  takeRest(): string[] {
    const rest = [...this.current];
    if (this.text.length > 0) rest.push(`${visible(this.text)}<no ending>`);
    this.current = [];
    this.text = '';
    return rest;
  }
}

/** The queue id a reply reports (Exim's `OK id=…`, Postfix's `queued as …`), if any. */
export function queueIdIn(reply: readonly string[]): string | null {
  const last = reply[reply.length - 1] ?? '';
  if (!last.startsWith('250')) return null;
  const m = /\bid=(\S+)|\bqueued as (\S+)/.exec(last);
  return m ? ((m[1] ?? m[2]) as string) : null;
}

/** What a normaliser needs to know about the run: the client's address and the queue ids seen so far. */
export interface RecordingContext {
  clientAddress: string;
  /** Queue ids in order of appearance: the first is {id-1}. */
  ids: string[];
}

const DAY = '(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),\\s+)?';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
/** RFC 5322 dates, with Postfix's space-padded day and optional zone comment. */
const DATE = new RegExp(`${DAY}\\d{1,2}\\s${MONTH}\\s\\d{4}\\s\\d{2}:\\d{2}:\\d{2}\\s[+-]\\d{4}(?:\\s\\([A-Za-z0-9+-]+\\))?`, 'g');
/** Exim 4.96's queue-id shape (base 62: 6-6-2), alone or after the "E" of its Message-ID. */
const EXIM_ID = /(?<![0-9A-Za-z-])(E?)([0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2})(?![0-9A-Za-z-])/g;

function idName(vars: RecordingContext, id: string): string {
  let i = vars.ids.indexOf(id);
  if (i === -1) i = vars.ids.push(id) - 1;
  return `{id-${i + 1}}`;
}

/**
 * Replaces what varies in a server line (or a whole stored message) with names. Queue
 * ids are the ones replies announced (Postfix's hex ids are found only so) and any
 * other in Exim's shape. Client lines are never normalised: they are the corpus.
 */
export function normalise(text: string, vars: RecordingContext): string {
  let out = text.replace(DATE, '{date}');
  // Ids a reply announced, wherever they appear (Exim's Message-ID is "E" + the id),
  // then any other id in Exim's shape.
  for (const id of [...vars.ids]) out = out.split(id).join(idName(vars, id));
  out = out.replace(EXIM_ID, (_, e: string, id: string) => e + idName(vars, id));
  out = out.split(`[${vars.clientAddress}]`).join('[{client}]');
  // Exim: "with esmtps (TLS1.3) tls TLS_AES_256_GCM_SHA384"; Postfix: "(using TLSv1.3
  // with cipher … server-digest SHA256)", folded over lines.
  out = out.replace(/\((TLS1\.\d|TLS1|SSL3)\) tls \S+/g, '({tls}) tls {tls}');
  out = out.replace(/\(using (?:TLS|SSL)[^()]*(?:\([^()]*\)[^()]*)*\)/g, '(using {tls})');
  // Postfix's Message-ID: <YYYYMMDDhhmmss.QUEUEID@host>.
  out = out.replace(/<\d{14}\./g, '<{timestamp}.');
  return out;
}

const DELIVERY_HEADERS = /^(return-path|delivered-to|x-original-to|envelope-to|delivery-date):/i;

/**
 * A stored message as golden lines: the delivery agent's headers dropped, what varies
 * named, each line made visible.
 */
export function messageLines(stored: string, vars: RecordingContext): string[] {
  const lines = normalise(stored, vars).replace(/\r\n/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const out: string[] = [];
  let inHeaders = true;
  let dropping = false;
  for (const l of lines) {
    if (inHeaders && l === '') inHeaders = false;
    if (inHeaders) {
      if (/^[ \t]/.test(l)) {
        if (dropping) continue;
      } else {
        dropping = DELIVERY_HEADERS.test(l);
        if (dropping) continue;
      }
    }
    out.push(visible(l));
  }
  return out;
}

/** A played dialogue's lines as a golden holds them: what the server said normalised, runs collapsed. */
export function goldenTranscript(raw: readonly string[], vars: RecordingContext): string[] {
  return collapseRuns(raw.map((l) => (l.startsWith('C: ') ? l : normalise(l, vars))));
}
