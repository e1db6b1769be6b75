import { dataStarted, goal, recipientAccepted, saidHello, senderAccepted } from './goals.js';
import type { Lesson } from './types.js';

export const theLetter: Lesson = {
  id: 'the-letter',
  kind: 'lesson',
  title: 'The letter',
  goal: 'Hand over a letter with DATA: headers, a blank line, the body and a lone dot.',
  setup: { personality: 'exim', scenario: 'catch-all' },
  steps: [
    {
      id: 'envelope',
      title: 'Address the envelope',
      instruction: 'Say hello, give a return address, and name one recipient.',
      goals: [saidHello, senderAccepted, recipientAccepted],
      hints: ['EHLO, MAIL FROM, RCPT TO: one line each.', 'Type: EHLO client.thm, MAIL FROM:<user@client.thm>, RCPT TO:<strategos@server.thm>'],
      explanation: 'The envelope is ready. Now the letter itself.',
    },
    {
      id: 'data',
      title: 'DATA',
      instruction: 'Say `DATA`. The server answers `354`: a 3xx code means "go on, I am listening".',
      goals: [dataStarted],
      hints: ['One word.', 'Type: DATA'],
      explanation: 'From now on every line you send is part of the letter, not a command, until a line with only a dot.',
    },
    {
      id: 'letter',
      title: 'Write and seal it',
      instruction:
        'A letter has **headers** (`Subject: Hello`, `From: …`, `To: …`), then **one blank line**, then the **body**. End it with a line holding only `.`: that is how the server knows the letter is complete.',
      goals: [
        goal('headers', 'Write at least one header and a body after a blank line', (s) =>
          s.deliveries.some((d) => d.letter.headers.length > 0 && d.letter.body.trim() !== ''),
        ),
      ],
      hints: [
        'Subject: and From: are headers; the blank line separates them from the text.',
        'Send: Subject: Hello, From: user@client.thm, an empty line, Hi there!, then a line with a single dot.',
      ],
      explanation:
        'The `250` carries a queue id: your receipt. The server has taken responsibility for the letter (RFC 5321 says it must not lose it now). Headers are part of the letter, not the envelope: the server delivers by RCPT TO, whatever `To:` says.',
    },
  ],
  solution: [
    'EHLO client.thm',
    'MAIL FROM:<user@client.thm>',
    'RCPT TO:<strategos@server.thm>',
    'DATA',
    'Subject: Hello',
    'From: user@client.thm',
    '',
    'Hi there!',
    '.',
  ],
};
