import 'server-only';
import { and, eq } from 'drizzle-orm';
import { first, only, type Tx } from '@/db';
import { mlflowModelVersions } from '@/db/schema';

/** What MLflow says of one model version: the state the webhook events edit and reconciliation reads. */
export type MlflowVersionState = {
  name: string;
  version: string;
  runId: string | null;
  source: string | null;
  tags: Record<string, string>;
  aliases: string[];
};

export type MirrorRow = typeof mlflowModelVersions.$inferSelect;

export const findMirror = async (tx: Tx, name: string, version: string): Promise<MirrorRow | undefined> =>
  first(await tx.select().from(mlflowModelVersions).where(and(eq(mlflowModelVersions.name, name), eq(mlflowModelVersions.version, version))).limit(1));

export const stateOf = (row: MirrorRow): MlflowVersionState => ({ name: row.name, version: row.version, runId: row.runId, source: row.source, tags: row.tags, aliases: row.aliases });

/** Writes the state, keeping the link to the Provenant version once made. */
export async function writeMirror(tx: Tx, state: MlflowVersionState, now: Date): Promise<MirrorRow> {
  const values = { ...state, aliases: [...new Set(state.aliases)].sort(), updatedAt: now.toISOString() };
  return only(await tx
    .insert(mlflowModelVersions)
    .values(values)
    .onConflictDoUpdate({ target: [mlflowModelVersions.name, mlflowModelVersions.version], set: { runId: values.runId, source: values.source, tags: values.tags, aliases: values.aliases, updatedAt: values.updatedAt } })
    .returning());
}

export async function linkMirror(tx: Tx, row: MirrorRow, modelVersionId: string) {
  await tx.update(mlflowModelVersions).set({ modelVersionId }).where(and(eq(mlflowModelVersions.name, row.name), eq(mlflowModelVersions.version, row.version)));
}
