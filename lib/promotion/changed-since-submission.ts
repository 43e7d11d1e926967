import 'server-only';
import type { Db } from '@/db';
import { readSnapshot } from '@/lib/cards/read-snapshot';
import { changedSections } from './request-staleness';
import { buildSnapshot } from './snapshot';

type Submitted = { id: string; modelVersionId: string; snapshotSha256: string };

/**
 * Of these open requests, those that can no longer be signed as submitted, each with what changed in the signers'
 * words ("the lineage", "the evidence"): the same test the signing applies, whatever changed (evidence, a finding, a
 * card edit, lineage, a failed check of the stored bytes). One card rebuild per version: for the short queues of a
 * dashboard and an inbox, not for long lists.
 */
export async function changedSinceSubmission(db: Db, requests: readonly Submitted[]): Promise<Map<string, string[]>> {
  const live = new Map<string, Awaited<ReturnType<typeof buildSnapshot>>>();
  const changed = new Map<string, string[]>();
  for (const request of requests) {
    let now = live.get(request.modelVersionId);
    if (!now) live.set(request.modelVersionId, (now = await buildSnapshot(db, request.modelVersionId)));
    if (now.sha256 === request.snapshotSha256) continue;
    const sections = changedSections((await readSnapshot(db, request.snapshotSha256)).content, now.content);
    if (sections.length > 0) changed.set(request.id, sections);
  }
  return changed;
}
