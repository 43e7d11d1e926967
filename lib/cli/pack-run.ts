import { generateEvidencePack } from '@/lib/packs/generate-evidence-pack';

/**
 * A generator the server spawned has an IPC channel to it: when that closes (the server died), stop at once. Its
 * server decides when it stops otherwise (it ignores SIGTERM and SIGINT: lib/cli/pack-runtime.mjs).
 */
function stopWithParent() {
  if (!process.send) return;
  const stop = () => {
    console.error('The server that started this generator is gone; stopping (the pack is failed at its next start).');
    process.exit(75);
  };
  process.on('disconnect', stop);
  if (!process.connected) stop();
}

/** `pack run <id>`: generates one queued evidence pack; the server spawns this so rendering never blocks it. */
export async function runPackRun(id: string | undefined): Promise<number> {
  if (!id) {
    console.error('Usage: npm run cli -- pack run <pack id>');
    return 2;
  }
  stopWithParent();
  const startedAt = Date.now();
  const result = await generateEvidencePack(id);
  if (!result.ok) {
    console.error(`Evidence pack ${id} failed: ${result.error}`);
    return 1;
  }
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  console.log(`Evidence pack ${id}: ${result.pageCount} pages in ${seconds}s; pdf sha256=${result.pdfSha256} zip sha256=${result.zipSha256}`);
  console.log(`max_rss_kib=${process.resourceUsage().maxRSS}`);
  return 0;
}
