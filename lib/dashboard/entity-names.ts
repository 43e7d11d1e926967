import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { rawRows } from '@/db/raw';

/** What an audit event's entity (or actor) is called, where it lives in the app, and one fact a sentence needs. */
export type EntityName = { label: string; href: string | null; detail: string | null };
export type EntityRef = { type: string; id: string };

// One statement for every kind of entity, on SQLite and PostgreSQL alike: the wanted (type, id) pairs arrive as a VALUES
// list, so a page of events costs one query however many kinds it mentions. A proposed change to a policy is named by
// its tier and stage ("high/production"), as no policy row exists for it yet.
const NAMES_SQL = `
SELECT 'ai_system' AS "type", s.id AS "id", s.name AS "label", '/systems/' || s.id AS "href", NULL AS "detail" FROM ai_systems s JOIN wanted w ON w.type = 'ai_system' AND w.id = s.id
UNION ALL SELECT 'model', m.id, m.name, '/models/' || m.id, NULL FROM models m JOIN wanted w ON w.type = 'model' AND w.id = m.id
UNION ALL SELECT 'model_version', v.id, m.name || ' ' || v.version, '/models/' || m.id || '/versions/' || v.id, NULL
  FROM model_versions v JOIN models m ON m.id = v.model_id JOIN wanted w ON w.type = 'model_version' AND w.id = v.id
UNION ALL SELECT 'promotion_request', r.id, m.name || ' ' || v.version, '/approvals/' || r.id, r.target_stage
  FROM promotion_requests r JOIN model_versions v ON v.id = r.model_version_id JOIN models m ON m.id = v.model_id
  JOIN wanted w ON w.type = 'promotion_request' AND w.id = r.id
UNION ALL SELECT 'evaluation', e.id, replace(e.kind, '_', ' ') || ' evidence for ' || m.name || ' ' || v.version, '/models/' || m.id || '/versions/' || v.id, NULL
  FROM evaluations e JOIN model_versions v ON v.id = e.model_version_id JOIN models m ON m.id = v.model_id
  JOIN wanted w ON w.type = 'evaluation' AND w.id = e.id
UNION ALL SELECT 'dataset', d.id, d.namespace || '/' || d.name, '/datasets/' || d.id, NULL FROM datasets d JOIN wanted w ON w.type = 'dataset' AND w.id = d.id
UNION ALL SELECT 'dataset_version', dv.id, d.name || ' ' || dv.version, '/datasets/' || d.id, NULL
  FROM dataset_versions dv JOIN datasets d ON d.id = dv.dataset_id JOIN wanted w ON w.type = 'dataset_version' AND w.id = dv.id
UNION ALL SELECT 'run', r.id, r.job_name, '/lineage/runs/' || r.id, NULL FROM training_runs r JOIN wanted w ON w.type = 'run' AND w.id = r.id
UNION ALL SELECT 'deployment', d.id, d.endpoint, '/models/' || v.model_id || '/versions/' || v.id, d.environment
  FROM deployments d JOIN wanted w ON w.type = 'deployment' AND w.id = d.id LEFT JOIN model_versions v ON v.id = d.model_version_id
UNION ALL SELECT 'user', u.id, u.name, NULL, NULL FROM users u JOIN wanted w ON w.type = 'user' AND w.id = u.id
UNION ALL SELECT 'api_token', t.id, t.name, NULL, u.name FROM api_tokens t JOIN users u ON u.id = t.user_id JOIN wanted w ON w.type = 'api_token' AND w.id = t.id
UNION ALL SELECT 'promotion_policy', p.id, p.risk_tier || ' → ' || p.target_stage || ' (version ' || p.version || ')', '/admin/policies', NULL
  FROM promotion_policies p JOIN wanted w ON w.type = 'promotion_policy' AND w.id = p.id
UNION ALL SELECT 'promotion_policy', w.id, replace(w.id, '/', ' → '), '/admin/policies', NULL FROM wanted w WHERE w.type = 'promotion_policy' AND w.id LIKE '%/%'
UNION ALL SELECT 'evidence_pack', p.id, replace(p.scope_type, '_', ' ') || ' evidence pack', '/audit/packs#pack-' || p.id, NULL
  FROM evidence_packs p JOIN wanted w ON w.type = 'evidence_pack' AND w.id = p.id
UNION ALL SELECT 'finding', f.id, 'F-' || f.number || ' ' || f.title, '/findings/' || f.id, f.severity FROM findings f JOIN wanted w ON w.type = 'finding' AND w.id = f.id
UNION ALL SELECT 'incident', i.id, 'INC-' || i.number || ' ' || i.title, '/incidents/' || i.id, NULL FROM incidents i JOIN wanted w ON w.type = 'incident' AND w.id = i.id
UNION ALL SELECT 'review', r.id, s.name, '/systems/' || s.id || '/reviews', substr(r.signed_at, 1, 10)
  FROM reviews r JOIN ai_systems s ON s.id = r.system_id JOIN wanted w ON w.type = 'review' AND w.id = r.id
UNION ALL SELECT 'webhook_endpoint', e.id, e.url, '/admin/webhooks/' || e.id, NULL FROM webhook_endpoints e JOIN wanted w ON w.type = 'webhook_endpoint' AND w.id = e.id
UNION ALL SELECT 'webhook_delivery', d.id, e.url, '/admin/webhooks/' || e.id, d.event_type
  FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id JOIN wanted w ON w.type = 'webhook_delivery' AND w.id = d.id
UNION ALL SELECT 'monitoring_batch', b.id, m.name || ' ' || v.version, '/models/' || m.id || '/versions/' || v.id || '/monitoring', substr(b.window_end, 1, 10)
  FROM monitoring_batches b JOIN model_versions v ON v.id = b.model_version_id JOIN models m ON m.id = v.model_id
  JOIN wanted w ON w.type = 'monitoring_batch' AND w.id = b.id`;

type NameRow = { type: string; id: string; label: string; href: string | null; detail: string | null };

const wanted = (refs: EntityRef[]): SQL => sql`WITH wanted(type, id) AS (VALUES ${sql.join(refs.map((ref) => sql`(${ref.type}, ${ref.id})`), sql`, `)}) `;

export const entityKey = (ref: EntityRef) => `${ref.type}:${ref.id}`;

/** Who acted, as an entity to name: a person or an API token; the system has no row. */
export const actorRef = (e: { actorType: string; actorId: string | null }): EntityRef | null =>
  e.actorId && e.actorType !== 'system' ? { type: e.actorType === 'token' ? 'api_token' : 'user', id: e.actorId } : null;

/** "Rita Chen", or "Dana Whitfield’s API token “ci”"; the label stored with the event when the row is gone. */
export function actorName(e: { actorType: string; actorLabel: string }, name: EntityName | undefined) {
  if (!name) return e.actorLabel;
  return e.actorType === 'token' ? `${name.detail ?? 'Someone'}’s API token “${name.label}”` : name.label;
}

/** Refs named per query: two bound values each, well under SQLite's 32,766 and PostgreSQL's 65,535 per statement. */
const REFS_PER_QUERY = 2_000;

/**
 * Names every entity in `refs`, a query per 2,000 (a page of the trail is one; an evidence pack over a busy year many);
 * unknown kinds and vanished rows are simply absent.
 */
export async function resolveEntityNames(refs: EntityRef[]): Promise<Map<string, EntityName>> {
  const unique = [...new Map(refs.map((ref) => [entityKey(ref), ref])).values()];
  const names = new Map<string, EntityName>();
  for (let start = 0; start < unique.length; start += REFS_PER_QUERY) {
    const rows = await rawRows<NameRow>(sql`${wanted(unique.slice(start, start + REFS_PER_QUERY))}${sql.raw(NAMES_SQL)}`);
    for (const { type, id, label, href, detail } of rows) names.set(`${type}:${id}`, { label, href, detail });
  }
  return names;
}
