/**
 * The relay's settings: defaults, then environment, then flags (flags win). Parsing is
 * pure, so it is tested without starting anything; main.ts is the only caller.
 */
import { parseArgs } from 'node:util';

export interface Config {
  host: string;
  httpPort: number;
  smtpPort: number;
  personality: 'exim' | 'postfix';
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

Usage: npm start -- [options]

  --host ADDRESS        address to listen on (env HOST; default ${DEFAULTS.host})
  --smtp-port PORT      the sandbox SMTP server (env SMTP_PORT; default ${DEFAULTS.smtpPort})
  --http-port PORT      the page and the mailbox API (env HTTP_PORT; default ${DEFAULTS.httpPort})
  --personality NAME    exim or postfix: whose reply texts the sandbox uses (env PERSONALITY; default ${DEFAULTS.personality})
  --hostname NAME       the name the sandbox calls itself (env SMTP_HOSTNAME; default ${DEFAULTS.hostname})
  --max-connections N   sandbox connections at once (default ${DEFAULTS.maxConnections})
  --idle-timeout SECS   hang up on a silent sandbox client after this long (default ${DEFAULTS.idleTimeout})
  -h, --help            this text

Port 0 picks a free port. Everything listens on loopback unless --host says otherwise.`;

export type ConfigResult = { ok: true; config: Config; help: boolean } | { ok: false; error: string };

function port(value: string, name: string): number | string {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) return `${name} must be a port number from 0 to 65535, not "${value}"`;
  return Number(value);
}

function positive(value: string, name: string): number | string {
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) return `${name} must be a whole number above 0, not "${value}"`;
  return Number(value);
}

export function parseConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ConfigResult {
  let flags: ReturnType<typeof parse>;
  try {
    flags = parse(argv);
  } catch (e) {
    return { ok: false, error: `${(e as Error).message}. Try --help.` };
  }
  const v = flags.values;
  const pick = (flag: string | undefined, envName: string) => flag ?? env[envName];
  const config: Config = { ...DEFAULTS };
  const host = pick(v.host, 'HOST');
  if (host !== undefined) config.host = host;
  const hostname = pick(v.hostname, 'SMTP_HOSTNAME');
  if (hostname !== undefined) config.hostname = hostname;
  const personality = pick(v.personality, 'PERSONALITY');
  if (personality !== undefined) {
    if (personality !== 'exim' && personality !== 'postfix') return { ok: false, error: `--personality must be exim or postfix, not "${personality}"` };
    config.personality = personality;
  }
  const numbers: [keyof Config, string | undefined, string, typeof port][] = [
    ['smtpPort', pick(v['smtp-port'], 'SMTP_PORT'), '--smtp-port', port],
    ['httpPort', pick(v['http-port'], 'HTTP_PORT'), '--http-port', port],
    ['maxConnections', v['max-connections'], '--max-connections', positive],
    ['idleTimeout', v['idle-timeout'], '--idle-timeout', positive],
  ];
  for (const [key, raw, name, check] of numbers) {
    if (raw === undefined) continue;
    const n = check(raw, name);
    if (typeof n === 'string') return { ok: false, error: n };
    (config[key] as number) = n;
  }
  return { ok: true, config, help: v.help === true };
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
