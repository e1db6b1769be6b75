/**
 * A bounce: the delivery status notification (DSN) a server sends when a message it
 * accepted with 250 cannot be delivered after all (RFC 5321 6.1). It is a message of
 * its own, from the null sender <> to the original's MAIL FROM, and is never sent for
 * a message whose sender was <> already: that is what stops two servers bouncing
 * bounces at each other for ever (RFC 5321 4.5.5, 6.1).
 *
 * Its body is a multipart/report (RFC 6522) with report-type=delivery-status (RFC 3464
 * 2), in three parts:
 *   1. text/plain: what happened, for a person;
 *   2. message/delivery-status: the same for a program. Per message: Reporting-MTA
 *      and Arrival-Date; then per recipient: Final-Recipient, Action, Status (an RFC
 *      3463 code), Remote-MTA and Diagnostic-Code (the reply the next server gave);
 *   3. text/rfc822-headers: the original's header block.
 *
 * The story the sandbox tells (the 'later-bounce' scenario): it is a gateway that
 * accepts every recipient at RCPT, as a backup MX or a filter in front of the real
 * mailbox server often does for want of the user list, and the mailbox server behind
 * it, mailstore.server.thm, then refuses the unknown ones. The words are each
 * personality's: its From:, Subject: and opening text, as Exim 4.95's and Postfix's
 * default bounce templates write them.
 *
 * Simplifications, said plainly: the sandbox returns the original's headers only
 * (what RET=HDRS asks for; both real servers return the whole message by default),
 * and it bounces at once, where a real server bounces when its delivery attempt fails.
 */
import { concatBytes, decodeText, encodeText } from '../protocol/bytes.js';
import { headerBlock } from '../protocol/header-block.js';
import type { StoredMessage } from './mailbox.js';
import type { Personality } from './personality.js';
import { formatDate } from './trace.js';

/** The server behind the gateway that refuses unknown users, and its address (a documentation one, RFC 5737). */
export const MAILSTORE = { name: 'mailstore.server.thm', address: '198.51.100.26' };

/** What the mailbox server said to a recipient it does not know: 550 5.1.1 (RFC 3463: bad destination mailbox address). */
const refusal = (address: string) => `550 5.1.1 <${address}>: Recipient address rejected: User unknown`;

/**
 * Why one recipient failed: the next server's refusal (which server, its reply, and
 * whether it came to RCPT TO or to the letter's end), or, where no server was asked
 * (a null MX, RFC 7505), the reporting server's own reason.
 */
export interface BounceFailure {
  address: string;
  /** The RFC 3463 code for the report's Status: field. */
  status: string;
  remote: { name: string; address: string; reply: string; after: 'rcpt' | 'data' } | null;
  /** Without a remote server: why, in the reporting server's words. */
  reason?: string;
}

/** A recipient the mailbox server behind the gateway does not know (the 'later-bounce' scenario). */
function unknownAtMailstore(address: string): BounceFailure {
  return { address, status: '5.1.1', remote: { ...MAILSTORE, reply: refusal(address), after: 'rcpt' } };
}

/** What differs between the personalities' bounces. */
interface BounceWording {
  from: (host: string) => string;
  subject: string;
  /** Extra headers this server adds (Exim names the failed addresses). */
  extraHeaders: (failed: readonly string[]) => string[];
  messageId: (id: string, ms: number, host: string) => string;
  /** The trace header a locally made message gets: no client, no HELO. */
  received: (host: string, id: string, to: string, date: string) => string;
  /** The notification for a person. */
  text: (host: string, failed: readonly BounceFailure[]) => string;
  boundary: (id: string, ms: number, host: string) => string;
}

const compactDate = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);

const WORDING: Record<Personality['id'], BounceWording> = {
  exim: {
    from: (host) => `Mail Delivery System <Mailer-Daemon@${host}>`,
    subject: 'Mail delivery failed: returning message to sender',
    extraHeaders: (failed) => [`X-Failed-Recipients: ${failed.join(', ')}`],
    messageId: (id, _ms, host) => `<E${id}@${host}>`,
    // Debian's Exim makes bounces as its own user, Debian-exim, "with local".
    received: (host, id, to, date) => `Received: from Debian-exim by ${host} with local (Exim 4.95)\r\n\tid ${id}\r\n\tfor ${to}; ${date}`,
    text: (_host, failed) =>
      [
        'This message was created automatically by mail delivery software.',
        '',
        'A message that you sent could not be delivered to one or more of its',
        'recipients. This is a permanent error. The following address(es) failed:',
        '',
        ...failed.flatMap(({ address, remote, reason }) =>
          remote
            ? [
                `  ${address}`,
                `    host ${remote.name} [${remote.address}]`,
                `    SMTP error from remote mail server after ${remote.after === 'rcpt' ? `RCPT TO:<${address}>` : 'end of data'}:`,
                `    ${remote.reply}`,
              ]
            : [`  ${address}`, `    ${reason ?? ''}`],
        ),
      ].join('\r\n'),
    boundary: (id, ms) => `${id}-eximdsn-${Math.floor(ms / 1000)}`,
  },
  postfix: {
    from: (host) => `MAILER-DAEMON@${host} (Mail Delivery System)`,
    subject: 'Undelivered Mail Returned to Sender',
    extraHeaders: () => [],
    messageId: (id, ms, host) => `<${compactDate(ms)}.${id}@${host}>`,
    received: (host, id, _to, date) => `Received: by ${host} (Postfix)\r\n\tid ${id}; ${date} (UTC)`,
    text: (host, failed) =>
      [
        `This is the mail system at host ${host}.`,
        '',
        "I'm sorry to have to inform you that your message could not",
        "be delivered to one or more recipients. It's attached below.",
        '',
        'For further assistance, please send mail to postmaster.',
        '',
        'If you do so, please include this problem report. You can',
        'delete your own text from the attached returned message.',
        '',
        '                   The mail system',
        '',
        ...failed.map(({ address, remote, reason }) =>
          remote
            ? `<${address}>: host ${remote.name}[${remote.address}] said: ${remote.reply} (in reply to ${remote.after === 'rcpt' ? 'RCPT TO' : 'end of DATA'} command)`
            : `<${address}>: ${reason ?? ''}`,
        ),
      ].join('\r\n'),
    boundary: (id, ms, host) => `${id}.${Math.floor(ms / 1000)}/${host}`,
  },
};

export interface BounceRequest {
  /** The message that could not be delivered, as it was stored (trace headers first). */
  original: Pick<StoredMessage, 'mailFrom' | 'raw' | 'receivedAt'>;
  /** The recipients it could not be delivered to: an address alone is one the mailbox server behind the gateway does not know. */
  failed: readonly (string | BounceFailure)[];
  personality: Personality['id'];
  /** The reporting server's name (the sandbox's hostname). */
  host: string;
  /** The bounce's own queue id, and the time it is made (epoch ms). */
  id: string;
  ms: number;
}

/**
 * The bounce for `failed` recipients of `original`, as a message to store: from <> to
 * the original's sender. Null when there must be none: the original's sender was <>
 * (RFC 5321 6.1: "if this address is null, the receiver-SMTP MUST NOT send a
 * notification"), or no recipient failed.
 *
 * @example bounceMessage({ original, failed: ['nobody@server.thm'], personality: 'exim', host: 'example.thm', id, ms })?.mailFrom // ''
 */
export function bounceMessage(r: BounceRequest): StoredMessage | null {
  if (r.original.mailFrom === '' || r.failed.length === 0) return null;
  const failed = r.failed.map((f) => (typeof f === 'string' ? unknownAtMailstore(f) : f));
  const w = WORDING[r.personality];
  const to = r.original.mailFrom;
  const date = formatDate(r.ms);
  const boundary = w.boundary(r.id, r.ms, r.host);
  const head = r.original.raw.subarray(0, headerBlock(r.original.raw).length);
  const headers = [
    'Return-Path: <>',
    w.received(r.host, r.id, to, date),
    `From: ${w.from(r.host)}`,
    `To: ${to}`,
    `Subject: ${w.subject}`,
    `Date: ${date}`,
    `Message-Id: ${w.messageId(r.id, r.ms, r.host)}`,
    // RFC 3834: made by a program, so no program should answer it.
    'Auto-Submitted: auto-replied',
    ...w.extraHeaders(failed.map((f) => f.address)),
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary="${boundary}"`,
  ];
  const status = [
    `Reporting-MTA: dns; ${r.host}`,
    `Arrival-Date: ${formatDate(Date.parse(r.original.receivedAt))}`,
    ...failed.flatMap(({ address, status, remote }) => [
      '',
      `Final-Recipient: rfc822; ${address}`,
      'Action: failed',
      `Status: ${status}`,
      ...(remote ? [`Remote-MTA: dns; ${remote.name}`, `Diagnostic-Code: smtp; ${remote.reply}`] : []),
    ]),
  ];
  const before = [
    ...headers,
    '',
    'This is a MIME-encapsulated message.',
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    'Content-Description: Notification',
    '',
    w.text(r.host, failed),
    '',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    'Content-Description: Delivery report',
    '',
    ...status,
    '',
    `--${boundary}`,
    'Content-Type: text/rfc822-headers',
    'Content-Description: Undelivered Message Headers',
    '',
    '',
  ].join('\r\n');
  // The original's header block, as it was stored: its own line endings, its own bytes.
  const after = `${decodeText(head).endsWith('\n') ? '' : '\r\n'}\r\n--${boundary}--\r\n`;
  const raw = concatBytes([encodeText(before), head, encodeText(after)]);
  return {
    id: r.id,
    mailFrom: '',
    rcptTo: [to],
    raw,
    size: raw.length,
    receivedAt: new Date(r.ms).toISOString(),
    helo: '',
    clientAddress: '127.0.0.1',
    protocol: 'local',
  };
}
