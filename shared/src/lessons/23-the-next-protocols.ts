/**
 * Lesson 23: where SMTP's work ends. Reading mail is POP3's and IMAP's job, and SMTP's
 * three-digit replies are FTP's, whose first digit HTTP took too.
 *
 * The playground has no POP3 or IMAP server yet (a POP3 sandbox on port 2110 is
 * planned), so nothing here pretends to fetch: every goal is read from the SMTP
 * session, and the lesson says what comes next in words. The goals look at reply codes
 * only, so they hold on any server: the Exim-like sandbox answers `RETR 1` with
 * `500 unrecognized command`, HELP with 214 and EHLO with 250.
 */
import type { ObserverState } from '../observe/observer.js';
import { delivered, goal, quit } from './goals.js';
import type { Lesson } from './types.js';

/** Whether some reply had this second digit (RFC 5321 4.2.1: what the reply is about). */
const aboutGroup = (s: ObserverState, digit: number) => s.exchanges.some((e) => Math.floor(e.code / 10) % 10 === digit);

export const theNextProtocols: Lesson = {
  id: 'the-next-protocols',
  kind: 'lesson',
  title: 'The next protocols',
  goal: 'See where SMTP’s work ends, where POP3 and IMAP take over, and why SMTP’s replies look like FTP’s and HTTP’s.',
  setup: { personality: 'exim', scenario: 'catch-all' },
  steps: [
    {
      id: 'not-a-reader',
      title: 'SMTP only delivers',
      instruction:
        'SMTP carries mail **to** a mailbox, and has no command to read one. Ask anyway, the way a POP3 client asks for the first message: `RETR 1`.',
      goals: [
        goal('unknown', 'Send a command SMTP does not have, and read the refusal (50x)', (s) =>
          s.exchanges.some((e) => e.context === 'unknown' && Math.floor(e.code / 10) === 50),
        ),
      ],
      hints: ['Any command of another protocol will do; POP3 fetches a message with RETR and its number.', 'Type: RETR 1'],
      explanation:
        '`500 unrecognized command`: not SMTP. To read mail, a mail program speaks another protocol with the server that keeps the mailbox. **POP3** (RFC 1939) downloads the messages, usually to one device, and answers each command `+OK` or `-ERR`; a long answer ends with a line holding one dot, the same rule as SMTP’s DATA. **IMAP** (RFC 9051) keeps the mail on the server, in folders, for every device at once. Each IMAP command carries a tag (`a1 LOGIN …`) and its final answer carries the same tag (`a1 OK …`), with untagged `*` lines of data before it, so a client can have several commands under way.',
    },
    {
      id: 'codes',
      title: 'Three digits, borrowed from FTP',
      instruction:
        'SMTP’s replies come from FTP’s (RFC 959 4.2; for SMTP, RFC 5321 4.2.1): three digits, the first saying how it went, the second what it is about. You have two groups already: `220` (x**2**z, the connection) and `500` (x**0**z, syntax). Collect two more: `HELP` gets an answer about information (x**1**z), `EHLO client.thm` one from the mail system (x**5**z).',
      goals: [
        goal('x1z', 'Get an answer about information (second digit 1), such as 214 to HELP', (s) => aboutGroup(s, 1)),
        goal('x5z', 'Get an answer from the mail system (second digit 5), such as 250 to EHLO', (s) => aboutGroup(s, 5)),
      ],
      hints: ['HELP, then EHLO: look at the middle digit of each answer.', 'Type: HELP, then EHLO client.thm'],
      explanation:
        'The first digit: **2** done, **3** go on (354 after DATA), **4** failed for now, try again later, **5** failed for good. FTP also has **1**, "started, more to come" (150 before a file arrives); SMTP has no command that would need it. The second: **0** syntax, **1** information, **2** the connection, **5** the mail system (FTP’s file system). RFC 5321 leaves **3** unassigned, yet AUTH (RFC 4954) uses it as FTP did, for logging in: 334, 235, 535.\n\nHTTP took the same first digit (RFC 9110 15): `200 OK`, `301` moved, `404 Not Found`, `503` unavailable. One difference matters: in HTTP a 4xx says *your request* was wrong and a 5xx that *the server* failed, while in SMTP a 4xx says *try again later* and a 5xx *don’t*.',
    },
    {
      id: 'send',
      title: 'Send what you will fetch',
      instruction:
        'Each protocol has its own port. SMTP between servers: **25**. Submission from a mail program: **587** (then STARTTLS) or **465** (TLS from the first byte). POP3: **110**, or **995** with TLS. IMAP: **143**, or **993** with TLS. (The playground’s SMTP sandbox listens on 2525 because ports below 1024 need special rights.)\n\nPOP3 is not in the playground yet: a POP3 sandbox, on port 2110, is coming. Get ready for it by sending alice a letter: `MAIL FROM:<you@client.thm>`, `RCPT TO:<alice@example.com>`, `DATA`, a `Subject:`, a line of text and the dot, then `QUIT`.',
      goals: [{ ...delivered, label: 'Deliver a letter to alice (it waits in the Mailbox)' }, quit],
      hints: [
        'The same envelope and letter as in the whole-session lesson, then goodbye.',
        'Send: MAIL FROM:<you@client.thm>, RCPT TO:<alice@example.com>, DATA, Subject: to fetch later, an empty line, See you in POP3., a dot, then QUIT.',
      ],
      explanation:
        'Open the Mailbox: there it is, under the `Received:` header the server added. SMTP’s work ended at that 250. From here a POP3 client would log in (`USER alice`, `PASS …`), list the messages (`LIST`), fetch one (`RETR 1`) and delete it (`DELE 1`), each answered `+OK` or `-ERR`; an IMAP client would `SELECT INBOX` and `FETCH 1 BODY[]`, and leave it on the server.',
    },
  ],
  solution: [
    'RETR 1',
    'HELP',
    'EHLO client.thm',
    'MAIL FROM:<you@client.thm>',
    'RCPT TO:<alice@example.com>',
    'DATA',
    'Subject: to fetch later',
    '',
    'See you in POP3.',
    '.',
    'QUIT',
  ],
};
