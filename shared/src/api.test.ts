/**
 * The wire shapes: what the constructors build, the parsers read back unchanged; what
 * is not a well-formed message (bad JSON, a wrong type, a missing field, an unknown
 * type or code) reads as null, and no text at all makes a parser throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  apiError,
  formatControl,
  formatWatchEvent,
  messageSummary,
  pageStartTls,
  parseApiError,
  parseMessageList,
  parsePageControl,
  parseRelayControl,
  parseTargetList,
  parseWatchEvent,
  RELAY_ERROR_CODES,
  type RelayControl,
  relayClosed,
  relayConnected,
  relayError,
  relayTls,
  TLS_MODES,
  type WatchEvent,
  watchBytes,
  watchClosed,
  watchHello,
  watchMessageStored,
  watchMessagesRemoved,
  watchOpened,
  watchTls,
} from './api.js';

const base64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const certificate = { subject: 'CN=lab.test', issuer: 'CN=lab.test', validTo: 'Nov 25 10:00:00 2027 GMT', fingerprint: 'AB:CD' };
const connected = relayConnected({ target: 'lab', address: 'mail.lab.test:25', tls: 'starttls', insecure: true, maxFrame: 1024 });
const tls = relayTls({
  protocol: 'TLSv1.3',
  cipher: 'TLS_AES_256_GCM_SHA384',
  authorized: false,
  authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT',
  certificate,
});

/** A JSON text with one field replaced (or, with `undefined`, removed). */
const withField = (message: object, field: string, value: unknown) => JSON.stringify({ ...message, [field]: value });

/** Reads one formatted Server-Sent Event back, as an EventSource splits it. */
function readEvent(text: string): WatchEvent | null {
  const m = /^event: (.*)\ndata: (.*)\n\n$/.exec(text);
  return m ? parseWatchEvent(m[1] as string, m[2] as string) : null;
}

describe('relay control messages', () => {
  it('read back exactly as the constructors built them', () => {
    const messages: RelayControl[] = [
      connected,
      tls,
      relayTls({ ...tls, authorized: true, authorizationError: null, certificate: null }),
      ...RELAY_ERROR_CODES.map((code) => relayError(code, `A sentence about ${code}.`)),
      relayClosed('server', 'The server closed the connection.'),
      relayClosed('relay', 'The relay is shutting down.'),
    ];
    for (const m of messages) expect(parseRelayControl(formatControl(m)), m.type).toEqual(m);
  });

  it('carry the wire fields only, whatever else the caller’s object holds', () => {
    const wide = { target: 'lab', address: 'a:25', tls: 'none' as const, insecure: false, maxFrame: 10, host: 'secret', cert: '-----BEGIN' };
    expect(JSON.parse(formatControl(relayConnected(wide)))).toEqual({
      type: 'connected',
      target: 'lab',
      address: 'a:25',
      tls: 'none',
      insecure: false,
      maxFrame: 10,
    });
    expect(parseRelayControl(withField(relayClosed('relay', 'bye'), 'extra', 1))).toEqual(relayClosed('relay', 'bye'));
  });

  it('read as null when the text is not JSON or not an object', () => {
    for (const text of ['', 'EHLO', '{', '{"type":"closed"', 'null', '42', '"closed"', '[{"type":"closed","by":"relay","reason":""}]', 'undefined']) {
      expect(parseRelayControl(text), text).toBeNull();
    }
  });

  it('read as null with an unknown type, a missing field or a field of the wrong type', () => {
    const bad = [
      '{}',
      '{"type":"starttls"}',
      '{"type":"CONNECTED"}',
      withField(connected, 'tls', 'sometimes'),
      withField(connected, 'insecure', 'false'),
      withField(connected, 'maxFrame', '1024'),
      withField(connected, 'maxFrame', 0),
      withField(connected, 'maxFrame', -5),
      withField(connected, 'maxFrame', 1.5),
      withField(connected, 'address', undefined),
      withField(tls, 'authorized', 1),
      withField(tls, 'authorizationError', undefined),
      withField(tls, 'certificate', { subject: 'CN=x' }),
      withField(tls, 'certificate', 'CN=x'),
      withField(tls, 'certificate', undefined),
      withField(relayError('idle-timeout', 'x'), 'code', 'coffee-break'),
      withField(relayError('idle-timeout', 'x'), 'code', 408),
      withField(relayError('idle-timeout', 'x'), 'message', null),
      withField(relayClosed('relay', 'x'), 'by', 'client'),
      withField(relayClosed('relay', 'x'), 'reason', undefined),
    ];
    for (const text of bad) expect(parseRelayControl(text), text).toBeNull();
  });

  it('take starttls, and only starttls, from the page', () => {
    expect(formatControl(pageStartTls())).toBe('{"type":"starttls"}');
    expect(parsePageControl(formatControl(pageStartTls()))).toEqual({ type: 'starttls' });
    for (const text of ['starttls', '{"type":"STARTTLS"}', '{"type":"connected"}', '["starttls"]', 'null', '{'])
      expect(parsePageControl(text), text).toBeNull();
  });

  it('never throw, and read any message built from any values back unchanged', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        parseRelayControl(text);
        parsePageControl(text);
      }),
    );
    const message = fc.oneof(
      fc
        .record({ target: fc.string(), address: fc.string(), tls: fc.constantFrom(...TLS_MODES), insecure: fc.boolean(), maxFrame: fc.integer({ min: 1 }) })
        .map(relayConnected),
      fc
        .record({
          protocol: fc.string(),
          cipher: fc.string(),
          authorized: fc.boolean(),
          authorizationError: fc.option(fc.string()),
          certificate: fc.option(fc.record({ subject: fc.string(), issuer: fc.string(), validTo: fc.string(), fingerprint: fc.string() })),
        })
        .map(relayTls),
      fc.tuple(fc.constantFrom(...RELAY_ERROR_CODES), fc.string()).map(([code, text]) => relayError(code, text)),
      fc.tuple(fc.constantFrom('server' as const, 'relay' as const), fc.string()).map(([by, reason]) => relayClosed(by, reason)),
    );
    fc.assert(
      fc.property(message, (m) => {
        expect(parseRelayControl(formatControl(m))).toEqual(m);
      }),
    );
  });
});

/** A list entry as the relay sends it: in GET /api/messages and in the feed's messageStored. */
const summary = messageSummary({
  id: 'abc',
  mailFrom: '',
  rcptTo: ['bob@server.thm'],
  size: 120,
  receivedAt: '2025-01-01T00:00:00.000Z',
  subject: 'Grüße ✉',
  from: 'Ann <ann@client.thm>',
  to: 'bob@server.thm',
  date: 'Wed, 1 Jan 2025 00:00:00 +0000',
});

describe('watch events', () => {
  const events: WatchEvent[] = [
    watchHello([{ id: '1', client: '127.0.0.1:50000', startedAt: 1_700_000_000_000 }]),
    watchHello([]),
    watchOpened({ id: '2', client: '[::1]:50001', port: 2525, implicitTls: false, at: 1_700_000_000_001 }),
    watchBytes('2', 'server', 1_700_000_000_002, new TextEncoder().encode('220 example.thm ESMTP\r\n')),
    watchBytes('2', 'client', 1_700_000_000_003, new Uint8Array([0, 0xff, 0x80, 13, 10])),
    watchTls('2', 'TLSv1.3', 'TLS_AES_128_GCM_SHA256'),
    watchClosed('2', 1_700_000_000_004),
    watchMessageStored(summary),
    watchMessagesRemoved(['abc', '1sMrpq-0001Ah-UT']),
    watchMessagesRemoved([]),
  ];

  it('are one event: line and one data: line each, and read back exactly', () => {
    for (const e of events) {
      const text = formatWatchEvent(e, base64);
      expect(text.split('\n'), e.type).toHaveLength(4);
      expect(readEvent(text), e.type).toEqual(e);
    }
    expect(formatWatchEvent(watchClosed('3', 7), base64)).toBe('event: closed\ndata: {"id":"3","at":7}\n\n');
    expect(formatWatchEvent(watchBytes('3', 'client', 8, new TextEncoder().encode('QUIT\r\n')), base64)).toBe(
      'event: bytes\ndata: {"id":"3","direction":"client","at":8,"data":"UVVJVA0K"}\n\n',
    );
  });

  it('read as null when malformed', () => {
    const bad: [string, string][] = [
      ['bytes', '{"id":"4","direction":"client","at":1,"data":"%%%"}'],
      ['bytes', '{"id":"4","direction":"sideways","at":1,"data":""}'],
      ['bytes', '{"id":"4","direction":"client","data":"QQ=="}'],
      ['bytes', '{"id":4,"direction":"client","at":1,"data":"QQ=="}'],
      ['opened', 'not json'],
      ['opened', '{"id":"1","client":"x","port":"2525","implicitTls":false,"at":1}'],
      ['opened', '{"id":"1","client":"x","port":70000,"implicitTls":false,"at":1}'],
      ['opened', '{"id":"1","client":"x","port":2525,"implicitTls":"no","at":1}'],
      ['hello', '{"sessions":3}'],
      ['hello', '{"sessions":[{"id":"1","client":"x"}]}'],
      ['hello', '{"sessions":[null]}'],
      ['tls', '{"id":"1","protocol":"TLSv1.3"}'],
      ['closed', 'null'],
      ['closed', '{"id":"1","at":-1}'],
      ['mailbox', '{"count":2}'],
      ['messageStored', '{}'],
      ['messageStored', JSON.stringify({ message: { ...summary, from: undefined } })],
      ['messageStored', JSON.stringify({ message: [summary] })],
      ['messagesRemoved', '{"ids":"abc"}'],
      ['messagesRemoved', '{"ids":[1]}'],
      ['retry', '{}'],
      ['message', '{"type":"hello","sessions":[]}'],
    ];
    for (const [name, data] of bad) expect(parseWatchEvent(name, data), `${name} ${data}`).toBeNull();
  });

  it('never throw on any name and any data', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom('hello', 'opened', 'bytes', 'tls', 'closed', 'messageStored', 'messagesRemoved'), fc.string()),
        fc.oneof(fc.string(), fc.json()),
        (name, data) => {
          parseWatchEvent(name, data);
        },
      ),
    );
  });
});

describe('API bodies', () => {
  const target = { name: 'sandbox', address: '127.0.0.1:2525', tls: 'starttls', insecure: false, sandbox: true } as const;

  it('read back as the relay wrote them', () => {
    expect(parseMessageList(JSON.stringify([summary, summary]))).toEqual([summary, summary]);
    expect(parseMessageList('[]')).toEqual([]);
    expect(parseTargetList(JSON.stringify([target]))).toEqual([target]);
    expect(parseApiError(JSON.stringify(apiError('not-found', 'No such API path.')))).toEqual({ error: 'not-found', message: 'No such API path.' });
  });

  it('read as null when any entry is malformed, or the body is no list at all', () => {
    for (const text of ['', '<!doctype html><title>SMTP Playground</title>', '{}', 'null', JSON.stringify(summary)]) {
      expect(parseMessageList(text), text).toBeNull();
      expect(parseTargetList(text), text).toBeNull();
    }
    expect(parseMessageList(JSON.stringify([summary, { ...summary, rcptTo: 'bob@server.thm' }]))).toBeNull();
    expect(parseMessageList(JSON.stringify([{ ...summary, size: '120' }]))).toBeNull();
    expect(parseMessageList(JSON.stringify([{ ...summary, subject: undefined }]))).toBeNull();
    expect(parseMessageList(JSON.stringify([{ ...summary, date: null }]))).toBeNull();
    expect(parseTargetList(JSON.stringify([{ ...target, tls: 'tls' }]))).toBeNull();
    expect(parseTargetList(JSON.stringify([{ ...target, sandbox: 'yes' }]))).toBeNull();
    expect(parseApiError('{"error":"teapot","message":"short and stout"}')).toBeNull();
    expect(parseApiError('{"error":"not-found"}')).toBeNull();
    expect(parseApiError('Not Found')).toBeNull();
  });

  it('never throw', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        parseMessageList(text);
        parseTargetList(text);
        parseApiError(text);
      }),
    );
  });
});
