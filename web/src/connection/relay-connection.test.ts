import { encodeText } from '@smtp-playground/shared';
import { describe, expect, it } from 'vitest';
import { FakeWebSocket } from '../testing/fake-web-socket';
import type { ConnectionEvent } from './connection';
import { describeClose, RelayConnection, relayUrl } from './relay-connection';

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

const connected = { type: 'connected', target: 'sandbox', address: '127.0.0.1:2525', tls: 'starttls', insecure: false };

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
    socket.control({ ...connected, maxFrame: 4096 });
    c.send(new Uint8Array(10_000));
    expect(socket.sent.map((s) => s.length)).toEqual([4096, 4096, 1808]);
  });

  it('sends the starttls control message and maps the relay’s tls answer', () => {
    const { c, events, socket } = relay();
    socket.opened();
    socket.control(connected);
    c.startTls();
    expect(socket.controls()).toEqual([{ type: 'starttls' }]);
    const certificate = { subject: 'CN=example.thm', issuer: 'CN=example.thm', validTo: 'Nov 25 10:00:00 2027 GMT', fingerprint: 'AB:CD' };
    socket.control({ type: 'tls', protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', authorized: true, authorizationError: null, certificate });
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
    socket.opened();
    socket.control({ type: 'error', code: 'unknown-target', message: 'There is no target named "lab".' });
    socket.control({ type: 'closed', by: 'relay', reason: 'There is no target named "lab".' });
    socket.closed(1008);
    expect(events).toEqual([
      {
        type: 'error',
        code: 'unknown-target',
        message: 'There is no target named "lab". To add it, start the relay with: npm start -- --target lab=HOST:PORT',
      },
      { type: 'closed', by: 'relay', reason: 'There is no target named "lab".' },
    ]);
  });

  it('adds no advice the relay already gave', () => {
    const { events, socket } = relay('lab');
    const message =
      'There is no target named "lab". The relay reaches only the sandbox and the servers it was started with: add one with npm start -- --target lab=HOST:PORT';
    socket.control({ type: 'error', code: 'unknown-target', message });
    expect(events[0]).toEqual({ type: 'error', code: 'unknown-target', message });
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

  it('ignores control messages it does not know', () => {
    const { events, socket } = relay();
    socket.control({ type: 'from-the-future' });
    socket.onmessage?.(new MessageEvent('message', { data: 'not json' }));
    expect(events).toEqual([]);
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
