// @ts-check
import { EXIT } from '../exit.mjs';
import { arrayOf, boolean, equals, nullable, number, object, optional, string } from '../shape.mjs';

/** @typedef {{ id: string, label: string, met: boolean, detail: string, warning?: boolean, pending?: boolean }} Requirement */

/** @param {string} stage */
const gateAnswer = (stage) =>
  object({
    target: equals(stage),
    gate: object({
      passed: boolean,
      policyVersion: nullable(number),
      requirements: arrayOf(object({ label: string, met: boolean, detail: string, warning: optional(boolean), pending: optional(boolean) })),
    }),
  });

/**
 * `provenant gate`: the live gate of a version for a stage. Passing is exit 0, failing exit 1 with each unmet
 * requirement on stderr; anything that leaves the answer unknown (401, 403, 404, no connection) is exit 2.
 * @param {import('../client.mjs').Client} client
 * @param {Record<string, any>} options
 * @param {import('../io.mjs').Io} io
 */
export async function gate(client, options, io) {
  const { body } = await client.request('GET', `/model-versions/${encodeURIComponent(options.version)}/gate`, { query: { stage: options.stage }, scope: 'read', shape: gateAnswer(options.stage) });
  /** @type {Requirement[]} */
  const requirements = body.gate.requirements;
  const unmet = requirements.filter((r) => !r.met);
  const warnings = requirements.filter((r) => r.met && r.warning);
  const policy = body.gate.policyVersion === null ? 'no policy' : `policy version ${body.gate.policyVersion}`;
  io.result(body, () => [
    body.gate.passed
      ? `Gate for ${body.target} passes (${policy}): ${requirements.length} requirements met.`
      : `Gate for ${body.target} fails (${policy}): ${unmet.length} of ${requirements.length} requirements unmet.`,
  ]);
  for (const r of unmet) io.err(`unmet: ${r.label}: ${r.detail}${r.pending ? ' (waiting for signatures: nothing to fix)' : ''}`);
  for (const r of warnings) io.err(`warning: ${r.label}: ${r.detail}`);
  return body.gate.passed ? EXIT.ok : EXIT.no;
}
