import 'server-only';
import { reviewDateProblem } from '@/lib/reviews/cadence';
import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { getDb, withTransaction, type Db, type Tx } from '@/db';
import { aiSystems, userRoles, users } from '@/db/schema';
import { appendingTogether } from '@/lib/audit/record-event';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, can, rolesWith } from '@/lib/auth/permissions';
import type { FieldIssue } from '@/lib/errors';
import { emitEvent } from '@/lib/notify/emit-event';
import { groupBy } from '@/lib/group-by';
import { plural } from '@/lib/words';
import { createSystem } from './create-system';
import { headerOf, parseRegisterCsv, refuseRegister, type RegisterRow } from './parse-register-csv';
import type { RegisterField } from './register-columns';
import { ZCreateSystemInput, type CreateSystemInput } from './schemas';
import { OWNER_PERMISSION } from './system-owner';
import { needsTierConfirmation } from './tier-confirmation';

type Owner = { id: string; name: string; email: string };
type Planned = { line: number; input: CreateSystemInput; owner: Owner };
export type RegisterImportPlan = {
  fileSha256: string;
  ignoredColumns: string[];
  /** Rows of retired systems: history, not the live register, so left out (an inventory export lists them too). */
  retiredLeftOut: { line: number; name: string }[];
  systems: { line: number; name: string; riskTier: string; lifecycleStatus: string; owner: Owner; awaitsTierConfirmation: boolean }[];
};

const isRetired = (row: RegisterRow) => row.cells.lifecycleStatus?.toLowerCase() === 'retired';

const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0']);

/** The row's cells as the create-system input, or the issues of its cells, each named by line and column. */
function inputOf(row: RegisterRow): { input: CreateSystemInput } | { issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const at = (field: RegisterField) => `line ${row.line}, ${headerOf(field)}`;
  const flag = (field: 'personalData' | 'generalPurposeModel') => {
    const cell = row.cells[field]?.toLowerCase();
    if (cell === undefined) return undefined;
    if (YES.has(cell)) return true;
    if (NO.has(cell)) return false;
    issues.push({ path: at(field), message: 'Write yes or no.' });
    return undefined;
  };
  const { ownerEmail: _owner, vendorName, lifecycleStatus, ...cells } = row.cells;
  const candidate = {
    ...cells,
    // An empty required cell is "Required.", as on the form, rather than a missing value.
    name: cells.name ?? '',
    purpose: cells.purpose ?? '',
    riskTier: cells.riskTier?.toLowerCase(),
    lifecycleStatus: lifecycleStatus?.toLowerCase() ?? 'planned',
    personalData: flag('personalData'),
    generalPurposeModel: flag('generalPurposeModel'),
    ...(vendorName ? { thirdParty: true, vendorName } : {}),
  };
  const parsed = ZCreateSystemInput.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'name');
      issues.push({ path: field === 'thirdParty' ? at('vendorName') : at(field as RegisterField), message: issue.message });
    }
  }
  return issues.length || !parsed.success ? { issues } : { input: parsed.data };
}

/** The active data scientists with these emails (case-blind), by email. */
async function ownersByEmail(db: Db | Tx, emails: string[]) {
  if (emails.length === 0) return new Map<string, Owner>();
  const holders = db.select({ userId: userRoles.userId }).from(userRoles).where(inArray(userRoles.role, rolesWith(OWNER_PERMISSION)));
  const rows = await db.select({ id: users.id, name: users.name, email: users.email }).from(users)
    .where(and(inArray(sql`lower(${users.email})`, emails), eq(users.disabled, false), inArray(users.id, holders)));
  return new Map(rows.map((row) => [row.email.toLowerCase(), row]));
}

/**
 * How names are compared, in the file and with the register: case-blind in every script. SQL's lower() folds only
 * ASCII on SQLite (and depends on the collation on PostgreSQL), so the register's names are folded here, in one way.
 */
const folded = (name: string) => name.normalize('NFC').toLowerCase();

/** The register's names, folded; only names travel, however many systems are registered. */
async function registeredNames(db: Db | Tx) {
  const rows = await db.select({ name: aiSystems.name }).from(aiSystems);
  return new Set(rows.map((row) => folded(row.name)));
}

/** Problems with the row's owner email: required, an active data scientist, and one the importer may register for. */
function ownerIssue(actor: Actor, row: RegisterRow, owner: Owner | undefined): string | null {
  if (!row.cells.ownerEmail) return 'Required.';
  if (!owner) return `No active data scientist has the email ${row.cells.ownerEmail}: the owner registers the system’s models.`;
  if (!can(actor, 'system.update', { ownerIds: [owner.id] })) return 'You register systems for yourself; a risk officer imports a register for other owners.';
  return null;
}

/** Every row checked against the file, the people and the register: every problem of every row at once, or the plan. */
async function plan(actor: Actor, rows: RegisterRow[], db: Db | Tx): Promise<{ planned: Planned[]; retiredLeftOut: RegisterImportPlan['retiredLeftOut']; issues: FieldIssue[] }> {
  const issues: FieldIssue[] = [];
  const retiredLeftOut = rows.filter(isRetired).map((r) => ({ line: r.line, name: r.cells.name ?? '' }));
  const live = rows.filter((r) => !isRetired(r));
  if (live.length === 0) issues.push({ path: 'file', message: 'Every row is a retired system: there is nothing to import.' });
  const owners = await ownersByEmail(db, [...new Set(live.flatMap((r) => (r.cells.ownerEmail ? [r.cells.ownerEmail.toLowerCase()] : [])))]);
  const taken = await registeredNames(db);
  const firstLineOf = new Map<string, { line: number; key: string }>();
  const planned: Planned[] = [];
  for (const row of live) {
    const checked = inputOf(row);
    const owner = owners.get(row.cells.ownerEmail?.toLowerCase() ?? '');
    const ownerProblem = ownerIssue(actor, row, owner);
    if (ownerProblem) issues.push({ path: `line ${row.line}, ${headerOf('ownerEmail')}`, message: ownerProblem });
    if ('issues' in checked) issues.push(...checked.issues);
    const reviewProblem = 'input' in checked ? await reviewDateProblem(db, actor, checked.input.riskTier, checked.input.nextReviewDate) : null;
    if (reviewProblem) issues.push({ path: `line ${row.line}, ${headerOf('nextReviewDate')}`, message: reviewProblem });
    const name = row.cells.name;
    if (!name) continue;
    const nameAt = `line ${row.line}, ${headerOf('name')}`;
    // A register exported with one row per model names its system once per model: the same system, brought in once.
    const key = JSON.stringify('input' in checked ? [checked.input, owner?.id] : row.cells);
    const seen = firstLineOf.get(folded(name));
    if (seen && seen.key !== key) issues.push({ path: nameAt, message: `"${name}" is also on line ${seen.line}, described differently. Give each system one description.` });
    if (seen) continue;
    firstLineOf.set(folded(name), { line: row.line, key });
    if (taken.has(folded(name))) issues.push({ path: nameAt, message: `A system named "${name}" is already registered. Remove the row, or rename one of the two.` });
    else if ('input' in checked && owner && !ownerProblem) planned.push({ line: row.line, input: checked.input, owner });
  }
  return { planned, retiredLeftOut, issues };
}

const refuse = (issues: FieldIssue[]): never => refuseRegister(`${plural(issues.length, 'problem')} in the register. Nothing was imported.`, issues);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const planOf = (fileSha256: string, ignoredColumns: string[], { planned, retiredLeftOut }: { planned: Planned[]; retiredLeftOut: RegisterImportPlan['retiredLeftOut'] }): RegisterImportPlan => ({
  fileSha256,
  ignoredColumns,
  retiredLeftOut,
  systems: planned.map(({ line, input, owner }) => ({ line, name: input.name, riskTier: input.riskTier, lifecycleStatus: input.lifecycleStatus ?? 'planned', owner, awaitsTierConfirmation: needsTierConfirmation(input.riskTier) })),
});

/** The file read and checked, outside any transaction: its rows, its digest and its plan, or every problem (400). */
async function readAndCheck(actor: Actor, bytes: Uint8Array) {
  assertCan(actor, 'system.create');
  const { rows, ignoredColumns } = parseRegisterCsv(bytes);
  const checked = await plan(actor, rows, getDb());
  if (checked.issues.length) refuse(checked.issues);
  return { rows, ignoredColumns, fileSha256: sha256(bytes), checked };
}

/** Reads the register and checks every row as an import would, writing nothing: the plan, or every problem (400). */
export async function checkRegister(actor: Actor, bytes: Uint8Array): Promise<RegisterImportPlan & { dryRun: true }> {
  const { ignoredColumns, fileSha256, checked } = await readAndCheck(actor, bytes);
  return { dryRun: true, ...planOf(fileSha256, ignoredColumns, checked) };
}

/**
 * Brings in an existing AI system register (a CSV file, see REGISTER_COLUMNS): every row becomes a system owned by the
 * active data scientist its owner email names, classified at the tier it states by the importer. All or nothing, in
 * one transaction: any problem (a cell, an unknown owner, a name already registered or given twice) refuses the whole
 * file with every problem by line, and a file imported twice adds nothing the second time. Each system's
 * `system.created` event keeps the file's SHA-256 and its line; each owner but the importer is told.
 */
export async function importRegister(actor: Actor, bytes: Uint8Array) {
  // Checked first outside the write lock, so a file with problems never holds up other writers.
  const { rows, ignoredColumns, fileSha256 } = await readAndCheck(actor, bytes);
  return await withTransaction(async (tx) => {
    // Checked again under the write lock: a register imported meanwhile, or an owner disabled, refuses this one.
    const checked = await plan(actor, rows, tx);
    if (checked.issues.length) refuse(checked.issues);
    const { planned } = checked;
    const created: { id: string; ownerId: string }[] = [];
    // A thousand systems, a thousand events: written together before the commit in a few statements, not one by one.
    await appendingTogether(tx, async () => {
      for (const p of planned) created.push(await createSystem(actor, p.input, tx, { ownerId: p.owner.id, importedFrom: { fileSha256, line: p.line } }));
    });
    const byOwner = groupBy(planned.filter((p) => p.owner.id !== actor.userId), (p) => p.owner.id);
    for (const [ownerId, theirs] of byOwner) {
      const names = theirs.map((p) => p.input.name);
      const ids = created.filter((c) => c.ownerId === ownerId).map((c) => c.id);
      await emitEvent(tx, {
        type: 'system.imported',
        title: `${actor.name} brought in ${plural(names.length, 'AI system')} you own from a register: ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}`,
        href: `/systems?ownerId=${ownerId}`,
        entityType: 'ai_system',
        entityId: ids[0]!,
        recipients: [ownerId],
        data: { fileSha256, systemIds: ids },
      });
    }
    const done = planOf(fileSha256, ignoredColumns, checked);
    return { dryRun: false as const, ...done, systems: done.systems.map((s, i) => ({ id: created[i]!.id, ...s })) };
  });
}
