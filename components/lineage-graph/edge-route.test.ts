import { describe, expect, it } from 'vitest';
import { routePath } from './edge-route';

describe('routePath', () => {
  it('follows a straight route and labels its middle', () => {
    expect(routePath([{ x: 0, y: 0 }, { x: 100, y: 0 }])).toEqual({ path: 'M0,0 L100,0', label: { x: 50, y: 0 } });
  });

  it('rounds each bend by 8 px, or by half the shorter segment beside it', () => {
    // Right 5, up 60, right 40: the first corner has room for 2.5 px only.
    const { path, label } = routePath([{ x: 0, y: 100 }, { x: 5, y: 100 }, { x: 5, y: 40 }, { x: 45, y: 40 }]);
    expect(path).toBe('M0,100 L2.5,100 Q5,100 5,97.5 L5,48 Q5,40 13,40 L45,40');
    // 105 px long: halfway is 52.5 px in, on the upright segment.
    expect(label).toEqual({ x: 5, y: 52.5 });
  });

  it('refuses a route without an end', () => {
    expect(() => routePath([{ x: 0, y: 0 }])).toThrow(/start and an end/);
  });
});
