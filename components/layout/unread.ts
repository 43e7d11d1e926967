/** Beyond this the Inbox badge reads "99+" and its name "Inbox, 99+ unread": the shell counts no further. */
export const UNREAD_SHOWN_UP_TO = 99;
