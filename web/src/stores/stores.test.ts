import { encodeText } from '@smtp-playground/shared';
import PostalMime from 'postal-mime';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { storedMessage } from '../testing/messages';
import { letterOnWire, useConnectionStore } from './connection-store';
import { tabMailbox, useMailboxStore } from './mailbox-store';
import { readingOf } from './parsed-mail-store';
import { transcriptText, useTranscriptStore } from './transcript-store';

const flush = () => new Promise((r) => setTimeout(r, 0));
const texts = () => useTranscriptStore.getState().lines.map((l) => `${l.direction[0]} ${l.text}`);

describe('transcript store', () => {
  beforeEach(() => {
    useTranscriptStore.getState().historyCleared();
    useTranscriptStore.getState().sessionStarted();
  });

  it('turns bytes both ways into observed lines and state', () => {
    const t = useTranscriptStore.getState();
    t.bytesReceived(encodeText('220 mx.test ESMTP\r\n'));
    t.bytesSent(encodeText('EHLO a.test\r\n'));
    t.bytesReceived(encodeText('250-mx.test\r\n250 SIZE 1000\r\n'));
    const s = useTranscriptStore.getState();
    expect(texts()).toEqual(['s 220 mx.test ESMTP', 'c EHLO a.test', 's 250-mx.test', 's 250 SIZE 1000']);
    expect(s.observed.extensions).toEqual(['SIZE 1000']);
    expect(s.announcement).toBe('Server: 250 SIZE 1000');
    expect(transcriptText(s.lines)).toBe('S: 220 mx.test ESMTP\nC: EHLO a.test\nS: 250-mx.test\nS: 250 SIZE 1000');
  });

  it('never saves login answers to localStorage', async () => {
    const t = useTranscriptStore.getState();
    t.bytesReceived(encodeText('220 mx.test ESMTP\r\n'));
    t.bytesSent(encodeText('AUTH PLAIN AGxlYXJuZXIAc2FuZGJveA==\r\n'));
    await new Promise((r) => setTimeout(r, 600)); // the save waits up to half a second
    const saved = localStorage.getItem('smtp-playground:transcript') ?? '';
    expect(saved).toContain('AUTH PLAIN (login data, not saved)');
    expect(saved).not.toContain('AGxlYXJuZXIAc2FuZGJveA==');
  });

  it('marks where a new connection begins', () => {
    const t = useTranscriptStore.getState();
    t.bytesReceived(encodeText('220 one\r\n'));
    t.sessionStarted();
    t.bytesReceived(encodeText('220 two\r\n'));
    const { lines, sessionStarts } = useTranscriptStore.getState();
    expect(sessionStarts.has(lines[1]?.id as number)).toBe(true);
  });

  it('still marks where each connection began after a reload', async () => {
    const t = useTranscriptStore.getState();
    t.bytesReceived(encodeText('220 before reload\r\n'));
    t.bytesSent(encodeText('NOOP\r\n'));
    t.sessionStarted();
    t.bytesReceived(encodeText('220 second connection\r\n'));
    await new Promise((r) => setTimeout(r, 600)); // the save waits up to half a second
    vi.resetModules();
    const reloaded = (await import('./transcript-store')).useTranscriptStore.getState();
    const second = reloaded.lines.find((l) => l.text === '220 second connection');
    expect(second).toBeDefined();
    expect(reloaded.sessionStarts.has(second?.id as number)).toBe(true);
    expect(reloaded.sessionStarts.has(reloaded.lines.find((l) => l.text === 'NOOP')?.id as number)).toBe(false);
  });
});

describe('mailbox store', () => {
  it('keeps a large accepted message and the ones before it (only saving is bounded)', () => {
    tabMailbox.clear();
    const message = (id: string, size: number) => ({
      id,
      mailFrom: 'a@b.test',
      rcptTo: ['c@d.test'],
      raw: new Uint8Array(size),
      size,
      receivedAt: '',
      helo: 'x',
      clientAddress: '127.0.0.1',
      protocol: 'ESMTP',
    });
    tabMailbox.add(message('small', 100));
    tabMailbox.add(message('big', 3 * 1024 * 1024));
    expect(useMailboxStore.getState().messages.map((m) => m.id)).toEqual(['big', 'small']);
  });

  it('follows the tab’s mailbox one summary at a time, subjects decoded, and reads only the message shown', async () => {
    tabMailbox.clear();
    const parse = vi.spyOn(PostalMime, 'parse');
    const letter = (id: string, subject: string) => storedMessage(id, encodeText(`From: ann@client.test\r\nSubject: ${subject}\r\n\r\nHello\r\n`));
    const first = letter('first', 'plain');
    const second = letter('second', '=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=');
    tabMailbox.add(first);
    const before = useMailboxStore.getState().messages;
    tabMailbox.add(second);
    const after = useMailboxStore.getState().messages;
    expect(after.map((m) => [m.id, m.subject, m.from])).toEqual([
      ['second', 'Grüße', 'ann@client.test'],
      ['first', 'plain', 'ann@client.test'],
    ]);
    expect(after[1]).toBe(before[0]); // the list grew by one entry; the old ones are the same objects
    // Only the newest (the one the view shows) is read; the first was read while it was the newest.
    expect(parse.mock.calls.map(([raw]) => raw)).toEqual([first.raw, second.raw]);
    useMailboxStore.getState().messageSelected('first');
    expect(parse).toHaveBeenCalledTimes(2); // already read: not again
    await vi.waitFor(() => expect(readingOf(second.raw).status).toBe('read'));
    parse.mockRestore();
  });
});

describe('letterOnWire', () => {
  it('ends the lines in CRLF, stuffs leading dots as shared’s dotStuff does, adds the final dot, and counts the stuffed lines', () => {
    expect(letterOnWire('Subject: dots\n\n.one\n..two\nplain')).toEqual({ text: 'Subject: dots\r\n\r\n..one\r\n...two\r\nplain\r\n.\r\n', stuffed: 2 });
    expect(letterOnWire('.\r\n')).toEqual({ text: '..\r\n.\r\n', stuffed: 1 });
    expect(letterOnWire('plain\r\n')).toEqual({ text: 'plain\r\n.\r\n', stuffed: 0 });
    expect(letterOnWire('')).toEqual({ text: '.\r\n', stuffed: 0 });
    expect(letterOnWire('a\rb\n.c')).toEqual({ text: 'a\rb\r\n..c\r\n.\r\n', stuffed: 1 }); // a lone CR is no line break
  });
});

describe('connection store with the in-tab sandbox', () => {
  it('connects, sends typed lines with CRLF, and delivers a letter into the tab mailbox', async () => {
    // The connection store loads the tab's mailbox with the first letter (connection-store.ts). Imported
    // the same way here, it is the same copy, even though a test above reset the modules.
    const { tabMailbox, tabMessage, useMailboxStore } = await import('./mailbox-store');
    tabMailbox.clear();
    useTranscriptStore.getState().historyCleared();
    const c = useConnectionStore.getState();
    c.connectRequested();
    await flush();
    for (const line of ['HELO client.thm', 'MAIL FROM:<a@client.thm>', 'RCPT TO:<b@server.thm>', 'DATA']) {
      useConnectionStore.getState().lineTyped(line);
      await flush();
    }
    expect(useTranscriptStore.getState().observed.conversation).toBe('data');
    const stuffed = useConnectionStore.getState().letterSent('Subject: dots\n\n.one\nplain');
    await flush();
    expect(stuffed).toBe(1);
    expect(texts()).toContain('c ..one');
    expect(useTranscriptStore.getState().observed.step).toBe('sealed');
    await vi.waitFor(() => expect(useMailboxStore.getState().messages).toHaveLength(1));
    const [m] = useMailboxStore.getState().messages;
    expect(m?.subject).toBe('dots');
    expect(new TextDecoder().decode(tabMessage(m?.id ?? '')?.raw)).toMatch(/Subject: dots\r\n\r\n\.one\r\nplain\r\n$/);
  });

  it('explains instead of sending when the connection is closed', async () => {
    useConnectionStore.getState().lineTyped('QUIT');
    await flush();
    expect(useConnectionStore.getState().status).toBe('closed');
    useConnectionStore.getState().lineTyped('NOOP');
    expect(useConnectionStore.getState().error?.code).toBe('not-connected');
  });
});
