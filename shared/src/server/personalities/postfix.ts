/**
 * Debian 12's Postfix 3.7 smtpd with Debian's default settings. Its texts, limits and
 * habits are held to the parity goldens recorded from the real binary
 * (shared/src/parity); they come from src/smtpd/smtpd.c and smtpd_check.c. Like the
 * real one it prefixes enhanced status codes to every reply, even after plain HELO.
 */
import { postfixAddress } from '../address-rules.js';
import type { Personality } from '../personality.js';

export const postfix: Personality = {
  id: 'postfix',
  label: 'Postfix-like',
  replies: {
    R220_GREETING: '{host} ESMTP Postfix (Debian/GNU)',
    R250_HELO: '{host}',
    R250_EHLO: '{host}',
    R250_MAIL_OK: 'Ok',
    R250_RCPT_OK: 'Ok',
    R354_DATA: 'End data with <CR><LF>.<CR><LF>',
    R250_QUEUED: 'Ok: queued as {id}',
    R250_RSET: 'Ok',
    R250_NOOP: 'Ok',
    R221_BYE: 'Bye',
    R252_VRFY: '{address}',
    R501_VRFY: 'Syntax: VRFY address [SMTPUTF8]',
    R503_TLS_ACTIVE: { code: 554, enhanced: '5.5.1', text: 'Error: TLS already active' },
    R501_BAD_SIZE: 'Bad message size syntax',
    R501_AUTH_BASE64: { code: 535, enhanced: '5.7.8', text: 'Error: authentication failed: bad protocol / cancel' },
    R500_UNKNOWN: 'Error: command not recognized',
    R500_LINE_TOO_LONG: 'Error: line too long',
    R500_BAD_CHARACTERS: 'Error: bad UTF-8 syntax', // smtpd.c, with smtputf8_enable = yes
    // smtpd.c answers these without an enhanced code.
    R501_HELO: { code: 501, enhanced: null, text: 'Syntax: HELO hostname' },
    R501_EHLO: { code: 501, enhanced: null, text: 'Syntax: EHLO hostname' },
    R501_MAIL: 'Syntax: MAIL FROM:<address>',
    R501_RCPT: 'Syntax: RCPT TO:<address>',
    R501_PARAMETERS: 'Bad parameter syntax',
    R501_NO_ARGUMENTS: 'Syntax: {verb}',
    R501_NO_ADDRESS: 'Syntax: {verb} {preposition}:<address>',
    R503_NEED_HELO: 'Error: send HELO/EHLO first',
    R503_NEED_MAIL: 'Error: need MAIL command',
    R503_NEED_RCPT: 'Error: need RCPT command',
    R503_NESTED_MAIL: 'Error: nested MAIL command',
    R554_NO_VALID_RCPTS: 'Error: no valid recipients',
    R503_AUTH_DONE: 'Error: already authenticated',
    R503_AUTH_IN_TRANSACTION: 'Error: MAIL transaction in progress',
    R503_AUTH_NOT_OFFERED: 'Error: authentication not enabled',
    R504_AUTH_MECHANISM: { code: 535, enhanced: '5.7.8', text: 'Error: authentication failed: no mechanism available' },
    R235_AUTH_OK: 'Authentication successful',
    R535_AUTH_FAILED: 'Error: authentication failed: authentication failure',
    R501_AUTH_CANCELLED: 'Authentication aborted',
    R530_AUTH_REQUIRED: 'Authentication required',
    R550_UNKNOWN_USER: '<{address}>: Recipient address rejected: User unknown in local recipient table',
    R554_RELAY_DENIED: '<{address}>: Relay access denied',
    R552_SIZE_DECLARED: 'Message size exceeds fixed limit',
    R552_TOO_BIG: 'Error: message file too big',
    R452_TOO_MANY_RCPTS: 'Error: too many recipients',
    R451_GREYLISTED: '<{address}>: Recipient address rejected: Greylisted, please try again later',
    R554_SYNC_ERROR: 'Error: SMTP protocol synchronization',
    R421_TOO_MANY_ERRORS: '{host} Error: too many errors',
    // smtpd.c, smtpd_client_connection_count_limit (anvil's count, 50 by default).
    R421_TOO_MANY_FROM_CLIENT: '{host} Error: too many connections from {ip}',
    R555_UNSUPPORTED_PARAM: 'Unsupported option: {param}',
    R501_BAD_BODY: { code: 555, enhanced: '5.5.4', text: 'Unsupported option: BODY={param}' }, // an unknown BODY is an unknown option
  },
  // Debian's Postfix 3.7 in this order; AUTH only once TLS is on (smtpd_tls_auth_only).
  ehlo: ['PIPELINING', 'SIZE', 'VRFY', 'ETRN', 'STARTTLS', 'AUTH', 'ENHANCEDSTATUSCODES', '8BITMIME', 'DSN', 'SMTPUTF8', 'CHUNKING'],
  enhancedCodes: 'always',
  maxMessageSize: 10240000,
  maxErrors: 20, // smtpd_hard_error_limit
  errorLimit: 'before-next',
  maxUnknown: null,
  nonmail: { max: 100, past: 'count-error' }, // smtpd_junk_command_limit
  maxRecipients: 1000, // smtpd_recipient_limit
  commandLine: { max: 2048, overflow: 'truncate' }, // line_length_limit
  maxTextLine: null,
  sequence: { MAIL: { greeting: null } }, // smtpd_helo_required = no
  strictMailPrefix: false,
  vrfyChecksRecipient: true, // smtpd.c vrfy_cmd: smtpd_check_rcpt before the 252
  address: postfixAddress,
  strictSmtputf8: false, // strict_smtputf8 = no
  anyHeloName: true,
  badSize: 'refuse',
  repeatsRcptRefusal: false,
  argumentIgnored: ['QUIT'],
  unknownVerbs: ['HELP', 'EXPN'],
  extensionsNeedEhlo: false,
  syncCheck: false,
  commandBytes: { nul: 'ends-line', utf8: 'refuse' }, // smtpd.c reads the line as a C string
  handshakeFailure: 'close', // OpenSSL
  letterEnd: 'any-lf', // Debian 12: smtpd_forbid_bare_newline = no
  queueId(ms, random) {
    // Postfix short ids: the microseconds of the time in 5 hex digits, then the queue
    // file's inode number in hex (here a random one of realistic size), upper case.
    const micro = ((ms % 1000) * 1000 + Math.floor(random() * 1000)) % 1_000_000;
    const inode = 0x10000 + Math.floor(random() * 0xeffff);
    return (micro.toString(16).padStart(5, '0') + inode.toString(16)).toUpperCase();
  },
  received(t) {
    const name = t.clientName ?? 'unknown';
    const lines = [`Received: from ${t.helo} (${name} [${t.clientAddress}])`];
    if (t.tls) lines.push(`\t(using ${t.tls.protocol} with cipher ${t.tls.cipher})`);
    if (t.authUser) lines.push(`\t(Authenticated sender: ${t.authUser})`);
    const by = `\tby ${t.host} (Postfix) with ${t.protocol} id ${t.id}`;
    const stamp = `${t.date} (UTC)`;
    // One recipient: "for <rcpt>; date". Several: the by line ends in ";", the date on its own.
    if (t.rcptTo.length === 1) lines.push(by, `\tfor <${t.rcptTo[0]}>; ${stamp}`);
    else lines.push(`${by};`, `\t${stamp}`);
    return `${lines.join('\r\n')}\r\n`;
  },
};
