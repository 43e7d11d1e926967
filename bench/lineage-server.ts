/**
 * Serves the production build on the lineage DATA_DIR (300,000 edges plus the 500-node graph) and runs, on that
 * one server, the Chromium layout bench and then the OpenLineage ingest bench. The server is always stopped.
 * BENCH_LINEAGE=paint or BENCH_LINEAGE=ingest runs only that one.
 */
import path from 'node:path';
import { DEMO_PASSWORD } from '@/lib/seed/demo-data';
import { readLineageBenchInfo } from './lineage-info';
import { measureIngest } from './lineage-ingest';
import { measurePaint } from './lineage-paint';
import { signIn, startServer, stopServerAndWait } from './next-server';
import { runMain } from './run-main';

async function main() {
  const dataDir = process.env.DATA_DIR;
  if (!dataDir) throw new Error('DATA_DIR must point at the seeded lineage data directory.');
  const info = readLineageBenchInfo();
  await startServer(dataDir, path.join(path.dirname(dataDir), 'lineage-server.log'));
  try {
    const only = process.env.BENCH_LINEAGE;
    // An auditor reads everything and changes nothing: the page bench cannot alter what it measures.
    if (only !== 'ingest') await measurePaint(await signIn({ email: 'aude.laurent@example.com', password: DEMO_PASSWORD }), info);
    if (only !== 'paint') await measureIngest(info.token);
  } finally {
    await stopServerAndWait();
  }
}

runMain(main);
