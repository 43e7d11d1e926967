/**
 * The raw storage section of a legacy (pre-ZIP) torch.save file: one record per storage, an 8-byte element count
 * then count x element-size bytes, back to back to the end of the file. Element sizes live in the pickles, which
 * the scanner does not evaluate, so every size torch has is tried: the section is accounted for when some choice of
 * sizes walks from the end of the last pickle exactly to the end of the file.
 */
import type { FileHandle } from 'node:fs/promises';
import { readAt } from './read-at';

const ELEMENT_SIZES = [1, 2, 4, 8, 16].map(BigInt);
/** Positions tried before giving up; a real file has a few per storage. */
const MAX_STATES = 100_000;

/** true when the records end exactly at `size`, false when they cannot, undefined when it took too long to tell. */
export async function storagesReachEnd(handle: FileHandle, start: number, size: number): Promise<boolean | undefined> {
  const end = BigInt(size);
  const seen = new Set<number>([start]);
  const queue = [start];
  while (queue.length > 0) {
    if (seen.size > MAX_STATES) return undefined;
    const at = queue.pop()!;
    if (at === size) return true;
    if (at + 8 > size) continue;
    const count = (await readAt(handle, 8, at)).readBigUInt64LE(0);
    for (const elementSize of ELEMENT_SIZES) {
      const next = BigInt(at + 8) + count * elementSize;
      if (next > end || seen.has(Number(next))) continue;
      seen.add(Number(next));
      queue.push(Number(next));
    }
  }
  return false;
}
