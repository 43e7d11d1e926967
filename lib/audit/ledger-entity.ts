import type { EntityName } from '@/lib/dashboard/entity-names';
import { humanize } from '@/lib/words';

/** An audit event's entity as the ledger shows it: its name, its kind, its page, and the raw id auditors quote. */
export type LedgerEntity = { label: string; kind: string; href: string | null; raw: string; found: boolean };

const KINDS: Record<string, string> = {
  ai_system: 'AI system',
  model_version: 'Model version',
  dataset_version: 'Dataset version',
  promotion_request: 'Promotion request',
  promotion_policy: 'Promotion policy',
  evaluation: 'Evidence',
  run: 'Training run',
  api_token: 'API token',
  monitoring_batch: 'Monitoring report',
};

export const entityKind = (type: string) => KINDS[type] ?? humanize(type);

/** The kinds of record audit events are filed under, for the ledger's filter. */
export const AUDITED_ENTITY_TYPES = [
  'ai_system', 'model', 'model_version', 'promotion_request', 'promotion_policy', 'evaluation', 'dataset', 'dataset_version',
  'run', 'deployment', 'artifact', 'user', 'api_token', 'evidence_pack', 'audit_event', 'storage',
  'finding', 'incident', 'review', 'monitoring_batch', 'webhook_endpoint', 'webhook_delivery',
] as const;

/** A uuid or digest shortened to what tells rows apart; short ids (an audit sequence number) stay whole. */
const shortId = (id: string) => (id.length > 12 ? `${id.slice(0, 8)}…` : id);

/** "Promotion of credit-scorecard 3.2.0 to production", "ci (Dana Whitfield)", "Production at https://…". */
function labelOf(type: string, name: EntityName): string {
  switch (type) {
    case 'promotion_request':
      return `Promotion of ${name.label}${name.detail ? ` to ${name.detail}` : ''}`;
    case 'api_token':
      return name.detail ? `${name.label} (${name.detail})` : name.label;
    case 'deployment':
      return name.detail ? `${humanize(name.detail)} at ${name.label}` : name.label;
    case 'evidence_pack':
      return humanize(name.label);
    case 'review':
      return `Review of ${name.label}${name.detail ? ` signed ${name.detail}` : ''}`;
    case 'monitoring_batch':
      return `Monitoring of ${name.label}${name.detail ? `, window ending ${name.detail}` : ''}`;
    case 'webhook_delivery':
      return name.detail ? `${name.detail} to ${name.label}` : name.label;
    default:
      return name.label;
  }
}

export type Viewer = { mayManageUsers: boolean; mayManageWebhooks?: boolean };

/** Where the entity links for this viewer: admin pages only for those who may open them; a review event to its system's reviews. */
export function entityHref(event: { entityType: string; action?: string }, name: EntityName, viewer: Viewer): string | null {
  if (event.entityType === 'user') return viewer.mayManageUsers ? '/admin/users' : null;
  if (event.entityType.startsWith('webhook_')) return viewer.mayManageWebhooks ? name.href : null;
  if (event.entityType === 'ai_system' && event.action?.startsWith('review.')) return `${name.href}/reviews`;
  return name.href;
}

/**
 * Names an event's entity from the batch of names looked up for its page. People link to the users page only for
 * those who may manage users; an entity that is gone (or has no row) shows its kind and a short id.
 */
export function ledgerEntity(event: { entityType: string; entityId: string | null; action?: string }, name: EntityName | undefined, viewer: Viewer): LedgerEntity {
  const kind = entityKind(event.entityType);
  const raw = event.entityId ? `${event.entityType} ${event.entityId}` : event.entityType;
  if (!name) return { label: event.entityId ? `${kind} ${shortId(event.entityId)}` : kind, kind, href: null, raw, found: false };
  return { label: labelOf(event.entityType, name), kind, href: entityHref(event, name, viewer), raw, found: true };
}
