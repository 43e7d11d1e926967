import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { packDir, packFilePath } from '@/lib/packs/pack-files';
import { blobPath, createLocalBlobStore } from './local-blob-store';

/** Every fsync the code asks for, by path, in order: those of the thread pool (FileHandle.sync) and the blocking ones. */
async function watchFlushes() {
  const probe = await fs.promises.open(import.meta.filename, 'r');
  const fileHandle = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
  await probe.close();
  const pathOf = new WeakMap<object, string>();
  const realOpen = fs.promises.open.bind(fs.promises);
  const realSync = fileHandle.sync;
  const flushed: string[] = [];
  vi.spyOn(fs.promises, 'open').mockImplementation(async (...args: Parameters<typeof fs.promises.open>) => {
    const handle = await realOpen(...args);
    pathOf.set(handle, String(args[0]));
    return handle;
  });
  vi.spyOn(fileHandle, 'sync').mockImplementation(async function (this: object) {
    flushed.push(pathOf.get(this) ?? '?');
    return await realSync.call(this);
  });
  const blocking = vi.spyOn(fs, 'fsyncSync');
  return { flushed, blocking };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the local blob store flushes to disk off the event loop', () => {
  it('stages and commits a blob with every fsync on the thread pool: the file, then each directory the rename touched, before commit returns', async () => {
    const { flushed, blocking } = await watchFlushes();
    const store = createLocalBlobStore();
    const staged = await store.stage(Readable.from([randomBytes(4096)]));
    expect(flushed).toEqual([staged.tempPath]);
    await store.commit(staged);
    const dir = path.dirname(blobPath(staged.sha256));
    expect(flushed).toEqual([staged.tempPath, dir, path.dirname(dir), path.dirname(path.dirname(dir)), path.dirname(staged.tempPath)]);
    expect(fs.existsSync(blobPath(staged.sha256))).toBe(true);
    // A blocking fsync stalls every request the server is handling for as long as the disk takes.
    expect(blocking).not.toHaveBeenCalled();
  });

  it('hands an evidence pack file over the same way', async () => {
    const { flushed, blocking } = await watchFlushes();
    const store = createLocalBlobStore();
    const packId = randomUUID();
    const source = `${packFilePath(packId, 'pdf')}.partial`;
    fs.mkdirSync(packDir(packId), { recursive: true });
    fs.writeFileSync(source, randomBytes(1024));
    await store.putPack(packId, 'pdf', source);
    expect(flushed).toEqual([source, packDir(packId), path.dirname(packDir(packId)), path.dirname(path.dirname(packDir(packId)))]);
    expect(fs.existsSync(packFilePath(packId, 'pdf'))).toBe(true);
    expect(blocking).not.toHaveBeenCalled();
  });
});
