/**
 * The playground's small internet, as data: who sends, who receives, and the servers
 * between them. The DNS of these domains is in dns/zones.ts; the keys their signers
 * use are in world/keys.ts. Nothing here is reachable from a real network: the names
 * end in .thm and the addresses are RFC 5737's documentation ranges.
 *
 * The story:
 * - client.thm is the learner's domain. Its submission server (MSA) mail.client.thm
 *   takes mail on port 587, after STARTTLS and AUTH (RFC 6409, RFC 8314 3.3), signs
 *   it with client.thm's DKIM key and carries it to each recipient domain's MX.
 * - server.thm is where the lessons' recipients live. Its MX is example.thm (the
 *   sandbox's name), which checks SPF, DKIM and DMARC as a Postfix with OpenDMARC
 *   does, then hands the letter to the mailbox server mailstore.server.thm (LMTP).
 * - bank.thm is the third party a phisher spoofs: it signs its own mail and publishes
 *   DMARC p=reject.
 * - nomx.thm has no MX, only an address: mail goes to that host (RFC 5321 5.1).
 *   nullmx.thm takes no mail at all (RFC 7505).
 */
import type { Policy } from '../server/policy.js';
import type { DkimSigner } from './auth/dkim.js';
import { CLIENT_THM_SIGNER } from './keys.js';

/** A server of the small internet: its name and the real server it behaves like (its address is in the DNS). */
export interface WorldServer {
  host: string;
  personality: 'exim' | 'postfix';
  /** Where an MX hands accepted mail on for delivery (LMTP to the mailbox server): that host adds the last Received: line. */
  deliversTo: string | null;
}

/** The sender's submission server: the learner's first hop. */
export const MSA: WorldServer & { address: string; domain: string; port: number; signer: DkimSigner } = {
  host: 'mail.client.thm',
  // Its A record (dns/zones.ts), and what client.thm's SPF record names.
  address: '192.0.2.20',
  personality: 'postfix',
  deliversTo: null,
  domain: 'client.thm',
  port: 587,
  signer: CLIENT_THM_SIGNER,
};

/**
 * The MSA as the page's in-tab sandbox plays it: a submission port (STARTTLS, then
 * AUTH as learner / sandbox, before MAIL), named mail.client.thm. What it accepts it
 * does not keep: it goes on the journey (journey.ts).
 */
export const MSA_POLICY: Partial<Policy> = { hostname: MSA.host, requireTls: true, requireAuth: true };

/** Every server that takes mail from the MSA, by host name (what an MX record or an implicit MX names). */
export const SERVERS: Readonly<Record<string, WorldServer>> = {
  'example.thm': { host: 'example.thm', personality: 'postfix', deliversTo: 'mailstore.server.thm' },
  'mail.bank.thm': { host: 'mail.bank.thm', personality: 'postfix', deliversTo: null },
  'nomx.thm': { host: 'nomx.thm', personality: 'exim', deliversTo: null },
};

/** The server at `host`, if the small internet has one there. */
export function serverAt(host: string): WorldServer | undefined {
  return Object.hasOwn(SERVERS, host) ? SERVERS[host] : undefined;
}
