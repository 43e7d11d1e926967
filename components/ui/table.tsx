import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from 'react';
import { cn } from './cn';
import { ScrollRegion } from './scroll-region';

/** Cell styles live once on the table (not on every cell) to keep large pages small. */
const CELLS =
  '[&_td]:px-3 [&_td]:py-2.5 [&_td]:align-top [&_td]:text-slate-700 ' +
  '[&_th]:bg-slate-50 [&_th]:px-3 [&_th]:py-2.5 [&_th]:text-xs [&_th]:font-semibold [&_th]:uppercase [&_th]:tracking-wide [&_th]:whitespace-nowrap [&_th]:text-slate-600';

/** Where rows are cards, the region is no box of its own (each card is one) and nothing in it scrolls. */
const CARD_REGION = {
  md: 'max-md:overflow-visible max-md:border-0 max-md:bg-transparent max-md:bg-none max-md:shadow-none',
  xl: 'max-xl:overflow-visible max-xl:border-0 max-xl:bg-transparent max-xl:bg-none max-xl:shadow-none',
};

/**
 * A table in its own scrolling region: a table wider than the screen scrolls inside the region (focusable while it
 * scrolls, so the keyboard can scroll it too) and never makes the whole page scroll sideways. With `cardsBelow`, its
 * rows become cards below that breakpoint instead (`.card-rows` in app/globals.css): the same markup at every width,
 * so a long list is rendered and sent once. Label each cell after the first with `data-label`, its caption on a card.
 */
export function Table({ children, caption, cardsBelow }: { children: ReactNode; caption?: string; cardsBelow?: 'md' | 'xl' }) {
  return (
    <ScrollRegion
      label={caption}
      className={cn(
        'scroll-cue relative max-w-full overflow-x-auto rounded-lg border border-slate-200 shadow-xs focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600',
        cardsBelow && CARD_REGION[cardsBelow],
      )}
    >
      <table className={cn('min-w-full divide-y divide-slate-200 text-sm', CELLS, cardsBelow && `card-rows cards-below-${cardsBelow}`)}>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        {children}
      </table>
    </ScrollRegion>
  );
}

/** A column header; `numeric` right-aligns it over a column of numbers. */
export function Th({ numeric, className, ...props }: ThHTMLAttributes<HTMLTableCellElement> & { numeric?: boolean }) {
  return <th scope="col" className={cn(numeric ? 'text-right' : 'text-left', className)} {...props} />;
}

export function Td(props: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td {...props} />;
}

export function Mono({ children, title }: { children: ReactNode; title?: string }) {
  return (
    <code title={title} className="font-mono text-xs break-all text-slate-700">
      {children}
    </code>
  );
}
