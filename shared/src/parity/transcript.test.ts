import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeText } from '../protocol/bytes.js';
import { clientLines, collapseRuns, messageLines, normalise, queueIdIn, type RecordingContext, ReplyReader, stepText, visible } from './transcript.js';

const context = (): RecordingContext => ({ clientAddress: '127.0.0.1', ids: [] });

describe('visible', () => {
  it('names control characters and counts long runs of one character', () => {
    expect(visible('a\0b\tc\rd\u001b')).toBe('a<NUL>b<TAB>c<CR>d<0x1B>');
    expect(visible(`NOOP ${'x'.repeat(20)}!`)).toBe('NOOP {x×20}!');
    expect(visible('x'.repeat(15))).toBe('x'.repeat(15));
  });
});

describe('stepText', () => {
  it('ends a line as the step says', () => {
    expect(stepText({ type: 'line', text: 'HELO a', ending: 'crlf', replies: 1 })).toBe('HELO a\r\n');
    expect(stepText({ type: 'line', text: 'HELO a', ending: 'lf', replies: 1 })).toBe('HELO a\n');
    expect(stepText({ type: 'line', text: 'HELO a', ending: 'cr', replies: 1 })).toBe('HELO a\r');
    expect(stepText({ type: 'line', text: 'HELO a', ending: 'none', replies: 1 })).toBe('HELO a');
    expect(stepText({ type: 'startTls' })).toBe('');
  });
});

describe('clientLines', () => {
  it('implies CRLF and writes out every other ending', () => {
    expect(clientLines('HELO a\r\nMAIL\nbody\rmore\r\nhalf')).toEqual(['C: HELO a', 'C: MAIL<LF>', 'C: body<CR>more', 'C: half<no ending>']);
  });

  it('shows an empty line as an empty C: line', () => {
    expect(clientLines('\r\n')).toEqual(['C: ']);
  });
});

describe('collapseRuns', () => {
  it('folds three or more identical lines into one with a count', () => {
    expect(collapseRuns(['a', 'a', 'b', 'c', 'c', 'c', 'a'])).toEqual(['a', 'a', 'b', 'c (×3)', 'a']);
  });
});

describe('ReplyReader', () => {
  const bytes = encodeText('220 hi\r\n250-example.thm\r\n250-SIZE 10\r\n250 HELP\r\n354 go\r\n');
  const expected = [['220 hi'], ['250-example.thm', '250-SIZE 10', '250 HELP'], ['354 go']];

  it('frames multi-line replies', () => {
    const r = new ReplyReader();
    r.feed(bytes);
    expect(r.count).toBe(3);
    expect(r.take(1)).toEqual([['220 hi']]);
    expect(r.take()).toEqual(expected.slice(1));
  });

  it('frames the same replies however the bytes are split', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 6 }), (cuts) => {
        const r = new ReplyReader();
        let at = 0;
        for (const cut of [...cuts].sort((a, b) => a - b)) {
          r.feed(bytes.subarray(at, cut));
          at = cut;
        }
        r.feed(bytes.subarray(at));
        expect(r.take()).toEqual(expected);
      }),
    );
  });

  it('keeps an unfinished reply and an unended line for the end', () => {
    const r = new ReplyReader();
    r.feed(encodeText('250-first\r\n250 sec'));
    expect(r.count).toBe(0);
    expect(r.takeRest()).toEqual(['250-first', '250 sec<no ending>']);
  });

  it('marks a bare LF from the server and shows binary bytes by name', () => {
    const r = new ReplyReader();
    r.feed(new Uint8Array([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0a]));
    expect(r.take()).toEqual([['<0x15><0x03><0x03><NUL><0x02><0x02><LF>']]);
  });
});

describe('queueIdIn', () => {
  it("reads Exim's and Postfix's queue ids from a 250", () => {
    expect(queueIdIn(['250 OK id=1xa6Nz-0003Xk-36'])).toBe('1xa6Nz-0003Xk-36');
    expect(queueIdIn(['250 2.0.0 Ok: queued as F278220E369'])).toBe('F278220E369');
    expect(queueIdIn(['250 2.0.0 Ok: 29 bytes queued as 0E44E20E27E'])).toBe('0E44E20E27E');
    expect(queueIdIn(['550 id=nope'])).toBeNull();
    expect(queueIdIn(['250 OK'])).toBeNull();
  });
});

describe('normalise', () => {
  it("names Exim's banner date and the client's address", () => {
    expect(normalise('220 example.thm ESMTP Exim 4.96 Sun, 06 Dec 2026 07:10:15 +0000', context())).toBe('220 example.thm ESMTP Exim 4.96 {date}');
    expect(normalise('250 example.thm Hello client.thm [127.0.0.1]', context())).toBe('250 example.thm Hello client.thm [{client}]');
  });

  it('numbers queue ids in order of appearance, wherever they are', () => {
    const c = context();
    c.ids.push('F278220E369');
    expect(normalise('250 2.0.0 Ok: queued as F278220E369', c)).toBe('250 2.0.0 Ok: queued as {id-1}');
    expect(normalise('Message-Id: <E1xa6Nz-0003Xk-36@example.thm>', c)).toBe('Message-Id: <E{id-2}@example.thm>');
    expect(c.ids).toEqual(['F278220E369', '1xa6Nz-0003Xk-36']);
  });

  it("names Postfix's padded dates, Message-ID time stamps and TLS details", () => {
    const c = context();
    c.ids.push('0E44E20E27E');
    const received =
      'Received: from vm (unknown [127.0.0.1])\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)\n\t key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256)\n\t(No client certificate requested)\n\tby example.thm (Postfix) with ESMTPS id 0E44E20E27E\n\tfor <a@b.thm>; Sun,  6 Dec 2026 07:17:27 +0000 (UTC)\nMessage-Id: <20261206071726.0E44E20E27E@example.thm>';
    expect(normalise(received, c)).toBe(
      'Received: from vm (unknown [{client}])\n\t(using {tls})\n\t(No client certificate requested)\n\tby example.thm (Postfix) with ESMTPS id {id-1}\n\tfor <a@b.thm>; {date}\nMessage-Id: <{timestamp}.{id-1}@example.thm>',
    );
    expect(normalise('\tby example.thm with esmtpsa  (TLS1.3) tls TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', c)).toBe(
      '\tby example.thm with esmtpsa  ({tls}) tls {tls}',
    );
  });
});

describe('messageLines', () => {
  it("drops the delivery agent's headers, folded lines included, and keeps the rest", () => {
    const stored =
      'Return-Path: <a@b.thm>\nX-Original-To: c@d.thm\nDelivered-To: c@d.thm\nReceived: from x\n\tby y; Sun, 06 Dec 2026 07:17:26 +0000\nEnvelope-to: c@d.thm,\n\te@f.thm\nSubject: hi\n\nReturn-Path: stays in the body\n';
    expect(messageLines(stored, context())).toEqual(['Received: from x', '<TAB>by y; {date}', 'Subject: hi', '', 'Return-Path: stays in the body']);
  });
});
