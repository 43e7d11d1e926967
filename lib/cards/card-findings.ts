import 'server-only';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { findings, findingWaivers, SEVERITIES, users } from '@/db/schema';
import { activeFindingsFor } from '@/lib/findings/queries';
import { resolveFindingSubject } from '@/lib/findings/finding-subject';
import { findingRef } from '@/lib/findings/raise-finding';
import { mapInOrder } from '@/lib/map-in-order';
import { upstreamDatasetVersionIds } from '@/lib/promotion/gate-context';
import type { CardFinding } from './card-schema';

type Labels = { versionId: string; versionLabel: string; datasetLabels: Map<string, string> };

/**
 * The findings a signer must see on the card, and so in the promotion snapshot: the active and accepted ones on
 * the version or on any dataset version upstream of it, as deep as the gate looks (the set the gate reads, all
 * severities). A new finding, a status change or a waiver changes the digest and forces a fresh look; a repeat breach
 * only counts another occurrence on the finding, which the card leaves out, so monitoring batches never make an open
 * request unsignable. Undefined when there are none. `datasetLabels` names the training data; deeper datasets are
 * named here.
 */
export async function cardFindings(db: Db | Tx, { versionId, versionLabel, datasetLabels }: Labels): Promise<CardFinding[] | undefined> {
  const [upstream] = await upstreamDatasetVersionIds([versionId]);
  const active = await activeFindingsFor({ modelVersionIds: [versionId], datasetVersionIds: [...new Set([...datasetLabels.keys(), ...upstream!])] });
  if (active.length === 0) return undefined;
  const unnamed = [...new Set(active.filter((f) => f.subjectType === 'dataset_version' && !datasetLabels.has(f.subjectId)).map((f) => f.subjectId))];
  const labels = new Map([...datasetLabels, ...(await mapInOrder(unnamed, async (id) => [id, (await resolveFindingSubject(db, 'dataset_version', id)).label] as const))]);
  const details = new Map(
    (await db
      .select({ id: findings.id, type: findings.type, source: findings.source, createdAt: findings.createdAt, owner: users.name, waiver: findingWaivers })
      .from(findings)
      .innerJoin(users, eq(users.id, findings.ownerId))
      .leftJoin(findingWaivers, and(eq(findingWaivers.findingId, findings.id), isNull(findingWaivers.endedAt), eq(findings.status, 'accepted')))
      .where(inArray(findings.id, active.map((f) => f.id))))
      .map((row) => [row.id, row]),
  );
  const rank = (f: CardFinding) => SEVERITIES.indexOf(f.severity);
  return active
    .map((f): CardFinding => {
      const d = details.get(f.id)!;
      const w = d.waiver;
      return {
        id: f.id, ref: findingRef(f.number), type: d.type, severity: f.severity, status: f.status, title: f.title,
        subject: { type: f.subjectType, id: f.subjectId, label: f.subjectType === 'model_version' ? versionLabel : (labels.get(f.subjectId) ?? f.subjectId) },
        source: d.source, owner: d.owner, dueDate: f.dueDate, raisedAt: d.createdAt,
        waiver: w ? { justification: w.justification, compensatingControls: w.compensatingControls, expiresAt: w.expiresAt, signedBy: w.printedName, role: w.role, signedAt: w.signedAt } : null,
      };
    })
    .sort((a, b) => rank(a) - rank(b) || Number(a.ref.slice(2)) - Number(b.ref.slice(2)));
}
