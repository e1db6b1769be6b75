import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterEhlo } from '../../test/harness.js';
import { encodeText } from '../protocol/bytes.js';
import { scenarioById } from '../server/scenarios.js';
import { MIME_LIMITS, type MimePart, mimeStructure, parseParameters } from './structure.js';

const crlf = (lines: string[]) => encodeText(lines.join('\r\n'));

/** A letter with text and HTML alternatives and a base64 attachment: lesson 20's. */
const LETTER = [
  'From: a@client.thm',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  'This is a multi-part message in MIME format.',
  '--outer',
  'Content-Type: multipart/alternative; boundary=inner',
  '',
  '--inner',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hi',
  '--inner',
  'Content-Type: text/html; charset="utf-8"',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  '<p>Hi</p>',
  '--inner--',
  '',
  '--outer',
  'Content-Type: text/plain; name="old-name.txt"',
  'Content-Transfer-Encoding: BASE64',
  'Content-Disposition: attachment;',
  '\tfilename="notes; draft.txt"',
  '',
  'aGVsbG8=',
  '--outer--',
  'epilogue',
];

/** The tree as lines: "type encoding size", indented. */
const shape = (p: MimePart, depth = 0): string[] => [
  `${'  '.repeat(depth)}${p.contentType} ${p.encoding} ${p.size}${p.filename ? ` ${p.filename}` : ''}`,
  ...p.parts.flatMap((c) => shape(c, depth + 1)),
];

describe('mimeStructure', () => {
  it('reads a multipart/mixed with alternatives and a base64 attachment as a tree', () => {
    const tree = mimeStructure(crlf(LETTER));
    expect(shape(tree)).toEqual([
      `multipart/mixed 7bit ${crlf(LETTER.slice(4)).length}`,
      '  multipart/alternative 7bit 176', // from its first --inner to the empty line after --inner--
      '    text/plain 7bit 2',
      '    text/html quoted-printable 9',
      '  text/plain base64 8 notes; draft.txt',
    ]);
    expect(tree.parts[1]).toMatchObject({ disposition: 'attachment', charset: null });
    expect(tree.parts[0]?.parts[1]?.charset).toBe('utf-8');
    expect(tree.problems).toEqual([]);
  });

  it('reads the same with bare LF line endings', () => {
    expect(shape(mimeStructure(encodeText(LETTER.join('\n')))).slice(1)).toEqual([
      '  multipart/alternative 7bit 166',
      '    text/plain 7bit 2',
      '    text/html quoted-printable 9',
      '  text/plain base64 8 notes; draft.txt',
    ]);
  });

  it('takes text/plain and 7bit where a message says nothing (RFC 2045)', () => {
    expect(mimeStructure(encodeText('Subject: hi\r\n\r\nHello'))).toMatchObject({ contentType: 'text/plain', encoding: '7bit', size: 5, parts: [] });
  });

  it('says what is wrong, and goes on: no boundary, no closing delimiter', () => {
    expect(mimeStructure(crlf(['Content-Type: multipart/mixed', '', 'x'])).problems[0]).toMatch(/without a boundary/);
    const open = mimeStructure(crlf(['Content-Type: multipart/mixed; boundary=b', '', '--b', '', 'one', '--b', '', 'two']));
    expect(open.parts.map((p) => p.size)).toEqual([3, 3]);
    expect(open.problems[0]).toMatch(/No closing delimiter/);
  });

  it('reads a bounce: the report, its delivery-status and the returned headers', () => {
    const h = afterEhlo({ policy: scenarioById('later-bounce').policy });
    h.send('MAIL FROM:<a@client.thm>\r\nRCPT TO:<nobody@server.thm>\r\nDATA\r\n');
    h.send('Subject: hi\r\n\r\nHi\r\n.\r\n');
    const tree = mimeStructure(h.mailbox.list()[0]?.raw ?? new Uint8Array());
    expect([tree.contentType, ...tree.parts.map((p) => p.contentType)]).toEqual([
      'multipart/report',
      'text/plain',
      'message/delivery-status',
      'text/rfc822-headers',
    ]);
  });

  it('reads a message/rfc822 part as the message inside it', () => {
    const tree = mimeStructure(crlf(['Content-Type: message/rfc822', '', 'Content-Type: text/html', '', '<p>x</p>']));
    expect(tree.parts[0]?.contentType).toBe('text/html');
  });

  it('stops at its depth and part bounds, saying so', () => {
    const nested = (n: number): string[] =>
      n === 0 ? ['Content-Type: text/plain', '', 'x'] : [`Content-Type: multipart/mixed; boundary=b${n}`, '', `--b${n}`, ...nested(n - 1), `--b${n}--`];
    let deepest = mimeStructure(crlf(nested(20)));
    let depth = 1;
    while (deepest.parts[0]) {
      deepest = deepest.parts[0];
      depth++;
    }
    expect(depth).toBe(MIME_LIMITS.depth);
    expect(deepest.problems[0]).toMatch(/Nested more than/);
    const many = ['Content-Type: multipart/mixed; boundary=b', '', ...Array.from({ length: 300 }, () => ['--b', '', 'x']).flat(), '--b--'];
    const wide = mimeStructure(crlf(many));
    expect(wide.parts).toHaveLength(MIME_LIMITS.parts - 1);
    expect(wide.problems[0]).toMatch(/More than/);
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('--b', '--b--', '', 'Content-Type: multipart/mixed; boundary=b', 'x', '\r', 'Content-Type: message/rfc822')),
        (lines) => {
          mimeStructure(encodeText(['Content-Type: multipart/mixed; boundary=b', '', ...lines].join('\r\n')));
        },
      ),
    );
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => void mimeStructure(bytes)));
  });
});

describe('parseParameters', () => {
  it('reads quoted and bare values, with ";" inside quotes, and a name called __proto__', () => {
    const p = parseParameters('Multipart/Mixed; Boundary="a;b\\"c"; charset=utf-8; __proto__=x');
    expect(p.value).toBe('multipart/mixed');
    expect(Object.entries(p.params)).toEqual([
      ['boundary', 'a;b"c'],
      ['charset', 'utf-8'],
      ['__proto__', 'x'],
    ]);
  });
});
