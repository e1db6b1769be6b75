/**
 * Enhanced mail system status codes (RFC 3463, registry in RFC 5248): class.subject.detail.
 * RFC 3463 defines the class and subject in its section 2 and its codes in 3.1–3.8, one
 * section per subject; later RFCs add codes (X.5.6 and X.7.8 on in RFC 4954, X.1.10 in
 * RFC 7505), all listed in the registry RFC 5248 set up.
 * The class repeats the reply's first digit; the subject says which part of the
 * system the status is about; the detail pins it down. Each entry is explained in
 * plain words, for the codes the sandbox sends and the common ones real servers send.
 */

/** RFC 3463 2: the class. */
export const ENHANCED_CLASSES: Record<string, string> = {
  '2': 'Success: the action was done.',
  '4': 'Persistent transient failure: not now, but the same message may succeed later.',
  '5': 'Permanent failure: sending the same message again will fail again.',
};

/** RFC 3463 2: the subject. */
export const ENHANCED_SUBJECTS: Record<string, string> = {
  '0': 'Other or undefined status',
  '1': 'Addressing: about the sender or a recipient address',
  '2': 'Mailbox: about the recipient’s mailbox',
  '3': 'Mail system: about the receiving system',
  '4': 'Network and routing',
  '5': 'Mail delivery protocol: about the SMTP conversation itself',
  '6': 'Message content or media',
  '7': 'Security or policy',
};

export interface EnhancedCodeEntry {
  explain: string;
  rfc: string;
}

/** Subject.detail, without the class, each with the section that defines it. */
export const ENHANCED_DETAILS: Record<string, EnhancedCodeEntry> = {
  '0.0': { explain: 'Nothing more specific to say: see the text.', rfc: 'RFC 3463 3.1' },
  '1.0': { explain: 'Something about an address.', rfc: 'RFC 3463 3.2' },
  '1.1': { explain: 'The mailbox does not exist at the destination (bad mailbox address).', rfc: 'RFC 3463 3.2' },
  '1.2': { explain: 'The destination domain does not exist or does not take mail.', rfc: 'RFC 3463 3.2' },
  '1.3': { explain: 'The address is not syntactically valid.', rfc: 'RFC 3463 3.2' },
  '1.5': { explain: 'The destination address is valid.', rfc: 'RFC 3463 3.2' },
  '1.7': { explain: 'The sender’s address is malformed: its syntax is wrong.', rfc: 'RFC 3463 3.2' },
  '1.8': { explain: 'The sender’s domain is not valid.', rfc: 'RFC 3463 3.2' },
  '1.10': { explain: 'The recipient domain publishes a null MX: it takes no mail.', rfc: 'RFC 7505 4.1' },
  '2.0': { explain: 'Something about the mailbox.', rfc: 'RFC 3463 3.3' },
  '2.1': { explain: 'The mailbox is disabled and takes no messages.', rfc: 'RFC 3463 3.3' },
  '2.2': { explain: 'The mailbox is full.', rfc: 'RFC 3463 3.3' },
  '2.3': { explain: 'The message is larger than this mailbox takes.', rfc: 'RFC 3463 3.3' },
  '3.0': { explain: 'Something about the receiving system.', rfc: 'RFC 3463 3.4' },
  '3.1': { explain: 'The mail system is out of storage.', rfc: 'RFC 3463 3.4' },
  '3.2': { explain: 'The system is not accepting messages right now (shutting down, or busy).', rfc: 'RFC 3463 3.4' },
  '3.4': { explain: 'The message is larger than the system accepts.', rfc: 'RFC 3463 3.4' },
  '4.2': { explain: 'The connection was made, but broke before the transaction was done (a time-out, or a poor line).', rfc: 'RFC 3463 3.5' },
  '4.3': { explain: 'A directory server (such as DNS) failed.', rfc: 'RFC 3463 3.5' },
  '4.7': { explain: 'The message was too old to deliver: it waited in the queue too long.', rfc: 'RFC 3463 3.5' },
  '5.0': { explain: 'Something about the SMTP conversation.', rfc: 'RFC 3463 3.6' },
  '5.1': { explain: 'The command is out of order here, or not supported.', rfc: 'RFC 3463 3.6' },
  '5.2': { explain: 'The command could not be read: its syntax is wrong, or the command is unknown.', rfc: 'RFC 3463 3.6' },
  '5.3': { explain: 'Too many recipients for one message.', rfc: 'RFC 3463 3.6' },
  '5.4': { explain: 'An argument or parameter of the command is invalid.', rfc: 'RFC 3463 3.6' },
  // Not RFC 3463's: RFC 4954 defines it ("Authentication Exchange line is too long"), RFC 5248 registers it.
  '5.6': { explain: 'A line of the login exchange was longer than the server takes: the AUTH command failed.', rfc: 'RFC 4954 4, 6' },
  '6.0': { explain: 'Something about the message content.', rfc: 'RFC 3463 3.7' },
  '6.7': { explain: 'A non-ASCII address is not permitted here: SMTPUTF8 was not declared, or the server does not take it.', rfc: 'RFC 6531' },
  '7.0': { explain: 'A security or policy reason, such as needing to log in or start TLS.', rfc: 'RFC 3463 3.8' },
  '7.1': { explain: 'Not allowed: the sender is not authorized to send here (for example, relay denied).', rfc: 'RFC 3463 3.8' },
  '7.8': { explain: 'The login failed: wrong user name or password.', rfc: 'RFC 4954 6' },
  '7.9': { explain: 'That login mechanism is too weak for this server’s policy.', rfc: 'RFC 4954 6' },
  '7.11': { explain: 'This login mechanism may only be used over an encrypted connection (TLS).', rfc: 'RFC 4954 6' },
};

export interface EnhancedExplanation {
  code: string;
  class: string;
  subject: string;
  detail: string | null;
  rfc: string;
}

/**
 * Explains an enhanced status code such as "5.1.1", part by part. Unknown details
 * still get their class and subject explained.
 * @example explainEnhancedCode('5.7.1')?.detail // "Not allowed: ..."
 */
export function explainEnhancedCode(code: string): EnhancedExplanation | null {
  const m = /^([245])\.(\d{1,3})\.(\d{1,3})$/.exec(code);
  if (!m) return null;
  const [, cls, subject, detail] = m as unknown as [string, string, string, string];
  const entry = ENHANCED_DETAILS[`${subject}.${detail}`];
  return {
    code,
    class: ENHANCED_CLASSES[cls] as string,
    subject: ENHANCED_SUBJECTS[subject] ?? 'A subject not defined by RFC 3463',
    detail: entry?.explain ?? null,
    rfc: entry?.rfc ?? 'RFC 3463',
  };
}
