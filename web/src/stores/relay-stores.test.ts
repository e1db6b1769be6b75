import {
  encodeText,
  relayConnected,
  relayTls,
  watchBytes,
  watchClosed,
  watchHello,
  watchMessageStored,
  watchMessagesRemoved,
  watchOpened,
} from '@smtp-playground/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WatchFeedEvent } from '../connection/watch-feed';
import { FakeEventSource } from '../testing/fake-event-source';
import { FakeWebSocket } from '../testing/fake-web-socket';
import { summary } from '../testing/messages';
import { useConnectionStore } from './connection-store';
import { relayMailboxFollowed, useRelayMailboxStore } from './relay-mailbox-store';
import { useSettingsStore } from './settings-store';
import { loadTargets, type TargetSummary, useTargetsStore } from './targets-store';
import { transcriptText, useTranscriptStore } from './transcript-store';

const flush = () => new Promise((r) => setTimeout(r, 0));
const texts = () => useTranscriptStore.getState().lines.map((l) => `${l.direction[0]} ${l.text}`);
const SANDBOX: TargetSummary = { name: 'sandbox', address: '127.0.0.1:2525', tls: 'starttls', insecure: false, sandbox: true };

function fetchAnswering(answer: () => Promise<Response>): typeof fetch {
  return (() => answer()) as unknown as typeof fetch;
}

beforeEach(() => {
  useTranscriptStore.getState().historyCleared();
  FakeWebSocket.made = [];
  FakeEventSource.made = [];
  vi.stubGlobal('WebSocket', FakeWebSocket);
  vi.stubGlobal('EventSource', FakeEventSource);
});
afterEach(() => {
  useSettingsStore.getState().connectionChosen('tab');
  vi.unstubAllGlobals();
});

describe('loadTargets', () => {
  it('lists the relay’s targets', async () => {
    await loadTargets(fetchAnswering(async () => Response.json([SANDBOX])));
    expect(useTargetsStore.getState()).toMatchObject({ status: 'available', targets: [SANDBOX], reason: null });
  });

  it('offers only the tab, and says why, without a relay', async () => {
    await loadTargets(fetchAnswering(() => Promise.reject(new TypeError('Failed to fetch'))));
    expect(useTargetsStore.getState().reason).toMatch(/^This page can’t reach a relay \(GET \/api\/targets failed\), so only the in-tab sandbox is offered\./);
    await loadTargets(fetchAnswering(async () => new Response('', { status: 502 })));
    expect(useTargetsStore.getState().reason).toMatch(/^The relay didn’t answer GET \/api\/targets \(HTTP 502\)/);
    await loadTargets(fetchAnswering(async () => new Response('<!doctype html><title>SMTP Playground</title>', { status: 200 })));
    expect(useTargetsStore.getState()).toMatchObject({ status: 'unavailable', targets: [] });
    expect(useTargetsStore.getState().reason).toMatch(/^This page is served without the relay/);
    await loadTargets(fetchAnswering(async () => Response.json([SANDBOX, { ...SANDBOX, name: 'lab', tls: 'sometimes' }])));
    expect(useTargetsStore.getState()).toMatchObject({ status: 'unavailable', targets: [] });
  });

  it('falls back to the in-tab sandbox when the saved choice needs a relay that isn’t there', async () => {
    await loadTargets(fetchAnswering(() => Promise.reject(new TypeError('Failed to fetch'))));
    useSettingsStore.getState().connectionChosen('relay:sandbox');
    expect(useConnectionStore.getState().label).toBe('In-tab sandbox');
    expect(FakeWebSocket.made).toHaveLength(0);
  });
});

describe('connection store and STARTTLS', () => {
  it('simulates the upgrade in the tab, and says so', async () => {
    useConnectionStore.getState().connectRequested();
    await flush();
    for (const line of ['EHLO client.thm', 'STARTTLS']) {
      useConnectionStore.getState().lineTyped(line);
      await flush();
    }
    expect(texts()).toContain('s 250-STARTTLS');
    expect(useConnectionStore.getState().tls).toMatchObject({ simulated: true });
    const { notices, lines } = useTranscriptStore.getState();
    expect(notices.map((n) => n.text)).toEqual([expect.stringMatching(/^TLS simulated: the in-tab sandbox can’t encrypt/)]);
    useConnectionStore.getState().lineTyped('EHLO client.thm');
    await flush();
    // After TLS the server no longer offers STARTTLS, and its trace header will say ESMTPS.
    expect(texts().slice(lines.length)).not.toContain('s 250-STARTTLS');
    expect(transcriptText(useTranscriptStore.getState().lines, notices)).toMatch(/C: STARTTLS\nS: 220 .*\n-- TLS simulated/);
  });

  it('through the relay, sends starttls after the server’s 220 and shows what TLS agreed', async () => {
    useTargetsStore.getState().targetsListed([SANDBOX]);
    useSettingsStore.getState().connectionChosen('relay:sandbox');
    const socket = FakeWebSocket.made.at(-1) as FakeWebSocket;
    expect(socket.url).toBe('ws://localhost:3000/relay?target=sandbox');
    expect(useConnectionStore.getState()).toMatchObject({ status: 'connecting', label: 'Relay sandbox', simulated: false });
    socket.opened();
    socket.control(relayConnected({ target: 'sandbox', address: '127.0.0.1:2525', tls: 'starttls', insecure: false, maxFrame: 1024 * 1024 }));
    socket.bytes('220 example.thm ESMTP\r\n');
    expect(useConnectionStore.getState()).toMatchObject({ status: 'open', peer: '127.0.0.1:2525' });
    useConnectionStore.getState().lineTyped('EHLO client.thm');
    socket.bytes('250-example.thm\r\n250 STARTTLS\r\n');
    useConnectionStore.getState().lineTyped('STARTTLS');
    expect(socket.controls()).toEqual([]);
    socket.bytes('220 TLS go ahead\r\n');
    expect(socket.controls()).toEqual([{ type: 'starttls' }]);
    expect(socket.text()).toBe('EHLO client.thm\r\nSTARTTLS\r\n');
    const certificate = { subject: 'CN=example.thm', issuer: 'CN=example.thm', validTo: 'Nov 25 10:00:00 2027 GMT', fingerprint: 'AB' };
    socket.control(relayTls({ protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', authorized: true, authorizationError: null, certificate }));
    expect(useConnectionStore.getState().tls).toMatchObject({ protocol: 'TLSv1.3', authorized: true, simulated: false });
    expect(useTranscriptStore.getState().notices.at(-1)?.text).toBe(
      'TLS 1.3, TLS_AES_256_GCM_SHA384 — certificate verified: CN=example.thm, issued by CN=example.thm, valid until Nov 25 10:00:00 2027 GMT',
    );
  });
});

describe('connection store, watching', () => {
  it('shows the watched client’s lines as client lines, and each new session as a new one', async () => {
    useTargetsStore.getState().targetsListed([SANDBOX]);
    useSettingsStore.getState().connectionChosen('watch');
    expect(useConnectionStore.getState()).toMatchObject({ readOnly: true, label: 'Watching port 2525', status: 'waiting' });
    const feed = FakeEventSource.made.at(-1) as FakeEventSource;
    feed.event(watchHello([]));
    expect(useConnectionStore.getState().waitingMessage).toBe('Waiting for a session to open. In a terminal: telnet localhost 2525.');
    const bytes = (id: string, direction: 'client' | 'server', text: string) => feed.event(watchBytes(id, direction, 0, encodeText(text)));
    feed.event(watchOpened({ id: '7', client: '127.0.0.1:5000', port: 2525, implicitTls: false, at: 0 }));
    bytes('7', 'server', '220 example.thm ESMTP\r\n');
    bytes('7', 'client', 'HELO terminal.test\r\n');
    bytes('7', 'server', '250 example.thm Hello terminal.test\r\n');
    expect(useConnectionStore.getState()).toMatchObject({ status: 'open', peer: '127.0.0.1:5000' });
    expect(texts()).toEqual(['s 220 example.thm ESMTP', 'c HELO terminal.test', 's 250 example.thm Hello terminal.test']);
    expect(useTranscriptStore.getState().observed.step).toBe('greet');
    useConnectionStore.getState().lineTyped('NOOP');
    expect(useConnectionStore.getState().error?.code).toBe('not-connected');
    expect(texts()).toHaveLength(3);

    feed.event(watchClosed('7', 0));
    expect(useConnectionStore.getState().status).toBe('waiting');
    feed.event(watchOpened({ id: '8', client: '127.0.0.1:5001', port: 2525, implicitTls: false, at: 0 }));
    bytes('8', 'server', '220 again\r\n');
    const { lines, sessionStarts, observed } = useTranscriptStore.getState();
    expect(sessionStarts.has(lines.at(-1)?.id as number)).toBe(true);
    expect(observed.step).toBe('arrive');
  });
});

describe('relay mailbox store', () => {
  /** A feed the test speaks for. */
  function testFeed() {
    let listener: ((e: WatchFeedEvent) => void) | null = null;
    return {
      feed: {
        subscribe: (l: (e: WatchFeedEvent) => void) => {
          listener = l;
          return () => {};
        },
      },
      event: (e: WatchFeedEvent) => listener?.(e),
    };
  }

  it('reads the list once, then follows the feed’s changes without reading it again, and reads the shown message’s bytes', async () => {
    const asked: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        asked.push(url);
        return url.endsWith('/raw') ? new Response('Subject: S\r\n\r\nhi\r\n') : Response.json([summary('1')]);
      }),
    );
    const f = testFeed();
    const stop = relayMailboxFollowed(f.feed);
    await vi.waitFor(() => expect(useRelayMailboxStore.getState().raw['1']).toBeDefined());
    f.event(watchMessageStored(summary('2')));
    expect(useRelayMailboxStore.getState().messages.map((m) => m.id)).toEqual(['2', '1']);
    expect(useRelayMailboxStore.getState().status).toBe('live');
    await vi.waitFor(() => expect(useRelayMailboxStore.getState().raw['2']).toBeDefined());
    f.event(watchMessagesRemoved(['1']));
    expect(useRelayMailboxStore.getState().messages.map((m) => m.id)).toEqual(['2']);
    expect(useRelayMailboxStore.getState().raw['1']).toBeUndefined();
    expect(asked).toEqual(['/api/messages', '/api/messages/1/raw', '/api/messages/2/raw']);
    stop();
  });

  it('applies a change heard while the list is being fetched on top of the answer, whichever had it first', async () => {
    let answer: (r: Response) => void = () => {};
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string) =>
        url.endsWith('/raw') ? Promise.resolve(new Response('Subject: S\r\n\r\nhi\r\n')) : new Promise<Response>((resolve) => (answer = resolve)),
      ),
    );
    const f = testFeed();
    const stop = relayMailboxFollowed(f.feed);
    f.event(watchMessageStored(summary('5'))); // stored after the relay built its answer
    f.event(watchMessageStored(summary('4'))); // stored before: the answer has it too
    f.event(watchMessagesRemoved(['2'])); // removed after the answer was built
    answer(Response.json([summary('4'), summary('3'), summary('2')]));
    await vi.waitFor(() => expect(useRelayMailboxStore.getState().messages.map((m) => m.id)).toEqual(['5', '4', '3']));
    stop();
  });

  it('keeps the list it has, and says so, when the relay’s answer is not a list of messages', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Response.json([{ id: 3, subject: 'no envelope' }])),
    );
    const before = useRelayMailboxStore.getState().messages;
    const stop = relayMailboxFollowed({ subscribe: () => () => {} });
    await vi.waitFor(() =>
      expect(useRelayMailboxStore.getState().problem).toBe('The relay’s mailbox couldn’t be read (the answer was not a list of messages).'),
    );
    expect(useRelayMailboxStore.getState().messages).toBe(before);
    stop();
  });
});
