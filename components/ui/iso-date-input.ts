/**
 * The attributes of a date typed and shown as YYYY-MM-DD whatever the browser's locale (a native date input shows
 * 03/31/2026 or 31.03.2026): for form fields (DateField) and filter bars alike. The server validates the value.
 */
export const ISO_DATE_INPUT = { type: 'text', inputMode: 'numeric', pattern: '[0-9]{4}-[0-9]{2}-[0-9]{2}', placeholder: 'YYYY-MM-DD', maxLength: 10, autoComplete: 'off' } as const;
