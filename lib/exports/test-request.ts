import { NextRequest } from 'next/server';
import { readCsvRecords } from './testing';

type RouteHandler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Test support: calls an export route handler as an API client would, with a bearer token. */
export function getWithToken(handler: RouteHandler, url: string, token: string) {
  return handler(new NextRequest(`http://localhost${url}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });
}

/** Calls the route, expects a CSV attachment and returns its records. */
export async function downloadCsv(handler: RouteHandler, url: string, token: string) {
  const response = await getWithToken(handler, url, token);
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return { response, ...readCsvRecords(await response.text()) };
}
