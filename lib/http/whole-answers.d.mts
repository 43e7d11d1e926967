import type { IncomingMessage, ServerResponse } from 'node:http';

export const WHOLE_ANSWER_LIMIT: number;

export function withWholeAnswer<R extends ServerResponse>(res: R, limit?: number): R;

export function serveWithWholeAnswers(req: IncomingMessage, res: ServerResponse, handle: (req: IncomingMessage, res: ServerResponse) => unknown): void;
