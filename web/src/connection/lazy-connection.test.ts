import { encodeText } from '@smtp-playground/shared';
import { describe, expect, it } from 'vitest';
import type { Connection, ConnectionEvent } from './connection';
import { type ConnectionDescription, LazyConnection } from './lazy-connection';

const flush = () => new Promise((r) => setTimeout(r, 0));

const ABOUT: ConnectionDescription = { label: 'In-tab POP3 sandbox', simulated: true, readOnly: false, protocol: 'pop3' };

/** A connection that records what it was asked and lets the test speak for it. */
function fakeConnection() {
  const listeners = new Set<(e: ConnectionEvent) => void>();
  const calls: string[] = [];
  const c: Connection = {
    ...ABOUT,
    open: () => calls.push('open'),
    send: (bytes) => calls.push(`send ${new TextDecoder().decode(bytes)}`),
    startTls: () => calls.push('startTls'),
    close: () => calls.push('close'),
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  const emit = (e: ConnectionEvent) => {
    for (const l of listeners) l(e);
  };
  return { c, calls, emit };
}

function heard(c: Connection) {
  const events: ConnectionEvent[] = [];
  c.subscribe((e) => events.push(e));
  return events;
}

describe('LazyConnection', () => {
  it('says what it is before its code loads', () => {
    const c = new LazyConnection(ABOUT, () => new Promise(() => {}));
    expect(c).toMatchObject(ABOUT);
  });

  it('loads on open, then opens the loaded connection and passes its events and calls through', async () => {
    const inner = fakeConnection();
    let loads = 0;
    const c = new LazyConnection(ABOUT, async () => {
      loads++;
      return inner.c;
    });
    const events = heard(c);
    expect(loads).toBe(0);
    c.open();
    await flush();
    expect(inner.calls).toEqual(['open']);
    inner.emit({ type: 'opened' });
    inner.emit({ type: 'received', bytes: encodeText('+OK\r\n') });
    c.send(encodeText('STLS\r\n'));
    c.startTls();
    c.close();
    expect(events.map((e) => e.type)).toEqual(['opened', 'received']);
    expect(inner.calls).toEqual(['open', 'send STLS\r\n', 'startTls', 'close']);
  });

  it('never opens a connection closed before its code arrived, and says nothing', async () => {
    const inner = fakeConnection();
    const c = new LazyConnection(ABOUT, async () => inner.c);
    const events = heard(c);
    c.open();
    c.close();
    await flush();
    expect(inner.calls).toEqual([]);
    expect(events).toEqual([]);
  });

  it('reports code that could not be loaded as an error, then closes', async () => {
    const c = new LazyConnection(ABOUT, () => Promise.reject(new Error('Failed to fetch dynamically imported module')));
    const events = heard(c);
    c.open();
    await flush();
    expect(events.map((e) => e.type)).toEqual(['error', 'closed']);
    expect(events[0]).toMatchObject({ code: 'load-failed', message: expect.stringContaining('Failed to fetch') });
  });
});
