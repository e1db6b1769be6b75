/**
 * `npm run compare`, run as a user runs it (its command line, its printed report, its
 * exit code) against real servers: the relay's own sandbox on TCP, started here as
 * `npm start` starts it, and real Exim and real Postfix where they are running
 * (tools/reference-servers/start; skipped, saying how to start them, where not).
 */
import net, { type AddressInfo } from 'node:net';
import { COMPARE_DIALOGUES } from '@smtp-playground/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../relay/src/config.js';
import { type Playground, startPlayground } from '../../relay/src/playground.js';
import { COMPARE_HELP, runCompare } from './compare-server.js';
import { REFERENCE_SERVERS } from './paths.js';
import { referenceStatus } from './status.js';

/** Runs the command line; what it printed, line by line, and its exit code. */
async function compare(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCompare(
    argv,
    (l) => out.push(...l.split('\n')),
    (l) => err.push(l),
  );
  return { code, out, err, text: out.join('\n') };
}

describe('npm run compare against the relay’s own sandbox on TCP', () => {
  let playground: Playground;
  let run: Awaited<ReturnType<typeof compare>>;
  beforeAll(async () => {
    playground = await startPlayground({ ...DEFAULTS, smtpPort: 0, pop3Port: 0, httpPort: 0, personality: 'postfix' }, '/nonexistent', { log: () => {} });
    run = await compare('--target', `127.0.0.1:${playground.smtpPort}`, '--tls-insecure');
  }, 120_000);
  afterAll(async () => {
    await playground?.close();
  });

  it('picks the sandbox personality from the banner and says it delivers nothing', () => {
    expect(run.code).toBe(0);
    expect(run.err).toEqual([]);
    expect(run.out[0]).toBe(
      `Comparing 127.0.0.1:${playground.smtpPort} with the sandbox (postfix-like), chosen from its banner (--personality to choose): ${COMPARE_DIALOGUES.length} dialogues, none of which delivers a message.`,
    );
  });

  it('prints the fingerprint card: banner, EHLO offer, limits, STARTTLS through a real handshake, the two probes', () => {
    const card = run.out.slice(run.out.indexOf(`Fingerprint of 127.0.0.1:${playground.smtpPort}`));
    expect(card.slice(1, 11)).toEqual([
      '  Banner                 220 example.thm ESMTP Postfix (Debian/GNU)',
      '  EHLO                   example.thm',
      expect.stringMatching(/^ {2}Extensions {13}PIPELINING, SIZE 10240000, .*STARTTLS/),
      '  Size limit             10240000 bytes (9.8 MiB)',
      '  Other limits           none announced (no LIMITS keyword)',
      '  AUTH in plain text     not offered',
      '  AUTH after STARTTLS    PLAIN LOGIN',
      '  STARTTLS               offered; the handshake worked',
      '  Bare LF command        accepted',
      expect.stringMatching(/^ {25}\(250-example\.thm \/ … \d+ more lines … \/ 250 /),
    ]);
    expect(card).toContain('  Pipelining after HELO  accepted');
  });

  it('finds the TCP sandbox and the in-memory sandbox of the same personality identical, dialogue by dialogue', () => {
    // The same Session behind a real socket, real TLS and a real clock: only what
    // normalising hides (dates, the cipher) may differ. (The in-memory transport
    // imitates what a socket shows in time, such as a hang-up seen one write late.)
    const headings = run.out.filter((l) => l.startsWith('── '));
    expect(headings).toHaveLength(COMPARE_DIALOGUES.length);
    expect(headings.filter((l) => !l.endsWith(': identical'))).toEqual([]);
    expect(run.out.at(-1)).toBe(
      `Summary: ${COMPARE_DIALOGUES.length} dialogues compared; ${COMPARE_DIALOGUES.length} identical, ${COMPARE_DIALOGUES.length} with the same reply codes (0 of them worded differently), 0 with different codes or lines.`,
    );
  });

  it('shows each difference side by side and explains it, against the other personality', async () => {
    const other = await compare(
      '--target',
      `127.0.0.1:${playground.smtpPort}`,
      '--tls-insecure',
      '--personality',
      'exim',
      '--only',
      'ehlo,vrfy',
      '--width',
      '100',
    );
    expect(other.code).toBe(0);
    const ehlo = other.out.slice(other.out.indexOf('── ehlo (session): different codes or lines'));
    expect(ehlo[2]).toBe(`  ${`127.0.0.1:${playground.smtpPort}`.padEnd(47)} │ ${'sandbox (exim-like)'.padEnd(47)}`);
    expect(ehlo[3]).toBe(`~ ${'S: 220 example.thm ESMTP Postfix (Debian/GNU)'.padEnd(47)} │ S: 220 example.thm ESMTP Exim 4.95 Ubuntu`);
    expect(ehlo[4]).toBe('    ↳ Same code 220, worded differently.');
    expect(other.text).toContain('    ↳ Only the real server offers VRFY.');
    expect(other.out.at(-1)).toMatch(/^Summary: 2 dialogues compared; 0 identical, /);
  });
});

describe('npm run compare, when it can’t compare', () => {
  it('exits 1 and says so when nothing listens at the target', async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const run = await compare('--target', `127.0.0.1:${port}`);
    expect(run.code).toBe(1);
    expect(run.out).toEqual([]);
    expect(run.err).toEqual([
      `compare: can't reach 127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port}). Check the host and port, and that this machine can reach it.`,
    ]);
  });

  it('exits 2 on a bad command line, and prints its help when asked', async () => {
    expect(await compare()).toMatchObject({ code: 2, err: ['compare: --target must be HOST:PORT, such as mail.lab.test:25, not ""'] });
    expect(await compare('--target', 'mx:25', '--personality', 'sendmail')).toMatchObject({
      code: 2,
      err: ['compare: --personality must be exim or postfix, not "sendmail"'],
    });
    expect(await compare('--target', 'mx:25', '--only', 'ehlo-transaction')).toMatchObject({
      code: 2,
      err: ['compare: --only: no safe dialogue called ehlo-transaction'],
    });
    expect((await compare('--tagret', 'mx:25')).err[0]).toMatch(/^compare: Unknown option '--tagret'/);
    expect(await compare('--help')).toMatchObject({ code: 0, out: COMPARE_HELP.split('\n') });
  });
});

for (const server of REFERENCE_SERVERS) {
  const { up, where, why, howToStart } = await referenceStatus(server);
  if (!up) console.warn(`compare: real ${server.name} is not on ${where} (${why}); start it with: ${howToStart}`);

  describe.skipIf(!up)(`npm run compare against real ${server.name} on ${where}${up ? '' : ` (skipped: ${why}; start it with ${howToStart})`}`, () => {
    let run: Awaited<ReturnType<typeof compare>>;
    beforeAll(async () => {
      run = await compare('--target', where, '--tls-insecure');
    }, 300_000);

    it('compares every safe dialogue against the sandbox of the same name', () => {
      expect(run.code).toBe(0);
      expect(run.out[0]).toContain(`with the sandbox (${server.name}-like), chosen from its banner`);
      expect(run.out.filter((l) => l.startsWith('── ')).length).toBe(COMPARE_DIALOGUES.length);
      expect(run.out.at(-1)).toMatch(new RegExp(`^Summary: ${COMPARE_DIALOGUES.length} dialogues compared; \\d+ identical, \\d+ with the same reply codes`));
    });

    it('reads its fingerprint as the goldens know it', () => {
      const row = (label: string) => run.out.find((l) => l.startsWith(`  ${label} `))?.slice(25);
      expect(row('Banner')).toMatch(server.banner);
      expect(row('STARTTLS')).toBe('offered; the handshake worked');
      expect(row('Bare LF command')).toBe('accepted');
      // Both references offer AUTH only inside TLS. Exim enforces SMTP synchronisation
      // where PIPELINING was not offered; Postfix 3.7 answers.
      expect([row('AUTH in plain text'), row('AUTH after STARTTLS')]).toEqual(['not offered', 'PLAIN LOGIN']);
      expect([row('Size limit'), row('Pipelining after HELO')]).toEqual(
        server.name === 'exim' ? ['52428800 bytes (50.0 MiB)', 'refused'] : ['10240000 bytes (9.8 MiB)', 'accepted'],
      );
    });
  });
}
