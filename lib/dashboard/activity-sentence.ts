import type { AuditAction } from '@/lib/audit/actions';
import { humanize } from '@/lib/words';
import type { EntityName } from './entity-names';

/** A sentence in parts, so the page can link the entity without building HTML from text. */
export type SentencePart = { text: string } | { entity: EntityName };
type Say = (actor: string, entity: EntityName | null, after: Record<string, unknown>) => (string | EntityName | null)[];

const roleWords = (role: unknown) => (typeof role === 'string' ? role.replaceAll('_', ' ') : 'a');
const stage = (entity: EntityName | null) => entity?.detail ?? 'the next stage';
/** "a" or "an" before the entity's name ("a system evidence pack", "an AI system evidence pack"). */
const article = (entity: EntityName | null) => (/^[aeiou]/i.test(entity?.label ?? 'evidence pack') ? 'an' : 'a');
const signed = (after: Record<string, unknown>) => (after.signature ?? {}) as { decision?: string; role?: string };
const roleOf = (after: Record<string, unknown>) => (typeof signed(after).role === 'string' ? ` as ${signed(after).role!.replaceAll('_', ' ')}` : '');

/** A reject closes the request; an approval closes it only when it was the last one the policy required. */
function promotionSigned(a: string, e: EntityName | null, after: Record<string, unknown>) {
  if (signed(after).decision === 'reject') return [a, ' rejected ', e, ` for ${stage(e)}${roleOf(after)}`];
  const outcome = after.requestStatus === 'open' ? '; other signatures are awaited' : after.requestStatus === 'approved' ? ', the last required: approved' : '';
  return [a, ' signed an approval of ', e, ` for ${stage(e)}${roleOf(after)}${outcome}`];
}

// Past tense, named things: "Rita Chen registered the model credit-scorecard".
const SENTENCES: Record<AuditAction, Say> = {
  'auth.signed_in': (a) => [a, ' signed in'],
  'auth.sign_in_failed': (_a, e) => ['A sign-in as ', e ?? 'an unknown account', ' failed'],
  'auth.signed_out': (a) => [a, ' signed out'],
  'audit.break_acknowledged': (a) => [a, ' acknowledged a break in the audit chain'],
  'audit.acknowledge_failed': (a) => [a, ' tried to acknowledge a break in the audit chain and was refused'],
  'user.created': (a, e) => [a, ' created the account of ', e],
  'user.updated': (a, e) => [a, ' changed the account of ', e],
  'user.password_changed': (a) => [a, ' chose a new password'],
  'user.password_change_failed': (a) => [a, ' gave a wrong current password when changing their password'],
  'user.password_reset': (a, e) => [a, ' gave ', e, ' a temporary password'],
  'user.role_requested': (a, e, after) => [a, ' gave ', e, ` the ${roleWords(after.role)} role, in force once someone who holds it confirms`],
  'user.role_withdrawn': (a, e) => [a, ' withdrew a role not yet confirmed for ', e],
  'user.role_confirmed': (a, e) => [a, ' confirmed a role for ', e],
  'user.role_rejected': (a, e) => [a, ' rejected a role for ', e],
  'user.role_decide_failed': (a, e) => [a, ' gave a wrong password deciding on a role for ', e],
  'token.created': (a, e) => [a, ' created the API token ', e],
  'token.revoked': (a, e) => [a, ' revoked the API token ', e],
  'system.created': (a, e, after) => [a, ' registered the AI system ', e, after.importedFrom ? ' from an imported register' : ''],
  'system.updated': (a, e) => [a, ' updated the AI system ', e],
  'system.classified': (a, e) => [a, ' classified the AI system ', e],
  'system.tier_confirmed': (a, e) => [a, ' confirmed the risk tier of ', e],
  'system.tier_confirm_failed': (a, e) => [a, ' failed to confirm the risk tier of ', e],
  'system.transferred': (a, e) => [a, ' gave ', e, ' a new owner'],
  'system.retired': (a, e) => [a, ' retired the AI system ', e],
  'model.created': (a, e) => [a, ' registered the model ', e],
  'model.updated': (a, e) => [a, ' updated the model ', e],
  'model_version.created': (a, e) => [a, ' registered ', e],
  'model_version.updated': (a, e) => [a, ' updated ', e],
  'model_version.stage_change_refused': (a, e) => ['A stage change of ', e, ' by ', a, ' was refused'],
  'model_version.scan_updated': (_a, e) => ['The scan of ', e, ' was updated'],
  'model_version.integrity_verified': (a, e) => [a, ' re-hashed the bytes of ', e],
  'dataset.created': (a, e) => [a, ' registered the dataset ', e],
  'dataset.updated': (a, e) => [a, ' updated the dataset ', e],
  'dataset_version.created': (a, e) => [a, ' registered the dataset version ', e],
  'run.recorded': (a, e) => [a, ' recorded the training run ', e],
  'run.updated': (a, e) => [a, ' updated the training run ', e],
  'deployment.reported': (a, e) => [a, ' reported a deployment at ', e],
  'deployment.handed_over': (a, e) => [a, ' handed over reporting at ', e],
  'artifact.uploaded': (a) => [a, ' uploaded an artifact'],
  'evaluation.recorded': (a, e) => [a, ' recorded ', e],
  'evaluation.retracted': (a, e) => [a, ' retracted ', e],
  'evaluation.superseded': (a, e) => [a, ' superseded ', e],
  'evaluation.imported': (a, e) => [a, ' imported ', e],
  'policy.created': (a, e) => [a, ' created the promotion policy ', e],
  'policy.updated': (a, e, after) => (typeof after.approvedBy === 'string' ? [a, ' approved a change to the promotion policy ', e] : [a, ' changed the promotion policy ', e]),
  'policy.change_proposed': (a, e) => [a, ' proposed a change to the promotion policy ', e],
  'policy.change_withdrawn': (a, e) => [a, ' withdrew the proposed change to the promotion policy ', e],
  'policy.change_rejected': (a, e) => [a, ' rejected the proposed change to the promotion policy ', e],
  'policy.change_decide_failed': (a, e) => [a, ' failed to decide on the proposed change to the promotion policy ', e],
  'promotion.requested': (a, e) => [a, ' requested promotion of ', e, ` to ${stage(e)}`],
  'promotion.withdrawn': (a, e) => [a, ' withdrew the request to move ', e, ` to ${stage(e)}`],
  'promotion.signed': promotionSigned,
  'promotion.sign_failed': (a, e) => [a, ' failed to sign', ...(e?.detail ? [' the request for ', e] : [' a promotion request'])],
  'promotion.superseded': (_a, e) => ['The request to move ', e, ` to ${stage(e)} was closed as superseded`],
  'evidence_pack.requested': (a, e) => [a, ` requested ${article(e)} `, e],
  'evidence_pack.generated': (_a, e) => [`${humanize(article(e))} `, e, ' was generated'],
  'evidence_pack.failed': (_a, e) => [`${humanize(article(e))} `, e, ' failed to generate'],
  'evidence_pack.requeued': (_a, e) => [`${humanize(article(e))} `, e, ' went back to the queue: its server stopped'],
  'storage.leftovers_removed': (a) => [a, ' removed leftover files from storage'],
  'monitoring.reported': (a, e) => [a, ' reported monitoring results for ', e],
  'finding.raised': (a, e) => [a, ' raised ', e],
  'finding.recurred': (a, e, after) => [a, ' reported ', e, ' again', typeof after.title === 'string' ? `, worse: now ${String(after.severity)}, due ${String(after.dueDate)}` : ''],
  'finding.updated': (a, e) => [a, ' updated ', e],
  'finding.status_changed': (a, e, after) => [a, ' moved ', e, typeof after.status === 'string' ? ` to ${after.status.replaceAll('_', ' ')}` : ' on'],
  'finding.closed': (a, e) => [a, ' closed ', e],
  'finding.close_failed': (a, e) => [a, ' failed to close ', e],
  'finding.waived': (a, e) => [a, ' accepted the risk of ', e],
  'finding.waive_failed': (a, e) => [a, ' failed to accept the risk of ', e],
  'finding.waiver_proposed': (a, e) => [a, ' proposed accepting the risk of ', e],
  'finding.waiver_declined': (a, e) => [a, ' declined accepting the risk of ', e],
  'finding.waiver_withdrawn': (a, e) => [a, ' withdrew a proposal to accept the risk of ', e],
  'finding.downgrade_failed': (a, e) => [a, ' failed to lower the severity of ', e],
  'finding.reopened': (_a, e, after) => [e, typeof after.reason === 'string' ? ` re-opened (${after.reason})` : ' re-opened'],
  'review.triggered': (_a, e) => ['A review of ', e, ' became due'],
  'review.signed': (a, e) => [a, ' signed the review of ', e],
  'review.sign_failed': (a, e) => [a, ' failed to sign the review of ', e],
  'incident.recorded': (a, e) => [a, ' recorded the incident ', e],
  'incident.updated': (a, e) => [a, ' updated the incident ', e],
  'incident.action_added': (a, e) => [a, ' added to the timeline of ', e],
  'webhook.created': (a, e) => [a, ' added the webhook ', e],
  'webhook.updated': (a, e) => [a, ' changed the webhook ', e],
  'webhook.test_sent': (a, e) => [a, ' sent a test event to the webhook ', e],
  'webhook.redelivered': (a, e) => [a, ' redelivered ', e],
  'artifact.rescanned': (a) => [a, ' scanned a stored artifact again'],
  'lineage.event_applied': (a, e) => [a, ' sent lineage of the training run ', e],
  'integration.updated': (a) => [a, ' changed the MLflow integration'],
  'mlflow.delivery_received': (a) => [a, ' delivered an MLflow registry event'],
  'mlflow.reconciled': (a) => [a, ' reconciled the inventory with the MLflow registry'],
  'trust_config.updated': (a) => [a, ' changed what model signatures are verified against'],
  'model_signature.attached': (a, e) => [a, ' attached a model signature to ', e],
  'signing_key.created': () => ['Provenant created the key it signs cards and evidence packs with'],
  'signing_key.rotated': (a) => [a, ' rotated Provenant’s signing key'],
  'model.imported': (a, e) => [a, ' imported the model ', e, ' from a CycloneDX BOM'],
};

/** Builds the sentence for one event; an entity that no longer resolves is named by its kind. */
export function activitySentence(event: { action: string; entityType: string; after: string | null }, actor: string, entity: EntityName | null): SentencePart[] {
  const fallbackEntity: EntityName = { label: event.entityType.replaceAll('_', ' '), href: null, detail: null };
  const after = parseAfter(event.after);
  const say = SENTENCES[event.action as AuditAction] ?? ((a: string, e: EntityName | null) => [a, ` ${event.action.replace(/^[^.]*\./, '').replaceAll('_', ' ')} `, e]);
  return say(actor, asRecorded(entity, event.entityType, after), after).map((part) => (typeof part === 'string' ? { text: part } : { entity: part ?? fallbackEntity }));
}

/**
 * A finding is named by the title its event recorded, where the event holds one: a worse repeat rewrites the title,
 * and the trail must say what was raised then, not what the finding is called today.
 */
function asRecorded(entity: EntityName | null, entityType: string, after: Record<string, unknown>): EntityName | null {
  const ref = entity?.label.match(/^F-\d+ /)?.[0];
  if (!entity || !ref || entityType !== 'finding' || typeof after.title !== 'string') return entity;
  return { ...entity, label: `${ref}${after.title}` };
}

function parseAfter(json: string | null): Record<string, unknown> {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
