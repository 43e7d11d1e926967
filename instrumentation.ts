/**
 * Opens the database at server start (Node.js runtime only): migrations apply, a missing append-only trigger stops the
 * server. A serving process (not `next build`) also starts the oversight ticker: due webhooks, expired waivers.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  await (await import('./lib/startup')).start();
  if (process.env.NEXT_PHASE !== 'phase-production-build') (await import('./lib/oversight-ticker')).startOversightTicker();
}
