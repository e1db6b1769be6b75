import { describe, expect, it } from 'vitest';
import type { TlsDetails } from './connection';
import { tlsLock, tlsNotice } from './tls-text';

const certificate = { subject: 'CN=example.thm', issuer: 'CN=Example CA', validTo: 'Nov 25 10:00:00 2027 GMT', fingerprint: 'AB:CD' };
const relayed: TlsDetails = {
  protocol: 'TLSv1.3',
  cipher: 'TLS_AES_256_GCM_SHA384',
  authorized: true,
  authorizationError: null,
  certificate,
  simulated: false,
};
const simulated: TlsDetails = { protocol: null, cipher: null, authorized: null, authorizationError: null, certificate: null, simulated: true };

describe('tlsNotice', () => {
  it('says what was agreed and whose certificate, verdict first', () => {
    expect(tlsNotice(relayed, false)).toBe(
      'TLS 1.3, TLS_AES_256_GCM_SHA384 — certificate verified: CN=example.thm, issued by CN=Example CA, valid until Nov 25 10:00:00 2027 GMT',
    );
  });

  it('says an insecure target’s certificate was not verified, and why', () => {
    expect(tlsNotice({ ...relayed, authorized: false, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, false)).toMatch(
      /^TLS 1\.3, TLS_AES_256_GCM_SHA384 — certificate not verified \(insecure target: DEPTH_ZERO_SELF_SIGNED_CERT\): CN=example\.thm/,
    );
  });

  it('says the in-tab upgrade is simulated', () => {
    expect(tlsNotice(simulated, false)).toMatch(/^TLS simulated: the in-tab sandbox can’t encrypt/);
    expect(tlsLock(simulated)).toEqual({ label: 'TLS simulated (not encrypted)', tone: 'simulated' });
  });

  it('says, when watching, that the terminal’s client did the TLS', () => {
    expect(tlsNotice({ ...relayed, authorized: null, certificate: null }, true)).toBe(
      'TLS 1.3, TLS_AES_256_GCM_SHA384, between your client and the sandbox. The page shows the plaintext the sandbox sees.',
    );
  });
});

describe('tlsLock', () => {
  it('names the version and whether the certificate verified', () => {
    expect(tlsLock(relayed)).toEqual({ label: 'TLS 1.3, certificate verified', tone: 'secure' });
    expect(tlsLock({ ...relayed, authorized: false })).toEqual({ label: 'TLS 1.3, certificate not verified', tone: 'insecure' });
  });
});
