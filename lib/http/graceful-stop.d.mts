import type { IncomingMessage, Server, ServerResponse } from 'node:http';

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;

export function stoppable(listener: Listener, options?: { drainMs?: number; graceMs?: number }): { handler: Listener; stop(server: Server): Promise<'drained' | 'cut'>; stopping(): boolean };
