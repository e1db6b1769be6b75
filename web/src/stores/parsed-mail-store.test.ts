import { encodeText } from '@smtp-playground/shared';
import { describe, expect, it } from 'vitest';
import { messageOpened, parsedEmail, READ_LIMITS, readingOf, tooLargeToRead, useParsedMailStore } from './parsed-mail-store';

describe('parsed mail store', () => {
  it('reads a message once when its bytes arrive, and tells the view', async () => {
    const raw = encodeText('From: Ann <ann@client.test>\r\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n\r\nHello\r\n');
    const before = useParsedMailStore.getState().version;
    expect(parsedEmail(raw)).toBeNull();
    messageOpened(raw);
    messageOpened(raw); // the same bytes again: not read twice
    await new Promise<void>((resolve) => {
      const stop = useParsedMailStore.subscribe(() => {
        stop();
        resolve();
      });
    });
    expect(useParsedMailStore.getState().version).toBe(before + 1);
    expect(parsedEmail(raw)).toMatchObject({ subject: 'Grüße', from: { address: 'ann@client.test' }, text: 'Hello\n' });
  });

  it('does not read a message over its limits, and says which limit', () => {
    expect(tooLargeToRead(new Uint8Array(12_000_000))).toBe('It is 11.4 MiB; the page reads messages of up to 4.0 MiB.');
    const manyLines = encodeText(`Subject: lines\r\n\r\n${'x\r\n'.repeat(READ_LIMITS.maxLines)}`);
    expect(manyLines.length).toBeLessThan(READ_LIMITS.maxBytes);
    expect(tooLargeToRead(manyLines)).toBe('It has more than 50,000 lines; the page reads messages of up to that many.');
    expect(tooLargeToRead(encodeText(`Subject: fine\r\n\r\n${'x\r\n'.repeat(1000)}`))).toBeNull();
    const version = useParsedMailStore.getState().version;
    messageOpened(manyLines);
    expect(readingOf(manyLines)).toEqual({ status: 'too-large', why: expect.stringContaining('50,000 lines') });
    expect(parsedEmail(manyLines)).toBeNull();
    expect(useParsedMailStore.getState().version).toBe(version + 1);
  });
});
