import { answered, goal, saidHello } from './goals.js';
import type { Lesson } from './types.js';

export const housekeeping: Lesson = {
  id: 'housekeeping',
  kind: 'lesson',
  title: 'RSET, NOOP, VRFY and HELP',
  goal: 'Use the small commands: ask for help, check an address, start over, keep alive.',
  setup: { personality: 'exim', scenario: 'catch-all' },
  steps: [
    {
      id: 'help',
      title: 'HELP',
      instruction: 'Say `EHLO client.thm`, then `HELP`. The `214` reply is for a human at a terminal, like you.',
      goals: [saidHello, goal('help', 'Get a 214 help reply', (s) => answered(s, 'HELP', 214))],
      hints: ['Greet first, then ask for help in one word.', 'Type: EHLO client.thm, then HELP'],
      explanation: 'HELP lists the commands this server knows. Programs never use it; people debugging do.',
    },
    {
      id: 'vrfy',
      title: 'VRFY',
      instruction: '`VRFY` asks "does this mailbox exist?". Try `VRFY postmaster`.',
      goals: [goal('vrfy', 'Ask VRFY and read the answer', (s) => s.exchanges.some((e) => e.context === 'VRFY'))],
      hints: ['VRFY takes a user name or an address.', 'Type: VRFY postmaster'],
      explanation:
        "Most servers will not tell: spammers used VRFY to harvest addresses. `252` means \"cannot verify this user, but will accept mail for it and try to deliver\"; the words after it are the server's own, here Exim's `Administrative prohibition`. Others answer `502` (not offered) or `550`. `EXPN`, which would list a mailing list's members, gets the same treatment: this server answers it `550 Administrative prohibition`.",
    },
    {
      id: 'rset',
      title: 'RSET',
      instruction: 'Start a message with `MAIL FROM:<user@client.thm>`, then change your mind: `RSET` throws the envelope away and leaves you greeted.',
      goals: [
        goal('rset', 'Start a transaction, then reset it with RSET', (s) => {
          const mail = s.exchanges.findIndex((e) => e.context === 'MAIL' && e.code === 250);
          return mail !== -1 && s.exchanges.some((e, i) => i > mail && e.context === 'RSET' && e.code === 250);
        }),
      ],
      hints: ['MAIL FROM first, then the command that starts over.', 'Type: MAIL FROM:<user@client.thm>, then RSET'],
      explanation:
        'After RSET you can start a new MAIL FROM at once, without a new EHLO. Between two messages on one connection RSET is optional: the `250` after a letter’s final dot has already cleared the envelope (RFC 5321 4.1.1.4). Some mail programs send it anyway, to be sure.',
    },
    {
      id: 'noop',
      title: 'NOOP',
      instruction: 'Finally `NOOP`: it changes nothing, but proves the line is alive.',
      goals: [goal('noop', 'Get 250 to NOOP', (s) => answered(s, 'NOOP', 250))],
      hints: ['The command that does nothing.', 'Type: NOOP'],
      explanation:
        "Servers hang up on silent clients: RFC 5321 asks them to wait at least five minutes for a command, and the relay's sandbox hangs up after five (its default, `--idle-timeout`). The in-tab sandbox has no such timeout. A client waiting for something sends NOOP now and then.",
    },
  ],
  solution: ['EHLO client.thm', 'HELP', 'VRFY postmaster', 'MAIL FROM:<user@client.thm>', 'RSET', 'NOOP'],
};
