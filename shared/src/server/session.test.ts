import { describe, expect, it } from 'vitest';
import { afterEhlo, connect, fixedEnv, greeted, inTransaction, overTls } from '../../test/harness.js';
import { decodeText } from '../protocol/bytes.js';
import { Mailbox } from './mailbox.js';
import { exim } from './personalities/exim.js';
import { postfix } from './personalities/postfix.js';
import type { Personality } from './personality.js';
import { Session } from './session.js';

const body = 'Subject: hi\r\n\r\nHello\r\n.\r\n';

describe('Session: greeting and HELO/EHLO', () => {
  it('greets with 220 and the personality banner', () => {
    expect(connect().greeting).toBe('220 example.thm ESMTP Exim 4.95 Ubuntu\r\n');
    expect(connect({ personality: postfix }).greeting).toBe('220 example.thm ESMTP Postfix (Debian/GNU)\r\n');
  });

  it('lists its extensions after EHLO in the real server’s order, SIZE with the limit, and no AUTH in plain text', () => {
    // The parity goldens: Debian's Postfix 3.7 and Exim 4.96.
    expect(connect({ personality: postfix, tls: true }).send('EHLO client.thm\r\n')).toBe(
      '250-example.thm\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-VRFY\r\n250-ETRN\r\n250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n250-SMTPUTF8\r\n250 CHUNKING\r\n',
    );
    expect(connect({ tls: true }).send('EHLO client.thm\r\n')).toBe(
      '250-example.thm Hello client.thm\r\n250-SIZE 52428800\r\n250-8BITMIME\r\n250-PIPELINING\r\n250-PIPECONNECT\r\n250-CHUNKING\r\n250-STARTTLS\r\n250-PRDR\r\n250 HELP\r\n',
    );
  });

  it('offers AUTH once TLS is on, and in plain text only where a lab scenario says so', () => {
    expect(overTls().send('EHLO client.thm\r\n')).toContain('250-PIPECONNECT\r\n250-AUTH PLAIN LOGIN\r\n250-CHUNKING\r\n');
    expect(connect({ policy: { plaintextAuth: true } }).send('EHLO a.test\r\n')).toContain('250-AUTH PLAIN LOGIN\r\n');
  });

  it('offers STARTTLS only when the driver can do TLS', () => {
    expect(connect({ tls: true }).send('EHLO a.test\r\n')).toContain('250-STARTTLS\r\n');
    expect(connect().send('EHLO a.test\r\n')).not.toContain('STARTTLS');
  });

  it('offers no AUTH when there are no accounts, even over TLS', () => {
    expect(overTls({ policy: { accounts: [] } }).send('EHLO a.test\r\n')).not.toContain('AUTH');
  });

  it('replies 501 to HELO without a name, and to a bad one as Exim does; Postfix takes any name', () => {
    const h = connect({ personality: postfix });
    expect(h.send('HELO\r\n')).toBe('501 Syntax: HELO hostname\r\n');
    expect(h.send('HELO my laptop\r\n')).toBe('250 example.thm\r\n');
    expect(connect().send('HELO my laptop\r\n')).toBe('501 Syntactically invalid HELO argument(s)\r\n');
  });

  it('accepts an address literal as the HELO name', () => {
    expect(connect().send('HELO [192.0.2.1]\r\n')).toBe('250 example.thm Hello [192.0.2.1]\r\n');
  });

  it('ends an open transaction when HELO comes again', () => {
    const h = inTransaction({ personality: postfix });
    h.send('EHLO again.test\r\n');
    expect(h.send('DATA\r\n')).toBe('503 5.5.1 Error: need RCPT command\r\n');
  });
});

describe('Session: refused before the greeting', () => {
  const refused = (personality: Personality, scope?: 'server' | 'client') => {
    const session = new Session({ ...fixedEnv(), mailbox: new Mailbox(), personality, client: { address: '127.0.0.1' } });
    const r = session.busy(scope);
    return { said: decodeText(r.output), events: r.events };
  };

  it('refuses a client over its per-address limit in each personality’s words, and closes', () => {
    // Postfix's smtpd.c (anvil's count) and Exim's daemon.c (smtp_accept_max_per_host).
    expect(refused(postfix, 'client')).toEqual({ said: '421 4.7.0 example.thm Error: too many connections from 127.0.0.1\r\n', events: [{ type: 'close' }] });
    expect(refused(exim, 'client').said).toBe('421 Too many concurrent SMTP connections from this IP address; please try again later.\r\n');
    expect(refused(exim).said).toBe('421 example.thm: Too many concurrent SMTP connections; please try again later\r\n');
  });
});

describe('Session: sequence errors (503)', () => {
  it('replies 503 to MAIL before HELO as Exim does; Postfix takes it (smtpd_helo_required = no)', () => {
    expect(connect().send('MAIL FROM:<a@b.test>\r\n')).toBe('503 HELO or EHLO required\r\n');
    const h = connect({ personality: postfix });
    expect(h.send('MAIL FROM:<a@b.test>\r\n')).toBe('250 2.1.0 Ok\r\n');
    expect(h.send('RCPT TO:<c@d.test>\r\n')).toBe('250 2.1.5 Ok\r\n');
  });
  it('replies 503 to RCPT before MAIL', () => {
    expect(afterEhlo({ personality: postfix }).send('RCPT TO:<a@b.test>\r\n')).toBe('503 5.5.1 Error: need MAIL command\r\n');
  });
  it('refuses DATA before any RCPT: Postfix with 554 no valid recipients, Exim with its 503', () => {
    const h = afterEhlo({ personality: postfix });
    h.send('MAIL FROM:<a@b.test>\r\n');
    expect(h.send('DATA\r\n')).toBe('554 5.5.1 Error: no valid recipients\r\n');
    const e = afterEhlo();
    expect(e.send('DATA\r\n')).toBe('503 valid RCPT command must precede DATA\r\n');
    e.send('MAIL FROM:<a@b.test>\r\n');
    expect(e.send('DATA\r\n')).toBe('503 valid RCPT command must precede DATA\r\n');
  });
  it('replies 554 to DATA when every recipient was refused', () => {
    const h = afterEhlo({ personality: postfix, policy: { localDomains: ['server.thm'] } });
    h.send('MAIL FROM:<a@b.test>\r\n');
    expect(h.send('RCPT TO:<x@elsewhere.test>\r\n')).toBe('554 5.7.1 <x@elsewhere.test>: Relay access denied\r\n');
    expect(h.send('DATA\r\n')).toBe('554 5.5.1 Error: no valid recipients\r\n');
  });
  it('replies 503 to a second MAIL in a transaction', () => {
    expect(inTransaction({ personality: postfix }).send('MAIL FROM:<a@b.test>\r\n')).toBe('503 5.5.1 Error: nested MAIL command\r\n');
  });
  it('uses Exim texts under the Exim personality', () => {
    const h = greeted();
    expect(h.send('RCPT TO:<a@b.test>\r\n')).toBe('503 sender not yet given\r\n');
  });
});

describe('Session: syntax and unknown commands', () => {
  it('replies 500 to an unknown verb and 502 to a real but unoffered one', () => {
    const h = afterEhlo({ personality: postfix });
    expect(h.send('HELLO\r\n')).toBe('500 5.5.2 Error: command not recognized\r\n');
    expect(h.send('XCLIENT\r\n')).toMatch(/^502 5\.5\.1 /);
  });
  it('accepts a space after the colon, and verbs in any case', () => {
    const h = greeted();
    expect(h.send('mail from: <user@client.thm>\r\n')).toBe('250 OK\r\n');
    expect(h.send('Rcpt To: <a@b.test>\r\n')).toBe('250 Accepted\r\n');
  });
  it('replies 501 to a malformed MAIL, and to a malformed address in each server’s words', () => {
    const h = afterEhlo({ personality: postfix });
    expect(h.send('MAIL FROM <a@b.test>\r\n')).toBe('501 5.5.4 Syntax: MAIL FROM:<address>\r\n');
    expect(h.send('MAIL FROM:<a@>\r\n')).toBe('501 5.1.7 Bad sender address syntax\r\n');
    expect(h.send('MAIL FROM:<a@b.test\r\n')).toBe('501 5.1.7 Bad sender address syntax\r\n');
    const e = afterEhlo();
    expect(e.send('MAIL FROM <a@b.test>\r\n')).toBe('500 unrecognized command\r\n');
    expect(e.send('MAIL FROM:<a@>\r\n')).toBe('501 <a@>: domain missing or malformed\r\n');
    expect(e.send('MAIL FROM:<a@b.test\r\n')).toBe("501 <a@b.test: '>' missing at end of address\r\n");
  });

  it('refuses MAIL FROM: with nothing after it, which is no null sender', () => {
    expect(afterEhlo().send('MAIL FROM:\r\n')).toBe('501 MAIL must have an address operand\r\n');
    expect(afterEhlo({ personality: postfix }).send('MAIL FROM:\r\n')).toBe('501 5.5.4 Syntax: MAIL FROM:<address>\r\n');
  });

  it('takes what Postfix takes and RFC 5321 does not: an unqualified name, an empty local part, a long one', () => {
    const h = afterEhlo({ personality: postfix });
    expect(h.send('MAIL FROM:<user>\r\n')).toBe('250 2.1.0 Ok\r\n');
    expect(h.send('RCPT TO:<strategos>\r\n')).toBe('250 2.1.5 Ok\r\n');
    expect(h.send('RCPT TO:<@server.thm>\r\n')).toBe('250 2.1.5 Ok\r\n');
    expect(h.send(`RCPT TO:<${'b'.repeat(65)}@server.thm>\r\n`)).toBe('250 2.1.5 Ok\r\n');
    expect(h.send(`RCPT TO:<s@${'h'.repeat(64)}.thm>\r\n`)).toBe('501 5.1.3 Bad recipient address syntax\r\n');
    const e = afterEhlo();
    expect(e.send('MAIL FROM:<user>\r\n')).toBe('501 <user>: sender address must contain a domain\r\n');
  });
  it('accepts the null sender and a source route', () => {
    const h = afterEhlo();
    expect(h.send('MAIL FROM:<>\r\n')).toBe('250 OK\r\n');
    expect(h.send('RCPT TO:<@relay.test,@hop.test:user@b.test>\r\n')).toBe('250 Accepted\r\n');
  });
  it('replies 501 to arguments on DATA, RSET and QUIT', () => {
    const h = afterEhlo({ personality: postfix });
    expect(h.send('RSET now\r\n')).toBe('501 5.5.4 Syntax: RSET\r\n');
  });
  it('takes long command lines as the real servers do: Postfix keeps the first 2048 octets, Exim reads 16 KiB at a time', () => {
    const h = afterEhlo({ personality: postfix });
    expect(h.send(`NOOP ${'x'.repeat(20_000)}\r\nNOOP\r\n`)).toBe('250 2.0.0 Ok\r\n250 2.0.0 Ok\r\n');
    const e = afterEhlo();
    expect(e.send(`NOOP ${'x'.repeat(5_000)}\r\n`)).toBe('250 OK\r\n');
    expect(e.send(`NOOP ${'x'.repeat(20_000)}\r\n`)).toBe('500 unrecognized command\r\n500 unrecognized command\r\n');
  });
  it('reads a NUL and bytes that are not UTF-8 as each real server does, never echoing a refused line', () => {
    // Exim refuses a line with a NUL; Postfix reads the line as a C string, so it ends there.
    expect(afterEhlo().send('MAIL FROM:<a\u0000@b.test>\r\n')).toBe('501 NUL characters are not allowed in SMTP commands\r\n');
    expect(afterEhlo({ personality: postfix }).send('MAIL FROM:<a\u0000@b.test>\r\n')).toBe('501 5.1.7 Bad sender address syntax\r\n');
    expect(afterEhlo({ personality: postfix }).send('NOOP \u0000junk\r\n')).toBe('250 2.0.0 Ok\r\n');
    // Bytes that are not UTF-8: Postfix refuses the line; Exim reads on.
    const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
    const p = afterEhlo({ personality: postfix });
    expect(decodeText(p.session.receive(latin1('NOOP \u00ff\r\n')).output)).toBe('500 5.5.2 Error: bad UTF-8 syntax\r\n');
    const e = afterEhlo();
    expect(decodeText(e.session.receive(latin1('NOOP \u00ff\r\n')).output)).toBe('250 OK\r\n');
    // Other control characters are part of the line: Exim's atom ends at one.
    expect(afterEhlo().send('MAIL FROM:<a\u001bb@b.test>\r\n')).toBe('501 <a\u001bb@b.test>: "@" or "." expected after "a"\r\n');
  });
  it('closes after too many protocol errors, as Exim does', () => {
    const h = afterEhlo();
    const reply = h.send('RCPT TO:<a@b.test>\r\n'.repeat(5));
    // Exim: the fourth error's own reply gets a last line, and the connection closes.
    expect(reply).toBe(`${'503 sender not yet given\r\n'.repeat(3)}503-sender not yet given\r\n503 Too many syntax or protocol errors\r\n`);
    expect(h.events).toContainEqual({ type: 'close' });
    expect(h.session.state).toBe('closed');
  });

  it('says a reply the same way in the next session after one ended it with a last line', () => {
    afterEhlo().send('RCPT TO:<a@b.test>\r\n'.repeat(4));
    expect(afterEhlo().send('RCPT TO:<a@b.test>\r\n')).toBe('503 sender not yet given\r\n');
    const p = afterEhlo({ personality: postfix });
    expect(p.send('RCPT TO:<a@b.test>\r\n')).toBe(afterEhlo({ personality: postfix }).send('RCPT TO:<a@b.test>\r\n'));
  });

  it('counts unknown commands apart, as Exim does: the fourth gets its own 500 and a hang-up', () => {
    const h = afterEhlo();
    expect(h.send('FOO\r\nBAR\r\nBAZ\r\nQUX\r\nNOOP\r\n')).toBe(`${'500 unrecognized command\r\n'.repeat(3)}500 Too many unrecognized commands\r\n`);
    expect(h.session.state).toBe('closed');
  });

  it('hangs up on the eleventh command that moves no mail, as Exim does', () => {
    const h = afterEhlo();
    expect(h.send('NOOP\r\n'.repeat(12))).toBe(`${'250 OK\r\n'.repeat(10)}554 Too many nonmail commands\r\n`);
    expect(h.session.state).toBe('closed');
  });
});

describe('Session: Postfix error limit', () => {
  it('answers the command after the twentieth error with 421, and closes', () => {
    const h = afterEhlo({ personality: postfix });
    const reply = h.send('FOO\r\n'.repeat(21));
    expect(reply).toBe(`${'500 5.5.2 Error: command not recognized\r\n'.repeat(20)}421 4.7.0 example.thm Error: too many errors\r\n`);
    expect(h.session.state).toBe('closed');
  });
});

describe('Session: ESMTP parameters', () => {
  it('refuses a declared SIZE over the limit with 552', () => {
    expect(afterEhlo({ personality: postfix }).send('MAIL FROM:<a@b.test> SIZE=99999999\r\n')).toBe('552 5.3.4 Message size exceeds fixed limit\r\n');
  });
  it('replies 501 to a malformed SIZE and 555 to an unknown parameter', () => {
    const h = afterEhlo({ personality: postfix });
    expect(h.send('MAIL FROM:<a@b.test> SIZE=big\r\n')).toMatch(/^501 5\.5\.4 /);
    expect(h.send('MAIL FROM:<a@b.test> FROB=1\r\n')).toBe('555 5.5.4 Unsupported option: FROB=1\r\n');
    // Exim ignores a SIZE it cannot read, and reads an unknown parameter as more of the address.
    const e = afterEhlo();
    expect(e.send('MAIL FROM:<a@b.test> SIZE=big\r\n')).toBe('250 OK\r\n');
    e.send('RSET\r\n');
    expect(e.send('MAIL FROM:<a@b.test> FROB=1\r\n')).toBe('501 <a@b.test> FROB=1: malformed address: FROB=1 may not follow <a@b.test> \r\n');
  });
  it('accepts BODY=8BITMIME, SMTPUTF8 and SIZE together where SMTPUTF8 was offered', () => {
    expect(afterEhlo({ personality: postfix }).send('MAIL FROM:<a@b.test> SIZE=100 BODY=8BITMIME SMTPUTF8\r\n')).toBe('250 2.1.0 Ok\r\n');
    // Debian's Exim does not offer SMTPUTF8, and refuses it.
    expect(afterEhlo().send('MAIL FROM:<a@b.test> SIZE=100 BODY=8BITMIME SMTPUTF8\r\n')).toBe('501 SMTPUTF8 used when not advertised\r\n');
  });
  it('takes a non-ASCII address with SMTPUTF8, and without it too, as both real servers do by default', () => {
    const h = afterEhlo({ personality: postfix });
    expect(h.send('MAIL FROM:<jöran@b.test>\r\n')).toBe('250 2.1.0 Ok\r\n');
    h.send('RSET\r\n');
    expect(h.send('MAIL FROM:<jöran@b.test> SMTPUTF8\r\n')).toBe('250 2.1.0 Ok\r\n');
    expect(h.send('RCPT TO:<用户@例子.广告>\r\n')).toBe('250 2.1.5 Ok\r\n');
  });
  it('refuses a parameter given twice', () => {
    expect(afterEhlo().send('MAIL FROM:<a@b.test> SIZE=10 SIZE=20\r\n')).toMatch(/^501 /);
  });
  it('refuses parameters after plain HELO as Exim does; Postfix takes them', () => {
    expect(greeted().send('MAIL FROM:<a@b.test> SIZE=10\r\n')).toBe('501 <a@b.test> SIZE=10: malformed address: SIZE=10 may not follow <a@b.test> \r\n');
    expect(greeted({ personality: postfix }).send('MAIL FROM:<a@b.test> SIZE=10\r\n')).toBe('250 2.1.0 Ok\r\n');
  });
});

describe('Session: enhanced status codes', () => {
  it('prefixes every 2xx/4xx/5xx reply once EHLO negotiated them, QUIT included', () => {
    const h = afterEhlo({ personality: postfix });
    expect(h.send('NOOP\r\n')).toBe('250 2.0.0 Ok\r\n');
    expect(h.send('QUIT\r\n')).toBe('221 2.0.0 Bye\r\n');
  });
  it('sends them after plain HELO too, as Postfix does; Exim never', () => {
    expect(greeted({ personality: postfix }).send('MAIL FROM:<a@b.test>\r\n')).toBe('250 2.1.0 Ok\r\n');
    expect(afterEhlo().send('MAIL FROM:<a@b.test>\r\n')).toBe('250 OK\r\n');
  });
  it('puts none on 354', () => {
    expect(inTransaction({ personality: postfix }).send('DATA\r\n')).toBe('354 End data with <CR><LF>.<CR><LF>\r\n');
  });
});

describe('Session: delivery', () => {
  it('stores an accepted message with Return-Path and Received, byte for byte after unstuffing', () => {
    const h = inTransaction();
    h.send('DATA\r\n');
    const reply = h.send('Subject: dots\r\n\r\n..leading dot\r\n.\r\n');
    const [message] = h.mailbox.list();
    expect(reply).toBe(`250 OK id=${message?.id}\r\n`);
    const raw = new TextDecoder().decode(message?.raw);
    expect(raw).toMatch(
      /^Return-Path: <user@client\.thm>\r\nReceived: from \[10\.10\.1\.2\] \(helo=client\.thm\)\r\n\tby example\.thm with esmtp \(Exim 4\.95\)\r\n/,
    );
    expect(raw).toContain(`\tid ${message?.id}\r\n\tfor strategos@server.thm; Wed, 25 Nov 2026 06:38:15 +0000\r\n`);
    expect(raw.endsWith('Subject: dots\r\n\r\n.leading dot\r\n')).toBe(true);
    expect(message).toMatchObject({ mailFrom: 'user@client.thm', rcptTo: ['strategos@server.thm'], protocol: 'ESMTP', helo: 'client.thm' });
    expect(h.mailbox.list()).toHaveLength(1);
  });

  it('writes a Postfix-style trace with the protocol keyword of RFC 3848', () => {
    const h = inTransaction({ personality: postfix });
    h.send(`DATA\r\n${body}`);
    const raw = new TextDecoder().decode(h.mailbox.list()[0]?.raw);
    expect(raw).toMatch(
      /Received: from client\.thm \(unknown \[10\.10\.1\.2\]\)\r\n\tby example\.thm \(Postfix\) with ESMTP id [0-9A-F]{10,12}\r\n\tfor <strategos@server\.thm>; Wed, 25 Nov 2026/,
    );
  });

  it('stores nothing for a transaction ended by RSET or by disconnect', () => {
    const h = inTransaction();
    h.send('RSET\r\n');
    expect(h.send('DATA\r\n')).toBe('503 valid RCPT command must precede DATA\r\n');
    const h2 = inTransaction();
    h2.send('DATA\r\nSubject: cut off\r\n\r\nhalf');
    h2.session.close();
    expect(h.mailbox.list()).toEqual([]);
    expect(h2.mailbox.list()).toEqual([]);
  });

  it('refuses a message larger than the limit after DATA with 552, and stores nothing', () => {
    const h = inTransaction({ personality: postfix, policy: { maxMessageSize: 100 } });
    h.send('DATA\r\n');
    expect(h.send(`Subject: big\r\n\r\n${'x'.repeat(50)}\r\n${'y'.repeat(60)}\r\n.\r\n`)).toMatch(/^552 5\.3\.4 /);
    expect(h.mailbox.list()).toEqual([]);
    expect(h.send('NOOP\r\n')).toBe('250 2.0.0 Ok\r\n');
  });

  it('takes 1000 recipients, then 452, as Postfix’s smtpd_recipient_limit says', () => {
    const h = afterEhlo({ personality: postfix });
    h.send('MAIL FROM:<a@b.test>\r\n');
    const replies = h.send(Array.from({ length: 1000 }, (_, i) => `RCPT TO:<r${i}@b.test>\r\n`).join(''));
    expect(replies.match(/^250 /gm)).toHaveLength(1000);
    expect(h.send('RCPT TO:<one-more@b.test>\r\n')).toBe('452 4.5.3 Error: too many recipients\r\n');
  });

  it('stores each letter of a session as sent, a shorter one after a longer one too', () => {
    const h = afterEhlo();
    const letters = [
      `Subject: long\r\n\r\n${`${'x'.repeat(70)}\r\n`.repeat(100)}`,
      'Subject: short\r\n\r\nhi\r\n',
      `Subject: mid\r\n\r\n${'..y\r\n'.repeat(300)}`,
    ];
    for (const letter of letters) {
      h.send('MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\n');
      h.send('DATA\r\n');
      expect(h.send(`${letter}.\r\n`)).toMatch(/^250 /);
    }
    const stored = h.mailbox.list().reverse();
    expect(stored.map((m) => decodeText(m.raw).replace(/^[\s\S]*?\r\n(?=Subject:)/, ''))).toEqual([
      letters[0],
      letters[1],
      `Subject: mid\r\n\r\n${'.y\r\n'.repeat(300)}`,
    ]);
  });

  it('answers pipelined commands in order, in one output, and reads data after DATA', () => {
    const h = afterEhlo({ personality: postfix });
    const out = h.send(`MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nRCPT TO:<e@f.test>\r\nDATA\r\n${body}QUIT\r\n`);
    expect(out.split('\r\n').map((l) => l.slice(0, 3))).toEqual(['250', '250', '250', '354', '250', '221', '']);
    expect(h.mailbox.list()[0]?.rcptTo).toEqual(['c@d.test', 'e@f.test']);
  });
});

describe('Session: memory', () => {
  it('keeps a flood of empty lines in one bounded buffer', () => {
    // A bare-LF (nc) session: every empty line is stored as its own CRLF.
    const h = greeted({ policy: { maxMessageSize: 1_000_000 } });
    h.send('MAIL FROM:<a@b.test>\n');
    h.send('RCPT TO:<c@d.test>\n');
    h.send('DATA\n');
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 4; i++) h.send('\n'.repeat(1_000_000));
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50_000_000);
    expect(h.send('.\n')).toMatch(/^552 /);
  });
});

describe('Session: SMTP smuggling', () => {
  for (const [name, ending] of [
    ['<LF>.<CR><LF>', '\n.\r\n'],
    ['<CR><LF>.<LF>', '\r\n.\n'],
    ['<LF>.<LF>', '\n.\n'],
  ]) {
    it(`does not end the message at ${name} in a CRLF session`, () => {
      const h = inTransaction();
      h.send('DATA\r\n');
      const smuggled = `Subject: one\r\n\r\nfirst${ending}MAIL FROM:<evil@x.test>\r\nRCPT TO:<victim@y.test>\r\nDATA\r\nSubject: two\r\n\r\nsecond\r\n.\r\n`;
      const out = h.send(smuggled);
      expect(out).toMatch(/^250 OK id=\S+\r\n$/);
      expect(h.mailbox.list()).toHaveLength(1);
      expect(new TextDecoder().decode(h.mailbox.list()[0]?.raw)).toContain('MAIL FROM:<evil@x.test>');
    });
  }

  it('does not call a bare-LF letter one over-long line in a CRLF session', () => {
    const h = inTransaction();
    h.send('DATA\r\n');
    expect(h.send(`${'a line of text written with bare LFs\n'.repeat(60)}\r\n.\r\n`)).toMatch(/^250 /);
  });

  it('lets a bare-LF client (nc) end DATA with a lone dot line', () => {
    const h = greeted();
    h.send('MAIL FROM:<a@b.test>\n');
    h.send('RCPT TO:<c@d.test>\n');
    expect(h.send('DATA\n')).toMatch(/^354 /);
    expect(h.send('Subject: nc\n\nhello\n.\n')).toMatch(/^250 OK id=/);
    expect(new TextDecoder().decode(h.mailbox.list()[0]?.raw)).toMatch(/Subject: nc\r\n\r\nhello\r\n$/);
  });
});

describe('Session: AUTH', () => {
  const plain = (user: string, pass: string) => Buffer.from(`\0${user}\0${pass}`).toString('base64');
  it('refuses AUTH in plain text, where it is not offered (as both real servers do)', () => {
    expect(afterEhlo({ personality: postfix }).send(`AUTH PLAIN ${plain('learner', 'sandbox')}\r\n`)).toBe('503 5.5.1 Error: authentication not enabled\r\n');
    expect(afterEhlo().send(`AUTH PLAIN ${plain('learner', 'sandbox')}\r\n`)).toBe('503 AUTH command used when not advertised\r\n');
  });
  it('accepts PLAIN with an initial response over TLS', () => {
    const h = overTls({ personality: postfix });
    expect(h.send(`AUTH PLAIN ${plain('learner', 'sandbox')}\r\n`)).toBe('235 2.7.0 Authentication successful\r\n');
    // Logged in: a second AUTH is refused as such.
    expect(h.send(`AUTH PLAIN ${plain('learner', 'sandbox')}\r\n`)).toBe('503 5.5.1 Error: already authenticated\r\n');
  });
  it('refuses PLAIN when acting for someone else (RFC 4616 authzid)', () => {
    const b64 = Buffer.from('admin\0learner\0sandbox').toString('base64');
    expect(overTls({ personality: postfix }).send(`AUTH PLAIN ${b64}\r\n`)).toMatch(/^535 /);
  });
  it('walks LOGIN through two 334 challenges', () => {
    const h = overTls({ personality: postfix });
    expect(h.send('AUTH LOGIN\r\n')).toBe('334 VXNlcm5hbWU6\r\n');
    expect(h.send(`${Buffer.from('learner').toString('base64')}\r\n`)).toBe('334 UGFzc3dvcmQ6\r\n');
    expect(h.send(`${Buffer.from('wrong').toString('base64')}\r\n`)).toBe('535 5.7.8 Error: authentication failed: authentication failure\r\n');
  });
  it('cancels with * and refuses bad base64 in each server’s words', () => {
    const h = overTls({ personality: postfix });
    h.send('AUTH PLAIN\r\n');
    expect(h.send('*\r\n')).toBe('501 5.7.0 Authentication aborted\r\n');
    h.send('AUTH PLAIN\r\n');
    expect(h.send('not base64!\r\n')).toBe('535 5.7.8 Error: authentication failed: bad protocol / cancel\r\n');
    const e = overTls();
    e.send('AUTH LOGIN\r\n');
    expect(e.send('*\r\n')).toBe('501 Authentication cancelled\r\n');
    expect(e.send('AUTH PLAIN not-base64!\r\n')).toBe('501 Invalid base64 data\r\n');
  });
  it('ends the exchange when the answer is a control-character line, which is not base64', () => {
    const h = overTls({ personality: postfix });
    h.send('AUTH LOGIN\r\n');
    expect(h.send('\u0001\r\n')).toBe('535 5.7.8 Error: authentication failed: bad protocol / cancel\r\n');
    expect(h.send('NOOP\r\n')).toBe('250 2.0.0 Ok\r\n');
  });

  it('refuses AUTH inside a transaction and an unknown mechanism', () => {
    const h = overTls({ personality: postfix });
    h.send('MAIL FROM:<a@b.test>\r\n');
    expect(h.send(`AUTH PLAIN ${plain('learner', 'sandbox')}\r\n`)).toBe('503 5.5.1 Error: MAIL transaction in progress\r\n');
    expect(overTls({ personality: postfix }).send('AUTH CRAM-MD5\r\n')).toBe('535 5.7.8 Error: authentication failed: no mechanism available\r\n');
    expect(overTls().send('AUTH CRAM-MD5\r\n')).toBe('504 CRAM-MD5 authentication mechanism not supported\r\n');
  });
  it('requires AUTH for MAIL when the policy says so (530), then relays', () => {
    const h = overTls({ personality: postfix, policy: { requireAuth: true, localDomains: ['server.thm'] } });
    expect(h.send('MAIL FROM:<a@b.test>\r\n')).toBe('530 5.7.0 Authentication required\r\n');
    h.send(`AUTH PLAIN ${plain('learner', 'sandbox')}\r\n`);
    h.send('MAIL FROM:<a@b.test>\r\n');
    expect(h.send('RCPT TO:<far@away.test>\r\n')).toBe('250 2.1.5 Ok\r\n');
    h.send(`DATA\r\n${body}`);
    expect(h.mailbox.list()[0]?.protocol).toBe('ESMTPSA');
  });
});

describe('Session: policy', () => {
  it('refuses unknown users in local domains with 550 5.1.1 but always takes postmaster', () => {
    const h = afterEhlo({ personality: postfix, policy: { localDomains: ['server.thm'], users: ['strategos'] } });
    h.send('MAIL FROM:<a@b.test>\r\n');
    expect(h.send('RCPT TO:<nobody@server.thm>\r\n')).toBe(
      '550 5.1.1 <nobody@server.thm>: Recipient address rejected: User unknown in local recipient table\r\n',
    );
    expect(h.send('RCPT TO:<strategos@SERVER.thm>\r\n')).toBe('250 2.1.5 Ok\r\n');
    expect(h.send('RCPT TO:<Postmaster>\r\n')).toBe('250 2.1.5 Ok\r\n');
  });
  it('answers VRFY with 252, EXPN with a refusal and HELP with 214', () => {
    const h = afterEhlo();
    expect(h.send('VRFY strategos@server.thm\r\n')).toBe('252 Administrative prohibition\r\n');
    expect(h.send('VRFY strategos\r\n')).toBe('501 strategos: recipient address must contain a domain\r\n');
    expect(h.send('EXPN staff\r\n')).toMatch(/^5\d\d /);
    expect(h.send('HELP\r\n')).toMatch(/^214/);
  });

  it('answers VRFY with RCPT TO’s own checks as Postfix does: 252 for a user it has, 550 for one it has not, 554 for relay', () => {
    const h = afterEhlo({ personality: postfix, policy: { localDomains: ['example.com'], users: ['alice'] } });
    expect(h.send('VRFY alice@example.com\r\n')).toBe('252 2.0.0 alice@example.com\r\n');
    expect(h.send('VRFY <carol@example.com>\r\n')).toBe('550 5.1.1 <carol@example.com>: Recipient address rejected: User unknown in local recipient table\r\n');
    expect(h.send('VRFY friend@elsewhere.test\r\n')).toBe('554 5.7.1 <friend@elsewhere.test>: Relay access denied\r\n');
    expect(h.send('VRFY postmaster@example.com\r\n')).toBe('252 2.0.0 postmaster@example.com\r\n');
    expect(h.send('VRFY carol\r\n')).toBe('252 2.0.0 carol\r\n'); // unqualified: not judged here (see vrfyRefusal)
  });

  it('answers every VRFY alike as Exim does, whoever exists: the policy changes nothing', () => {
    const h = afterEhlo({ policy: { localDomains: ['example.com'], users: ['alice'] } });
    expect(h.send('VRFY alice@example.com\r\n')).toBe('252 Administrative prohibition\r\n');
    expect(h.send('VRFY carol@example.com\r\n')).toBe('252 Administrative prohibition\r\n');
    expect(h.send('VRFY friend@elsewhere.test\r\n')).toBe('252 Administrative prohibition\r\n');
  });
});

describe('Session: STARTTLS', () => {
  it('asks the driver for TLS, drops plaintext sent after it, and wants EHLO again', () => {
    const h = afterEhlo({ tls: true, personality: postfix });
    expect(h.send('STARTTLS\r\nMAIL FROM:<injected@x.test>\r\n')).toBe('220 2.0.0 Ready to start TLS\r\n');
    expect(h.events).toContainEqual({ type: 'startTls' });
    h.session.tlsStarted();
    // Postfix takes MAIL straight after TLS, as before any HELO (the parity golden starttls-no-ehlo-after).
    expect(h.send('MAIL FROM:<a@b.test>\r\n')).toBe('250 2.1.0 Ok\r\n');
    expect(h.send('EHLO client.thm\r\n')).not.toContain('STARTTLS');
  });
  it('takes STARTTLS only after EHLO as Exim does; Postfix before any HELO, after HELO, and mid-transaction', () => {
    expect(connect({ tls: true }).send('STARTTLS\r\n')).toBe('503 STARTTLS command used when not advertised\r\n');
    expect(greeted({ tls: true }).send('STARTTLS\r\n')).toBe('503 STARTTLS command used when not advertised\r\n');
    expect(connect({ tls: true, personality: postfix }).send('STARTTLS\r\n')).toBe('220 2.0.0 Ready to start TLS\r\n');
    expect(greeted({ tls: true, personality: postfix }).send('STARTTLS\r\n')).toBe('220 2.0.0 Ready to start TLS\r\n');
    const mid = afterEhlo({ tls: true });
    mid.send('MAIL FROM:<a@b.test>\r\n');
    expect(mid.send('STARTTLS\r\n')).toBe('220 TLS go ahead\r\n');
    mid.session.tlsStarted();
    mid.send('EHLO client.thm\r\n');
    expect(mid.send('RCPT TO:<c@d.test>\r\n')).toBe('503 sender not yet given\r\n'); // the transaction went with the plain text
  });
  it('names the protocol and cipher in the trace header once TLS is up', () => {
    const h = afterEhlo({ tls: true });
    h.send('STARTTLS\r\n');
    h.session.tlsStarted({ protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' });
    h.send(`EHLO client.thm\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\n${body}`);
    expect(decodeText(h.mailbox.list()[0]?.raw ?? new Uint8Array())).toContain('with esmtps (TLS1.3) tls TLS_AES_256_GCM_SHA384\r\n');
  });
  it('treats an implicit-TLS connection as TLS from the start: no STARTTLS, ESMTPS', () => {
    const h = afterEhlo({ tls: true, personality: postfix, implicitTls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256' } });
    expect(h.send('STARTTLS\r\n')).toBe('554 5.5.1 Error: TLS already active\r\n');
    h.send(`MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\n${body}`);
    const raw = decodeText(h.mailbox.list()[0]?.raw ?? new Uint8Array());
    expect(raw).toContain('(using TLSv1.3 with cipher TLS_AES_128_GCM_SHA256)');
    expect(raw).toContain('with ESMTPS id');
  });
  it('requires STARTTLS before MAIL and AUTH when the policy says so, and takes both after it', () => {
    const h = afterEhlo({ tls: true, personality: postfix, policy: { requireTls: true } });
    expect(h.send('MAIL FROM:<a@b.test>\r\n')).toBe('530 5.7.0 Must issue a STARTTLS command first\r\n');
    expect(h.send('AUTH PLAIN AGxlYXJuZXIAc2FuZGJveA==\r\n')).toBe('530 5.7.0 Must issue a STARTTLS command first\r\n');
    h.send('STARTTLS\r\n');
    h.session.tlsStarted({ protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' });
    expect(h.send('EHLO client.thm\r\n')).toContain('250-AUTH PLAIN LOGIN\r\n');
    expect(h.send('AUTH PLAIN AGxlYXJuZXIAc2FuZGJveA==\r\n')).toMatch(/^235 2\.7\.0 /);
    expect(h.send('MAIL FROM:<a@b.test>\r\n')).toMatch(/^250 2\.1\.0 /);
  });
});
