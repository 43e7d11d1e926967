import 'server-only';
import path from 'node:path';
import { Font } from '@react-pdf/renderer';

/** The repository's own TrueType files: documents never depend on a download or on the host's fonts. */
export const FONT_DIR = path.join(/* turbopackIgnore: true */ process.cwd(), 'lib', 'pdf', 'fonts');

export const FONT_FILES = {
  sans: 'LiberationSans-Regular.ttf',
  sansBold: 'LiberationSans-Bold.ttf',
  sansItalic: 'LiberationSans-Italic.ttf',
  sansBoldItalic: 'LiberationSans-BoldItalic.ttf',
  mono: 'LiberationMono-Regular.ttf',
  monoBold: 'LiberationMono-Bold.ttf',
} as const;

export const SANS = 'Liberation Sans';
export const MONO = 'Liberation Mono';

/** Words longer than this may break inside; shorter words never do (no dictionary hyphenation in a regulator's text). */
export const LONG_WORD = 24;
const LONG_WORD_PIECE = 12;

/** A record id (with the punctuation a sentence puts around it): it fits any line, and is never cut. */
const RECORD_ID = /^\(?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}[).,;:]*$/i;

/**
 * Splits an over-long token (a URI, an email address, a long name) into pieces a line may end after, preferring natural separators,
 * so nothing runs past a cell's edge. Ordinary words and record ids come back whole: a line that ends inside a piece
 * gets a hyphen from the layout, which in an id ("9603--e979") would print an id that does not exist. Digests are
 * grouped in eights with spaces (groupDigest) and break there.
 */
export function splitLongWord(word: string): string[] {
  if (word.length <= LONG_WORD || RECORD_ID.test(word)) return [word];
  const pieces: string[] = [];
  let current = '';
  for (const char of word) {
    // An email address may break before its @ and at its dots, never inside a word of it ("dana.whitfield@examp le.com").
    if (char === '@' && current) {
      pieces.push(current);
      current = '';
    }
    current += char;
    if (current.length >= LONG_WORD_PIECE || (current.length >= 4 && '/.-_:?&=,'.includes(char))) {
      pieces.push(current);
      current = '';
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

const file = (name: string) => path.join(/* turbopackIgnore: true */ FONT_DIR, name);

let registered = false;

/** Registers the document fonts once per process; every renderer entry point calls it before laying out. */
export function registerPdfFonts() {
  if (registered) return;
  Font.register({
    family: SANS,
    fonts: [
      { src: file(FONT_FILES.sans) },
      { src: file(FONT_FILES.sansBold), fontWeight: 'bold' },
      { src: file(FONT_FILES.sansItalic), fontStyle: 'italic' },
      { src: file(FONT_FILES.sansBoldItalic), fontWeight: 'bold', fontStyle: 'italic' },
    ],
  });
  Font.register({
    family: MONO,
    fonts: [{ src: file(FONT_FILES.mono) }, { src: file(FONT_FILES.monoBold), fontWeight: 'bold' }],
  });
  Font.registerHyphenationCallback(splitLongWord);
  registered = true;
}
