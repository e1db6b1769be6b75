// shared compiles with lib ES2022 and no @types, so neither Node nor the DOM leaks in.
// TextEncoder/TextDecoder are the one host API we need (UTF-8 for SMTPUTF8 and for the
// transcript); every host we run on (Node >= 11, every browser) has them as globals.
// Declaring just their shape keeps the rest of the host out of reach.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}

// WebCrypto (W3C Web Cryptography API): DKIM signs and verifies with it, so the same
// code signs in a tab and in Node (>= 20 has Ed25519 there too). Only the calls
// world/auth/web-crypto.ts makes are declared, with names of our own, so the shape stays
// private to shared and never meets the DOM's or Node's declarations of the same thing.
interface SharedCryptoKey {
  readonly type: string;
  readonly algorithm: { readonly name: string; readonly modulusLength?: number };
}
type SharedCryptoAlgorithm = { name: 'RSASSA-PKCS1-v1_5'; hash?: 'SHA-256' } | { name: 'Ed25519' };
interface SharedSubtleCrypto {
  importKey(
    format: 'pkcs8' | 'spki' | 'raw',
    keyData: Uint8Array,
    algorithm: SharedCryptoAlgorithm,
    extractable: boolean,
    usages: string[],
  ): Promise<SharedCryptoKey>;
  sign(algorithm: SharedCryptoAlgorithm, key: SharedCryptoKey, data: Uint8Array): Promise<ArrayBuffer>;
  verify(algorithm: SharedCryptoAlgorithm, key: SharedCryptoKey, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
}
declare var crypto: { readonly subtle: SharedSubtleCrypto };
