/**
 * Debian 12's Exim 4.96 as installed: the default sandbox, and the server of the
 * classic "telnet to port 25" exercise. Its texts, limits and habits are held to the
 * parity goldens recorded from the real binary (shared/src/parity); where they come
 * from in Exim's source, smtp_in.c and receive.c, a comment says.
 *
 * Kept from the seed session on purpose (seed-lines.ts): the banner of Ubuntu's Exim
 * 4.95 without the time, and a HELO/EHLO reply without the client's address in
 * brackets, so the classic exercise's transcript reads exactly as printed.
 */
import { eximAddress } from '../address-rules.js';
import type { Personality } from '../personality.js';
import { base62 } from '../trace.js';

export const exim: Personality = {
  id: 'exim',
  label: 'Exim-like',
  replies: {
    R220_GREETING: '{host} ESMTP Exim 4.95 Ubuntu',
    R250_HELO: '{host} Hello {client}',
    R250_EHLO: '{host} Hello {client}',
    R250_MAIL_OK: 'OK',
    R250_RCPT_OK: 'Accepted',
    R354_DATA: 'Enter message, ending with "." on a line by itself',
    R250_QUEUED: 'OK id={id}',
    R250_RSET: 'Reset OK',
    R250_NOOP: 'OK',
    R221_BYE: '{host} closing connection',
    R252_VRFY: 'Administrative prohibition',
    R502_EXPN: { code: 550, text: 'Administrative prohibition' },
    R501_EXPN: { code: 550, text: 'Administrative prohibition' }, // Exim refuses EXPN before it looks at the argument
    R214_HELP: 'Commands supported:\nAUTH STARTTLS HELO EHLO MAIL RCPT DATA BDAT NOOP QUIT RSET HELP',
    R500_UNKNOWN: 'unrecognized command',
    R500_EMPTY_LINE: 'unrecognized command',
    R500_LINE_TOO_LONG: 'unrecognized command', // each full buffer of a longer line is read as a command
    R500_BAD_CHARACTERS: { code: 501, text: 'NUL characters are not allowed in SMTP commands' },
    R501_HELO: 'Syntactically invalid HELO argument(s)',
    R501_EHLO: 'Syntactically invalid EHLO argument(s)',
    R501_MAIL: '{detail}',
    R501_RCPT: '{detail}',
    R501_PARAMETERS: '{detail}',
    R501_NO_ARGUMENTS: 'unexpected argument data',
    R503_NEED_HELO: 'HELO or EHLO required',
    R503_NEED_MAIL: 'sender not yet given',
    R503_NEED_RCPT: 'valid RCPT command must precede DATA',
    R503_NESTED_MAIL: 'sender already given',
    R554_NO_VALID_RCPTS: { code: 503, text: 'valid RCPT command must precede DATA' },
    R503_AUTH_DONE: 'already authenticated',
    R503_AUTH_IN_TRANSACTION: 'not permitted in mail transaction',
    R503_AUTH_NOT_OFFERED: 'AUTH command used when not advertised',
    R504_AUTH_MECHANISM: '{param} authentication mechanism not supported',
    R235_AUTH_OK: 'Authentication succeeded',
    R535_AUTH_FAILED: 'Incorrect authentication data',
    R501_AUTH_CANCELLED: 'Authentication cancelled',
    R501_AUTH_BASE64: 'Invalid base64 data',
    R501_AUTH: { code: 504, text: ' authentication mechanism not supported' }, // AUTH with no mechanism: the name is empty
    R220_STARTTLS: 'TLS go ahead',
    R503_TLS_ACTIVE: 'STARTTLS command used when not advertised',
    R503_STARTTLS_NOT_OFFERED: 'STARTTLS command used when not advertised',
    R501_VRFY: 'empty address',
    R530_AUTH_REQUIRED: 'Authentication required',
    R550_UNKNOWN_USER: 'Unrouteable address',
    // Not in Debian's configuration: the spec's DMARC example ACL (deny dmarc_status = reject).
    R550_DMARC_REJECT: "Message from {detail} failed sender's DMARC policy, REJECT",
    R554_RELAY_DENIED: { code: 550, text: 'relay not permitted' },
    R552_SIZE_DECLARED: 'Message size exceeds maximum permitted',
    R552_TOO_BIG: 'Message size exceeds maximum permitted',
    R452_TOO_MANY_RCPTS: 'too many recipients',
    R421_TOO_MANY_ERRORS: 'Too many syntax or protocol errors',
    // smtp_in.c: smtp_command_timeout_exit, smtp_command_sigterm_exit, and the
    // smtp_accept_max check.
    R421_TIMEOUT: '{host}: SMTP command timeout - closing connection',
    R421_SHUTTING_DOWN: '{host}: Service not available - closing connection',
    R421_TOO_MANY_CONNECTIONS: '{host}: Too many concurrent SMTP connections; please try again later',
    // daemon.c, smtp_accept_max_per_host: said before the greeting, without the host name.
    R421_TOO_MANY_FROM_CLIENT: 'Too many concurrent SMTP connections from this IP address; please try again later.',
    // Exim reads what follows the address as more of it: "may not follow".
    R555_UNSUPPORTED_PARAM: { code: 501, text: '<{address}> {rest}: malformed address: {rest32} may not follow <{address}> ' },
    R501_BAD_BODY: 'invalid data for BODY',
    R501_SMTPUTF8_NOT_OFFERED: 'SMTPUTF8 used when not advertised',
    // -- extensions (ETRN, DSN, CHUNKING, PRDR): real Exim 4.96's words, smtp_in.c and receive.c
    R503_ETRN_IN_TRANSACTION: 'ETRN is not permitted inside a transaction',
    R501_BDAT: 'missing size for BDAT command',
    R250_CHUNK: '{size} byte chunk received',
    R250_CHUNK_QUEUED: ' {size} byte chunk, total {total}\nOK id={id}',
    R503_BDAT_NEED_RCPT: 'valid RCPT command must precede BDAT',
    R554_BDAT_NO_RCPTS: { code: 503, text: 'valid RCPT command must precede BDAT' },
    R503_MAIL_AFTER_BDAT: 'only BDAT permissible after non-LAST BDAT',
    R503_RCPT_AFTER_BDAT: 'only BDAT permissible after non-LAST BDAT',
    R503_DATA_AFTER_BDAT: 'only BDAT permissible after non-LAST BDAT',
  },
  // Debian's Exim 4.96 in this order; AUTH only once TLS is on (auth_advertise_hosts), where STARTTLS is gone.
  ehlo: ['SIZE', '8BITMIME', 'PIPELINING', 'PIPECONNECT', 'AUTH', 'CHUNKING', 'STARTTLS', 'PRDR', 'HELP'],
  enhancedCodes: 'never',
  maxMessageSize: 52428800,
  // smtp_max_synprot_errors is 3 and Exim checks `++count > max`: the fourth error ends
  // it, as a last line of that error's own reply rather than a separate 421.
  maxErrors: 4,
  errorLimit: 'last-line',
  maxUnknown: 4, // smtp_max_unknown_commands 3, counted the same way
  nonmail: { max: 10, past: 'hang-up' }, // smtp_accept_max_nonmail
  // Exim has no recipient limit by default (recipients_max 0); this bound only keeps
  // memory in check (the corpus sends 1001), and no client of a practice server gets near it.
  maxRecipients: 5_000,
  // smtp_cmd_buffer_size: 16384 octets before the LF (a CR counts), read a buffer at a time.
  commandLine: { max: 16_385, overflow: 'split' },
  maxTextLine: 998, // Debian's acl_check_data: "maximum allowed line length is 998 octets"
  sequence: {},
  strictMailPrefix: true,
  vrfyChecksRecipient: false, // 252 Administrative prohibition, whoever is asked about
  address: eximAddress,
  strictSmtputf8: false,
  anyHeloName: false,
  badSize: 'ignore',
  repeatsRcptRefusal: true,
  argumentIgnored: [],
  unknownVerbs: [],
  extensionsNeedEhlo: true,
  syncCheck: true,
  commandBytes: { nul: 'refuse', utf8: 'lenient' }, // smtp_read_command: "NULs are not allowed in SMTP commands"
  handshakeFailure: 'alert', // Debian builds Exim with GnuTLS
  letterEnd: 'crlf',
  queueId(ms, random) {
    // Exim 4.95 ids are time-pid-fraction in base 62: 6 + 6 + 2 digits. The "pid" is a
    // random number in the range real process ids take; the fraction is the time
    // within the second in Exim's 1/2000 s steps.
    const seconds = Math.floor(ms / 1000);
    const pid = 1000 + Math.floor(random() * 4_000_000);
    const fraction = Math.floor((ms % 1000) * 2 + random() * 2) % 2000;
    return `${base62(seconds, 6)}-${base62(pid, 6)}-${base62(fraction, 2)}`;
  },
  received(t) {
    // Exim's default received_header_text ($sender_rcvhost, then "for" and the time on
    // one line); "for" appears only with exactly one recipient.
    const from =
      t.clientName === null
        ? `[${t.clientAddress}] (helo=${t.helo})`
        : t.clientName === t.helo
          ? `${t.helo} ([${t.clientAddress}])`
          : `${t.clientName} ([${t.clientAddress}] helo=${t.helo})`;
    // Exim writes the protocol without Node's "v": "(TLS1.3) tls TLS_AES_256_GCM_SHA384".
    const tls = t.tls ? ` (${t.tls.protocol.replace('TLSv', 'TLS')}) tls ${t.tls.cipher}\r\n\t` : ' ';
    const lines = [`Received: from ${from}`, `\tby ${t.host} with ${t.protocol.toLowerCase()}${tls}(Exim 4.95)`, `\t(envelope-from <${t.mailFrom}>)`];
    lines.push(t.rcptTo.length === 1 ? `\tid ${t.id}\r\n\tfor ${t.rcptTo[0]}; ${t.date}` : `\tid ${t.id}; ${t.date}`);
    return `${lines.join('\r\n')}\r\n`;
  },
};
