import type Database from 'better-sqlite3';

/** The triggers that keep the audit trail and signed records append-only: start-up refuses to run without them. */
export const APPEND_ONLY_TRIGGERS = [
  'audit_events_no_update',
  'audit_events_no_delete',
  'signatures_no_update',
  'signatures_no_delete',
  'promotion_snapshots_no_update',
  'promotion_snapshots_no_delete',
  'reviews_no_update',
  'reviews_no_delete',
  'incident_actions_no_update',
  'incident_actions_no_delete',
  'finding_waivers_terms_fixed',
  'finding_waivers_no_delete',
  'waiver_proposals_terms_fixed',
  'waiver_proposals_no_delete',
  'trust_configs_no_update',
  'trust_configs_no_delete',
  'model_signatures_no_update',
  'model_signatures_no_delete',
  'signing_keys_only_retire',
  'signing_keys_no_delete',
  'user_emails_no_update',
  'user_emails_no_delete',
] as const;

export function missingAppendOnlyTriggers(sqlite: Database.Database): string[] {
  const present = new Set(
    sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
      .pluck()
      .all() as string[],
  );
  return APPEND_ONLY_TRIGGERS.filter((name) => !present.has(name));
}
