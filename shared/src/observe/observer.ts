/**
 * The observer: fed the bytes of both directions of any SMTP session (the sandbox or
 * a real server), it produces the annotated transcript, the transaction so far and
 * the post-office step. It never looks inside a server; everything the page shows
 * comes from here, so it works the same against every target.
 *
 * How this works:
 * - Each direction is split into lines by the sandbox's own LineReader; the ending
 *   (CRLF, bare LF) is kept, and an unfinished line is exposed as `partial` ("no line
 *   ending yet"). A line over 64 KiB is shown by its first 64 KiB.
 * - The conversation's state follows the same TRANSITIONS table the sandbox obeys
 *   (server/states.ts), moved by each complete reply (read with `parseReply`).
 * - Client lines are commands, except after a 354 (the letter, until its final "."),
 *   after a 334 (a SASL response), and the octets a BDAT command announces (its chunk
 *   of the letter, RFC 3030: split off by count, whatever they hold, and shown as lines
 *   of the letter; a chunk that ends in mid-line shows that piece with no ending). The
 *   direction is never guessed from content.
 * - Replies are matched to the commands they answer in order (RFC 2920: pipelined
 *   replies come back in command order). The greeting answers the connection itself.
 *   A 353 to the letter's end (PRDR) says one reply per accepted recipient comes next,
 *   then the letter's own.
 * - What a client line means can hang on a reply still to come: after DATA it is text
 *   only if the server says 354, after AUTH an answer only if it says 334, after
 *   STARTTLS it is dropped by the server. Such lines are held until that reply arrives
 *   and then read in the right mode. After a BDAT where EHLO offered no CHUNKING, the
 *   octets themselves are held: a server that refuses BDAT at once (500, 502, Exim's
 *   503) reads them as commands, one that answers after them took them as the chunk.
 * - The end of the letter follows the server's rule when the caller knows it (the
 *   sandbox's `letterEnd`), else the safe one: in a CRLF session only a "." line
 *   between two CRLFs ends it (SMTP smuggling, data-reader.ts). A server that answers
 *   while the letter seems to go on ended it at the last lone dot after a bare LF: from
 *   then on its rule is taken as 'any-lf', and the page says what that means.
 * - Lines are returned as they complete and not kept here: the caller stores them.
 * - Which protocol: the server's first line decides. "+OK" or "-ERR" there is a POP3
 *   greeting (an SMTP server's first line begins with a three-digit code, so it can
 *   never be one), and from then on both directions are read as POP3 (pop3-reading.ts).
 *   A caller that knows may say so (`protocol: 'pop3'`); then even client lines sent
 *   before the greeting are read as POP3. Without that, such early lines are read as
 *   SMTP, the only protocol in which a client is known to talk first (and be refused).
 */

import type { Pop3ReplyKey, Pop3Status } from '../pop3/replies.js';
import { formatMailbox } from '../protocol/address.js';
import { decodeBase64 } from '../protocol/base64.js';
import { addressAsWritten, type Command, parseCommand } from '../protocol/command.js';
import { parseHeaderField } from '../protocol/header-field.js';
import { type LineEnding, type LineEvent, LineReader } from '../protocol/line-reader.js';
import type { ReplyKey } from '../protocol/replies.js';
import { parseReply, parseReplyLine, type Reply, type ReplyLine } from '../protocol/reply.js';
import { type BdatArgument, parseBdatLoose } from '../server/bdat.js';
import { nextState, type SessionState } from '../server/states.js';
import { COMMAND_EXPLANATIONS, explainReply, HEADER_EXPLANATIONS, identifyReply, LENIENCY_NOTES } from './explain.js';
import { initialPop3View, Pop3Reading, type Pop3View } from './pop3-reading.js';

export type Direction = 'client' | 'server';

export type LineKind = 'command' | 'reply' | 'header' | 'blank' | 'body' | 'end-of-data' | 'auth';

export interface TranscriptLine {
  id: number;
  direction: Direction;
  /** The line as text, without its ending (UTF-8; undecodable bytes show as U+FFFD). */
  text: string;
  /** 'none': the piece of a line where a BDAT chunk ended; the next chunk goes on with it. */
  ending: LineEnding | 'none';
  /** Octets on the wire, ending included. */
  bytes: number;
  /** Clock time (epoch ms) when the line completed. */
  at: number;
  kind: LineKind;
  command?: Command;
  /** Why a command line is malformed, in the parser's words. */
  error?: string;
  reply?: ReplyLine;
  /** The catalogue entry that explains this reply, for links to the reference. */
  replyKey?: ReplyKey | null;
  explain: string;
  /** Shared and empty for most lines; replaced, never pushed to, when a note is added. */
  notes: readonly string[];
  /** POP3: a command line's verb (uppercased, as sent otherwise) and its arguments. */
  pop3?: { verb: string; args: string };
  /** POP3: a status line's status. */
  status?: Pop3Status;
  /** POP3: the catalogue entry (pop3/replies.ts) that explains a status line. */
  pop3ReplyKey?: Pop3ReplyKey | null;
}

export type PostOfficeStep = 'outside' | 'arrive' | 'greet' | 'return-address' | 'recipients' | 'letter' | 'sealed' | 'leave';

/** The server's state as the conversation implies it: the sandbox's own states (RFC 5321 4.1.4). */
export type ConversationState = SessionState;

export interface Recipient {
  address: string;
  /** null while the reply is outstanding. */
  accepted: boolean | null;
  reply: string | null;
}

export interface Letter {
  /** Unfolded (RFC 5322 2.2.3); `folded` when the field came on more than one line. */
  headers: { name: string; value: string; folded?: true }[];
  body: string;
  /** Lines whose leading dot the server removes. */
  stuffedLines: number;
  /**
   * Lines with only a dot that did not end the letter because a bare LF stood beside
   * them: the shape of an SMTP smuggling attempt, which a lenient server would have
   * taken as the end.
   */
  fakeEnds: number;
  truncated: boolean;
}

export interface Refusal {
  /** The command refused: a verb, "connect" or "data-end". */
  context: string;
  code: number;
  text: string;
  /** In plain words. */
  reason: string;
}

export interface Delivery {
  queueId: string | null;
  mailFrom: string;
  recipients: string[];
  letter: Letter;
}

/** A command (or the connection itself) and the reply it got: the session's history, for lessons. */
export interface Exchange {
  /** A verb, or "connect", "data-end", "auth-response", "unknown". */
  context: string;
  code: number;
  enhanced: string | null;
  /** How the client's line ended; null for the connection and the letter's end. */
  ending: LineEnding | null;
  /** The command as parsed, when it parsed. */
  command?: Command;
}

/** The history keeps this many exchanges; the oldest go first. */
const MAX_EXCHANGES = 200;

export interface ObserverState {
  /** Which protocol the server speaks, as its first line showed ('smtp' until then). */
  protocol: 'smtp' | 'pop3';
  /** What a POP3 session has shown: null in an SMTP one. */
  pop3: Pop3View | null;
  conversation: ConversationState;
  step: PostOfficeStep;
  greeting: string | null;
  helo: { verb: 'HELO' | 'EHLO'; name: string } | null;
  extensions: string[];
  tls: boolean;
  /** Who logged in, when the AUTH exchange showed it. */
  authUser: string | null;
  authenticated: boolean;
  mailFrom: string | null;
  recipients: Recipient[];
  letter: Letter | null;
  lastReply: Reply | null;
  refusal: Refusal | null;
  deliveries: Delivery[];
  /** Text of each direction's unfinished line, if any. */
  partial: Record<Direction, string | null>;
  /** The replies so far with what each answered, oldest first (the last 200). */
  exchanges: Exchange[];
}

/** A command awaiting its reply; a BDAT carries the letter as its chunk left it. */
/** A line the server has yet to answer; `text` for one the grammar refused, which a lenient server may take all the same. */
type Pending = { context: string; command?: Command; text?: string; ending?: LineEnding; letter?: Letter };
type RawLine = { bytes: Uint8Array; ending: LineEnding | 'none'; length: number; cut: boolean };

/** Commands a client sends between letters: one it was sending in chunks is left behind. */
const BETWEEN_LETTERS = new Set(['MAIL', 'RSET', 'HELO', 'EHLO', 'STARTTLS']);

/** Replies that decide how the client's next lines are read. */
const MODE_DECIDING = new Set(['DATA', 'AUTH', 'auth-response', 'STARTTLS']);

/** Bounds: a displayed line, and the letter kept for the scene. */
const MAX_LINE = 64 * 1024;
const MAX_LETTER = 64 * 1024;

/** Most lines have no notes; they all share this one empty list. */
const NO_NOTES: readonly string[] = Object.freeze([]);
const SMUGGLING_NOTE =
  'It takes a dot between bare LFs as the end of the letter, so what follows is read as new commands: SMTP smuggling (CVE-2023-51764). Postfix did so by default before 3.9.';

const emptyLetter = (): Letter => ({ headers: [], body: '', stuffedLines: 0, fakeEnds: 0, truncated: false });

export function initialObserverState(): ObserverState {
  return {
    protocol: 'smtp',
    pop3: null,
    conversation: 'connecting',
    step: 'outside',
    greeting: null,
    helo: null,
    extensions: [],
    tls: false,
    authUser: null,
    authenticated: false,
    mailFrom: null,
    recipients: [],
    letter: null,
    lastReply: null,
    refusal: null,
    deliveries: [],
    partial: { client: null, server: null },
    exchanges: [],
  };
}

const decoder = new TextDecoder();

export class Observer {
  private s: ObserverState = initialObserverState();
  private nextId = 0;
  private readonly readers: Record<Direction, LineReader> = { client: new LineReader(MAX_LINE), server: new LineReader(MAX_LINE) };
  private readonly pending: Pending[] = [{ context: 'connect' }];
  private clientMode: 'command' | 'data' | 'auth' = 'command';
  /** How the DATA command ended: decides what ends the letter. */
  private dataEnding: LineEnding = 'crlf';
  private prevDataEnding: LineEnding | null = null;
  private inBody = false;
  /** The last 334 asked for LOGIN's user name (base64 "Username:"). */
  private loginAsksUser = false;
  /** Client lines waiting for the reply that decides how they read. */
  private held: RawLine[] = [];
  /** Held lines sent in plaintext after STARTTLS: the server drops them, and so do we. */
  private dropHeld = 0;
  /** The lines of a multi-line reply so far, as text. */
  private replyLines: string[] = [];
  /** The BDAT chunk being read: octets still to come, whether it is the last, and its command. */
  private chunk: { left: number; last: boolean; entry: Pending } | null = null;
  /** A BDAT whose reply will say whether its chunk follows (CHUNKING was not offered), and the command it answers. */
  private undecided: { arg: BdatArgument; entry: Pending } | null = null;
  /** Client octets kept from the line reader: a chunk's, or ones waiting for that reply. */
  private raw: Uint8Array[] = [];
  /**
   * The letter coming in chunks, as the client sent it so far (replies to earlier,
   * pipelined commands may still be on their way); `carry` is the text of a line a chunk
   * ended in the middle of.
   */
  private letterInChunks: Letter | null = null;
  private carry = '';

  /** Where the server ends a letter, as far as known; 'any-lf' once a server showed it. */
  private letterEnd: 'crlf' | 'any-lf';
  /** Reads the session once it is known to be POP3. */
  private pop3: Pop3Reading | null = null;
  /** The protocol is known: the caller said, or the server's first line showed it. */
  private protocolKnown: boolean;

  constructor(
    private readonly clock: () => number = () => 0,
    options: { letterEnd?: 'crlf' | 'any-lf'; protocol?: 'smtp' | 'pop3' } = {},
  ) {
    this.letterEnd = options.letterEnd ?? 'crlf';
    this.protocolKnown = options.protocol !== undefined;
    if (options.protocol === 'pop3') this.beginPop3(this.s);
  }

  /** The current state. A new object after every change, so stores can compare by identity. */
  get state(): ObserverState {
    return this.s;
  }

  /** Feeds bytes seen going one way; returns the lines they completed. */
  feed(direction: Direction, bytes: Uint8Array): TranscriptLine[] {
    const out: TranscriptLine[] = [];
    const draft: ObserverState = { ...this.s };
    if (this.pop3) this.pop3Bytes(draft, direction, bytes, 0, out);
    else if (direction === 'client') this.clientBytes(draft, bytes, out);
    else this.serverBytes(draft, bytes, out);
    const partial = this.readers[direction].pending();
    draft.partial = { ...draft.partial, [direction]: partial ? decoder.decode(partial) : null };
    this.s = draft;
    return out;
  }

  private clientBytes(s: ObserverState, bytes: Uint8Array, out: TranscriptLine[]): void {
    for (let i = 0; i < bytes.length; ) {
      if (this.undecided) {
        this.raw.push(bytes.slice(i)); // the caller's buffer would not last
        return;
      }
      if (this.chunk) {
        i = this.chunkBytes(s, bytes, i, out);
        continue;
      }
      const read = this.readers.client.read(bytes, i);
      if (!read) break;
      i = read.next;
      const l = rawLine(read.event);
      if (this.deciding()) {
        this.held.push({ ...l, bytes: l.bytes.slice() }); // read once the deciding reply is in; the reader's view would not last
        continue;
      }
      out.push(this.line(s, 'client', l));
    }
  }

  private serverBytes(s: ObserverState, bytes: Uint8Array, out: TranscriptLine[]): void {
    for (let i = 0; i < bytes.length; ) {
      const read = this.readers.server.read(bytes, i);
      if (!read) break;
      i = read.next;
      const l = rawLine(read.event);
      if (!this.protocolKnown) {
        this.protocolKnown = true;
        if (/^(?:\+OK|-ERR)(?: |$)/i.test(decoder.decode(l.bytes.subarray(0, 5)))) {
          this.beginPop3(s);
          out.push(this.pop3Line(s, 'server', l));
          this.pop3Bytes(s, 'server', bytes, i, out);
          return;
        }
      }
      if (this.undecided && this.pending[0] === this.undecided.entry) this.chunkDecided(s, decoder.decode(l.bytes), out);
      out.push(this.line(s, 'server', l));
      // A reply may have settled how held client lines and octets read: read them now, in order.
      while (this.held.length > 0 && !this.deciding()) {
        out.push(this.line(s, 'client', this.held.shift() as RawLine));
        if (this.chunk || this.undecided) this.unreadHeld();
      }
      if (!this.undecided) this.readRaw(s, out);
    }
  }

  /** Whether a reply still to come decides how the client's next lines read. */
  private deciding(): boolean {
    return this.pending.some((p) => MODE_DECIDING.has(p.context));
  }

  private line(s: ObserverState, direction: Direction, l: RawLine): TranscriptLine {
    const line = this.newLine(direction, l);
    if (direction === 'server') this.serverLine(s, line);
    else if (this.dropHeld > 0) {
      this.dropHeld--;
      line.explain = 'Sent in plain text after STARTTLS was accepted: the server throws it away unread.';
      note(line, 'Reading it anyway would let an attacker inject commands into the TLS session (CVE-2011-0411).');
    } else this.clientLine(s, line);
    return line;
  }

  private newLine(direction: Direction, l: RawLine): TranscriptLine {
    const line: TranscriptLine = {
      id: this.nextId++,
      direction,
      text: decoder.decode(l.bytes),
      ending: l.ending,
      bytes: l.length,
      at: this.clock(),
      kind: 'command',
      explain: '',
      notes: NO_NOTES,
    };
    if (l.cut) note(line, `This line is ${l.length} octets long; only its first ${MAX_LINE} are shown.`);
    return line;
  }

  /** The connection closed (either side). */
  closed(): void {
    this.s = { ...this.s, conversation: 'closed', step: this.s.step === 'outside' ? 'outside' : 'leave' };
    this.pop3?.closed(this.s);
  }

  // -- POP3 ---------------------------------------------------------------------------

  private beginPop3(s: ObserverState): void {
    this.pop3 = new Pop3Reading();
    s.protocol = 'pop3';
    s.pop3 = initialPop3View();
  }

  /** Reads POP3 lines from `bytes` at `start`; client lines wait while a reply still to come decides how they read (AUTH, STLS). */
  private pop3Bytes(s: ObserverState, direction: Direction, bytes: Uint8Array, start: number, out: TranscriptLine[]): void {
    const reading = this.pop3 as Pop3Reading;
    for (let i = start; i < bytes.length; ) {
      const read = this.readers[direction].read(bytes, i);
      if (!read) break;
      i = read.next;
      const l = rawLine(read.event);
      if (direction === 'client' && reading.deciding()) {
        this.held.push({ ...l, bytes: l.bytes.slice() });
        continue;
      }
      out.push(this.pop3Line(s, direction, l));
      if (direction === 'server') while (this.held.length > 0 && !reading.deciding()) out.push(this.pop3Line(s, 'client', this.held.shift() as RawLine));
    }
  }

  private pop3Line(s: ObserverState, direction: Direction, l: RawLine): TranscriptLine {
    const reading = this.pop3 as Pop3Reading;
    const line = this.newLine(direction, l);
    if (direction === 'server') {
      if (s.step === 'outside') s.step = 'arrive';
      if (reading.serverLine(s, line)) this.dropHeld = this.held.length;
    } else if (this.dropHeld > 0) {
      this.dropHeld--;
      line.explain = 'Sent in plain text after STLS was accepted: the server throws it away unread.';
      note(line, 'Reading it anyway would let an attacker inject commands into the TLS session (CVE-2011-0411).');
    } else reading.clientLine(s, line);
    return line;
  }

  /** The conversation as the table moves it: the state after `reply` answered `context`. */
  private move(s: ObserverState, context: string, reply: Reply): void {
    s.conversation = nextState(s.conversation, context, reply.code);
  }

  // -- client side --------------------------------------------------------------

  private clientLine(s: ObserverState, line: TranscriptLine): void {
    if (this.clientMode === 'data') return this.letterLine(s, line);
    if (this.clientMode === 'auth') {
      line.kind = 'auth';
      line.explain = line.text === '*' ? 'Cancels the login.' : 'A login answer, in base64.';
      this.noteAuthUser(s, line.text);
      this.pending.push({ context: 'auth-response', ending: line.ending as LineEnding });
      return;
    }
    if (line.ending === 'lf') note(line, 'This line ended with a bare LF, not CRLF. Servers accept that for commands, but RFC 5321 asks for CRLF.');
    const ending = line.ending as LineEnding; // a command line always has one
    const parsed = parseCommand(line.text);
    // BDAT's size is read as loosely as any server reads it: where one reads a chunk, so do we.
    const bdat = (parsed.ok ? parsed.command.verb : parsed.verb) === 'BDAT' ? parseBdatLoose(line.text.slice(4)) : null;
    if (parsed.ok) {
      const c = parsed.command;
      if (BETWEEN_LETTERS.has(c.verb)) this.letterInChunks = null; // a letter in chunks left unfinished is over
      line.command = c;
      line.explain = COMMAND_EXPLANATIONS[c.verb].explain;
      if ('leniencies' in c) for (const l of c.leniencies) note(line, LENIENCY_NOTES[l]);
      if (c.verb === 'DATA') this.dataEnding = ending;
      if (c.verb === 'AUTH' && c.mechanism === 'PLAIN' && c.initialResponse) this.noteAuthUser(s, c.initialResponse);
      this.pending.push({ context: bdat?.last ? 'bdat-last' : c.verb, command: c, ending });
      if (bdat) this.bdatLine(s, bdat);
      return;
    }
    line.error = parsed.detail;
    line.explain = parsed.verb ? `A malformed ${parsed.verb} command: ${parsed.detail}.` : `Not a command the server will know: ${parsed.detail}.`;
    this.pending.push({ context: bdat?.last ? 'bdat-last' : (parsed.verb ?? 'unknown'), text: line.text, ending });
    if (bdat) this.bdatLine(s, bdat);
  }

  private letterLine(s: ObserverState, line: TranscriptLine): void {
    // RFC 5321 4.5.2; the end needs CRLF on both sides in a CRLF session, unless the server takes any LF.
    const lfEnds = this.dataEnding === 'lf' || this.letterEnd === 'any-lf';
    const prevOk = this.prevDataEnding === null || this.prevDataEnding === 'crlf' || lfEnds;
    const endOk = line.ending === 'crlf' || lfEnds;
    const previous = this.prevDataEnding;
    this.prevDataEnding = line.ending as LineEnding;
    if (line.text === '.' && prevOk && endOk) {
      line.kind = 'end-of-data';
      line.explain = 'A line with only a dot: the letter is complete.';
      if (this.dataEnding === 'crlf' && (previous === 'lf' || line.ending === 'lf')) note(line, SMUGGLING_NOTE);
      this.clientMode = 'command';
      this.prevDataEnding = null;
      this.pending.push({ context: 'data-end' });
      return;
    }
    if (line.text === '.' || (line.ending !== 'crlf' && !lfEnds)) {
      note(
        line,
        previous === 'lf' || line.ending === 'lf'
          ? 'A bare LF inside the letter: in a CRLF session it does not end a line, so this dot does not end the letter (that would allow SMTP smuggling).'
          : 'A bare LF inside the letter. It stays part of the text.',
      );
    }
    const letter = s.letter ? { ...s.letter } : emptyLetter();
    if (line.text === '.') letter.fakeEnds++; // a lone dot that got here did not end the letter
    let text = line.text;
    if (text.startsWith('.')) {
      text = text.slice(1);
      letter.stuffedLines++;
      note(line, 'Starts with a dot, so the server removes it: a sender doubles a leading dot (dot-stuffing).');
    }
    this.letterText(letter, text, line);
    s.letter = letter;
  }

  /** A line of the letter's text, taken as a header or as the body (RFC 5322 2.1); `line` is told which. */
  private letterText(letter: Letter, text: string, line: TranscriptLine): void {
    if (!this.inBody) {
      if (text === '') {
        this.inBody = true;
        line.kind = 'blank';
        line.explain = 'The blank line ends the headers; the body follows.';
      } else if (/^[ \t]/.test(text) && letter.headers.length > 0) {
        line.kind = 'header';
        line.explain = 'Continues the header above (folding).';
        const last = letter.headers[letter.headers.length - 1] as { name: string; value: string };
        letter.headers = [...letter.headers.slice(0, -1), { name: last.name, value: `${last.value} ${text.trim()}`, folded: true }];
      } else {
        const field = parseHeaderField(text);
        if (field) {
          line.kind = 'header';
          line.explain = HEADER_EXPLANATIONS[field.name.toLowerCase()] ?? `A header of the letter: ${field.name}.`;
          letter.headers = [...letter.headers, field];
        } else {
          // No blank line yet, and not a header: RFC 5322 readers take this as the body.
          this.inBody = true;
          line.kind = 'body';
          line.explain = 'Part of the body.';
          note(line, 'This is not a header, but no blank line came before it. Leave a blank line between headers and body.');
          this.appendBody(letter, text);
        }
      }
    } else {
      line.kind = 'body';
      line.explain = 'Part of the body of the letter.';
      this.appendBody(letter, text);
    }
  }

  private appendBody(letter: Letter, text: string): void {
    if (letter.body.length + text.length > MAX_LETTER) {
      letter.truncated = true;
      return;
    }
    letter.body += `${text}\n`;
  }

  /** Shows who is logging in: PLAIN's authcid, or the answer to LOGIN's "Username:". */
  private noteAuthUser(s: ObserverState, b64: string): void {
    const bytes = decodeBase64(b64.trim());
    if (bytes === null) return;
    const text = decoder.decode(bytes);
    const parts = text.split('\0');
    if (parts.length === 3) s.authUser = parts[1] ?? null;
    else if (this.loginAsksUser) s.authUser = text;
  }

  // -- server side --------------------------------------------------------------

  private serverLine(s: ObserverState, line: TranscriptLine): void {
    line.kind = 'reply';
    const r = parseReplyLine(line.text);
    if (!r) {
      line.explain = 'Not a valid SMTP reply line: replies start with a three-digit code.';
      return;
    }
    line.reply = r;
    if (this.replyLines.length === 0 && this.pending.length === 0) this.unaskedReply(s, line);
    this.replyLines.push(line.text);
    const context = this.pending[0]?.context ?? 'unsolicited';
    const e = explainReply(context, r.code, r.enhanced, s.conversation, r.text);
    line.replyKey = e.key;
    line.explain = e.line;
    if (e.enhanced) note(line, e.enhanced);
    if (!r.last) return;
    let reply = parseReply(this.replyLines);
    if (!reply) {
      // RFC 5321 4.2.1: every line of a reply carries the same code. Read it by its last line's.
      note(line, 'The lines of this reply do not all carry the same code, as RFC 5321 4.2.1 requires.');
      reply = { code: r.code, lines: this.replyLines.map((t) => parseReplyLine(t)?.text ?? t) };
    }
    this.replyLines = [];
    const p = this.pending.shift() ?? { context: 'unsolicited' };
    this.applyReply(s, p, reply);
  }

  /**
   * A reply nothing asked for. In a letter with a lone dot after a bare LF, the server
   * ended the letter there (it takes any LF as a line end): so it is read from now on.
   * After such a letter, it answers lines it read as commands that were sent as text.
   */
  private unaskedReply(s: ObserverState, line: TranscriptLine): void {
    if (this.clientMode === 'data' && (s.letter?.fakeEnds ?? 0) > 0) {
      this.letterEnd = 'any-lf';
      this.clientMode = 'command';
      this.prevDataEnding = null;
      this.pending.push({ context: 'data-end' });
      note(line, `This server ended the letter at the lone dot after a bare LF above. ${SMUGGLING_NOTE}`);
    } else if (this.clientMode === 'command' && (s.deliveries[s.deliveries.length - 1]?.letter.fakeEnds ?? 0) > 0) {
      this.letterEnd = 'any-lf';
      note(
        line,
        'A reply to a command that was sent as text inside the letter: the server ended the letter early, at a lone dot after a bare LF, and read the rest as commands.',
      );
    }
  }

  private applyReply(s: ObserverState, p: Pending, reply: Reply): void {
    s.lastReply = reply;
    const exchange: Exchange = { context: p.context, code: reply.code, enhanced: reply.enhanced ?? null, ending: p.ending ?? null };
    if (p.command) exchange.command = p.command;
    s.exchanges = [...(s.exchanges.length >= MAX_EXCHANGES ? s.exchanges.slice(1) : s.exchanges), exchange];
    const ok = reply.code < 400;
    const text = reply.lines.join(' ');
    if (ok) s.refusal = null;
    else
      s.refusal = {
        context: p.context,
        code: reply.code,
        text,
        reason: explainReply(p.context, reply.code, reply.enhanced, s.conversation, reply.lines[0]).text,
      };
    this.move(s, p.context, reply);
    if (s.conversation === 'closed') {
      s.step = 'leave';
      return;
    }
    const c = p.command;
    switch (p.context) {
      case 'connect':
        s.greeting = text;
        s.step = 'arrive';
        return;
      case 'HELO':
      case 'EHLO': {
        // A server may take a name the grammar refuses (Postfix takes "client thm"): the name as written, then.
        const name = c && (c.verb === 'HELO' || c.verb === 'EHLO') ? c.domain : p.text?.slice(5).trim();
        if (!ok || name === undefined) return;
        s.helo = { verb: p.context as 'HELO' | 'EHLO', name };
        s.extensions = p.context === 'EHLO' ? reply.lines.slice(1) : [];
        this.resetTransaction(s);
        s.step = 'greet';
        return;
      }
      case 'MAIL': {
        const written = c?.verb === 'MAIL' ? null : addressWritten(p.text);
        if (!ok || (c?.verb !== 'MAIL' && written === null)) return;
        s.mailFrom = c?.verb === 'MAIL' ? (c.mailbox ? formatMailbox(c.mailbox) : '') : (written as string);
        s.recipients = [];
        s.letter = null;
        s.step = 'return-address';
        return;
      }
      case 'RCPT': {
        const written = c?.verb === 'RCPT' ? null : addressWritten(p.text);
        if (c?.verb !== 'RCPT' && written === null) return;
        const address = c?.verb === 'RCPT' ? (c.postmaster ? 'postmaster' : formatMailbox(c.mailbox)) : (written as string);
        s.recipients = [...s.recipients, { address, accepted: ok, reply: text }];
        if (ok) s.step = 'recipients';
        return;
      }
      case 'DATA':
        if (reply.code !== 354) return;
        this.clientMode = 'data';
        this.inBody = false;
        this.prevDataEnding = null;
        s.letter = emptyLetter();
        s.step = 'letter';
        return;
      case 'BDAT':
        if (!ok && s.conversation !== 'bdat') return this.letterDropped(s);
        if (ok) s.step = 'letter';
        if (p.letter) s.letter = p.letter;
        return;
      case 'bdat-last':
        if (reply.code === 353) return this.prdrBegins(s, p);
        // A 503 refuses it as out of order: the transaction goes on, without the letter.
        if (s.conversation !== 'ready') return this.letterDropped(s);
        s.letter = p.letter ?? null;
        return this.letterEnded(s, ok, text);
      case 'data-end':
        if (reply.code === 353) return this.prdrBegins(s, p);
        return this.letterEnded(s, ok, text);
      case 'RSET':
        if (!ok) return;
        this.resetTransaction(s);
        if (s.helo) s.step = 'greet';
        return;
      case 'AUTH':
      case 'auth-response':
        this.clientMode = reply.code === 334 ? 'auth' : 'command';
        this.loginAsksUser = reply.code === 334 && reply.lines[0] === 'VXNlcm5hbWU6';
        if (reply.code === 235) s.authenticated = true;
        else if (reply.code >= 400) s.authUser = null;
        return;
      case 'STARTTLS':
        if (!ok) return;
        // RFC 3207 4.2: everything before TLS is forgotten; the client greets again.
        s.tls = true;
        this.dropHeld = this.held.length;
        s.helo = null;
        s.extensions = [];
        s.authUser = null;
        s.authenticated = false;
        this.resetTransaction(s);
        s.step = 'arrive';
        return;
    }
  }

  /** The reply to the letter's end: a delivery, or the transaction over with nothing sealed. */
  private letterEnded(s: ObserverState, ok: boolean, text: string): void {
    if (ok) {
      s.deliveries = [
        ...s.deliveries,
        {
          queueId: queueIdOf(text),
          mailFrom: s.mailFrom ?? '',
          recipients: s.recipients.filter((r) => r.accepted).map((r) => r.address),
          letter: s.letter ?? emptyLetter(),
        },
      ];
      s.step = 'sealed';
    } else {
      s.step = s.helo ? 'greet' : 'arrive'; // refused: the transaction is over, nothing was sealed
    }
    s.mailFrom = null;
    s.recipients = [];
  }

  /** PRDR's 353 to the letter's end: one reply per accepted recipient comes next, in order, then the letter's own. */
  private prdrBegins(s: ObserverState, letterEnd: Pending): void {
    const each = s.recipients.filter((r) => r.accepted).map((): Pending => ({ context: 'prdr' }));
    this.pending.unshift(...each, letterEnd);
  }

  private resetTransaction(s: ObserverState): void {
    s.mailFrom = null;
    s.recipients = [];
    s.letter = null;
  }

  // -- CHUNKING (RFC 3030) -------------------------------------------------------------

  /** Whether the last EHLO's reply offered CHUNKING: then a BDAT's chunk follows it, whatever the reply. */
  private chunkingOffered(s: ObserverState): boolean {
    return s.helo?.verb === 'EHLO' && s.extensions.some((e) => /^CHUNKING\b/i.test(e));
  }

  /** A BDAT line: the chunk it announces follows, or may (its reply will say). */
  private bdatLine(s: ObserverState, arg: BdatArgument): void {
    const entry = this.pending[this.pending.length - 1] as Pending;
    if (this.chunkingOffered(s)) return this.startChunk(s, arg, entry);
    this.undecided = { arg, entry };
  }

  private startChunk(s: ObserverState, arg: BdatArgument, entry: Pending): void {
    if (!this.letterInChunks) {
      this.letterInChunks = emptyLetter();
      this.carry = '';
      this.inBody = false;
      s.letter = this.letterInChunks;
      s.step = 'letter';
    }
    this.chunk = { left: arg.size, last: arg.last, entry };
    if (arg.size === 0) this.chunkEnded(s, []);
  }

  /**
   * The first line of the reply to a BDAT where CHUNKING was not offered: a refusal at
   * once (500, 502, or Exim's 503 "not advertised") means its octets were commands; any
   * other reply came after the server read them as the chunk.
   */
  private chunkDecided(s: ObserverState, text: string, out: TranscriptLine[]): void {
    const { arg, entry } = this.undecided as { arg: BdatArgument; entry: Pending };
    this.undecided = null;
    const r = parseReplyLine(text);
    if (!r || r.code === 500 || r.code === 502 || identifyReply('BDAT', r.code, r.text) === 'R503_BDAT_NOT_OFFERED') return;
    this.startChunk(s, arg, entry);
    this.readRaw(s, out); // the chunk, then its reply
  }

  /** Held lines after a BDAT read from the hold, and the unfinished one: octets of its chunk, or waiting with it. */
  private unreadHeld(): void {
    const reader = this.readers.client;
    const partial = reader.pending();
    reader.reset();
    this.raw = [...this.held.map(lineBytes), ...(partial ? [partial] : []), ...this.raw];
    this.held = [];
  }

  /** Reads the client octets kept from the line reader, now that it is known what they are. */
  private readRaw(s: ObserverState, out: TranscriptLine[]): void {
    const raw = this.raw;
    this.raw = [];
    for (const bytes of raw) this.clientBytes(s, bytes, out);
  }

  /** Reads octets of the current chunk, as lines of the letter; returns where the chunk's octets stop. */
  private chunkBytes(s: ObserverState, bytes: Uint8Array, start: number, out: TranscriptLine[]): number {
    const chunk = this.chunk as { left: number; last: boolean; entry: Pending };
    const reader = this.readers.client;
    const end = Math.min(bytes.length, start + chunk.left);
    const view = bytes.subarray(0, end); // the reader must not look past the chunk
    for (let i = start; i < end; ) {
      const read = reader.read(view, i);
      if (!read) break;
      i = read.next;
      out.push(this.chunkLine(s, rawLine(read.event)));
    }
    chunk.left -= end - start;
    if (chunk.left === 0) this.chunkEnded(s, out);
    return end;
  }

  /** The chunk's octets are all in: a line it ended in the middle of is shown as it is, and goes on in the next chunk. */
  private chunkEnded(s: ObserverState, out: TranscriptLine[]): void {
    const { last, entry } = this.chunk as { last: boolean; entry: Pending };
    this.chunk = null;
    const reader = this.readers.client;
    const piece = reader.pending();
    if (piece) {
      const line = this.chunkLine(s, { bytes: piece, ending: 'none', length: reader.pendingLength(), cut: reader.pendingLength() > piece.length });
      if (last) line.explain = 'Part of the letter, which ends here without a line end: the server adds one (CRLF).';
      out.push(line);
    }
    reader.reset();
    if (last && this.carry !== '') {
      // The letter's last line had no ending: the servers add one.
      const letter = { ...(this.letterInChunks ?? emptyLetter()) };
      const unshown: TranscriptLine = {
        id: -1,
        direction: 'client',
        text: this.carry,
        ending: 'none',
        bytes: 0,
        at: 0,
        kind: 'body',
        explain: '',
        notes: NO_NOTES,
      };
      this.letterText(letter, this.carry, unshown);
      this.letterInChunks = letter;
      s.letter = letter;
    }
    entry.letter = this.letterInChunks ?? emptyLetter();
    if (last) {
      this.letterInChunks = null;
      this.carry = '';
    }
  }

  private chunkLine(s: ObserverState, l: RawLine): TranscriptLine {
    const line = this.newLine('client', l);
    if (l.ending === 'none') {
      this.carry += line.text;
      line.kind = this.inBody ? 'body' : 'header';
      line.explain = 'Part of the letter. The chunk ends here, in the middle of a line: the next chunk goes on with it.';
      return line;
    }
    const letter = { ...(this.letterInChunks ?? emptyLetter()) };
    this.letterText(letter, this.carry + line.text, line);
    this.carry = '';
    this.letterInChunks = letter;
    s.letter = letter;
    return line;
  }

  /** A chunk refused: the transaction goes on (or not, as the state says) without the letter. */
  private letterDropped(s: ObserverState): void {
    // Unless the client has sent more chunks since, the server has forgotten the letter.
    if (!this.chunk && !this.pending.some((p) => p.context === 'BDAT' || p.context === 'bdat-last')) this.letterInChunks = null;
    s.letter = null;
    s.step = s.recipients.some((r) => r.accepted) ? 'recipients' : s.mailFrom !== null ? 'return-address' : s.helo ? 'greet' : 'arrive';
  }
}

function note(line: TranscriptLine, text: string): void {
  line.notes = [...line.notes, text];
}

/** A held line's octets again, ending and all (an over-long one only by its head). */
function lineBytes(l: RawLine): Uint8Array {
  const ending = l.ending === 'crlf' ? [13, 10] : l.ending === 'lf' ? [10] : [];
  const out = new Uint8Array(l.bytes.length + ending.length);
  out.set(l.bytes);
  out.set(ending, l.bytes.length);
  return out;
}

/** A line as the reader gave it: an over-long one by its head, marked as cut. */
function rawLine(e: LineEvent): RawLine {
  if (e.type === 'tooLong') return { bytes: e.head, ending: e.ending, length: e.length, cut: true };
  return { bytes: e.bytes, ending: e.ending, length: e.bytes.length + (e.ending === 'crlf' ? 2 : 1), cut: false };
}

/** The queue id in a 250 reply to the final dot, from the forms servers use. */
export function queueIdOf(text: string): string | null {
  const m = /\bid=(\S+)/.exec(text) ?? /queued as (\S+)/i.exec(text) ?? /\bqueued(?: as)? <?([\w.-]{6,})>?/i.exec(text);
  return m?.[1] ?? null;
}

/** The address of a MAIL FROM or RCPT TO line the grammar refused, without its brackets, or null. */
function addressWritten(text: string | undefined): string | null {
  const written = text === undefined ? null : addressAsWritten(text);
  return written ? written.text.replace(/^<|>$/g, '') : null;
}
