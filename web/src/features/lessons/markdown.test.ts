import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown } from './markdown';

describe('parseMarkdown', () => {
  it('splits paragraphs at blank lines', () => {
    expect(parseMarkdown('One.\n\nTwo\n  \nThree.')).toEqual([
      [{ kind: 'text', text: 'One.' }],
      [{ kind: 'text', text: 'Two' }],
      [{ kind: 'text', text: 'Three.' }],
    ]);
  });

  it('reads `code` and **bold** inside a paragraph', () => {
    expect(parseInline('Send `NOOP` to **any** server')).toEqual([
      { kind: 'text', text: 'Send ' },
      { kind: 'code', text: 'NOOP' },
      { kind: 'text', text: ' to ' },
      { kind: 'bold', text: 'any' },
      { kind: 'text', text: ' server' },
    ]);
  });

  it('keeps stars inside code, and unmatched markers as text', () => {
    expect(parseInline('`**x**` and a lone ` and **half')).toEqual([
      { kind: 'code', text: '**x**' },
      { kind: 'text', text: ' and a lone ` and **half' },
    ]);
  });
});
