// @ts-check
import { parseCommandLine } from './args.mjs';
import { createClient } from './client.mjs';
import { gate } from './commands/gate.mjs';
import { lineage } from './commands/lineage.mjs';
import { promote } from './commands/promote.mjs';
import { register } from './commands/register.mjs';
import { report } from './commands/report.mjs';
import { verify } from './commands/verify.mjs';
import { resolveConfig } from './config.mjs';
import { CliError, EXIT } from './exit.mjs';
import { commandHelp, generalHelp } from './help.mjs';
import { createIo } from './io.mjs';

const HANDLERS = { register, report, lineage, promote, gate, verify };

/**
 * Runs one command line and answers its exit code. Every failure ends here as one message on stderr: no stack
 * traces in CI logs, and never the token.
 * @param {string[]} argv
 * @param {{ env: Record<string, string | undefined>, stdout: { write: (s: string) => unknown }, stderr: { write: (s: string) => unknown }, fetch?: typeof fetch }} context
 * @returns {Promise<number>}
 */
export async function run(argv, context) {
  const io = createIo(context.stdout, context.stderr, argv.includes('--json'));
  try {
    const { command, help, options } = parseCommandLine(argv);
    if (help || !command) {
      context.stdout.write(command ? commandHelp(command) : generalHelp());
      return EXIT.ok;
    }
    const config = resolveConfig(options, context.env, command);
    for (const warning of config.warnings) io.err(warning);
    const client = createClient(config, context.fetch);
    return await HANDLERS[/** @type {keyof typeof HANDLERS} */ (command)](client, options, io, config);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`provenant: ${error.message}`);
      return error.exitCode;
    }
    io.err(`provenant: unexpected failure: ${/** @type {Error} */ (error)?.message ?? String(error)}`);
    return EXIT.error;
  }
}
