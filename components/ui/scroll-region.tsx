'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A labelled region that scrolls sideways when its content is wider than it. It is a keyboard stop (so arrow keys can
 * scroll it) only while it actually scrolls: a table that fits, or one laid out as cards, is not an empty stop. The
 * server renders it focusable, which is right until the browser has measured it.
 */
export function ScrollRegion({ label, className, children }: { label?: string; className: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(true);
  useEffect(() => {
    const region = ref.current!;
    const measure = () => setScrolls(region.scrollWidth > region.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(region);
    if (region.firstElementChild) observer.observe(region.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} role={label ? 'region' : undefined} aria-label={label} tabIndex={scrolls ? 0 : undefined} className={className}>
      {children}
    </div>
  );
}
