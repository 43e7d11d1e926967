import type { ApiTokenScope, Role } from '@/db/schema';
import { Forbidden } from '@/lib/errors';
import type { Actor } from './actor';

type Reach = 'any' | 'own';

/** The one permission matrix: for each permission, which roles hold it and over what reach. */
const MATRIX = {
  'inventory.read': { data_scientist: 'any', risk_officer: 'any', security_reviewer: 'any', auditor: 'any', admin: 'any' },
  'system.create': { data_scientist: 'any', risk_officer: 'any' },
  'system.update': { data_scientist: 'own', risk_officer: 'any' },
  'system.classify': { risk_officer: 'any' },
  'system.retire': { data_scientist: 'own', risk_officer: 'any' },
  'model.register': { data_scientist: 'own' },
  'model.update': { data_scientist: 'own' },
  'dataset.register': { data_scientist: 'any' },
  'dataset.update': { data_scientist: 'own' },
  // Anyone's datasets and versions may be read as inputs; outputs and integrity flags need the version's owner.
  'lineage.record': { data_scientist: 'own' },
  'deployment.report': { data_scientist: 'own' },
  // A first report at an endpoint must not keep its real owner out: a risk officer names who reports there.
  'deployment.hand_over': { risk_officer: 'any' },
  'artifact.upload': { data_scientist: 'any' },
  'integrity.verify': { data_scientist: 'any', risk_officer: 'any', security_reviewer: 'any' },
  'evidence.record': { data_scientist: 'own', security_reviewer: 'any' },
  'evidence.retract': { data_scientist: 'own', security_reviewer: 'own' },
  'promotion.request': { data_scientist: 'own' },
  'promotion.sign': { risk_officer: 'any', security_reviewer: 'any' },
  'policy.manage': { admin: 'any' },
  // Four eyes: an administrator's change to a policy is in force once the second line approves it.
  'policy.approve': { risk_officer: 'any' },
  'audit.read': { risk_officer: 'any', security_reviewer: 'any', auditor: 'any', admin: 'any' },
  'audit.acknowledge_break': { admin: 'any' },
  'token.manage': { data_scientist: 'own', admin: 'own' },
  // A leaked pipeline token is revoked by an administrator at once, without disabling its owner.
  'token.oversee': { admin: 'any' },
  'user.manage': { admin: 'any' },
  'pack.generate': { risk_officer: 'any', auditor: 'any', admin: 'any' },
  // Pipelines report on the production models of systems their owner owns.
  'monitoring.report': { data_scientist: 'own' },
  // Anyone but an auditor raises any finding; an auditor raises audit findings only (the verb checks the type).
  'finding.raise': { data_scientist: 'any', risk_officer: 'any', security_reviewer: 'any', auditor: 'any', admin: 'any' },
  // The owner works the finding (plan, status up to ready for validation); risk and security may too.
  'finding.update': { data_scientist: 'own', risk_officer: 'any', security_reviewer: 'any' },
  // Closing, invalidating and accepting the risk: a risk officer who is not the finding's owner.
  'finding.close': { risk_officer: 'any' },
  'finding.waive': { risk_officer: 'any' },
  'review.sign': { risk_officer: 'any' },
  'incident.record': { data_scientist: 'any', risk_officer: 'any', security_reviewer: 'any', admin: 'any' },
  'incident.update': { data_scientist: 'own', risk_officer: 'any', security_reviewer: 'any', admin: 'any' },
  'webhook.manage': { admin: 'any' },
  // Pipeline integrations (the MLflow secret), the trust configuration for model signatures and Provenant's own key.
  'integration.manage': { admin: 'any' },
  'trust.manage': { admin: 'any' },
  'signing_key.rotate': { admin: 'any' },
  'model_signature.attach': { data_scientist: 'own' },
} as const satisfies Record<string, Partial<Record<Role, Reach>>>;

export type Permission = keyof typeof MATRIX;

/** The roles that hold a permission, at any reach: who may be chosen for work that needs it. */
export const rolesWith = (permission: Permission) => Object.keys(MATRIX[permission]) as Role[];

/** API tokens act for their owner, limited to what their scopes allow. */
const SCOPES_FOR: Record<Permission, ApiTokenScope[]> = {
  'inventory.read': ['read'],
  'system.create': ['register'],
  'system.update': ['register'],
  'system.classify': [],
  'system.retire': [],
  'model.register': ['register'],
  'model.update': ['register'],
  'dataset.register': ['register', 'lineage:write'],
  'dataset.update': ['register', 'lineage:write'],
  'lineage.record': ['register', 'lineage:write'],
  'deployment.report': ['deploy:report'],
  'deployment.hand_over': [],
  'artifact.upload': ['register'],
  'integrity.verify': [],
  'evidence.record': ['register'],
  'evidence.retract': ['register'],
  // A pipeline may ask for promotion (never sign): the gate and the signers still decide.
  'promotion.request': ['promote'],
  'promotion.sign': [],
  'policy.manage': [],
  'policy.approve': [],
  'audit.read': ['read'],
  'audit.acknowledge_break': [],
  'token.manage': [],
  'token.oversee': [],
  'user.manage': [],
  // An evidence pack changes nothing of the governed record, so an auditor's read token may build one.
  'pack.generate': ['read'],
  'monitoring.report': ['monitoring:write'],
  'finding.raise': ['findings:write'],
  'finding.update': ['findings:write'],
  'finding.close': [],
  'finding.waive': [],
  'review.sign': [],
  'incident.record': ['findings:write'],
  'incident.update': ['findings:write'],
  'webhook.manage': [],
  'integration.manage': [],
  'trust.manage': [],
  'signing_key.rotate': [],
  'model_signature.attach': ['register'],
};

function reachOf(actor: Actor, permission: Permission): Reach | null {
  const grants: Partial<Record<Role, Reach>> = MATRIX[permission];
  let best: Reach | null = null;
  for (const role of actor.roles) {
    const reach = grants[role];
    if (reach === 'any') return 'any';
    if (reach === 'own') best = 'own';
  }
  return best;
}

function tokenAllows(actor: Actor, permission: Permission): boolean {
  if (actor.type !== 'token') return true;
  return SCOPES_FOR[permission].some((scope) => (actor.scopes ?? []).includes(scope));
}

/** Whether the actor may act; `ownerIds` lists who owns the resource when ownership matters. */
export function can(actor: Actor, permission: Permission, resource?: { ownerIds: (string | null | undefined)[] }): boolean {
  if (!tokenAllows(actor, permission)) return false;
  const reach = reachOf(actor, permission);
  if (reach === 'any') return true;
  if (reach === 'own') return resource === undefined || resource.ownerIds.includes(actor.userId);
  return false;
}

/** Said where a verb refuses a session opened with an administrator's temporary password (it holds no role). */
export const TEMPORARY_PASSWORD_REFUSAL = 'Choose your own password first: the one you signed in with was set by an administrator.';

export function assertCan(actor: Actor, permission: Permission, resource?: { ownerIds: (string | null | undefined)[] }) {
  if (!can(actor, permission, resource)) {
    if (actor.mustChoosePassword && actor.type === 'user') throw new Forbidden(TEMPORARY_PASSWORD_REFUSAL);
    throw new Forbidden(
      actor.type === 'token' && !tokenAllows(actor, permission)
        ? `This API token lacks the scope for ${permission}.`
        : `Your roles do not allow ${permission}${resource ? ' on this record' : ''}.`,
    );
  }
}
