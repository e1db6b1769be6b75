/**
 * Lesson 22's terminal sessions ("The tools"), one per tool, run as a learner runs them:
 * the commands its hints give, read from the lesson itself (only the address and port
 * changed), each line typed after the reply to the one before. Two tests share them: the
 * relay's (tools-lesson.test.ts) follows them through the watch hub, the browser's
 * (web/e2e/lessons-21-23.e2e.ts) on the page.
 *
 * openssl s_client, swaks and Python's smtplib are the real programs: `TOOLS` lists them,
 * and a test that runs them skips without them. telnet and nc need a person at a
 * terminal (telnet's Ctrl-] above all) and are often not installed, so a raw socket
 * types exactly their bytes instead: CRLF lines and a hang-up with no QUIT for telnet,
 * bare-LF lines for plain nc, CRLF lines for nc -C.
 */
import { spawn } from 'node:child_process';
import { LESSONS, type Lesson } from '@smtp-playground/shared';
import { run, typist } from './support.js';

export const theTools = LESSONS.find((l) => l.id === 'the-tools') as Lesson;

/** The real programs the lesson's hints name (telnet and nc are stood in for). */
export const TOOLS = ['openssl', 'swaks', 'python3'] as const;

/** The last hint of a step: the one that names the terminal command. */
const lastHint = (stepId: string) => theTools.steps.find((s) => s.id === stepId)?.hints.at(-1) ?? '';

/** The hint's command, pointed at a sandbox on this machine's `port` instead of localhost:2525. */
const pointed = (command: string, port: number) => command.replace('localhost:2525', `127.0.0.1:${port}`).replace("'localhost', 2525", `'127.0.0.1', ${port}`);

/**
 * The command a step's last hint gives, as the argv to run: `openssl s_client …` and
 * `swaks …` split at their spaces, smtplib's `python3 -c "…"` with its script whole.
 */
export function hintCommand(stepId: 'openssl' | 'swaks' | 'smtplib', port: number): [string, ...string[]] {
  if (stepId === 'smtplib') return ['python3', '-c', pointed(/python3 -c "(.*)" \(/.exec(lastHint('smtplib'))?.[1] ?? '', port)];
  const command = new RegExp(`${stepId === 'openssl' ? 'openssl s_client' : 'swaks'} [^(]*?(?= \\()`).exec(lastHint(stepId))?.[0] ?? '';
  return pointed(command, port).split(' ') as [string, ...string[]];
}

/** `telnet localhost 2525`, `EHLO client.thm`, then Ctrl-] and quit: the connection dropped with no QUIT. Returns the EHLO reply. */
export async function telnetSession(port: number): Promise<string> {
  const telnet = await typist(port);
  const ehlo = await telnet.line('EHLO client.thm');
  telnet.close();
  return ehlo;
}

/** Plain `nc localhost 2525`: `EHLO client.thm` and `QUIT`, each ending in a bare LF. Returns the EHLO reply. */
export async function ncSession(port: number): Promise<string> {
  const nc = await typist(port);
  const ehlo = await nc.line('EHLO client.thm', '\n');
  await nc.line('QUIT', '\n');
  await nc.ended;
  return ehlo;
}

/** `nc -C localhost 2525`: a whole letter in CRLF lines, and QUIT. Returns the reply to the final dot. */
export async function ncCrlfSession(port: number): Promise<string> {
  const nc = await typist(port);
  for (const line of ['EHLO client.thm', 'MAIL FROM:<you@client.thm>', 'RCPT TO:<friend@server.thm>', 'DATA']) await nc.line(line);
  for (const line of ['Subject: via nc', '', 'Hello from nc -C.']) await nc.line(line, '\r\n', false);
  const queued = await nc.line('.');
  await nc.line('QUIT');
  await nc.ended;
  return queued;
}

/** A client program with its stdin kept open, typed into a line at a time, as a terminal would. */
export function interactive(command: string, args: string[]) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
    for (const w of [...waiters]) w();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  /** Resolves once stdout, from `from` on, matches `pattern`; rejects if the program ends first. */
  const printed = (pattern: RegExp, from = 0) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(stdout.slice(from));
        if (!m) return;
        waiters.delete(check);
        resolve(m[0]);
      };
      waiters.add(check);
      check();
      void exited.then(() => {
        if (!waiters.delete(check)) return;
        reject(new Error(`${command} ended before printing ${pattern}: ${stdout.slice(from)}${stderr}`));
      });
    });
  return {
    type: (line: string) => child.stdin.write(`${line}\n`),
    /** Types a line and waits for the server's (last) reply line to it, as a person waits before the next. */
    async say(line: string): Promise<string> {
      const from = stdout.length;
      child.stdin.write(`${line}\n`);
      return printed(/^\d{3} [^\r\n]*(?=\r?\n)/m, from);
    },
    printed,
    exited,
    output: () => ({ stdout, stderr }),
    kill: () => child.kill(),
  };
}

/**
 * `openssl s_client -starttls smtp -crlf -connect …`, interactive (no -quiet): it says
 * its own EHLO and STARTTLS; once its handshake summary is printed, the learner's lines
 * in lower case, as the lesson says (a line that starts with a capital R or Q is
 * s_client's own command). Returns the replies, one per line typed.
 */
export async function sClientSession(port: number): Promise<string[]> {
  const [openssl, ...args] = hintCommand('openssl', port);
  const s = interactive(openssl, args);
  try {
    await s.printed(/^Verify return code: /m);
    const replies: string[] = [];
    for (const line of ['EHLO client.thm', 'mail from:<you@client.thm>', 'rcpt to:<friend@server.thm>', 'quit']) replies.push(await s.say(line));
    await s.exited;
    return replies;
  } finally {
    s.kill();
  }
}

/** swaks, exactly as the hint gives it: its `->` and `<-` lines are in stdout. */
export async function swaksSession(port: number) {
  const [swaks, ...args] = hintCommand('swaks', port);
  return run(swaks, args);
}

/** Python's smtplib, the hint's one line: `set_debuglevel(1)` prints its `send:` and `reply:` lines on stderr. */
export async function smtplibSession(port: number) {
  const [python, ...args] = hintCommand('smtplib', port);
  return run(python, args);
}
