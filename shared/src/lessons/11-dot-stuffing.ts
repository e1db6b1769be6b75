import { deliveredBodies, goal } from './goals.js';
import type { Lesson } from './types.js';

export const dotStuffing: Lesson = {
  id: 'dot-stuffing',
  kind: 'lesson',
  title: 'Dot-stuffing',
  goal: 'Send a body line that starts with a dot, and one that is only a dot, without ending the letter.',
  setup: { personality: 'exim', scenario: 'catch-all' },
  steps: [
    {
      id: 'leading',
      title: 'A line that starts with a dot',
      instruction:
        'A line with only `.` ends the letter. So how do you send a line that *starts* with a dot, such as `.profile`? The sender doubles it: `..profile`, and the server removes one. Deliver a letter with such a line.',
      goals: [goal('stuffed', 'Deliver a letter with a dot-stuffed line', (s) => s.deliveries.some((d) => d.letter.stuffedLines > 0))],
      hints: [
        'In the letter, type the line with two dots at the start.',
        'Send: EHLO client.thm, MAIL FROM:<a@client.thm>, RCPT TO:<b@server.thm>, DATA, Subject: dots, an empty line, ..profile, and a line with a single dot.',
      ],
      explanation:
        'RFC 5321 4.5.2: "Before sending a line of mail text, the SMTP client checks the first character of the line. If it is a period, one additional period is inserted at the beginning of the line." The server, in turn, drops the first dot of any line that starts with one and is not the lone end-of-letter dot. The page\'s letter editor does it for you; here you did it by hand.',
    },
    {
      id: 'lone',
      title: 'A line that is only a dot',
      instruction: 'Now a letter whose body has a line that is just `.`. Send it as `..`; the server stores `.`.',
      goals: [goal('lone', 'Deliver a letter with a line of just a dot in its body', (s) => deliveredBodies(s).some((lines) => lines.includes('.')))],
      hints: [
        'The same rule: double the dot.',
        'Send: MAIL FROM:<a@client.thm>, RCPT TO:<b@server.thm>, DATA, an empty line, above, .., below, and a line with a single dot.',
      ],
      explanation:
        'Forgetting this is a classic bug: the letter is cut at the lone dot, and whatever follows is read as commands. SMTP smuggling (lesson 16) plays on the same question: where does a letter end?',
    },
  ],
  solution: [
    'EHLO client.thm',
    'MAIL FROM:<a@client.thm>',
    'RCPT TO:<b@server.thm>',
    'DATA',
    'Subject: dots',
    '',
    '..profile',
    '.',
    'MAIL FROM:<a@client.thm>',
    'RCPT TO:<b@server.thm>',
    'DATA',
    '',
    'above',
    '..',
    'below',
    '.',
  ],
};
