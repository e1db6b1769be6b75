import { answered, goal, saidHello, senderAccepted } from './goals.js';
import type { Lesson } from './types.js';

export const recipients: Lesson = {
  id: 'recipients',
  kind: 'lesson',
  title: 'Recipients',
  goal: 'Name several recipients with RCPT TO, and see one refused.',
  setup: { personality: 'exim', scenario: 'unknown-users' },
  steps: [
    {
      id: 'start',
      title: 'Start a message',
      instruction:
        'This server is the mail server for `example.com`, where only alice and bob have mailboxes (and the postmaster, whom every mail domain must have). Say hello and give a return address.',
      goals: [saidHello, senderAccepted],
      hints: ['Two commands: EHLO, then MAIL FROM.', 'Type: EHLO client.thm, then MAIL FROM:<you@client.thm>'],
      explanation: 'A transaction is open. Now, who is it for?',
    },
    {
      id: 'two',
      title: 'Two recipients',
      instruction: 'Each recipient gets its own `RCPT TO:<address>` and its own reply. Name `alice@example.com` and `bob@example.com`.',
      goals: [
        goal(
          'two',
          'Get two recipients accepted',
          (s) => s.recipients.filter((r) => r.accepted).length >= 2 || s.deliveries.some((d) => d.recipients.length >= 2),
        ),
      ],
      hints: ['One RCPT TO line per recipient.', 'Type: RCPT TO:<alice@example.com>, then RCPT TO:<bob@example.com>'],
      explanation:
        'One letter, two recipients: the server makes one delivery to each. A mailing list can hand one copy to a server with hundreds of RCPT TO lines.',
    },
    {
      id: 'refused',
      title: 'One who does not live here',
      instruction: 'Now try `carol@example.com`, who has no mailbox here.',
      goals: [goal('unknown', 'Get a recipient refused with 550', (s) => answered(s, 'RCPT', 550))],
      hints: ['Same command, another address.', 'Type: RCPT TO:<carol@example.com>'],
      explanation:
        '`550` refuses this one recipient only: alice and bob are still on the envelope, and DATA will go to them. A refusal at RCPT time is the polite way: the sending side learns at once, and this server has no bounce to send.',
    },
  ],
  solution: ['EHLO client.thm', 'MAIL FROM:<you@client.thm>', 'RCPT TO:<alice@example.com>', 'RCPT TO:<bob@example.com>', 'RCPT TO:<carol@example.com>'],
};
