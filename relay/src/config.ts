/**
 * The relay's settings: defaults, then environment, then flags (flags win). Parsing is
 * pure, so it is tested without starting anything; main.ts is the only caller. A bad
 * value comes back as a message naming where it came from, never as an exception.
 */
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { SCENARIOS, TLS_MODES, type TlsMode } from '@smtp-playground/shared';

export interface Config {
  host: string;
  httpPort: number;
  smtpPort: number;
  personality: 'exim' | 'postfix';
  /** A named sandbox scenario (shared/server/scenarios.ts): greylisting, strict line endings … */
  scenario: string;
  /** The name the sandbox calls itself in its greeting, replies and trace headers. */
  hostname: string;
  /** Connections to the TCP sandbox at once; more get 421. The relay's own sessions are not counted here (see RelayLimits). */
  maxConnections: number;
  /** Of those, connections from one client address; more get that personality's 421 for it. */
  maxPerClient: number;
  /** Seconds of silence before the sandbox says 421 and hangs up. */
  idleTimeout: number;
  /** Seconds a sandbox session may last at all, however busy; then 421 and the connection closes. */
  maxLifetime: number;
  /** Also listen with implicit TLS (RFC 8314, like port 465); null: don't. */
  smtpsPort: number | null;
  /** The POP3 sandbox (with STLS), reading the same mailbox. */
  pop3Port: number;
  /** Also serve POP3 with implicit TLS (like port 995); null: don't. */
  pop3sPort: number | null;
  /** PEM files for the sandbox's TLS; null: a self-signed certificate made at start. */
  tlsCert: string | null;
  tlsKey: string | null;
  /** The TCP sandbox refuses MAIL and AUTH until STARTTLS (530 5.7.0). */
  requireStarttls: boolean;
  /** Keep the mailbox in this Maildir, so it survives a restart; null: in memory only. */
  maildir: string | null;
  /** Real SMTP servers the page may reach through /relay; nothing else is reachable. */
  targets: Target[];
  /** Page origins allowed to open /relay besides the playground's own. */
  origins: string[];
  relay: RelayLimits;
}

/** A named real server. The page names it; it never sends an address. */
export interface Target {
  name: string;
  host: string;
  port: number;
  /** none: plaintext only; starttls: the page may upgrade; implicit: TLS from the first byte. */
  tls: TlsMode;
  /** Accept a certificate that does not verify (a lab server's self-signed one). */
  insecure: boolean;
}

/** Bounds on /relay; each one, when reached, ends the session with a control message. */
export interface RelayLimits {
  /** WebSocket sessions at once, in total and from one client address. */
  maxSessions: number;
  maxPerClient: number;
  /** Seconds without a byte either way. */
  idleTimeout: number;
  /** Seconds a session may last at all. */
  maxLifetime: number;
  /** Bytes a session may carry, both ways together. */
  maxBytes: number;
  /** The largest WebSocket message the page may send. */
  maxPayload: number;
  /** Seconds between pings; a peer that missed the last pong is dropped. */
  heartbeat: number;
  /** Seconds a real server has to accept the connection (and finish implicit TLS). */
  connectTimeout: number;
  /** Seconds a server has to finish the TLS handshake after STARTTLS. */
  tlsTimeout: number;
}

export const DEFAULTS: Config = {
  host: '127.0.0.1',
  httpPort: 2580,
  smtpPort: 2525,
  personality: 'exim',
  scenario: 'catch-all',
  hostname: 'example.thm',
  maxConnections: 200,
  // Postfix's smtpd_client_connection_count_limit: (default_process_limit + 1) / 2.
  maxPerClient: 50,
  idleTimeout: 300,
  // A whole-session deadline rather than a minimum rate: a rate low enough for a person
  // who reads a lesson between two commands (the idle timeout allows 5 minutes of
  // silence) is one a trickler meets with a byte a minute, while a deadline frees every
  // slot in bounded time whatever the pace. An hour, as the relay's own lifetime, is far
  // more than any lesson needs.
  maxLifetime: 3600,
  smtpsPort: null,
  pop3Port: 2110,
  pop3sPort: null,
  tlsCert: null,
  tlsKey: null,
  requireStarttls: false,
  maildir: null,
  targets: [],
  origins: [],
  relay: {
    maxSessions: 200,
    maxPerClient: 20,
    idleTimeout: 300,
    maxLifetime: 3600,
    maxBytes: 128 * 1024 * 1024,
    maxPayload: 1024 * 1024,
    heartbeat: 30,
    connectTimeout: 10,
    // Far longer than any handshake takes, even over a slow link: a server this late is not answering.
    tlsTimeout: 15,
  },
};

export const HELP = `smtp-playground: the SMTP and POP3 sandboxes on TCP, and the playground page with its mailbox API.

Usage: npm start -- [options]      or: node relay/dist/main.js [options]

  --host ADDRESS        address to listen on (env HOST; default ${DEFAULTS.host})
  --smtp-port PORT      the sandbox SMTP server (env SMTP_PORT; default ${DEFAULTS.smtpPort})
  --http-port PORT      the page and the mailbox API (env HTTP_PORT; default ${DEFAULTS.httpPort})
  --personality NAME    exim or postfix: the real server (Debian 12's Exim 4.96 or Postfix 3.7) the sandbox behaves as (env PERSONALITY; default ${DEFAULTS.personality})
  --scenario ID         the sandbox's scenario: ${SCENARIOS.map((s) => s.id).join(', ')} (env SCENARIO; default ${DEFAULTS.scenario})
  --hostname NAME       the name the sandbox calls itself (env SMTP_HOSTNAME; default ${DEFAULTS.hostname})
  --max-connections N   sandbox connections at once, SMTP and POP3 each; more are told 421 or -ERR
                        (default ${DEFAULTS.maxConnections}; the relay's own sessions to the sandboxes are bounded
                        by --relay-max-sessions instead)
  --max-per-client N    sandbox connections at once from one address, SMTP and POP3 each (default ${DEFAULTS.maxPerClient})
  --idle-timeout SECS   hang up on a silent sandbox client (SMTP or POP3) after this long (default ${DEFAULTS.idleTimeout})
  --session-lifetime SECS  end any sandbox session after this long, however busy (default ${DEFAULTS.maxLifetime})
  --smtps-port PORT     also listen with implicit TLS, like port 465 (env SMTPS_PORT; default off)
  --pop3-port PORT      the POP3 sandbox, with STLS, reading the same mailbox; every maildrop opens with
                        the password "sandbox" (env POP3_PORT; default ${DEFAULTS.pop3Port})
  --pop3s-port PORT     also serve POP3 with implicit TLS, like port 995 (env POP3S_PORT; default off)
  --tls-cert FILE       PEM certificate for the sandbox's TLS (with --tls-key; default self-signed, made at start)
  --tls-key FILE        PEM private key for --tls-cert
  --require-starttls    the TCP sandbox says 530 to MAIL and AUTH until STARTTLS
  --maildir DIR         keep the mailbox in DIR, a Maildir (tmp/, new/, cur/), so it survives a restart;
                        each message is on disk before its 250. A directory of its own: past 1000 messages
                        or 256 MiB the oldest are deleted (env SMTP_MAILDIR; default: in memory only)

Relay (the page's WebSocket at /relay):
  --target [NAME=]HOST:PORT[,tls=none|starttls|implicit][,insecure]
                        a real SMTP server the page may reach, by NAME (default NAME: HOST:PORT;
                        default tls=starttls). Repeatable; env RELAY_TARGETS, separated by spaces.
                        "insecure" accepts a certificate that does not verify (lab servers).
                        Nothing that is not named here is reachable.
  --origin ORIGIN       another page origin allowed to use /relay, e.g. http://localhost:5173
                        (repeatable; env RELAY_ORIGINS; the playground's own is always allowed)
  --relay-max-sessions N     relay sessions at once (default ${DEFAULTS.relay.maxSessions})
  --relay-max-per-client N   relay sessions at once from one address (default ${DEFAULTS.relay.maxPerClient})
  --relay-idle-timeout SECS  end a session silent both ways this long (default ${DEFAULTS.relay.idleTimeout})
  --relay-lifetime SECS      end any session after this long (default ${DEFAULTS.relay.maxLifetime})
  --relay-max-bytes N        bytes one session may carry, both ways (default ${DEFAULTS.relay.maxBytes})
  --relay-max-frame N        the largest WebSocket message accepted (default ${DEFAULTS.relay.maxPayload})
  --relay-connect-timeout SECS  how long a server has to answer the relay's connection (default ${DEFAULTS.relay.connectTimeout})
  --relay-tls-timeout SECS  how long a server has to finish the TLS handshake after STARTTLS (default ${DEFAULTS.relay.tlsTimeout})
  -h, --help            this text

Flags win over environment variables. Port 0 picks a free port. Everything listens on
loopback unless --host says otherwise.`;

/**
 * One --target: `[NAME=]HOST:PORT[,tls=MODE][,insecure]`. HOST may be a name, an IPv4
 * address or a bracketed IPv6 one. The name is what the page sends, so it is checked
 * to be plain; `sandbox` is taken by the relay's own sandbox.
 */
export function parseTarget(spec: string, source: string): { ok: true; value: Target } | { ok: false; error: string } {
  const fail = (why: string) => ({
    ok: false as const,
    error: `${source} "${spec}": ${why}. Expected [NAME=]HOST:PORT[,tls=none|starttls|implicit][,insecure]`,
  });
  const [head = '', ...options] = spec.split(',');
  const m = /^(?:([A-Za-z0-9][A-Za-z0-9._:-]{0,62})=)?(\[[0-9A-Fa-f:.]+\]|[^\s:[\]=]+):(\d{1,5})$/.exec(head);
  if (!m) return fail('not a host and port');
  const [, givenName, rawHost = '', rawPort = ''] = m;
  const bare = rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost;
  if (rawHost.startsWith('[') ? isIP(bare) !== 6 : isIP(bare) === 0 && !DOMAIN.test(bare)) return fail(`"${rawHost}" is not a host name or IP address`);
  const portNumber = Number(rawPort);
  if (portNumber < 1 || portNumber > 65535) return fail(`port ${rawPort} is not from 1 to 65535`);
  const target: Target = { name: givenName ?? `${rawHost}:${portNumber}`, host: bare, port: portNumber, tls: 'starttls', insecure: false };
  if (target.name === 'sandbox' || target.name === 'pop3')
    return fail(`the name "${target.name}" is taken by the built-in ${target.name === 'pop3' ? 'POP3 ' : ''}sandbox`);
  for (const option of options) {
    const tlsMode = /^tls=(.*)$/.exec(option)?.[1];
    if (tlsMode !== undefined && (TLS_MODES as readonly string[]).includes(tlsMode)) target.tls = tlsMode as TlsMode;
    else if (option === 'insecure') target.insecure = true;
    else return fail(`unknown option "${option}"`);
  }
  return { ok: true, value: target };
}

// An origin is scheme://host[:port], exactly as a browser sends it.
const origin: Check<string> = (s) => {
  try {
    const u = new URL(s.value);
    if ((u.protocol === 'http:' || u.protocol === 'https:') && u.origin === s.value) return { ok: true, value: s.value };
  } catch {}
  return { ok: false, error: `${s.source} must be an origin such as http://localhost:5173, not "${s.value}"` };
};

const bytes: Check<number> = (s) =>
  /^\d{1,15}$/.test(s.value) && Number(s.value) >= 1024
    ? { ok: true, value: Number(s.value) }
    : { ok: false, error: `${s.source} must be a number of bytes, at least 1024, not "${s.value}"` };

/** One WebSocket message is held whole in memory, so its limit has a ceiling too. */
export const MAX_FRAME_LIMIT = 64 * 1024 * 1024;
const frameBytes: Check<number> = (s) => {
  const r = bytes(s);
  return !r.ok || r.value <= MAX_FRAME_LIMIT ? r : { ok: false, error: `${s.source} may be at most ${MAX_FRAME_LIMIT} bytes (64 MiB), not "${s.value}"` };
};

const file: Check<string> = (s) => (s.value.length > 0 ? { ok: true, value: s.value } : { ok: false, error: `${s.source} needs a file name` });

const directory: Check<string> = (s) => (s.value.length > 0 ? { ok: true, value: s.value } : { ok: false, error: `${s.source} needs a directory` });

export type ConfigResult = { ok: true; config: Config; help: boolean } | { ok: false; error: string };

/** A raw setting and where it came from ("--smtp-port" or "SMTP_PORT"), for messages. */
interface Setting {
  value: string;
  source: string;
}

/** A check turns a setting into a value, or says what is wrong with it. */
type Check<T> = (s: Setting) => { ok: true; value: T } | { ok: false; error: string };

const DOMAIN = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

const port: Check<number> = (s) =>
  /^\d{1,5}$/.test(s.value) && Number(s.value) <= 65535
    ? { ok: true, value: Number(s.value) }
    : { ok: false, error: `${s.source} must be a port number from 0 to 65535, not "${s.value}"` };

const positive: Check<number> = (s) =>
  /^\d{1,9}$/.test(s.value) && Number(s.value) >= 1
    ? { ok: true, value: Number(s.value) }
    : { ok: false, error: `${s.source} must be a whole number above 0, not "${s.value}"` };

/** The longest a Node timer waits; a longer one would fire at once. */
const MAX_SECONDS = Math.floor((2 ** 31 - 1) / 1000);
const seconds: Check<number> = (s) =>
  /^\d{1,9}$/.test(s.value) && Number(s.value) >= 1 && Number(s.value) <= MAX_SECONDS
    ? { ok: true, value: Number(s.value) }
    : { ok: false, error: `${s.source} must be a number of seconds from 1 to ${MAX_SECONDS}, not "${s.value}"` };

const personality: Check<Config['personality']> = (s) =>
  s.value === 'exim' || s.value === 'postfix' ? { ok: true, value: s.value } : { ok: false, error: `${s.source} must be exim or postfix, not "${s.value}"` };

const scenario: Check<string> = (s) =>
  SCENARIOS.some((x) => x.id === s.value)
    ? { ok: true, value: s.value }
    : { ok: false, error: `${s.source} must be one of ${SCENARIOS.map((x) => x.id).join(', ')}, not "${s.value}"` };

// The hostname goes into every reply and trace header, so it must be a plain name.
const hostname: Check<string> = (s) =>
  DOMAIN.test(s.value) ? { ok: true, value: s.value } : { ok: false, error: `${s.source} must be a domain name such as example.thm, not "${s.value}"` };

const host: Check<string> = (s) =>
  isIP(s.value) !== 0 || DOMAIN.test(s.value)
    ? { ok: true, value: s.value }
    : { ok: false, error: `${s.source} must be an IP address or a host name such as 127.0.0.1, not "${s.value}"` };

export function parseConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ConfigResult {
  let values: Values;
  try {
    values = parse(argv).values;
  } catch (e) {
    return { ok: false, error: `${(e as Error).message}. Try --help.` };
  }
  if (values.help) return { ok: true, config: DEFAULTS, help: true };

  /** The flag if given, else the environment variable if set and not empty. */
  const setting = (flag: keyof Values, envName?: string): Setting | undefined => {
    const given = values[flag];
    if (typeof given === 'string') return { value: given, source: `--${flag}` };
    const fromEnv = envName === undefined ? undefined : env[envName];
    return fromEnv ? { value: fromEnv, source: envName as string } : undefined;
  };
  const config: Config = { ...DEFAULTS };
  const apply = <K extends keyof Config>(key: K, s: Setting | undefined, check: Check<Config[K]>): string | null => {
    if (s === undefined) return null;
    const r = check(s);
    if (!r.ok) return r.error;
    config[key] = r.value;
    return null;
  };
  const error =
    apply('host', setting('host', 'HOST'), host) ??
    apply('smtpPort', setting('smtp-port', 'SMTP_PORT'), port) ??
    apply('httpPort', setting('http-port', 'HTTP_PORT'), port) ??
    apply('personality', setting('personality', 'PERSONALITY'), personality) ??
    apply('scenario', setting('scenario', 'SCENARIO'), scenario) ??
    apply('hostname', setting('hostname', 'SMTP_HOSTNAME'), hostname) ??
    apply('maxConnections', setting('max-connections'), positive) ??
    apply('maxPerClient', setting('max-per-client'), positive) ??
    apply('idleTimeout', setting('idle-timeout'), seconds) ??
    apply('maxLifetime', setting('session-lifetime'), seconds) ??
    apply('smtpsPort', setting('smtps-port', 'SMTPS_PORT'), port) ??
    apply('pop3Port', setting('pop3-port', 'POP3_PORT'), port) ??
    apply('pop3sPort', setting('pop3s-port', 'POP3S_PORT'), port) ??
    apply('tlsCert', setting('tls-cert'), file) ??
    apply('tlsKey', setting('tls-key'), file) ??
    // Not MAILDIR: procmail and mail programs read that one as the user's own Maildir,
    // and this one deletes its oldest messages.
    apply('maildir', setting('maildir', 'SMTP_MAILDIR'), directory) ??
    relayLimits(config, setting) ??
    lists(config, values, env);
  if (error !== null) return { ok: false, error };
  if ((config.tlsCert === null) !== (config.tlsKey === null)) return { ok: false, error: '--tls-cert and --tls-key go together' };
  config.requireStarttls = values['require-starttls'] === true;
  return { ok: true, config, help: false };
}

type Values = ReturnType<typeof parse>['values'];

function relayLimits(config: Config, setting: (flag: keyof Values) => Setting | undefined): string | null {
  const relay = { ...config.relay };
  const checks: [keyof RelayLimits, keyof Values, Check<number>][] = [
    ['maxSessions', 'relay-max-sessions', positive],
    ['maxPerClient', 'relay-max-per-client', positive],
    ['idleTimeout', 'relay-idle-timeout', seconds],
    ['maxLifetime', 'relay-lifetime', seconds],
    ['maxBytes', 'relay-max-bytes', bytes],
    ['maxPayload', 'relay-max-frame', frameBytes],
    ['connectTimeout', 'relay-connect-timeout', seconds],
    ['tlsTimeout', 'relay-tls-timeout', seconds],
  ];
  for (const [key, flag, check] of checks) {
    const s = setting(flag);
    if (s === undefined) continue;
    const r = check(s);
    if (!r.ok) return r.error;
    relay[key] = r.value;
  }
  config.relay = relay;
  return null;
}

/** --target and --origin repeat; their environment variables hold a space-separated list. */
function lists(config: Config, values: Values, env: Readonly<Record<string, string | undefined>>): string | null {
  const many = (flag: 'target' | 'origin', envName: string): Setting[] =>
    values[flag]?.length
      ? values[flag].map((value) => ({ value, source: `--${flag}` }))
      : (env[envName] ?? '')
          .split(/\s+/)
          .filter(Boolean)
          .map((value) => ({ value, source: envName }));
  const targets: Target[] = [];
  for (const s of many('target', 'RELAY_TARGETS')) {
    const r = parseTarget(s.value, s.source);
    if (!r.ok) return r.error;
    if (targets.some((t) => t.name === r.value.name)) return `${s.source}: the name "${r.value.name}" is used twice`;
    targets.push(r.value);
  }
  const origins: string[] = [];
  for (const s of many('origin', 'RELAY_ORIGINS')) {
    const r = origin(s);
    if (!r.ok) return r.error;
    origins.push(r.value);
  }
  config.targets = targets;
  config.origins = origins;
  return null;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      host: { type: 'string' },
      'smtp-port': { type: 'string' },
      'http-port': { type: 'string' },
      personality: { type: 'string' },
      scenario: { type: 'string' },
      hostname: { type: 'string' },
      'max-connections': { type: 'string' },
      'max-per-client': { type: 'string' },
      'idle-timeout': { type: 'string' },
      'session-lifetime': { type: 'string' },
      'smtps-port': { type: 'string' },
      'pop3-port': { type: 'string' },
      'pop3s-port': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'require-starttls': { type: 'boolean' },
      maildir: { type: 'string' },
      target: { type: 'string', multiple: true },
      origin: { type: 'string', multiple: true },
      'relay-max-sessions': { type: 'string' },
      'relay-max-per-client': { type: 'string' },
      'relay-idle-timeout': { type: 'string' },
      'relay-lifetime': { type: 'string' },
      'relay-max-bytes': { type: 'string' },
      'relay-max-frame': { type: 'string' },
      'relay-connect-timeout': { type: 'string' },
      'relay-tls-timeout': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
