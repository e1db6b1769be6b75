import { decodeText, encodeText, Mailbox, postfix, scenarioById } from '@smtp-playground/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { forgetTabGreylist, SandboxConnection } from './sandbox-connection';

/** A connection to the in-tab greylisting sandbox, with what the server said so far. */
function greylisting() {
  const c = new SandboxConnection(new Mailbox(), postfix, scenarioById('greylisting').policy);
  let heard = '';
  c.subscribe((e) => {
    if (e.type === 'received') heard += decodeText(e.bytes);
  });
  c.open();
  const send = async (line: string) => {
    const before = heard.length;
    c.send(encodeText(`${line}\r\n`));
    await vi.advanceTimersByTimeAsync(0); // replies come on a microtask
    return heard.slice(before);
  };
  /** The reply to RCPT TO for the same triplet every time. */
  const tryTriplet = async () => {
    await send('RSET');
    await send('MAIL FROM:<a@client.thm>');
    return send('RCPT TO:<b@server.thm>');
  };
  return { c, send, tryTriplet };
}

beforeEach(() => {
  vi.useFakeTimers(); // Date.now() too: the greylist's clock
  forgetTabGreylist();
});
afterEach(() => vi.useRealTimers());

describe('SandboxConnection: the tab’s greylist', () => {
  it('outlives connections: a triplet deferred once passes on a later connection after the delay', async () => {
    const first = greylisting();
    await first.send('EHLO client.thm');
    expect(await first.tryTriplet()).toMatch(/^451 4\.7\.1 /);
    first.c.close();
    await vi.advanceTimersByTimeAsync(31_000);
    const later = greylisting();
    await later.send('EHLO client.thm');
    expect(await later.tryTriplet()).toMatch(/^250 /);
  });

  it('forgets every triplet when asked, so the lesson’s first 451 comes again, in an open session too', async () => {
    const first = greylisting();
    await first.send('EHLO client.thm');
    await first.tryTriplet();
    await vi.advanceTimersByTimeAsync(31_000);
    expect(await first.tryTriplet()).toMatch(/^250 /);
    forgetTabGreylist();
    expect(await first.tryTriplet()).toMatch(/^451 4\.7\.1 /); // the session already open sees it
    const next = greylisting();
    await next.send('EHLO client.thm');
    expect(await next.tryTriplet()).toMatch(/^451 4\.7\.1 /);
  });
});
