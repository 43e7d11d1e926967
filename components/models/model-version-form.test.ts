import { describe, expect, it } from 'vitest';
import { explainMissingDigest } from './model-version-form';

const refused = (fieldErrors: Record<string, string>) => ({ ok: false as const, code: 'invalid', message: '2 fields to correct.', fieldErrors });
const MALFORMED = 'A SHA-256 digest is 64 hexadecimal characters.';

describe('explainMissingDigest', () => {
  it('tells how to give a digest left empty', () => {
    const result = explainMissingDigest({ artifactSha256: '' }, refused({ version: 'Required.', artifactSha256: MALFORMED }));
    expect(result).toEqual(refused({ version: 'Required.', artifactSha256: 'Upload the file above, or paste its SHA-256.' }));
    expect(explainMissingDigest({ artifactSha256: '  ' }, refused({ artifactSha256: MALFORMED }))).toEqual(refused({ artifactSha256: 'Upload the file above, or paste its SHA-256.' }));
  });

  it('keeps the server’s word on a digest that was given', () => {
    expect(explainMissingDigest({ artifactSha256: 'abc' }, refused({ artifactSha256: MALFORMED }))).toEqual(refused({ artifactSha256: MALFORMED }));
  });

  it('leaves a success and other fields’ errors alone', () => {
    expect(explainMissingDigest({ artifactSha256: '' }, { ok: true, data: { path: '/x' } })).toEqual({ ok: true, data: { path: '/x' } });
    expect(explainMissingDigest({ artifactSha256: '' }, refused({ version: 'Required.' }))).toEqual(refused({ version: 'Required.' }));
  });
});
