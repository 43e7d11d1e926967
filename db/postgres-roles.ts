import 'server-only';
import type pg from 'pg';

/** The append-only tables by what no role may do to their rows (their triggers refuse it too). */
export type AppendOnlyTables = { noUpdate: string[]; noDelete: string[] };

type Queryable = Pick<pg.Pool, 'query'>;

/**
 * The append-only tables of the current schema, read from their triggers (`<table>_no_update`, `<table>_no_delete`),
 * so that a build older than the database still knows every one.
 */
export async function appendOnlyTables(db: Queryable): Promise<AppendOnlyTables> {
  const { rows } = await db.query<{ table: string; trigger: string }>(
    `SELECT c.relname AS table, t.tgname AS trigger FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal AND t.tgname IN (c.relname || '_no_update', c.relname || '_no_delete')`,
  );
  const tablesWith = (suffix: string) => [...new Set(rows.filter((r) => r.trigger.endsWith(suffix)).map((r) => r.table))].sort();
  return { noUpdate: tablesWith('_no_update'), noDelete: tablesWith('_no_delete') };
}

/**
 * What the app's role may do when another role (DATABASE_MIGRATION_URL's) owns the schema: read and write every table,
 * but not update or delete the rows of an append-only table, truncate any table, or alter one or its triggers (only
 * an owner may). Granted after every migration run with DATABASE_MIGRATION_URL, so the tables a migration adds are
 * covered too, in one transaction: replicas already serving as the role see its privileges before or after, never without them.
 */
export async function grantToAppRole(client: pg.Client, role: string, { noUpdate, noDelete }: AppendOnlyTables) {
  const id = (name: string) => client.escapeIdentifier(name);
  const list = (names: string[]) => names.map(id).join(', ');
  const schema = id((await client.query<{ name: string }>('SELECT current_schema() AS name')).rows[0]!.name);
  const to = id(role);
  await client.query('BEGIN');
  for (const statement of [
    `GRANT USAGE ON SCHEMA ${schema} TO ${to}`,
    `REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${to}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${to}`,
    `REVOKE UPDATE ON ${list(noUpdate)} FROM ${to}`,
    `REVOKE DELETE ON ${list(noDelete)} FROM ${to}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${to}`,
    // Read by `db backup` (pg_dump), which dumps the migrations applied with the data, and their sequence.
    `GRANT USAGE ON SCHEMA drizzle TO ${to}`,
    `GRANT SELECT ON drizzle.__drizzle_migrations TO ${to}`,
    `GRANT SELECT ON ALL SEQUENCES IN SCHEMA drizzle TO ${to}`,
  ]) await client.query(statement);
  await client.query('COMMIT');
}

/**
 * Refuses to start when the app's role, not the schema's owner, could still rewrite the trail: it owns (or may act
 * as the owner of) a table or the schema, and so could switch the triggers off or drop the table; or it may update or
 * delete append-only rows, or truncate a table. Checked on the app's own connection at every start. The schema's
 * owner itself (a deployment without a role of its own for the app) passes.
 */
export async function assertNoMoreThanNeeded(pool: pg.Pool) {
  const { rows: [schema] } = await pool.query<{ owner: boolean; member: boolean; auditOwner: boolean }>(
    `SELECT n.nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) AS owner, pg_has_role(current_user, n.nspowner, 'MEMBER') AS member,
            EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'audit_events' AND tableowner = current_user) AS "auditOwner"
       FROM pg_namespace n WHERE n.oid = current_schema()::regnamespace`,
  );
  if (!schema || schema.owner || schema.auditOwner) return;
  const { noUpdate, noDelete } = await appendOnlyTables(pool);
  const { rows } = await pool.query<{ table: string; owns: boolean; update: boolean; delete: boolean; truncate: boolean }>(
    `SELECT tablename AS table, pg_has_role(current_user, (SELECT oid FROM pg_roles WHERE rolname = tableowner), 'MEMBER') AS owns,
            has_table_privilege(current_user, format('%I.%I', schemaname, tablename), 'UPDATE') AS update,
            has_table_privilege(current_user, format('%I.%I', schemaname, tablename), 'DELETE') AS delete,
            has_table_privilege(current_user, format('%I.%I', schemaname, tablename), 'TRUNCATE') AS truncate
       FROM pg_tables WHERE schemaname = current_schema()`,
  );
  const excess = [
    ...(schema.member ? ['may act as the owner of the schema'] : []),
    ...rows.flatMap((row) => [
      ...(row.owns ? [`owns ${row.table}`] : []),
      ...(row.update && noUpdate.includes(row.table) ? [`may update ${row.table}`] : []),
      ...(row.delete && noDelete.includes(row.table) ? [`may delete from ${row.table}`] : []),
      ...(row.truncate ? [`may truncate ${row.table}`] : []),
    ]),
  ];
  if (excess.length > 0) {
    throw new Error(`Refusing to start: the app's role ${excess.join(', ')}. A role other than the schema's owner must own nothing and never rewrite the append-only tables: give the tables back to the owner (ALTER TABLE ... OWNER TO), revoke what it holds, and run \`db migrate\` with DATABASE_MIGRATION_URL to grant again.`);
  }
}
