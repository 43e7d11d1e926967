/** Sizes for pages (one implementation, in lib/format, shared with cards, exports and PDFs). */
export { formatBytes } from '@/lib/format/bytes';

/** Dates and times for pages: ISO, in UTC (one implementation, in lib/format, shared with exports and PDFs). */
export { formatDate, formatDateTime } from '@/lib/format/date-time';
