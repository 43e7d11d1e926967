import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextRequest } from 'next/server';

// Next's request scope (what `headers()` and `cookies()` read) lives in an AsyncLocalStorage that its server
// installs globally; tests that call route handlers as a browser would (no bearer token) install it here.
(globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage;

/** Test support: runs a route handler inside a Next request scope built from the request, as the server would. */
export async function inRequestScope<T>(request: NextRequest, run: () => Promise<T>): Promise<T> {
  const { workAsyncStorage } = await import('next/dist/server/app-render/work-async-storage.external');
  const { workUnitAsyncStorage } = await import('next/dist/server/app-render/work-unit-async-storage.external');
  const { createRequestStoreForAPI } = await import('next/dist/server/async-storage/request-store');
  const url = { pathname: request.nextUrl.pathname, search: request.nextUrl.search };
  const tags = { tags: [], expirationsByCacheKind: new Map() };
  const store = createRequestStoreForAPI({ headers: request.headers } as never, url, tags as never, undefined, undefined as never, undefined);
  const work = { route: request.nextUrl.pathname, page: request.nextUrl.pathname, forceStatic: false, dynamicShouldError: false, isStaticGeneration: false };
  return workAsyncStorage.run(work as never, () => workUnitAsyncStorage.run(store, run));
}
