import { describe, expect, it } from 'vitest';
import { clipped, isBlank, textProblem } from './well-formed';

describe('textProblem: bidirectional controls', () => {
  it.each([
    ['an override left open', 'psi of amount\u202e ≥ 0.25', '202E'],
    ['an embedding left open', 'x\u202b y', '202B'],
    ['an isolate left open', 'x\u2067 y', '2067'],
    ['an override closed only by a PDI, which closes isolates', 'a\u202eb\u2069c', '202E'],
    ['an isolate a PDF cannot close', 'a\u2068b\u202cc', '2068'],
    ['an override closed in another paragraph only', 'a\u202eb\nc\u202c', '202E'],
    ['the first of two left open', '\u202d\u202e', '202D'],
  ])('refuses %s', (_, text, code) => {
    expect(textProblem(text)).toContain(`U+${code}`);
  });

  it('stays linear on hostile input: 100,000 closers with nothing to close, deeper nesting than UAX #9 allows', () => {
    // Quadratic work here (each PDI searching the stack) held the server for minutes on a 1 MB body.
    expect(textProblem('\u202a'.repeat(100_000) + '\u2069'.repeat(100_000))).toContain('U+202A');
    expect(textProblem('\u202a'.repeat(100) + '\u2069'.repeat(100_000))).toContain('U+202A');
    expect(textProblem(`${'\u2066'.repeat(100)}x${'\u2069'.repeat(100)}`.repeat(1_000))).toBeNull();
    expect(textProblem('\u2066'.repeat(126) + '\u2069'.repeat(126))).toContain('U+2066');
  });

  it.each([
    ['plain text', 'amount ≥ 0.25'],
    ['an override closed by its PDF', '\u202eexe.txt\u202c'],
    ['an isolate closed by its PDI, with an embedding inside it', 'a\u2067b\u202bc\u2069d'],
    ['stray closers', '\u202c\u2069 x'],
    ['right-to-left text and marks, which reorder nothing after them', 'שלום \u200f עולם ‎مرحبا'],
    ['controls closed within each paragraph', 'a\u202ab\u202c\nc\u2066d\u2069'],
  ])('accepts %s', (_, text) => {
    expect(textProblem(text)).toBeNull();
  });
});

describe('clipped', () => {
  it('cuts to the limit with an ellipsis, never through a surrogate pair, and never leaves a direction control open', () => {
    expect(clipped('short', 10)).toBe('short');
    // Nine units are kept: seven letters and the whole emoji; with eight letters the ninth unit is half of it.
    expect(clipped(`${'a'.repeat(7)}😀tail`, 10)).toBe(`${'a'.repeat(7)}😀…`);
    const cut = clipped(`${'a'.repeat(8)}😀tail`, 10);
    expect(cut).toBe(`${'a'.repeat(8)}…`);
    expect(cut.isWellFormed()).toBe(true);
    const opened = clipped(`${'c'.repeat(5)}\u202Exyz\u202Cwxyz-and-more`, 10);
    expect(opened).toBe(`${'c'.repeat(5)}xyz…`);
    expect(textProblem(opened)).toBeNull();
    // A pair closed before the cut stays as it was.
    expect(clipped(`a\u2066b\u2069c-and-a-lot-more`, 8)).toBe('a\u2066b\u2069c-a…');
    for (const max of [2, 3, 4, 5, 6, 7, 8, 9]) {
      const text = clipped('😀'.repeat(6), max);
      expect(text.length <= max && text.isWellFormed(), `${max}: ${text}`).toBe(true);
    }
  });
});

describe('isBlank', () => {
  it('finds nothing to read in white space, format characters, fillers and the blank braille pattern', () => {
    for (const blank of ['', ' \n\t', '\u200B \u00AD', '\u2060\uFEFF', '\u3164', '\u115F\u1160', '\uFFA0', '\u2800', '\uFE0F', '\u034F']) expect(isBlank(blank), JSON.stringify(blank)).toBe(true);
    expect(isBlank(null)).toBe(true);
  });

  it('reads any visible character, in any script', () => {
    for (const text of ['x', '·', '\u200B.', 'ㅎ', '⠁', '😀', '٠']) expect(isBlank(text), JSON.stringify(text)).toBe(false);
  });
});
