/** Clocks disagree a little: a time a caller claims further ahead of the server's clock than this is refused. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** Whether a claimed time lies further in the future than clock skew explains. */
export const isAheadOfClock = (time: Date | string, now: Date) => new Date(time).getTime() > now.getTime() + MAX_CLOCK_SKEW_MS;
