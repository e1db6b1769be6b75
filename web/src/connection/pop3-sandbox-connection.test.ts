import { decodeText, encodeText, Mailbox, Maildrops } from '@smtp-playground/shared';
import { describe, expect, it } from 'vitest';
import { storedMessage } from '../testing/messages';
import type { ConnectionEvent } from './connection';
import { Pop3SandboxConnection } from './pop3-sandbox-connection';

const flush = () => new Promise((r) => setTimeout(r, 0));

/** A POP3 connection over a mailbox holding one letter for strategos, with what it heard. */
function connected() {
  const mailbox = new Mailbox();
  mailbox.add({ ...storedMessage('m1', encodeText('Subject: Hello\r\n\r\nHi there\r\n.dotted\r\n')), rcptTo: ['strategos@server.thm'] });
  const c = new Pop3SandboxConnection(new Maildrops(mailbox));
  const events: ConnectionEvent[] = [];
  let heard = '';
  c.subscribe((e) => {
    events.push(e);
    if (e.type === 'received') heard += decodeText(e.bytes);
  });
  c.open();
  const send = async (line: string) => {
    const before = heard.length;
    c.send(encodeText(`${line}\r\n`));
    await flush();
    return heard.slice(before);
  };
  return { c, events, send, heard: () => heard, mailbox };
}

describe('Pop3SandboxConnection', () => {
  it('greets with Dovecot’s +OK and says it speaks POP3, simulated', async () => {
    const { c, heard, events } = connected();
    await flush();
    expect(heard()).toBe('+OK Dovecot ready.\r\n');
    expect(events[0]).toEqual({ type: 'opened' });
    expect(c.protocol).toBe('pop3');
    expect(c.simulated).toBe(true);
  });

  it('opens strategos’s maildrop with the password sandbox, lists and retrieves the letter, dot-stuffed', async () => {
    const { send } = connected();
    await flush();
    expect(await send('USER strategos')).toMatch(/^\+OK/);
    expect(await send('PASS sandbox')).toBe('+OK Logged in.\r\n');
    expect(await send('LIST')).toMatch(/^\+OK 1 messages:\r\n1 \d+\r\n\.\r\n$/);
    const retr = await send('RETR 1');
    expect(retr).toContain('Subject: Hello\r\n\r\nHi there\r\n..dotted\r\n.\r\n');
  });

  it('simulates STLS as the SMTP sandbox does STARTTLS: +OK, then a tls event that says simulated', async () => {
    const { send, events } = connected();
    await flush();
    expect(await send('STLS')).toMatch(/^\+OK Begin TLS negotiation now\./);
    await flush();
    expect(events.find((e) => e.type === 'tls')).toMatchObject({ type: 'tls', simulated: true, protocol: null });
    expect(await send('CAPA')).not.toContain('STLS');
  });

  it('closes after QUIT, and only QUIT removes what DELE marked', async () => {
    const first = connected();
    await flush();
    await first.send('USER strategos');
    await first.send('PASS sandbox');
    await first.send('DELE 1');
    first.c.close(); // lost: nothing removed
    const drops = new Maildrops(first.mailbox);
    expect(drops.list('strategos')).toHaveLength(1);
    const again = new Pop3SandboxConnection(drops);
    let heard = '';
    again.subscribe((e) => {
      if (e.type === 'received') heard += decodeText(e.bytes);
      if (e.type === 'closed') heard += `[closed by ${e.by}]`;
    });
    again.open();
    for (const line of ['USER strategos', 'PASS sandbox', 'DELE 1', 'QUIT']) {
      again.send(encodeText(`${line}\r\n`));
      await flush();
    }
    expect(heard).toMatch(/\+OK Logging out, messages deleted\.\r\n\[closed by server\]$/);
    expect(drops.list('strategos')).toHaveLength(0);
    again.send(encodeText('NOOP\r\n'));
  });

  it('says so when sent to after closing', async () => {
    const { c, events } = connected();
    c.close();
    c.send(encodeText('NOOP\r\n'));
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'not-connected' });
  });
});
