import { decodeText, encodeText, exim, Mailbox, postfix, scenarioById } from '@smtp-playground/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionEvent } from './connection';
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

/** A connection to the in-tab catch-all sandbox that keeps every event, and the mailbox behind it. */
function catchAll() {
  const mailbox = new Mailbox();
  const c = new SandboxConnection(mailbox, exim, scenarioById('catch-all').policy);
  const events: ConnectionEvent[] = [];
  c.subscribe((e) => events.push(e));
  c.open();
  const send = async (line: string) => {
    const from = events.length;
    c.send(encodeText(`${line}\r\n`));
    await vi.advanceTimersByTimeAsync(0); // replies come on a microtask
    return events.slice(from).map((e) => (e.type === 'received' ? decodeText(e.bytes) : e));
  };
  return { c, mailbox, events, send };
}

describe('SandboxConnection: STARTTLS', () => {
  it('acts on the session’s startTls by itself: the 220, then a simulated tls event, and the session goes on as over TLS', async () => {
    const { mailbox, send } = catchAll();
    expect((await send('EHLO client.thm')).join('')).toContain('250-STARTTLS');
    expect(await send('STARTTLS')).toEqual([
      expect.stringMatching(/^220 /),
      { type: 'tls', protocol: null, cipher: null, authorized: null, authorizationError: null, certificate: null, simulated: true },
    ]);
    // The session was told TLS started: EHLO no longer offers STARTTLS, and the trace header says ESMTPS.
    expect((await send('EHLO client.thm')).join('')).not.toContain('STARTTLS');
    for (const line of ['MAIL FROM:<a@client.thm>', 'RCPT TO:<b@server.thm>', 'DATA', 'Subject: over TLS\r\n\r\nHello.\r\n.']) await send(line);
    expect(decodeText(mailbox.list()[0]?.raw ?? new Uint8Array())).toMatch(/ with esmtps /i);
  });

  it('adds nothing when the page asks for the upgrade too, as it does for every connection', async () => {
    const { c, events, send } = catchAll();
    await send('EHLO client.thm');
    await send('STARTTLS');
    const after = events.length;
    c.startTls();
    await vi.advanceTimersByTimeAsync(0);
    expect(events.slice(after)).toEqual([]);
    expect(events.filter((e) => e.type === 'tls')).toHaveLength(1);
  });
});

describe('SandboxConnection: closing', () => {
  it('says closed once when the page hangs up as the server’s 221 arrives', async () => {
    const { c, events, send } = catchAll();
    c.subscribe((e) => {
      if (e.type === 'received' && decodeText(e.bytes).startsWith('221 ')) c.close();
    });
    await send('QUIT');
    expect(events.filter((e) => e.type === 'closed')).toEqual([{ type: 'closed', by: 'client', reason: 'You closed the connection.' }]);
  });
});
