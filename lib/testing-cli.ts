import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Longest a CLI child may run in a test. spawnSync blocks the test's process, so vitest's own timeout cannot fire while
 * it waits: without this a child stuck on a lock would stall the whole run until CI gave up.
 */
const CHILD_TIMEOUT_MS = 120_000;

type CliOptions = { env?: Record<string, string | undefined>; input?: string };

/**
 * Runs tsx with the server conditions in a separate process, as users run `npm run cli`, and waits for it. tsx is
 * started directly, not through npx and a shell, so the timeout's SIGTERM reaches it and it passes it on to the script.
 */
export function runTsx(args: string[], { env = {}, input }: CliOptions = {}) {
  const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
  const result = spawnSync(tsx, ['--conditions=react-server', ...args], { env: { ...process.env, ...env }, input, encoding: 'utf8', timeout: CHILD_TIMEOUT_MS });
  if (result.error) throw new Error(`tsx ${args.join(' ')} did not finish: ${result.error.message}\n${result.stderr}`, { cause: result.error });
  return result;
}

/** `npm run cli -- <args>` in its own process. */
export function runCli(args: string[], options: CliOptions = {}) {
  return runTsx(['lib/cli/main.ts', ...args], options);
}

/** A shell block of README.md between `<!-- marker:begin -->` and `<!-- marker:end -->`, exactly as users read it. */
export function readmeShellBlock(marker: string): string {
  const readme = fs.readFileSync(path.join(process.cwd(), 'README.md'), 'utf8');
  const block = new RegExp(`<!-- ${marker}:begin -->\\n\`\`\`sh\\n([\\s\\S]*?)\`\`\`\\n<!-- ${marker}:end -->`).exec(readme);
  if (!block) throw new Error(`README.md has no ${marker} block`);
  return block[1]!;
}
