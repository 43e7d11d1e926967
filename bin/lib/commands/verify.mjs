// @ts-check
import { normaliseDigest } from '../args.mjs';
import { EXIT } from '../exit.mjs';

/**
 * `provenant verify`: what a deployment job runs before it ships bytes. Exit 0 only when the digest is the version
 * that an approved request brought into the stage (production by default); 1 says what it is instead.
 * @param {import('../client.mjs').Client} client
 * @param {Record<string, any>} options
 * @param {import('../io.mjs').Io} io
 */
export async function verify(client, options, io) {
  const sha256 = normaliseDigest(options.digest);
  const { body } = await client.request('GET', '/model-versions/approved', { query: { sha256, stage: options.stage ?? 'production', systemId: options.system }, scope: 'read' });
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
