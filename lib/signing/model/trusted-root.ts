import { z } from 'zod';
import type { toTrustMaterial } from '@sigstore/verify';

type TrustedRoot = Parameters<typeof toTrustMaterial>[0];

const ZBase64 = z.string().max(1_000_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Expected base64.');
const ZValidFor = z.object({ start: z.iso.datetime({ offset: true }).optional(), end: z.iso.datetime({ offset: true }).optional() }).optional();
const ZLog = z.object({
  baseUrl: z.string(),
  hashAlgorithm: z.string().optional(),
  publicKey: z.object({ rawBytes: ZBase64, keyDetails: z.string(), validFor: ZValidFor }),
  logId: z.object({ keyId: ZBase64 }),
  checkpointKeyId: z.object({ keyId: ZBase64 }).optional(),
});
const ZAuthority = z.object({
  subject: z.object({ organization: z.string().optional(), commonName: z.string().optional() }).optional(),
  uri: z.string().optional(),
  certChain: z.object({ certificates: z.array(z.object({ rawBytes: ZBase64 })).min(1) }),
  validFor: ZValidFor,
});

/** trusted_root.json as Sigstore publishes it (application/vnd.dev.sigstore.trustedroot+json;version=0.1). */
export const ZTrustedRootJson = z.object({
  mediaType: z.string().startsWith('application/vnd.dev.sigstore.trustedroot'),
  tlogs: z.array(ZLog).max(100).default([]),
  certificateAuthorities: z.array(ZAuthority).max(100).default([]),
  ctlogs: z.array(ZLog).max(100).default([]),
  timestampAuthorities: z.array(ZAuthority).max(100).default([]),
});

const bytes = (b64: string) => Buffer.from(b64, 'base64');
const period = (v: z.output<typeof ZValidFor>) => (v ? { start: v.start ? new Date(v.start) : undefined, end: v.end ? new Date(v.end) : undefined } : undefined);
const log = (l: z.output<typeof ZLog>) => ({
  baseUrl: l.baseUrl,
  publicKey: { rawBytes: bytes(l.publicKey.rawBytes), keyDetails: l.publicKey.keyDetails, validFor: period(l.publicKey.validFor) },
  logId: { keyId: bytes(l.logId.keyId) },
  ...(l.checkpointKeyId ? { checkpointKeyId: { keyId: bytes(l.checkpointKeyId.keyId) } } : {}),
});
const authority = (a: z.output<typeof ZAuthority>) => ({ certChain: { certificates: a.certChain.certificates.map((c) => ({ rawBytes: bytes(c.rawBytes) })) }, validFor: period(a.validFor) });

/** The JSON form (base64 bytes, RFC 3339 dates) turned into the message @sigstore/verify reads. */
export function toTrustedRoot(json: z.output<typeof ZTrustedRootJson>): TrustedRoot {
  return {
    mediaType: json.mediaType,
    tlogs: json.tlogs.map(log),
    certificateAuthorities: json.certificateAuthorities.map(authority),
    ctlogs: json.ctlogs.map(log),
    timestampAuthorities: json.timestampAuthorities.map(authority),
  } as unknown as TrustedRoot;
}
