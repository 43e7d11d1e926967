import 'server-only';
import type { Db, Tx } from '@/db';
import type { MonitoringRule, RiskTier } from '@/db/schema';
import { currentPolicy } from '@/lib/promotion/policy-queries';

/** The monitoring rules of a tier: its current production policy's (prohibited systems have no policy, so none). */
export async function tierMonitoringRules(db: Db | Tx, riskTier: RiskTier): Promise<MonitoringRule[]> {
  if (riskTier === 'prohibited') return [];
  return (await currentPolicy(db, riskTier, 'production'))?.rules.monitoringRules ?? [];
}
