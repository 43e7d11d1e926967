/** "security_reviewer" → "Security reviewer": enum values as people read them. */
export const humanize = (value: string) => (value.charAt(0).toUpperCase() + value.slice(1)).replaceAll('_', ' ');
