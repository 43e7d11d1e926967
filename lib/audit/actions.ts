/** The closed set of audit action names. */
export const AUDIT_ACTIONS = [
  'auth.signed_in',
  'auth.sign_in_failed',
  'auth.signed_out',
  'audit.break_acknowledged',
  'audit.acknowledge_failed',
  'user.created',
  'user.updated',
  'user.password_changed',
  'user.password_change_failed',
  'user.password_reset',
  'user.role_requested',
  'user.role_withdrawn',
  'user.role_confirmed',
  'user.role_rejected',
  'user.role_decide_failed',
  'token.created',
  'token.revoked',
  'system.created',
  'system.updated',
  'system.classified',
  'system.tier_confirmed',
  'system.tier_confirm_failed',
  'system.transferred',
  'system.retired',
  'model.created',
  'model.updated',
  'model_version.created',
  'model_version.updated',
  'model_version.stage_change_refused',
  'model_version.scan_updated',
  'dataset.created',
  'dataset.updated',
  'dataset_version.created',
  'run.recorded',
  'run.updated',
  'deployment.reported',
  'deployment.handed_over',
  'artifact.uploaded',
  'artifact.rescanned',
  'model_version.integrity_verified',
  'evaluation.recorded',
  'evaluation.retracted',
  'evaluation.superseded',
  'evaluation.imported',
  'policy.created',
  'policy.updated',
  'policy.change_proposed',
  'policy.change_withdrawn',
  'policy.change_rejected',
  'policy.change_decide_failed',
  'promotion.requested',
  'promotion.withdrawn',
  'promotion.signed',
  'promotion.sign_failed',
  'promotion.superseded',
  'evidence_pack.requested',
  'evidence_pack.generated',
  'evidence_pack.failed',
  'evidence_pack.requeued',
  'storage.leftovers_removed',
  'monitoring.reported',
  'finding.raised',
  'finding.recurred',
  'finding.updated',
  'finding.status_changed',
  'finding.closed',
  'finding.close_failed',
  'finding.waived',
  'finding.waive_failed',
  'finding.waiver_proposed',
  'finding.waiver_declined',
  'finding.waiver_withdrawn',
  'finding.downgrade_failed',
  'finding.reopened',
  'review.triggered',
  'review.signed',
  'review.sign_failed',
  'incident.recorded',
  'incident.updated',
  'incident.action_added',
  'webhook.created',
  'webhook.updated',
  'webhook.test_sent',
  'webhook.redelivered',
  'lineage.event_applied',
  'integration.updated',
  'mlflow.delivery_received',
  'mlflow.reconciled',
  'trust_config.updated',
  'model_signature.attached',
  'signing_key.created',
  'signing_key.rotated',
  'model.imported',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What each kind of record is called in an action's words, where its code name is not already the word. */
const SUBJECTS: Record<string, string> = {
  auth: 'Sign-in',
  audit: 'Audit trail',
  token: 'API token',
  system: 'AI system',
  run: 'Training run',
  evaluation: 'Evidence',
  policy: 'Promotion policy',
  storage: 'Storage',
  mlflow: 'MLflow',
  trust_config: 'Signature trust',
};

/** Actions said otherwise than as their subject and verb. */
const WHOLE: Partial<Record<AuditAction, string>> = {
  'auth.signed_in': 'Signed in',
  'auth.sign_in_failed': 'Sign-in refused',
  'auth.signed_out': 'Signed out',
  'monitoring.reported': 'Monitoring results reported',
  'lineage.event_applied': 'OpenLineage event applied',
  'mlflow.reconciled': 'MLflow registry reconciled',
};

/** Verbs whose code name reads badly as words. */
const VERBS: Record<string, string> = {
  break_acknowledged: 'break acknowledged',
  acknowledge_failed: 'acknowledgement refused',
  sign_failed: 'signature refused',
  close_failed: 'closing refused',
  waive_failed: 'waiver refused',
  downgrade_failed: 'downgrade refused',
  leftovers_removed: 'leftovers removed',
  change_decide_failed: 'change decision refused',
  password_change_failed: 'password change refused',
  role_decide_failed: 'role decision refused',
  role_requested: 'role given, to be confirmed',
  tier_confirm_failed: 'tier confirmation refused',
};

/** The kind of record an action is done to, in words: the audit trail's filter groups actions under it. */
export const auditActionSubject = (action: string) => {
  const domain = action.slice(0, action.indexOf('.'));
  return SUBJECTS[domain] ?? domain.charAt(0).toUpperCase() + domain.slice(1).replaceAll('_', ' ');
};

/** An action in words ("Model version stage change refused"), for people; the code name stays what APIs and exports use. */
export function auditActionWords(action: string) {
  const whole = WHOLE[action as AuditAction];
  if (whole) return whole;
  const verb = action.slice(action.indexOf('.') + 1);
  return `${auditActionSubject(action)} ${VERBS[verb] ?? verb.replaceAll('_', ' ')}`;
}
