import { delivered, goal, hasHeader, quit, recipientAccepted, saidHello, senderAccepted } from './goals.js';
import type { Lesson } from './types.js';

export const theWholeSession: Lesson = {
  id: 'the-whole-session',
  kind: 'lesson',
  title: 'The whole session',
  goal: 'Send an email by hand, from hello to goodbye, as with telnet.',
  setup: { personality: 'exim', scenario: 'catch-all' },
  steps: [
    {
      id: 'hello',
      title: 'Hello',
      instruction: 'This is the classic exercise: a whole email, typed by hand. Start with `HELO client.thm`.',
      goals: [saidHello],
      hints: ['HELO and your name.', 'Type: HELO client.thm'],
      explanation: 'The clerk knows your name.',
    },
    {
      id: 'envelope',
      title: 'Envelope',
      instruction: 'From `user@client.thm`, to `strategos@server.thm`.',
      goals: [senderAccepted, recipientAccepted],
      hints: ['MAIL FROM first, then RCPT TO.', 'Type: MAIL FROM:<user@client.thm>, then RCPT TO:<strategos@server.thm>'],
      explanation: 'Sender and recipient are on the envelope.',
    },
    {
      id: 'letter',
      title: 'Letter',
      instruction: 'Say `DATA`, then write `From:`, `To:` and `Subject:` headers, a blank line, a sentence, and a lone `.`.',
      goals: [
        delivered,
        goal('headers', 'Give the letter From:, To: and Subject: headers', (s) =>
          s.deliveries.some((d) => ['from', 'to', 'subject'].every((name) => hasHeader(d, name))),
        ),
      ],
      hints: [
        'After 354, the lines are the letter: three header lines, a blank line, the text, and a last line that is just a dot.',
        'Send: DATA, then From: user@client.thm, To: strategos@server.thm, Subject: Telnet email, an empty line, Hello!, and a line with a single dot.',
      ],
      explanation: 'Queued: the id after `250 OK` is your receipt.',
    },
    {
      id: 'quit',
      title: 'Goodbye',
      instruction: 'Leave with `QUIT`.',
      goals: [quit],
      hints: ['The word for goodbye.', 'Type: QUIT'],
      explanation:
        'That is the core of what a mail program says for you each time you press Send: HELO, MAIL FROM, RCPT TO, DATA, the letter, the dot, QUIT. Real ones say EHLO rather than HELO, and add STARTTLS and AUTH (lessons 12 to 14). Open the Mailbox to see what arrived, with the `Received:` header the server added.',
    },
  ],
  solution: [
    'HELO client.thm',
    'MAIL FROM:<user@client.thm>',
    'RCPT TO:<strategos@server.thm>',
    'DATA',
    'From: user@client.thm',
    'To: strategos@server.thm',
    'Subject: Telnet email',
    '',
    'Hello. I am using telnet to send you an email!',
    '.',
    'QUIT',
  ],
};
