import { answered, goal } from './goals.js';
import type { Lesson } from './types.js';

export const whenTheClerkSaysNo: Lesson = {
  id: 'when-the-clerk-says-no',
  kind: 'lesson',
  title: 'When the clerk says no',
  goal: 'Read the three everyday refusals: 503 wrong order, 501 bad syntax, 550 no such user; and tell 4xx from 5xx.',
  setup: { personality: 'postfix', scenario: 'unknown-users' },
  steps: [
    {
      id: 'order',
      title: 'Out of order',
      instruction: 'Commands have an order: hello, envelope, letter. Break it on purpose: send `RCPT TO:<alice@example.com>` right now, before anything else.',
      goals: [goal('503', 'Get a 503 (bad sequence of commands)', (s) => s.exchanges.some((e) => e.code === 503))],
      hints: ['Any command that needs an earlier one will do.', 'Type: RCPT TO:<alice@example.com>'],
      explanation: '`503` means "not now, something must come first". The session is fine; send the missing command and go on.',
    },
    {
      id: 'syntax',
      title: 'Malformed',
      instruction: "Say `EHLO client.thm`, then give a return address the server can't read: `MAIL FROM:<alice@>` (no domain).",
      goals: [goal('501', 'Get a 501 (syntax error in the arguments)', (s) => answered(s, 'MAIL', 501))],
      hints: ['Say EHLO first, or you will get 503 again.', 'Type: EHLO client.thm, then MAIL FROM:<alice@>'],
      explanation:
        '`501` is about the arguments: the command itself was fine (`500` would have meant the server did not know it). The page explains what exactly was wrong with each one.',
    },
    {
      id: 'user',
      title: 'Nobody by that name',
      instruction: 'Now a proper `MAIL FROM:<you@client.thm>`, and a recipient who does not exist here: `RCPT TO:<carol@example.com>`.',
      goals: [goal('550', 'Get a 550 for an unknown user', (s) => answered(s, 'RCPT', 550))],
      hints: ['MAIL FROM with a whole address, then RCPT TO.', 'Type: MAIL FROM:<you@client.thm>, then RCPT TO:<carol@example.com>'],
      explanation:
        'The first digit is the verdict. **5xx** is permanent: sending the same again will fail again, so a mail program gives up and tells the sender. **4xx** is temporary (a full disk, greylisting, too many connections): it keeps the message and retries later. The enhanced code (`5.1.1`) says why: 1 = addressing, 1 = bad mailbox.',
    },
  ],
  solution: ['RCPT TO:<alice@example.com>', 'EHLO client.thm', 'MAIL FROM:<alice@>', 'MAIL FROM:<you@client.thm>', 'RCPT TO:<carol@example.com>'],
};
