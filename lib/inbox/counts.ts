/** Beyond this the Inbox badge reads "99+": the summary counts no further. */
export const INBOX_COUNTS_UP_TO = 99;
