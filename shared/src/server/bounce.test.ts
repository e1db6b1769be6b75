import { describe, expect, it } from 'vitest';
import { afterEhlo } from '../../test/harness.js';
import { resolve } from '../dns/resolve.js';
import { decodeText } from '../protocol/bytes.js';
import { readHeaderFields } from '../protocol/header-block.js';
import { bounceMessage, MAILSTORE } from './bounce.js';
import type { Mailbox } from './mailbox.js';
import { postfix } from './personalities/postfix.js';
import { scenarioById } from './scenarios.js';

const policy = scenarioById('later-bounce').policy;

/** Sends one letter from `from` to `to`; returns the reply to its final dot. */
function send(h: ReturnType<typeof afterEhlo>, from: string, to: string[], params = ''): string {
  h.send(`MAIL FROM:<${from}>\r\n`);
  for (const r of to) h.send(`RCPT TO:<${r}>${params}\r\n`);
  h.send('DATA\r\n');
  return h.send('From: a@client.thm\r\nSubject: Hello\r\nMessage-ID: <1@client.thm>\r\n\r\nHi.\r\n.\r\n');
}

const bounces = (m: Mailbox) => m.list().filter((x) => x.mailFrom === '');

describe('the later-bounce scenario', () => {
  it('accepts nobody@ at RCPT and the letter with 250, then bounces it from <> to the sender', () => {
    const h = afterEhlo({ policy });
    h.send('MAIL FROM:<a@client.thm>\r\n');
    expect(h.send('RCPT TO:<nobody@server.thm>\r\n')).toBe('250 Accepted\r\n');
    h.send('DATA\r\n');
    expect(h.send('Subject: Hello\r\n\r\nHi.\r\n.\r\n')).toMatch(/^250 OK id=/);
    const [dsn, ...more] = h.mailbox.list();
    expect(more).toEqual([]); // nobody got no copy
    expect(dsn).toMatchObject({ mailFrom: '', rcptTo: ['a@client.thm'], protocol: 'local' });
    expect(h.mailbox.summaries()[0]).toMatchObject({ mailFrom: '', subject: 'Mail delivery failed: returning message to sender' });
  });

  it('delivers to the others as usual, and bounces only the one that failed', () => {
    const h = afterEhlo({ policy });
    expect(send(h, 'a@client.thm', ['bob@server.thm', 'nobody@server.thm'])).toMatch(/^250 /);
    const [dsn, original] = h.mailbox.list();
    expect(original?.rcptTo).toEqual(['bob@server.thm']);
    expect(decodeText(dsn?.raw ?? new Uint8Array())).toContain('Final-Recipient: rfc822; nobody@server.thm');
  });

  it('sends no bounce for a letter from the null sender: no bounce loops (RFC 5321 6.1)', () => {
    const h = afterEhlo({ policy });
    expect(send(h, '', ['nobody@server.thm'])).toMatch(/^250 /);
    expect(h.mailbox.list()).toEqual([]);
  });

  it('sends none when RCPT asked NOTIFY=NEVER (RFC 3461 4.1), as Postfix offers DSN', () => {
    const h = afterEhlo({ personality: postfix, policy });
    expect(send(h, 'a@client.thm', ['nobody@server.thm'], ' NOTIFY=NEVER')).toMatch(/^250 /);
    expect(bounces(h.mailbox)).toEqual([]);
    expect(send(h, 'a@client.thm', ['nobody@server.thm'], ' NOTIFY=SUCCESS,FAILURE')).toMatch(/^250 /);
    expect(bounces(h.mailbox)).toHaveLength(1);
  });

  it('bounces nothing in other scenarios', () => {
    const h = afterEhlo();
    send(h, 'a@client.thm', ['nobody@server.thm']);
    expect(bounces(h.mailbox)).toEqual([]);
  });
});

describe('bounceMessage', () => {
  const h = afterEhlo({ personality: postfix, policy });
  send(h, 'a@client.thm', ['nobody@server.thm']);
  const dsn = h.mailbox.list()[0];
  const text = decodeText(dsn?.raw ?? new Uint8Array());

  it('is a multipart/report of report-type delivery-status, with its own trace header (RFC 3464 2)', () => {
    const head = readHeaderFields(dsn?.raw ?? new Uint8Array(), ['return-path', 'received', 'from', 'to', 'subject', 'content-type', 'auto-submitted', 'date']);
    expect(head['return-path']).toBe('<>');
    expect(head.received).toMatch(/^by example\.thm \(Postfix\)\s+id [0-9A-F]+; \w{3}, /);
    expect(head.from).toBe('MAILER-DAEMON@example.thm (Mail Delivery System)');
    expect(head.to).toBe('a@client.thm');
    expect(head.subject).toBe('Undelivered Mail Returned to Sender');
    expect(head['auto-submitted']).toBe('auto-replied');
    expect(head['content-type']).toMatch(/^multipart\/report; report-type=delivery-status;\s+boundary="[^"]+"$/);
  });

  it('has a notification, a delivery-status part and the original headers, between its boundaries', () => {
    const boundary = /boundary="([^"]+)"/.exec(text)?.[1] ?? '';
    const parts = text.split(`\r\n--${boundary}`);
    expect(parts).toHaveLength(5); // preamble, three parts, the closing "--"
    expect(parts[1]).toContain('Content-Type: text/plain');
    expect(parts[1]).toContain('This is the mail system at host example.thm.');
    expect(parts[2]).toContain('Content-Type: message/delivery-status');
    for (const field of ['Reporting-MTA: dns; example.thm', 'Final-Recipient: rfc822; nobody@server.thm', 'Action: failed', 'Status: 5.1.1'])
      expect(parts[2]).toContain(field);
    expect(parts[3]).toContain('Content-Type: text/rfc822-headers');
    expect(parts[3]).toContain('Message-ID: <1@client.thm>');
    expect(parts[3]).not.toContain('Hi.'); // headers only
    expect(parts[4]).toBe('--\r\n');
  });

  it('words an Exim bounce as Exim does, and names the failed addresses', () => {
    const exim = afterEhlo({ policy });
    send(exim, 'a@client.thm', ['nobody@server.thm']);
    const raw = exim.mailbox.list()[0]?.raw ?? new Uint8Array();
    const head = readHeaderFields(raw, ['from', 'x-failed-recipients', 'received']);
    expect(head.from).toBe('Mail Delivery System <Mailer-Daemon@example.thm>');
    expect(head['x-failed-recipients']).toBe('nobody@server.thm');
    expect(head.received).toMatch(/^from Debian-exim by example\.thm with local \(Exim 4\.95\)/);
    expect(decodeText(raw)).toContain('This message was created automatically by mail delivery software.');
  });

  it('names a mailbox server the playground DNS knows, at the address it says', () => {
    expect(resolve(MAILSTORE.name, 'A').answer.map((r) => (r.type === 'A' ? r.address : ''))).toEqual([MAILSTORE.address]);
  });

  it('makes none for a null sender or no failed recipient', () => {
    const original = { mailFrom: '', raw: new Uint8Array(), receivedAt: new Date(0).toISOString() };
    const request = { original, failed: ['x@y'], personality: 'exim' as const, host: 'h', id: 'i', ms: 0 };
    expect(bounceMessage(request)).toBeNull();
    expect(bounceMessage({ ...request, original: { ...original, mailFrom: 'a@b' }, failed: [] })).toBeNull();
  });
});
