import 'server-only';
import type { z } from 'zod';
import type { Actor } from '@/lib/auth/actor';
import { Forbidden, Invalid } from '@/lib/errors';
import { parseInput } from '@/lib/http/to-domain-error';
import { closeFinding } from './close-finding';
import { ZCloseFindingInput, ZUpdateFindingInput, ZWaiveFindingInput, type ZPatchFindingInput } from './schemas';
import { updateFinding } from './update-finding';
import { waiveFinding } from './waive-finding';

type Patch = z.output<typeof ZPatchFindingInput>;

/** Fields that belong to one verb: sent with another status they would be dropped unsaid, so they are refused. */
const VERB_FIELDS = {
  closureEvidence: { statuses: ['closed', 'invalid'], when: 'closing (status closed or invalid)' },
  evaluationId: { statuses: ['closed'], when: 'closing as fixed (status closed)' },
  justification: { statuses: ['accepted'], when: 'accepting the risk (status accepted)' },
  compensatingControls: { statuses: ['accepted'], when: 'accepting the risk (status accepted)' },
  expiresOn: { statuses: ['accepted'], when: 'accepting the risk (status accepted)' },
} as const;

function assertFieldsOfItsVerb(patch: Patch) {
  const issues = Object.entries(VERB_FIELDS).flatMap(([field, { statuses, when }]) =>
    patch[field as keyof typeof VERB_FIELDS] !== undefined && !(statuses as readonly string[]).includes(patch.status ?? '') ? [{ path: field, message: `Only sent when ${when}.` }] : [],
  );
  if (issues.length > 0) throw new Invalid('Some fields do not belong to this change; nothing was changed.', issues);
}

/**
 * PATCH /api/v1/findings/{id}: `status` says which verb runs. closed / invalid close it, accepted accepts its risk;
 * both are signatures, so they come from a browser session with the password and never with a token (403). Any
 * other body edits fields and moves the work (lowering a high or critical severity also takes the password).
 */
export async function patchFinding(actor: Actor, id: string, patch: Patch) {
  assertFieldsOfItsVerb(patch);
  const { status, closureEvidence, evaluationId, justification, compensatingControls, expiresOn, password, ...fields } = patch;
  const signing = status === 'closed' || status === 'invalid' || status === 'accepted';
  if (signing && actor.type !== 'user') throw new Forbidden('API tokens never close or accept a finding; use the browser session, with your password.');
  if (signing && Object.values(fields).some((v) => v !== undefined)) throw new Invalid('Close or accept a finding in a request of its own, without field edits.');
  if (status === 'closed' || status === 'invalid') return closeFinding(actor, id, parseInput(ZCloseFindingInput, { outcome: status, closureEvidence, evaluationId, password }));
  if (status === 'accepted') {
    // A finding that was ever critical: the signature proposes the terms, which a second risk officer approves.
    const { finding, proposal } = await waiveFinding(actor, id, parseInput(ZWaiveFindingInput, { justification, compensatingControls, expiresOn, password }));
    return proposal ? { ...finding, waiverProposal: proposal } : finding;
  }
  return updateFinding(actor, id, parseInput(ZUpdateFindingInput, { ...fields, status, password }));
}
