/**
 * The journey of a message: what the sender's submission server (MSA) does with a
 * letter once it has answered 250, step by step, all in memory.
 *
 * How this works:
 * - The learner's session with the MSA (the page's in-tab sandbox, world.ts's
 *   MSA_POLICY) hands over a StoredMessage: its trace starts with the MSA's own
 *   Received: line, the first of the journey. Return-Path: is dropped: only the final
 *   delivery writes it (RFC 5321 4.4).
 * - The MSA signs the letter with its domain's DKIM key (RFC 6376), then, per
 *   recipient domain, asks the DNS for the MX (RFC 5321 5.1): the lowest preference
 *   wins; no MX but an address means that host (the implicit MX); a null MX (RFC 7505)
 *   or no such domain means a bounce at once, without a connection.
 * - The hop is a real SMTP session in memory: our sans-IO client (client/) on one
 *   side, the sandbox's Session on the other, bytes pumped between them and kept, so
 *   the page shows them as a second transcript and the observer explains each line.
 *   TLS is simulated as the in-tab sandbox simulates it.
 * - The MX checks SPF, DKIM and DMARC (auth/). The checks need WebCrypto, which is
 *   asynchronous, and a sans-IO session is not, so they run just before the hop, over
 *   the very bytes the hop will carry and with the MSA's address and HELO name, which
 *   the hop will show; the session is given their result as data (Policy's
 *   letterChecks): the Authentication-Results: header to add, and a refusal after the
 *   dot under p=reject. Same verdicts, same place in the dialogue, as a server with a
 *   milter gives them.
 * - What the MX accepts, its mailbox server delivers (LMTP, the third Received:); what
 *   it refuses with a 5xx, the MSA bounces to the sender (server/bounce.ts); a 4xx
 *   stays in the MSA's queue, and the journey says so.
 *
 * A journey is plain data: the page replays its steps at a reading pace, and the
 * lessons' goals read it.
 */
import type { ClientOutcome } from '../client/outcome.js';
import { SmtpClient } from '../client/smtp-client.js';
import { isNullMx, type RecordType } from '../dns/records.js';
import { type DnsAnswer, resolve } from '../dns/resolve.js';
import { concatBytes, decodeText, encodeText } from '../protocol/bytes.js';
import type { Reply } from '../protocol/reply.js';
import { type BounceFailure, bounceMessage } from '../server/bounce.js';
import { Mailbox, type StoredMessage } from '../server/mailbox.js';
import { exim } from '../server/personalities/exim.js';
import { postfix } from '../server/personalities/postfix.js';
import { Session, type SessionOutput } from '../server/session.js';
import { formatDate } from '../server/trace.js';
import { type AuthVerdicts, authenticate } from './auth/authenticate.js';
import { dkimSign } from './auth/dkim.js';
import type { DnsLookup } from './auth/lookup.js';
import { MSA, SERVERS, serverAt, type WorldServer } from './world.js';

/** Bytes of one side of a hop, in the order they crossed. */
export interface HopChunk {
  from: 'client' | 'server';
  bytes: Uint8Array;
}

export type JourneyStep =
  /** The MSA took the letter from the learner: its Received: line is the first. */
  | { kind: 'submitted'; host: string; id: string; received: string }
  /** The MSA signed it: the DKIM-Signature: header it put on top. */
  | { kind: 'signed'; domain: string; selector: string; algorithm: string; header: string }
  /** Something changed the letter after it was signed (the 'modified in transit' scenario). */
  | { kind: 'modified'; what: string }
  /** A DNS question the MSA asked, its answer, and what the MSA made of it. */
  | { kind: 'lookup'; answer: DnsAnswer; meaning: string }
  /** The MSA's own SMTP session with the next server. */
  | {
      kind: 'hop';
      client: { host: string; address: string };
      server: { host: string; address: string; personality: 'exim' | 'postfix' };
      recipients: string[];
      chunks: HopChunk[];
      outcome: ClientOutcome;
      /** What the next server's checks found (it adds them as Authentication-Results:). */
      auth: AuthVerdicts;
    }
  /** Delivered into the recipients' mailbox, with its whole trace; quarantined: into the Junk folder (DMARC p=quarantine). */
  | { kind: 'delivered'; host: string; recipients: string[]; message: StoredMessage; quarantined: boolean }
  /** Refused for good: the MSA's bounce to the sender (none for a null sender). */
  | { kind: 'bounced'; recipients: string[]; why: string; bounce: StoredMessage | null }
  /** Refused for now: still in the MSA's queue, to be tried again later. */
  | { kind: 'deferred'; recipients: string[]; why: string };

export interface Journey {
  /** The MSA's queue id: the receipt the learner got in its 250. */
  id: string;
  mailFrom: string;
  recipients: string[];
  steps: JourneyStep[];
  /** Messages that arrived somewhere: the delivered copies, then any bounce to the sender. */
  arrived: StoredMessage[];
}

export interface JourneyOptions {
  clock: () => number;
  random: () => number;
  dns?: DnsLookup;
  /** An outbound filter adds a footer after the MSA signed (the 'modified in transit' scenario). */
  modifyInTransit?: boolean;
}

/** The footer a careless outbound filter adds after signing: the body hash no longer matches. */
export const FILTER_FOOTER = '\r\n-- \r\nScanned for viruses by the outbound filter of client.thm.\r\n';

/** Enough for the longest dialogue a hop can have: the pump stops there if one never ends. */
const MAX_TURNS = 200;

/**
 * Takes `submitted` (what the MSA answered 250 to) on its journey to every recipient.
 *
 * @example (await runJourney(stored, { clock, random })).steps.map((s) => s.kind) // ['submitted', 'signed', 'lookup', 'lookup', 'hop', 'delivered']
 */
export async function runJourney(submitted: StoredMessage, options: JourneyOptions): Promise<Journey> {
  const dns = options.dns ?? ((name: string, type: RecordType) => resolve(name, type));
  const steps: JourneyStep[] = [];
  const arrived: StoredMessage[] = [];
  const unsigned = withoutReturnPath(submitted.raw);
  steps.push({ kind: 'submitted', host: MSA.host, id: submitted.id, received: firstField(unsigned) });

  const ms = options.clock();
  const signature = await dkimSign(unsigned, MSA.signer, { time: Math.floor(ms / 1000) });
  steps.push({ kind: 'signed', domain: MSA.signer.domain, selector: MSA.signer.selector, algorithm: MSA.signer.algorithm, header: signature });
  let letter = concatBytes([encodeText(signature), unsigned]);
  if (options.modifyInTransit) {
    letter = concatBytes([letter, encodeText(FILTER_FOOTER)]);
    steps.push({ kind: 'modified', what: 'An outbound filter added a footer to the body after the signature was made.' });
  }

  const failures: BounceFailure[] = [];
  for (const [domain, recipients] of byDomain(submitted.rcptTo)) {
    // The MSA's own domain (and a bare "postmaster", RFC 5321 4.5.1) is delivered right there: no hop.
    if (domain === MSA.domain || domain === '') {
      const message = finalCopy({ ...submitted, rcptTo: recipients }, letter);
      steps.push({ kind: 'delivered', host: MSA.host, recipients, message, quarantined: false });
      arrived.push(message);
      continue;
    }
    const route = domain.startsWith('[') ? routeToLiteral(domain, dns) : routeTo(domain, dns, steps);
    if ('failure' in route) {
      if (route.failure.temporary) steps.push({ kind: 'deferred', recipients, why: route.failure.reason });
      else failures.push(...recipients.map((address) => ({ address, status: route.failure.status, remote: null, reason: route.failure.reason })));
      continue;
    }
    const hop = await carry(letter, submitted.mailFrom, recipients, route.server, route.address, options, dns);
    steps.push(hop.step);
    if (hop.delivered) {
      steps.push(hop.delivered);
      arrived.push(hop.delivered.message);
    }
    const deferred = hop.step.outcome.recipients.filter((r) => r.status === 'deferred').map((r) => r.address);
    if (deferred.length > 0) steps.push({ kind: 'deferred', recipients: deferred, why: hop.step.outcome.why });
    failures.push(...refusals(hop.step, route.server.host, route.address));
  }

  if (failures.length > 0) {
    const id = postfix.queueId(options.clock(), options.random);
    const original = { mailFrom: submitted.mailFrom, raw: letter, receivedAt: submitted.receivedAt };
    const bounce = bounceMessage({ original, failed: failures, personality: MSA.personality, host: MSA.host, id, ms: options.clock() });
    const why = failures.map((f) => (f.remote ? `${f.remote.name} said: ${f.remote.reply}` : (f.reason ?? ''))).join('; ');
    steps.push({ kind: 'bounced', recipients: failures.map((f) => f.address), why, bounce });
    if (bounce) arrived.push(bounce);
  }
  return { id: submitted.id, mailFrom: submitted.mailFrom, recipients: submitted.rcptTo, steps, arrived };
}

type Route = { server: WorldServer; address: string } | { failure: { status: string; reason: string; temporary: boolean } };

/**
 * Where mail for `domain` goes (RFC 5321 5.1), each question asked recorded as a step:
 * the MX records by preference, else the domain's own address (the implicit MX); a
 * null MX (RFC 7505) or no such domain is a failure, a DNS failure a temporary one.
 */
function routeTo(domain: string, dns: DnsLookup, steps: JourneyStep[]): Route {
  const mx = dns(domain, 'MX');
  const records = mx.answer.flatMap((r) => (r.type === 'MX' ? [r] : []));
  if (mx.status === 'SERVFAIL') {
    steps.push({ kind: 'lookup', answer: mx, meaning: 'The DNS did not answer: the message waits in the queue and the MSA asks again later.' });
    return {
      failure: {
        status: '4.4.3',
        reason: `Host or domain name not found. Name service error for name=${domain} type=MX: Host not found, try again`,
        temporary: true,
      },
    };
  }
  if (mx.status === 'NXDOMAIN') {
    steps.push({ kind: 'lookup', answer: mx, meaning: `No domain ${domain} exists: nothing can be delivered there, so the message bounces.` });
    return {
      failure: { status: '5.4.4', reason: `Host or domain name not found. Name service error for name=${domain} type=MX: Host not found`, temporary: false },
    };
  }
  if (records.some(isNullMx)) {
    steps.push({
      kind: 'lookup',
      answer: mx,
      meaning: `A null MX: ${domain} says it takes no mail at all (RFC 7505), so the MSA bounces the message at once, without connecting anywhere.`,
    });
    // Postfix's status for it (smtp_addr.c); RFC 7505 and the IANA registry give X.1.10, "Recipient address has null MX".
    return { failure: { status: '5.1.0', reason: `Domain ${domain} does not accept mail (nullMX)`, temporary: false } };
  }
  // RFC 5321 5.1: the exchangers in order of preference, each tried until one answers; no MX, the domain itself.
  const exchanges = records.length > 0 ? [...records].sort((a, b) => a.preference - b.preference).map((r) => r.exchange) : [domain];
  steps.push({
    kind: 'lookup',
    answer: mx,
    meaning:
      records.length === 0
        ? `${domain} has no MX record, but the name exists: the MSA treats the domain itself as its mail exchanger (the implicit MX) and asks for its address.`
        : `The mail exchanger for ${domain} is ${exchanges[0]}${records.length > 1 ? ` (the lowest preference is tried first, then the others in turn)` : ''}. Next: its address.`,
  });
  // Why the last exchanger could not be reached, and whether trying later could help.
  let failure = { status: '5.4.4', reason: '', temporary: false };
  for (const host of exchanges) {
    const a = dns(host, 'A');
    const address = a.answer.find((r) => r.type === 'A');
    const server = serverAt(host);
    if (a.status === 'SERVFAIL') {
      steps.push({ kind: 'lookup', answer: a, meaning: `The DNS did not answer for ${host}: the MSA tries the next exchanger, or later.` });
      failure = {
        status: '4.4.3',
        reason: `Host or domain name not found. Name service error for name=${host} type=A: Host not found, try again`,
        temporary: true,
      };
    } else if (address?.type !== 'A') {
      steps.push({ kind: 'lookup', answer: a, meaning: `${host} has no address: the MSA tries the next exchanger, if there is one.` });
      if (!failure.temporary)
        failure = { status: '5.4.4', reason: `Host or domain name not found. Name service error for name=${host} type=A: Host not found`, temporary: false };
    } else if (!server) {
      steps.push({
        kind: 'lookup',
        answer: a,
        meaning: `${host} is at ${address.address}, but nothing answers on port 25 there: the MSA tries the next exchanger, or later.`,
      });
      failure = { status: '4.4.1', reason: `connect to ${host}[${address.address}]:25: Connection timed out`, temporary: true };
    } else {
      steps.push({ kind: 'lookup', answer: a, meaning: `${host} is at ${address.address}: the MSA connects there, on port 25.` });
      return { server, address: address.address };
    }
  }
  return { failure };
}

/** A domain literal ("[198.51.100.25]", RFC 5321 4.1.3): the server at that address, if the small internet has one. */
function routeToLiteral(literal: string, dns: DnsLookup): Route {
  const address = literal.slice(1, -1).replace(/^IPv6:/i, '');
  for (const host of Object.keys(SERVERS)) {
    if (dns(host, 'A').answer.some((r) => r.type === 'A' && r.address === address)) return { server: SERVERS[host] as WorldServer, address };
  }
  return { failure: { status: '4.4.1', reason: `connect to ${literal}:25: Connection timed out`, temporary: true } };
}

/** The hop to `server`: its checks first (see the header comment), then the session, then the mailbox server's delivery. */
async function carry(
  letter: Uint8Array,
  mailFrom: string,
  recipients: string[],
  server: WorldServer,
  address: string,
  options: JourneyOptions,
  dns: DnsLookup,
) {
  const now = Math.floor(options.clock() / 1000);
  const auth = await authenticate({ message: letter, ip: MSA.address, mailFrom, helo: MSA.host, authservId: server.host, now }, dns);
  const mailbox = new Mailbox();
  const reject = auth.dmarc.disposition === 'reject' ? auth.dmarc.fromDomain : null;
  const session = new Session({
    mailbox,
    clock: options.clock,
    random: options.random,
    personality: server.personality === 'exim' ? exim : postfix,
    policy: { hostname: server.host, letterChecks: { header: auth.header, dmarcReject: reject } },
    client: { address: MSA.address, name: MSA.host },
    tls: true,
  });
  const client = new SmtpClient({ mailFrom, recipients }, letter, { hello: MSA.host, starttls: 'offered', auth: null });
  const chunks = pump(session, client);
  const outcome = client.outcome ?? lostOutcome(recipients);
  const step = {
    kind: 'hop' as const,
    client: { host: MSA.host, address: MSA.address },
    server: { host: server.host, address, personality: server.personality },
    recipients,
    chunks,
    outcome,
    auth,
  };
  const stored = mailbox.list()[0];
  const delivered = stored ? delivery(stored, server, address, options, auth) : null;
  return { step, delivered };
}

/** Plays client and server against each other until the client is done or nothing more moves. */
function pump(session: Session, client: SmtpClient): HopChunk[] {
  const chunks: HopChunk[] = [];
  const keep = (from: HopChunk['from'], bytes: Uint8Array) => {
    if (bytes.length > 0) chunks.push({ from, bytes });
  };
  let server: SessionOutput = session.start();
  for (let turn = 0; turn < MAX_TURNS; turn++) {
    keep('server', server.output);
    let out = client.receive(server.output);
    // The 220 to STARTTLS is in: both sides do the (simulated) handshake, the client says EHLO again.
    if (out.events.some((e) => e.type === 'startTls')) {
      keep('client', out.output);
      session.tlsStarted();
      out = client.tlsStarted();
    }
    keep('client', out.output);
    if (server.events.some((e) => e.type === 'close') || out.events.some((e) => e.type === 'close') || out.output.length === 0) break;
    server = session.receive(out.output);
    if (server.output.length === 0 && !server.events.some((e) => e.type === 'close')) break;
  }
  return chunks;
}

/**
 * The last hop inside server.thm: the MX hands the letter to the mailbox server over
 * LMTP, which writes the last Received: line (Dovecot's words) and the Return-Path:.
 * An MX with no mailbox server behind it delivers itself: its copy is the final one.
 */
function delivery(stored: StoredMessage, server: WorldServer, address: string, options: JourneyOptions, auth: AuthVerdicts) {
  const quarantined = auth.dmarc.disposition === 'quarantine';
  if (!server.deliversTo) return { kind: 'delivered' as const, host: server.host, recipients: stored.rcptTo, message: stored, quarantined };
  const ms = options.clock();
  const id = lmtpId(options.random);
  const received =
    `Received: from ${server.host} ([${address}])\r\n\tby ${server.deliversTo} with LMTP\r\n\tid ${id}\r\n` +
    `\t(envelope-from <${stored.mailFrom}>)\r\n\tfor <${stored.rcptTo[0] ?? ''}>; ${formatDate(ms)}\r\n`;
  const raw = concatBytes([encodeText(`Return-Path: <${stored.mailFrom}>\r\n${received}`), withoutReturnPath(stored.raw)]);
  const message: StoredMessage = {
    ...stored,
    raw,
    size: raw.length,
    receivedAt: new Date(ms).toISOString(),
    helo: server.host,
    clientAddress: address,
    protocol: 'LMTP',
  };
  return { kind: 'delivered' as const, host: server.deliversTo, recipients: stored.rcptTo, message, quarantined };
}

/** A message delivered where it is: the Return-Path: on top, as a final delivery writes it. */
function finalCopy(stored: StoredMessage, letter: Uint8Array): StoredMessage {
  const raw = concatBytes([encodeText(`Return-Path: <${stored.mailFrom}>\r\n`), letter]);
  return { ...stored, raw, size: raw.length };
}

/** The recipients the hop's server refused for good, as the bounce reports them. */
function refusals(hop: Extract<JourneyStep, { kind: 'hop' }>, host: string, address: string): BounceFailure[] {
  const data = hop.outcome.dataReply;
  return hop.outcome.recipients
    .filter((r) => r.status === 'failed')
    .map((r) => {
      // Refused at RCPT TO, or accepted there and refused at the letter's end (then its reply is the letter's).
      const atRcpt = data === null || r.reply === null || replyText(r.reply) !== replyText(data);
      return { address: r.address, status: enhancedOf(r.reply), remote: { name: host, address, reply: replyText(r.reply), after: atRcpt ? 'rcpt' : 'data' } };
    });
}

/** A reply on one line, as a bounce quotes it: "550 5.7.1 rejected by DMARC policy for bank.thm". */
function replyText(reply: Reply | null): string {
  if (!reply) return 'the connection was lost';
  return `${reply.code} ${reply.enhanced ? `${reply.enhanced} ` : ''}${reply.lines.join(' ')}`;
}

/** The reply's enhanced status code (RFC 3463); without one, its class: 5.0.0 or 4.0.0. */
function enhancedOf(reply: Reply | null): string {
  if (reply?.enhanced) return reply.enhanced;
  return reply && reply.code < 500 ? '4.0.0' : '5.0.0';
}

/** A client that never finished (the pump gave up): every recipient still waits in the queue. */
function lostOutcome(recipients: readonly string[]): ClientOutcome {
  return {
    result: 'deferred',
    recipients: recipients.map((address) => ({ address, status: 'deferred' as const, reply: null })),
    dataReply: null,
    queueId: null,
    why: 'The session did not finish: the message stays in the queue.',
  };
}

/** Recipients grouped by domain, in the order they came: one hop per domain. */
function byDomain(recipients: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const r of recipients) {
    const at = r.lastIndexOf('@');
    const domain = at === -1 ? '' : r.slice(at + 1).toLowerCase();
    groups.set(domain, [...(groups.get(domain) ?? []), r]);
  }
  return groups;
}

/** The message without a leading Return-Path: field (only the final delivery writes one). */
function withoutReturnPath(raw: Uint8Array): Uint8Array {
  const head = decodeText(raw.subarray(0, Math.min(raw.length, 1024)));
  const m = head.match(/^Return-Path:[^\r\n]*\r?\n/i);
  return m ? raw.subarray(encodeText(m[0]).length) : raw;
}

/** The first header field of `raw`, unfolded lines and all (the MSA's Received:). */
function firstField(raw: Uint8Array): string {
  const head = decodeText(raw.subarray(0, Math.min(raw.length, 4096)));
  return head.match(/^[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*/)?.[0] ?? '';
}

const LMTP_ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** An id as Dovecot's LMTP writes one: 22 characters of base64. */
function lmtpId(random: () => number): string {
  let id = '';
  for (let i = 0; i < 22; i++) id += LMTP_ID_CHARS[Math.floor(random() * 64)];
  return id;
}
