import { encodeText } from '@smtp-playground/shared';
import { describe, expect, it } from 'vitest';
import type { ConnectionEvent } from './connection';
import { WatchConnection } from './watch-connection';
import type { WatchFeed, WatchFeedEvent } from './watch-feed';

/** A feed the test speaks for, and a watch connection on it, with what it emitted as short strings. */
function watching() {
  let listener: ((e: WatchFeedEvent) => void) | null = null;
  let wantsBytes = false;
  const feed: WatchFeed = {
    subscribe(l, options) {
      listener = l;
      wantsBytes = options?.bytes ?? false;
      return () => {
        listener = null;
      };
    },
  };
  const c = new WatchConnection(feed, 2525);
  const events: ConnectionEvent[] = [];
  c.subscribe((e) => events.push(e));
  c.open();
  const say = (e: WatchFeedEvent) => listener?.(e);
  const opened = (id: string) => say({ type: 'opened', id, client: `127.0.0.1:${id}`, port: 2525, implicitTls: false, at: 0 });
  const bytes = (id: string, direction: 'client' | 'server', text: string) => say({ type: 'bytes', id, direction, at: 0, data: encodeText(text) });
  const closed = (id: string) => say({ type: 'closed', id, at: 0 });
  const shown = () =>
    events.map((e) => {
      switch (e.type) {
        case 'sent':
          return `C ${new TextDecoder().decode(e.bytes).trim()}`;
        case 'received':
          return `S ${new TextDecoder().decode(e.bytes).trim()}`;
        case 'opened':
          return `opened ${e.peer}`;
        case 'closed':
          return `closed by ${e.by}`;
        default:
          return e.type;
      }
    });
  return { c, events, say, opened, bytes, closed, shown, wantsBytes: () => wantsBytes, listening: () => listener !== null };
}

describe('WatchConnection', () => {
  it('is read-only, wants the feed’s bytes, and waits for a session', () => {
    const w = watching();
    expect(w.c.readOnly).toBe(true);
    expect(w.wantsBytes()).toBe(true);
    w.say({ type: 'hello', sessions: [] });
    expect(w.events.at(-1)).toEqual({ type: 'waiting', message: 'Waiting for a session to open. In a terminal: telnet localhost 2525.' });
  });

  it('follows the first session that opens: the client’s bytes as sent, the server’s as received', () => {
    const w = watching();
    w.say({ type: 'hello', sessions: [{ id: '1', client: '127.0.0.1:1', startedAt: 0 }] });
    expect((w.events.at(-1) as { message: string }).message).toContain('One session was already in progress');
    w.bytes('1', 'client', 'NOOP\r\n'); // a session already open when watching began: not followed
    w.opened('2');
    w.bytes('2', 'server', '220 example.thm ESMTP\r\n');
    w.bytes('2', 'client', 'EHLO a\r\n');
    w.closed('2');
    expect(w.shown()).toEqual(['waiting', 'waiting', 'opened 127.0.0.1:2', 'S 220 example.thm ESMTP', 'C EHLO a', 'closed by server', 'waiting']);
  });

  it('shows a session that opened meanwhile from its first byte, once the followed one ends', () => {
    const w = watching();
    w.opened('1');
    w.opened('2');
    w.bytes('2', 'server', '220 two\r\n');
    w.bytes('1', 'server', '220 one\r\n');
    w.bytes('2', 'client', 'QUIT\r\n');
    w.closed('2');
    w.closed('1');
    expect(w.shown()).toEqual([
      'waiting',
      'opened 127.0.0.1:1',
      'S 220 one',
      'closed by server',
      'opened 127.0.0.1:2',
      'S 220 two',
      'C QUIT',
      'closed by server',
      'waiting',
    ]);
  });

  it('reports the sandbox’s TLS, which the terminal’s client did', () => {
    const w = watching();
    w.opened('1');
    w.say({ type: 'tls', id: '1', protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' });
    expect(w.events.at(-1)).toEqual({
      type: 'tls',
      protocol: 'TLSv1.3',
      cipher: 'TLS_AES_256_GCM_SHA384',
      authorized: null,
      authorizationError: null,
      certificate: null,
      simulated: false,
    });
  });

  it('ends the followed session when the feed breaks, since bytes were missed', () => {
    const w = watching();
    w.opened('1');
    w.opened('2');
    w.say({ type: 'interrupted' });
    w.closed('2');
    expect(w.shown().slice(1)).toEqual(['opened 127.0.0.1:1', 'closed by relay', 'waiting']);
  });

  it('stops, and says why, when the page has no watch feed', () => {
    const w = watching();
    w.say({ type: 'unavailable' });
    expect(w.events.at(-2)).toMatchObject({ type: 'error', code: 'watch-unavailable' });
    expect(w.events.at(-1)).toMatchObject({ type: 'closed', by: 'relay' });
    expect(w.listening()).toBe(false);
  });

  it('refuses to send, pointing at the terminal', () => {
    const w = watching();
    w.c.send();
    expect(w.events.at(-1)).toEqual({ type: 'error', code: 'read-only', message: 'Watching only: type in your terminal (telnet localhost 2525), not here.' });
  });
});
