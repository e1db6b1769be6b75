import { goal, quit } from './goals.js';
import type { Lesson } from './types.js';

export const whatNext: Lesson = {
  id: 'what-next',
  kind: 'lesson',
  title: 'What next: the journey of a message',
  goal: 'Follow a message from mail program to mailbox, and see the Received: header grow.',
  setup: { personality: 'exim', scenario: 'catch-all' },
  steps: [
    {
      id: 'hop',
      title: 'One more hop',
      instruction:
        "A message travels: your mail program (**MUA**) hands it to your provider's submission server (**MSA**: port 587 with STARTTLS, or 465 with TLS, and AUTH). The provider's **MTA** looks up the **MX** record of the recipient's domain (without one, its address record) and passes the message to that server over port 25, sometimes through a few relays of its own. The last server delivers it into a mailbox, where the recipient's program reads it with **IMAP** or **POP3**: SMTP only carries mail towards the mailbox, never out of it.\n\nEvery server that receives the message adds a `Received:` header at the top, above the ones already there (RFC 5321 4.4). Play the previous hop: deliver a letter that already carries one, e.g. `Received: from laptop.client.thm by msa.client.thm; Wed, 25 Nov 2026 10:00:00 +0000`.",
      goals: [
        goal('received', 'Deliver a letter that already has a Received: header', (s) =>
          s.deliveries.some((d) => d.letter.headers.some((h) => h.name.toLowerCase() === 'received')),
        ),
      ],
      hints: [
        'Headers come first after DATA; Received: is a header like any other.',
        'Send: EHLO msa.client.thm, MAIL FROM:<a@client.thm>, RCPT TO:<b@server.thm>, DATA, Received: from laptop.client.thm by msa.client.thm; Wed, 25 Nov 2026 10:00:00 +0000, Subject: hops, an empty line, Hi, and a dot.',
      ],
      explanation:
        'Open the Mailbox: the sandbox put its own `Received:` above yours. Read from the bottom up, the `Received:` headers are the route. Mail clients show them as "view source"; they are the first thing to read when mail goes missing.',
    },
    {
      id: 'leave',
      title: 'Goodbye',
      instruction: 'Say `QUIT`. You have now spoken the commands a mail program uses every day. Try the challenges next, or point the relay at a real server.',
      goals: [quit],
      hints: ['The same goodbye as in lesson 6.', 'Type: QUIT'],
      explanation: 'Well done. Everything else (DKIM signatures, bounces, mailing lists) travels over these same few commands.',
    },
  ],
  solution: [
    'EHLO msa.client.thm',
    'MAIL FROM:<a@client.thm>',
    'RCPT TO:<b@server.thm>',
    'DATA',
    'Received: from laptop.client.thm by msa.client.thm; Wed, 25 Nov 2026 10:00:00 +0000',
    'Subject: hops',
    '',
    'Hi',
    '.',
    'QUIT',
  ],
};
