import { COMPARE_DIALOGUES, needsTls, postfix } from '@smtp-playground/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '../testing/fake-web-socket';
import { sessionRelay } from '../testing/session-relay-socket';
import { compareTarget, useCompareStore } from './compare-store';
import { type TargetSummary, useTargetsStore } from './targets-store';

const SANDBOX: TargetSummary = { name: 'sandbox', address: '127.0.0.1:2525', tls: 'starttls', insecure: false, sandbox: true };
const LAB: TargetSummary = { name: 'lab', address: '192.0.2.25:25', tls: 'starttls', insecure: true, sandbox: false };
const initial = useCompareStore.getState();

beforeEach(() => {
  FakeWebSocket.made = [];
  useCompareStore.setState(initial, true);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('compareTarget', () => {
  it('takes the chosen target, else the relay’s first real server, else its sandbox', () => {
    expect(compareTarget('sandbox', [SANDBOX, LAB])).toBe(SANDBOX);
    expect(compareTarget(null, [SANDBOX, LAB])).toBe(LAB);
    expect(compareTarget('gone', [SANDBOX])).toBe(SANDBOX);
    expect(compareTarget(null, [])).toBeNull();
  });
});

describe('compare store', () => {
  it('says how to start a relay with a target when the page has none, and opens nothing', async () => {
    useTargetsStore.getState().relayUnreachable('no relay');
    await useCompareStore.getState().compareRequested();
    expect(useCompareStore.getState()).toMatchObject({ status: 'idle', problem: expect.stringContaining('npm start -- --target NAME=HOST:PORT') });
    expect(FakeWebSocket.made).toEqual([]);
  });

  it('plays every safe dialogue through the relay, one session each, and finds a server of the sandbox’s own personality identical', async () => {
    vi.stubGlobal('WebSocket', sessionRelay(postfix));
    useTargetsStore.getState().targetsListed([SANDBOX, LAB]);
    useCompareStore.getState().personalityChosen('postfix');
    const seen: number[] = [];
    const unsubscribe = useCompareStore.subscribe((s) => seen.push(s.results.length));
    const running = useCompareStore.getState().compareRequested();
    expect(useCompareStore.getState()).toMatchObject({
      status: 'running',
      compared: { target: 'lab', personality: 'postfix' },
      total: COMPARE_DIALOGUES.length,
    });
    await running;
    unsubscribe();
    const s = useCompareStore.getState();
    expect(s.status).toBe('done');
    expect(FakeWebSocket.made.map((w) => w.url)).toEqual(COMPARE_DIALOGUES.map(() => 'ws://localhost:3000/relay?target=lab'));
    expect(FakeWebSocket.made.every((w) => w.closedWith === 1000 || w.readyState === 3)).toBe(true);
    // Results came one by one, and end in corpus order.
    expect(Math.max(...seen)).toBe(COMPARE_DIALOGUES.length);
    expect(seen).toContain(1);
    expect(s.results.map((c) => c.id)).toEqual(COMPARE_DIALOGUES.map((d) => d.id));
    expect(s.results.filter((c) => !c.sameText).map((c) => c.id)).toEqual([]);
    // Each handshake went through the relay's starttls, one per dialogue whose STARTTLS got its 220.
    const handshakes = s.results.filter((c) => c.lines.some((l) => l.left === '-- TLS handshake done'));
    expect(handshakes.length).toBeGreaterThan(5);
    expect(FakeWebSocket.made.filter((w) => w.controls().length > 0)).toHaveLength(handshakes.length);
    expect(s.fingerprint).toMatchObject({ banner: '220 example.thm ESMTP Postfix (Debian/GNU)', sizeLimit: 10240000, starttls: 'started' });
    expect(s.fingerprint?.pipeliningAfterHelo.verdict).toBe('accepted');
    expect(s.sandboxFingerprint?.banner).toBe('220 example.thm ESMTP Postfix (Debian/GNU)');
  });

  it('against the other personality, marks and explains the differences', async () => {
    vi.stubGlobal('WebSocket', sessionRelay(postfix));
    useTargetsStore.getState().targetsListed([SANDBOX, LAB]);
    useCompareStore.getState().personalityChosen('exim');
    await useCompareStore.getState().compareRequested();
    const ehlo = useCompareStore.getState().results.find((c) => c.id === 'ehlo');
    expect(ehlo?.lines[0]).toEqual({
      mark: 'differs-in-text',
      left: 'S: 220 example.thm ESMTP Postfix (Debian/GNU)',
      right: 'S: 220 example.thm ESMTP Exim 4.95 Ubuntu',
      why: 'Same code 220, worded differently.',
    });
    expect(ehlo?.lines).toContainEqual({ mark: 'only-left', left: 'S: 250-VRFY', right: null, why: 'Only the real server offers VRFY.' });
    expect(useCompareStore.getState().sandboxFingerprint?.banner).toBe('220 example.thm ESMTP Exim 4.95 Ubuntu');
  });

  it('skips the dialogues that need a handshake when the relay reaches the server without STARTTLS, and says why', async () => {
    vi.stubGlobal('WebSocket', sessionRelay(postfix));
    useTargetsStore.getState().targetsListed([SANDBOX, { ...LAB, tls: 'none' }]);
    useCompareStore.getState().personalityChosen('postfix');
    await useCompareStore.getState().compareRequested();
    const s = useCompareStore.getState();
    const tls = COMPARE_DIALOGUES.filter(needsTls).map((d) => d.id);
    expect(tls.length).toBeGreaterThan(0);
    expect(s.skipped.map((d) => d.id)).toEqual(tls);
    expect(s.skipped[0]?.why).toBe('needs a TLS handshake, and the relay reaches this server with tls=none');
    expect(s.results.map((c) => c.id)).toEqual(COMPARE_DIALOGUES.filter((d) => !needsTls(d)).map((d) => d.id));
    expect(FakeWebSocket.made.some((w) => w.controls().length > 0)).toBe(false);
  });

  it('stops on Stop: no new sessions, and what finishes late is dropped', async () => {
    vi.stubGlobal('WebSocket', sessionRelay(postfix));
    useTargetsStore.getState().targetsListed([SANDBOX, LAB]);
    const unsubscribe = useCompareStore.subscribe((s) => {
      if (s.status === 'running' && s.results.length >= 2) useCompareStore.getState().compareStopped();
    });
    await useCompareStore.getState().compareRequested();
    unsubscribe();
    const s = useCompareStore.getState();
    expect(s.status).toBe('stopped');
    expect(s.results.length).toBe(2);
    expect(s.fingerprint).toBeNull();
    expect(FakeWebSocket.made.length).toBeLessThan(COMPARE_DIALOGUES.length);
  });
});
