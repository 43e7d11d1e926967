import type { IncomingMessage, ServerResponse } from 'node:http';

export const WHOLE_JSON_LIMIT: number;

export function withJsonContentLength<R extends ServerResponse>(res: R, limit?: number): R;

export function serveWithWholeJson(req: IncomingMessage, res: ServerResponse, handle: (req: IncomingMessage, res: ServerResponse) => unknown): void;
