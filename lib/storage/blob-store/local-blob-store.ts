import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from '@/lib/config';
import { TooLarge } from '@/lib/errors';
import { packDir, packFilePath } from '@/lib/packs/pack-files';
import { asStorageError, fsyncDirs, fsyncPath } from '@/lib/storage/durable-files';
import type { BlobStore, ByteRange, OpenedBytes, StoredBlob, StoredPackFile } from './blob-store';
import { assertBytesMatch, digestKey, discardBlob, probeStaging, sha256OfStream, stageBlob, type StagedBlob } from './stage-blob';

const SHA256 = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Where the bytes of a digest live on disk: DATA_DIR/blobs/sha256/ab/cd/<sha256>. */
export const blobPath = (sha256: string) => path.join(dataDir(), 'blobs', ...digestKey(sha256).split('/'));

const entries = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);

function openFile(file: string, range?: ByteRange): OpenedBytes | null {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return null;
    throw error;
  }
  if (!range) return { stream: fs.createReadStream(file), size };
  const end = Math.min(range.end, size - 1);
  return { stream: fs.createReadStream(file, { start: range.start, end }), size: Math.max(0, end - range.start + 1) };
}

/**
 * Moves staged bytes to their content address (or drops them when those bytes are already stored), and flushes the
 * directories the rename touched, so a row that names the blob is never committed before its bytes are durable.
 */
async function commitLocally(staged: StagedBlob) {
  const target = blobPath(staged.sha256);
  const dir = path.dirname(target);
  try {
    fs.mkdirSync(dir, { recursive: true });
    if (fs.existsSync(target)) fs.rmSync(staged.tempPath, { force: true });
    else fs.renameSync(staged.tempPath, target);
    await fsyncDirs(dir, path.dirname(dir), path.dirname(path.dirname(dir)), path.dirname(staged.tempPath));
  } catch (error) {
    fs.rmSync(staged.tempPath, { force: true });
    throw asStorageError(error);
  }
}

async function* listBlobs(): AsyncIterable<StoredBlob> {
  const root = path.join(dataDir(), 'blobs', 'sha256');
  for (const a of entries(root)) {
    for (const b of entries(path.join(root, a))) {
      for (const name of entries(path.join(root, a, b))) {
        if (!SHA256.test(name) || name.slice(0, 2) !== a || name.slice(2, 4) !== b) continue;
        const stat = fs.statSync(path.join(root, a, b, name), { throwIfNoEntry: false });
        if (stat) yield { sha256: name, modifiedAt: stat.mtime };
      }
    }
  }
}

async function* listPacks(): AsyncIterable<StoredPackFile> {
  for (const packId of entries(path.join(dataDir(), 'packs')).filter((name) => UUID.test(name))) {
    for (const file of ['pdf', 'zip'] as const) if (fs.existsSync(packFilePath(packId, file))) yield { packId, file, name: `packs/${packId}/pack.${file}` };
  }
}

/** Today's layout under DATA_DIR, unchanged on disk, so existing data directories keep working. */
export function createLocalBlobStore(): BlobStore {
  const open = async (sha256: string, range?: ByteRange) => openFile(blobPath(sha256), range);
  const rehashFile = async (file: string) => {
    const opened = openFile(file);
    return opened ? sha256OfStream(opened.stream) : null;
  };
  const readBytes = (sha256: string, maxBytes: number) => {
    const stat = fs.statSync(blobPath(sha256), { throwIfNoEntry: false });
    if (!stat) return null;
    if (stat.size > maxBytes) throw new TooLarge(maxBytes, `The stored blob ${sha256}`);
    return assertBytesMatch(sha256, fs.readFileSync(blobPath(sha256)));
  };
  return {
    kind: 'local',
    where: 'DATA_DIR',
    stage: stageBlob,
    commit: commitLocally,
    discard: discardBlob,
    open,
    stat: async (sha256) => {
      const stat = fs.statSync(blobPath(sha256), { throwIfNoEntry: false });
      return stat ? { size: stat.size } : null;
    },
    rehash: (sha256) => rehashFile(blobPath(sha256)),
    readBytes: async (sha256, maxBytes) => readBytes(sha256, maxBytes),
    withLocalFile: async (sha256, read) => (fs.existsSync(blobPath(sha256)) ? read(blobPath(sha256)) : null),
    list: listBlobs,
    remove: async (sha256) => fs.rmSync(blobPath(sha256), { force: true }),
    locate: (sha256) => path.relative(dataDir(), blobPath(sha256)),
    locatePack: (packId, file) => path.relative(dataDir(), packFilePath(packId, file)),
    putPack: async (packId, file, source) => {
      const target = packFilePath(packId, file);
      try {
        await fsyncPath(source);
        fs.renameSync(source, target);
        await fsyncDirs(packDir(packId), path.dirname(packDir(packId)), path.dirname(path.dirname(packDir(packId))));
      } catch (error) {
        fs.rmSync(source, { force: true });
        throw asStorageError(error);
      }
    },
    openPack: async (packId, file) => openFile(packFilePath(packId, file)),
    rehashPack: (packId, file) => rehashFile(packFilePath(packId, file)),
    removePack: async (packId) => {
      const removed = (['pdf', 'zip'] as const).filter((file) => fs.existsSync(packFilePath(packId, file)));
      fs.rmSync(packDir(packId), { recursive: true, force: true });
      return removed.map((file) => `packs/${packId}/pack.${file}`);
    },
    listPacks,
    probe: probeStaging,
  };
}
