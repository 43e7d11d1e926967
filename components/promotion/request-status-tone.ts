import type { REQUEST_STATUSES } from '@/db/schema/promotion';

/** The badge tone of a promotion request's status, the same on every page that shows one. */
export const REQUEST_STATUS_TONES = {
  open: 'amber',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'gray',
  superseded: 'gray',
} as const satisfies Record<(typeof REQUEST_STATUSES)[number], string>;
