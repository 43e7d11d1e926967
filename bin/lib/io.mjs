// @ts-check

/**
 * Where a command writes: results on stdout, reasons and warnings on stderr; with --json, stdout holds one JSON
 * document (the server's answer) and nothing else, so a pipeline can pipe it to jq.
 * @typedef {{ out: (line: string) => void, err: (line: string) => void, json: boolean, result: (value: unknown, lines: () => string[]) => void }} Io
 */

/**
 * @param {{ write: (s: string) => unknown }} stdout
 * @param {{ write: (s: string) => unknown }} stderr
 * @param {boolean} json
 * @returns {Io}
 */
export function createIo(stdout, stderr, json) {
  return {
    json,
    out: (line) => void stdout.write(`${line}\n`),
    err: (line) => void stderr.write(`${line}\n`),
    result: (value, lines) => void stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : lines().map((l) => `${l}\n`).join('')),
  };
}

/** @param {number} n @param {string} word */
export const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** @param {number} bytes */
export function formatBytes(bytes) {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? plural(bytes, 'byte') : `${value.toFixed(1)} ${units[unit]}`;
}
