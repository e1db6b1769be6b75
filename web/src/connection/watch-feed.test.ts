import { encodeText, watchBytes, watchClosed, watchHello, watchMessagesRemoved, watchOpened } from '@smtp-playground/shared';
import { describe, expect, it } from 'vitest';
import { FakeEventSource } from '../testing/fake-event-source';
import { createWatchFeed, type WatchFeedEvent } from './watch-feed';

const flush = () => new Promise((r) => setTimeout(r, 0));

function feed() {
  const sources: FakeEventSource[] = [];
  const f = createWatchFeed((bytes) => {
    const s = new FakeEventSource(bytes ? '/api/watch' : '/api/watch?bytes=0');
    sources.push(s);
    return s;
  });
  return { f, sources };
}

describe('createWatchFeed', () => {
  it('hands on each event as the relay sent it, its bytes decoded', () => {
    const { f, sources } = feed();
    const heard: WatchFeedEvent[] = [];
    f.subscribe((e) => heard.push(e), { bytes: true });
    const s = sources.at(-1) as FakeEventSource;
    const sent = [
      watchHello([]),
      watchOpened({ id: '4', client: '127.0.0.1:5000', port: 2525, implicitTls: false, at: 1 }),
      watchBytes('4', 'client', 2, encodeText('EHLO a\r\n')),
      watchClosed('4', 3),
      watchMessagesRemoved(['1']),
    ];
    for (const e of sent) s.event(e);
    // Bytes compared as their text: the test's Uint8Array and the decoder's come from different realms here.
    const plain = (events: WatchFeedEvent[]) => events.map((e) => (e.type === 'bytes' ? { ...e, data: new TextDecoder().decode(e.data) } : e));
    expect(plain(heard)).toEqual(plain(sent));
  });

  it('skips a malformed event instead of failing, and hears the next', () => {
    const { f, sources } = feed();
    const heard: WatchFeedEvent[] = [];
    f.subscribe((e) => heard.push(e), { bytes: true });
    const s = sources.at(-1) as FakeEventSource;
    s.raw('bytes', '{"id":"4","direction":"client","at":1,"data":"%%%"}');
    s.raw('opened', 'not json');
    s.raw('hello', '{"sessions":3}');
    s.raw('messagesRemoved', '{"ids":"many"}');
    s.event(watchMessagesRemoved(['2']));
    expect(heard).toEqual([{ type: 'messagesRemoved', ids: ['2'] }]);
  });

  it('opens one stream for every subscriber and closes it with the last', () => {
    const { f, sources } = feed();
    const a = f.subscribe(() => {});
    const b = f.subscribe(() => {});
    expect(sources).toHaveLength(1);
    a();
    expect(sources[0]?.closed).toBe(false);
    b();
    expect(sources[0]?.closed).toBe(true);
  });

  it('gives bytes only to the subscribers that want them', () => {
    const { f, sources } = feed();
    const mailbox: WatchFeedEvent[] = [];
    const watcher: WatchFeedEvent[] = [];
    f.subscribe((e) => mailbox.push(e));
    f.subscribe((e) => watcher.push(e), { bytes: true });
    const s = sources.at(-1) as FakeEventSource; // reopened with bytes
    s.event(watchBytes('1', 'server', 1, encodeText('220 hi\r\n')));
    s.event(watchMessagesRemoved(['2']));
    expect(mailbox.map((e) => e.type)).toEqual(['messagesRemoved']);
    expect(watcher.map((e) => e.type)).toEqual(['bytes', 'messagesRemoved']);
  });

  it('asks for bytes only while a subscriber wants them, reopening the stream when that changes', () => {
    const { f, sources } = feed();
    f.subscribe(() => {});
    expect(sources.map((s) => s.url)).toEqual(['/api/watch?bytes=0']);
    const stop = f.subscribe(() => {}, { bytes: true });
    expect(sources.map((s) => s.url)).toEqual(['/api/watch?bytes=0', '/api/watch']);
    expect(sources[0]?.closed).toBe(true);
    stop();
    expect(sources.map((s) => s.url)).toEqual(['/api/watch?bytes=0', '/api/watch', '/api/watch?bytes=0']);
    expect(sources[1]?.closed).toBe(true);
    expect(sources[2]?.closed).toBe(false);
  });

  it('says hello to a late subscriber with the sessions open now', async () => {
    const { f, sources } = feed();
    f.subscribe(() => {});
    const s = sources[0] as FakeEventSource;
    s.event(watchHello([{ id: '1', client: '127.0.0.1:1', startedAt: 0 }]));
    s.event(watchOpened({ id: '2', client: '127.0.0.1:2', port: 2525, implicitTls: false, at: 5 }));
    s.event(watchClosed('1', 6));
    const late: WatchFeedEvent[] = [];
    f.subscribe((e) => late.push(e));
    await flush();
    expect(late).toEqual([{ type: 'hello', sessions: [{ id: '2', client: '127.0.0.1:2', startedAt: 5 }] }]);
  });

  it('tells a broken stream (the browser reconnects) from a feed that is not there', () => {
    const { f, sources } = feed();
    const heard: string[] = [];
    f.subscribe((e) => heard.push(e.type));
    sources[0]?.failed(false);
    sources[0]?.failed(true);
    expect(heard).toEqual(['interrupted', 'unavailable']);
  });
});
