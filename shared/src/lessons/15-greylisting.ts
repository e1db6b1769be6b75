import { answered, delivered, goal } from './goals.js';
import type { Lesson } from './types.js';

export const greylisting: Lesson = {
  id: 'greylisting',
  kind: 'lesson',
  title: 'Greylisting and retries',
  goal: 'Meet a 451, and get past it the way a mail program does: by trying again later.',
  setup: { personality: 'postfix', scenario: 'greylisting' },
  steps: [
    {
      id: 'deferred',
      title: 'Not now',
      instruction: 'Say `EHLO client.thm`, `MAIL FROM:<a@client.thm>` and `RCPT TO:<b@server.thm>`.',
      goals: [goal('451', 'Get 451 4.7.1 at RCPT TO', (s) => answered(s, 'RCPT', 451))],
      hints: ['Three commands, as at the start of any message.', 'Type: EHLO client.thm, MAIL FROM:<a@client.thm>, RCPT TO:<b@server.thm>'],
      explanation:
        'A **4xx** is a failure, but a transient one (RFC 5321 4.2.1, "Transient Negative Completion"): the command was refused, and the same command may succeed later. So the client must keep the message in its queue and retry, waiting between tries (RFC 5321 4.5.4.1). Greylisting remembers each (client address, sender, recipient) triplet it sees, and refuses a new one with 451 until a set delay has passed since its first try; every retry before then gets 451 again. Real mail programs queue and retry; many spam programs never come back.',
    },
    {
      id: 'retry',
      title: 'Come back later',
      instruction:
        "Wait 30 seconds, like a mail program's retry queue (the real ones wait minutes). Then, in a new connection or this one, send the same `MAIL FROM` and `RCPT TO` again, and deliver a letter.",
      goals: [goal('accepted', 'Get the same recipient accepted after waiting', (s) => answered(s, 'RCPT', 250)), delivered],
      hints: [
        'RSET first if a transaction is still open, or reconnect. Send exactly the same addresses: another sender or recipient is a new triplet, with a new wait.',
        'Type: QUIT; wait 30 seconds; press Connect (a new connection); then EHLO client.thm, MAIL FROM:<a@client.thm>, RCPT TO:<b@server.thm>, DATA, Subject: retry, an empty line, Hi, and a dot.',
      ],
      explanation:
        'The server recognised the triplet and let it through. This costs legitimate mail a delay on first contact only; that is the trade greylisting makes (RFC 6647).',
    },
  ],
  solution: [
    'EHLO client.thm',
    'MAIL FROM:<a@client.thm>',
    'RCPT TO:<b@server.thm>',
    'QUIT',
    { waitSeconds: 31 },
    { reconnect: true },
    'EHLO client.thm',
    'MAIL FROM:<a@client.thm>',
    'RCPT TO:<b@server.thm>',
    'DATA',
    'Subject: retry',
    '',
    'Hi',
    '.',
  ],
};
