import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** Test support: serves the doc-derived search responses in fixtures/ from 127.0.0.1, as an MLflow tracking server would. */
export type FakeMlflow = { url: string; requests: { path: string; authorization: string | undefined }[]; pages: Record<string, unknown>; close: () => Promise<void> };

export const readMlflowFixture = (name: string, systemId = 'SYSTEM_ID') =>
  JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8').replaceAll('SYSTEM_ID', systemId)) as Record<string, unknown>;

export async function startFakeMlflow(systemId?: string, status = 200): Promise<FakeMlflow> {
  const pages: Record<string, unknown> = {
    'registered-models/search': readMlflowFixture('registered-models-search.json', systemId),
    'model-versions/search': readMlflowFixture('model-versions-search-page-1.json', systemId),
    'model-versions/search?eyJvZmZzZXQiOiAyfQ==': readMlflowFixture('model-versions-search-page-2.json', systemId),
  };
  const requests: FakeMlflow['requests'] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({ path: url.pathname + url.search, authorization: req.headers.authorization });
    const token = url.searchParams.get('page_token');
    const body = url.searchParams.get('max_results') ? pages[url.pathname.replace('/api/2.0/mlflow/', '') + (token ? `?${token}` : '')] : undefined;
    res.writeHead(body && status === 200 ? 200 : status === 200 ? 404 : status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body && status === 200 ? body : { error_code: 'ENDPOINT_NOT_FOUND', message: 'No such page' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, pages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
