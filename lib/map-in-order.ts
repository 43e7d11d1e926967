/**
 * `items.map(fn)` for an asynchronous `fn`, one item after the other: writes in a transaction keep their order (the
 * audit chain appends one event after the previous one), and a query never races its neighbour for the connection.
 */
export async function mapInOrder<T, U>(items: Iterable<T>, fn: (item: T, index: number) => Promise<U>): Promise<U[]> {
  const results: U[] = [];
  let index = 0;
  for (const item of items) results.push(await fn(item, index++));
  return results;
}
