/**
 * The parity corpus: client dialogues, as data, that tools/reference-servers plays
 * against real Exim and real Postfix to record the goldens in ./goldens/, and that
 * the personalities are held to.
 *
 * Rules / how this works:
 * - A dialogue opens a connection, reads the greeting (unless `beforeGreeting`, when
 *   the first step is sent at once and its replies include the greeting), then plays
 *   its steps in order. After the last step it waits for the server to close.
 * - A `line` step sends its text and its ending (CRLF unless said: bare LF, bare CR,
 *   or none); a `chunk` sends its text exactly, in one write: a pipelined group, a
 *   whole letter, bytes with a NUL. Text is sent as UTF-8.
 * - Each step then waits for `replies` whole replies (multi-line aware), for the
 *   server to close, or for the per-step timeout. `'quiet'` waits until the server has
 *   said nothing for a moment, for the few steps where servers answer a different
 *   number of times (a smuggled second message). Replies the server sends beyond the
 *   count are read by the next step, in order, so a recording stays deterministic.
 * - `startTls` is the TLS handshake after the server's 220 to STARTTLS: the recorder
 *   does real TLS and the rest of the dialogue goes through it. If the server refused
 *   STARTTLS, the dialogue goes on in plain text.
 * - Every address is at a .thm domain, `localhost`, or unqualified, and the reference
 *   servers deliver everything to a catch-all on loopback: nothing goes anywhere.
 *   A test checks it.
 */
import { encodeText } from '../protocol/bytes.js';

/** How a line ends on the wire. */
export type DialogueEnding = 'crlf' | 'lf' | 'cr' | 'none';

/** How many replies a step waits for: a count, or until the server falls quiet. */
export type ReplyCount = number | 'quiet';

/** One thing the client does. */
export type DialogueStep =
  | { type: 'line'; text: string; ending: DialogueEnding; replies: ReplyCount }
  /** `latin1`: each character of `text` is one byte, for bytes that are not UTF-8. */
  | { type: 'chunk'; text: string; replies: ReplyCount; octets?: 'latin1' }
  | { type: 'startTls' };

/** What part of SMTP a dialogue exercises. */
export type DialogueCategory =
  | 'session'
  | 'sequence'
  | 'syntax'
  | 'long'
  | 'recipients'
  | 'parameters'
  | 'commands'
  | 'data'
  | 'line-endings'
  | 'pipelining'
  | 'auth'
  | 'starttls'
  | 'bdat'
  | 'limits'
  | 'quit';

export interface Dialogue {
  /** Kebab-case, unique: the key of its golden. */
  id: string;
  category: DialogueCategory;
  /** What it shows, in a sentence. */
  about: string;
  /** The first step goes out before the greeting arrives (an early talker). */
  beforeGreeting?: boolean;
  steps: readonly DialogueStep[];
}

// --- building blocks --------------------------------------------------------------

/** A line with CRLF (or the ending given) that waits for one reply (or the count given). */
function line(text: string, replies: ReplyCount = 1, ending: DialogueEnding = 'crlf'): DialogueStep {
  return { type: 'line', text, ending, replies };
}

/** A line with a bare LF, as `nc` sends it. */
function lf(text: string, replies: ReplyCount = 1): DialogueStep {
  return line(text, replies, 'lf');
}

/** Bytes in one write. */
function chunk(text: string, replies: ReplyCount): DialogueStep {
  return { type: 'chunk', text, replies };
}

/** A line of raw bytes (one per character, U+0000 to U+00FF) with CRLF, one reply. */
function octets(text: string): DialogueStep {
  return { type: 'chunk', text: `${text}\r\n`, replies: 1, octets: 'latin1' };
}

/** Lines joined with CRLF, sent in one write, one reply per line: a pipelined group. */
function pipelined(...lines: string[]): DialogueStep {
  return chunk(lines.map((l) => `${l}\r\n`).join(''), lines.length);
}

const TLS: DialogueStep = { type: 'startTls' };
const HELO = line('HELO client.thm');
const EHLO = line('EHLO client.thm');
const MAIL = line('MAIL FROM:<user@client.thm>');
const RCPT = line('RCPT TO:<strategos@server.thm>');
const DATA = line('DATA');
const RSET = line('RSET');
const NOOP = line('NOOP');
const QUIT = line('QUIT');
const STARTTLS = [line('STARTTLS'), TLS];

/** The seed letter's lines (README, "Send your first email by hand"). */
const SEED_LETTER = ['From: user@client.thm', 'To: strategos@server.thm', 'Subject: Telnet email', '', 'Hello. I am using telnet to send you an email!'];

/** A letter and its final dot in one write (as a mail client sends it), waiting for the reply. */
function letter(lines: readonly string[] = SEED_LETTER, ending = '\r\n'): DialogueStep {
  return chunk(`${lines.map((l) => l + ending).join('')}.${ending}`, 1);
}

/** EHLO, MAIL, RCPT, DATA and a letter: a whole transaction, each command waiting for its reply. */
function transaction(lines: readonly string[] = SEED_LETTER): DialogueStep[] {
  return [MAIL, RCPT, DATA, letter(lines)];
}

/** `AUTH PLAIN` initial response for a user and password (RFC 4616), in base64. */
function plain(user: string, password: string): string {
  return toBase64(`\0${user}\0${password}`);
}

/** Base64 of an ASCII string: shared has no btoa in its types, so it is spelled out. */
function toBase64(ascii: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < ascii.length; i += 3) {
    const a = ascii.charCodeAt(i);
    const b = i + 1 < ascii.length ? ascii.charCodeAt(i + 1) : -1;
    const c = i + 2 < ascii.length ? ascii.charCodeAt(i + 2) : -1;
    out += alphabet[a >> 2];
    out += alphabet[((a & 3) << 4) | (b < 0 ? 0 : b >> 4)];
    out += b < 0 ? '=' : alphabet[((b & 15) << 2) | (c < 0 ? 0 : c >> 6)];
    out += c < 0 ? '=' : alphabet[c & 63];
  }
  return out;
}

/** The three smuggling endings: a lone dot beside a bare LF (CVE-2023-51764/5/6). */
function smuggling(id: string, fakeEnd: string, name: string): Dialogue {
  return {
    id,
    category: 'line-endings',
    about: `A letter with ${name} inside and a second transaction after it: does the server end the letter there?`,
    steps: [
      EHLO,
      MAIL,
      RCPT,
      DATA,
      chunk(
        'Subject: first\r\n\r\nfirst letter' +
          fakeEnd +
          'MAIL FROM:<smuggled@client.thm>\r\nRCPT TO:<strategos@server.thm>\r\nDATA\r\nSubject: smuggled\r\n\r\nsecond letter\r\n.\r\n',
        'quiet',
      ),
      QUIT,
    ],
  };
}

// --- the corpus ---------------------------------------------------------------------

export const DIALOGUES: readonly Dialogue[] = [
  // Whole sessions.
  {
    id: 'seed-session',
    category: 'session',
    about: 'The classic "telnet to port 25" session of the README, typed line by line.',
    steps: [HELO, line('MAIL FROM: <user@client.thm>'), line('RCPT TO: <strategos@server.thm>'), DATA, ...SEED_LETTER.map((l) => line(l, 0)), line('.'), QUIT],
  },
  { id: 'ehlo', category: 'session', about: 'EHLO: the extensions the server offers in plain text.', steps: [EHLO, QUIT] },
  { id: 'ehlo-transaction', category: 'session', about: 'One message after EHLO, the way a mail client sends it.', steps: [EHLO, ...transaction(), QUIT] },
  { id: 'helo-then-ehlo', category: 'session', about: 'HELO, then EHLO in the same session.', steps: [HELO, EHLO, QUIT] },
  { id: 'ehlo-twice', category: 'session', about: 'A second EHLO resets the session and is answered in full again.', steps: [EHLO, MAIL, EHLO, RCPT, QUIT] },
  {
    id: 'two-transactions',
    category: 'session',
    about: 'Two messages in one session, the second after the first is queued.',
    steps: [EHLO, ...transaction(), ...transaction(['Subject: second', '', 'The second letter.']), QUIT],
  },
  {
    id: 'null-sender',
    category: 'session',
    about: 'MAIL FROM:<>, the null reverse-path of a bounce.',
    steps: [EHLO, line('MAIL FROM:<>'), RCPT, DATA, letter(['Subject: bounce', '', 'A delivery status notification.']), QUIT],
  },
  {
    id: 'helo-address-literal',
    category: 'session',
    about: 'EHLO with an address literal instead of a name.',
    steps: [line('EHLO [127.0.0.1]'), line('EHLO [IPv6:::1]'), QUIT],
  },
  { id: 'quit-at-once', category: 'session', about: 'QUIT straight after the greeting.', steps: [QUIT] },

  // Commands out of sequence.
  { id: 'mail-before-helo', category: 'sequence', about: 'MAIL before any HELO or EHLO.', steps: [MAIL, RCPT, QUIT] },
  { id: 'rcpt-before-mail', category: 'sequence', about: 'RCPT before MAIL.', steps: [EHLO, RCPT, QUIT] },
  { id: 'data-before-mail', category: 'sequence', about: 'DATA before MAIL.', steps: [EHLO, DATA, QUIT] },
  { id: 'data-before-rcpt', category: 'sequence', about: 'DATA after MAIL but before any RCPT.', steps: [EHLO, MAIL, DATA, QUIT] },
  { id: 'mail-twice', category: 'sequence', about: 'A second MAIL inside a transaction.', steps: [EHLO, MAIL, line('MAIL FROM:<other@client.thm>'), QUIT] },
  { id: 'rcpt-before-helo', category: 'sequence', about: 'RCPT as the very first command.', steps: [RCPT, QUIT] },
  { id: 'data-before-helo', category: 'sequence', about: 'DATA as the very first command.', steps: [DATA, QUIT] },
  {
    id: 'helo-mid-transaction',
    category: 'sequence',
    about: 'HELO after MAIL resets the transaction, so the next RCPT has no sender.',
    steps: [EHLO, MAIL, HELO, RCPT, QUIT],
  },
  {
    id: 'rset-mid-transaction',
    category: 'sequence',
    about: 'RSET after RCPT forgets the envelope: DATA then has nothing to send.',
    steps: [EHLO, MAIL, RCPT, RSET, DATA, QUIT],
  },

  // Syntax errors.
  {
    id: 'unknown-command',
    category: 'syntax',
    about: 'A command the server does not know, and a misspelt one.',
    steps: [EHLO, line('FOO bar'), line('HELLO client.thm'), QUIT],
  },
  { id: 'ehlo-no-domain', category: 'syntax', about: 'HELO and EHLO without a domain.', steps: [line('EHLO'), line('HELO'), QUIT] },
  {
    id: 'helo-bad-domain',
    category: 'syntax',
    about: 'HELO and EHLO with names that are not domains.',
    steps: [line('EHLO client thm'), line('HELO client_thm!'), line('EHLO [300.1.1.1]'), QUIT],
  },
  {
    id: 'mail-missing-colon',
    category: 'syntax',
    about: 'MAIL FROM and RCPT TO without their colons.',
    steps: [EHLO, line('MAIL FROM <user@client.thm>'), MAIL, line('RCPT TO <strategos@server.thm>'), QUIT],
  },
  {
    id: 'missing-brackets',
    category: 'syntax',
    about: 'Addresses without angle brackets, as many people type them.',
    steps: [EHLO, line('MAIL FROM:user@client.thm'), line('RCPT TO:strategos@server.thm'), DATA, letter(), QUIT],
  },
  {
    id: 'bad-sender-address',
    category: 'syntax',
    about: 'Malformed senders, each after RSET: a double @, a space, an unclosed bracket.',
    steps: [EHLO, line('MAIL FROM:<user@@client.thm>'), RSET, line('MAIL FROM:<user name@client.thm>'), RSET, line('MAIL FROM:<user@client.thm'), RSET, QUIT],
  },
  {
    id: 'bad-sender-domain',
    category: 'syntax',
    about: 'Senders with a broken domain, each after RSET: empty, a double dot, no local part.',
    steps: [EHLO, line('MAIL FROM:<user@>'), RSET, line('MAIL FROM:<user@client..thm>'), RSET, line('MAIL FROM:<@client.thm>'), RSET, QUIT],
  },
  {
    id: 'bad-recipient-address',
    category: 'syntax',
    about: 'Malformed recipients: no local part, an empty domain, a trailing dot.',
    steps: [EHLO, MAIL, line('RCPT TO:<@server.thm>'), line('RCPT TO:<strategos@>'), line('RCPT TO:<strategos@server.thm.>'), QUIT],
  },
  {
    id: 'bad-recipient-path',
    category: 'syntax',
    about: 'An empty recipient path, a double dot, and a source route (RFC 5321 4.1.2 says ignore it).',
    steps: [EHLO, MAIL, line('RCPT TO:<>'), line('RCPT TO:<strategos@server..thm>'), line('RCPT TO:<@relay.thm:strategos@server.thm>'), QUIT],
  },
  {
    id: 'unqualified-addresses',
    category: 'syntax',
    about: 'A sender and recipients without a domain, and the unqualified postmaster RFC 5321 requires.',
    steps: [EHLO, line('MAIL FROM:<user>'), RSET, MAIL, line('RCPT TO:<strategos>'), line('RCPT TO:<postmaster>'), line('RCPT TO:<Postmaster>'), QUIT],
  },
  { id: 'empty-line', category: 'syntax', about: 'An empty line where a command should be.', steps: [EHLO, line(''), line('   '), QUIT] },
  {
    id: 'lower-case',
    category: 'syntax',
    about: 'The whole session in lower case.',
    steps: [line('helo client.thm'), line('mail from:<user@client.thm>'), line('rcpt to:<strategos@server.thm>'), line('data'), letter(), line('quit')],
  },
  {
    id: 'extra-spaces',
    category: 'syntax',
    about: 'Spaces where RFC 5321 has none: after the colon, before it, between the words, after the line.',
    steps: [
      line('HELO  client.thm'),
      line('MAIL FROM:  <user@client.thm>'),
      RSET,
      line('MAIL FROM :<user@client.thm>'),
      RSET,
      line('MAIL  FROM:<user@client.thm>'),
      RSET,
      line('MAIL FROM:<user@client.thm>  '),
      line('RCPT TO:<strategos@server.thm> '),
      QUIT,
    ],
  },
  {
    id: 'nul-in-command',
    category: 'syntax',
    about: 'A NUL byte inside a command line.',
    steps: [EHLO, chunk('MAIL FROM:<user\0@client.thm>\r\n', 1), chunk('NOOP \0\r\n', 1), QUIT],
  },
  {
    id: 'bytes-not-utf8',
    category: 'syntax',
    about: 'Bytes that are not UTF-8 (Latin-1 letters, 0xFF) and an escape character in commands.',
    steps: [
      octets('EHLO cl\u00e9ent.thm'),
      EHLO,
      MAIL,
      octets('RCPT TO:<\u00e9@server.thm>'),
      line('RCPT TO:<a\u001bb@server.thm>'),
      octets('NOOP \u00ff'),
      QUIT,
    ],
  },
  {
    id: 'eight-bit-in-command',
    category: 'syntax',
    about: 'UTF-8 in HELO and in an address without SMTPUTF8.',
    steps: [line('EHLO clïent.thm'), EHLO, line('MAIL FROM:<üser@client.thm>'), QUIT],
  },

  // Long lines and long addresses.
  {
    id: 'long-command-lines',
    category: 'long',
    about: 'Command lines of 512 octets (the RFC 5321 limit), 1000, 5000 and 20000.',
    steps: [
      EHLO,
      line(`NOOP ${'x'.repeat(505)}`),
      line(`NOOP ${'x'.repeat(993)}`),
      line(`NOOP ${'x'.repeat(4993)}`),
      line(`NOOP ${'x'.repeat(19993)}`, 'quiet'),
      QUIT,
    ],
  },
  {
    id: 'long-local-part',
    category: 'long',
    about: 'Local parts of 64 octets (the RFC 5321 limit), 65 and 300.',
    steps: [
      EHLO,
      MAIL,
      line(`RCPT TO:<${'a'.repeat(64)}@server.thm>`),
      line(`RCPT TO:<${'b'.repeat(65)}@server.thm>`),
      line(`RCPT TO:<${'c'.repeat(300)}@server.thm>`),
      QUIT,
    ],
  },
  {
    id: 'long-domain',
    category: 'long',
    about: 'A domain of 255 octets (the RFC 5321 limit), one of 300, and a label of 64.',
    steps: [
      EHLO,
      MAIL,
      line(`RCPT TO:<strategos@${`${'d'.repeat(62)}.`.repeat(3)}${'e'.repeat(62)}.thm>`),
      line(`RCPT TO:<strategos@${`${'f'.repeat(62)}.`.repeat(4)}${'g'.repeat(40)}.thm>`),
      line(`RCPT TO:<strategos@${'h'.repeat(64)}.thm>`),
      QUIT,
    ],
  },
  {
    id: 'long-data-line',
    category: 'long',
    about: 'A letter with a 998-octet line (the RFC 5322 limit), then one with a 999-octet line.',
    steps: [EHLO, ...transaction(['Subject: long line', '', 'y'.repeat(998)]), ...transaction(['Subject: too long', '', 'z'.repeat(999)]), QUIT],
  },
  {
    id: 'very-long-data-line',
    category: 'long',
    about: 'A letter with a 10000-octet line.',
    steps: [EHLO, ...transaction(['Subject: very long line', '', 'w'.repeat(10000)]), QUIT],
  },

  // Many recipients.
  {
    id: 'three-recipients',
    category: 'recipients',
    about: 'One message to three recipients, and the same recipient twice.',
    steps: [EHLO, MAIL, RCPT, line('RCPT TO:<hermes@server.thm>'), line('RCPT TO:<iris@server.thm>'), RCPT, DATA, letter(), QUIT],
  },
  {
    id: 'hundred-recipients',
    category: 'recipients',
    about: 'A hundred recipients, pipelined.',
    steps: [EHLO, MAIL, pipelined(...Array.from({ length: 100 }, (_, i) => `RCPT TO:<r${i + 1}@server.thm>`)), DATA, letter(), QUIT],
  },
  {
    id: 'recipient-limit',
    category: 'recipients',
    about: '1001 recipients, pipelined: past Postfix\u2019s smtpd_recipient_limit of 1000.',
    steps: [EHLO, MAIL, pipelined(...Array.from({ length: 1001 }, () => 'RCPT TO:<strategos@server.thm>')), DATA, letter(), QUIT],
  },
  {
    id: 'local-recipients',
    category: 'recipients',
    about: 'Recipients at the server\u2019s own names: example.thm, localhost, and an address literal.',
    steps: [EHLO, MAIL, line('RCPT TO:<postmaster@example.thm>'), line('RCPT TO:<someone@localhost>'), line('RCPT TO:<someone@[127.0.0.1]>'), QUIT],
  },

  // ESMTP parameters.
  {
    id: 'size-parameter',
    category: 'parameters',
    about: 'SIZE declared: within the limit, beyond it, and not a number.',
    steps: [
      EHLO,
      line('MAIL FROM:<user@client.thm> SIZE=1000'),
      RSET,
      line('MAIL FROM:<user@client.thm> SIZE=999999999'),
      RSET,
      line('MAIL FROM:<user@client.thm> SIZE=abc'),
      RSET,
      line('MAIL FROM:<user@client.thm> SIZE='),
      RSET,
      QUIT,
    ],
  },
  {
    id: 'body-parameter',
    category: 'parameters',
    about: 'BODY=8BITMIME, BODY=7BIT, BODY=BINARYMIME (not offered) and a made-up BODY.',
    steps: [
      EHLO,
      line('MAIL FROM:<user@client.thm> BODY=8BITMIME'),
      RSET,
      line('MAIL FROM:<user@client.thm> BODY=7BIT'),
      RSET,
      line('MAIL FROM:<user@client.thm> BODY=BINARYMIME'),
      line('MAIL FROM:<user@client.thm> BODY=9BIT'),
      QUIT,
    ],
  },
  {
    id: 'smtputf8-parameter',
    category: 'parameters',
    about: 'An internationalised sender and recipient with SMTPUTF8, and a letter in UTF-8.',
    steps: [
      EHLO,
      line('MAIL FROM:<üser@client.thm> SMTPUTF8'),
      line('RCPT TO:<strätegos@server.thm>'),
      DATA,
      letter(['From: üser@client.thm', 'Subject: grüße', '', 'Grüße!']),
      QUIT,
    ],
  },
  {
    id: 'dsn-parameters',
    category: 'parameters',
    about: 'The DSN parameters of RFC 3461: RET and ENVID on MAIL, NOTIFY and ORCPT on RCPT.',
    steps: [
      EHLO,
      line('MAIL FROM:<user@client.thm> RET=HDRS ENVID=parity-1'),
      line('RCPT TO:<strategos@server.thm> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;strategos@server.thm'),
      line('RCPT TO:<hermes@server.thm> NOTIFY=NEVER'),
      QUIT,
    ],
  },
  {
    id: 'unknown-parameters',
    category: 'parameters',
    about: 'Parameters no server knows, on MAIL and on RCPT, and a parameter without a value.',
    steps: [
      EHLO,
      line('MAIL FROM:<user@client.thm> FOO=BAR'),
      line('MAIL FROM:<user@client.thm> XYZZY'),
      MAIL,
      line('RCPT TO:<strategos@server.thm> FOO=BAR'),
      QUIT,
    ],
  },
  {
    id: 'parameters-after-helo',
    category: 'parameters',
    about: 'ESMTP parameters after HELO, where no extension was negotiated.',
    steps: [HELO, line('MAIL FROM:<user@client.thm> SIZE=1000'), RSET, line('MAIL FROM:<user@client.thm> BODY=8BITMIME'), QUIT],
  },
  {
    id: 'auth-parameter',
    category: 'parameters',
    about: 'MAIL FROM with AUTH=<> (RFC 4954 5) from a client that has not authenticated.',
    steps: [EHLO, line('MAIL FROM:<user@client.thm> AUTH=<>'), QUIT],
  },

  // Other commands.
  { id: 'noop', category: 'commands', about: 'NOOP, with and without an argument.', steps: [NOOP, line('NOOP hello'), EHLO, NOOP, QUIT] },
  {
    id: 'rset',
    category: 'commands',
    about: 'RSET before HELO, after EHLO, and with an argument.',
    steps: [RSET, EHLO, RSET, line('RSET now'), QUIT],
  },
  {
    id: 'vrfy',
    category: 'commands',
    about: 'VRFY a local user, a full address, and nothing.',
    steps: [EHLO, line('VRFY strategos'), line('VRFY <strategos@server.thm>'), line('VRFY postmaster'), line('VRFY'), QUIT],
  },
  { id: 'expn', category: 'commands', about: 'EXPN a list, and nothing.', steps: [EHLO, line('EXPN postmaster'), line('EXPN'), QUIT] },
  { id: 'help', category: 'commands', about: 'HELP, and HELP for one command.', steps: [line('HELP'), EHLO, line('HELP MAIL'), QUIT] },
  {
    id: 'etrn',
    category: 'commands',
    about: 'ETRN for a domain, for nothing, and before EHLO.',
    steps: [line('ETRN server.thm'), EHLO, line('ETRN server.thm'), line('ETRN'), QUIT],
  },
  {
    id: 'obsolete-commands',
    category: 'commands',
    about: 'Commands RFC 5321 dropped or never had: TURN, SEND, SOML, SAML.',
    steps: [EHLO, line('TURN'), line('SEND FROM:<user@client.thm>'), line('SOML FROM:<user@client.thm>'), line('SAML FROM:<user@client.thm>'), QUIT],
  },

  // The letter.
  {
    id: 'dot-stuffing',
    category: 'data',
    about: 'Lines that begin with a dot, stuffed as RFC 5321 4.5.2 says (a lone dot too), and one the client forgot to stuff.',
    steps: [EHLO, ...transaction(['Subject: dots', '', '..a line that began with a dot', '...two dots', '..', '. forgotten', 'end']), QUIT],
  },
  {
    id: 'empty-letter',
    category: 'data',
    about: 'DATA and then the final dot at once: an empty letter.',
    steps: [EHLO, MAIL, RCPT, DATA, chunk('.\r\n', 1), QUIT],
  },
  {
    id: 'letter-without-headers',
    category: 'data',
    about: 'A letter that is only a body: no headers, no blank line.',
    steps: [EHLO, ...transaction(['Just a body, no headers at all.']), QUIT],
  },
  {
    id: 'letter-with-8bit',
    category: 'data',
    about: 'A letter with UTF-8 text, without BODY=8BITMIME.',
    steps: [EHLO, ...transaction(['Subject: 8bit', '', 'Grüße aus dem Postamt.']), QUIT],
  },
  {
    id: 'command-inside-letter',
    category: 'data',
    about: 'QUIT and MAIL FROM inside the letter are just text.',
    steps: [EHLO, ...transaction(['Subject: commands inside', '', 'QUIT', 'MAIL FROM:<smuggled@client.thm>']), QUIT],
  },

  // Line endings and smuggling.
  {
    id: 'bare-lf-session',
    category: 'line-endings',
    about: 'A whole session with bare LF line endings, as nc sends them.',
    steps: [lf('HELO client.thm'), lf('MAIL FROM:<user@client.thm>'), lf('RCPT TO:<strategos@server.thm>'), lf('DATA'), letter(SEED_LETTER, '\n'), lf('QUIT')],
  },
  {
    id: 'bare-lf-in-letter',
    category: 'line-endings',
    about: 'A CRLF session whose letter has bare LF line endings inside it.',
    steps: [EHLO, MAIL, RCPT, DATA, chunk('Subject: bare LF\r\n\r\none\ntwo\nthree\r\n.\r\n', 1), QUIT],
  },
  {
    id: 'bare-cr-in-letter',
    category: 'line-endings',
    about: 'A letter with a bare CR inside a line.',
    steps: [EHLO, MAIL, RCPT, DATA, chunk('Subject: bare CR\r\n\r\none\rtwo\r\n.\r\n', 1), QUIT],
  },
  {
    id: 'bare-cr-command',
    category: 'line-endings',
    about: 'A command ended by a bare CR, then QUIT: the server sees one line.',
    steps: [line('HELO client.thm', 'quiet', 'cr'), QUIT],
  },
  {
    id: 'mixed-endings',
    category: 'line-endings',
    about: 'Bare LF and CRLF mixed in one session.',
    steps: [lf('EHLO client.thm'), MAIL, lf('RCPT TO:<strategos@server.thm>'), DATA, letter(), lf('QUIT')],
  },
  smuggling('smuggling-lf-dot-lf', '\n.\n', '<LF>.<LF>'),
  smuggling('smuggling-lf-dot-crlf', '\n.\r\n', '<LF>.<CR><LF>'),
  smuggling('smuggling-crlf-dot-lf', '\r\n.\n', '<CR><LF>.<LF>'),

  // PIPELINING (RFC 2920).
  {
    id: 'pipelining-transaction',
    category: 'pipelining',
    about: 'MAIL, RCPT and DATA in one write after EHLO, as RFC 2920 allows.',
    steps: [EHLO, pipelined('MAIL FROM:<user@client.thm>', 'RCPT TO:<strategos@server.thm>', 'RCPT TO:<hermes@server.thm>', 'DATA'), letter(), QUIT],
  },
  {
    id: 'pipelining-whole-session',
    category: 'pipelining',
    about: 'After EHLO, the rest of the session (MAIL to QUIT with the letter) in one write, not waiting for 354.',
    steps: [
      EHLO,
      chunk(`MAIL FROM:<user@client.thm>\r\nRCPT TO:<strategos@server.thm>\r\nDATA\r\n${SEED_LETTER.map((l) => `${l}\r\n`).join('')}.\r\nQUIT\r\n`, 5),
    ],
  },
  {
    id: 'pipelining-everything',
    category: 'pipelining',
    about: 'EHLO and everything after it in one write, straight after the greeting.',
    steps: [
      chunk(
        `EHLO client.thm\r\nMAIL FROM:<user@client.thm>\r\nRCPT TO:<strategos@server.thm>\r\nDATA\r\n${SEED_LETTER.map((l) => `${l}\r\n`).join('')}.\r\nQUIT\r\n`,
        6,
      ),
    ],
  },
  {
    id: 'pipelining-after-helo',
    category: 'pipelining',
    about: 'MAIL, RCPT and DATA in one write after HELO, where PIPELINING was never offered.',
    steps: [HELO, pipelined('MAIL FROM:<user@client.thm>', 'RCPT TO:<strategos@server.thm>', 'DATA'), letter(), QUIT],
  },
  {
    id: 'pipelining-noop-after-helo',
    category: 'pipelining',
    about: 'After HELO, commands in one write that are not MAIL or RCPT: two NOOPs, then a refused MAIL and a NOOP.',
    steps: [HELO, pipelined('NOOP', 'NOOP'), pipelined('MAIL FROM:<user@client.thm', 'NOOP'), QUIT],
  },
  {
    id: 'pipelining-after-data',
    category: 'pipelining',
    about: 'After a whole message, two NOOPs in one write: a command that must end its group, followed.',
    steps: [EHLO, MAIL, RCPT, DATA, letter(), pipelined('NOOP', 'NOOP'), QUIT],
  },
  {
    id: 'pipelining-unknown-after-data',
    category: 'pipelining',
    about: 'After a refused DATA, an unknown command with more behind it in the same write.',
    steps: [EHLO, line('DATA'), pipelined('FOO', 'NOOP'), QUIT],
  },
  {
    id: 'pipelining-rset-after-data',
    category: 'pipelining',
    about: 'After a refused DATA, MAIL, RCPT, RSET and NOOP in one write: which of them may be followed?',
    steps: [EHLO, line('DATA'), pipelined('MAIL FROM:<user@client.thm>', 'RCPT TO:<strategos@server.thm>', 'RSET', 'NOOP', 'NOOP'), QUIT],
  },
  {
    id: 'pipelining-before-greeting',
    category: 'pipelining',
    about: 'EHLO sent before the greeting arrives.',
    beforeGreeting: true,
    steps: [chunk('EHLO client.thm\r\n', 2), MAIL, QUIT],
  },
  {
    id: 'helo-before-greeting',
    category: 'pipelining',
    about: 'HELO sent before the greeting arrives.',
    beforeGreeting: true,
    steps: [chunk('HELO client.thm\r\n', 2), MAIL, QUIT],
  },
  {
    id: 'mail-before-greeting',
    category: 'pipelining',
    about: 'MAIL sent before the greeting arrives, without any HELO.',
    beforeGreeting: true,
    steps: [chunk('MAIL FROM:<user@client.thm>\r\n', 2), QUIT],
  },
  {
    id: 'pipelining-errors',
    category: 'pipelining',
    about: 'A pipelined group whose MAIL is refused: what RCPT and DATA get.',
    steps: [EHLO, pipelined('MAIL FROM:<user@client.thm> FOO=BAR', 'RCPT TO:<strategos@server.thm>', 'DATA'), QUIT],
  },
  {
    id: 'pipelining-rset-noop',
    category: 'pipelining',
    about: 'RSET, NOOP, MAIL, RCPT, NOOP and RSET pipelined in one write.',
    steps: [EHLO, pipelined('RSET', 'NOOP', 'MAIL FROM:<user@client.thm>', 'RCPT TO:<strategos@server.thm>', 'NOOP', 'RSET'), QUIT],
  },

  // AUTH (RFC 4954), for learner / sandbox.
  {
    id: 'auth-plain-without-tls',
    category: 'auth',
    about: 'AUTH PLAIN in plain text after EHLO.',
    steps: [EHLO, line(`AUTH PLAIN ${plain('learner', 'sandbox')}`), MAIL, QUIT],
  },
  {
    id: 'auth-login-without-tls',
    category: 'auth',
    about: 'AUTH LOGIN in plain text after EHLO, answering both prompts.',
    steps: [EHLO, line('AUTH LOGIN'), line(toBase64('learner')), line(toBase64('sandbox')), QUIT],
  },
  {
    id: 'auth-plain-tls',
    category: 'auth',
    about: 'STARTTLS, then AUTH PLAIN and a message.',
    steps: [EHLO, ...STARTTLS, EHLO, line(`AUTH PLAIN ${plain('learner', 'sandbox')}`), ...transaction(), QUIT],
  },
  {
    id: 'auth-login-tls',
    category: 'auth',
    about: 'STARTTLS, then AUTH LOGIN with its two prompts.',
    steps: [EHLO, ...STARTTLS, EHLO, line('AUTH LOGIN'), line(toBase64('learner')), line(toBase64('sandbox')), QUIT],
  },
  {
    id: 'auth-plain-prompted',
    category: 'auth',
    about: 'AUTH PLAIN without an initial response: the server prompts with an empty 334.',
    steps: [EHLO, ...STARTTLS, EHLO, line('AUTH PLAIN'), line(plain('learner', 'sandbox')), QUIT],
  },
  {
    id: 'auth-login-initial-response',
    category: 'auth',
    about: 'AUTH LOGIN with the user name as an initial response.',
    steps: [EHLO, ...STARTTLS, EHLO, line(`AUTH LOGIN ${toBase64('learner')}`), line(toBase64('sandbox')), QUIT],
  },
  {
    id: 'auth-wrong-password',
    category: 'auth',
    about: 'AUTH PLAIN with a wrong password, then the right one.',
    steps: [EHLO, ...STARTTLS, EHLO, line(`AUTH PLAIN ${plain('learner', 'wrong')}`), line(`AUTH PLAIN ${plain('learner', 'sandbox')}`), QUIT],
  },
  {
    id: 'auth-cancelled',
    category: 'auth',
    about: 'AUTH LOGIN cancelled with "*" at the first prompt.',
    steps: [EHLO, ...STARTTLS, EHLO, line('AUTH LOGIN'), line('*'), QUIT],
  },
  {
    id: 'auth-bad-base64',
    category: 'auth',
    about: 'AUTH PLAIN with an initial response that is not base64.',
    steps: [EHLO, ...STARTTLS, EHLO, line('AUTH PLAIN !!!not-base64!!!'), QUIT],
  },
  {
    id: 'auth-unknown-mechanism',
    category: 'auth',
    about: 'AUTH with a mechanism the server does not offer, and AUTH with none.',
    steps: [EHLO, ...STARTTLS, EHLO, line('AUTH CRAM-MD5'), line('AUTH'), QUIT],
  },
  {
    id: 'auth-twice',
    category: 'auth',
    about: 'A second AUTH after a successful one.',
    steps: [EHLO, ...STARTTLS, EHLO, line(`AUTH PLAIN ${plain('learner', 'sandbox')}`), line(`AUTH PLAIN ${plain('learner', 'sandbox')}`), QUIT],
  },
  {
    id: 'auth-in-transaction',
    category: 'auth',
    about: 'AUTH after MAIL, inside a transaction.',
    steps: [EHLO, ...STARTTLS, EHLO, MAIL, line(`AUTH PLAIN ${plain('learner', 'sandbox')}`), QUIT],
  },
  {
    id: 'auth-after-helo',
    category: 'auth',
    about: 'AUTH after HELO over TLS, where no extension was negotiated.',
    steps: [EHLO, ...STARTTLS, HELO, line(`AUTH PLAIN ${plain('learner', 'sandbox')}`), QUIT],
  },

  // STARTTLS (RFC 3207).
  { id: 'starttls', category: 'starttls', about: 'STARTTLS after EHLO, then EHLO again inside TLS.', steps: [EHLO, ...STARTTLS, EHLO, ...transaction(), QUIT] },
  { id: 'starttls-after-helo', category: 'starttls', about: 'STARTTLS after HELO, where it was never offered.', steps: [HELO, ...STARTTLS, EHLO, QUIT] },
  { id: 'starttls-before-helo', category: 'starttls', about: 'STARTTLS as the first command.', steps: [...STARTTLS, EHLO, QUIT] },
  {
    id: 'starttls-mid-transaction',
    category: 'starttls',
    about: 'STARTTLS after MAIL, inside a transaction: does the sender survive the handshake?',
    steps: [EHLO, MAIL, ...STARTTLS, EHLO, RCPT, QUIT],
  },
  { id: 'starttls-twice', category: 'starttls', about: 'STARTTLS again inside TLS.', steps: [EHLO, ...STARTTLS, EHLO, line('STARTTLS'), QUIT] },
  {
    id: 'starttls-no-ehlo-after',
    category: 'starttls',
    about: 'MAIL straight after the TLS handshake, without a new EHLO.',
    steps: [EHLO, ...STARTTLS, MAIL, RCPT, QUIT],
  },
  { id: 'starttls-with-argument', category: 'starttls', about: 'STARTTLS with an argument.', steps: [EHLO, line('STARTTLS now'), QUIT] },
  {
    id: 'starttls-then-plaintext',
    category: 'starttls',
    about: 'STARTTLS answered 220, then the client goes on in plain text instead of the handshake.',
    steps: [EHLO, line('STARTTLS'), line('EHLO client.thm', 'quiet'), line('QUIT', 'quiet')],
  },
  {
    id: 'starttls-injection',
    category: 'starttls',
    about: 'A command sent after STARTTLS in the same plain-text write (CVE-2011-0411): is it answered inside TLS?',
    steps: [EHLO, chunk('STARTTLS\r\nRSET\r\n', 1), TLS, EHLO, QUIT],
  },
  {
    id: 'starttls-injection-mail',
    category: 'starttls',
    about: 'MAIL FROM injected after STARTTLS in the same write: does RCPT inside TLS find a sender?',
    steps: [EHLO, chunk('STARTTLS\r\nMAIL FROM:<injected@client.thm>\r\n', 1), TLS, EHLO, RCPT, QUIT],
  },

  // CHUNKING / BDAT (RFC 3030).
  {
    id: 'bdat-one-chunk',
    category: 'bdat',
    about: 'A letter in one BDAT LAST chunk.',
    steps: [EHLO, MAIL, RCPT, bdat('Subject: BDAT\r\n\r\nOne chunk.\r\n', true), QUIT],
  },
  {
    id: 'bdat-two-chunks',
    category: 'bdat',
    about: 'A letter in two BDAT chunks, the second LAST.',
    steps: [EHLO, MAIL, RCPT, bdat('Subject: BDAT\r\n\r\nFirst chunk, ', false), bdat('second chunk.\r\n', true), QUIT],
  },
  {
    id: 'bdat-zero-last',
    category: 'bdat',
    about: 'A chunk, then BDAT 0 LAST to end the letter.',
    steps: [EHLO, MAIL, RCPT, bdat('Subject: BDAT\r\n\r\nThe end comes empty.\r\n', false), line('BDAT 0 LAST'), QUIT],
  },
  {
    id: 'bdat-then-data',
    category: 'bdat',
    about: 'DATA after a BDAT chunk, which RFC 3030 forbids.',
    steps: [EHLO, MAIL, RCPT, bdat('Subject: BDAT\r\n\r\nHalf.\r\n', false), DATA, QUIT],
  },
  {
    id: 'bdat-bad-size',
    category: 'bdat',
    about: 'BDAT without a size, and with one that is not a number.',
    steps: [EHLO, MAIL, RCPT, line('BDAT'), line('BDAT x LAST'), QUIT],
  },
  {
    id: 'bdat-without-recipients',
    category: 'bdat',
    about: 'BDAT after MAIL but before any RCPT.',
    steps: [EHLO, MAIL, bdat('Subject: BDAT\r\n\r\nNo one to send to.\r\n', true), QUIT],
  },
  {
    id: 'bdat-after-helo',
    category: 'bdat',
    about: 'BDAT after HELO, where CHUNKING was never offered.',
    steps: [HELO, MAIL, RCPT, bdat('Subject: BDAT\r\n\r\nUnoffered.\r\n', true), QUIT],
  },

  // Error limits.
  {
    id: 'error-limit-unknown',
    category: 'limits',
    about: 'Unknown commands one after another, until the server hangs up (at most 25).',
    steps: [EHLO, ...Array.from({ length: 25 }, () => line('XYZZY'))],
  },
  {
    id: 'error-limit-syntax',
    category: 'limits',
    about: 'Malformed MAIL commands one after another, until the server hangs up (at most 25).',
    steps: [EHLO, ...Array.from({ length: 25 }, () => line('MAIL FROM:<user@client.thm'))],
  },
  {
    id: 'error-limit-sequence',
    category: 'limits',
    about: 'RCPT without MAIL, again and again, until the server hangs up (at most 25).',
    steps: [EHLO, ...Array.from({ length: 25 }, () => RCPT)],
  },
  {
    id: 'noop-flood',
    category: 'limits',
    about: '125 NOOPs pipelined in one write: past Exim\u2019s smtp_accept_max_nonmail and Postfix\u2019s smtpd_junk_command_limit.',
    steps: [EHLO, pipelined(...Array.from({ length: 125 }, () => 'NOOP')), QUIT],
  },
  {
    id: 'errors-then-mail',
    category: 'limits',
    about: 'Two errors, then a whole message: errors below the limit cost nothing.',
    steps: [EHLO, line('XYZZY'), line('MAIL FROM:<user@client.thm'), ...transaction(), QUIT],
  },

  // QUIT and closing.
  { id: 'quit-mid-transaction', category: 'quit', about: 'QUIT after MAIL and RCPT: nothing is delivered.', steps: [EHLO, MAIL, RCPT, QUIT] },
  {
    id: 'quit-in-data',
    category: 'quit',
    about: 'The connection closes by the client in the middle of the letter: nothing is delivered.',
    steps: [EHLO, MAIL, RCPT, DATA, chunk('Subject: cut off\r\n\r\nHalf a letter', 0)],
  },
  { id: 'quit-with-argument', category: 'quit', about: 'QUIT with an argument, then without.', steps: [EHLO, line('QUIT now'), QUIT] },
];

/** `BDAT <size> [LAST]` and its chunk in one write, waiting for the one reply. */
function bdat(body: string, last: boolean): DialogueStep {
  return chunk(`BDAT ${encodeText(body).length}${last ? ' LAST' : ''}\r\n${body}`, 1);
}
