/**
 * The sandbox's TLS identity: the operator's PEM files, or a self-signed certificate
 * made at start (with the selfsigned package). Self-signed is what a lab server has,
 * so STARTTLS works for openssl s_client and swaks --tls, and a client that checks
 * certificates says so, which is itself a lesson.
 */

import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { generate } from 'selfsigned';

export interface Certificate {
  key: string;
  cert: string;
  /** SHA-256 fingerprint, for the start-up message: compare it with what a client shows. */
  fingerprint: string;
  selfSigned: boolean;
}

export async function loadCertificate(files: { cert: string; key: string }): Promise<Certificate> {
  const [cert, key] = await Promise.all([readFile(files.cert, 'utf8'), readFile(files.key, 'utf8')]);
  const x509 = new X509Certificate(cert);
  return { cert, key, fingerprint: x509.fingerprint256, selfSigned: x509.issuer === x509.subject };
}

/** A certificate for `hostname`, localhost and the loopback addresses, valid for a year. */
export async function makeCertificate(hostname: string): Promise<Certificate> {
  const notBeforeDate = new Date();
  const notAfterDate = new Date(notBeforeDate.getTime() + 365 * 24 * 3600 * 1000);
  // EC keys: an RSA key would take about a second to make at every start.
  const pems = await generate([{ name: 'commonName', value: hostname }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyAgreement: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: hostname },
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert, fingerprint: new X509Certificate(pems.cert).fingerprint256, selfSigned: true };
}
