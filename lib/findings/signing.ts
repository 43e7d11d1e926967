import type { Severity } from '@/db/schema';
import type { ReauthPurpose } from '@/lib/auth/reauthenticate';

/** High and critical findings are closed by signature; medium and low by a risk officer's word. */
export const needsSignature = (severity: Severity) => severity === 'critical' || severity === 'high';

/** Closing, accepting and downgrading share one throttle per person; a wrong password is filed under the finding it was for. */
export const FINDING_SIGNING = {
  close: (findingId: string): ReauthPurpose => ({ activity: 'Signing findings', outcome: 'closed', failure: { action: 'finding.close_failed', entityType: 'finding', entityId: findingId, after: { reason: 'wrong password' } } }),
  waive: (findingId: string): ReauthPurpose => ({ activity: 'Signing findings', outcome: 'accepted', failure: { action: 'finding.waive_failed', entityType: 'finding', entityId: findingId, after: { reason: 'wrong password' } } }),
  downgrade: (findingId: string): ReauthPurpose => ({ activity: 'Signing findings', outcome: 'changed', failure: { action: 'finding.downgrade_failed', entityType: 'finding', entityId: findingId, after: { reason: 'wrong password' } } }),
};
