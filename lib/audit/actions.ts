/** The closed set of audit action names. */
export const AUDIT_ACTIONS = [
  'auth.signed_in',
  'auth.sign_in_failed',
  'user.created',
  'user.updated',
  'token.created',
  'token.revoked',
  'system.created',
  'system.updated',
  'system.classified',
  'system.retired',
  'model.created',
  'model.updated',
  'model_version.created',
  'model_version.updated',
  'model_version.stage_change_refused',
  'dataset.created',
  'dataset.updated',
  'dataset_version.created',
  'run.recorded',
  'run.updated',
  'deployment.reported',
  'artifact.uploaded',
  'model_version.integrity_verified',
  'evaluation.recorded',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
