import { objectAt, parseJsonText, refuse, type JsonObject } from './report-input';

const MAX_LINES = 5_000_000;
const MAX_LINE_CHARS = 8 * 1024 * 1024;

/** JSON Lines: every non-empty line one JSON object, bounded in count and length; yields it with its line number. */
export function* jsonLines(text: string): Generator<{ entry: JsonObject; line: number }> {
  let start = 0;
  let line = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    line++;
    if (line > MAX_LINES) refuse(`more than ${MAX_LINES.toLocaleString('en')} lines`);
    if (stop - start > MAX_LINE_CHARS) refuse(`a line is longer than ${MAX_LINE_CHARS.toLocaleString('en')} characters`, `line ${line}`);
    const raw = text.slice(start, stop).trim();
    start = stop + 1;
    if (raw === '') continue;
    yield { entry: objectAt(parseJsonText(raw, `line ${line}`), `line ${line}`), line };
  }
}
