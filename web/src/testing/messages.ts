/** Messages for tests: a stored one (what a session hands the mailbox) and a listing's summary. */
import type { MessageSummary, StoredMessage } from '@smtp-playground/shared';

/** A message as the tab's mailbox stores it, from ann@client.test to bob@server.test. */
export function storedMessage(id: string, raw: Uint8Array): StoredMessage {
  return {
    id,
    mailFrom: 'ann@client.test',
    rcptTo: ['bob@server.test'],
    raw,
    size: raw.length,
    receivedAt: '',
    helo: 'client.test',
    clientAddress: '127.0.0.1',
    protocol: 'ESMTP',
  };
}

/** A listing's summary with the subject "S id". */
export function summary(id: string): MessageSummary {
  return { id, mailFrom: 'a@b.test', rcptTo: ['c@d.test'], size: 10, receivedAt: '', subject: `S ${id}`, from: '', to: '', date: '' };
}
