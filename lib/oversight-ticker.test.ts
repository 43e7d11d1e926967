import { afterEach, describe, expect, it, vi } from 'vitest';

/** The ticker's own rules (once per process, never overlapping, failures logged) with its two jobs replaced by probes. */
const jobs = vi.hoisted(() => ({ expireWaivers: vi.fn(), deliverDueWebhooks: vi.fn(), startQueuedPacks: vi.fn() }));
vi.mock('@/lib/findings/expire-waivers', () => ({ expireWaivers: jobs.expireWaivers }));
vi.mock('@/lib/webhooks/deliver-due', () => ({ deliverDueWebhooks: jobs.deliverDueWebhooks }));
vi.mock('@/lib/packs/start-queued-packs', () => ({ startQueuedPacks: jobs.startQueuedPacks }));

const { runOversightTick, startOversightTicker, TICK_MS } = await import('./oversight-ticker');

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('oversight ticker', () => {
  it('runs both jobs with the same clock, and a failing one neither throws nor stops the other', async () => {
    const now = new Date('2026-12-02T10:00:00Z');
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    jobs.expireWaivers.mockImplementation(() => {
      throw new Error('database is locked');
    });
    jobs.deliverDueWebhooks.mockResolvedValue({ attempted: 3 });
    expect(await runOversightTick(now)).toEqual({ reopened: 0, attempted: 3 });
    expect(jobs.deliverDueWebhooks).toHaveBeenCalledWith(now);
    expect(logged).toHaveBeenCalledWith('Expiring waivers failed:', 'database is locked');

    jobs.expireWaivers.mockReturnValue({ reopened: 2 });
    jobs.deliverDueWebhooks.mockRejectedValue(new Error('boom'));
    expect(await runOversightTick(now)).toEqual({ reopened: 2, attempted: 0 });
    expect(logged).toHaveBeenCalledWith('Sending webhooks failed:', 'boom');
  });

  it('starts once per process, a tick still running (a hanging receiver) is not stacked by the next, and a stopping server starts none but lets the one under way finish', async () => {
    vi.useFakeTimers();
    jobs.expireWaivers.mockReset().mockReturnValue({ reopened: 0 });
    jobs.startQueuedPacks.mockReset().mockResolvedValue([]);
    let finish: (value: { attempted: number }) => void = () => {};
    jobs.deliverDueWebhooks.mockReset().mockImplementation(() => new Promise((resolve) => (finish = resolve)));
    startOversightTicker();
    startOversightTicker();
    await vi.advanceTimersByTimeAsync(TICK_MS);
    expect(jobs.expireWaivers).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(TICK_MS * 3);
    expect(jobs.expireWaivers).toHaveBeenCalledTimes(1);
    finish({ attempted: 1 });
    await vi.advanceTimersByTimeAsync(0);
    // Each tick ends by starting the queued evidence packs that have a free slot.
    expect(jobs.startQueuedPacks).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(TICK_MS);
    expect(jobs.expireWaivers).toHaveBeenCalledTimes(2);
    // The second tick is under way (its webhooks hang): a stop begins (lib/http/graceful-stop.mjs) and waits for it.
    const stop = (globalThis as Record<symbol, { stopping: boolean; work: Set<unknown> } | undefined>)[Symbol.for('provenant.stop')]!;
    expect(stop.work.size).toBe(1);
    stop.stopping = true;
    try {
      finish({ attempted: 0 });
      await vi.advanceTimersByTimeAsync(0);
      expect(stop.work.size).toBe(0);
      await vi.advanceTimersByTimeAsync(TICK_MS * 3);
      expect(jobs.expireWaivers).toHaveBeenCalledTimes(2);
      // The tick under way still ends by starting packs; a stopping server's startQueuedPacks claims none.
      expect(jobs.startQueuedPacks).toHaveBeenCalledTimes(2);
    } finally {
      stop.stopping = false;
    }
  });
});
