/**
 * A resolver for the simulated DNS: a question (name, type) in, an answer out, at once.
 *
 * Rules:
 * - Records of the type asked for at the name are the answer (status NOERROR).
 * - A name with an alias (CNAME) and none of the type asked for: the alias is part of
 *   the answer and the question is asked again for its target (RFC 1034 3.6.2), at
 *   most MAX_ALIASES times, so a loop of aliases ends.
 * - A name with records, but none of this type: NOERROR with an empty answer ("no
 *   data"). A name with none at all: NXDOMAIN. Mail treats the two differently: a
 *   domain with no MX but an address still takes mail there (RFC 5321 5.1).
 * - A name in none of the zones is NXDOMAIN too, and says it is `outside` them: the
 *   playground's internet does not know the real one.
 * - A name a zone lists as `servfail` (or an alias leading to one) gets SERVFAIL and
 *   no records: the name server could not answer, which is no answer at all, neither
 *   "no such name" nor "no data". Whoever asked must try again later.
 */
import { type DnsRecord, normalizeName, type RecordType, type Zone } from './records.js';
import { ZONES } from './zones.js';

/** Aliases followed before giving up; real resolvers stop at about this many too. */
const MAX_ALIASES = 8;

export interface DnsAnswer {
  /** The question, as asked (normalised). */
  name: string;
  type: RecordType;
  /** RFC 1035 4.1.1's RCODE: 0 NOERROR, 3 NXDOMAIN (Name Error), 2 SERVFAIL (Server failure). */
  status: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL';
  /** Aliases followed first, then the records of the type asked for. */
  answer: DnsRecord[];
  /** The name is under none of the zones' origins. */
  outside: boolean;
}

/**
 * Answers a question from `zones` (the playground's, by default).
 *
 * @example resolve('server.thm', 'MX').answer // [{ name: 'server.thm', type: 'MX', preference: 10, exchange: 'example.thm', ttl: 3600 }]
 */
export function resolve(name: string, type: RecordType, zones: readonly Zone[] = ZONES): DnsAnswer {
  const asked = normalizeName(name);
  const answer: DnsRecord[] = [];
  let current = asked;
  for (let hops = 0; hops <= MAX_ALIASES; hops++) {
    if (failing(current, zones)) return { name: asked, type, status: 'SERVFAIL', answer: [], outside: false };
    const here = recordsAt(current, zones);
    const wanted = here.filter((r) => r.type === type);
    const alias = here.find((r) => r.type === 'CNAME');
    if (wanted.length > 0 || !alias || alias.type !== 'CNAME' || type === 'CNAME') {
      answer.push(...wanted);
      const status = here.length > 0 || answer.length > 0 ? 'NOERROR' : 'NXDOMAIN';
      return { name: asked, type, status, answer, outside: !zones.some((z) => within(asked, z.origin)) };
    }
    answer.push(alias);
    current = normalizeName(alias.target);
  }
  // Too many aliases: what was found so far, as a resolver that gave up shows it.
  return { name: asked, type, status: 'NOERROR', answer, outside: false };
}

function failing(name: string, zones: readonly Zone[]): boolean {
  return zones.some((z) => z.servfail?.includes(name) === true);
}

function recordsAt(name: string, zones: readonly Zone[]): DnsRecord[] {
  return zones.filter((z) => within(name, z.origin)).flatMap((z) => z.records.filter((r) => r.name === name));
}

/** `name` is the origin or a name under it. */
function within(name: string, origin: string): boolean {
  return name === origin || name.endsWith(`.${origin}`);
}
