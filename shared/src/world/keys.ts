/**
 * The private keys of the simulated world's DKIM signers: PKCS#8 (RFC 5208), DER in
 * base64, as `openssl pkcs8 -topk8 -nocrypt -outform DER | base64` prints them.
 *
 * These are PUBLIC TEST KEYS of a simulated world. They were generated once (Node's
 * crypto.generateKeyPairSync) for the playground and pasted here; they sign nothing
 * outside it, and anyone may read them. Their public halves are the DKIM records in
 * dns/zones.ts (mail._domainkey.client.thm, s2026._domainkey.bank.thm); a test holds
 * each pair together.
 */
import type { DkimSigner } from './auth/dkim.js';

/** client.thm's outgoing server: RSA, 2048 bits, the usual DKIM key (RFC 8301 3.2 asks for at least 1024). */
export const CLIENT_THM_SIGNER: DkimSigner = {
  domain: 'client.thm',
  selector: 'mail',
  algorithm: 'rsa-sha256',
  privateKey: [
    'MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDF4xN5C8FYn71j',
    'IVMZE3sRHqt986aifQGDo1koYKbDp9HJPQ1pkgvO2SMgE2QJe1zHIQpH1abpWa4c',
    'YU6VE+VByN3v6c2//HzZix3UhWpEfGrDvcAZLxB6MUbD7fyu7HvCTWh2R2/BNx1a',
    'EHAxmHAP0gxKT/uRFRu578DoFSCj8c3qcjzM0YdHjkkHsEpBtQCg5dlyUDnByk9b',
    'pmPSPU7DEuxvc9KUCiRUGdiLEYFLPNyEMa2qR8zVpc+hD/DCnwEDeIrT+OjKubdx',
    '2QkdU52iw3FSdeh1rvZvUKBjKsOFVfb9xESPEvUlGNRrObxH6W+WjK+8ZrzY2bei',
    'sRvGxGsrAgMBAAECggEAH/QbZFvkFCHzLGsopm9xW2HW8kciPLGvyWhakL0OoKBc',
    'LUEZBdeJ5ZRFajwHVsqfQB5TMSdMRPjwtu91h3gHeHhtcfyQdzRXmq8umW8Tqkxm',
    '1wWwW8CwSfLkCOZIe5x/HXBvck31uz7hk/X8j92cFsnlpyhEKHi+mecfgLpMo3wy',
    'zNIeDSr/cOpdjcOhcUtUO5Yn2msVL6j/efOUIKAQgYwYeG7N7ZigynhQgk6A3j4v',
    'AEbca1DK88r0G6eCgtBygGkPDHpo1kJYHAv3iT7QyyG90BbrngYBs4W+LMyo9Gvx',
    'g/lm0NKupfsY92STvVDOH04Zi1cwJhe1ci0uTRoc7QKBgQDyxGxZ8p8/NfyyKxPC',
    'Poyxw/U+2XIiq6/qyupOW7ghao8u75J76Tn8rrRdVWMFBj+nlbDXUSMXCh74WQlk',
    'Qz0LFvZ55Ricv7O8KlkInEFMtMFgtCLAvElcVmemS45K0nEBGEFRblt8BgZgYmUs',
    'sOTz1XrPDKz4f1ZpM3uBZe5bRQKBgQDQrGSrSoNzjcgOSfxuWP4CeGSmJYC1+m+1',
    '9PGwXUW7viA+IkRX1K+oOvdRB6uUCwz5K0Yrb3RQ20PiCy7DHN3GJnrlAGdJYMN4',
    'zvR6o4j4sdtJzDWTqk+VMqy5ia/zekcwapA5NydeZgrMUcCvVLiomfW8OFmh97Zu',
    '0RIOGcDbrwKBgQC7eis+z1pho1yRbyjkIg/fHDihn6U/1xyUkr2dY8FvtO38TjDu',
    'li8czwIk7dL5R1kTH0uhDFyv5zYBjijtj+ttS/9uJRj7vCOeVYnKV3kqNpD8EECi',
    'XQW+VE/ZIZIygA+ay9Ntgm8N+U0lU/dUKwu0rhEYIm7VvOjLd2GSjVgkjQKBgQCr',
    'ev+/Q5yCeSDNnT8z7y3OGeGcJ3V+Fi9297Mlm4CSp8sXRFGlW8J+HPbgP81f+zTO',
    'DiG7z/tl9snyF/51mGMnUrfrOEmoozv/KxL9NSZ6OK5cFtRwZKTBlsMaNWvCSdn2',
    'j5u1aP2RNYnqHcSaUKTu6JZn9mayEz54Epcjv0YdQQKBgEqhg2PHL5Qpv8mo4NXp',
    'ZqTdFQmLhtvLUhVWOhrhhj32BD/gfL4z5CxA2c8fD2SlBfGjNNm+Y5+6XeHZ1kXk',
    'LQjQx8C9pbv0SrtC6VlqvmWAJOLvFkbMTtphXcAwzdnom4gxNotFt3Ggb4QghuYT',
    'pRqabZGCn8+Jrb+r49K06efe',
  ].join(''),
};

/** bank.thm's server: Ed25519 (RFC 8463), whose whole private key is a 32-byte seed. */
export const BANK_THM_SIGNER: DkimSigner = {
  domain: 'bank.thm',
  selector: 's2026',
  algorithm: 'ed25519-sha256',
  privateKey: 'MC4CAQAwBQYDK2VwBCIEIGRc41sVOVtIJjm9Fh5+N0VD9gsYY6/PHV5v1fevODx0',
};

/** Every signer of the world, by domain. */
export const WORLD_SIGNERS: Readonly<Record<string, DkimSigner>> = {
  'client.thm': CLIENT_THM_SIGNER,
  'bank.thm': BANK_THM_SIGNER,
};
