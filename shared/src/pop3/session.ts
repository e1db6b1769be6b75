/**
 * The POP3 sandbox: a sans-IO POP3 server session (RFC 1939, with CAPA of RFC 2449,
 * STLS of RFC 2595 and AUTH PLAIN of RFC 5034), over the same mailbox the SMTP
 * sandbox stores into (one maildrop per local part: maildrops.ts).
 *
 * How this works:
 * - A driver calls `start()` once for the greeting, then `receive(bytes)` with whatever
 *   arrived, in any chunking; each call returns the bytes to send and the events that
 *   happened (`startTls`, `close`). The session never touches a socket or a timer.
 * - Lines are read by protocol/line-reader.ts ('split': a line over the limit is
 *   reported as soon as the limit is reached, as Dovecot's full input buffer is).
 *   Pipelined commands are more lines in the same chunk; their replies come out in order.
 * - The states of RFC 1939:
 *     authorization — only CAPA, USER, PASS, APOP, AUTH, STLS and QUIT are known (4, 7);
 *     transaction   — after a login: STAT, LIST, RETR, DELE, NOOP, RSET, TOP, UIDL, CAPA, QUIT (5);
 *     update        — QUIT in transaction: the marked messages are removed, then closed (6);
 *     closed        — nothing more is read.
 *   A login opens the maildrop and numbers its messages for the whole session; mail
 *   that arrives later is seen at the next login.
 * - DELE only marks. QUIT (the UPDATE state) removes what is marked; RSET takes the
 *   marks back; a connection lost (`close()`) or ended for too many errors removes nothing.
 * - Bad input is never an exception: it gets "-ERR" and a clear text. Too many bad
 *   commands in a row, or a line too long, get "-ERR" and a close, as Dovecot does.
 * - The words and limits are the personality's (personalities/dovecot.ts).
 */
import { decodeBase64 } from '../protocol/base64.js';
import { concatBytes, decodeText, encodeText } from '../protocol/bytes.js';
import { LineReader } from '../protocol/line-reader.js';
import type { StoredMessage } from '../server/mailbox.js';
import { type Maildrops, maildropName } from './maildrops.js';
import { dovecot } from './personalities/dovecot.js';
import type { Pop3Personality } from './personality.js';
import { type Pop3ReplyKey, renderPop3Reply } from './replies.js';
import { pop3Size, retrievalBytes, uidlOf } from './retrieval.js';

export interface Pop3SessionOptions {
  /** Where each login's messages come from. */
  maildrops: Maildrops;
  /** Epoch milliseconds (for an APOP timestamp; the Dovecot personality offers none). */
  clock: () => number;
  /** A number in [0, 1) (for an APOP timestamp; the Dovecot personality offers none). */
  random: () => number;
  personality?: Pop3Personality;
  /** The server's name (for an APOP timestamp; the Dovecot personality offers none). */
  hostname?: string;
  /** The password every maildrop opens with in the sandbox: 'sandbox'. */
  password?: string;
  /** The driver can do TLS, so STLS is offered. */
  tls?: boolean;
  /** The connection is TLS from its first byte (port 995 or 2995): no STLS. */
  implicitTls?: boolean;
}

export type Pop3State = 'authorization' | 'transaction' | 'update' | 'closed';

export type Pop3Event =
  /** Begin the TLS handshake now, then call `tlsStarted()`. */
  | { type: 'startTls' }
  /** Close the connection once `output` is sent. */
  | { type: 'close' };

export interface Pop3Output {
  output: Uint8Array;
  events: Pop3Event[];
}

/** The password of every maildrop in the sandbox, the demo account `learner`'s too. */
export const SANDBOX_PASSWORD = 'sandbox';

/** A message of the open maildrop, numbered from 1 for this session. */
interface DropMessage {
  message: StoredMessage;
  size: number;
  deleted: boolean;
}

/** What a command handler says of itself: it went well, or it failed (and counts toward the limit of bad commands). */
type Result = 'ok' | 'bad';

const NO_OUTPUT = new Uint8Array(0);
/** The largest message number Dovecot reads (an unsigned int), and the largest line count (uoff_t). */
const MAX_NUMBER = 4294967295n;
const MAX_SIZE = 18446744073709551615n;

/** Output octets after which pipelined commands wait unread (see receive): one large message at a time. */
export const OUTPUT_BOUND = 1024 * 1024;

export class Pop3Session {
  state: Pop3State = 'authorization';
  private readonly personality: Pop3Personality;
  private readonly password: string;
  private lines: LineReader;
  /** USER's name, waiting for PASS. */
  private user: string | null = null;
  /** Who logged in, once one has. */
  private authUser: string | null = null;
  /** AUTH PLAIN sent "+ ": the next line is the SASL response. */
  private sasl = false;
  private tlsPending = false;
  private tlsActive: boolean;
  private drop: DropMessage[] = [];
  /** A DELE since the last RSET: QUIT then says "messages deleted" (Dovecot's deleted_bitmask). */
  private marked = false;
  private bad = 0;
  private out: Uint8Array[] = [];
  /** Octets in `out`: past OUTPUT_BOUND, no more commands are read until the driver has sent them (see receive). */
  private outSize = 0;
  /** Bytes received but not yet read, because the output waiting to be sent is already large. */
  private backlog: Uint8Array | null = null;
  private events: Pop3Event[] = [];

  constructor(private readonly options: Pop3SessionOptions) {
    this.personality = options.personality ?? dovecot;
    this.password = options.password ?? SANDBOX_PASSWORD;
    this.tlsActive = options.implicitTls === true;
    this.lines = new LineReader(this.personality.limits.lineBeforeLogin, 'split');
  }

  /** The greeting. Call once, when the connection opens. */
  start(): Pop3Output {
    this.reply('OK_GREETING');
    return this.flush();
  }

  /**
   * Feed bytes the client sent; get back what to send and what happened.
   *
   * Pipelined commands are read one after another, but once the replies waiting to go
   * out pass OUTPUT_BOUND (a large RETR), the rest of the bytes wait unread, as a server
   * that waits on its output before the next command: `waiting` says so, and the driver
   * calls `resume()` when it has sent what it got. So eight thousand pipelined RETRs of
   * a large message cost one message's memory at a time, not all of it at once.
   */
  receive(bytes: Uint8Array): Pop3Output {
    if (this.backlog) {
      bytes = concatBytes([this.backlog, bytes]);
      this.backlog = null;
    }
    let i = 0;
    while (i < bytes.length) {
      if (this.outSize >= OUTPUT_BOUND) {
        this.backlog = bytes.slice(i);
        break;
      }
      // After QUIT nothing is read; after STLS's +OK the plaintext that followed is dropped, never read as if it came over TLS.
      if (this.state === 'closed' || this.tlsPending) break;
      const read = this.lines.read(bytes, i);
      if (!read) break;
      i = read.next;
      if (read.event.type === 'tooLong') {
        this.hangUp(this.state === 'authorization' ? 'ERR_LINE_TOO_LONG_AUTHORIZATION' : 'ERR_LINE_TOO_LONG');
        break;
      }
      const line = decodeText(read.event.bytes);
      if (this.sasl) this.saslResponse(line);
      else if (this.state === 'authorization') this.authorization(line);
      else this.transaction(line);
    }
    return this.flush();
  }

  /** Whether bytes wait unread behind a large reply: call `resume()` once the output so far is sent. */
  get waiting(): boolean {
    return this.backlog !== null && this.state !== 'closed';
  }

  /** Reads on from where a large reply stopped the reading. */
  resume(): Pop3Output {
    return this.receive(NO_OUTPUT);
  }

  /** The driver finished the TLS handshake. Nothing said before it counts (RFC 2595 4): USER is forgotten. */
  tlsStarted(): Pop3Output {
    if (!this.tlsPending) return this.flush();
    this.tlsPending = false;
    this.tlsActive = true;
    this.user = null;
    this.lines.reset();
    return this.flush();
  }

  /**
   * Instead of `start()`: the driver has no room for another connection (`'server'`),
   * or none for another from this client's address (`'client'`, `limit` of them), so
   * it is refused with -ERR and closed.
   */
  busy(scope: 'server' | 'client' = 'server', limit = 0): Pop3Output {
    this.hangUp(scope === 'client' ? 'ERR_TOO_MANY_FROM_CLIENT' : 'ERR_TOO_MANY_CONNECTIONS', { count: limit });
    return this.flush();
  }

  /** The driver's idle timer ran out: -ERR, and the connection closes; nothing marked is deleted. */
  timeout(): Pop3Output {
    if (this.state !== 'closed') this.hangUp('ERR_IDLE_TIMEOUT');
    return this.flush();
  }

  /** The driver is stopping: -ERR, and the connection closes; nothing marked is deleted. */
  shutdown(): Pop3Output {
    if (this.state !== 'closed') this.hangUp('ERR_SHUTTING_DOWN');
    return this.flush();
  }

  /** The connection is gone. In the TRANSACTION state nothing marked is deleted (RFC 1939 6). */
  close(): void {
    this.state = 'closed';
    this.drop = [];
  }

  // -- AUTHORIZATION (RFC 1939 4) ---------------------------------------------------

  /** A line before login, read as Dovecot's pop3-login reads it: a name of up to 8 characters, uppercased. */
  private authorization(line: string): void {
    const name = (/^[^ \0]{0,8}/.exec(line)?.[0] ?? '').toUpperCase();
    const rest = line.slice(name.length);
    const args = rest.startsWith(' ') ? rest.slice(1) : rest;
    // AUTH does not count toward the bad commands, whatever its end (Dovecot reads it apart).
    if (name === 'AUTH') return this.auth(args);
    const known = this.loginCommand(name, args);
    if (known) {
      this.bad = 0;
      return;
    }
    this.reply('ERR_UNKNOWN_AUTHORIZATION');
    if (++this.bad >= this.personality.limits.badBeforeLogin) this.hangUp('ERR_TOO_MANY_BAD_AUTHORIZATION');
  }

  /** The commands known before login; false for any other. */
  private loginCommand(name: string, args: string): boolean {
    switch (name) {
      case 'CAPA':
        this.capa();
        return true;
      case 'USER':
        this.user = args;
        this.reply('OK_USER');
        return true;
      case 'PASS':
        if (this.user === null) {
          this.reply('ERR_NO_USERNAME');
          return true;
        }
        this.login(this.user, args);
        return true;
      case 'APOP':
        // RFC 1939 7 makes APOP optional; Dovecot answers this where no password scheme allows it.
        this.reply('ERR_APOP_NOT_ENABLED');
        return true;
      case 'STLS':
        this.stls();
        return true;
      case 'QUIT':
        this.hangUp('OK_LOGOUT_UNAUTHENTICATED');
        return true;
      default:
        return false;
    }
  }

  private capa(): void {
    const caps = this.personality.capabilities;
    const lines =
      this.state === 'authorization'
        ? [
            ...caps.authorization,
            ...(this.options.tls && !this.tlsActive ? ['STLS'] : []),
            // The sandbox takes a plaintext password on any connection (Dovecot does on a secured one, as 127.0.0.1 is).
            'USER',
            ['SASL', ...this.personality.saslMechanisms].join(' '),
          ]
        : caps.transaction;
    this.multiLine('OK_CAPA', {}, lines);
  }

  /** RFC 2595 4: STLS only before login, only once, only where TLS can begin. */
  private stls(): void {
    if (this.tlsActive) return this.reply('ERR_TLS_ACTIVE');
    if (!this.options.tls) return this.reply('ERR_TLS_UNAVAILABLE');
    this.reply('OK_STLS');
    this.tlsPending = true;
    this.events.push({ type: 'startTls' });
  }

  /** RFC 5034 4: AUTH mechanism [initial-response]; the response may come after "+ " instead. */
  private auth(args: string): void {
    this.user = null;
    if (args === '') return this.multiLine('OK_AUTH_MECHANISMS', {}, this.personality.saslMechanisms);
    const space = args.indexOf(' ');
    const mechanism = (space === -1 ? args : args.slice(0, space)).toUpperCase();
    if (!(this.personality.saslMechanisms as readonly string[]).includes(mechanism)) return this.reply('ERR_AUTH_MECHANISM');
    if (space === -1) {
      this.sasl = true;
      this.lines = new LineReader(this.personality.limits.saslLine, 'split');
      return this.reply('CONTINUE_AUTH');
    }
    // RFC 5034 4: "=" is an initial response of zero length.
    const initial = args.slice(space + 1);
    this.plain(initial === '=' ? '' : initial, 'ERR_AUTH_BASE64_INITIAL');
  }

  private saslResponse(line: string): void {
    this.sasl = false;
    this.lines = new LineReader(this.personality.limits.lineBeforeLogin, 'split');
    if (line === '*') return this.reply('ERR_AUTH_ABORTED');
    this.plain(line, 'ERR_AUTH_BASE64');
  }

  /** PLAIN (RFC 4616): base64 of authzid NUL authcid NUL password; an authzid must be the authcid itself. */
  private plain(response: string, notBase64: Pop3ReplyKey): void {
    const bytes = decodeBase64(response);
    if (!bytes) return this.reply(notBase64);
    const parts = decodeText(bytes).split('\0');
    const [authzid, authcid, password] = parts;
    if (parts.length !== 3 || (authzid !== '' && authzid !== authcid)) return this.reply('ERR_AUTH_FAILED');
    this.login(authcid as string, password as string);
  }

  /** Any local part opens with the sandbox's password; the maildrop is numbered now, for the session. */
  private login(user: string, password: string): void {
    this.user = null;
    if (maildropName(user) === '' || password !== this.password) return this.reply('ERR_AUTH_FAILED');
    this.authUser = user;
    this.drop = this.options.maildrops.list(user).map((message) => ({ message, size: pop3Size(message.raw), deleted: false }));
    this.marked = false;
    this.lines = new LineReader(this.personality.limits.lineAfterLogin, 'split');
    this.bad = 0;
    this.state = 'transaction';
    this.reply('OK_LOGGED_IN');
  }

  // -- TRANSACTION (RFC 1939 5, 7) ----------------------------------------------------

  /** A line after login, read as Dovecot's pop3 reads it: the name up to the first space, any case; spaces before the arguments skipped. */
  private transaction(line: string): void {
    const space = line.indexOf(' ');
    const name = (space === -1 ? line : line.slice(0, space)).toUpperCase();
    const args = space === -1 ? '' : line.slice(space + 1).replace(/^ +/, '');
    const result = name === '' ? this.replied('ERR_EMPTY_COMMAND', 'bad') : this.command(name, args);
    if (result === 'ok') this.bad = 0;
    else if (++this.bad > this.personality.limits.badAfterLogin) this.hangUp('ERR_TOO_MANY_BAD');
  }

  private command(name: string, args: string): Result {
    switch (name) {
      case 'STAT':
        return this.replied('OK_STAT', 'ok', this.totals());
      case 'LIST':
        return this.list(args);
      case 'RETR': {
        const n = this.messageNumber(args, false);
        return n === null ? 'bad' : this.retrieve(n.n, null);
      }
      case 'TOP':
        return this.top(args);
      case 'DELE':
        return this.dele(args);
      case 'NOOP':
        return this.replied('OK_NOOP', 'ok');
      case 'RSET':
        for (const m of this.drop) m.deleted = false;
        this.marked = false;
        return this.replied('OK_RSET', 'ok', this.totals());
      case 'UIDL':
        return this.uidl(args);
      case 'CAPA':
        this.capa();
        return 'ok';
      case 'QUIT':
        this.quit();
        return 'ok';
      default:
        return this.replied('ERR_UNKNOWN', 'bad', { verb: name });
    }
  }

  /** Messages not marked for deletion, and their octets together. */
  private totals(): { count: number; size: number } {
    let count = 0;
    let size = 0;
    for (const m of this.drop) {
      if (m.deleted) continue;
      count++;
      size += m.size;
    }
    return { count, size };
  }

  private list(args: string): Result {
    if (args === '') {
      const lines = this.drop.flatMap((m, i) => (m.deleted ? [] : [`${i + 1} ${m.size}`]));
      this.multiLine('OK_LIST_ALL', { count: lines.length }, lines);
      return 'ok';
    }
    const n = this.messageNumber(args, false);
    if (n === null) return 'bad';
    return this.replied('OK_LIST_ONE', 'ok', { n: n.n, size: (this.drop[n.n - 1] as DropMessage).size });
  }

  private top(args: string): Result {
    const n = this.messageNumber(args, true);
    if (n === null) return 'bad';
    const lines = this.lineCount(n.rest);
    if (lines === null) return 'bad';
    return this.retrieve(n.n, lines);
  }

  /** RETR (`bodyLines` null) or TOP: the status line, then the message's lines, stuffed, and ".". */
  private retrieve(n: number, bodyLines: number | null): Result {
    const m = this.drop[n - 1] as DropMessage;
    this.reply(bodyLines === null ? 'OK_RETR' : 'OK_TOP', { n, size: m.size });
    this.push(retrievalBytes(m.message.raw, bodyLines));
    return 'ok';
  }

  private dele(args: string): Result {
    const n = this.messageNumber(args, false);
    if (n === null) return 'bad';
    (this.drop[n.n - 1] as DropMessage).deleted = true;
    this.marked = true;
    return this.replied('OK_DELE', 'ok', { n: n.n });
  }

  private uidl(args: string): Result {
    if (args === '') {
      const lines = this.drop.flatMap((m, i) => (m.deleted ? [] : [`${i + 1} ${uidlOf(m.message.id)}`]));
      this.multiLine('OK_UIDL_ALL', {}, lines);
      return 'ok';
    }
    const n = this.messageNumber(args, false);
    if (n === null) return 'bad';
    return this.replied('OK_UIDL_ONE', 'ok', { n: n.n, uid: uidlOf((this.drop[n.n - 1] as DropMessage).message.id) });
  }

  /** RFC 1939 6: the UPDATE state removes what is marked, says goodbye, and closes. */
  private quit(): void {
    this.state = 'update';
    const gone = this.drop.filter((m) => m.deleted).map((m) => m.message.id);
    this.options.maildrops.remove(this.authUser as string, gone);
    this.drop = [];
    this.hangUp(this.marked ? 'OK_LOGOUT_DELETED' : 'OK_LOGOUT');
  }

  /**
   * A message number as Dovecot's get_msgnum reads it: digits, then nothing (or a space,
   * where another argument follows); a message that exists and is not marked. Null
   * when it is none of that (the reply is sent).
   */
  private messageNumber(args: string, thenSpace: boolean): { n: number; rest: string } | null {
    const digits = /^[0-9]+/.exec(args)?.[0];
    if (digits === undefined) return this.refused('ERR_INVALID_NUMBER', { arg: args });
    const after = args.slice(digits.length);
    // Dovecot 2.3 names what follows the digits (str_parse_uint has moved past them).
    if (BigInt(digits) > MAX_NUMBER) return this.refused('ERR_NUMBER_TOO_LARGE', { arg: after });
    if (thenSpace ? !after.startsWith(' ') : after !== '') return this.refused('ERR_NUMBER_NOISE', { arg: after });
    const n = Number(digits);
    const m = this.drop[n - 1];
    if (n === 0 || !m) return this.refused('ERR_NO_MESSAGE', { n });
    if (m.deleted) return this.refused('ERR_DELETED', { n });
    return { n, rest: after.replace(/^ +/, '') };
  }

  /** TOP's number of lines, as Dovecot's get_size reads it. */
  private lineCount(args: string): number | null {
    const digits = /^[0-9]+/.exec(args)?.[0];
    if (digits === undefined) return this.refused('ERR_INVALID_SIZE', { arg: args });
    const after = args.slice(digits.length);
    if (BigInt(digits) > MAX_SIZE) return this.refused('ERR_SIZE_TOO_LARGE', { arg: after });
    if (after !== '') return this.refused('ERR_SIZE_NOISE', { arg: after });
    return Number(digits);
  }

  // -- replies ------------------------------------------------------------------------

  private reply(key: Pop3ReplyKey, vars: Readonly<Record<string, string | number>> = {}): void {
    this.push(encodeText(`${renderPop3Reply(key, this.personality.replies, vars)}\r\n`));
  }

  private replied(key: Pop3ReplyKey, result: Result, vars: Readonly<Record<string, string | number>> = {}): Result {
    this.reply(key, vars);
    return result;
  }

  private refused(key: Pop3ReplyKey, vars: Readonly<Record<string, string | number>>): null {
    this.reply(key, vars);
    return null;
  }

  /** A status line, then lines (stuffed: none of ours begins with a dot, but the rule is kept), then ".". */
  private multiLine(key: Pop3ReplyKey, vars: Readonly<Record<string, string | number>>, lines: readonly string[]): void {
    this.reply(key, vars);
    this.push(encodeText(`${lines.map((l) => `${l.startsWith('.') ? '.' : ''}${l}\r\n`).join('')}.\r\n`));
  }

  /** A last reply, and the connection closes. Nothing marked is deleted unless QUIT came first. */
  private hangUp(key: Pop3ReplyKey, vars: Readonly<Record<string, string | number>> = {}): void {
    this.reply(key, vars);
    if (this.state !== 'update') this.drop = [];
    this.state = 'closed';
    this.events.push({ type: 'close' });
  }

  private push(bytes: Uint8Array): void {
    this.out.push(bytes);
    this.outSize += bytes.length;
  }

  private flush(): Pop3Output {
    const result = { output: this.out.length === 0 ? NO_OUTPUT : concatBytes(this.out), events: this.events };
    this.out = [];
    this.outSize = 0;
    this.events = [];
    return result;
  }
}
