import { goal, pop3Fetched, pop3LoggedInAs } from './goals.js';
import type { Lesson } from './types.js';

export const topAndUidl: Lesson = {
  id: 'pop3-top-and-uidl',
  kind: 'lesson',
  title: 'TOP and UIDL',
  goal: 'Look at a message without downloading it, and learn its name that never changes.',
  setup: { personality: 'exim', scenario: 'catch-all', protocol: 'pop3' },
  steps: [
    {
      id: 'login',
      title: 'Open the box',
      instruction: 'Log in: `USER strategos`, then `PASS sandbox`.',
      goals: [goal('login', 'Log in as strategos', (s) => pop3LoggedInAs(s, 'strategos'))],
      hints: ['Name the box, then give its password.', 'Type: USER strategos, then PASS sandbox'],
      explanation: 'In. Both commands of this lesson are optional in POP3 (RFC 1939 7); CAPA lists `TOP` and `UIDL` where a server has them.',
    },
    {
      id: 'top',
      title: 'Peek with TOP',
      instruction: "`TOP 1 0` sends message 1's header, the blank line, and 0 lines of its body: enough to decide whether to fetch the rest.",
      goals: [
        goal('top', 'Fetch just the header with TOP 1 0', (s) =>
          (s.pop3?.retrieved ?? []).some((r) => r.command === 'TOP' && r.complete && r.bodyLines === 0 && r.headers.length > 0),
        ),
        goal('subject', 'See the Subject: without the body', (s) => pop3Fetched(s, 'TOP', 'Subject')),
      ],
      hints: ['TOP takes two numbers: the message, then how many body lines.', 'Type: TOP 1 0'],
      explanation:
        'On a slow line a mail client used this to show a list of subjects before downloading anything. `TOP 1 5` would add the first five lines of the body.',
    },
    {
      id: 'uidl',
      title: 'Unique-ids',
      instruction: "Ask for `UIDL`: each message's unique-id.",
      goals: [goal('uidl', 'List unique-ids with UIDL', (s) => Object.keys(s.pop3?.uidls ?? {}).length > 0)],
      hints: ['A four-letter command, no arguments.', 'Type: UIDL'],
      explanation:
        'Message numbers are only for this session: after a deletion, number 2 may become number 1 next time. A unique-id stays the same in every session (RFC 1939 7), so a client that leaves mail on the server remembers which ids it has already fetched. Here it is the queue id the SMTP server gave the message.',
    },
  ],
  solution: ['USER strategos', 'PASS sandbox', 'TOP 1 0', 'UIDL'],
};
