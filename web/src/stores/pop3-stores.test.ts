import { lessonById, relayConnected } from '@smtp-playground/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Pop3SandboxConnection } from '../connection/pop3-sandbox-connection';
import { FakeEventSource } from '../testing/fake-event-source';
import { FakeWebSocket } from '../testing/fake-web-socket';
import { useConnectionStore } from './connection-store';
import { connectionFor, letterForPop3Lesson } from './lessons-store';
import { tabMailbox, tabMaildrops } from './mailbox-store';
import { useSettingsStore } from './settings-store';
import { type TargetSummary, useTargetsStore } from './targets-store';
import { useTranscriptStore } from './transcript-store';

const flush = () => new Promise((r) => setTimeout(r, 0));
const texts = () => useTranscriptStore.getState().lines.map((l) => `${l.direction[0]} ${l.text}`);
const POP3: TargetSummary = { name: 'pop3', address: '127.0.0.1:2110', tls: 'starttls', insecure: false, sandbox: true };

async function type(...lines: string[]) {
  for (const line of lines) {
    useConnectionStore.getState().lineTyped(line);
    await flush();
  }
}

beforeEach(() => {
  useTranscriptStore.getState().historyCleared();
  tabMailbox.clear();
  FakeWebSocket.made = [];
  FakeEventSource.made = [];
  vi.stubGlobal('WebSocket', FakeWebSocket);
  vi.stubGlobal('EventSource', FakeEventSource);
});
afterEach(() => {
  useSettingsStore.getState().connectionChosen('tab');
  vi.unstubAllGlobals();
});

describe('POP3 in the tab', () => {
  it('fetches with POP3 the letter sent by hand in the in-tab SMTP sandbox: the same mailbox', async () => {
    useSettingsStore.getState().connectionChosen('tab');
    useConnectionStore.getState().connectRequested();
    await flush();
    await type('HELO client.thm', 'MAIL FROM:<user@client.thm>', 'RCPT TO:<strategos@server.thm>', 'DATA');
    useConnectionStore.getState().letterSent(`Subject: By hand\n\nSent in the tab.`);
    // The letter goes in, and the POP3 sandbox opens, once their code has loaded (connection-store.ts).
    await vi.waitFor(() => expect(tabMaildrops.list('strategos')).toHaveLength(1));

    useSettingsStore.getState().connectionChosen('tab-pop3');
    expect(useConnectionStore.getState()).toMatchObject({ status: 'connecting', label: 'In-tab POP3 sandbox', protocol: 'pop3', simulated: true });
    await vi.waitFor(() => expect(useConnectionStore.getState().status).toBe('open'));
    // What the store showed while it loaded is what the loaded connection says of itself.
    const loaded = new Pop3SandboxConnection(tabMaildrops);
    expect(useConnectionStore.getState()).toMatchObject({
      label: loaded.label,
      protocol: loaded.protocol,
      simulated: loaded.simulated,
      readOnly: loaded.readOnly,
    });
    expect(useTranscriptStore.getState().observed.protocol).toBe('pop3');
    await type('USER strategos', 'PASS sandbox', 'LIST', 'RETR 1', 'QUIT');
    const seen = texts();
    expect(seen).toContain('s +OK Logged in.');
    expect(seen).toContain('s Subject: By hand');
    expect(seen).toContain('s Sent in the tab.');
    const { pop3 } = useTranscriptStore.getState().observed;
    expect(pop3).toMatchObject({ authenticated: true, count: 1, quit: true });
    expect(pop3?.retrieved[0]?.headers.find((h) => h.name === 'Subject')?.value).toBe('By hand');
    expect(useConnectionStore.getState().status).toBe('closed');
  });

  it('never saves the PASS line’s password to localStorage', async () => {
    useSettingsStore.getState().connectionChosen('tab-pop3');
    await vi.waitFor(() => expect(useConnectionStore.getState().status).toBe('open'));
    await type('USER strategos', 'PASS sandbox');
    await new Promise((r) => setTimeout(r, 600)); // the save waits up to half a second
    const saved = localStorage.getItem('smtp-playground:transcript') ?? '';
    expect(saved).toContain('PASS (login data, not saved)');
    expect(saved).not.toContain('PASS sandbox');
  });
});

describe('POP3 through the relay', () => {
  it('opens the pop3 target, reads it as POP3, and asks the relay for TLS after +OK to STLS', async () => {
    useTargetsStore.getState().targetsListed([POP3]);
    useSettingsStore.getState().connectionChosen('relay:pop3');
    const socket = FakeWebSocket.made.at(-1) as FakeWebSocket;
    expect(socket.url).toBe('ws://localhost:3000/relay?target=pop3');
    expect(useConnectionStore.getState()).toMatchObject({ label: 'Relay POP3 sandbox', protocol: 'pop3', simulated: false });
    socket.opened();
    socket.control(relayConnected({ target: 'pop3', address: '127.0.0.1:2110', tls: 'starttls', insecure: false, maxFrame: 1024 * 1024 }));
    socket.bytes('+OK Dovecot ready.\r\n');
    useConnectionStore.getState().lineTyped('STLS');
    expect(socket.controls()).toEqual([]);
    socket.bytes('+OK Begin TLS negotiation now.\r\n');
    expect(socket.controls()).toEqual([{ type: 'starttls' }]);
    expect(useTranscriptStore.getState().observed.pop3?.tls).toBe(true);
  });

  it('watches port 2110 through the POP3 feed', () => {
    useTargetsStore.getState().targetsListed([POP3]);
    useSettingsStore.getState().connectionChosen('watch-pop3');
    expect(useConnectionStore.getState()).toMatchObject({ readOnly: true, label: 'Watching port 2110', protocol: 'pop3' });
    expect(FakeEventSource.made.at(-1)?.url).toBe('/api/watch?protocol=pop3');
  });
});

describe('POP3 lessons', () => {
  const pop3Lesson = lessonById('pop3-log-in-and-list');
  const smtpLesson = lessonById('the-whole-session');

  it('need a POP3 connection: the in-tab one unless the learner chose another POP3 one', () => {
    if (!pop3Lesson || !smtpLesson) throw new Error('lessons missing');
    expect(connectionFor(pop3Lesson.setup, 'tab')).toBe('tab-pop3');
    expect(connectionFor(pop3Lesson.setup, 'relay:sandbox')).toBe('tab-pop3');
    expect(connectionFor(pop3Lesson.setup, 'relay:pop3')).toBe('relay:pop3');
    expect(connectionFor(pop3Lesson.setup, 'watch-pop3')).toBe('watch-pop3');
    expect(connectionFor(smtpLesson.setup, 'tab-pop3')).toBe('tab');
    expect(connectionFor(smtpLesson.setup, 'relay:sandbox')).toBe('relay:sandbox');
  });

  it('find lesson 7’s letter in strategos’s box: delivered by the in-tab SMTP sandbox when the box is empty, and only then', () => {
    if (!pop3Lesson) throw new Error('lesson missing');
    expect(letterForPop3Lesson(pop3Lesson.setup)).toBe(true);
    const [letter] = tabMaildrops.list('strategos');
    expect(new TextDecoder().decode(letter?.raw)).toMatch(/^Received: [\s\S]*Subject: Telnet email\r\n/m);
    expect(letterForPop3Lesson(pop3Lesson.setup)).toBe(false);
    expect(tabMaildrops.list('strategos')).toHaveLength(1);
  });

  it('deliver lesson 7’s letter when strategos holds only other mail (lesson 5 writes to strategos too)', () => {
    if (!pop3Lesson) throw new Error('lesson missing');
    const now = new Date().toISOString();
    const raw = new TextEncoder().encode('From: user@client.thm\r\nTo: strategos@server.thm\r\nSubject: Hello\r\n\r\nHi\r\n');
    tabMailbox.add({
      id: 'lesson5',
      mailFrom: 'user@client.thm',
      rcptTo: ['strategos@server.thm'],
      raw,
      size: raw.length,
      receivedAt: now,
      helo: 'client.thm',
      clientAddress: '127.0.0.1',
      protocol: 'SMTP',
    });
    expect(letterForPop3Lesson(pop3Lesson.setup)).toBe(true);
    expect(tabMaildrops.list('strategos')).toHaveLength(2);
    expect(letterForPop3Lesson(pop3Lesson.setup)).toBe(false);
  });

  it('deliver nothing for a relay POP3 server: its mailbox is the relay’s', () => {
    if (!pop3Lesson) throw new Error('lesson missing');
    useSettingsStore.setState({ connection: 'relay:pop3' });
    useTargetsStore.getState().targetsListed([POP3]);
    expect(letterForPop3Lesson(pop3Lesson.setup)).toBe(false);
    expect(tabMaildrops.list('strategos')).toHaveLength(0);
  });
});
