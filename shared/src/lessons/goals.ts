/**
 * Building blocks for goals: small predicates over the observer's state, named for
 * what the learner did. Lessons combine them; each reads only the observer.
 */
import type { Delivery, Exchange, ObserverState } from '../observe/observer.js';
import type { Goal } from './types.js';

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

export const goal = (id: string, label: string, met: (s: ObserverState) => boolean): Goal => ({ id, label, met });

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
