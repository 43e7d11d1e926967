/** Clocks disagree a little: a time a caller claims further ahead of the server's clock than this is refused. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** Whether a claimed time lies further in the future than clock skew explains. */
export const isAheadOfClock = (time: Date | string, now: Date) => new Date(time).getTime() > now.getTime() + MAX_CLOCK_SKEW_MS;

/**
 * The earliest time a caller may claim (an incident's awareness, an evaluation's run, a monitoring window, a lineage
 * run). Nothing Provenant governs happened before it, and it keeps every stored time at four digits of year once its
 * offset is applied ("0000-01-01T00:00+01:00" is year -1), so times compare as text, as period filters do.
 */
export const EARLIEST_CLAIMED_TIME = '2000-01-01T00:00:00.000Z';
export const EARLIEST_CLAIMED_MESSAGE = `Earlier than ${EARLIEST_CLAIMED_TIME.slice(0, 10)}: no record here can be that old.`;

/** Whether a claimed time lies before the earliest a caller may claim. */
export const isBeforeRecords = (time: Date | string) => new Date(time).getTime() < Date.parse(EARLIEST_CLAIMED_TIME);
