import path from 'node:path';

/** Where the database, blobs and the generated secret live. */
export function dataDir(): string {
  return path.resolve(/* turbopackIgnore: true */ process.env.DATA_DIR || './data');
}

export function databaseFile(): string {
  return path.join(/* turbopackIgnore: true */ dataDir(), 'provenant.db');
}

export const MIGRATIONS_DIR = path.join(/* turbopackIgnore: true */ process.cwd(), 'db', 'migrations');

/**
 * The address people and pipelines reach this server at, as the operator configured it (NEXTAUTH_URL, which sign-in
 * needs anyway), else the local default next-auth assumes: where a page tells a pipeline or a webhook sender to call.
 */
export function publicUrl(path = '/'): string {
  const local = `http://localhost:${process.env.PORT ?? 3000}`;
  const configured = process.env.NEXTAUTH_URL?.trim() || local;
  // As next-auth reads it: a value without a scheme is taken as https ("provenant.example.com").
  const base = configured.startsWith('http') ? configured : `https://${configured}`;
  return new URL(path, URL.canParse(base) && /^https?:/i.test(base) ? base : local).toString();
}
