/**
 * Lesson 22: the tools people really use, each in a terminal against the relay's
 * sandbox on port 2525, while the page watches (setup.connection 'watch'). It needs
 * `npm start`, and says so.
 *
 * How this works:
 * - Each tool is one session; the goals read what the page's observer sees of it, the
 *   same way as any other session, so they tick live as the terminal talks.
 * - A goal that a tool's whole session must meet (delivered and said QUIT, say) is one
 *   predicate over one session: a step begins checked against the session that ended
 *   the one before, and that session must not count for the next tool.
 * - Each tool is told apart by what it leaves on the wire: telnet's CRLF and its exit
 *   without QUIT, plain nc's bare LF, s_client's STARTTLS, swaks's X-Mailer header,
 *   smtplib's `size=` on MAIL FROM.
 * - The reference solution is not typed by anyone: it is the bytes these tools send,
 *   recorded against the TCP sandbox (swaks 20201014.0, Python 3's smtplib, OpenSSL
 *   3.0's s_client; telnet and nc as their manuals say they end lines), with the
 *   recording's date, Message-Id and host name fixed. The generated test replays those
 *   bytes; relay/test/tools-lesson.test.ts runs the real tools where they are installed.
 */
import type { ObserverState } from '../observe/observer.js';
import { answered, goal } from './goals.js';
import type { Lesson } from './types.js';

const saidQuit = (s: ObserverState) => answered(s, 'QUIT', 221);

export const theTools: Lesson = {
  id: 'the-tools',
  kind: 'lesson',
  title: 'The tools: telnet, nc, openssl, swaks and smtplib',
  goal: 'Talk to an SMTP server with the tools people really use, from a terminal, while the page watches.',
  setup: { personality: 'exim', scenario: 'catch-all', connection: 'watch' },
  steps: [
    {
      id: 'telnet',
      title: 'telnet, and the way out',
      instruction:
        'This lesson happens in a terminal. It needs `npm start`, and the page connected with **Watch port 2525** (the server picker at the top), so that it follows what your terminal says and ticks the goals.\n\nStart with `telnet localhost 2525` and say `EHLO client.thm`: telnet ends each line with CRLF, as SMTP wants. Then leave the way telnet users leave a server that has stopped listening: press **Ctrl-]** for the `telnet>` prompt, and type `quit`.',
      goals: [
        goal('ehlo', 'Say EHLO in a line that ends in CRLF', (s) => answered(s, 'EHLO', 250, (e) => e.ending === 'crlf')),
        goal('escaped', 'Leave with Ctrl-] and quit: the connection closes without QUIT', (s) => {
          const last = s.exchanges.at(-1);
          // A 421 or 554 is the server hanging up, not the client leaving.
          return s.conversation === 'closed' && !!last && last.code !== 421 && last.code !== 554 && !s.exchanges.some((e) => e.context === 'QUIT');
        }),
      ],
      hints: [
        'telnet localhost 2525; the escape is Ctrl and the closing square bracket.',
        'In the terminal: telnet localhost 2525, then EHLO client.thm, then Ctrl-] and quit',
      ],
      explanation:
        'The server saw the connection drop with no `QUIT`. A polite client says QUIT and waits for the 221 (RFC 5321 4.1.1.10), but a server must cope with one that simply goes. Ctrl-] is telnet’s own key: it works even when the server has stopped reading. telnet is a remote-terminal protocol with control sequences of its own; it works for SMTP because plain typed text contains none.',
    },
    {
      id: 'nc',
      title: 'nc, and nc -C',
      instruction:
        '`nc localhost 2525` is the plainest client there is: your bytes out, the server’s bytes in. It ends each line with a bare LF, not CRLF. Say `EHLO client.thm`, see that the sandbox answers all the same (the transcript marks the bare LF), and `QUIT`.\n\nThen `nc -C localhost 2525`: `-C` sends CRLF (the OpenBSD nc that Debian and Ubuntu ship, and nmap’s ncat, both have it). Deliver a whole letter this way: `EHLO client.thm`, `MAIL FROM:<you@client.thm>`, `RCPT TO:<friend@server.thm>`, `DATA`, a `Subject:`, an empty line, some text, a lone `.`, and `QUIT`.',
      goals: [
        goal('bare-lf', 'With plain nc, get an answer to a command that ended in a bare LF', (s) => s.exchanges.some((e) => e.ending === 'lf' && e.code < 400)),
        goal(
          'crlf-letter',
          'With nc -C, deliver a letter and say QUIT, every command ending in CRLF',
          (s) => s.deliveries.length > 0 && saidQuit(s) && s.exchanges.every((e) => e.ending === null || e.ending === 'crlf'),
        ),
      ],
      hints: [
        'Plain nc first, for one command and QUIT; then nc -C for a whole letter.',
        'In the terminal: nc localhost 2525, EHLO client.thm, QUIT; then nc -C localhost 2525, EHLO client.thm, MAIL FROM:<you@client.thm>, RCPT TO:<friend@server.thm>, DATA, Subject: via nc, an empty line, Hello, a lone dot, and QUIT',
      ],
      explanation:
        'SMTP’s lines end in CRLF (RFC 5321 2.3.8). Exim and Postfix, and so the sandbox, take a command that ends in a bare LF, but not every server does: those that guard against SMTP smuggling may refuse it (Postfix’s `smtpd_forbid_bare_newline`). With `-C`, nc speaks proper SMTP.',
    },
    {
      id: 'openssl',
      title: 'openssl s_client',
      instruction:
        '`openssl s_client -starttls smtp -crlf -connect localhost:2525` does the STARTTLS part for you: it says `EHLO mail.example.com` and `STARTTLS`, makes the TLS handshake, then hands you the encrypted session; `-crlf` turns your Enter into CRLF. The certificate is self-signed, so s_client reports a verify error and goes on: that is what a lab server looks like.\n\nTLS starts a new session (RFC 3207 4.2): greet again with `EHLO client.thm`. Then mind one trap: s_client takes a line that starts with a capital **R** as its own command ("renegotiate", which ends a TLS 1.3 session) and one with **Q** as "quit", and neither reaches the server. Commands are not case-sensitive (RFC 5321 2.4), so type `mail from:<you@client.thm>` and `rcpt to:<friend@server.thm>` in lower case, and leave with `quit`.',
      goals: [
        goal('tls', 'Get TLS started with STARTTLS', (s) => s.tls),
        goal('ehlo', 'Say EHLO again inside TLS', (s) => s.tls && s.helo !== null),
        goal('rcpt', 'Get a recipient accepted inside TLS', (s) => s.tls && s.recipients.some((r) => r.accepted === true)),
        goal('quit', 'Leave with quit, in lower case', (s) => s.tls && saidQuit(s)),
      ],
      hints: [
        'Let s_client do EHLO and STARTTLS; after the handshake it is your turn, in lower case.',
        'In the terminal: openssl s_client -starttls smtp -crlf -connect localhost:2525 (it sends EHLO mail.example.com and STARTTLS itself), then EHLO client.thm, mail from:<you@client.thm>, rcpt to:<friend@server.thm>, quit',
      ],
      explanation:
        'The page saw your session in plain text because the sandbox shows the watching page what it decrypted; anyone on the wire between your terminal and a real server sees only the lines before the handshake. `-quiet` turns the R and Q letters off (and the certificate print-out with them).',
    },
    {
      id: 'swaks',
      title: 'swaks',
      instruction:
        'swaks, the "Swiss Army Knife for SMTP", is a tester’s client: one command line, a whole session, every line printed (`->` what it sent, `<-` what came back). Run `swaks --server localhost:2525 --helo client.thm --from you@client.thm --to friend@server.thm` and watch the page: it types faster than you.',
      goals: [
        goal(
          'swaks',
          'Deliver swaks’s test message (its X-Mailer header names swaks) and see it say QUIT',
          (s) => saidQuit(s) && s.deliveries.some((d) => d.letter.headers.some((h) => h.name.toLowerCase() === 'x-mailer' && /swaks/i.test(h.value))),
        ),
      ],
      hints: [
        'swaks needs the server; --helo, --from and --to fill in the rest.',
        'In the terminal: swaks --server localhost:2525 --helo client.thm --from you@client.thm --to friend@server.thm (it sends EHLO client.thm, MAIL FROM:<you@client.thm>, RCPT TO:<friend@server.thm>, DATA, a test letter and QUIT)',
      ],
      explanation:
        'swaks wrote the letter for you: `Date:`, `To:`, `From:`, a `Subject:` with the time, a `Message-Id:` and its `X-Mailer:`. Its options test what you have met in the lessons: `--tls` for STARTTLS, `--auth` to log in, `--pipeline`, `--data` for a letter of your own, `--quit-after RCPT` for a relay test that sends nothing.',
    },
    {
      id: 'smtplib',
      title: 'Python’s smtplib',
      instruction:
        "Last, a program. Python’s `smtplib` sends the mail of many scripts, and `set_debuglevel(1)` prints every line it sends (`send:`) and every reply (`reply:`). One line in the terminal does it all: `python3 -c \"import smtplib; s = smtplib.SMTP('localhost', 2525, local_hostname='client.thm'); s.set_debuglevel(1); s.sendmail('you@client.thm', ['friend@server.thm'], 'Subject: hi\\n\\nhello'); s.quit()\"`",
      goals: [
        goal('smtplib', 'Deliver a message whose MAIL FROM declares its size (smtplib’s size=), and say QUIT', (s) => {
          const sized = s.exchanges.some((e) => e.command?.verb === 'MAIL' && e.code === 250 && e.command.params.some((p) => p.keyword === 'SIZE'));
          return sized && s.deliveries.length > 0 && saidQuit(s);
        }),
      ],
      hints: [
        'smtplib.SMTP connects; set_debuglevel(1) before sendmail shows the conversation.',
        "In the terminal: python3 -c \"import smtplib; s = smtplib.SMTP('localhost', 2525, local_hostname='client.thm'); s.set_debuglevel(1); s.sendmail('you@client.thm', ['friend@server.thm'], 'Subject: hi\\n\\nhello'); s.quit()\" (it sends ehlo client.thm, mail FROM:<you@client.thm> size=20, rcpt TO:<friend@server.thm>, data, the letter and quit)",
      ],
      explanation:
        'smtplib writes its commands in lower case (`ehlo`, `mail FROM:`), which SMTP allows (RFC 5321 2.4), and adds `size=` because EHLO offered SIZE (RFC 1870): a server can refuse a letter that is too big before it is sent. It turned your `\\n` into CRLF as well. When a script’s mail goes wrong, `set_debuglevel(1)` (or `2`, with times) shows which line the server refused.',
    },
  ],
  solution: [
    // telnet: CRLF lines, then Ctrl-] and quit.
    'EHLO client.thm',
    { hangUp: true },
    // nc: bare LF lines.
    { reconnect: true },
    'EHLO client.thm\n',
    'QUIT\n',
    // nc -C: CRLF lines.
    { reconnect: true },
    'EHLO client.thm',
    'MAIL FROM:<you@client.thm>',
    'RCPT TO:<friend@server.thm>',
    'DATA',
    'Subject: via nc',
    '',
    'Hello from nc -C.',
    '.',
    'QUIT',
    // openssl s_client -starttls smtp -crlf: its own EHLO and STARTTLS, then the learner's lines.
    { reconnect: true },
    'EHLO mail.example.com',
    'STARTTLS',
    'EHLO client.thm',
    'mail from:<you@client.thm>',
    'rcpt to:<friend@server.thm>',
    'quit',
    // swaks --server localhost:2525 --helo client.thm --from you@client.thm --to friend@server.thm
    { reconnect: true },
    'EHLO client.thm',
    'MAIL FROM:<you@client.thm>',
    'RCPT TO:<friend@server.thm>',
    'DATA',
    'Date: Wed, 25 Nov 2026 09:00:00 +0000',
    'To: friend@server.thm',
    'From: you@client.thm',
    'Subject: test Wed, 25 Nov 2026 09:00:00 +0000',
    'Message-Id: <20261125090000.012345@client.thm>',
    'X-Mailer: swaks v20201014.0 jetmore.org/john/code/swaks/',
    '',
    'This is a test mailing',
    '',
    '',
    '.',
    'QUIT',
    // Python: smtplib.SMTP('localhost', 2525, local_hostname='client.thm').sendmail(…, 'Subject: hi\n\nhello'), then quit().
    { reconnect: true },
    'ehlo client.thm',
    'mail FROM:<you@client.thm> size=20',
    'rcpt TO:<friend@server.thm>',
    'data',
    'Subject: hi',
    '',
    'hello',
    '.',
    'quit',
  ],
};
