import { inRequestScope } from './testing';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_TOKEN_SCOPES } from '@/db/schema';
import { TENSOR_PICKLE } from '@/lib/artifacts/scan/testing';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import { createApiToken } from '@/lib/auth/create-api-token';
import { createDataset } from '@/lib/inventory/create-dataset';
import { createDatasetVersion } from '@/lib/inventory/create-dataset-version';
import { createModel } from '@/lib/inventory/create-model';
import { createModelVersion } from '@/lib/inventory/create-model-version';
import { makeActor, makeSystem } from '@/lib/testing';
import { HOSTILE_RAW_BODIES, HOSTILE_VALUES, mutate, pick, queryValue, seededRng, valueFor, type IdPool, type Rng } from './fuzz-inputs';
import { openApiDocument } from './openapi';

/**
 * Every route handler under app/api/v1, called directly with inputs generated from its zod schemas (through the
 * OpenAPI document) and mutated with hostile values and shapes, as a token with every scope and as a caller with
 * no session. No answer may be a 5xx, every refusal has the API's error shape, and the audit chain still verifies.
 * Seeded and of fixed size: the same cases on every run.
 */
const SEED = 20261201;
const TOKEN_CASES = 10;
const SESSIONLESS_CASES = 2;
const API_ROOT = path.join(process.cwd(), 'app', 'api', 'v1');
const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const;
/** The first path segment of a collection names the kind of id its `[id]` takes. */
const ID_KIND: Record<string, string> = { systems: 'system', models: 'model', 'model-versions': 'modelVersion', datasets: 'dataset', runs: 'run', 'evidence-packs': 'pack', evaluations: 'evaluation' };

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type Route = { dir: string; openApiPath: string; method: (typeof METHODS)[number]; handler: Handler };
type Operation = { parameters?: { name: string; in: string; schema: Record<string, unknown> }[]; requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } };
type Case = { caller: 'token' | 'sessionless'; route: Route; params: Record<string, string | string[]>; search: string; body?: string | Uint8Array<ArrayBuffer> | FormData; headers: Record<string, string> };

function routeFiles(dir = API_ROOT): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? routeFiles(full) : entry.name === 'route.ts' ? [full] : [];
  });
}

async function loadRoutes(): Promise<Route[]> {
  const routes: Route[] = [];
  for (const file of routeFiles()) {
    const dir = path.relative(API_ROOT, path.dirname(file)).split(path.sep).join('/');
    const openApiPath = `/${dir.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, '{$1}')}`;
    const handlers = (await import(file)) as Partial<Record<(typeof METHODS)[number], Handler>>;
    for (const method of METHODS) if (handlers[method]) routes.push({ dir, openApiPath, method, handler: handlers[method]! });
  }
  return routes;
}

const hostileText = (rng: Rng) => pick(rng, HOSTILE_VALUES.filter((v): v is string => typeof v === 'string'));

function paramsFor(route: Route, rng: Rng, ids: IdPool): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [, rest, name] of route.dir.matchAll(/\[(\.\.\.)?([^\]]+)\]/g)) {
    const kind = name === 'sha256' ? 'artifact' : name === 'file' ? 'packFile' : ID_KIND[route.dir.split('/')[0]!] ?? 'none';
    const real = ids[kind] ?? [];
    const value = rng() < 0.7 && real.length > 0 ? pick(rng, real) : hostileText(rng);
    params[name!] = rest ? [value, hostileText(rng)] : value;
  }
  return params;
}

function searchFor(operation: Operation | undefined, rng: Rng, ids: IdPool): string {
  const pairs = (operation?.parameters ?? [])
    .filter((p) => p.in === 'query' && rng() < 0.7)
    .map((p) => `${p.name}=${queryValue(rng() < 0.25 ? pick(rng, HOSTILE_VALUES) : valueFor(p.schema, rng, ids, p.name))}`);
  if (rng() < 0.15) pairs.push(pick(rng, ['x=%ff', '%ED%A0%80=1', 'q=%00', 'page=-1', 'pageSize=1e9', 'page=NaN', '=&&=']));
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

function bodyFor(route: Route, operation: Operation | undefined, rng: Rng, ids: IdPool): Case['body'] {
  if (route.method === 'GET') return undefined;
  if (route.dir === 'artifacts') return multipartFor(rng);
  const schema = operation?.requestBody?.content['application/json']?.schema;
  const roll = rng();
  if (roll < 0.15) return pick(rng, HOSTILE_RAW_BODIES);
  const base = schema ? valueFor(schema, rng, ids) : pick(rng, HOSTILE_VALUES);
  return JSON.stringify(roll < 0.65 ? mutate(base, rng) : base) ?? 'null';
}

/** Multipart bodies as a broken or hostile client sends them: no boundary, NUL in the file name, cut short, not multipart. */
const HOSTILE_MULTIPART: readonly [string, string][] = [
  ['multipart/form-data', '--b\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nxx\r\n--b--\r\n'],
  ['multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="file"; filename="a\u0000b"\r\n\r\nxx\r\n--b--\r\n'],
  ['multipart/form-data; boundary=b', "--b\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''a%00%ED%A0%80\r\n\r\nxx\r\n--b--\r\n"],
  ['multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="file"; filename="cut"\r\n\r\n' + 'x'.repeat(70_000)],
  ['multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="sha256"\r\n\r\n\ud800\r\n--b--\r\n'],
  ['multipart/form-data; boundary=', ''],
  ['application/json', '{"file": "not multipart"}'],
];

function multipartFor(rng: Rng): FormData {
  const form = new FormData();
  form.append(rng() < 0.8 ? 'file' : hostileText(rng), new Blob([rng() < 0.5 ? new Uint8Array(TENSOR_PICKLE) : new TextEncoder().encode(hostileText(rng))]), rng() < 0.5 ? 'model.pkl' : hostileText(rng));
  if (rng() < 0.5) form.append('sha256', hostileText(rng));
  return form;
}

/** Every hostile raw body on every write route (and every hostile multipart body on the upload), as the token. */
function fixedHostileCases(route: Route, rng: Rng, ids: IdPool): Case[] {
  if (route.method === 'GET') return [];
  const bodies: [string, string | Uint8Array<ArrayBuffer>][] =
    route.dir === 'artifacts' ? [...HOSTILE_MULTIPART] : HOSTILE_RAW_BODIES.map((body) => ['application/json', body]);
  return bodies.map(([contentType, body]) => ({ caller: 'token', route, params: paramsFor(route, rng, ids), search: '', body, headers: { host: 'localhost', 'content-type': contentType } }));
}

function buildCases(routes: Route[], ids: IdPool): Case[] {
  const rng = seededRng(SEED);
  const doc = openApiDocument() as { paths: Record<string, Record<string, Operation>> };
  const cases: Case[] = [];
  for (const route of routes) {
    const operation = doc.paths[route.openApiPath]?.[route.method.toLowerCase()];
    cases.push(...fixedHostileCases(route, rng, ids));
    for (let i = 0; i < TOKEN_CASES + SESSIONLESS_CASES; i++) {
      const caller = i < TOKEN_CASES ? 'token' : 'sessionless';
      const headers: Record<string, string> = { host: 'localhost' };
      if (caller === 'sessionless' && rng() < 0.8) headers.origin = pick(rng, ['null', 'garbage', 'http://localhost', 'http://evil.example', '://']);
      if (route.method === 'POST' && rng() < 0.25) headers['idempotency-key'] = pick(rng, ['retry-1', 'retry-1', 'k'.repeat(201), 'tab\tkey', `key-${i}`]);
      const body = bodyFor(route, operation, rng, ids);
      // Mostly JSON, so the random bodies reach the schemas; the other types stop at 415 (fixed cases test them too).
      if (body !== undefined && !(body instanceof FormData)) headers['content-type'] = pick(rng, ['application/json', 'application/json', 'application/json', 'application/json; charset=utf-8', 'application/json', 'text/plain']);
      cases.push({ caller, route, params: paramsFor(route, rng, ids), search: searchFor(operation, rng, ids), body, headers });
    }
  }
  return cases;
}

const preview = (body: Case['body']) =>
  body instanceof FormData ? '[multipart]' : typeof body === 'string' ? body.slice(0, 160) : body ? `hex:${Buffer.from(body).toString('hex').slice(0, 160)}` : '';

let token: string;
const ids: IdPool = { packFile: ['pdf', 'zip'] };
beforeAll(async () => {
  const owner = await makeActor(['data_scientist', 'security_reviewer'], 'fuzz');
  token = (await createApiToken(owner, owner.userId, { name: 'fuzz', scopes: [...API_TOKEN_SCOPES] })).secret;
  const system = await makeSystem(owner);
  const model = await createModel(owner, { systemId: system.id, name: 'fuzzed model' });
  const artifact = createHash('sha256').update(TENSOR_PICKLE).digest('hex');
  const version = await createModelVersion(owner, { modelId: model.id, version: '1', format: 'pickle', artifactSha256: artifact });
  const dataset = await createDataset(owner, { namespace: 'fuzz', name: 'dataset' });
  const datasetVersion = await createDatasetVersion(owner, dataset.id, { version: '1' });
  Object.assign(ids, { artifact: [artifact], system: [system.id], model: [model.id], modelVersion: [version.id], dataset: [dataset.id], datasetVersion: [datasetVersion.id] });
});

describe('the API under fuzzing', () => {
  it('never answers 5xx on any route, answers refusals in the error shape, and leaves the audit chain intact', async () => {
    const routes = await loadRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(35);
    const failures: unknown[] = [];
    for (const c of buildCases(routes, ids)) {
      const headers = { ...c.headers, ...(c.caller === 'token' ? { authorization: `Bearer ${token}` } : {}) };
      const url = `http://localhost/api/v1/${c.route.dir}${c.search}`;
      const request = new NextRequest(url, { method: c.route.method, headers, body: c.body });
      const call = () => c.route.handler(request, { params: Promise.resolve(c.params) });
      const response = c.caller === 'token' ? await call() : await inRequestScope(request, call);
      const type = response.headers.get('content-type') ?? '';
      const text = await response.text();
      const shaped = response.status < 400 || (type.includes('json') && typeof JSON.parse(text).error?.message === 'string');
      if (response.status >= 500 || !shaped) failures.push({ caller: c.caller, method: c.route.method, url, params: c.params, body: preview(c.body), status: response.status, answer: text.slice(0, 300) });
    }
    expect(failures).toEqual([]);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, firstBrokenSeq: null });
  }, 120_000); // every route times every fuzz input: well over the default on a busy machine
});
