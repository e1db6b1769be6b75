/**
 * What the page says about a TLS upgrade: the notice in the transcript and the short
 * lock label beside the connection status. One place, so both say the same thing.
 */
import type { TlsDetails } from './connection';

/** "TLSv1.3" → "TLS 1.3", as people say it; anything else as Node reported it. */
export function tlsVersion(protocol: string): string {
  return protocol.replace(/^TLSv(\d)/, 'TLS $1');
}

/** The transcript's notice for an upgrade. `watching`: the page saw it, the terminal's client did it. */
export function tlsNotice(t: TlsDetails, watching: boolean): string {
  if (t.simulated) return 'TLS simulated: the in-tab sandbox can’t encrypt, so nothing was. A real server would now be speaking TLS; say EHLO again.';
  const agreed = t.protocol ? `${tlsVersion(t.protocol)}${t.cipher ? `, ${t.cipher}` : ''}` : 'TLS from the first byte (implicit TLS)';
  if (watching) return `${agreed}, between your client and the sandbox. The page shows the plaintext the sandbox sees.`;
  // The verdict before the details: a narrow transcript row cuts the end off.
  const c = t.certificate;
  const details = c ? `: ${c.subject}, issued by ${c.issuer}, valid until ${c.validTo}` : '';
  if (t.authorized === false)
    return `${agreed} — certificate not verified (insecure target${t.authorizationError ? `: ${t.authorizationError}` : ''})${details}`;
  if (t.authorized) return `${agreed} — certificate verified${details}`;
  return `${agreed}${c ? ` — certificate${details}` : ''}`;
}

export type LockTone = 'secure' | 'insecure' | 'simulated';

/** The lock beside the connection status. */
export function tlsLock(t: TlsDetails): { label: string; tone: LockTone } {
  if (t.simulated) return { label: 'TLS simulated (not encrypted)', tone: 'simulated' };
  const version = t.protocol ? tlsVersion(t.protocol) : 'TLS';
  if (t.authorized === false) return { label: `${version}, certificate not verified`, tone: 'insecure' };
  return { label: t.authorized ? `${version}, certificate verified` : version, tone: 'secure' };
}
