import fs from 'node:fs';
import path from 'node:path';

/**
 * The test files that cannot meet a database: nothing they import, however indirectly, reaches the modules that open
 * one (db/index, db/raw, db/sqlite, db/postgres), and they start no process or server that could. The PostgreSQL pass
 * of `npm test` leaves them out: they already ran, and would run the same, on the SQLite pass. A file is counted as
 * meeting a database whenever in doubt (a project import this reader cannot resolve, an import of a computed name, a
 * file that starts a process or a worker, or that names DATABASE_URL), so the error this can make costs time, never
 * coverage.
 */
const DATABASE_MODULES = /[\\/]db[\\/](index|raw|sqlite|postgres)\.ts$/;
const STARTS_PROCESSES = /child_process|worker_threads|DATABASE_URL|server\.mjs|lib\/cli\/main/;
/** `import(name)` of a name computed at run time: where it leads cannot be read off the source. */
const COMPUTED_IMPORT = /\bimport\(\s*[^'"\s]/;
const IMPORTS = /\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
const EXTENSIONS = ['', '.ts', '.tsx', '.mjs', '.js', '/index.ts', '/index.tsx'];

/** The project file an import names; 'package' for a package (none opens Provenant's database), 'unresolved' otherwise. */
function resolveImport(root: string, from: string, specifier: string): string {
  const base = specifier.startsWith('@/') ? path.join(root, specifier.slice(2)) : specifier.startsWith('.') ? path.resolve(path.dirname(from), specifier) : null;
  if (base === null) return 'package';
  for (const extension of EXTENSIONS) {
    const candidate = base + extension;
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return 'unresolved';
}

export function meetsDatabase(root: string, file: string, seen = new Set<string>()): boolean {
  if (seen.has(file)) return false;
  seen.add(file);
  if (DATABASE_MODULES.test(file)) return true;
  const source = fs.readFileSync(file, 'utf8');
  if (STARTS_PROCESSES.test(source) || COMPUTED_IMPORT.test(source)) return true;
  for (const match of source.matchAll(IMPORTS)) {
    const resolved = resolveImport(root, file, (match[1] ?? match[2] ?? match[3] ?? match[4])!);
    if (resolved === 'unresolved') return true;
    if (resolved !== 'package' && meetsDatabase(root, resolved, seen)) return true;
  }
  return false;
}

/** The dialect-free `*.test.ts` files under these folders of `root`, as paths relative to it. */
export function dialectFreeTests(root: string, folders: string[]): string[] {
  const tests = (folder: string): string[] =>
    fs.readdirSync(path.join(root, folder), { withFileTypes: true }).flatMap((entry) => {
      const relative = path.join(folder, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : tests(relative);
      return entry.name.endsWith('.test.ts') ? [relative] : [];
    });
  return folders.flatMap(tests).filter((file) => !meetsDatabase(root, path.join(root, file)));
}
