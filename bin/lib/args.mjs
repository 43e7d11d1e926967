// @ts-check
import { parseArgs } from 'node:util';
import { UsageError } from './exit.mjs';

/** @typedef {{ type: 'string' | 'boolean', required?: boolean, choices?: readonly string[], value?: string, help: string }} OptionSpec */
/** @typedef {{ summary: string, scope: string, exits: string, options: Record<string, OptionSpec> }} CommandSpec */

const STAGES = ['staging', 'production'];
export const REPORT_FORMATS = ['sarif', 'pip-audit', 'cyclonedx', 'garak', 'promptfoo'];
export const MODEL_FORMATS = ['safetensors', 'onnx', 'pytorch', 'pickle', 'gguf', 'other'];

/** Options every command takes. The token is deliberately not one of them: see `rejectTokenOption`. */
export const COMMON_OPTIONS = /** @type {Record<string, OptionSpec>} */ ({
  url: { type: 'string', value: '<url>', help: 'Provenant base URL (default: $PROVENANT_URL).' },
  timeout: { type: 'string', value: '<seconds>', help: 'Give up on a request after this long (default: $PROVENANT_TIMEOUT or 60; uploads get at least 1 s per MiB).' },
  json: { type: 'boolean', help: "Print the server's answer as JSON on stdout (messages still go to stderr)." },
  help: { type: 'boolean', help: 'Show this help.' },
});

/** @type {Record<string, CommandSpec>} */
export const COMMANDS = {
  register: {
    summary: 'Hash a model file locally, upload it (the server refuses bytes that hash differently), register it as a version and show the scan.',
    scope: 'register',
    exits: '0 registered and scanned clean (or not scannable: a warning); 1 the scan found the artifact unsafe; 2 error.',
    options: {
      model: { type: 'string', required: true, value: '<model-id>', help: 'The model the version belongs to.' },
      version: { type: 'string', required: true, value: '<label>', help: 'The version label, e.g. 1.4.0 (registering the same label and bytes again is harmless).' },
      file: { type: 'string', required: true, value: '<path>', help: 'The artifact to hash and upload.' },
      format: { type: 'string', choices: MODEL_FORMATS, value: '<format>', help: `Claimed format (${MODEL_FORMATS.join(', ')}); the server detects it from the bytes and refuses a claim that disagrees.` },
      license: { type: 'string', value: '<license>', help: 'License, e.g. apache-2.0.' },
      uri: { type: 'string', value: '<uri>', help: 'Where the artifact lives in your registry.' },
    },
  },
  report: {
    summary: "Attach a tool's own report (SARIF, pip-audit, CycloneDX, garak, promptfoo) to a version; the server computes the metrics.",
    scope: 'register',
    exits: '0 recorded (a failing metric or a raised finding is shown, and the gate judges it); 1 the server refused the report; 2 error.',
    options: {
      version: { type: 'string', required: true, value: '<version-id>', help: 'The model version the report was run on (bound to its digest).' },
      file: { type: 'string', required: true, value: '<path>', help: 'The report file, exactly as the tool wrote it.' },
      format: { type: 'string', choices: REPORT_FORMATS, value: '<format>', help: `When the server cannot detect it: ${REPORT_FORMATS.join(', ')}.` },
      environment: { type: 'string', choices: STAGES, value: '<env>', help: 'Where it ran: staging (default) or production.' },
    },
  },
  lineage: {
    summary: 'Send OpenLineage run events: one event, a JSON array, or NDJSON (one event a line); `-` reads stdin.',
    scope: 'lineage:write (or register)',
    exits: '0 every event accepted; 1 any event rejected (each is listed with its issues); 2 error.',
    options: {
      file: { type: 'string', required: true, value: '<path|->', help: 'The events file, or - for stdin.' },
    },
  },
  promote: {
    summary: 'Request promotion of a version (the gate must pass); signing stays with people in the browser.',
    scope: 'promote',
    exits: '0 request opened (its id and link printed); 1 the gate does not pass (the reasons on stderr); 2 error.',
    options: {
      version: { type: 'string', required: true, value: '<version-id>', help: 'The model version.' },
      stage: { type: 'string', required: true, choices: STAGES, value: '<stage>', help: 'staging or production.' },
      justification: { type: 'string', required: true, value: '<text>', help: 'Why, in a sentence or more (reviewers read it).' },
    },
  },
  gate: {
    summary: "Evaluate a version's promotion gate for a stage, live.",
    scope: 'read',
    exits: '0 the gate passes; 1 it fails (each unmet requirement on stderr, one a line); 2 error, including 401, 403 and 404.',
    options: {
      version: { type: 'string', required: true, value: '<version-id>', help: 'The model version.' },
      stage: { type: 'string', required: true, choices: STAGES, value: '<stage>', help: 'staging or production.' },
    },
  },
  verify: {
    summary: 'Before shipping bytes: is this digest the approved version of the stage?',
    scope: 'read',
    exits: '0 the digest is the approved version of the stage (in the system, if given); 1 it is not (what it is instead on stderr); 2 error.',
    options: {
      digest: { type: 'string', required: true, value: '<sha256>', help: 'The SHA-256 of the artifact to ship (64 hex digits; a sha256: prefix is fine).' },
      stage: { type: 'string', choices: STAGES, value: '<stage>', help: 'production (default) or staging.' },
      system: { type: 'string', value: '<system-id>', help: 'Only a version of this AI system counts.' },
    },
  },
};

/**
 * A token on the command line lands in CI logs and in `ps`: refuse it whatever it is spelled like.
 * @param {string[]} argv
 */
function rejectTokenOption(argv) {
  if (argv.some((a) => /^--?(token|api-token|provenant-token)(=|$)/i.test(a))) {
    throw new UsageError('The token is never taken on the command line (it would land in CI logs and in `ps`): set PROVENANT_TOKEN in the environment, from your CI secrets.');
  }
}

/**
 * A SHA-256 as the server stores it; the `sha256:` prefix of OCI and cosign output is accepted.
 * @param {string} value
 */
export function normaliseDigest(value) {
  const digest = value.trim().toLowerCase().replace(/^sha256:/, '');
  if (!/^[0-9a-f]{64}$/.test(digest)) throw new UsageError(`--digest must be a SHA-256: 64 hexadecimal characters (got ${JSON.stringify(value.slice(0, 80))}).`, 'verify');
  return digest;
}

/**
 * Parses `provenant <command> [options]`. Pure: the same argv gives the same answer or the same UsageError.
 * @param {string[]} argv the arguments after `provenant`
 * @returns {{ command: string | null, help: boolean, options: Record<string, string | boolean | undefined> }}
 */
export function parseCommandLine(argv) {
  rejectTokenOption(argv);
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return { command: null, help: true, options: {} };
  if (first.startsWith('-')) throw new UsageError(`Name a command first (${Object.keys(COMMANDS).join(', ')}), then its options.`);
  const spec = COMMANDS[first];
  if (!spec || !Object.hasOwn(COMMANDS, first)) throw new UsageError(`Unknown command "${first.slice(0, 40)}". Commands: ${Object.keys(COMMANDS).join(', ')}.`);
  const specs = { ...spec.options, ...COMMON_OPTIONS };
  /** @type {ReturnType<typeof parseArgs>} */
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: Object.fromEntries(Object.entries(specs).map(([name, o]) => [name, { type: o.type }])), strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError(/** @type {Error} */ (error).message.replace(/\. To specify a positional argument.*$/s, '.'), first);
  }
  const options = /** @type {Record<string, string | boolean | undefined>} */ (parsed.values);
  if (options.help) return { command: first, help: true, options };
  for (const [name, o] of Object.entries(specs)) {
    const value = options[name];
    if (o.required && (value === undefined || value === '')) throw new UsageError(`--${name} ${o.value ?? ''} is required.`.replace('  ', ' '), first);
    if (typeof value === 'string' && value.trim() === '' && !o.required) throw new UsageError(`--${name} needs a value.`, first);
    if (o.choices && typeof value === 'string' && !o.choices.includes(value)) throw new UsageError(`--${name} must be one of: ${o.choices.join(', ')} (got "${value.slice(0, 40)}").`, first);
  }
  if (typeof options.timeout === 'string') timeoutSeconds(options.timeout, first);
  return { command: first, help: false, options };
}

/**
 * Seconds of patience, bounded so a typo cannot make a pipeline hang for a day.
 * @param {string} value
 * @param {string} [command]
 */
export function timeoutSeconds(value, command) {
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    throw new UsageError(`The timeout must be a number of seconds between 0 and 3600 (got "${value.slice(0, 40)}").`, command);
  }
  return seconds;
}
