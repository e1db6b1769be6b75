/**
 * CHUNKING (RFC 3030): the framing machine, and BDAT in each personality. Every
 * expected reply is the real server's: the parity goldens' bdat-* dialogues, and the
 * rest asked of real Exim 4.96 and Postfix 3.7.11 by hand (tools/reference-servers).
 */
import { describe, expect, it } from 'vitest';
import { afterEhlo, connect, greeted, inTransaction } from '../../test/harness.js';
import { decodeText, encodeText } from '../protocol/bytes.js';
import { ChunkReader, lacksHeaderSeparator, parseBdatLoose, parseBdatStrict } from './bdat.js';
import { exim } from './personalities/exim.js';
import { postfix } from './personalities/postfix.js';

const EXIM_ID = '[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}';
const POSTFIX_ID = '[0-9A-F]{10,12}';

/** `BDAT <size> [LAST]` and its chunk, as one write. */
const bdat = (chunk: string, last = false) => `BDAT ${encodeText(chunk).length}${last ? ' LAST' : ''}\r\n${chunk}`;

describe('ChunkReader', () => {
  it('takes no more than the chunk, and says where it stopped', () => {
    const r = new ChunkReader(1000);
    r.begin(5);
    const bytes = encodeText('abc\r\nQUIT\r\n');
    expect(r.read(bytes, 0)).toBe(5);
    expect(r.left).toBe(0);
    expect(decodeText(r.result().body)).toBe('abc\r\n');
  });

  it('keeps a chunk as it is: a lone dot, dots at line starts and command lines are letter', () => {
    const r = new ChunkReader(1000);
    const text = 'Subject: x\r\n\r\n..two dots\r\n.\r\nQUIT\r\n';
    r.begin(text.length);
    r.read(encodeText(text), 0);
    expect(decodeText(r.result().body)).toBe(text);
  });

  it('goes on across chunks, and across reads within a chunk', () => {
    const r = new ChunkReader(1000);
    for (const piece of ['Subject: x\r', '\n\r\nFirst', ' chunk, ', 'second chunk.\r\n']) {
      r.begin(piece.length);
      for (const b of encodeText(piece)) r.read(Uint8Array.of(b), 0);
    }
    const result = r.result();
    expect(decodeText(result.body)).toBe('Subject: x\r\n\r\nFirst chunk, second chunk.\r\n');
    expect(result).toMatchObject({ received: 42, total: 42, bareLF: false, longestLine: 26 });
  });

  it('counts the size with CRLF line ends, and ends a letter with no line end with CRLF', () => {
    const total = (text: string) => {
      const r = new ChunkReader(1000);
      r.begin(text.length);
      r.read(encodeText(text), 0);
      return [r.result().total, decodeText(r.result().body)];
    };
    // Postfix's totals for these letters: 5, 12, 6 and 6 bytes.
    expect(total('abc\r\n')).toEqual([5, 'abc\r\n']);
    expect(total('0123456789')).toEqual([12, '0123456789\r\n']);
    expect(total('a\nb')).toEqual([6, 'a\nb\r\n']);
    expect(total('Subject: x\n\nbody\r\nx\r')).toEqual([24, 'Subject: x\n\nbody\r\nx\r\r\n']);
  });

  it('measures the longest line without its ending, and notes bare LFs, across chunks', () => {
    const r = new ChunkReader(10_000);
    const line = `${'x'.repeat(999)}\r\n`;
    r.begin(500);
    r.read(encodeText(line), 0);
    r.begin(line.length - 500);
    r.read(encodeText(line), 500);
    expect(r.result()).toMatchObject({ longestLine: 999, bareLF: false });
    r.begin(2);
    r.read(encodeText('a\n'), 0);
    expect(r.result().bareLF).toBe(true);
    r.begin(1003);
    r.read(encodeText(`${'y'.repeat(1003)}`), 0);
    expect(r.result().longestLine).toBe(1003);
  });

  it('never keeps more than its bound', () => {
    const r = new ChunkReader(100);
    r.begin(150);
    r.read(new Uint8Array(150), 0);
    expect(r.overflowed).toBe(true);
    expect(r.result().body.length).toBeLessThanOrEqual(100);
  });
});

describe('the BDAT argument', () => {
  it('is read loosely as Exim reads it', () => {
    expect(parseBdatLoose(' 86 last')).toEqual({ size: 86, last: true });
    expect(parseBdatLoose('  4  LAST ')).toEqual({ size: 4, last: true });
    expect(parseBdatLoose('10 FOO')).toEqual({ size: 10, last: false });
    expect(parseBdatLoose('4 LAST junk')).toEqual({ size: 4, last: false });
    expect(parseBdatLoose('+3 LAST')).toEqual({ size: 3, last: true });
    expect(parseBdatLoose('')).toBeNull();
    expect(parseBdatLoose('x LAST')).toBeNull();
  });

  it('is read strictly as Postfix reads it', () => {
    expect(parseBdatStrict('  4  last')).toEqual({ size: 4, last: true });
    expect(parseBdatStrict('30')).toEqual({ size: 30, last: false });
    for (const bad of ['', 'x LAST', '10 FOO', '4 LAST junk', '+3 LAST', '099999999999999999999 LAST']) expect(parseBdatStrict(bad), bad).toBeNull();
  });
});

describe('lacksHeaderSeparator', () => {
  it('finds letters whose headers run into a body, or that have no headers', () => {
    const lacks = (text: string) => lacksHeaderSeparator(encodeText(text));
    expect(lacks('Subject: x\r\n\r\nbody\r\n')).toBe(false);
    expect(lacks('Subject: x\r\n folded\r\n\r\nb\r\n')).toBe(false);
    expect(lacks('Subject: x\r\n')).toBe(false);
    expect(lacks('\r\nbody\r\n')).toBe(false);
    expect(lacks('Subject: x\r\nbody\r\n')).toBe(true);
    expect(lacks('abc\r\n')).toBe(true);
  });
});

describe('BDAT in the Exim-like sandbox', () => {
  it('takes a letter in one chunk, and one in two, in Exim’s words', () => {
    const h = inTransaction({ personality: exim });
    expect(h.send(bdat('Subject: BDAT\r\n\r\nOne chunk.\r\n', true))).toMatch(new RegExp(`^250- 29 byte chunk, total 29\\r\\n250 OK id=${EXIM_ID}\\r\\n$`));
    h.send('MAIL FROM:<user@client.thm>\r\nRCPT TO:<strategos@server.thm>\r\n');
    expect(h.send(bdat('Subject: BDAT\r\n\r\nFirst chunk, '))).toBe('250 30 byte chunk received\r\n');
    expect(h.send(bdat('second chunk.\r\n', true))).toMatch(new RegExp(`^250- 15 byte chunk, total 45\\r\\n250 OK id=${EXIM_ID}\\r\\n$`));
    const [second, first] = h.mailbox.list();
    expect(decodeText(first?.raw as Uint8Array)).toMatch(/^Return-Path: <user@client\.thm>\r\nReceived: [\s\S]*\r\nSubject: BDAT\r\n\r\nOne chunk\.\r\n$/);
    expect(decodeText(second?.raw as Uint8Array)).toMatch(/\r\nSubject: BDAT\r\n\r\nFirst chunk, second chunk\.\r\n$/);
  });

  it('ends a letter with BDAT 0 LAST, and takes an empty first chunk', () => {
    const h = inTransaction({ personality: exim });
    expect(h.send('BDAT 0\r\n')).toBe('250 0 byte chunk received\r\n');
    expect(h.send(bdat('Subject: BDAT\r\n\r\nThe end comes empty.\r\n'))).toBe('250 39 byte chunk received\r\n');
    expect(h.send('BDAT 0 LAST\r\n')).toMatch(/^250- 0 byte chunk, total 39\r\n250 OK id=/);
  });

  it('reports the total as Exim counts it: CRLF line ends, and the blank line it adds after headers', () => {
    const total = (chunk: string) => /total (\d+)/.exec(inTransaction({ personality: exim }).send(bdat(chunk, true)))?.[1];
    expect(total('Subject: x\r\n\r\nbody')).toBe('20');
    expect(total('abc\r\n')).toBe('6');
    expect(total('0123456789')).toBe('13');
    expect(total('Subject: x\r\nbody\r\n')).toBe('19');
    expect(total('\r\nbody\r\n')).toBe('8');
    expect(total('Subject: x\r\n')).toBe('12');
  });

  it('reads the size as sscanf does: LAST only when nothing else follows', () => {
    const h = inTransaction({ personality: exim });
    expect(h.send('BDAT 10 FOO\r\n0123456789')).toBe('250 10 byte chunk received\r\n');
    expect(h.send('BDAT 4 LAST junk\r\n0123')).toBe('250 4 byte chunk received\r\n');
    expect(h.send('BDAT  0  last\r\n')).toMatch(/^250- 0 byte chunk, total 17\r\n/);
  });

  it('answers a BDAT without a size 501 and reads no chunk', () => {
    const h = inTransaction({ personality: exim });
    expect(h.send('BDAT\r\n')).toBe('501 missing size for BDAT command\r\n');
    expect(h.send('BDAT x LAST\r\n')).toBe('501 missing size for BDAT command\r\n');
    expect(h.send('QUIT\r\n')).toBe('221 example.thm closing connection\r\n');
  });

  it('refuses BDAT before a recipient at once, then reads its chunk and drops it', () => {
    const h = afterEhlo({ personality: exim });
    expect(h.send('BDAT 37 LAST\r\n')).toBe('503 valid RCPT command must precede BDAT\r\n');
    expect(h.send('Subject: BDAT\r\n\r\nNo one to send to.\r\n')).toBe('');
    expect(h.send('NOOP\r\n')).toBe('250 OK\r\n');
    h.send('MAIL FROM:<user@client.thm>\r\n');
    expect(h.send(bdat('abcde'))).toBe('503 valid RCPT command must precede BDAT\r\n');
    expect(h.send('RCPT TO:<strategos@server.thm>\r\n')).toBe('250 Accepted\r\n');
    expect(h.session.state).toBe('rcpt');
  });

  it('refuses BDAT after HELO, and then reads its chunk as commands', () => {
    const h = greeted({ personality: exim });
    h.send('MAIL FROM:<user@client.thm>\r\n');
    h.send('RCPT TO:<strategos@server.thm>\r\n');
    expect(h.send(bdat('Subject: BDAT\r\n\r\nUnoffered.\r\n', true))).toBe(
      '503 BDAT command used when CHUNKING not advertised\r\n500 unrecognized command\r\n500 unrecognized command\r\n500-unrecognized command\r\n500 Too many syntax or protocol errors\r\n',
    );
    expect(h.events).toEqual([{ type: 'close' }]);
  });

  it('takes only BDAT, NOOP, QUIT and RSET between chunks, then only RSET and QUIT', () => {
    const h = inTransaction({ personality: exim });
    h.send(bdat('Subject: BDAT\r\n\r\nHalf.\r\n'));
    expect(h.session.state).toBe('bdat');
    expect(h.send('NOOP\r\n')).toBe('250 OK\r\n');
    expect(h.send('DATA\r\n')).toBe('503 only BDAT permissible after non-LAST BDAT\r\n');
    expect(h.send('NOOP\r\n')).toBe('503 only RSET accepted now\r\n');
    expect(h.send('BDAT 3 LAST\r\nabc')).toBe('503 only RSET accepted now\r\n'); // its chunk is then read as commands
    expect(h.send('QUIT\r\n')).toBe('503-only RSET accepted now\r\n503 Too many syntax or protocol errors\r\n421 Lost incoming connection\r\n');
    expect(h.session.state).toBe('closed');
  });

  it('says the letter is lost after QUIT between chunks', () => {
    const h = inTransaction({ personality: exim });
    h.send(bdat('Subject: BDAT\r\n\r\nHalf.\r\n'));
    expect(h.send('QUIT\r\n')).toBe('221 example.thm closing connection\r\n421 Lost incoming connection\r\n');
    expect(h.mailbox.list()).toEqual([]);
  });

  it('answers an empty chunk between chunks 504, and then takes only RSET', () => {
    const h = inTransaction({ personality: exim });
    h.send(bdat('abcde'));
    expect(h.send('BDAT 0\r\n')).toBe('504 zero size for BDAT command\r\n');
    expect(h.send('NOOP\r\n')).toBe('503 only RSET accepted now\r\n');
  });

  it('drops the connection unanswered on RSET, or a BDAT without a size, between chunks, where Exim 4.96 crashes', () => {
    for (const line of ['RSET\r\n', 'BDAT x\r\n']) {
      const h = inTransaction({ personality: exim });
      h.send(bdat('abcde'));
      expect(h.send(line), line).toBe('');
      expect(h.events, line).toEqual([{ type: 'close' }]);
      expect(h.session.state, line).toBe('closed');
    }
  });

  it('answers 552 the moment a letter passes the limit, then 554, and hangs up', () => {
    const h = inTransaction({ personality: exim, policy: { maxMessageSize: 100 } });
    expect(h.send(bdat('x'.repeat(60)))).toBe('250 60 byte chunk received\r\n');
    expect(h.send(`BDAT 60 LAST\r\n${'y'.repeat(50)}`)).toBe('552 Message size exceeds maximum permitted\r\n554 SMTP synchronization error\r\n');
    expect(h.events).toEqual([{ type: 'close' }]);
    expect(h.mailbox.list()).toEqual([]);
  });
});

describe('BDAT in the Postfix-like sandbox', () => {
  it('takes a letter in one chunk, and one in two, in Postfix’s words', () => {
    const h = inTransaction({ personality: postfix });
    expect(h.send(bdat('Subject: BDAT\r\n\r\nOne chunk.\r\n', true))).toMatch(new RegExp(`^250 2\\.0\\.0 Ok: 29 bytes queued as ${POSTFIX_ID}\\r\\n$`));
    h.send('MAIL FROM:<user@client.thm>\r\nRCPT TO:<strategos@server.thm>\r\n');
    expect(h.send(bdat('Subject: BDAT\r\n\r\nFirst chunk, '))).toBe('250 2.0.0 Ok: 30 bytes\r\n');
    expect(h.send(bdat('second chunk.\r\n', true))).toMatch(/^250 2\.0\.0 Ok: 45 bytes queued as /);
    expect(decodeText(h.mailbox.list()[0]?.raw as Uint8Array)).toMatch(
      /^Return-Path: <user@client\.thm>\r\nReceived: [\s\S]*\r\nSubject: BDAT\r\n\r\nFirst chunk, second chunk\.\r\n$/,
    );
  });

  it('reports the total with CRLF line ends', () => {
    const total = (write: string) => /Ok: (\d+) bytes queued/.exec(inTransaction({ personality: postfix }).send(write))?.[1];
    expect(total('BDAT 5 LAST\r\nabc\r\n')).toBe('5');
    expect(total('BDAT 10 LAST\r\n0123456789')).toBe('12');
    expect(total('BDAT  4  last\r\n0123')).toBe('6');
    expect(total('BDAT 3 LAST\r\na\nb')).toBe('6');
  });

  it('hangs up with 521 on a BDAT it cannot read', () => {
    for (const line of ['BDAT', 'BDAT x LAST', 'BDAT 10 FOO', 'BDAT +3 LAST', 'BDAT 099999999999999999999 LAST']) {
      const h = inTransaction({ personality: postfix });
      expect(h.send(`${line}\r\n0123456789`), line).toBe('521 5.5.4 Syntax: BDAT count [LAST]\r\n');
      expect(h.events, line).toEqual([{ type: 'close' }]);
    }
  });

  it('refuses BDAT without a recipient after its chunk, and drops further chunks until RSET', () => {
    const h = afterEhlo({ personality: postfix });
    expect(h.send('BDAT 5\r\nabc')).toBe('');
    expect(h.send('de')).toBe('503 5.5.1 Error: need RCPT command\r\n');
    expect(h.send('NOOP\r\n')).toBe('250 2.0.0 Ok\r\n');
    expect(h.send('MAIL FROM:<a@c.thm>\r\n')).toBe('503 5.5.1 Error: MAIL after BDAT\r\n');
    expect(h.send(bdat('abcde'))).toBe('551 5.0.0 Discarded 5 bytes after earlier error\r\n');
    expect(h.send('RCPT TO:<x@server.thm>\r\n')).toBe('503 5.5.1 Error: need MAIL command\r\n');
    expect(h.send('RSET\r\n')).toBe('250 2.0.0 Ok\r\n');
    expect(h.send('MAIL FROM:<a@c.thm>\r\n')).toBe('250 2.1.0 Ok\r\n');
  });

  it('ends the transaction when a last chunk without recipients is refused', () => {
    const h = afterEhlo({ personality: postfix });
    h.send('MAIL FROM:<user@client.thm>\r\n');
    expect(h.send(bdat('Subject: BDAT\r\n\r\nNo one to send to.\r\n', true))).toBe('554 5.5.1 Error: no valid recipients\r\n');
    expect(h.send('RCPT TO:<x@server.thm>\r\n')).toBe('503 5.5.1 Error: need MAIL command\r\n');
  });

  it('refuses RCPT, DATA and an empty chunk between chunks, then drops chunks until the last', () => {
    const h = inTransaction({ personality: postfix });
    h.send(bdat('abcde'));
    expect(h.send('NOOP\r\n')).toBe('250 2.0.0 Ok\r\n');
    expect(h.send('VRFY x\r\n')).toBe('252 2.0.0 x\r\n');
    expect(h.send('ETRN x.thm\r\n')).toBe('503 Error: MAIL transaction in progress\r\n');
    expect(h.send('RCPT TO:<y@server.thm>\r\n')).toBe('503 5.5.1 Error: RCPT after BDAT\r\n');
    expect(h.send('DATA\r\n')).toBe('503 5.5.1 Error: DATA after BDAT\r\n');
    expect(h.send('BDAT 0\r\n')).toBe('551 5.7.1 Null BDAT request\r\n');
    expect(h.send(bdat('abc'))).toBe('551 5.0.0 Discarded 3 bytes after earlier error\r\n');
    expect(h.send('BDAT 0 LAST\r\n')).toBe('551 5.0.0 Discarded 0 bytes after earlier error\r\n');
    expect(h.session.state).toBe('ready');
    expect(h.send('MAIL FROM:<a@c.thm>\r\n')).toBe('250 2.1.0 Ok\r\n');
    expect(h.mailbox.list()).toEqual([]);
  });

  it('forgets the letter on RSET or EHLO between chunks', () => {
    for (const line of ['RSET\r\n', 'EHLO client.thm\r\n']) {
      const h = inTransaction({ personality: postfix });
      h.send(bdat('abcde'));
      expect(h.send(line), line).toMatch(/^250[ -]/);
      expect(h.send(bdat('abcde')), line).toBe('503 5.5.1 Error: need RCPT command\r\n');
    }
  });

  it('refuses a chunk that would pass the limit before reading it, and drops the rest', () => {
    const h = inTransaction({ personality: postfix, policy: { maxMessageSize: 100 } });
    expect(h.send(bdat('x'.repeat(60)))).toBe('250 2.0.0 Ok: 60 bytes\r\n');
    expect(h.send(bdat('y'.repeat(60)))).toBe('552 5.3.4 Chunk exceeds message size limit\r\n');
    expect(h.send(bdat('abcde', true))).toBe('551 5.0.0 Discarded 5 bytes after earlier error\r\n');
    expect(h.send('NOOP\r\n')).toBe('250 2.0.0 Ok\r\n');
    expect(h.mailbox.list()).toEqual([]);
  });

  it('takes BDAT after HELO, where CHUNKING was not offered', () => {
    const h = connect({ personality: postfix });
    h.send('HELO client.thm\r\nMAIL FROM:<user@client.thm>\r\nRCPT TO:<strategos@server.thm>\r\n');
    expect(h.send(bdat('Subject: BDAT\r\n\r\nUnoffered.\r\n', true))).toMatch(/^250 2\.0\.0 Ok: 29 bytes queued as /);
  });
});

describe('BDAT, both personalities', () => {
  for (const p of [exim, postfix]) {
    it(`${p.id}: stores the same trace header as DATA`, () => {
      const viaData = inTransaction({ personality: p });
      viaData.send('DATA\r\nSubject: x\r\n\r\nbody\r\n.\r\n');
      const viaBdat = inTransaction({ personality: p });
      viaBdat.send(bdat('Subject: x\r\n\r\nbody\r\n', true));
      const [a, b] = [viaData, viaBdat].map((h) => {
        const m = h.mailbox.list()[0];
        return { ...m, id: '', raw: decodeText(m?.raw as Uint8Array).replaceAll(m?.id as string, 'ID') };
      });
      expect(b).toEqual(a);
    });

    it(`${p.id}: takes a pipelined session whose chunk holds <CRLF>.<CRLF> and commands`, () => {
      const h = afterEhlo({ personality: p });
      const letter = 'Subject: x\r\n\r\n.\r\nQUIT\r\nMAIL FROM:<evil@client.thm>\r\n';
      const out = h.send(`MAIL FROM:<user@client.thm>\r\nRCPT TO:<strategos@server.thm>\r\n${bdat(letter, true)}QUIT\r\n`);
      expect(out.match(/^\d{3} /gm)).toHaveLength(4);
      expect(h.mailbox.list()).toHaveLength(1);
      expect(decodeText(h.mailbox.list()[0]?.raw as Uint8Array).endsWith(`\r\n${letter}`)).toBe(true);
    });
  }
});
