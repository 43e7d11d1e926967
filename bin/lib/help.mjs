// @ts-check
import { COMMANDS, COMMON_OPTIONS } from './args.mjs';

/** @param {Record<string, import('./args.mjs').OptionSpec>} options */
function optionLines(options) {
  return Object.entries(options).map(([name, o]) => {
    const flag = `--${name}${o.value ? ` ${o.value}` : ''}`;
    return `  ${flag.padEnd(30)} ${o.help}${o.required ? ' Required.' : ''}`;
  });
}

const EXIT_CODES = [
  'Exit codes:',
  '  0  yes: registered, recorded, accepted, requested, the gate passes, the digest is approved',
  '  1  no: unsafe artifact, refused report, rejected event, the gate fails, the digest is not approved (reasons on stderr)',
  "  2  no answer: usage error, missing configuration, connection failure or timeout, 401 (token invalid or expired),",
  '     403 (scope missing), 404, 413, 5xx. A pipeline must treat 2 as "cannot tell", never as pass or fail.',
];

const ENVIRONMENT = [
  'Environment:',
  '  PROVENANT_URL      the server, e.g. https://provenant.example.com (or --url)',
  '  PROVENANT_TOKEN    an API token; never on the command line, where CI logs and `ps` would show it',
  '  PROVENANT_TIMEOUT  seconds to wait for an answer (default 60)',
];

export function generalHelp() {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'provenant: put Provenant in a CI pipeline. Register artifacts, attach tool reports, send lineage, request promotion,',
    'and gate a deployment on the approved version.',
    '',
    'Usage: provenant <command> [options]    (provenant <command> --help for its options)',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    ...ENVIRONMENT,
    '',
    ...EXIT_CODES,
    '',
  ].join('\n');
}

/** @param {string} command */
export function commandHelp(command) {
  const spec = COMMANDS[command];
  if (!spec) return generalHelp();
  return [
    `Usage: provenant ${command} ${Object.entries(spec.options).map(([n, o]) => (o.required ? `--${n} ${o.value}` : `[--${n} ${o.value}]`)).join(' ')} [--json]`,
    '',
    spec.summary,
    '',
    'Options:',
    ...optionLines(spec.options),
    ...optionLines(COMMON_OPTIONS),
    '',
    `Token scope: ${spec.scope}.`,
    `Exit: ${spec.exits}`,
    '',
    ...ENVIRONMENT,
    '',
  ].join('\n');
}
