import { answered, goal } from './goals.js';
import type { Lesson } from './types.js';

export const extensions: Lesson = {
  id: 'extensions',
  kind: 'lesson',
  title: 'Extensions',
  goal: 'Use what EHLO offers: SIZE, ENHANCEDSTATUSCODES, SMTPUTF8; and see why PIPELINING matters.',
  setup: { personality: 'postfix', scenario: 'size-limit' },
  steps: [
    {
      id: 'list',
      title: 'Read the list',
      instruction: 'Say `EHLO client.thm` and find the `SIZE` line: the largest message this server takes, in bytes.',
      goals: [goal('size', 'Get an EHLO reply that offers SIZE', (s) => s.extensions.some((e) => e.toUpperCase().startsWith('SIZE')))],
      hints: ['Only the extended hello lists extensions.', 'Type: EHLO client.thm'],
      explanation:
        'This server also offers `ENHANCEDSTATUSCODES` (RFC 2034): look at its replies, `250 2.1.0 Ok` (Postfix puts them on every reply, even after plain HELO). The second code is machine-readable: class.subject.detail (RFC 3463).\n\nAnd `PIPELINING` (RFC 2920): the client may send a group of commands (RSET, MAIL, RCPT, … ending with DATA) without waiting for each reply. It must still wait for the `220` greeting, the EHLO reply and the `354` before the letter. A heredoc piped into telnet waits for nothing: it sends everything before the greeting, a server that checks this hangs up (Exim: `554 SMTP synchronization error`), and telnet quits as soon as its input ends, often before the replies arrive. To see that 554, choose **Exim-like** and the **Slow greeting** scenario in the settings bar at the top, and type before the greeting comes (it takes 3 seconds).',
    },
    {
      id: 'declare',
      title: 'Declare the size',
      instruction: 'Tell the server up front how big your message is: `MAIL FROM:<a@client.thm> SIZE=20000`. It is more than this server takes.',
      goals: [goal('too-big', 'Get 552 for a declared size over the limit', (s) => answered(s, 'MAIL', 552))],
      hints: ['SIZE= goes after the address, with a space.', 'Type: MAIL FROM:<a@client.thm> SIZE=20000'],
      explanation:
        '`552 5.3.4`: refused before a single byte of the letter was sent. `SIZE=20000` declared 20 000 octets (20 kB), more than the 10 240 this server announced. That is the point of SIZE (RFC 1870): nobody uploads a whole letter only to hear "too big" at the end.',
    },
    {
      id: 'utf8',
      title: 'An address in your own script',
      instruction:
        'Addresses may use any script if both sides agree to `SMTPUTF8` (RFC 6531): the server offers it in its EHLO reply, as this one does, and the client adds the keyword to MAIL FROM. Try `MAIL FROM:<josé@client.thm> SMTPUTF8`.',
      goals: [
        goal('utf8', 'Get a UTF-8 return address accepted with SMTPUTF8', (s) =>
          answered(s, 'MAIL', 250, (e) => e.command?.verb === 'MAIL' && e.command.params.some((p) => p.keyword === 'SMTPUTF8')),
        ),
      ],
      hints: ['The keyword SMTPUTF8 goes after the address.', 'Type: MAIL FROM:<josé@client.thm> SMTPUTF8'],
      explanation:
        "The keyword tells the server the message needs UTF-8, so no server on the way hands it to one that can't carry it (RFC 6531). This server, like Postfix with its default `strict_smtputf8 = no`, would take `josé` without the keyword too; Postfix with `strict_smtputf8 = yes` answers `553 5.6.7 Must declare SMTPUTF8 to send unicode address`. Debian's Exim does not offer SMTPUTF8 at all, and answers the keyword with `501 SMTPUTF8 used when not advertised`. The older cousin is for the letter's body: `BODY=8BITMIME` (RFC 6152) lets the body carry bytes above 127; lines still end in CRLF and hold at most 998 octets.",
    },
  ],
  solution: ['EHLO client.thm', 'MAIL FROM:<a@client.thm> SIZE=20000', 'MAIL FROM:<josé@client.thm> SMTPUTF8'],
};
