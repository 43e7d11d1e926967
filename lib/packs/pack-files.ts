import 'server-only';
import path from 'node:path';
import { dataDir } from '@/lib/config';
import type { PackFile } from './schemas';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Where a pack's files are written (and, with the local blob store, kept): built from the row's own id (a UUID,
 * checked), never from a path a user sent.
 */
export function packDir(packId: string): string {
  if (!UUID.test(packId)) throw new Error(`Not a pack id: ${packId}`);
  return path.join(dataDir(), 'packs', packId);
}

export function packFilePath(packId: string, file: PackFile): string {
  return path.join(packDir(packId), file === 'pdf' ? 'pack.pdf' : 'pack.zip');
}
