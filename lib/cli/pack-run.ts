import { generateEvidencePack } from '@/lib/packs/generate-evidence-pack';

/** `pack run <id>`: generates one queued evidence pack; the server spawns this so rendering never blocks it. */
export async function runPackRun(id: string | undefined): Promise<number> {
  if (!id) {
    console.error('Usage: npm run cli -- pack run <pack id>');
    return 2;
  }
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
