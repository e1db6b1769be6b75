import { describe, expect, it } from 'vitest';
import { encodeText } from '../protocol/bytes.js';
import { Mailbox, type MailboxEvent, overLimits, type StoredMessage, summarizeMessage } from './mailbox.js';

const envelope = { id: 'q1', mailFrom: 'ann@client.thm', rcptTo: ['bob@server.thm'], size: 0, receivedAt: '2025-01-01T00:00:00.000Z' };

function message(id: string, text: string): StoredMessage {
  const raw = encodeText(text);
  return { ...envelope, id, raw, size: raw.length, helo: 'client.thm', clientAddress: '127.0.0.1', protocol: 'ESMTP' };
}

/** A stand-in for postal-mime's decodeWords: marks what it decoded. */
const decode = (value: string) => `«${value}»`;

describe('summarizeMessage', () => {
  it('reads envelope, size and the Subject, From, To and Date headers, decoding all but Date', () => {
    const head = encodeText(
      'Return-Path: <ann@client.thm>\r\nFrom: Ann <ann@client.thm>\r\nTo: bob@server.thm\r\nDate: Wed, 1 Jan 2025\r\nSubject: hi\r\n\r\nSubject: not me\r\n',
    );
    expect(summarizeMessage({ ...envelope, size: 12_345 }, head, decode)).toEqual({
      ...envelope,
      size: 12_345,
      subject: '«hi»',
      from: '«Ann <ann@client.thm>»',
      to: '«bob@server.thm»',
      date: 'Wed, 1 Jan 2025',
    });
  });

  it('gives "" for a header that is missing, and keeps a value as written when the decoder throws', () => {
    const s = summarizeMessage(envelope, encodeText('Subject: =?x?Q?y?=\r\n\r\n'), () => {
      throw new Error('bad charset');
    });
    expect(s).toMatchObject({ subject: '=?x?Q?y?=', from: '', to: '', date: '' });
  });

  it('cuts a very long header value for the listing', () => {
    const s = summarizeMessage(envelope, encodeText(`To: ${'x'.repeat(5000)}\r\n\r\n`));
    expect(s.to).toHaveLength(1001);
    expect(s.to.endsWith('…')).toBe(true);
  });

  it('reads no further than the header block, however large the message', () => {
    let seen = 0;
    // 20 MB of body whose lines all look like headers: none of it may be read.
    const head = encodeText('Subject: big\r\n\r\n');
    const raw = new Uint8Array(head.length + 20_000_000).fill(0x78);
    raw.set(head);
    raw.set(encodeText('\r\nSubject: no\r\n'), head.length + 100);
    const counting = (v: string) => {
      seen += v.length;
      return v;
    };
    expect(summarizeMessage(envelope, raw, counting).subject).toBe('big');
    expect(seen).toBe(3);
  });
});

describe('Mailbox', () => {
  it('keeps a summary per message, read once when it is added, newest first', () => {
    const calls: string[] = [];
    const box = new Mailbox(undefined, (v) => {
      calls.push(v);
      return v.toUpperCase();
    });
    box.add(message('a', 'Subject: one\r\n\r\nbody'));
    box.add(message('b', 'Subject: two\r\n\r\nbody'));
    expect(calls).toEqual(['one', 'two']);
    for (let i = 0; i < 5; i++)
      expect(box.summaries().map((s) => [s.id, s.subject])).toEqual([
        ['b', 'TWO'],
        ['a', 'ONE'],
      ]);
    expect(calls).toHaveLength(2);
  });

  it('tells listeners of each message with its summary, and of the oldest leaving past a bound', () => {
    const box = new Mailbox({ maxMessages: 2, maxBytes: 1000 });
    const heard: MailboxEvent[] = [];
    box.subscribe((e) => heard.push(e));
    for (const id of ['a', 'b', 'c']) box.add(message(id, `Subject: ${id}\r\n\r\n`));
    expect(heard.map((e) => (e.type === 'messageStored' ? `+${e.summary.id}:${e.summary.subject}` : `-${e.ids}`))).toEqual(['+a:a', '+b:b', '+c:c', '-a']);
    expect(box.summaries().map((s) => s.id)).toEqual(['c', 'b']);
    box.clear();
    expect(heard.at(-1)).toEqual({ type: 'messagesRemoved', ids: ['b', 'c'] });
    expect(box.summaries()).toEqual([]);
  });

  it('keeps the newest message even when it alone is over the byte bound', () => {
    expect(overLimits(1, 10_000, { maxMessages: 5, maxBytes: 100 })).toBe(false);
    expect(overLimits(2, 10_000, { maxMessages: 5, maxBytes: 100 })).toBe(true);
    expect(overLimits(6, 10, { maxMessages: 5, maxBytes: 100 })).toBe(true);
    const box = new Mailbox({ maxMessages: 5, maxBytes: 10 });
    box.add(message('big', 'Subject: big\r\n\r\nmore than ten bytes'));
    expect(box.summaries().map((s) => s.id)).toEqual(['big']);
  });
});
