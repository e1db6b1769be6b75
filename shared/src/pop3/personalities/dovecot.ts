/**
 * Dovecot's POP3 server (pop3-login, then pop3), as Debian 12 ships it (2.3.19.1):
 * the texts are copied from that release's source, file by file:
 * - src/pop3-login/client.c: the greeting (login_greeting "Dovecot ready."), "Unknown
 *   command.", QUIT's "Logging out" (no dot: the login process says it), three unknown
 *   commands in a row before "Too many invalid bad commands.", a command line of 1 KB;
 * - src/pop3-login/client-authenticate.c: CAPA before login, USER's bare "+OK", PASS
 *   without USER, "APOP not enabled." (APOP is off unless a password scheme allows it);
 * - src/login-common/client-common.c and client-common-auth.c, login-common.h: the STLS
 *   texts, "[AUTH] Authentication failed." ([AUTH] is added for an authentication
 *   error), "Authentication aborted by client.";
 * - src/login-common/sasl-server.c: "Unsupported authentication mechanism.";
 * - src/pop3/main.c: "+OK Logged in.";
 * - src/pop3/pop3-commands.c and pop3-client.c: every reply after login, the
 *   capability list, "Unknown command: NAME" (uppercased), more than 20 failed commands
 *   in a row ending the session, "Input line too long." past 2 KB.
 *
 * Where the sandbox differs: Dovecot waits auth_failure_delay (2 s) before a failed
 * login's reply; the sandbox answers at once. Debian's build says "Dovecot (Debian)
 * ready." unless login_greeting is set; the sandbox says upstream's default.
 */
import type { Pop3Personality } from '../personality.js';

export const dovecot: Pop3Personality = {
  id: 'dovecot',
  label: 'Dovecot-like',
  replies: {
    OK_GREETING: 'Dovecot ready.',
    OK_USER: '',
    OK_LOGGED_IN: 'Logged in.',
    ERR_AUTH_FAILED: '[AUTH] Authentication failed.',
    ERR_NO_USERNAME: 'No username given.',
    ERR_APOP_NOT_ENABLED: 'APOP not enabled.',
    OK_AUTH_MECHANISMS: '',
    CONTINUE_AUTH: '',
    ERR_AUTH_MECHANISM: '[AUTH] Unsupported authentication mechanism.',
    ERR_AUTH_ABORTED: 'Authentication aborted by client.',
    OK_STLS: 'Begin TLS negotiation now.',
    ERR_TLS_ACTIVE: 'TLS is already active.',
    ERR_TLS_UNAVAILABLE: "TLS support isn't enabled.",
    OK_LOGOUT_UNAUTHENTICATED: 'Logging out',
    OK_CAPA: '',
    OK_STAT: '{count} {size}',
    OK_LIST_ALL: '{count} messages:',
    OK_LIST_ONE: '{n} {size}',
    OK_RETR: '{size} octets',
    OK_TOP: '',
    OK_UIDL_ALL: '',
    OK_UIDL_ONE: '{n} {uid}',
    OK_DELE: 'Marked to be deleted.',
    OK_NOOP: '',
    OK_RSET: '',
    OK_LOGOUT: 'Logging out.',
    OK_LOGOUT_DELETED: 'Logging out, messages deleted.',
    ERR_INVALID_NUMBER: 'Invalid message number: {arg}',
    ERR_NUMBER_TOO_LARGE: 'Message number too large: {arg}',
    ERR_NUMBER_NOISE: 'Noise after message number: {arg}',
    ERR_NO_MESSAGE: "There's no message {n}.",
    ERR_DELETED: 'Message is deleted.',
    ERR_INVALID_SIZE: 'Invalid size: {arg}',
    ERR_SIZE_TOO_LARGE: 'Size too large: {arg}',
    ERR_SIZE_NOISE: 'Noise after size: {arg}',
    ERR_UNKNOWN_AUTHORIZATION: 'Unknown command.',
    ERR_UNKNOWN: 'Unknown command: {verb}',
    ERR_EMPTY_COMMAND: 'Unknown command.',
    ERR_TOO_MANY_BAD_AUTHORIZATION: 'Too many invalid bad commands.',
    ERR_TOO_MANY_BAD: 'Too many bad commands.',
    ERR_LINE_TOO_LONG_AUTHORIZATION: 'Input buffer full, aborting',
    ERR_LINE_TOO_LONG: 'Input line too long.',
    // src/login-common/client-common.c: a full login process drops its oldest waiting client with these words.
    ERR_TOO_MANY_CONNECTIONS: 'Connection queue full',
    // src/login-common/sasl-server.c: Dovecot says this at login, per user and address
    // (mail_max_userip_connections); the sandbox says it at connect, per address.
    ERR_TOO_MANY_FROM_CLIENT: 'Maximum number of connections from user+IP exceeded (mail_max_userip_connections={count})',
    // src/pop3/pop3-client.c and src/login-common/client-common.c: the idle timeout, after login and before.
    ERR_IDLE_TIMEOUT: 'Disconnected for inactivity.',
    // MASTER_SERVICE_SHUTTING_DOWN_MSG".", both before login and after.
    ERR_SHUTTING_DOWN: 'Server shutting down.',
  },
  // POP3_CAPABILITY_REPLY (src/pop3/pop3-capability.h); the login process adds STLS, USER and SASL.
  capabilities: {
    authorization: ['CAPA', 'TOP', 'UIDL', 'RESP-CODES', 'PIPELINING', 'AUTH-RESP-CODE'],
    transaction: ['CAPA', 'TOP', 'UIDL', 'RESP-CODES', 'PIPELINING', 'AUTH-RESP-CODE'],
  },
  saslMechanisms: ['PLAIN'],
  apop: false,
  limits: {
    // LOGIN_MAX_INBUF_SIZE: MASTER_AUTH_MAX_DATA_SIZE (1024 + 128 + 64 + 2) less the master prefix (128) and session id (64).
    lineBeforeLogin: 1026,
    lineAfterLogin: 2048, // MAX_INBUF_SIZE in src/pop3/pop3-client.c
    badBeforeLogin: 3, // CLIENT_MAX_BAD_COMMANDS in src/pop3-login/client.c
    badAfterLogin: 20, // CLIENT_MAX_BAD_COMMANDS in src/pop3/pop3-client.c
    saslLine: 8192, // LOGIN_MAX_AUTH_BUF_SIZE
  },
};
