import { describe, expect, it } from 'vitest';
import { sendOverSmtp } from '../../test/pop3-harness.js';
import { Mailbox } from '../server/mailbox.js';
import { Maildrops, maildropName } from './maildrops.js';

describe('Maildrops', () => {
  it('names a maildrop by the local part, in lower case', () => {
    expect(maildropName('Strategos@server.thm')).toBe('strategos');
    expect(maildropName('learner')).toBe('learner');
  });

  it('gives each recipient the messages sent to their local part, any domain, any case, oldest first', () => {
    const mailbox = new Mailbox();
    const first = sendOverSmtp(mailbox, 'a@client.thm', ['strategos@server.thm'], 'Subject: 1\r\n\r\none\r\n', 1);
    const second = sendOverSmtp(mailbox, 'a@client.thm', ['STRATEGOS@other.thm', 'bob@server.thm'], 'Subject: 2\r\n\r\ntwo\r\n', 2);
    const drops = new Maildrops(mailbox);
    expect(drops.list('strategos').map((m) => m.id)).toEqual([first, second]);
    expect(drops.list('Bob').map((m) => m.id)).toEqual([second]);
    expect(drops.list('nobody')).toEqual([]);
    expect(drops.list('')).toEqual([]);
  });

  it('hides what one user removed from that user only, and keeps it in the mailbox', () => {
    const mailbox = new Mailbox();
    const id = sendOverSmtp(mailbox, 'a@client.thm', ['strategos@server.thm', 'bob@server.thm'], 'Subject: 2\r\n\r\ntwo\r\n');
    const drops = new Maildrops(mailbox);
    drops.remove('strategos', [id]);
    expect(drops.list('strategos')).toEqual([]);
    expect(drops.list('bob').map((m) => m.id)).toEqual([id]);
    expect(mailbox.get(id)).toBeDefined();
  });

  it('forgets removals of messages the mailbox no longer holds', () => {
    const mailbox = new Mailbox();
    const id = sendOverSmtp(mailbox, 'a@client.thm', ['strategos@server.thm'], 'Subject: 1\r\n\r\none\r\n');
    const drops = new Maildrops(mailbox);
    drops.remove('strategos', [id]);
    mailbox.clear();
    drops.remove('strategos', ['gone']);
    mailbox.add({
      ...(drops as unknown as { mailbox: Mailbox }).mailbox.list()[0],
      id,
      mailFrom: '',
      rcptTo: ['strategos@x'],
      raw: new Uint8Array(1),
      size: 1,
      receivedAt: '',
      helo: '',
      clientAddress: '',
      protocol: 'local',
    });
    expect(drops.list('strategos').map((m) => m.id)).toEqual([id]);
  });
});
