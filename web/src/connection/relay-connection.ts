/**
 * Through the relay: a WebSocket to `/relay?target=NAME` on the page's own host, and
 * from there TCP to the server the relay knows by that name (its sandbox, or a real
 * server the operator configured). The page names a target; it never sends an address.
 *
 * How this works:
 * - Binary frames carry the raw bytes both ways. Text frames are JSON control messages
 *   (relay → page: connected, tls, error, closed; page → relay: starttls), read and
 *   built with shared's api.ts, each mapped to a ConnectionEvent here, so the rest of
 *   the page doesn't know it has a relay.
 * - An `error` is shown as the relay's sentence (what happened) and this page's advice
 *   for its code (what to do), from ERROR_ADVICE: the code decides, not the wording.
 * - The relay promises an `error` is followed by `closed`, then the close frame. A close
 *   with no `closed` before it (the relay died, a frame was too big, it was unreachable)
 *   is explained from its close code instead, in a sentence.
 * - Bytes go out in frames of at most 64 KiB, or the relay's own frame limit if that is
 *   smaller (`connected` says it): the relay bounds one frame, not the stream, and a
 *   long letter is a single send.
 */
import { formatControl, pageStartTls, parseRelayControl, type RelayError, type RelayErrorCode } from '@smtp-playground/shared';
import type { Connection, ConnectionEvent } from './connection';

/** The WebSocket parts used here, so tests can pass a fake. */
export interface RelaySocket {
  binaryType: BinaryType;
  readonly readyState: number;
  send(data: string | Uint8Array<ArrayBuffer>): void;
  close(code?: number): void;
  onopen: ((e: Event) => void) | null;
  onmessage: ((e: MessageEvent) => void) | null;
  onclose: ((e: CloseEvent) => void) | null;
  onerror: ((e: Event) => void) | null;
}

const FRAME = 64 * 1024;
const OPEN = 1; // WebSocket.OPEN, without needing the global in tests

/** The relay's WebSocket address for a target, on the host that served the page. */
export function relayUrl(target: string, page: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${page.protocol === 'https:' ? 'wss:' : 'ws:'}//${page.host}/relay?target=${encodeURIComponent(target)}`;
}

/**
 * What to do, by the relay's error code, added after the relay's sentence. Empty where
 * the sentence says it already: the relay knows the details (the exact --target to add,
 * the limit reached, the setting in the way), and the page has nothing to add.
 */
const ERROR_ADVICE: Readonly<Record<RelayErrorCode, string>> = {
  // The page always names exactly one target; the sentence says how it should look.
  'bad-request': '',
  // The sentence names the --target to start the relay with, spelled as the relay parses it.
  'unknown-target': '',
  // The sentence says: close one, or try again in a moment.
  'too-many-sessions': '',
  // The sentence says: close one first.
  'too-many-from-client': '',
  // Refused, not in DNS, no route, no answer: whichever it was, these are the two things to check.
  'connect-failed': 'Check that the server is running and that the machine running the relay can reach it.',
  // The sentence says what failed (self-signed, unknown authority, expired, another name); this is the way round it for a lab.
  'tls-failed': 'For a lab server with a self-signed certificate, add ,insecure to its --target when starting the relay.',
  // The sentence says why: the target's tls setting, which is the operator's to change.
  'tls-not-allowed': '',
  // This page only sends starttls, once, after the 220: a bug, not the learner's to fix.
  'bad-control': '',
  // The sentence says how long; reconnecting starts afresh.
  'idle-timeout': '',
  // Likewise.
  'session-lifetime': '',
  // The sentence gives the budget.
  'byte-limit': '',
  // The sentence gives the limit, which this page keeps to (connected announces it).
  'frame-too-big': '',
};

/** What the learner reads for a relay's error: its sentence, then the advice for its code. */
export function describeRelayError(error: RelayError): string {
  const advice = ERROR_ADVICE[error.code];
  return advice ? `${error.message} ${advice}` : error.message;
}

/**
 * A close that came with no `closed` message, in plain words. `reached`: the WebSocket
 * opened at all (a refused or failed upgrade never does, and browsers report it as 1006).
 */
export function describeClose(code: number, reason: string, reached: boolean, origin: string): string {
  const said = reason ? ` (${reason})` : '';
  if (!reached) {
    return `The page couldn’t reach the relay. Is it running (npm start)? A page served from another address, such as npm run dev, also needs the relay started with --origin ${origin}.`;
  }
  switch (code) {
    case 1000:
    case 1005:
      return `The relay closed the connection${said}.`;
    case 1001:
      return 'The relay is shutting down (WebSocket close 1001).';
    case 1006:
      return 'The connection to the relay dropped without a goodbye (WebSocket close 1006): the relay stopped, or the network went away.';
    case 1008:
      return `The relay refused the session (WebSocket close 1008, a policy refusal)${said}.`;
    case 1009:
      return 'The relay closed the session: one message was larger than it accepts at once (WebSocket close 1009).';
    case 1011:
      return 'The relay hit an unexpected error (WebSocket close 1011).';
    case 1013:
      return 'The relay is busy: too many sessions at once (WebSocket close 1013). Wait a moment, then reconnect.';
    default:
      return `The connection to the relay closed (WebSocket close ${code})${said}.`;
  }
}

export class RelayConnection implements Connection {
  readonly simulated = false;
  readonly readOnly = false;
  private socket: RelaySocket | null = null;
  private frame = FRAME;
  private readonly listeners = new Set<(e: ConnectionEvent) => void>();

  /**
   * @param target the name the relay knows the server by (`sandbox`, `lab`)
   * @param label what the page calls it
   * @param createSocket for tests; by default a real WebSocket to this page's relay
   * @param protocol 'pop3' for the relay's POP3 sandbox (the `pop3` target)
   */
  constructor(
    readonly target: string,
    readonly label: string,
    private readonly createSocket: (url: string) => RelaySocket = (url) => new WebSocket(url),
    private readonly url: string = relayUrl(target),
    readonly protocol: 'smtp' | 'pop3' = 'smtp',
  ) {}

  open(): void {
    const socket = this.createSocket(this.url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    let reached = false;
    let ended = false; // a `closed` message came, or the page closed: the close frame adds nothing
    socket.onopen = () => {
      reached = true;
    };
    socket.onmessage = (m) => {
      if (this.socket !== socket) return;
      if (typeof m.data !== 'string') {
        this.emit({ type: 'received', bytes: new Uint8Array(m.data as ArrayBuffer) });
        return;
      }
      const control = parseRelayControl(m.data);
      if (!control) return; // not a control message this page knows: nothing to act on
      switch (control.type) {
        case 'connected':
          this.frame = Math.min(FRAME, control.maxFrame);
          this.emit({ type: 'opened', peer: control.address });
          return;
        case 'tls':
          this.emit({
            type: 'tls',
            protocol: control.protocol,
            cipher: control.cipher,
            authorized: control.authorized,
            authorizationError: control.authorizationError,
            certificate: control.certificate,
            simulated: false,
          });
          return;
        case 'error':
          this.emit({ type: 'error', code: control.code, message: describeRelayError(control) });
          return;
        case 'closed':
          ended = true;
          this.socket = null;
          this.emit({ type: 'closed', by: control.by, reason: control.reason });
          return;
      }
    };
    // A failed connection fires error, then close; close has the code, so it speaks.
    socket.onerror = () => {};
    socket.onclose = (e) => {
      if (ended || this.socket !== socket) return;
      this.socket = null;
      const sentence = describeClose(e.code, e.reason, reached, pageOrigin());
      if (reached && (e.code === 1000 || e.code === 1005)) {
        this.emit({ type: 'closed', by: 'relay', reason: sentence });
        return;
      }
      this.emit({ type: 'error', code: reached ? `closed-${e.code}` : 'relay-unreachable', message: sentence });
      this.emit({ type: 'closed', by: 'relay', reason: sentence });
    };
  }

  send(bytes: Uint8Array): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) {
      this.emit({ type: 'error', code: 'not-connected', message: 'The connection is closed. Reconnect to start a new session.' });
      return;
    }
    // The page's bytes are never in a SharedArrayBuffer, which is all the cast rules out.
    const frame = this.frame;
    for (let at = 0; at < bytes.length; at += frame) socket.send(bytes.subarray(at, at + frame) as Uint8Array<ArrayBuffer>);
  }

  startTls(): void {
    if (this.socket?.readyState === OPEN) this.socket.send(formatControl(pageStartTls()));
  }

  close(): void {
    const socket = this.socket;
    if (!socket) return;
    this.socket = null;
    socket.close(1000);
    this.emit({ type: 'closed', by: 'client', reason: 'You closed the connection.' });
  }

  subscribe(listener: (e: ConnectionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: ConnectionEvent): void {
    for (const l of this.listeners) l(e);
  }
}

function pageOrigin(): string {
  return typeof window === 'undefined' ? 'ORIGIN' : window.location.origin;
}
