/**
 * How the observer reads a POP3 session (observer.ts hands it each complete line once
 * the server's first line showed POP3). It never looks inside a server: the maildrop,
 * the login and the deletions are what the lines say.
 *
 * How this works:
 * - Each client line is a command (its verb, any case, and its arguments), except the
 *   line after a "+ " to AUTH, which is a SASL response. Replies answer commands in
 *   order (RFC 2449 6.6 lets a client pipeline them); the greeting answers the connection.
 * - A status line is "+OK", "-ERR" or, during AUTH, "+ ". Whether lines follow it, up to
 *   a lone ".", is decided by the command it answers (RFC 1939 3): CAPA, RETR and TOP
 *   always, LIST and UIDL without an argument, AUTH without a mechanism (Dovecot lists
 *   its mechanisms). Never by the look of the text.
 * - In a multi-line response a line that begins with "." was sent with one more dot:
 *   it is shown without it. Lines of RETR and TOP are the message: header fields, the
 *   blank line, the body.
 * - The POP3 states of RFC 1939 follow the replies: a +OK to PASS, APOP or AUTH enters
 *   TRANSACTION; a +OK to QUIT there is the UPDATE state (what DELE marked is removed),
 *   then closed. A connection that ends otherwise deletes nothing.
 */

import type { Pop3ReplyKey, Pop3Status } from '../pop3/replies.js';
import { decodeBase64 } from '../protocol/base64.js';
import { decodeText } from '../protocol/bytes.js';
import { parseHeaderField } from '../protocol/header-field.js';
import { explainPop3Reply, POP3_COMMAND_EXPLANATIONS, POP3_VERBS, type Pop3Verb } from './explain-pop3.js';
import type { ObserverState, TranscriptLine } from './observer.js';

/** A message fetched with RETR or TOP, as the lines showed it. */
export interface Pop3Retrieval {
  /** The message number asked for. */
  number: number;
  command: 'RETR' | 'TOP';
  /** Its header fields, unfolded, in order (the trace fields first). */
  headers: { name: string; value: string }[];
  /** Lines of the body seen. */
  bodyLines: number;
  /** The final "." arrived. */
  complete: boolean;
}

/** Where the visit to the post office box is: the page's analogy. */
export type Pop3Step = 'arrive' | 'key' | 'counted' | 'taken' | 'marked' | 'leave';

/** What a POP3 session has shown so far. */
export interface Pop3View {
  state: 'authorization' | 'transaction' | 'update' | 'closed';
  /** The name given with USER, APOP or AUTH PLAIN. */
  user: string | null;
  authenticated: boolean;
  /** STLS was accepted (the bytes after it are TLS). */
  tls: boolean;
  /** The last CAPA's lines. */
  capabilities: string[];
  /** Messages and octets in the maildrop, from STAT (or the count of LIST's lines). */
  count: number | null;
  size: number | null;
  /** Sizes by message number, from LIST. */
  sizes: Record<number, number>;
  /** Unique-ids by message number, from UIDL. */
  uidls: Record<number, string>;
  retrieved: Pop3Retrieval[];
  /** Message numbers marked with DELE in this session (RSET takes them back). */
  deleted: number[];
  /** QUIT was answered +OK: in TRANSACTION, the marked messages were removed. */
  quit: boolean;
  step: Pop3Step;
  /** The last status line, with what it answered and its catalogue key. */
  lastStatus: { context: string; status: Pop3Status; text: string; key: Pop3ReplyKey | null } | null;
  /** Every status line so far with what it answered (a verb, "connect", "auth-response", "unknown"), oldest first (the last 200). */
  statuses: { context: string; status: Pop3Status }[];
}

export function initialPop3View(): Pop3View {
  return {
    state: 'authorization',
    user: null,
    authenticated: false,
    tls: false,
    capabilities: [],
    count: null,
    size: null,
    sizes: {},
    uidls: {},
    retrieved: [],
    deleted: [],
    quit: false,
    step: 'arrive',
    lastStatus: null,
    statuses: [],
  };
}

/** A command awaiting its status line. */
interface Pending {
  context: Pop3Verb | 'connect' | 'auth-response' | 'unknown';
  args: string;
}

/** Bounds: the retrievals and header fields kept for the lessons and the page. */
const MAX_RETRIEVALS = 100;
const MAX_HEADERS = 200;
const MAX_STATUSES = 200;

/** Replies that decide how the client's next lines read: after AUTH a SASL response may follow, after STLS TLS. */
const DECIDING: ReadonlySet<string> = new Set(['AUTH', 'auth-response', 'STLS']);

export class Pop3Reading {
  private readonly pending: Pending[] = [{ context: 'connect', args: '' }];
  /** The client's next line is a SASL response. */
  private saslNext = false;
  /** The multi-line response being read, and what it answers. */
  private multi: { context: Pending; inBody: boolean } | null = null;

  /** Whether a reply still to come decides how the client's next lines read. */
  deciding(): boolean {
    return this.pending.some((p) => DECIDING.has(p.context));
  }

  clientLine(s: ObserverState, line: TranscriptLine): void {
    const view = { ...(s.pop3 ?? initialPop3View()) };
    s.pop3 = view;
    if (this.saslNext) {
      this.saslNext = false;
      line.kind = 'auth';
      line.explain = line.text === '*' ? 'Cancels the login.' : 'A login answer, in base64.';
      this.noteUser(view, line.text);
      this.pending.push({ context: 'auth-response', args: line.text });
      return;
    }
    if (line.ending === 'lf') line.notes = [...line.notes, 'This line ended with a bare LF, not CRLF. Servers accept that, but RFC 1939 3 asks for CRLF.'];
    const space = line.text.indexOf(' ');
    const word = (space === -1 ? line.text : line.text.slice(0, space)).toUpperCase();
    const args = space === -1 ? '' : line.text.slice(space + 1);
    const verb = (POP3_VERBS as readonly string[]).includes(word) ? (word as Pop3Verb) : null;
    line.kind = 'command';
    line.pop3 = { verb: word, args };
    if (!verb) {
      line.explain = word === '' ? 'An empty line: no command.' : `Not a POP3 command: ${word}.`;
      this.pending.push({ context: 'unknown', args });
      return;
    }
    line.explain = POP3_COMMAND_EXPLANATIONS[verb].explain;
    if (verb === 'USER') view.user = args;
    if (verb === 'APOP') view.user = args.split(' ')[0] ?? '';
    if (verb === 'AUTH' && /^PLAIN\s+\S/i.test(args)) this.noteUser(view, args.replace(/^PLAIN\s+/i, ''));
    this.pending.push({ context: verb, args });
  }

  /** A server line; true when it accepted STLS (what the client sent after STLS in plain text is then dropped by the server). */
  serverLine(s: ObserverState, line: TranscriptLine): boolean {
    const view = { ...(s.pop3 ?? initialPop3View()) };
    s.pop3 = view;
    if (this.multi) {
      this.multiLine(view, line);
      return false;
    }
    line.kind = 'reply';
    const status = parseStatus(line.text);
    if (!status) {
      line.explain = 'Not a POP3 status line: replies begin with +OK or -ERR.';
      return false;
    }
    const p = this.pending.shift() ?? { context: 'unknown', args: '' };
    const e = explainPop3Reply(p.context, status.status, status.text);
    line.status = status.status;
    line.pop3ReplyKey = e.key;
    line.explain = e.explain;
    view.lastStatus = { context: p.context, status: status.status, text: status.text, key: e.key };
    view.statuses = [...view.statuses.slice(-(MAX_STATUSES - 1)), { context: p.context, status: status.status }];
    return this.applyStatus(s, view, p, status.status, status.text, line);
  }

  /** The connection is gone: nothing marked is removed unless QUIT was answered. */
  closed(s: ObserverState): void {
    if (!s.pop3) return;
    s.pop3 = { ...s.pop3, state: 'closed', step: 'leave' };
  }

  private applyStatus(s: ObserverState, view: Pop3View, p: Pending, status: Pop3Status, text: string, line: TranscriptLine): boolean {
    const ok = status === '+OK';
    if (p.context === 'connect') s.greeting = text;
    if (status === '+') {
      this.saslNext = true;
      return false;
    }
    if (ok && isMultiLine(p)) this.multi = { context: p, inBody: false };
    switch (p.context) {
      case 'PASS':
      case 'APOP':
      case 'AUTH':
      case 'auth-response':
        if (p.context === 'AUTH' && p.args.trim() === '') return false; // the list of mechanisms
        if (ok && view.state === 'authorization') {
          view.authenticated = true;
          view.state = 'transaction';
          view.step = 'key';
        } else if (!ok) view.user = null;
        return false;
      case 'STLS':
        if (!ok) return false;
        view.tls = true;
        s.tls = true;
        view.user = null;
        return true;
      case 'STAT': {
        const m = /^(\d+) (\d+)/.exec(text);
        if (ok && m) {
          view.count = Number(m[1]);
          view.size = Number(m[2]);
          view.step = 'counted';
        }
        return false;
      }
      case 'LIST':
      case 'UIDL': {
        const m = /^(\d+) (\S+)/.exec(text);
        if (ok && p.args !== '' && m) this.listing(view, p.context, Number(m[1]), m[2] as string);
        if (ok && p.context === 'LIST' && p.args === '') {
          view.sizes = {};
          view.count = 0;
        }
        if (ok) view.step = 'counted';
        return false;
      }
      case 'RETR':
      case 'TOP':
        if (ok) {
          const n = Number(/^\d+/.exec(p.args)?.[0] ?? 0);
          view.retrieved = [...view.retrieved.slice(-(MAX_RETRIEVALS - 1)), { number: n, command: p.context, headers: [], bodyLines: 0, complete: false }];
          view.step = 'taken';
        }
        return false;
      case 'DELE':
        if (ok) {
          const n = Number(/^\d+/.exec(p.args)?.[0] ?? 0);
          view.deleted = [...view.deleted.filter((d) => d !== n), n];
          view.step = 'marked';
        }
        return false;
      case 'RSET':
        if (ok) view.deleted = [];
        return false;
      case 'QUIT':
        if (!ok) return false;
        view.quit = true;
        // RFC 1939 6: QUIT in TRANSACTION is the UPDATE state; the server then closes.
        view.state = 'closed';
        view.step = 'leave';
        s.conversation = 'closed';
        s.step = 'leave';
        line.notes = [
          ...line.notes,
          view.authenticated ? 'The UPDATE state: what was marked with DELE is removed now, and the connection closes.' : 'The connection closes.',
        ];
        return false;
      default:
        return false;
    }
  }

  /** A line of a multi-line response, or its final ".". */
  private multiLine(view: Pop3View, line: TranscriptLine): void {
    const m = this.multi as { context: Pending; inBody: boolean };
    if (line.text === '.') {
      this.multi = null;
      line.kind = 'end-of-data';
      line.explain = 'A line with only a dot: the response is complete.';
      if (m.context.context === 'RETR' || m.context.context === 'TOP') this.updateRetrieval(view, (r) => ({ ...r, complete: true }));
      return;
    }
    if (line.text.startsWith('.')) {
      line.text = line.text.slice(1);
      line.notes = [...line.notes, 'Sent with one more dot at the start (byte-stuffing), so it cannot be taken for the final "."; shown without it.'];
    }
    const context = m.context.context;
    line.kind = 'body';
    if (context === 'RETR' || context === 'TOP') return this.messageLine(view, m, line);
    if (context === 'CAPA') {
      view.capabilities = [...view.capabilities, line.text];
      line.explain = `A capability: ${capabilityWords(line.text)}`;
      return;
    }
    if (context === 'AUTH') {
      line.explain = `A SASL mechanism this server takes: ${line.text}.`;
      return;
    }
    const listing = /^(\d+) (\S+)/.exec(line.text);
    if (!listing) {
      line.explain = 'A line of the listing.';
      return;
    }
    this.listing(view, context as 'LIST' | 'UIDL', Number(listing[1]), listing[2] as string);
    line.explain = context === 'LIST' ? `Message ${listing[1]} is ${listing[2]} octets.` : `Message ${listing[1]}'s unique-id: ${listing[2]}.`;
  }

  private listing(view: Pop3View, context: 'LIST' | 'UIDL', n: number, value: string): void {
    if (context === 'LIST') {
      view.sizes = { ...view.sizes, [n]: Number(value) };
      if (this.multi) view.count = Object.keys(view.sizes).length;
    } else view.uidls = { ...view.uidls, [n]: value };
  }

  /** A line of a fetched message: a header field (or its folded continuation), the blank line, or the body. */
  private messageLine(view: Pop3View, m: { inBody: boolean }, line: TranscriptLine): void {
    if (m.inBody) {
      line.explain = 'Part of the body of the message.';
      this.updateRetrieval(view, (r) => ({ ...r, bodyLines: r.bodyLines + 1 }));
      return;
    }
    if (line.text === '') {
      m.inBody = true;
      line.kind = 'blank';
      line.explain = 'The blank line ends the header; the body follows.';
      return;
    }
    if (/^[ \t]/.test(line.text)) {
      line.kind = 'header';
      line.explain = 'Continues the header field above (folding).';
      this.updateRetrieval(view, (r) => {
        const last = r.headers[r.headers.length - 1];
        if (!last) return r;
        return { ...r, headers: [...r.headers.slice(0, -1), { name: last.name, value: `${last.value} ${line.text.trim()}` }] };
      });
      return;
    }
    const field = parseHeaderField(line.text);
    if (!field) {
      m.inBody = true;
      line.explain = 'Part of the body of the message.';
      return;
    }
    line.kind = 'header';
    line.explain = HEADER_WORDS[field.name.toLowerCase()] ?? `A header field of the message: ${field.name}.`;
    this.updateRetrieval(view, (r) => (r.headers.length >= MAX_HEADERS ? r : { ...r, headers: [...r.headers, { name: field.name, value: field.value }] }));
  }

  private updateRetrieval(view: Pop3View, change: (r: Pop3Retrieval) => Pop3Retrieval): void {
    const last = view.retrieved[view.retrieved.length - 1];
    if (last) view.retrieved = [...view.retrieved.slice(0, -1), change(last)];
  }

  /** Who is logging in with AUTH PLAIN: the authcid of "authzid NUL authcid NUL password". */
  private noteUser(view: Pop3View, b64: string): void {
    const bytes = decodeBase64(b64.trim());
    if (!bytes) return;
    const parts = decodeText(bytes).split('\0');
    if (parts.length === 3) view.user = parts[1] ?? null;
  }
}

/** Lines follow a +OK to these (RFC 1939 3, 5, 7; RFC 2449 5); LIST and UIDL only without an argument. */
function isMultiLine(p: Pending): boolean {
  switch (p.context) {
    case 'CAPA':
    case 'RETR':
    case 'TOP':
      return true;
    case 'LIST':
    case 'UIDL':
    case 'AUTH':
      return p.args.trim() === '';
    default:
      return false;
  }
}

/** "+OK text", "-ERR text" or a SASL continuation "+ data"; null for anything else. */
function parseStatus(text: string): { status: Pop3Status; text: string } | null {
  const m = /^(\+OK|-ERR)(?:$| (.*))/i.exec(text);
  if (m) return { status: (m[1] as string).toUpperCase() === '+OK' ? '+OK' : '-ERR', text: m[2] ?? '' };
  if (text === '+' || text.startsWith('+ ')) return { status: '+', text: text.slice(2) };
  return null;
}

/** The header fields a learner meets first in a fetched message. */
const HEADER_WORDS: Readonly<Record<string, string>> = {
  'return-path': 'Return-Path: the envelope sender (MAIL FROM), written in by the server that delivered the message.',
  received: 'Received: a trace field. Each server the message passed through adds one on top, so the oldest is the lowest.',
  from: 'From: who wrote the message, as the letter says (not the envelope).',
  to: "To: who the letter says it is for (the envelope's RCPT TO decided where it went).",
  subject: 'Subject: the title of the message.',
  date: 'Date: when the message was written.',
  'message-id': 'Message-ID: a unique name for this message.',
};

/** A capability in plain words (RFC 2449 6). */
function capabilityWords(line: string): string {
  const name = (line.split(' ')[0] ?? '').toUpperCase();
  const words: Record<string, string> = {
    CAPA: 'CAPA itself is known.',
    TOP: "TOP is known: fetch a message's header and first lines.",
    UIDL: 'UIDL is known: unique-ids that last between sessions.',
    USER: 'USER and PASS log in.',
    SASL: 'AUTH logs in with these SASL mechanisms.',
    STLS: 'STLS starts TLS on this connection.',
    'RESP-CODES': 'some -ERR replies carry a [CODE] saying why.',
    'AUTH-RESP-CODE': 'a failed login says [AUTH] or [SYS/…].',
    PIPELINING: 'several commands may be sent without waiting for each reply.',
    'LOGIN-DELAY': 'how long to wait between logins.',
    EXPIRE: 'how long messages are kept.',
    IMPLEMENTATION: 'which server this is.',
  };
  return words[name] ?? `${line}.`;
}
