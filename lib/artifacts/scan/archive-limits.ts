/**
 * Bounds on what a ZIP may make the scanner do. Over any of them the archive is `unsafe`, with the cap named: a model
 * checkpoint never needs more, and an archive that does is built to exhaust whoever opens it (a zip bomb).
 * Declared sizes are checked from the central directory before anything is inflated; actual output is counted too,
 * since declared sizes can lie.
 */
export type ArchiveLimits = {
  /** Entries in one archive (torch.save writes one per tensor storage, plus a handful). */
  maxEntries: number;
  /** Uncompressed bytes of one compressed entry, declared or actually inflated. */
  maxEntryBytes: number;
  /** Uncompressed bytes of all compressed entries, nested archives included. */
  maxTotalBytes: number;
  /** Uncompressed-to-compressed ratio of an entry larger than ratioFloorBytes (deflate of real weights is near 1). */
  maxRatio: number;
  ratioFloorBytes: number;
  /** Archives inside archives, the outer one counting as 1. */
  maxDepth: number;
  /** A nested archive is read into memory to be scanned, so it is bounded on its own. */
  maxNestedBytes: number;
  /** Wall time for the whole archive. */
  maxMillis: number;
};

export const ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 20_000,
  maxEntryBytes: 1 << 30,
  maxTotalBytes: 2 ** 31,
  maxRatio: 100,
  ratioFloorBytes: 1 << 20,
  maxDepth: 2,
  maxNestedBytes: 256 << 20,
  maxMillis: 20_000,
};

export type ArchiveCap = 'entry count' | 'entry size' | 'total size' | 'compression ratio' | 'nesting depth' | 'nested archive size' | 'wall time';

/** Thrown when a cap is reached; the archive scan stops and reports it as critical. */
export class ArchiveLimitError extends Error {
  constructor(readonly cap: ArchiveCap, detail: string) {
    super(`over the ${cap} limit: ${detail}`);
  }
}

/** Counts what a scan inflates across an archive and its nested archives, and watches the clock. */
export class ArchiveBudget {
  inflatedBytes = 0;
  private readonly deadline: number;

  constructor(readonly limits: ArchiveLimits) {
    this.deadline = Date.now() + limits.maxMillis;
  }

  checkTime(): void {
    if (Date.now() > this.deadline) throw new ArchiveLimitError('wall time', `the scan took longer than ${this.limits.maxMillis} ms`);
  }

  /** Adds `bytes` inflated for one entry that has inflated `entryTotal` so far. */
  addInflated(bytes: number, entryTotal: number, name: string): void {
    this.inflatedBytes += bytes;
    if (entryTotal > this.limits.maxEntryBytes) throw new ArchiveLimitError('entry size', `${name} inflates past ${this.limits.maxEntryBytes} bytes`);
    if (this.inflatedBytes > this.limits.maxTotalBytes) throw new ArchiveLimitError('total size', `the archive inflates past ${this.limits.maxTotalBytes} bytes`);
    this.checkTime();
  }
}
