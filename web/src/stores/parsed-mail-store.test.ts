import { encodeText } from '@smtp-playground/shared';
import { describe, expect, it } from 'vitest';
import { messageBytesArrived, parsedEmail, useParsedMailStore } from './parsed-mail-store';

describe('parsed mail store', () => {
  it('reads a message once when its bytes arrive, and tells the view', async () => {
    const raw = encodeText('From: Ann <ann@client.test>\r\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n\r\nHello\r\n');
    const before = useParsedMailStore.getState().version;
    expect(parsedEmail(raw)).toBeNull();
    messageBytesArrived(raw);
    messageBytesArrived(raw); // the same bytes again: not read twice
    await new Promise<void>((resolve) => {
      const stop = useParsedMailStore.subscribe(() => {
        stop();
        resolve();
      });
    });
    expect(useParsedMailStore.getState().version).toBe(before + 1);
    expect(parsedEmail(raw)).toMatchObject({ subject: 'Grüße', from: { address: 'ann@client.test' }, text: 'Hello\n' });
  });
});
