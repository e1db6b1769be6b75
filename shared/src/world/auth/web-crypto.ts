/**
 * The few WebCrypto calls DKIM needs, in one place: import a key, sign, verify, hash.
 * Nothing here is cryptography of our own: RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017
 * 8.2, DKIM's rsa-sha256), Ed25519 (RFC 8032, DKIM's ed25519-sha256, RFC 8463) and
 * SHA-256 are the host's (`crypto.subtle`, the same in a tab and in Node).
 *
 * Every call turns a host exception (a key of the wrong kind, bytes that are no key)
 * into a `null` or `false`, because a stranger's DNS record or signature is input,
 * and bad input gets a verdict, never an exception.
 */
import { decodeBase64 } from '../../protocol/base64.js';

export type DkimKeyKind = 'rsa' | 'ed25519';

const RSA: SharedCryptoAlgorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
const ED25519: SharedCryptoAlgorithm = { name: 'Ed25519' };
const ALGORITHMS: Record<DkimKeyKind, SharedCryptoAlgorithm> = { rsa: RSA, ed25519: ED25519 };

/** A key as WebCrypto holds it, and its size in bits for RSA (0 for Ed25519). */
export interface ImportedKey {
  key: SharedCryptoKey;
  bits: number;
}

/**
 * A private key from PKCS#8: PEM ("-----BEGIN PRIVATE KEY-----") or the DER bytes in
 * base64, with or without line breaks. Null when it is neither, or no key of `kind`.
 */
export async function importPrivateKey(text: string, kind: DkimKeyKind): Promise<ImportedKey | null> {
  const der = decodeBase64(padBase64(text.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, '').replace(/\s+/g, '')));
  if (!der || der.length === 0) return null;
  return imported(crypto.subtle.importKey('pkcs8', der, ALGORITHMS[kind], false, ['sign']));
}

/**
 * A DKIM public key (RFC 6376 3.6.1 p=): for RSA a SubjectPublicKeyInfo in DER, for
 * Ed25519 the 32 raw bytes (RFC 8463 4.2). Null when the bytes are not such a key.
 */
export async function importPublicKey(der: Uint8Array, kind: DkimKeyKind): Promise<ImportedKey | null> {
  return imported(crypto.subtle.importKey(kind === 'rsa' ? 'spki' : 'raw', der, ALGORITHMS[kind], false, ['verify']));
}

async function imported(key: Promise<SharedCryptoKey>): Promise<ImportedKey | null> {
  try {
    const k = await key;
    return { key: k, bits: k.algorithm.modulusLength ?? 0 };
  } catch {
    return null;
  }
}

/** The signature of `data`; null if the host refuses (it should not, with a key it imported). */
export async function sign(kind: DkimKeyKind, key: ImportedKey, data: Uint8Array): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await crypto.subtle.sign(ALGORITHMS[kind], key.key, data));
  } catch {
    return null;
  }
}

/** Whether `signature` is `key`'s over `data`; a malformed signature is simply false. */
export async function verify(kind: DkimKeyKind, key: ImportedKey, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  try {
    return await crypto.subtle.verify(ALGORITHMS[kind], key.key, signature, data);
  } catch {
    return false;
  }
}

/** SHA-256 of `data`. */
export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
}

/** Base64 as DNS and DKIM tags carry it: whitespace anywhere, padding often left off. */
export function padBase64(text: string): string {
  const bare = text.replace(/\s+/g, '');
  return bare.length % 4 === 0 ? bare : bare + '='.repeat(4 - (bare.length % 4));
}
