import { describe, expect, it } from 'vitest';
import { directionFor } from './use-elk-layout';

describe('the direction a lineage graph is drawn in', () => {
  it('is top to bottom on a phone, before anything is laid out', () => {
    expect(directionFor({ narrow: true, maxRightWidth: 9999 }, undefined)).toBe('DOWN');
  });

  it('waits for the left-to-right layout, then keeps it only while it fits at a readable zoom', () => {
    const fit = { narrow: false, maxRightWidth: 960 };
    expect(directionFor(fit, undefined)).toBeUndefined();
    expect(directionFor(fit, 960)).toBe('RIGHT');
    expect(directionFor(fit, 961)).toBe('DOWN');
  });
});
