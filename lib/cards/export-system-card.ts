import 'server-only';
import type { Actor } from '@/lib/auth/actor';
import { renderSystemCardPdf } from '@/lib/pdf/card/render-card-pdf';
import type { CardFile } from './export-card';
import { awaitedSince, needsTierConfirmation } from '@/lib/inventory/tier-confirmation';
import { loadSystemCard } from './load-system-card';
import { renderSystemCardMarkdown } from './render-system-markdown';
import { SYSTEM_CARD_EXPORT_SCHEMA, systemCardFileName, type SystemCardExport, type SystemCardFormat } from './system-card-export';

type SystemCard = Awaited<ReturnType<typeof loadSystemCard>>;

type SystemRecord = SystemCard['system'];

/** Whether the tier was confirmed by a second person, awaits it, was never confirmed (a retired system's), or needs none. */
function tierConfirmationOf(system: SystemRecord): SystemCardExport['system']['tierConfirmation'] {
  if (!needsTierConfirmation(system.riskTier)) return { state: 'not_needed', by: null, at: null, awaitedSince: null };
  if (system.tierConfirmedAt) return { state: 'confirmed', by: { name: system.tierConfirmedBy?.name ?? null, email: system.tierConfirmedBy?.email ?? null }, at: system.tierConfirmedAt, awaitedSince: null };
  if (system.lifecycleStatus === 'retired') return { state: 'never_confirmed', by: null, at: null, awaitedSince: null };
  return { state: 'awaited', by: null, at: null, awaitedSince: awaitedSince(system) };
}

export function toSystemCardExport({ system, versions, oversight, generatedAt }: SystemCard): SystemCardExport {
  return {
    schema: SYSTEM_CARD_EXPORT_SCHEMA,
    generatedAt,
    system: {
      id: system.id, name: system.name, purpose: system.purpose, riskTier: system.riskTier, tierConfirmation: tierConfirmationOf(system), generalPurposeModel: system.generalPurposeModel,
      lifecycleStatus: system.lifecycleStatus, technicalOwner: { name: system.ownerName, email: system.ownerEmail }, businessOwner: system.businessOwner,
      intendedUse: system.intendedUse, outOfScopeUses: system.outOfScopeUses, deploymentContext: system.deploymentContext, humanOversight: system.humanOversight,
      limitations: system.limitations, ethicalConsiderations: system.ethicalConsiderations, recommendations: system.recommendations,
      personalData: system.personalData, vendor: system.thirdParty ? (system.vendorName ?? '') : null, nextReviewDate: system.nextReviewDate,
    },
    versions: versions.map((v) => ({
      modelId: v.modelId, model: v.modelName, versionId: v.versionId, version: v.version, stage: v.stage, artifactSha256: v.artifactSha256,
      cardSha256: v.cardSha256, lastSigned: v.lastSigned, differsFromLastSigned: v.differsFromLastSigned,
    })),
    oversight,
  };
}

async function render(card: SystemCardExport, format: SystemCardFormat): Promise<Omit<CardFile, 'fileName'>> {
  switch (format) {
    case 'json':
      return { body: `${JSON.stringify(card, null, 2)}\n`, contentType: 'application/json; charset=utf-8' };
    case 'md':
      return { body: renderSystemCardMarkdown(card), contentType: 'text/markdown; charset=utf-8' };
    case 'pdf':
      return { body: await renderSystemCardPdf(card), contentType: 'application/pdf' };
  }
}

/** The system-level AI Card in one of its formats; anyone who may read the inventory may export it. */
export async function exportSystemCard(actor: Actor, systemId: string, format: SystemCardFormat): Promise<CardFile> {
  const card = toSystemCardExport(await loadSystemCard(actor, systemId));
  return { ...(await render(card, format)), fileName: systemCardFileName(card, format) };
}
