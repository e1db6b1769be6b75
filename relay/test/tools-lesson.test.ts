/**
 * Lesson 22 ("The tools") against the real tools: the commands its hints give, run as
 * they are written (only the address and port changed), against the TCP sandbox. What
 * the watch hub reports of each session goes to a fresh Observer, as the page's "Watch
 * port 2525" connection does, and the lesson engine reads each observer in turn, as the
 * lessons store does: so the goals are proven against what the tools really send.
 *
 * The sessions are tool-sessions.ts's, shared with the browser test: swaks, Python's
 * smtplib and openssl s_client are real (each test that needs one is skipped without
 * it); telnet and nc are raw sockets that type their bytes.
 */
import { isComplete, type LessonProgress, Observer, observeLesson, startLesson } from '@smtp-playground/shared';
import { describe, expect, it } from 'vitest';
import { has, usePlayground } from './support.js';
import {
  hintCommand,
  interactive,
  theTools as lesson,
  ncCrlfSession,
  ncSession,
  sClientSession,
  smtplibSession,
  swaksSession,
  TOOLS,
  telnetSession,
} from './tool-sessions.js';

const playground = usePlayground();

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

const tools = TOOLS.every(has);

describe('lesson 22 with the real tools, watched as the page watches', () => {
  it.skipIf(!tools)(
    'walks every step: telnet’s and nc’s bytes, then openssl s_client, swaks and smtplib as the hints give them (skipped without swaks, python3 and openssl)',
    async () => {
      const port = playground().smtpPort;
      const w = watchLesson();
      try {
        // telnet: CRLF lines, then Ctrl-] and quit, which closes the connection with no QUIT.
        await telnetSession(port);
        await w.until(() => stepOf(w.progress()) === 'nc', 'the telnet step');

        // Plain nc: bare LF.
        expect(await ncSession(port)).toMatch(/^250 /m);
        await w.until(() => metIn(w.progress(), 'nc').includes('bare-lf'), 'plain nc');
        expect(stepOf(w.progress())).toBe('nc');

        // nc -C: CRLF, a whole letter.
        expect(await ncCrlfSession(port)).toMatch(/^250 OK id=/);
        await w.until(() => stepOf(w.progress()) === 'openssl', 'the nc step');

        // openssl s_client, interactive (no -quiet): the learner's lines in lower case, as the lesson says.
        expect(hintCommand('openssl', port)).toEqual(['openssl', 's_client', '-starttls', 'smtp', '-crlf', '-connect', `127.0.0.1:${port}`]);
        const replies = await sClientSession(port);
        expect(replies).toEqual([expect.stringMatching(/^250 /), '250 OK', expect.stringMatching(/^250 /), expect.stringMatching(/^221 /)]);
        expect(w.state()).toMatchObject({ tls: true, helo: { name: 'client.thm' }, mailFrom: 'you@client.thm' });
        await w.until(() => stepOf(w.progress()) === 'swaks', 'the openssl step');

        // swaks, exactly as the hint gives it.
        const { stdout } = await swaksSession(port);
        expect(stdout).toContain(' -> EHLO client.thm');
        expect(stdout).toMatch(/ -> X-Mailer: swaks/);
        await w.until(() => stepOf(w.progress()) === 'smtplib', 'the swaks step');

        // Python's smtplib, the hint's one line: its debug output shows what the page saw.
        const { stderr } = await smtplibSession(port);
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
      const [openssl, ...args] = hintCommand('openssl', playground().smtpPort);
      const s = interactive(openssl, args);
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
