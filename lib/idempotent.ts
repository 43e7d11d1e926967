/**
 * Idempotent creates return the existing record on a retry. They mark which happened with a symbol key,
 * which JSON never shows; the API wrapper answers 201 for a new record and 200 for an existing one.
 */
export const CREATED = Symbol('created');

export function markCreated<T extends object>(record: T, created: boolean): T & { [CREATED]: boolean } {
  return Object.assign(record, { [CREATED]: created });
}

export function wasExisting(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { [CREATED]?: boolean })[CREATED] === false;
}
