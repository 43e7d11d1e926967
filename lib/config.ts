import path from 'node:path';

/** Where the database, blobs and the generated secret live. */
export function dataDir(): string {
  return path.resolve(/* turbopackIgnore: true */ process.env.DATA_DIR || './data');
}

export function databaseFile(): string {
  return path.join(/* turbopackIgnore: true */ dataDir(), 'provenant.db');
}

export const MIGRATIONS_DIR = path.join(/* turbopackIgnore: true */ process.cwd(), 'db', 'migrations');
