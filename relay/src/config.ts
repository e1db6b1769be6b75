/**
 * The relay's settings: defaults, then environment, then flags (flags win). Parsing is
 * pure, so it is tested without starting anything; main.ts is the only caller. A bad
 * value comes back as a message naming where it came from, never as an exception.
 */
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';

export interface Config {
  host: string;
  httpPort: number;
  smtpPort: number;
  personality: 'exim' | 'postfix';
  /** The name the sandbox calls itself in its greeting, replies and trace headers. */
  hostname: string;
  /** Connections to the TCP sandbox at once; more get 421. */
  maxConnections: number;
  /** Seconds of silence before the sandbox says 421 and hangs up. */
  idleTimeout: number;
}

export const DEFAULTS: Config = {
  host: '127.0.0.1',
  httpPort: 2580,
  smtpPort: 2525,
  personality: 'exim',
  hostname: 'example.thm',
  maxConnections: 200,
  idleTimeout: 300,
};

export const HELP = `smtp-playground: the SMTP sandbox on TCP, and the playground page with its mailbox API.

Usage: npm start -- [options]      or: node relay/dist/main.js [options]

  --host ADDRESS        address to listen on (env HOST; default ${DEFAULTS.host})
  --smtp-port PORT      the sandbox SMTP server (env SMTP_PORT; default ${DEFAULTS.smtpPort})
  --http-port PORT      the page and the mailbox API (env HTTP_PORT; default ${DEFAULTS.httpPort})
  --personality NAME    exim or postfix: whose reply texts the sandbox uses (env PERSONALITY; default ${DEFAULTS.personality})
  --hostname NAME       the name the sandbox calls itself (env SMTP_HOSTNAME; default ${DEFAULTS.hostname})
  --max-connections N   sandbox connections at once; more are told 421 (default ${DEFAULTS.maxConnections})
  --idle-timeout SECS   hang up on a silent sandbox client after this long (default ${DEFAULTS.idleTimeout})
  -h, --help            this text

Flags win over environment variables. Port 0 picks a free port. Everything listens on
loopback unless --host says otherwise.`;

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

const personality: Check<Config['personality']> = (s) =>
  s.value === 'exim' || s.value === 'postfix' ? { ok: true, value: s.value } : { ok: false, error: `${s.source} must be exim or postfix, not "${s.value}"` };

// The hostname goes into every reply and trace header, so it must be a plain name.
const hostname: Check<string> = (s) =>
  DOMAIN.test(s.value) ? { ok: true, value: s.value } : { ok: false, error: `${s.source} must be a domain name such as example.thm, not "${s.value}"` };

const host: Check<string> = (s) =>
  isIP(s.value) !== 0 || DOMAIN.test(s.value)
    ? { ok: true, value: s.value }
    : { ok: false, error: `${s.source} must be an IP address or a host name such as 127.0.0.1, not "${s.value}"` };

export function parseConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ConfigResult {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (e) {
    return { ok: false, error: `${(e as Error).message}. Try --help.` };
  }
  if (values.help) return { ok: true, config: DEFAULTS, help: true };

  /** The flag if given, else the environment variable if set and not empty. */
  const setting = (flag: keyof typeof values, envName?: string): Setting | undefined => {
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
    apply('hostname', setting('hostname', 'SMTP_HOSTNAME'), hostname) ??
    apply('maxConnections', setting('max-connections'), positive) ??
    apply('idleTimeout', setting('idle-timeout'), positive);
  return error === null ? { ok: true, config, help: false } : { ok: false, error };
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
      hostname: { type: 'string' },
      'max-connections': { type: 'string' },
      'idle-timeout': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
