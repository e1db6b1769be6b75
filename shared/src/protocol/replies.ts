/**
 * Every reply the sandbox can send, as data: code, enhanced status code (RFC 3463),
 * a neutral default text, a plain-language explanation and the RFC section.
 * Personalities (server/personalities/*) replace `text` with what Exim or Postfix say.
 *
 * Texts may hold placeholders, filled by `renderReply` (the one place a reply is made):
 *   {host} our host name · {client} the client's HELO name · {ip} its address
 *   {address} the mailbox in question · {detail} what exactly was wrong
 *   {id} the queue id · {size} a size in octets · {verb} the command · {param} a parameter
 *
 * Keys embed the code (R503_NEED_MAIL is a 503); a test checks the digits match.
 */
import type { Personality } from '../server/personality.js';
import type { Reply } from './reply.js';

export interface CatalogueEntry {
  code: number;
  /** Sent where the personality sends enhanced codes (Postfix: always; Exim: never). */
  enhanced: string | null;
  text: string;
  /** What the reply means, for a learner. */
  explain: string;
  /** Where the rule comes from. */
  rfc: string;
}

export const REPLIES = {
  // -- 2xx: done ------------------------------------------------------------
  R211_STATUS: { code: 211, enhanced: null, text: 'System status', explain: 'A status or help reply.', rfc: 'RFC 5321 4.2.3' },
  R214_HELP: {
    code: 214,
    enhanced: '2.0.0',
    text: 'Commands: HELO EHLO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP',
    explain: 'Help text for a human reading the session.',
    rfc: 'RFC 5321 4.1.1.8',
  },
  R220_GREETING: {
    code: 220,
    enhanced: null,
    text: '{host} ESMTP',
    explain: 'The server is ready: the conversation may begin with HELO or EHLO.',
    rfc: 'RFC 5321 3.1, 4.3.1',
  },
  R220_STARTTLS: {
    code: 220,
    enhanced: '2.0.0',
    text: 'Ready to start TLS',
    explain: 'Start the TLS handshake now; afterwards say EHLO again, because everything before TLS is forgotten.',
    rfc: 'RFC 3207 4',
  },
  R221_BYE: {
    code: 221,
    enhanced: '2.0.0',
    text: '{host} closing connection',
    explain: 'Goodbye: the server closes the connection.',
    rfc: 'RFC 5321 4.1.1.10',
  },
  R235_AUTH_OK: {
    code: 235,
    enhanced: '2.7.0',
    text: 'Authentication succeeded',
    explain: 'You are logged in; the server may now relay for you.',
    rfc: 'RFC 4954 6',
  },
  R250_HELO: {
    code: 250,
    enhanced: null,
    text: '{host} Hello {client}',
    explain: 'The server greets you back. Mail transactions may start.',
    rfc: 'RFC 5321 4.1.1.1',
  },
  R250_EHLO: {
    code: 250,
    enhanced: null,
    text: '{host} Hello {client}',
    explain: 'The server greets you back and lists the extensions it supports, one per line.',
    rfc: 'RFC 5321 4.1.1.1',
  },
  R250_MAIL_OK: { code: 250, enhanced: '2.1.0', text: 'OK', explain: 'The return address is accepted; a new transaction has begun.', rfc: 'RFC 5321 4.1.1.2' },
  R250_RCPT_OK: { code: 250, enhanced: '2.1.5', text: 'Accepted', explain: 'This recipient is accepted. Add more, or send DATA.', rfc: 'RFC 5321 4.1.1.3' },
  R250_QUEUED: {
    code: 250,
    enhanced: '2.0.0',
    text: 'OK id={id}',
    explain: 'The message is accepted and now the server’s responsibility; the id is your receipt.',
    rfc: 'RFC 5321 4.1.1.4',
  },
  R250_RSET: {
    code: 250,
    enhanced: '2.0.0',
    text: 'Reset OK',
    explain: 'The transaction is forgotten: no sender, no recipients. You stay greeted.',
    rfc: 'RFC 5321 4.1.1.5',
  },
  R250_NOOP: { code: 250, enhanced: '2.0.0', text: 'OK', explain: 'Nothing was done; the server is alive.', rfc: 'RFC 5321 4.1.1.9' },
  R252_VRFY: {
    code: 252,
    enhanced: '2.0.0',
    text: 'Cannot VRFY user, but will accept message and attempt delivery',
    explain: 'The server will not confirm whether a user exists (that would help spammers), but would accept mail for it.',
    rfc: 'RFC 5321 3.5.3, 7.3',
  },
  // -- 3xx: go on -----------------------------------------------------------
  R334_CHALLENGE: { code: 334, enhanced: null, text: '{detail}', explain: 'The server waits for the next piece of your login, in base64.', rfc: 'RFC 4954 4' },
  R354_DATA: {
    code: 354,
    enhanced: null,
    text: 'Enter message, ending with "." on a line by itself',
    explain: 'Send the message now: headers, a blank line, the body, then a line with only a dot.',
    rfc: 'RFC 5321 4.1.1.4',
  },
  // -- 4xx: not now, try again later ----------------------------------------
  R421_TOO_MANY_ERRORS: {
    code: 421,
    enhanced: '4.7.0',
    text: '{host} Error: too many errors',
    explain: 'Too many mistakes in one session: the server hangs up. Connect again to retry.',
    rfc: 'RFC 5321 4.2.2, 3.8',
  },
  R421_SHUTTING_DOWN: {
    code: 421,
    enhanced: '4.3.2',
    text: '{host} Service not available, closing transmission channel',
    explain:
      'Service not available: the server cannot take mail now (it is going down, or overloaded) and closes the connection. Nothing is lost: a mail program keeps the message and tries again later.',
    rfc: 'RFC 5321 3.1, 3.8, 4.2.3',
  },
  R421_TOO_MANY_CONNECTIONS: {
    code: 421,
    enhanced: '4.3.2',
    text: '{host} Too many connections, try again later',
    explain:
      'The server already has as many connections as it takes, so it refuses this one instead of greeting it. A temporary failure: connect again in a while.',
    rfc: 'RFC 5321 3.1, 4.2.3',
  },
  R421_TOO_MANY_FROM_CLIENT: {
    code: 421,
    enhanced: '4.7.0',
    text: '{host} Error: too many connections from {ip}',
    explain:
      'This client address already has as many connections open as the server allows one address, so this one is refused; others can still connect. Close some, or connect again in a while.',
    rfc: 'RFC 5321 3.1, 4.2.3',
  },
  R421_TIMEOUT: {
    code: 421,
    enhanced: '4.4.2',
    text: '{host} Error: timeout exceeded',
    // The sandbox's session deadline says this too: a time limit is what real servers have words for.
    explain:
      'The client was too slow: silent for too long, or (the sandbox’s own bound) connected longer than a session may last. The server hangs up; connect again to go on. A transaction that was open is lost.',
    rfc: 'RFC 5321 4.5.3.2.7',
  },
  R451_GREYLISTED: {
    code: 451,
    enhanced: '4.7.1',
    text: 'Greylisted, please try again later',
    explain:
      'Greylisting: this server remembers each (client address, sender, recipient) triplet and refuses a new one for a while, however often it is tried: every retry before the delay has passed gets this reply again, and the first one after it is let through. Real mail programs queue the message and retry; most spam programs do not.',
    rfc: 'RFC 6647; RFC 5321 4.5.4.1',
  },
  R452_MAILBOX_FULL: {
    code: 452,
    enhanced: '4.2.2',
    text: '<{address}>: Recipient address rejected: Mailbox full',
    explain:
      'This mailbox is over its quota for now. A temporary failure: the sender keeps the message and tries again later, when the owner may have made room.',
    rfc: 'RFC 5321 4.2.2; RFC 3463, code 4.2.2',
  },
  R452_TOO_MANY_RCPTS: {
    code: 452,
    enhanced: '4.5.3',
    text: 'Too many recipients',
    explain: 'This message has as many recipients as the server takes at once. Send the rest in another transaction.',
    rfc: 'RFC 5321 4.5.3.1.10',
  },
  R454_TLS_UNAVAILABLE: {
    code: 454,
    enhanced: '4.7.0',
    text: 'TLS not available due to temporary reason',
    explain: 'TLS cannot be started here right now.',
    rfc: 'RFC 3207 4',
  },
  // -- 5xx: no ----------------------------------------------------------------
  // Postfix's smtpd_forbid_bare_newline = reject (3.9; 3.8.5, 3.7.10, 3.6.14 and 3.5.24 on):
  // "%d 5.5.2 %s Error: bare <LF> received" with smtpd_forbid_bare_newline_reject_code,
  // 550 by default. After a command, smtpd.c leaves its command loop: the connection closes.
  R550_BARE_LF: {
    code: 550,
    enhanced: '5.5.2',
    text: '{host} Error: bare <LF> received',
    explain:
      'This server insists on CRLF line endings, as Postfix does with smtpd_forbid_bare_newline = reject: lenient line endings are what SMTP smuggling exploits. A command that ends in a bare LF gets this reply and the server hangs up; a message with a bare LF in it is refused after its final dot, and the session goes on.',
    rfc: 'RFC 5321 2.3.8, 4.1.1.4',
  },
  R500_UNKNOWN: {
    code: 500,
    enhanced: '5.5.2',
    text: 'unrecognized command',
    explain: 'The server does not know this command. Check the spelling: HELO, EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT.',
    rfc: 'RFC 5321 4.2.4',
  },
  R500_EMPTY_LINE: {
    code: 500,
    enhanced: '5.5.2',
    text: 'Error: bad syntax', // Postfix's words; Exim calls it an unrecognized command
    explain: 'An empty line, or one that starts with a space, is no command: a command starts with its name.',
    rfc: 'RFC 5321 4.1.1',
  },
  R500_TOO_MANY_UNKNOWN: {
    code: 500,
    enhanced: '5.5.1',
    text: 'Too many unrecognized commands', // Exim's smtp_max_unknown_commands
    explain: 'Too many commands this server does not know, one after another: it hangs up. Check the spelling, then connect again.',
    rfc: 'RFC 5321 4.2.4',
  },
  R500_LINE_TOO_LONG: {
    code: 500,
    enhanced: '5.5.2',
    text: 'Line too long',
    explain:
      'The command line was longer than this server reads at once (RFC 5321 4.5.3.1.4 asks servers to take at least 512 octets); Exim reads each 16 KiB piece of it as a command of its own.',
    rfc: 'RFC 5321 4.5.3.1.4, 4.5.3.1.9',
  },
  R500_BAD_CHARACTERS: {
    code: 500,
    enhanced: '5.5.2',
    text: 'Command contains invalid characters',
    explain:
      'The server would not read this command line at all: it held a byte the server refuses. Exim refuses a NUL byte; Postfix refuses bytes that are not UTF-8. Commands are plain text.',
    rfc: 'RFC 5321 2.4',
  },
  R501_HELO: {
    code: 501,
    enhanced: '5.5.4',
    text: 'Syntax: HELO hostname',
    explain: 'HELO needs exactly one argument: your host name or an address literal.',
    rfc: 'RFC 5321 4.1.1.1',
  },
  R501_EHLO: {
    code: 501,
    enhanced: '5.5.4',
    text: 'Syntax: EHLO hostname',
    explain: 'EHLO needs exactly one argument: your host name or an address literal.',
    rfc: 'RFC 5321 4.1.1.1',
  },
  R501_MAIL: {
    code: 501,
    enhanced: '5.5.4',
    text: 'Syntax: MAIL FROM:<address>',
    explain: 'The MAIL command is malformed: it is MAIL FROM:<address>, in angle brackets.',
    rfc: 'RFC 5321 4.1.1.2',
  },
  R501_RCPT: {
    code: 501,
    enhanced: '5.5.4',
    text: 'Syntax: RCPT TO:<address>',
    explain: 'The RCPT command is malformed: it is RCPT TO:<address>, in angle brackets.',
    rfc: 'RFC 5321 4.1.1.3',
  },
  R501_ADDRESS: {
    code: 501,
    enhanced: '5.1.3',
    text: '{address}: {detail}', // Exim's form: the address as sent, then what is wrong with it
    explain: 'The address is malformed: it is local-part@domain, in angle brackets, with a domain of dot-separated names.',
    rfc: 'RFC 5321 4.1.2',
  },
  R501_NO_ADDRESS: {
    code: 501,
    enhanced: '5.5.4',
    text: '{verb} must have an address operand', // Exim's words
    explain: 'Nothing after the colon: MAIL FROM and RCPT TO need an address in angle brackets (the empty sender is written <>).',
    rfc: 'RFC 5321 4.1.1.2, 4.1.1.3',
  },
  R501_BAD_SENDER: {
    code: 501,
    enhanced: '5.1.7',
    text: 'Bad sender address syntax', // Postfix's words
    explain: 'The return address is malformed: it is <local-part@domain>, with a domain of dot-separated names.',
    rfc: 'RFC 5321 4.1.2; RFC 3463, code 5.1.7',
  },
  R501_BAD_RECIPIENT: {
    code: 501,
    enhanced: '5.1.3',
    text: 'Bad recipient address syntax', // Postfix's words
    explain: 'The recipient address is malformed: it is <local-part@domain>, with a domain of dot-separated names.',
    rfc: 'RFC 5321 4.1.2; RFC 3463, code 5.1.3',
  },
  R501_PARAMETERS: {
    code: 501,
    enhanced: '5.5.4',
    text: 'Syntax error in parameters or arguments',
    explain: 'The ESMTP parameters after the address are malformed.',
    rfc: 'RFC 5321 4.1.2',
  },
  R501_NO_ARGUMENTS: { code: 501, enhanced: '5.5.4', text: 'Syntax: {verb}', explain: 'This command takes no argument.', rfc: 'RFC 5321 4.1.1' },
  R501_VRFY: { code: 501, enhanced: '5.5.4', text: 'Syntax: VRFY address', explain: 'VRFY needs a user name or address.', rfc: 'RFC 5321 4.1.1.6' },
  R501_EXPN: { code: 501, enhanced: '5.5.4', text: 'Syntax: EXPN mailing-list', explain: 'EXPN needs a list name.', rfc: 'RFC 5321 4.1.1.7' },
  R501_AUTH: {
    code: 501,
    enhanced: '5.5.4',
    text: 'Syntax: AUTH mechanism',
    explain: 'AUTH takes a mechanism name (PLAIN or LOGIN) and an optional initial response.',
    rfc: 'RFC 4954 4',
  },
  R501_AUTH_CANCELLED: {
    code: 501,
    enhanced: '5.7.0',
    text: 'Authentication aborted',
    explain: 'You answered "*", which cancels the login.',
    rfc: 'RFC 4954 4',
  },
  R501_AUTH_BASE64: { code: 501, enhanced: '5.5.2', text: 'Cannot decode response', explain: 'The login answer is not valid base64.', rfc: 'RFC 4954 4' },
  R501_BDAT: { code: 501, enhanced: '5.5.4', text: 'Syntax: BDAT count [LAST]', explain: 'BDAT takes a byte count and optionally LAST.', rfc: 'RFC 3030 2' },
  R501_BAD_SIZE: { code: 501, enhanced: '5.5.4', text: 'Bad message size syntax', explain: 'SIZE= must be a number of octets.', rfc: 'RFC 1870 6' },
  R501_BAD_BODY: { code: 501, enhanced: '5.5.4', text: 'Bad BODY keyword: {param}', explain: 'BODY= must be 7BIT or 8BITMIME.', rfc: 'RFC 6152' },
  R501_SMTPUTF8_NOT_OFFERED: {
    code: 501,
    enhanced: '5.5.4',
    text: 'SMTPUTF8 was not offered',
    explain:
      'The client asked for SMTPUTF8 on MAIL, but this server’s EHLO reply never offered it. A client may use an extension only if the server listed it.',
    rfc: 'RFC 6531',
  },
  R502_UNIMPLEMENTED: {
    code: 502,
    enhanced: '5.5.1',
    text: 'Command not implemented',
    explain: 'A real SMTP command, but this server does not offer it.',
    rfc: 'RFC 5321 4.2.4',
  },
  R502_EXPN: {
    code: 502,
    enhanced: '5.5.1',
    text: 'EXPN not available',
    explain: 'The server will not expand mailing lists (it would reveal addresses).',
    rfc: 'RFC 5321 3.5.2, 7.3',
  },
  R503_NEED_HELO: {
    code: 503,
    enhanced: '5.5.1',
    text: 'Error: send HELO/EHLO first',
    explain: 'Out of order: say HELO or EHLO before starting a message.',
    rfc: 'RFC 5321 4.1.4',
  },
  R503_NEED_MAIL: {
    code: 503,
    enhanced: '5.5.1',
    text: 'Error: need MAIL command',
    explain: 'Out of order: give the return address with MAIL FROM first.',
    rfc: 'RFC 5321 4.1.4',
  },
  R503_NEED_RCPT: {
    code: 503,
    enhanced: '5.5.1',
    text: 'Error: need RCPT command',
    explain: 'Out of order: name at least one recipient with RCPT TO before DATA.',
    rfc: 'RFC 5321 4.1.4',
  },
  R503_NESTED_MAIL: {
    code: 503,
    enhanced: '5.5.1',
    text: 'Error: nested MAIL command',
    explain: 'A transaction is already open. Finish it with DATA, or RSET to start over.',
    rfc: 'RFC 5321 4.1.4',
  },
  R503_ALL_RCPTS_REFUSED: {
    code: 503,
    enhanced: '5.5.1',
    text: 'All RCPT commands were rejected with this error:\n{refusal}\nValid RCPT command must precede DATA', // Exim's words
    explain: 'DATA after recipients that were all refused the same way: the server repeats that refusal, since there is no one to deliver to.',
    rfc: 'RFC 5321 3.3',
  },
  R503_AUTH_DONE: { code: 503, enhanced: '5.5.1', text: 'Error: already authenticated', explain: 'You are already logged in.', rfc: 'RFC 4954 4' },
  R503_AUTH_IN_TRANSACTION: {
    code: 503,
    enhanced: '5.5.1',
    text: 'Error: MAIL transaction in progress',
    explain: 'AUTH is only allowed before MAIL FROM. RSET first.',
    rfc: 'RFC 4954 4',
  },
  R503_AUTH_NOT_OFFERED: {
    code: 503,
    enhanced: '5.5.1',
    text: 'Error: authentication not enabled',
    explain: 'This server does not offer AUTH here (it is not in the EHLO list).',
    rfc: 'RFC 4954 4',
  },
  R503_STARTTLS_NOT_OFFERED: {
    code: 503,
    enhanced: '5.5.1',
    text: 'STARTTLS command used when not advertised', // Exim's words; Postfix takes STARTTLS after HELO too
    explain: 'STARTTLS was not in this server’s EHLO reply (say EHLO, not HELO, first), so it refuses it.',
    rfc: 'RFC 3207 4',
  },
  R503_TLS_ACTIVE: { code: 503, enhanced: '5.5.1', text: 'Error: TLS already active', explain: 'The connection is already encrypted.', rfc: 'RFC 3207 4.2' },
  R504_AUTH_MECHANISM: {
    code: 504,
    enhanced: '5.5.4',
    text: 'Unrecognized authentication type',
    explain: 'The server does not offer that login mechanism; EHLO lists the ones it does.',
    rfc: 'RFC 4954 4',
  },
  R530_AUTH_REQUIRED: {
    code: 530,
    enhanced: '5.7.0',
    text: 'Authentication required',
    explain: 'This server only takes mail from logged-in users: use AUTH first.',
    rfc: 'RFC 4954 6',
  },
  R530_TLS_REQUIRED: {
    code: 530,
    enhanced: '5.7.0',
    text: 'Must issue a STARTTLS command first',
    explain: 'This server wants an encrypted connection before this command: use STARTTLS.',
    rfc: 'RFC 3207 4',
  },
  R535_AUTH_FAILED: { code: 535, enhanced: '5.7.8', text: 'Authentication credentials invalid', explain: 'Wrong user name or password.', rfc: 'RFC 4954 6' },
  R550_UNKNOWN_USER: {
    code: 550,
    enhanced: '5.1.1',
    text: '<{address}>: Recipient address rejected: User unknown',
    explain: 'No such mailbox here. A permanent failure: retrying will not help.',
    rfc: 'RFC 5321 4.2.2; RFC 3463, code 5.1.1',
  },
  R552_SIZE_DECLARED: {
    code: 552,
    enhanced: '5.3.4',
    text: 'Message size exceeds fixed limit',
    explain: 'The SIZE you declared is larger than this server accepts (see SIZE in the EHLO list).',
    rfc: 'RFC 1870 6',
  },
  R552_TOO_BIG: {
    code: 552,
    enhanced: '5.3.4',
    text: 'Message size exceeds fixed limit',
    explain: 'The message was larger than this server accepts; nothing was stored.',
    rfc: 'RFC 1870 6; RFC 5321 4.5.3.1.7, 4.5.3.1.9',
  },
  R552_MAILBOX_FULL: {
    code: 552,
    enhanced: '5.2.2',
    text: '<{address}>: Recipient address rejected: Mailbox full',
    explain: 'This mailbox is full and the server says so permanently: the sender gets a bounce instead of trying again.',
    rfc: 'RFC 5321 4.2.2; RFC 3463, code 5.2.2',
  },
  R553_UTF8_REQUIRED: {
    code: 553,
    enhanced: '5.6.7',
    text: 'Must declare SMTPUTF8 to send unicode address',
    explain: 'This address has non-ASCII characters: add SMTPUTF8 to MAIL FROM (after EHLO).',
    rfc: 'RFC 6531',
  },
  R554_RELAY_DENIED: {
    code: 554,
    enhanced: '5.7.1',
    text: '<{address}>: Relay access denied',
    explain:
      'This server is not the destination for that domain and will not pass mail on for you (that would make it an open relay). Log in with AUTH, or send to a local domain.',
    rfc: 'RFC 5321 3.6.2, 7.1',
  },
  R554_NO_VALID_RCPTS: {
    code: 554,
    enhanced: '5.5.1',
    text: 'Error: no valid recipients',
    explain: 'No recipient was accepted (none was given, or every one was refused), so there is no one to deliver to.',
    rfc: 'RFC 5321 3.3',
  },
  R550_LINE_TOO_LONG: {
    code: 550,
    enhanced: '5.6.0',
    text: 'maximum allowed line length is {limit} octets, got {size}', // Debian's Exim ACL (acl_check_data)
    explain:
      'A line of the message was longer than this server takes (RFC 5322 allows 998 characters, and RFC 5321’s limit is 1000 octets with the CRLF), so it refused the message after the final dot; nothing was stored.',
    rfc: 'RFC 5321 4.5.3.1.6, 4.5.3.1.9; RFC 5322 2.1.1',
  },
  R550_DMARC_REJECT: {
    code: 550,
    enhanced: '5.7.1',
    text: 'rejected by DMARC policy for {detail}', // OpenDMARC's milter reply, as Postfix passes it on
    explain:
      'The letter’s From: domain publishes a DMARC policy of p=reject, and neither SPF nor DKIM passed for a domain aligned with it, so the receiving server refused the letter after its final dot. Nothing was stored; the sending server bounces it to its sender.',
    rfc: 'RFC 7489 6.6.2, 6.3',
  },
  R554_TOO_MANY_NONMAIL: {
    code: 554,
    enhanced: '5.7.0',
    text: 'Too many nonmail commands', // Exim's smtp_accept_max_nonmail
    explain: 'Too many commands that send no mail (NOOP, RSET, VRFY, HELP …) in one session: the server takes it for probing and hangs up.',
    rfc: 'RFC 5321 4.2.3',
  },
  R554_SYNC_ERROR: {
    code: 554,
    enhanced: '5.5.0',
    text: 'SMTP synchronization error',
    explain:
      'The client sent more before the server had answered: before its greeting, or several commands at once where PIPELINING was not offered (after HELO instead of EHLO). SMTP is a conversation: without PIPELINING, wait for each reply. This is why pasting a whole session, or a heredoc into telnet, can fail.',
    rfc: 'RFC 5321 4.3.1; RFC 2920',
  },
  R555_UNSUPPORTED_PARAM: {
    code: 555,
    enhanced: '5.5.4',
    text: 'Unsupported option: {param}',
    explain: 'The server does not know this ESMTP parameter (or it was not offered in EHLO).',
    rfc: 'RFC 5321 4.1.1.11',
  },
  // -- Extensions beyond the core: ETRN (RFC 1985), DSN (RFC 3461), CHUNKING (RFC 3030)
  // and PRDR (Exim's). Each comment says whose words the text is. Placeholders beside
  // those above: {domain}, ETRN's argument; {total}, the octets of a whole letter.
  // ETRN: real Postfix, which turns every domain down: it keeps no mail for others (fast_flush_domains).
  R459_ETRN_UNAVAILABLE: {
    code: 459,
    enhanced: null,
    text: '<{domain}>: service unavailable',
    explain:
      'ETRN asks a server to send on the mail it holds for a domain (for a site that is only sometimes online). This server holds no mail for that domain, so it will not start a queue run.',
    rfc: 'RFC 1985',
  },
  // ETRN: real Exim, which has no ETRN ACL (acl_smtp_etrn) and so refuses every ETRN before reading its argument.
  R458_ETRN_REFUSED: {
    code: 458,
    enhanced: null,
    text: 'Administrative prohibition',
    explain: 'This server does not take ETRN from anyone: it will not start a queue run on request. Most servers on the open internet refuse it.',
    rfc: 'RFC 1985',
  },
  // ETRN: real Postfix, for ETRN with no argument or more than one (its code, 500, is Postfix's).
  R500_ETRN_SYNTAX: {
    code: 500,
    enhanced: null,
    text: 'Syntax: ETRN domain',
    explain: 'ETRN takes exactly one argument: the domain (or @domain, or #queue) whose mail should be sent on.',
    rfc: 'RFC 1985',
  },
  // ETRN: real Postfix, for an argument that is not a host name or an address literal.
  R501_ETRN_DOMAIN: {
    code: 501,
    enhanced: null,
    text: 'Error: invalid parameter syntax',
    explain: 'The argument of ETRN is not a domain name or an address literal like [192.0.2.1].',
    rfc: 'RFC 1985',
  },
  // ETRN: real Postfix (Exim says "ETRN is not permitted inside a transaction").
  R503_ETRN_IN_TRANSACTION: {
    code: 503,
    enhanced: null,
    text: 'Error: MAIL transaction in progress',
    explain: 'ETRN is only taken between messages: finish this one, or RSET, first.',
    rfc: 'RFC 1985',
  },
  // DSN, the four refusals: real Postfix (smtpd.c), one for each parameter, malformed or given twice.
  R501_BAD_RET: {
    code: 501,
    enhanced: '5.5.4',
    text: 'Bad RET parameter syntax',
    explain: 'RET says how much of the message a bounce returns: RET=FULL or RET=HDRS, once.',
    rfc: 'RFC 3461 4.3',
  },
  R501_BAD_ENVID: {
    code: 501,
    enhanced: '5.5.4',
    text: 'Bad ENVID parameter syntax',
    explain:
      'ENVID is your own name for this message, returned in delivery reports: printable text, once, with "+" and two hex digits for special characters (xtext).',
    rfc: 'RFC 3461 4.4',
  },
  R501_BAD_NOTIFY: {
    code: 501,
    enhanced: '5.5.4',
    text: 'Error: Bad NOTIFY parameter syntax',
    explain: 'NOTIFY says when you want a report on this recipient: NEVER, or SUCCESS, FAILURE and DELAY separated by commas, once.',
    rfc: 'RFC 3461 4.1',
  },
  R501_BAD_ORCPT: {
    code: 501,
    enhanced: '5.5.4',
    text: 'Error: Bad ORCPT parameter syntax',
    explain: 'ORCPT gives the recipient as first written, for reports: a type, a semicolon and the address, as in ORCPT=rfc822;someone@example.org, once.',
    rfc: 'RFC 3461 4.2',
  },
  // CHUNKING: real Postfix (Exim: "{size} byte chunk received").
  R250_CHUNK: {
    code: 250,
    enhanced: '2.0.0',
    text: 'Ok: {size} bytes',
    explain: 'This chunk of the letter is in. Send the next one with BDAT, and the last with BDAT … LAST.',
    rfc: 'RFC 3030 2',
  },
  // CHUNKING: real Postfix, with the size of the whole letter (Exim: " {size} byte chunk, total {total}" and "OK id={id}").
  R250_CHUNK_QUEUED: {
    code: 250,
    enhanced: '2.0.0',
    text: 'Ok: {total} bytes queued as {id}',
    explain: 'The last chunk is in, and the whole letter is accepted: it is now the server’s responsibility, and the id is your receipt.',
    rfc: 'RFC 3030 2',
  },
  // CHUNKING: real Exim, for BDAT after HELO (its chunk is then read as commands).
  R503_BDAT_NOT_OFFERED: {
    code: 503,
    enhanced: '5.5.1',
    text: 'BDAT command used when CHUNKING not advertised',
    explain:
      'BDAT belongs to CHUNKING, an extension that only EHLO’s reply offers; after HELO nothing was offered. The server refuses it, and then reads the bytes of the chunk that follow as commands.',
    rfc: 'RFC 3030 2; RFC 5321 2.2.1',
  },
  // CHUNKING: real Postfix, for a malformed BDAT, after which it hangs up (Exim: R501_BDAT, "missing size for BDAT command").
  R521_BDAT_SYNTAX: {
    code: 521,
    enhanced: '5.5.4',
    text: 'Syntax: BDAT count [LAST]',
    explain:
      'The BDAT command is malformed, so the server cannot tell where its chunk ends: whatever comes next might be letter or command. It gives up on the connection and hangs up.',
    rfc: 'RFC 3030 2; RFC 7504',
  },
  // CHUNKING: real Postfix, for BDAT with no MAIL yet (Exim: "valid RCPT command must precede BDAT").
  R503_BDAT_NEED_RCPT: {
    code: 503,
    enhanced: '5.5.1',
    text: 'Error: need RCPT command',
    explain: 'Out of order: a letter needs its envelope first, MAIL FROM and at least one accepted RCPT TO. The chunk that came with it is thrown away.',
    rfc: 'RFC 3030 2; RFC 5321 4.1.4',
  },
  // CHUNKING: real Postfix, for BDAT after MAIL with no recipient accepted (Exim says 503, as to no MAIL at all).
  R554_BDAT_NO_RCPTS: {
    code: 554,
    enhanced: '5.5.1',
    text: 'Error: no valid recipients',
    explain: 'No recipient has been accepted, so there is no one to deliver the letter to. The chunk that came with it is thrown away.',
    rfc: 'RFC 3030 2; RFC 5321 3.3',
  },
  // CHUNKING, in the middle of a letter sent in chunks: the next three are real Postfix.
  R503_MAIL_AFTER_BDAT: {
    code: 503,
    enhanced: '5.5.1',
    text: 'Error: MAIL after BDAT',
    explain: 'A letter is being sent in chunks: finish it with BDAT … LAST, or RSET, before starting another.',
    rfc: 'RFC 3030 2',
  },
  R503_RCPT_AFTER_BDAT: {
    code: 503,
    enhanced: '5.5.1',
    text: 'Error: RCPT after BDAT',
    explain: 'The letter is already on its way in chunks: recipients can no longer be added to it.',
    rfc: 'RFC 3030 2',
  },
  R503_DATA_AFTER_BDAT: {
    code: 503,
    enhanced: '5.5.1',
    text: 'Error: DATA after BDAT',
    explain: 'A letter is sent either with DATA or in BDAT chunks, never both: RFC 3030 forbids mixing them. Go on with BDAT.',
    rfc: 'RFC 3030 2',
  },
  // CHUNKING: real Exim, to anything but BDAT, NOOP, QUIT and RSET between chunks.
  R503_ONLY_BDAT: {
    code: 503,
    enhanced: '5.5.1',
    text: 'only BDAT permissible after non-LAST BDAT',
    explain:
      'A letter is being sent in chunks, and this server takes nothing else until it ends: only BDAT (or NOOP, QUIT, RSET). It now waits for RSET, refusing everything else.',
    rfc: 'RFC 3030 2',
  },
  // CHUNKING: real Exim, to anything but RSET and QUIT once a chunked letter has gone wrong.
  R503_ONLY_RSET: {
    code: 503,
    enhanced: '5.5.1',
    text: 'only RSET accepted now',
    explain:
      'The letter being sent in chunks went wrong, and this server takes nothing but RSET (to start over) or QUIT. A BDAT now is refused, and its chunk read as commands.',
    rfc: 'RFC 3030 2',
  },
  // CHUNKING: real Exim, for BDAT 0 without LAST between chunks (Postfix: R551_BDAT_EMPTY).
  R504_BDAT_EMPTY: {
    code: 504,
    enhanced: '5.5.4',
    text: 'zero size for BDAT command',
    explain: 'An empty chunk that is not the last adds nothing: only BDAT 0 LAST may be empty, to end a letter.',
    rfc: 'RFC 3030 2',
  },
  // CHUNKING: real Postfix, for BDAT 0 without LAST.
  R551_BDAT_EMPTY: {
    code: 551,
    enhanced: '5.7.1',
    text: 'Null BDAT request',
    explain:
      'An empty chunk that is not the last adds nothing, and this server treats it as abuse: the letter is dropped, and its further chunks too, until BDAT … LAST or RSET.',
    rfc: 'RFC 3030 2',
  },
  // CHUNKING: real Postfix, for each chunk after one was refused, until BDAT ... LAST or RSET.
  R551_BDAT_DISCARDED: {
    code: 551,
    enhanced: '5.0.0',
    text: 'Discarded {size} bytes after earlier error',
    explain:
      'An earlier chunk of this letter was refused, so the letter is lost: the server reads each further chunk and throws it away, to stay in step, until BDAT … LAST or RSET.',
    rfc: 'RFC 3030 2',
  },
  // CHUNKING: real Postfix, before reading a chunk that would take the letter over the SIZE limit.
  R552_CHUNK_TOO_BIG: {
    code: 552,
    enhanced: '5.3.4',
    text: 'Chunk exceeds message size limit',
    explain: 'With this chunk the letter would be larger than the server takes (see SIZE in the EHLO list). The chunk is thrown away, and the letter with it.',
    rfc: 'RFC 3030 2; RFC 1870 6',
  },
  // PRDR, the four replies: real Exim (smtp_in.c, receive.c); one answer per recipient after the letter.
  R250_MAIL_PRDR: {
    code: 250,
    enhanced: '2.1.0',
    text: 'OK, PRDR Requested',
    explain:
      'The return address is accepted, and with it PRDR: after the letter the server will answer for each recipient in turn (so each can take or refuse it), not once for all.',
    rfc: 'RFC 5321 4.1.1.2; draft-hall-prdr-00 3',
  },
  R353_PRDR: {
    code: 353,
    enhanced: null,
    text: 'PRDR content analysis beginning',
    explain: 'The letter is in. As PRDR was asked for, the answers now come one per recipient, in the order of the RCPTs, and then one for the whole letter.',
    rfc: 'RFC 5321 4.2; draft-hall-prdr-00 4',
  },
  R250_PRDR_RECIPIENT: {
    code: 250,
    enhanced: '2.1.5',
    text: 'PRDR R=<{address}> acceptance',
    explain: 'This recipient takes the letter (PRDR: one answer per recipient).',
    rfc: 'RFC 5321 4.2; draft-hall-prdr-00 4',
  },
  R250_PRDR_QUEUED: {
    code: 250,
    enhanced: '2.0.0',
    text: 'id={id} message accepted',
    explain: 'The letter is accepted for every recipient that took it: it is now the server’s responsibility, and the id is your receipt.',
    rfc: 'RFC 5321 4.1.1.4; draft-hall-prdr-00 4',
  },
  // CHUNKING: real Exim, when the connection ends (QUIT, too many errors) with a letter sent in chunks unfinished.
  R421_LOST_INPUT: {
    code: 421,
    enhanced: '4.4.2',
    text: 'Lost incoming connection',
    explain: 'The connection ended while a letter was still coming in chunks: the server drops the unfinished letter. Nothing was delivered.',
    rfc: 'RFC 3030 2; RFC 5321 3.8',
  },
} as const satisfies Record<string, CatalogueEntry>;

export type ReplyKey = keyof typeof REPLIES;

/**
 * A catalogue reply as `personality` says it (null: the neutral catalogue text), with
 * its placeholders filled. The enhanced code goes only `withEnhanced` (the personality
 * sends them: Postfix always, Exim never) and where its class matches the code.
 * @example renderReply('R250_NOOP', null, {}, true) // { code: 250, enhanced: '2.0.0', lines: ['OK'] }
 */
export function renderReply(
  key: ReplyKey,
  personality: Pick<Personality, 'replies'> | null,
  vars: Readonly<Record<string, string | number>>,
  withEnhanced: boolean,
): Reply {
  const base: CatalogueEntry = REPLIES[key];
  const override = personality?.replies[key];
  const code = typeof override === 'object' ? override.code : base.code;
  const enhanced = typeof override === 'object' && override.enhanced !== undefined ? override.enhanced : base.enhanced;
  const text = typeof override === 'string' ? override : (override?.text ?? base.text);
  const lines = fillText(text, vars).split('\n');
  return withEnhanced && enhanced !== null && enhanced[0] === String(code)[0] ? { code, enhanced, lines } : { code, lines };
}

/**
 * One line of a wording as a pattern over what a server sends: a placeholder matches
 * anything. Null for a line that is nothing but placeholders ("{detail}"), which says
 * nothing. `literal` counts the characters that are not placeholders.
 *
 * The match walks the literal parts in order (start, middles, end): linear in the
 * text, where a regular expression with several `.*` would backtrack for minutes on a
 * long line that nearly fits.
 * @example wordingPattern('{host} Hello {client}')?.pattern.test('mx.test Hello me') // true
 */
export function wordingPattern(line: string): { pattern: { test(text: string): boolean }; literal: number } | null {
  const parts = line.split(/\{\w+\}/);
  const literal = parts.join('');
  if (!/[A-Za-z]{2}/.test(literal)) return null;
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  const test = (text: string): boolean => {
    if (parts.length === 1) return text === first;
    if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
    let at = first.length;
    const end = text.length - last.length;
    for (const middle of parts.slice(1, -1)) {
      const found = text.indexOf(middle, at);
      if (found === -1 || found + middle.length > end) return false;
      at = found + middle.length;
    }
    return true;
  };
  return { pattern: { test }, literal: literal.length };
}

/** Fills `{placeholders}` from `vars`; unknown ones stay visible so a test can catch them. */
export function fillText(text: string, vars: Readonly<Record<string, string | number>>): string {
  if (!text.includes('{')) return text; // most texts have no placeholder
  // Literal parts at even indexes, placeholder names at odd ones: a wording is split
  // once, and a reply with an id or an address in it is then a few concatenations.
  let parts = TEMPLATES.get(text);
  if (!parts) {
    parts = text.split(/\{(\w+)\}/);
    if (TEMPLATES.size < TEMPLATES_KEPT) TEMPLATES.set(text, parts);
  }
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] as string;
    // What the client sent is echoed as sent, control characters too (Exim does), but a
    // CR, LF or NUL would end or break the reply line, so each is shown as "?" (as Exim shows a NUL).
    out += name in vars ? String(vars[name]).replace(/[\r\n\0]/g, '?') : `{${name}}`;
    out += parts[i + 1] as string;
  }
  return out;
}

/** Each wording with placeholders, split by fillText: the catalogue's and the personalities', a few hundred. */
const TEMPLATES = new Map<string, string[]>();
/** A caller with wordings of its own cannot grow the cache without bound. */
const TEMPLATES_KEPT = 2000;
