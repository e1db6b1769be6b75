import { encodeText } from '@smtp-playground/shared';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { formatSize, MimeTree } from './mime-tree';

afterEach(cleanup);

const MIME = [
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="m"',
  '',
  '--m',
  'Content-Type: multipart/alternative; boundary="a"',
  '',
  '--a',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hi',
  '--a',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>Hi</p>',
  '--a--',
  '--m',
  'Content-Type: text/plain; name="minutes.txt"',
  'Content-Disposition: attachment; filename="minutes.txt"',
  'Content-Transfer-Encoding: base64',
  '',
  'TWludXRlczogd2UgYWdyZWVkLgo=',
  '--m--',
].join('\r\n');

describe('MimeTree', () => {
  it('shows the parts as a nested list: type, encoding, size, charset and file name', () => {
    render(<MimeTree raw={encodeText(MIME)} />);
    const parts = within(screen.getByRole('region', { name: 'MIME structure' })).getByRole('list', { name: 'MIME parts' });
    const lines = within(parts)
      .getAllByRole('listitem')
      .map((li) => li.firstChild?.textContent);
    expect(lines).toEqual([
      expect.stringMatching(/^multipart\/mixed · 7bit · \d+ bytes$/),
      expect.stringMatching(/^multipart\/alternative · 7bit · \d+ bytes$/),
      'text/plain · 7bit · 2 bytes · utf-8',
      'text/html · 7bit · 9 bytes · utf-8',
      'text/plain · base64 · 28 bytes · minutes.txt (attachment)',
    ]);
  });

  it('says what is wrong with a part', () => {
    render(<MimeTree raw={encodeText('Content-Type: multipart/mixed\r\n\r\nx')} />);
    expect(screen.getByRole('region', { name: 'MIME structure' }).textContent).toContain('without a boundary');
  });

  it('reads no structure of a message too large for the page', () => {
    render(<MimeTree raw={new Uint8Array(5 * 1024 * 1024)} />);
    expect(screen.queryByRole('list', { name: 'MIME parts' })).toBeNull();
    expect(screen.getByRole('region', { name: 'MIME structure' }).textContent).toContain('too large');
  });

  it('writes sizes in bytes, KiB and MiB', () => {
    expect([formatSize(28), formatSize(2048), formatSize(3 * 1024 * 1024)]).toEqual(['28 bytes', '2.0 KiB', '3.0 MiB']);
  });
});
