import { encodeText, formatControl, pageStartTls, parsePageControl, relayClosed, relayConnected, relayError, relayTls } from '@smtp-playground/shared';
import { describe, expect, it } from 'vitest';
import { FakeWebSocket } from '../testing/fake-web-socket';
import type { ConnectionEvent } from './connection';
import { describeClose, describeRelayError, RelayConnection, relayUrl } from './relay-connection';

/** A RelayConnection on a fake socket, and everything it emitted. */
function relay(target = 'sandbox') {
  let socket: FakeWebSocket | null = null;
  const c = new RelayConnection(target, 'Relay sandbox', (url) => {
    socket = new FakeWebSocket(url);
    return socket;
  });
  const events: ConnectionEvent[] = [];
  c.subscribe((e) => events.push(e));
  c.open();
  return { c, events, socket: socket as unknown as FakeWebSocket };
}

const connected = relayConnected({ target: 'sandbox', address: '127.0.0.1:2525', tls: 'starttls', insecure: false, maxFrame: 1024 * 1024 });

describe('relayUrl', () => {
  it('names the target on the page’s own host, ws or wss as the page is http or https', () => {
    expect(relayUrl('lab', { protocol: 'http:', host: 'localhost:2580' })).toBe('ws://localhost:2580/relay?target=lab');
    expect(relayUrl('mail.test:25', { protocol: 'https:', host: 'play.test' })).toBe('wss://play.test/relay?target=mail.test%3A25');
  });
});

describe('RelayConnection', () => {
  it('asks for array buffers and turns connected and binary frames into opened and received', () => {
    const { events, socket } = relay();
    expect(socket.binaryType).toBe('arraybuffer');
    socket.opened();
    expect(events).toEqual([]); // the WebSocket is up; the TCP connection is not yet
    socket.control(connected);
    socket.bytes('220 example.thm ESMTP\r\n');
    expect(events[0]).toEqual({ type: 'opened', peer: '127.0.0.1:2525' });
    expect(events[1]?.type === 'received' && new TextDecoder().decode(events[1].bytes)).toBe('220 example.thm ESMTP\r\n');
  });

  it('sends bytes unchanged, in frames of at most 64 KiB', () => {
    const { c, socket } = relay();
    socket.opened();
    c.send(encodeText('EHLO client.thm\r\n'));
    c.send(new Uint8Array(150 * 1024));
    expect(socket.text().startsWith('EHLO client.thm\r\n')).toBe(true);
    expect(socket.sent.map((s) => s.length)).toEqual([17, 65536, 65536, 22528]);
  });

  it('keeps its frames within a smaller frame limit the relay announces', () => {
    const { c, socket } = relay();
    socket.opened();
    socket.control(relayConnected({ ...connected, maxFrame: 4096 }));
    c.send(new Uint8Array(10_000));
    expect(socket.sent.map((s) => s.length)).toEqual([4096, 4096, 1808]);
  });

  it('sends the starttls control message and maps the relay’s tls answer', () => {
    const { c, events, socket } = relay();
    socket.opened();
    socket.control(connected);
    c.startTls();
    // Exactly the frame the relay's parser takes.
    expect(socket.sent).toEqual([formatControl(pageStartTls())]);
    expect(parsePageControl(socket.sent[0] as string)).toEqual({ type: 'starttls' });
    const certificate = { subject: 'CN=example.thm', issuer: 'CN=example.thm', validTo: 'Nov 25 10:00:00 2027 GMT', fingerprint: 'AB:CD' };
    socket.control(relayTls({ protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', authorized: true, authorizationError: null, certificate }));
    expect(events.at(-1)).toEqual({
      type: 'tls',
      protocol: 'TLSv1.3',
      cipher: 'TLS_AES_256_GCM_SHA384',
      authorized: true,
      authorizationError: null,
      certificate,
      simulated: false,
    });
  });

  it('passes a refusal on with the relay’s sentence, then closes once, ignoring the close frame', () => {
    const { events, socket } = relay('lab');
    // The relay's own sentence names the --target to add, so the page adds nothing to it.
    const message =
      'There is no target named "lab". The relay reaches only the sandbox and the servers it was started with: add one with npm start -- --target lab=HOST:PORT';
    socket.opened();
    socket.control(relayError('unknown-target', message));
    socket.control(relayClosed('relay', message));
    socket.closed(1008);
    expect(events).toEqual([
      { type: 'error', code: 'unknown-target', message },
      { type: 'closed', by: 'relay', reason: message },
    ]);
  });

  it('adds the advice for the error’s code after the relay’s sentence', () => {
    const { events, socket } = relay('lab');
    socket.control(relayError('connect-failed', '127.0.0.1:9 refused the connection: nothing is listening on that port.'));
    socket.control(relayError('tls-failed', "The server's certificate is self-signed, so it can't be verified."));
    expect(events).toEqual([
      {
        type: 'error',
        code: 'connect-failed',
        message:
          '127.0.0.1:9 refused the connection: nothing is listening on that port. Check that the server is running and that the machine running the relay can reach it.',
      },
      {
        type: 'error',
        code: 'tls-failed',
        message:
          "The server's certificate is self-signed, so it can't be verified. For a lab server with a self-signed certificate, add ,insecure to its --target when starting the relay.",
      },
    ]);
  });

  it('explains a relay it could not reach at all', () => {
    const { events, socket } = relay();
    socket.closed(1006);
    expect(events[0]).toMatchObject({ type: 'error', code: 'relay-unreachable' });
    expect(events[1]).toMatchObject({ type: 'closed', by: 'relay' });
    expect((events[1] as { reason: string }).reason).toMatch(/couldn’t reach the relay\. Is it running \(npm start\)\?.*--origin/);
  });

  it('explains a close with no control message from its code', () => {
    for (const [code, words] of [
      [1006, 'dropped without a goodbye'],
      [1009, 'larger than it accepts at once'],
      [1013, 'too many sessions at once'],
      [1011, 'unexpected error'],
    ] as const) {
      const { events, socket } = relay();
      socket.opened();
      socket.control(connected);
      socket.closed(code);
      expect(events.at(-2)).toMatchObject({ type: 'error', code: `closed-${code}` });
      expect(events.at(-1)).toMatchObject({ type: 'closed', by: 'relay' });
      expect((events.at(-1) as { reason: string }).reason).toContain(words);
    }
  });

  it('says nothing more after the page closes it', () => {
    const { c, events, socket } = relay();
    socket.opened();
    socket.control(connected);
    c.close();
    socket.bytes('221 bye\r\n');
    socket.closed(1000);
    expect(socket.closedWith).toBe(1000);
    expect(events.slice(1)).toEqual([{ type: 'closed', by: 'client', reason: 'You closed the connection.' }]);
  });

  it('ignores control messages it does not know, and malformed ones', () => {
    const { events, socket } = relay();
    socket.textFrame('{"type":"from-the-future"}');
    socket.textFrame('not json');
    socket.textFrame('{"type":"error","code":"coffee-break","message":"Back in 5."}');
    socket.textFrame('{"type":"connected","target":"sandbox","address":"127.0.0.1:2525","tls":"starttls","insecure":false}');
    socket.textFrame('{"type":"closed","by":"nobody","reason":""}');
    expect(events).toEqual([]);
  });
});

describe('describeRelayError', () => {
  it('goes by the code, whatever the sentence says', () => {
    // The advice is the code's, even where the sentence happens to mention the same thing…
    expect(describeRelayError(relayError('tls-failed', 'Handshake failed; the target is not insecure.'))).toBe(
      'Handshake failed; the target is not insecure. For a lab server with a self-signed certificate, add ,insecure to its --target when starting the relay.',
    );
    // …and none where the code has none, even if the sentence gives no advice of its own.
    expect(describeRelayError(relayError('unknown-target', 'There is no target named "lab".'))).toBe('There is no target named "lab".');
  });
});

describe('describeClose', () => {
  it('puts the close reason in the sentence when there is one', () => {
    expect(describeClose(1008, 'origin not allowed', true, 'http://localhost:5173')).toBe(
      'The relay refused the session (WebSocket close 1008, a policy refusal) (origin not allowed).',
    );
    expect(describeClose(4000, '', true, 'x')).toBe('The connection to the relay closed (WebSocket close 4000).');
  });
});
