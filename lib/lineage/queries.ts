import 'server-only';
import { and, count, desc, eq, getTableColumns, isNull, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { first, getDb } from '@/db';
import { aiSystems, datasets, datasetVersions, deployments, models, modelVersions, trainingRuns, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { NotFound } from '@/lib/errors';
import { APPROVED_STAGES } from '@/lib/integrity/kind-labels';
import { containsEveryWord, offsetOf } from '@/lib/db-helpers';
import { lineageClosure } from './closure';
import { describeNodes } from './describe-nodes';
import { parseNodeKey } from './node-key';
import type { ListDeploymentsQuery, ListRunsQuery } from './schemas';

/** The upstream and downstream graph around a node, with labels and integrity state. */
export async function lineageGraph(actor: Actor, query: { node: string; depth: number }) {
  assertCan(actor, 'inventory.read');
  const root = parseNodeKey(query.node);
  const described = await describeNodes([query.node]);
  if (!described.has(query.node)) throw new NotFound(root.kind.replace('_', ' '));
  const closure = await lineageClosure(query.node, query.depth);
  const details = await describeNodes(closure.nodes.map((n) => n.key));
  const nodes = closure.nodes.flatMap((n) => {
    const d = details.get(n.key);
    return d ? [{ ...d, depth: n.depth, direction: n.direction }] : [];
  });
  return { root: query.node, depth: query.depth, nodes, edges: closure.edges, truncated: closure.truncated };
}

export type LineageGraph = Awaited<ReturnType<typeof lineageGraph>>;

/** A run as lists show it: without its parameters and facets (up to a megabyte each), which GET /runs/{id} answers. */
const { parameters: _parameters, facets: _facets, ...RUN_SUMMARY } = getTableColumns(trainingRuns);

/** Training runs, newest first: `q` matches every word in the job's namespace or name or the run's id. */
export async function listRuns(actor: Actor, query: ListRunsQuery) {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  const where = and(...containsEveryWord([trainingRuns.jobNamespace, trainingRuns.jobName, trainingRuns.externalRunId], query.q), query.state ? eq(trainingRuns.state, query.state) : undefined);
  const items = await db.select(RUN_SUMMARY).from(trainingRuns).where(where).orderBy(desc(trainingRuns.createdAt), desc(trainingRuns.id)).limit(query.pageSize).offset(offsetOf(query));
  return { items, total: first(await db.select({ n: count() }).from(trainingRuns).where(where).limit(1))?.n ?? 0, page: query.page, pageSize: query.pageSize };
}

export async function getRun(actor: Actor, id: string) {
  assertCan(actor, 'inventory.read');
  const run = first(await getDb().select().from(trainingRuns).where(eq(trainingRuns.id, id)).limit(1));
  if (!run) throw new NotFound('Training run');
  return run;
}

/** The run that started this one (OpenLineage `parent` facet), when it is recorded, for a link. */
export async function parentOfRun(actor: Actor, run: { parentExternalRunId: string | null }) {
  assertCan(actor, 'inventory.read');
  if (!run.parentExternalRunId) return null;
  return first(await getDb().select({ id: trainingRuns.id, jobName: trainingRuns.jobName }).from(trainingRuns).where(eq(trainingRuns.externalRunId, run.parentExternalRunId)).limit(1)) ?? null;
}

/** A deployment's integrity flags still open: a digest that is not the version's, or bytes no version has. */
const openFlagsOf = sql`(SELECT count(*) FROM integrity_checks ic WHERE ic.subject_type = 'deployment' AND ic.subject_id = ${deployments.id} AND NOT ic.ok AND ic.resolved_at IS NULL)`;

/** A deployment whose version is not in a stage approved for the deployment's environment (an untracked one has its own flag). */
const runsUnapprovedVersion = sql`EXISTS (SELECT 1 FROM ${modelVersions} WHERE ${modelVersions.id} = ${deployments.modelVersionId} AND (${or(
  ...Object.entries(APPROVED_STAGES).map(([environment, stages]) => and(eq(deployments.environment, environment as 'production'), notInArray(modelVersions.stage, [...stages]))),
)}))`;

function deploymentsWhere(query: Omit<ListDeploymentsQuery, 'page' | 'pageSize'>) {
  return and(
    ...containsEveryWord([deployments.endpoint], query.q),
    query.environment ? eq(deployments.environment, query.environment) : undefined,
    query.approval === 'unapproved' ? runsUnapprovedVersion : undefined,
    query.integrity === 'flagged' ? sql`${openFlagsOf} > 0` : query.integrity === 'matches' ? sql`${openFlagsOf} = 0` : undefined,
  );
}

/** Where models run, most recently reported first, with what each runs and its open integrity flags. */
export async function listDeployments(actor: Actor, query: ListDeploymentsQuery) {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  const where = deploymentsWhere(query);
  const items = await db
    .select({
      deployment: deployments,
      version: modelVersions.version,
      versionStage: modelVersions.stage,
      modelId: models.id,
      modelName: models.name,
      versionSha256: modelVersions.artifactSha256,
      reporterName: users.name,
      reporterEmail: users.email,
      openFlags: openFlagsOf.mapWith(Number),
    })
    .from(deployments)
    .leftJoin(modelVersions, eq(modelVersions.id, deployments.modelVersionId))
    .leftJoin(models, eq(models.id, modelVersions.modelId))
    .leftJoin(users, eq(users.id, deployments.reporterId))
    .where(where)
    .orderBy(desc(deployments.reportedAt), desc(deployments.id))
    .limit(query.pageSize)
    .offset(offsetOf(query));
  return { items, total: first(await db.select({ n: count() }).from(deployments).where(where).limit(1))?.n ?? 0, page: query.page, pageSize: query.pageSize };
}

/** How many endpoints have an open integrity flag: the Lineage page's alarm. */
export async function flaggedDeploymentCount(actor: Actor) {
  assertCan(actor, 'inventory.read');
  return first(await getDb().select({ n: count() }).from(deployments).where(deploymentsWhere({ integrity: 'flagged' })).limit(1))?.n ?? 0;
}

/** How many endpoints run a version that is not the one approved for their environment: the Lineage page's other alarm. */
export async function unapprovedDeploymentCount(actor: Actor) {
  assertCan(actor, 'inventory.read');
  return first(await getDb().select({ n: count() }).from(deployments).where(deploymentsWhere({ approval: 'unapproved' })).limit(1))?.n ?? 0;
}

/**
 * The evaluation datasets offered for a version of `systemId`'s: that system's dataset versions first, then the most
 * recent others (another system's shared holdout set, labelled with its system, or a dataset of no system); at most
 * `limit` of each.
 */
export async function evaluationDatasetChoices(actor: Actor, system: { id: string; name: string }, limit = 300) {
  assertCan(actor, 'inventory.read');
  const choice = (where: SQL | undefined) => getDb()
    .select({ id: datasetVersions.id, label: sql<string>`${datasets.namespace} || '/' || ${datasets.name} || ' @ ' || ${datasetVersions.version}`, systemName: aiSystems.name })
    .from(datasetVersions)
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .leftJoin(aiSystems, eq(aiSystems.id, datasets.systemId))
    .where(where)
    .orderBy(desc(datasetVersions.createdAt))
    .limit(limit);
  // Datasets that came in through OpenLineage or the API without a system belong to none, and are offered too.
  const [own, others] = await Promise.all([choice(eq(datasets.systemId, system.id)), choice(or(isNull(datasets.systemId), ne(datasets.systemId, system.id)))]);
  return [
    ...own.map((d) => ({ value: d.id, label: d.label, group: `${system.name}'s datasets` })),
    ...others.map((d) => ({ value: d.id, label: d.systemName ? `${d.label} (${d.systemName})` : d.label, group: 'Other datasets' })),
  ];
}

/** Choices for the run and deployment forms: the most recent versions, labelled for people. */
export async function lineageChoices(actor: Actor, limit = 300) {
  assertCan(actor, 'inventory.read');
  const db = getDb();
  const datasetVersionChoices = await db
    .select({ id: datasetVersions.id, label: sql<string>`${datasets.namespace} || '/' || ${datasets.name} || ' @ ' || ${datasetVersions.version}` })
    .from(datasetVersions)
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .orderBy(desc(datasetVersions.createdAt))
    .limit(limit);
  const modelVersionChoices = await db
    .select({ id: modelVersions.id, label: sql<string>`${aiSystems.name} || ' / ' || ${models.name} || ' @ ' || ${modelVersions.version}` })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .innerJoin(aiSystems, eq(aiSystems.id, models.systemId))
    .orderBy(desc(modelVersions.createdAt))
    .limit(limit);
  return { datasetVersionChoices, modelVersionChoices };
}

export async function runEdges(actor: Actor, runId: string) {
  return await lineageGraph(actor, { node: `run:${runId}`, depth: 1 });
}
