/** Opens the database at server start: migrations are applied, and a missing append-only trigger stops the server. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getConnection } = await import('./db');
  try {
    getConnection();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
