import { goal, pop3Fetched, pop3LoggedInAs } from './goals.js';
import type { Lesson } from './types.js';

export const readYourLetter: Lesson = {
  id: 'pop3-read-your-letter',
  kind: 'lesson',
  title: 'Read the letter you sent',
  goal: 'Fetch the message you sent in lesson 7, and find what the servers added to it.',
  setup: { personality: 'exim', scenario: 'catch-all', protocol: 'pop3' },
  steps: [
    {
      id: 'login',
      title: 'Open the box',
      instruction: 'Log in as before: `USER strategos`, then `PASS sandbox`.',
      goals: [goal('login', 'Log in as strategos', (s) => pop3LoggedInAs(s, 'strategos'))],
      hints: ['Name the box, then give its password.', 'Type: USER strategos, then PASS sandbox'],
      explanation: 'Logged in: the maildrop is open, and its messages are numbered from 1.',
    },
    {
      id: 'retrieve',
      title: 'Take the letter out',
      instruction:
        '`LIST` numbers the letters, oldest first, so the letter of lesson 7 has the highest number (1 if it is the only one). Fetch it with `RETR` and that number. Look for your own `Subject: Telnet email`, and above it the lines you did not type: `Return-Path:` and `Received:`.',
      goals: [
        goal('subject', 'Fetch the message with Subject: Telnet email', (s) => pop3Fetched(s, 'RETR', 'Subject', (v) => v === 'Telnet email')),
        goal('received', 'See the Received: field the server added', (s) => pop3Fetched(s, 'RETR', 'Received')),
      ],
      hints: [
        'The command that retrieves takes the message number; LIST shows the numbers.',
        'Type: LIST, then RETR with the last number (RETR 1 when there is one letter)',
      ],
      explanation:
        'Your letter, byte for byte, with two fields on top that the SMTP server wrote when it accepted it: `Return-Path:` is the envelope sender (MAIL FROM), and `Received:` says who handed it over (your HELO name and address), when, and under which queue id. Each server on the way adds a `Received:` on top, so they read bottom-up. The final `.` ends the message (RFC 1939 5); a line of yours starting with a dot would have come with one more.',
    },
  ],
  solution: ['USER strategos', 'PASS sandbox', 'LIST', 'RETR 1'],
};
