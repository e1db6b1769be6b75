/**
 * The relay's wire, in one place, so the relay that writes it and the page that reads it
 * agree on every shape:
 *
 * - `/relay` (WebSocket): binary frames are raw bytes and have no shape here; text
 *   frames are JSON control messages. Relay → page: `connected`, `tls`, `error`,
 *   `closed` (RelayControl). Page → relay: `starttls` (PageControl).
 * - `GET /api/watch` (Server-Sent Events): one event per WatchEvent, `event: <type>`
 *   and `data: <the other fields as JSON>`; a session's bytes travel as base64. The
 *   mailbox's changes travel as they happen (a new message's summary, the ids that
 *   left), so a page keeps its list without fetching it again; it fetches
 *   `GET /api/messages` once per `hello`, to catch up after (re)connecting.
 * - The HTTP API's JSON bodies: `GET /api/messages` (MessageSummary[]),
 *   `GET /api/targets` (TargetSummary[]), and every error (ApiError).
 *
 * Rules:
 * - Messages are discriminated unions on `type`, built with the constructors below.
 *   A constructor copies exactly the wire fields, so what a caller's object carries
 *   besides them never reaches the wire.
 * - What arrives is untrusted text. The `parse*` functions take it as it came (a text
 *   frame, an SSE data line, a response body) and return the message, or null for
 *   anything malformed: bad JSON, a missing field, a wrong type, an unknown `type` or
 *   error code. They never throw. Fields a shape does not have are dropped, not refused.
 * - Every `error` carries a stable `code` (RelayErrorCode) beside the relay's sentence:
 *   the page decides what to tell the learner from the code, never from the sentence.
 */
import { decodeBase64 } from './protocol/base64.js';

// ---------------------------------------------------------------------------------
// Shared vocabulary

/** How the relay speaks TLS to a target. */
export const TLS_MODES = [
  /** Plaintext only: the relay refuses `starttls`. */
  'none',
  /** Plaintext first; the page sends `starttls` once the server has said 220 to STARTTLS. */
  'starttls',
  /** TLS from the first byte (RFC 8314, like port 465). */
  'implicit',
] as const;
export type TlsMode = (typeof TLS_MODES)[number];

/** A server's certificate, as the relay's side of the TLS handshake saw it. */
export interface CertificateSummary {
  /** "CN=lab.test, O=Lab" */
  subject: string;
  issuer: string;
  /** As Node reports it: "Nov 25 10:00:00 2027 GMT". */
  validTo: string;
  /** SHA-256, "AB:CD:…". */
  fingerprint: string;
}

// ---------------------------------------------------------------------------------
// /relay control messages

/** Why the relay refused or ended a session. Stable: pages and tests key on these. */
export const RELAY_ERROR_CODES = [
  /** The query did not name exactly one target (`/relay?target=NAME` and nothing else). */
  'bad-request',
  /** No target by that name: the relay reaches only its sandbox and the servers it was started with. */
  'unknown-target',
  /** The relay holds its limit of sessions at once. */
  'too-many-sessions',
  /** This client address holds its limit of sessions at once. */
  'too-many-from-client',
  /** The TCP connection (for implicit TLS, the handshake too) failed or did not finish in time. */
  'connect-failed',
  /** The TLS handshake failed, most often on a certificate that does not verify. */
  'tls-failed',
  /** `starttls` for a target configured with tls=none or tls=implicit. */
  'tls-not-allowed',
  /** A text frame that is not a control message, or `starttls` when it can't happen. */
  'bad-control',
  /** Nothing was sent either way for the relay's idle timeout. */
  'idle-timeout',
  /** The session reached the relay's longest lifetime. */
  'session-lifetime',
  /** The session carried the relay's byte budget. */
  'byte-limit',
  /** One WebSocket message over the relay's frame limit (`connected` announces it). */
  'frame-too-big',
] as const;
export type RelayErrorCode = (typeof RELAY_ERROR_CODES)[number];

/** The TCP connection is up (for implicit TLS, the handshake too); the server's greeting follows as bytes. */
export interface RelayConnected {
  type: 'connected';
  /** The name the page asked for. */
  target: string;
  /** host:port the relay dialled. */
  address: string;
  tls: TlsMode;
  /** The certificate is not verified (a lab server's self-signed one). */
  insecure: boolean;
  /** The most bytes one binary frame from the page may carry. */
  maxFrame: number;
}

/** TLS is up: after `starttls`, or before the greeting for implicit TLS. */
export interface RelayTls {
  type: 'tls';
  /** "TLSv1.3" */
  protocol: string;
  /** The cipher suite's standard name. */
  cipher: string;
  /** Whether the certificate verified. */
  authorized: boolean;
  /** Why it did not ("DEPTH_ZERO_SELF_SIGNED_CERT"); reached only for an insecure target. */
  authorizationError: string | null;
  certificate: CertificateSummary | null;
}

/** The relay refused or is ending the session; `closed` follows. */
export interface RelayError {
  type: 'error';
  code: RelayErrorCode;
  /** The relay's sentence for the learner, with what only the relay knows (limits, names). */
  message: string;
}

/** The session is over; the close frame follows. */
export interface RelayClosed {
  type: 'closed';
  by: 'server' | 'relay';
  reason: string;
}

/** Relay → page: a text frame on /relay. */
export type RelayControl = RelayConnected | RelayTls | RelayError | RelayClosed;

/** The server said 220 to STARTTLS: the relay upgrades its side of the connection. */
export interface PageStartTls {
  type: 'starttls';
}

/** Page → relay: a text frame on /relay. */
export type PageControl = PageStartTls;

export function relayConnected(f: Omit<RelayConnected, 'type'>): RelayConnected {
  return { type: 'connected', target: f.target, address: f.address, tls: f.tls, insecure: f.insecure, maxFrame: f.maxFrame };
}

export function relayTls(f: Omit<RelayTls, 'type'>): RelayTls {
  const c = f.certificate;
  return {
    type: 'tls',
    protocol: f.protocol,
    cipher: f.cipher,
    authorized: f.authorized,
    authorizationError: f.authorizationError,
    certificate: c && { subject: c.subject, issuer: c.issuer, validTo: c.validTo, fingerprint: c.fingerprint },
  };
}

export function relayError(code: RelayErrorCode, message: string): RelayError {
  return { type: 'error', code, message };
}

export function relayClosed(by: RelayClosed['by'], reason: string): RelayClosed {
  return { type: 'closed', by, reason };
}

export function pageStartTls(): PageStartTls {
  return { type: 'starttls' };
}

/** A control message as its text frame carries it. */
export function formatControl(message: RelayControl | PageControl): string {
  return JSON.stringify(message);
}

/**
 * A relay → page text frame, or null for anything but a well-formed RelayControl.
 *
 * @example
 * parseRelayControl('{"type":"closed","by":"server","reason":"bye"}') // { type: 'closed', by: 'server', reason: 'bye' }
 * parseRelayControl('{"type":"closed","by":"nobody"}') // null
 */
export function parseRelayControl(text: string): RelayControl | null {
  const o = objectIn(text);
  switch (o?.type) {
    case 'connected':
      return isString(o.target) && isString(o.address) && isTlsMode(o.tls) && isBoolean(o.insecure) && isWhole(o.maxFrame) && o.maxFrame > 0
        ? relayConnected({ target: o.target, address: o.address, tls: o.tls, insecure: o.insecure, maxFrame: o.maxFrame })
        : null;
    case 'tls': {
      const certificate = o.certificate === null ? null : certificateIn(o.certificate);
      return isString(o.protocol) && isString(o.cipher) && isBoolean(o.authorized) && isStringOrNull(o.authorizationError) && certificate !== undefined
        ? relayTls({ protocol: o.protocol, cipher: o.cipher, authorized: o.authorized, authorizationError: o.authorizationError, certificate })
        : null;
    }
    case 'error':
      return isRelayErrorCode(o.code) && isString(o.message) ? relayError(o.code, o.message) : null;
    case 'closed':
      return (o.by === 'server' || o.by === 'relay') && isString(o.reason) ? relayClosed(o.by, o.reason) : null;
    default:
      return null;
  }
}

/** A page → relay text frame, or null for anything but a well-formed PageControl. */
export function parsePageControl(text: string): PageControl | null {
  return objectIn(text)?.type === 'starttls' ? pageStartTls() : null;
}

// ---------------------------------------------------------------------------------
// GET /api/watch: Server-Sent Events

/** A sandbox session open now. */
export interface WatchedSession {
  id: string;
  /** host:port of the client. */
  client: string;
  /** Milliseconds since the epoch. */
  startedAt: number;
}

/** Sent on (re)connecting: the sessions already open, whose earlier bytes are not replayed. */
export interface WatchHello {
  type: 'hello';
  sessions: WatchedSession[];
}

/** A client connected to the sandbox. */
export interface WatchOpened {
  type: 'opened';
  id: string;
  client: string;
  /** The sandbox port it connected to. */
  port: number;
  /** That port speaks TLS from the first byte (no handshake is reported for it). */
  implicitTls: boolean;
  at: number;
}

/** Bytes one side sent, as the session sees them: plaintext, after TLS too. */
export interface WatchBytes {
  type: 'bytes';
  id: string;
  direction: 'client' | 'server';
  at: number;
  /** base64 on the wire; decoded by parseWatchEvent. */
  data: Uint8Array;
}

/** The session's STARTTLS handshake finished. */
export interface WatchTls {
  type: 'tls';
  id: string;
  protocol: string;
  cipher: string;
}

/** The session ended. */
export interface WatchClosed {
  type: 'closed';
  id: string;
  at: number;
}

/** The relay's mailbox took a message (it was answered 250): its list entry. */
export interface WatchMessageStored {
  type: 'messageStored';
  message: MessageSummary;
}

/** Messages left the relay's mailbox: emptied, or the oldest made room for a new one. */
export interface WatchMessagesRemoved {
  type: 'messagesRemoved';
  ids: string[];
}

/** One event of the watch feed. */
export type WatchEvent = WatchHello | WatchOpened | WatchBytes | WatchTls | WatchClosed | WatchMessageStored | WatchMessagesRemoved;
/** The events about one session, as the relay's sandbox reports them. */
export type WatchSessionEvent = WatchOpened | WatchBytes | WatchTls | WatchClosed;

/** Every event name the feed sends: what an EventSource listens for. */
export const WATCH_EVENT_TYPES = [
  'hello',
  'opened',
  'bytes',
  'tls',
  'closed',
  'messageStored',
  'messagesRemoved',
] as const satisfies readonly WatchEvent['type'][];

export function watchHello(sessions: readonly WatchedSession[]): WatchHello {
  return { type: 'hello', sessions: sessions.map((s) => ({ id: s.id, client: s.client, startedAt: s.startedAt })) };
}

export function watchOpened(f: Omit<WatchOpened, 'type'>): WatchOpened {
  return { type: 'opened', id: f.id, client: f.client, port: f.port, implicitTls: f.implicitTls, at: f.at };
}

/** `data` is kept, not copied. */
export function watchBytes(id: string, direction: WatchBytes['direction'], at: number, data: Uint8Array): WatchBytes {
  return { type: 'bytes', id, direction, at, data };
}

export function watchTls(id: string, protocol: string, cipher: string): WatchTls {
  return { type: 'tls', id, protocol, cipher };
}

export function watchClosed(id: string, at: number): WatchClosed {
  return { type: 'closed', id, at };
}

export function watchMessageStored(message: MessageSummary): WatchMessageStored {
  return { type: 'messageStored', message: messageSummary(message) };
}

export function watchMessagesRemoved(ids: readonly string[]): WatchMessagesRemoved {
  return { type: 'messagesRemoved', ids: [...ids] };
}

/**
 * An event as the stream carries it: `event:` and one `data:` line (JSON.stringify
 * writes no line breaks), then the blank line that ends it. Base64 is the host's job
 * (Node's Buffer is far faster than anything shared could do by hand), so it is passed in.
 *
 * @example
 * formatWatchEvent(watchClosed('3', 1700000000000), toBase64) // 'event: closed\ndata: {"id":"3","at":1700000000000}\n\n'
 */
export function formatWatchEvent(e: WatchEvent, base64: (bytes: Uint8Array) => string): string {
  const { type, ...rest } = e;
  const data = e.type === 'bytes' ? { ...rest, data: base64(e.data) } : rest;
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** One Server-Sent Event (its name and its data line), or null for anything but a well-formed WatchEvent. */
export function parseWatchEvent(name: string, data: string): WatchEvent | null {
  const o = objectIn(data);
  if (!o) return null;
  switch (name) {
    case 'hello': {
      const sessions = Array.isArray(o.sessions) ? o.sessions.map(sessionIn) : null;
      return sessions?.every((s) => s !== null) ? watchHello(sessions) : null;
    }
    case 'opened':
      return isString(o.id) && isString(o.client) && isPort(o.port) && isBoolean(o.implicitTls) && isWhole(o.at)
        ? watchOpened({ id: o.id, client: o.client, port: o.port, implicitTls: o.implicitTls, at: o.at })
        : null;
    case 'bytes': {
      const bytes = isString(o.data) ? decodeBase64(o.data) : null;
      return bytes && isString(o.id) && (o.direction === 'client' || o.direction === 'server') && isWhole(o.at)
        ? watchBytes(o.id, o.direction, o.at, bytes)
        : null;
    }
    case 'tls':
      return isString(o.id) && isString(o.protocol) && isString(o.cipher) ? watchTls(o.id, o.protocol, o.cipher) : null;
    case 'closed':
      return isString(o.id) && isWhole(o.at) ? watchClosed(o.id, o.at) : null;
    case 'messageStored': {
      const message = summaryIn(o.message);
      return message ? watchMessageStored(message) : null;
    }
    case 'messagesRemoved':
      return isStringList(o.ids) ? watchMessagesRemoved(o.ids) : null;
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------
// The HTTP API's bodies

/**
 * One entry of GET /api/messages, newest first, and of the feed's `messageStored`. Read
 * once, when the message is stored, from its header block only (shared's
 * summarizeMessage); the header fields are "" when the message has none, and cut at
 * 1000 characters.
 */
export interface MessageSummary {
  id: string;
  /** The envelope: MAIL FROM ("" for the null path <>) and every RCPT TO taken. */
  mailFrom: string;
  rcptTo: string[];
  /** Bytes stored, trace headers included. */
  size: number;
  /** ISO 8601. */
  receivedAt: string;
  /** The Subject: header, encoded-words decoded. */
  subject: string;
  /** The From: header, decoded, as written ("Ann <ann@client.test>"). */
  from: string;
  /** The To: header, decoded, as written. */
  to: string;
  /** The Date: header, as written. */
  date: string;
}

/** One entry of GET /api/targets: what /relay can reach. */
export interface TargetSummary {
  name: string;
  /** host:port */
  address: string;
  tls: TlsMode;
  /** The certificate is not verified (a lab server's self-signed one). */
  insecure: boolean;
  /** The relay's own sandbox, the one on TCP port 2525. */
  sandbox: boolean;
}

/** Why an API request failed. Stable, like RelayErrorCode. */
export const API_ERROR_CODES = [
  /** The request target is not a path. */
  'bad-request',
  /** The Host header names someone else (DNS rebinding): 403. */
  'bad-host',
  /** No such path, message, or (without a watch hub) feed: 404. */
  'not-found',
  /** The path does not take that method: 405, with an Allow header. */
  'method-not-allowed',
  /** GET /api/watch while the most pages are watching already: 503. */
  'too-many-watchers',
  /** A bug: 500. */
  'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** The body of every API error. */
export interface ApiError {
  error: ApiErrorCode;
  /** A sentence for a person. */
  message: string;
}

/** A list entry, with exactly its wire fields (summarizeMessage reads one from a message). */
export function messageSummary(m: MessageSummary): MessageSummary {
  return {
    id: m.id,
    mailFrom: m.mailFrom,
    rcptTo: [...m.rcptTo],
    size: m.size,
    receivedAt: m.receivedAt,
    subject: m.subject,
    from: m.from,
    to: m.to,
    date: m.date,
  };
}

export function targetSummary(t: TargetSummary): TargetSummary {
  return { name: t.name, address: t.address, tls: t.tls, insecure: t.insecure, sandbox: t.sandbox };
}

export function apiError(code: ApiErrorCode, message: string): ApiError {
  return { error: code, message };
}

/** The body of GET /api/messages, or null unless it is a list of MessageSummary. */
export function parseMessageList(text: string): MessageSummary[] | null {
  return listIn(text, summaryIn);
}

/** The body of GET /api/targets, or null unless it is a list of TargetSummary (a static server's index.html is not). */
export function parseTargetList(text: string): TargetSummary[] | null {
  return listIn(text, (v) =>
    isObject(v) && isString(v.name) && isString(v.address) && isTlsMode(v.tls) && isBoolean(v.insecure) && isBoolean(v.sandbox)
      ? targetSummary({ name: v.name, address: v.address, tls: v.tls, insecure: v.insecure, sandbox: v.sandbox })
      : null,
  );
}

/** An API error body, or null. */
export function parseApiError(text: string): ApiError | null {
  const o = objectIn(text);
  return o && isApiErrorCode(o.error) && isString(o.message) ? apiError(o.error, o.message) : null;
}

// ---------------------------------------------------------------------------------
// Reading untrusted JSON

type Fields = Record<string, unknown>;

/** The JSON value in `text`, or undefined when it is not JSON. */
function jsonIn(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The JSON object in `text`; null for bad JSON and for any other value (an array, null, a number). */
function objectIn(text: string): Fields | null {
  const v = jsonIn(text);
  return isObject(v) ? v : null;
}

/** The JSON list in `text` with each entry read by `entry`; null if it is no list or any entry is malformed. */
function listIn<T>(text: string, entry: (v: unknown) => T | null): T[] | null {
  const v = jsonIn(text);
  if (!Array.isArray(v)) return null;
  const out: T[] = [];
  for (const item of v) {
    const e = entry(item);
    if (e === null) return null;
    out.push(e);
  }
  return out;
}

function certificateIn(v: unknown): CertificateSummary | undefined {
  return isObject(v) && isString(v.subject) && isString(v.issuer) && isString(v.validTo) && isString(v.fingerprint)
    ? { subject: v.subject, issuer: v.issuer, validTo: v.validTo, fingerprint: v.fingerprint }
    : undefined;
}

function summaryIn(v: unknown): MessageSummary | null {
  return isObject(v) &&
    isString(v.id) &&
    isString(v.mailFrom) &&
    isStringList(v.rcptTo) &&
    isWhole(v.size) &&
    isString(v.receivedAt) &&
    isString(v.subject) &&
    isString(v.from) &&
    isString(v.to) &&
    isString(v.date)
    ? messageSummary({
        id: v.id,
        mailFrom: v.mailFrom,
        rcptTo: v.rcptTo,
        size: v.size,
        receivedAt: v.receivedAt,
        subject: v.subject,
        from: v.from,
        to: v.to,
        date: v.date,
      })
    : null;
}

function sessionIn(v: unknown): WatchedSession | null {
  return isObject(v) && isString(v.id) && isString(v.client) && isWhole(v.startedAt) ? { id: v.id, client: v.client, startedAt: v.startedAt } : null;
}

const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isStringOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
/** A count, a size or a time in milliseconds: a whole number, 0 or more. */
const isWhole = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isPort = (v: unknown): v is number => isWhole(v) && v <= 65535;
const isTlsMode = (v: unknown): v is TlsMode => (TLS_MODES as readonly unknown[]).includes(v);
const isRelayErrorCode = (v: unknown): v is RelayErrorCode => (RELAY_ERROR_CODES as readonly unknown[]).includes(v);
const isApiErrorCode = (v: unknown): v is ApiErrorCode => (API_ERROR_CODES as readonly unknown[]).includes(v);
