import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDig, parseDigQuery, recordData } from './dig.js';
import { isNullMx, type Zone } from './records.js';
import { resolve } from './resolve.js';
import { ZONES } from './zones.js';

describe('resolve', () => {
  it('answers MX server.thm with the sandbox, example.thm', () => {
    const a = resolve('server.thm', 'MX');
    expect(a.status).toBe('NOERROR');
    expect(a.answer).toEqual([{ name: 'server.thm', ttl: 3600, type: 'MX', preference: 10, exchange: 'example.thm' }]);
  });

  it('reads names without regard to case or a final dot', () => {
    expect(resolve('Example.THM.', 'A').answer.map(recordData)).toEqual(['198.51.100.25']);
    expect(resolve('example.thm', 'AAAA').answer.map(recordData)).toEqual(['2001:db8::25']);
  });

  it('tells "no data" (NOERROR, empty) from a name that does not exist (NXDOMAIN)', () => {
    expect(resolve('mail.client.thm', 'MX')).toMatchObject({ status: 'NOERROR', answer: [], outside: false });
    expect(resolve('nobody.server.thm', 'A')).toMatchObject({ status: 'NXDOMAIN', answer: [], outside: false });
    expect(resolve('gmail.com', 'MX')).toMatchObject({ status: 'NXDOMAIN', outside: true });
  });

  it('holds a null MX for nullmx.thm (RFC 7505 3)', () => {
    const [mx] = resolve('nullmx.thm', 'MX').answer;
    expect(mx && isNullMx(mx)).toBe(true);
    expect(ZONES.flatMap((z) => z.records).filter(isNullMx)).toHaveLength(1);
  });

  it('follows an alias to its target, and stops on a loop', () => {
    const a = resolve('www.server.thm', 'A');
    expect(a.answer.map((r) => r.type)).toEqual(['CNAME', 'A']);
    expect(resolve('www.server.thm', 'CNAME').answer.map(recordData)).toEqual(['server.thm.']);
    const loop: Zone[] = [
      {
        origin: 'loop.thm',
        records: [
          { name: 'a.loop.thm', ttl: 1, type: 'CNAME', target: 'b.loop.thm' },
          { name: 'b.loop.thm', ttl: 1, type: 'CNAME', target: 'a.loop.thm' },
        ],
      },
    ];
    expect(resolve('a.loop.thm', 'A', loop).answer.length).toBeLessThanOrEqual(9);
  });
});

describe('parseDigQuery', () => {
  it('reads dig MX server.thm, with or without "dig", in either order', () => {
    const want = { ok: true, query: { name: 'server.thm', type: 'MX', short: false } };
    expect(parseDigQuery('dig MX server.thm')).toEqual(want);
    expect(parseDigQuery('  server.thm  mx ')).toEqual(want);
    expect(parseDigQuery('dig -t MX server.thm. IN @8.8.8.8')).toEqual(want);
  });

  it('asks for A without a type, and takes +short', () => {
    expect(parseDigQuery('dig +short example.thm')).toEqual({ ok: true, query: { name: 'example.thm', type: 'A', short: true } });
  });

  it('refuses what it does not know in a sentence, never as a lookup', () => {
    expect(parseDigQuery('dig NS server.thm')).toMatchObject({ ok: false, error: expect.stringContaining('A, AAAA, MX, TXT and CNAME') });
    expect(parseDigQuery('dig +trace server.thm')).toMatchObject({ ok: false, error: expect.stringContaining('+short') });
    expect(parseDigQuery('dig')).toMatchObject({ ok: false });
    expect(parseDigQuery('dig MX a.thm b.thm')).toMatchObject({ ok: false });
    expect(parseDigQuery('dig MX <script>')).toMatchObject({ ok: false });
  });

  it('never throws, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const r = parseDigQuery(text);
        if (r.ok) formatDig(r.query, resolve(r.query.name, r.query.type));
      }),
    );
  });
});

describe('formatDig', () => {
  it('prints the sections as dig does, names with their final dot', () => {
    const out = formatDig({ name: 'server.thm', type: 'MX', short: false }, resolve('server.thm', 'MX'));
    expect(out).toContain(';; ->>HEADER<<- opcode: QUERY, status: NOERROR');
    expect(out).toContain(';server.thm.\t\tIN\tMX');
    expect(out).toContain('server.thm.\t\t3600\tIN\tMX\t10 example.thm.');
  });

  it('prints a null MX as "0 ." and TXT quoted', () => {
    expect(formatDig({ name: 'nullmx.thm', type: 'MX', short: true }, resolve('nullmx.thm', 'MX'))).toBe('0 .');
    expect(formatDig({ name: 'server.thm', type: 'TXT', short: true }, resolve('server.thm', 'TXT'))).toBe('"v=spf1 mx -all"');
  });

  it('says why an answer is empty', () => {
    expect(formatDig({ name: 'gmail.com', type: 'MX', short: false }, resolve('gmail.com', 'MX'))).toMatch(/status: NXDOMAIN[\s\S]*knows only server\.thm/);
    expect(formatDig({ name: 'mail.client.thm', type: 'MX', short: false }, resolve('mail.client.thm', 'MX'))).toContain('No MX record at this name');
  });
});
