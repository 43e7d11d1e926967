import 'server-only';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/db';
import { aiSystems, deployments, models, modelVersions, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { nocase } from '@/lib/db-helpers';
import { listSystemIds, type SystemsView } from '@/lib/inventory/queries';
import { triggeredDueBy, reviewStatusOf } from '@/lib/reviews/queries';
import { humanize } from '@/lib/words';
import { streamCsv, type CsvColumn } from './csv';
import { csvAttachment } from './csv-response';
import { EXPORT_BATCH } from './paging';

/** The systems with these ids, with their technical owner, in the order of `ids`. */
async function systemsIn(ids: string[]) {
  const rows = await getDb()
    .select({ system: aiSystems, ownerName: users.name, ownerEmail: users.email, triggeredDueBy })
    .from(aiSystems)
    .innerJoin(users, eq(users.id, aiSystems.ownerId))
    .where(inArray(aiSystems.id, ids));
  const byId = new Map(rows.map((row) => [row.system.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

type SystemRow = Awaited<ReturnType<typeof systemsIn>>[number];
type VersionRow = { id: string; version: string; stage: string; artifactSha256: string; stageChangedAt: string | null };
type Running = { endpoint: string; reportedSha256: string };
/** `running`: what the production services that name the production version report they run. */
type InventoryRow = SystemRow & { model: { id: string; name: string; versions: VersionRow[] } | null; running: Running[] };

/** One row per model (a system without models keeps one row), so each production digest has a cell of its own. */
async function withModels(systems: SystemRow[]): Promise<InventoryRow[]> {
  const rows = await getDb()
    .select({ systemId: models.systemId, modelId: models.id, modelName: models.name, version: modelVersions })
    .from(models)
    .leftJoin(modelVersions, eq(modelVersions.modelId, models.id))
    .where(inArray(models.systemId, systems.map((s) => s.system.id)))
    .orderBy(asc(nocase(models.name)), asc(models.id), asc(modelVersions.createdAt));
  const bySystem = new Map<string, Map<string, NonNullable<InventoryRow['model']>>>();
  for (const row of rows) {
    const systemModels = bySystem.get(row.systemId) ?? new Map();
    bySystem.set(row.systemId, systemModels);
    const model = systemModels.get(row.modelId) ?? { id: row.modelId, name: row.modelName, versions: [] };
    systemModels.set(row.modelId, model);
    if (row.version) model.versions.push(row.version);
  }
  const inProduction = rows.flatMap((r) => (r.version?.stage === 'production' ? [r.version.id] : []));
  const reports = inProduction.length
    ? await getDb().select({ versionId: deployments.modelVersionId, endpoint: deployments.endpoint, reportedSha256: deployments.reportedSha256 }).from(deployments)
      .where(and(inArray(deployments.modelVersionId, inProduction), eq(deployments.environment, 'production'))).orderBy(asc(deployments.endpoint))
    : [];
  const runningOf = (model: NonNullable<InventoryRow['model']>) => reports.filter((r) => r.versionId === inStage({ model }, 'production')?.id);
  return systems.flatMap((s): InventoryRow[] => {
    const systemModels = [...(bySystem.get(s.system.id)?.values() ?? [])];
    return systemModels.length ? systemModels.map((model) => ({ ...s, model, running: runningOf(model) })) : [{ ...s, model: null, running: [] }];
  });
}

const inStage = (row: Pick<InventoryRow, 'model'>, stage: string) => row.model?.versions.find((v) => v.stage === stage);
const yesNo = (flag: boolean) => (flag ? 'yes' : 'no');
const retired = (r: InventoryRow) => r.system.lifecycleStatus === 'retired';
/** As the reviews page says it: overdue, due now (a trigger or today), upcoming or not scheduled. */
const reviewStatusWords = (r: InventoryRow) => humanize(reviewStatusOf(r.system.nextReviewDate, r.triggeredDueBy, new Date())).toLowerCase();

/** Whether each production service that names the production version runs its bytes: "matches at …" or "DIFFERS at …". */
function runningText(r: InventoryRow) {
  const approved = inStage(r, 'production')?.artifactSha256;
  if (!approved) return '';
  if (r.running.length === 0) return 'no service has reported';
  return r.running.map((d) => (d.reportedSha256 === approved ? `matches at ${d.endpoint}` : `DIFFERS at ${d.endpoint}: runs ${d.reportedSha256}`)).join('; ');
}

export const INVENTORY_COLUMNS: CsvColumn<InventoryRow>[] = [
  { header: 'System ID', value: (r) => r.system.id },
  { header: 'System', value: (r) => r.system.name },
  { header: 'Purpose', value: (r) => r.system.purpose },
  { header: 'Risk tier', value: (r) => r.system.riskTier },
  { header: 'General-purpose model', value: (r) => yesNo(r.system.generalPurposeModel) },
  { header: 'Lifecycle status', value: (r) => r.system.lifecycleStatus },
  { header: 'Business owner', value: (r) => r.system.businessOwner },
  { header: 'Technical owner', value: (r) => r.ownerName },
  { header: 'Technical owner email', value: (r) => r.ownerEmail },
  { header: 'Personal data', value: (r) => yesNo(r.system.personalData) },
  { header: 'Third-party vendor', value: (r) => (r.system.thirdParty ? r.system.vendorName : '') },
  { header: 'Next review date', value: (r) => (retired(r) ? '' : r.system.nextReviewDate) },
  { header: 'Review status', value: (r) => (retired(r) ? 'none: retired' : reviewStatusWords(r)) },
  { header: 'Model ID', value: (r) => r.model?.id },
  { header: 'Model', value: (r) => r.model?.name },
  { header: 'Version count', value: (r) => r.model?.versions.length ?? 0 },
  { header: 'Versions', value: (r) => r.model?.versions.map((v) => `${v.version} (${v.stage})`).join('; ') },
  { header: 'Production version', value: (r) => inStage(r, 'production')?.version },
  { header: 'Production artifact SHA-256', value: (r) => inStage(r, 'production')?.artifactSha256 },
  { header: 'Production services report', value: runningText },
  { header: 'In production since (UTC)', value: (r) => inStage(r, 'production')?.stageChangedAt },
  { header: 'Staging version', value: (r) => inStage(r, 'staging')?.version },
  { header: 'System updated (UTC)', value: (r) => r.system.updatedAt },
];

/**
 * The inventory as the list shows it: the same filters and order, every page of it. The matching ids are taken
 * at once (so the file is one moment's list), then the systems and their models are read a batch at a time.
 */
export async function exportInventory(actor: Actor, view: SystemsView): Promise<Response> {
  assertCan(actor, 'inventory.read');
  const ids = await listSystemIds(actor, view);
  async function* rows() {
    for (let start = 0; start < ids.length; start += EXPORT_BATCH) yield await withModels(await systemsIn(ids.slice(start, start + EXPORT_BATCH)));
  }
  return csvAttachment('inventory', streamCsv(INVENTORY_COLUMNS, rows()));
}
