import { inRequestScope } from './testing';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as uploadRoute from '@/app/api/v1/artifacts/route';
import * as importRoute from '@/app/api/v1/evaluations/import/route';
import * as lineageRoute from '@/app/api/v1/lineage/route';
import * as systemItemRoute from '@/app/api/v1/systems/[id]/route';
import * as systemsRoute from '@/app/api/v1/systems/route';
import { getConnection } from '@/db';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import { createApiToken } from '@/lib/auth/create-api-token';
import { dataDir } from '@/lib/config';
import { makeActor } from '@/lib/testing';
import { countRows, onPostgres, sqlRun } from '@/lib/testing-sql';

const BASE = 'http://localhost/api/v1';
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const tmpFiles = () => (fs.existsSync(path.join(dataDir(), 'blobs', 'tmp')) ? fs.readdirSync(path.join(dataDir(), 'blobs', 'tmp')) : []);
const count = (table: string) => countRows(table);

let token: string;
beforeAll(async () => {
  const ds = await makeActor(['data_scientist']);
  token = (await createApiToken(ds, ds.userId, { name: 'hostile', scopes: ['register', 'read', 'lineage:write'] })).secret;
});
afterEach(() => {
  delete process.env.TRUSTED_PROXY_HOPS;
});

function post(url: string, body: BodyInit, headers: Record<string, string> = {}) {
  return new NextRequest(url, { method: 'POST', body, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, duplex: 'half' } as never);
}

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = await response.json();
  expect(body.error).toMatchObject({ code, message: expect.any(String) });
  return body.error as { message: string; issues?: { path: string; message: string }[] };
}

/** A session write as a browser would send it, with no session: the Origin is judged before the session is read. */
async function browserWrite(headers: Record<string, string>) {
  const request = new NextRequest(`${BASE}/systems`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', ...headers } });
  return inRequestScope(request, () => systemsRoute.POST(request, ctx()));
}

describe('session writes from another origin (CSRF)', () => {
  it('are refused with 403 when the Origin is null, not a URL or foreign, never a 500', async () => {
    for (const origin of ['null', 'garbage', '://', 'http://evil.example', 'http://localhost.evil.example']) {
      const error = await expectError(await browserWrite({ origin, host: 'localhost' }), 403, 'forbidden');
      expect(error.message).toMatch(/Cross-origin/);
    }
  });

  it('compare the Origin with Host and ignore X-Forwarded-Host unless TRUSTED_PROXY_HOPS says a proxy sets it', async () => {
    const forged = { origin: 'http://evil.example', host: 'localhost:3000', 'x-forwarded-host': 'evil.example' };
    await expectError(await browserWrite(forged), 403, 'forbidden');
    await expectError(await browserWrite({ origin: 'http://localhost:3000', host: 'localhost:3000', 'x-forwarded-host': 'evil.example' }), 401, 'unauthenticated');
    process.env.TRUSTED_PROXY_HOPS = '1';
    await expectError(await browserWrite({ origin: 'https://provenant.example', host: '10.0.0.5:3000', 'x-forwarded-host': 'provenant.example' }), 401, 'unauthenticated');
    await expectError(await browserWrite({ origin: 'https://evil.example', host: '10.0.0.5:3000', 'x-forwarded-host': 'provenant.example' }), 403, 'forbidden');
  });
});

describe('JSON bodies', () => {
  const system = (name: string) => `{"name":${name},"purpose":"Scores payments.","riskTier":"minimal"}`;

  it('nested thousands deep are refused with 400 before parsing, on every route (lineage takes any JSON)', async () => {
    for (const deep of ['['.repeat(5000) + ']'.repeat(5000), '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)]) {
      for (const route of [lineageRoute.POST, systemsRoute.POST]) {
        const error = await expectError(await route(post(`${BASE}/lineage`, deep), ctx()), 400, 'invalid');
        expect(error.message).toMatch(/nested deeper than 64/);
      }
    }
  });

  it('with lone surrogates, NUL, an unclosed bidirectional override, invalid UTF-8 or __proto__ keys are refused with 400 naming the field, and change nothing', async () => {
    const systems = await count('ai_systems');
    const events = await count('audit_events');
    const cases: [BodyInit, string | null][] = [
      [system('"ghost\\ud800"'), 'name'],
      [system('"\\udc00 trailing"'), 'name'],
      [system('"nul\\u0000byte"'), 'name'],
      // A right-to-left override left open (escaped, and as itself) reverses whatever a page shows after the name.
      [system('"amount\\u202e"'), 'name'],
      [system('"amount\u202e ≥ 0.25"'), 'name'],
      [`{"name":"x","purpose":"y","riskTier":"minimal","tags":{"\\ud83d":1}}`, 'tags.\ufffd'],
      [`{"name":"x","purpose":"y","riskTier":"minimal","__proto__":{"admin":true}}`, '__proto__'],
      [Buffer.concat([Buffer.from('{"name":"caf'), Buffer.from([0xc3, 0x28]), Buffer.from('","purpose":"y","riskTier":"minimal"}')]), null],
      [Buffer.from([0xef, 0xbb, 0xbf, 0xff, 0xfe]), null],
    ];
    for (const [body, field] of cases) {
      const error = await expectError(await systemsRoute.POST(post(`${BASE}/systems`, body), ctx()), 400, 'invalid');
      if (field) expect(error.issues).toContainEqual(expect.objectContaining({ path: field }));
      else expect(error.message).toMatch(/UTF-8/);
    }
    expect(await count('ai_systems')).toBe(systems);
    expect(await count('audit_events')).toBe(events);
  });

  it('with a number too large for a double (read as Infinity) are refused with 400 naming where, on every route, and change nothing', async () => {
    const [systems, events, runs] = [await count('ai_systems'), await count('audit_events'), await count('training_runs')];
    const cases: [(request: NextRequest, context: ReturnType<typeof ctx>) => Promise<Response>, string, string][] = [
      [systemsRoute.POST, `{"name":"x","purpose":"y","riskTier":"minimal","extra":{"a":[1,-1e999]}}`, 'extra.a.1'],
      // Facets take any JSON: such a number used to be stored as null, and in a field signed or audited whole, a 500.
      [lineageRoute.POST, `[{"eventType":"COMPLETE","run":{"runId":"r","facets":{"lr":1e400}}}]`, '0.run.facets.lr'],
    ];
    for (const [route, body, field] of cases) {
      const error = await expectError(await route(post(`${BASE}/lineage`, body), ctx()), 400, 'invalid');
      expect(error.issues).toContainEqual({ path: field, message: expect.stringMatching(/too large to hold/) });
    }
    expect([await count('ai_systems'), await count('audit_events'), await count('training_runs')]).toEqual([systems, events, runs]);
  });

  it('sent as a form or as text are refused with 415 naming the type, unread, and change nothing; JSON types and none are read', async () => {
    const [systems, events] = [await count('ai_systems'), await count('audit_events')];
    const valid = system('"Sent as a form"');
    for (const type of ['application/x-www-form-urlencoded', 'text/plain;charset=UTF-8', 'multipart/form-data; boundary=x', 'application/jsonp', 'application/json-seq', '']) {
      const error = await expectError(await systemsRoute.POST(post(`${BASE}/systems`, valid, { 'content-type': type }), ctx()), 415, 'unsupported_media_type');
      expect(error.message).toContain('Content-Type: application/json');
      const batch = await lineageRoute.POST(post(`${BASE}/lineage`, '[]', { 'content-type': type }), ctx());
      expect(batch.status).toBe(415);
    }
    expect(await count('ai_systems')).toBe(systems);
    expect(await count('audit_events')).toBe(events);
    for (const type of ['application/json', 'Application/JSON; charset=utf-8', 'application/vnd.provenant+json']) {
      expect((await systemsRoute.POST(post(`${BASE}/systems`, system(`"Sent as ${type.replace(/\W/g, ' ')}"`), { 'content-type': type }), ctx())).status).toBe(201);
    }
    const untyped = new NextRequest(`${BASE}/systems`, { method: 'POST', body: new TextEncoder().encode(system('"Sent untyped"')), headers: { authorization: `Bearer ${token}` } });
    expect(untyped.headers.get('content-type')).toBeNull();
    expect((await systemsRoute.POST(untyped, ctx())).status).toBe(201);
  });

  it('over the size limit are refused with 413, by Content-Length unread and by counting a stream that claims none', async () => {
    const big = system(JSON.stringify('x'.repeat(1024 * 1024)));
    await expectError(await systemsRoute.POST(post(`${BASE}/systems`, big, { 'content-length': String(Buffer.byteLength(big)) }), ctx()), 413, 'too_large');
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 64 * 1024;
        if (pulled > 32 * 1024 * 1024) controller.close();
        else controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    await expectError(await systemsRoute.POST(post(`${BASE}/systems`, endless), ctx()), 413, 'too_large');
    expect(pulled).toBeLessThan(2 * 1024 * 1024);
  });

  it('may be larger on bulk routes: a model-index import of 1,000,000 characters is read, one over 8 MiB is 413', async () => {
    const content = 'model-index:\n' + '# padding\n'.repeat(99_990);
    const body = JSON.stringify({ modelVersionId: 'no-such-version', artifactSha256: '0'.repeat(64), content });
    expect(Buffer.byteLength(body)).toBeGreaterThan(1024 * 1024);
    const read = await importRoute.POST(post(`${BASE}/evaluations/import`, body), ctx());
    await expectError(read, 404, 'not_found');
    const huge = JSON.stringify({ modelVersionId: 'no-such-version', artifactSha256: '0'.repeat(64), content: 'x'.repeat(8 * 1024 * 1024) });
    await expectError(await importRoute.POST(post(`${BASE}/evaluations/import`, huge), ctx()), 413, 'too_large');
  });
});

describe('URLs', () => {
  it('with invalid percent-encoded UTF-8, encoded surrogates or NUL in the query are refused with 400 naming the parameter', async () => {
    for (const [search, field] of [['riskTier=%ff', 'riskTier'], ['q=%ED%A0%80', 'q'], ['q=a%00b', 'q'], ['%ff=1', 'query']]) {
      const request = new NextRequest(`${BASE}/systems?${search}`, { headers: { authorization: `Bearer ${token}` } });
      const error = await expectError(await systemsRoute.GET(request, ctx()), 400, 'invalid');
      expect(error.issues).toContainEqual(expect.objectContaining({ path: field }));
    }
  });

  it('with a lone surrogate or NUL in a path parameter are refused with 400', async () => {
    for (const id of ['a\ud800', 'a\u0000b']) {
      const request = new NextRequest(`${BASE}/systems/x`, { headers: { authorization: `Bearer ${token}` } });
      const error = await expectError(await systemItemRoute.GET(request, ctx({ id })), 400, 'invalid');
      expect(error.issues).toContainEqual(expect.objectContaining({ path: 'id' }));
    }
  });
});

describe('multipart uploads', () => {
  const boundary = 'hostileBoundary';
  const part = (fileName: string, bytes: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n${bytes}`;
  const upload = (body: BodyInit, contentType = `multipart/form-data; boundary=${boundary}`) =>
    uploadRoute.POST(post(`${BASE}/artifacts`, body, { 'content-type': contentType }), ctx());
  const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

  it('without a boundary, with a NUL in the file name, or cut short are refused with 400 and leave no file behind', async () => {
    const blobs = await count('blobs');
    await expectError(await upload(`${part('a.bin', 'hello')}\r\n--${boundary}--\r\n`, 'multipart/form-data'), 400, 'invalid');
    await expectError(await upload(`${part('a\u0000b.bin', 'hello')}\r\n--${boundary}--\r\n`), 400, 'invalid');
    await expectError(await upload(`${part('a%00b.bin', 'x')}\r\n--${boundary}--\r\n`.replace('filename="a%00b.bin"', "filename*=UTF-8''a%00b.bin")), 400, 'invalid');
    await expectError(await upload(part('cut.bin', 'x'.repeat(200_000))), 400, 'invalid');
    await settle();
    expect(tmpFiles()).toEqual([]);
    expect(await count('blobs')).toBe(blobs);
  });

  it('whose connection drops mid-file is refused and leaves no temporary file', async () => {
    const chunks = [part('drop.bin', 'y'.repeat(100_000)), 'z'.repeat(100_000)];
    const dropping = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = chunks.shift();
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (next) controller.enqueue(new TextEncoder().encode(next));
        else controller.error(new Error('socket hang up'));
      },
    });
    const response = await upload(dropping);
    expect(response.status).toBe(400);
    await settle();
    expect(tmpFiles()).toEqual([]);
  });
});

describe('a full or read-only database', () => {
  let n = 0;
  const create = () => systemsRoute.POST(post(`${BASE}/systems`, JSON.stringify({ name: `Full ${n++}`, purpose: 'p'.repeat(4000), riskTier: 'minimal' })), ctx());

  /**
   * Runs `fn` while the database refuses writes as a full disk, or a read-only one, does. SQLite: its page limit
   * lowered to the current size, then `query_only`. PostgreSQL has no such switch for the pool's open sessions: a
   * trigger raises the SQLSTATE the server reports (53100 disk_full, 25006 read_only_sql_transaction) on the audit
   * event, after the system row was written in the same transaction.
   */
  async function whileRefusing(kind: 'full' | 'read-only', fn: () => Promise<void>) {
    if (onPostgres) {
      await sqlRun(sql.raw(`CREATE TRIGGER test_refuse_writes BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION test_refuse_writes('${kind === 'full' ? '53100' : '25006'}')`));
      try {
        return await fn();
      } finally {
        await sqlRun(sql.raw('DROP TRIGGER test_refuse_writes ON audit_events'));
      }
    }
    const { sqlite } = getConnection();
    if (kind === 'full') sqlite.pragma(`max_page_count = ${sqlite.pragma('page_count', { simple: true }) as number}`);
    else sqlite.pragma('query_only = ON');
    try {
      return await fn();
    } finally {
      if (kind === 'full') sqlite.pragma('max_page_count = 1073741823');
      else sqlite.pragma('query_only = OFF');
    }
  }

  it('answers 507 when the database reports the disk full, 503 when it is read-only, keeps nothing, and the chain still verifies', async () => {
    if (onPostgres) await sqlRun(sql.raw("CREATE FUNCTION test_refuse_writes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused for the test' USING ERRCODE = TG_ARGV[0]; END $$"));
    await whileRefusing('full', async () => {
      let response = await create();
      for (let i = 0; i < 100 && response.status === 201; i++) response = await create();
      const error = await expectError(response, 507, 'insufficient_storage');
      expect(error.message).toMatch(/nothing was kept/);
    });
    const systems = await count('ai_systems');
    const events = await count('audit_events');
    await whileRefusing('read-only', async () => {
      await expectError(await create(), 503, 'unavailable');
    });
    expect(await count('ai_systems')).toBe(systems);
    expect(await count('audit_events')).toBe(events);
    expect((await verifyAuditChain()).ok).toBe(true);
    expect((await create()).status).toBe(201);
  });
});
