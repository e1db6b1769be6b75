import { describe, expect, it } from 'vitest';
import { decodeBase64Text, encodeBase64Text } from './base64';

describe('base64 helper', () => {
  it('encodes \\0 as a NUL byte, for AUTH PLAIN', () => {
    expect(encodeBase64Text('\\0learner\\0sandbox')).toBe('AGxlYXJuZXIAc2FuZGJveA==');
  });

  it('decodes what a server asks in AUTH LOGIN', () => {
    expect(decodeBase64Text('VXNlcm5hbWU6')).toEqual({ ok: true, text: 'Username:' });
    expect(decodeBase64Text('AGxlYXJuZXIAc2FuZGJveA==')).toEqual({ ok: true, text: '\\0learner\\0sandbox' });
  });

  it('decodes a whole reply line pasted in, code and all', () => {
    expect(decodeBase64Text('334 VXNlcm5hbWU6')).toEqual({ ok: true, text: 'Username:' });
    expect(decodeBase64Text('  334 UGFzc3dvcmQ6\r\n')).toEqual({ ok: true, text: 'Password:' });
    expect(decodeBase64Text('334-VXNlcm5hbWU6')).toEqual({ ok: true, text: 'Username:' });
  });

  it('round-trips UTF-8', () => {
    expect(decodeBase64Text(encodeBase64Text('josé ✉'))).toEqual({ ok: true, text: 'josé ✉' });
  });

  it('shows the newline echo adds', () => {
    expect(encodeBase64Text('learner\n')).toBe('bGVhcm5lcgo=');
    expect(encodeBase64Text('learner')).toBe('bGVhcm5lcg==');
  });

  it('says when the input is not base64', () => {
    expect(decodeBase64Text('not base64!').ok).toBe(false);
  });
});
