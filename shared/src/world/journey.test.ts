import { authenticate as mailauthAuthenticate } from 'mailauth';
import { describe, expect, it } from 'vitest';
import { mailauthResolver } from '../../test/mailauth-resolver.js';
import { classicMessage } from '../client/classic-message.js';
import { SmtpClient } from '../client/smtp-client.js';
import type { DnsRecord, Zone } from '../dns/records.js';
import { resolve } from '../dns/resolve.js';
import { ZONES } from '../dns/zones.js';
import { receivedCount } from '../lessons/goals.js';
import { decodeText, encodeText } from '../protocol/bytes.js';
import { Mailbox, type StoredMessage } from '../server/mailbox.js';
import { postfix } from '../server/personalities/postfix.js';
import { Session } from '../server/session.js';
import { type Journey, runJourney } from './journey.js';
import { MSA_POLICY } from './world.js';

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);
const clock = () => NOW;
const random = () => 0.5;

/** What the MSA (the sandbox under MSA_POLICY) accepts from a mail client that logs in, as the learner does by hand. */
function submitted(letter: string, envelope = { mailFrom: 'user@client.thm', recipients: ['strategos@server.thm'] }): StoredMessage {
  const queue = new Mailbox();
  const session = new Session({
    mailbox: queue,
    clock,
    random,
    personality: postfix,
    policy: MSA_POLICY,
    client: { address: '192.0.2.99', name: 'laptop.client.thm' },
    tls: true,
  });
  const client = new SmtpClient(envelope, encodeText(letter), { hello: 'client.thm', starttls: 'required', auth: { user: 'learner', password: 'sandbox' } });
  let out = session.start();
  for (let i = 0; i < 50; i++) {
    let c = client.receive(out.output);
    if (c.events.some((e) => e.type === 'startTls')) {
      session.tlsStarted();
      c = client.tlsStarted();
    }
    if (c.output.length === 0) break;
    out = session.receive(c.output);
  }
  const [message] = queue.list();
  if (!message) throw new Error(`the MSA accepted nothing: ${client.outcome?.why}`);
  return message;
}

const text = (m: Uint8Array) => decodeText(m);
const kinds = (j: Journey) => j.steps.map((s) => s.kind);
const hop = (j: Journey) => j.steps.find((s) => s.kind === 'hop');

describe('runJourney', () => {
  it('takes the classic letter to server.thm: signed, MX and A looked up, a hop, three Received: lines and all three passes', async () => {
    const { letter } = classicMessage();
    const j = await runJourney(submitted(text(letter)), { clock, random });
    expect(kinds(j)).toEqual(['submitted', 'signed', 'lookup', 'lookup', 'hop', 'delivered']);
    const h = hop(j);
    expect(h?.kind === 'hop' && h.server.host).toBe('example.thm');
    const delivered = j.arrived[0] as StoredMessage;
    expect(receivedCount(delivered)).toBe(3);
    const raw = text(delivered.raw);
    expect(raw).toMatch(/^Return-Path: <user@client\.thm>\r\nReceived: from example\.thm \(\[198\.51\.100\.25\]\)\r\n\tby mailstore\.server\.thm with LMTP/);
    expect(raw).toMatch(
      /Authentication-Results: example\.thm;\r\n\tspf=pass smtp\.mailfrom=client\.thm;\r\n\tdkim=pass header\.d=client\.thm[^\r]*;\r\n\tdmarc=pass/,
    );
    expect(raw).toContain('by mail.client.thm (Postfix) with ESMTPSA');
    expect(raw).toContain('DKIM-Signature: v=1; a=rsa-sha256');
    // The hop's own dialogue, as a mail server's client speaks it: EHLO, STARTTLS, EHLO, MAIL …
    const client =
      h?.kind === 'hop'
        ? h.chunks
            .filter((c) => c.from === 'client')
            .map((c) => text(c.bytes))
            .join('')
        : '';
    expect(client).toMatch(/^EHLO mail\.client\.thm\r\nSTARTTLS\r\nEHLO mail\.client\.thm\r\nMAIL FROM:<user@client\.thm>/);
  });

  it('refuses a From: at bank.thm after the dot (DMARC p=reject), and bounces it to the sender', async () => {
    const j = await runJourney(submitted('From: ceo@bank.thm\r\nTo: strategos@server.thm\r\nSubject: Pay\r\n\r\nPay now.\r\n'), { clock, random });
    const h = hop(j);
    if (h?.kind !== 'hop') throw new Error('no hop');
    expect([h.auth.spf.result, h.auth.dkim[0]?.result, h.auth.dmarc.result]).toEqual(['pass', 'pass', 'fail']);
    expect(h.outcome.dataReply?.code).toBe(550);
    expect(h.outcome.dataReply).toMatchObject({ enhanced: '5.7.1', lines: ['rejected by DMARC policy for bank.thm'] });
    expect(kinds(j)).toEqual(['submitted', 'signed', 'lookup', 'lookup', 'hop', 'bounced']);
    const bounce = j.arrived[0] as StoredMessage;
    expect(bounce.mailFrom).toBe('');
    expect(bounce.rcptTo).toEqual(['user@client.thm']);
    expect(text(bounce.raw)).toContain(
      '<strategos@server.thm>: host example.thm[198.51.100.25] said: 550 5.7.1 rejected by DMARC policy for bank.thm (in reply to end of DATA command)',
    );
    expect(text(bounce.raw)).toContain('Status: 5.7.1');
  });

  it('breaks the body hash when a footer is added after signing; DMARC still passes through SPF', async () => {
    const { letter } = classicMessage();
    const j = await runJourney(submitted(text(letter)), { clock, random, modifyInTransit: true });
    const h = hop(j);
    if (h?.kind !== 'hop') throw new Error('no hop');
    expect(h.auth.dkim[0]?.result).not.toBe('pass');
    expect(h.auth.dkim[0]?.reason).toMatch(/body hash/);
    expect(h.auth.dmarc).toMatchObject({ result: 'pass', spfAligned: true, dkimAligned: false });
    expect(kinds(j)).toContain('delivered');
  });

  it('goes to the address of a domain with no MX, and bounces at once for a null MX, with no hop', async () => {
    const m = submitted('From: user@client.thm\r\nSubject: Hi\r\n\r\nHi\r\n', {
      mailFrom: 'user@client.thm',
      recipients: ['info@nomx.thm', 'info@nullmx.thm'],
    });
    const j = await runJourney(m, { clock, random });
    const hops = j.steps.filter((s) => s.kind === 'hop');
    expect(hops.map((s) => s.kind === 'hop' && s.server.host)).toEqual(['nomx.thm']);
    const bounced = j.steps.find((s) => s.kind === 'bounced');
    expect(bounced?.kind === 'bounced' && bounced.recipients).toEqual(['info@nullmx.thm']);
    expect(text((j.arrived.at(-1) as StoredMessage).raw)).toContain('<info@nullmx.thm>: Domain nullmx.thm does not accept mail (nullMX)');
    expect(text((j.arrived.at(-1) as StoredMessage).raw)).toContain('Status: 5.1.0');
  });

  it('writes the verdicts mailauth reaches on the delivered message itself', async () => {
    const { letter } = classicMessage();
    for (const [body, want] of [
      [text(letter), 'pass'],
      ['From: ceo@bank.thm\r\nTo: strategos@server.thm\r\nSubject: Pay\r\n\r\nPay now.\r\n', 'fail'],
    ] as const) {
      const j = await runJourney(submitted(body), { clock, random });
      const h = hop(j);
      if (h?.kind !== 'hop') throw new Error('no hop');
      // What crossed the hop: the letter as the MX received it, before its own trace.
      const sent = h.chunks
        .filter((c) => c.from === 'client')
        .map((c) => text(c.bytes))
        .join('');
      const data = sent.slice(sent.indexOf('\r\n', sent.indexOf('DATA\r\n')) + 2, sent.lastIndexOf('\r\n.\r\n') + 2).replace(/^\.\./gm, '.');
      const judged = await mailauthAuthenticate(Buffer.from(data, 'latin1'), {
        ip: h.client.address,
        helo: h.client.host,
        sender: j.mailFrom,
        mta: h.server.host,
        resolver: mailauthResolver(ZONES) as never,
        disableArc: true,
        disableBimi: true,
      });
      if (!judged.spf || !judged.dmarc) throw new Error('mailauth checked no SPF or no DMARC');
      expect(judged.spf.status.result).toBe(h.auth.spf.result);
      expect(judged.dkim.results.map((r: { status: { result: string } }) => r.status.result)).toEqual(h.auth.dkim.map((d) => d.result));
      expect(judged.dmarc.status.result).toBe(h.auth.dmarc.result);
      expect(h.auth.dmarc.result).toBe(want);
    }
  });

  it('delivers mail for its own domain itself, with no lookup and no hop', async () => {
    const j = await runJourney(
      submitted('From: user@client.thm\r\nSubject: Note\r\n\r\nHi\r\n', { mailFrom: 'user@client.thm', recipients: ['boss@client.thm'] }),
      { clock, random },
    );
    expect(kinds(j)).toEqual(['submitted', 'signed', 'delivered']);
    expect(text((j.arrived[0] as StoredMessage).raw)).toMatch(/^Return-Path: <user@client\.thm>\r\nDKIM-Signature:/);
  });

  it('tries the next MX when the first does not answer, and keeps the message queued when none can be reached', async () => {
    const rr = (name: string, record: Partial<DnsRecord> & Pick<DnsRecord, 'type'>) => ({ name, ttl: 60, ...record }) as DnsRecord;
    const zones: Zone[] = [
      ...ZONES,
      {
        origin: 'twomx.thm',
        records: [
          rr('twomx.thm', { type: 'MX', preference: 10, exchange: 'dead.twomx.thm' }),
          rr('twomx.thm', { type: 'MX', preference: 20, exchange: 'example.thm' }),
          rr('dead.twomx.thm', { type: 'A', address: '203.0.113.99' }),
        ],
      },
      { origin: 'gone.thm', records: [rr('gone.thm', { type: 'MX', preference: 10, exchange: 'mx.gone.thm' })], servfail: ['mx.gone.thm'] },
    ];
    const dns = (name: string, type: Parameters<typeof resolve>[1]) => resolve(name, type, zones);
    const envelope = { mailFrom: 'user@client.thm', recipients: ['a@twomx.thm', 'b@gone.thm'] };
    const j = await runJourney(submitted('From: user@client.thm\r\nSubject: Hi\r\n\r\nHi\r\n', envelope), { clock, random, dns });
    const h = hop(j);
    expect(h?.kind === 'hop' && [h.server.host, h.recipients]).toEqual(['example.thm', ['a@twomx.thm']]);
    const deferred = j.steps.find((s) => s.kind === 'deferred');
    expect(deferred?.kind === 'deferred' && deferred.recipients).toEqual(['b@gone.thm']);
    expect(j.steps.some((s) => s.kind === 'bounced')).toBe(false);
  });
});
