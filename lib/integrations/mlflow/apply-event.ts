import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '@/db';
import { mlflowModelVersions } from '@/db/schema';
import type { AuditActor } from '@/lib/auth/actor';
import { plural } from '@/lib/words';
import { findMirror, stateOf, writeMirror, type MlflowVersionState } from './mirror';
import type { MlflowEventData, MlflowModelEvent, MlflowParsedEvent } from './payloads';
import { resolveMlflowModel } from './resolve-model';
import { syncMlflowVersion, type SyncOutcome } from './sync-version';

export type DeliveryOutcome = SyncOutcome | 'mapped' | 'ignored' | 'test';
export type EventResult = { outcome: DeliveryOutcome; detail: string };

/** A version first heard of through a tag or alias event (its creation was missed) starts empty; reconciliation fills it. */
const current = async (tx: Tx, name: string, version: string): Promise<MlflowVersionState> => {
  const row = await findMirror(tx, name, version);
  return row ? stateOf(row) : { name, version, runId: null, source: null, tags: {}, aliases: [] };
};

/** Versions of a registered model that waited for its mapping try again once it is known. */
export async function syncWaitingVersions(tx: Tx, actor: AuditActor, name: string, now: Date): Promise<number> {
  const waiting = await tx.select().from(mlflowModelVersions).where(and(eq(mlflowModelVersions.name, name), isNull(mlflowModelVersions.modelVersionId)));
  let registered = 0;
  for (const row of waiting) if ((await syncMlflowVersion(tx, actor, stateOf(row), now)).outcome === 'registered') registered += 1;
  return registered;
}

/** An alias names one version of a registered model: setting it elsewhere moves it. */
async function dropAlias(tx: Tx, name: string, alias: string, now: Date): Promise<MlflowVersionState | null> {
  const holders = (await tx.select().from(mlflowModelVersions).where(eq(mlflowModelVersions.name, name))).filter((row) => row.aliases.includes(alias));
  for (const row of holders) await writeMirror(tx, { ...stateOf(row), aliases: row.aliases.filter((a) => a !== alias) }, now);
  return holders[0] ? { ...stateOf(holders[0]), aliases: holders[0].aliases.filter((a) => a !== alias) } : null;
}

type Handler<E extends MlflowModelEvent> = (tx: Tx, actor: AuditActor, data: MlflowEventData<E>, now: Date) => Promise<EventResult>;

const HANDLERS: { [E in MlflowModelEvent]: Handler<E> } = {
  'registered_model.created': async (tx, actor, data, now) => {
    const resolved = await resolveMlflowModel(tx, actor, data.name, data.tags);
    if ('unmapped' in resolved) return { outcome: 'unmapped', detail: resolved.unmapped };
    const registered = await syncWaitingVersions(tx, actor, data.name, now);
    const verb = resolved.created ? 'creates' : 'maps to';
    return { outcome: 'mapped', detail: `${data.name} ${verb} the model "${resolved.model.name}"${registered ? `; ${plural(registered, 'waiting version')} registered` : ''}.` };
  },
  'model_version.created': async (tx, actor, data, now) => {
    const aliases = (await findMirror(tx, data.name, data.version))?.aliases ?? [];
    return await syncMlflowVersion(tx, actor, { name: data.name, version: data.version, runId: data.run_id ?? null, source: data.source, tags: data.tags, aliases }, now);
  },
  'model_version_tag.set': async (tx, actor, data, now) => {
    const state = await current(tx, data.name, data.version);
    return await syncMlflowVersion(tx, actor, { ...state, tags: { ...state.tags, [data.key]: data.value } }, now);
  },
  'model_version_tag.deleted': async (tx, actor, data, now) => {
    const state = await current(tx, data.name, data.version);
    const tags = Object.fromEntries(Object.entries(state.tags).filter(([key]) => key !== data.key));
    return await syncMlflowVersion(tx, actor, { ...state, tags }, now);
  },
  'model_version_alias.created': async (tx, actor, data, now) => {
    await dropAlias(tx, data.name, data.alias, now);
    const state = await current(tx, data.name, data.version);
    return await syncMlflowVersion(tx, actor, { ...state, aliases: [...state.aliases, data.alias] }, now);
  },
  'model_version_alias.deleted': async (tx, actor, data, now) => {
    const state = await dropAlias(tx, data.name, data.alias, now);
    if (!state) return { outcome: 'ignored', detail: `No version of ${data.name} carried the alias "${data.alias}".` };
    return await syncMlflowVersion(tx, actor, state, now);
  },
};

export async function applyMlflowEvent(tx: Tx, actor: AuditActor, { event, data }: MlflowParsedEvent, now: Date): Promise<EventResult> {
  return (HANDLERS[event] as Handler<typeof event>)(tx, actor, data as never, now);
}
