/**
 * The real relay process, as `npm start` runs it (`node relay/dist/main.js …`), for
 * tests that must kill it: built once with tsc, started on free loopback ports (read
 * from what it prints), and killed only by the PID it was started with.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Builds shared and relay into dist/ (incremental: quick when nothing changed). */
export async function buildRelay(): Promise<void> {
  await promisify(execFile)(process.execPath, [`${ROOT}node_modules/typescript/bin/tsc`, '-b', 'relay/tsconfig.json'], { cwd: ROOT });
}

export interface RelayProcess {
  pid: number;
  smtpPort: number;
  httpPort: number;
  /** Everything it printed to stderr. */
  stderr: () => string;
  /** Resident set size now, from /proc (no collection first: this is what the process holds). */
  rss(): number;
  /** SIGKILL, as a crash would; resolves once it is gone. */
  kill(): Promise<void>;
  /** Resolves when it exits, by itself or killed. */
  exited: Promise<void>;
}

/** Every process started here, so a failing test still leaves none behind. */
const started = new Set<ChildProcess>();

export function killAll(): void {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  started.clear();
}

/** Starts `node relay/dist/main.js` with `args` on ports 0, and waits until it listens. */
export function startRelay(args: string[]): Promise<RelayProcess> {
  const child = spawn(
    process.execPath,
    ['--initial-old-space-size=64', 'relay/dist/main.js', '--smtp-port', '0', '--pop3-port', '0', '--http-port', '0', ...args],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  started.add(child);
  let out = '';
  let err = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stderr?.on('data', (d) => {
    err += d;
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the relay exited (${code}) before listening: ${err}`)));
    child.stdout?.on('data', (d) => {
      out += d;
      const smtp = /SMTP sandbox\s+smtp:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      const http = /Playground\s+http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (!smtp || !http) return;
      const pid = child.pid as number;
      resolve({
        pid,
        smtpPort: Number(smtp[1]),
        httpPort: Number(http[1]),
        stderr: () => err,
        rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024,
        kill: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
          started.delete(child);
        },
        exited,
      });
    });
  });
}
