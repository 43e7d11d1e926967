import { z } from 'zod';

const ZName = z.string().trim().min(1).max(200);
const ZPem = z.string().min(1).max(64 * 1024);

export const ZTrustedKeyInput = z.object({ publicKeyPem: ZPem, identity: ZName });
export const ZTrustedAuthorityInput = z.object({ name: ZName, certificateChainPem: ZPem, identities: z.array(ZName).min(1, 'Name at least one identity this authority may vouch for.').max(100) });
export const ZTrustedRootIdentityInput = z.object({ subjectAlternativeName: ZName, issuer: z.url().max(500) });

/**
 * The whole trust configuration an admin wants; saving it writes the next version. `trustedRoot`: a Sigstore
 * trusted_root.json to upload, null to remove the current one, absent to keep it.
 */
export const ZUpdateTrustConfigInput = z.object({
  keys: z.array(ZTrustedKeyInput).max(100).default([]),
  certificateAuthorities: z.array(ZTrustedAuthorityInput).max(50).default([]),
  trustedRootIdentities: z.array(ZTrustedRootIdentityInput).max(100).default([]),
  trustedRoot: z.record(z.string(), z.unknown()).nullable().optional(),
});
export type UpdateTrustConfigInput = z.output<typeof ZUpdateTrustConfigInput>;

export const ZListSignaturesQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

const ZLines = z.string().max(20_000).transform((text) => text.split('\n').map((l) => l.trim()).filter(Boolean));

/** One change from the admin page; the verb applies it to the current configuration and saves the next version. */
export const ZTrustConfigChange = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add_key'), ...ZTrustedKeyInput.shape }),
  z.object({ op: z.literal('add_authority'), name: ZTrustedAuthorityInput.shape.name, certificateChainPem: ZTrustedAuthorityInput.shape.certificateChainPem, identities: ZLines.pipe(ZTrustedAuthorityInput.shape.identities) }),
  z.object({ op: z.literal('set_trusted_root'), trustedRootJson: z.string().trim().min(1, 'Paste the trusted_root.json.').max(4 * 1024 * 1024) }),
  z.object({ op: z.literal('add_keyless_identity'), ...ZTrustedRootIdentityInput.shape }),
  z.object({ op: z.literal('remove'), list: z.enum(['keys', 'certificateAuthorities', 'trustedRootIdentities', 'trustedRoot']), index: z.coerce.number().int().min(0).max(1000) }),
]);
export type TrustConfigChange = z.output<typeof ZTrustConfigChange>;
