import 'server-only';
import type pg from 'pg';

/** The append-only tables by what no role may do to their rows (their triggers refuse it too). */
export type AppendOnlyTables = { noUpdate: string[]; noDelete: string[] };

/**
 * What the app's role may do when another role (DATABASE_MIGRATION_URL's) owns the schema: read and write every table,
 * but not update or delete the rows of an append-only table, truncate any table, or alter one or its triggers (only
 * an owner may). Granted after every start's migrations, so the tables a migration adds are covered too, in one
 * transaction: replicas already serving as the role see its privileges before or after, never without them.
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
 * Refuses to start when the app's role, run beside a schema owner, could still rewrite the trail: it owns a table
 * (and so could switch its triggers off), or may update or delete append-only rows or truncate a table. Checked on
 * the app's own connection, after the grants: what a DBA granted by hand, or an older deployment left, shows here.
 */
export async function assertNoMoreThanNeeded(pool: pg.Pool, { noUpdate, noDelete }: AppendOnlyTables) {
  const { rows } = await pool.query<{ table: string; owns: boolean; update: boolean; delete: boolean; truncate: boolean }>(
    `SELECT tablename AS table, tableowner = current_user AS owns, has_table_privilege(current_user, format('%I.%I', schemaname, tablename), 'UPDATE') AS update,
            has_table_privilege(current_user, format('%I.%I', schemaname, tablename), 'DELETE') AS delete, has_table_privilege(current_user, format('%I.%I', schemaname, tablename), 'TRUNCATE') AS truncate
       FROM pg_tables WHERE schemaname = current_schema()`,
  );
  const excess = rows.flatMap((row) => [
    ...(row.owns ? [`owns ${row.table}`] : []),
    ...(row.update && noUpdate.includes(row.table) ? [`may update ${row.table}`] : []),
    ...(row.delete && noDelete.includes(row.table) ? [`may delete from ${row.table}`] : []),
    ...(row.truncate ? [`may truncate ${row.table}`] : []),
  ]);
  if (excess.length > 0) throw new Error(`Refusing to start: the app's role ${excess.join(', ')}. Beside DATABASE_MIGRATION_URL it must own nothing and never rewrite the append-only tables.`);
}
