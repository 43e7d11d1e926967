import { PACK_PREDICATE_TYPE } from './statement';

export const PACK_ATTESTATION_FILE = 'attestation.sigstore.json';
export const PACK_PUBLIC_KEY_FILE = 'provenant-signing-key.pub';

/** VERIFY.md of an evidence pack: how an auditor who never saw Provenant checks it with standard tools. */
export function verifyInstructions(keyId: string): string {
  return `# Verifying this evidence pack

Provenant (an AI governance register) wrote this archive and signed it. Three files let you check that no file
in it changed since:

- \`SHA256SUMS\`: the SHA-256 of every other file, in the format of \`sha256sum\`.
- \`${PACK_ATTESTATION_FILE}\`: a Sigstore bundle (v0.3). It holds an in-toto statement listing every file of
  \`SHA256SUMS\`, and \`SHA256SUMS\` itself, with its SHA-256, signed with ECDSA P-256 in a DSSE envelope.
- \`${PACK_PUBLIC_KEY_FILE}\`: the public key that made the signature. Its key id is
  \`${keyId}\`.

## 1. Check that the key is the organisation's

A key found only inside this archive proves nothing about who made it. Compute its key id (the SHA-256 of the key
in DER form) and compare it with the one the organisation gives you (Provenant lists its keys at
\`GET /api/v1/signing-keys\` and under Admin, Signing keys; retired keys stay listed):

\`\`\`sh
openssl pkey -pubin -in ${PACK_PUBLIC_KEY_FILE} -outform DER | sha256sum
\`\`\`

## 2. Check the signature with cosign

\`\`\`sh
cosign verify-blob-attestation --key ${PACK_PUBLIC_KEY_FILE} --insecure-ignore-tlog \\
  --bundle ${PACK_ATTESTATION_FILE} --type ${PACK_PREDICATE_TYPE} SHA256SUMS
\`\`\`

cosign prints \`Verified OK\`. \`--insecure-ignore-tlog\` is needed because Provenant signs offline: nothing is
written to a public transparency log (Rekor), so there is no log entry to check. cosign 3 reads this bundle format
by default; with cosign 2.4 to 2.6 add \`--new-bundle-format\`.

## 3. Check every file

\`\`\`sh
sha256sum -c SHA256SUMS
\`\`\`

Every line must end in \`OK\`. Together with step 2, this proves each file is the one Provenant signed.

## Without cosign: openssl

The signature covers DSSE's pre-authentication encoding of the statement
(\`DSSEv1 <length of type> <type> <length of statement> <statement>\`, lengths in bytes):

\`\`\`sh
jq -r '.dsseEnvelope.payload' ${PACK_ATTESTATION_FILE} | base64 -d > statement.json
jq -r '.dsseEnvelope.signatures[0].sig' ${PACK_ATTESTATION_FILE} | base64 -d > signature.der
printf 'DSSEv1 28 application/vnd.in-toto+json %s ' "$(stat -c %s statement.json)" > pae.bin
cat statement.json >> pae.bin
openssl dgst -sha256 -verify ${PACK_PUBLIC_KEY_FILE} -signature signature.der pae.bin
jq -r '.subject[] | select(.name == "SHA256SUMS") | .digest.sha256' statement.json
sha256sum SHA256SUMS
\`\`\`

openssl prints \`Verified OK\`, and the two digests printed last are equal; then run step 3.

## 4. Check the audit events

\`records/audit-events.json\` holds the audit events of the records in the pack, each with its \`hash\` and the
\`prevHash\` of the event before it in Provenant's chain. An event's hash is the SHA-256 of its \`prevHash\`
followed by the canonical JSON of its fields (keys in order; \`before\` and \`after\` are already JSON and go in as
they are). This recomputes every hash and checks that consecutive events link (Python 3, standard library only):

\`\`\`sh
python3 - records/audit-events.json <<'PY'
import hashlib, json, sys
events = json.load(open(sys.argv[1], encoding='utf-8'))
text = lambda v: json.dumps(v, ensure_ascii=False)
bad = 0
for i, e in enumerate(events):
    fields = {k: text(e[k]) for k in ('action', 'actorId', 'actorLabel', 'actorType', 'at', 'entityId', 'entityType', 'ip', 'userAgent')}
    canonical = ('{"action":%(action)s,"actorId":%(actorId)s,"actorLabel":%(actorLabel)s,"actorType":%(actorType)s' % fields
        + ',"after":%s,"at":%s,"before":%s' % (e['after'] or 'null', fields['at'], e['before'] or 'null')
        + ',"entityId":%(entityId)s,"entityType":%(entityType)s,"ip":%(ip)s' % fields
        + ',"seq":%d,"userAgent":%s}' % (e['seq'], fields['userAgent']))
    if hashlib.sha256((e['prevHash'] + canonical).encode('utf-8')).hexdigest() != e['hash']:
        bad += 1; print('hash does not match at sequence', e['seq'])
    if i and e['seq'] == events[i - 1]['seq'] + 1 and e['prevHash'] != events[i - 1]['hash']:
        bad += 1; print('link broken before sequence', e['seq'])
print('%d events checked, %d problems' % (len(events), bad))
sys.exit(1 if bad else 0)
PY
\`\`\`

It prints \`0 problems\`. The pack holds only the events about its records, so only neighbours in the chain are
linked here; Provenant's own \`audit verify\` command and its Audit trail page re-verify the whole chain, up to the
head the statement names.

The statement's \`predicate\` says which pack this is (scope, period, who asked for it, when it was generated) and
the head of Provenant's hash-chained audit trail at that moment (sequence number and hash).
`;
}
