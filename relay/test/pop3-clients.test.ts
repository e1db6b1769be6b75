/**
 * Real POP3 clients against the playground's POP3 sandbox, fetching what nodemailer
 * sent over SMTP to the same playground: Python's poplib (plain, STLS, implicit TLS),
 * curl (list and retrieve; plain, STLS, pop3s://) and Debian's fetchmail. Each
 * message is compared byte for byte with GET /api/messages/:id/raw. Every test uses a
 * maildrop of its own (the local part it sends to), so none sees another's mail.
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { LETTER, sendOverSmtp } from './pop3-support.js';
import { has, run, usePlayground } from './support.js';

const playground = usePlayground({ pop3sPort: 0 });

/**
 * poplib as a script would use it: STAT, LIST, RETR 1, QUIT. `mode` plain, stls (the
 * sandbox's own certificate is not verified) or ssl (POP3_SSL on the pop3s port).
 * Prints JSON: the status lines, LIST's lines and the message (lines joined with CRLF,
 * as poplib hands them back unstuffed and without their endings), base64.
 */
const POPLIB = `
import base64, json, poplib, ssl, sys
port, user, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3]
context = ssl._create_unverified_context()
p = poplib.POP3_SSL('127.0.0.1', port, context=context) if mode == 'ssl' else poplib.POP3('127.0.0.1', port)
out = {'welcome': p.getwelcome().decode()}
if mode == 'stls':
    out['stls'] = p.stls(context).decode()
out['user'] = p.user(user).decode()
out['pass'] = p.pass_('sandbox').decode()
out['stat'] = list(p.stat())
resp, lines, octets = p.list()
out['list'] = [resp.decode()] + [l.decode() for l in lines]
resp, lines, octets = p.retr(1)
out['retr'] = resp.decode()
out['octets'] = octets
out['message'] = base64.b64encode(b'\\r\\n'.join(lines) + b'\\r\\n').decode()
out['quit'] = p.quit().decode()
print(json.dumps(out))
`;

describe('Python poplib', () => {
  for (const mode of ['plain', 'stls', 'ssl'] as const) {
    const how = { plain: 'in plaintext', stls: 'after STLS', ssl: 'with implicit TLS on the pop3s port' }[mode];
    it.skipIf(!has('python3'))(`lists and retrieves a message nodemailer sent, byte for byte, ${how} (skipped without python3)`, async () => {
      const user = `poplib-${mode}`;
      const { raw } = await sendOverSmtp(playground(), `${user}@server.thm`, `for poplib ${mode}`);
      const port = mode === 'ssl' ? (playground().pop3sPort as number) : playground().pop3Port;
      const { stdout } = await run('python3', ['-c', POPLIB, String(port), user, mode]);
      const out = JSON.parse(stdout) as Record<string, unknown>;
      expect(out).toMatchObject({
        welcome: '+OK Dovecot ready.',
        user: '+OK',
        pass: '+OK Logged in.',
        stat: [1, raw.length],
        list: ['+OK 1 messages:', `1 ${raw.length}`],
        retr: `+OK ${raw.length} octets`,
        quit: '+OK Logging out.',
        ...(mode === 'stls' ? { stls: '+OK Begin TLS negotiation now.' } : {}),
      });
      expect(Buffer.from(out.message as string, 'base64').equals(raw)).toBe(true);
      expect(raw.toString('latin1')).toContain(LETTER);
    });
  }

  it.skipIf(!has('python3'))('is refused with Dovecot’s words for a wrong password (skipped without python3)', async () => {
    const script = `
import poplib, sys
p = poplib.POP3('127.0.0.1', int(sys.argv[1]))
p.user('strategos')
try:
    p.pass_('wrong')
except poplib.error_proto as e:
    print(e.args[0].decode())
p.quit()
`;
    const { stdout } = await run('python3', ['-c', script, String(playground().pop3Port)]);
    expect(stdout).toBe('-ERR [AUTH] Authentication failed.\n');
  });
});

describe('curl pop3://', () => {
  /** curl's output as bytes. */
  const curl = async (...args: string[]) => (await run('curl', ['-sS', '--max-time', '20', ...args], { encoding: 'buffer' })).stdout as unknown as Buffer;

  it.skipIf(!has('curl'))('lists a maildrop and retrieves message 1 byte for byte (skipped without curl)', async () => {
    const { raw } = await sendOverSmtp(playground(), 'curl-plain@server.thm', 'for curl');
    const base = `pop3://127.0.0.1:${playground().pop3Port}`;
    expect((await curl('-u', 'curl-plain:sandbox', `${base}/`)).toString('latin1')).toBe(`1 ${raw.length}\r\n`);
    expect((await curl('-u', 'curl-plain:sandbox', `${base}/1`)).equals(raw)).toBe(true);
  });

  it.skipIf(!has('curl'))('retrieves byte for byte after STLS (--ssl-reqd), and over pop3s:// on the implicit-TLS port (skipped without curl)', async () => {
    const { raw } = await sendOverSmtp(playground(), 'curl-tls@server.thm', 'for curl over TLS');
    const stls = await curl('--ssl-reqd', '-k', '-u', 'curl-tls:sandbox', `pop3://127.0.0.1:${playground().pop3Port}/1`);
    expect(stls.equals(raw)).toBe(true);
    const implicit = await curl('-k', '-u', 'curl-tls:sandbox', `pop3s://127.0.0.1:${playground().pop3sPort}/1`);
    expect(implicit.equals(raw)).toBe(true);
  });
});

describe('fetchmail', () => {
  /**
   * fetchmail in batch mode (one poll, no daemon) with an rcfile: STLS when offered
   * (the sandbox's self-signed certificate not checked), keep, no address rewriting,
   * CRs kept, and each message handed to `cat > FILE` as its MDA.
   *
   * fetchmail adds one header of its own at the top, after Return-Path, saying it
   * fetched the message (RFC 5321's trace convention):
   *   Received: from 127.0.0.1 [127.0.0.1]
   *   \tby HOST with POP3 (fetchmail-6.4.37)
   *   \tfor <USER@localhost> (single-drop); DATE
   * The test takes out exactly that header and compares the rest byte for byte.
   */
  it.skipIf(!has('fetchmail'))('fetches a message sent over SMTP, byte for byte but for its own Received: header (skipped without fetchmail)', async () => {
    const { raw } = await sendOverSmtp(playground(), 'fetchmail-user@server.thm', 'for fetchmail');
    const home = await mkdtemp(join(tmpdir(), 'pop3-fetchmail-'));
    onTestFinished(() => rm(home, { recursive: true, force: true }));
    const delivered = join(home, 'delivered.eml');
    const rc = join(home, 'fetchmailrc');
    await writeFile(
      rc,
      [
        'set no bouncemail',
        `poll 127.0.0.1 service ${playground().pop3Port} protocol POP3:`,
        '  user "fetchmail-user" there with password "sandbox" is "fetchmail-user" here',
        '  options keep no rewrite no stripcr sslproto "TLS1.2+" no sslcertck',
        `  mda "cat > ${delivered}"`,
        '',
      ].join('\n'),
    );
    await chmod(rc, 0o600); // fetchmail refuses an rcfile others can read
    // HOME: its .fetchids and lock file go there, not into the user's own.
    const { stdout } = await run('fetchmail', ['-f', rc, '--nosyslog', '-v'], { env: { ...process.env, HOME: home }, timeout: 30_000 });
    // Its -v trace is on stdout (warnings on stderr: it runs as root here, and the certificate is self-signed).
    expect(stdout).toContain('POP3> STLS');
    expect(stdout).toContain('POP3< +OK Begin TLS negotiation now.');
    expect(stdout).toMatch(/1 message for fetchmail-user at 127\.0\.0\.1 \(\d+ octets\)/);
    const got = await readFile(delivered);
    const own =
      /^(Return-Path: [^\r\n]*\r\n)(Received: from 127\.0\.0\.1 \[127\.0\.0\.1\]\r\n\tby [^\r\n]* with POP3 \(fetchmail-[^\r\n]*\r\n\tfor [^\r\n]*\r\n)/.exec(
        got.toString('latin1'),
      );
    expect(own, got.toString('latin1').slice(0, 400)).not.toBeNull();
    const [, returnPath = '', received = ''] = own ?? [];
    const withoutIt = Buffer.concat([got.subarray(0, returnPath.length), got.subarray(returnPath.length + received.length)]);
    expect(withoutIt.equals(raw)).toBe(true);
  });
});
