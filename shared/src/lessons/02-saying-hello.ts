import { answered, goal } from './goals.js';
import type { Lesson } from './types.js';

export const sayingHello: Lesson = {
  id: 'saying-hello',
  kind: 'lesson',
  title: 'Saying hello',
  goal: 'Introduce yourself with HELO and EHLO, and read the extension list.',
  setup: { personality: 'exim', scenario: 'catch-all' },
  steps: [
    {
      id: 'helo',
      title: 'HELO',
      instruction: 'Before anything else, the client says who it is: `HELO` and its own host name. Greet the server as `client.thm`.',
      goals: [goal('helo', 'Say HELO with a name and get 250', (s) => answered(s, 'HELO', 250))],
      hints: ["HELO takes one argument: your machine's name.", 'Type: HELO client.thm'],
      explanation: 'The server greets you back by name. HELO is the 1982 greeting (RFC 821): plain SMTP, no extensions.',
    },
    {
      id: 'ehlo',
      title: 'EHLO',
      instruction:
        'Now say `EHLO client.thm`: the *extended* hello (ESMTP). The reply is several lines: `250-` means "more follows", `250 ` (with a space) is the last line. Each line after the first names an extension the server offers.',
      goals: [goal('ehlo', 'Say EHLO and get the extension list', (s) => answered(s, 'EHLO', 250) && s.extensions.length > 0)],
      hints: ['Same as HELO, with one letter changed.', 'Type: EHLO client.thm'],
      explanation:
        'Every modern client says EHLO. The list tells it what it may use: `SIZE` (the largest message), `8BITMIME` (bytes above 127 in the body), `PIPELINING` (send a group of commands without waiting for each reply), `CHUNKING` (send the letter in counted pieces with BDAT), `STARTTLS` (encrypt), `HELP`. `PIPECONNECT` and `PRDR` are extras that few servers besides Exim offer. Once TLS is on, this list also offers `AUTH` (log in). Saying EHLO again drops any message in progress, as RSET would (RFC 5321 4.1.4).',
    },
  ],
  solution: ['HELO client.thm', 'EHLO client.thm'],
};
