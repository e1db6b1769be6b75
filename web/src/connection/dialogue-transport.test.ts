import { encodeText, relayClosed, relayConnected, relayError } from '@smtp-playground/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '../testing/fake-web-socket';
import { ConnectionTransport, openRelayTransport } from './dialogue-transport';
import { RelayConnection } from './relay-connection';

const flush = () => new Promise((r) => setTimeout(r, 0));
const CONNECTED = relayConnected({ target: 'lab', address: '192.0.2.25:25', tls: 'none', insecure: false, maxFrame: 1024 * 1024 });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('openRelayTransport', () => {
  it('rejects with the relay’s own sentence when the relay refuses the target', async () => {
    FakeWebSocket.made = [];
    vi.stubGlobal('WebSocket', FakeWebSocket);
    const opening = openRelayTransport('mx');
    const socket = FakeWebSocket.made.at(-1) as FakeWebSocket;
    expect(socket.url).toBe('ws://localhost:3000/relay?target=mx');
    socket.opened();
    socket.control(relayError('unknown-target', 'This relay has no target named "mx". Start it with --target mx=HOST:PORT.'));
    socket.control(relayClosed('relay', 'unknown target'));
    await expect(opening).rejects.toThrow('This relay has no target named "mx". Start it with --target mx=HOST:PORT.');
  });
});

/** A transport over a relay connection to `lab` that the relay has just opened. */
async function connected() {
  const socket = new FakeWebSocket('ws://x/relay?target=lab');
  const connection = new RelayConnection('lab', 'lab', () => socket);
  const t = new ConnectionTransport(connection);
  connection.open();
  socket.opened();
  socket.control(CONNECTED);
  await t.ready();
  return { socket, t };
}

describe('ConnectionTransport', () => {
  it('reads the server’s replies and sends the client’s bytes through the relay', async () => {
    const { socket, t } = await connected();
    socket.bytes('220 mx.lab.test ESMTP\r\n');
    expect(await t.until(() => t.reader.count >= 1)).toBe(true);
    expect(t.reader.take()).toEqual([['220 mx.lab.test ESMTP']]);
    t.write(encodeText('EHLO client.thm\r\n'));
    expect(socket.text()).toBe('EHLO client.thm\r\n');
  });

  it('says the handshake failed, and keeps why, when the relay refuses STARTTLS', async () => {
    const { socket, t } = await connected();
    const upgrading = t.startTls();
    await flush();
    expect(socket.controls()).toEqual([{ type: 'starttls' }]);
    socket.control(relayError('tls-not-allowed', 'The relay reaches lab with tls=none.'));
    socket.control(relayClosed('relay', 'tls not allowed'));
    expect(await upgrading).toBe(false);
    expect(t.problem).toBe('The relay reaches lab with tls=none.');
    expect(t.closed).toBe(true);
  });

  it('stops waiting for replies as soon as the server hangs up', async () => {
    const { socket, t } = await connected();
    const waiting = t.until(() => t.reader.count >= 1);
    socket.control(relayClosed('server', 'bye'));
    expect(await waiting).toBe(false);
  });
});
