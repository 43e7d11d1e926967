/** Opens the database at server start (Node.js runtime only): migrations apply, a missing append-only trigger stops the server. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') await import('./lib/startup');
}
