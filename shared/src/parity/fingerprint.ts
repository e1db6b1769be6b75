/**
 * A server's fingerprint card: what it says about itself and how lenient it is, read
 * from transcripts of the parity corpus played against it (raw, as playDialogue writes
 * them). Pure: nothing here opens a connection.
 *
 * Rules / how this works:
 * - Banner: the first reply of the `ehlo` dialogue (the greeting).
 * - EHLO: the reply to its `EHLO client.thm`; the first line names the server, every
 *   other line is a keyword and its parameters (RFC 5321 4.1.1.1). SIZE (RFC 1870) and
 *   LIMITS (RFC 9422) are the limits a server announces; AUTH lists its mechanisms.
 * - AUTH after STARTTLS: many servers offer AUTH only inside TLS (Exim, as Debian
 *   installs it), so the first EHLO reply after a "-- TLS handshake done" in any of
 *   the transcripts is read too.
 * - Two probes, safe like the rest, ask what the corpus can't ask safely: whether an
 *   EHLO ended by a bare LF is answered 250, and whether MAIL, RCPT and RSET sent in
 *   one write after HELO (which offers no PIPELINING) are all answered without a
 *   complaint about synchronisation. A verdict keeps the replies it rests on.
 */
import type { Dialogue } from './dialogues.js';

/**
 * Dialogues played for the fingerprint only. Each ends with QUIT and has no DATA, so
 * it delivers nothing (see isSafeDialogue).
 */
export const PROBES: readonly Dialogue[] = [
  {
    id: 'probe-bare-lf',
    category: 'line-endings',
    about: 'EHLO ended by a bare LF, as nc sends it, then QUIT: does the server take a bare-LF command?',
    steps: [
      { type: 'line', text: 'EHLO client.thm', ending: 'lf', replies: 1 },
      { type: 'line', text: 'QUIT', ending: 'crlf', replies: 1 },
    ],
  },
  {
    id: 'probe-pipelining-after-helo',
    category: 'pipelining',
    about: 'MAIL, RCPT and RSET in one write after HELO, where PIPELINING was never offered: does the server answer all three?',
    steps: [
      { type: 'line', text: 'HELO client.thm', ending: 'crlf', replies: 1 },
      { type: 'chunk', text: 'MAIL FROM:<user@client.thm>\r\nRCPT TO:<strategos@server.thm>\r\nRSET\r\n', replies: 3 },
      { type: 'line', text: 'QUIT', ending: 'crlf', replies: 1 },
    ],
  },
];

/** One EHLO keyword and what follows it: `SIZE 52428800` is { name: 'SIZE', params: '52428800' }. */
export interface EhloOffer {
  name: string;
  params: string;
}

/** Whether the server took what a probe tried, and the replies that say so. */
export interface ProbeVerdict {
  verdict: 'accepted' | 'refused' | 'unknown';
  /** The replies (and events) the verdict rests on, as the transcript shows them. */
  evidence: string[];
}

export interface Fingerprint {
  /** The greeting, its lines joined by newlines; null if none came. */
  banner: string | null;
  /** The first line of the EHLO reply (the server's name and its hello); null if EHLO was not answered 250. */
  ehloHello: string | null;
  /** The EHLO keywords in plain text, in the server's order. */
  keywords: EhloOffer[];
  /** SIZE in bytes; 0 when SIZE is offered with no number (no fixed limit); null when not offered. */
  sizeLimit: number | null;
  /** LIMITS (RFC 9422) as name=value pairs; empty when not offered. */
  limits: Record<string, string>;
  /** AUTH mechanisms offered in plain text; null when AUTH is not offered there. */
  auth: string[] | null;
  /** AUTH mechanisms offered after STARTTLS; null when not offered there or TLS never started. */
  authAfterTls: string[] | null;
  /** Whether STARTTLS is offered, and how the handshake went where the dialogues tried it. */
  starttls: 'not-offered' | 'started' | 'failed' | 'not-tried';
  bareLf: ProbeVerdict;
  pipeliningAfterHelo: ProbeVerdict;
}

/** Transcripts by dialogue id, raw as playDialogue returns them. */
export type Transcripts = Readonly<Record<string, readonly string[] | undefined>>;

/**
 * Reads the card from whatever transcripts there are; what is missing reads as unknown.
 * @example readFingerprint({ ehlo: ['S: 220 mx ESMTP', 'C: EHLO client.thm', 'S: 250-mx', 'S: 250 SIZE 1000', 'C: QUIT', 'S: 221 bye'] }).sizeLimit // 1000
 */
export function readFingerprint(transcripts: Transcripts): Fingerprint {
  const ehlo = transcripts.ehlo ?? [];
  const greeting = replies(ehlo)[0];
  const offered = ehloReplyAfter(ehlo, 0);
  const keywords = offered ? offered.slice(1).map(keywordOf) : [];
  const find = (name: string) => keywords.find((k) => k.name === name);
  const size = find('SIZE');
  const limits: Record<string, string> = {};
  for (const pair of (find('LIMITS')?.params ?? '').split(/\s+/).filter(Boolean)) {
    const [name = '', value = ''] = pair.split('=');
    limits[name.toUpperCase()] = value;
  }
  const auth = find('AUTH');
  const tls = afterTls(transcripts);
  return {
    banner: greeting ? greeting.map((l) => l.slice(3)).join('\n') : null,
    ehloHello: offered?.[0] ? offered[0].replace(/^S: 250[- ]/, '') : null,
    keywords,
    sizeLimit: size ? (/^\d+$/.test(size.params) ? Number(size.params) : 0) : null,
    limits,
    auth: auth ? mechanisms(auth.params) : null,
    authAfterTls: tls.auth,
    starttls: find('STARTTLS') ? tls.starttls : 'not-offered',
    bareLf: bareLfVerdict(transcripts['probe-bare-lf']),
    pipeliningAfterHelo: pipeliningVerdict(transcripts['probe-pipelining-after-helo']),
  };
}

/** Whole replies in a transcript, each its `S: ` lines, in order. */
function replies(lines: readonly string[]): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const l of lines) {
    if (!l.startsWith('S: ')) continue;
    current.push(l);
    if (!/^S: \d{3}-/.test(l)) {
      out.push(current);
      current = [];
    }
  }
  return out;
}

/** The server's lines after line `from` up to the next client line or event. */
function serverLinesAfter(lines: readonly string[], from: number): string[] {
  const out: string[] = [];
  for (let i = from; i < lines.length && (lines[i] as string).startsWith('S: '); i++) out.push(lines[i] as string);
  return out;
}

/** The 250 reply to the first `C: EHLO` at or after line `from`; null if there is none or it is not 250. */
function ehloReplyAfter(lines: readonly string[], from: number): string[] | null {
  const at = lines.findIndex((l, i) => i >= from && /^C: EHLO /i.test(l));
  if (at === -1) return null;
  const reply = replies(serverLinesAfter(lines, at + 1))[0];
  return reply?.[0]?.startsWith('S: 250') ? reply : null;
}

/** A keyword line: the name, then its parameters after a space (or, in the old `AUTH=LOGIN` style, an equals sign). */
function keywordOf(line: string): EhloOffer {
  const text = line.replace(/^S: 250[- ]/, '').trim();
  const at = text.search(/[ =]/);
  return at === -1 ? { name: text.toUpperCase(), params: '' } : { name: text.slice(0, at).toUpperCase(), params: text.slice(at + 1).trim() };
}

function mechanisms(params: string): string[] {
  return params.split(/[\s=]+/).filter(Boolean);
}

/** AUTH after the first TLS handshake in any transcript, and how the handshakes went. */
function afterTls(transcripts: Transcripts): { starttls: 'started' | 'failed' | 'not-tried'; auth: string[] | null } {
  let starttls: 'started' | 'failed' | 'not-tried' = 'not-tried';
  for (const id of Object.keys(transcripts).sort()) {
    const lines = transcripts[id] ?? [];
    const done = lines.indexOf('-- TLS handshake done');
    if (done === -1) {
      if (lines.includes('-- TLS handshake failed')) starttls = 'failed';
      continue;
    }
    const offered = ehloReplyAfter(lines, done);
    if (!offered) continue;
    const auth = offered
      .slice(1)
      .map(keywordOf)
      .find((k) => k.name === 'AUTH');
    return { starttls: 'started', auth: auth ? mechanisms(auth.params) : null };
  }
  return { starttls, auth: null };
}

const UNKNOWN = (why: string): ProbeVerdict => ({ verdict: 'unknown', evidence: [`-- ${why}`] });

function bareLfVerdict(lines: readonly string[] | undefined): ProbeVerdict {
  if (!lines) return UNKNOWN('not played');
  const at = lines.findIndex((l) => l.startsWith('C: ') && l.endsWith('<LF>'));
  if (at === -1) return UNKNOWN('the bare-LF command was not sent');
  const reply = replies(serverLinesAfter(lines, at + 1))[0];
  if (!reply) {
    const closed = lines.slice(at + 1).find((l) => l === '-- server closed the connection');
    return closed ? { verdict: 'refused', evidence: [closed] } : UNKNOWN('no reply to the bare-LF command');
  }
  const code = Number(reply[reply.length - 1]?.slice(3, 6));
  return { verdict: code >= 200 && code < 300 ? 'accepted' : 'refused', evidence: reply };
}

function pipeliningVerdict(lines: readonly string[] | undefined): ProbeVerdict {
  if (!lines) return UNKNOWN('not played');
  const helo = lines.findIndex((l) => l.startsWith('C: HELO '));
  const heloReply = helo === -1 ? undefined : replies(serverLinesAfter(lines, helo + 1))[0];
  if (!heloReply?.[0]?.startsWith('S: 250')) return UNKNOWN('HELO was not answered 250, so nothing was pipelined after it');
  // The group is the three client lines after HELO's reply; what follows them is theirs.
  const group = lines.findIndex((l, i) => i > helo && l.startsWith('C: MAIL '));
  if (group === -1) return UNKNOWN('the pipelined group was not sent');
  const after = lines.slice(group + 3);
  const next = after.findIndex((l) => l.startsWith('C: '));
  const answers = replies(next === -1 ? after : after.slice(0, next));
  const evidence = answers.flat();
  const closed = after.find((l) => l === '-- server closed the connection');
  if (evidence.some((l) => /synchroni[sz]ation|pipelin/i.test(l))) return { verdict: 'refused', evidence: closed ? [...evidence, closed] : evidence };
  if (answers.length >= 3) return { verdict: 'accepted', evidence };
  if (closed) return { verdict: 'refused', evidence: [...evidence, closed] };
  return { verdict: 'unknown', evidence: [...evidence, '-- fewer than three replies came'] };
}
