import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exim } from '../server/personalities/exim.js';
import { fingerprintRows, formatFingerprint } from './compare-report.js';
import { PROBES, readFingerprint, type Transcripts } from './fingerprint.js';
import { playDialogue } from './play.js';
import { SANDBOX_CLIENT, SessionTransport } from './sandbox-transport.js';
import type { ParityGolden } from './transcript.js';

/** A golden's transcripts by dialogue id, as the fingerprint reads them. */
function recorded(server: 'exim' | 'postfix'): Record<string, string[]> {
  const g = JSON.parse(readFileSync(new URL(`./goldens/${server}.json`, import.meta.url), 'utf8')) as ParityGolden;
  return Object.fromEntries(Object.entries(g.dialogues).map(([id, r]) => [id, r.transcript]));
}

/**
 * The goldens hold no probe, but two dialogues ask the same questions with a letter
 * after them: the bare-LF session opens with a bare-LF HELO, and pipelining-after-helo
 * pipelines MAIL, RCPT and DATA after HELO. Read as probes, they give the real answers.
 */
function withProbesFromCorpus(t: Record<string, string[]>): Transcripts {
  return { ...t, 'probe-bare-lf': t['bare-lf-session'], 'probe-pipelining-after-helo': t['pipelining-after-helo'] };
}

describe('readFingerprint', () => {
  it('reads real Exim 4.96: its banner, its EHLO offer, AUTH only after STARTTLS, and its refusal of pipelining after HELO', () => {
    const f = readFingerprint(withProbesFromCorpus(recorded('exim')));
    expect(f.banner).toBe('220 example.thm ESMTP Exim 4.96 {date}');
    expect(f.ehloHello).toBe('example.thm Hello client.thm [{client}]');
    expect(f.keywords.map((k) => k.name)).toEqual(['SIZE', '8BITMIME', 'PIPELINING', 'PIPECONNECT', 'CHUNKING', 'STARTTLS', 'PRDR', 'HELP']);
    expect(f.sizeLimit).toBe(52428800);
    expect(f.limits).toEqual({});
    expect(f.auth).toBeNull();
    expect(f.authAfterTls).toEqual(['PLAIN', 'LOGIN']);
    expect(f.starttls).toBe('started');
    expect(f.bareLf).toEqual({ verdict: 'accepted', evidence: ['S: 250 example.thm Hello client.thm [{client}]'] });
    expect(f.pipeliningAfterHelo).toEqual({ verdict: 'refused', evidence: ['S: 554 SMTP synchronization error', '-- server closed the connection'] });
  });

  it('reads real Postfix 3.7: AUTH only after STARTTLS (as the reference is set up), and pipelining after HELO answered', () => {
    const f = readFingerprint(withProbesFromCorpus(recorded('postfix')));
    expect(f.banner).toBe('220 example.thm ESMTP Postfix (Debian/GNU)');
    expect(f.ehloHello).toBe('example.thm');
    expect(f.sizeLimit).toBe(10240000);
    expect(f.auth).toBeNull();
    expect(f.authAfterTls).toEqual(['PLAIN', 'LOGIN']);
    expect(f.keywords).toContainEqual({ name: 'SIZE', params: '10240000' });
    expect(f.keywords.map((k) => k.name)).toContain('ENHANCEDSTATUSCODES');
    expect(f.bareLf.verdict).toBe('accepted');
    expect(f.pipeliningAfterHelo).toEqual({ verdict: 'accepted', evidence: ['S: 250 2.1.0 Ok', 'S: 250 2.1.5 Ok', 'S: 354 End data with <CR><LF>.<CR><LF>'] });
  });

  it('reads SIZE with no number, LIMITS, AUTH= and a refused bare LF', () => {
    const f = readFingerprint({
      ehlo: [
        'S: 220-mx.thm ESMTP',
        'S: 220 no spam',
        'C: EHLO client.thm',
        'S: 250-mx.thm',
        'S: 250-size',
        'S: 250-LIMITS RCPTMAX=100 mailmax=5',
        'S: 250 AUTH=LOGIN PLAIN',
      ],
      'probe-bare-lf': ['S: 220 mx.thm', 'C: EHLO client.thm<LF>', 'S: 421 4.5.0 bare LF received', '-- server closed the connection'],
    });
    expect(f.banner).toBe('220-mx.thm ESMTP\n220 no spam');
    expect(f.sizeLimit).toBe(0);
    expect(f.limits).toEqual({ RCPTMAX: '100', MAILMAX: '5' });
    expect(f.auth).toEqual(['LOGIN', 'PLAIN']);
    expect(f.starttls).toBe('not-offered');
    expect(f.bareLf).toEqual({ verdict: 'refused', evidence: ['S: 421 4.5.0 bare LF received'] });
  });

  it('says unknown, and why, for what it has no transcript of or no answer in', () => {
    const f = readFingerprint({ 'probe-pipelining-after-helo': ['S: 220 mx.thm', 'C: HELO client.thm', 'S: 550 go away'] });
    expect(f.banner).toBeNull();
    expect(f.keywords).toEqual([]);
    expect(f.bareLf).toEqual({ verdict: 'unknown', evidence: ['-- not played'] });
    expect(f.pipeliningAfterHelo).toEqual({ verdict: 'unknown', evidence: ['-- HELO was not answered 250, so nothing was pipelined after it'] });
  });

  it('reads the probes as the player writes them, against the sandbox', async () => {
    const transcripts: Record<string, string[]> = {};
    for (const d of PROBES) transcripts[d.id] = await playDialogue(d, new SessionTransport(exim), { clientAddress: SANDBOX_CLIENT, ids: [] });
    const f = readFingerprint(transcripts);
    expect(f.bareLf.verdict).not.toBe('unknown');
    expect(f.bareLf.evidence[0]).toMatch(/^S: \d{3}/);
    expect(f.pipeliningAfterHelo.verdict).not.toBe('unknown');
  });
});

describe('fingerprintRows and formatFingerprint', () => {
  it('put the card in words, with the replies each verdict rests on', () => {
    const f = readFingerprint(withProbesFromCorpus(recorded('exim')));
    expect(fingerprintRows(f).map((r) => [r.label, r.value])).toEqual([
      ['Banner', '220 example.thm ESMTP Exim 4.96 {date}'],
      ['EHLO', 'example.thm Hello client.thm [{client}]'],
      ['Extensions', 'SIZE 52428800, 8BITMIME, PIPELINING, PIPECONNECT, CHUNKING, STARTTLS, PRDR, HELP'],
      ['Size limit', '52428800 bytes (50.0 MiB)'],
      ['Other limits', 'none announced (no LIMITS keyword)'],
      ['AUTH in plain text', 'not offered'],
      ['AUTH after STARTTLS', 'PLAIN LOGIN'],
      ['STARTTLS', 'offered; the handshake worked'],
      ['Bare LF command', 'accepted'],
      ['Pipelining after HELO', 'refused'],
    ]);
    const text = formatFingerprint(f, '127.0.0.1:2625');
    expect(text[0]).toBe('Fingerprint of 127.0.0.1:2625');
    expect(text).toContain('  Pipelining after HELO  refused');
    expect(text).toContain('                         (554 SMTP synchronization error / -- server closed the connection)');
  });
});
