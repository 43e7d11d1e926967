import 'server-only';
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { promotionPolicies, promotionRequests } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import type { CardRequest } from '@/lib/cards/card-schema';
import { cardFileOf } from '@/lib/cards/export-card';
import { loadCard } from '@/lib/cards/load-card';
import type { CardQuery } from '@/lib/cards/schemas';
import { auditChainHead } from './audit-chain-head';
import { signStatement } from './sign-statement';
import { CARD_PREDICATE_TYPE, inTotoStatement } from './statement';

/** The policy version a request was gated by. */
async function policyOf(requestId: string) {
  return (
    first(await getDb()
      .select({ id: promotionPolicies.id, version: promotionPolicies.version })
      .from(promotionRequests)
      .innerJoin(promotionPolicies, eq(promotionPolicies.id, promotionRequests.policyId))
      .where(eq(promotionRequests.id, requestId)).limit(1)) ?? null
  );
}

async function approvalOf(request: CardRequest | null) {
  if (!request) return null;
  return {
    requestId: request.id, targetStage: request.targetStage, status: request.status, submittedAt: request.submittedAt, requester: request.requester,
    snapshotSha256: request.snapshotSha256, policy: await policyOf(request.id),
    signatures: request.signatures.map((s) => ({ name: s.printedName, role: s.role, decision: s.decision, meaning: s.meaning, signedAt: s.signedAt, snapshotSha256: s.snapshotSha256 })),
  };
}

/**
 * A Sigstore bundle over one card export: its subject is the SHA-256 of exactly the bytes `card?format=...` returns
 * for the same parameters (the export is deterministic for a record state), its predicate what was approved, by
 * whom, under which policy, and the audit-chain head when it was signed.
 */
export async function attestCard(actor: Actor, versionId: string, query: CardQuery) {
  assertCan(actor, 'inventory.read');
  const head = await auditChainHead();
  const view = await loadCard(actor, versionId, { view: query.view, requestId: query.request });
  const file = await cardFileOf(view, query.format);
  const bytes = typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : file.body;
  const approved = view.request ?? view.lastSigned;
  const { content } = view;
  const predicate = {
    card: {
      format: query.format, view: query.view, requestId: query.request ?? null, source: view.source, asOf: view.generatedAt, cardSha256: view.sha256,
      system: { id: content.system.id, name: content.system.name }, model: { id: content.model.id, name: content.model.name },
      version: { id: content.version.id, version: content.version.version, artifactSha256: content.version.artifactSha256 },
    },
    approval: await approvalOf(approved),
    approvalMatchesCard: approved ? approved.snapshotSha256 === view.sha256 : null,
    auditChainHead: head,
  };
  const subject = [{ name: file.fileName, digest: { sha256: createHash('sha256').update(bytes).digest('hex') } }];
  return { bundle: await signStatement(inTotoStatement(subject, CARD_PREDICATE_TYPE, predicate)), fileName: `${file.fileName}.sigstore.json` };
}
