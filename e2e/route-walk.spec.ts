import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';

// Every page and route handler under app/, found at run time so that a new route is covered the day it lands.
const APP_DIR = path.join(process.cwd(), 'app');
const PUBLIC_PAGES = new Set(['/login', '/status']);
const EXEMPT_API = /^\/api\/auth(\/|$)/;
/** The probes answer anyone, and say nothing but that the process serves and which of its dependencies answer. */
const PUBLIC_API = new Map<string, unknown>([
  ['/api/health/live', { status: 'ok' }],
  ['/api/health/ready', { status: 'ready', checks: { database: 'ok', store: 'ok' } }],
]);
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const FORGED = { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' };

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

/** The URL a file serves: route groups vanish, [id] becomes a random uuid, [...path] becomes x/y. */
function urlFor(file: string) {
  const segments = path
    .relative(APP_DIR, path.dirname(file))
    .split(path.sep)
    .filter((s) => s !== '' && !/^\(.*\)$/.test(s) && !s.startsWith('@'))
    .map((s) => (/^\[\[?\.\.\./.test(s) ? 'x/y' : /^\[.+\]$/.test(s) ? randomUUID() : s));
  return `/${segments.join('/')}`;
}

/** HTTP methods a route module exports, whether declared in place or re-exported under that name. */
function exportedMethods(source: string): string[] {
  const names = new Set<string>();
  for (const match of source.matchAll(/export\s+(?:async\s+)?(?:function|const|let)\s+([A-Z]+)\b/g)) names.add(match[1]!);
  for (const block of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of block[1]!.split(',')) names.add(part.trim().split(/\s+as\s+/).at(-1)!.trim());
  }
  return METHODS.filter((m) => names.has(m));
}

const files = walk(APP_DIR);
const pages = files.filter((f) => /^page\.(tsx|ts|jsx|js)$/.test(path.basename(f))).map((f) => ({ file: path.relative(process.cwd(), f), url: urlFor(f) }));
const routes = files
  .filter((f) => /^route\.(ts|js)$/.test(path.basename(f)))
  .map((f) => ({ file: path.relative(process.cwd(), f), url: urlFor(f), methods: exportedMethods(fs.readFileSync(f, 'utf8')) }))
  .filter((r) => !EXEMPT_API.test(r.url));

test('the walk finds the app’s pages and API routes', () => {
  expect(pages.length).toBeGreaterThanOrEqual(15);
  expect(pages.map((p) => p.url)).toEqual(expect.arrayContaining(['/', '/login', '/status', '/systems', '/audit', '/admin/users']));
  expect(routes.length).toBeGreaterThanOrEqual(10);
  expect(routes.find((r) => r.url === '/api/v1/systems')?.methods).toEqual(['GET', 'POST']);
  expect(routes.find((r) => r.url === '/api/v1/x/y')?.methods).toEqual([...METHODS]);
  expect(routes.every((r) => r.methods.length > 0)).toBe(true);
});

for (const [variant, headers] of [['without a session', {}], ['with a forged x-middleware-subrequest header', FORGED]] as const) {
  test(`every page redirects to sign-in ${variant}`, async ({ request }) => {
    for (const { file, url } of pages) {
      const response = await request.get(url, { headers, maxRedirects: 0 });
      if (PUBLIC_PAGES.has(url)) {
        expect.soft(response.status(), `${file} (${url}) is public`).toBe(200);
        continue;
      }
      expect.soft([302, 303, 307, 308], `${file} (${url}) answered ${response.status()}`).toContain(response.status());
      const location = response.headers()['location'] ?? '';
      expect.soft(new URL(location, 'http://placeholder').pathname, `${file} (${url}) redirects to ${location}`).toBe('/login');
    }
  });

  test(`every API route and method answers 401 ${variant}`, async ({ request }) => {
    for (const { file, url, methods } of routes) {
      for (const method of methods) {
        const response = await request.fetch(url, {
          method,
          headers: { ...headers, 'content-type': 'application/json' },
          data: method === 'GET' || method === 'DELETE' ? undefined : '{}',
          maxRedirects: 0,
        });
        if (PUBLIC_API.has(url)) {
          expect.soft(await response.json(), `${method} ${url} is public and bare`).toEqual(PUBLIC_API.get(url));
          continue;
        }
        expect.soft(response.status(), `${method} ${url} (${file})`).toBe(401);
        if (response.status() === 401) {
          expect.soft(((await response.json()) as { error: { code: string } }).error.code, `${method} ${url}`).toBe('unauthenticated');
        }
      }
    }
  });
}
