import { goal, pop3Answered, pop3LoggedInAs } from './goals.js';
import type { Lesson } from './types.js';

export const collectingMail: Lesson = {
  id: 'pop3-log-in-and-list',
  kind: 'lesson',
  title: 'Collecting mail: log in and list',
  goal: 'Open your PO box with POP3: show your key, then count the letters waiting.',
  setup: { personality: 'exim', scenario: 'catch-all', protocol: 'pop3' },
  steps: [
    {
      id: 'login',
      title: 'Show your key',
      instruction:
        'SMTP brought your letter to the post office; POP3 is how you collect it. This server greeted you with `+OK`: POP3 answers `+OK` or `-ERR`, no numbers. Say whose box it is with `USER strategos`, then give the password with `PASS sandbox` (every sandbox box opens with `sandbox`).',
      goals: [goal('login', 'Log in as strategos', (s) => pop3LoggedInAs(s, 'strategos'))],
      hints: ['Two commands: one names the box, the next gives its password.', 'Type: USER strategos, then PASS sandbox'],
      explanation:
        'You are in the TRANSACTION state (RFC 1939 5): the server has opened your maildrop and numbered its messages, 1 the oldest, for this session only. Until now you were in AUTHORIZATION (RFC 1939 4), where only a few commands work. `PASS` went in plain text: lesson 32 fixes that.',
    },
    {
      id: 'stat',
      title: 'Count the letters',
      instruction: 'Ask how much is waiting with `STAT`. The answer is two numbers: how many messages, and their size together in octets.',
      goals: [goal('stat', 'Get the maildrop count with STAT', (s) => pop3Answered(s, 'STAT') && (s.pop3?.count ?? 0) > 0)],
      hints: ['A four-letter command, no arguments.', 'Type: STAT'],
      explanation:
        'At least one message: the letter you sent in lesson 7, delivered to `strategos@server.thm` (and any other letter sent to strategos). Its size is counted with CRLF line ends, as it will be sent to you.',
    },
    {
      id: 'list',
      title: 'List them',
      instruction: 'Now `LIST`: one line per message, its number and its size, and a lone `.` to end the list.',
      goals: [goal('list', 'List the messages with LIST', (s) => Object.keys(s.pop3?.sizes ?? {}).length > 0)],
      hints: ['The command that lists.', 'Type: LIST'],
      explanation:
        'Lines after `+OK`, ended by a line with only a dot: that is a multi-line response (RFC 1939 3), the same ending SMTP uses for a letter. `LIST 1` would ask about message 1 alone, in one line.',
    },
  ],
  solution: ['USER strategos', 'PASS sandbox', 'STAT', 'LIST'],
};
