import 'server-only';

/**
 * The demo is the history of the past weeks, replayed by the seed through the real verbs. Each scene runs with the
 * process's clock set to when it happened, so a record's timestamps, its timeline and its audit events agree (a
 * finding raised 24 days ago has its audit event 24 days ago, after the version it is about was registered), and the
 * audit chain's times rise with its sequence. Facts people claim (a monitoring window, when an incident became known,
 * when an evaluation ran) are placed from the real time, `realNow()`.
 *
 * It replaces the global Date while a scene runs, so only a process that does nothing else then may use it: the seed
 * command, and tests and benchmarks before their server starts.
 */
const RealDate = globalThis.Date;

export const realNow = () => RealDate.now();

/** A Date constructor whose clock reads `offset` ms from the real one, and that owns every Date made before it. */
function clockAt(offset: number): DateConstructor {
  class ReplayedDate extends RealDate {
    constructor(...args: ConstructorParameters<typeof RealDate> | []) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...(args as [string | number | Date]));
    }

    static override now() {
      return RealDate.now() + offset;
    }

    static [Symbol.hasInstance](value: unknown) {
      return value instanceof RealDate;
    }
  }
  // Called without `new`, Date gives the time as text; a class cannot be called, so a proxy answers that call.
  return new Proxy(ReplayedDate, { apply: () => new ReplayedDate().toString() }) as unknown as DateConstructor;
}

let replaying = false;

/** Runs `scene` as if it were `when` (the clock moves on from there in real time), then gives the real clock back. */
export async function replayedAt<T>(when: number, scene: () => Promise<T>): Promise<T> {
  if (replaying) throw new Error('Demo scenes are replayed one at a time.');
  if (when > RealDate.now()) throw new Error('A demo scene cannot happen in the future.');
  replaying = true;
  globalThis.Date = clockAt(when - RealDate.now());
  try {
    return await scene();
  } finally {
    globalThis.Date = RealDate;
    replaying = false;
  }
}

/** A moment of the demo's history and what happened then. */
export type Scene = { at: number; run: () => Promise<void> };

/**
 * Replays the scenes in the order they happened. A scene takes real time, during which its clock moves on: the next
 * one starts no earlier than that clock, so times rise with the audit chain even for scenes placed a moment apart.
 */
export async function replayHistory(scenes: Scene[]) {
  let clock = -Infinity;
  for (const scene of [...scenes].sort((a, b) => a.at - b.at)) {
    const when = Math.max(scene.at, clock);
    const started = RealDate.now();
    await replayedAt(when, scene.run);
    clock = when + (RealDate.now() - started) + 1;
  }
}
