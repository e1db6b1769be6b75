/**
 * `npm run compare -- --target HOST:PORT`: plays the safe part of the parity corpus
 * (shared's COMPARE_DIALOGUES: nothing is delivered) against any SMTP server and
 * against the sandbox, and prints the server's fingerprint card, each dialogue's two
 * transcripts side by side with the differences marked and explained, and a summary.
 * It lives beside the recorder because it plays the corpus over the same socket
 * transport (recorder.ts's Connection), with certificate checks on unless asked.
 *
 * Exit codes: 0 when the comparison ran, whatever it found; 1 when the target can't be
 * reached (nothing answers, or it doesn't greet); 2 for a bad command line.
 */
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import {
  COMPARE_DIALOGUES,
  formatComparison,
  formatFingerprint,
  formatLegend,
  formatSummary,
  PERSONALITIES,
  readFingerprint,
  runComparison,
  summariseComparisons,
} from '@smtp-playground/shared';
import { Connection, connect, greeting } from './recorder.js';

export const COMPARE_HELP = `npm run compare -- --target HOST:PORT [options]

Plays the safe part of the parity corpus (no message is delivered: every transaction
ends with RSET or QUIT before a letter could complete) against the SMTP server at
HOST:PORT and against the sandbox, and prints the server's fingerprint card and the two
transcripts of each dialogue side by side, with the differences marked and explained.

  --target HOST:PORT     the server to compare ([IPv6]:PORT for an IPv6 address)
  --personality NAME     exim or postfix: the sandbox to compare with (default: the one
                         whose name the server's banner says, else exim)
  --tls-insecure         accept a certificate that does not verify (a lab server's)
  --only ID,ID           play only these dialogues
  --all                  print identical dialogues in full too
  --width N              characters per line (default: the terminal's, else 160)
  -h, --help             this text`;

export interface CompareArgs {
  host: string;
  port: number;
  personality: keyof typeof PERSONALITIES | null;
  insecure: boolean;
  only: string[] | null;
  all: boolean;
  width: number | null;
}

const OPTIONS = {
  target: { type: 'string' },
  personality: { type: 'string' },
  'tls-insecure': { type: 'boolean' },
  only: { type: 'string' },
  all: { type: 'boolean' },
  width: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The command line, or why it is wrong, or a request for help. */
export function parseCompareArgs(argv: readonly string[]): { ok: true; args: CompareArgs } | { ok: false; error: string } | { ok: true; help: true } {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (e) {
    return { ok: false, error: `${(e as Error).message}. Try --help.` };
  }
  if (values.help) return { ok: true, help: true };
  const m = /^(\[[0-9A-Fa-f:.]+\]|[^\s:[\]]+):(\d{1,5})$/.exec(values.target ?? '');
  if (!m) return { ok: false, error: `--target must be HOST:PORT, such as mail.lab.test:25, not "${values.target ?? ''}"` };
  const host = (m[1] as string).replace(/^\[|\]$/g, '');
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return { ok: false, error: `--target: port ${m[2]} is not from 1 to 65535` };
  const personality = values.personality ?? null;
  if (personality !== null && personality !== 'exim' && personality !== 'postfix')
    return { ok: false, error: `--personality must be exim or postfix, not "${personality}"` };
  const only = values.only === undefined ? null : values.only.split(',').filter(Boolean);
  const unknown = (only ?? []).filter((id) => !COMPARE_DIALOGUES.some((d) => d.id === id));
  if (unknown.length > 0) return { ok: false, error: `--only: no safe dialogue called ${unknown.join(', ')}` };
  const width = values.width === undefined ? null : Number(values.width);
  if (width !== null && !(Number.isSafeInteger(width) && width >= 60))
    return { ok: false, error: `--width must be a whole number from 60, not "${values.width}"` };
  return { ok: true, args: { host, port, personality, insecure: values['tls-insecure'] === true, only, all: values.all === true, width } };
}

/**
 * How long the player waits, against a real server: as long as the recorder (recorder.ts),
 * for Postfix delays each reply by smtpd_error_sleep_time past its soft error limit.
 */
const TIMINGS = { stepTimeoutMs: 15_000, quietMs: 1000, closeWaitMs: 1500 };
const CONNECT_TIMEOUT_MS = 10_000;

/** Runs the command line; returns the exit code. `out` gets the report, `err` what went wrong. */
export async function runCompare(argv: readonly string[], out: (line: string) => void, err: (line: string) => void, columns?: number): Promise<number> {
  const parsed = parseCompareArgs(argv);
  if (!parsed.ok) {
    err(`compare: ${parsed.error}`);
    return 2;
  }
  if ('help' in parsed) {
    out(COMPARE_HELP);
    return 0;
  }
  const a = parsed.args;
  const where = a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
  try {
    (await within(connect(a.host, a.port), CONNECT_TIMEOUT_MS, `no answer within ${CONNECT_TIMEOUT_MS / 1000} s`)).destroy();
  } catch (e) {
    err(`compare: can't reach ${where} (${(e as Error).message}). Check the host and port, and that this machine can reach it.`);
    return 1;
  }
  const banner = await greeting(a.host, a.port, CONNECT_TIMEOUT_MS);
  if (banner === null) {
    err(`compare: ${where} accepts connections but sends no SMTP greeting within ${CONNECT_TIMEOUT_MS / 1000} s. Is it an SMTP server?`);
    return 1;
  }
  const personalityId = a.personality ?? (/postfix/i.test(banner) ? 'postfix' : 'exim');
  const personality = PERSONALITIES[personalityId];
  const dialogues = a.only ? COMPARE_DIALOGUES.filter((d) => a.only?.includes(d.id)) : COMPARE_DIALOGUES;
  const tlsOptions = { rejectUnauthorized: !a.insecure, ...(isIP(a.host) === 0 ? { servername: a.host } : {}) };
  const tlsErrors = new Set<string>();
  const sandboxTitle = `sandbox (${personalityId}-like)`;
  out(
    `Comparing ${where} with the ${sandboxTitle}${a.personality ? '' : `, chosen from its banner (--personality to choose)`}: ${dialogues.length} dialogues, none of which delivers a message.`,
  );
  const run = await runComparison({
    dialogues,
    personality,
    open: async () => {
      const socket = await within(connect(a.host, a.port), CONNECT_TIMEOUT_MS, `no connection to ${where} within ${CONNECT_TIMEOUT_MS / 1000} s`);
      const c = new Connection(socket, TIMINGS, tlsOptions);
      return {
        transport: c,
        clientAddress: socket.localAddress ?? null,
        close: () => {
          if (c.tlsError) tlsErrors.add(c.tlsError);
          c.close();
        },
      };
    },
  });
  const width = a.width ?? columns ?? 160;
  out('');
  for (const line of formatFingerprint(readFingerprint(run.server), where)) out(line);
  for (const e of tlsErrors) out(`  (TLS handshake failed: ${e}${a.insecure ? '' : '; for a lab server with a self-signed certificate, add --tls-insecure'})`);
  out('');
  out(formatLegend());
  for (const c of run.comparisons) {
    out('');
    for (const line of formatComparison(c, { leftTitle: where, rightTitle: sandboxTitle, width, all: a.all })) out(line);
  }
  out('');
  for (const line of formatSummary(summariseComparisons(run.comparisons))) out(line);
  return 0;
}

/** `p`, or a rejection with `why` after `ms`; a connection that comes too late is closed. */
function within<T extends { destroy(): void }>(p: Promise<T>, ms: number, why: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(why));
      void p.then(
        (late) => late.destroy(),
        () => {},
      );
    }, ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
