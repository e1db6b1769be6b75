/**
 * The POP3 sandbox against real Dovecot: dialogues recorded from Debian 12's Dovecot
 * 2.3.19.1 (fixtures/pop3-dovecot.json), their client lines replayed through the
 * sandbox one at a time, byte for byte the same answers. Two differences are by
 * design: Debian's greeting says "Dovecot (Debian) ready." (upstream's default is the
 * sandbox's), and a unique-id is Dovecot's own (%08Xu%08Xv) where the sandbox uses the
 * message's queue id.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Maildrops } from '../src/pop3/maildrops.js';
import { uidlOf } from '../src/pop3/retrieval.js';
import { Pop3Session } from '../src/pop3/session.js';
import { decodeText, encodeText } from '../src/protocol/bytes.js';
import { Mailbox } from '../src/server/mailbox.js';
import { Session } from '../src/server/session.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/pop3-dovecot.json', import.meta.url), 'utf8')) as {
  dialogues: Record<string, { lines: string[]; real: string }>;
};

/** The maildrop the recording had: lesson 7's message (and a stuffed line) as the SMTP sandbox stored it. */
function recordedMailbox(): Mailbox {
  const mailbox = new Mailbox();
  const smtp = new Session({ mailbox, clock: () => Date.UTC(2026, 10, 25, 9), random: () => 0.5, client: { address: '127.0.0.1', name: 'localhost' } });
  smtp.start();
  const lines = ['HELO client.thm', 'MAIL FROM:<user@client.thm>', 'RCPT TO:<strategos@server.thm>', 'DATA'];
  const letter = [
    'From: user@client.thm',
    'To: strategos@server.thm',
    'Subject: Telnet email',
    '',
    'Hello. I am using telnet to send you an email!',
    '..a stuffed line',
    'last',
    '.',
  ];
  for (const l of [...lines, ...letter, 'QUIT']) smtp.receive(encodeText(`${l}\r\n`));
  return mailbox;
}

describe('Pop3Session against real Dovecot 2.3.19.1', () => {
  const mailbox = recordedMailbox();
  const uid = uidlOf((mailbox.list()[0] as { id: string }).id);

  it('holds the message the recording served (390 octets)', () => {
    expect(mailbox.list()[0]?.raw.length).toBe(390);
    expect(Object.keys(fixture.dialogues).length).toBeGreaterThanOrEqual(10);
  });

  for (const [name, { lines, real }] of Object.entries(fixture.dialogues)) {
    it(`answers the "${name}" dialogue as Dovecot did`, () => {
      const session = new Pop3Session({ maildrops: new Maildrops(mailbox), clock: () => 0, random: () => 0.5 });
      let ours = decodeText(session.start().output);
      for (const l of lines) {
        if (session.state === 'closed') break;
        ours += decodeText(session.receive(encodeText(`${l}\r\n`)).output);
      }
      expect(ours).toBe(real.replace('+OK Dovecot (Debian) ready.', '+OK Dovecot ready.').replaceAll('000000016b156729', uid));
    });
  }
});
