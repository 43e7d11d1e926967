import { describe, expect, it } from 'vitest';
import { textWidth, wrapLines } from './measure';

const MONO = { face: 'mono', size: 8 } as const;

describe('line breaking inside a token too long for its cell', () => {
  it('parts a snake_case metric name at its last underscore that fits, not inside a word', () => {
    const width = textWidth('equal_opportunity_differen', MONO);
    expect(wrapLines('equal_opportunity_difference', width, MONO)).toEqual(['equal_opportunity_', 'difference']);
    // A separator early in what fits is still where a name parts, not inside its next word.
    const narrow = textWidth('credit-scorecar', MONO);
    expect(wrapLines('credit-scorecard-gbm', narrow, MONO)).toEqual(['credit-', 'scorecard-gbm']);
    // A separator in a token's first few characters is no place to part: the line would hold two characters.
    expect(wrapLines(`a-${'f'.repeat(20)}`, narrow, MONO)[0]).toBe(`a-${'f'.repeat(13)}`);
  });

  it('still cuts a token with no separator (a digest) where the line ends, and every piece fits', () => {
    const digest = 'ab'.repeat(32);
    const width = textWidth('ab'.repeat(10), MONO);
    const lines = wrapLines(digest, width, MONO);
    expect(lines.join('')).toBe(digest);
    for (const line of lines) expect(textWidth(line, MONO)).toBeLessThanOrEqual(width);
  });
});
