/**
 * ETRN as real Exim 4.96 and Postfix 3.7.11 answer it (the expected lines are theirs:
 * the parity goldens' etrn dialogue, and the rest asked of the reference servers by hand).
 */
import { describe, expect, it } from 'vitest';
import { afterEhlo, connect, inTransaction } from '../../test/harness.js';
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
