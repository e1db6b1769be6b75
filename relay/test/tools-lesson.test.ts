/**
 * Lesson 22 ("The tools") against the real tools: the commands its hints give, run as
 * they are written (only the address and port changed), against the TCP sandbox. What
 * the watch hub reports of each session goes to a fresh Observer, as the page's "Watch
 * port 2525" connection does, and the lesson engine reads each observer in turn, as the
 * lessons store does: so the goals are proven against what the tools really send.
 *
 * swaks, Python's smtplib and openssl s_client are real (each test that needs one is
 * skipped without it). telnet and nc need a person at a terminal (telnet's Ctrl-] above
 * all), so a raw socket types their bytes instead: CRLF lines and a hang-up for telnet,
 * bare-LF lines for plain nc, CRLF lines for nc -C, a line at a time, each after the
 * reply to the one before.
 */
import { spawn } from 'node:child_process';
import { isComplete, LESSONS, type Lesson, type LessonProgress, Observer, observeLesson, startLesson } from '@smtp-playground/shared';
import { describe, expect, it } from 'vitest';
import { has, run, typist, usePlayground } from './support.js';

const playground = usePlayground();
const lesson = LESSONS.find((l) => l.id === 'the-tools') as Lesson;

/** The last hint of a step: the one that names the terminal command. */
const lastHint = (stepId: string) => lesson.steps.find((s) => s.id === stepId)?.hints.at(-1) ?? '';
/** The hint's command, pointed at this test's sandbox. */
const pointed = (command: string) =>
  command.replace('localhost:2525', `127.0.0.1:${playground().smtpPort}`).replace("'localhost', 2525", `'127.0.0.1', ${playground().smtpPort}`);

/**
 * Follows the sandbox's sessions through the watch hub as the page does: one observer
 * per session, every event re-checks the lesson. `until` waits for the current
 * session's observer state (or the progress) to pass a test.
 */
function watchLesson() {
  let progress: LessonProgress = startLesson(lesson);
  let current: Observer | null = null;
  const sessions = new Map<string, Observer>();
  const waiters = new Set<() => void>();
  const unsubscribe = playground().watch.subscribe(
    (e) => {
      if (e.type === 'opened') sessions.set(e.id, new Observer(() => Date.now()));
      const observer = sessions.get(e.id);
      if (!observer) return;
      current = observer;
      if (e.type === 'bytes') observer.feed(e.direction, e.data);
      if (e.type === 'closed') observer.closed();
      progress = observeLesson(lesson, progress, observer.state);
      for (const w of [...waiters]) w();
    },
    { bytes: true },
  );
  const state = () => (current as Observer | null)?.state;
  return {
    progress: () => progress,
    state,
    stop: unsubscribe,
    until(test: () => boolean, what: string, ms = 15_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${what}`));
        }, ms);
        const check = () => {
          if (!test()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      });
    },
  };
}

const stepOf = (p: LessonProgress) => lesson.steps[p.step]?.id ?? 'done';
const metIn = (p: LessonProgress, stepId: string) => p.met.filter((k) => k.startsWith(`${stepId}/`)).map((k) => k.slice(stepId.length + 1));

/** A client program with its stdin kept open, typed into a line at a time. */
function interactive(command: string, args: string[]) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    type: (line: string) => child.stdin.write(`${line}\n`),
    exited,
    output: () => ({ stdout, stderr }),
    kill: () => child.kill(),
  };
}

const tools = has('swaks') && has('python3') && has('openssl');

describe('lesson 22 with the real tools, watched as the page watches', () => {
  it.skipIf(!tools)(
    'walks every step: telnet’s and nc’s bytes, then openssl s_client, swaks and smtplib as the hints give them (skipped without swaks, python3 and openssl)',
    async () => {
      const port = playground().smtpPort;
      const w = watchLesson();
      try {
        // telnet: CRLF lines, then Ctrl-] and quit, which closes the connection with no QUIT.
        const telnet = await typist(port);
        await telnet.line('EHLO client.thm');
        telnet.close();
        await w.until(() => stepOf(w.progress()) === 'nc', 'the telnet step');

        // Plain nc: bare LF.
        const nc = await typist(port);
        expect(await nc.line('EHLO client.thm', '\n')).toMatch(/^250 /m);
        await nc.line('QUIT', '\n');
        await nc.ended;
        await w.until(() => metIn(w.progress(), 'nc').includes('bare-lf'), 'plain nc');
        expect(stepOf(w.progress())).toBe('nc');

        // nc -C: CRLF, a whole letter.
        const ncC = await typist(port);
        for (const line of ['EHLO client.thm', 'MAIL FROM:<you@client.thm>', 'RCPT TO:<friend@server.thm>', 'DATA']) await ncC.line(line);
        for (const line of ['Subject: via nc', '', 'Hello from nc -C.']) await ncC.line(line, '\r\n', false);
        expect(await ncC.line('.')).toMatch(/^250 OK id=/);
        await ncC.line('QUIT');
        await w.until(() => stepOf(w.progress()) === 'openssl', 'the nc step');

        // openssl s_client, interactive (no -quiet): the learner's lines in lower case, as the lesson says.
        const [openssl, ...opensslArgs] = pointed(/openssl s_client [^(]*?(?= \()/.exec(lastHint('openssl'))?.[0] ?? '').split(' ');
        expect(opensslArgs).toEqual(['s_client', '-starttls', 'smtp', '-crlf', '-connect', `127.0.0.1:${port}`]);
        const s = interactive(openssl as string, opensslArgs);
        await w.until(() => w.state()?.tls === true, 's_client’s STARTTLS');
        s.type('EHLO client.thm');
        await w.until(() => w.state()?.helo?.name === 'client.thm', 'EHLO inside TLS');
        s.type('mail from:<you@client.thm>');
        await w.until(() => w.state()?.mailFrom === 'you@client.thm', 'mail from');
        s.type('rcpt to:<friend@server.thm>');
        await w.until(() => w.state()?.recipients.some((r) => r.accepted) === true, 'rcpt to');
        s.type('quit');
        await w.until(() => stepOf(w.progress()) === 'swaks', 'the openssl step');
        await s.exited;

        // swaks, exactly as the hint gives it.
        const swaksCommand = pointed(/swaks [^(]*?(?= \()/.exec(lastHint('swaks'))?.[0] ?? '');
        const [swaks, ...swaksArgs] = swaksCommand.split(' ');
        const { stdout } = await run(swaks as string, swaksArgs);
        expect(stdout).toContain(' -> EHLO client.thm');
        expect(stdout).toMatch(/ -> X-Mailer: swaks/);
        await w.until(() => stepOf(w.progress()) === 'smtplib', 'the swaks step');

        // Python's smtplib, the hint's one line: its debug output shows what the page saw.
        const script = pointed(/python3 -c "(.*)" \(/.exec(lastHint('smtplib'))?.[1] ?? '');
        const { stderr } = await run('python3', ['-c', script]);
        expect(stderr).toContain("send: 'ehlo client.thm\\r\\n'");
        expect(stderr).toContain("send: 'mail FROM:<you@client.thm> size=20\\r\\n'");
        await w.until(() => isComplete(lesson, w.progress()), 'the smtplib step');
        expect(w.progress().met).toHaveLength(lesson.steps.reduce((n, step) => n + step.goals.length, 0));
      } finally {
        w.stop();
      }
    },
  );

  it.skipIf(!has('openssl'))(
    'shows the s_client trap is real: a line that starts with a capital R never reaches the server (skipped without openssl)',
    async () => {
      const w = watchLesson();
      const s = interactive('openssl', ['s_client', '-starttls', 'smtp', '-crlf', '-connect', `127.0.0.1:${playground().smtpPort}`]);
      try {
        await w.until(() => w.state()?.tls === true, 's_client’s STARTTLS');
        s.type('EHLO client.thm');
        await w.until(() => w.state()?.helo?.name === 'client.thm', 'EHLO inside TLS');
        s.type('mail from:<you@client.thm>');
        await w.until(() => w.state()?.mailFrom === 'you@client.thm', 'mail from');
        const before = w.state()?.exchanges.length;
        s.type('RCPT TO:<friend@server.thm>');
        // s_client takes it as its own "R" (renegotiate); a TLS 1.3 session ends there.
        await Promise.race([s.exited, new Promise((r) => setTimeout(r, 1500))]);
        expect(w.state()?.exchanges.length).toBe(before);
        expect(w.state()?.recipients).toEqual([]);
      } finally {
        s.kill();
        w.stop();
      }
    },
  );
});
