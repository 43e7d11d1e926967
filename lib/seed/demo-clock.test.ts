import { describe, expect, it } from 'vitest';
import { realNow, replayedAt, replayHistory } from './demo-clock';

describe('replayedAt', () => {
  it('sets the clock for the scene only, keeps Date working as Date does, and gives the real clock back after a failure', async () => {
    const before = new Date();
    const when = realNow() - 10 * 86_400_000;
    await replayedAt(when, async () => {
      expect(Math.abs(Date.now() - when)).toBeLessThan(1000);
      expect(Math.abs(new Date().getTime() - when)).toBeLessThan(1000);
      expect(new Date('2026-01-02T03:04:05Z').toISOString()).toBe('2026-01-02T03:04:05.000Z');
      expect(new Date(0).getTime()).toBe(0);
      expect(Date.parse('2026-01-02T00:00:00Z')).toBe(Date.UTC(2026, 0, 2));
      expect(before instanceof Date).toBe(true);
      expect(new Date() instanceof Date).toBe(true);
      expect(typeof Date()).toBe('string');
      expect(Date.parse(Date())).toBeLessThan(realNow() - 9 * 86_400_000);
    });
    expect(Math.abs(Date.now() - realNow())).toBeLessThan(5);
    await expect(replayedAt(when, async () => { throw new Error('scene failed'); })).rejects.toThrow('scene failed');
    expect(Math.abs(new Date().getTime() - realNow())).toBeLessThan(5);
    await expect(replayedAt(realNow() + 60_000, async () => undefined)).rejects.toThrow(/future/);
  });

  it('starts a scene placed a moment after a slow one where that one’s clock ended, so times never go back', async () => {
    const at = realNow() - 86_400_000;
    const seen: number[] = [];
    const slow = async () => {
      seen.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen.push(Date.now());
    };
    await replayHistory([{ at, run: slow }, { at: at + 10, run: async () => void seen.push(Date.now()) }]);
    expect(seen[2]!).toBeGreaterThan(seen[1]!);
  });
});
