/**
 * Building blocks for goals: small predicates over the observer's state, named for
 * what the learner did. Lessons combine them; each reads only the observer, or the
 * inputs beside it (the learner's DNS lookups, the mailbox) where the session cannot
 * show a thing.
 */
import type { RecordType } from '../dns/records.js';
import type { DnsAnswer } from '../dns/resolve.js';
import { type MimePart, mimeStructure } from '../mime/structure.js';
import type { Delivery, Exchange, ObserverState } from '../observe/observer.js';
import { decodeText, encodeText } from '../protocol/bytes.js';
import { headerBlock } from '../protocol/header-block.js';
import type { StoredMessage } from '../server/mailbox.js';
import type { JourneyStep } from '../world/journey.js';
import { type Goal, type LessonInputs, NO_INPUTS } from './types.js';

type Codes = number | '2xx' | '3xx' | '4xx' | '5xx' | 'refused';

function matches(code: number, want: Codes): boolean {
  if (typeof want === 'number') return code === want;
  if (want === 'refused') return code >= 400;
  return Math.floor(code / 100) === Number(want[0]);
}

/** Some reply to `context` (a verb, "connect", "data-end", "auth-response") had this code. */
export function answered(s: ObserverState, context: string, want: Codes, where: (e: Exchange) => boolean = () => true): boolean {
  return s.exchanges.some((e) => e.context === context && matches(e.code, want) && where(e));
}

export const goal = (id: string, label: string, met: (s: ObserverState, inputs: LessonInputs) => boolean): Goal => ({
  id,
  label,
  met: (s, inputs = NO_INPUTS) => met(s, inputs),
});

// -- goals many lessons share ----------------------------------------------------

export const greeted = goal('greeted', 'Connect and read the 220 greeting', (s) => answered(s, 'connect', 220));
export const saidEhlo = goal('ehlo', 'Say EHLO and get the list of extensions', (s) => answered(s, 'EHLO', 250));
export const saidHello = goal('hello', 'Greet the server with HELO or EHLO', (s) => answered(s, 'HELO', 250) || answered(s, 'EHLO', 250));
export const senderAccepted = goal('mail', 'Give a return address with MAIL FROM', (s) => answered(s, 'MAIL', 250));
export const recipientAccepted = goal('rcpt', 'Name a recipient with RCPT TO', (s) => answered(s, 'RCPT', 250));
export const dataStarted = goal('data', 'Say DATA and get 354', (s) => answered(s, 'DATA', 354));
export const delivered = goal('delivered', 'End the letter with a lone dot and get a 250 with a queue id', (s) => s.deliveries.length > 0);
export const quit = goal('quit', 'Say QUIT and get 221', (s) => answered(s, 'QUIT', 221));

/** The delivered letters' bodies, split into lines. */
export function deliveredBodies(s: ObserverState): string[][] {
  return s.deliveries.map((d) => d.letter.body.split('\n'));
}

/** Whether a letter has a header of this name (case-insensitive, as RFC 5322 field names are). */
export function hasHeader(d: Delivery, name: string): boolean {
  return d.letter.headers.some((h) => h.name.toLowerCase() === name.toLowerCase());
}

/**
 * The addresses a letter's headers of this name list, lower-cased: `Bob <bob@server.thm>,
 * carol@server.thm` gives both. A small reading of RFC 5322's address lists, enough to
 * compare them with the envelope: quoted display names and comments are dropped first,
 * so `"bob@server.thm" <eve@evil.test>` lists eve only. Not a full parser (no groups).
 *
 * @example headerAddresses(d, 'to') // ['bob@server.thm']
 */
export function headerAddresses(d: Delivery, name: string): string[] {
  return d.letter.headers
    .filter((h) => h.name.toLowerCase() === name.toLowerCase())
    .flatMap((h) => {
      const bare = h.value.replace(/"(?:[^"\\]|\\.)*"/g, ' ').replace(/\([^()]*\)/g, ' ');
      return [...bare.matchAll(/<([^<>\s]+)>|([^\s<>,;:]+@[^\s<>,;:]+)/g)].map((m) => (m[1] ?? m[2] ?? '').toLowerCase());
    });
}

/** The learner's lookups of `type` that found records of it, for `name` if given (names as the resolver keeps them). */
export function lookedUp(inputs: LessonInputs, type: RecordType, name?: string): DnsAnswer[] {
  return inputs.lookups.filter((l) => l.type === type && (name === undefined || l.name === name) && l.answer.some((r) => r.type === type));
}

/** The hosts the MX records the learner looked up name (a null MX names none). */
export function mxHostsLookedUp(inputs: LessonInputs): string[] {
  return lookedUp(inputs, 'MX').flatMap((l) => l.answer.flatMap((r) => (r.type === 'MX' && r.exchange !== '' ? [r.exchange] : [])));
}

/** Whether the mailbox holds a bounce (a message from the null sender <>) addressed to `sender`. */
export function bouncedTo(inputs: LessonInputs, sender: string): boolean {
  const to = sender.toLowerCase();
  return inputs.mailbox.some((m) => m.mailFrom === '' && m.rcptTo.some((r) => r.toLowerCase() === to));
}

/**
 * A delivered letter as bytes, for the MIME reader: its headers (unfolded, as the
 * observer keeps them), an empty line, and its body, with CRLF line endings.
 */
export function letterBytes(d: Delivery): Uint8Array {
  const head = d.letter.headers.map((h) => `${h.name}: ${h.value}\r\n`).join('');
  return encodeText(`${head}\r\n${d.letter.body.replace(/\n/g, '\r\n')}`);
}

/** Every part of a MIME tree, the root first. */
export function mimeParts(root: MimePart): MimePart[] {
  return [root, ...root.parts.flatMap(mimeParts)];
}

/** The MIME parts of a delivered letter, as its headers and body say (mime/structure.ts). */
export function letterParts(d: Delivery): MimePart[] {
  return mimeParts(mimeStructure(letterBytes(d)));
}

// -- the journey of a message (world/journey.ts) ------------------------------------

/** Every step of `kind` in the journeys so far, oldest first. */
export function journeySteps<K extends JourneyStep['kind']>(inputs: LessonInputs, kind: K): Extract<JourneyStep, { kind: K }>[] {
  return (inputs.journeys ?? []).flatMap((j) => j.steps.filter((s): s is Extract<JourneyStep, { kind: K }> => s.kind === kind));
}

/** How many Received: fields a stored message's header block has: one per hop. */
export function receivedCount(m: StoredMessage): number {
  const head = decodeText(m.raw.subarray(0, headerBlock(m.raw).length));
  return head.match(/^Received:/gim)?.length ?? 0;
}

/** The logins every journey lesson starts with: a submission port wants TLS, then AUTH. */
export const loggedInOverTls = [
  goal('tls', 'Say STARTTLS and get 220 (TLS starts)', (s) => s.tls),
  goal('auth', 'Log in with AUTH PLAIN and get 235', (s) => answered(s, 'AUTH', 235) || answered(s, 'auth-response', 235)),
];

// -- POP3 (lessons 28 to 32) ------------------------------------------------------

/** Some POP3 status line answering `context` (a verb, "connect", "auth-response") was this one. */
export function pop3Answered(s: ObserverState, context: string, status: '+OK' | '-ERR' | '+' = '+OK'): boolean {
  return s.pop3?.statuses.some((e) => e.context === context && e.status === status) ?? false;
}

/** Logged in to the maildrop named `user` (any case; a login name with a domain counts by its local part). */
export function pop3LoggedInAs(s: ObserverState, user: string): boolean {
  const name = (s.pop3?.user ?? '').replace(/@[^@]*$/, '').toLowerCase();
  return s.pop3?.authenticated === true && name === user;
}

/** A message fetched whole (RETR) or in part (TOP) whose header has this field, with a value `value` accepts. */
export function pop3Fetched(s: ObserverState, command: 'RETR' | 'TOP', field: string, value: (v: string) => boolean = () => true): boolean {
  return (
    s.pop3?.retrieved.some(
      (r) => r.command === command && r.complete && r.headers.some((h) => h.name.toLowerCase() === field.toLowerCase() && value(h.value)),
    ) ?? false
  );
}
