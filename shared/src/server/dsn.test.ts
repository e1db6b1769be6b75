/**
 * DSN (RFC 3461): the parameters read as Postfix 3.7.11 reads them, and what each
 * personality answers. The expected replies are the real servers' (the parity goldens'
 * dsn-parameters dialogue, and the rest asked of the reference servers by hand).
 */
import { describe, expect, it } from 'vitest';
import { afterEhlo, inTransaction } from '../../test/harness.js';
import { decodeXtext, parseEnvid, parseNotify, parseOrcpt, parseRet } from './dsn.js';
import { exim } from './personalities/exim.js';
import { postfix } from './personalities/postfix.js';

describe('DSN parameters', () => {
  it('read RET in any case, and nothing but FULL and HDRS', () => {
    expect(parseRet('full')).toBe('FULL');
    expect(parseRet('HDRS')).toBe('HDRS');
    expect(parseRet('FOO')).toBeNull();
  });

  it('decode xtext with hex in either case, and refuse a "+" without two hex digits', () => {
    expect(decodeXtext('a+2Bb')).toBe('a+b');
    expect(decodeXtext('a+2bb')).toBe('a+b');
    expect(decodeXtext('a+2')).toBeNull();
    expect(decodeXtext('a+zzb')).toBeNull();
  });

  it('want ENVID printable once decoded', () => {
    expect(parseEnvid('parity-1')).toBe('parity-1');
    expect(parseEnvid('a+0Ab')).toBeNull(); // a line feed
  });

  it('read NOTIFY as NEVER or a list of the other three, skipping empty items and repeats', () => {
    expect(parseNotify('success,delay')).toEqual(['SUCCESS', 'DELAY']);
    expect(parseNotify('SUCCESS,')).toEqual(['SUCCESS']);
    expect(parseNotify('FAILURE,FAILURE')).toEqual(['FAILURE']);
    expect(parseNotify('NEVER,NEVER')).toEqual(['NEVER']);
    expect(parseNotify('NEVER,SUCCESS')).toBeNull();
    expect(parseNotify('FOO')).toBeNull();
    expect(parseNotify(',')).toBeNull();
  });

  it('split ORCPT at its first semicolon, with any non-empty type', () => {
    expect(parseOrcpt('rfc822;strategos@server.thm')).toEqual({ type: 'rfc822', address: 'strategos@server.thm' });
    expect(parseOrcpt('rfc822;')).toEqual({ type: 'rfc822', address: '' });
    expect(parseOrcpt('foo;bar')).toEqual({ type: 'foo', address: 'bar' });
    expect(parseOrcpt('utf-8;\\x{E4}@s.thm')).toEqual({ type: 'utf-8', address: 'ä@s.thm' });
    expect(parseOrcpt('x@server.thm')).toBeNull();
    expect(parseOrcpt(';x@server.thm')).toBeNull();
    expect(parseOrcpt('rfc822;a+2')).toBeNull();
    expect(parseOrcpt('utf-8;\\x{110000}')).toBeNull();
  });
});

describe('DSN in the Postfix-like sandbox', () => {
  it('takes RET, ENVID, NOTIFY and ORCPT, and keeps them with the message', () => {
    const h = afterEhlo({ personality: postfix });
    expect(h.send('MAIL FROM:<user@client.thm> RET=HDRS ENVID=parity+2B1\r\n')).toBe('250 2.1.0 Ok\r\n');
    expect(h.send('RCPT TO:<strategos@server.thm> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;strategos@server.thm\r\n')).toBe('250 2.1.5 Ok\r\n');
    expect(h.send('RCPT TO:<hermes@server.thm> NOTIFY=NEVER\r\n')).toBe('250 2.1.5 Ok\r\n');
    expect(h.send('RCPT TO:<athena@server.thm>\r\n')).toBe('250 2.1.5 Ok\r\n');
    h.send('DATA\r\nSubject: x\r\n\r\nx\r\n.\r\n');
    expect(h.mailbox.list()[0]?.dsn).toEqual({
      ret: 'HDRS',
      envid: 'parity+1',
      recipients: [
        { notify: ['SUCCESS', 'FAILURE'], orcpt: { type: 'rfc822', address: 'strategos@server.thm' } },
        { notify: ['NEVER'], orcpt: null },
        { notify: null, orcpt: null },
      ],
    });
  });

  it('keeps no DSN request with a message that asked for none', () => {
    const h = inTransaction({ personality: postfix });
    h.send('DATA\r\nSubject: x\r\n\r\nx\r\n.\r\n');
    expect(h.mailbox.list()[0]).not.toHaveProperty('dsn');
  });

  it('refuses malformed or repeated MAIL parameters with their own 501s', () => {
    const h = afterEhlo({ personality: postfix });
    expect(h.send('MAIL FROM:<a@c.thm> RET=FOO\r\n')).toBe('501 5.5.4 Bad RET parameter syntax\r\n');
    expect(h.send('MAIL FROM:<a@c.thm> RET=full RET=HDRS\r\n')).toBe('501 5.5.4 Bad RET parameter syntax\r\n');
    expect(h.send('MAIL FROM:<a@c.thm> ENVID=a+2\r\n')).toBe('501 5.5.4 Bad ENVID parameter syntax\r\n');
    expect(h.send('MAIL FROM:<a@c.thm> ENVID=a+0Ab\r\n')).toBe('501 5.5.4 Bad ENVID parameter syntax\r\n');
    expect(h.send('MAIL FROM:<a@c.thm> ENVID=x ENVID=y\r\n')).toBe('501 5.5.4 Bad ENVID parameter syntax\r\n');
    expect(h.send('MAIL FROM:<a@c.thm> RET\r\n')).toBe('555 5.5.4 Unsupported option: RET\r\n');
    expect(h.send('MAIL FROM:<a@c.thm> ret=hdrs envid=Q\r\n')).toBe('250 2.1.0 Ok\r\n');
  });

  it('refuses malformed or repeated RCPT parameters with their own 501s, the first bad one first', () => {
    const h = afterEhlo({ personality: postfix });
    h.send('MAIL FROM:<a@c.thm>\r\n');
    const rcpt = (params: string) => h.send(`RCPT TO:<x@server.thm> ${params}\r\n`);
    expect(rcpt('NOTIFY=NEVER,SUCCESS')).toBe('501 5.5.4 Error: Bad NOTIFY parameter syntax\r\n');
    expect(rcpt('NOTIFY=SUCCESS NOTIFY=DELAY')).toBe('501 5.5.4 Error: Bad NOTIFY parameter syntax\r\n');
    expect(rcpt('NOTIFY')).toBe('555 5.5.4 Unsupported option: NOTIFY\r\n');
    expect(rcpt('ORCPT=x@server.thm')).toBe('501 5.5.4 Error: Bad ORCPT parameter syntax\r\n');
    expect(rcpt('ORCPT=rfc822;a ORCPT=rfc822;b')).toBe('501 5.5.4 Error: Bad ORCPT parameter syntax\r\n');
    expect(rcpt('ORCPT=rfc822;a+2')).toBe('501 5.5.4 Error: Bad ORCPT parameter syntax\r\n');
    expect(rcpt('NOTIFY=FOO XYZZY=1')).toBe('501 5.5.4 Error: Bad NOTIFY parameter syntax\r\n');
    expect(rcpt('NOTIFY=success,delay ORCPT=foo;bar')).toBe('250 2.1.5 Ok\r\n');
  });
});

describe('DSN in the Exim-like sandbox, which does not offer it', () => {
  it('takes RET and ENVID on MAIL and drops them, whatever their value', () => {
    const h = afterEhlo({ personality: exim });
    expect(h.send('MAIL FROM:<user@client.thm> RET=HDRS ENVID=parity-1\r\n')).toBe('250 OK\r\n');
    h.send('RSET\r\n');
    expect(h.send('MAIL FROM:<user@client.thm> RET=nonsense RET=again ENVID=+zz\r\n')).toBe('250 OK\r\n');
    h.send('RCPT TO:<strategos@server.thm>\r\n');
    h.send('DATA\r\nSubject: x\r\n\r\nx\r\n.\r\n');
    expect(h.mailbox.list()[0]).not.toHaveProperty('dsn');
  });

  it('treats NOTIFY and ORCPT on RCPT as unknown parameters', () => {
    // Real Exim words it "501 <addr> NOTIFY=NEVER: malformed address: NOTIFY=NEVER may not
    // follow <addr>", as it does any unknown parameter; that wording is not DSN's business.
    const h = inTransaction({ personality: exim });
    expect(h.send('RCPT TO:<hermes@server.thm> NOTIFY=NEVER\r\n')).toMatch(/^5\d\d /);
    expect(h.send('RCPT TO:<hermes@server.thm> ORCPT=rfc822;hermes@server.thm\r\n')).toMatch(/^5\d\d /);
  });
});
