import type { X509Certificate } from 'node:crypto';

const CODE_SIGNING = '1.3.6.1.5.5.7.3.3';
const MAX_DEPTH = 6;

const validAt = (cert: X509Certificate, at: Date) => new Date(cert.validFrom) <= at && at <= new Date(cert.validTo);
const issuedBy = (cert: X509Certificate, issuer: X509Certificate) => issuer.ca && cert.checkIssued(issuer) && cert.verify(issuer.publicKey);

/**
 * Whether the signing certificate chains, through the bundle's intermediates, to a certificate the admin trusts.
 * Checked at the certificate's own start, as model_signing's certificate verifier does (such bundles carry no
 * timestamp). Returns why not, or null.
 */
export function chainProblem(leaf: X509Certificate, intermediates: X509Certificate[], anchors: X509Certificate[]): string | null {
  const at = new Date(leaf.validFrom);
  const eku = leaf.keyUsage;
  if (eku && eku.length > 0 && !eku.includes(CODE_SIGNING)) return 'The signing certificate is not for code signing.';
  const isAnchor = (c: X509Certificate) => anchors.some((a) => a.fingerprint256 === c.fingerprint256);
  let current = leaf;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (!validAt(current, at)) return `The certificate ${current.subject.replaceAll('\n', ', ')} was not valid when the signing certificate was issued.`;
    const anchor = anchors.find((a) => issuedBy(current, a));
    if (anchor) return validAt(anchor, at) ? null : 'The trusted authority was not valid when the signing certificate was issued.';
    if (isAnchor(current)) return null;
    // A bundle's self-signed certificate is never an anchor: only the admin's chain holds those.
    const next = intermediates.find((c) => c.fingerprint256 !== current.fingerprint256 && c.subject !== c.issuer && issuedBy(current, c));
    if (!next) return 'The signing certificate does not chain to a trusted certificate authority.';
    current = next;
  }
  return 'The certificate chain is too long.';
}
