/**
 * Compares a message's envelope (what SMTP delivered by) with its headers, as
 * postal-mime read them (what the reader sees): where they differ is one of the most
 * useful things to learn about email.
 */
import type { StoredMessage } from '@smtp-playground/shared';
import type { Email } from 'postal-mime';

export interface EnvelopeComparison {
  /** MAIL FROM differs from the From: header. */
  senderDiffers: boolean;
  /** RCPT TO addresses that no To: or Cc: header names: Bcc, in effect. */
  hiddenRecipients: string[];
  /** Header addresses that were never an RCPT TO: shown, but not delivered here. */
  notDelivered: string[];
}

/** What reading a message needs: the tab's stored messages and the relay's fetched ones both have it. */
export type MessageBytes = Pick<StoredMessage, 'id' | 'mailFrom' | 'rcptTo' | 'raw'>;

const addresses = (list: Email['to']): string[] =>
  (list ?? [])
    .flatMap((a) => ('group' in a && a.group ? a.group.map((g) => g.address ?? '') : [a.address ?? '']))
    .filter(Boolean)
    .map((a) => a.toLowerCase());

export function compareEnvelope(m: MessageBytes, email: Email): EnvelopeComparison {
  const from = email.from?.address?.toLowerCase() ?? '';
  const shown = [...addresses(email.to), ...addresses(email.cc)];
  const rcpt = m.rcptTo.map((r) => r.toLowerCase());
  return {
    senderDiffers: from !== m.mailFrom.toLowerCase(),
    hiddenRecipients: rcpt.filter((r) => !shown.includes(r)),
    notDelivered: shown.filter((a) => !rcpt.includes(a)),
  };
}
