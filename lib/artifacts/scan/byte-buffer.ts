/**
 * A growable byte buffer for the disassembler's unparsed tail. Capacity doubles, so waiting for a long argument
 * across many small chunks costs linear time instead of re-copying everything on every chunk.
 */
export class ByteBuffer {
  private store = new Uint8Array(0);
  private used = 0;

  get length(): number {
    return this.used;
  }

  /** A view of the buffered bytes, valid until the next append, drop or clear. */
  bytes(): Uint8Array {
    return this.store.subarray(0, this.used);
  }

  append(bytes: Uint8Array): void {
    const needed = this.used + bytes.length;
    if (needed > this.store.length) {
      const grown = new Uint8Array(Math.max(needed, this.store.length * 2, 4096));
      grown.set(this.bytes());
      this.store = grown;
    }
    this.store.set(bytes, this.used);
    this.used = needed;
  }

  /** Forgets the first `count` bytes. */
  drop(count: number): void {
    if (count === 0) return;
    this.store.copyWithin(0, count, this.used);
    this.used -= count;
  }

  clear(): void {
    this.used = 0;
  }
}
