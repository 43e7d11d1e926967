import type { ReactNode } from 'react';
import { cn } from '@/components/ui/cn';
import { Td } from '@/components/ui/table';

/**
 * Table rows that become cards below md: one line per column, the column's name (the cell's data-label) on the
 * left and its content on the right; a cell's content sits in one wrapper so it stays beside its name.
 */
export const CARD_BODY = 'max-md:block';
export const CARD_ROW = 'max-md:block max-md:py-2';
const CARD_CELL =
  'max-md:flex max-md:gap-3 max-md:py-1! max-md:before:w-20 max-md:before:shrink-0 max-md:before:pt-0.5 max-md:before:text-xs max-md:before:font-semibold max-md:before:text-slate-500 max-md:before:uppercase max-md:before:content-[attr(data-label)]';
export const CARD_HEAD = 'max-md:sr-only';

export function CardCell({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <Td className={cn(CARD_CELL, className)} data-label={label}>
      <div className="min-w-0">{children}</div>
    </Td>
  );
}
