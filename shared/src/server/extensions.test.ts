/**
 * ETRN and PRDR as real Exim 4.96 and Postfix 3.7.11 answer them (the expected lines are theirs:
 * the parity goldens' etrn dialogue, and the rest asked of the reference servers by hand).
 */
import { describe, expect, it } from 'vitest';
import { afterEhlo, connect, greeted, inTransaction } from '../../test/harness.js';
import { exim } from './personalities/exim.js';
import { postfix } from './personalities/postfix.js';

describe('ETRN', () => {
  it('is refused by Exim with 458 whatever the argument, even before EHLO', () => {
    const h = connect({ personality: exim });
    expect(h.send('ETRN server.thm\r\n')).toBe('458 Administrative prohibition\r\n');
    h.send('EHLO client.thm\r\n');
    expect(h.send('ETRN\r\n')).toBe('458 Administrative prohibition\r\n');
    expect(h.send('ETRN #anything at all\r\n')).toBe('458 Administrative prohibition\r\n');
  });

  it('is answered 459 by Postfix for a domain it keeps no mail for, read from @domain and #queue too', () => {
    const h = connect({ personality: postfix });
    expect(h.send('ETRN server.thm\r\n')).toBe('459 <server.thm>: service unavailable\r\n');
    h.send('EHLO client.thm\r\n');
    expect(h.send('ETRN @server.thm\r\n')).toBe('459 <server.thm>: service unavailable\r\n');
    expect(h.send('ETRN #q\r\n')).toBe('459 <q>: service unavailable\r\n');
    expect(h.send('etrn  [127.0.0.1] \r\n')).toBe('459 <[127.0.0.1]>: service unavailable\r\n');
  });

  it('is checked by Postfix for one well-formed name, with its own codes and no enhanced code', () => {
    const h = afterEhlo({ personality: postfix });
    expect(h.send('ETRN\r\n')).toBe('500 Syntax: ETRN domain\r\n');
    expect(h.send('ETRN a b\r\n')).toBe('500 Syntax: ETRN domain\r\n');
    expect(h.send('ETRN bad..dom\r\n')).toBe('501 Error: invalid parameter syntax\r\n');
  });

  it('is refused inside a transaction, before its argument is read', () => {
    expect(inTransaction({ personality: exim }).send('ETRN\r\n')).toBe('503 ETRN is not permitted inside a transaction\r\n');
    const h = afterEhlo({ personality: postfix });
    h.send('MAIL FROM:<user@client.thm>\r\n');
    expect(h.send('ETRN x.thm\r\n')).toBe('503 Error: MAIL transaction in progress\r\n');
    expect(h.send('RSET\r\n')).toBe('250 2.0.0 Ok\r\n');
    expect(h.send('ETRN x.thm\r\n')).toBe('459 <x.thm>: service unavailable\r\n');
  });
});

describe('EHLO', () => {
  it('offers what each real server offers of these extensions', () => {
    const offered = (p: typeof exim) => afterEhlo({ personality: p }).send('EHLO client.thm\r\n');
    for (const k of ['PIPECONNECT', 'CHUNKING', 'PRDR']) expect(offered(exim)).toContain(`250-${k}\r\n`);
    for (const k of ['DSN', 'ETRN']) expect(offered(exim)).not.toContain(k);
    for (const k of ['250-ETRN', '250-DSN', '250 CHUNKING']) expect(offered(postfix)).toContain(`${k}\r\n`);
    for (const k of ['PIPECONNECT', 'PRDR']) expect(offered(postfix)).not.toContain(k);
  });
});

describe('PRDR', () => {
  const pipelined = 'MAIL FROM:<user@client.thm> PRDR\r\nRCPT TO:<strategos@server.thm>\r\nRCPT TO:<hermes@server.thm>\r\n';

  it('is asked for on MAIL, and answered by Exim per recipient after the letter, then for the letter', () => {
    const h = afterEhlo({ personality: exim });
    expect(h.send('MAIL FROM:<user@client.thm> PRDR\r\n')).toBe('250 OK, PRDR Requested\r\n');
    h.send('RCPT TO:<strategos@server.thm>\r\nRCPT TO:<hermes@server.thm>\r\nDATA\r\n');
    expect(h.send('Subject: x\r\n\r\nhi\r\n.\r\n')).toMatch(
      /^353 PRDR content analysis beginning\r\n250 PRDR R=<strategos@server\.thm> acceptance\r\n250 PRDR R=<hermes@server\.thm> acceptance\r\n250 id=\w{6}-\w{6}-\w{2} message accepted\r\n$/,
    );
    expect(h.session.state).toBe('ready');
    expect(h.mailbox.list()).toHaveLength(1);
    expect(h.mailbox.list()[0]?.rcptTo).toEqual(['strategos@server.thm', 'hermes@server.thm']);
  });

  it('answers the last chunk of a letter the same way, with no chunk line', () => {
    const h = afterEhlo({ personality: exim });
    h.send(pipelined);
    expect(h.send('BDAT 10 LAST\r\n0123456789')).toMatch(
      /^353 PRDR content analysis beginning\r\n250 PRDR R=<strategos@server\.thm> acceptance\r\n250 PRDR R=<hermes@server\.thm> acceptance\r\n250 id=\S+ message accepted\r\n$/,
    );
  });

  it('changes nothing with one recipient', () => {
    const h = afterEhlo({ personality: exim });
    expect(h.send('MAIL FROM:<user@client.thm> PRDR=yes\r\n')).toBe('250 OK, PRDR Requested\r\n');
    h.send('RCPT TO:<strategos@server.thm>\r\nDATA\r\n');
    expect(h.send('Subject: x\r\n\r\nhi\r\n.\r\n')).toMatch(/^250 OK id=\S+\r\n$/);
  });

  it('is not known where it is not offered: after HELO, and by Postfix', () => {
    // Exim words the refusal after HELO as a malformed address, as for any parameter there.
    expect(greeted({ personality: exim }).send('MAIL FROM:<user@client.thm> PRDR\r\n')).toMatch(/^5\d\d /);
    expect(afterEhlo({ personality: postfix }).send('MAIL FROM:<a@c.thm> PRDR\r\n')).toBe('555 5.5.4 Unsupported option: PRDR\r\n');
  });
});
