import 'server-only';

const positive = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

/**
 * How many generators run at once on this server (PACK_CONCURRENCY, default 2; each is a process of a few hundred
 * MiB) and how many packs one user may have waiting (PACK_QUEUE_PER_USER, default 5). One runs per user at a time.
 * Each oversight list (findings, waivers, reviews, incidents, monitoring series) holds at most PACK_OVERSIGHT_ROWS
 * rows (default 5,000) in the ZIP; the PDF prints at most PACK_PDF_OVERSIGHT_ROWS of each (default 300).
 */
export const packLimits = () => ({
  running: positive(process.env.PACK_CONCURRENCY, 2),
  queuedPerUser: positive(process.env.PACK_QUEUE_PER_USER, 5),
  oversightRows: positive(process.env.PACK_OVERSIGHT_ROWS, 5000),
  pdfOversightRows: positive(process.env.PACK_PDF_OVERSIGHT_ROWS, 300),
});
