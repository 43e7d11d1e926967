/**
 * Vocabularies that forms in the browser offer as choices. They live apart from the tables, free of drizzle, so that
 * a client component importing one does not ship the database layer to the browser; the schema files re-export them.
 */

export const EVIDENCE_KINDS = [
  'performance',
  'robustness',
  'fairness',
  'red_team',
  'privacy',
  'explainability',
  'security_scan',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const COMPARATORS = ['gte', 'gt', 'lte', 'lt', 'eq'] as const;
export type Comparator = (typeof COMPARATORS)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const INCIDENT_CATEGORIES = ['general', 'death', 'widespread_or_critical_infrastructure'] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

export const RISK_TIERS = ['prohibited', 'high', 'limited', 'minimal'] as const;
export type RiskTier = (typeof RISK_TIERS)[number];

export const API_TOKEN_SCOPES = ['read', 'register', 'lineage:write', 'deploy:report', 'monitoring:write', 'findings:write', 'promote'] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

export const REPORT_FORMATS = ['sarif', 'pip-audit', 'cyclonedx', 'garak', 'promptfoo'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const PACK_SCOPES = ['system', 'model_version', 'inventory'] as const;

export const MODEL_FORMATS = ['safetensors', 'onnx', 'pytorch', 'pickle', 'gguf', 'other'] as const;
export type ModelFormat = (typeof MODEL_FORMATS)[number];

export const STAGES = ['development', 'staging', 'production', 'archived'] as const;
export type Stage = (typeof STAGES)[number];

export const PROMOTION_TARGETS = ['staging', 'production'] as const;
export type PromotionTarget = (typeof PROMOTION_TARGETS)[number];

export const LIFECYCLE_STATUSES = ['planned', 'development', 'active', 'retired'] as const;
export type LifecycleStatus = (typeof LIFECYCLE_STATUSES)[number];

export const ROLES = ['data_scientist', 'risk_officer', 'security_reviewer', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A role that signs, approves or administers takes a second person's confirmation (lib/users/role-grants.ts). */
export const CONFIRMED_ROLES = ['risk_officer', 'security_reviewer', 'admin'] as const satisfies readonly Role[];
export const ROLE_GRANT_STATUSES = ['pending', 'confirmed', 'rejected', 'withdrawn'] as const;
export const ROLE_GRANT_REASONS = ['given', 'password_reset', 'reenabled', 'upgrade'] as const;

/** Who chose an account's password: the person, or an administrator or the server's operator (temporary, to replace). */
export const PASSWORD_SETTERS = ['self', 'admin', 'operator'] as const;
export type PasswordSetter = (typeof PASSWORD_SETTERS)[number];
/** `admin` (in the browser) and `operator` (on the command line) passwords are temporary: the person chooses their own. */
export const isTemporaryPassword = (setBy: PasswordSetter) => setBy !== 'self';
