/**
 * The unpickler's memo, kept small: a key's presence is tracked for every PUT (GET of a missing key is an error in
 * CPython), but only values worth remembering (strings, imports) are stored. Picklers write keys 0, 1, 2 ... in
 * order, so presence is a counter until a PUT skips ahead, and only then a set.
 */
/** Keys tracked once a PUT skips ahead (a set entry each), and values kept, before the scan gives up. */
const KEY_LIMIT = 4_000_000;
const VALUE_LIMIT = 250_000;

export class MemoLimitError extends Error {}

export class PickleMemo<V> {
  private readonly values = new Map<number, V>();
  private count = 0;
  private sparseKeys: Set<number> | undefined;

  /** Number of distinct keys, which is where MEMOIZE stores. */
  get size(): number {
    return this.sparseKeys ? this.sparseKeys.size : this.count;
  }

  has(index: number): boolean {
    return this.sparseKeys ? this.sparseKeys.has(index) : index < this.count;
  }

  /** The stored value, or undefined for a present key whose value was not worth keeping. */
  get(index: number): V | undefined {
    return this.values.get(index);
  }

  /** Records `index` as present; keeps `value` only when it is given. */
  put(index: number, value: V | undefined): void {
    if (this.sparseKeys) this.sparseKeys.add(index);
    else if (index === this.count) this.count++;
    else if (index > this.count) {
      if (this.count > KEY_LIMIT) throw new MemoLimitError();
      this.sparseKeys = new Set(Array.from({ length: this.count }, (_, i) => i));
      this.sparseKeys.add(index);
    }
    if (value === undefined) this.values.delete(index);
    else this.values.set(index, value);
    if (this.values.size > VALUE_LIMIT || (this.sparseKeys?.size ?? 0) > KEY_LIMIT) throw new MemoLimitError();
  }
}
