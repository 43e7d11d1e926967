import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACK_FILES } from '@/lib/packs/schemas';
import { openApiDocument } from './openapi';

const API_DIR = path.join(process.cwd(), 'app/api/v1');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
// The catch-all answers 404 for unknown paths; the document does not list itself.
const UNDOCUMENTED = new Set(['/{path}', '/openapi.json']);

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === 'route.ts' ? [path.join(dir, e.name)] : []));
}

/** `/models/{id}` and its exported methods, from app/api/v1/models/[id]/route.ts. */
function operationsOf(file: string) {
  const route = `/${path.relative(API_DIR, path.dirname(file)).split(path.sep).map((s) => s.replace(/^\[(?:\.\.\.)?(.+)\]$/, '{$1}')).join('/')}`;
  const source = fs.readFileSync(file, 'utf8');
  const methods = METHODS.filter((m) => new RegExp(`export\\s+(?:async\\s+)?(?:function|const)\\s+${m}\\b|export\\s*\\{[^}]*\\b${m}\\b`).test(source));
  // A pack's {file} is one of a closed list, documented one path each.
  const routes = route.endsWith('/{file}') ? PACK_FILES.map((f) => route.replace('{file}', f)) : [route];
  return methods.flatMap((m) => routes.map((r) => `${m.toLowerCase()} ${r}`));
}

describe('the OpenAPI document', () => {
  it('documents every method of every API route, and nothing that is not served', () => {
    const served = routeFiles(API_DIR).flatMap(operationsOf).filter((op) => !UNDOCUMENTED.has(op.split(' ')[1]!));
    const paths = openApiDocument().paths as Record<string, Record<string, unknown>>;
    const documented = Object.entries(paths).flatMap(([p, ops]) => Object.keys(ops).filter((k) => METHODS.includes(k.toUpperCase())).map((m) => `${m} ${p}`));
    expect(served.length).toBeGreaterThan(25);
    expect(served.filter((op) => !documented.includes(op)), 'served but not documented').toEqual([]);
    expect(documented.filter((op) => !served.includes(op)), 'documented but not served').toEqual([]);
  });
});
