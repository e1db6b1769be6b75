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

  it('answers SERVFAIL for a name whose server is broken, and for an alias leading to it', () => {
    const broken: Zone[] = [
      {
        origin: 'broken.thm',
        records: [
          { name: 'broken.thm', ttl: 1, type: 'A', address: '203.0.113.9' },
          { name: 'www.broken.thm', ttl: 1, type: 'CNAME', target: 'broken.thm' },
          { name: 'ok.broken.thm', ttl: 1, type: 'A', address: '203.0.113.10' },
        ],
        servfail: ['broken.thm'],
      },
    ];
    expect(resolve('broken.thm', 'A', broken)).toEqual({ name: 'broken.thm', type: 'A', status: 'SERVFAIL', answer: [], outside: false });
    expect(resolve('Broken.THM.', 'TXT', broken).status).toBe('SERVFAIL');
    expect(resolve('www.broken.thm', 'A', broken).status).toBe('SERVFAIL');
    expect(resolve('ok.broken.thm', 'A', broken)).toMatchObject({ status: 'NOERROR', answer: [{ address: '203.0.113.10' }] });
    expect(ZONES.some((z) => z.servfail?.length)).toBe(false);
  });

  it('holds the world of the journey: the third party, the implicit MX, DMARC and DKIM records', () => {
    const txt = (name: string) => resolve(name, 'TXT').answer.map((r) => (r.type === 'TXT' ? r.text : ''));
    expect(resolve('bank.thm', 'MX').answer.map(recordData)).toEqual(['10 mail.bank.thm.']);
    expect(resolve('mail.bank.thm', 'A').answer.map(recordData)).toEqual(['203.0.113.25']);
    expect(txt('bank.thm')).toEqual(['v=spf1 mx -all']);
    expect(txt('_dmarc.bank.thm')).toEqual(['v=DMARC1; p=reject']);
    expect(txt('s2026._domainkey.bank.thm')[0]).toMatch(/^v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=$/);
    expect(txt('mail._domainkey.client.thm')[0]).toMatch(/^v=DKIM1; k=rsa; p=MIIBIjAN/);
    expect(txt('_dmarc.client.thm')).toEqual(['v=DMARC1; p=quarantine']);
    expect(txt('_dmarc.server.thm')).toEqual(['v=DMARC1; p=none']);
    expect(resolve('nomx.thm', 'MX')).toMatchObject({ status: 'NOERROR', answer: [] });
    expect(resolve('nomx.thm', 'A').answer.map(recordData)).toEqual(['203.0.113.60']);
    // What the lessons rely on is as it was.
    expect(txt('client.thm')).toEqual(['v=spf1 ip4:192.0.2.20 -all']);
    expect(resolve('server.thm', 'MX').answer.map(recordData)).toEqual(['10 example.thm.']);
  });

  it('keeps every address in the documentation ranges (RFC 5737, RFC 3849)', () => {
    for (const r of ZONES.flatMap((z) => z.records)) {
      if (r.type === 'A') expect(r.address).toMatch(/^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$/);
      if (r.type === 'AAAA') expect(r.address).toMatch(/^2001:db8:/);
    }
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

  it('prints a TXT record longer than 255 characters as several strings, as the wire holds it (RFC 1035 3.3)', () => {
    const out = formatDig({ name: 'mail._domainkey.client.thm', type: 'TXT', short: true }, resolve('mail._domainkey.client.thm', 'TXT'));
    const strings = [...out.matchAll(/"([^"]*)"/g)].map((m) => m[1] as string);
    expect(strings.length).toBeGreaterThan(1);
    expect(strings.every((s) => s.length <= 255)).toBe(true);
    expect(strings.join('')).toBe(resolve('mail._domainkey.client.thm', 'TXT').answer.map((r) => (r.type === 'TXT' ? r.text : ''))[0]);
  });

  it('says SERVFAIL is a failure to answer, not an answer', () => {
    const zones: Zone[] = [{ origin: 'broken.thm', records: [], servfail: ['broken.thm'] }];
    const out = formatDig({ name: 'broken.thm', type: 'MX', short: false }, resolve('broken.thm', 'MX', zones));
    expect(out).toContain('status: SERVFAIL');
    expect(out).toContain('failed to answer');
  });

  it('says why an answer is empty', () => {
    expect(formatDig({ name: 'gmail.com', type: 'MX', short: false }, resolve('gmail.com', 'MX'))).toMatch(/status: NXDOMAIN[\s\S]*knows only server\.thm/);
    expect(formatDig({ name: 'mail.client.thm', type: 'MX', short: false }, resolve('mail.client.thm', 'MX'))).toContain('No MX record at this name');
  });
});
