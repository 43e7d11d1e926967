// @ts-check

/** The exit codes a pipeline branches on: the answer is yes (0), the answer is no (1), or there is no answer (2). */
export const EXIT = Object.freeze({ ok: 0, no: 1, error: 2 });

/** A failure the CLI explains in one message and maps to an exit code; never printed with a stack trace. */
export class CliError extends Error {
  /**
   * @param {string} message what went wrong and what to do, in words a CI log reader acts on
   * @param {number} [exitCode] EXIT.error unless the answer itself is "no"
   */
  constructor(message, exitCode = EXIT.error) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A command line that cannot be run: exit 2 with the usage of the command. */
export class UsageError extends CliError {
  /**
   * @param {string} message
   * @param {string} [command] whose `--help` the message points to
   */
  constructor(message, command) {
    super(`${message}\nRun \`provenant ${command ? `${command} ` : ''}--help\` for the usage.`, EXIT.error);
    this.name = 'UsageError';
  }
}
