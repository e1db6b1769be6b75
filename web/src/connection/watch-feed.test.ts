import { describe, expect, it } from 'vitest';
import { base64, FakeEventSource } from '../testing/fake-event-source';
import { createWatchFeed, parseFeedEvent, type WatchFeedEvent } from './watch-feed';

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

describe('parseFeedEvent', () => {
  it('decodes the bytes of a session', () => {
    const e = parseFeedEvent('bytes', JSON.stringify({ id: '4', direction: 'client', at: 1, data: base64('EHLO a\r\n') }));
    expect(e?.type === 'bytes' && new TextDecoder().decode(e.data)).toBe('EHLO a\r\n');
  });

  it('skips anything malformed instead of failing', () => {
    expect(parseFeedEvent('bytes', '{"id":"4","direction":"client","data":"%%%"}')).toBeNull();
    expect(parseFeedEvent('bytes', '{"id":"4","direction":"sideways","data":""}')).toBeNull();
    expect(parseFeedEvent('opened', 'not json')).toBeNull();
    expect(parseFeedEvent('hello', '{"sessions":3}')).toBeNull();
    expect(parseFeedEvent('closed', 'null')).toBeNull();
  });
});

describe('createWatchFeed', () => {
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
    s.event('bytes', { id: '1', direction: 'server', at: 1, data: base64('220 hi\r\n') });
    s.event('mailbox', { count: 2 });
    expect(mailbox.map((e) => e.type)).toEqual(['mailbox']);
    expect(watcher.map((e) => e.type)).toEqual(['bytes', 'mailbox']);
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
    s.event('hello', { sessions: [{ id: '1', client: '127.0.0.1:1', startedAt: 0 }] });
    s.event('opened', { id: '2', client: '127.0.0.1:2', port: 2525, implicitTls: false, at: 5 });
    s.event('closed', { id: '1', at: 6 });
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
