import { Mailbox, MSA_POLICY, PERSONALITIES, Session, type StoredMessage } from '@smtp-playground/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FRAME_MS, finished, journeySink, total, useJourneyStore } from './journey-store';
import { tabMailbox } from './mailbox-store';
import { useSettingsStore } from './settings-store';

const text = new TextEncoder();

/** A letter the in-tab MSA accepted, from a session typed as a learner would (TLS simulated, then AUTH). */
function submitted(from = 'user@client.thm'): StoredMessage {
  const queue = new Mailbox();
  const s = new Session({ mailbox: queue, clock: () => Date.now(), random: Math.random, personality: PERSONALITIES.postfix, policy: MSA_POLICY, tls: true });
  s.start();
  for (const line of ['EHLO client.thm', 'STARTTLS']) s.receive(text.encode(`${line}\r\n`));
  s.tlsStarted();
  for (const line of ['EHLO client.thm', 'AUTH PLAIN AGxlYXJuZXIAc2FuZGJveA==', 'MAIL FROM:<user@client.thm>', 'RCPT TO:<strategos@server.thm>', 'DATA'])
    s.receive(text.encode(`${line}\r\n`));
  s.receive(text.encode(`From: ${from}\r\nTo: strategos@server.thm\r\nSubject: Hi\r\n\r\nHello\r\n.\r\n`));
  const [m] = queue.list();
  if (!m) throw new Error('the MSA took nothing');
  return m;
}

const journeys = () => useJourneyStore.getState().journeys;
/** Waits until `done`, on setImmediate (never faked here), for at most 30 s of real time: RSA signing is slow on a busy machine. */
async function until(done: () => boolean) {
  const deadline = Date.now() + 30_000;
  while (!done() && Date.now() < deadline) await new Promise((r) => setImmediate(r));
}

/** Waits for the journeys being worked out (WebCrypto is asynchronous). */
async function settled(count: number) {
  await until(() => journeys().length >= count);
  expect(journeys()).toHaveLength(count);
}

beforeEach(async () => {
  // A journey still being worked out from the test before would land in this one.
  await until(() => useJourneyStore.getState().working === 0);
  useSettingsStore.setState({ scenario: 'journey' });
  useJourneyStore.setState({ journeys: [], working: 0, error: null });
  tabMailbox.clear();
});
afterEach(() => vi.useRealTimers());

describe('journey store', () => {
  it('shows a journey a frame at a time, and puts the delivered letter in the mailbox only when its step is shown', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    journeySink.add(submitted());
    await settled(1);
    const j = journeys()[0];
    if (!j) throw new Error('no journey');
    expect(j.shown).toBe(0);
    expect(tabMailbox.list()).toHaveLength(0);
    vi.advanceTimersByTime(FRAME_MS * (total(j) - 1));
    expect(tabMailbox.list()).toHaveLength(0); // the last frame is the delivery
    vi.advanceTimersByTime(FRAME_MS);
    expect(finished(journeys()[0] as typeof j)).toBe(true);
    expect(tabMailbox.list().map((m) => m.rcptTo)).toEqual([['strategos@server.thm']]);
  });

  it('delivers what an unfinished journey carries when the panel is cleared, exactly once', async () => {
    journeySink.add(submitted('ceo@bank.thm'));
    await settled(1);
    useJourneyStore.getState().journeysCleared();
    expect(journeys()).toEqual([]);
    // Refused by DMARC at the MX: the bounce to the sender is what arrives.
    expect(tabMailbox.list().map((m) => [m.mailFrom, m.rcptTo])).toEqual([['', ['user@client.thm']]]);
    useJourneyStore.getState().showAllPressed();
    expect(tabMailbox.list()).toHaveLength(1);
  });

  it('Show all shows every frame at once and delivers each message once', async () => {
    journeySink.add(submitted());
    journeySink.add(submitted());
    await settled(2);
    useJourneyStore.getState().showAllPressed();
    useJourneyStore.getState().showAllPressed();
    expect(journeys().every(finished)).toBe(true);
    expect(tabMailbox.list()).toHaveLength(2);
  });

  it('keeps the letter when its journey cannot be worked out, and says why', async () => {
    const subtle = globalThis.crypto.subtle;
    vi.spyOn(subtle, 'sign').mockRejectedValue(new Error('no WebCrypto here'));
    try {
      journeySink.add(submitted());
      await until(() => useJourneyStore.getState().working === 0);
      expect(useJourneyStore.getState().error).toContain('could not be worked out');
    } finally {
      vi.restoreAllMocks();
    }
    expect(journeys()).toEqual([]);
    expect(tabMailbox.list()).toHaveLength(1);
    expect(useJourneyStore.getState().working).toBe(0);
  });
});
