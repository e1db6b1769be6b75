import { answered, goal, saidHello } from './goals.js';
import type { Lesson } from './types.js';

export const theEnvelope: Lesson = {
  id: 'the-envelope',
  kind: 'lesson',
  title: 'The envelope',
  goal: 'Start a transaction with MAIL FROM: the return address.',
  setup: { personality: 'exim', scenario: 'catch-all' },
  steps: [
    {
      id: 'hello',
      title: 'Greet the clerk',
      instruction:
        'Say `EHLO client.thm` first. RFC 5321 4.1.4 makes that the client’s duty: a session that will carry mail must begin with a greeting. Servers differ in checking it: this one, like Exim, answers a MAIL before any greeting with `503`; Postfix by default does not check, and takes it.',
      goals: [saidHello],
      hints: ['EHLO and a name for your machine.', 'Type: EHLO client.thm'],
      explanation: 'You are at the counter. Now the envelope.',
    },
    {
      id: 'mail',
      title: 'The return address',
      instruction:
        '`MAIL FROM:` starts a message and gives the **return address**: where a bounce goes if delivery fails. The address goes in angle brackets, with no space after the colon: `MAIL FROM:<user@client.thm>`.',
      goals: [
        goal('mail', 'Give a return address in angle brackets and get 250', (s) =>
          answered(s, 'MAIL', 250, (e) => e.command?.verb === 'MAIL' && e.command.mailbox !== null && !e.command.leniencies.includes('no-angle-brackets')),
        ),
      ],
      hints: ['The form is MAIL FROM:<address>.', 'Type: MAIL FROM:<user@client.thm>'],
      explanation:
        'This is the envelope, not the letter: the server that finally puts the message in a mailbox writes it into a `Return-Path:` header. The envelope may even be empty, `MAIL FROM:<>`, which is how bounces are sent so they can never bounce back. Many servers accept a space after the colon or missing brackets; RFC 5321 asks for neither, and the transcript notes them.',
    },
  ],
  solution: ['EHLO client.thm', 'MAIL FROM:<user@client.thm>'],
};
