import type { IncomingMessage, Server, ServerResponse } from 'node:http';

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;

export function isStopping(): boolean;
export function stopBeginsWithin(ms: number): Promise<boolean>;
export const INTERRUPT_MS: number;
export function finishBeforeStop<T>(promise: Promise<T>, interrupt?: () => unknown): Promise<T>;
export function stoppable(listener: Listener, options?: { drainMs?: number; graceMs?: number }): { handler: Listener; stop(server: Server): Promise<'drained' | 'cut'>; stopping(): boolean };
