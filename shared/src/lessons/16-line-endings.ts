import { answered, goal } from './goals.js';
import type { Lesson } from './types.js';

export const lineEndings: Lesson = {
  id: 'line-endings',
  kind: 'lesson',
  title: 'Line endings and SMTP smuggling',
  goal: 'See CRLF versus a bare LF, why strict servers refuse bare LF, and the sandbox refusing a smuggled message.',
  setup: { personality: 'postfix', scenario: 'lenient-line-endings' },
  steps: [
    {
      id: 'crlf',
      title: 'CRLF',
      instruction: 'SMTP lines end in two bytes: CR LF (`\\r\\n`). Tick **Show line endings and bytes** under the transcript, and send `EHLO client.thm`.',
      goals: [goal('crlf', 'Send a command ending in CRLF', (s) => s.exchanges.some((e) => e.ending === 'crlf' && e.code < 400))],
      hints: ['The composer ends every line with CRLF.', 'Type: EHLO client.thm'],
      explanation: 'Unix tools end lines with LF alone. Many servers accept that for commands, which is convenient for `nc`, and risky, as you will see.',
    },
    {
      id: 'bare-lf',
      title: 'A bare LF',
      instruction:
        "Switch the composer's line ending to **LF** and send `NOOP`. This server is lenient: it answers, and the transcript notes the bare LF. A strict one, like Postfix with `smtpd_forbid_bare_newline = reject` (the **Strict line endings** scenario here), answers `521` and hangs up.",
      goals: [goal('lf', 'Send a command ending in a bare LF', (s) => s.exchanges.some((e) => e.ending === 'lf'))],
      hints: ['The line-ending choice is beside the composer.', 'Choose LF, then type: NOOP'],
      explanation: 'Accepted, with a note. Being lenient with commands is harmless; being lenient about where a message ends is not, as the next step shows.',
    },
    {
      id: 'smuggle',
      title: 'A smuggled message',
      instruction:
        'Line ending back to CRLF. An attacker hides a second message in the first: a line ending in a bare LF, then `.`, then new commands. A server that takes `<LF>.<CR><LF>` as the end would deliver both. Send one letter that carries a fake `MAIL FROM` inside, after a bare-LF line.',
      goals: [
        goal(
          'one',
          'Deliver one letter with the smuggled commands still inside it',
          (s) =>
            s.deliveries.length === 1 &&
            s.deliveries.some((d) => d.letter.body.includes('MAIL FROM:<ceo@victim.test>')) &&
            !answered(s, 'MAIL', 250, (e) => e.command?.verb === 'MAIL' && e.command.mailbox?.localPart === 'ceo'),
        ),
      ],
      hints: [
        'Use "show me": typing a bare LF inside a letter needs the LF ending on one line only.',
        'The letter: Hi, then a line "x" with a bare LF, ".", MAIL FROM:<ceo@victim.test>, and a final "." with CRLF.',
      ],
      explanation:
        'One message, with the "commands" as text inside it: the sandbox ends a letter only at `<CR><LF>.<CR><LF>`. A strict server would have refused the bare LF outright (521). In 2023, servers that also accepted `<LF>.<CR><LF>` let attackers send mail as anyone at a domain past SPF and DMARC (CVE-2023-51764/5/6).',
    },
  ],
  solution: [
    'EHLO client.thm',
    'NOOP\n',
    'MAIL FROM:<a@client.thm>',
    'RCPT TO:<b@server.thm>',
    'DATA',
    'Subject: one message',
    '',
    'Hi',
    'x\n',
    '.',
    'MAIL FROM:<ceo@victim.test>',
    'RCPT TO:<b@server.thm>',
    'DATA',
    'Subject: smuggled',
    '.',
  ],
};
