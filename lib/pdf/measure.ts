import 'server-only';
import path from 'node:path';
import * as fontkit from 'fontkit';
import { FONT_DIR, FONT_FILES } from './fonts';

export type TextFace = 'sans' | 'sansBold' | 'mono';
export type TextStyleSpec = { face: TextFace; size: number };

type Metrics = { unitsPerEm: number; postscriptName: string; advance: (codePoint: number) => number };

const metrics = new Map<TextFace, Metrics>();

/** Per-character advances from the same TrueType files the renderer embeds (cached: layout calls this per cell). */
function metricsFor(face: TextFace): Metrics {
  let found = metrics.get(face);
  if (!found) {
    const font = fontkit.openSync(path.join(/* turbopackIgnore: true */ FONT_DIR, FONT_FILES[face])) as fontkit.Font;
    const cache = new Map<number, number>();
    found = {
      unitsPerEm: font.unitsPerEm,
      postscriptName: font.postscriptName,
      advance: (codePoint) => {
        let width = cache.get(codePoint);
        if (width === undefined) {
          width = font.glyphForCodePoint(codePoint).advanceWidth;
          cache.set(codePoint, width);
        }
        return width;
      },
    };
    metrics.set(face, found);
  }
  return found;
}

/** The face's PostScript name: the key under which the PDF writer caches an embedded font. */
export const postscriptNameOf = (face: TextFace) => metricsFor(face).postscriptName;

/** Width in points; kerning is ignored, which can only over-estimate, so text measured to fit does fit. */
export function textWidth(text: string, { face, size }: TextStyleSpec): number {
  const { unitsPerEm, advance } = metricsFor(face);
  let units = 0;
  for (const char of text) units += advance(char.codePointAt(0)!);
  return (units * size) / unitsPerEm;
}

const BREAK_AFTER = '/.-_:?&=,;';

/** Breaks a token wider than the line into pieces that fit, after a separator where one is near the limit. */
function breakToken(token: string, maxWidth: number, spec: TextStyleSpec): string[] {
  const pieces: string[] = [];
  let rest = token;
  while (textWidth(rest, spec) > maxWidth) {
    let fit = 1;
    while (fit < rest.length && textWidth(rest.slice(0, fit + 1), spec) <= maxWidth) fit += 1;
    // At the last break character in what fits ("equal_opportunity_" then "difference", "credit-" then
    // "scorecard-gbm"), so a snake_case name, a hyphenated one or a path parts at its separators, never mid-word;
    // only a token with none in what fits (a digest) is cut where the line runs out. A piece shorter than a few
    // characters ("a-" before a digest) would waste a line: those cut where the line runs out too.
    let cut = fit;
    for (let i = fit; i > Math.max(1, Math.min(4, Math.floor(fit / 4))); i -= 1) {
      if (BREAK_AFTER.includes(rest[i - 1]!)) {
        cut = i;
        break;
      }
    }
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/**
 * Greedy line breaking at spaces (and inside tokens too long for a line), honouring explicit newlines. The lines are
 * handed to the renderer joined by newlines, so what was measured is what is drawn: no hyphen is ever inserted.
 */
export function wrapLines(text: string, maxWidth: number, spec: TextStyleSpec): string[] {
  const lines: string[] = [];
  const spaceWidth = textWidth(' ', spec);
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    for (const word of paragraph.split(/ +/).filter(Boolean)) {
      const wordWidth = textWidth(word, spec);
      if (line && lineWidth + spaceWidth + wordWidth <= maxWidth) {
        line += ` ${word}`;
        lineWidth += spaceWidth + wordWidth;
        continue;
      }
      if (line) lines.push(line);
      const pieces = wordWidth > maxWidth ? breakToken(word, maxWidth, spec) : [word];
      lines.push(...pieces.slice(0, -1));
      line = pieces.at(-1)!;
      lineWidth = textWidth(line, spec);
    }
    lines.push(line);
  }
  return lines;
}
