/**
 * The sandbox: a sans-IO SMTP server session (RFC 5321, with PIPELINING, SIZE,
 * 8BITMIME, SMTPUTF8, ENHANCEDSTATUSCODES, AUTH PLAIN/LOGIN, STARTTLS and CHUNKING,
 * and DSN, ETRN and PRDR where the personality's real server has them).
 *
 * How this works:
 * - A driver (a TCP socket, a WebSocket, a browser tab) calls `start()` once for the
 *   greeting, then `receive(bytes)` with whatever arrived, in any chunking. Each call
 *   returns the bytes to send and the events that happened. The session never touches
 *   a socket or a timer; time and randomness come in through the options.
 * - Commands are read line by line (protocol/line-reader.ts); in the `data` state the
 *   bytes go to the DATA framer (data-reader.ts) instead, and after BDAT as many as it
 *   announced go to the CHUNKING framer (bdat.ts). Pipelined commands are just
 *   more lines in the same chunk: their replies come out in order, in one output.
 * - Handlers guard first, in order, each guard returning one catalogue reply; the
 *   sequence table (states.ts) answers commands that are out of sequence.
 * - Handlers never set the state: every reply goes through `reply()`, which moves the
 *   state by the TRANSITIONS table (states.ts), the same table the observer follows.
 * - A message answered 250 is in the mailbox before the 250 is returned. A transaction
 *   ended by RSET, HELO, a failed DATA or a lost connection stores nothing. Recipients
 *   the policy accepts and then fails (laterBounces) get no copy; their sender gets a
 *   bounce instead, stored in the same call, right after the 250 (bounce.ts).
 * - Bad input is never an exception: it gets a reply. Too many protocol errors get
 *   421 and a close, as real servers do.
 */
import { formatMailbox, isDomainOrLiteral, parsePath } from '../protocol/address.js';
import { decodeBase64 } from '../protocol/base64.js';
import { ByteBuilder, decodeText, encodeText, textThenBytes } from '../protocol/bytes.js';
import { addressAsWritten, type Command, type CommandResult, type Parameter, parseCommand } from '../protocol/command.js';
import { type LineEnding, LineReader } from '../protocol/line-reader.js';
import { type ReplyKey, renderReply } from '../protocol/replies.js';
import { formatReply, type Reply } from '../protocol/reply.js';
import { type BdatArgument, ChunkReader, lacksHeaderSeparator, parseBdatLoose, parseBdatStrict } from './bdat.js';
import { bounceMessage } from './bounce.js';
import { DataReader, type DataResult } from './data-reader.js';
import { type DsnRecipient, dsnAsked, emptyDsn, type MessageDsn, parseEnvid, parseNotify, parseOrcpt, parseRet } from './dsn.js';
import { extensionHabits } from './extensions.js';
import { Greylist } from './greylist.js';
import type { MessageSink, StoredMessage } from './mailbox.js';
import { exim } from './personalities/exim.js';
import type { EhloKeyword, Personality } from './personality.js';
import { DEFAULT_POLICY, letterEnd, type Policy } from './policy.js';
import { type CommandState, isCommandState, nextState, SEQUENCE, type SessionState, type Trigger } from './states.js';
import { formatDate, isoTime } from './trace.js';

export interface SessionOptions {
  /** Where each message answered 250 goes: a Mailbox, or a store the driver waits on (MessageSink). */
  mailbox: MessageSink;
  /** Epoch milliseconds, for trace headers and queue ids. */
  clock: () => number;
  /** A number in [0, 1), for queue ids. */
  random: () => number;
  personality?: Personality;
  policy?: Partial<Policy>;
  /** Who connected: their address, and reverse DNS if the driver knows it. */
  client?: { address: string; name?: string | null };
  /** The driver can do TLS, so STARTTLS is offered. */
  tls?: boolean;
  /** The connection is TLS from its first byte (implicit TLS, RFC 8314): no STARTTLS, ESMTPS. */
  implicitTls?: TlsInfo;
  /** The greylist's memory, shared by the driver's sessions; without one a session remembers alone. */
  greylist?: Greylist;
}

/** What the driver's TLS handshake agreed, for the trace header ("TLSv1.3", "TLS_AES_256_GCM_SHA384"). */
export interface TlsInfo {
  protocol: string;
  cipher: string;
}

export type SessionEvent =
  /** Begin the TLS handshake now, then call `tlsStarted()`. */
  | { type: 'startTls' }
  /** Close the connection once `output` is sent. */
  | { type: 'close' };

export interface SessionOutput {
  output: Uint8Array;
  events: SessionEvent[];
  /** Call `wake()` after this many milliseconds (a slow server's greeting); the driver owns timers. */
  wakeAfterMs?: number;
}

interface Transaction {
  mailFrom: string;
  smtputf8: boolean;
  rcptTo: string[];
  /** What the client asked of delivery reports (RFC 3461), recipient by recipient. */
  dsn: MessageDsn;
  /** PRDR was asked for: after the letter, one reply per recipient. */
  prdr: boolean;
}

type AuthExchange = { mechanism: 'PLAIN' } | { mechanism: 'LOGIN'; user: string | null };

/** A letter being sent in BDAT chunks, between two of them; `letter` is null once a chunk was refused. */
interface Chunking {
  letter: ChunkReader | null;
  /** 'open': taking chunks; the others as the personality's `afterRefusal` says (extensions.ts). */
  mode: 'open' | 'only-rset' | 'discard';
}

/** The chunk whose octets are being read now: into the letter, or to be dropped (and then, perhaps, refused). */
interface Chunk extends BdatArgument {
  left: number;
  keep: boolean;
  refusal: { key: ReplyKey; vars: Record<string, string | number> } | null;
}

/**
 * A letter's buffer is kept for the session's next letter up to this size, so letters
 * after the first are read without growing one; a larger one goes with its letter.
 */
const KEPT_LETTER_BYTES = 256 * 1024;
/**
 * Replies whose wording has no placeholder ("250 OK", "354 Enter message…"), by
 * personality: rendered once and then the same every time, with their wire text.
 * Null marks a reply that has placeholders. Shared Replies are never changed.
 */
const FIXED = new WeakMap<Personality, Map<ReplyKey, Reply | null>>();
const FIXED_WIRE = new WeakMap<Reply, string>();

function fixedReply(personality: Personality, key: ReplyKey, withEnhanced: boolean): Reply | null {
  let replies = FIXED.get(personality);
  if (!replies) {
    replies = new Map();
    FIXED.set(personality, replies);
  }
  let r = replies.get(key);
  if (r === undefined) {
    // With no values given, a placeholder stays as written: its wording has none if none shows.
    const rendered = renderReply(key, personality, {}, withEnhanced);
    r = rendered.lines.some((line) => /\{\w+\}/.test(line)) ? null : rendered;
    if (r) FIXED_WIRE.set(r, formatReply(r));
    replies.set(key, r);
  }
  return r;
}

/** Codes that count as syntax and protocol errors toward Exim's limit. */
const PROTOCOL_ERRORS = new Set([500, 501, 502, 503, 504, 555]);
/** Replies Exim counts as unknown commands, apart from the other errors. */
const UNKNOWN: ReadonlySet<ReplyKey> = new Set(['R500_UNKNOWN', 'R500_EMPTY_LINE', 'R500_LINE_TOO_LONG']);
/** Replies after which a new transaction begins: the count of refused recipients starts again. */
const NEW_TRANSACTION: ReadonlySet<ReplyKey> = new Set([
  'R250_QUEUED',
  'R250_CHUNK_QUEUED',
  'R250_PRDR_QUEUED',
  'R250_RSET',
  'R250_HELO',
  'R250_EHLO',
  'R250_MAIL_OK',
  'R250_MAIL_PRDR',
]);
/** The replies that end a session for a limit: never counted as one more error. */
const LIMIT_ENDINGS: ReadonlySet<ReplyKey> = new Set(['R500_TOO_MANY_UNKNOWN', 'R421_TOO_MANY_ERRORS', 'R554_TOO_MANY_NONMAIL', 'R554_SYNC_ERROR']);
/** Exim's non-mail commands (is_mail_cmd FALSE, smtp_in.c's cmd_list). */
const EXIM_NONMAIL: ReadonlySet<string> = new Set(['NOOP', 'RSET', 'VRFY', 'EXPN', 'HELP', 'ETRN', 'HELO', 'EHLO', 'STARTTLS']);
/**
 * Of those, the ones Exim lets pass once per message (smtp_setup_msg sets them back to
 * mail commands), by the flag they share: HELO and EHLO are one.
 */
const ONCE_PER_MESSAGE: Readonly<Record<string, string>> = { RSET: 'RSET', HELO: 'HELO', EHLO: 'HELO', STARTTLS: 'STARTTLS' };
const ONCE_FLAGS: readonly string[] = [...new Set(Object.values(ONCE_PER_MESSAGE))];
/** Postfix's junk commands (SMTPD_CMD_FLAG_LIMIT in smtpd.c). */
const POSTFIX_JUNK: ReadonlySet<string> = new Set(['NOOP', 'VRFY', 'ETRN', 'RSET', 'HELO', 'EHLO']);

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });
const NO_OUTPUT = new Uint8Array(0);
/**
 * A TLS record (RFC 8446 5.1, 6): type alert (21), version 3.3, two octets long, fatal
 * (2) unexpected_message (10). What GnuTLS sends for a record that is not TLS at all.
 */
const UNEXPECTED_MESSAGE_ALERT = '\x15\x03\x03\x00\x02\x02\x0a';

export class Session {
  state: SessionState = 'connecting';
  private readonly personality: Personality;
  private readonly policy: Policy;
  private readonly maxSize: number;
  private readonly maxErrors: number;
  private readonly maxRecipients: number;
  private unknown = 0;
  private nonmail = 0;
  /** Which of RSET, HELO/EHLO and STARTTLS are still free in this message: Exim counts a second use as non-mail. */
  private freeOnce = new Set<string>(ONCE_FLAGS);
  /** RCPTs refused in this transaction: the first refusal as sent, and whether every one said the same (Exim repeats it to DATA). */
  private rcptRefused: { count: number; first: string; same: boolean } = { count: 0, first: '', same: true };
  private readonly lines: LineReader;
  private data: DataReader | null = null;
  /** The buffer each DATA letter is read into, kept from one letter to the next (up to KEPT_LETTER_BYTES). */
  private readonly letterBytes: ByteBuilder;
  private helo: { name: string; esmtp: boolean } | null = null;
  private openTransaction: Transaction | null = null;
  /** A letter being sent in chunks, and the chunk being read now (CHUNKING, at the end of the class). */
  private chunking: Chunking | null = null;
  private chunk: Chunk | null = null;
  private authUser: string | null = null;
  /** An AUTH exchange in progress: the next line is a SASL answer, not a command. */
  private sasl: AuthExchange | null = null;
  /** STARTTLS's 220 is sent and the driver is doing the handshake: nothing is read. */
  private tlsPending = false;
  private tlsActive = false;
  private tlsInfo: TlsInfo | null = null;
  /** More input came with the line being read: what Exim's synchronization check looks for. */
  private moreInput = false;
  /**
   * Exim checks synchronization on every read once a DATA or BDAT has come; before that it
   * lets an early talker be (PIPECONNECT: smtp_in.c clears pipe_connect_acceptable there).
   */
  private syncEveryRead = false;
  /** What the replies being made answer, for the state table. */
  private answering: Trigger | 'auth-response' | 'unknown' = 'connect';
  private readonly greylist: Greylist;
  private errors = 0;
  private out: string[] = [];
  private events: SessionEvent[] = [];

  constructor(private readonly options: SessionOptions) {
    this.personality = options.personality ?? exim;
    this.policy = { ...DEFAULT_POLICY, ...options.policy };
    this.maxSize = this.policy.maxMessageSize ?? this.personality.maxMessageSize;
    this.maxErrors = this.policy.maxErrors ?? this.personality.maxErrors;
    this.maxRecipients = this.policy.maxRecipients ?? this.personality.maxRecipients;
    this.lines = new LineReader(this.personality.commandLine.max, this.personality.commandLine.overflow);
    this.letterBytes = new ByteBuilder(this.maxSize);
    this.greylist = options.greylist ?? new Greylist();
    if (options.implicitTls) {
      this.tlsActive = true;
      this.tlsInfo = options.implicitTls;
    }
  }

  /** The 220 greeting. Call once, when the connection opens. */
  start(): SessionOutput {
    // RFC 5321 3.1: a server may answer the connection with 421 instead of 220.
    if (this.policy.shuttingDown) return this.end('R421_SHUTTING_DOWN');
    if (this.policy.greetingDelaySeconds > 0) return { ...this.flush(), wakeAfterMs: this.policy.greetingDelaySeconds * 1000 };
    this.reply('R220_GREETING');
    return this.flush();
  }

  /**
   * Instead of `start()`: the driver has no room for another connection (`'server'`),
   * or none for another from this client's address (`'client'`), so it is refused with 421.
   */
  busy(scope: 'server' | 'client' = 'server'): SessionOutput {
    return this.end(scope === 'client' ? 'R421_TOO_MANY_FROM_CLIENT' : 'R421_TOO_MANY_CONNECTIONS');
  }

  /** The driver's idle timer ran out: 421, and the connection closes. An unfinished message is dropped. */
  timeout(): SessionOutput {
    return this.end('R421_TIMEOUT');
  }

  /** The driver is stopping (RFC 5321 3.8): 421, and the connection closes. */
  shutdown(): SessionOutput {
    return this.end('R421_SHUTTING_DOWN');
  }

  /** The time asked for by `wakeAfterMs` has passed: a slow server's greeting goes out now. */
  wake(): SessionOutput {
    if (this.state === 'connecting') this.reply('R220_GREETING');
    return this.flush();
  }

  /** Feed bytes the client sent; get back what to send and what happened. */
  receive(bytes: Uint8Array): SessionOutput {
    // Exim's check: a client that talks before the greeting is not listening, so it is
    // refused (RFC 5321 4.3.1: the client waits for the 220).
    if (this.state === 'connecting' && bytes.length > 0) return this.end('R554_SYNC_ERROR');
    let i = 0;
    while (i < bytes.length) {
      // After QUIT or 421 nothing is read. After STARTTLS's 220 the plaintext that
      // followed it is dropped, never read as if it came over TLS (CVE-2011-0411).
      if (this.state === 'closed' || this.tlsPending) break;
      if (this.chunk) {
        i = this.chunkBytes(bytes, i);
        continue;
      }
      if (this.state === 'data') {
        const end = (this.data as DataReader).read(bytes, i);
        if (end === -1) break;
        i = end;
        this.answering = 'data-end';
        this.dataEnded();
        this.letterBytes.clear(KEPT_LETTER_BYTES);
        continue;
      }
      const read = this.lines.read(bytes, i);
      if (!read) break;
      i = read.next;
      this.moreInput = i < bytes.length;
      if (read.event.type === 'tooLong') {
        this.answering = 'unknown';
        this.sasl = null;
        this.reply('R500_LINE_TOO_LONG');
      } else if (this.outOfSync(read.event.bytes)) {
        return this.end('R554_SYNC_ERROR');
      } else {
        this.lineReceived(read.event.bytes, read.event.ending);
      }
    }
    return this.flush();
  }

  /**
   * The driver finished the TLS handshake; the client must say EHLO again (RFC 3207 4.2).
   * Without `info` (a simulated upgrade) the trace header says ESMTPS but names no cipher.
   */
  tlsStarted(info?: TlsInfo): SessionOutput {
    if (!this.tlsPending) return this.flush();
    this.tlsPending = false;
    this.tlsActive = true;
    this.tlsInfo = info ?? null;
    this.helo = null;
    this.authUser = null;
    this.transaction = null;
    this.lines.reset();
    return this.flush();
  }

  /**
   * The driver's TLS handshake failed on what the client sent (plain text where the
   * handshake should be). The connection ends, after the alert of a server whose TLS
   * library sends one (Personality's handshakeFailure).
   */
  tlsFailed(): SessionOutput {
    if (!this.tlsPending) return this.flush();
    this.tlsPending = false;
    if (this.personality.handshakeFailure === 'alert') this.out.push(UNEXPECTED_MESSAGE_ALERT);
    this.state = 'closed';
    this.transaction = null;
    this.events.push({ type: 'close' });
    return this.flush();
  }

  /** The connection is gone. An unfinished message is dropped, never stored. */
  close(): SessionOutput {
    this.state = 'closed';
    this.data = null;
    this.transaction = null;
    return this.flush();
  }

  /** Says `key` (a 421 or 554 that ends the session), asks the driver to close, and hands over all that is queued. */
  private end(key: ReplyKey): SessionOutput {
    this.hangUp(key);
    return this.flush();
  }

  /** Says `key` and asks the driver to close; what is queued goes out with the next flush. */
  private hangUp(key: ReplyKey): void {
    if (this.state === 'closed') return;
    this.answering = this.state === 'connecting' ? 'connect' : 'unknown';
    this.reply(key);
    this.state = 'closed';
    this.data = null;
    this.transaction = null;
    this.events.push({ type: 'close' });
  }

  // -- lines and commands -----------------------------------------------------

  /**
   * Exim's synchronization check as it reads a command (smtp_read_command), once it
   * checks every read: true when more input came with a command that must end its
   * group (RFC 2920 3.1), or with a line that is no command at all. With PIPELINING
   * offered MAIL, RCPT and RSET may be followed; BDAT, AUTH, QUIT and HELP always may.
   */
  private outOfSync(line: Uint8Array): boolean {
    if (!this.personality.syncCheck || !this.moreInput || !this.syncEveryRead || this.sasl) return false;
    const verb = eximVerb(line);
    if (verb === null) return true;
    return MUST_END_GROUP.has(verb) || (!this.helo?.esmtp && MAY_FOLLOW_IF_PIPELINING.has(verb));
  }

  /**
   * Exim's check after it accepted MAIL or RCPT where PIPELINING was not offered: a client
   * that sent more before this reply is not waiting for replies (smtp_in.c). True when
   * the session ended for it.
   */
  private syncLostOnAccept(): boolean {
    if (!this.personality.syncCheck || !this.moreInput || this.helo?.esmtp) return false;
    this.hangUp('R554_SYNC_ERROR');
    return true;
  }

  private lineReceived(bytes: Uint8Array, ending: LineEnding): void {
    this.answering = 'unknown';
    // Postfix checks its error limit before it reads the next command, whatever the line holds.
    if (this.personality.errorLimit === 'before-next' && !this.sasl && this.errors >= this.maxErrors) {
      this.hangUp('R421_TOO_MANY_ERRORS');
      return;
    }
    // postconf(5), smtpd_forbid_bare_newline = reject: "Reject a command or message
    // content when a line contains bare <LF>". For a command, smtpd.c (3.9) sends the
    // reply (smtpd_forbid_bare_newline_reject_code, 550 by default) and then leaves its
    // command loop: the connection closes, whatever the code. A letter is refused after
    // its end instead, and the session goes on (dataEnded). A SASL answer is read
    // outside that loop (smtpd_sasl_glue.c), without the check, so it is not refused.
    if (ending === 'lf' && this.policy.bareLf === 'reject' && !this.sasl) {
      this.hangUp('R550_BARE_LF');
      return;
    }
    const text = commandText(bytes, this.personality.commandBytes);
    if (text === null) {
      this.sasl = null;
      this.reply('R500_BAD_CHARACTERS');
      return;
    }
    if (this.sasl) {
      this.answering = 'auth-response';
      this.authResponse(this.sasl, text);
      return;
    }
    let parsed = parseCommand(text);
    const verb = parsed.ok ? parsed.command.verb : parsed.verb;
    if (verb && this.personality.unknownVerbs.includes(verb)) return this.reply('R500_UNKNOWN');
    if (verb) this.answering = verb;
    // CHUNKING (at the end of the class): between chunks some servers take few commands,
    // and BDAT reads its own argument, for it comes with a chunk even when out of order.
    if (this.chunking && this.betweenChunks(parsed, ending)) return;
    if ((verb === 'BDAT' && this.helo?.esmtp) || /^DATA\s*$/i.test(text)) this.syncEveryRead = true;
    if (verb === 'BDAT') return this.bdat(text.slice(4));
    // Exim knows these commands by their exact start, "MAIL FROM:" and "RCPT TO:", before anything else.
    if ((verb === 'MAIL' || verb === 'RCPT') && this.personality.strictMailPrefix && !/^(?:MAIL FROM|RCPT TO):/i.test(text)) {
      return this.reply('R500_UNKNOWN');
    }
    if (verb && this.nonmailLimit(verb)) return;
    // Exim, where it offered PIPELINING (after EHLO), to a DATA whose every RCPT got the same refusal:
    // that refusal again (smtp_in.c; the golden smtputf8-parameter shows it for a DATA sent on its own).
    const refused = this.rcptRefused;
    if (verb === 'DATA' && this.personality.repeatsRcptRefusal && this.helo?.esmtp && refused.count > 0 && refused.same && !this.transaction?.rcptTo.length) {
      return this.reply('R503_ALL_RCPTS_REFUSED', { refusal: refused.first });
    }
    if (verb && isCommandState(this.state)) {
      const own = this.personality.sequence[verb];
      const outOfSequence = own && this.state in own ? own[this.state] : SEQUENCE[verb][this.state];
      if (outOfSequence) {
        this.reply(outOfSequence);
        return;
      }
    }
    if (!parsed.ok && parsed.reply === 'R501_NO_ARGUMENTS' && verb && this.personality.argumentIgnored.includes(verb)) parsed = parseCommand(verb);
    if (verb === 'MAIL' || verb === 'RCPT') {
      const judged = this.judgeAddress(verb, text, parsed);
      if (judged === null) return; // refused in the server's own words
      parsed = judged;
    }
    if (!parsed.ok) {
      // Postfix with no smtpd_helo_restrictions takes any name at all ("client thm", "[300.1.1.1]").
      const name = text.slice(4).trim();
      if ((verb === 'HELO' || verb === 'EHLO') && this.personality.anyHeloName && name !== '') return this.hello(verb, name);
      this.syntaxError(parsed);
      return;
    }
    this.command(parsed.command, ending);
  }

  /**
   * The address in MAIL FROM or RCPT TO as this server judges it (address-rules.ts):
   * the command to go on with, or null when the server refused it (the reply is sent).
   * A taken address the RFC grammar refused goes on only when no parameters follow.
   */
  private judgeAddress(verb: 'MAIL' | 'RCPT', text: string, parsed: CommandResult): CommandResult | null {
    if (!parsed.ok && parsed.reply !== 'R501_MAIL' && parsed.reply !== 'R501_RCPT') return parsed;
    const written = addressAsWritten(text);
    if (!written) return parsed;
    // Nothing after the colon: no address at all, not the null sender (which is "<>").
    if (written.text.trim() === '' && written.rest.trim() === '') {
      this.reply('R501_NO_ADDRESS', { verb, preposition: verb === 'MAIL' ? 'FROM' : 'TO' });
      return null;
    }
    const verdict = this.personality.address(written.text, verb === 'MAIL' ? 'sender' : 'recipient');
    if (verdict === null) return parsed;
    if (!verdict.ok) {
      this.reply(verdict.key, verdict.vars);
      return null;
    }
    if (parsed.ok || written.rest.trim() !== '') return parsed;
    if (verb === 'MAIL') return { ok: true, command: { verb, mailbox: verdict.mailbox, params: [], leniencies: [] } };
    if (!verdict.mailbox) return parsed;
    const postmaster = verdict.mailbox.domain === '' && verdict.mailbox.localPart.toLowerCase() === 'postmaster';
    return { ok: true, command: { verb, mailbox: verdict.mailbox, postmaster, params: [], leniencies: [] } };
  }

  /** Counts a command that moves no mail; true when it was one too many and the session ended. */
  private nonmailLimit(verb: string): boolean {
    const { max, past } = this.personality.nonmail;
    if (past === 'hang-up') {
      if (!EXIM_NONMAIL.has(verb)) return false;
      const flag = ONCE_PER_MESSAGE[verb];
      if (flag && this.freeOnce.delete(flag)) return false;
      if (++this.nonmail <= max) return false;
      this.hangUp('R554_TOO_MANY_NONMAIL');
      return true;
    }
    // Postfix: past the limit, each junk command costs an error (smtpd.c: junk_cmds++ > limit).
    if (POSTFIX_JUNK.has(verb) && this.nonmail++ > max) this.errors++;
    return false;
  }

  private syntaxError(parsed: Extract<CommandResult, { ok: false }>): void {
    this.reply(parsed.reply, { detail: parsed.detail, verb: parsed.verb ?? '' });
  }

  private command(c: Command, ending: LineEnding): void {
    switch (c.verb) {
      case 'HELO':
      case 'EHLO':
        return this.hello(c.verb, c.domain);
      case 'MAIL':
        return this.mail(c);
      case 'RCPT':
        return this.rcpt(c);
      case 'DATA':
        return this.dataCommand(ending);
      case 'RSET':
        this.transaction = null;
        return this.reply('R250_RSET');
      case 'NOOP':
        return this.reply('R250_NOOP');
      case 'QUIT':
        this.reply('R221_BYE');
        this.transaction = null;
        this.events.push({ type: 'close' });
        return;
      case 'VRFY': // RFC 5321 3.5.3: 252 says "cannot verify, but will try"; revealing whether a
        // user exists helps address harvesting, so servers rarely answer 250.
        {
          // Exim reads the argument as a recipient address first ("must contain a domain").
          const verdict = this.personality.strictMailPrefix ? this.personality.address(c.argument, 'recipient') : null;
          if (verdict && !verdict.ok) return this.reply(verdict.key, verdict.vars);
          const refusal = this.personality.vrfyChecksRecipient ? this.vrfyRefusal(c.argument) : null;
          if (refusal) return this.reply(refusal.key, { address: refusal.address });
          return this.reply('R252_VRFY', { address: c.argument });
        }
      case 'EXPN':
        return this.reply('R502_EXPN');
      case 'HELP':
        return this.reply('R214_HELP');
      case 'AUTH':
        return this.authStart(c.mechanism, c.initialResponse);
      case 'STARTTLS':
        return this.startTls();
      case 'BDAT':
        return; // read by bdat(), before the sequence table
      case 'ETRN':
        return this.etrn(c.argument);
    }
  }

  private hello(verb: 'HELO' | 'EHLO', name: string): void {
    // Exim checks the name as an ASCII host name or address literal; Postfix takes any.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII is the point
    if (!this.personality.anyHeloName && /[^\x00-\x7f]/.test(name)) return this.reply(verb === 'HELO' ? 'R501_HELO' : 'R501_EHLO');
    // RFC 5321 4.1.4: HELO/EHLO in mid-transaction resets it, as RSET would.
    this.transaction = null;
    this.helo = { name, esmtp: verb === 'EHLO' };
    if (verb === 'HELO') return this.reply('R250_HELO');
    this.reply('R250_EHLO', {}, this.ehloKeywords());
  }

  private ehloKeywords(): string[] {
    const lines: string[] = [];
    for (const k of this.personality.ehlo) {
      const line = this.ehloLine(k);
      if (line) lines.push(line);
    }
    return lines;
  }

  private ehloLine(k: EhloKeyword): string | null {
    switch (k) {
      case 'SIZE':
        return `SIZE ${this.maxSize}`;
      case 'STARTTLS':
        return this.options.tls && !this.tlsActive ? 'STARTTLS' : null;
      case 'AUTH':
        return this.authOffered() ? 'AUTH PLAIN LOGIN' : null;
      // PIPECONNECT (Exim's): a client may send EHLO before the greeting next time; the
      // sandbox greets at once, so it asks nothing beyond PIPELINING. CHUNKING, DSN, ETRN
      // and PRDR, like the rest, are their keyword alone.
      default:
        return k;
    }
  }

  private mail(c: Extract<Command, { verb: 'MAIL' }>): void {
    if (this.policy.requireTls && !this.tlsActive) return this.reply('R530_TLS_REQUIRED');
    if (this.policy.requireAuth && !this.authUser) return this.reply('R530_AUTH_REQUIRED');
    let smtputf8 = false;
    const seen = new Set<string>();
    const unsupported = (p: Parameter) => this.reply('R555_UNSUPPORTED_PARAM', paramVars(p, c.params, c.mailbox ? formatMailbox(c.mailbox) : ''));
    const extras = { dsn: emptyDsn(), prdr: false };
    for (const p of c.params) {
      // RFC 1869: parameters exist only in ESMTP, after EHLO (Exim holds to it; Postfix takes them after HELO).
      if (!this.helo?.esmtp && this.personality.extensionsNeedEhlo) return unsupported(p);
      // DSN's and PRDR (extensions, at the end of the class): true when taken, false when refused.
      const extension = this.mailExtension(p, extras);
      if (extension === false) return;
      if (extension) continue;
      // RFC 5321 4.1.2 leaves it open; a parameter given twice has no single meaning.
      if (seen.has(p.keyword)) return this.reply('R501_PARAMETERS', { detail: `${p.keyword} given twice` });
      seen.add(p.keyword);
      switch (p.keyword) {
        case 'SIZE': // RFC 1870 6: the client's estimate; over our limit is 552 now
          if (p.value === null || !/^\d{1,20}$/.test(p.value)) {
            if (this.personality.badSize === 'ignore') break; // Exim reads no number, and so no limit
            return this.reply('R501_BAD_SIZE');
          }
          if (Number(p.value) > this.maxSize) return this.reply('R552_SIZE_DECLARED');
          break;
        case 'BODY': // RFC 6152
          if (p.value?.toUpperCase() !== '7BIT' && p.value?.toUpperCase() !== '8BITMIME') return this.reply('R501_BAD_BODY', { param: p.value ?? '' });
          break;
        case 'SMTPUTF8': // RFC 6531 3.4: no value
          if (!this.personality.ehlo.includes('SMTPUTF8')) return this.reply('R501_SMTPUTF8_NOT_OFFERED');
          if (p.value !== null) return this.reply('R501_PARAMETERS', { detail: 'SMTPUTF8 takes no value' });
          smtputf8 = true;
          break;
        case 'AUTH': // RFC 4954 5: the original submitter, informational; accepted
          break;
        default:
          return unsupported(p);
      }
    }
    // RFC 6531 3.4 wants SMTPUTF8 for such an address; both real servers take it without (Postfix's strict_smtputf8 = no).
    if (c.mailbox?.utf8 && !smtputf8 && this.personality.strictSmtputf8) return this.reply('R553_UTF8_REQUIRED');
    if (this.syncLostOnAccept()) return;
    const mailFrom = c.mailbox ? formatMailbox(c.mailbox) : '';
    this.transaction = { mailFrom, smtputf8, rcptTo: [], ...extras };
    this.reply(extras.prdr ? 'R250_MAIL_PRDR' : 'R250_MAIL_OK', { address: mailFrom });
  }

  private rcpt(c: Extract<Command, { verb: 'RCPT' }>): void {
    const t = this.transaction as Transaction;
    const dsn = this.rcptParameters(c.params, formatMailbox(c.mailbox));
    if (!dsn) return;
    if (c.mailbox.utf8 && !t.smtputf8 && this.personality.strictSmtputf8) return this.reply('R553_UTF8_REQUIRED');
    const address = c.postmaster ? 'postmaster' : formatMailbox(c.mailbox);
    if (t.rcptTo.length >= this.maxRecipients) return this.reply('R452_TOO_MANY_RCPTS');
    const refusal =
      this.recipientRefusal(c.mailbox.localPart, c.mailbox.domain, c.postmaster) ?? this.recipientDeferral(t.mailFrom, address, c.mailbox.localPart);
    if (refusal) return this.reply(refusal, { address });
    if (this.syncLostOnAccept()) return;
    t.rcptTo.push(address);
    t.dsn.recipients.push(dsn);
    this.reply('R250_RCPT_OK', { address });
  }

  /** Which policy, if any, refuses this recipient. */
  private recipientRefusal(localPart: string, domain: string, postmaster: boolean): ReplyKey | null {
    const { localDomains, users } = this.policy;
    // RFC 5321 4.5.1: postmaster must always be accepted.
    if (postmaster) return null;
    const local = localDomains === null || localDomains.some((d) => d.toLowerCase() === domain.toLowerCase());
    if (!local) return this.authUser ? null : 'R554_RELAY_DENIED';
    if (users === null || localPart.toLowerCase() === 'postmaster') return null;
    return users.some((u) => u.toLowerCase() === localPart.toLowerCase()) ? null : 'R550_UNKNOWN_USER';
  }

  /**
   * Postfix's VRFY: the address read as RCPT TO's would be, then RCPT TO's own checks, so
   * an unknown local user or a relay attempt gets the same refusal (user enumeration by
   * VRFY, lesson 21). Only the policy's checks: a full mailbox or greylisting is a
   * matter of delivery, not of who exists. An address Postfix could not read keeps the
   * 252 here (a simplification: real Postfix says 501 5.1.3 to it).
   */
  private vrfyRefusal(argument: string): { key: ReplyKey; address: string } | null {
    const text = argument.trim();
    const verdict = this.personality.address(text, 'recipient');
    const parsed = verdict ? null : parsePath(text, false);
    const mailbox = verdict ? (verdict.ok ? verdict.mailbox : null) : parsed?.ok ? parsed.mailbox : null;
    if (!mailbox || mailbox.domain === '') return null; // unqualified: Postfix would qualify it with $myorigin first
    const key = this.recipientRefusal(mailbox.localPart, mailbox.domain, false);
    return key ? { key, address: formatMailbox(mailbox) } : null;
  }

  /** A full mailbox, or greylisting: refusals that depend on the recipient and on time. */
  private recipientDeferral(mailFrom: string, address: string, localPart: string): ReplyKey | null {
    // Own keys only: "constructor" or "__proto__" is a user name, not a full mailbox.
    const key = localPart.toLowerCase();
    const full = Object.hasOwn(this.policy.fullMailboxes, key) ? this.policy.fullMailboxes[key] : undefined;
    if (full) return full === 'temporary' ? 'R452_MAILBOX_FULL' : 'R552_MAILBOX_FULL';
    const delay = this.policy.greylistSeconds;
    if (delay === null) return null;
    const client = this.options.client?.address ?? '';
    return this.greylist.passes(client, mailFrom, address, this.options.clock(), delay * 1000) ? null : 'R451_GREYLISTED';
  }

  private dataCommand(ending: LineEnding): void {
    const t = this.transaction as Transaction;
    // RFC 5321 3.3: "no valid recipients" (554), as Postfix says it; Exim words it as a 503.
    if (t.rcptTo.length === 0) return this.reply('R554_NO_VALID_RCPTS');
    this.letterBytes.clear(KEPT_LETTER_BYTES);
    this.data = new DataReader(letterEnd(this.personality, this.policy) === 'any-lf' ? 'lf' : ending, this.maxSize, this.letterBytes);
    this.reply('R354_DATA');
  }

  private dataEnded(result: DataResult = (this.data as DataReader).result(), chunks: { size: number; total: number } | null = null): void {
    const t = this.transaction as Transaction;
    this.data = null;
    this.transaction = null;
    if (result.tooBig) return this.reply('R552_TOO_BIG');
    const limit = this.personality.maxTextLine;
    if (limit !== null && result.longestLine > limit) return this.reply('R550_LINE_TOO_LONG', { limit, size: result.longestLine });
    // The same setting refuses the message too, once it has ended with <CR><LF>.<CR><LF>.
    if (result.bareLF && this.policy.bareLf === 'reject') return this.reply('R550_BARE_LF');
    const checks = this.policy.letterChecks;
    if (checks?.dmarcReject) return this.reply('R550_DMARC_REJECT', { detail: checks.dmarcReject });
    const ms = this.options.clock();
    const id = this.personality.queueId(ms, this.options.random);
    const protocol = `${this.helo?.esmtp ? 'ESMTP' : 'SMTP'}${this.tlsActive ? 'S' : ''}${this.authUser ? 'A' : ''}`;
    const client = this.options.client ?? { address: '127.0.0.1' };
    const trace =
      `Return-Path: <${t.mailFrom}>\r\n` +
      // A milter's header goes on top of the server's own Received: (OpenDMARC inserts at 0).
      (checks?.header ?? '') +
      this.personality.received({
        helo: this.helo?.name ?? '',
        clientAddress: client.address,
        clientName: client.name ?? null,
        host: this.policy.hostname,
        protocol,
        id,
        mailFrom: t.mailFrom,
        rcptTo: t.rcptTo,
        authUser: this.authUser,
        tls: this.tlsInfo,
        date: formatDate(ms),
      });
    const raw = textThenBytes(trace, result.body);
    // The 'later-bounce' scenario: some recipients were accepted but cannot be delivered.
    const failed = t.rcptTo.filter((r) => this.policy.laterBounces.some((l) => l.toLowerCase() === localPartOf(r).toLowerCase()));
    const delivered = t.rcptTo.filter((r) => !failed.includes(r));
    const message: StoredMessage = {
      id,
      mailFrom: t.mailFrom,
      rcptTo: delivered,
      raw,
      size: raw.length,
      receivedAt: isoTime(ms),
      helo: this.helo?.name ?? '',
      clientAddress: client.address,
      protocol,
      ...(dsnAsked(t.dsn) ? { dsn: t.dsn } : {}),
    };
    if (delivered.length > 0) this.options.mailbox.add(message);
    this.messageQueued(t, id, chunks);
    if (failed.length > 0) this.bounce(t, message, failed, ms);
  }

  /**
   * Right after the 250: the bounce for the recipients that could not be delivered,
   * into the same mailbox (it is addressed to the sender, who may be local or not: the
   * sandbox keeps every message it makes). None for a null sender (bounce.ts), nor for
   * a recipient whose RCPT said NOTIFY without FAILURE (RFC 3461 4.1).
   */
  private bounce(t: Transaction, original: StoredMessage, failed: readonly string[], ms: number): void {
    const notify = failed.filter((r) => {
      const asked = t.dsn.recipients[t.rcptTo.indexOf(r)]?.notify;
      return !asked || asked.includes('FAILURE');
    });
    const id = this.personality.queueId(ms, this.options.random);
    const dsn = bounceMessage({ original, failed: notify, personality: this.personality.id, host: this.policy.hostname, id, ms });
    if (dsn) this.options.mailbox.add(dsn);
  }

  // -- AUTH (RFC 4954) ----------------------------------------------------------

  /** AUTH is offered with accounts, and (unless a lab scenario says otherwise) only over TLS, as both real servers do. */
  private authOffered(): boolean {
    return this.policy.accounts.length > 0 && (this.tlsActive || this.policy.plaintextAuth);
  }

  private authStart(mechanism: string, initial: string | null): void {
    // Postfix with smtpd_enforce_tls answers every command but EHLO, HELO, STARTTLS,
    // NOOP, RSET and QUIT this way before TLS, and that check comes before AUTH's own.
    // The sandbox does it for MAIL and AUTH, the two that matter (a simplification:
    // VRFY, say, is answered as usual, and RCPT or DATA get their 503 for want of MAIL).
    if (this.policy.requireTls && !this.tlsActive) return this.reply('R530_TLS_REQUIRED');
    if ((this.personality.extensionsNeedEhlo && !this.helo?.esmtp) || !this.authOffered()) return this.reply('R503_AUTH_NOT_OFFERED');
    if (this.authUser) return this.reply('R503_AUTH_DONE');
    if (mechanism !== 'PLAIN' && mechanism !== 'LOGIN') return this.reply('R504_AUTH_MECHANISM', { param: mechanism });
    const exchange: AuthExchange = mechanism === 'PLAIN' ? { mechanism } : { mechanism, user: null };
    if (initial !== null) return this.authResponse(exchange, initial);
    this.challenge(exchange, mechanism === 'PLAIN' ? '' : 'VXNlcm5hbWU6'); // "Username:"
  }

  /** Asks for the next SASL answer: the next line is read as one. */
  private challenge(exchange: AuthExchange, text: string): void {
    this.sasl = exchange;
    this.reply('R334_CHALLENGE', { detail: text });
  }

  private authResponse(exchange: AuthExchange, line: string): void {
    this.sasl = null;
    // RFC 4954 4: "*" cancels; "=" is an empty initial response.
    if (line === '*') return this.reply('R501_AUTH_CANCELLED');
    const bytes = line === '=' ? new Uint8Array(0) : decodeBase64(line);
    if (bytes === null) return this.reply('R501_AUTH_BASE64');
    const text = new TextDecoder().decode(bytes);
    if (exchange.mechanism === 'LOGIN' && exchange.user === null) {
      exchange.user = text;
      return this.challenge(exchange, 'UGFzc3dvcmQ6'); // "Password:"
    }
    let user: string;
    let password: string;
    if (exchange.mechanism === 'LOGIN') {
      user = exchange.user as string;
      password = text;
    } else {
      // RFC 4616: authzid NUL authcid NUL passwd
      const parts = text.split('\0');
      if (parts.length !== 3) return this.reply('R535_AUTH_FAILED');
      // RFC 4616: acting as someone else (an authzid other than the user) needs a right
      // no demo account has.
      if (parts[0] !== '' && parts[0] !== parts[1]) return this.reply('R535_AUTH_FAILED');
      user = parts[1] as string;
      password = parts[2] as string;
    }
    const ok = this.policy.accounts.some((a) => a.user === user && a.password === password);
    if (!ok) return this.reply('R535_AUTH_FAILED');
    this.authUser = user;
    this.reply('R235_AUTH_OK');
  }

  // -- STARTTLS (RFC 3207) --------------------------------------------------------

  private startTls(): void {
    if (!this.options.tls) return this.reply('R502_UNIMPLEMENTED', { verb: 'STARTTLS' });
    if (this.tlsActive) return this.reply('R503_TLS_ACTIVE');
    // Exim offers STARTTLS only in EHLO's reply and refuses it otherwise; Postfix takes it after HELO, or before any.
    if (this.personality.extensionsNeedEhlo && !this.helo?.esmtp) return this.reply('R503_STARTTLS_NOT_OFFERED');
    // Both take it mid-transaction: the transaction is forgotten with everything else (tlsStarted).
    this.reply('R220_STARTTLS');
    this.tlsPending = true;
    this.events.push({ type: 'startTls' });
  }

  // -- replies ------------------------------------------------------------------

  /**
   * Sends a catalogue reply (rendered by `renderReply`, as the reference shows it) and
   * moves the state by the table. Exim's error limits end the session here.
   */
  private reply(key: ReplyKey, vars: Record<string, string | number> = {}, extraLines: string[] = []): void {
    const lastLine = this.personality.errorLimit === 'last-line';
    // Exim: the unknown command past its limit is answered with that, alone, and counts for nothing more.
    if (lastLine && UNKNOWN.has(key) && this.personality.maxUnknown !== null && ++this.unknown >= this.personality.maxUnknown) {
      this.hangUp('R500_TOO_MANY_UNKNOWN');
      return;
    }
    let r = this.render(key, vars, extraLines);
    let limitReached = false;
    const counted = !LIMIT_ENDINGS.has(key) && this.state !== 'closed';
    // Exim counts syntax and protocol errors, unknown commands among them (smtp_in.c's synprot_error).
    if (lastLine) limitReached = counted && PROTOCOL_ERRORS.has(r.code) && ++this.errors >= this.maxErrors;
    // Postfix counts every error; the limit is checked before the next command.
    else if (counted && r.code >= 400) this.errors++;
    if (limitReached) r = { ...r, lines: [...r.lines, ...this.render('R421_TOO_MANY_ERRORS', {}).lines] };
    this.out.push(FIXED_WIRE.get(r) ?? formatReply(r));
    this.state = nextState(this.state, this.answering, r.code);
    if (this.answering === 'RCPT' && r.code >= 400) {
      const said = `${r.code} ${r.lines[0]}`;
      const { count, first, same } = this.rcptRefused;
      this.rcptRefused = count === 0 ? { count: 1, first: said, same: true } : { count: count + 1, first, same: same && said === first };
    }
    if (this.answering === 'data-end' || this.answering === 'bdat-last') {
      // Exim's smtp_setup_msg after any message: RSET, HELO/EHLO and STARTTLS are free once more.
      for (const flag of ONCE_FLAGS) this.freeOnce.add(flag);
      // Postfix starts its counts again once a message is queued (smtpd.c).
      if (!lastLine && r.code === 250) this.errors = this.nonmail = 0;
    }
    // After TLS, Exim takes a new EHLO as a first one.
    if (key === 'R220_STARTTLS') this.freeOnce.add('HELO');
    // The count of refused recipients starts again with each transaction (smtp_reset).
    if (NEW_TRANSACTION.has(key)) this.rcptRefused = { count: 0, first: '', same: true };
    if (limitReached) {
      // An exception the table cannot hold: the error's own code is a 5xx, yet it ends the session.
      this.state = 'closed';
      this.events.push({ type: 'close' });
    }
  }

  /** The reply `key` says, with `extraLines` after its own; the Reply may be shared (FIXED), so it is never changed. */
  private render(key: ReplyKey, vars: Record<string, string | number>, extraLines: readonly string[] = []): Reply {
    const withEnhanced = this.personality.enhancedCodes === 'always';
    if (extraLines.length === 0) {
      const fixed = fixedReply(this.personality, key, withEnhanced);
      if (fixed) return fixed;
    }
    const all = { host: this.policy.hostname, client: this.helo?.name ?? '', ip: this.options.client?.address ?? '', ...vars };
    const r = renderReply(key, this.personality, all, withEnhanced);
    r.lines.push(...extraLines);
    return r;
  }

  private flush(): SessionOutput {
    // Most chunks of a letter are answered with nothing: one empty array serves them all.
    const result = { output: this.out.length === 0 ? NO_OUTPUT : encodeText(this.out.join('')), events: this.events };
    this.out = [];
    this.events = [];
    return result;
  }

  // -- extensions: ETRN (RFC 1985), DSN (RFC 3461), PRDR, CHUNKING (RFC 3030) -----------
  // What differs between personalities beyond words is in extensions.ts.

  /** The open transaction. Ending it (RSET, HELO, STARTTLS, the letter's end) ends a letter being sent in chunks too. */
  private get transaction(): Transaction | null {
    return this.openTransaction;
  }

  private set transaction(t: Transaction | null) {
    this.openTransaction = t;
    this.chunking = null;
  }

  /**
   * The reply to a letter accepted and stored: after BDAT ... LAST it says the chunk's
   * and the letter's sizes. With PRDR and more than one recipient, Exim (receive.c) says
   * 353 first, then answers for each recipient in turn (the sandbox has nothing against
   * any), then for the letter.
   */
  private messageQueued(t: Transaction, id: string, chunks: { size: number; total: number } | null): void {
    if (t.prdr && t.rcptTo.length > 1) {
      const letterEnd = this.answering;
      this.reply('R353_PRDR');
      this.answering = 'prdr';
      for (const address of t.rcptTo) this.reply('R250_PRDR_RECIPIENT', { address });
      this.answering = letterEnd;
      return this.reply('R250_PRDR_QUEUED', { id });
    }
    if (chunks) return this.reply('R250_CHUNK_QUEUED', { id, ...chunks });
    this.reply('R250_QUEUED', { id });
  }

  /**
   * A MAIL parameter of an extension: true when taken, false when refused (the reply is
   * sent), null when it is none of theirs.
   */
  private mailExtension(p: Parameter, extras: { dsn: MessageDsn; prdr: boolean }): boolean | null {
    // Exim takes PRDR with any value, or none; a server that does not offer it knows it not.
    if (p.keyword === 'PRDR') {
      if (!this.personality.ehlo.includes('PRDR')) return null;
      extras.prdr = true;
      return true;
    }
    if ((p.keyword !== 'RET' && p.keyword !== 'ENVID') || p.value === null) return null;
    // Exim knows RET and ENVID even where it did not offer DSN, and then drops them unread.
    if (!this.personality.ehlo.includes('DSN')) return extensionHabits(this.personality).dsnUnoffered === 'ignored' ? true : null;
    const d = extras.dsn;
    // Given twice, either is refused as malformed, as Postfix does.
    if (p.keyword === 'RET') d.ret = d.ret === null ? parseRet(p.value) : null;
    else d.envid = d.envid === null ? parseEnvid(p.value) : null;
    if ((p.keyword === 'RET' ? d.ret : d.envid) !== null) return true;
    this.reply(p.keyword === 'RET' ? 'R501_BAD_RET' : 'R501_BAD_ENVID');
    return false;
  }

  /** RCPT's parameters: what they ask of delivery reports, or null when one is refused (the reply is sent). */
  private rcptParameters(params: readonly Parameter[], address: string): DsnRecipient | null {
    const dsn: DsnRecipient = { notify: null, orcpt: null };
    const offered = this.personality.ehlo.includes('DSN');
    for (const p of params) {
      let refusal: ReplyKey | null = 'R555_UNSUPPORTED_PARAM';
      if (offered && p.value !== null && p.keyword === 'NOTIFY') {
        dsn.notify = dsn.notify === null ? parseNotify(p.value) : null;
        refusal = dsn.notify === null ? 'R501_BAD_NOTIFY' : null;
      } else if (offered && p.value !== null && p.keyword === 'ORCPT') {
        dsn.orcpt = dsn.orcpt === null ? parseOrcpt(p.value) : null;
        refusal = dsn.orcpt === null ? 'R501_BAD_ORCPT' : null;
      }
      if (refusal) {
        this.reply(refusal, paramVars(p, params, address));
        return null;
      }
    }
    return dsn;
  }

  /** ETRN outside a transaction (inside one, the sequence table answers). No mail is held for others, so none is sent on. */
  private etrn(argument: string): void {
    const habits = extensionHabits(this.personality).etrn;
    if (!habits.checksArgument) return this.reply(habits.answer, { domain: argument });
    const words = argument.split(/\s+/).filter((w) => w !== '');
    if (words.length !== 1) return this.reply('R500_ETRN_SYNTAX');
    // RFC 1985 5: "@domain" asks for subdomains too, "#queue" names a queue; Postfix reads both as the name.
    const name = (words[0] as string).replace(/^[@#]/, '');
    if (!isDomainOrLiteral(name)) return this.reply('R501_ETRN_DOMAIN');
    this.reply(habits.answer, { domain: name });
  }

  /** BDAT's guards, in the order the personality checks them. A refused chunk is read all the same, and dropped. */
  private bdat(argument: string): void {
    const habits = extensionHabits(this.personality).chunking;
    const offered = this.helo?.esmtp === true && this.personality.ehlo.includes('CHUNKING');
    if (!offered && habits.unoffered === 'refuse') return this.reply('R503_BDAT_NOT_OFFERED');
    const arg = habits.syntax === 'loose' ? parseBdatLoose(argument) : parseBdatStrict(argument);
    if (!arg) return this.bdatMalformed();
    this.answering = arg.last ? 'bdat-last' : 'BDAT';
    const between = this.chunking !== null;
    const empty = arg.size === 0 && !arg.last ? (between ? habits.emptyChunk.later : habits.emptyChunk.first) : null;
    if (empty) return this.refuseChunk(arg, empty);
    if (this.chunking?.mode === 'discard') return this.refuseChunk(arg, 'R551_BDAT_DISCARDED', { size: arg.size });
    const own = this.personality.sequence.BDAT;
    const state = this.state as CommandState;
    const outOfSequence = between ? null : own && state in own ? own[state] : SEQUENCE.BDAT[state];
    if (outOfSequence) return this.refuseChunk(arg, outOfSequence);
    const received = this.chunking?.letter?.size ?? 0;
    if (habits.sizeLimit === 'declared' && received + arg.size > this.maxSize) return this.refuseChunk(arg, 'R552_CHUNK_TOO_BIG');
    this.chunking ??= { letter: new ChunkReader(this.maxSize), mode: 'open' };
    this.chunking.letter?.begin(arg.size);
    this.readChunk({ ...arg, left: arg.size, keep: true, refusal: null });
  }

  /** A BDAT whose size cannot be read: its chunk cannot be found either. */
  private bdatMalformed(): void {
    const habits = extensionHabits(this.personality).chunking;
    if (this.chunking && habits.crashesBetweenChunks) return this.crash();
    this.reply(habits.malformed);
    if (this.state === 'closed') this.events.push({ type: 'close' }); // a 521
  }

  /** Refuses a chunk, before or after reading and dropping it as the personality does. */
  private refuseChunk(arg: BdatArgument, key: ReplyKey, vars: Record<string, string | number> = {}): void {
    const atOnce = extensionHabits(this.personality).chunking.refusals === 'at-once';
    const chunk: Chunk = { ...arg, left: arg.size, keep: false, refusal: atOnce ? null : { key, vars } };
    if (atOnce) this.chunkRefused(chunk, key, vars);
    this.readChunk(chunk);
  }

  /** What follows a refused chunk: the personality's `afterRefusal`. */
  private chunkRefused(chunk: BdatArgument, key: ReplyKey, vars: Record<string, string | number>): void {
    const after = extensionHabits(this.personality).chunking.afterRefusal;
    const between = this.chunking !== null;
    this.reply(key, vars);
    // Postfix: a refused last chunk ends the transaction (mail_reset), as the final dot's refusal does.
    if (chunk.last && after === 'discard') this.transaction = null;
    else if (between || after === 'discard') this.chunking = { letter: null, mode: after };
  }

  /** Starts reading a chunk's octets; an empty one ends at once. */
  private readChunk(chunk: Chunk): void {
    this.chunk = chunk;
    if (chunk.left === 0) this.chunkEnded(chunk);
  }

  /** Reads octets of the current chunk from `bytes` at `start`; returns where the chunk's octets stop. */
  private chunkBytes(bytes: Uint8Array, start: number): number {
    const chunk = this.chunk as Chunk;
    const letter = chunk.keep ? (this.chunking?.letter ?? null) : null;
    const end = letter ? letter.read(bytes, start) : Math.min(bytes.length, start + chunk.left);
    chunk.left -= end - start;
    if (letter?.overflowed && extensionHabits(this.personality).chunking.sizeLimit === 'crossed') {
      this.letterTooBig();
      return bytes.length;
    }
    if (chunk.left === 0) this.chunkEnded(chunk);
    return end;
  }

  private chunkEnded(chunk: Chunk): void {
    this.chunk = null;
    this.answering = chunk.last ? 'bdat-last' : 'BDAT';
    const letter = chunk.keep ? this.chunking?.letter : null;
    if (!letter) {
      if (chunk.refusal) this.chunkRefused(chunk, chunk.refusal.key, chunk.refusal.vars);
      return;
    }
    if (!chunk.last) return this.reply('R250_CHUNK', { size: chunk.size });
    const result = letter.result();
    const added = extensionHabits(this.personality).chunking.totalCountsAddedBlankLine && lacksHeaderSeparator(result.body) ? 1 : 0;
    this.dataEnded(result, { size: chunk.size, total: result.total + added });
  }

  /**
   * Exim's way with a letter over the limit: 552 as the limit is passed, the rest of the
   * chunk then read as commands sent too soon, 554, and a hang-up.
   */
  private letterTooBig(): void {
    this.chunk = null;
    this.answering = 'bdat-last';
    this.reply('R552_TOO_BIG');
    this.hangUp('R554_SYNC_ERROR');
  }

  /**
   * A command line between two chunks of a letter: true when it is answered here. Exim
   * reads them in its own loop (smtp_in.c bdat_getc), taking only a few; Postfix
   * follows the sequence table, but refuses MAIL even when the letter has no MAIL yet.
   */
  private betweenChunks(parsed: CommandResult, ending: LineEnding): boolean {
    const chunking = this.chunking as Chunking;
    const habits = extensionHabits(this.personality).chunking;
    const verb = parsed.ok ? parsed.command.verb : parsed.verb;
    if (chunking.mode === 'discard' && verb === 'MAIL' && !this.transaction) {
      this.reply('R503_MAIL_AFTER_BDAT');
      return true;
    }
    if (habits.betweenChunks === null) return false;
    if (verb === 'RSET' && habits.crashesBetweenChunks) {
      this.crash();
      return true;
    }
    if (verb === 'QUIT' && parsed.ok) {
      this.command(parsed.command, ending);
      this.letterLost();
      return true;
    }
    const taken: readonly (string | null)[] = chunking.mode === 'only-rset' ? ['RSET', 'QUIT'] : habits.betweenChunks;
    if (taken.includes(verb)) return false;
    this.reply(chunking.mode === 'only-rset' ? 'R503_ONLY_RSET' : 'R503_ONLY_BDAT');
    chunking.mode = 'only-rset';
    if (this.state === 'closed') this.letterLost(); // too many errors
    return true;
  }

  /** The connection ends with a letter unfinished: some servers say so. */
  private letterLost(): void {
    const key = extensionHabits(this.personality).chunking.lostLetter;
    if (key) this.reply(key);
  }

  /** Where the real server dies (see `crashesBetweenChunks`): the connection drops, unanswered. */
  private crash(): void {
    this.transaction = null;
    this.state = 'closed';
    this.events.push({ type: 'close' });
  }
}

/** The commands Exim knows (smtp_in.c's cmd_list), by the way it knows them. */
const EXIM_VERBS: ReadonlySet<string> = new Set([
  'RSET',
  'HELO',
  'EHLO',
  'AUTH',
  'STARTTLS',
  'DATA',
  'BDAT',
  'QUIT',
  'NOOP',
  'ATRN',
  'ETRN',
  'VRFY',
  'EXPN',
  'HELP',
]);
/** Commands that must be the last of a pipelined group (RFC 2920 3.1; ATRN and ETRN by Exim's analogy with TURN). */
const MUST_END_GROUP: ReadonlySet<string> = new Set(['HELO', 'EHLO', 'DATA', 'VRFY', 'EXPN', 'NOOP', 'ATRN', 'ETRN', 'STARTTLS']);
/** Commands that may be followed only where PIPELINING was offered. */
const MAY_FOLLOW_IF_PIPELINING: ReadonlySet<string> = new Set(['MAIL', 'RCPT', 'RSET']);

/** The local part of an address as the session keeps it ("a@b" → "a"; "postmaster" → itself). */
function localPartOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at === -1 ? address : address.slice(0, at);
}

/** The command Exim reads in a line, or null for a line that is none: MAIL and RCPT only as "MAIL FROM:" and "RCPT TO:". */
function eximVerb(line: Uint8Array): string | null {
  const head = decodeText(line.subarray(0, 16)).toUpperCase();
  if (/^(?:MAIL FROM|RCPT TO):/.test(head)) return head.slice(0, 4);
  const word = /^[A-Z]+(?=[ \t]|$)/.exec(head.trimEnd())?.[0] ?? '';
  return EXIM_VERBS.has(word) ? word : null;
}

/** What a refusal of a parameter names: the parameter as sent (Postfix), and all of them with the address (Exim). */
function paramVars(p: Parameter, all: readonly Parameter[], address: string): Record<string, string> {
  const text = (q: Parameter) => (q.value === null ? q.keyword : `${q.keyword}=${q.value}`);
  const rest = all.map(text).join(' ');
  // Exim's parse.c quotes what follows the address twice, the second time cut ("%.32s").
  return { param: text(p), rest, rest32: rest.slice(0, 32), address };
}

/**
 * A command line as the server reads it (Personality's commandBytes), or null when it
 * refuses the line unread; such a refusal never echoes the line back. Other control
 * bytes are part of the line, as they are to both real servers.
 */
function commandText(bytes: Uint8Array, rule: Personality['commandBytes']): string | null {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    if (rule.nul === 'refuse') return null;
    bytes = bytes.subarray(0, nul);
  }
  try {
    return fatalUtf8.decode(bytes);
  } catch {
    return rule.utf8 === 'refuse' ? null : decodeText(bytes);
  }
}
