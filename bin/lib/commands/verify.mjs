// @ts-check
import { normaliseDigest } from '../args.mjs';
import { EXIT } from '../exit.mjs';
import { all, arrayOf, boolean, equals, nullable, object, string } from '../shape.mjs';

const versionShape = object({
  id: string,
  modelName: string,
  version: string,
  systemName: string,
  stage: string,
  approval: nullable(object({ requestId: string, signatures: arrayOf(object({ printedName: string, role: string })) })),
});

/**
 * The verdict about exactly the digest and stage asked: "approved" must name a listed version that has its approval.
 * @param {string} sha256
 * @param {string} stage
 * @returns {import('../shape.mjs').Check}
 */
const verdictShape = (sha256, stage) =>
  all(
    object({ sha256: equals(sha256), stage: equals(stage), approved: boolean, verdict: string, message: string, approvedVersionId: nullable(string), versions: arrayOf(versionShape) }),
    (body, path) => (body.approved === (body.verdict === 'approved') ? null : `${path}.approved contradicts ${path}.verdict`),
    (body, path) => {
      if (!body.approved) return body.approvedVersionId === null ? null : `${path}.approvedVersionId is set on a refusal`;
      const approved = body.versions.find((/** @type {any} */ v) => v.id === body.approvedVersionId);
      return approved?.approval && approved.stage === stage ? null : `${path}.approvedVersionId is not a listed version approved for ${stage}`;
    },
  );

/**
 * `provenant verify`: what a deployment job runs before it ships bytes. Exit 0 only when the digest is the version
 * that an approved request brought into the stage (production by default); 1 says what it is instead.
 * @param {import('../client.mjs').Client} client
 * @param {Record<string, any>} options
 * @param {import('../io.mjs').Io} io
 */
export async function verify(client, options, io) {
  const sha256 = normaliseDigest(options.digest);
  const stage = options.stage ?? 'production';
  const { body } = await client.request('GET', '/model-versions/approved', { query: { sha256, stage, systemId: options.system }, scope: 'read', shape: verdictShape(sha256, stage) });
  const approved = body.versions.find((/** @type {any} */ v) => v.id === body.approvedVersionId);
  io.result(body, () =>
    approved
      ? [
          `Approved: ${sha256} is ${approved.modelName} ${approved.version} in ${body.stage} (system ${approved.systemName}).`,
          `Request ${approved.approval.requestId}, signed by ${approved.approval.signatures.map((/** @type {any} */ s) => `${s.printedName} (${s.role.replace('_', ' ')})`).join(', ') || 'nobody'}.`,
        ]
      : [],
  );
  if (!body.approved) io.err(`Not approved for ${body.stage} (${body.verdict.replace(/_/g, ' ')}): ${body.message}`);
  return body.approved ? EXIT.ok : EXIT.no;
}
