/** A `webhook-id` as emitEvent writes them (`msg_` + 32 hex digits): no `.`, so it cannot blur the signed `id.timestamp.body`. */
export const newMessageId = () => `msg_${crypto.randomUUID().replaceAll('-', '')}`;
