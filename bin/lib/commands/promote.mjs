// @ts-check
import { EXIT } from '../exit.mjs';
import { equals, object, string } from '../shape.mjs';

/**
 * `provenant promote`: opens a promotion request when the gate passes (409 otherwise: exit 1 with the reasons).
 * People sign it in the browser; the printed link is where they do.
 * @param {import('../client.mjs').Client} client
 * @param {Record<string, any>} options
 * @param {import('../io.mjs').Io} io
 * @param {import('../config.mjs').Config} config
 */
export async function promote(client, options, io, config) {
  const { status, body } = await client.request('POST', '/promotion-requests', {
    json: { modelVersionId: options.version, targetStage: options.stage, justification: options.justification },
    scope: 'promote',
    accept: [409],
    shape: object({ id: string, targetStage: equals(options.stage) }),
  });
  if (status === 409) {
    if (io.json) io.result(body, () => []);
    io.err(`Not requested: ${body?.error?.message ?? 'the gate does not pass.'}`);
    io.err(`Run \`provenant gate --version ${options.version} --stage ${options.stage}\` for each unmet requirement.`);
    return EXIT.no;
  }
  io.result(body, () => [
    `Promotion to ${body.targetStage} requested: ${body.id}`,
    `Reviewers sign it at ${config.baseUrl}/approvals/${body.id}`,
  ]);
  return EXIT.ok;
}
