import { describe, expect, it } from 'vitest';
import { fixedEnv } from '../../test/harness.js';
import { mailboxWithClassic, sendOverSmtp } from '../../test/pop3-harness.js';
import { Maildrops } from '../pop3/maildrops.js';
import { Pop3Session, type Pop3SessionOptions } from '../pop3/session.js';
import { encodeBase64 } from '../protocol/base64.js';
import { encodeText } from '../protocol/bytes.js';
import type { Mailbox } from '../server/mailbox.js';
import { Observer, type TranscriptLine } from './observer.js';

/** Plays client lines against a real Pop3Session, feeding both directions to an Observer, as a driver would. */
function observe(lines: readonly string[], opts: Partial<Pop3SessionOptions> & { mailbox?: Mailbox } = {}) {
  const mailbox = opts.mailbox ?? mailboxWithClassic();
  const session = new Pop3Session({ ...fixedEnv(), maildrops: new Maildrops(mailbox), ...opts });
  const o = new Observer();
  const seen: TranscriptLine[] = [...o.feed('server', session.start().output)];
  for (const l of lines) {
    const bytes = encodeText(`${l}\r\n`);
    seen.push(...o.feed('client', bytes));
    const r = session.receive(bytes);
    seen.push(...o.feed('server', r.output));
    if (r.events.some((e) => e.type === 'startTls')) session.tlsStarted();
  }
  return { o, seen, show: seen.map((l) => `${l.direction === 'client' ? 'C' : 'S'} ${l.kind}: ${l.text}`) };
}

describe('Observer reading POP3', () => {
  it("knows POP3 by the server's first line, and reads a login, STAT and LIST", () => {
    const { o, seen, show } = observe(['USER strategos', 'PASS sandbox', 'STAT', 'LIST']);
    expect(o.state.protocol).toBe('pop3');
    expect(show.slice(0, 6)).toEqual([
      'S reply: +OK Dovecot ready.',
      'C command: USER strategos',
      'S reply: +OK',
      'C command: PASS sandbox',
      'S reply: +OK Logged in.',
      'C command: STAT',
    ]);
    expect(show.slice(-4)).toEqual(['C command: LIST', 'S reply: +OK 1 messages:', expect.stringMatching(/^S body: 1 \d+$/), 'S end-of-data: .']);
    const pop3 = o.state.pop3;
    expect(pop3).toMatchObject({ state: 'transaction', user: 'strategos', authenticated: true, count: 1, step: 'counted' });
    expect(pop3?.size).toBe(pop3?.sizes[1]);
    expect(seen[0]?.pop3ReplyKey).toBe('OK_GREETING');
    expect(seen[4]).toMatchObject({ status: '+OK', pop3ReplyKey: 'OK_LOGGED_IN' });
    expect(seen[1]?.pop3).toEqual({ verb: 'USER', args: 'strategos' });
    for (const l of seen) expect(l.explain, l.text).not.toBe('');
  });

  it('reads a retrieved message as header fields, the blank line and the body, and keeps its fields', () => {
    const { o, show } = observe(['USER strategos', 'PASS sandbox', 'RETR 1']);
    expect(show).toContain('S header: Subject: Telnet email');
    expect(show).toContain('S blank: ');
    expect(show).toContain('S body: Hello. I am using telnet to send you an email!');
    expect(show[show.length - 1]).toBe('S end-of-data: .');
    const [r] = o.state.pop3?.retrieved ?? [];
    expect(r).toMatchObject({ number: 1, command: 'RETR', complete: true, bodyLines: 1 });
    expect(r?.headers.find((h) => h.name === 'Subject')?.value).toBe('Telnet email');
    expect(r?.headers.find((h) => h.name === 'Received')?.value).toMatch(/^from \[10\.10\.1\.2\] \(helo=client\.thm\) by example\.thm with esmtp/);
  });

  it('shows a stuffed line without its extra dot, and says so', () => {
    const mailbox = mailboxWithClassic();
    sendOverSmtp(mailbox, 'a@client.thm', ['strategos@server.thm'], 'Subject: dots\r\n\r\n.hidden\r\n', 2);
    const { seen } = observe(['USER strategos', 'PASS sandbox', 'RETR 2'], { mailbox });
    const hidden = seen.find((l) => l.text === '.hidden');
    expect(hidden).toMatchObject({ kind: 'body', bytes: 10 });
    expect(hidden?.notes.join(' ')).toMatch(/byte-stuffing/);
  });

  it('follows TOP, UIDL, DELE, RSET and QUIT: marks, takes them back, and removes at QUIT', () => {
    const { o } = observe(['USER strategos', 'PASS sandbox', 'TOP 1 0', 'UIDL', 'DELE 1', 'RSET', 'DELE 1']);
    expect(o.state.pop3).toMatchObject({ deleted: [1], quit: false, step: 'marked' });
    expect(o.state.pop3?.retrieved[0]).toMatchObject({ command: 'TOP', bodyLines: 0, complete: true });
    expect(Object.keys(o.state.pop3?.uidls ?? {})).toEqual(['1']);
    const quit = observe(['USER strategos', 'PASS sandbox', 'DELE 1', 'QUIT']);
    expect(quit.o.state.pop3).toMatchObject({ quit: true, state: 'closed', deleted: [1], step: 'leave' });
    expect(quit.seen[quit.seen.length - 1]).toMatchObject({ pop3ReplyKey: 'OK_LOGOUT_DELETED' });
  });

  it('reads CAPA, STLS and the login after it; drops what was sent in plain text after STLS', () => {
    const { o, seen, show } = observe(['CAPA', 'STLS', 'USER strategos', 'PASS sandbox'], { tls: true });
    expect(o.state.pop3?.capabilities).toContain('STLS');
    expect(o.state.pop3).toMatchObject({ tls: true, authenticated: true, user: 'strategos' });
    expect(o.state.tls).toBe(true);
    expect(show).toContain('S body: SASL PLAIN');
    expect(seen.find((l) => l.text === 'STLS' && l.direction === 'server')?.explain).toMatch(/STLS starts TLS/);
  });

  it('holds a line sent right after STLS until the reply, then shows it dropped', () => {
    const session = new Pop3Session({ ...fixedEnv(), maildrops: new Maildrops(mailboxWithClassic()), tls: true });
    const o = new Observer();
    o.feed('server', session.start().output);
    const bytes = encodeText('STLS\r\nUSER strategos\r\n');
    const sent = o.feed('client', bytes);
    expect(sent.map((l) => l.text)).toEqual(['STLS']);
    const after = o.feed('server', session.receive(bytes).output);
    expect(after.map((l) => [l.direction, l.text])).toEqual([
      ['server', '+OK Begin TLS negotiation now.'],
      ['client', 'USER strategos'],
    ]);
    expect(after[1]?.explain).toMatch(/throws it away unread/);
    expect(o.state.pop3?.user).toBeNull();
  });

  it('reads AUTH PLAIN after "+ " and names who logged in', () => {
    const response = encodeBase64(encodeText('\0strategos\0sandbox'));
    const { o, show } = observe(['AUTH PLAIN', response]);
    expect(show).toEqual(['S reply: +OK Dovecot ready.', 'C command: AUTH PLAIN', 'S reply: + ', `C auth: ${response}`, 'S reply: +OK Logged in.']);
    expect(o.state.pop3).toMatchObject({ user: 'strategos', authenticated: true });
  });

  it('explains refusals by the catalogue: a wrong password, no such message, an unknown command', () => {
    const { seen } = observe(['USER strategos', 'PASS nope', 'USER strategos', 'PASS sandbox', 'RETR 7', 'HELO']);
    const keys = seen.filter((l) => l.direction === 'server').map((l) => l.pop3ReplyKey);
    expect(keys).toEqual(['OK_GREETING', 'OK_USER', 'ERR_AUTH_FAILED', 'OK_USER', 'OK_LOGGED_IN', 'ERR_NO_MESSAGE', 'ERR_UNKNOWN']);
  });

  it('leaves the marks unapplied when the connection is lost', () => {
    const { o } = observe(['USER strategos', 'PASS sandbox', 'DELE 1']);
    o.closed();
    expect(o.state.pop3).toMatchObject({ quit: false, state: 'closed', step: 'leave', deleted: [1] });
  });

  it('reads client lines sent before the greeting as POP3 when told the protocol', () => {
    const o = new Observer(() => 0, { protocol: 'pop3' });
    const [line] = o.feed('client', encodeText('CAPA\r\n'));
    expect(line).toMatchObject({ kind: 'command', pop3: { verb: 'CAPA', args: '' } });
    expect(o.state.protocol).toBe('pop3');
  });

  it('stays SMTP for an SMTP server', () => {
    const o = new Observer();
    o.feed('server', encodeText('220 mx.test ESMTP\r\n'));
    expect(o.state.protocol).toBe('smtp');
    expect(o.state.pop3).toBeNull();
  });
});
