/** What `sideBySide` gives for one read: its value, or null for a read left out. */
type Outcome<R> = R extends () => Promise<infer V> ? V : null;

/**
 * Starts every read at once and waits for them all, keyed as given; a read given as `false` or `null` (a section the
 * person does not see) is left out and comes back null. Outside a transaction, PostgreSQL answers them side by side,
 * each on a connection of the pool; SQLite answers them one after the other, as it would anyway. The first failure
 * fails the whole, as a sequence of awaits would.
 */
export async function sideBySide<T extends Record<string, (() => Promise<unknown>) | false | null>>(reads: T): Promise<{ [K in keyof T]: Outcome<T[K]> }> {
  const keys = Object.keys(reads);
  const values = await Promise.all(keys.map(async (key) => {
    const read = reads[key];
    return read ? await read() : null;
  }));
  return Object.fromEntries(keys.map((key, i) => [key, values[i]])) as { [K in keyof T]: Outcome<T[K]> };
}
