import { Invalid } from '@/lib/errors';

/** Times people give for what already happened (awareness, an action, the report) are never in the future. */
export function assertNotFuture(field: string, value: string, now: Date) {
  if (Date.parse(value) > now.getTime()) throw new Invalid(`The ${field} cannot be in the future.`, [{ path: field, message: 'Cannot be in the future.' }]);
}
