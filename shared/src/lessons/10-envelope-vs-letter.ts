import { goal, headerAddresses } from './goals.js';
import type { Lesson } from './types.js';

export const envelopeVsLetter: Lesson = {
  id: 'envelope-vs-letter',
  kind: 'lesson',
  title: 'Envelope versus letter',
  goal: 'See why From: can differ from MAIL FROM, how Bcc works, and what stops spoofing.',
  setup: { personality: 'exim', scenario: 'catch-all' },
  steps: [
    {
      id: 'from',
      title: 'Two senders',
      instruction:
        'Send a letter whose `From:` header names someone other than your `MAIL FROM`: envelope from `bounces@client.thm`, letter `From: Alice <alice@client.thm>`.',
      goals: [
        goal('differs', 'Deliver a letter whose From: is not the envelope sender', (s) =>
          s.deliveries.some((d) => {
            const from = headerAddresses(d, 'from');
            return from.length > 0 && !from.includes(d.mailFrom.toLowerCase());
          }),
        ),
      ],
      hints: [
        "The envelope is MAIL FROM; the letter's From: is just a line you write after DATA.",
        'Send: EHLO client.thm, MAIL FROM:<bounces@client.thm>, RCPT TO:<bob@server.thm>, DATA, From: Alice <alice@client.thm>, Subject: Hi, an empty line, Hello, and a dot.',
      ],
      explanation:
        "Nothing in SMTP checks that they match: mailing lists and newsletters rely on it (bounces go to the list, replies to the author). It is also how spoofing works. **SPF** lets a domain list the servers that may use it in MAIL FROM; **DKIM** signs the letter; **DMARC** asks that the From: domain align with a domain that passed SPF or DKIM, and the domain's DMARC policy says what to do with mail that fails.",
    },
    {
      id: 'bcc',
      title: 'Blind copy',
      instruction: 'Now send one letter to two recipients, with only one of them in the `To:` header. The other gets it as a blind copy.',
      goals: [
        goal('bcc', 'Deliver to a recipient who is in no To: or Cc: header', (s) =>
          s.deliveries.some((d) => {
            // Whole addresses, not text: bob@server.thm in To: does not make b@server.thm visible.
            const visible = [...headerAddresses(d, 'to'), ...headerAddresses(d, 'cc')];
            return d.recipients.length >= 2 && d.recipients.some((r) => !visible.includes(r.toLowerCase()));
          }),
        ),
      ],
      hints: [
        'Two RCPT TO lines, but only one address in To:.',
        'Send: MAIL FROM:<alice@client.thm>, RCPT TO:<bob@server.thm>, RCPT TO:<carol@server.thm>, DATA, To: bob@server.thm, an empty line, Hi, and a dot.',
      ],
      explanation:
        'That is all Bcc is: a recipient on the envelope and not in the letter. A mail program removes the `Bcc:` header before sending. The Mailbox view shows the envelope beside the headers, so you can see who really got it.',
    },
  ],
  solution: [
    'EHLO client.thm',
    'MAIL FROM:<bounces@client.thm>',
    'RCPT TO:<bob@server.thm>',
    'DATA',
    'From: Alice <alice@client.thm>',
    'Subject: Hi',
    '',
    'Hello from the list.',
    '.',
    'MAIL FROM:<alice@client.thm>',
    'RCPT TO:<bob@server.thm>',
    'RCPT TO:<carol@server.thm>',
    'DATA',
    'From: alice@client.thm',
    'To: bob@server.thm',
    '',
    'Hi Bob.',
    '.',
  ],
};
