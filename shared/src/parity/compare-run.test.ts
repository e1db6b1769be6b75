import { describe, expect, it } from 'vitest';
import { exim } from '../server/personalities/exim.js';
import { postfix } from '../server/personalities/postfix.js';
import { COMPARE_DIALOGUES } from './compare.js';
import { runComparison } from './compare-run.js';
import { readFingerprint } from './fingerprint.js';
import { SANDBOX_CLIENT, SessionTransport } from './sandbox-transport.js';

/** The Postfix-like sandbox standing in for a server under test. */
const postfixServer = async () => ({ transport: new SessionTransport(postfix), clientAddress: SANDBOX_CLIENT, close: () => {} });

describe('runComparison', () => {
  it('plays every dialogue against both sides and lines them up, in corpus order', async () => {
    const heard: string[] = [];
    const run = await runComparison({ dialogues: COMPARE_DIALOGUES, open: postfixServer, personality: exim, onDone: (c) => heard.push(c.id) });
    expect(run.comparisons.map((c) => c.id)).toEqual(COMPARE_DIALOGUES.map((d) => d.id));
    expect([...heard].sort()).toEqual(COMPARE_DIALOGUES.map((d) => d.id).sort());
    const ehlo = run.comparisons.find((c) => c.id === 'ehlo');
    expect(ehlo?.lines[0]).toMatchObject({
      mark: 'differs-in-text',
      left: 'S: 220 example.thm ESMTP Postfix (Debian/GNU)',
      right: 'S: 220 example.thm ESMTP Exim 4.95 Ubuntu',
    });
    expect(readFingerprint(run.server).banner).toBe('220 example.thm ESMTP Postfix (Debian/GNU)');
    expect(readFingerprint(run.sandbox).banner).toBe('220 example.thm ESMTP Exim 4.95 Ubuntu');
  });

  it('finds a personality identical to itself', async () => {
    const run = await runComparison({ dialogues: COMPARE_DIALOGUES, open: postfixServer, personality: postfix });
    expect(run.comparisons.every((c) => c.sameText)).toBe(true);
  });

  it('writes down a connection that could not be opened, and goes on', async () => {
    const dialogues = COMPARE_DIALOGUES.slice(0, 3);
    let opened = 0;
    const run = await runComparison({
      dialogues,
      personality: exim,
      concurrency: 1,
      open: async (d) => {
        opened++;
        if (d === dialogues[1]) throw new Error('connect ECONNREFUSED 127.0.0.1:1');
        return postfixServer();
      },
    });
    expect(opened).toBe(3);
    expect(run.server[dialogues[1]?.id as string]).toEqual(['-- could not connect: connect ECONNREFUSED 127.0.0.1:1']);
    expect(run.comparisons[1]?.lines.find((l) => l.left?.startsWith('-- could not connect'))).toEqual({
      mark: 'differs-in-code',
      left: '-- could not connect: connect ECONNREFUSED 127.0.0.1:1',
      right: '-- server closed the connection',
      why: 'What happened differs: with the real server, "could not connect: connect ECONNREFUSED 127.0.0.1:1"; with the sandbox, "server closed the connection".',
    });
    expect(run.comparisons[1]?.sameCodes).toBe(false);
    expect(run.comparisons[2]?.lines[0]?.left).toMatch(/^S: 220 /);
  });

  it('stops starting dialogues once cancelled', async () => {
    let n = 0;
    const run = await runComparison({
      dialogues: COMPARE_DIALOGUES,
      open: postfixServer,
      personality: exim,
      concurrency: 1,
      onDone: () => n++,
      cancelled: () => n >= 2,
    });
    expect(run.comparisons.map((c) => c.id)).toEqual(COMPARE_DIALOGUES.slice(0, 2).map((d) => d.id));
  });
});
